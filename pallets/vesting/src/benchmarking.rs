//! Benchmarks, by the number of schedules the account has (`s`).

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::Currency::set_balance(&who, u128::MAX / 1024);
	who
}

/// A schedule locking `total` from block 0, half vested at block 100.
fn schedule<T: Config>(total: u128) -> ScheduleOf<T> {
	Schedule {
		total,
		start: 0u32.into(),
		cliff: 0u32.into(),
		cliff_amount: 0,
		duration: 200u32.into(),
		period: 1u32.into(),
	}
}

/// Gives `who` `s` schedules.
fn with_schedules<T: Config>(who: &T::AccountId, s: u32) {
	let source = funded::<T>("source", 0);
	for _ in 0..s {
		Pallet::<T>::do_vested_transfer(
			&source,
			who,
			schedule::<T>(T::MinVestedTransfer::get() * 10),
		)
		.expect("room for MaxSchedules");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `s` schedules, and a clawback's debt that is now free to take (the unbonded tokens of
	/// an account governance clawed back from while they were bonded).
	#[benchmark]
	fn vest(s: Linear<1, { T::MaxSchedules::get() }>) -> Result<(), BenchmarkError> {
		let who = funded::<T>("who", 0);
		with_schedules::<T>(&who, s);
		let owed = T::MinVestedTransfer::get();
		Clawbacks::<T>::insert(&who, owed);
		let schedules = Schedules::<T>::get(&who).ok_or(BenchmarkError::Stop("no schedules"))?;
		Pallet::<T>::store(&who, schedules, 0u32.into())
			.map_err(|_| BenchmarkError::Stop("cannot freeze"))?;
		frame_system::Pallet::<T>::set_block_number(100u32.into());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Pallet::<T>::locked_total(&who, 100u32.into()) > 0);
		assert!(!Clawbacks::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn vested_transfer(s: Linear<0, { T::MaxSchedules::get() - 1 }>) {
		let from = funded::<T>("from", 0);
		let to = funded::<T>("to", 0);
		with_schedules::<T>(&to, s);
		#[extrinsic_call]
		_(RawOrigin::Signed(from), to.clone(), schedule::<T>(T::MinVestedTransfer::get()));
		assert_eq!(Schedules::<T>::get(&to).map(|v| v.len() as u32), Some(s + 1));
	}

	#[benchmark]
	fn merge_schedules(s: Linear<2, { T::MaxSchedules::get() }>) {
		let who = funded::<T>("who", 0);
		with_schedules::<T>(&who, s);
		frame_system::Pallet::<T>::set_block_number(100u32.into());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0, 1);
		assert_eq!(Schedules::<T>::get(&who).map(|v| v.len() as u32), Some(s - 1));
	}

	/// Clawing back one of `s` schedules from an account whose whole balance a vote would
	/// freeze: the remainder moves regardless.
	#[benchmark]
	fn force_remove_schedule(
		s: Linear<1, { T::MaxSchedules::get() }>,
	) -> Result<(), BenchmarkError> {
		let who = funded::<T>("who", 0);
		with_schedules::<T>(&who, s);
		let origin =
			T::ForceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(100u32.into());
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), 0);
		assert_eq!(Schedules::<T>::get(&who).map(|v| v.len() as u32).unwrap_or(0), s - 1);
		assert!(T::Currency::balance(&T::RemainderDestination::get()) > 0);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(alloc::vec![]), crate::mock::Test);
}
