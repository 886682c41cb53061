//! Benchmarks (v2) of every call, and of slashing and era start against the number of
//! delegators, which must not change their cost.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

/// Gives `who` enough to bond `times` minimum self-bonds, and returns one minimum self-bond.
fn fund<T: Config>(who: &T::AccountId, times: u128) -> BalanceOf<T> {
	let min = MinSequencerStake::<T>::get();
	let ed = T::Currency::minimum_balance();
	T::Currency::set_balance(who, min.saturating_mul(times).saturating_add(ed));
	min
}

/// A registered candidate.
fn candidate<T: Config>(index: u32) -> T::AccountId {
	let who: T::AccountId = account("sequencer", index, 0);
	let bond = fund::<T>(&who, 10);
	assert_eq!(
		Pallet::<T>::register(RawOrigin::Signed(who.clone()).into(), bond, Perbill::zero()),
		Ok(())
	);
	who
}

/// `n` delegators of `sequencer`, each with `MinDelegation`.
fn delegators<T: Config>(sequencer: &T::AccountId, n: u32) {
	let amount = MinDelegation::<T>::get();
	for i in 0..n {
		let who: T::AccountId = account("delegator", i, 0);
		fund::<T>(&who, 1);
		assert_eq!(
			Pallet::<T>::delegate(RawOrigin::Signed(who).into(), sequencer.clone(), amount),
			Ok(())
		);
	}
}

/// The whitelisted caller, funded for `times` minimum self-bonds and delegating
/// `MinDelegation * delegated` to `sequencer`.
fn delegating_caller<T: Config>(
	sequencer: &T::AccountId,
	times: u128,
	delegated: u128,
) -> T::AccountId {
	let caller: T::AccountId = whitelisted_caller();
	fund::<T>(&caller, times);
	let amount = MinDelegation::<T>::get().saturating_mul(delegated);
	assert_eq!(
		Pallet::<T>::delegate(RawOrigin::Signed(caller.clone()).into(), sequencer.clone(), amount),
		Ok(())
	);
	caller
}

/// A pending slash of `offender` reported now (offence era = current era).
fn pending_slash<T: Config>(offender: &T::AccountId) -> (FaultKind, EraIndex) {
	let kind = FaultKind::DoubleSigning;
	let session = CurrentEraStartSession::<T>::get();
	Pallet::<T>::report_fault(offender, kind, Perbill::from_percent(10), session);
	(kind, CurrentEra::<T>::get())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() {
		let caller: T::AccountId = whitelisted_caller();
		let bond = fund::<T>(&caller, 2);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), bond, Perbill::zero());
		assert!(Candidates::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn bond_extra() {
		let caller = candidate::<T>(0);
		// Worst case: a slash is pending for the caller's own delegation.
		Pallet::<T>::slash_pool(&caller, Perbill::from_percent(10), 0);
		let amount = MinSequencerStake::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), amount);
		assert!(Candidates::<T>::get(&caller).expect("registered").unapplied.is_zero());
	}

	#[benchmark]
	fn delegate() {
		let sequencer = candidate::<T>(0);
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller, 1);
		let amount = MinDelegation::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), sequencer.clone(), amount);
		assert!(Delegations::<T>::contains_key(&sequencer, &caller));
	}

	#[benchmark]
	fn delegate_extra() {
		let sequencer = candidate::<T>(0);
		let caller = delegating_caller::<T>(&sequencer, 2, 1);
		let amount = MinDelegation::<T>::get();
		// Worst case: a slash to apply first.
		Pallet::<T>::slash_pool(&sequencer, Perbill::from_percent(10), 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), sequencer.clone(), amount);
		assert!(Pallet::<T>::bonded_value(&sequencer, &caller) > amount);
	}

	#[benchmark]
	fn unbond() {
		let caller = candidate::<T>(0);
		let amount = MinSequencerStake::<T>::get();
		assert_eq!(
			Pallet::<T>::bond_extra(RawOrigin::Signed(caller.clone()).into(), amount),
			Ok(())
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), amount);
		assert_eq!(Unbonding::<T>::get(&caller, &caller).len(), 1);
	}

	#[benchmark]
	fn undelegate() {
		let sequencer = candidate::<T>(0);
		let caller = delegating_caller::<T>(&sequencer, 1, 1);
		let amount = MinDelegation::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), sequencer.clone(), amount);
		assert!(!Delegations::<T>::contains_key(&sequencer, &caller));
	}

	/// Worst case: `MaxUnbondingChunks` chunks due, each in a slashed unbonding pool, and the
	/// last of them ends the candidacy of an operator that left, which is removed.
	#[benchmark]
	fn withdraw_unbonded() {
		let caller: T::AccountId = whitelisted_caller();
		let chunks = T::MaxUnbondingChunks::get();
		let min = fund::<T>(&caller, chunks as u128 + 1);
		let amount = MinDelegation::<T>::get();
		let bond = min.saturating_add(amount.saturating_mul(chunks as u128 - 1));
		assert_eq!(
			Pallet::<T>::register(RawOrigin::Signed(caller.clone()).into(), bond, Perbill::zero()),
			Ok(())
		);
		for era in 0..chunks - 1 {
			Pallet::<T>::start_era(era);
			assert_eq!(
				Pallet::<T>::unbond(RawOrigin::Signed(caller.clone()).into(), amount),
				Ok(())
			);
		}
		Pallet::<T>::start_era(chunks - 1);
		assert_eq!(Pallet::<T>::chill(RawOrigin::Signed(caller.clone()).into()), Ok(()));
		let rest = Pallet::<T>::bonded_value(&caller, &caller);
		assert_eq!(Pallet::<T>::unbond(RawOrigin::Signed(caller.clone()).into(), rest), Ok(()));
		Pallet::<T>::slash_pool(&caller, Perbill::from_percent(10), 0);
		Pallet::<T>::start_era(chunks + T::UnbondingPeriod::get());
		SlashQueueFrom::<T>::put(CurrentEra::<T>::get().saturating_add(1));
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), caller.clone());
		assert!(Unbonding::<T>::get(&caller, &caller).is_empty());
		assert!(!Candidates::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn chill() {
		let caller = candidate::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));
		assert_eq!(
			Candidates::<T>::get(&caller).expect("registered").status,
			CandidateStatus::Chilled
		);
	}

	#[benchmark]
	fn rejoin() {
		let caller = candidate::<T>(0);
		assert_eq!(Pallet::<T>::chill(RawOrigin::Signed(caller.clone()).into()), Ok(()));
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));
		assert_eq!(
			Candidates::<T>::get(&caller).expect("registered").status,
			CandidateStatus::Active
		);
	}

	/// Worst case: an increase, which is queued.
	#[benchmark]
	fn set_commission() {
		let caller = candidate::<T>(0);
		let commission = T::MaxCommissionIncrease::get().min(MaxCommission::<T>::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), commission);
		let c = Candidates::<T>::get(&caller).expect("registered");
		assert!(c.pending_commission.is_some() || commission.is_zero());
	}

	#[benchmark]
	fn apply_slash() {
		let sequencer = candidate::<T>(0);
		delegators::<T>(&sequencer, 1);
		let who: T::AccountId = account("delegator", 0, 0);
		Pallet::<T>::slash_pool(&sequencer, Perbill::from_percent(10), 0);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), sequencer.clone(), who.clone());
		let d = Delegations::<T>::get(&sequencer, &who).expect("delegated");
		assert_eq!(d.principal, Pallet::<T>::bonded_value(&sequencer, &who));
	}

	#[benchmark]
	fn set_parameter() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (_, hi) = T::MinSequencerStakeBounds::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, StakingParameter::MinSequencerStake(hi));
		assert_eq!(MinSequencerStake::<T>::get(), hi);
		Ok(())
	}

	/// Worst case: `MaxPendingSlashes` pending, the cancelled one last.
	// Worst case: the offender has left but for its unbonding pool, so cancelling checks
	// whether its candidacy ends.
	#[benchmark]
	fn cancel_slash() -> Result<(), BenchmarkError> {
		let origin = T::CancelSlashOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let offender = candidate::<T>(0);
		assert_eq!(Pallet::<T>::chill(RawOrigin::Signed(offender.clone()).into()), Ok(()));
		let bonded = Pallet::<T>::bonded_value(&offender, &offender);
		assert_eq!(Pallet::<T>::unbond(RawOrigin::Signed(offender.clone()).into(), bonded), Ok(()));
		let (kind, era) = pending_slash::<T>(&offender);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, offender.clone(), kind, era);
		let record =
			SlashRecords::<T>::get(era, (offender, kind)).ok_or(BenchmarkError::Weightless)?;
		assert_eq!(record.state, SlashState::Cancelled);
		Ok(())
	}

	#[benchmark]
	fn postpone_slash() -> Result<(), BenchmarkError> {
		let origin = T::PostponeSlashOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let offender = candidate::<T>(0);
		let (kind, era) = pending_slash::<T>(&offender);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, offender.clone(), kind, era);
		let record =
			SlashRecords::<T>::get(era, (offender, kind)).ok_or(BenchmarkError::Weightless)?;
		assert!(record.postponed);
		Ok(())
	}

	// Worst case: a new offence (record, queue entry, counts), with other offences pending.
	#[benchmark]
	fn report_fault() {
		for i in 1..T::MaxCandidates::get().min(100) {
			Pallet::<T>::report_fault(
				&candidate::<T>(i),
				FaultKind::LivenessFailure,
				Perbill::from_percent(1),
				0,
			);
		}
		let offender = candidate::<T>(0);
		#[block]
		{
			Pallet::<T>::report_fault(
				&offender,
				FaultKind::DoubleSigning,
				Perbill::from_percent(10),
				0,
			);
		}
		assert!(SlashRecords::<T>::contains_key(0, (offender, FaultKind::DoubleSigning)));
	}

	#[benchmark]
	fn slash_pool(d: Linear<10, 10_000>) {
		let sequencer = candidate::<T>(0);
		delegators::<T>(&sequencer, d);
		Pallet::<T>::start_era(T::UnbondingPeriod::get());
		frame_system::Pallet::<T>::reset_events();
		#[block]
		{
			Pallet::<T>::slash_pool(&sequencer, Perbill::from_percent(10), 0);
		}
		assert!(!Candidates::<T>::get(&sequencer).expect("registered").unapplied.is_zero());
	}

	// Worst case: an unbonding pool in every era the slash reaches (each read and written), and
	// `d` delegators in the pool (read by nothing; they grow the state).
	#[benchmark]
	fn apply_queued_slash(d: Linear<10, 10_000>) {
		let sequencer = candidate::<T>(0);
		delegators::<T>(&sequencer, d);
		let amount = MinDelegation::<T>::get();
		let unbonding = T::UnbondingPeriod::get();
		for era in 0..=unbonding {
			Pallet::<T>::start_era(era);
			let who: T::AccountId = account("unbonder", era, 0);
			fund::<T>(&who, 1);
			let sequencer_ = sequencer.clone();
			assert_eq!(
				Pallet::<T>::delegate(RawOrigin::Signed(who.clone()).into(), sequencer_, amount),
				Ok(())
			);
			assert_eq!(
				Pallet::<T>::undelegate(RawOrigin::Signed(who).into(), sequencer.clone(), amount),
				Ok(())
			);
		}
		// The offence is as old as a report allows; the slash is due now.
		let offence_era = 0;
		let current = CurrentEra::<T>::get();
		SlashRecords::<T>::insert(
			offence_era,
			(sequencer.clone(), FaultKind::DoubleSigning),
			SlashRecord {
				fraction: Perbill::from_percent(10),
				slash_from: offence_era,
				apply_era: current,
				state: SlashState::Pending,
				postponed: false,
			},
		);
		SlashQueue::<T>::insert(current, (sequencer.clone(), FaultKind::DoubleSigning, 0), ());
		Candidates::<T>::mutate(&sequencer, |c| {
			if let Some(c) = c {
				c.pending_slashes = 1;
				c.pending_heavy = 1;
			}
		});
		SlashQueueFrom::<T>::put(current);
		frame_system::Pallet::<T>::reset_events();
		#[block]
		{
			Pallet::<T>::apply_queued_slash(
				current,
				(sequencer.clone(), FaultKind::DoubleSigning, offence_era),
			);
		}
		assert!(!Candidates::<T>::get(&sequencer).expect("registered").unapplied.is_zero());
	}

	#[benchmark]
	fn start_era(c: Linear<1, { T::MaxCandidates::get() }>) {
		let increase = T::MaxCommissionIncrease::get().min(MaxCommission::<T>::get());
		let c = c.min(T::MaxCandidates::get().saturating_sub(Candidates::<T>::count()));
		for i in 0..c {
			let who = candidate::<T>(i);
			assert_eq!(
				Pallet::<T>::set_commission(RawOrigin::Signed(who.clone()).into(), increase),
				Ok(())
			);
		}
		let era = T::CommissionChangeDelay::get();
		frame_system::Pallet::<T>::reset_events();
		#[block]
		{
			Pallet::<T>::start_era(era);
		}
		assert_eq!(CurrentEra::<T>::get(), era);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
