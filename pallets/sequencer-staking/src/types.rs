//! The pallet's stored types.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use seqchain_primitives::{EraIndex, FaultKind};
use sp_runtime::Perbill;

use crate::pool::Pool;

/// Whether a candidate stands for election.
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
pub enum CandidateStatus {
	/// Eligible for the next election.
	Active,
	/// Leaves the set at the next election and takes no new delegations.
	Chilled,
}

/// A sequencer candidate and its stake pool.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Candidate<AccountId, Balance> {
	/// The operator's account.
	pub operator: AccountId,
	/// The share of the pool's rewards the operator takes first.
	pub commission: Perbill,
	/// A commission increase and the era it takes effect.
	pub pending_commission: Option<(Perbill, EraIndex)>,
	/// Whether the candidate stands for election.
	pub status: CandidateStatus,
	/// Tokens in the pool: the backing the election counts.
	pub stake: Balance,
	/// Shares outstanding.
	pub shares: u128,
	/// Slashed from the pool but not yet taken from the stakers' holds.
	pub unapplied: Balance,
}

impl<AccountId> Candidate<AccountId, u128> {
	/// The pool's share accounting.
	pub fn pool(&self) -> Pool {
		Pool { stake: self.stake, shares: self.shares }
	}

	/// Stores the pool's share accounting back.
	pub fn set_pool(&mut self, pool: Pool) {
		self.stake = pool.stake;
		self.shares = pool.shares;
	}
}

/// A staker's stake in a sequencer's pool.
#[derive(Encode, Decode, Clone, Default, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Delegation<Balance> {
	/// Shares of the pool.
	pub shares: u128,
	/// Tokens held for this delegation; above the shares' value only by slashes not yet applied.
	pub principal: Balance,
}

/// The stake that started unbonding from one pool in one era.
#[derive(Encode, Decode, Clone, Default, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct UnbondingPool<Balance> {
	/// Tokens still in the pool.
	pub stake: Balance,
	/// Points outstanding.
	pub shares: u128,
	/// Slashed from the pool but not yet taken from the stakers' holds.
	pub unapplied: Balance,
}

impl UnbondingPool<u128> {
	/// The pool's share accounting.
	pub fn pool(&self) -> Pool {
		Pool { stake: self.stake, shares: self.shares }
	}

	/// Stores the pool's share accounting back.
	pub fn set_pool(&mut self, pool: Pool) {
		self.stake = pool.stake;
		self.shares = pool.shares;
	}
}

/// A staker's part of an unbonding pool.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct UnbondingChunk<Balance> {
	/// The era the unbonding started; withdrawable `UnbondingPeriod` eras later.
	pub era: EraIndex,
	/// Points in that era's unbonding pool.
	pub points: u128,
	/// Tokens held for it.
	pub principal: Balance,
}

/// A parameter governance can set.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum StakingParameter<Balance> {
	/// [`crate::MinSequencerStake`].
	MinSequencerStake(Balance),
	/// [`crate::MinDelegation`].
	MinDelegation(Balance),
	/// [`crate::MaxCommission`].
	MaxCommission(Perbill),
	/// [`crate::LivenessSlash`], within 1-5 %.
	LivenessSlash(Perbill),
	/// [`crate::DoubleSignSlash`], at least 10 %.
	DoubleSignSlash(Perbill),
}

/// A slash waiting for its era.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct PendingSlash<AccountId> {
	/// The sequencer whose pool is slashed.
	pub offender: AccountId,
	/// The fault.
	pub kind: FaultKind,
	/// Share of the pool (and of unbonding pools since the offence era) to slash.
	pub fraction: Perbill,
	/// The era of the offence.
	pub offence_era: EraIndex,
}
