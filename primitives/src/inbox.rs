//! The inbox's commitment function and the types a rollup reader needs.
//!
//! This module is pure and `no_std`: the inbox pallet folds every entry through
//! [`next_commitment`] and the rollup client runs the very same function off chain, so a
//! reader that recomputes the chain from the entries it received and arrives at the on-chain
//! commitment has provably seen every entry, in order, unaltered.
//!
//! ## The hash chain
//!
//! Each rollup has its own chain, starting at [`genesis_commitment`]`(rollup)`. Entry `i` with
//! entry hash `h` moves the chain from `c` to `blake2_256(c ‖ i as u64 LE ‖ h)`:
//!
//! - for a plain submission, `h = blake2_256(payload)` ([`payload_hash`]);
//! - for a sealed submission, `h` is the hash committed to at `commit` time, which must equal
//!   [`sealed_hash`]`(rollup, payload, salt)` when the payload is revealed. The chain (and so
//!   the order) is fixed when the commit lands, before anyone sees the payload.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_crypto_hashing::blake2_256;

/// Identifies a registered rollup; assigned sequentially from 0.
pub type RollupId = u32;

/// Position of an entry in a rollup's stream; assigned sequentially from 0.
pub type EntryIndex = u64;

/// A 32-byte hash or commitment.
pub type Hash32 = [u8; 32];

/// Domain tag of a rollup's first commitment.
const GENESIS_TAG: &[u8] = b"seqchain/inbox/genesis/v1";
/// Domain tag of a sealed submission's hash.
const SEALED_TAG: &[u8] = b"seqchain/inbox/sealed/v1";

/// Commitment of a rollup's empty stream.
pub fn genesis_commitment(rollup: RollupId) -> Hash32 {
	let mut input = [0u8; GENESIS_TAG.len() + 4];
	input[..GENESIS_TAG.len()].copy_from_slice(GENESIS_TAG);
	input[GENESIS_TAG.len()..].copy_from_slice(&rollup.to_le_bytes());
	blake2_256(&input)
}

/// Entry hash of a plain submission.
pub fn payload_hash(payload: &[u8]) -> Hash32 {
	blake2_256(payload)
}

/// The hash a sealed submission commits to: binds the rollup, the payload and a 32-byte salt
/// (the salt keeps short or guessable payloads hidden until the reveal).
pub fn sealed_hash(rollup: RollupId, payload: &[u8], salt: &Hash32) -> Hash32 {
	blake2_256(&(SEALED_TAG, rollup, payload, salt).encode())
}

/// The commitment after appending entry `index` with entry hash `entry` to a chain at `prev`.
pub fn next_commitment(prev: &Hash32, index: EntryIndex, entry: &Hash32) -> Hash32 {
	let mut input = [0u8; 32 + 8 + 32];
	input[..32].copy_from_slice(prev);
	input[32..40].copy_from_slice(&index.to_le_bytes());
	input[40..].copy_from_slice(entry);
	blake2_256(&input)
}

/// Folds consecutive entries starting at `first` into the chain at `prev`; returns the final
/// commitment.
pub fn fold<'a>(
	prev: Hash32,
	first: EntryIndex,
	entries: impl IntoIterator<Item = &'a Hash32>,
) -> Hash32 {
	entries
		.into_iter()
		.enumerate()
		.fold(prev, |c, (i, h)| next_commitment(&c, first.saturating_add(i as u64), h))
}

/// A rollup's stream as the chain records it: the next index, the running commitment and
/// counters. Nothing here grows with the data.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct StreamState {
	/// Index the next entry will get: the number of positions assigned so far.
	pub next_index: EntryIndex,
	/// Commitment over entries `0..next_index`.
	pub commitment: Hash32,
	/// Entries whose payload reached the chain (plain submissions and reveals).
	pub count: u64,
	/// Payload bytes that reached the chain.
	pub total_bytes: u64,
}

impl StreamState {
	/// The empty stream of `rollup`.
	pub fn genesis(rollup: RollupId) -> Self {
		Self { next_index: 0, commitment: genesis_commitment(rollup), count: 0, total_bytes: 0 }
	}
}

/// How a rollup's entries are ordered.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum OrderingPolicy {
	/// Payloads are submitted in the clear and ordered as they land.
	Plain,
	/// Submitters commit to a hash first (which fixes the position) and reveal the payload
	/// within the reveal window.
	Sealed,
}

/// Who may submit to a rollup.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum SubmitterPolicy {
	/// Any account that pays the fee.
	Open,
	/// Only accounts on the owner's allow-list.
	AllowList,
}

/// What a rollup's reader needs to know about it, from the `InboxApi` runtime API.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct RollupView<AccountId> {
	/// The rollup's unique name.
	pub name: alloc::vec::Vec<u8>,
	/// Its owner.
	pub owner: AccountId,
	/// Plain or sealed ordering.
	pub ordering: OrderingPolicy,
	/// Whether it still accepts submissions (not deregistered, not paused).
	pub accepting: bool,
	/// Its stream's state.
	pub stream: StreamState,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn fold_equals_stepwise_and_depends_on_order_index_and_content() {
		let (a, b) = (payload_hash(b"a"), payload_hash(b"b"));
		let g = genesis_commitment(7);
		let stepwise = next_commitment(&next_commitment(&g, 0, &a), 1, &b);
		assert_eq!(fold(g, 0, [&a, &b]), stepwise);
		assert_ne!(fold(g, 0, [&b, &a]), stepwise, "order matters");
		assert_ne!(fold(g, 1, [&a, &b]), stepwise, "indices matter");
		assert_ne!(fold(genesis_commitment(8), 0, [&a, &b]), stepwise, "rollups are separate");
		assert_ne!(fold(g, 0, [&a, &payload_hash(b"c")]), stepwise, "content matters");
		assert_eq!(fold(g, 0, []), g);
	}

	#[test]
	fn sealed_hash_binds_rollup_payload_and_salt() {
		let h = sealed_hash(1, b"tx", &[1; 32]);
		assert_ne!(h, sealed_hash(2, b"tx", &[1; 32]));
		assert_ne!(h, sealed_hash(1, b"ty", &[1; 32]));
		assert_ne!(h, sealed_hash(1, b"tx", &[2; 32]));
		// The payload is length-prefixed, so payload and salt cannot trade bytes.
		assert_ne!(sealed_hash(1, b"tx\x01", &[1; 32]), h);
	}
}
