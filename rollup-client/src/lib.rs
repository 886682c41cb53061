//! The rollup client's library: a node connection that signs and submits inbox calls
//! ([`node`]), the stream verifier ([`verify`]) and the verified, resumable follower
//! ([`follow`]). The `rollup-client` binary and the load tool `seqchain-load` (`bench/`) are
//! built on it; a rollup's own node can embed the verifier and the follower.

pub mod follow;
pub mod fuzz;
pub mod light;
pub mod node;
pub mod verify;
