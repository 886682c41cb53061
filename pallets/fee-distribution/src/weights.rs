// Placeholder until `scripts/weights.sh pallets/fee-distribution` generates this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed by `pallet_fee_distribution`.
pub trait WeightInfo {
	fn claim_rewards() -> Weight;
	fn set_auto_compound() -> Weight;
	fn spend() -> Weight;
	fn set_parameter() -> Weight;
	fn pay_era(n: u32, ) -> Weight;
}

/// Weights for `pallet_fee_distribution`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn claim_rewards() -> Weight {
		Weight::from_parts(200_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(12, 10))
	}
	fn set_auto_compound() -> Weight {
		Weight::from_parts(20_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
	fn spend() -> Weight {
		Weight::from_parts(80_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn set_parameter() -> Weight {
		Weight::from_parts(20_000_000, 2_000).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn pay_era(n: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 10_000)
			.saturating_add(Weight::from_parts(50_000_000, 5_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(12, 10))
			.saturating_add(T::DbWeight::get().reads_writes(3, 2).saturating_mul(n.into()))
	}
}

impl WeightInfo for () {
	fn claim_rewards() -> Weight {
		Weight::from_parts(200_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(12, 10))
	}
	fn set_auto_compound() -> Weight {
		Weight::from_parts(20_000_000, 0).saturating_add(RocksDbWeight::get().writes(1))
	}
	fn spend() -> Weight {
		Weight::from_parts(80_000_000, 6_000).saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn set_parameter() -> Weight {
		Weight::from_parts(20_000_000, 2_000).saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn pay_era(n: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 10_000)
			.saturating_add(Weight::from_parts(50_000_000, 5_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(12, 10))
			.saturating_add(RocksDbWeight::get().reads_writes(3, 2).saturating_mul(n.into()))
	}
}
