//! Weights of `pallet_slot_rotation`.
//!
//! PLACEHOLDER until generated: replaced by the output of `scripts/weights.sh slot-rotation`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed by `pallet_slot_rotation`.
pub trait WeightInfo {
	fn on_initialize(n: u32, ) -> Weight;
	fn report_double_sign() -> Weight;
}

/// Weights for `pallet_slot_rotation`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 10_000)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(6, 4))
	}
	fn report_double_sign() -> Weight {
		Weight::from_parts(200_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 2))
	}
}

impl WeightInfo for () {
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 10_000)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(6, 4))
	}
	fn report_double_sign() -> Weight {
		Weight::from_parts(200_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(8, 2))
	}
}
