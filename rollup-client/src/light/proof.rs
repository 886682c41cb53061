//! Storage and bodies by proof: what a block's state holds, checked against the state root of
//! a header the client verified ([`sp_state_machine::read_proof_check`], the SDK's trie proof
//! checker), and a block's extrinsics, checked against the header's extrinsics root.

use codec::{Decode, Encode};
use seqchain_primitives::inbox::{RollupId, StreamState};
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, Hash as _},
	OpaqueExtrinsic,
};
use sp_state_machine::StorageProof;

/// Why a proof was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum ProofError {
	/// The trie proof does not prove the key under the state root: made for another block,
	/// cut short or altered.
	Storage { what: &'static str, reason: String },
	/// The proven value does not decode with this client's types.
	Undecodable { what: &'static str },
	/// The extrinsics do not hash to the header's extrinsics root: a body altered, cut or of
	/// another block.
	Body,
}

impl core::fmt::Display for ProofError {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		match self {
			Self::Storage { what, reason } => write!(
				f,
				"the storage proof of {what} does not check against the block's state root \
				 ({reason}): made for another block, cut short or altered"
			),
			Self::Undecodable { what } => write!(
				f,
				"{what}, proven, does not decode with this client's types: the chain's runtime \
				 changed its layout; use a rollup-client built for it"
			),
			Self::Body => write!(
				f,
				"the block's extrinsics do not hash to its header's extrinsics root: the node \
				 sent an altered, incomplete or foreign body"
			),
		}
	}
}

/// The key of `Inbox::Rollups(rollup)`.
pub fn rollup_key(rollup: RollupId) -> Vec<u8> {
	pallet_inbox::Rollups::<seqchain_runtime::Runtime>::hashed_key_for(rollup)
}

/// The key of `System::Events`.
pub fn events_key() -> Vec<u8> {
	// `frame_system`'s storage item is private; its key is the pallet's and item's names.
	let mut key = sp_crypto_hashing::twox_128(b"System").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"Events"));
	key
}

/// What the client reads of a rollup's record: its stream and its unrevealed commits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RollupState {
	/// The stream: next index, commitment, payload count and bytes.
	pub stream: StreamState,
	/// Sealed commits neither revealed nor expired.
	pub pending_commits: u32,
}

/// The value of `key` proven under `root` (`what` names it in errors).
pub fn value_at(
	root: H256,
	proof: Vec<Vec<u8>>,
	key: &[u8],
	what: &'static str,
) -> Result<Option<Vec<u8>>, ProofError> {
	read(root, proof, key, what)
}

/// The value of `key` proven under `root`.
fn read(
	root: H256,
	proof: Vec<Vec<u8>>,
	key: &[u8],
	what: &'static str,
) -> Result<Option<Vec<u8>>, ProofError> {
	let mut values =
		sp_state_machine::read_proof_check::<BlakeTwo256, _>(root, StorageProof::new(proof), [key])
			.map_err(|e| ProofError::Storage { what, reason: e.to_string() })?;
	Ok(values.remove(key).flatten())
}

/// `Inbox::Rollups(rollup)` in the state of root `root`, by `proof` (the nodes of
/// `state_getReadProof`): `None` when the rollup is not registered there.
pub fn rollup_at(
	root: H256,
	proof: Vec<Vec<u8>>,
	rollup: RollupId,
) -> Result<Option<RollupState>, ProofError> {
	let what = "the rollup's record";
	let Some(bytes) = read(root, proof, &rollup_key(rollup), what)? else { return Ok(None) };
	let record = pallet_inbox::RollupOf::<seqchain_runtime::Runtime>::decode(&mut &bytes[..])
		.map_err(|_| ProofError::Undecodable { what })?;
	Ok(Some(RollupState { stream: record.stream, pending_commits: record.pending_commits }))
}

/// `System::Events` (its SCALE encoding; empty for none) in the state of root `root`.
pub fn events_at(root: H256, proof: Vec<Vec<u8>>) -> Result<Vec<u8>, ProofError> {
	Ok(read(root, proof, &events_key(), "the block's events")?.unwrap_or_default())
}

/// Checks `extrinsics` against `extrinsics_root`, as the runtime computed it.
pub fn check_body(extrinsics_root: H256, extrinsics: &[OpaqueExtrinsic]) -> Result<(), ProofError> {
	let version = seqchain_runtime::VERSION.extrinsics_root_state_version();
	let root = frame_system::extrinsics_data_root::<BlakeTwo256>(
		extrinsics.iter().map(Encode::encode).collect(),
		version,
	);
	if root != extrinsics_root {
		return Err(ProofError::Body);
	}
	Ok(())
}

/// The empty trie's root: the extrinsics root of a body without extrinsics.
pub fn empty_root() -> H256 {
	BlakeTwo256::trie_root(Vec::new(), seqchain_runtime::VERSION.extrinsics_root_state_version())
}

#[cfg(test)]
mod tests {
	use super::*;
	use seqchain_primitives::inbox::{OrderingPolicy, SubmitterPolicy};
	use sp_runtime::StateVersion;
	use sp_state_machine::{prove_read, InMemoryBackend};

	/// A state holding `entries`, its root and a proof of `key` in it.
	fn prove(entries: Vec<(Vec<u8>, Vec<u8>)>, key: &[u8]) -> (H256, Vec<Vec<u8>>) {
		let backend = InMemoryBackend::<BlakeTwo256>::from((
			vec![(None, entries.into_iter().map(|(k, v)| (k, Some(v))).collect())],
			StateVersion::V1,
		));
		let root = *backend.root();
		let proof = prove_read(backend, [key]).expect("a proof of the in-memory state");
		(root, proof.into_iter_nodes().collect())
	}

	fn record(pending_commits: u32) -> Vec<u8> {
		pallet_inbox::RollupOf::<seqchain_runtime::Runtime> {
			owner: [1; 32].into(),
			pending_owner: None,
			name: b"r".to_vec().try_into().expect("a short name"),
			config: pallet_inbox::RollupConfig {
				submitters: SubmitterPolicy::Open,
				max_payload_bytes: 10,
				max_submissions_per_block: 1,
				ordering: OrderingPolicy::Sealed,
			},
			bond: 1,
			status: pallet_inbox::RollupStatus::Active,
			paused: false,
			pending_commits,
			stream: StreamState { next_index: 3, ..StreamState::genesis(5) },
		}
		.encode()
	}

	#[test]
	fn a_rollup_is_read_only_under_its_own_root() {
		let key = rollup_key(5);
		let (root, nodes) =
			prove(vec![(key.clone(), record(2)), (b"other".to_vec(), vec![1])], &key);
		let read = rollup_at(root, nodes.clone(), 5).unwrap().unwrap();
		assert_eq!((read.stream.next_index, read.pending_commits), (3, 2));
		// Another rollup is absent, proven by the same nodes.
		let (root6, nodes6) = prove(vec![(key.clone(), record(2))], &rollup_key(6));
		assert_eq!(rollup_at(root6, nodes6, 6), Ok(None));
		// Under another root (another block), the proof proves nothing.
		assert!(matches!(
			rollup_at(H256([1; 32]), nodes.clone(), 5),
			Err(ProofError::Storage { .. })
		));
		// Nor does a proof cut short, or one node altered.
		assert!(matches!(rollup_at(root, Vec::new(), 5), Err(ProofError::Storage { .. })));
		let mut altered = nodes.clone();
		if let Some(last) = altered.last_mut().and_then(|n| n.last_mut()) {
			*last ^= 1;
		}
		assert!(rollup_at(root, altered, 5).is_err());
		// A value that is not a rollup record is refused as such.
		let (root, nodes) = prove(vec![(key.clone(), b"junk".to_vec())], &key);
		assert_eq!(
			rollup_at(root, nodes, 5),
			Err(ProofError::Undecodable { what: "the rollup's record" })
		);
	}

	#[test]
	fn events_are_read_under_their_root() {
		let key = events_key();
		let (root, nodes) = prove(vec![(key.clone(), vec![0])], &key);
		assert_eq!(events_at(root, nodes), Ok(vec![0]));
		let (root, nodes) = prove(vec![(b"x".to_vec(), vec![0])], &key);
		assert_eq!(events_at(root, nodes), Ok(vec![]));
	}

	#[test]
	fn a_body_must_hash_to_its_root() {
		let xts = vec![OpaqueExtrinsic::from_blob(vec![1, 2]), OpaqueExtrinsic::from_blob(vec![3])];
		let root = frame_system::extrinsics_data_root::<BlakeTwo256>(
			xts.iter().map(Encode::encode).collect(),
			seqchain_runtime::VERSION.extrinsics_root_state_version(),
		);
		assert_eq!(check_body(root, &xts), Ok(()));
		assert_eq!(check_body(root, &xts[..1]), Err(ProofError::Body));
		let swapped = vec![xts[1].clone(), xts[0].clone()];
		assert_eq!(check_body(root, &swapped), Err(ProofError::Body));
		assert_eq!(check_body(empty_root(), &[]), Ok(()));
	}
}
