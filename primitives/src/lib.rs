//! Types and traits shared by the sequencer chain's pallets and its runtime.
//!
//! Pallets never import each other: a pallet that needs something of another declares or uses a
//! trait from here, and the runtime wires the two together. This keeps the dependency graph one
//! way: `node` → `runtime` → `pallets/*` → `primitives`.

#![cfg_attr(not(feature = "std"), no_std)]

/// Index of an era: the period at whose end rewards are split and stake changes settle.
pub type EraIndex = u32;

/// Index of a session: the period for which one sequencer set leads the slots.
pub type SessionIndex = u32;
