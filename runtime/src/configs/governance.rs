//! Governance: referenda on tracks kept in storage, the stock scheduler (timelocked enactment)
//! and preimage pallets, the security council, and the power each pallet's privileged calls
//! accept. The runtime has no `sudo`: every privileged call is reached through a referendum's
//! power or, for the few emergency calls, the council.

use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, ConstU32, EitherOf, EqualPrivilegeOnly, LinearStoragePrice,
	},
	weights::Weight,
};
use frame_system::EnsureRoot;
use pallet_referenda::{
	EnsureCouncil, EnsureEmergency, EnsureParameters, EnsureRollupImpacting, EnsureTreasury,
};
use sp_runtime::Perbill;

use crate::{
	configs::RuntimeBlockWeights, AccountId, Balance, Balances, OriginCaller, Preimage, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, Scheduler,
	DAYS, MILLI_UNIT, UNIT,
};

/// Root power, or `P`.
pub type RootOr<P> = EitherOf<EnsureRoot<AccountId>, P>;
/// Economic and staking parameters: a referendum on a parameters track.
pub type ParametersPower = RootOr<EnsureParameters>;
/// Treasury spends: a referendum on a treasury track.
pub type TreasuryPower = RootOr<EnsureTreasury>;
/// Inbox limits and fees: a referendum on a rollup-impacting track.
pub type RollupImpactingPower = RootOr<EnsureRollupImpacting>;
/// Emergency actions: the security council or a referendum on an emergency track.
pub type EmergencyPower = RootOr<EitherOf<EnsureCouncil, EnsureEmergency>>;
/// Emergency actions token holders keep for themselves: a referendum on an emergency (or the
/// root) track, never the council alone.
pub type ReferendumEmergencyPower = RootOr<EnsureEmergency>;

parameter_types! {
	/// Held while a preimage is stored: 1 SEQ plus 1 mSEQ a byte.
	pub const PreimageBaseDeposit: Balance = UNIT;
	pub const PreimageByteDeposit: Balance = MILLI_UNIT;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// Scheduled enactments may use 80 % of a block.
	pub MaximumSchedulerWeight: Weight = Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
	/// Held from every referendum's submitter: 100 SEQ, forfeit if nobody backs it.
	pub const SubmissionDeposit: Balance = 100 * UNIT;
	/// A referendum whose decision has not begun after 14 days times out.
	pub const UndecidingTimeout: crate::BlockNumber = 14 * DAYS;
	/// One conviction lock period: 7 days (6× conviction locks for 32 weeks).
	pub const VoteLockingPeriod: crate::BlockNumber = 7 * DAYS;
	/// Rollup-impacting changes take effect no sooner than 3 days after approval.
	pub const RollupNoticePeriod: crate::BlockNumber = 3 * DAYS;
	/// A council motion is open for a day.
	pub const MotionDuration: crate::BlockNumber = DAYS;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	// Only referenda schedule (through the trait, not the call).
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = crate::System;
}

/// The council's powers: pause and unpause the inbox, postpone a pending slash (once, for a
/// referendum to decide on it), cancel a referendum. Never a transfer, a parameter, a spend or an upgrade.
pub struct CouncilPowers;
impl frame_support::traits::Contains<RuntimeCall> for CouncilPowers {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::Inbox(pallet_inbox::Call::pause { .. })
				| RuntimeCall::Inbox(pallet_inbox::Call::unpause { .. })
				| RuntimeCall::SequencerStaking(
					pallet_sequencer_staking::Call::postpone_slash { .. }
				) | RuntimeCall::Referenda(pallet_referenda::Call::cancel { .. })
		)
	}
}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Scheduler = Scheduler;
	type Preimages = Preimage;
	type RootOrigin = EnsureRoot<AccountId>;
	type CancelOrigin = EmergencyPower;
	// Forfeited deposits go to the treasury (or the burn, as governance set slashes).
	type Slashed = pallet_fee_distribution::SlashSink<Runtime>;
	type CouncilCalls = CouncilPowers;
	type SubmissionDeposit = SubmissionDeposit;
	type UndecidingTimeout = UndecidingTimeout;
	type VoteLockingPeriod = VoteLockingPeriod;
	type RollupNoticePeriod = RollupNoticePeriod;
	type MotionDuration = MotionDuration;
	type MaxTracks = ConstU32<16>;
	type MaxQueued = ConstU32<32>;
	type MaxVotes = ConstU32<64>;
	type MaxAlarms = ConstU32<64>;
	type MaxCouncil = ConstU32<9>;
	type MaxMotionWeight = MaxMotionWeight;
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Heaviest call a council motion may carry: 50 ms and 1 MiB of proof, far above the
	/// council's powers (pause, cancel a slash or a referendum: well under 1 ms each).
	pub MaxMotionWeight: Weight = Weight::from_parts(
		50 * frame_support::weights::constants::WEIGHT_REF_TIME_PER_MILLIS,
		1024 * 1024,
	);
}

/// Track ids of the default tracks.
pub mod tracks {
	use pallet_referenda::track::TrackId;
	/// Runtime upgrades, tracks, the council: anything.
	pub const ROOT: TrackId = 0;
	/// Fee split, minimum stake, slash rates, set size, commission cap, emission.
	pub const PARAMETERS: TrackId = 1;
	/// Treasury spends.
	pub const TREASURY: TrackId = 2;
	/// Inbox limits and fees.
	pub const ROLLUP_IMPACTING: TrackId = 3;
	/// Pause the inbox, cancel a slash or a referendum.
	pub const EMERGENCY: TrackId = 4;
}

/// The default tracks. `fast` shortens every period to a few blocks (the development presets,
/// so a referendum runs in seconds); the rollup-impacting timelock stays `RollupNoticePeriod`.
pub fn default_tracks(
	fast: bool,
) -> alloc::vec::Vec<(pallet_referenda::track::TrackId, pallet_referenda::TrackOf<Runtime>)> {
	use crate::{BlockNumber, HOURS, MINUTES};
	use pallet_referenda::{
		tally::Curve,
		track::{Power, Track},
	};
	let pct = Perbill::from_percent;
	let falling =
		|ceil, floor| Curve { length: Perbill::one(), floor: pct(floor), ceil: pct(ceil) };
	let period = |real: BlockNumber, dev: BlockNumber| if fast { dev } else { real };
	#[allow(clippy::too_many_arguments)]
	let track = |name: &[u8],
	          power,
	          max_deciding,
	          deposit: Balance,
	          prepare,
	          decision,
	          confirm,
	          enactment,
	          approval,
	          support| Track {
		name: frame_support::BoundedVec::truncate_from(name.to_vec()),
		power,
		max_deciding,
		decision_deposit: deposit,
		prepare_period: prepare,
		decision_period: decision,
		confirm_period: confirm,
		min_enactment_period: enactment,
		min_approval: approval,
		min_support: support,
	};
	alloc::vec![
		(
			tracks::ROOT,
			track(
				b"root",
				Power::Root,
				1,
				100_000 * UNIT,
				period(2 * HOURS, 1),
				period(14 * DAYS, 40),
				period(DAYS, 2),
				period(DAYS, 2),
				falling(100, 50),
				falling(50, 1),
			),
		),
		(
			tracks::PARAMETERS,
			track(
				b"parameters",
				Power::Parameters,
				10,
				10_000 * UNIT,
				period(HOURS, 1),
				period(7 * DAYS, 40),
				period(3 * HOURS, 2),
				period(DAYS, 2),
				falling(100, 50),
				falling(10, 1),
			),
		),
		(
			tracks::TREASURY,
			track(
				b"treasury",
				Power::Treasury,
				10,
				1_000 * UNIT,
				period(HOURS, 1),
				period(7 * DAYS, 40),
				period(3 * HOURS, 2),
				period(DAYS, 2),
				falling(100, 50),
				falling(10, 1),
			),
		),
		(
			tracks::ROLLUP_IMPACTING,
			track(
				b"rollup-impacting",
				Power::RollupImpacting,
				10,
				10_000 * UNIT,
				period(HOURS, 1),
				period(7 * DAYS, 40),
				period(DAYS, 2),
				RollupNoticePeriod::get(),
				falling(100, 60),
				falling(20, 1),
			),
		),
		(
			tracks::EMERGENCY,
			track(
				b"emergency",
				Power::Emergency,
				5,
				50_000 * UNIT,
				period(10 * MINUTES, 1),
				period(DAYS, 20),
				period(10 * MINUTES, 1),
				period(10, 1),
				Curve::flat(pct(75)),
				falling(10, 5),
			),
		),
	]
}

/// Voter participation for the economics metrics: the referenda ongoing and the turnout of the
/// recently decided ones.
pub fn participation() -> seqchain_primitives::economics::GovernanceMetrics {
	use seqchain_primitives::economics::{GovernanceMetrics, ReferendumTurnout};
	let (ongoing, turnouts) = crate::Referenda::participation();
	let recent: alloc::vec::Vec<ReferendumTurnout> = turnouts
		.iter()
		.map(|t| ReferendumTurnout {
			index: t.index,
			track: t.track,
			approved: t.approved,
			decided: t.decided,
			support: t.tally.support,
			issuance: t.issuance,
			turnout: t.turnout().deconstruct(),
		})
		.collect();
	let mean_turnout = (recent.iter().map(|t| u64::from(t.turnout)).sum::<u64>())
		.checked_div(recent.len() as u64)
		.unwrap_or(0) as u32;
	GovernanceMetrics { ongoing, mean_turnout, recent }
}
