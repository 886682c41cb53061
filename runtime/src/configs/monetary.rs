//! Balances and transaction fees.

use frame_support::{
	parameter_types,
	traits::{ConstU32, VariantCountOf},
	weights::ConstantMultiplier,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{traits::Bounded, FixedPointNumber, Perquintill};

use crate::{
	Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, System,
	EXISTENTIAL_DEPOSIT, MICRO_UNIT,
};

parameter_types! {
	/// Smallest balance an account may hold.
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
}

impl pallet_balances::Config for Runtime {
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	// Dust removed when an account is reaped goes to the fee pot, like a fee.
	type DustRemoval = pallet_fee_distribution::FeePot<Runtime>;
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	// Locks and reserves are the deprecated currency API: no pallet of this runtime uses them.
	type MaxLocks = ConstU32<0>;
	type MaxReserves = ConstU32<0>;
	type ReserveIdentifier = [u8; 8];
	// Holds and freezes are declared by each pallet as `HoldReason` / `FreezeReason`; one of
	// each per reason is all an account can need.
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fee per byte of a transaction: a micro-token, so 1 KiB costs about a milli-token.
	pub const TransactionByteFee: Balance = MICRO_UNIT;
	/// Fee per unit of `ref_time` weight: 10 plancks, so the base weight of an extrinsic
	/// (about 100 µs) costs about a milli-token.
	pub const WeightFee: Balance = 10;
	/// Operational transactions pay this multiple of their fee as priority.
	pub const OperationalFeeMultiplier: u8 = 5;
	/// Blocks fuller than this raise the fee multiplier, emptier ones lower it.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier moves: at most about 0.0075 % a block at full or empty blocks.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// Fees never fall below a tenth of their base.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	/// Fees may rise without bound under sustained congestion.
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Fees and tips go to the fee pot, split at each era's end.
	type OnChargeTransaction = FungibleAdapter<Balances, pallet_fee_distribution::FeePot<Runtime>>;
	type WeightToFee = ConstantMultiplier<Balance, WeightFee>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type OperationalFeeMultiplier = OperationalFeeMultiplier;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{MILLI_UNIT, UNIT};
	use frame_support::weights::{constants::ExtrinsicBaseWeight, WeightToFee as _};

	#[test]
	fn token_units() {
		assert_eq!(UNIT, 1_000_000_000_000);
		assert_eq!(EXISTENTIAL_DEPOSIT, UNIT / 100);
	}

	#[test]
	fn base_extrinsic_costs_about_a_milli_token() {
		let fee = <Runtime as pallet_transaction_payment::Config>::WeightToFee::weight_to_fee(
			&ExtrinsicBaseWeight::get(),
		);
		assert!(fee > MILLI_UNIT / 2 && fee < 2 * MILLI_UNIT, "base fee {fee}");
		let kib = <Runtime as pallet_transaction_payment::Config>::LengthToFee::weight_to_fee(
			&frame_support::weights::Weight::from_parts(1024, 0),
		);
		assert_eq!(kib, 1024 * MICRO_UNIT);
	}
}
