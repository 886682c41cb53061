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

	/// Worst case: `MaxUnbondingChunks` chunks due, each in a slashed unbonding pool.
	#[benchmark]
	fn withdraw_unbonded() {
		let sequencer = candidate::<T>(0);
		let caller: T::AccountId = whitelisted_caller();
		let chunks = T::MaxUnbondingChunks::get();
		fund::<T>(&caller, chunks as u128 + 1);
		let amount = MinDelegation::<T>::get();
		assert_eq!(
			Pallet::<T>::delegate(
				RawOrigin::Signed(caller.clone()).into(),
				sequencer.clone(),
				amount.saturating_mul(chunks as u128 + 1)
			),
			Ok(())
		);
		for era in 0..chunks {
			Pallet::<T>::start_era(era);
			assert_eq!(
				Pallet::<T>::undelegate(
					RawOrigin::Signed(caller.clone()).into(),
					sequencer.clone(),
					amount
				),
				Ok(())
			);
		}
		Pallet::<T>::slash_pool(&sequencer, Perbill::from_percent(10), 0);
		Pallet::<T>::start_era(chunks + T::UnbondingPeriod::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), sequencer.clone());
		assert!(Unbonding::<T>::get(&sequencer, &caller).is_empty());
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
	#[benchmark]
	fn cancel_slash() -> Result<(), BenchmarkError> {
		let origin = T::CancelSlashOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let n = T::MaxPendingSlashes::get().min(T::MaxCandidates::get());
		let mut last = None;
		for i in 0..n {
			let who = candidate::<T>(i);
			Pallet::<T>::report_fault(
				&who,
				FaultKind::LivenessFailure,
				Perbill::from_percent(1),
				0,
			);
			last = Some(who);
		}
		let offender = last.ok_or(BenchmarkError::Weightless)?;
		let apply_era = T::SlashDeferDuration::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, apply_era, offender.clone());
		assert!(PendingSlashes::<T>::get(apply_era).iter().all(|p| p.offender != offender));
		Ok(())
	}

	/// Reporting a fault, worst case: `MaxPendingSlashes - 1` other slashes pending for the
	/// same era, searched before the new one is queued.
	#[benchmark]
	fn report_fault() {
		let n = T::MaxPendingSlashes::get().min(T::MaxCandidates::get());
		for i in 1..n {
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
		let apply_era = T::SlashDeferDuration::get();
		assert!(PendingSlashes::<T>::get(apply_era).iter().any(|p| p.offender == offender));
	}

	/// Slashing a pool with `d` delegators: the cost must not grow with `d`.
	#[benchmark]
	fn slash_pool(d: Linear<10, 10_000>) {
		let sequencer = candidate::<T>(0);
		delegators::<T>(&sequencer, d);
		Pallet::<T>::start_era(T::UnbondingPeriod::get());
		// A block starts with no events: the setup's must not weigh on the measured append.
		frame_system::Pallet::<T>::reset_events();
		#[block]
		{
			Pallet::<T>::slash_pool(&sequencer, Perbill::from_percent(10), 0);
		}
		assert!(!Candidates::<T>::get(&sequencer).expect("registered").unapplied.is_zero());
	}

	/// Starting an era that applies a slash to a pool with `d` delegators: the cost must not
	/// grow with `d`.
	#[benchmark]
	fn start_era_with_delegators(d: Linear<10, 10_000>) {
		let sequencer = candidate::<T>(0);
		delegators::<T>(&sequencer, d);
		Pallet::<T>::report_fault(
			&sequencer,
			FaultKind::DoubleSigning,
			Perbill::from_percent(10),
			0,
		);
		let era = T::SlashDeferDuration::get();
		frame_system::Pallet::<T>::reset_events();
		#[block]
		{
			Pallet::<T>::start_era(era);
		}
		assert!(!Candidates::<T>::get(&sequencer).expect("registered").unapplied.is_zero());
	}

	/// Starting an era with `c` candidates that have a commission increase due and `s` slashes
	/// to apply. Genesis candidates (the chain spec's) count towards `MaxCandidates`, so the
	/// top of the range is what is left of it.
	#[benchmark]
	fn start_era(
		c: Linear<1, { T::MaxCandidates::get() }>,
		s: Linear<0, { T::MaxPendingSlashes::get() }>,
	) {
		let increase = T::MaxCommissionIncrease::get().min(MaxCommission::<T>::get());
		let c = c.min(T::MaxCandidates::get().saturating_sub(Candidates::<T>::count()));
		for i in 0..c {
			let who = candidate::<T>(i);
			assert_eq!(
				Pallet::<T>::set_commission(RawOrigin::Signed(who.clone()).into(), increase),
				Ok(())
			);
			if i < s {
				Pallet::<T>::report_fault(
					&who,
					FaultKind::LivenessFailure,
					Perbill::from_percent(1),
					0,
				);
			}
		}
		let era = T::SlashDeferDuration::get().max(T::CommissionChangeDelay::get());
		frame_system::Pallet::<T>::reset_events();
		#[block]
		{
			Pallet::<T>::start_era(era);
		}
		assert_eq!(CurrentEra::<T>::get(), era);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
