//! Test runtime: System, Balances and this pallet. Fees and forfeited deposits go to
//! [`FEE_POT`], so the tests can check that no token is created or lost.

use crate::{self as pallet_inbox, *};
use frame_support::{
	derive_impl,
	dispatch::{GetDispatchInfo, PostDispatchInfo},
	parameter_types,
	traits::{fungible::Inspect, ConstU32, ConstU64, Hooks},
	weights::Weight,
};
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Inbox: pallet_inbox,
	}
);

/// Base weight of an extrinsic in the test runtime: 100 µs.
pub const BASE_EXTRINSIC: u64 = 100_000_000;

parameter_types! {
	/// A block whose normal class admits three submissions that each take a rollup's first
	/// place (with the `()` weights, whatever they were last generated to) and no more: with
	/// `MaxRollupsPerBlock` = 3 the places run out only together with the block, as the
	/// pallet's `integrity_test` requires.
	pub TestBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::builder()
			.base_block(Weight::zero())
			.for_class(frame_support::dispatch::DispatchClass::all(), |w| {
				w.base_extrinsic = Weight::from_parts(BASE_EXTRINSIC, 0);
			})
			.for_class(frame_support::dispatch::DispatchClass::Normal, |w| {
				let place = crate::Pallet::<Test>::cheapest_place().ref_time() + BASE_EXTRINSIC;
				w.max_total = Some(Weight::from_parts(3 * place + place / 2, u64::MAX));
			})
			.for_class(frame_support::dispatch::DispatchClass::Operational, |w| {
				w.max_total = Some(Weight::from_parts(4_000_000_000, u64::MAX));
				w.reserved = Some(Weight::from_parts(800_000_000, u64::MAX));
			})
			.avg_block_initialization(Perbill::zero())
			.build_or_panic();
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
	type BlockWeights = TestBlockWeights;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = frame_support::traits::ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Receives inbox fees and forfeited deposits.
pub const FEE_POT: AccountId = 100;
/// Bond held per rollup.
pub const BOND: Balance = 100;
/// Deposit held per sealed commit.
pub const DEPOSIT: Balance = 10;
/// Reveal window, in blocks.
pub const WINDOW: u64 = 3;
/// Blocks from deregistration to bond release.
pub const DELAY: u64 = 10;
/// Fee per submission.
pub const BASE_FEE: Balance = 2;
/// Fee per byte.
pub const BYTE_FEE: Balance = 1;
/// The security council's account: it pauses as the council.
pub const COUNCIL: AccountId = 50;
/// Blocks a council pause lasts.
pub const COUNCIL_PAUSE: u64 = 5;
/// Blocks after a council pause's term before the council may pause again.
pub const COUNCIL_COOLDOWN: u64 = 10;

frame_support::ord_parameter_types! {
	pub const Council: AccountId = COUNCIL;
}

parameter_types! {
	pub const FeePot: AccountId = FEE_POT;
	pub const Defaults: InboxParams<Balance> = InboxParams {
		base_fee: BASE_FEE,
		byte_fee: BYTE_FEE,
		block_byte_budget: 500,
		rollup_block_share: Perbill::from_percent(50),
	};
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FeeSink = frame_support::traits::tokens::imbalance::ResolveTo<FeePot, Balances>;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type PauseOrigin = frame_system::EnsureRoot<AccountId>;
	type CouncilPauseOrigin = frame_system::EnsureSignedBy<Council, AccountId>;
	type CouncilPauseDuration = ConstU64<COUNCIL_PAUSE>;
	type CouncilPauseCooldown = ConstU64<COUNCIL_COOLDOWN>;
	type RollupBond = frame_support::traits::ConstU128<BOND>;
	type CommitDeposit = frame_support::traits::ConstU128<DEPOSIT>;
	type DeregisterDelay = ConstU64<DELAY>;
	type RevealWindow = ConstU64<WINDOW>;
	type MaxNameLen = ConstU32<8>;
	type MaxSubmitters = ConstU32<3>;
	type MaxPayloadBytes = ConstU32<200>;
	type MaxSubmissionsPerBlock = ConstU32<5>;
	type MaxBlockBytes = ConstU32<1000>;
	type MaxRollupsPerBlock = ConstU32<3>;
	type MaxCommitsPerBlock = ConstU32<4>;
	type DefaultParams = Defaults;
	type WeightInfo = ();
}

/// Accounts 1..=9 start with 10,000 each.
pub const ENDOWMENT: Balance = 10_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|a| (a, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test`, then checks the pallet's invariants and that tokens only moved between the
/// accounts and the fee pot.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Inbox::do_try_state().expect("try_state invariants hold");
		assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), 9 * ENDOWMENT);
		let accounts: Balance = (1..=9).map(|a| Balances::total_balance(&a)).sum();
		assert_eq!(accounts + Balances::total_balance(&FEE_POT), 9 * ENDOWMENT);
		// Holds match the records for every account, not only those the records name.
		for a in 1..=9u64 {
			let bonds: Balance =
				Rollups::<Test>::iter_values().filter(|r| r.owner == a).map(|r| r.bond).sum();
			assert_eq!(held(a, HoldReason::RollupBond), bonds);
			let deposits: Balance = Commits::<Test>::iter_values()
				.filter(|c| c.who == a && !c.revealed)
				.map(|c| c.deposit)
				.sum();
			assert_eq!(held(a, HoldReason::SealedCommit), deposits);
		}
	});
}

/// What `who` has on hold for `reason`.
pub fn held(who: AccountId, reason: HoldReason) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&RuntimeHoldReason::Inbox(reason), &who)
}

/// Ends the current block and starts the next, running the pallet's hooks.
pub fn next_block() {
	let n = System::block_number();
	Inbox::on_finalize(n);
	System::set_block_number(n + 1);
	System::reset_events();
	Inbox::on_initialize(n + 1);
}

/// Runs blocks until `n` is the current block.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		next_block();
	}
}

/// The pallet's events in the current block.
pub fn inbox_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Inbox(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// Ends the current block and returns the `Sequenced` events it emitted.
pub fn finalize_block() -> Vec<Event<Test>> {
	let n = System::block_number();
	let before = System::events().len();
	Inbox::on_finalize(n);
	let seq = System::events()[before..]
		.iter()
		.filter_map(|r| match &r.event {
			RuntimeEvent::Inbox(e @ Event::Sequenced { .. }) => Some(e.clone()),
			_ => None,
		})
		.collect();
	System::set_block_number(n + 1);
	System::reset_events();
	Inbox::on_initialize(n + 1);
	seq
}

/// Free balance of `who`.
pub fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

/// Applies `call` from `who` as block building does: `CheckWeight` books its weight (and
/// refuses it with `ExhaustsResources` when the block is full), then it is dispatched and the
/// unused weight reclaimed. Returns the dispatch result, or the refusal.
pub fn apply(
	who: AccountId,
	call: RuntimeCall,
	len: usize,
) -> Result<
	sp_runtime::DispatchResultWithInfo<PostDispatchInfo>,
	sp_runtime::transaction_validity::TransactionValidityError,
> {
	use sp_runtime::traits::Dispatchable;
	let info = call.get_dispatch_info();
	let (_, next_len) = frame_system::CheckWeight::<Test>::do_validate(&info, len)?;
	frame_system::CheckWeight::<Test>::do_prepare(&info, len, next_len)?;
	let result = call.dispatch(RuntimeOrigin::signed(who));
	let post = match &result {
		Ok(post) => *post,
		Err(e) => e.post_info,
	};
	frame_system::Pallet::<Test>::reclaim_weight(&info, &post).expect("reclaims");
	Ok(result)
}
