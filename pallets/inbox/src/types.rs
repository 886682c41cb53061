//! The inbox's stored records.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;
use seqchain_primitives::inbox::{
	EntryIndex, Hash32, OrderingPolicy, StreamState, SubmitterPolicy,
};
use sp_runtime::Perbill;

/// A rollup's limits and policies, set by its owner.
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
pub struct RollupConfig {
	/// Anyone, or only the allow-list.
	pub submitters: SubmitterPolicy,
	/// Largest payload accepted, in bytes (at most the pallet's `MaxPayloadBytes`).
	pub max_payload_bytes: u32,
	/// Most positions (submissions and commits) the rollup may take in one block (at most the
	/// pallet's `MaxSubmissionsPerBlock`). Reveals take none.
	pub max_submissions_per_block: u32,
	/// Plain or sealed ordering.
	pub ordering: OrderingPolicy,
}

/// Whether a rollup still takes submissions.
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
pub enum RollupStatus<BlockNumber> {
	/// Registered and open.
	Active,
	/// Deregistered: no new positions; the bond can be released from `release_at` on.
	Deregistered {
		/// First block at which `release_bond` succeeds.
		release_at: BlockNumber,
	},
}

/// A registered rollup.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxName))]
pub struct Rollup<AccountId, Balance, BlockNumber, MaxName: Get<u32>> {
	/// Controls the configuration and the allow-list; its bond is held.
	pub owner: AccountId,
	/// An account the owner offered ownership to; it becomes the owner by accepting.
	pub pending_owner: Option<AccountId>,
	/// Unique name.
	pub name: BoundedVec<u8, MaxName>,
	/// Limits and policies.
	pub config: RollupConfig,
	/// Amount held from the owner under `HoldReason::RollupBond`.
	pub bond: Balance,
	/// Active or deregistered.
	pub status: RollupStatus<BlockNumber>,
	/// Paused by the emergency origin.
	pub paused: bool,
	/// Sealed commits not yet revealed or expired.
	pub pending_commits: u32,
	/// The stream: next index, commitment, counters.
	pub stream: StreamState,
}

/// How a commit's hash binds its payload.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum SealedHashVersion {
	/// `sealed_hash_v1(rollup, payload, salt)`: commits made before storage version 1, which
	/// did not bind the committer. Accepted only for them.
	V1,
	/// `sealed_hash(rollup, committer, payload, salt)`: every commit since.
	V2,
}

/// A sealed commit waiting for its payload.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct PendingCommit<AccountId, Balance, BlockNumber> {
	/// Who committed; its deposit is held and returned on reveal, and the sealed hash binds it.
	pub who: AccountId,
	/// The sealed hash the position was fixed with.
	pub hash: Hash32,
	/// Amount held under `HoldReason::SealedCommit`.
	pub deposit: Balance,
	/// Last block in which the reveal is accepted.
	pub reveal_by: BlockNumber,
	/// Revealed already; the record stays until `reveal_by` passes so a second reveal gets a
	/// precise error.
	pub revealed: bool,
	/// The rollup's `max_payload_bytes` when the commit landed: the reveal is checked against
	/// it, so a later change of the rollup's configuration cannot void the commit.
	pub max_payload_bytes: u32,
	/// How `hash` binds the payload.
	pub version: SealedHashVersion,
}

/// What one rollup used of the current block.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, Default, TypeInfo, MaxEncodedLen)]
pub struct BlockUsage {
	/// Positions taken (submissions and commits).
	pub positions: u32,
	/// Payload bytes of plain submissions (reveals count only towards the block's budget).
	pub bytes: u32,
	/// The rollup's `next_index` before the block's first position.
	pub first_index: EntryIndex,
}

/// The inbox's governance-set parameters.
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
pub struct InboxParams<Balance> {
	/// Fee per submission (and per commit).
	pub base_fee: Balance,
	/// Fee per payload byte.
	pub byte_fee: Balance,
	/// Payload bytes all rollups together may put in one block (at most `MaxBlockBytes`).
	pub block_byte_budget: u32,
	/// Share of `block_byte_budget` one rollup may use in one block.
	pub rollup_block_share: Perbill,
}

impl<Balance> InboxParams<Balance> {
	/// Payload bytes one rollup may put in one block.
	pub fn rollup_byte_budget(&self) -> u32 {
		self.rollup_block_share * self.block_byte_budget
	}
}
