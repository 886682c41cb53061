//! # Referenda
//!
//! Token-weighted governance on tracks that live in storage, with conviction voting on
//! freezes, a timelock through the stock scheduler, and a security council of bounded powers.
//! The pallet README describes the lifecycle, the deposits and the default tracks.
//!
//! - **Tracks** ([`Tracks`]) say how hard each [`Power`] is to wield: deposits, periods and
//!   the approval and support curves. They are storage, set at genesis and changed by
//!   referendum on a root-power track ([`Pallet::set_track`]). Powers are code: an approved
//!   proposal is dispatched with the track's power as its origin ([`Origin`] or root), and the
//!   runtime decides which powers each pallet's privileged calls accept.
//! - **Lifecycle**: `submit` (submission deposit held) → preparing → a decision deposit and
//!   the prepare period open the decision (or the track's queue, at capacity) → deciding →
//!   confirming while passing → approved and scheduled after the timelock, or rejected at the
//!   decision period's end; timed out if no decision began in time; cancelled or killed by
//!   governance. Alarms ([`Alarms`]) drive the transitions in `on_initialize`; votes
//!   re-evaluate at once.
//! - **Votes** ([`Pallet::vote`]) carry a balance and a conviction (0.1× unlocked up to 6× for
//!   32 lock periods). The balance is frozen ([`FreezeReason::Voting`]), so staked (held) and
//!   vesting (frozen) tokens vote too. A winning vote with conviction stays locked for its
//!   periods after the referendum ends; [`Pallet::unlock`] releases what has expired.
//! - **The security council** ([`Council`]): a bounded membership set by root power; `k` of
//!   `n` members dispatch a call with the [`Origin::Council`] origin, but only calls the
//!   runtime's [`Config::CouncilCalls`] admits (pause the inbox, cancel a referendum): never a
//!   transfer or an upgrade. It cannot cancel a referendum on a root or emergency track: those
//!   are how token holders replace the council and undo what it did.
//! - **The rollup notice** ([`RollupNotice`]): every change that affects rollups waits it
//!   between approval and enactment, whichever track carries it: any proposal on a
//!   rollup-impacting track, and every root-power proposal but the calls the runtime's
//!   [`Config::NoticeExempt`] admits (those that do not change the rules rollups rely on, and
//!   emergency actions that cannot wait). A proposal is judged
//!   by the call the scheduler will dispatch, read from its preimage when it is given by hash.
//! - **What no referendum may propose** ([`Config::ProposalFilter`]): refused at `submit`,
//!   whatever the track (root power bypasses the runtime's call filter, so the filter is here).
//!
//! ## Invariants (checked by `try_state`)
//!
//! - Each account's voting freeze is the largest of its recorded votes and its unexpired
//!   prior lock.
//! - Each ongoing referendum's tally is the sum of the votes recorded on it.
//! - Each account's deposit holds are the sum of its recorded, unrefunded deposits.
//! - The deciding and ongoing counts of each track are the numbers of its referenda deciding
//!   and ongoing.
//! - The rollup notice is at least one block, and every rollup-impacting track's timelock is at
//!   least the notice.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod conviction;
pub mod tally;
pub mod track;
mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::{boxed::Box, vec::Vec};
use codec::Encode;
use conviction::Conviction;
use frame_support::{
	dispatch::{DispatchResultWithPostInfo, GetDispatchInfo, PostDispatchInfo},
	pallet_prelude::*,
	traits::{
		fungible::{
			hold::Balanced as BalancedHold, Credit, Inspect, InspectFreeze, Mutate, MutateFreeze,
			MutateHold,
		},
		schedule::{v3::Named as ScheduleNamed, DispatchTime},
		tokens::Precision,
		Bounded, Contains, OnUnbalanced, QueryPreimage, StorePreimage,
	},
};
use frame_system::pallet_prelude::*;
use sp_runtime::{
	traits::{Dispatchable, Hash, Saturating, Zero},
	Perbill,
};
use tally::{Tally, Vote};
use track::{Power, Track, TrackId};

/// A proposal: a call inline or by the hash of a noted preimage.
pub type BoundedCallOf<T> =
	Bounded<<T as Config>::RuntimeCall, <T as frame_system::Config>::Hashing>;

/// A track as stored.
pub type TrackOf<T> = Track<BlockNumberFor<T>>;

/// A referendum as stored.
pub type ReferendumInfoOf<T> =
	ReferendumInfo<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BoundedCallOf<T>>;

/// An ongoing referendum as stored.
pub type ReferendumStatusOf<T> =
	ReferendumStatus<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BoundedCallOf<T>>;

/// Decided referenda whose turnout [`Turnouts`] keeps.
pub const RECENT_TURNOUTS: u32 = 32;

/// Successive blocks tried for an approved proposal's enactment when agendas are full.
const ENACTMENT_ATTEMPTS: u32 = 64;

/// Longest call the council may hold as a motion, encoded.
pub type MaxMotionCall = ConstU32<1024>;

/// Longest root-power proposal, encoded, that may be exempt from the rollup notice: approval
/// reads at most this much of a preimage to judge it. Every call the runtime exempts is far
/// shorter (a council of nine members is about 300 bytes); a longer proposal waits the notice.
pub const MAX_EXEMPT_PROPOSAL_LEN: u32 = 1024;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The origins approved referenda and the council dispatch with (root power uses the
	/// system's root origin).
	#[pallet::origin]
	#[derive(
		Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
	)]
	pub enum Origin {
		/// A referendum on a parameters track passed.
		Parameters,
		/// A referendum on a treasury track passed.
		Treasury,
		/// A referendum on a rollup-impacting track passed.
		RollupImpacting,
		/// A referendum on an emergency track passed.
		Emergency,
		/// `k` of `n` security council members approved.
		Council,
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A referendum's submission deposit.
		Submission,
		/// A referendum's decision deposit.
		Decision,
	}

	/// Why the pallet freezes funds.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// Tokens voted with, or locked by conviction after a vote.
		Voting,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The runtime's call type: what proposals and council motions dispatch.
		type RuntimeCall: Parameter
			+ Dispatchable<
				RuntimeOrigin = <Self as Config>::RuntimeOrigin,
				PostInfo = PostDispatchInfo,
			> + GetDispatchInfo
			+ From<frame_system::Call<Self>>
			+ From<Call<Self>>;

		/// The runtime's origin, which the pallet's [`Origin`] converts into.
		type RuntimeOrigin: From<Origin> + From<frame_system::RawOrigin<Self::AccountId>>;

		/// The runtime's origin caller, as the scheduler stores it.
		type PalletsOrigin: From<Origin> + From<frame_system::RawOrigin<Self::AccountId>> + Clone;

		/// The native currency: deposits are held, votes frozen.
		type Currency: Inspect<Self::AccountId, Balance = u128>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ BalancedHold<Self::AccountId>
			+ MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>
			+ InspectFreeze<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// The runtime's freeze reasons.
		type RuntimeFreezeReason: From<FreezeReason>;

		/// Enacts approved proposals after their timelock (the stock scheduler).
		type Scheduler: ScheduleNamed<
			BlockNumberFor<Self>,
			<Self as Config>::RuntimeCall,
			Self::PalletsOrigin,
			Hasher = Self::Hashing,
		>;

		/// Holds proposals too large to be inline (the stock preimage pallet).
		type Preimages: QueryPreimage<H = Self::Hashing> + StorePreimage;

		/// Changes tracks and the council, and kills referenda: root power.
		type RootOrigin: EnsureOrigin<<Self as frame_system::Config>::RuntimeOrigin>;

		/// Cancels any referendum (deposits refunded): emergency or root power.
		type CancelOrigin: EnsureOrigin<<Self as frame_system::Config>::RuntimeOrigin>;

		/// Cancels referenda on tracks whose power is neither root nor emergency: the security
		/// council. Root and emergency referenda are how token holders replace the council and
		/// undo its actions, so it may not cancel them ([`Error::CouncilCannotCancel`]).
		type CouncilCancelOrigin: EnsureOrigin<<Self as frame_system::Config>::RuntimeOrigin>;

		/// Receives the deposits of killed and timed-out referenda (the treasury).
		type Slashed: OnUnbalanced<Credit<Self::AccountId, Self::Currency>>;

		/// Calls the council may dispatch.
		type CouncilCalls: Contains<<Self as Config>::RuntimeCall>;

		/// Calls a referendum may propose, on any track: `submit` refuses the others
		/// ([`Error::NotProposable`]). Root power bypasses the runtime's call filter, so calls
		/// no referendum may ever enact are kept out here.
		type ProposalFilter: Contains<<Self as Config>::RuntimeCall>;

		/// Calls a root-power referendum may enact after its own track's timelock: those that do
		/// not change the rules rollups rely on, and emergency actions that cannot wait. Every
		/// other root-power proposal waits [`RollupNotice`].
		type NoticeExempt: Contains<<Self as Config>::RuntimeCall>;

		/// Held from the submitter of every referendum.
		#[pallet::constant]
		type SubmissionDeposit: Get<u128>;

		/// Blocks a referendum may wait for its decision to begin before it times out.
		#[pallet::constant]
		type UndecidingTimeout: Get<BlockNumberFor<Self>>;

		/// One conviction lock period, in blocks.
		#[pallet::constant]
		type VoteLockingPeriod: Get<BlockNumberFor<Self>>;

		/// The least rollup notice governance may set ([`Pallet::set_rollup_notice`]), and the
		/// notice of a chain whose genesis sets none. Only a chain's genesis may set a shorter
		/// one (development chains, so that their referenda run in seconds).
		#[pallet::constant]
		type RollupNoticePeriod: Get<BlockNumberFor<Self>>;

		/// Blocks a council motion stays open.
		#[pallet::constant]
		type MotionDuration: Get<BlockNumberFor<Self>>;

		/// Most tracks.
		#[pallet::constant]
		type MaxTracks: Get<u32>;

		/// Most referenda waiting in one track's queue.
		#[pallet::constant]
		type MaxQueued: Get<u32>;

		/// Most referenda one account may vote on at once.
		#[pallet::constant]
		type MaxVotes: Get<u32>;

		/// Most alarms in one block (more move to the next block).
		#[pallet::constant]
		type MaxAlarms: Get<u32>;

		/// Most council members, and most council motions open at once.
		#[pallet::constant]
		type MaxCouncil: Get<u32>;

		/// Heaviest call a council motion may carry: an approval that dispatches it is
		/// charged this much up front and refunded what the call did not use.
		#[pallet::constant]
		type MaxMotionWeight: Get<Weight>;

		/// Weights of the calls and of servicing alarms, from the node's `benchmark pallet`.
		type WeightInfo: WeightInfo;
	}

	/// The tracks, by id.
	#[pallet::storage]
	pub type Tracks<T: Config> = CountedStorageMap<_, Twox64Concat, TrackId, TrackOf<T>>;

	/// Referenda created so far: the next referendum's index.
	#[pallet::storage]
	pub type ReferendumCount<T: Config> = StorageValue<_, ReferendumIndex, ValueQuery>;

	/// Every referendum, ongoing or ended.
	#[pallet::storage]
	pub type ReferendumInfoFor<T: Config> =
		StorageMap<_, Blake2_128Concat, ReferendumIndex, ReferendumInfoOf<T>>;

	/// Referenda ongoing (preparing, queued or deciding) on each track: a track with any
	/// cannot be removed.
	#[pallet::storage]
	pub type OngoingCount<T: Config> = StorageMap<_, Twox64Concat, TrackId, u32, ValueQuery>;

	/// Referenda deciding on each track.
	#[pallet::storage]
	pub type DecidingCount<T: Config> = StorageMap<_, Twox64Concat, TrackId, u32, ValueQuery>;

	/// Referenda ready to decide but waiting for room on their track, oldest first.
	#[pallet::storage]
	pub type Queue<T: Config> =
		StorageMap<_, Twox64Concat, TrackId, BoundedVec<ReferendumIndex, T::MaxQueued>, ValueQuery>;

	/// Referenda to re-evaluate at each block.
	#[pallet::storage]
	pub type Alarms<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<ReferendumIndex, T::MaxAlarms>,
		ValueQuery,
	>;

	/// Each account's votes and its lock after ended referenda.
	#[pallet::storage]
	pub type Voting<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, VotingRecordOf<T>, ValueQuery>;

	/// The turnout of the most recently decided (approved or rejected) referenda, oldest
	/// first: the voter participation the economics metrics report.
	#[pallet::storage]
	pub type Turnouts<T: Config> = StorageValue<
		_,
		BoundedVec<Turnout<BlockNumberFor<T>>, ConstU32<RECENT_TURNOUTS>>,
		ValueQuery,
	>;

	/// The security council's members.
	#[pallet::storage]
	pub type Council<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxCouncil>, ValueQuery>;

	/// Approvals a council motion needs.
	#[pallet::storage]
	pub type CouncilThreshold<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Council motions created so far.
	#[pallet::storage]
	pub type MotionCount<T: Config> = StorageValue<_, MotionIndex, ValueQuery>;

	/// Open council motions: at most `MaxCouncil`; expired ones are pruned when room is
	/// needed.
	#[pallet::storage]
	pub type Motions<T: Config> = CountedStorageMap<_, Twox64Concat, MotionIndex, MotionOf<T>>;

	/// The rollup notice: the least delay, in blocks, between the approval and the enactment of
	/// every change that affects rollups (see the crate documentation). Set at genesis (by
	/// default `RollupNoticePeriod`) and by root power, never below `RollupNoticePeriod`.
	#[pallet::storage]
	pub type RollupNotice<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::RollupNoticePeriod>;

	/// The tracks and council at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(id, track)` of each track.
		pub tracks: Vec<(TrackId, TrackOf<T>)>,
		/// The council's members.
		pub council: Vec<T::AccountId>,
		/// Approvals a council motion needs.
		pub council_threshold: u32,
		/// The rollup notice, in blocks; `None` for `RollupNoticePeriod`. Shorter only on
		/// development chains.
		pub rollup_notice: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(notice) = self.rollup_notice {
				assert!(!notice.is_zero(), "the genesis rollup notice must be at least one block");
				RollupNotice::<T>::put(notice);
			}
			for (id, track) in &self.tracks {
				assert!(!Tracks::<T>::contains_key(id), "genesis track {id} given twice");
				if let Err(e) = Pallet::<T>::check_track(track) {
					panic!("genesis track {id}: {e:?}");
				}
				Tracks::<T>::insert(id, track);
			}
			assert!(
				Tracks::<T>::count() <= T::MaxTracks::get(),
				"more genesis tracks than MaxTracks"
			);
			let members: BoundedVec<_, T::MaxCouncil> =
				self.council.clone().try_into().expect("genesis council within MaxCouncil");
			assert!(
				members.is_empty()
					|| (self.council_threshold >= 1
						&& self.council_threshold as usize <= members.len()),
				"genesis council threshold must be 1..=members"
			);
			Council::<T>::put(members);
			CouncilThreshold::<T>::put(self.council_threshold);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Referendum `index` was submitted on `track`.
		Submitted { index: ReferendumIndex, track: TrackId, proposal: BoundedCallOf<T> },
		/// The decision deposit was placed.
		DecisionDepositPlaced { index: ReferendumIndex, who: T::AccountId, amount: u128 },
		/// The decision began.
		DecisionStarted { index: ReferendumIndex, track: TrackId, tally: Tally },
		/// Ready to decide, but the track is at capacity: it waits in the queue.
		Queued { index: ReferendumIndex, track: TrackId },
		/// Passing: it is approved if it keeps passing until `until`.
		ConfirmStarted { index: ReferendumIndex, until: BlockNumberFor<T> },
		/// No longer passing: the confirmation stopped.
		ConfirmAborted { index: ReferendumIndex },
		/// Approved; the proposal is enacted at block `enactment`.
		Approved { index: ReferendumIndex, enactment: BlockNumberFor<T> },
		/// Rejected at the end of its decision period.
		Rejected { index: ReferendumIndex, tally: Tally },
		/// No decision began within `UndecidingTimeout`.
		TimedOut { index: ReferendumIndex },
		/// Cancelled by governance; deposits refundable.
		Cancelled { index: ReferendumIndex },
		/// Killed by root power; deposits slashed.
		Killed { index: ReferendumIndex },
		/// A deposit went back to `who`.
		DepositRefunded { index: ReferendumIndex, who: T::AccountId, amount: u128 },
		/// A deposit of `who` was slashed to the treasury.
		DepositSlashed { who: T::AccountId, amount: u128 },
		/// `who` voted.
		Voted { who: T::AccountId, index: ReferendumIndex, vote: Vote },
		/// `who` took its vote back.
		VoteRemoved { who: T::AccountId, index: ReferendumIndex },
		/// `who`'s voting freeze is now `frozen`.
		Unlocked { who: T::AccountId, frozen: u128 },
		/// A track was added or changed.
		TrackSet { id: TrackId, track: TrackOf<T> },
		/// A track was removed.
		TrackRemoved { id: TrackId },
		/// The council was replaced.
		CouncilSet { members: Vec<T::AccountId>, threshold: u32 },
		/// A council member proposed motion `index`.
		MotionProposed { index: MotionIndex, who: T::AccountId, call_hash: T::Hash },
		/// A council member approved motion `index`.
		MotionApproved { index: MotionIndex, who: T::AccountId, approvals: u32 },
		/// Motion `index` reached its threshold and was dispatched.
		MotionExecuted { index: MotionIndex, result: DispatchResult },
		/// The rollup notice is now `blocks`.
		RollupNoticeSet { blocks: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No track with this id.
		UnknownTrack,
		/// No referendum with this index.
		UnknownReferendum,
		/// The referendum has ended.
		NotOngoing,
		/// The referendum is still running.
		StillOngoing,
		/// The decision deposit was placed already.
		DecisionDepositPlaced,
		/// No such deposit, or it was refunded already, or it is forfeit.
		NoDeposit,
		/// The free balance cannot cover the deposit.
		InsufficientDeposit,
		/// The proposal's preimage has not been noted.
		PreimageMissing,
		/// The vote's balance exceeds the account's.
		InsufficientFunds,
		/// Votes on too many referenda at once: remove ended ones first.
		MaxVotesReached,
		/// The account has no vote on this referendum.
		NotVoted,
		/// Nothing is frozen beyond what votes and locks still need.
		NothingToUnlock,
		/// The conviction lock has not ended yet.
		LockNotExpired,
		/// The track is malformed: see the pallet README for the rules.
		BadTrack,
		/// The track name is empty or not lowercase letters, digits and dashes.
		BadTrackName,
		/// A rollup-impacting track's timelock is shorter than the rollup notice, or a new notice
		/// is shorter than `RollupNoticePeriod`.
		NoticeTooShort,
		/// `MaxTracks` exist already.
		TooManyTracks,
		/// The track has referenda ongoing: it cannot be removed.
		TrackInUse,
		/// The caller is not a council member.
		NotCouncilMember,
		/// The call is not among the council's powers.
		NotCouncilPower,
		/// The council threshold must be between 1 and the number of members.
		BadThreshold,
		/// Too many council members.
		TooManyMembers,
		/// No open motion with this index.
		UnknownMotion,
		/// The member approved this motion already.
		AlreadyApproved,
		/// The motion's call is too long to hold.
		MotionTooLong,
		/// The motion's call is heavier than `MaxMotionWeight`.
		MotionTooHeavy,
		/// `MaxCouncil` motions are open and none has expired.
		TooManyMotions,
		/// The council may not cancel a referendum on a root or emergency track: it takes an
		/// emergency-track or root referendum.
		CouncilCannotCancel,
		/// No referendum may propose this call (the runtime's `ProposalFilter` refuses it, e.g.
		/// a call that would mint or burn outside the economy's books).
		NotProposable,
		/// The proposal does not decode as a call.
		BadProposal,
		/// A rollup-impacting track's timelock is shorter than the proposed notice: raise the
		/// track's timelock first (`set_track`).
		TrackBelowNotice,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let due = Alarms::<T>::take(now);
			let n = due.len();
			for index in due {
				Self::service(index, now);
			}
			T::WeightInfo::on_initialize(n as u32)
		}

		fn integrity_test() {
			assert!(!T::RollupNoticePeriod::get().is_zero(), "RollupNoticePeriod must be positive");
			assert!(T::MaxAlarms::get() > 0, "MaxAlarms must be positive");
			assert!(T::MaxVotes::get() > 0, "MaxVotes must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Propose `proposal` on `track`, to be enacted at `enactment` (at the earliest the
		/// track's timelock after approval, or the rollup notice for a change that affects
		/// rollups). Holds `SubmissionDeposit`. The call is read (from its preimage, for a
		/// proposal by hash) and refused if the runtime's `ProposalFilter` refuses it.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit(Pallet::<T>::read_len(proposal)))]
		pub fn submit(
			origin: OriginFor<T>,
			track: TrackId,
			proposal: Box<BoundedCallOf<T>>,
			enactment: DispatchTime<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Tracks::<T>::contains_key(track), Error::<T>::UnknownTrack);
			if proposal.lookup_needed() {
				ensure!(T::Preimages::have(&proposal), Error::<T>::PreimageMissing);
			}
			// The call the scheduler will dispatch: decoded from the front of the preimage, as
			// the scheduler decodes it.
			let call = T::Preimages::peek(&proposal).map_err(|e| match e {
				DispatchError::Unavailable => Error::<T>::PreimageMissing,
				_ => Error::<T>::BadProposal,
			})?;
			ensure!(T::ProposalFilter::contains(&call.0), Error::<T>::NotProposable);
			let amount = T::SubmissionDeposit::get();
			T::Currency::hold(&HoldReason::Submission.into(), &who, amount)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			if proposal.lookup_needed() {
				T::Preimages::request(&proposal.hash());
			}
			let index = ReferendumCount::<T>::mutate(|c| {
				let i = *c;
				*c = c.saturating_add(1);
				i
			});
			let now = frame_system::Pallet::<T>::block_number();
			let status = ReferendumStatus {
				track,
				proposal: (*proposal).clone(),
				enactment,
				submitted: now,
				submission_deposit: Deposit { who, amount },
				decision_deposit: None,
				deciding: None,
				tally: Tally::default(),
				queued: false,
			};
			OngoingCount::<T>::mutate(track, |c| *c = c.saturating_add(1));
			ReferendumInfoFor::<T>::insert(index, ReferendumInfo::Ongoing(status));
			Self::set_alarm(index, now.saturating_add(T::UndecidingTimeout::get()));
			Self::deposit_event(Event::Submitted { index, track, proposal: *proposal });
			Ok(())
		}

		/// Place the decision deposit of referendum `index` (anyone may): its decision begins
		/// once the track's prepare period has passed and the track has room.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::place_decision_deposit())]
		pub fn place_decision_deposit(
			origin: OriginFor<T>,
			index: ReferendumIndex,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut status = Self::ongoing(index)?;
			ensure!(status.decision_deposit.is_none(), Error::<T>::DecisionDepositPlaced);
			let track = Tracks::<T>::get(status.track).ok_or(Error::<T>::UnknownTrack)?;
			let amount = track.decision_deposit;
			T::Currency::hold(&HoldReason::Decision.into(), &who, amount)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			status.decision_deposit = Some(Deposit { who: who.clone(), amount });
			ReferendumInfoFor::<T>::insert(index, ReferendumInfo::Ongoing(status));
			Self::deposit_event(Event::DecisionDepositPlaced { index, who, amount });
			Self::service(index, frame_system::Pallet::<T>::block_number());
			Ok(())
		}

		/// Refund the decision deposit of an ended referendum (anyone may call; it goes back
		/// to whoever placed it). Forfeit if the referendum was killed.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::refund_decision_deposit())]
		pub fn refund_decision_deposit(
			origin: OriginFor<T>,
			index: ReferendumIndex,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let mut info =
				ReferendumInfoFor::<T>::get(index).ok_or(Error::<T>::UnknownReferendum)?;
			let deposit = match &mut info {
				ReferendumInfo::Ongoing(_) => return Err(Error::<T>::StillOngoing.into()),
				ReferendumInfo::Approved(_, _, d)
				| ReferendumInfo::Rejected(_, _, d)
				| ReferendumInfo::Cancelled(_, _, d)
				| ReferendumInfo::TimedOut(_, _, d) => d.take(),
				ReferendumInfo::Killed(_) => None,
			}
			.ok_or(Error::<T>::NoDeposit)?;
			Self::release(index, HoldReason::Decision, &deposit);
			ReferendumInfoFor::<T>::insert(index, info);
			Ok(())
		}

		/// Refund the submission deposit of an ended referendum that was approved, rejected or
		/// cancelled (anyone may call). Forfeit if it timed out or was killed.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::refund_submission_deposit())]
		pub fn refund_submission_deposit(
			origin: OriginFor<T>,
			index: ReferendumIndex,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let mut info =
				ReferendumInfoFor::<T>::get(index).ok_or(Error::<T>::UnknownReferendum)?;
			let deposit = match &mut info {
				ReferendumInfo::Ongoing(_) => return Err(Error::<T>::StillOngoing.into()),
				ReferendumInfo::Approved(_, s, _)
				| ReferendumInfo::Rejected(_, s, _)
				| ReferendumInfo::Cancelled(_, s, _) => s.take(),
				ReferendumInfo::TimedOut(..) | ReferendumInfo::Killed(_) => None,
			}
			.ok_or(Error::<T>::NoDeposit)?;
			Self::release(index, HoldReason::Submission, &deposit);
			ReferendumInfoFor::<T>::insert(index, info);
			Ok(())
		}

		/// Cancel an ongoing referendum; its deposits become refundable. Emergency or root
		/// power cancels any; the council only those on tracks whose power is neither root nor
		/// emergency.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, index: ReferendumIndex) -> DispatchResult {
			let by_council = match T::CancelOrigin::try_origin(origin) {
				Ok(_) => false,
				Err(origin) => {
					T::CouncilCancelOrigin::ensure_origin(origin)?;
					true
				},
			};
			let status = Self::ongoing(index)?;
			if by_council {
				let power = Tracks::<T>::get(status.track).map(|t| t.power);
				ensure!(
					matches!(
						power,
						Some(Power::Parameters | Power::Treasury | Power::RollupImpacting)
					),
					Error::<T>::CouncilCannotCancel
				);
			}
			let now = frame_system::Pallet::<T>::block_number();
			Self::end(index, &status, now);
			ReferendumInfoFor::<T>::insert(
				index,
				ReferendumInfo::Cancelled(
					now,
					Some(status.submission_deposit),
					status.decision_deposit,
				),
			);
			Self::deposit_event(Event::Cancelled { index });
			Ok(())
		}

		/// Kill an ongoing referendum and slash its deposits to the treasury. Root power.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::kill())]
		pub fn kill(origin: OriginFor<T>, index: ReferendumIndex) -> DispatchResult {
			T::RootOrigin::ensure_origin(origin)?;
			let status = Self::ongoing(index)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::end(index, &status, now);
			Self::slash(HoldReason::Submission, &status.submission_deposit);
			if let Some(d) = &status.decision_deposit {
				Self::slash(HoldReason::Decision, d);
			}
			ReferendumInfoFor::<T>::insert(index, ReferendumInfo::Killed(now));
			Self::deposit_event(Event::Killed { index });
			Ok(())
		}

		/// Vote on referendum `index`: `aye` or nay with `balance` (frozen while it counts)
		/// at `conviction` 0-6. A second vote replaces the first.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::vote())]
		pub fn vote(
			origin: OriginFor<T>,
			index: ReferendumIndex,
			aye: bool,
			#[pallet::compact] balance: u128,
			conviction: Conviction,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut status = Self::ongoing(index)?;
			ensure!(balance <= T::Currency::total_balance(&who), Error::<T>::InsufficientFunds);
			let vote = Vote { aye, balance, conviction };
			let mut record = Voting::<T>::get(&who);
			match record.votes.iter_mut().find(|(i, _)| *i == index) {
				Some((_, old)) => {
					status.tally.remove(old);
					*old = vote;
				},
				None => {
					record.votes.try_push((index, vote)).map_err(|_| Error::<T>::MaxVotesReached)?
				},
			}
			status.tally.add(&vote);
			Self::freeze(&who, &record)?;
			Voting::<T>::insert(&who, record);
			ReferendumInfoFor::<T>::insert(index, ReferendumInfo::Ongoing(status));
			Self::deposit_event(Event::Voted { who, index, vote });
			Self::service(index, frame_system::Pallet::<T>::block_number());
			Ok(())
		}

		/// Take back the caller's vote on referendum `index`. On an ongoing referendum it
		/// leaves the tally; on one that ended, a winning vote with conviction keeps its
		/// tokens locked for its lock periods from the end.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::remove_vote())]
		pub fn remove_vote(origin: OriginFor<T>, index: ReferendumIndex) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Voting::<T>::get(&who);
			let at =
				record.votes.iter().position(|(i, _)| *i == index).ok_or(Error::<T>::NotVoted)?;
			let (_, vote) = record.votes.remove(at);
			match ReferendumInfoFor::<T>::get(index) {
				Some(ReferendumInfo::Ongoing(mut status)) => {
					status.tally.remove(&vote);
					ReferendumInfoFor::<T>::insert(index, ReferendumInfo::Ongoing(status));
					Self::service(index, frame_system::Pallet::<T>::block_number());
				},
				Some(ReferendumInfo::Approved(end, ..)) if vote.aye => {
					Self::extend_lock(&mut record, end, &vote)
				},
				Some(ReferendumInfo::Rejected(end, ..)) if !vote.aye => {
					Self::extend_lock(&mut record, end, &vote)
				},
				_ => {},
			}
			Voting::<T>::insert(&who, record);
			Self::deposit_event(Event::VoteRemoved { who, index });
			Ok(())
		}

		/// Bring `target`'s voting freeze down to what its votes and unexpired locks still
		/// need (anyone may call).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::unlock())]
		pub fn unlock(origin: OriginFor<T>, target: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			let mut record = Voting::<T>::get(&target);
			let now = frame_system::Pallet::<T>::block_number();
			let current = T::Currency::balance_frozen(&FreezeReason::Voting.into(), &target);
			if record.prior.1 > 0 && now >= record.prior.0 {
				record.prior = (Zero::zero(), 0);
			}
			let needed = record.frozen(now);
			if needed >= current {
				let locked = record.prior.1 > 0 && record.prior.1 >= current;
				return Err(if locked {
					Error::<T>::LockNotExpired
				} else {
					Error::<T>::NothingToUnlock
				}
				.into());
			}
			Self::freeze(&target, &record)?;
			if record.votes.is_empty() && record.prior.1 == 0 {
				Voting::<T>::remove(&target);
			} else {
				Voting::<T>::insert(&target, record);
			}
			Self::deposit_event(Event::Unlocked { who: target, frozen: needed });
			Ok(())
		}

		/// Add (`Some` for a new id), change or remove (`None`) track `id`. Root power. A
		/// track with ongoing referenda cannot be removed.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_track())]
		pub fn set_track(
			origin: OriginFor<T>,
			id: TrackId,
			track: Option<TrackOf<T>>,
		) -> DispatchResult {
			T::RootOrigin::ensure_origin(origin)?;
			match track {
				Some(track) => {
					Self::check_track(&track)?;
					ensure!(
						Tracks::<T>::contains_key(id) || Tracks::<T>::count() < T::MaxTracks::get(),
						Error::<T>::TooManyTracks
					);
					Tracks::<T>::insert(id, &track);
					Self::deposit_event(Event::TrackSet { id, track });
				},
				None => {
					ensure!(Tracks::<T>::contains_key(id), Error::<T>::UnknownTrack);
					ensure!(OngoingCount::<T>::get(id) == 0, Error::<T>::TrackInUse);
					Tracks::<T>::remove(id);
					Self::deposit_event(Event::TrackRemoved { id });
				},
			}
			Ok(())
		}

		/// Replace the security council: `members`, of whom `threshold` must approve a
		/// motion. Root power. Open motions are dropped.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_council(members.len() as u32))]
		pub fn set_council(
			origin: OriginFor<T>,
			members: Vec<T::AccountId>,
			threshold: u32,
		) -> DispatchResult {
			T::RootOrigin::ensure_origin(origin)?;
			let bounded: BoundedVec<_, T::MaxCouncil> =
				members.clone().try_into().map_err(|_| Error::<T>::TooManyMembers)?;
			ensure!(
				bounded.is_empty() || (threshold >= 1 && threshold as usize <= bounded.len()),
				Error::<T>::BadThreshold
			);
			// At most `MaxCouncil` motions are open: this clears them all.
			let _ = Motions::<T>::clear(T::MaxCouncil::get(), None);
			Council::<T>::put(bounded);
			CouncilThreshold::<T>::put(threshold);
			Self::deposit_event(Event::CouncilSet { members, threshold });
			Ok(())
		}

		/// Propose that the council dispatch `call`, with the proposer's approval. Only calls
		/// among the council's powers are admitted.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::council_propose().saturating_add(call.get_dispatch_info().call_weight))]
		pub fn council_propose(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Council::<T>::get().contains(&who), Error::<T>::NotCouncilMember);
			ensure!(T::CouncilCalls::contains(&call), Error::<T>::NotCouncilPower);
			ensure!(
				call.get_dispatch_info().call_weight.all_lte(T::MaxMotionWeight::get()),
				Error::<T>::MotionTooHeavy
			);
			let encoded: BoundedVec<u8, MaxMotionCall> =
				call.encode().try_into().map_err(|_| Error::<T>::MotionTooLong)?;
			let now = frame_system::Pallet::<T>::block_number();
			if Motions::<T>::count() >= T::MaxCouncil::get() {
				// At most `MaxCouncil` motions exist, so this walk is bounded.
				let expired: Vec<MotionIndex> =
					Motions::<T>::iter().filter(|(_, m)| now > m.expiry).map(|(i, _)| i).collect();
				for i in expired {
					Motions::<T>::remove(i);
				}
				ensure!(Motions::<T>::count() < T::MaxCouncil::get(), Error::<T>::TooManyMotions);
			}
			let index = MotionCount::<T>::mutate(|c| {
				let i = *c;
				*c = c.saturating_add(1);
				i
			});
			let call_hash = T::Hashing::hash(&encoded);
			let motion = Motion {
				call: encoded,
				approvals: BoundedVec::truncate_from(alloc::vec![who.clone()]),
				expiry: now.saturating_add(T::MotionDuration::get()),
			};
			Self::deposit_event(Event::MotionProposed { index, who, call_hash });
			Self::maybe_execute(index, motion);
			Ok(())
		}

		/// Approve council motion `index`; at the threshold it is dispatched with the council
		/// origin.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::council_approve().saturating_add(T::MaxMotionWeight::get()))]
		pub fn council_approve(
			origin: OriginFor<T>,
			index: MotionIndex,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(Council::<T>::get().contains(&who), Error::<T>::NotCouncilMember);
			let mut motion = Motions::<T>::get(index).ok_or(Error::<T>::UnknownMotion)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now <= motion.expiry, Error::<T>::UnknownMotion);
			ensure!(!motion.approvals.contains(&who), Error::<T>::AlreadyApproved);
			motion.approvals.try_push(who.clone()).map_err(|_| Error::<T>::TooManyMembers)?;
			Self::deposit_event(Event::MotionApproved {
				index,
				who,
				approvals: motion.approvals.len() as u32,
			});
			let dispatched = Self::maybe_execute(index, motion);
			Ok(Some(T::WeightInfo::council_approve().saturating_add(dispatched)).into())
		}

		/// Set the rollup notice to `blocks`: at least `RollupNoticePeriod`, and no longer than
		/// any rollup-impacting track's timelock. Root power.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_rollup_notice())]
		pub fn set_rollup_notice(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::RootOrigin::ensure_origin(origin)?;
			ensure!(blocks >= T::RollupNoticePeriod::get(), Error::<T>::NoticeTooShort);
			// At most `MaxTracks` tracks.
			ensure!(
				Tracks::<T>::iter_values()
					.all(|t| t.power != Power::RollupImpacting || t.min_enactment_period >= blocks),
				Error::<T>::TrackBelowNotice
			);
			RollupNotice::<T>::put(blocks);
			Self::deposit_event(Event::RollupNoticeSet { blocks });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	fn ongoing(index: ReferendumIndex) -> Result<ReferendumStatusOf<T>, DispatchError> {
		match ReferendumInfoFor::<T>::get(index) {
			Some(ReferendumInfo::Ongoing(s)) => Ok(s),
			Some(_) => Err(Error::<T>::NotOngoing.into()),
			None => Err(Error::<T>::UnknownReferendum.into()),
		}
	}

	/// The rules every track must follow.
	pub fn check_track(track: &TrackOf<T>) -> DispatchResult {
		track.validate().map_err(|e| match e {
			track::TrackError::BadName => Error::<T>::BadTrackName,
			_ => Error::<T>::BadTrack,
		})?;
		if track.power == Power::RollupImpacting {
			ensure!(
				track.min_enactment_period >= RollupNotice::<T>::get(),
				Error::<T>::NoticeTooShort
			);
		}
		Ok(())
	}

	/// Bytes of preimage `submit` reads to check `proposal`: its length when given by hash (at
	/// most what the preimage store holds), the store's limit for a legacy hash without a
	/// length, nothing for an inline call.
	pub fn read_len(proposal: &BoundedCallOf<T>) -> u32 {
		let max = u32::try_from(T::Preimages::MAX_LENGTH).unwrap_or(u32::MAX);
		match proposal {
			Bounded::Inline(_) => 0,
			Bounded::Lookup { len, .. } => (*len).min(max),
			Bounded::Legacy { .. } => max,
		}
	}

	/// The least delay between approving `proposal` on `track` and enacting it: the track's
	/// timelock, or the rollup notice if longer and the change may affect rollups.
	pub fn timelock(track: &TrackOf<T>, proposal: &BoundedCallOf<T>) -> BlockNumberFor<T> {
		let notice = match track.power {
			Power::RollupImpacting => true,
			Power::Root => !Self::exempt_from_notice(proposal),
			Power::Parameters | Power::Treasury | Power::Emergency => false,
		};
		if notice {
			track.min_enactment_period.max(RollupNotice::<T>::get())
		} else {
			track.min_enactment_period
		}
	}

	/// Whether a root-power `proposal` may skip the rollup notice: a call the runtime's
	/// `NoticeExempt` admits, no longer than `MAX_EXEMPT_PROPOSAL_LEN`. A proposal whose
	/// preimage cannot be read or decoded is not exempt.
	fn exempt_from_notice(proposal: &BoundedCallOf<T>) -> bool {
		match proposal.len() {
			Some(len) if len <= MAX_EXEMPT_PROPOSAL_LEN => {},
			_ => return false,
		}
		T::Preimages::peek(proposal).is_ok_and(|(call, _)| T::NoticeExempt::contains(&call))
	}

	/// Re-evaluates `index` at `when` (or the first block after it with room for an alarm).
	fn set_alarm(index: ReferendumIndex, when: BlockNumberFor<T>) {
		let mut at = when;
		for _ in 0..64 {
			let pushed = Alarms::<T>::mutate(at, |alarms| {
				alarms.contains(&index) || alarms.try_push(index).is_ok()
			});
			if pushed {
				return;
			}
			at = at.saturating_add(1u32.into());
		}
	}

	/// Brings referendum `index` up to date at block `now`: begins its decision, starts or
	/// stops its confirmation, approves, rejects or times it out, and sets its next alarm.
	pub fn service(index: ReferendumIndex, now: BlockNumberFor<T>) {
		let Some(ReferendumInfo::Ongoing(mut status)) = ReferendumInfoFor::<T>::get(index) else {
			return;
		};
		let Some(track) = Tracks::<T>::get(status.track) else {
			// Unreachable while `OngoingCount` keeps the track; kept so a referendum can never
			// be stranded.
			OngoingCount::<T>::mutate(status.track, |c| *c = c.saturating_sub(1));
			ReferendumInfoFor::<T>::insert(
				index,
				ReferendumInfo::TimedOut(
					now,
					Some(status.submission_deposit),
					status.decision_deposit,
				),
			);
			Self::deposit_event(Event::TimedOut { index });
			return;
		};
		if status.deciding.is_none() {
			let prepared = now >= status.submitted.saturating_add(track.prepare_period);
			if status.decision_deposit.is_some() && prepared && !status.queued {
				if DecidingCount::<T>::get(status.track) < track.max_deciding {
					Self::begin_deciding(index, &mut status, now);
				} else if Queue::<T>::mutate(status.track, |q| q.try_push(index).is_ok()) {
					status.queued = true;
					Self::deposit_event(Event::Queued { index, track: status.track });
				}
			}
			if status.deciding.is_none() {
				let timeout = status.submitted.saturating_add(T::UndecidingTimeout::get());
				if now >= timeout && !status.queued {
					Self::timed_out(index, status, now);
					return;
				}
				if status.decision_deposit.is_some() && !prepared {
					Self::set_alarm(index, status.submitted.saturating_add(track.prepare_period));
				}
				ReferendumInfoFor::<T>::insert(index, ReferendumInfo::Ongoing(status));
				return;
			}
		}
		let Some(mut deciding) = status.deciding else { return };
		let elapsed = Self::elapsed(deciding.since, now, track.decision_period);
		let issuance = T::Currency::active_issuance();
		let passing =
			status.tally.passing(elapsed, issuance, &track.min_approval, &track.min_support);
		let deadline = deciding.since.saturating_add(track.decision_period);
		if passing {
			let until = match deciding.confirming {
				Some(until) => until,
				None => {
					let until = now.saturating_add(track.confirm_period);
					deciding.confirming = Some(until);
					Self::deposit_event(Event::ConfirmStarted { index, until });
					until
				},
			};
			if now >= until {
				Self::record_turnout(index, &status, true, now, issuance);
				Self::approve(index, status, &track, now);
				return;
			}
			Self::set_alarm(index, until);
		} else {
			if deciding.confirming.take().is_some() {
				Self::deposit_event(Event::ConfirmAborted { index });
			}
			if now >= deadline {
				Self::record_turnout(index, &status, false, now, issuance);
				let tally = status.tally;
				Self::end(index, &status, now);
				ReferendumInfoFor::<T>::insert(
					index,
					ReferendumInfo::Rejected(
						now,
						Some(status.submission_deposit),
						status.decision_deposit,
					),
				);
				Self::deposit_event(Event::Rejected { index, tally });
				return;
			}
			// When the falling thresholds meet the tally as it stands, or the deadline.
			let approval = track.min_approval.delay(status.tally.approval());
			let support = track.min_support.delay(status.tally.support(issuance));
			let at = match (approval, support) {
				(Some(a), Some(s)) => {
					let x = a.max(s);
					deciding.since.saturating_add(x.mul_ceil(track.decision_period)).min(deadline)
				},
				_ => deadline,
			};
			Self::set_alarm(index, at.max(now.saturating_add(1u32.into())));
		}
		status.deciding = Some(deciding);
		ReferendumInfoFor::<T>::insert(index, ReferendumInfo::Ongoing(status));
	}

	fn record_turnout(
		index: ReferendumIndex,
		status: &ReferendumStatusOf<T>,
		approved: bool,
		now: BlockNumberFor<T>,
		issuance: u128,
	) {
		Turnouts::<T>::mutate(|recent| {
			if recent.is_full() {
				recent.remove(0);
			}
			let turnout = Turnout {
				index,
				track: status.track,
				approved,
				decided: now,
				tally: status.tally,
				issuance,
			};
			// Room was just made.
			let _ = recent.try_push(turnout);
		});
	}

	/// Referenda ongoing on every track, and the turnout of the recently decided ones.
	pub fn participation() -> (u32, Vec<Turnout<BlockNumberFor<T>>>) {
		let ongoing = OngoingCount::<T>::iter_values().fold(0u32, |a, c| a.saturating_add(c));
		(ongoing, Turnouts::<T>::get().into_inner())
	}

	/// The share of `period` passed from `since` to `now`.
	fn elapsed(
		since: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
		period: BlockNumberFor<T>,
	) -> Perbill {
		let passed = now.saturating_sub(since);
		if passed >= period {
			return Perbill::one();
		}
		Perbill::from_rational(passed, period)
	}

	fn begin_deciding(
		index: ReferendumIndex,
		status: &mut ReferendumStatusOf<T>,
		now: BlockNumberFor<T>,
	) {
		DecidingCount::<T>::mutate(status.track, |c| *c = c.saturating_add(1));
		status.deciding = Some(DecidingStatus { since: now, confirming: None });
		status.queued = false;
		Self::deposit_event(Event::DecisionStarted {
			index,
			track: status.track,
			tally: status.tally,
		});
	}

	fn timed_out(index: ReferendumIndex, status: ReferendumStatusOf<T>, now: BlockNumberFor<T>) {
		// A referendum nobody was willing to put a decision deposit behind forfeits its
		// submission deposit: the price of spam.
		Self::slash(HoldReason::Submission, &status.submission_deposit);
		Self::unrequest(&status.proposal);
		OngoingCount::<T>::mutate(status.track, |c| *c = c.saturating_sub(1));
		ReferendumInfoFor::<T>::insert(
			index,
			ReferendumInfo::TimedOut(now, None, status.decision_deposit),
		);
		Self::deposit_event(Event::TimedOut { index });
	}

	/// Schedules the proposal for enactment, at the earliest the track's timelock from now.
	fn approve(
		index: ReferendumIndex,
		status: ReferendumStatusOf<T>,
		track: &TrackOf<T>,
		now: BlockNumberFor<T>,
	) {
		let timelock = Self::timelock(track, &status.proposal);
		let earliest = now.saturating_add(timelock).max(now.saturating_add(1u32.into()));
		let when = match status.enactment {
			DispatchTime::At(at) => at.max(earliest),
			DispatchTime::After(after) => now.saturating_add(after).max(earliest),
		};
		let origin: T::PalletsOrigin = match track.power {
			Power::Root => frame_system::RawOrigin::Root.into(),
			Power::Parameters => Origin::Parameters.into(),
			Power::Treasury => Origin::Treasury.into(),
			Power::RollupImpacting => Origin::RollupImpacting.into(),
			Power::Emergency => Origin::Emergency.into(),
		};
		let name = (b"seqchain/referendum", index).using_encoded(sp_io::hashing::blake2_256);
		// A block's agenda is bounded: when it is full, enact in the next block with room.
		let mut when = when;
		for _ in 0..ENACTMENT_ATTEMPTS {
			let scheduled = T::Scheduler::schedule_named(
				name,
				DispatchTime::At(when),
				None,
				63,
				origin.clone(),
				status.proposal.clone(),
			);
			if scheduled.is_ok() {
				break;
			}
			when = when.saturating_add(1u32.into());
		}
		Self::end(index, &status, now);
		ReferendumInfoFor::<T>::insert(
			index,
			ReferendumInfo::Approved(now, Some(status.submission_deposit), status.decision_deposit),
		);
		Self::deposit_event(Event::Approved { index, enactment: when });
	}

	/// Frees the referendum's place on its track (letting the next queued one decide) and
	/// its preimage request.
	fn end(index: ReferendumIndex, status: &ReferendumStatusOf<T>, now: BlockNumberFor<T>) {
		Self::unrequest(&status.proposal);
		OngoingCount::<T>::mutate(status.track, |c| *c = c.saturating_sub(1));
		if status.queued {
			Queue::<T>::mutate(status.track, |q| q.retain(|i| *i != index));
		}
		if status.deciding.is_some() {
			DecidingCount::<T>::mutate(status.track, |c| *c = c.saturating_sub(1));
			let next = Queue::<T>::mutate(status.track, |q| (!q.is_empty()).then(|| q.remove(0)));
			if let Some(next) = next {
				if let Some(ReferendumInfo::Ongoing(mut s)) = ReferendumInfoFor::<T>::get(next) {
					s.queued = false;
					Self::begin_deciding(next, &mut s, now);
					ReferendumInfoFor::<T>::insert(next, ReferendumInfo::Ongoing(s));
					Self::set_alarm(next, now.saturating_add(1u32.into()));
				}
			}
		}
	}

	fn unrequest(proposal: &BoundedCallOf<T>) {
		if proposal.lookup_needed() {
			T::Preimages::unrequest(&proposal.hash());
		}
	}

	fn release(index: ReferendumIndex, reason: HoldReason, deposit: &Deposit<T::AccountId>) {
		let _ = T::Currency::release(
			&reason.into(),
			&deposit.who,
			deposit.amount,
			Precision::BestEffort,
		);
		Self::deposit_event(Event::DepositRefunded {
			index,
			who: deposit.who.clone(),
			amount: deposit.amount,
		});
	}

	fn slash(reason: HoldReason, deposit: &Deposit<T::AccountId>) {
		let (credit, _) = T::Currency::slash(&reason.into(), &deposit.who, deposit.amount);
		T::Slashed::on_unbalanced(credit);
		Self::deposit_event(Event::DepositSlashed {
			who: deposit.who.clone(),
			amount: deposit.amount,
		});
	}

	/// Keeps `vote`'s balance locked for its conviction's periods from `end`.
	fn extend_lock(record: &mut VotingRecordOf<T>, end: BlockNumberFor<T>, vote: &Vote) {
		let periods = vote.conviction.lock_periods();
		if periods == 0 {
			return;
		}
		let until = end.saturating_add(T::VoteLockingPeriod::get().saturating_mul(periods.into()));
		record.prior = (record.prior.0.max(until), record.prior.1.max(vote.balance));
	}

	/// Sets `who`'s voting freeze to what `record` needs now.
	fn freeze(who: &T::AccountId, record: &VotingRecordOf<T>) -> DispatchResult {
		let amount = record.frozen(frame_system::Pallet::<T>::block_number());
		if amount.is_zero() {
			T::Currency::thaw(&FreezeReason::Voting.into(), who)
		} else {
			T::Currency::set_freeze(&FreezeReason::Voting.into(), who, amount)
		}
	}

	/// Dispatches the motion if it has its approvals, else stores it. Returns the weight the
	/// dispatched call used.
	fn maybe_execute(index: MotionIndex, motion: MotionOf<T>) -> Weight {
		if (motion.approvals.len() as u32) < CouncilThreshold::<T>::get() {
			Motions::<T>::insert(index, motion);
			return Weight::zero();
		}
		Motions::<T>::remove(index);
		let (result, used) = match <T as Config>::RuntimeCall::decode(&mut &motion.call[..]) {
			Ok(call) => {
				let info = call.get_dispatch_info();
				let outcome = call.dispatch(Origin::Council.into());
				let used = frame_support::dispatch::extract_actual_weight(&outcome, &info);
				(outcome.map(|_| ()).map_err(|e| e.error), used)
			},
			Err(_) => (Err(Error::<T>::NotCouncilPower.into()), Weight::zero()),
		};
		Self::deposit_event(Event::MotionExecuted { index, result });
		used
	}

	/// Checks the invariants listed in the crate documentation.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let now = frame_system::Pallet::<T>::block_number();
		let mut tallies: BTreeMap<ReferendumIndex, Tally> = BTreeMap::new();
		for (who, record) in Voting::<T>::iter() {
			ensure!(
				T::Currency::balance_frozen(&FreezeReason::Voting.into(), &who)
					>= record.frozen(now),
				"voting freeze below what the votes need"
			);
			for (index, vote) in &record.votes {
				if matches!(ReferendumInfoFor::<T>::get(index), Some(ReferendumInfo::Ongoing(_))) {
					tallies.entry(*index).or_default().add(vote);
				}
			}
		}
		let mut submission: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		let mut decision: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		let mut deciding: BTreeMap<TrackId, u32> = BTreeMap::new();
		let mut ongoing: BTreeMap<TrackId, u32> = BTreeMap::new();
		for (index, info) in ReferendumInfoFor::<T>::iter() {
			let (s, d) = match info {
				ReferendumInfo::Ongoing(status) => {
					ensure!(
						tallies.remove(&index).unwrap_or_default() == status.tally,
						"tally != the votes recorded on it"
					);
					if status.deciding.is_some() {
						*deciding.entry(status.track).or_default() += 1;
					}
					*ongoing.entry(status.track).or_default() += 1;
					(Some(status.submission_deposit), status.decision_deposit)
				},
				ReferendumInfo::Approved(_, s, d)
				| ReferendumInfo::Rejected(_, s, d)
				| ReferendumInfo::Cancelled(_, s, d)
				| ReferendumInfo::TimedOut(_, s, d) => (s, d),
				ReferendumInfo::Killed(_) => (None, None),
			};
			if let Some(s) = s {
				*submission.entry(s.who).or_default() += s.amount;
			}
			if let Some(d) = d {
				*decision.entry(d.who).or_default() += d.amount;
			}
		}
		for (who, held) in submission {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Submission.into(), &who) == held,
				"submission hold != recorded deposits"
			);
		}
		for (who, held) in decision {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Decision.into(), &who) == held,
				"decision hold != recorded deposits"
			);
		}
		for (track, count) in DecidingCount::<T>::iter() {
			ensure!(deciding.remove(&track).unwrap_or(0) == count, "deciding count off");
		}
		ensure!(deciding.is_empty(), "deciding referenda without a count");
		for (track, count) in OngoingCount::<T>::iter() {
			ensure!(ongoing.remove(&track).unwrap_or(0) == count, "ongoing count off");
		}
		ensure!(ongoing.is_empty(), "ongoing referenda without a count");
		let notice = RollupNotice::<T>::get();
		ensure!(!notice.is_zero(), "a rollup notice of zero blocks");
		for track in Tracks::<T>::iter_values() {
			ensure!(
				track.power != Power::RollupImpacting || track.min_enactment_period >= notice,
				"a rollup-impacting track's timelock below the rollup notice"
			);
		}
		Ok(())
	}
}

macro_rules! ensure_power {
	($name:ident, $variant:ident, $doc:literal) => {
		#[doc = $doc]
		pub struct $name;
		impl<O: Into<Result<Origin, O>> + From<Origin>> EnsureOrigin<O> for $name {
			type Success = ();
			fn try_origin(o: O) -> Result<(), O> {
				o.into().and_then(|o| match o {
					Origin::$variant => Ok(()),
					other => Err(O::from(other)),
				})
			}
			#[cfg(feature = "runtime-benchmarks")]
			fn try_successful_origin() -> Result<O, ()> {
				Ok(O::from(Origin::$variant))
			}
		}
	};
}

ensure_power!(EnsureParameters, Parameters, "A referendum on a parameters track passed.");
ensure_power!(EnsureTreasury, Treasury, "A referendum on a treasury track passed.");
ensure_power!(
	EnsureRollupImpacting,
	RollupImpacting,
	"A referendum on a rollup-impacting track passed."
);
ensure_power!(EnsureEmergency, Emergency, "A referendum on an emergency track passed.");
ensure_power!(EnsureCouncil, Council, "The security council approved.");
