//! Verification of a rollup's stream against the chain's commitments, with the chain's own
//! commitment function ([`seqchain_primitives::inbox`]).

use seqchain_primitives::inbox::{
	genesis_commitment, next_commitment, payload_hash, rpc::EntryStatus, rpc::StreamEntry,
	sealed_hash, sealed_hash_v1, EntryIndex, Hash32, RollupId,
};
use serde::{Deserialize, Serialize};

/// Where a reader stands: persisted between runs so `follow` resumes where it stopped.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Cursor {
	/// The rollup followed.
	pub rollup: RollupId,
	/// The next index to read.
	pub next_index: EntryIndex,
	/// The commitment over entries `0..next_index`; `None` until the first on-chain
	/// checkpoint when the reader started mid-stream without a saved cursor.
	#[serde(with = "seqchain_primitives::inbox::rpc::hash_hex::option")]
	pub commitment: Option<Hash32>,
	/// Block that assigned entry `next_index - 1`: where reading resumes.
	pub block: Option<u32>,
}

impl Cursor {
	/// A reader at the start of `rollup`'s stream.
	pub fn genesis(rollup: RollupId) -> Self {
		Self { rollup, next_index: 0, commitment: Some(genesis_commitment(rollup)), block: None }
	}
}

/// Why an entry was rejected.
#[derive(Debug, PartialEq, Eq)]
pub enum VerifyError {
	/// The entry belongs to another rollup.
	WrongRollup(RollupId),
	/// An index was skipped or repeated.
	OutOfOrder { expected: EntryIndex, got: EntryIndex },
	/// The payload (and salt and committer) do not hash to the entry hash.
	PayloadMismatch(EntryIndex),
	/// An expired entry carries a payload, or a settled one lacks it.
	MalformedEntry(EntryIndex),
	/// The running commitment differs from the chain's after this entry.
	CommitmentMismatch { index: EntryIndex, ours: Hash32, chain: Hash32 },
}

impl core::fmt::Display for VerifyError {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		match self {
			Self::WrongRollup(r) => write!(f, "entry of rollup {r} in this stream"),
			Self::OutOfOrder { expected, got } => write!(
				f,
				"expected entry {expected}, got entry {got}: entries missing or out of order"
			),
			Self::PayloadMismatch(i) => {
				write!(f, "entry {i}: the payload does not hash to the entry hash (tampered)")
			},
			Self::MalformedEntry(i) => write!(f, "entry {i}: payload missing or unexpected"),
			Self::CommitmentMismatch { index, ours, chain } => write!(
				f,
				"after entry {index}: recomputed commitment 0x{} but the chain's is 0x{} \
				 (an entry was altered, dropped or reordered)",
				hex::encode(ours),
				hex::encode(chain)
			),
		}
	}
}

/// Checks entry after entry, folding the commitment.
pub struct Verifier {
	/// Where the reader stands.
	pub cursor: Cursor,
	/// Entries checked against an on-chain commitment so far.
	pub checkpoints: u64,
}

impl Verifier {
	/// A verifier continuing from `cursor`.
	pub fn new(cursor: Cursor) -> Self {
		Self { cursor, checkpoints: 0 }
	}

	/// Checks `entry` and advances. Returns whether the entry's position is covered by a
	/// verified commitment chain (false only before the first checkpoint of a mid-stream start).
	pub fn check(&mut self, entry: &StreamEntry) -> Result<bool, VerifyError> {
		let c = &mut self.cursor;
		if entry.rollup != c.rollup {
			return Err(VerifyError::WrongRollup(entry.rollup));
		}
		if entry.index != c.next_index {
			return Err(VerifyError::OutOfOrder { expected: c.next_index, got: entry.index });
		}
		match (entry.status, &entry.payload, &entry.salt) {
			(EntryStatus::Plain, Some(p), None) => {
				if payload_hash(p) != entry.hash {
					return Err(VerifyError::PayloadMismatch(entry.index));
				}
			},
			(EntryStatus::Revealed, Some(p), Some(salt)) => {
				// The committer-bound hash, or for a commit made before the inbox's storage
				// version 1 the old one; either fixes the payload.
				let bound = entry
					.committer
					.is_some_and(|who| sealed_hash(c.rollup, &who, p, salt) == entry.hash);
				if !bound && sealed_hash_v1(c.rollup, p, salt) != entry.hash {
					return Err(VerifyError::PayloadMismatch(entry.index));
				}
			},
			(EntryStatus::Expired, None, None) => {},
			_ => return Err(VerifyError::MalformedEntry(entry.index)),
		}
		let verified = c.commitment.is_some();
		let ours = c.commitment.map(|prev| next_commitment(&prev, entry.index, &entry.hash));
		match (ours, entry.commitment) {
			(Some(ours), Some(chain)) if ours != chain => {
				return Err(VerifyError::CommitmentMismatch { index: entry.index, ours, chain })
			},
			(_, Some(chain)) => {
				self.checkpoints += 1;
				c.commitment = Some(chain);
			},
			(ours, None) => c.commitment = ours,
		}
		c.next_index += 1;
		c.block = Some(entry.block);
		Ok(verified)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use seqchain_primitives::inbox::fold;

	fn entries(rollup: RollupId, payloads: &[&[u8]]) -> Vec<StreamEntry> {
		let hashes: Vec<Hash32> = payloads.iter().map(|p| payload_hash(p)).collect();
		payloads
			.iter()
			.enumerate()
			.map(|(i, p)| StreamEntry {
				rollup,
				index: i as u64,
				block: 1 + i as u32 / 2,
				block_hash: [0; 32],
				status: EntryStatus::Plain,
				hash: hashes[i],
				payload: Some(p.to_vec()),
				salt: None,
				committer: None,
				// Two entries a block: the chain's commitment after each second entry.
				commitment: (i % 2 == 1)
					.then(|| fold(genesis_commitment(rollup), 0, &hashes[..=i])),
			})
			.collect()
	}

	#[test]
	fn accepts_the_chains_stream_and_rejects_any_alteration() {
		let stream = entries(3, &[b"a", b"b", b"c", b"d"]);
		let mut v = Verifier::new(Cursor::genesis(3));
		for e in &stream {
			assert_eq!(v.check(e), Ok(true));
		}
		assert_eq!((v.checkpoints, v.cursor.next_index, v.cursor.block), (2, 4, Some(2)));

		// A changed payload with the original hash.
		let mut bad = stream.clone();
		bad[1].payload = Some(b"x".to_vec());
		let mut v = Verifier::new(Cursor::genesis(3));
		v.check(&bad[0]).unwrap();
		assert_eq!(v.check(&bad[1]), Err(VerifyError::PayloadMismatch(1)));

		// A changed payload with a matching hash: caught by the chain's commitment.
		bad[1].hash = payload_hash(b"x");
		let mut v = Verifier::new(Cursor::genesis(3));
		v.check(&bad[0]).unwrap();
		assert!(matches!(v.check(&bad[1]), Err(VerifyError::CommitmentMismatch { index: 1, .. })));

		// A dropped entry.
		let mut v = Verifier::new(Cursor::genesis(3));
		v.check(&stream[0]).unwrap();
		assert_eq!(v.check(&stream[2]), Err(VerifyError::OutOfOrder { expected: 1, got: 2 }));

		// Swapped entries, reindexed: the commitment catches the new order.
		let mut swapped = entries(3, &[b"b", b"a"]);
		swapped[1].commitment = stream[1].commitment;
		let mut v = Verifier::new(Cursor::genesis(3));
		v.check(&swapped[0]).unwrap();
		assert!(v.check(&swapped[1]).is_err());
	}

	#[test]
	fn a_mid_stream_start_is_verified_from_the_first_checkpoint_on() {
		let stream = entries(0, &[b"a", b"b", b"c", b"d", b"e", b"f"]);
		let mut v =
			Verifier::new(Cursor { rollup: 0, next_index: 1, commitment: None, block: None });
		assert_eq!(v.check(&stream[1]), Ok(false));
		assert_eq!(v.check(&stream[2]), Ok(true));
		assert_eq!(v.check(&stream[3]), Ok(true));
		let mut tampered = stream[3].clone();
		tampered.index = 4;
		tampered.commitment = stream[5].commitment;
		assert!(v.check(&tampered).is_err());
	}

	#[test]
	fn sealed_entries_verify_against_the_committer_bound_salted_hash() {
		let (p, salt, committer) = (b"secret".to_vec(), [5u8; 32], [8u8; 32]);
		let hash = sealed_hash(0, &committer, &p, &salt);
		let mut e = StreamEntry {
			rollup: 0,
			index: 0,
			block: 1,
			block_hash: [0; 32],
			status: EntryStatus::Revealed,
			hash,
			payload: Some(p.clone()),
			salt: Some(salt),
			committer: Some(committer),
			commitment: Some(next_commitment(&genesis_commitment(0), 0, &hash)),
		};
		assert_eq!(Verifier::new(Cursor::genesis(0)).check(&e), Ok(true));
		let check = |e: &StreamEntry| Verifier::new(Cursor::genesis(0)).check(e);
		// Another committer, or none, does not open the hash.
		let mut other = e.clone();
		other.committer = Some([9; 32]);
		assert_eq!(check(&other), Err(VerifyError::PayloadMismatch(0)));
		other.committer = None;
		assert_eq!(check(&other), Err(VerifyError::PayloadMismatch(0)));
		// A commit of before storage version 1 carries the old hash.
		let old = sealed_hash_v1(0, &p, &salt);
		let mut legacy = e.clone();
		legacy.hash = old;
		legacy.commitment = Some(next_commitment(&genesis_commitment(0), 0, &old));
		assert_eq!(check(&legacy), Ok(true));
		e.salt = Some([6; 32]);
		assert_eq!(check(&e), Err(VerifyError::PayloadMismatch(0)));
		e.status = EntryStatus::Expired;
		e.payload = None;
		e.salt = None;
		assert_eq!(check(&e), Ok(true));
	}
}
