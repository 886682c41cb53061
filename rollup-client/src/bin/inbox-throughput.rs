//! `inbox-throughput`: against one dev node, in one run, measures how much rollup payload the
//! chain takes in through the inbox, and how much it takes in as `system.remark` with the same
//! payload sizes, the baseline of "bytes in a block with no processing". Prints one table.
//!
//! For each size and kind, transactions are signed and submitted as fast as the node admits them
//! (kept a few blocks ahead of inclusion), the first blocks are skipped as ramp-up, and the
//! next `--blocks` blocks are measured: payload bytes and entries of successful transactions,
//! over the time between the blocks' timestamps.

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
use pallet_inbox::{OrderingPolicy, RollupConfig, SubmitterPolicy};
use rollup_client::node::{failed_extrinsics, Error, Header, Node};
use seqchain_runtime::{RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use sp_core::{sr25519, Pair, H256};

#[derive(Parser)]
#[command(
	name = "inbox-throughput",
	about = "Inbox vs system.remark payload throughput on one node."
)]
struct Cli {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Payload sizes in bytes.
	#[arg(long, value_delimiter = ',', default_value = "256,4096,65536")]
	sizes: Vec<usize>,
	/// Blocks measured per run, after the ramp-up.
	#[arg(long, default_value_t = 5)]
	blocks: u32,
	/// Blocks skipped at the start of each run.
	#[arg(long, default_value_t = 2)]
	warmup: u32,
	/// Rollups the inbox load is spread over (one rollup may use half a block).
	#[arg(long, default_value_t = 4)]
	rollups: u32,
	/// Payloads per `submit_batch` in the batched inbox runs.
	#[arg(long, default_value_t = 16)]
	batch: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
	Remark,
	Inbox,
	InboxBatch,
}

impl Kind {
	fn name(self) -> &'static str {
		match self {
			Kind::Remark => "system.remark",
			Kind::Inbox => "inbox.submit",
			Kind::InboxBatch => "inbox.submit_batch",
		}
	}
}

/// What one run measured.
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

/// Payload entries and bytes a block carried for `kind`, and its timestamp (ms).
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

async fn measure(
	node: Arc<Node>,
	signers: &[sr25519::Pair],
	rollups: &[u32],
	kind: Kind,
	size: usize,
	cli: &Cli,
) -> Result<Measured, Error> {
	// A batch carries at most 256 KiB, so that every rollup's share of a block holds several.
	let per_tx =
		if kind == Kind::InboxBatch { cli.batch.min((256 * 1024 / size).max(1)) } else { 1 };
	// Keep about three blocks of payload in flight (the pool holds 64 MiB).
	let ahead = ((3 * 3_900_000) / (size * per_tx)).clamp(8, 6_000) as u64;
	let submitted = Arc::new(AtomicU64::new(0));
	let included = Arc::new(AtomicU64::new(0));
	let stop = Arc::new(AtomicBool::new(false));

	let mut nonces = Vec::new();
	for s in signers {
		nonces.push(node.nonce(&s.public().into()).await?);
	}
	let producer = {
		let (node, submitted, included, stop) =
			(node.clone(), submitted.clone(), included.clone(), stop.clone());
		let signers = signers.to_vec();
		let rollups = rollups.to_vec();
		tokio::spawn(async move {
			let mut n = 0u64;
			let calls = futures::stream::iter(0..).map(|_| {
				let k = n as usize;
				n += 1;
				let mut payload = vec![0u8; size];
				payload[..8.min(size)].copy_from_slice(&n.to_le_bytes()[..8.min(size)]);
				let id = rollups[k % rollups.len()];
				let call: RuntimeCall = match kind {
					Kind::Remark => frame_system::Call::remark { remark: payload }.into(),
					Kind::Inbox => pallet_inbox::Call::submit { id, payload }.into(),
					Kind::InboxBatch => {
						pallet_inbox::Call::submit_batch { id, payloads: vec![payload; per_tx] }
							.into()
					},
				};
				let signer = k % signers.len();
				let nonce = nonces[signer];
				nonces[signer] += 1;
				node.sign(&signers[signer], call, nonce)
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
			while let Some(result) = sends.next().await {
				if let Err(e) = result {
					eprintln!("submission refused: {e}");
					return;
				}
			}
		})
	};

	let mut heads: Subscription<Header> = node
		.rpc
		.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
		.await
		.map_err(|e| format!("chain_subscribeNewHeads: {e}"))?;
	let (mut seen, mut measured) =
		(0u32, Measured { entries: 0, bytes: 0, seconds: 0.0, blocks: 0 });
	let mut first_ts = None;
	while measured.blocks < cli.blocks {
		let (_, hash) = node.next_head(&mut heads).await?;
		let (entries, bytes, ts) = block_load(&node, hash, kind).await?;
		included.fetch_add(entries / per_tx as u64, Ordering::Relaxed);
		if entries == 0 {
			continue;
		}
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
	// Let the pool drain before the next run: wait until two blocks carry none of ours.
	let mut quiet = 0;
	while quiet < 2 {
		let (_, hash) = node.next_head(&mut heads).await?;
		let (entries, _, _) = block_load(&node, hash, kind).await?;
		quiet = if entries == 0 { quiet + 1 } else { 0 };
	}
	Ok(measured)
}

#[tokio::main]
async fn main() {
	if let Err(e) = run(Cli::parse()).await {
		eprintln!("error: {e}");
		std::process::exit(1);
	}
}

async fn run(cli: Cli) -> Result<(), Error> {
	let node = Arc::new(Node::connect(&cli.url).await?);
	let pair = |s: &str| sr25519::Pair::from_string(s, None).map_err(|e| format!("{s}: {e:?}"));
	let signers = ["//Alice", "//Bob", "//Charlie", "//Dave"]
		.into_iter()
		.map(pair)
		.collect::<Result<Vec<_>, _>>()?;
	let owner = pair("//Ferdie")?;
	let mut rollups = Vec::new();
	for i in 0..cli.rollups {
		let name = format!("tput-{}-{i}", std::process::id());
		let config = RollupConfig {
			submitters: SubmitterPolicy::Open,
			max_payload_bytes: 1024 * 1024,
			max_submissions_per_block: 1024,
			ordering: OrderingPolicy::Plain,
		};
		let call = pallet_inbox::Call::register_rollup { name: name.into_bytes(), config };
		let nonce = node.nonce(&owner.public().into()).await?;
		let out = node.submit_and_watch(&node.sign(&owner, call.into(), nonce), false).await?;
		let id = out
			.events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Inbox(pallet_inbox::Event::RollupRegistered { id, .. }) => Some(*id),
				_ => None,
			})
			.ok_or("no RollupRegistered event")?;
		rollups.push(id);
	}
	println!(
		"{:>8}  {:<20} {:>12} {:>10} {:>7}  {:>14}",
		"payload", "kind", "entries/s", "MB/s", "blocks", "inbox/remark"
	);
	for &size in &cli.sizes {
		let mut remark_mb = None;
		for kind in [Kind::Remark, Kind::Inbox, Kind::InboxBatch] {
			let m = measure(node.clone(), &signers, &rollups, kind, size, &cli).await?;
			let ratio = match (kind, remark_mb) {
				(Kind::Remark, _) => {
					remark_mb = Some(m.mb_per_s());
					String::new()
				},
				(_, Some(r)) if r > 0.0 => format!("{:.2}", m.mb_per_s() / r),
				_ => "-".into(),
			};
			println!(
				"{:>6} B  {:<20} {:>12.0} {:>10.3} {:>7}  {:>14}",
				size,
				kind.name(),
				m.entries_per_s(),
				m.mb_per_s(),
				m.blocks,
				ratio
			);
		}
	}
	Ok(())
}
