//! The pallet's stored types.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::schedule::DispatchTime, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound,
	EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::traits::Get;

use crate::{
	tally::{Tally, Vote},
	track::TrackId,
	Config, MaxMotionCall,
};

/// A referendum's index.
pub type ReferendumIndex = u32;

/// A council motion's index.
pub type MotionIndex = u32;

/// A deposit and who placed it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Deposit<AccountId> {
	/// Who placed it.
	pub who: AccountId,
	/// How much is held.
	pub amount: u128,
}

/// A referendum in its decision period.
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
pub struct DecidingStatus<BlockNumber> {
	/// When the decision began.
	pub since: BlockNumber,
	/// While passing: the block at which it is approved if it keeps passing.
	pub confirming: Option<BlockNumber>,
}

/// An ongoing referendum.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct ReferendumStatus<AccountId, BlockNumber, Call> {
	/// Its track.
	pub track: TrackId,
	/// What it proposes.
	pub proposal: Call,
	/// When the proposal should be enacted if approved (at the earliest, the track's
	/// timelock after approval).
	pub enactment: DispatchTime<BlockNumber>,
	/// When it was submitted.
	pub submitted: BlockNumber,
	/// The submission deposit.
	pub submission_deposit: Deposit<AccountId>,
	/// The decision deposit, once placed.
	pub decision_deposit: Option<Deposit<AccountId>>,
	/// Its decision, once begun.
	pub deciding: Option<DecidingStatus<BlockNumber>>,
	/// The votes so far.
	pub tally: Tally,
	/// Waiting in its track's queue for room to decide.
	pub queued: bool,
}

/// A referendum, ongoing or ended. Ended ones keep `(block, submission deposit, decision
/// deposit)`, each deposit `None` once refunded or forfeit.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum ReferendumInfo<AccountId, BlockNumber, Call> {
	/// Preparing, queued or deciding.
	Ongoing(ReferendumStatus<AccountId, BlockNumber, Call>),
	/// Approved and scheduled; deposits refundable.
	Approved(BlockNumber, Option<Deposit<AccountId>>, Option<Deposit<AccountId>>),
	/// Rejected at its deadline; deposits refundable.
	Rejected(BlockNumber, Option<Deposit<AccountId>>, Option<Deposit<AccountId>>),
	/// Cancelled by governance; deposits refundable.
	Cancelled(BlockNumber, Option<Deposit<AccountId>>, Option<Deposit<AccountId>>),
	/// No decision began in time: the submission deposit is forfeit, a decision deposit
	/// refundable.
	TimedOut(BlockNumber, Option<Deposit<AccountId>>, Option<Deposit<AccountId>>),
	/// Killed by root power: both deposits slashed.
	Killed(BlockNumber),
}

/// An account's votes, and the lock left by ended referenda it voted on with conviction.
#[derive(
	Encode,
	Decode,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	DefaultNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxVotes))]
pub struct VotingRecord<
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug + Default,
	MaxVotes: Get<u32>,
> {
	/// `(referendum, vote)` for each referendum voted on and not yet removed.
	pub votes: BoundedVec<(crate::ReferendumIndex, Vote), MaxVotes>,
	/// `(until, amount)`: `amount` stays frozen until block `until`.
	pub prior: (BlockNumber, u128),
}

impl<
		BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug + Default + PartialOrd,
		MaxVotes: Get<u32>,
	> VotingRecord<BlockNumber, MaxVotes>
{
	/// What must stay frozen at block `now`: the largest vote, or the prior lock if larger and
	/// not yet expired.
	pub fn frozen(&self, now: BlockNumber) -> u128 {
		let votes = self.votes.iter().map(|(_, v)| v.balance).max().unwrap_or(0);
		let prior = if now < self.prior.0 { self.prior.1 } else { 0 };
		votes.max(prior)
	}
}

/// A voting record as stored.
pub type VotingRecordOf<T> = VotingRecord<BlockNumberFor<T>, <T as Config>::MaxVotes>;

/// An open council motion.
#[derive(
	Encode, Decode, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCouncil))]
pub struct Motion<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxCouncil: Get<u32>,
> {
	/// The call, encoded.
	pub call: BoundedVec<u8, MaxMotionCall>,
	/// Members who approved it.
	pub approvals: BoundedVec<AccountId, MaxCouncil>,
	/// The last block it may be approved in.
	pub expiry: BlockNumber,
}

/// A motion as stored.
pub type MotionOf<T> =
	Motion<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxCouncil>;

/// How many voted on a decided referendum: kept for the most recent ones ([`crate::Turnouts`]).
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
pub struct Turnout<BlockNumber> {
	/// The referendum.
	pub index: crate::ReferendumIndex,
	/// Its track.
	pub track: crate::track::TrackId,
	/// Approved (else rejected).
	pub approved: bool,
	/// The block it was decided in.
	pub decided: BlockNumber,
	/// Its final tally.
	pub tally: crate::tally::Tally,
	/// The active issuance then: support over it is the turnout.
	pub issuance: u128,
}

impl<BlockNumber> Turnout<BlockNumber> {
	/// The share of the active issuance that voted.
	pub fn turnout(&self) -> sp_runtime::Perbill {
		sp_runtime::Perbill::from_rational(
			self.tally.support.min(self.issuance),
			self.issuance.max(1),
		)
	}
}
