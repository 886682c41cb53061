//! # Fee distribution: the economics
//!
//! The pure, storage-free arithmetic of the sequencer chain's economy, each part tested on its
//! own. The FRAME pallet that keeps the fee pot, mints and pays at era ends builds on these:
//!
//! - [`split`]: the pot split between stakers, treasury and burn by governance-set shares that
//!   sum to 100 %, with every rounding remainder going to the treasury, never lost;
//! - [`emission`]: tokens minted per era on a decaying annual rate, never beyond a hard maximum
//!   supply;
//! - [`rewards`]: the stakers' part shared among sequencers by blocks authored, commission to
//!   each operator, and a reward-per-share accumulator that lets every staker claim in O(1).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod emission;
pub mod rewards;
pub mod split;
