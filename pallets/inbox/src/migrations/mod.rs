//! Storage migrations of the inbox, one module per storage version.

pub mod v1;
