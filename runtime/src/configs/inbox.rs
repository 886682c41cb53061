//! The rollup inbox: bonds, fees, block budgets, the sealed reveal window.

use frame_support::{parameter_types, traits::ConstU32};
use pallet_inbox::InboxParams;
use sp_runtime::Perbill;

use crate::{
	Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason, DAYS, MICRO_UNIT, MILLI_UNIT, UNIT,
};

/// Largest payload a rollup may configure: 1 MiB.
pub const MAX_PAYLOAD_BYTES: u32 = 1024 * 1024;

/// The most inbox payload bytes governance may allow in one block: the whole normal-class
/// block length.
pub const MAX_INBOX_BLOCK_BYTES: u32 = (crate::configs::NORMAL_DISPATCH_RATIO.deconstruct() as u64
	* crate::configs::MAXIMUM_BLOCK_LENGTH as u64
	/ 1_000_000_000) as u32;

parameter_types! {
	/// Bond held from a rollup's owner: 1,000 SEQ, enough that names are not squatted for free.
	pub const RollupBond: Balance = 1_000 * UNIT;
	/// Deposit per sealed commit, forfeited if the payload is not revealed in time: 1 SEQ.
	pub const CommitDeposit: Balance = UNIT;
	/// A deregistered rollup's bond is released after seven days, so its readers and bridges
	/// have a week's notice.
	pub const DeregisterDelay: BlockNumber = 7 * DAYS;
	/// Blocks in which a sealed payload may be revealed after its commit: one minute.
	pub const RevealWindow: BlockNumber = 30;
	/// Defaults until governance changes them: 1 milli-SEQ per submission plus 1 micro-SEQ per
	/// byte (the same as the transaction length fee, which is paid on top); inbox payload up to
	/// the whole 3.75 MiB normal class of a block, one rollup at most half of that.
	///
	/// The block budget is the normal class's length on purpose: a submission over the budget
	/// fails, but a failed transaction is still included and takes block space, so a budget
	/// below the block length would waste the difference in failed submissions whenever the
	/// inbox is busy. Fairness comes from the per-rollup share; governance may lower the budget
	/// to reserve room for other transactions.
	pub const DefaultInboxParams: InboxParams<Balance> = InboxParams {
		base_fee: MILLI_UNIT,
		byte_fee: MICRO_UNIT,
		block_byte_budget: MAX_INBOX_BLOCK_BYTES,
		rollup_block_share: Perbill::from_percent(50),
	};
	/// Hard ceiling for the block budget.
	pub const MaxInboxBlockBytes: u32 = MAX_INBOX_BLOCK_BYTES;
	/// A council pause lasts two days unless a referendum keeps it: longer than an emergency
	/// referendum takes (10 min to prepare, at most a day to decide, 10 min to confirm, a
	/// 10-block timelock), so token holders can keep a justified pause before it lapses.
	pub const CouncilPauseDuration: BlockNumber = 2 * DAYS;
	/// After a pause's term the council waits five days before it may pause again: a captured
	/// council holds the inbox at most two days a week, long enough for a root referendum with
	/// strong support to replace it (2 h to prepare, a day to confirm, a day's timelock), while
	/// an honest council can still act weekly and the emergency track is always open.
	pub const CouncilPauseCooldown: BlockNumber = 5 * DAYS;
}

impl pallet_inbox::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Inbox fees and forfeited deposits are burned, like transaction fees, until the
	// fee-distribution pallet takes both into its pot.
	type FeeSink = pallet_fee_distribution::FeePot<Runtime>;
	type AdminOrigin = crate::configs::RollupImpactingPower;
	// Referenda pause with no term; the council's pause lapses (see the constants above).
	type PauseOrigin = crate::configs::EmergencyReferendumPower;
	type CouncilPauseOrigin = pallet_referenda::EnsureCouncil;
	type CouncilPauseDuration = CouncilPauseDuration;
	type CouncilPauseCooldown = CouncilPauseCooldown;
	type RollupBond = RollupBond;
	type CommitDeposit = CommitDeposit;
	type DeregisterDelay = DeregisterDelay;
	type RevealWindow = RevealWindow;
	type MaxNameLen = ConstU32<32>;
	type MaxSubmitters = ConstU32<64>;
	type MaxPayloadBytes = ConstU32<MAX_PAYLOAD_BYTES>;
	type MaxSubmissionsPerBlock = ConstU32<1024>;
	type MaxBlockBytes = MaxInboxBlockBytes;
	type MaxRollupsPerBlock = ConstU32<128>;
	type MaxCommitsPerBlock = ConstU32<512>;
	type DefaultParams = DefaultInboxParams;
	type WeightInfo = pallet_inbox::weights::SubstrateWeight<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::dispatch::DispatchClass;

	#[test]
	fn inbox_budget_is_the_normal_block_length() {
		let normal = *crate::configs::RuntimeBlockLength::get().max.get(DispatchClass::Normal);
		assert_eq!(MaxInboxBlockBytes::get(), normal);
		assert_eq!(DefaultInboxParams::get().block_byte_budget, normal);
		// The largest payload fits a rollup's share of a block.
		assert!(DefaultInboxParams::get().rollup_byte_budget() >= MAX_PAYLOAD_BYTES);
		// Commits settle long before a bond is released.
		assert!(DeregisterDelay::get() > RevealWindow::get());
	}

	/// A council pause outlasts the emergency track's longest path to a decision, so token
	/// holders can keep it; it holds the inbox at most two days in seven.
	#[test]
	fn a_council_pause_outlasts_an_emergency_referendum() {
		let tracks = crate::configs::default_tracks(false);
		let (_, emergency) = tracks
			.iter()
			.find(|(id, _)| *id == crate::configs::tracks::EMERGENCY)
			.expect("the emergency track");
		let longest = emergency.prepare_period
			+ emergency.decision_period
			+ emergency.confirm_period
			+ emergency.min_enactment_period;
		assert!(CouncilPauseDuration::get() > longest);
		assert_eq!(CouncilPauseDuration::get() + CouncilPauseCooldown::get(), 7 * DAYS);
	}
}
