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
//! entry hash `h` moves the chain from `c` to [`next_commitment`]`(c, i, h)`:
//!
//! - for a plain submission, `h = blake2_256(payload)` ([`payload_hash`]);
//! - for a sealed submission, `h` is the hash committed to at `commit` time, which must equal
//!   [`sealed_hash`]`(rollup, committer, payload, salt)` when the payload is revealed. The
//!   chain (and so the order) is fixed when the commit lands, before anyone sees the payload,
//!   and only the committer's own commit can be filled with it.
//!
//! ## Byte layouts
//!
//! Every hash is BLAKE2b-256 (`blake2_256`) of the concatenation below; integers are
//! little-endian, an account id is its SCALE encoding (its 32 raw bytes on Seqchain):
//!
//! | function | bytes hashed |
//! | --- | --- |
//! | [`genesis_commitment`] | `b"seqchain/inbox/genesis/v1"` ‖ `rollup: u32` |
//! | [`payload_hash`] | `payload` |
//! | [`next_commitment`] | `prev: [u8; 32]` ‖ `index: u64` ‖ `entry: [u8; 32]` |
//! | [`sealed_hash`] | `b"seqchain/inbox/sealed/v2"` ‖ `rollup: u32` ‖ `committer` ‖ `salt: [u8; 32]` ‖ `payload` |
//! | [`sealed_hash_v1`] | SCALE of `(b"seqchain/inbox/sealed/v1", rollup, payload, salt)` |
//!
//! `docs/rollups.md` gives the same layouts with test vectors, which a test here checks.

use alloc::vec::Vec;
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
/// Domain tag of a sealed submission's hash, which binds the committer.
const SEALED_TAG: &[u8] = b"seqchain/inbox/sealed/v2";
/// Domain tag of the hash sealed commits had before they bound the committer.
const SEALED_TAG_V1: &[u8] = b"seqchain/inbox/sealed/v1";

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

/// The hash a sealed submission commits to: binds the rollup, the committing account
/// (`committer`, its SCALE encoding: 32 bytes on Seqchain), the payload and a 32-byte salt (the
/// salt keeps short or guessable payloads hidden until the reveal).
///
/// Binding the committer makes a copied commit worthless: the chain checks a reveal against the
/// account that made the commit, so a copy of someone else's hash can never be filled.
/// Every field before the payload has a fixed length, so the payload needs no length prefix.
pub fn sealed_hash(rollup: RollupId, committer: &[u8], payload: &[u8], salt: &Hash32) -> Hash32 {
	let mut input = Vec::with_capacity(SEALED_TAG.len() + 4 + committer.len() + 32 + payload.len());
	input.extend_from_slice(SEALED_TAG);
	input.extend_from_slice(&rollup.to_le_bytes());
	input.extend_from_slice(committer);
	input.extend_from_slice(salt);
	input.extend_from_slice(payload);
	blake2_256(&input)
}

/// The sealed hash of commits made before the inbox's storage version 1, which does not bind
/// the committer: the chain accepts it only for those commits, and readers need it to verify
/// sealed entries of that time.
pub fn sealed_hash_v1(rollup: RollupId, payload: &[u8], salt: &Hash32) -> Hash32 {
	blake2_256(&(SEALED_TAG_V1, rollup, payload, salt).encode())
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

/// What one block did to one rollup's stream, as the runtime that executed the block reads it
/// from the block's extrinsics and events (`InboxApi::block_entries`).
///
/// The layout is part of the runtime API: a runtime that changes it declares a new version of
/// the method, so a node reads every block with the version its runtime offers.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct BlockInbox {
	/// The rollup's next index before the block.
	pub first_index: EntryIndex,
	/// The rollup's next index after the block.
	pub next_index: EntryIndex,
	/// The commitment after the block (its `Sequenced` event); `None` when the block assigned
	/// no positions.
	pub commitment: Option<Hash32>,
	/// Positions assigned in the block, in canonical order.
	pub positions: Vec<BlockPosition>,
	/// Sealed payloads revealed in the block.
	pub reveals: Vec<BlockReveal>,
	/// Sealed entries that expired unrevealed in the block.
	pub expired: Vec<EntryIndex>,
	/// Whether the block released the rollup (`BondReleased`): its stream ends here. A released
	/// rollup has no unrevealed commits, so every position it had is settled.
	pub released: bool,
}

/// A position assigned in a block.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct BlockPosition {
	/// The entry's index in the rollup's stream.
	pub index: EntryIndex,
	/// The entry hash folded into the commitment.
	pub hash: Hash32,
	/// A plain entry's payload; `None` for a sealed commit.
	pub payload: Option<Vec<u8>>,
	/// A sealed commit's committer (its 32-byte account id); `None` for a plain entry.
	pub committer: Option<Hash32>,
}

/// A sealed payload revealed in a block.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct BlockReveal {
	/// The sealed entry's index.
	pub index: EntryIndex,
	/// The payload.
	pub payload: Vec<u8>,
	/// The salt.
	pub salt: Hash32,
}

/// Why a block could not be read for a rollup.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo)]
pub enum ReadError {
	/// Extrinsic `0` of the block does not decode with the runtime asked: it was not the
	/// runtime that executed the block (ask at the block's parent).
	UndecodableExtrinsic(u32),
	/// The block's events do not decode with the runtime asked.
	UndecodableEvents,
	/// The block's successful inbox calls carry `carried` positions, but its `Sequenced` event
	/// says `first_index..next_index` (e.g. an entry came through a call nested in another).
	Inconsistent {
		/// The rollup's next index before the block, by its event.
		first_index: EntryIndex,
		/// The rollup's next index after the block, by its event.
		next_index: EntryIndex,
		/// The positions the block's extrinsics carry.
		carried: u64,
	},
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
	fn sealed_hash_binds_rollup_committer_payload_and_salt() {
		let (alice, bob) = ([1u8; 32], [2u8; 32]);
		let h = sealed_hash(1, &alice, b"tx", &[1; 32]);
		assert_ne!(h, sealed_hash(2, &alice, b"tx", &[1; 32]));
		assert_ne!(h, sealed_hash(1, &bob, b"tx", &[1; 32]), "the committer is bound");
		assert_ne!(h, sealed_hash(1, &alice, b"ty", &[1; 32]));
		assert_ne!(h, sealed_hash(1, &alice, b"tx", &[2; 32]));
		// Only the payload has a variable length and it comes last: nothing can trade bytes.
		assert_ne!(sealed_hash(1, &alice, b"tx\x01", &[1; 32]), h);
		// The old hash differs for the same content.
		assert_ne!(sealed_hash_v1(1, b"tx", &[1; 32]), h);
		let v1 = sealed_hash_v1(1, b"tx", &[1; 32]);
		assert_ne!(v1, sealed_hash_v1(2, b"tx", &[1; 32]));
		assert_ne!(v1, sealed_hash_v1(1, b"tx\x01", &[1; 32]));
	}

	/// The vectors in `docs/rollups.md`, as a non-Rust client reads them, match the code.
	#[test]
	fn the_documented_test_vectors_match_the_code() {
		let doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rollups.md"));
		let block = doc
			.split("<!-- inbox test vectors: begin -->")
			.nth(1)
			.and_then(|rest| rest.split("<!-- inbox test vectors: end -->").next())
			.expect("docs/rollups.md has the test vector block");
		let values: alloc::collections::BTreeMap<&str, &str> = block
			.lines()
			.filter_map(|line| line.split_once('='))
			.map(|(k, v)| (k.trim(), v.trim()))
			.collect();
		let get = |k: &str| *values.get(k).unwrap_or_else(|| panic!("no `{k}` in the vectors"));
		let bytes = |k: &str| -> Vec<u8> {
			let hex = get(k).strip_prefix("0x").unwrap_or_else(|| panic!("`{k}` is not 0x hex"));
			(0..hex.len())
				.step_by(2)
				.map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
				.collect()
		};
		let hash = |k: &str| -> Hash32 { bytes(k).try_into().expect("32 bytes") };
		let rollup: RollupId = get("rollup").parse().expect("a rollup id");
		let (committer, payload, salt) = (bytes("committer"), bytes("payload"), hash("salt"));

		let genesis = genesis_commitment(rollup);
		assert_eq!(genesis, hash("genesis"), "genesis_commitment");
		let entry = payload_hash(&payload);
		assert_eq!(entry, hash("entry_hash"), "payload_hash");
		let c0 = next_commitment(&genesis, 0, &entry);
		assert_eq!(c0, hash("commitment_0"), "next_commitment");
		let sealed = sealed_hash(rollup, &committer, &payload, &salt);
		assert_eq!(sealed, hash("sealed_hash"), "sealed_hash");
		assert_eq!(next_commitment(&c0, 1, &sealed), hash("commitment_1"), "next_commitment");
		assert_eq!(
			sealed_hash_v1(rollup, &payload, &salt),
			hash("sealed_hash_v1"),
			"sealed_hash_v1"
		);
		assert_eq!(values.len(), 10, "every line of the block is checked: {values:?}");
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
		/// The committing account of a sealed entry (its 32-byte id, as the sealed hash
		/// binds it); `null` for a plain one.
		#[serde(with = "hash_hex::option", default)]
		pub committer: Option<Hash32>,
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
		/// Whether the block released the rollup: its stream ends with this block.
		#[serde(default)]
		pub released: bool,
	}

	impl BlockEntries {
		/// The JSON form of what block `number` (hash `hash`) did, as its runtime read it.
		pub fn from_read(
			number: u32,
			hash: Hash32,
			finalized: bool,
			read: super::BlockInbox,
		) -> Self {
			Self {
				number,
				hash,
				finalized,
				first_index: read.first_index,
				next_index: read.next_index,
				commitment: read.commitment,
				entries: read
					.positions
					.into_iter()
					.map(|p| Entry {
						index: p.index,
						kind: if p.payload.is_some() {
							EntryKind::Plain
						} else {
							EntryKind::Sealed
						},
						hash: p.hash,
						payload: p.payload,
						committer: p.committer,
					})
					.collect(),
				reveals: read
					.reveals
					.into_iter()
					.map(|r| Reveal { index: r.index, payload: r.payload, salt: r.salt })
					.collect(),
				expired: read.expired,
				released: read.released,
			}
		}

		/// An upper bound on the bytes of this block's JSON form: payloads as hex (two
		/// characters a byte) and at most [`JSON_BYTES_PER_ITEM`] for each entry, reveal and
		/// expiry and for the block's own fields. What bounds an `inbox_submissions` page.
		pub fn json_bytes(&self) -> usize {
			let payloads: usize = self
				.entries
				.iter()
				.filter_map(|e| e.payload.as_ref().map(Vec::len))
				.chain(self.reveals.iter().map(|r| r.payload.len()))
				.sum();
			let items = 1 + self.entries.len() + self.reveals.len() + self.expired.len();
			payloads.saturating_mul(2).saturating_add(items.saturating_mul(JSON_BYTES_PER_ITEM))
		}
	}

	/// Most bytes the JSON form of one entry, reveal or expiry takes besides its payload's
	/// hex (two 66-character hashes, an index, field names), and of a block's own fields.
	pub const JSON_BYTES_PER_ITEM: usize = 512;

	/// One page of `inbox_submissions`: what blocks `fromBlock..nextBlock` (or, when the page is
	/// the last, `fromBlock..=toBlock` up to the head asked for) did to the rollup's stream.
	#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
	#[serde(rename_all = "camelCase")]
	pub struct SubmissionsPage {
		/// The blocks that did something to the stream, in block order.
		pub blocks: Vec<BlockEntries>,
		/// `null` when the page reaches the end of the range; otherwise the page stopped at
		/// its byte bound and the rest of the range starts at this block: ask again from it.
		pub next_block: Option<u32>,
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
		/// The committing account of a sealed entry (its 32-byte id): a revealed entry's hash
		/// is `sealed_hash(rollup, committer, payload, salt)`.
		#[serde(with = "hash_hex::option", default)]
		pub committer: Option<Hash32>,
		/// When this entry is the last its block assigned: the on-chain commitment after it,
		/// to check the reader's running fold against.
		#[serde(with = "hash_hex::option")]
		pub commitment: Option<Hash32>,
	}

	/// The last item of a stream whose rollup was released: no entry follows, ever. The
	/// subscription sends it as `{"end": {...}}` once every entry is out, then closes.
	#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
	#[serde(rename_all = "camelCase")]
	pub struct StreamEnd {
		/// The rollup.
		pub rollup: RollupId,
		/// The block that released it.
		pub block: u32,
		/// The stream's final length: entries `0..next_index` are all there ever were.
		pub next_index: EntryIndex,
		/// The commitment over all of them, when the node still had the state to read it;
		/// `null` otherwise.
		#[serde(with = "hash_hex::option", default)]
		pub commitment: Option<Hash32>,
	}

	/// Why the node stopped a stream: the subscription sends it as `{"error": {...}}`, then
	/// closes.
	#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
	pub struct StreamError {
		/// One of the inbox RPC's error codes.
		pub code: i32,
		/// What happened, in words.
		pub message: String,
	}

	/// One item of `inbox_subscribeFinalized`: an entry, the end of a released rollup's stream,
	/// or an error that ends the subscription.
	#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
	#[serde(untagged)]
	pub enum StreamItem {
		/// `{"end": {...}}`.
		End {
			/// The end.
			end: StreamEnd,
		},
		/// `{"error": {...}}`.
		Error {
			/// The error.
			error: StreamError,
		},
		/// An entry.
		Entry(StreamEntry),
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
