//! `seqchain-abuse`: what abuse of a public RPC node costs the chain. Run by
//! `scripts/abuse.sh`, which starts a sequencer (a dev node) and a public RPC node
//! (`--public-rpc`) beside it; see `seqchain_bench::abuse` for the phases and figures.

use std::time::Duration;

use clap::Parser;
use rollup_client::node::{Error, Node};
use seqchain_bench::{abuse, fund_signers, register_rollups};
use seqchain_runtime::UNIT;
use sp_core::{sr25519, Pair};

#[derive(Parser)]
#[command(
	name = "seqchain-abuse",
	about = "Abuse a public RPC node (pool flood, slow subscribers, range reads) and print, per \
	         phase, node memory, block production, finality and an honest client's latency."
)]
struct Cli {
	/// The sequencer's WebSocket RPC (watched, not abused).
	#[arg(long, default_value = "ws://127.0.0.1:9955")]
	sequencer: String,
	/// The public RPC node's WebSocket RPC (abused, and used by the honest clients).
	#[arg(long, default_value = "ws://127.0.0.1:9956")]
	public: String,
	/// A process whose memory is sampled, as NAME=PID (repeat the flag).
	#[arg(long = "pid", value_parser = parse_pid)]
	pids: Vec<(String, u32)>,
	/// Seconds each phase lasts.
	#[arg(long, default_value_t = 60)]
	phase_secs: u64,
	/// Accounts flooding the pool, each on its own connection.
	#[arg(long, default_value_t = 48)]
	flooders: u32,
	/// Payload bytes of each flood submission (the inbox takes at most 1 MiB).
	#[arg(long, default_value_t = 1024 * 1024)]
	size: usize,
	/// Subscribers that do not read (the node serves 64 subscriptions by default).
	#[arg(long, default_value_t = 80)]
	subscribers: usize,
	/// Connections reading ranges in the range flood.
	#[arg(long, default_value_t = 16)]
	readers: usize,
	/// Connections in the range flood that send `--lazy-calls` calls at once and never read.
	#[arg(long, default_value_t = 8)]
	lazy_readers: usize,
	/// Calls each lazy reader sends.
	#[arg(long, default_value_t = 100)]
	lazy_calls: usize,
	/// The chain's slot duration, in seconds.
	#[arg(long, default_value_t = 2.0)]
	slot: f64,
	/// The phases to run, in order: calm, flood, subscribers, ranges.
	#[arg(long, value_delimiter = ',', default_value = "calm,flood,subscribers,ranges")]
	phases: Vec<String>,
}

fn parse_pid(s: &str) -> Result<(String, u32), String> {
	let (name, pid) = s.split_once('=').ok_or("expected NAME=PID")?;
	Ok((name.to_string(), pid.parse().map_err(|e| format!("PID {pid}: {e}"))?))
}

#[tokio::main]
async fn main() {
	if let Err(e) = run(Cli::parse()).await {
		eprintln!("error: {e}");
		std::process::exit(1);
	}
}

async fn run(cli: Cli) -> Result<(), Error> {
	if cli.size == 0 || cli.size > 1024 * 1024 {
		return Err("--size must be 1 byte to 1 MiB (the inbox's payload limit)".into());
	}
	for p in &cli.phases {
		if !["calm", "flood", "subscribers", "ranges"].contains(&p.as_str()) {
			return Err(format!("unknown phase {p}: expected calm, flood, subscribers or ranges"));
		}
	}
	let seq = Node::connect(&cli.sequencer).await?;
	let pair = |s: &str| sr25519::Pair::from_string(s, None).map_err(|e| format!("{s}: {e:?}"));
	let funder = pair("//Alice")?;
	let rollup = register_rollups("abuse", &seq, &pair("//Ferdie")?, 1).await?[0];
	let sender = fund_signers(&seq, &funder, "honest", 1, 1_000 * UNIT).await?.remove(0);
	let flooders = fund_signers(&seq, &funder, "flood", cli.flooders, 20_000 * UNIT).await?;
	let honest = abuse::Honest {
		sequencer: cli.sequencer.clone(),
		public: cli.public.clone(),
		pids: cli.pids.clone(),
		sender,
		rollup,
	};
	let duration = Duration::from_secs(cli.phase_secs);
	let finalized = || async { seq.birth().await.map(|b| b.number) };
	let flood_start = finalized().await?;
	let mut phases = Vec::new();
	for name in &cli.phases {
		eprintln!("phase {name}: {} s", cli.phase_secs);
		let figures = match name.as_str() {
			"calm" => {
				abuse::phase(&honest, duration, |stop| async move {
					abuse::until(&stop).await;
					Ok(String::new())
				})
				.await?
			},
			"flood" => {
				let (url, flooders) = (cli.public.clone(), flooders.clone());
				abuse::phase(&honest, duration, |stop| async move {
					abuse::pool_flood(&url, flooders, rollup, cli.size, stop).await
				})
				.await?
			},
			"subscribers" => {
				let url = cli.public.clone();
				abuse::phase(&honest, duration, |stop| async move {
					abuse::slow_subscribers(&url, cli.subscribers, rollup, stop).await
				})
				.await?
			},
			_ => {
				let url = cli.public.clone();
				let to = finalized().await?.min(flood_start.saturating_add(1023));
				abuse::phase(&honest, duration, |stop| async move {
					abuse::range_flood(
						&url,
						cli.readers,
						cli.lazy_readers,
						cli.lazy_calls,
						rollup,
						flood_start,
						to,
						stop,
					)
					.await
				})
				.await?
			},
		};
		phases.push((name.as_str(), figures));
	}
	print!("{}", abuse::table(cli.slot, &phases));
	for (name, pid) in &cli.pids {
		if let Some((peak, _)) = abuse::memory_kib(*pid) {
			println!("{name}: peak RSS over the whole run {} MiB", peak / 1024);
		}
	}
	Ok(())
}
