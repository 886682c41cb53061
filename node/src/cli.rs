//! Command line interface of the node.

/// The node's command line: a subcommand, or the options to run the node.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// The subcommand to run; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options to run the node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// How many blocks behind the best block this node's GRANDPA votes stay (authorities only).
	/// The default, 1, finalizes a transaction in 2.2-2.5 slots on the four-sequencer network
	/// (docs/performance.md); 0 votes for the best block (1.1-1.4 slots), but a Polkadot.js 16
	/// client then never sees a runtime-upgrade transaction in a block. N > 0 is Substrate's rules:
	/// votes stay N blocks behind the best and within 3/4 of the unfinalized chain; Substrate's
	/// default is 2, about one slot slower than 1.
	#[arg(long, value_name = "BLOCKS", default_value_t = 1)]
	pub grandpa_vote_lag: u32,

	/// Most `inbox_subscribeFinalized` subscriptions this node serves at once, over all
	/// connections; one more is refused with error 4004. Each takes a thread while it reads
	/// blocks and holds at most 4 MiB of payloads plus one block.
	#[arg(long, value_name = "COUNT", default_value_t = seqchain_inbox_rpc::DEFAULT_MAX_SUBSCRIPTIONS)]
	pub inbox_max_subscriptions: usize,

	/// Serve RPC to anyone: listen on all interfaces, safe methods only, 600 calls a minute, 16
	/// queued items, 32 subscriptions and batches of 16 per connection (each unless given on
	/// the command line). Refused on a sequencer (`--validator`, `--dev`, `--alice`...): run a
	/// public RPC node as its own full node. See docs/operators.md, "A public RPC node".
	#[arg(long)]
	pub public_rpc: bool,

	/// TEST BUILD ONLY (`seqchain-node-censoring`): never include this rollup's inbox
	/// submissions in the blocks this node authors, to measure how fast the other sequencers
	/// include them. The flag does not exist in `seqchain-node`.
	#[cfg(feature = "censorship-test")]
	#[arg(long, value_name = "ROLLUP_ID")]
	pub censor_rollup: Option<u32>,
}

/// The node's subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Manage keys: generate, inspect and insert session keys and node keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (prefer `export-chain-spec`, which needs no node key).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification (`--chain dev|local|testnet|<file>`), plain or `--raw`.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Assemble a network's chain spec from its network file of operators' public keys (the
	/// genesis ceremony in docs/operators.md), plain or `--raw`.
	AssembleSpec(crate::assemble::AssembleSpecCmd),

	/// Validate a block: import it into a copy of the chain and report the result.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks of the local chain to a file.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state at a given block into a raw chain specification.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks from a file.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain by a number of unfinalized blocks, with the GRANDPA state.
	Revert(sc_cli::RevertCmd),

	/// Show information about the database's meta columns.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmark the runtime's pallets, blocks, extrinsics, storage and the machine.
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
