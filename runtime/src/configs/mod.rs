//! Pallet configuration, one module per domain. Each module ends with tests that pin the values
//! that matter, so a change to one is a deliberate, reviewed change.

pub mod consensus;
pub mod economics;
pub mod governance;
pub mod inbox;
pub mod monetary;
pub mod staking;
pub mod system;
pub mod vesting;

pub use consensus::*;
pub use economics::*;
pub use governance::*;
pub use inbox::*;
pub use monetary::*;
pub use staking::*;
pub use system::*;
pub use vesting::*;
