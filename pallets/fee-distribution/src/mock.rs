//! Test runtime: System, Balances, the real sequencer-staking pallet (pools, slashes,
//! bonding) and this pallet, wired as the runtime wires them. Authored blocks and the active
//! set are set by the tests.

use crate::{self as pallet_fee_distribution, *};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{
		fungible::{Balanced, Inspect},
		tokens::{Fortitude, Precision, Preservation},
		ConstU32,
	},
};
use seqchain_primitives::SessionObserver;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
/// Wide enough for the pot's sub-account to differ from the pot (`u64` truncates both to the
/// same eight bytes).
pub type AccountId = u128;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Staking: pallet_sequencer_staking,
		FeeDistribution: pallet_fee_distribution,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = frame_support::traits::ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DustRemoval = FeePot<Test>;
}

parameter_types! {
	pub const MinStakeBounds: (Balance, Balance) = (100, 1_000);
	pub const MaxIncrease: Perbill = Perbill::from_percent(5);
	pub const Ceiling: Perbill = Perbill::from_percent(50);
}

impl pallet_sequencer_staking::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Slashed = SlashSink<Test>;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type CancelSlashOrigin = frame_system::EnsureRoot<AccountId>;
	type PostponeSlashOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxCandidates = ConstU32<16>;
	type MaxUnbondingChunks = ConstU32<3>;
	type UnbondingPeriod = ConstU32<3>;
	type CommissionChangeDelay = ConstU32<2>;
	type MaxCommissionIncrease = MaxIncrease;
	type MinSequencerStakeBounds = MinStakeBounds;
	type DefaultMinSequencerStake = frame_support::traits::ConstU128<100>;
	type DefaultMinDelegation = frame_support::traits::ConstU128<10>;
	type CommissionCeiling = Ceiling;
	// Every session ends an era.
	type SessionsPerEra = ConstU32<1>;
	type SlashDeferDuration = ConstU32<1>;
	type SlashPostponement = ConstU32<1>;
	type MaxSlashesPerBlock = ConstU32<4>;
	type SharesObserver = FeeDistribution;
	type EraObserver = FeeDistribution;
	type Disabler = ();
	type WeightInfo = ();
}

/// The treasury's account.
pub const TREASURY: AccountId = 100;
/// Eras in the mock's year: ten, so an era mints a tenth of the annual rate.
pub const ERAS_PER_YEAR: u32 = 10;
/// The hard cap.
pub const MAX_SUPPLY: Balance = 100_000_000;

parameter_types! {
	pub const FeesPalletId: PalletId = PalletId(*b"seq/fees");
	pub const Treasury: AccountId = TREASURY;
	pub const MaxSupply: Balance = MAX_SUPPLY;
	pub const MaxAnnualRate: Perbill = Perbill::from_percent(20);
	pub const ErasPerYear: u32 = ERAS_PER_YEAR;
	pub const DefaultFeeShares: Shares = Shares::seed_default();
	/// 10 % a year at first (1 % an era), halving every 4 eras, capped at 20 million.
	pub const DefaultEmission: Emission = Emission {
		initial_rate: Perbill::from_percent(10),
		decay: Perbill::from_percent(50),
		decay_period: 4,
		eras_per_year: ERAS_PER_YEAR,
		max_supply: 20_000_000,
	};
	pub const DefaultEmissionStakersShare: Perbill = Perbill::from_percent(50);
	/// Blocks authored in each session, as slot-rotation would count them.
	pub static AuthoredBy: BTreeMap<SessionIndex, Vec<(AccountId, u32)>> = BTreeMap::new();
	/// The active set.
	pub static Active: Vec<AccountId> = Vec::new();
	/// The session in progress.
	pub static Session: SessionIndex = 0;
}

/// Reads [`AuthoredBy`].
pub struct MockAuthored;
impl AuthoredBlocks<AccountId> for MockAuthored {
	fn authored(session: SessionIndex) -> Vec<(AccountId, u32)> {
		AuthoredBy::get().get(&session).cloned().unwrap_or_default()
	}
}

impl Config for Test {
	type Currency = Balances;
	type PalletId = FeesPalletId;
	type TreasuryAccount = Treasury;
	type StakePools = Staking;
	type Authored = MockAuthored;
	type ActiveSequencers = Active;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type SpendOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxSupply = MaxSupply;
	type MaxAnnualRate = MaxAnnualRate;
	type ErasPerYear = ErasPerYear;
	type DefaultFeeShares = DefaultFeeShares;
	type DefaultEmission = DefaultEmission;
	type DefaultEmissionStakersShare = DefaultEmissionStakersShare;
	type HistoryDepth = ConstU32<4>;
	type MaxSequencers = ConstU32<8>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockHelper;
	type WeightInfo = ();
}

/// Registers candidates and delegations through the staking pallet's calls.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockHelper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId> for MockHelper {
	fn create_pool(who: &AccountId) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 10_000);
		assert_ok!(Staking::register(
			RuntimeOrigin::signed(*who),
			1_000,
			Perbill::from_percent(10)
		));
	}
	fn delegate(sequencer: &AccountId, who: &AccountId) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 10_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(*who), *sequencer, 1_000));
	}
}

/// Accounts 1..=9 start with a million each.
pub const ENDOWMENT: Balance = 1_000_000;
/// Sequencer 1: a self-bond of 1,000 and 10 % commission; account 3 delegates 1,000 to it.
pub const SEQ_A: AccountId = 1;
/// Sequencer 2: a self-bond of 1,000 and no commission.
pub const SEQ_B: AccountId = 2;

pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: (1..=9).map(|a| (a, ENDOWMENT)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		pallet_sequencer_staking::GenesisConfig::<Test> {
			candidates: vec![
				(SEQ_A, 1_000, Perbill::from_percent(10)),
				(SEQ_B, 1_000, Perbill::zero()),
			],
			delegations: vec![(3, SEQ_A, 1_000)],
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		pallet_fee_distribution::GenesisConfig::<Test>::default()
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			AuthoredBy::set(BTreeMap::new());
			Active::set(vec![SEQ_A, SEQ_B]);
			Session::set(0);
		});
		ext
	}

	/// Runs `test`, then checks both pallets' invariants, and that the pallet accounts hold
	/// exactly what the books say (the tests make no donations unless they say so).
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			test();
			check_invariants();
			let books = Books::<Test>::get();
			assert_eq!(
				Balances::balance(&FeeDistribution::pot_account()),
				1 + EraFees::<Test>::get(),
				"pot = deposit + this era's fees"
			);
			assert_eq!(
				Balances::balance(&FeeDistribution::rewards_account()),
				1 + books.credited - books.claimed,
				"rewards account = deposit + unclaimed"
			);
			assert_eq!(
				Balances::balance(&TREASURY),
				books.treasury_in - books.treasury_spent,
				"treasury = paid in - spent"
			);
		});
	}
}

/// Both pallets' `try_state`.
pub fn check_invariants() {
	FeeDistribution::do_try_state().expect("fee-distribution invariants hold");
	Staking::do_try_state().expect("staking invariants hold");
}

/// `who` pays a fee of `amount`, as transaction payment withdraws it.
pub fn pay_fee(who: AccountId, amount: Balance) {
	let credit = Balances::withdraw(
		&who,
		amount,
		Precision::Exact,
		Preservation::Preserve,
		Fortitude::Polite,
	)
	.expect("the payer can afford the fee");
	<FeePot<Test> as OnUnbalanced<_>>::on_unbalanced(credit);
}

/// Ends the era in progress, in which each sequencer authored the given blocks.
pub fn end_era(authored: &[(AccountId, u32)]) {
	let session = Session::get();
	AuthoredBy::mutate(|m| m.insert(session, authored.to_vec()));
	Session::set(session + 1);
	<Staking as SessionObserver>::on_session_start(session + 1);
}

/// Turns emission off, to look at fees alone.
pub fn no_emission() {
	assert_ok!(FeeDistribution::set_parameter(
		RuntimeOrigin::root(),
		EconomicsParameter::EmissionRate {
			initial_rate: Perbill::zero(),
			decay: Perbill::zero(),
			decay_period: 1,
		}
	));
}

/// The pallet's events so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::FeeDistribution(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn free(who: AccountId) -> Balance {
	Balances::reducible_balance(&who, Preservation::Expendable, Fortitude::Polite)
}
