//! Vesting: cliff + linear schedules on freezes, and the treasury account that receives the
//! unvested remainder of schedules governance removes.

use frame_support::{parameter_types, traits::ConstU32, PalletId};
use frame_system::EnsureRoot;
use sp_runtime::traits::AccountIdConversion;

use crate::{AccountId, Balances, Runtime, RuntimeFreezeReason, UNIT};

parameter_types! {
	/// The treasury's pallet id; its account receives slashes, fees and removed vesting once
	/// the fee-distribution pallet runs it.
	pub const TreasuryPalletId: PalletId = PalletId(*b"seq/trsy");
	/// The treasury's account.
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	/// Smallest vested transfer: 100 SEQ, so that schedules (at most 8 an account) are not
	/// spent on dust.
	pub const MinVestedTransfer: u128 = 100 * UNIT;
}

impl pallet_vesting::Config for Runtime {
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type MaxSchedules = ConstU32<8>;
	type MinVestedTransfer = MinVestedTransfer;
	type ForceOrigin = EnsureRoot<AccountId>;
	type RemainderDestination = TreasuryAccount;
	type WeightInfo = pallet_vesting::weights::SubstrateWeight<Runtime>;
}
