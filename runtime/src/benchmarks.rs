//! The pallets the node's `benchmark pallet` command measures, and the runtime API glue.

use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys};

use crate::*;

type SystemBench = frame_system_benchmarking::Pallet<Runtime>;
type BaselineBench = frame_benchmarking::baseline::Pallet<Runtime>;

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench]
	[frame_system, SystemBench]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sequencer_staking, SequencerStaking]
	[pallet_slot_rotation, SlotRotation]
	[pallet_inbox, Inbox]
	[pallet_vesting, Vesting]
	[pallet_fee_distribution, FeeDistribution]
	[pallet_referenda, Referenda]
);

/// The benchmarks the runtime offers, with the storage items they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	let mut whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
	// The fee pot's account: every signed transaction's fee is paid into it, so a call that pays
	// a fee of its own into the pot (the inbox's) finds the account in the block's overlay, and
	// the database writes it once a block (as Polkadot whitelists its treasury account).
	whitelist.push(
		frame_system::Account::<Runtime>::hashed_key_for(
			pallet_fee_distribution::Pallet::<Runtime>::pot_account(),
		)
		.into(),
	);
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
