//! Sessions and consensus: Aura block production, GRANDPA finality and the session keys that
//! tie them to sequencer accounts.

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::ConvertInto;

use crate::{
	AccountId, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, SessionKeys, MILLI_UNIT,
	SESSION_PERIOD,
};

/// Upper bound on the sequencer set: the Aura authorities and GRANDPA voters of a session.
pub const MAX_AUTHORITIES: u32 = 100;

parameter_types! {
	/// Blocks per session.
	pub const SessionPeriod: u32 = SESSION_PERIOD;
	/// The first session ends at block `SessionPeriod`.
	pub const SessionOffset: u32 = 0;
	/// Deposit held while an account has session keys registered; returned by `purge_keys`.
	/// Small: it only prices the storage of a key set.
	pub const SessionKeyDeposit: Balance = 100 * MILLI_UNIT;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	// Any account may register keys; whether it sequences is decided by the session manager.
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	// Slot-rotation elects each session's set from stake (and staking counts eras); historical
	// roots of each set let GRANDPA equivocations be proven against their session's set.
	type SessionManager =
		pallet_session::historical::NoteHistoricalRoot<Runtime, crate::configs::RotationSessions>;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	// A disabled sequencer (after an offence) stops authoring until the next session, for at
	// most a third of the set so that GRANDPA keeps its supermajority.
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	// Disabled sequencers do not author.
	type DisabledValidators = crate::Session;
	// One block per slot: the slot's leader is the only author, so the order is its order.
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// `()` is pallet-grandpa's benchmarked default: the crate exports no other weights.
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	// An equivocation can be reported as long as the offender's stake is still bonded.
	type MaxSetIdSessionEntries = MaxSetIdSessionEntries;
	// Proof that a GRANDPA key belonged to a sequencer in the session of the offence.
	type KeyOwnerProof = sp_session::MembershipProof;
	// Reports are checked and turned into offences for the offences pallet, which hands them to
	// sequencer-staking (`OnOffenceHandler`): slashed after `SlashDeferDuration` eras.
	type EquivocationReportSystem = pallet_grandpa::EquivocationReportSystem<
		Self,
		crate::Offences,
		crate::Historical,
		ReportLongevity,
	>;
}

parameter_types! {
	/// Sessions for which GRANDPA keeps the set-id → session map: staking's report window,
	/// after which a report is refused (the offender's stake may be gone before its slash).
	pub const MaxSetIdSessionEntries: u64 = crate::configs::REPORT_WINDOW_SESSIONS as u64;
	/// Blocks for which an equivocation report transaction stays valid: the same window.
	pub const ReportLongevity: u64 = MaxSetIdSessionEntries::get() * SESSION_PERIOD as u64;
}

impl pallet_authorship::Config for Runtime {
	// The author of a block is the session validator at Aura's authority index.
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, crate::Aura>;
	type EventHandler = ();
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = crate::UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

// Equivocation reports are unsigned transactions that the node submits from the runtime.
impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> crate::UncheckedExtrinsic {
		crate::UncheckedExtrinsic::new_bare(call)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::MINUTES;

	#[test]
	fn equivocations_are_reportable_for_the_report_window() {
		// 95 eras of 6 sessions of 300 blocks: four days less an hour of blocks.
		assert_eq!(MaxSetIdSessionEntries::get(), 570);
		assert_eq!(ReportLongevity::get(), (4 * crate::DAYS - crate::DAYS / 24) as u64);
	}

	#[test]
	fn sessions_last_ten_minutes() {
		assert_eq!(SessionPeriod::get(), 10 * MINUTES);
		assert_eq!(SessionPeriod::get(), 300);
	}
}
