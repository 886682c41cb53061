//! Seqchain node: the client of the shared decentralized sequencer chain.
//!
//! Sequencers take turns authoring blocks with Aura and finalize them with GRANDPA. The
//! `seqchain-node` binary runs [`run`]; so does `seqchain-node-censoring`, the test-only build
//! (feature `censorship-test`) whose `--censor-rollup` makes it leave one rollup's submissions
//! out of its blocks.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error` are large, but they are the upstream APIs' error types.
#![allow(clippy::result_large_err)]

mod assemble;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(feature = "censorship-test")]
mod censor;
mod chain_spec;
pub use chain_spec::public_phrase_paths;
mod cli;
mod command;
mod economics_rpc;
mod inbox_watch;
pub mod public_rpc;
mod rpc;
mod service;

pub use command::run;

/// Runs the node's command line and turns its outcome into an exit code, printing an error
/// with `Display`, not the `Debug` form a `Result` from `main` would print: operators read it.
pub fn main() -> std::process::ExitCode {
	match run() {
		Ok(()) => std::process::ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("Error: {e}");
			std::process::ExitCode::FAILURE
		},
	}
}
