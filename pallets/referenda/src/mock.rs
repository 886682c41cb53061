//! Test runtime: System, Balances, the stock preimage and scheduler pallets, this pallet, and
//! a target pallet whose calls accept the powers the way the runtime's pallets do.

use crate::{self as pallet_referenda, tally::Curve, track::Power, *};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, EitherOf, EqualPrivilegeOnly},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

/// A pallet with one privileged call per power, as the runtime's pallets will have.
#[frame_support::pallet(dev_mode)]
pub mod target {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		type ParametersOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		type PauseOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		type SpendOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		type LimitOrigin: EnsureOrigin<Self::RuntimeOrigin>;
	}

	/// A parameter.
	#[pallet::storage]
	pub type Value<T> = StorageValue<_, u32, ValueQuery>;

	/// Whether the "inbox" is paused.
	#[pallet::storage]
	pub type Paused<T> = StorageValue<_, bool, ValueQuery>;

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// A parameter change.
		pub fn set_value(origin: OriginFor<T>, value: u32) -> DispatchResult {
			T::ParametersOrigin::ensure_origin(origin)?;
			Value::<T>::put(value);
			Ok(())
		}

		/// An emergency pause.
		pub fn pause(origin: OriginFor<T>) -> DispatchResult {
			T::PauseOrigin::ensure_origin(origin)?;
			Paused::<T>::put(true);
			Ok(())
		}

		/// A rollup-impacting limit.
		pub fn set_limit(origin: OriginFor<T>, value: u32) -> DispatchResult {
			T::LimitOrigin::ensure_origin(origin)?;
			Value::<T>::put(value);
			Ok(())
		}

		/// A spend: never the council's.
		pub fn spend(origin: OriginFor<T>, value: u32) -> DispatchResult {
			T::SpendOrigin::ensure_origin(origin)?;
			Value::<T>::put(value);
			Ok(())
		}
	}
}

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Preimage: pallet_preimage,
		Scheduler: pallet_scheduler,
		Referenda: pallet_referenda,
		Target: target,
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
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = ConstU32<4>;
}

impl pallet_preimage::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type Currency = ();
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

parameter_types! {
	pub MaxWeight: Weight = Weight::from_parts(2_000_000_000_000, u64::MAX);
}

impl pallet_scheduler::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaxWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = ();
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

/// The treasury: receives forfeited deposits.
pub const TREASURY: AccountId = 100;

parameter_types! {
	pub const Treasury: AccountId = TREASURY;
}

/// The council's powers: pause and cancel, nothing else.
pub struct CouncilCalls;
impl frame_support::traits::Contains<RuntimeCall> for CouncilCalls {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::Target(target::Call::pause { .. })
				| RuntimeCall::Referenda(crate::Call::cancel { .. })
		)
	}
}

/// What no referendum may propose, as in the runtime: minting or burning outside the
/// economy, and the scheduler's own calls (referenda schedule through its trait).
pub struct Proposable;
impl frame_support::traits::Contains<RuntimeCall> for Proposable {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(
			call,
			RuntimeCall::Balances(
				pallet_balances::Call::force_set_balance { .. }
					| pallet_balances::Call::force_adjust_total_issuance { .. }
			) | RuntimeCall::Scheduler(_)
		)
	}
}

/// Root-power calls that cannot affect rollups: everything of the target pallet but its
/// rollup limit, and the governance calls but the notice itself.
pub struct NoticeExempt;
impl frame_support::traits::Contains<RuntimeCall> for NoticeExempt {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::Target(
				target::Call::set_value { .. }
					| target::Call::pause { .. }
					| target::Call::spend { .. }
			) | RuntimeCall::Referenda(
				crate::Call::set_track { .. }
					| crate::Call::set_council { .. }
					| crate::Call::kill { .. }
					| crate::Call::cancel { .. }
			)
		)
	}
}

impl target::Config for Test {
	// Root power may do anything; each other power only its own.
	type ParametersOrigin = EitherOf<EnsureRoot<AccountId>, EnsureParameters>;
	type PauseOrigin = EitherOf<EnsureRoot<AccountId>, EitherOf<EnsureCouncil, EnsureEmergency>>;
	type SpendOrigin = EitherOf<EnsureRoot<AccountId>, EnsureTreasury>;
	type LimitOrigin = EitherOf<EnsureRoot<AccountId>, EnsureRollupImpacting>;
}

impl Config for Test {
	type RuntimeCall = RuntimeCall;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Scheduler = Scheduler;
	type Preimages = Preimage;
	type RootOrigin = EnsureRoot<AccountId>;
	type CancelOrigin = EnsureEmergency;
	type CouncilCancelOrigin = EnsureCouncil;
	type Slashed = frame_support::traits::tokens::imbalance::ResolveTo<Treasury, Balances>;
	type CouncilCalls = CouncilCalls;
	type ProposalFilter = Proposable;
	type NoticeExempt = NoticeExempt;
	type SubmissionDeposit = ConstU128<10>;
	type UndecidingTimeout = ConstU64<50>;
	type VoteLockingPeriod = ConstU64<10>;
	type RollupNoticePeriod = ConstU64<20>;
	type MotionDuration = ConstU64<30>;
	type MaxTracks = ConstU32<8>;
	type MaxQueued = ConstU32<4>;
	type MaxVotes = ConstU32<4>;
	type MaxAlarms = ConstU32<8>;
	type MaxCouncil = ConstU32<5>;
	type MaxMotionWeight = MaxMotionWeight;
	type WeightInfo = ();
}

parameter_types! {
	/// Heaviest council call: well above the target pallet's and `cancel`'s; tests lower it.
	pub static MaxMotionWeight: Weight = Weight::from_parts(1_000_000_000_000, 1_000_000);
}

use frame_support::traits::ConstU64;

/// Track ids of the test tracks.
pub const ROOT: TrackId = 0;
pub const PARAMETERS: TrackId = 1;
pub const TREASURY_TRACK: TrackId = 2;
pub const ROLLUP: TrackId = 3;
pub const EMERGENCY: TrackId = 4;

/// A track with short periods: prepare 2, decide 20, confirm 2, timelock 3 (20 for rollups).
pub fn test_track(name: &[u8], power: Power, max_deciding: u32) -> TrackOf<Test> {
	Track {
		name: BoundedVec::truncate_from(name.to_vec()),
		power,
		max_deciding,
		decision_deposit: 100,
		prepare_period: 2,
		decision_period: 20,
		confirm_period: 2,
		min_enactment_period: if power == Power::RollupImpacting { 20 } else { 3 },
		min_approval: Curve {
			length: Perbill::one(),
			floor: Perbill::from_percent(50),
			ceil: Perbill::from_percent(100),
		},
		min_support: Curve {
			length: Perbill::one(),
			floor: Perbill::from_percent(1),
			ceil: Perbill::from_percent(50),
		},
	}
}

/// Accounts 1..=9 hold 1,000 each; issuance 9,000.
pub const ENDOWMENT: Balance = 1_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|a| (a, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_referenda::GenesisConfig::<Test> {
		tracks: vec![
			(ROOT, test_track(b"root", Power::Root, 1)),
			(PARAMETERS, test_track(b"parameters", Power::Parameters, 2)),
			(TREASURY_TRACK, test_track(b"treasury", Power::Treasury, 2)),
			(ROLLUP, test_track(b"rollup-impacting", Power::RollupImpacting, 2)),
			(EMERGENCY, test_track(b"emergency", Power::Emergency, 1)),
		],
		council: vec![7, 8, 9],
		council_threshold: 2,
		rollup_notice: None,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test`, then the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Referenda::do_try_state().expect("referenda invariants hold");
	});
}

/// Runs blocks up to `n`, with every pallet's hooks.
pub fn run_to(n: u64) {
	use frame_support::traits::{OnFinalize, OnInitialize};
	while System::block_number() < n {
		let b = System::block_number();
		AllPalletsWithSystem::on_finalize(b);
		System::set_block_number(b + 1);
		AllPalletsWithSystem::on_initialize(b + 1);
	}
}

/// The pallet's events so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Referenda(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// An inline proposal.
pub fn proposal(call: RuntimeCall) -> Box<BoundedCallOf<Test>> {
	use frame_support::traits::StorePreimage;
	Box::new(Preimage::bound(call).expect("small calls are inline"))
}

/// `target.set_value(v)` as a proposal.
pub fn set_value(v: u32) -> Box<BoundedCallOf<Test>> {
	proposal(RuntimeCall::Target(target::Call::set_value { value: v }))
}
