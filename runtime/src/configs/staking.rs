//! Sequencer staking: eras, bonding bounds, the unbonding cooldown, commission protection and the
//! slashing path (offences → staking → session disabling).

use alloc::vec::Vec;
use frame_support::{parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use seqchain_primitives::{
	DisableSequencer, EraIndex, SequencerCandidates, SessionIndex, SessionObserver,
};
use sp_runtime::{traits::Convert, Perbill};
use sp_staking::offence::OffenceSeverity;

use crate::{
	AccountId, Balance, Runtime, RuntimeEvent, RuntimeHoldReason, SequencerStaking, Session, UNIT,
};

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
	/// A reported fault is slashed one day after the report, a day in which governance (the
	/// security council, once referenda lands) can cancel a mistaken slash. Shorter than the
	/// unbonding period, so funds unbonded right after an offence are still there to slash.
	pub const SlashDeferDuration: EraIndex = ERAS_PER_DAY;
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
	// Slashed funds are burned until fee-distribution adds the treasury.
	type Slashed = ();
	// Root until the referenda pallet routes it to the `parameters` track. The runtime has no
	// `sudo`, so this is reachable only through a runtime upgrade path until then.
	type AdminOrigin = EnsureRoot<AccountId>;
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
	type MaxPendingSlashes = ConstU32<100>;
	type Disabler = SessionDisabler;
	type WeightInfo = pallet_sequencer_staking::weights::SubstrateWeight<Runtime>;
}

/// Disables an offender through `pallet-session`'s disabling strategy: the offender stops
/// authoring (Aura refuses blocks of disabled authors) for the rest of the session, and never
/// more than a third of the set is disabled at once.
pub struct SessionDisabler;

impl DisableSequencer<AccountId> for SessionDisabler {
	fn disable(who: &AccountId) -> bool {
		let Some(index) = Session::validator_id_to_index(who) else {
			return false;
		};
		Session::report_offence(who.clone(), OffenceSeverity(Perbill::one()));
		Session::disabled_validators().contains(&index)
	}
}

/// `pallet-session`'s manager: counts eras for staking and, at genesis, starts with the
/// eligible candidates that registered session keys. Later sets are kept as they are until the
/// slot-rotation pallet elects them from stake each session.
pub struct StakingSessions;

impl StakingSessions {
	/// Eligible candidates with session keys, by backing (highest first, then account).
	fn genesis_set() -> Option<Vec<AccountId>> {
		let mut eligible = SequencerStaking::eligible();
		eligible.retain(|(who, _)| pallet_session::NextKeys::<Runtime>::contains_key(who));
		eligible.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.cmp(b)));
		let set: Vec<AccountId> = eligible.into_iter().map(|(who, _)| who).collect();
		(!set.is_empty()).then_some(set)
	}
}

impl pallet_session::SessionManager<AccountId> for StakingSessions {
	fn new_session(_: SessionIndex) -> Option<Vec<AccountId>> {
		None
	}
	fn new_session_genesis(_: SessionIndex) -> Option<Vec<AccountId>> {
		Self::genesis_set()
	}
	fn start_session(index: SessionIndex) {
		SequencerStaking::on_session_start(index);
	}
	fn end_session(_: SessionIndex) {}
}

impl pallet_session::historical::SessionManager<AccountId, ()> for StakingSessions {
	fn new_session(index: SessionIndex) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<_>>::new_session(index)
			.map(|set| set.into_iter().map(|who| (who, ())).collect())
	}
	fn new_session_genesis(index: SessionIndex) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<_>>::new_session_genesis(index)
			.map(|set| set.into_iter().map(|who| (who, ())).collect())
	}
	fn start_session(index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::start_session(index)
	}
	fn end_session(index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::end_session(index)
	}
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

	#[test]
	fn minimum_stake_is_the_seeds() {
		assert_eq!(DefaultMinSequencerStake::get(), 50_000 * UNIT);
		let (low, high) = MinSequencerStakeBounds::get();
		assert_eq!((low, high), (50_000 * UNIT, 250_000 * UNIT));
		assert!(DefaultMinDelegation::get() < low);
	}
}
