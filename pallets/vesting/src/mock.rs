//! Test runtime: System, Balances, this pallet, and a stand-in for staking and referenda that
//! only declares their hold and freeze reasons, to show that vesting tokens can be bonded and
//! voted with.

use crate::{self as pallet_vesting, *};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, VariantCountOf},
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

/// Declares the hold and freeze reasons of the other pallets that use vesting tokens.
#[frame_support::pallet]
pub mod others {
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	/// As sequencer staking holds bonded funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Bonded.
		Staking,
	}

	/// As referenda freezes votes.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// Voting.
		Voting,
	}
}

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Vesting: pallet_vesting,
		Others: others,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

impl others::Config for Test {}

/// Receives the remainder of force-removed schedules.
pub const REMAINDER: AccountId = 99;

parameter_types! {
	pub const Remainder: AccountId = REMAINDER;
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type MaxSchedules = ConstU32<3>;
	type MinVestedTransfer = ConstU128<100>;
	type ForceOrigin = frame_system::EnsureRoot<AccountId>;
	type RemainderDestination = Remainder;
	type WeightInfo = ();
}

/// Accounts 1..=9 start with 10,000 each.
pub const ENDOWMENT: u128 = 10_000;

pub fn new_test_ext(
	allocations: Vec<(AccountId, Category, ScheduleOf<Test>)>,
) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|a| (a, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_vesting::GenesisConfig::<Test> { allocations }.assimilate_storage(&mut storage).unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on the default genesis, then checks the pallet's invariant.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext(vec![]).execute_with(|| {
		test();
		Vesting::do_try_state().expect("try_state invariant holds");
		assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), 9 * ENDOWMENT);
	});
}

/// The `Vesting` freeze on `who`.
pub fn frozen(who: AccountId) -> u128 {
	use frame_support::traits::fungible::InspectFreeze;
	Balances::balance_frozen(&RuntimeFreezeReason::Vesting(FreezeReason::Vesting), &who)
}

/// Sets the block number.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}
