//! Verification of a rollup's stream against the chain's commitments, with the chain's own
//! commitment function ([`seqchain_primitives::inbox`]).
//!
//! The [`Verifier`] takes entries one by one and gives them back only once they are verified:
//! a block's entries are held until the entry that carries the chain's commitment after the
//! block, and released together when the fold over them arrives at it. So nothing is emitted,
//! and no cursor moves, on the word of a node that has not (yet) shown the chain's commitment.

use seqchain_primitives::inbox::{
	genesis_commitment, next_commitment, payload_hash, rpc::EntryStatus, rpc::StreamEntry,
	sealed_hash, sealed_hash_v1, EntryIndex, Hash32, RollupId,
};
use serde::{Deserialize, Serialize};

/// Where a reader stands: persisted between runs so `follow` resumes where it stopped. Every
/// field describes verified entries only.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Cursor {
	/// The rollup followed.
	pub rollup: RollupId,
	/// The next index to read.
	pub next_index: EntryIndex,
	/// The commitment over entries `0..next_index`: the fold over verified entries, so the
	/// chain's own value. `None` only before a mid-stream start has fetched its anchor.
	#[serde(with = "seqchain_primitives::inbox::rpc::hash_hex::option")]
	pub commitment: Option<Hash32>,
	/// Block that assigned entry `next_index - 1`: where reading resumes.
	pub block: Option<u32>,
	/// The genesis hash of the chain read, so a cursor is never resumed against another chain.
	#[serde(with = "seqchain_primitives::inbox::rpc::hash_hex::option", default)]
	pub genesis: Option<Hash32>,
	/// The output file `follow --out` writes, and its length once the entries before
	/// `next_index` were written: on restart the file is cut back to it, so an entry written
	/// before a crash but not recorded here is written again exactly once.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub output: Option<Output>,
	/// What a reader that trusts no node verified last: the finalized block, the authority set
	/// and the block to read again from ([`crate::light`]). Absent for a reader that trusts
	/// its node (`--trust-node`).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub light: Option<crate::light::LightCursor>,
}

/// The output file a cursor accounts for.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Output {
	/// Its path, as given to `--out` (made absolute).
	pub path: std::path::PathBuf,
	/// Bytes that hold exactly the entries before the cursor.
	pub len: u64,
}

impl Cursor {
	/// A reader at the start of `rollup`'s stream.
	pub fn genesis(rollup: RollupId) -> Self {
		Self {
			rollup,
			next_index: 0,
			commitment: Some(genesis_commitment(rollup)),
			block: None,
			genesis: None,
			output: None,
			light: None,
		}
	}

	/// A reader starting at `index` whose commitment is still to be anchored.
	pub fn at(rollup: RollupId, index: EntryIndex) -> Self {
		if index == 0 {
			return Self::genesis(rollup);
		}
		Self { next_index: index, commitment: None, ..Self::genesis(rollup) }
	}
}

/// Why an entry was rejected.
#[derive(Debug, PartialEq, Eq)]
pub enum VerifyError {
	/// The entry belongs to another rollup.
	WrongRollup(RollupId),
	/// An index was skipped or repeated.
	OutOfOrder { expected: EntryIndex, got: EntryIndex },
	/// An entry of an earlier block than the one before it.
	BlockOutOfOrder { index: EntryIndex, block: u32, after: u32 },
	/// The payload (and salt and committer) do not hash to the entry hash.
	PayloadMismatch(EntryIndex),
	/// An expired entry carries a payload, a settled one lacks it, or a plain one names a
	/// committer.
	MalformedEntry(EntryIndex),
	/// An entry marked expired names no committer: a plain entry, which cannot expire.
	NotSealed(EntryIndex),
	/// The entries of `block` came without the chain's commitment after it.
	MissingCommitment { block: u32 },
	/// The running commitment differs from the chain's after this entry.
	CommitmentMismatch { index: EntryIndex, ours: Hash32, chain: Hash32 },
	/// The verifier has no commitment to fold from (a mid-stream start not anchored).
	NotAnchored,
	/// An entry of index `u64::MAX`: no stream reaches it (the index after it would not fit).
	IndexTooLarge,
}

impl core::fmt::Display for VerifyError {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		match self {
			Self::WrongRollup(r) => write!(f, "entry of rollup {r} in this stream"),
			Self::OutOfOrder { expected, got } => write!(
				f,
				"expected entry {expected}, got entry {got}: entries missing or out of order"
			),
			Self::BlockOutOfOrder { index, block, after } => {
				write!(f, "entry {index} is from block {block}, before block {after} of the entry before it")
			},
			Self::PayloadMismatch(i) => {
				write!(f, "entry {i}: the payload does not hash to the entry hash (tampered)")
			},
			Self::MalformedEntry(i) => write!(f, "entry {i}: payload missing or unexpected"),
			Self::NotSealed(i) => write!(
				f,
				"entry {i} is marked expired but names no committer: a plain entry, which never \
				 expires, sent without its payload"
			),
			Self::MissingCommitment { block } => write!(
				f,
				"the entries of block {block} came without the chain's commitment after the \
				 block: they cannot be verified"
			),
			Self::CommitmentMismatch { index, ours, chain } => write!(
				f,
				"after entry {index}: recomputed commitment 0x{} but the chain's is 0x{} \
				 (an entry was altered, dropped or reordered)",
				hex::encode(ours),
				hex::encode(chain)
			),
			Self::NotAnchored => write!(f, "no commitment to verify from"),
			Self::IndexTooLarge => write!(
				f,
				"an entry of index {}: no stream reaches it, the node is faulty",
				EntryIndex::MAX
			),
		}
	}
}

/// An entry that passed verification, with the commitment after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
	/// The entry.
	pub entry: StreamEntry,
	/// The chain's commitment over the stream up to and including it.
	pub commitment: Hash32,
}

/// Checks entries, holding each block's until the chain's commitment after the block confirms
/// them.
pub struct Verifier {
	/// Where the reader stands: the entries before it are verified.
	pub cursor: Cursor,
	/// Chain commitments matched so far.
	pub checkpoints: u64,
	/// Entries received, not yet confirmed, with the running fold after each.
	pending: Vec<Verified>,
}

impl Verifier {
	/// A verifier continuing from `cursor`.
	pub fn new(cursor: Cursor) -> Self {
		Self { cursor, checkpoints: 0, pending: Vec::new() }
	}

	/// Entries received but not yet confirmed by a commitment of the chain.
	pub fn pending(&self) -> usize {
		self.pending.len()
	}

	/// Checks that `entry`'s payload is the one its hash commits to (the payload hash, or the
	/// sealed hash with its salt and committer), and that an expired entry is a sealed one: it
	/// names its committer, which a plain entry never does. (Whether a sealed entry expired is
	/// not in its hash: that is the node's word.)
	pub fn check_payload(rollup: RollupId, entry: &StreamEntry) -> Result<(), VerifyError> {
		match (entry.status, &entry.payload, &entry.salt) {
			(EntryStatus::Plain, Some(_), None) if entry.committer.is_some() => {
				return Err(VerifyError::MalformedEntry(entry.index))
			},
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
					.is_some_and(|who| sealed_hash(rollup, &who, p, salt) == entry.hash);
				if !bound && sealed_hash_v1(rollup, p, salt) != entry.hash {
					return Err(VerifyError::PayloadMismatch(entry.index));
				}
			},
			(EntryStatus::Expired, None, None) if entry.committer.is_some() => {},
			(EntryStatus::Expired, None, None) => return Err(VerifyError::NotSealed(entry.index)),
			_ => return Err(VerifyError::MalformedEntry(entry.index)),
		}
		Ok(())
	}

	/// Takes the next entry. Returns the entries it confirms, in order: none while a block's
	/// commitment has not arrived, all of the block's once it has and matches. On an error
	/// nothing pending is returned, ever, and the cursor stays where it was.
	pub fn push(&mut self, entry: StreamEntry) -> Result<Vec<Verified>, VerifyError> {
		let c = &self.cursor;
		if entry.rollup != c.rollup {
			return Err(VerifyError::WrongRollup(entry.rollup));
		}
		// The index after the entry must fit: `u64::MAX` is never an entry's, so neither
		// `expected` nor the cursor after it overflows.
		if entry.index == EntryIndex::MAX {
			return Err(VerifyError::IndexTooLarge);
		}
		let expected = c.next_index.saturating_add(self.pending.len() as u64);
		if entry.index != expected {
			return Err(VerifyError::OutOfOrder { expected, got: entry.index });
		}
		let previous = self.pending.last().map(|p| p.entry.block).or(c.block);
		if let Some(after) = previous.filter(|b| entry.block < *b) {
			return Err(VerifyError::BlockOutOfOrder {
				index: entry.index,
				block: entry.block,
				after,
			});
		}
		if let Some(held) = self.pending.last().filter(|p| p.entry.block != entry.block) {
			return Err(VerifyError::MissingCommitment { block: held.entry.block });
		}
		Self::check_payload(c.rollup, &entry)?;
		let prev = match self.pending.last() {
			Some(p) => p.commitment,
			None => c.commitment.ok_or(VerifyError::NotAnchored)?,
		};
		let ours = next_commitment(&prev, entry.index, &entry.hash);
		let chain = entry.commitment;
		self.pending.push(Verified { entry, commitment: ours });
		let Some(chain) = chain else { return Ok(Vec::new()) };
		if chain != ours {
			let index = self.pending.last().map_or(expected, |p| p.entry.index);
			self.pending.clear();
			return Err(VerifyError::CommitmentMismatch { index, ours, chain });
		}
		let confirmed = core::mem::take(&mut self.pending);
		if let Some(last) = confirmed.last() {
			self.checkpoints += 1;
			self.cursor.next_index = last.entry.index + 1;
			self.cursor.commitment = Some(last.commitment);
			self.cursor.block = Some(last.entry.block);
		}
		Ok(confirmed)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use seqchain_primitives::inbox::fold;

	/// Entries of `payloads`, two per block, the chain's commitment on each block's last.
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
				commitment: (i % 2 == 1)
					.then(|| fold(genesis_commitment(rollup), 0, &hashes[..=i])),
			})
			.collect()
	}

	fn indices(v: &[Verified]) -> Vec<u64> {
		v.iter().map(|v| v.entry.index).collect()
	}

	#[test]
	fn entries_come_out_only_with_their_blocks_commitment() {
		let stream = entries(3, &[b"a", b"b", b"c", b"d"]);
		let mut v = Verifier::new(Cursor::genesis(3));
		assert_eq!(v.push(stream[0].clone()), Ok(vec![]), "held until the block's commitment");
		assert_eq!(v.cursor.next_index, 0);
		assert_eq!(indices(&v.push(stream[1].clone()).unwrap()), vec![0, 1]);
		assert_eq!(v.push(stream[2].clone()), Ok(vec![]));
		let out = v.push(stream[3].clone()).unwrap();
		assert_eq!(indices(&out), vec![2, 3]);
		assert_eq!(out[1].commitment, stream[3].commitment.unwrap());
		assert_eq!((v.checkpoints, v.cursor.next_index, v.cursor.block), (2, 4, Some(2)));
		assert_eq!(v.cursor.commitment, stream[3].commitment);
	}

	#[test]
	fn any_alteration_is_rejected_before_anything_of_its_block_comes_out() {
		let stream = entries(3, &[b"a", b"b", b"c", b"d"]);

		// A changed payload with the original hash.
		let mut bad = stream.clone();
		bad[1].payload = Some(b"x".to_vec());
		let mut v = Verifier::new(Cursor::genesis(3));
		v.push(bad[0].clone()).unwrap();
		assert_eq!(v.push(bad[1].clone()), Err(VerifyError::PayloadMismatch(1)));
		assert_eq!(v.cursor, Cursor::genesis(3), "the cursor did not move");

		// A changed payload with a matching hash: caught by the chain's commitment, and the
		// block's first entry, although genuine, is not released either.
		bad[1].hash = payload_hash(b"x");
		let mut v = Verifier::new(Cursor::genesis(3));
		assert_eq!(v.push(bad[0].clone()), Ok(vec![]));
		assert!(matches!(
			v.push(bad[1].clone()),
			Err(VerifyError::CommitmentMismatch { index: 1, .. })
		));
		assert_eq!(v.cursor, Cursor::genesis(3));

		// A dropped entry.
		let mut v = Verifier::new(Cursor::genesis(3));
		v.push(stream[0].clone()).unwrap();
		assert_eq!(v.push(stream[2].clone()), Err(VerifyError::OutOfOrder { expected: 1, got: 2 }));

		// Swapped entries, reindexed: the commitment catches the new order.
		let mut swapped = entries(3, &[b"b", b"a"]);
		swapped[1].commitment = stream[1].commitment;
		let mut v = Verifier::new(Cursor::genesis(3));
		v.push(swapped[0].clone()).unwrap();
		assert!(v.push(swapped[1].clone()).is_err());

		// Another rollup's entry.
		let mut v = Verifier::new(Cursor::genesis(4));
		assert_eq!(v.push(stream[0].clone()), Err(VerifyError::WrongRollup(3)));
	}

	/// A node that leaves the commitments out gets nothing through: the next block's first
	/// entry shows that the previous block ended without one.
	#[test]
	fn entries_without_their_commitment_never_come_out() {
		let mut stream = entries(0, &[b"a", b"b", b"c", b"d"]);
		for e in &mut stream {
			e.commitment = None;
		}
		let mut v = Verifier::new(Cursor::genesis(0));
		assert_eq!(v.push(stream[0].clone()), Ok(vec![]));
		assert_eq!(v.push(stream[1].clone()), Ok(vec![]));
		assert_eq!(v.push(stream[2].clone()), Err(VerifyError::MissingCommitment { block: 1 }));
		assert_eq!(v.cursor, Cursor::genesis(0));
	}

	#[test]
	fn a_mid_stream_start_folds_from_its_anchor() {
		let stream = entries(0, &[b"a", b"b", b"c", b"d"]);
		// Not anchored: nothing can be verified.
		let mut v = Verifier::new(Cursor::at(0, 1));
		assert_eq!(v.push(stream[1].clone()), Err(VerifyError::NotAnchored));
		// Anchored at the commitment over entry 0 (what `follow` fetches from the node).
		let mut cursor = Cursor::at(0, 1);
		cursor.commitment = Some(fold(genesis_commitment(0), 0, &[stream[0].hash]));
		let mut v = Verifier::new(cursor.clone());
		assert_eq!(indices(&v.push(stream[1].clone()).unwrap()), vec![1]);
		// A wrong anchor is caught by the block's commitment.
		cursor.commitment = Some([1; 32]);
		let mut v = Verifier::new(cursor);
		assert!(matches!(v.push(stream[1].clone()), Err(VerifyError::CommitmentMismatch { .. })));
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
		let check =
			|e: &StreamEntry| Verifier::new(Cursor::genesis(0)).push(e.clone()).map(|v| v.len());
		assert_eq!(check(&e), Ok(1));
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
		assert_eq!(check(&legacy), Ok(1));
		e.salt = Some([6; 32]);
		assert_eq!(check(&e), Err(VerifyError::PayloadMismatch(0)));
		e.status = EntryStatus::Expired;
		e.payload = None;
		e.salt = None;
		assert_eq!(check(&e), Ok(1));
	}

	/// A plain entry stripped of its payload and marked expired keeps its hash, so every
	/// commitment still matches: it is refused because it names no committer.
	#[test]
	fn a_plain_entry_marked_expired_is_refused() {
		let mut stream = entries(0, &[b"a", b"b"]);
		stream[0].status = EntryStatus::Expired;
		stream[0].payload = None;
		let mut v = Verifier::new(Cursor::genesis(0));
		assert_eq!(v.push(stream[0].clone()), Err(VerifyError::NotSealed(0)));
		// Nor does a plain entry name a committer.
		let mut stream = entries(0, &[b"a", b"b"]);
		stream[0].committer = Some([1; 32]);
		let mut v = Verifier::new(Cursor::genesis(0));
		assert_eq!(v.push(stream[0].clone()), Err(VerifyError::MalformedEntry(0)));
	}
}
