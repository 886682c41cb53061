//! Seqchain node: the client of the shared decentralized sequencer chain.
//!
//! Sequencers take turns authoring blocks with Aura and finalize them with GRANDPA.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error` are large, but they are the upstream APIs' error types.
#![allow(clippy::result_large_err)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
