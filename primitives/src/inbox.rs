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

/// What the node's `inbox_*` RPC methods return, as JSON (hashes and payloads as `0x` hex).
#[cfg(feature = "std")]
pub mod rpc {
	use super::{EntryIndex, Hash32, RollupId};
	use serde::{Deserialize, Serialize};

	/// Hex (de)serialisation of a 32-byte hash.
	pub mod hash_hex {
		use super::Hash32;
		use serde::{Deserializer, Serializer};

		/// Writes `0x` and 64 hex digits.
		pub fn serialize<S: Serializer>(h: &Hash32, s: S) -> Result<S::Ok, S::Error> {
			impl_serde::serialize::serialize(h, s)
		}

		/// Reads `0x` and 64 hex digits.
		pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Hash32, D::Error> {
			let bytes = impl_serde::serialize::deserialize(d)?;
			Hash32::try_from(bytes.as_slice())
				.map_err(|_| serde::de::Error::custom("expected 32 bytes"))
		}

		/// The same for an optional hash.
		pub mod option {
			use super::*;

			/// Writes `null` or the hash.
			pub fn serialize<S: Serializer>(h: &Option<Hash32>, s: S) -> Result<S::Ok, S::Error> {
				match h {
					Some(h) => super::serialize(h, s),
					None => s.serialize_none(),
				}
			}

			/// Reads `null` or the hash.
			pub fn deserialize<'de, D: Deserializer<'de>>(
				d: D,
			) -> Result<Option<Hash32>, D::Error> {
				super::super::bytes_hex_option::deserialize(d)?
					.map(|b| {
						Hash32::try_from(b.as_slice())
							.map_err(|_| serde::de::Error::custom("expected 32 bytes"))
					})
					.transpose()
			}
		}
	}

	/// Hex (de)serialisation of an optional byte string.
	pub mod bytes_hex_option {
		use serde::{Deserialize, Deserializer, Serializer};

		/// Writes `null` or `0x` hex.
		pub fn serialize<S: Serializer>(b: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
			match b {
				Some(b) => impl_serde::serialize::serialize(b, s),
				None => s.serialize_none(),
			}
		}

		/// Reads `null` or `0x` hex.
		pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
			Option::<alloc::string::String>::deserialize(d)?
				.map(|h| impl_serde::serialize::from_hex(&h).map_err(serde::de::Error::custom))
				.transpose()
		}
	}

	/// How an entry's position was taken.
	#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
	#[serde(rename_all = "camelCase")]
	pub enum EntryKind {
		/// A plain submission: the payload is in the same extrinsic.
		Plain,
		/// A sealed commit: the payload comes with a later reveal (or never: expired).
		Sealed,
	}

	/// A position assigned in a block.
	#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
	#[serde(rename_all = "camelCase")]
	pub struct Entry {
		/// The entry's index in the rollup's stream.
		pub index: EntryIndex,
		/// Plain or sealed.
		pub kind: EntryKind,
		/// The entry hash folded into the commitment: the payload's hash (plain) or the
		/// committed sealed hash.
		#[serde(with = "hash_hex")]
		pub hash: Hash32,
		/// The payload of a plain entry; `null` for a sealed one.
		#[serde(with = "bytes_hex_option")]
		pub payload: Option<Vec<u8>>,
	}

	/// A sealed payload revealed in a block.
	#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
	#[serde(rename_all = "camelCase")]
	pub struct Reveal {
		/// The sealed entry's index.
		pub index: EntryIndex,
		/// The payload.
		#[serde(with = "impl_serde::serialize")]
		pub payload: Vec<u8>,
		/// The salt.
		#[serde(with = "hash_hex")]
		pub salt: Hash32,
	}

	/// Everything one block did to one rollup's stream.
	#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
	#[serde(rename_all = "camelCase")]
	pub struct BlockEntries {
		/// Block number.
		pub number: u32,
		/// Block hash.
		#[serde(with = "hash_hex")]
		pub hash: Hash32,
		/// Whether the block was finalized when this was read.
		pub finalized: bool,
		/// The rollup's next index before the block.
		pub first_index: EntryIndex,
		/// The rollup's next index after the block.
		pub next_index: EntryIndex,
		/// The on-chain commitment after the block (its `Sequenced` event); `null` when the
		/// block assigned no positions.
		#[serde(with = "hash_hex::option")]
		pub commitment: Option<Hash32>,
		/// Positions assigned in the block, in canonical order.
		pub entries: Vec<Entry>,
		/// Sealed payloads revealed in the block.
		pub reveals: Vec<Reveal>,
		/// Sealed entries that expired unrevealed at the start of the block.
		pub expired: Vec<EntryIndex>,
	}

	/// What the entry carries in the stream.
	#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
	#[serde(rename_all = "camelCase")]
	pub enum EntryStatus {
		/// Submitted in the clear.
		Plain,
		/// Sealed and revealed.
		Revealed,
		/// Sealed and never revealed: the position holds no payload.
		Expired,
	}

	/// One entry of a rollup's finalized stream, as the subscription emits it.
	#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
	#[serde(rename_all = "camelCase")]
	pub struct StreamEntry {
		/// The rollup.
		pub rollup: RollupId,
		/// The entry's index.
		pub index: EntryIndex,
		/// Number of the block that assigned the position.
		pub block: u32,
		/// Hash of that block.
		#[serde(with = "hash_hex")]
		pub block_hash: Hash32,
		/// Plain, revealed or expired.
		pub status: EntryStatus,
		/// The entry hash folded into the commitment.
		#[serde(with = "hash_hex")]
		pub hash: Hash32,
		/// The payload; `null` when expired.
		#[serde(with = "bytes_hex_option")]
		pub payload: Option<Vec<u8>>,
		/// The salt of a revealed entry.
		#[serde(with = "hash_hex::option")]
		pub salt: Option<Hash32>,
		/// When this entry is the last its block assigned: the on-chain commitment after it,
		/// to check the reader's running fold against.
		#[serde(with = "hash_hex::option")]
		pub commitment: Option<Hash32>,
	}

	/// A registered rollup, as `inbox_rollup` returns it.
	#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
	#[serde(rename_all = "camelCase")]
	pub struct RollupInfo {
		/// The id.
		pub id: RollupId,
		/// The name.
		pub name: String,
		/// The owner, SS58.
		pub owner: String,
		/// Whether the rollup orders sealed submissions.
		pub sealed: bool,
		/// Whether it accepts submissions now.
		pub accepting: bool,
		/// Index the next entry gets.
		pub next_index: EntryIndex,
		/// Commitment over entries `0..next_index`.
		#[serde(with = "hash_hex")]
		pub commitment: Hash32,
		/// Entries that carry payloads.
		pub count: u64,
		/// Payload bytes so far.
		pub total_bytes: u64,
		/// The block this was read at.
		pub at_block: u32,
	}
}
