//! `seqchain-load`: against a running node (a dev node or one node of a local network), in one
//! run, measures what the chain takes in and how fast it answers, and prints one table:
//!
//! - **throughput**: transactions are signed and submitted as fast as the node admits them (kept a
//!   few blocks ahead of inclusion); the first `--warmup` blocks that carry them are skipped and
//!   the next `--blocks` are measured: entries and payload bytes of successful transactions over
//!   the time between the blocks' timestamps. Rows: `balances.transfer_keep_alive` (the
//!   baseline transaction), and for each payload size `system.remark` (bytes in a block with no
//!   processing), `inbox.submit` and `inbox.submit_batch`, with the inbox/remark ratio;
//! - **latency**: single transactions at a controlled rate (`--rate` a second, `--samples` of
//!   them per row, below capacity), each watched with `author_submitAndWatchExtrinsic`: the time
//!   from submission to the node reporting it in a block (inclusion) and in a finalized block
//!   (finality), p50 and p99.

use std::{
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc,
	},
	time::Duration,
};

use clap::Parser;
use codec::Decode;
use futures::StreamExt;
use jsonrpsee::{
	core::client::{Subscription, SubscriptionClientT},
	rpc_params,
};
use rollup_client::node::{failed_extrinsics, Error, Header, Node};
use seqchain_bench::{fund_signers, quantile, register_rollups, watch};
use seqchain_runtime::{AccountId, RuntimeCall, UncheckedExtrinsic, UNIT};
use sp_core::{sr25519, Pair, H256};

#[derive(Parser)]
#[command(
	name = "seqchain-load",
	about = "Throughput (inbox, system.remark, transfers) and inclusion/finality latency of a \
	         running seqchain node, in one table."
)]
struct Cli {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Payload sizes in bytes.
	#[arg(long, value_delimiter = ',', default_value = "256,4096,65536")]
	sizes: Vec<usize>,
	/// Blocks measured per throughput row, after the ramp-up.
	#[arg(long, default_value_t = 5)]
	blocks: u32,
	/// Blocks skipped at the start of each throughput row.
	#[arg(long, default_value_t = 2)]
	warmup: u32,
	/// Rollups the inbox load is spread over (one rollup may use half a block).
	#[arg(long, default_value_t = 4)]
	rollups: u32,
	/// Payloads per `submit_batch` in the batched inbox rows.
	#[arg(long, default_value_t = 16)]
	batch: usize,
	/// Transactions a second in the latency runs.
	#[arg(long, default_value_t = 2.0)]
	rate: f64,
	/// Transactions watched per latency row (0 skips the latency runs).
	#[arg(long, default_value_t = 20)]
	samples: usize,
	/// Skip the throughput runs.
	#[arg(long)]
	latency_only: bool,
	/// Slot duration in seconds, to express latencies in slots.
	#[arg(long, default_value_t = 2.0)]
	slot: f64,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
	Transfer,
	Remark,
	Inbox,
	InboxBatch,
}

impl Kind {
	fn name(self) -> &'static str {
		match self {
			Kind::Transfer => "balances.transfer",
			Kind::Remark => "system.remark",
			Kind::Inbox => "inbox.submit",
			Kind::InboxBatch => "inbox.submit_batch",
		}
	}
}

/// What one throughput run measured.
#[derive(Default)]
struct Measured {
	entries: u64,
	bytes: u64,
	seconds: f64,
	blocks: u32,
}

impl Measured {
	fn entries_per_s(&self) -> f64 {
		self.entries as f64 / self.seconds
	}
	fn mb_per_s(&self) -> f64 {
		self.bytes as f64 / self.seconds / 1e6
	}
}

/// Latencies of one latency run, in seconds, sorted.
#[derive(Default)]
struct Latency {
	inclusion: Vec<f64>,
	finality: Vec<f64>,
	failed: usize,
}

/// Everything a run needs to build its calls.
struct Load {
	kind: Kind,
	size: usize,
	per_tx: usize,
	rollups: Vec<u32>,
	dest: AccountId,
}

impl Load {
	fn call(&self, n: u64) -> RuntimeCall {
		let mut payload = vec![0u8; self.size];
		payload[..8.min(self.size)].copy_from_slice(&n.to_le_bytes()[..8.min(self.size)]);
		let id = self.rollups[n as usize % self.rollups.len().max(1)];
		match self.kind {
			Kind::Transfer => pallet_balances::Call::transfer_keep_alive {
				dest: self.dest.clone().into(),
				value: UNIT,
			}
			.into(),
			Kind::Remark => frame_system::Call::remark { remark: payload }.into(),
			Kind::Inbox => pallet_inbox::Call::submit { id, payload }.into(),
			Kind::InboxBatch => {
				pallet_inbox::Call::submit_batch { id, payloads: vec![payload; self.per_tx] }.into()
			},
		}
	}
}

/// Entries and payload bytes a block carried for `kind`, and its timestamp (ms).
async fn block_load(node: &Node, hash: H256, kind: Kind) -> Result<(u64, u64, u64), Error> {
	let block = node.block(hash).await?;
	let failed = failed_extrinsics(&node.events(hash).await?);
	let (mut entries, mut bytes, mut now) = (0u64, 0u64, 0u64);
	for (i, hex_xt) in block.extrinsics.iter().enumerate() {
		let raw = hex::decode(hex_xt.trim_start_matches("0x")).map_err(|e| e.to_string())?;
		let xt = UncheckedExtrinsic::decode(&mut &raw[..]).map_err(|e| e.to_string())?;
		if let RuntimeCall::Timestamp(pallet_timestamp::Call::set { now: t }) = &xt.function {
			now = *t;
		}
		if failed.contains(&(i as u32)) {
			continue;
		}
		match (&xt.function, kind) {
			(
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { .. }),
				Kind::Transfer,
			) => entries += 1,
			(RuntimeCall::System(frame_system::Call::remark { remark }), Kind::Remark) => {
				entries += 1;
				bytes += remark.len() as u64;
			},
			(RuntimeCall::Inbox(pallet_inbox::Call::submit { payload, .. }), Kind::Inbox) => {
				entries += 1;
				bytes += payload.len() as u64;
			},
			(
				RuntimeCall::Inbox(pallet_inbox::Call::submit_batch { payloads, .. }),
				Kind::InboxBatch,
			) => {
				entries += payloads.len() as u64;
				bytes += payloads.iter().map(|p| p.len() as u64).sum::<u64>();
			},
			_ => {},
		}
	}
	Ok((entries, bytes, now))
}

async fn nonces(node: &Node, signers: &[sr25519::Pair]) -> Result<Vec<u32>, Error> {
	let mut nonces = Vec::new();
	for s in signers {
		nonces.push(node.nonce(&s.public().into()).await?);
	}
	Ok(nonces)
}

async fn throughput(
	node: Arc<Node>,
	signers: &[sr25519::Pair],
	load: Arc<Load>,
	cli: &Cli,
) -> Result<Measured, Error> {
	// Keep about three blocks of payload in flight (the pool holds 64 MiB), and for transfers
	// three blocks' worth.
	let ahead = match load.kind {
		Kind::Transfer => 3_000,
		_ => ((3 * 3_900_000) / (load.size * load.per_tx)).clamp(8, 6_000) as u64,
	};
	let submitted = Arc::new(AtomicU64::new(0));
	let included = Arc::new(AtomicU64::new(0));
	let stop = Arc::new(AtomicBool::new(false));
	let mut nonces = nonces(&node, signers).await?;
	let producer = {
		let (node, submitted, included, stop) =
			(node.clone(), submitted.clone(), included.clone(), stop.clone());
		let signers = signers.to_vec();
		let load = load.clone();
		tokio::spawn(async move {
			let mut n = 0u64;
			let calls = futures::stream::iter(0..).map(|_| {
				n += 1;
				let signer = n as usize % signers.len();
				let nonce = nonces[signer];
				nonces[signer] += 1;
				node.sign(&signers[signer], load.call(n), nonce, None)
			});
			let mut sends = Box::pin(
				calls
					.take_while(|_| {
						let stop = stop.load(Ordering::Relaxed);
						async move { !stop }
					})
					.then(|xt| {
						let (submitted, included) = (submitted.clone(), included.clone());
						async move {
							while submitted.load(Ordering::Relaxed)
								>= included.load(Ordering::Relaxed) + ahead
							{
								tokio::time::sleep(Duration::from_millis(20)).await;
							}
							submitted.fetch_add(1, Ordering::Relaxed);
							xt
						}
					})
					.map(|xt| {
						let node = node.clone();
						async move { node.submit(&xt).await }
					})
					.buffer_unordered(32),
			);
			let mut refused = 0u64;
			while let Some(result) = sends.next().await {
				if let Err(e) = result {
					// The pool is full or a nonce was refused: go on; the row measures what was
					// included.
					if refused == 0 {
						eprintln!("submission refused (further refusals counted): {e}");
					}
					refused += 1;
				}
			}
			if refused > 0 {
				eprintln!("{} submissions refused in this run", refused);
			}
		})
	};

	let mut heads: Subscription<Header> = node
		.rpc
		.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
		.await
		.map_err(|e| format!("chain_subscribeNewHeads: {e}"))?;
	let (mut seen, mut measured) = (0u32, Measured::default());
	let mut first_ts = None;
	let mut empty = 0;
	while measured.blocks < cli.blocks {
		let (_, hash) = node.next_head(&mut heads).await?;
		let (entries, bytes, ts) = block_load(&node, hash, load.kind).await?;
		included.fetch_add(entries / load.per_tx as u64, Ordering::Relaxed);
		if entries == 0 {
			empty += 1;
			if empty > 30 {
				return Err(format!("{}: nothing included in 30 blocks", load.kind.name()));
			}
			continue;
		}
		empty = 0;
		seen += 1;
		if seen == cli.warmup {
			first_ts = Some(ts);
		} else if seen > cli.warmup {
			measured.entries += entries;
			measured.bytes += bytes;
			measured.blocks += 1;
			measured.seconds = (ts - first_ts.unwrap_or(ts)) as f64 / 1000.0;
		}
	}
	stop.store(true, Ordering::Relaxed);
	let _ = producer.await;
	drain(&node, &mut heads, load.kind).await?;
	Ok(measured)
}

/// Waits until two blocks in a row carry none of `kind`: the pool has drained.
async fn drain(node: &Node, heads: &mut Subscription<Header>, kind: Kind) -> Result<(), Error> {
	let mut quiet = 0;
	while quiet < 2 {
		let (_, hash) = node.next_head(heads).await?;
		let (entries, _, _) = block_load(node, hash, kind).await?;
		quiet = if entries == 0 { quiet + 1 } else { 0 };
	}
	Ok(())
}

async fn latency(
	node: Arc<Node>,
	signers: &[sr25519::Pair],
	load: Arc<Load>,
	cli: &Cli,
) -> Result<Latency, Error> {
	let mut nonces = nonces(&node, signers).await?;
	let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / cli.rate));
	let mut watches = Vec::new();
	for n in 0..cli.samples as u64 {
		ticker.tick().await;
		let signer = n as usize % signers.len();
		let xt = node.sign(&signers[signer], load.call(n), nonces[signer], None);
		nonces[signer] += 1;
		let node = node.clone();
		watches.push(tokio::spawn(async move { watch(&node, xt).await }));
	}
	let mut result = Latency::default();
	for w in watches {
		match w.await.map_err(|e| e.to_string())? {
			Ok((inclusion, finality)) => {
				result.inclusion.push(inclusion);
				result.finality.push(finality);
			},
			Err(e) => {
				eprintln!("{}: {e}", load.kind.name());
				result.failed += 1;
			},
		}
	}
	result.inclusion.sort_by(f64::total_cmp);
	result.finality.sort_by(f64::total_cmp);
	Ok(result)
}

#[tokio::main]
async fn main() {
	if let Err(e) = run(Cli::parse()).await {
		eprintln!("error: {e}");
		std::process::exit(1);
	}
}

async fn run(cli: Cli) -> Result<(), Error> {
	if cli.rate <= 0.0 || !cli.rate.is_finite() {
		return Err("--rate must be a positive number of transactions a second".into());
	}
	if cli.sizes.iter().any(|s| *s == 0 || *s > 1024 * 1024) {
		return Err("--sizes: each size must be 1 byte to 1 MiB (the inbox's payload limit)".into());
	}
	if cli.blocks == 0 || cli.warmup == 0 || cli.rollups == 0 || cli.batch == 0 {
		return Err("--blocks, --warmup, --rollups and --batch must be at least 1".into());
	}
	let node = Arc::new(Node::connect(&cli.url).await?);
	let pair = |s: &str| sr25519::Pair::from_string(s, None).map_err(|e| format!("{s}: {e:?}"));
	let owner = pair("//Ferdie")?;
	let funder = pair("//Alice")?;
	let mut runs = 0u32;
	let rollups = register_rollups("load", &node, &owner, cli.rollups).await?;
	let dest: AccountId = pair("//Eve")?.public().into();

	let mut rows = vec![(Kind::Transfer, 0usize)];
	for &size in &cli.sizes {
		rows.extend([Kind::Remark, Kind::Inbox, Kind::InboxBatch].map(|k| (k, size)));
	}
	println!(
		"{:>8}  {:<19} {:>10} {:>8}  {:>8} {:>8}  {:>8} {:>8}  {:>12}",
		"payload",
		"kind",
		"entries/s",
		"MB/s",
		"incl p50",
		"incl p99",
		"fin p50",
		"fin p99",
		"inbox/remark"
	);
	let mut remark_mb = None;
	for (kind, size) in rows {
		// A batch carries at most 256 KiB, so that every rollup's share of a block holds several.
		let per_tx =
			if kind == Kind::InboxBatch { cli.batch.min((256 * 1024 / size).max(1)) } else { 1 };
		let load =
			Arc::new(Load { kind, size, per_tx, rollups: rollups.clone(), dest: dest.clone() });
		// Fresh signers for every run: a run's transactions left in the pool (a refused one
		// leaves the same signer's later nonces waiting for ever) cannot collide with the next's.
		let signers = fund_signers(&node, &funder, &runs.to_string(), 4, 100_000 * UNIT).await?;
		runs += 1;
		let measured = if cli.latency_only {
			None
		} else {
			Some(throughput(node.clone(), &signers, load.clone(), &cli).await?)
		};
		let lat = if cli.samples > 0 {
			let signers =
				fund_signers(&node, &funder, &runs.to_string(), 4, 100_000 * UNIT).await?;
			runs += 1;
			// A connection of its own for the watch subscriptions.
			let watcher = Arc::new(Node::connect(&cli.url).await?);
			Some(latency(watcher, &signers, load.clone(), &cli).await?)
		} else {
			None
		};
		let ratio = match (kind, &measured, remark_mb) {
			(Kind::Remark, Some(m), _) => {
				remark_mb = Some(m.mb_per_s());
				String::new()
			},
			(Kind::Inbox | Kind::InboxBatch, Some(m), Some(r)) if r > 0.0 => {
				format!("{:.2}", m.mb_per_s() / r)
			},
			_ => String::new(),
		};
		let (rate, mb) = match &measured {
			Some(m) => (format!("{:.0}", m.entries_per_s()), format!("{:.3}", m.mb_per_s())),
			None => ("-".into(), "-".into()),
		};
		let q = |v: Option<&Latency>, finality: bool, q: f64| -> String {
			v.and_then(|l| quantile(if finality { &l.finality } else { &l.inclusion }, q))
				.map_or("-".into(), |s| format!("{s:.2} s"))
		};
		let payload = if kind == Kind::Transfer { "-".to_string() } else { format!("{size} B") };
		println!(
			"{:>8}  {:<19} {:>10} {:>8}  {:>8} {:>8}  {:>8} {:>8}  {:>12}",
			payload,
			kind.name(),
			rate,
			mb,
			q(lat.as_ref(), false, 0.5),
			q(lat.as_ref(), false, 0.99),
			q(lat.as_ref(), true, 0.5),
			q(lat.as_ref(), true, 0.99),
			ratio
		);
		if let Some(l) = lat.as_ref().filter(|l| l.failed > 0) {
			println!("          ({} of {} latency samples failed)", l.failed, cli.samples);
		}
	}
	println!(
		"latency at {} tx/s, {} samples a row; {:.0} s slots (p50 in slots = seconds / {})",
		cli.rate, cli.samples, cli.slot, cli.slot
	);
	Ok(())
}
