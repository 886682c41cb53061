//! A rollup's stream read block by block from proven data only, released in index order once
//! every entry before is settled.
//!
//! For each block the client has proven final, it has the rollup's record in the state before
//! and after the block (by storage proof), and, when the record changed, what the block did to
//! the stream, read from the block's body (checked against the header's extrinsics root) and
//! its events (by storage proof) with the runtime's own reader
//! ([`seqchain_runtime::inbox_read::block_entries`]). [`ProvenStream::read_block`] requires the
//! block's positions, reveals and expiries to account exactly for the change of the record:
//! the fold over the positions equals the chain's commitment, and the counts of payloads, bytes
//! and unrevealed commits move by what the block did. A block whose record did not change did
//! nothing to the stream, so nothing is read of it.
//!
//! A sealed position is released only once the chain settled it: revealed (its payload opens
//! the committed hash with the committer's account) or expired (a `CommitExpired` event, by
//! proof). Later entries wait for it.

use std::collections::VecDeque;

use seqchain_primitives::inbox::{
	next_commitment, payload_hash, rpc::EntryStatus, rpc::StreamEnd, rpc::StreamEntry, sealed_hash,
	sealed_hash_v1, BlockInbox, EntryIndex, Hash32, RollupId, StreamState,
};
use sp_core::H256;

use super::proof::RollupState;
use crate::verify::Verified;

/// Why a block was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum StreamError {
	/// The block is not the next one.
	OutOfOrder { expected: u32, got: u32 },
	/// The rollup's record changed in the block, but the block was not read.
	Unread { block: u32 },
	/// What the block's extrinsics and events did does not account for the change of the
	/// rollup's record: `what` differs.
	Unaccounted { block: u32, what: &'static str },
	/// The fold over the block's positions is not the chain's commitment.
	CommitmentMismatch { block: u32, ours: Hash32, chain: Hash32 },
	/// A revealed payload does not open its position's hash.
	PayloadMismatch { index: EntryIndex },
	/// A reveal or an expiry of a position the client holds no unsettled sealed entry for.
	UnknownSettlement { block: u32, index: EntryIndex },
	/// The rollup was released with sealed entries unsettled.
	ReleasedUnsettled { block: u32 },
	/// The stream ended already.
	Ended,
}

impl core::fmt::Display for StreamError {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		match self {
			Self::OutOfOrder { expected, got } => {
				write!(f, "block {got} read while block {expected} was due")
			},
			Self::Unread { block } => {
				write!(f, "the rollup's record changed in block {block}, which was not read")
			},
			Self::Unaccounted { block, what } => write!(
				f,
				"block {block}: its extrinsics and events do not account for the change of the \
				 rollup's proven {what}"
			),
			Self::CommitmentMismatch { block, ours, chain } => write!(
				f,
				"block {block}: the entries fold to 0x{} but the chain's commitment is 0x{}",
				hex::encode(ours),
				hex::encode(chain)
			),
			Self::PayloadMismatch { index } => {
				write!(f, "entry {index}: the revealed payload does not open the sealed hash")
			},
			Self::UnknownSettlement { block, index } => write!(
				f,
				"block {block} settles entry {index}, which is not a sealed entry waiting"
			),
			Self::ReleasedUnsettled { block } => {
				write!(f, "block {block} released the rollup with sealed entries unsettled")
			},
			Self::Ended => write!(f, "the stream ended already"),
		}
	}
}

/// A position read, not yet out.
#[derive(Clone, Debug)]
struct Held {
	entry: StreamEntry,
	/// Settled: plain, revealed or expired.
	settled: bool,
	/// The commitment after it.
	commitment: Hash32,
}

/// The stream of one rollup, read from proven blocks.
#[derive(Debug)]
pub struct ProvenStream {
	rollup: RollupId,
	/// Entries before it are out.
	next_out: EntryIndex,
	/// The commitment after the last position held (or out, when none is held).
	fold: Hash32,
	/// Positions read, not yet out, in index order.
	held: VecDeque<Held>,
	/// The rollup's record after the last block read.
	state: Option<RollupState>,
	/// The next block to read.
	next_block: u32,
	/// Set once the rollup is released.
	ended: Option<StreamEnd>,
}

/// The record's stream when it is absent: nothing sequenced, nothing pending.
fn stream_of(rollup: RollupId, state: &Option<RollupState>) -> (StreamState, u32) {
	state.map_or((StreamState::genesis(rollup), 0), |s| (s.stream, s.pending_commits))
}

impl ProvenStream {
	/// A reader whose entries before `next_out` are out (`commitment` the chain's commitment
	/// over them) and that reads from block `from`, the rollup's record in the state before
	/// that block being `before`.
	pub fn new(
		rollup: RollupId,
		next_out: EntryIndex,
		commitment: Hash32,
		from: u32,
		before: Option<RollupState>,
	) -> Self {
		Self {
			rollup,
			next_out,
			fold: commitment,
			held: VecDeque::new(),
			state: before,
			next_block: from,
			ended: None,
		}
	}

	/// Entries before it are out.
	pub fn next_out(&self) -> EntryIndex {
		self.next_out
	}

	/// The next block to read.
	pub fn next_block(&self) -> u32 {
		self.next_block
	}

	/// The rollup's record after the last block read.
	pub fn state(&self) -> Option<RollupState> {
		self.state
	}

	/// Where a restart reads from: the block of the first entry not out, or the next block.
	pub fn resume_block(&self) -> u32 {
		self.held.front().map_or(self.next_block, |h| h.entry.block)
	}

	/// Entries read and held back: sealed ones unsettled and those after them.
	pub fn held(&self) -> usize {
		self.held.len()
	}

	/// The end, once the rollup was released and every entry is out.
	pub fn ended(&self) -> Option<&StreamEnd> {
		self.ended.as_ref().filter(|_| self.held.is_empty())
	}

	/// Whether a block whose record is `after` must be read (its body and events): the record
	/// changed.
	pub fn must_read(&self, after: &Option<RollupState>) -> bool {
		*after != self.state
	}

	/// Reads block `number` (`hash`), whose record after it is `after` and, when it must be
	/// read, `inbox` what it did to the stream. Gives the entries it lets out, in order: none
	/// at or past `until`. On an error nothing changes.
	pub fn read_block(
		&mut self,
		number: u32,
		hash: H256,
		after: Option<RollupState>,
		inbox: Option<&BlockInbox>,
		until: Option<EntryIndex>,
	) -> Result<Vec<Verified>, StreamError> {
		if self.ended.is_some() {
			return Err(StreamError::Ended);
		}
		if number != self.next_block {
			return Err(StreamError::OutOfOrder { expected: self.next_block, got: number });
		}
		if self.must_read(&after) {
			let Some(inbox) = inbox else { return Err(StreamError::Unread { block: number }) };
			let mut next = self.clone_state();
			next.apply(number, hash, &after, inbox)?;
			*self = next;
		}
		self.state = after;
		self.next_block = number.saturating_add(1);
		Ok(self.release(until))
	}

	fn clone_state(&self) -> Self {
		Self {
			rollup: self.rollup,
			next_out: self.next_out,
			fold: self.fold,
			held: self.held.clone(),
			state: self.state,
			next_block: self.next_block,
			ended: self.ended.clone(),
		}
	}

	/// The index after the last position held or out.
	fn next_index(&self) -> EntryIndex {
		self.next_out.saturating_add(self.held.len() as u64)
	}

	fn apply(
		&mut self,
		block: u32,
		hash: H256,
		after: &Option<RollupState>,
		inbox: &BlockInbox,
	) -> Result<(), StreamError> {
		let unaccounted = |what| StreamError::Unaccounted { block, what };
		let (before, pending_before) = stream_of(self.rollup, &self.state);
		let (after_stream, pending_after) = match (after, inbox.released) {
			(None, true) => (before, pending_before),
			(None, false) => return Err(unaccounted("removal")),
			(Some(_), true) => return Err(unaccounted("release")),
			(Some(a), false) => (a.stream, a.pending_commits),
		};
		// Positions: the block's range follows the record before it and ends at the record's
		// next index after it.
		let (first, next) = match inbox.commitment {
			Some(_) => (inbox.first_index, inbox.next_index),
			None => (before.next_index, before.next_index),
		};
		if first != before.next_index
			|| next != after_stream.next_index
			|| next.checked_sub(first) != Some(inbox.positions.len() as u64)
		{
			return Err(unaccounted("next index"));
		}
		let (mut payloads, mut bytes, mut sealed) = (0u64, 0u64, 0u64);
		let last = inbox.positions.len().checked_sub(1);
		for (i, p) in inbox.positions.iter().enumerate() {
			if p.index != first.saturating_add(i as u64) {
				return Err(unaccounted("next index"));
			}
			let status = match (&p.payload, &p.committer) {
				(Some(payload), None) => {
					if payload_hash(payload) != p.hash {
						return Err(StreamError::PayloadMismatch { index: p.index });
					}
					payloads += 1;
					bytes = bytes.saturating_add(payload.len() as u64);
					EntryStatus::Plain
				},
				(None, Some(_)) => {
					sealed += 1;
					EntryStatus::Expired
				},
				_ => return Err(unaccounted("positions")),
			};
			// A position already out (a restart reads its block again) is not folded again.
			if p.index < self.next_out {
				continue;
			}
			if p.index != self.next_index() {
				return Err(unaccounted("next index"));
			}
			self.fold = next_commitment(&self.fold, p.index, &p.hash);
			self.held.push_back(Held {
				entry: StreamEntry {
					rollup: self.rollup,
					index: p.index,
					block,
					block_hash: hash.0,
					status,
					hash: p.hash,
					payload: p.payload.clone(),
					salt: None,
					committer: p.committer,
					commitment: (Some(i) == last).then_some(after_stream.commitment),
				},
				settled: status == EntryStatus::Plain,
				commitment: self.fold,
			});
		}
		if inbox.commitment.is_some_and(|c| c != after_stream.commitment) {
			return Err(unaccounted("commitment"));
		}
		// The fold reaches the chain's commitment whenever it covers the block's last position.
		if after_stream.next_index == self.next_index() && self.fold != after_stream.commitment {
			return Err(StreamError::CommitmentMismatch {
				block,
				ours: self.fold,
				chain: after_stream.commitment,
			});
		}
		if inbox.positions.is_empty() && after_stream.commitment != before.commitment {
			return Err(unaccounted("commitment"));
		}
		for r in &inbox.reveals {
			payloads += 1;
			bytes = bytes.saturating_add(r.payload.len() as u64);
			if r.index < self.next_out {
				continue;
			}
			let rollup = self.rollup;
			let held = self.waiting(block, r.index)?;
			let e = &mut held.entry;
			let opens = e
				.committer
				.is_some_and(|who| sealed_hash(rollup, &who, &r.payload, &r.salt) == e.hash)
				|| sealed_hash_v1(rollup, &r.payload, &r.salt) == e.hash;
			if !opens {
				return Err(StreamError::PayloadMismatch { index: r.index });
			}
			e.status = EntryStatus::Revealed;
			e.payload = Some(r.payload.clone());
			e.salt = Some(r.salt);
			held.settled = true;
		}
		for index in &inbox.expired {
			if *index < self.next_out {
				continue;
			}
			self.waiting(block, *index)?.settled = true;
		}
		if !inbox.released {
			let settled = (inbox.reveals.len() + inbox.expired.len()) as u64;
			if after_stream.count != before.count.saturating_add(payloads) {
				return Err(unaccounted("payload count"));
			}
			if after_stream.total_bytes != before.total_bytes.saturating_add(bytes) {
				return Err(unaccounted("payload bytes"));
			}
			if (pending_after as u64).saturating_add(settled)
				!= (pending_before as u64).saturating_add(sealed)
			{
				return Err(unaccounted("unrevealed commits"));
			}
		} else {
			if self.held.iter().any(|h| !h.settled) {
				return Err(StreamError::ReleasedUnsettled { block });
			}
			self.ended = Some(StreamEnd {
				rollup: self.rollup,
				block,
				next_index: before.next_index,
				commitment: Some(before.commitment),
			});
		}
		Ok(())
	}

	/// The held, unsettled sealed entry `index`.
	fn waiting(&mut self, block: u32, index: EntryIndex) -> Result<&mut Held, StreamError> {
		let offset = index.checked_sub(self.next_out).and_then(|o| usize::try_from(o).ok());
		offset
			.and_then(|o| self.held.get_mut(o))
			.filter(|h| !h.settled && h.entry.committer.is_some())
			.ok_or(StreamError::UnknownSettlement { block, index })
	}

	/// Lets out the settled entries at the front, before `until`.
	fn release(&mut self, until: Option<EntryIndex>) -> Vec<Verified> {
		let mut out = Vec::new();
		while let Some(front) = self.held.front() {
			if !front.settled || until.is_some_and(|u| front.entry.index >= u) {
				break;
			}
			let Some(h) = self.held.pop_front() else { break };
			self.next_out = h.entry.index.saturating_add(1);
			out.push(Verified { entry: h.entry, commitment: h.commitment });
		}
		out
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use seqchain_primitives::inbox::{genesis_commitment, BlockPosition, BlockReveal};

	const R: RollupId = 2;
	const WHO: Hash32 = [9; 32];

	/// Builds blocks and the record after each, as the chain would.
	struct Chain {
		state: RollupState,
	}

	impl Chain {
		fn new() -> Self {
			Self { state: RollupState { stream: StreamState::genesis(R), pending_commits: 0 } }
		}

		/// A block with plain `payloads`, sealed commits of `sealed` (payload, salt), reveals
		/// and expiries.
		fn block(
			&mut self,
			plain: &[&[u8]],
			sealed: &[(&[u8], Hash32)],
			reveals: &[(EntryIndex, &[u8], Hash32)],
			expired: &[EntryIndex],
		) -> (Option<RollupState>, BlockInbox) {
			let s = &mut self.state;
			let first = s.stream.next_index;
			let mut positions = Vec::new();
			for p in plain {
				positions.push(BlockPosition {
					index: first + positions.len() as u64,
					hash: payload_hash(p),
					payload: Some(p.to_vec()),
					committer: None,
				});
				s.stream.count += 1;
				s.stream.total_bytes += p.len() as u64;
			}
			for (p, salt) in sealed {
				positions.push(BlockPosition {
					index: first + positions.len() as u64,
					hash: sealed_hash(R, &WHO, p, salt),
					payload: None,
					committer: Some(WHO),
				});
				s.pending_commits += 1;
			}
			for p in &positions {
				s.stream.commitment = next_commitment(&s.stream.commitment, p.index, &p.hash);
			}
			s.stream.next_index += positions.len() as u64;
			for (_, p, _) in reveals {
				s.stream.count += 1;
				s.stream.total_bytes += p.len() as u64;
				s.pending_commits -= 1;
			}
			s.pending_commits -= expired.len() as u32;
			let inbox = BlockInbox {
				first_index: first,
				next_index: s.stream.next_index,
				commitment: (!positions.is_empty()).then_some(s.stream.commitment),
				positions,
				reveals: reveals
					.iter()
					.map(|(index, p, salt)| BlockReveal {
						index: *index,
						payload: p.to_vec(),
						salt: *salt,
					})
					.collect(),
				expired: expired.to_vec(),
				released: false,
			};
			(Some(self.state), inbox)
		}
	}

	fn indices(v: &[Verified]) -> Vec<(u64, EntryStatus)> {
		v.iter().map(|v| (v.entry.index, v.entry.status)).collect()
	}

	fn stream() -> ProvenStream {
		ProvenStream::new(R, 0, genesis_commitment(R), 1, Some(Chain::new().state))
	}

	#[test]
	fn entries_come_out_in_order_once_settled() {
		let mut chain = Chain::new();
		let mut s = stream();
		let (a, b1) = chain.block(&[b"p0"], &[(b"s1", [1; 32])], &[], &[]);
		assert_eq!(
			indices(&s.read_block(1, H256::zero(), a, Some(&b1), None).unwrap()),
			vec![(0, EntryStatus::Plain)]
		);
		let (a, b2) = chain.block(&[b"p2"], &[(b"s3", [3; 32])], &[], &[]);
		assert!(
			s.read_block(2, H256::zero(), a, Some(&b2), None).unwrap().is_empty(),
			"1 unsettled"
		);
		assert_eq!((s.held(), s.resume_block()), (3, 1));
		// A block that did nothing to the rollup needs no reading.
		assert!(!s.must_read(&Some(chain.state)));
		assert!(s.read_block(3, H256::zero(), Some(chain.state), None, None).unwrap().is_empty());
		let (a, b4) = chain.block(&[], &[], &[(1, b"s1", [1; 32])], &[3]);
		let out = s.read_block(4, H256::zero(), a, Some(&b4), None).unwrap();
		assert_eq!(
			indices(&out),
			vec![(1, EntryStatus::Revealed), (2, EntryStatus::Plain), (3, EntryStatus::Expired)]
		);
		assert_eq!(out[0].entry.payload.as_deref(), Some(&b"s1"[..]));
		assert_eq!(out[2].commitment, chain.state.stream.commitment);
		assert_eq!(out[2].entry.commitment, Some(chain.state.stream.commitment));
		assert_eq!((s.held(), s.resume_block()), (0, 5));
	}

	#[test]
	fn anything_the_block_does_not_account_for_is_refused_and_changes_nothing() {
		let mut chain = Chain::new();
		let (a, b1) = chain.block(&[b"p0", b"p1"], &[], &[], &[]);
		let check = |inbox: &BlockInbox, after: Option<RollupState>| {
			let mut s = stream();
			let r = s.read_block(1, H256::zero(), after, Some(inbox), None);
			if r.is_err() {
				assert_eq!((s.held(), s.next_block()), (0, 1), "nothing changed");
			}
			r.map(|v| v.len())
		};
		assert_eq!(check(&b1, a), Ok(2));
		// A dropped position.
		let mut dropped = b1.clone();
		dropped.positions.pop();
		assert!(check(&dropped, a).is_err());
		// Positions swapped.
		let mut swapped = b1.clone();
		swapped.positions.swap(0, 1);
		assert!(check(&swapped, a).is_err());
		// A payload altered with its hash.
		let mut altered = b1.clone();
		altered.positions[1].payload = Some(b"xx".to_vec());
		altered.positions[1].hash = payload_hash(b"xx");
		assert!(matches!(check(&altered, a), Err(StreamError::CommitmentMismatch { .. })));
		// A payload altered without its hash.
		altered.positions[1].hash = b1.positions[1].hash;
		assert_eq!(check(&altered, a), Err(StreamError::PayloadMismatch { index: 1 }));
		// A record whose commitment is stale.
		let mut stale = a.expect("a record");
		stale.stream.commitment = genesis_commitment(R);
		assert!(check(&b1, Some(stale)).is_err());
		// A record unchanged by the block needs no reading: the block did nothing to the
		// stream, whatever a node says it did.
		let mut s = stream();
		assert!(!s.must_read(&Some(Chain::new().state)));
		assert_eq!(
			s.read_block(1, H256::zero(), Some(Chain::new().state), Some(&b1), None),
			Ok(vec![])
		);
		// Not read at all.
		let mut s = stream();
		assert_eq!(
			s.read_block(1, H256::zero(), a, None, None),
			Err(StreamError::Unread { block: 1 })
		);
		assert_eq!(
			s.read_block(2, H256::zero(), a, Some(&b1), None),
			Err(StreamError::OutOfOrder { expected: 1, got: 2 })
		);
	}

	#[test]
	fn settlements_must_be_real() {
		let mut chain = Chain::new();
		let mut s = stream();
		let (a, b1) = chain.block(&[], &[(b"s0", [1; 32])], &[], &[]);
		s.read_block(1, H256::zero(), a, Some(&b1), None).unwrap();
		let snapshot = chain.state;
		// A reveal whose payload does not open the hash.
		let (a, mut b2) = chain.block(&[], &[], &[(0, b"s0", [1; 32])], &[]);
		b2.reveals[0].payload = b"zz".to_vec();
		let mut fork = s.clone_state();
		assert!(fork.read_block(2, H256::zero(), a, Some(&b2), None).is_err());
		// An expiry of a plain entry, or of an index never assigned.
		let mut c2 = Chain { state: snapshot };
		let (a, mut b) = c2.block(&[], &[], &[], &[0]);
		b.expired = vec![5];
		assert_eq!(
			s.clone_state().read_block(2, H256::zero(), a, Some(&b), None),
			Err(StreamError::UnknownSettlement { block: 2, index: 5 })
		);
		// The block's events hide the expiry the state shows.
		b.expired.clear();
		assert!(matches!(
			s.clone_state().read_block(2, H256::zero(), a, Some(&b), None),
			Err(StreamError::Unaccounted { what: "unrevealed commits", .. })
		));
	}

	/// A restart reads the block of the first entry not out again: entries already out are not
	/// given twice, and later ones fold on from the cursor's commitment.
	#[test]
	fn a_restart_reads_from_the_first_entry_not_out() {
		let mut chain = Chain::new();
		let before = chain.state;
		let (a1, b1) = chain.block(&[b"p0"], &[(b"s1", [1; 32])], &[], &[]);
		let (a2, b2) = chain.block(&[b"p2"], &[], &[(1, b"s1", [1; 32])], &[]);
		let mut s = ProvenStream::new(R, 0, genesis_commitment(R), 1, Some(before));
		let out = s.read_block(1, H256::zero(), a1, Some(&b1), None).unwrap();
		assert_eq!(out.len(), 1);
		// Restart: entry 0 out, reading again from block 1.
		let mut again = ProvenStream::new(R, 1, out[0].commitment, 1, Some(before));
		assert!(again.read_block(1, H256::zero(), a1, Some(&b1), None).unwrap().is_empty());
		let out = again.read_block(2, H256::zero(), a2, Some(&b2), None).unwrap();
		assert_eq!(indices(&out), vec![(1, EntryStatus::Revealed), (2, EntryStatus::Plain)]);
		// `until` holds entries back, and the resume block is theirs.
		let mut s = ProvenStream::new(R, 0, genesis_commitment(R), 1, Some(before));
		s.read_block(1, H256::zero(), a1, Some(&b1), Some(1)).unwrap();
		let out = s.read_block(2, H256::zero(), a2, Some(&b2), Some(2)).unwrap();
		assert_eq!(indices(&out), vec![(1, EntryStatus::Revealed)]);
		assert_eq!(s.resume_block(), 2);
	}

	#[test]
	fn a_release_ends_the_stream() {
		let mut chain = Chain::new();
		let mut s = stream();
		let (a, b1) = chain.block(&[b"p0"], &[], &[], &[]);
		s.read_block(1, H256::zero(), a, Some(&b1), None).unwrap();
		let released = BlockInbox {
			first_index: 0,
			next_index: 0,
			commitment: None,
			positions: vec![],
			reveals: vec![],
			expired: vec![],
			released: true,
		};
		// A removal without a release is not accounted for.
		let mut no = released.clone();
		no.released = false;
		assert!(s.clone_state().read_block(2, H256::zero(), None, Some(&no), None).is_err());
		assert!(s.read_block(2, H256::zero(), None, Some(&released), None).unwrap().is_empty());
		let end = s.ended().unwrap();
		assert_eq!(
			(end.block, end.next_index, end.commitment),
			(2, 1, Some(chain.state.stream.commitment))
		);
		assert_eq!(s.read_block(3, H256::zero(), None, None, None), Err(StreamError::Ended));
	}
}
