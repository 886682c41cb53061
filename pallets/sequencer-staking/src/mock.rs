//! Test runtime: System, Balances and this pallet.

use crate::{self as pallet_sequencer_staking, *};
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::Inspect, ConstU32},
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Staking: pallet_sequencer_staking,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = frame_support::traits::ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Receives slashed funds, as the runtime's treasury would.
pub const TREASURY: AccountId = 100;

parameter_types! {
	pub const Treasury: AccountId = TREASURY;
	pub static MinStakeBounds: (Balance, Balance) = (100, 1_000);
	pub const MaxIncrease: Perbill = Perbill::from_percent(5);
	pub const Ceiling: Perbill = Perbill::from_percent(50);
}

/// Slashed funds so far: the treasury's balance.
pub fn slashed_total() -> Balance {
	Balances::free_balance(TREASURY)
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Slashed = frame_support::traits::tokens::imbalance::ResolveTo<Treasury, Balances>;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type CancelSlashOrigin = frame_system::EnsureRoot<AccountId>;
	type PostponeSlashOrigin = frame_system::EnsureSignedBy<Council, AccountId>;
	type MaxCandidates = ConstU32<4>;
	type MaxUnbondingChunks = ConstU32<3>;
	type UnbondingPeriod = ConstU32<4>;
	type CommissionChangeDelay = ConstU32<2>;
	type MaxCommissionIncrease = MaxIncrease;
	type MinSequencerStakeBounds = MinStakeBounds;
	type DefaultMinSequencerStake = frame_support::traits::ConstU128<100>;
	type DefaultMinDelegation = frame_support::traits::ConstU128<10>;
	type CommissionCeiling = Ceiling;
	type SessionsPerEra = ConstU32<2>;
	type SlashDeferDuration = ConstU32<1>;
	type SlashPostponement = ConstU32<1>;
	type MaxSlashesPerBlock = ConstU32<2>;
	type SharesObserver = ();
	type EraObserver = ();
	type Disabler = RecordDisabled;
	type WeightInfo = ();
}

/// The council's account in the mock: it may postpone a slash, not cancel one.
pub const COUNCIL: AccountId = 50;

frame_support::ord_parameter_types! {
	pub const Council: AccountId = COUNCIL;
}

parameter_types! {
	/// Sequencers disabled so far.
	pub static Disabled: Vec<AccountId> = Vec::new();
}

/// Records who was disabled.
pub struct RecordDisabled;
impl seqchain_primitives::DisableSequencer<AccountId> for RecordDisabled {
	fn disable(who: &AccountId, _: Perbill) -> bool {
		Disabled::mutate(|d| d.push(*who));
		true
	}
}

/// Accounts 1..=9 start with 10,000 each.
pub const ENDOWMENT: Balance = 10_000;

pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		Self::with_genesis(Default::default())
	}

	/// Endowed accounts 1..=9 and the given genesis stake.
	pub fn with_genesis(staking: crate::GenesisConfig<Test>) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: (1..=9).map(|a| (a, ENDOWMENT)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		staking.assimilate_storage(&mut storage).unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Disabled::set(Vec::new());
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants and that no token was created or lost:
	/// slashed funds all reached the treasury.
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			test();
			Staking::do_try_state().expect("try_state invariants hold");
			assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), 9 * ENDOWMENT);
			let accounts: Balance = (1..=9).map(|a| Balances::total_balance(&a)).sum();
			assert_eq!(
				accounts + slashed_total(),
				9 * ENDOWMENT,
				"tokens only ever move from stakers to the treasury, by slashes"
			);
		});
	}
}

/// The pallet's events so far.
pub fn staking_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Staking(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn held(who: AccountId) -> (Balance, Balance) {
	use frame_support::traits::fungible::InspectHold;
	(
		Balances::balance_on_hold(&HoldReason::Staking.into(), &who),
		Balances::balance_on_hold(&HoldReason::Unbonding.into(), &who),
	)
}
