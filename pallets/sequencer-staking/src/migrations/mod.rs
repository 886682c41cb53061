//! Storage migrations of the pallet, one module per storage version.

pub mod v1;
