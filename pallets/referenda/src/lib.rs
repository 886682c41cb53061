//! # Referenda: the governance arithmetic
//!
//! The storage-free parts of the chain's governance, each tested on its own. The FRAME pallet
//! (lifecycle, deposits, votes on freezes, the timelock through the scheduler, the security
//! council, custom origins per track) builds on them:
//!
//! - [`conviction`]: a vote's weight and lock by conviction, 0.1× unlocked up to 6× for 32
//!   lock periods;
//! - [`tally`]: approval (convicted ayes over all convicted votes) and support (aye capital
//!   over the active issuance), and the curves a track's thresholds follow over the decision
//!   period;
//! - [`track`]: what a track requires, and its validation; tracks are storage, so governance
//!   can add, change or remove them.

#![cfg_attr(not(feature = "std"), no_std)]

pub mod conviction;
pub mod tally;
pub mod track;
