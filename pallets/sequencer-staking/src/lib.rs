//! # Sequencer staking
//!
//! Work in progress (issue "pallet sequencer-staking"): this crate holds so far the stake-pool
//! share accounting in [`pool`], the pure core that makes a slash O(1) whatever the number of
//! delegators. The pallet itself (calls, holds, unbonding, slashing, governance knobs) builds on
//! it.

#![cfg_attr(not(feature = "std"), no_std)]

pub mod pool;
