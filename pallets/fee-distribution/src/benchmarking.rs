//! Benchmarks: the calls, and the era-end payment by the number of sequencers rewarded (`n`).

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

/// Puts `amount` of fees in the pot, as transaction payment would.
fn fees<T: Config>(amount: u128) {
	let payer: T::AccountId = account("payer", 0, 0);
	T::Currency::set_balance(&payer, amount.saturating_mul(2));
	let credit = T::Currency::withdraw(
		&payer,
		amount,
		Precision::Exact,
		Preservation::Preserve,
		Fortitude::Polite,
	)
	.expect("the payer was funded");
	FeePot::<T>::on_unbalanced(credit);
}

/// `n` sequencers with stake pools, each with one delegator, and the blocks each authored.
fn sequencers<T: Config>(n: u32) -> Vec<(T::AccountId, u32)> {
	(0..n)
		.map(|i| {
			let who: T::AccountId = account("sequencer", i, 0);
			T::BenchmarkHelper::create_pool(&who);
			T::BenchmarkHelper::delegate(&who, &account("delegator", i, 0));
			(who, 10 + i)
		})
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The worst claim: a delegator's rewards from two eras, auto-compounded (the bond
	/// writes the staking pool, the delegation and the hold).
	#[benchmark]
	fn claim_rewards() {
		let authored = sequencers::<T>(1);
		let sequencer = authored[0].0.clone();
		let who: T::AccountId = account("delegator", 0, 0);
		AutoCompound::<T>::insert(&who, ());
		fees::<T>(1_000_000_000_000);
		Pallet::<T>::pay_era(0, &authored);
		fees::<T>(1_000_000_000_000);
		Pallet::<T>::pay_era(1, &authored);
		assert!(Pallet::<T>::pending_rewards(&sequencer, &who) > 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), sequencer.clone());
		assert_eq!(Pallet::<T>::pending_rewards(&sequencer, &who), 0);
	}

	#[benchmark]
	fn set_auto_compound() {
		let who: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), true);
		assert!(AutoCompound::<T>::contains_key(&who));
	}

	#[benchmark]
	fn spend() -> Result<(), BenchmarkError> {
		let origin =
			T::SpendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		T::Currency::set_balance(&T::TreasuryAccount::get(), 1_000_000_000_000_000);
		let beneficiary: T::AccountId = account("beneficiary", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1_000_000_000_000, beneficiary.clone());
		assert_eq!(T::Currency::balance(&beneficiary), 1_000_000_000_000);
		Ok(())
	}

	/// The costliest parameter to check: the cap reads the issuance.
	#[benchmark]
	fn set_parameter() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cap = T::MaxSupply::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, EconomicsParameter::MaxSupply(cap));
		assert_eq!(EmissionParams::<T>::get().max_supply, cap);
		Ok(())
	}

	/// An era's end with `n` sequencers rewarded: emission minted, fees split and burned,
	/// every sequencer's pool and operator credited. Independent of the number of stakers.
	#[benchmark]
	fn pay_era(n: Linear<1, { T::MaxSequencers::get() }>) {
		let authored = sequencers::<T>(n);
		fees::<T>(1_000_000_000_000);
		#[block]
		{
			Pallet::<T>::pay_era(0, &authored);
		}
		assert_eq!(History::<T>::get().len(), 1);
		assert!(Books::<T>::get().credited > 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
