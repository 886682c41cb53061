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
mod economics_rpc;
mod rpc;
mod service;

fn main() -> std::process::ExitCode {
	match command::run() {
		Ok(()) => std::process::ExitCode::SUCCESS,
		Err(e) => {
			// `Display`, not the `Debug` form a `Result` from `main` would print: operators read
			// this message.
			eprintln!("Error: {e}");
			std::process::ExitCode::FAILURE
		},
	}
}
