//! Dispatch of the command line to the node's subcommands and to the node itself.

use std::path::Path;

use sc_cli::SubstrateCli;
use sc_network::config::NetworkBackendType;
use sc_service::PartialComponents;
use seqchain_runtime::{opaque::Block, Hash};

use crate::{
	chain_spec::{self, ChainSpec},
	cli::{Cli, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Seqchain Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/seqchain/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" | "" => Box::new(chain_spec::development_chain_spec()?),
			"local" => Box::new(chain_spec::local_chain_spec()?),
			"testnet" => Box::new(chain_spec::testnet_chain_spec()?),
			other => Box::new(chain_spec_from_file(other)?),
		})
	}
}

/// Loads the chain spec at `id`, a path, with errors that name the file and the cause.
///
/// An `id` that is neither an existing file nor shaped like a path is reported as an unknown chain
/// name rather than as a missing file.
fn chain_spec_from_file(id: &str) -> Result<ChainSpec, String> {
	let path = Path::new(id);
	let looks_like_path = id.contains('/')
		|| id.contains(std::path::MAIN_SEPARATOR)
		|| path.extension().is_some_and(|ext| ext == "json");
	if !looks_like_path && !path.exists() {
		return Err(format!(
			"unknown chain `{id}`: expected dev, local, testnet or the path of a chain spec JSON file"
		));
	}
	// `from_json_file` names the file when it cannot be opened but not when it cannot be parsed:
	// open it first for a clear I/O error, and name the file in a parse error.
	std::fs::File::open(path)
		.map_err(|e| format!("cannot read the chain spec file `{}`: {e}", path.display()))?;
	ChainSpec::from_json_file(path.to_path_buf())
		.map_err(|e| format!("invalid chain spec file `{}`: {e}", path.display()))
}

/// Parses the command line and runs the chosen subcommand, or the node.
pub fn run() -> sc_cli::Result<()> {
	// `Cli::from_args()`, keeping the matches: `--public-rpc` keeps the settings given on the
	// command line.
	let matches = <Cli as SubstrateCli>::setup_command(<Cli as clap::CommandFactory>::command())
		.try_get_matches_from(std::env::args_os())
		.unwrap_or_else(|e| e.exit());
	let mut cli =
		<Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
	if cli.public_rpc && cli.subcommand.is_none() {
		crate::public_rpc::apply(&mut cli.run, &matches).map_err(sc_cli::Error::Input)?;
	}

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::AssembleSpec(cmd)) => cmd.run().map_err(sc_cli::Error::Input),
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => benchmark::run(&cli, cmd),
		None => {
			let runner = cli.create_runner(&cli.run)?;
			if cli.public_rpc {
				log::info!("🌐 {}", crate::public_rpc::describe(&cli.run));
			}
			let options = service::Options {
				vote_lag: cli.grandpa_vote_lag,
				max_inbox_subscriptions: cli.inbox_max_subscriptions,
				#[cfg(feature = "censorship-test")]
				censor_rollup: cli.censor_rollup,
			};
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					NetworkBackendType::Libp2p => {
						service::new_full::<sc_network::NetworkWorker<Block, Hash>>(config, options)
					},
					NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config, options)
					},
				}
				.map_err(sc_cli::Error::Service)
			})
		},
	}
}

/// The `benchmark` subcommand.
#[cfg(feature = "runtime-benchmarks")]
mod benchmark {
	use frame_benchmarking_cli::{BenchmarkCmd, ExtrinsicFactory, SUBSTRATE_REFERENCE_HARDWARE};
	use sc_cli::SubstrateCli;
	use sc_service::PartialComponents;
	use seqchain_runtime::{opaque::Block, EXISTENTIAL_DEPOSIT};
	use sp_keyring::Sr25519Keyring;
	use sp_runtime::traits::HashingFor;

	use crate::{
		benchmarking::{inherent_benchmark_data, RemarkBuilder, TransferKeepAliveBuilder},
		cli::Cli,
		service,
	};

	/// Runs one benchmark subcommand against the chain selected by `--chain`.
	pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
		let runner = cli.create_runner(cmd)?;
		runner.sync_run(|config| match cmd {
			BenchmarkCmd::Pallet(cmd) => {
				cmd.run_with_spec::<HashingFor<Block>, ()>(Some(config.chain_spec))
			},
			BenchmarkCmd::Block(cmd) => {
				let PartialComponents { client, .. } = service::new_partial(&config)?;
				cmd.run(client)
			},
			BenchmarkCmd::Storage(cmd) => {
				let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
				let db = backend.expose_db();
				let storage = backend.expose_storage();
				let shared_trie_cache = backend.expose_shared_trie_cache();
				cmd.run(config, client, db, storage, shared_trie_cache)
			},
			BenchmarkCmd::Overhead(cmd) => {
				let PartialComponents { client, .. } = service::new_partial(&config)?;
				let remark = RemarkBuilder::new(client.clone());
				cmd.run(
					config.chain_spec.name().into(),
					client,
					inherent_benchmark_data()?,
					Vec::new(),
					&remark,
					false,
				)
			},
			BenchmarkCmd::Extrinsic(cmd) => {
				let PartialComponents { client, .. } = service::new_partial(&config)?;
				let factory = ExtrinsicFactory(vec![
					Box::new(RemarkBuilder::new(client.clone())),
					Box::new(TransferKeepAliveBuilder::new(
						client.clone(),
						Sr25519Keyring::Alice.to_account_id(),
						EXISTENTIAL_DEPOSIT,
					)),
				]);
				cmd.run(client, inherent_benchmark_data()?, Vec::new(), &factory)
			},
			BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
		})
	}
}
