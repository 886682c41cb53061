//! Weights of `pallet_sequencer_staking`.
//!
//! PLACEHOLDER until generated: replaced by the output of
//! `seqchain-node benchmark pallet --pallet pallet_sequencer_staking` (see the README).

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed by `pallet_sequencer_staking`.
pub trait WeightInfo {
	fn register() -> Weight;
	fn bond_extra() -> Weight;
	fn delegate() -> Weight;
	fn delegate_extra() -> Weight;
	fn unbond() -> Weight;
	fn undelegate() -> Weight;
	fn withdraw_unbonded() -> Weight;
	fn chill() -> Weight;
	fn rejoin() -> Weight;
	fn set_commission() -> Weight;
	fn apply_slash() -> Weight;
	fn set_parameter() -> Weight;
	fn cancel_slash() -> Weight;
	fn report_fault() -> Weight;
	fn slash_pool(d: u32) -> Weight;
	fn start_era_with_delegators(d: u32) -> Weight;
	fn start_era(c: u32, s: u32) -> Weight;
}

/// Weights for `pallet_sequencer_staking`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn bond_extra() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn delegate() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn delegate_extra() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn unbond() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn undelegate() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn withdraw_unbonded() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn chill() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn rejoin() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn set_commission() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn apply_slash() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn set_parameter() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn cancel_slash() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn report_fault() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn slash_pool(_d: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn start_era_with_delegators(_d: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn start_era(_c: u32, _s: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
}

impl WeightInfo for () {
	fn register() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn bond_extra() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn delegate() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn delegate_extra() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn unbond() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn undelegate() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn withdraw_unbonded() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn chill() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn rejoin() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn set_commission() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn apply_slash() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn set_parameter() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn cancel_slash() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn report_fault() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn slash_pool(_d: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn start_era_with_delegators(_d: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn start_era(_c: u32, _s: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
}
