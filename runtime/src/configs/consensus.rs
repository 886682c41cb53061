//! Sessions and consensus: Aura block production, GRANDPA finality and the session keys that
//! tie them to sequencer accounts.

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::ConvertInto;

use crate::{
	AccountId, Balance, Balances, Runtime, RuntimeEvent, SessionKeys, MILLI_UNIT, SESSION_PERIOD,
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
	// The genesis set stays until the slot-rotation pallet elects sets from stake.
	type SessionManager = ();
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
	// No historical session proofs yet: equivocation reports arrive with the staking pallet.
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::MINUTES;

	#[test]
	fn sessions_last_ten_minutes() {
		assert_eq!(SessionPeriod::get(), 10 * MINUTES);
		assert_eq!(SessionPeriod::get(), 300);
	}
}
