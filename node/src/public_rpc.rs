//! `--public-rpc`: the settings of a node that serves RPC to anyone (wallets, rollups,
//! explorers), which is never a sequencer.
//!
//! A sequencer keeps RPC on localhost (the default). A node that serves the public is a separate
//! full node, peered with the sequencers, whose RPC listens on every interface with bounds on
//! what one client can take: only the safe methods, a rate limit per connection, a few items
//! queued per connection, a few subscriptions per connection, short batches. Each setting the
//! operator gives on the command line is kept; each left at Substrate's default is replaced by
//! the preset's. The inbox methods bound themselves in any case (`inbox-rpc`: pages of 4 MiB,
//! 16 answers and `--inbox-max-subscriptions` subscriptions at once, slow subscribers dropped).

use std::num::NonZeroU32;

use clap::{parser::ValueSource, ArgMatches};
use sc_cli::{RpcMethods, RunCmd};

/// Calls per minute one connection may make (`--rpc-rate-limit`); calls past it wait, then fail.
pub const RATE_LIMIT: u32 = 600;
/// Items (responses and subscription notifications) queued for one connection before the node
/// stops reading its requests (`--rpc-message-buffer-capacity-per-connection`; Substrate: 64).
pub const MESSAGE_BUFFER: u32 = 16;
/// Subscriptions one connection may hold (`--rpc-max-subscriptions-per-connection`; Substrate:
/// 1,024).
pub const MAX_SUBSCRIPTIONS_PER_CONNECTION: u32 = 32;
/// Calls in one batch request (`--rpc-max-batch-request-len`; Substrate: unbounded).
pub const MAX_BATCH_LEN: u32 = 16;

/// Why a public RPC node refuses to start.
pub const VALIDATOR_REFUSED: &str = "--public-rpc serves RPC to anyone and must not run in a \
	sequencer's process: one flood of requests would take the CPU and memory its slots and \
	GRANDPA votes need. Run the public RPC node as its own full node (without --validator, \
	--dev or a dev key such as --alice; use --chain dev for the dev chain) peered with the \
	sequencers";

/// Applies the preset to `run`, keeping what the command line gave (`matches`, the node's
/// parsed arguments). Fails for a sequencer and for unsafe methods.
pub fn apply(run: &mut RunCmd, matches: &ArgMatches) -> Result<(), String> {
	if run.validator || run.shared_params.dev || run.get_keyring().is_some() {
		return Err(VALIDATOR_REFUSED.into());
	}
	let given = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
	let rpc = &mut run.rpc_params;
	if !rpc.experimental_rpc_endpoint.is_empty() {
		// Each endpoint carries its own methods and limits, which the preset would not see.
		return Err("--public-rpc sets the RPC server's own settings: it cannot be combined with \
		            --experimental-rpc-endpoint"
			.into());
	}
	if rpc.rpc_methods == RpcMethods::Unsafe || rpc.unsafe_rpc_external {
		return Err("--public-rpc serves only the safe methods: drop --rpc-methods unsafe and \
		            --unsafe-rpc-external"
			.into());
	}
	rpc.rpc_external = true;
	rpc.rpc_methods = RpcMethods::Safe;
	if !given("rpc_rate_limit") {
		rpc.rpc_rate_limit = NonZeroU32::new(RATE_LIMIT);
	}
	if !given("rpc_message_buffer_capacity_per_connection") {
		rpc.rpc_message_buffer_capacity_per_connection = MESSAGE_BUFFER;
	}
	if !given("rpc_max_subscriptions_per_connection") {
		rpc.rpc_max_subscriptions_per_connection = MAX_SUBSCRIPTIONS_PER_CONNECTION;
	}
	if !given("rpc_max_batch_request_len") && !rpc.rpc_disable_batch_requests {
		rpc.rpc_max_batch_request_len = Some(MAX_BATCH_LEN);
	}
	Ok(())
}

/// One line on what the preset set, for the node's log.
pub fn describe(run: &RunCmd) -> String {
	let rpc = &run.rpc_params;
	format!(
		"public RPC: listening on all interfaces, safe methods only, {} calls/min per connection, \
		 {} connections, {} items queued and {} subscriptions per connection, batches of {}, \
		 responses up to {} MiB",
		rpc.rpc_rate_limit.map_or("unlimited".into(), |r| r.to_string()),
		rpc.rpc_max_connections,
		rpc.rpc_message_buffer_capacity_per_connection,
		rpc.rpc_max_subscriptions_per_connection,
		rpc.rpc_max_batch_request_len.map_or("any length".into(), |l| l.to_string()),
		rpc.rpc_max_response_size,
	)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::cli::Cli;
	use sc_cli::SubstrateCli;

	/// The node's own parsing of `args`, as `command::run` does it.
	fn parse(args: &[&str]) -> (Cli, ArgMatches) {
		let matches =
			<Cli as SubstrateCli>::setup_command(<Cli as clap::CommandFactory>::command())
				.try_get_matches_from(["seqchain-node"].iter().chain(args))
				.expect("parses");
		let cli = <Cli as clap::FromArgMatches>::from_arg_matches(&matches).expect("parses");
		(cli, matches)
	}

	fn preset(args: &[&str]) -> Result<RunCmd, String> {
		let (mut cli, matches) = parse(args);
		apply(&mut cli.run, &matches).map(|()| cli.run)
	}

	#[test]
	fn substrates_defaults_are_replaced_by_the_presets() {
		let run = preset(&["--public-rpc", "--chain", "dev"]).unwrap();
		let rpc = &run.rpc_params;
		assert!(rpc.rpc_external);
		assert_eq!(rpc.rpc_methods, RpcMethods::Safe);
		assert_eq!(rpc.rpc_rate_limit, NonZeroU32::new(RATE_LIMIT));
		assert_eq!(rpc.rpc_message_buffer_capacity_per_connection, MESSAGE_BUFFER);
		assert_eq!(rpc.rpc_max_subscriptions_per_connection, MAX_SUBSCRIPTIONS_PER_CONNECTION);
		assert_eq!(rpc.rpc_max_batch_request_len, Some(MAX_BATCH_LEN));
		assert!(describe(&run).contains("600 calls/min"), "{}", describe(&run));
	}

	#[test]
	fn what_the_operator_gives_is_kept_even_substrates_default_value() {
		let run = preset(&[
			"--public-rpc",
			"--chain",
			"dev",
			"--rpc-rate-limit",
			"100",
			"--rpc-message-buffer-capacity-per-connection",
			"64",
			"--rpc-max-subscriptions-per-connection",
			"1024",
			"--rpc-disable-batch-requests",
		])
		.unwrap();
		let rpc = &run.rpc_params;
		assert_eq!(rpc.rpc_rate_limit, NonZeroU32::new(100));
		assert_eq!(rpc.rpc_message_buffer_capacity_per_connection, 64);
		assert_eq!(rpc.rpc_max_subscriptions_per_connection, 1024);
		assert!(rpc.rpc_disable_batch_requests);
		assert_eq!(rpc.rpc_max_batch_request_len, None);
		let run = preset(&["--public-rpc", "--chain", "dev", "--rpc-max-batch-request-len", "4"])
			.unwrap();
		assert_eq!(run.rpc_params.rpc_max_batch_request_len, Some(4));
	}

	#[test]
	fn a_sequencer_or_unsafe_methods_are_refused() {
		for args in [
			&["--public-rpc", "--dev"][..],
			&["--public-rpc", "--chain", "dev", "--validator"],
			&["--public-rpc", "--chain", "dev", "--bob"],
		] {
			assert_eq!(preset(args).unwrap_err(), VALIDATOR_REFUSED, "{args:?}");
		}
		for args in [
			&["--public-rpc", "--chain", "dev", "--rpc-methods", "unsafe"][..],
			&["--public-rpc", "--chain", "dev", "--unsafe-rpc-external"],
		] {
			assert!(preset(args).unwrap_err().contains("only the safe methods"), "{args:?}");
		}
		// An endpoint of its own would carry unsafe methods and no limits past the preset.
		let endpoint = "listen-addr=0.0.0.0:9944,methods=unsafe";
		let args = ["--public-rpc", "--chain", "dev", "--experimental-rpc-endpoint", endpoint];
		assert!(preset(&args).unwrap_err().contains("--experimental-rpc-endpoint"));
		// Safe methods asked for explicitly are what the preset sets anyway.
		let run = preset(&["--public-rpc", "--chain", "dev", "--rpc-methods", "safe"]).unwrap();
		assert_eq!(run.rpc_params.rpc_methods, RpcMethods::Safe);
	}

	#[test]
	fn without_the_flag_nothing_changes() {
		let (cli, _) = parse(&["--chain", "dev"]);
		assert!(!cli.public_rpc);
		assert!(!cli.run.rpc_params.rpc_external);
		assert_eq!(cli.run.rpc_params.rpc_rate_limit, None);
	}
}
