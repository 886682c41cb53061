//! Governance: referenda on tracks kept in storage, the stock scheduler (timelocked enactment)
//! and preimage pallets, the security council, and the power each pallet's privileged calls
//! accept. The runtime has no `sudo`: every privileged call is reached through a referendum's
//! power or, for the few emergency calls, the council.
//!
//! Three rules hold whatever track carries a proposal:
//! - no referendum proposes a call [`Proposable`] refuses (minting or burning outside the
//!   economy's books, the scheduler's own calls);
//! - a root-power proposal waits the rollup notice unless [`NoticeExempt`] admits it;
//! - nothing nests a call a referendum could not propose on its own: the runtime has no batch,
//!   proxy or `sudo`, and the scheduler's calls are closed to every origin (referenda schedule
//!   through its trait). A runtime test fails if a pallet with a call argument is added.

use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, ConstU32, EitherOf, EqualPrivilegeOnly, LinearStoragePrice,
	},
	weights::Weight,
};
use frame_system::{EnsureNever, EnsureRoot};
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
/// Emergency actions: the security council or a referendum on an emergency track (postponing a
/// slash).
pub type EmergencyPower = RootOr<EitherOf<EnsureCouncil, EnsureEmergency>>;
/// Emergency actions token holders take: a referendum on an emergency track, or root power.
/// Cancels any referendum, lifts any inbox pause and keeps a council pause from lapsing.
pub type EmergencyReferendumPower = RootOr<EnsureEmergency>;

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
	/// Changes that affect rollups take effect no sooner than 3 days after approval, whatever
	/// the track: the least notice governance may set, and the testnet's.
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
	// Only referenda schedule, through the trait. The calls are closed to every origin, root
	// included: a root proposal could otherwise schedule a call past the checks `submit` and
	// approval make (the rollup notice, what no referendum may propose).
	type ScheduleOrigin = EnsureNever<()>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = crate::System;
}

/// The council's powers: pause the inbox (the pause lapses unless a referendum keeps it) and
/// lift its own pause, postpone a pending slash once (so that a referendum can decide on it),
/// cancel a referendum on a parameters, treasury or rollup-impacting track. Never cancel a
/// slash, a transfer, a parameter, a spend or an upgrade.
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

/// What a referendum may propose, on any track: everything but
/// - `Balances::force_set_balance` and `force_adjust_total_issuance`, which would create or
///   destroy tokens outside the economy's books (issuance = genesis + minted - burned); root
///   power bypasses the runtime's call filter, so they are refused here, at `submit`;
/// - the scheduler's calls, which no origin may use.
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

/// Root-power proposals enacted after the root track's own timelock: those that do not change
/// the rules rollups rely on (what the parameters and treasury tracks may do, vesting's forced
/// calls, governing the governance: tracks, council, killing or cancelling referenda), and the
/// emergency actions, which the emergency track enacts within minutes anyway (a pause stops
/// rollups, but an emergency cannot wait the notice).
/// Every other root proposal waits the rollup notice: runtime code (`set_code`,
/// `authorize_upgrade`, ...), raw storage, inbox parameters, the notice itself, and any call a
/// future pallet adds.
pub struct NoticeExempt;
impl frame_support::traits::Contains<RuntimeCall> for NoticeExempt {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_referenda::Call as Referenda;
		matches!(
			call,
			RuntimeCall::SequencerStaking(
				pallet_sequencer_staking::Call::set_parameter { .. }
					| pallet_sequencer_staking::Call::cancel_slash { .. }
					| pallet_sequencer_staking::Call::postpone_slash { .. }
			) | RuntimeCall::SlotRotation(pallet_slot_rotation::Call::set_target_set_size { .. })
				| RuntimeCall::FeeDistribution(
					pallet_fee_distribution::Call::set_parameter { .. }
						| pallet_fee_distribution::Call::spend { .. }
				) | RuntimeCall::Inbox(
				pallet_inbox::Call::pause { .. } | pallet_inbox::Call::unpause { .. }
			) | RuntimeCall::Vesting(
				pallet_vesting::Call::force_vested_transfer { .. }
					| pallet_vesting::Call::force_remove_schedule { .. }
			) | RuntimeCall::Referenda(
				Referenda::set_track { .. }
					| Referenda::set_council { .. }
					| Referenda::kill { .. }
					| Referenda::cancel { .. }
			)
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
	type CancelOrigin = EmergencyReferendumPower;
	// The council cancels only parameters, treasury and rollup-impacting referenda.
	type CouncilCancelOrigin = EnsureCouncil;
	// Forfeited deposits go to the treasury (or the burn, as governance set slashes).
	type Slashed = pallet_fee_distribution::SlashSink<Runtime>;
	type CouncilCalls = CouncilPowers;
	type ProposalFilter = Proposable;
	type NoticeExempt = NoticeExempt;
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
	/// council's powers (pause, cancel a referendum: well under 1 ms each).
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

/// The rollup notice of the development presets (`dev`, `local`): 10 blocks (20 s), so that a
/// runtime upgrade by referendum runs in well under a minute there. Every other chain keeps
/// `RollupNoticePeriod`, and no referendum can set the notice below it.
pub const DEV_ROLLUP_NOTICE: crate::BlockNumber = 10;

/// The default tracks. `fast` shortens every period to a few blocks (the development presets,
/// so a referendum runs in seconds); the rollup-impacting timelock is then
/// [`DEV_ROLLUP_NOTICE`], else `RollupNoticePeriod`.
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
				period(RollupNoticePeriod::get(), DEV_ROLLUP_NOTICE),
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

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::traits::Contains;

	#[test]
	fn rollups_get_three_days_notice_and_development_chains_seconds() {
		assert_eq!(RollupNoticePeriod::get(), 3 * DAYS);
		let root = |fast| {
			default_tracks(fast)
				.into_iter()
				.find(|(id, _)| *id == tracks::ROOT)
				.expect("the root track")
				.1
		};
		// The notice is what makes a root upgrade wait, in development too.
		assert!(DEV_ROLLUP_NOTICE > root(true).min_enactment_period);
		assert!(RollupNoticePeriod::get() > root(false).min_enactment_period);
	}

	/// What affects rollups (runtime code, raw storage, the inbox's parameters, the notice
	/// itself, anything scheduled) is never exempt from the notice.
	#[test]
	fn nothing_that_affects_rollups_is_exempt_from_the_notice() {
		use frame_system::Call as System;
		let params = crate::configs::DefaultInboxParams::get();
		let code = || alloc::vec![];
		let affecting = [
			RuntimeCall::System(System::set_code { code: code() }),
			RuntimeCall::System(System::set_code_without_checks { code: code() }),
			RuntimeCall::System(System::authorize_upgrade { code_hash: Default::default() }),
			RuntimeCall::System(System::authorize_upgrade_without_checks {
				code_hash: Default::default(),
			}),
			RuntimeCall::System(System::apply_authorized_upgrade { code: code() }),
			RuntimeCall::System(System::set_storage { items: alloc::vec![] }),
			RuntimeCall::System(System::kill_storage { keys: alloc::vec![] }),
			RuntimeCall::System(System::kill_prefix { prefix: code(), subkeys: 0 }),
			RuntimeCall::Inbox(pallet_inbox::Call::set_params { params }),
			RuntimeCall::Referenda(pallet_referenda::Call::set_rollup_notice { blocks: 1 }),
			RuntimeCall::Scheduler(pallet_scheduler::Call::cancel { when: 1, index: 0 }),
		];
		for call in affecting {
			assert!(!NoticeExempt::contains(&call), "{call:?}");
		}
		let replace = RuntimeCall::Referenda(pallet_referenda::Call::set_council {
			members: alloc::vec![],
			threshold: 0,
		});
		assert!(NoticeExempt::contains(&replace));
	}

	#[test]
	fn no_referendum_may_mint_burn_or_schedule() {
		let who: AccountId = sp_keyring::Sr25519Keyring::Alice.to_account_id();
		let refused = [
			RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
				who: who.clone().into(),
				new_free: 1,
			}),
			RuntimeCall::Balances(pallet_balances::Call::force_adjust_total_issuance {
				direction: pallet_balances::AdjustmentDirection::Increase,
				delta: 1,
			}),
			RuntimeCall::Scheduler(pallet_scheduler::Call::cancel_named { id: [0; 32] }),
		];
		for call in refused {
			assert!(!Proposable::contains(&call), "{call:?}");
		}
		let upgrade = RuntimeCall::System(frame_system::Call::authorize_upgrade {
			code_hash: Default::default(),
		});
		let transfer = RuntimeCall::Balances(pallet_balances::Call::force_transfer {
			source: who.clone().into(),
			dest: who.into(),
			value: 1,
		});
		assert!(Proposable::contains(&upgrade) && Proposable::contains(&transfer));
	}

	/// The council pauses and cancels; it cannot cancel a slash (a referendum must) or do
	/// anything that moves funds, changes the rules or governs the governance.
	#[test]
	fn the_council_cannot_cancel_a_slash() {
		let cancel_slash =
			RuntimeCall::SequencerStaking(pallet_sequencer_staking::Call::cancel_slash {
				offender: sp_keyring::Sr25519Keyring::Bob.to_account_id(),
				kind: seqchain_primitives::FaultKind::DoubleSigning,
				offence_era: 0,
			});
		assert!(!CouncilPowers::contains(&cancel_slash));
		let postpone =
			RuntimeCall::SequencerStaking(pallet_sequencer_staking::Call::postpone_slash {
				offender: sp_keyring::Sr25519Keyring::Bob.to_account_id(),
				kind: seqchain_primitives::FaultKind::DoubleSigning,
				offence_era: 0,
			});
		assert!(CouncilPowers::contains(&postpone));
		let kill = RuntimeCall::Referenda(pallet_referenda::Call::kill { index: 0 });
		assert!(!CouncilPowers::contains(&kill));
		let pause = RuntimeCall::Inbox(pallet_inbox::Call::pause { rollup: None });
		let cancel = RuntimeCall::Referenda(pallet_referenda::Call::cancel { index: 0 });
		assert!(CouncilPowers::contains(&pause) && CouncilPowers::contains(&cancel));
	}
}
