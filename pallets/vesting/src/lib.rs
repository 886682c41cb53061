//! # Vesting
//!
//! Cliff + linear vesting schedules ([`curve`]), locked with a fungible **freeze**
//! ([`FreezeReason::Vesting`]) rather than the deprecated lockable currency. A freeze only stops
//! frozen funds from leaving the account: they can still be **held**, so vesting tokens can be
//! bonded in sequencer staking, and other freezes overlap it, so the same tokens can be locked
//! for voting. Governance power accrues alongside economic interest.
//!
//! Each account has up to `MaxSchedules` schedules. Its `Vesting` freeze is the sum of what its
//! schedules still lock, plus what a clawback still owes; `vest` brings the freeze down to that
//! sum as time passes and drops finished schedules.
//!
//! **Clawback.** `force_remove_schedule` takes the schedule's unvested remainder to
//! `RemainderDestination`: from the free balance, whatever other freezes (a vote, other
//! schedules) cover it, since a freeze binds the holder, not governance. Only the account's
//! existential deposit stays. What is held (bonded, deposits) cannot be taken without the
//! pallet that holds it: it is recorded as owed ([`Clawbacks`]), stays frozen under the
//! vesting freeze when released, and is taken by the next `vest` or `vest_other` (anyone may
//! call it) as it becomes free.
//!
//! ## Invariants (checked by `try_state`)
//!
//! - For every account with schedules, the `Vesting` freeze equals the sum of its schedules'
//!   locked amounts as of its last update ([`LastUpdate`]) plus what it owes ([`Clawbacks`]).
//! - An account that owes a clawback and has no schedules has a `Vesting` freeze of exactly
//!   what it owes; a recorded debt is never zero.
//! - Accounts with neither have no `Vesting` freeze.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod curve;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use curve::{CurveError, Schedule};
pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Balanced, Inspect, InspectFreeze, Mutate, MutateFreeze},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use frame_system::pallet_prelude::*;

/// A schedule as stored.
pub type ScheduleOf<T> = Schedule<BlockNumberFor<T>>;

pub use seqchain_primitives::VestingBalances;

/// The seed's allocation categories, recorded with genesis allocations.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Category {
	/// Core contributors.
	Team,
	/// Investors.
	Investors,
	/// Community: airdrops, grants, incentives.
	Community,
	/// Ecosystem fund.
	Ecosystem,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Why this pallet freezes funds.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// Unvested tokens.
		Vesting,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native token.
		type Currency: Inspect<Self::AccountId, Balance = u128>
			+ Mutate<Self::AccountId>
			+ Balanced<Self::AccountId>
			+ InspectFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>
			+ MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>;

		/// The runtime's freeze reasons.
		type RuntimeFreezeReason: From<FreezeReason>;

		/// Most schedules one account may have.
		#[pallet::constant]
		type MaxSchedules: Get<u32>;

		/// Smallest amount a `vested_transfer` may lock.
		#[pallet::constant]
		type MinVestedTransfer: Get<u128>;

		/// May create and remove schedules by force.
		type ForceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Receives the unvested remainder of a schedule removed by `force_remove_schedule`.
		/// Should not vote: clawed-back tokens may still count in the votes their holder cast
		/// before the clawback (the treasury in the runtime).
		type RemainderDestination: Get<Self::AccountId>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Each account's schedules.
	#[pallet::storage]
	pub type Schedules<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BoundedVec<ScheduleOf<T>, T::MaxSchedules>>;

	/// Block at which each account's freeze was last brought up to date.
	#[pallet::storage]
	pub type LastUpdate<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	/// Genesis allocations by category: total allocated.
	#[pallet::storage]
	pub type Allocated<T: Config> = StorageMap<_, Twox64Concat, Category, u128, ValueQuery>;

	/// Unvested tokens a clawback could not take yet because they were held (bonded,
	/// deposits), by account: frozen under the `Vesting` freeze, and taken as they become free.
	/// One entry per account that governance clawed back from while it held funds; never zero.
	#[pallet::storage]
	pub type Clawbacks<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u128>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(account, category, schedule)`: the account must already hold the schedule's total.
		pub allocations: Vec<(T::AccountId, Category, ScheduleOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let issuance = T::Currency::total_issuance();
			let mut allocated = 0u128;
			for (who, category, schedule) in &self.allocations {
				if let Err(e) = schedule.validate() {
					panic!("vesting allocation of {who:?}: invalid schedule ({e:?})");
				}
				allocated = allocated.saturating_add(schedule.total);
				assert!(
					allocated <= issuance,
					"vesting allocations ({allocated}) exceed the total issuance ({issuance})"
				);
				Schedules::<T>::try_append(who, *schedule).unwrap_or_else(|_| {
					panic!("vesting allocation of {who:?}: more than MaxSchedules schedules")
				});
				Allocated::<T>::mutate(category, |a| *a = a.saturating_add(schedule.total));
			}
			let accounts: alloc::collections::BTreeSet<_> =
				self.allocations.iter().map(|(who, _, _)| who.clone()).collect();
			for who in accounts {
				let locked = Pallet::<T>::locked_total(&who, Zero::zero());
				let balance = T::Currency::balance(&who);
				assert!(
					locked <= balance,
					"vesting allocations of {who:?} ({locked}) exceed its balance ({balance})"
				);
				Pallet::<T>::set_lock(&who, locked)
					.unwrap_or_else(|e| panic!("freezing {who:?}'s allocation: {e:?}"));
				LastUpdate::<T>::insert(&who, BlockNumberFor::<T>::zero());
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` got a new schedule.
		VestingCreated { who: T::AccountId, schedule: ScheduleOf<T> },
		/// `who`'s freeze was updated: `locked` remains locked.
		Vested { who: T::AccountId, locked: u128 },
		/// All of `who`'s schedules have vested.
		VestingCompleted { who: T::AccountId },
		/// Two of `who`'s schedules were merged into `merged`.
		SchedulesMerged { who: T::AccountId, merged: ScheduleOf<T> },
		/// A schedule was removed by force; `moved` of its unvested `remainder` went to `to`,
		/// and `owed` more (held now) will follow as it is released.
		ScheduleRemoved {
			who: T::AccountId,
			remainder: u128,
			moved: u128,
			owed: u128,
			to: T::AccountId,
		},
		/// `amount` of what `who` owes from a clawback went to `to`; `owed` is still owed.
		ClawbackCollected { who: T::AccountId, amount: u128, owed: u128, to: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account has no schedules.
		NotVesting,
		/// The schedule's total is zero.
		ZeroAmount,
		/// The schedule's duration or period is zero.
		ZeroDuration,
		/// The cliff is after the schedule's end.
		CliffBeyondEnd,
		/// The cliff amount exceeds the total.
		CliffAmountTooLarge,
		/// A block number or amount overflows.
		Overflow,
		/// The account has `MaxSchedules` schedules already.
		TooManySchedules,
		/// A vested transfer locks less than `MinVestedTransfer`.
		AmountLow,
		/// No schedule at this index.
		InvalidIndex,
		/// A schedule cannot be merged with itself.
		SameIndex,
		/// The source cannot pay the schedule's total.
		InsufficientBalance,
		/// `RemainderDestination` cannot receive the clawed-back tokens (it does not exist and
		/// they are below the existential deposit).
		CannotDeposit,
	}

	impl<T> From<CurveError> for Error<T> {
		fn from(e: CurveError) -> Self {
			match e {
				CurveError::ZeroAmount => Error::ZeroAmount,
				CurveError::ZeroDuration => Error::ZeroDuration,
				CurveError::CliffBeyondEnd => Error::CliffBeyondEnd,
				CurveError::CliffAmountTooLarge => Error::CliffAmountTooLarge,
				CurveError::Overflow => Error::Overflow,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxSchedules::get() > 0, "MaxSchedules must be positive");
			assert!(T::MinVestedTransfer::get() > 0, "MinVestedTransfer must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Release what has vested of the caller's schedules, and let a clawback take what it
		/// still owes from the caller's free balance.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::vest(T::MaxSchedules::get()))]
		pub fn vest(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vest(&who)
		}

		/// Release what has vested of `who`'s schedules, and let a clawback take what `who`
		/// still owes. Anyone may call it.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::vest(T::MaxSchedules::get()))]
		pub fn vest_other(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_vest(&who)
		}

		/// Transfer `schedule.total` to `to`, locked by `schedule`. At least
		/// `MinVestedTransfer`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::vested_transfer(T::MaxSchedules::get()))]
		pub fn vested_transfer(
			origin: OriginFor<T>,
			to: T::AccountId,
			schedule: ScheduleOf<T>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			Self::do_vested_transfer(&from, &to, schedule)
		}

		/// Merge the caller's schedules at `first` and `second` into one. What has vested of
		/// both is released first; the merged schedule locks the rest from now, releases
		/// nothing before the later of the two cliffs and everything by the later of the two
		/// ends, linearly in between in the longer of the two periods. It keeps the later cliff
		/// and end, so a merge cannot shorten a lock-up; between them its line may run ahead of
		/// or behind the originals' steps.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::merge_schedules(T::MaxSchedules::get()))]
		pub fn merge_schedules(origin: OriginFor<T>, first: u32, second: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(first != second, Error::<T>::SameIndex);
			let mut schedules = Schedules::<T>::get(&who).ok_or(Error::<T>::NotVesting)?;
			let len = schedules.len() as u32;
			ensure!(first < len && second < len, Error::<T>::InvalidIndex);
			let now = frame_system::Pallet::<T>::block_number();
			let (a, b) = (schedules[first as usize], schedules[second as usize]);
			let merged = Self::merge(&a, &b, now);
			let (hi, lo) = (first.max(second) as usize, first.min(second) as usize);
			schedules.remove(hi);
			schedules.remove(lo);
			if let Some(merged) = merged {
				schedules.try_push(merged).map_err(|_| Error::<T>::TooManySchedules)?;
				Self::deposit_event(Event::SchedulesMerged { who: who.clone(), merged });
			}
			Self::store(&who, schedules, now)?;
			Ok(())
		}

		/// Transfer `schedule.total` from `source` to `to`, locked by `schedule`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::vested_transfer(T::MaxSchedules::get()))]
		pub fn force_vested_transfer(
			origin: OriginFor<T>,
			source: T::AccountId,
			to: T::AccountId,
			schedule: ScheduleOf<T>,
		) -> DispatchResult {
			T::ForceOrigin::ensure_origin(origin)?;
			Self::do_vested_transfer(&source, &to, schedule)
		}

		/// Claw back `who`'s schedule at `index`. Its vested part stays with `who`; its unvested
		/// remainder moves to `RemainderDestination` from `who`'s free balance, even if a vote
		/// or another schedule freezes it (`who` keeps its existential deposit). What `who`
		/// holds (bonded, deposits) stays frozen, owed, and moves as it is released (`vest`).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::force_remove_schedule(T::MaxSchedules::get()))]
		pub fn force_remove_schedule(
			origin: OriginFor<T>,
			who: T::AccountId,
			index: u32,
		) -> DispatchResult {
			T::ForceOrigin::ensure_origin(origin)?;
			let mut schedules = Schedules::<T>::get(&who).ok_or(Error::<T>::NotVesting)?;
			ensure!((index as usize) < schedules.len(), Error::<T>::InvalidIndex);
			let now = frame_system::Pallet::<T>::block_number();
			let removed = schedules.remove(index as usize);
			let remainder = removed.locked(now);
			let to = T::RemainderDestination::get();
			let moved = Self::claw(&who, &to, remainder)?;
			// The rest is held, or is the existential deposit. Held tokens not yet owed to an
			// earlier clawback are owed now.
			let before = Clawbacks::<T>::get(&who).unwrap_or(0);
			let owed = remainder.saturating_sub(moved).min(Self::held(&who).saturating_sub(before));
			if owed > 0 {
				Clawbacks::<T>::insert(&who, before.saturating_add(owed));
			}
			Self::store(&who, schedules, now)?;
			Self::deposit_event(Event::ScheduleRemoved { who, remainder, moved, owed, to });
			Ok(())
		}
	}
}

use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// What `who` has locked (its schedules, and what a clawback still owes) and vested at
	/// block `at`, and its next unlock.
	pub fn vesting_info(
		who: &T::AccountId,
		at: BlockNumberFor<T>,
	) -> VestingBalances<BlockNumberFor<T>> {
		let schedules = Schedules::<T>::get(who).unwrap_or_default();
		let owed = Clawbacks::<T>::get(who).unwrap_or(0);
		let mut info = VestingBalances { locked: owed, vested: 0, next_unlock: None };
		for s in &schedules {
			info.locked = info.locked.saturating_add(s.locked(at));
			info.vested = info.vested.saturating_add(s.vested(at));
			if let Some((block, amount)) = s.next_unlock(at) {
				let more = amount.saturating_sub(s.vested(at));
				info.next_unlock = match info.next_unlock {
					Some((b, m)) if b < block => Some((b, m)),
					Some((b, m)) if b == block => Some((b, m.saturating_add(more))),
					_ => Some((block, more)),
				};
			}
		}
		info
	}

	/// What `who`'s schedules lock at `at`.
	pub fn locked_total(who: &T::AccountId, at: BlockNumberFor<T>) -> u128 {
		Schedules::<T>::get(who)
			.map(|s| s.iter().fold(0u128, |sum, s| sum.saturating_add(s.locked(at))))
			.unwrap_or(0)
	}

	fn set_lock(who: &T::AccountId, locked: u128) -> DispatchResult {
		if locked == 0 {
			T::Currency::thaw(&FreezeReason::Vesting.into(), who)
		} else {
			T::Currency::set_freeze(&FreezeReason::Vesting.into(), who, locked)
		}
	}

	/// Drops finished schedules, stores the rest and sets the freeze to what they lock now plus
	/// what a clawback still owes.
	fn store(
		who: &T::AccountId,
		mut schedules: BoundedVec<ScheduleOf<T>, T::MaxSchedules>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		schedules.retain(|s| s.locked(now) > 0);
		let locked = schedules
			.iter()
			.fold(0u128, |sum, s| sum.saturating_add(s.locked(now)))
			.saturating_add(Clawbacks::<T>::get(who).unwrap_or(0));
		Self::set_lock(who, locked)?;
		if schedules.is_empty() {
			LastUpdate::<T>::remove(who);
			if Schedules::<T>::take(who).is_some() {
				Self::deposit_event(Event::VestingCompleted { who: who.clone() });
			}
		} else {
			Schedules::<T>::insert(who, schedules);
			LastUpdate::<T>::insert(who, now);
			Self::deposit_event(Event::Vested { who: who.clone(), locked });
		}
		Ok(())
	}

	fn do_vest(who: &T::AccountId) -> DispatchResult {
		let schedules = Schedules::<T>::get(who);
		ensure!(schedules.is_some() || Clawbacks::<T>::contains_key(who), Error::<T>::NotVesting);
		Self::collect(who)?;
		Self::store(who, schedules.unwrap_or_default(), frame_system::Pallet::<T>::block_number())
	}

	/// What `who` has on hold (bonded, deposits): its total balance less its free balance.
	fn held(who: &T::AccountId) -> u128 {
		T::Currency::total_balance(who).saturating_sub(T::Currency::balance(who))
	}

	/// Moves up to `amount` of `who`'s free balance to `to`, whatever freezes cover it; `who`
	/// keeps its existential deposit. Returns what moved.
	fn claw(who: &T::AccountId, to: &T::AccountId, amount: u128) -> Result<u128, DispatchError> {
		let free = T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Force);
		let amount = amount.min(free);
		if amount == 0 {
			return Ok(0);
		}
		let credit = T::Currency::withdraw(
			who,
			amount,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Force,
		)?;
		// On failure the credit is dropped and the whole call, which is transactional, undone.
		T::Currency::resolve(to, credit).map_err(|_| Error::<T>::CannotDeposit)?;
		Ok(amount)
	}

	/// Takes what `who` owes from clawbacks as far as its free balance allows. What is still
	/// owed stays only as far as `who` still holds it: a slashed hold never comes back.
	fn collect(who: &T::AccountId) -> DispatchResult {
		let Some(owed) = Clawbacks::<T>::get(who) else { return Ok(()) };
		let to = T::RemainderDestination::get();
		let amount = Self::claw(who, &to, owed)?;
		let left = owed.saturating_sub(amount).min(Self::held(who));
		if left == 0 {
			Clawbacks::<T>::remove(who);
		} else {
			Clawbacks::<T>::insert(who, left);
		}
		if left != owed {
			Self::deposit_event(Event::ClawbackCollected {
				who: who.clone(),
				amount,
				owed: left,
				to,
			});
		}
		Ok(())
	}

	fn do_vested_transfer(
		from: &T::AccountId,
		to: &T::AccountId,
		schedule: ScheduleOf<T>,
	) -> DispatchResult {
		schedule.validate().map_err(Error::<T>::from)?;
		ensure!(schedule.total >= T::MinVestedTransfer::get(), Error::<T>::AmountLow);
		let mut schedules = Schedules::<T>::get(to).unwrap_or_default();
		schedules.try_push(schedule).map_err(|_| Error::<T>::TooManySchedules)?;
		T::Currency::transfer(from, to, schedule.total, Preservation::Expendable)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Self::deposit_event(Event::VestingCreated { who: to.clone(), schedule });
		Self::store(to, schedules, frame_system::Pallet::<T>::block_number())
	}

	/// The schedule merging `a` and `b` at `now` (see `merge_schedules`); `None` if both have
	/// fully vested.
	pub fn merge(
		a: &ScheduleOf<T>,
		b: &ScheduleOf<T>,
		now: BlockNumberFor<T>,
	) -> Option<ScheduleOf<T>> {
		use sp_runtime::traits::Saturating;
		let total = a.locked(now).saturating_add(b.locked(now));
		if total == 0 {
			return None;
		}
		let end = a.end().max(b.end());
		let cliff_end = a.cliff_end().max(b.cliff_end()).max(now);
		Some(Schedule {
			total,
			start: now,
			cliff: cliff_end.saturating_sub(now),
			cliff_amount: 0,
			duration: end.max(now.saturating_add(1u32.into())).saturating_sub(now),
			period: a.period.max(b.period),
		})
	}

	/// Checks the invariants in the crate documentation.
	#[cfg(any(feature = "std", feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let frozen =
			|who: &T::AccountId| T::Currency::balance_frozen(&FreezeReason::Vesting.into(), who);
		for (who, schedules) in Schedules::<T>::iter() {
			ensure!(!schedules.is_empty(), "an empty schedule list is stored");
			let at = LastUpdate::<T>::get(&who).ok_or("schedules without a last update")?;
			let locked = schedules
				.iter()
				.fold(0u128, |sum, s| sum.saturating_add(s.locked(at)))
				.saturating_add(Clawbacks::<T>::get(&who).unwrap_or(0));
			ensure!(
				frozen(&who) == locked,
				"Vesting freeze differs from the schedules' locked sum plus the clawback owed"
			);
		}
		for (who, owed) in Clawbacks::<T>::iter() {
			ensure!(owed > 0, "a clawback owing nothing is stored");
			if !Schedules::<T>::contains_key(&who) {
				ensure!(frozen(&who) == owed, "Vesting freeze differs from the clawback owed");
			}
		}
		Ok(())
	}
}
