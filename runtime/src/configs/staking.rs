//! Sequencer staking and slot rotation: eras, bonding bounds, the unbonding cooldown,
//! commission protection, the election of each session's set, liveness, and the slashing path
//! (offences and slot-rotation → staking → session disabling).

use alloc::vec::Vec;
use frame_support::{parameter_types, traits::ConstU32};
use seqchain_primitives::{DisableSequencer, EraIndex, SessionIndex};
use sp_runtime::{traits::Convert, Perbill};
use sp_staking::offence::OffenceSeverity;

use crate::{
	AccountId, Balance, Runtime, RuntimeEvent, RuntimeHoldReason, SequencerStaking, Session,
	SlotRotation, UNIT,
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

/// Sessions in an era: one hour of ten-minute sessions. Stake changes settle, slashes apply and
/// (with fee-distribution) rewards are paid at era boundaries.
pub const SESSIONS_PER_ERA: SessionIndex = 6;

/// Eras in a day.
pub const ERAS_PER_DAY: EraIndex = 24;

parameter_types! {
	/// Sessions in an era.
	pub const SessionsPerEra: SessionIndex = SESSIONS_PER_ERA;
	/// Unbonding cooldown: seven days, the low end of the seed's 7-14 days, so that an offence
	/// found within a week of leaving is still slashable.
	pub const UnbondingPeriod: EraIndex = 7 * ERAS_PER_DAY;
	/// A reported fault is slashed one day after the report, a day in which token holders
	/// (an emergency referendum) can cancel a mistaken slash.
	pub const SlashDeferDuration: EraIndex = ERAS_PER_DAY;
	/// The security council may postpone a pending slash once by two days, so that a
	/// referendum has time to decide on it; it can never cancel one alone.
	pub const SlashPostponement: EraIndex = 2 * ERAS_PER_DAY;
	/// A commission increase takes effect after a full unbonding period: every delegator who
	/// disagrees can leave before paying it.
	pub const CommissionChangeDelay: EraIndex = 7 * ERAS_PER_DAY;
	/// Largest commission increase in one change.
	pub const MaxCommissionIncrease: Perbill = Perbill::from_percent(5);
	/// Highest commission governance may allow.
	pub const CommissionCeiling: Perbill = Perbill::from_percent(50);
	/// Bounds of the minimum self-bond governance may set: the seed's 50,000-250,000 tokens.
	pub const MinSequencerStakeBounds: (Balance, Balance) = (50_000 * UNIT, 250_000 * UNIT);
	/// Minimum self-bond at launch: the seed's 50,000 tokens.
	pub const DefaultMinSequencerStake: Balance = 50_000 * UNIT;
	/// Minimum delegation at launch: small enough for retail holders, large enough that a
	/// delegation's storage is paid for many times over.
	pub const DefaultMinDelegation: Balance = 10 * UNIT;
}

impl pallet_sequencer_staking::Config for Runtime {
	type Currency = crate::Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Slashed funds go to the treasury or are burned, as governance sets in fee-distribution.
	type Slashed = pallet_fee_distribution::SlashSink<Runtime>;
	type AdminOrigin = crate::configs::ParametersPower;
	// Token holders only: an emergency (or root) referendum. The council cannot cancel a slash,
	// only postpone it for a referendum to decide.
	type CancelSlashOrigin = crate::configs::EmergencyReferendumPower;
	type PostponeSlashOrigin = crate::configs::EmergencyPower;
	// Era start and the election read every candidate: a thousand keeps both cheap.
	type MaxCandidates = ConstU32<1_000>;
	type MaxUnbondingChunks = ConstU32<32>;
	type UnbondingPeriod = UnbondingPeriod;
	type CommissionChangeDelay = CommissionChangeDelay;
	type MaxCommissionIncrease = MaxCommissionIncrease;
	type MinSequencerStakeBounds = MinSequencerStakeBounds;
	type DefaultMinSequencerStake = DefaultMinSequencerStake;
	type DefaultMinDelegation = DefaultMinDelegation;
	type CommissionCeiling = CommissionCeiling;
	type SessionsPerEra = SessionsPerEra;
	type SlashDeferDuration = SlashDeferDuration;
	type SlashPostponement = SlashPostponement;
	// About 10 ms of a 500 ms block each at worst (an unbonding pool in every era): slashes due
	// at an era start are applied within a few blocks, however many there are.
	type MaxSlashesPerBlock = ConstU32<4>;
	type SharesObserver = crate::FeeDistribution;
	type EraObserver = crate::FeeDistribution;
	type Disabler = SessionDisabler;
	type WeightInfo = pallet_sequencer_staking::weights::SubstrateWeight<Runtime>;
}

/// Disables an offender through `pallet-session`'s disabling strategy: the offender stops
/// authoring (Aura refuses blocks of disabled authors) for the rest of the session, and never
/// more than a third of the set is disabled at once; at that limit a more severe offender (a
/// double signer, 100 %) takes the place of a less severe one (a liveness failure, 1-5 %).
pub struct SessionDisabler;

impl DisableSequencer<AccountId> for SessionDisabler {
	fn disable(who: &AccountId, severity: Perbill) -> bool {
		let Some(index) = Session::validator_id_to_index(who) else {
			return false;
		};
		Session::report_offence(who.clone(), OffenceSeverity(severity));
		Session::disabled_validators().contains(&index)
	}
}

/// `pallet-session`'s manager: slot-rotation elects each session's set from stake and, when a
/// session starts, settles liveness and tells staking (which counts eras).
pub struct RotationSessions;

impl pallet_session::SessionManager<AccountId> for RotationSessions {
	fn new_session(index: SessionIndex) -> Option<Vec<AccountId>> {
		SlotRotation::elect(index)
	}
	fn new_session_genesis(index: SessionIndex) -> Option<Vec<AccountId>> {
		SlotRotation::elect_genesis(index)
	}
	fn start_session(index: SessionIndex) {
		SlotRotation::start_session(index);
		// Historical roots prove a GRANDPA key's owner in an offence's session: keep them for
		// the sessions whose offences can still be reported, and no longer.
		pallet_session::historical::Pallet::<Runtime>::prune_up_to(
			index.saturating_sub(REPORT_WINDOW_SESSIONS),
		);
	}
	fn end_session(_: SessionIndex) {}
}

/// Sessions after an offence in which it can be reported: staking's report window
/// (`UnbondingPeriod - SlashDeferDuration - SlashPostponement - 1` = 95 eras, four days less an
/// hour), so that a slash, even postponed, applies before the stake it reaches (bonded when the
/// offending set was elected, up to an era before the offence) can be withdrawn.
pub const REPORT_WINDOW_SESSIONS: SessionIndex =
	(7 * ERAS_PER_DAY - ERAS_PER_DAY - 2 * ERAS_PER_DAY - 1) * SESSIONS_PER_ERA;

/// A set with each member's (empty) full identification, for historical sessions.
fn identified(set: Option<Vec<AccountId>>) -> Option<Vec<(AccountId, ())>> {
	set.map(|set| set.into_iter().map(|who| (who, ())).collect())
}

impl pallet_session::historical::SessionManager<AccountId, ()> for RotationSessions {
	fn new_session(index: SessionIndex) -> Option<Vec<(AccountId, ())>> {
		identified(<Self as pallet_session::SessionManager<_>>::new_session(index))
	}
	fn new_session_genesis(index: SessionIndex) -> Option<Vec<(AccountId, ())>> {
		identified(<Self as pallet_session::SessionManager<_>>::new_session_genesis(index))
	}
	fn start_session(index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::start_session(index)
	}
	fn end_session(index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::end_session(index)
	}
}

parameter_types! {
	/// Own slots missed in a row that make a liveness failure: ten turns (with four
	/// sequencers, 40 slots or 80 s of silence). A restart or a short network hiccup stays
	/// well below it.
	pub const LivenessThreshold: u32 = 10;
	/// Sessions whose sets and counts slot-rotation keeps: one day, the slash deferral, within
	/// which a double sign can be reported.
	pub const RotationHistoryDepth: u32 = ERAS_PER_DAY * SESSIONS_PER_ERA;
}

/// Whether an account has session keys registered.
pub struct HasSessionKeys;
impl frame_support::traits::Contains<AccountId> for HasSessionKeys {
	fn contains(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}
}

/// Aura's current authorities.
pub struct AuraAuthorities;
impl frame_support::traits::Get<Vec<AuraId>> for AuraAuthorities {
	fn get() -> Vec<AuraId> {
		pallet_aura::Authorities::<Runtime>::get().into_inner()
	}
}

impl pallet_slot_rotation::Config for Runtime {
	type Balance = Balance;
	type Candidates = SequencerStaking;
	type FaultReporter = SequencerStaking;
	type SessionObserver = SequencerStaking;
	type ValidatorSet = Session;
	type HasSessionKeys = HasSessionKeys;
	type AuthorityId = AuraId;
	type Authorities = AuraAuthorities;
	type Disabled = Session;
	type Disabler = SessionDisabler;
	// The set's size is a staking parameter: a referendum on the parameters track.
	type AdminOrigin = crate::configs::ParametersPower;
	type MaxSequencers = ConstU32<{ crate::configs::MAX_AUTHORITIES }>;
	// Below four, one sequencer's vote decides GRANDPA's two thirds and one censoring leader
	// holds a quarter of the slots: governance may not shrink the set further.
	type MinTargetSetSize = ConstU32<4>;
	// A header with the largest digest this chain makes (a GRANDPA change naming
	// `MAX_AUTHORITIES` keys, 40 bytes each) is about 4.2 KiB.
	type MaxHeaderSize = ConstU32<8_192>;
	// One sequencer keeps the chain alive (the development preset runs with one); fewer than
	// that keeps the previous set.
	type MinSequencers = ConstU32<1>;
	type LivenessThreshold = LivenessThreshold;
	type HistoryDepth = RotationHistoryDepth;
	type WeightInfo = pallet_slot_rotation::weights::SubstrateWeight<Runtime>;
}

/// A sequencer's full identification in historical session proofs: nothing beyond its account.
/// Slashes are fractions of the offender's pool at the time they apply, so no exposure snapshot
/// is needed.
pub struct UnitIdentification;

impl Convert<AccountId, Option<()>> for UnitIdentification {
	fn convert(_: AccountId) -> Option<()> {
		Some(())
	}
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = UnitIdentification;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = SequencerStaking;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{DAYS, SESSION_PERIOD};

	#[test]
	fn an_era_is_an_hour() {
		assert_eq!(SESSIONS_PER_ERA * SESSION_PERIOD, DAYS / ERAS_PER_DAY);
	}

	#[test]
	fn unbonding_is_seven_days_and_outlasts_the_slash_deferral() {
		assert_eq!(UnbondingPeriod::get() * SESSIONS_PER_ERA * SESSION_PERIOD, 7 * DAYS);
		assert!(SlashDeferDuration::get() < UnbondingPeriod::get());
		assert!(CommissionChangeDelay::get() >= UnbondingPeriod::get());
	}

	/// Issue 22, item 4: no report is accepted later than its slash, deferred and postponed,
	/// can still reach the stake; every path that reports an offence respects the window.
	#[test]
	fn every_report_path_fits_the_report_window() {
		use pallet_sequencer_staking::Pallet as Staking;
		let window = Staking::<Runtime>::report_window();
		assert_eq!(window, 4 * ERAS_PER_DAY - 1);
		// The slash reaches from the era the offending set was elected in, at most one before
		// the offence's.
		// `+ 1 <=`, written as `<`.
		assert!(
			window + SlashDeferDuration::get() + SlashPostponement::get() < UnbondingPeriod::get()
		);
		assert_eq!(REPORT_WINDOW_SESSIONS, window * SESSIONS_PER_ERA);
		// GRANDPA equivocations: the set-id → session map, and the report transaction's life.
		let window_sessions = u64::from(REPORT_WINDOW_SESSIONS);
		assert!(crate::configs::MaxSetIdSessionEntries::get() <= window_sessions);
		assert!(crate::configs::ReportLongevity::get() <= window_sessions * SESSION_PERIOD as u64);
		// Aura double signs: slot-rotation keeps one day of sessions.
		assert!(RotationHistoryDepth::get() <= REPORT_WINDOW_SESSIONS);
	}

	#[test]
	fn minimum_stake_is_the_seeds() {
		assert_eq!(DefaultMinSequencerStake::get(), 50_000 * UNIT);
		let (low, high) = MinSequencerStakeBounds::get();
		assert_eq!((low, high), (50_000 * UNIT, 250_000 * UNIT));
		assert!(DefaultMinDelegation::get() < low);
	}
}
