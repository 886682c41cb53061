//! `frame_system` and `pallet_timestamp`: block limits, accounts, time.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		Weight,
	},
};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

use crate::{
	AccountId, Aura, Balance, Block, Hash, Nonce, PalletInfo, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, RuntimeTask, SLOT_DURATION, SS58_PREFIX, VERSION,
};

/// Share of the block that normal (user) transactions may fill; the rest is kept for
/// operational transactions (reports, governance emergencies).
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Compute a block may use: half a second, a quarter of the 2 s slot. Aura gives the author two
/// thirds of the slot to build the block; the rest of that time goes to importing it on the
/// other nodes, which re-execute it, and to slower hardware than the benchmark machine.
pub const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 2, u64::MAX);

/// Largest block, in bytes: 5 MiB. With 2 s slots and the normal-dispatch ratio this leaves
/// 3.75 MiB a block, about 1.9 MB/s, for rollup payloads and transactions.
pub const MAXIMUM_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	/// Number of recent block hashes kept (mortal transactions can refer to them): 4096 blocks,
	/// about 2.3 hours at 2 s slots.
	pub const BlockHashCount: u32 = 4096;
	/// Runtime version, for `CheckSpecVersion`.
	pub const Version: RuntimeVersion = VERSION;
	/// Block weight limits per dispatch class.
	pub RuntimeBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::with_sensible_defaults(
			MAXIMUM_BLOCK_WEIGHT,
			NORMAL_DISPATCH_RATIO,
		);
	/// Block length limits per dispatch class.
	pub RuntimeBlockLength: frame_system::limits::BlockLength =
		frame_system::limits::BlockLength::builder()
			.max_length(MAXIMUM_BLOCK_LENGTH)
			.modify_max_length_for_class(DispatchClass::Normal, |max| {
				*max = NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_LENGTH
			})
			.build();
	/// SS58 address prefix.
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// ParityDB is the node's database.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	// Holds, freezes and session keys each take a consumer reference.
	type MaxConsumers = frame_support::traits::ConstU32<16>;
	type BaseCallFilter = NoUserBurn;
}

/// Every call but `Balances::burn`. Tokens leave the issuance only through the economy's burn
/// share and burned slashes, so fee-distribution's books (issuance = genesis + minted - burned)
/// hold; a holder who wants to destroy tokens can send them to the fee pot, where 20 % burn and
/// the rest funds the stakers and the treasury.
///
/// The root origin passes this filter (FRAME lets it), so the root-only calls that would break
/// the books (`force_set_balance`, `force_adjust_total_issuance`) are refused where root power
/// comes from: no referendum may propose them (`configs::governance::Proposable`).
pub struct NoUserBurn;
impl frame_support::traits::Contains<RuntimeCall> for NoUserBurn {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::Balances(pallet_balances::Call::burn { .. }))
	}
}

parameter_types! {
	/// Blocks are at least half a slot apart; Aura derives its slot duration from this.
	pub const MinimumPeriod: u64 = SLOT_DURATION / 2;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = MinimumPeriod;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::traits::Get;

	#[test]
	fn slot_is_two_seconds() {
		assert_eq!(SLOT_DURATION, 2_000);
		assert_eq!(<pallet_aura::MinimumPeriodTimesTwo<Runtime> as Get<u64>>::get(), SLOT_DURATION);
	}

	#[test]
	fn block_limits() {
		let weights = RuntimeBlockWeights::get();
		assert_eq!(weights.max_block, MAXIMUM_BLOCK_WEIGHT);
		// Compute fits in the part of the slot the author has for building a block.
		assert!(
			weights.max_block.ref_time() * 3
				<= WEIGHT_REF_TIME_PER_SECOND * SLOT_DURATION / 1000 * 2
		);
		let length = RuntimeBlockLength::get();
		assert_eq!(
			*length.max.get(DispatchClass::Normal),
			NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_LENGTH
		);
	}
}
