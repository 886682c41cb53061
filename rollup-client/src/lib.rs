//! The rollup client's library: a node connection that signs and submits inbox calls
//! ([`node`]) and the stream verifier ([`verify`]). The `rollup-client` binary and the load
//! tool `seqchain-load` (`bench/`) are built on it.

pub mod node;
pub mod verify;
