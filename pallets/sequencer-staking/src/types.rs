//! The pallet's stored types.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use seqchain_primitives::EraIndex;
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
	/// The era this candidacy began. Offences of earlier eras are not its own: an account
	/// that left and registered again is never slashed for what it did before.
	pub since: EraIndex,
	/// Slashes of this candidate reported and neither applied nor cancelled. While any is
	/// pending the pool takes no new stake.
	pub pending_slashes: u32,
	/// How many of `pending_slashes` are for heavy faults ([`seqchain_primitives::FaultKind::is_heavy`]): while any
	/// is pending the candidate is not elected.
	pub pending_heavy: u32,
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

/// What became of a reported offence.
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
pub enum SlashState {
	/// Queued for its apply era; governance may still cancel it.
	Pending,
	/// Taken from the offender's pools.
	Applied,
	/// Cancelled by governance.
	Cancelled,
}

/// One offence: every report of the same fault by the same offender in the same era is the
/// same offence (as FRAME staking slashes a validator at most once per era and kind), kept so
/// that a later report can never queue it again.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct SlashRecord {
	/// The largest fraction any report of the offence asked for.
	pub fraction: Perbill,
	/// The slash reaches the unbonding pools that started at or after this era: the era in
	/// which the offending session's set was elected (a set is elected a session before it
	/// starts), so stake that elected the offender and left before its offence is reached.
	pub slash_from: EraIndex,
	/// The era at whose start the slash is (or was) due.
	pub apply_era: EraIndex,
	/// Pending, applied or cancelled.
	pub state: SlashState,
	/// Whether the council postponed it (once at most).
	pub postponed: bool,
}

/// Why a fault report changed nothing.
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
pub enum ReportIgnored {
	/// The offence is older than the report window: the stake it would slash may be gone.
	TooLate,
	/// The offence predates the offender's current candidacy.
	BeforeCandidacy,
	/// The offence was reported before at a fraction at least as large, or was already
	/// applied or cancelled.
	Duplicate,
	/// The offence is of an era before slashes were recorded per offence (the storage
	/// upgrade to version 1): it may have been slashed or cancelled then, so it is not queued.
	PredatesRecords,
}
