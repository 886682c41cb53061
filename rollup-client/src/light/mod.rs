//! Reading a rollup's stream without trusting the node it comes from.
//!
//! The client starts from the chain's genesis in a raw chain spec ([`anchor`]) or from the
//! trusted state its cursor kept, and believes only what it checks itself:
//!
//! - **finality** ([`finality`]): a GRANDPA justification, signed by more than two thirds of the
//!   weight of the authority set the client tracks, for a header that descends from the last
//!   block it trusts; the set changes announced in the headers move it to the next set;
//! - **state** ([`proof`]): the rollup's record in every final block's state, by trie proof
//!   against the block's state root;
//! - **bodies and events** ([`proof`]): a block's extrinsics against its extrinsics root, its
//!   events by trie proof, read with the runtime's own reader;
//! - **the stream** ([`stream`]): each block's positions, reveals and expiries account exactly
//!   for the change of the rollup's record, and the fold over the positions is the chain's
//!   commitment.
//!
//! [`source`] fetches all of it from a node over its standard JSON-RPC (`chain_*`, `state_*`,
//! `grandpa_*`): a node that lies, leaves out or reorders anything is caught by one of the
//! checks and the client stops, its cursor at the last verified entry.
//!
//! Assumed, not verified: the genesis in the chain spec the client is given, and that more than
//! two thirds of each set's GRANDPA weight is honest (else two conflicting blocks can both be
//! justified, as for every GRANDPA light client).

pub mod anchor;
pub mod finality;
pub mod proof;
pub mod source;
pub mod stream;

pub use finality::Trusted;

/// The chain's header.
pub type Header = seqchain_runtime::Header;

/// A block of the chain, extrinsics opaque: what the SDK's GRANDPA verifier is typed over.
pub type Block = seqchain_runtime::opaque::Block;

/// What a proven reader keeps in its cursor besides the stream's position.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LightCursor {
	/// The last block proven final and the set after it.
	pub trusted: Trusted,
	/// The block reading resumes from: that of the first entry not yet out.
	pub resume: u32,
}
