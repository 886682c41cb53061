//! # Sequencer staking
//!
//! Operators bond stake to become sequencer candidates; token holders delegate to them. Each
//! candidate has a stake pool ([`pool`]) in which the operator and its delegators hold shares, so
//! that rewards and slashes reach every member pro rata in O(1). Funds never leave the stakers'
//! accounts: they are held there ([`HoldReason::Staking`] while bonded, [`HoldReason::Unbonding`]
//! during the cooldown), so vesting tokens, which are frozen, can be bonded too.
//!
//! Faults arrive from the offences pallet ([`OnOffenceHandler`]) and from slot-rotation
//! ([`FaultReporter`]); their slashes wait `SlashDeferDuration` eras, during which governance
//! may cancel them. The README lists calls, storage, parameters and measured weights.
//!
//! ## Slashes are lazy for each staker
//!
//! A slash lowers the pool's stake at once and records the amount as `unapplied`. A staker's hold
//! is brought down to the value of their shares the next time their delegation is touched, by
//! them or by anyone through [`Pallet::apply_slash`]; the slashed funds then go to
//! [`Config::Slashed`]. No call, hook or slash iterates over delegators.
//!
//! ## Invariants (checked by `try_state`)
//!
//! - For every candidate: `pool.stake + unapplied = Σ principal` over its delegations, and
//!   `pool.shares = Σ shares`.
//! - For every unbonding pool: `stake + unapplied = Σ principal` and `shares = Σ shares` of the
//!   unbonding chunks in it.
//! - An account's `Staking` hold is the sum of its delegations' principals, its `Unbonding` hold
//!   the sum of its unbonding chunks' principals.
//! - [`TotalStaked`] is the sum of the candidates' pool stakes.
//! - One queued slash per pending offence: every [`SlashQueue`] entry has a pending
//!   [`SlashRecords`] entry with the same apply era, and every pending record one entry.
//! - No pending slash applies after `slash_from + UnbondingPeriod`; no record is older than
//!   [`SlashRecordsFrom`].
//! - Each candidate's `pending_slashes` and `pending_heavy` count its pending records, and no
//!   non-candidate has one; `Candidates::count()` is the number of candidates, at most
//!   `MaxCandidates`, and none of them has left (chilled, no shares, nothing pending or
//!   unbonding).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
pub mod pool;
mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::{
			fungible::{hold::Balanced as BalancedHold, Credit},
			Fortitude, Precision, Preservation,
		},
		OnUnbalanced,
	},
};
use frame_system::pallet_prelude::*;
use pool::PoolError;
use seqchain_primitives::{
	economics::{EraObserver, PoolInfo, SharesObserver, StakePools},
	DisableSequencer, EraIndex, FaultKind, FaultReporter, SequencerCandidates, SessionIndex,
	SessionObserver,
};
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

/// Delegators at which a queued slash is charged: the top of its benchmark's range. A slash
/// reads no delegator; its benchmarked time grows with them only through the state's size.
const APPLY_WEIGHT_DELEGATORS: u32 = 10_000;

/// Balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Bonded to a sequencer's stake pool.
		Staking,
		/// Unbonding: still slashable until the cooldown ends.
		Unbonding,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency. Balances are `u128`, the width of the stake pools.
		type Currency: Inspect<Self::AccountId, Balance = u128>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>
			+ BalancedHold<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Receives slashed funds (treasury or burn).
		type Slashed: OnUnbalanced<Credit<Self::AccountId, Self::Currency>>;

		/// The origin that changes the staking parameters (governance).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The origin that cancels a pending slash: token holders' referenda, never the
		/// council alone.
		type CancelSlashOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The origin that postpones a pending slash once by [`Config::SlashPostponement`]
		/// eras, so that a referendum has time to decide on it (the security council).
		type PostponeSlashOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most candidates at once: bounds the era-start work over candidates.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;

		/// Most unbonding chunks a staker may have with one sequencer at once.
		#[pallet::constant]
		type MaxUnbondingChunks: Get<u32>;

		/// Eras between `unbond`/`undelegate` and `withdraw_unbonded`.
		#[pallet::constant]
		type UnbondingPeriod: Get<EraIndex>;

		/// Eras before a commission increase takes effect.
		#[pallet::constant]
		type CommissionChangeDelay: Get<EraIndex>;

		/// Largest increase of commission in one change.
		#[pallet::constant]
		type MaxCommissionIncrease: Get<Perbill>;

		/// Bounds within which governance may set [`MinSequencerStake`].
		#[pallet::constant]
		type MinSequencerStakeBounds: Get<(BalanceOf<Self>, BalanceOf<Self>)>;

		/// Default of [`MinSequencerStake`].
		#[pallet::constant]
		type DefaultMinSequencerStake: Get<BalanceOf<Self>>;

		/// Default of [`MinDelegation`].
		#[pallet::constant]
		type DefaultMinDelegation: Get<BalanceOf<Self>>;

		/// Highest commission governance may allow (bound of [`MaxCommission`]).
		#[pallet::constant]
		type CommissionCeiling: Get<Perbill>;

		/// Sessions in an era.
		#[pallet::constant]
		type SessionsPerEra: Get<SessionIndex>;

		/// Eras between a fault's report and its slash, during which governance may cancel it.
		#[pallet::constant]
		type SlashDeferDuration: Get<EraIndex>;

		/// Eras by which the council may postpone a pending slash, once.
		///
		/// Reports are accepted for `UnbondingPeriod - SlashDeferDuration - SlashPostponement`
		/// eras after the offence ([`Pallet::report_window`]), so that a slash, even
		/// postponed, applies no later than the stake it reaches can be withdrawn.
		#[pallet::constant]
		type SlashPostponement: Get<EraIndex>;

		/// Most queued slashes applied in one block. Slashes due at an era start are applied
		/// over its first blocks, this many a block; none is ever dropped, and withdrawals wait
		/// until the due ones are applied.
		#[pallet::constant]
		type MaxSlashesPerBlock: Get<u32>;

		/// Told before a staker's shares change, so rewards earned with the old shares are
		/// settled first (fee-distribution).
		type SharesObserver: SharesObserver<Self::AccountId>;

		/// Told when an era ends, before the next one starts (fee-distribution pays it).
		type EraObserver: EraObserver;

		/// Takes an offender out of block production for the rest of the session.
		type Disabler: DisableSequencer<Self::AccountId>;

		/// Weights of the calls and hooks, from the node's `benchmark pallet` command.
		type WeightInfo: WeightInfo;
	}

	/// The smallest self-bond of a candidate. Set by governance within
	/// [`Config::MinSequencerStakeBounds`].
	#[pallet::storage]
	pub type MinSequencerStake<T: Config> =
		StorageValue<_, BalanceOf<T>, ValueQuery, T::DefaultMinSequencerStake>;

	/// The smallest delegation.
	#[pallet::storage]
	pub type MinDelegation<T: Config> =
		StorageValue<_, BalanceOf<T>, ValueQuery, T::DefaultMinDelegation>;

	/// The highest commission a candidate may charge. Set by governance up to
	/// [`Config::CommissionCeiling`].
	#[pallet::storage]
	pub type MaxCommission<T: Config> = StorageValue<_, Perbill, ValueQuery, T::CommissionCeiling>;

	/// The current era.
	#[pallet::storage]
	pub type CurrentEra<T: Config> = StorageValue<_, EraIndex, ValueQuery>;

	/// Candidates by operator account. `Blake2_128Concat`: the keys are chosen by users.
	#[pallet::storage]
	pub type Candidates<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, Candidate<T::AccountId, BalanceOf<T>>>;

	/// Delegations by (sequencer, staker); the operator's self-bond is `(operator, operator)`.
	#[pallet::storage]
	pub type Delegations<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		Delegation<BalanceOf<T>>,
	>;

	/// Unbonding pools by (sequencer, era the unbonding started).
	#[pallet::storage]
	pub type UnbondingPools<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		EraIndex,
		UnbondingPool<BalanceOf<T>>,
	>;

	/// A staker's unbonding chunks with a sequencer.
	#[pallet::storage]
	pub type Unbonding<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<UnbondingChunk<BalanceOf<T>>, T::MaxUnbondingChunks>,
		ValueQuery,
	>;

	/// Share of a pool slashed for a liveness failure. Governance sets it within 1-5 %.
	#[pallet::storage]
	pub type LivenessSlash<T: Config> = StorageValue<_, Perbill, ValueQuery, DefaultLivenessSlash>;

	/// Share of a pool slashed for double signing. Governance sets it within 10-100 %.
	#[pallet::storage]
	pub type DoubleSignSlash<T: Config> =
		StorageValue<_, Perbill, ValueQuery, DefaultDoubleSignSlash>;

	/// The session the current era started with.
	#[pallet::storage]
	pub type CurrentEraStartSession<T: Config> = StorageValue<_, SessionIndex, ValueQuery>;

	/// Every offence reported in the last [`Config::UnbondingPeriod`] eras, by (offence era,
	/// (offender, kind)): pending, applied or cancelled. A report of an offence already here
	/// never queues it again. Records of eras whose slashes can no longer reach any stake are
	/// pruned in `on_initialize`. `Twox64Concat` for the era (not chosen by users),
	/// `Blake2_128Concat` for the offender.
	#[pallet::storage]
	pub type SlashRecords<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EraIndex,
		Blake2_128Concat,
		(T::AccountId, FaultKind),
		SlashRecord,
	>;

	/// The pending slashes by the era at whose start they apply: (apply era, (offender, kind,
	/// offence era)). Not bounded per era, so no fault is ever dropped; applied
	/// [`Config::MaxSlashesPerBlock`] a block.
	#[pallet::storage]
	pub type SlashQueue<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EraIndex,
		Blake2_128Concat,
		(T::AccountId, FaultKind, EraIndex),
		(),
	>;

	/// No queued slash is due before this era: where `on_initialize` looks for due slashes.
	#[pallet::storage]
	pub type SlashQueueFrom<T: Config> = StorageValue<_, EraIndex, ValueQuery>;

	/// [`SlashRecords`] of offence eras before this one have been pruned.
	#[pallet::storage]
	pub type SlashRecordsFrom<T: Config> = StorageValue<_, EraIndex, ValueQuery>;

	/// Offences of eras before this one may have been slashed or cancelled before slashes were
	/// recorded per offence (the upgrade to storage version 1 sets it): a report of one with no
	/// record is not queued. Zero on a chain that recorded from genesis.
	#[pallet::storage]
	pub type SlashRecordsSince<T: Config> = StorageValue<_, EraIndex, ValueQuery>;

	/// Sum of the active stake of all pools.
	#[pallet::storage]
	pub type TotalStaked<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Stake at genesis: the presets' sequencers and their delegations. Genesis fails loudly
	/// when an entry breaks a rule a call would enforce (minimums, balances, duplicates).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(operator, self-bond, commission)` of each genesis candidate.
		pub candidates: Vec<(T::AccountId, BalanceOf<T>, Perbill)>,
		/// `(delegator, sequencer, amount)` of each genesis delegation.
		pub delegations: Vec<(T::AccountId, T::AccountId, BalanceOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (who, bond, commission) in &self.candidates {
				if let Err(e) = Pallet::<T>::do_register(who.clone(), *bond, *commission) {
					panic!("genesis candidate {who:?} with bond {bond}: {e:?}");
				}
			}
			for (who, sequencer, amount) in &self.delegations {
				assert!(who != sequencer, "genesis delegation of {who:?} to itself");
				assert!(
					*amount >= MinDelegation::<T>::get(),
					"genesis delegation of {who:?} below MinDelegation"
				);
				if let Err(e) = Pallet::<T>::do_bond(sequencer, who, *amount) {
					panic!("genesis delegation of {who:?} to {sequencer:?}: {e:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` became a sequencer candidate with a self-bond of `bond`.
		CandidateRegistered { who: T::AccountId, bond: BalanceOf<T>, commission: Perbill },
		/// `who` bonded `amount` to `sequencer`'s pool and received `shares`.
		Bonded { sequencer: T::AccountId, who: T::AccountId, amount: BalanceOf<T>, shares: u128 },
		/// `who` started unbonding `amount` from `sequencer`, withdrawable from era `until`.
		Unbonded {
			sequencer: T::AccountId,
			who: T::AccountId,
			amount: BalanceOf<T>,
			until: EraIndex,
		},
		/// `who` withdrew `amount` of unbonded funds from `sequencer`.
		Withdrawn { sequencer: T::AccountId, who: T::AccountId, amount: BalanceOf<T> },
		/// The candidate leaves the set at the next election.
		Chilled { who: T::AccountId },
		/// The candidate is eligible again.
		Rejoined { who: T::AccountId },
		/// A candidate's commission changed (decreases apply at once).
		CommissionChanged { who: T::AccountId, commission: Perbill },
		/// A commission increase is queued until `effective_era`.
		CommissionIncreaseScheduled {
			who: T::AccountId,
			commission: Perbill,
			effective_era: EraIndex,
		},
		/// `sequencer`'s pool lost `amount` to a slash; `unbonding` more was taken from its
		/// unbonding pools.
		PoolSlashed { sequencer: T::AccountId, amount: BalanceOf<T>, unbonding: BalanceOf<T> },
		/// `amount` of a slash was taken from `who`'s held funds.
		SlashApplied { sequencer: T::AccountId, who: T::AccountId, amount: BalanceOf<T> },
		/// Governance changed a parameter.
		ParameterSet { parameter: StakingParameter<BalanceOf<T>> },
		/// A new era began.
		EraStarted { era: EraIndex },
		/// `offender` was reported for `kind` committed in era `offence_era`; `fraction` of its
		/// pool will be slashed at the start of era `apply_era` unless governance cancels it.
		SlashReported {
			offender: T::AccountId,
			kind: FaultKind,
			fraction: Perbill,
			offence_era: EraIndex,
			apply_era: EraIndex,
		},
		/// Governance cancelled the pending slash of `offender` for `kind` in `offence_era`.
		SlashCancelled { offender: T::AccountId, kind: FaultKind, offence_era: EraIndex },
		/// The council postponed the pending slash of `offender` for `kind` in `offence_era`
		/// to the start of era `apply_era`.
		SlashPostponed {
			offender: T::AccountId,
			kind: FaultKind,
			offence_era: EraIndex,
			apply_era: EraIndex,
		},
		/// A report of `offender` for `kind` in `offence_era` changed nothing, for `reason`.
		ReportIgnored {
			offender: T::AccountId,
			kind: FaultKind,
			offence_era: EraIndex,
			reason: ReportIgnored,
		},
		/// `who` had left (chilled, nothing bonded or unbonding, no slash pending) and no
		/// longer counts against `MaxCandidates`.
		CandidateRemoved { who: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is already a candidate.
		AlreadyCandidate,
		/// No candidate with this account: register first, or check the address.
		NotCandidate,
		/// The self-bond would fall below `MinSequencerStake`.
		BelowMinSequencerStake,
		/// The delegation would fall below `MinDelegation`.
		BelowMinDelegation,
		/// The commission is above `MaxCommission`.
		CommissionTooHigh,
		/// The increase is larger than `MaxCommissionIncrease` allows in one change.
		CommissionIncreaseTooLarge,
		/// `MaxCandidates` are registered already.
		TooManyCandidates,
		/// The candidate is chilled and takes no new delegations.
		CandidateChilled,
		/// The candidate is not chilled.
		NotChilled,
		/// Operators bond to their own pool with `bond_extra` and leave it with `unbond`.
		OwnPool,
		/// There is no delegation from this account to this sequencer.
		NoDelegation,
		/// A delegation already exists: use `delegate_extra`.
		AlreadyDelegated,
		/// More than is bonded was asked for.
		NotEnoughBonded,
		/// The free balance cannot cover the amount.
		InsufficientBalance,
		/// Too many unbonding chunks: withdraw the ones that are due first.
		TooManyUnbondingChunks,
		/// Nothing can be withdrawn yet: the unbonding period has not passed.
		UnbondingNotDue,
		/// The pool was slashed to nothing and takes no stake until its shares are gone.
		PoolDepleted,
		/// The amount is too small to buy a share of the pool.
		AmountTooSmall,
		/// A value is outside the bounds the runtime allows for it.
		OutOfBounds,
		/// An arithmetic overflow.
		Overflow,
		/// No pending slash of this offender for this fault and era: it was never reported,
		/// or it was applied or cancelled already.
		NoPendingSlash,
		/// A slash of this sequencer is pending: its pool takes no new stake until the slash
		/// is applied or cancelled (the stake would be slashed with it).
		SlashPending,
		/// Slashes due this era are still being applied (a few a block): try again in a few
		/// blocks.
		SlashesBeingApplied,
		/// The slash was postponed once already.
		AlreadyPostponed,
		/// The slash is due already: it can be cancelled, no longer postponed.
		SlashDue,
		/// The slash is already due at the last era its offence's stake is certainly held: it
		/// cannot be postponed.
		NoRoomToPostpone,
	}

	impl<T: Config> From<PoolError> for Error<T> {
		fn from(e: PoolError) -> Self {
			match e {
				PoolError::Depleted => Error::PoolDepleted,
				PoolError::TooSmall => Error::AmountTooSmall,
				PoolError::NotEnoughShares => Error::NotEnoughBonded,
				PoolError::Overflow => Error::Overflow,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Applies up to `MaxSlashesPerBlock` due slashes and prunes old slash records.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::process_slash_queue()
		}

		fn integrity_test() {
			assert!(
				T::SlashDeferDuration::get().saturating_add(T::SlashPostponement::get())
					< T::UnbondingPeriod::get(),
				"a slash must be able to apply, even postponed, before unbonded stake leaves"
			);
			assert!(T::MaxSlashesPerBlock::get() > 0, "MaxSlashesPerBlock must be positive");
			let (lo, hi) = T::MinSequencerStakeBounds::get();
			assert!(lo <= hi, "MinSequencerStakeBounds must be ordered");
			let default = T::DefaultMinSequencerStake::get();
			assert!(lo <= default && default <= hi, "DefaultMinSequencerStake out of its bounds");
			assert!(T::MaxUnbondingChunks::get() > 0, "MaxUnbondingChunks must be positive");
			assert!(T::MaxCandidates::get() > 0, "MaxCandidates must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Become a sequencer candidate with a self-bond of `bond` (at least
		/// `MinSequencerStake`) and a `commission` (at most `MaxCommission`).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register())]
		pub fn register(
			origin: OriginFor<T>,
			bond: BalanceOf<T>,
			commission: Perbill,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register(who, bond, commission)
		}

		/// Add `amount` to the caller's self-bond.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::bond_extra())]
		pub fn bond_extra(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Candidates::<T>::contains_key(&who), Error::<T>::NotCandidate);
			Self::do_bond(&who, &who, amount)
		}

		/// Delegate `amount` (at least `MinDelegation`) to `sequencer`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::delegate())]
		pub fn delegate(
			origin: OriginFor<T>,
			sequencer: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(who != sequencer, Error::<T>::OwnPool);
			let candidate = Candidates::<T>::get(&sequencer).ok_or(Error::<T>::NotCandidate)?;
			ensure!(candidate.status == CandidateStatus::Active, Error::<T>::CandidateChilled);
			ensure!(
				!Delegations::<T>::contains_key(&sequencer, &who),
				Error::<T>::AlreadyDelegated
			);
			ensure!(amount >= MinDelegation::<T>::get(), Error::<T>::BelowMinDelegation);
			Self::do_bond(&sequencer, &who, amount)
		}

		/// Add `amount` to an existing delegation to `sequencer`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::delegate_extra())]
		pub fn delegate_extra(
			origin: OriginFor<T>,
			sequencer: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(who != sequencer, Error::<T>::OwnPool);
			let candidate = Candidates::<T>::get(&sequencer).ok_or(Error::<T>::NotCandidate)?;
			ensure!(candidate.status == CandidateStatus::Active, Error::<T>::CandidateChilled);
			ensure!(Delegations::<T>::contains_key(&sequencer, &who), Error::<T>::NoDelegation);
			Self::do_bond(&sequencer, &who, amount)
		}

		/// Start unbonding `amount` of the caller's self-bond. What stays bonded must be at least
		/// `MinSequencerStake`, unless the candidate is chilled and unbonds everything. A
		/// self-bond worth nothing (slashed to nothing) is given up with an `amount` of zero.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let candidate = Candidates::<T>::get(&who).ok_or(Error::<T>::NotCandidate)?;
			Self::do_unbond(&who, &who, amount, |remaining| {
				if remaining.is_zero() {
					ensure!(candidate.status == CandidateStatus::Chilled, Error::<T>::NotChilled);
				} else {
					ensure!(
						remaining >= MinSequencerStake::<T>::get(),
						Error::<T>::BelowMinSequencerStake
					);
				}
				Ok(())
			})
		}

		/// Start unbonding `amount` of the caller's delegation to `sequencer`. What stays
		/// delegated must be zero or at least `MinDelegation`. A delegation worth nothing (its
		/// pool slashed to nothing) is given up with an `amount` of zero.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::undelegate())]
		pub fn undelegate(
			origin: OriginFor<T>,
			sequencer: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(who != sequencer, Error::<T>::OwnPool);
			ensure!(Candidates::<T>::contains_key(&sequencer), Error::<T>::NotCandidate);
			Self::do_unbond(&sequencer, &who, amount, |remaining| {
				ensure!(
					remaining.is_zero() || remaining >= MinDelegation::<T>::get(),
					Error::<T>::BelowMinDelegation
				);
				Ok(())
			})
		}

		/// Withdraw every unbonding chunk with `sequencer` whose cooldown has passed.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded())]
		pub fn withdraw_unbonded(origin: OriginFor<T>, sequencer: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(&sequencer, &who)
		}

		/// Leave candidacy at the next election. Delegations stay until their owners undelegate.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::chill())]
		pub fn chill(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Candidates::<T>::try_mutate(&who, |c| -> DispatchResult {
				let c = c.as_mut().ok_or(Error::<T>::NotCandidate)?;
				ensure!(c.status == CandidateStatus::Active, Error::<T>::CandidateChilled);
				c.status = CandidateStatus::Chilled;
				Ok(())
			})?;
			Self::deposit_event(Event::Chilled { who });
			Ok(())
		}

		/// Become eligible again after `chill`; the self-bond must still meet the minimum.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::rejoin())]
		pub fn rejoin(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let own = Self::bonded_value(&who, &who);
			Candidates::<T>::try_mutate(&who, |c| -> DispatchResult {
				let c = c.as_mut().ok_or(Error::<T>::NotCandidate)?;
				ensure!(c.status == CandidateStatus::Chilled, Error::<T>::NotChilled);
				ensure!(own >= MinSequencerStake::<T>::get(), Error::<T>::BelowMinSequencerStake);
				c.status = CandidateStatus::Active;
				Ok(())
			})?;
			Self::deposit_event(Event::Rejoined { who });
			Ok(())
		}

		/// Change the caller's commission. A decrease applies at once; an increase, of at most
		/// `MaxCommissionIncrease`, applies `CommissionChangeDelay` eras from now.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_commission())]
		pub fn set_commission(origin: OriginFor<T>, commission: Perbill) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(commission <= MaxCommission::<T>::get(), Error::<T>::CommissionTooHigh);
			let era = CurrentEra::<T>::get();
			let event =
				Candidates::<T>::try_mutate(&who, |c| -> Result<Event<T>, DispatchError> {
					let c = c.as_mut().ok_or(Error::<T>::NotCandidate)?;
					if commission <= c.commission {
						c.commission = commission;
						c.pending_commission = None;
						Ok(Event::CommissionChanged { who: who.clone(), commission })
					} else {
						ensure!(
							commission.saturating_sub(c.commission)
								<= T::MaxCommissionIncrease::get(),
							Error::<T>::CommissionIncreaseTooLarge
						);
						let effective_era = era.saturating_add(T::CommissionChangeDelay::get());
						c.pending_commission = Some((commission, effective_era));
						Ok(Event::CommissionIncreaseScheduled {
							who: who.clone(),
							commission,
							effective_era,
						})
					}
				})?;
			Self::deposit_event(event);
			Ok(())
		}

		/// Bring `who`'s hold for `sequencer` down to the value of their shares after a slash.
		/// Anyone may call it.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::apply_slash())]
		pub fn apply_slash(
			origin: OriginFor<T>,
			sequencer: T::AccountId,
			who: T::AccountId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(Delegations::<T>::contains_key(&sequencer, &who), Error::<T>::NoDelegation);
			Self::settle(&sequencer, &who);
			Ok(())
		}

		/// Set a staking parameter (governance).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_parameter(
			origin: OriginFor<T>,
			parameter: StakingParameter<BalanceOf<T>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			match parameter {
				StakingParameter::MinSequencerStake(v) => {
					let (lo, hi) = T::MinSequencerStakeBounds::get();
					ensure!(lo <= v && v <= hi, Error::<T>::OutOfBounds);
					MinSequencerStake::<T>::put(v);
				},
				StakingParameter::MinDelegation(v) => {
					ensure!(!v.is_zero(), Error::<T>::OutOfBounds);
					MinDelegation::<T>::put(v);
				},
				StakingParameter::MaxCommission(v) => {
					ensure!(v <= T::CommissionCeiling::get(), Error::<T>::OutOfBounds);
					MaxCommission::<T>::put(v);
				},
				StakingParameter::LivenessSlash(v) => {
					ensure!(
						v >= Perbill::from_percent(1) && v <= Perbill::from_percent(5),
						Error::<T>::OutOfBounds
					);
					LivenessSlash::<T>::put(v);
				},
				StakingParameter::DoubleSignSlash(v) => {
					ensure!(v >= Perbill::from_percent(10), Error::<T>::OutOfBounds);
					DoubleSignSlash::<T>::put(v);
				},
			}
			Self::deposit_event(Event::ParameterSet { parameter });
			Ok(())
		}

		/// Cancel the pending slash of `offender` for `kind` committed in `offence_era`
		/// (token holders' governance). A cancelled offence is never slashed, whatever is
		/// reported of it later. Allowed until the slash is applied.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::cancel_slash())]
		pub fn cancel_slash(
			origin: OriginFor<T>,
			offender: T::AccountId,
			kind: FaultKind,
			offence_era: EraIndex,
		) -> DispatchResult {
			T::CancelSlashOrigin::ensure_origin(origin)?;
			let key = (offender.clone(), kind);
			let mut record = SlashRecords::<T>::get(offence_era, &key)
				.filter(|r| r.state == SlashState::Pending)
				.ok_or(Error::<T>::NoPendingSlash)?;
			record.state = SlashState::Cancelled;
			SlashRecords::<T>::insert(offence_era, &key, record);
			SlashQueue::<T>::remove(record.apply_era, (offender.clone(), kind, offence_era));
			Self::note_slash_settled(&offender, kind);
			Self::deposit_event(Event::SlashCancelled {
				offender: offender.clone(),
				kind,
				offence_era,
			});
			Self::maybe_remove_candidate(&offender);
			Ok(())
		}

		/// Postpone the pending slash of `offender` for `kind` committed in `offence_era` by
		/// `SlashPostponement` eras (the security council), so that a referendum can decide
		/// whether to cancel it. Once per slash, and only before it is due; the pool stays
		/// closed to new stake meanwhile.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::postpone_slash())]
		pub fn postpone_slash(
			origin: OriginFor<T>,
			offender: T::AccountId,
			kind: FaultKind,
			offence_era: EraIndex,
		) -> DispatchResult {
			T::PostponeSlashOrigin::ensure_origin(origin)?;
			let key = (offender.clone(), kind);
			let mut record = SlashRecords::<T>::get(offence_era, &key)
				.filter(|r| r.state == SlashState::Pending)
				.ok_or(Error::<T>::NoPendingSlash)?;
			ensure!(!record.postponed, Error::<T>::AlreadyPostponed);
			ensure!(record.apply_era > CurrentEra::<T>::get(), Error::<T>::SlashDue);
			// Never beyond the last era at which the offence's stake is certainly still held.
			let latest = record.slash_from.saturating_add(T::UnbondingPeriod::get());
			let apply_era =
				record.apply_era.saturating_add(T::SlashPostponement::get()).min(latest);
			ensure!(apply_era > record.apply_era, Error::<T>::NoRoomToPostpone);
			let queued = (offender.clone(), kind, offence_era);
			SlashQueue::<T>::remove(record.apply_era, &queued);
			SlashQueue::<T>::insert(apply_era, &queued, ());
			record.apply_era = apply_era;
			record.postponed = true;
			SlashRecords::<T>::insert(offence_era, &key, record);
			Self::deposit_event(Event::SlashPostponed { offender, kind, offence_era, apply_era });
			Ok(())
		}
	}

	/// Default of [`LivenessSlash`]: 1 %, the low end of the seed's 1-5 %.
	pub struct DefaultLivenessSlash;
	impl Get<Perbill> for DefaultLivenessSlash {
		fn get() -> Perbill {
			Perbill::from_percent(1)
		}
	}

	/// Default of [`DoubleSignSlash`]: all of it, as the seed allows for an attack on safety.
	pub struct DefaultDoubleSignSlash;
	impl Get<Perbill> for DefaultDoubleSignSlash {
		fn get() -> Perbill {
			Perbill::one()
		}
	}
}

impl<T: Config> Pallet<T> {
	fn hold_reason(unbonding: bool) -> T::RuntimeHoldReason {
		if unbonding {
			HoldReason::Unbonding.into()
		} else {
			HoldReason::Staking.into()
		}
	}

	/// The value `who`'s shares in `sequencer`'s pool have now.
	pub fn bonded_value(sequencer: &T::AccountId, who: &T::AccountId) -> BalanceOf<T> {
		match (Candidates::<T>::get(sequencer), Delegations::<T>::get(sequencer, who)) {
			(Some(c), Some(d)) => c.pool().value_of(d.shares),
			_ => Zero::zero(),
		}
	}

	/// Registers `who` as a candidate with a self-bond of `bond`.
	fn do_register(who: T::AccountId, bond: BalanceOf<T>, commission: Perbill) -> DispatchResult {
		ensure!(!Candidates::<T>::contains_key(&who), Error::<T>::AlreadyCandidate);
		ensure!(bond >= MinSequencerStake::<T>::get(), Error::<T>::BelowMinSequencerStake);
		ensure!(commission <= MaxCommission::<T>::get(), Error::<T>::CommissionTooHigh);
		ensure!(Candidates::<T>::count() < T::MaxCandidates::get(), Error::<T>::TooManyCandidates);
		let candidate = Candidate {
			operator: who.clone(),
			commission,
			pending_commission: None,
			status: CandidateStatus::Active,
			stake: Zero::zero(),
			shares: 0,
			unapplied: Zero::zero(),
			since: CurrentEra::<T>::get(),
			pending_slashes: 0,
			pending_heavy: 0,
		};
		Candidates::<T>::insert(&who, candidate);
		Self::do_bond(&who, &who, bond)?;
		Self::deposit_event(Event::CandidateRegistered { who, bond, commission });
		Ok(())
	}

	/// Holds `amount` of `who`'s free balance and adds it to `sequencer`'s pool.
	fn do_bond(
		sequencer: &T::AccountId,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut candidate = Candidates::<T>::get(sequencer).ok_or(Error::<T>::NotCandidate)?;
		// Stake joining now would be slashed with the pool: refuse it until the slash is
		// applied or cancelled.
		ensure!(candidate.pending_slashes == 0, Error::<T>::SlashPending);
		let mut delegation = Delegations::<T>::get(sequencer, who).unwrap_or_default();
		Self::apply_pending_slash(sequencer, who, &mut candidate, &mut delegation);
		// `Force`: frozen funds may be bonded. A freeze (vesting, a vote) only keeps funds in the
		// account; a hold keeps them there too, so vesting tokens can back a sequencer.
		let reducible =
			T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Force);
		ensure!(amount <= reducible, Error::<T>::InsufficientBalance);
		let mut pool = candidate.pool();
		let shares = pool.join(amount).map_err(Error::<T>::from)?;
		let total = TotalStaked::<T>::get().checked_add(amount).ok_or(Error::<T>::Overflow)?;
		T::Currency::hold(&Self::hold_reason(false), who, amount)?;
		T::SharesObserver::before_shares_change(
			sequencer,
			who,
			delegation.shares,
			delegation.shares.saturating_add(shares),
		);
		candidate.set_pool(pool);
		Candidates::<T>::insert(sequencer, candidate);
		delegation.shares = delegation.shares.saturating_add(shares);
		delegation.principal = delegation.principal.saturating_add(amount);
		Delegations::<T>::insert(sequencer, who, delegation);
		TotalStaked::<T>::put(total);
		Self::deposit_event(Event::Bonded {
			sequencer: sequencer.clone(),
			who: who.clone(),
			amount,
			shares,
		});
		Ok(())
	}

	/// Moves `amount` of `who`'s stake with `sequencer` into this era's unbonding pool.
	/// `check_remaining` judges the value that stays bonded.
	fn do_unbond(
		sequencer: &T::AccountId,
		who: &T::AccountId,
		amount: BalanceOf<T>,
		check_remaining: impl FnOnce(BalanceOf<T>) -> DispatchResult,
	) -> DispatchResult {
		let mut candidate = Candidates::<T>::get(sequencer).ok_or(Error::<T>::NotCandidate)?;
		let mut delegation =
			Delegations::<T>::get(sequencer, who).ok_or(Error::<T>::NoDelegation)?;
		Self::apply_pending_slash(sequencer, who, &mut candidate, &mut delegation);
		let mut pool = candidate.pool();
		let value = pool.value_of(delegation.shares);
		// A stake worth nothing (its pool slashed to nothing) leaves with an amount of zero:
		// its worthless shares are burned, so the pool can empty and the candidacy end.
		ensure!(!amount.is_zero() || value.is_zero(), Error::<T>::AmountTooSmall);
		ensure!(amount <= value, Error::<T>::NotEnoughBonded);
		let remaining = value - amount;
		check_remaining(remaining)?;

		// Burn the shares that pay `amount`; all of them when nothing is to remain.
		let burn = if remaining.is_zero() {
			delegation.shares
		} else {
			pool.shares_to_withdraw(amount, delegation.shares).map_err(Error::<T>::from)?
		};
		let paid = pool.leave(burn).map_err(Error::<T>::from)?;
		// The principal that moves is what the burned shares paid, except when the delegation
		// ends: then all of it moves, and the rounding dust by which it exceeds the shares' value
		// (at most a planck per share operation) leaves the pool with it, so the pool's stake
		// stays equal to the principals behind it.
		let moved = if burn == delegation.shares {
			let dust = delegation.principal.saturating_sub(paid);
			pool.stake = pool.stake.saturating_sub(dust);
			delegation.principal
		} else {
			paid.min(delegation.principal)
		};
		delegation.shares -= burn;
		delegation.principal -= moved;

		let era = CurrentEra::<T>::get();
		// Nothing to unbond (worthless shares burned): no chunk and no unbonding pool.
		if !moved.is_zero() {
			let mut unbonding_pool = UnbondingPools::<T>::get(sequencer, era).unwrap_or_default();
			let mut upool = unbonding_pool.pool();
			let points = upool.join(moved).map_err(Error::<T>::from)?;
			let mut chunks = Unbonding::<T>::get(sequencer, who);
			match chunks.iter_mut().find(|c| c.era == era) {
				Some(chunk) => {
					chunk.points = chunk.points.saturating_add(points);
					chunk.principal = chunk.principal.saturating_add(moved);
				},
				None => chunks
					.try_push(UnbondingChunk { era, points, principal: moved })
					.map_err(|_| Error::<T>::TooManyUnbondingChunks)?,
			}
			// Move the funds from the staking hold to the unbonding hold.
			T::Currency::release(&Self::hold_reason(false), who, moved, Precision::Exact)?;
			T::Currency::hold(&Self::hold_reason(true), who, moved)?;
			unbonding_pool.set_pool(upool);
			UnbondingPools::<T>::insert(sequencer, era, unbonding_pool);
			Unbonding::<T>::insert(sequencer, who, chunks);
		}
		T::SharesObserver::before_shares_change(
			sequencer,
			who,
			delegation.shares.saturating_add(burn),
			delegation.shares,
		);
		let emptied = pool.shares == 0;
		candidate.set_pool(pool);
		Candidates::<T>::insert(sequencer, candidate);
		if delegation.shares == 0 {
			Delegations::<T>::remove(sequencer, who);
		} else {
			Delegations::<T>::insert(sequencer, who, delegation);
		}
		TotalStaked::<T>::mutate(|t| *t = t.saturating_sub(moved));
		let until = era.saturating_add(T::UnbondingPeriod::get());
		Self::deposit_event(Event::Unbonded {
			sequencer: sequencer.clone(),
			who: who.clone(),
			amount: moved,
			until,
		});
		if emptied {
			Self::maybe_remove_candidate(sequencer);
		}
		Ok(())
	}

	fn do_withdraw(sequencer: &T::AccountId, who: &T::AccountId) -> DispatchResult {
		// A slash due now may reach the chunks due now: it goes first.
		ensure!(!Self::slashes_due(), Error::<T>::SlashesBeingApplied);
		let era = CurrentEra::<T>::get();
		let chunks = Unbonding::<T>::get(sequencer, who);
		let (due, pending): (Vec<_>, Vec<_>) = chunks
			.into_iter()
			.partition(|c| c.era.saturating_add(T::UnbondingPeriod::get()) <= era);
		ensure!(!due.is_empty(), Error::<T>::UnbondingNotDue);
		let mut withdrawn: BalanceOf<T> = Zero::zero();
		for chunk in due {
			let Some(mut unbonding_pool) = UnbondingPools::<T>::get(sequencer, chunk.era) else {
				continue;
			};
			let mut upool = unbonding_pool.pool();
			let value = upool.leave(chunk.points).map_err(Error::<T>::from)?;
			// What the chunk's principal exceeds its value by was slashed, up to the pool's
			// unapplied slashes; the rest is rounding dust, released with the chunk and taken
			// from the pool's stake so that it stays equal to the principals behind it.
			let slashed = chunk.principal.saturating_sub(value).min(unbonding_pool.unapplied);
			if !slashed.is_zero() {
				let (credit, _) = T::Currency::slash(&Self::hold_reason(true), who, slashed);
				T::Slashed::on_unbalanced(credit);
				unbonding_pool.unapplied -= slashed;
			}
			let released = chunk.principal - slashed;
			upool.stake = upool.stake.saturating_sub(released.saturating_sub(value));
			T::Currency::release(&Self::hold_reason(true), who, released, Precision::BestEffort)?;
			withdrawn = withdrawn.saturating_add(released);
			unbonding_pool.set_pool(upool);
			if unbonding_pool.shares == 0 {
				UnbondingPools::<T>::remove(sequencer, chunk.era);
			} else {
				UnbondingPools::<T>::insert(sequencer, chunk.era, unbonding_pool);
			}
		}
		let pending: BoundedVec<_, T::MaxUnbondingChunks> =
			pending.try_into().map_err(|_| Error::<T>::TooManyUnbondingChunks)?;
		if pending.is_empty() {
			Unbonding::<T>::remove(sequencer, who);
		} else {
			Unbonding::<T>::insert(sequencer, who, pending);
		}
		Self::deposit_event(Event::Withdrawn {
			sequencer: sequencer.clone(),
			who: who.clone(),
			amount: withdrawn,
		});
		Self::maybe_remove_candidate(sequencer);
		Ok(())
	}

	/// Removes `who`'s candidacy if it has left: chilled, no shares or stake, no slash pending
	/// and no unbonding pool. Frees its place under `MaxCandidates`; an account removed may
	/// register again as a new candidacy.
	fn maybe_remove_candidate(who: &T::AccountId) {
		let Some(c) = Candidates::<T>::get(who) else { return };
		let left = c.status == CandidateStatus::Chilled
			&& c.shares == 0
			&& c.stake.is_zero()
			&& c.unapplied.is_zero()
			&& c.pending_slashes == 0
			&& UnbondingPools::<T>::iter_prefix(who).next().is_none();
		if left {
			Candidates::<T>::remove(who);
			Self::deposit_event(Event::CandidateRemoved { who: who.clone() });
		}
	}

	/// Applies to `who`'s held funds the slashes their delegation to `sequencer` has taken since
	/// it was last touched, and stores the result. O(1).
	fn settle(sequencer: &T::AccountId, who: &T::AccountId) {
		let (Some(mut candidate), Some(mut delegation)) =
			(Candidates::<T>::get(sequencer), Delegations::<T>::get(sequencer, who))
		else {
			return;
		};
		if Self::apply_pending_slash(sequencer, who, &mut candidate, &mut delegation) {
			Delegations::<T>::insert(sequencer, who, delegation);
			Candidates::<T>::insert(sequencer, candidate);
		}
	}

	/// [`Self::settle`] on a candidate and delegation the caller has read and will store:
	/// slashes `who`'s hold by what its principal exceeds its shares' value (up to the pool's
	/// unapplied slashes) and lowers both records to match. Returns whether anything changed.
	fn apply_pending_slash(
		sequencer: &T::AccountId,
		who: &T::AccountId,
		candidate: &mut Candidate<T::AccountId, BalanceOf<T>>,
		delegation: &mut Delegation<BalanceOf<T>>,
	) -> bool {
		let value = candidate.pool().value_of(delegation.shares);
		let excess = delegation.principal.saturating_sub(value).min(candidate.unapplied);
		if excess.is_zero() {
			return false;
		}
		let (credit, missing) = T::Currency::slash(&Self::hold_reason(false), who, excess);
		let taken = excess - missing;
		T::Slashed::on_unbalanced(credit);
		delegation.principal -= excess;
		candidate.unapplied -= excess;
		Self::deposit_event(Event::SlashApplied {
			sequencer: sequencer.clone(),
			who: who.clone(),
			amount: taken,
		});
		true
	}

	/// Slashes `fraction` of `sequencer`'s active pool and of its unbonding pools that started
	/// at or after `from_era` (that stake was bonded when the offence was committed). O(1) in
	/// delegators; O(`UnbondingPeriod`) in unbonding pools: a queued slash applies by
	/// `from_era + UnbondingPeriod`, and while one is due no pool is withdrawn, so a slash
	/// applied late (behind a long queue) still finds every pool from `from_era` on.
	pub fn slash_pool(
		sequencer: &T::AccountId,
		fraction: Perbill,
		from_era: EraIndex,
	) -> BalanceOf<T> {
		let Some(mut candidate) = Candidates::<T>::get(sequencer) else { return Zero::zero() };
		let mut pool = candidate.pool();
		let amount = pool.slash(fraction * pool.stake);
		candidate.set_pool(pool);
		candidate.unapplied = candidate.unapplied.saturating_add(amount);
		Candidates::<T>::insert(sequencer, candidate);
		TotalStaked::<T>::mutate(|t| *t = t.saturating_sub(amount));

		let current = CurrentEra::<T>::get();
		// `UnbondingPeriod + 1` reads when the slash applies in its due era; more only when the
		// queue runs more than an era behind, never more than twice that.
		let first =
			from_era.max(current.saturating_sub(T::UnbondingPeriod::get().saturating_mul(2)));
		let mut unbonding = BalanceOf::<T>::zero();
		// Only pools that exist are written.
		for era in first..=current {
			if let Some(mut p) = UnbondingPools::<T>::get(sequencer, era) {
				let mut upool = p.pool();
				let taken = upool.slash(fraction * upool.stake);
				p.set_pool(upool);
				p.unapplied = p.unapplied.saturating_add(taken);
				unbonding = unbonding.saturating_add(taken);
				UnbondingPools::<T>::insert(sequencer, era, p);
			}
		}
		Self::deposit_event(Event::PoolSlashed { sequencer: sequencer.clone(), amount, unbonding });
		amount.saturating_add(unbonding)
	}

	/// Starts `era`: queued commission increases that are due take effect (O(candidates)).
	/// The slashes due now are applied by `on_initialize`, from this block on.
	pub fn start_era(era: EraIndex) {
		CurrentEra::<T>::put(era);
		for (who, mut c) in Candidates::<T>::iter() {
			if let Some((commission, effective)) = c.pending_commission {
				if effective <= era {
					c.commission = commission;
					c.pending_commission = None;
					Candidates::<T>::insert(&who, c);
					Self::deposit_event(Event::CommissionChanged { who, commission });
				}
			}
		}
		Self::deposit_event(Event::EraStarted { era });
	}

	/// The era session `session` belonged to, as far as this pallet can tell: eras are
	/// `SessionsPerEra` sessions long.
	fn era_of_session(session: SessionIndex) -> EraIndex {
		let era = CurrentEra::<T>::get();
		let start = CurrentEraStartSession::<T>::get();
		if session >= start {
			return era;
		}
		let per_era = T::SessionsPerEra::get().max(1);
		era.saturating_sub((start - session).div_ceil(per_era))
	}

	/// Eras after an offence during which a report of it is accepted: `UnbondingPeriod -
	/// SlashDeferDuration - SlashPostponement - 1`. The slash reaches stake unbonded since the
	/// era the offending set was elected in (the offence's era or the one before); reported
	/// within the window it applies, even postponed, no later than `UnbondingPeriod` eras after
	/// that, the first era in which such stake could be withdrawn, and withdrawals wait for the
	/// slashes due in their era.
	pub fn report_window() -> EraIndex {
		T::UnbondingPeriod::get()
			.saturating_sub(T::SlashDeferDuration::get())
			.saturating_sub(T::SlashPostponement::get())
			.saturating_sub(1)
	}

	/// Queues a slash of `fraction` of `offender`'s pool for `kind` committed in `session`, and
	/// disables the offender for the rest of the session.
	///
	/// An offence is (offender, kind, offence era). A report of an offence already recorded
	/// only raises a pending slash's fraction; an applied or cancelled offence stays as it is.
	/// Reports later than [`Self::report_window`] or of offences before the offender's
	/// candidacy change nothing ([`Event::ReportIgnored`]). Nothing bounds how many slashes
	/// may be pending: none is ever dropped.
	pub fn report_fault(
		offender: &T::AccountId,
		kind: FaultKind,
		fraction: Perbill,
		session: SessionIndex,
	) {
		let Some(mut candidate) = Candidates::<T>::get(offender) else { return };
		let offence_era = Self::era_of_session(session);
		let current = CurrentEra::<T>::get();
		let ignored = |reason| {
			Self::deposit_event(Event::ReportIgnored {
				offender: offender.clone(),
				kind,
				offence_era,
				reason,
			})
		};
		if offence_era.saturating_add(Self::report_window()) < current {
			return ignored(ReportIgnored::TooLate);
		}
		if offence_era < candidate.since {
			return ignored(ReportIgnored::BeforeCandidacy);
		}
		let key = (offender.clone(), kind);
		let existing = SlashRecords::<T>::get(offence_era, &key);
		if existing.is_none() && offence_era < SlashRecordsSince::<T>::get() {
			return ignored(ReportIgnored::PredatesRecords);
		}
		let apply_era = match existing {
			Some(mut record)
				if record.state == SlashState::Pending && fraction > record.fraction =>
			{
				record.fraction = fraction;
				SlashRecords::<T>::insert(offence_era, &key, record);
				record.apply_era
			},
			Some(_) => return ignored(ReportIgnored::Duplicate),
			None => {
				let apply_era = current.saturating_add(T::SlashDeferDuration::get());
				// The set of `session` was elected when the session before it started.
				let slash_from = Self::era_of_session(session.saturating_sub(1)).min(offence_era);
				SlashRecords::<T>::insert(
					offence_era,
					&key,
					SlashRecord {
						fraction,
						slash_from,
						apply_era,
						state: SlashState::Pending,
						postponed: false,
					},
				);
				SlashQueue::<T>::insert(apply_era, (offender.clone(), kind, offence_era), ());
				if apply_era < SlashQueueFrom::<T>::get() {
					SlashQueueFrom::<T>::put(apply_era);
				}
				candidate.pending_slashes = candidate.pending_slashes.saturating_add(1);
				if kind.is_heavy() {
					candidate.pending_heavy = candidate.pending_heavy.saturating_add(1);
				}
				Candidates::<T>::insert(offender, candidate);
				apply_era
			},
		};
		T::Disabler::disable(offender, fraction);
		Self::deposit_event(Event::SlashReported {
			offender: offender.clone(),
			kind,
			fraction,
			offence_era,
			apply_era,
		});
	}

	/// A pending slash of `offender` for `kind` was applied or cancelled.
	fn note_slash_settled(offender: &T::AccountId, kind: FaultKind) {
		Candidates::<T>::mutate(offender, |c| {
			if let Some(c) = c {
				c.pending_slashes = c.pending_slashes.saturating_sub(1);
				if kind.is_heavy() {
					c.pending_heavy = c.pending_heavy.saturating_sub(1);
				}
			}
		});
	}

	/// Whether a queued slash is due (its era has started) and not yet applied.
	pub fn slashes_due() -> bool {
		let from = SlashQueueFrom::<T>::get();
		let current = CurrentEra::<T>::get();
		// Eras between `from` and `current` not looked at yet may hold due slashes.
		from < current || (from == current && SlashQueue::<T>::iter_prefix(from).next().is_some())
	}

	/// `on_initialize`'s work: applies up to `MaxSlashesPerBlock` due slashes, oldest era
	/// first, then prunes the records of one era whose slashes can no longer reach any stake.
	/// Returns the weight used.
	pub(crate) fn process_slash_queue() -> Weight {
		let current = CurrentEra::<T>::get();
		let max = T::MaxSlashesPerBlock::get();
		let mut from = SlashQueueFrom::<T>::get();
		let (mut applied, mut looked) = (0u32, 0u32);
		// Each step applies a slash or moves past an era with none due; both are bounded.
		while from <= current && applied < max && looked < max.saturating_mul(2) {
			looked += 1;
			match SlashQueue::<T>::iter_prefix(from).next() {
				Some((queued, ())) => {
					Self::apply_queued_slash(from, queued);
					applied += 1;
				},
				None => from = from.saturating_add(1),
			}
		}
		let db = T::DbWeight::get();
		let mut weight = db.reads(2).saturating_add(db.reads(looked.into()));
		if from != SlashQueueFrom::<T>::get() {
			SlashQueueFrom::<T>::put(from);
			weight = weight.saturating_add(db.writes(1));
		}
		weight = weight.saturating_add(
			T::WeightInfo::apply_queued_slash(APPLY_WEIGHT_DELEGATORS)
				.saturating_mul(applied.into()),
		);
		// Every slash of offence era `e` applies by `e + UnbondingPeriod`; once those eras are
		// behind the queue, no report can match `e` again (the report window is shorter).
		let prune = SlashRecordsFrom::<T>::get();
		weight = weight.saturating_add(db.reads(1));
		if prune.saturating_add(T::UnbondingPeriod::get()) < from {
			let limit = max.saturating_mul(2);
			let removed = SlashRecords::<T>::clear_prefix(prune, limit, None);
			if removed.maybe_cursor.is_none() {
				SlashRecordsFrom::<T>::put(prune.saturating_add(1));
			}
			weight = weight.saturating_add(
				db.reads_writes(removed.loops.into(), u64::from(removed.unique).saturating_add(1)),
			);
		}
		weight
	}

	/// Applies the queued slash `(offender, kind, offence_era)` due in `apply_era`.
	fn apply_queued_slash(apply_era: EraIndex, queued: (T::AccountId, FaultKind, EraIndex)) {
		SlashQueue::<T>::remove(apply_era, &queued);
		let (offender, kind, offence_era) = queued;
		let key = (offender.clone(), kind);
		let Some(mut record) =
			SlashRecords::<T>::get(offence_era, &key).filter(|r| r.state == SlashState::Pending)
		else {
			frame_support::defensive!("a queued slash has a pending record");
			return;
		};
		record.state = SlashState::Applied;
		SlashRecords::<T>::insert(offence_era, &key, record);
		Self::slash_pool(&offender, record.fraction, record.slash_from);
		Self::note_slash_settled(&offender, kind);
		Self::maybe_remove_candidate(&offender);
	}

	/// The slash invariants: every queued slash has one pending record with its apply era,
	/// every pending record one queue entry; each candidate counts its pending (and heavy)
	/// slashes; no slash applies later than its offence's stake stays held; no record is
	/// older than pruning allows; no candidate that has left is still counted.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	fn check_slashes() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut pending: BTreeMap<T::AccountId, (u32, u32)> = BTreeMap::new();
		let mut records = 0u32;
		for (offence_era, (offender, kind), record) in SlashRecords::<T>::iter() {
			ensure!(offence_era >= SlashRecordsFrom::<T>::get(), "slash record below pruning");
			if record.state != SlashState::Pending {
				continue;
			}
			records += 1;
			ensure!(
				SlashQueue::<T>::contains_key(
					record.apply_era,
					(offender.clone(), kind, offence_era)
				),
				"pending slash not queued at its apply era"
			);
			ensure!(record.slash_from <= offence_era, "a slash reaches from after its offence");
			ensure!(
				record.apply_era <= record.slash_from.saturating_add(T::UnbondingPeriod::get()),
				"slash applies after its offence's stake may have left"
			);
			let e = pending.entry(offender).or_default();
			e.0 += 1;
			e.1 += u32::from(kind.is_heavy());
		}
		let mut queued = 0u32;
		for (apply_era, (offender, kind, offence_era), ()) in SlashQueue::<T>::iter() {
			queued += 1;
			let record = SlashRecords::<T>::get(offence_era, (offender, kind))
				.ok_or("queued slash without a record")?;
			ensure!(record.state == SlashState::Pending, "queued slash not pending");
			ensure!(record.apply_era == apply_era, "queued slash at the wrong era");
		}
		ensure!(queued == records, "queue and pending records differ");
		let mut counted = 0u32;
		for (who, c) in Candidates::<T>::iter() {
			counted += 1;
			let (all, heavy) = pending.remove(&who).unwrap_or_default();
			ensure!(c.pending_slashes == all, "candidate's pending slashes miscounted");
			ensure!(c.pending_heavy == heavy, "candidate's pending heavy slashes miscounted");
			ensure!(
				!(c.status == CandidateStatus::Chilled
					&& c.shares == 0
					&& all == 0 && UnbondingPools::<T>::iter_prefix(&who).next().is_none()),
				"a candidate that left still holds a place"
			);
		}
		ensure!(pending.is_empty(), "pending slash of a non-candidate");
		ensure!(counted == Candidates::<T>::count(), "candidate count drifted");
		ensure!(counted <= T::MaxCandidates::get(), "more candidates than MaxCandidates");
		Ok(())
	}

	/// Checks the invariants listed in the crate documentation. Compiled for `std` too, so the
	/// runtime's tests can check them.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut staking_holds: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		let mut unbonding_holds: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		let mut total = 0u128;
		for (sequencer, c) in Candidates::<T>::iter() {
			let (mut principal, mut shares) = (0u128, 0u128);
			for (who, d) in Delegations::<T>::iter_prefix(&sequencer) {
				principal += d.principal;
				shares += d.shares;
				*staking_holds.entry(who).or_default() += d.principal;
			}
			ensure!(
				c.stake.checked_add(c.unapplied) == Some(principal),
				"pool stake + unapplied != principals"
			);
			ensure!(c.shares == shares, "pool shares != sum of delegation shares");
			total += c.stake;
		}
		ensure!(TotalStaked::<T>::get() == total, "TotalStaked != sum of pool stakes");
		Self::check_slashes()?;
		let mut pools: BTreeMap<(T::AccountId, EraIndex), (u128, u128)> = BTreeMap::new();
		for (sequencer, who, chunks) in Unbonding::<T>::iter() {
			for chunk in chunks {
				let e = pools.entry((sequencer.clone(), chunk.era)).or_default();
				e.0 += chunk.principal;
				e.1 += chunk.points;
				*unbonding_holds.entry(who.clone()).or_default() += chunk.principal;
			}
		}
		for (sequencer, era, p) in UnbondingPools::<T>::iter() {
			let (principal, points) = pools.remove(&(sequencer, era)).unwrap_or_default();
			ensure!(p.stake + p.unapplied == principal, "unbonding pool != chunk principals");
			ensure!(p.shares == points, "unbonding pool shares != chunk points");
		}
		ensure!(pools.values().all(|(p, _)| *p == 0), "unbonding chunk without its pool");
		for (who, held) in staking_holds {
			ensure!(
				T::Currency::balance_on_hold(&Self::hold_reason(false), &who) == held,
				"Staking hold != sum of principals"
			);
		}
		for (who, held) in unbonding_holds {
			ensure!(
				T::Currency::balance_on_hold(&Self::hold_reason(true), &who) == held,
				"Unbonding hold != sum of chunk principals"
			);
		}
		Ok(())
	}
}

impl<T: Config> FaultReporter<T::AccountId> for Pallet<T> {
	fn report(offender: &T::AccountId, kind: FaultKind, session: SessionIndex) {
		let fraction = match kind {
			FaultKind::LivenessFailure => LivenessSlash::<T>::get(),
			FaultKind::DoubleSigning => DoubleSignSlash::<T>::get(),
		};
		Self::report_fault(offender, kind, fraction, session);
	}

	fn report_weight() -> (u64, u64) {
		let w = T::WeightInfo::report_fault();
		(w.ref_time(), w.proof_size())
	}
}

/// The standard offences pallet's reports (GRANDPA equivocations) reach the pallet here. The
/// offence's own slash fraction is used, at least the double-signing rate.
impl<T: Config, Reporter, Identification>
	OnOffenceHandler<Reporter, (T::AccountId, Identification), Weight> for Pallet<T>
{
	fn on_offence(
		offenders: &[OffenceDetails<Reporter, (T::AccountId, Identification)>],
		slash_fraction: &[Perbill],
		session: SessionIndex,
	) -> Weight {
		let floor = DoubleSignSlash::<T>::get();
		for (details, fraction) in offenders.iter().zip(slash_fraction) {
			let fraction = (*fraction).max(floor);
			Self::report_fault(&details.offender.0, FaultKind::DoubleSigning, fraction, session);
		}
		T::WeightInfo::report_fault().saturating_mul(offenders.len() as u64)
	}
}

impl<T: Config> SessionObserver for Pallet<T> {
	fn on_session_start(index: SessionIndex) {
		let start = CurrentEraStartSession::<T>::get();
		if index >= start.saturating_add(T::SessionsPerEra::get().max(1)) {
			T::EraObserver::on_era_end(CurrentEra::<T>::get(), start, index);
			CurrentEraStartSession::<T>::put(index);
			Self::start_era(CurrentEra::<T>::get().saturating_add(1));
		}
	}
}

impl<T: Config> SequencerCandidates<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn eligible() -> Vec<(T::AccountId, BalanceOf<T>)> {
		let min = MinSequencerStake::<T>::get();
		Candidates::<T>::iter()
			.filter(|(who, c)| {
				c.status == CandidateStatus::Active
					&& c.pending_heavy == 0
					&& Self::bonded_value(who, who) >= min
			})
			.map(|(who, c)| (who, c.stake))
			.collect()
	}

	fn is_suspended(who: &T::AccountId) -> bool {
		Candidates::<T>::get(who).is_some_and(|c| c.pending_heavy > 0)
	}
}

/// The pools as fee-distribution sees them: commission and shares for the reward accumulator,
/// and bonding for auto-compounding rewards.
impl<T: Config> StakePools<T::AccountId> for Pallet<T> {
	fn pool(sequencer: &T::AccountId) -> Option<PoolInfo> {
		Candidates::<T>::get(sequencer).map(|c| PoolInfo {
			commission: c.commission,
			shares: c.shares,
			stake: c.stake,
		})
	}

	fn shares(sequencer: &T::AccountId, who: &T::AccountId) -> u128 {
		Delegations::<T>::get(sequencer, who).map_or(0, |d| d.shares)
	}

	/// As `bond_extra` for the operator and `delegate_extra` for a delegator: a chilled
	/// candidate takes no new delegated stake.
	fn bond(sequencer: &T::AccountId, who: &T::AccountId, amount: u128) -> DispatchResult {
		let candidate = Candidates::<T>::get(sequencer).ok_or(Error::<T>::NotCandidate)?;
		if who != sequencer {
			ensure!(candidate.status == CandidateStatus::Active, Error::<T>::CandidateChilled);
		}
		Self::do_bond(sequencer, who, amount)
	}

	fn total_staked() -> u128 {
		TotalStaked::<T>::get()
	}
}
