//! The economy (fee-distribution): the fee pot, the era-end split between stakers, treasury and
//! burn, the emission curve and its hard cap, and the treasury's spends.

use alloc::vec::Vec;
use frame_support::{parameter_types, traits::ConstU32, PalletId};
use pallet_fee_distribution::{emission::Emission, split::Shares};
use sp_runtime::Perbill;

use crate::{
	configs::{TreasuryAccount, ERAS_PER_DAY, MAX_AUTHORITIES},
	AccountId, Balance, Balances, Runtime, SequencerStaking, SlotRotation, UNIT,
};

/// Eras in a year: hourly eras.
pub const ERAS_PER_YEAR: u32 = ERAS_PER_DAY * 365;

parameter_types! {
	/// The pot's id; its `rewards` sub-account holds the unclaimed staker rewards.
	pub const FeesPalletId: PalletId = PalletId(*b"seq/fees");
	/// The hard cap on the issuance: one billion SEQ. Governance may lower the cap, never
	/// raise it above this.
	pub const MaxSupply: Balance = 1_000_000_000 * UNIT;
	/// Highest annual emission rate governance may set.
	pub const MaxAnnualRate: Perbill = Perbill::from_percent(20);
	/// Eras in a year.
	pub const ErasPerYear: u32 = ERAS_PER_YEAR;
	/// The seed's fee split: 40 % to the stakers, 40 % to the treasury, 20 % burned.
	pub const DefaultFeeShares: Shares = Shares::seed_default();
	/// The seed's emission: 15 % a year, halving every four years, up to the cap.
	pub const DefaultEmission: Emission = Emission {
		initial_rate: Perbill::from_percent(15),
		decay: Perbill::from_percent(50),
		decay_period: 4 * ERAS_PER_YEAR,
		eras_per_year: ERAS_PER_YEAR,
		max_supply: 1_000_000_000 * UNIT,
	};
	/// 80 % of the emission rewards the stakers who secure the chain, 20 % funds the
	/// treasury.
	pub const DefaultEmissionStakersShare: Perbill = Perbill::from_percent(80);
}

/// The session's validators: the active sequencer set.
pub struct ActiveSet;
impl frame_support::traits::Get<Vec<AccountId>> for ActiveSet {
	fn get() -> Vec<AccountId> {
		pallet_session::Validators::<Runtime>::get()
	}
}

impl pallet_fee_distribution::Config for Runtime {
	type Currency = Balances;
	type PalletId = FeesPalletId;
	type TreasuryAccount = TreasuryAccount;
	type StakePools = SequencerStaking;
	type Authored = SlotRotation;
	type ActiveSequencers = ActiveSet;
	type AdminOrigin = crate::configs::ParametersPower;
	type SpendOrigin = crate::configs::TreasuryPower;
	type MaxSupply = MaxSupply;
	type MaxAnnualRate = MaxAnnualRate;
	type ErasPerYear = ErasPerYear;
	type DefaultFeeShares = DefaultFeeShares;
	type DefaultEmission = DefaultEmission;
	type DefaultEmissionStakersShare = DefaultEmissionStakersShare;
	// A week of hourly eras for the mean spend and the recent flows.
	type HistoryDepth = ConstU32<{ 7 * ERAS_PER_DAY }>;
	type MaxSequencers = ConstU32<MAX_AUTHORITIES>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
	type WeightInfo = pallet_fee_distribution::weights::SubstrateWeight<Runtime>;
}

/// Registers candidates and delegations through the staking pallet's calls.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_fee_distribution::BenchmarkHelper<AccountId> for BenchmarkHelper {
	fn create_pool(who: &AccountId) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 1_000_000 * UNIT);
		let bond = pallet_sequencer_staking::MinSequencerStake::<Runtime>::get();
		SequencerStaking::register(
			frame_system::RawOrigin::Signed(who.clone()).into(),
			bond,
			Perbill::from_percent(10),
		)
		.expect("a funded account registers");
	}

	fn delegate(sequencer: &AccountId, who: &AccountId) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 1_000_000 * UNIT);
		SequencerStaking::delegate(
			frame_system::RawOrigin::Signed(who.clone()).into(),
			sequencer.clone(),
			1_000 * UNIT,
		)
		.expect("a funded account delegates");
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_seed_defaults() {
		assert!(DefaultFeeShares::get().is_valid());
		assert_eq!(DefaultFeeShares::get().burn, Perbill::from_percent(20));
		let e = DefaultEmission::get();
		assert_eq!(e.rate(0), Perbill::from_percent(15));
		assert_eq!(e.rate(4 * ERAS_PER_YEAR), Perbill::from_rational(75u32, 1_000u32));
		assert_eq!(e.max_supply, MaxSupply::get());
		assert_eq!(ERAS_PER_YEAR, 8_760);
	}
}
