//! What abuse of a public RPC node costs the chain, measured: phases of one kind of abuse each,
//! sent to the public node, while honest clients use it and the sequencer is watched.
//!
//! - `calm`: nothing but the honest clients (the reference figures);
//! - `pool flood`: many accounts send maximum-size (1 MiB) inbox submissions as fast as the node
//!   takes them, each on its own connection;
//! - `slow subscribers`: more `inbox_subscribeFinalized` subscriptions than a node serves, on
//!   raw WebSocket connections that never read, from entry 0 of the flooded rollup (megabytes
//!   of payloads each);
//! - `range flood`: connections that call `inbox_submissions` over the largest range of the
//!   flooded rollup's blocks again and again, following the pages.
//!
//! For each phase: the peak RSS of each node, blocks authored against Aura slots passed (missed
//! slots), time from a block's import to its finality (p50), and an honest client's transfer
//! (submission to inclusion) and `inbox_rollup` call latency on the public node.

use std::{
	collections::BTreeMap,
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering::Relaxed},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};

use futures::{SinkExt, StreamExt};
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
};
use rollup_client::node::{Error, Node};
use seqchain_runtime::{AccountId, UNIT};
use sp_core::{sr25519, Pair};
use tokio_tungstenite::tungstenite::Message;

use crate::quantile;

/// What a phase measured.
#[derive(Default, Debug)]
pub struct Figures {
	/// Peak RSS of each watched process, in MiB, by name.
	pub rss_mib: BTreeMap<String, u64>,
	/// Blocks imported by the sequencer during the phase.
	pub blocks: u64,
	/// Aura slots from the first to the last of those blocks.
	pub slots: u64,
	/// Seconds from a block's import to its finality, sorted.
	pub finality: Vec<f64>,
	/// Seconds from an honest transfer's submission to its inclusion, sorted.
	pub transfer: Vec<f64>,
	/// Honest transfers that failed (refused or dropped).
	pub transfer_failed: u64,
	/// Milliseconds of an honest `inbox_rollup` call, sorted.
	pub read_ms: Vec<f64>,
	/// Honest reads that failed.
	pub read_failed: u64,
	/// What the abuse itself achieved, in words.
	pub abuse: String,
}

impl Figures {
	/// Slots in which no block was authored.
	pub fn missed(&self) -> u64 {
		self.slots.saturating_sub(self.blocks)
	}
}

/// Peak resident memory of `pid` so far (`VmHWM`) and now (`VmRSS`), in KiB.
pub fn memory_kib(pid: u32) -> Option<(u64, u64)> {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
	let field = |name: &str| {
		status
			.lines()
			.find_map(|l| l.strip_prefix(name))
			.and_then(|v| v.split_whitespace().next()?.parse().ok())
	};
	Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// The Aura slot of a header (its `PreRuntime` digest of engine `aura`), as
/// `chain_subscribeNewHeads` gives it in JSON.
pub fn aura_slot(header: &serde_json::Value) -> Option<u64> {
	header["digest"]["logs"].as_array()?.iter().find_map(|log| {
		// 0x06 PreRuntime, b"aura", compact length 8 (0x20), the slot as u64 little-endian.
		let hex = log.as_str()?.strip_prefix("0x0661757261")?;
		let bytes = hex::decode(hex).ok()?;
		let (len, slot) = bytes.split_first()?;
		if *len != 0x20 {
			return None;
		}
		Some(u64::from_le_bytes(slot.try_into().ok()?))
	})
}

fn block_number(header: &serde_json::Value) -> Option<u32> {
	u32::from_str_radix(header["number"].as_str()?.trim_start_matches("0x"), 16).ok()
}

/// Watches what every phase measures, until `stop`.
struct Watch {
	stop: Arc<AtomicBool>,
	tasks: Vec<tokio::task::JoinHandle<()>>,
	rss: Arc<Mutex<BTreeMap<String, u64>>>,
	imported: Arc<Mutex<BTreeMap<u32, (Instant, Option<u64>)>>>,
	finalized: Arc<Mutex<BTreeMap<u32, Instant>>>,
	transfer: Arc<Mutex<(Vec<f64>, u64)>>,
	reads: Arc<Mutex<(Vec<f64>, u64)>>,
}

/// The honest clients and the chain watcher.
pub struct Honest {
	/// The sequencer's RPC (local to it, not abused).
	pub sequencer: String,
	/// The public node's RPC.
	pub public: String,
	/// Processes whose memory is sampled, by name.
	pub pids: Vec<(String, u32)>,
	/// The honest sender of transfers (funded).
	pub sender: sr25519::Pair,
	/// The rollup read with `inbox_rollup`.
	pub rollup: u32,
}

impl Honest {
	async fn start(&self) -> Result<Watch, Error> {
		let stop = Arc::new(AtomicBool::new(false));
		let mut tasks = Vec::new();
		let rss = Arc::new(Mutex::new(BTreeMap::new()));
		{
			let (stop, rss, pids) = (stop.clone(), rss.clone(), self.pids.clone());
			tasks.push(tokio::spawn(async move {
				while !stop.load(Relaxed) {
					for (name, pid) in &pids {
						if let Some((_, now)) = memory_kib(*pid) {
							let mut rss = rss.lock().expect("not poisoned");
							let peak = rss.entry(name.clone()).or_insert(0);
							*peak = (*peak).max(now / 1024);
						}
					}
					tokio::time::sleep(Duration::from_millis(100)).await;
				}
			}));
		}
		let imported = Arc::new(Mutex::new(BTreeMap::new()));
		let finalized = Arc::new(Mutex::new(BTreeMap::new()));
		let seq = Node::connect(&self.sequencer).await?;
		let mut heads: Subscription<serde_json::Value> = seq
			.rpc
			.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
			.await
			.map_err(|e| e.to_string())?;
		let mut fin: Subscription<serde_json::Value> = seq
			.rpc
			.subscribe(
				"chain_subscribeFinalizedHeads",
				rpc_params![],
				"chain_unsubscribeFinalizedHeads",
			)
			.await
			.map_err(|e| e.to_string())?;
		{
			let (stop, imported, finalized) = (stop.clone(), imported.clone(), finalized.clone());
			tasks.push(tokio::spawn(async move {
				let _seq = seq;
				while !stop.load(Relaxed) {
					tokio::select! {
						Some(Ok(h)) = heads.next() => {
							if let Some(n) = block_number(&h) {
								imported.lock().expect("not poisoned")
									.entry(n).or_insert((Instant::now(), aura_slot(&h)));
							}
						},
						Some(Ok(h)) = fin.next() => {
							if let Some(n) = block_number(&h) {
								let now = Instant::now();
								let imported = imported.lock().expect("not poisoned");
								let mut finalized = finalized.lock().expect("not poisoned");
								for (m, _) in imported.range(..=n) {
									finalized.entry(*m).or_insert(now);
								}
							}
						},
						_ = tokio::time::sleep(Duration::from_millis(200)) => {},
					}
				}
			}));
		}
		let transfer = Arc::new(Mutex::new((Vec::new(), 0)));
		{
			let (stop, transfer, sender) = (stop.clone(), transfer.clone(), self.sender.clone());
			let public = Node::connect(&self.public).await?;
			let dest: AccountId = sr25519::Pair::from_string("//Eve", None)
				.map_err(|e| format!("{e:?}"))?
				.public()
				.into();
			tasks.push(tokio::spawn(async move {
				let public = Arc::new(public);
				let mut nonce = None;
				while !stop.load(Relaxed) {
					let n = match nonce {
						Some(n) => n,
						None => match public.nonce(&sender.public().into()).await {
							Ok(n) => n,
							Err(_) => {
								transfer.lock().expect("not poisoned").1 += 1;
								tokio::time::sleep(Duration::from_secs(1)).await;
								continue;
							},
						},
					};
					let call = pallet_balances::Call::transfer_keep_alive {
						dest: dest.clone().into(),
						value: UNIT,
					};
					let xt = public.sign(&sender, call.into(), n, None);
					match crate::watch(&public, xt).await {
						Ok((inclusion, _)) => {
							nonce = Some(n + 1);
							transfer.lock().expect("not poisoned").0.push(inclusion);
						},
						Err(e) => {
							eprintln!("honest transfer: {e}");
							nonce = None;
							transfer.lock().expect("not poisoned").1 += 1;
						},
					}
					tokio::time::sleep(Duration::from_millis(500)).await;
				}
			}));
		}
		let reads = Arc::new(Mutex::new((Vec::new(), 0)));
		{
			let (stop, reads, rollup) = (stop.clone(), reads.clone(), self.rollup);
			let public = Node::connect(&self.public).await?;
			tasks.push(tokio::spawn(async move {
				while !stop.load(Relaxed) {
					let start = Instant::now();
					let answer: Result<serde_json::Value, _> =
						public.rpc.request("inbox_rollup", rpc_params![rollup]).await;
					{
						let mut reads = reads.lock().expect("not poisoned");
						match answer {
							Ok(v) if v.is_object() => {
								reads.0.push(start.elapsed().as_secs_f64() * 1e3)
							},
							_ => reads.1 += 1,
						}
					}
					tokio::time::sleep(Duration::from_millis(500)).await;
				}
			}));
		}
		Ok(Watch { stop, tasks, rss, imported, finalized, transfer, reads })
	}
}

impl Watch {
	/// Stops watching, `grace` after the phase for the last blocks' finality, and gives the
	/// phase's figures.
	async fn finish(self, grace: Duration) -> Figures {
		let end = Instant::now();
		tokio::time::sleep(grace).await;
		self.stop.store(true, Relaxed);
		for t in self.tasks {
			let _ = t.await;
		}
		let imported = self.imported.lock().expect("not poisoned");
		let finalized = self.finalized.lock().expect("not poisoned");
		let in_phase: Vec<_> = imported.iter().filter(|(_, (at, _))| *at <= end).collect();
		let slots: Vec<u64> = in_phase.iter().filter_map(|(_, (_, s))| *s).collect();
		let (first, last) =
			(slots.iter().min().copied().unwrap_or(0), slots.iter().max().copied().unwrap_or(0));
		let mut finality: Vec<f64> = in_phase
			.iter()
			.filter_map(|(n, (at, _))| Some(finalized.get(n)?.duration_since(*at).as_secs_f64()))
			.collect();
		finality.sort_by(f64::total_cmp);
		let (mut transfer, transfer_failed) = self.transfer.lock().expect("not poisoned").clone();
		transfer.sort_by(f64::total_cmp);
		let (mut read_ms, read_failed) = self.reads.lock().expect("not poisoned").clone();
		read_ms.sort_by(f64::total_cmp);
		Figures {
			rss_mib: self.rss.lock().expect("not poisoned").clone(),
			blocks: in_phase.len() as u64,
			slots: if slots.is_empty() { 0 } else { last - first + 1 },
			finality,
			transfer,
			transfer_failed,
			read_ms,
			read_failed,
			abuse: String::new(),
		}
	}
}

/// Runs `abuse` for `duration` while the honest clients run, and gives the phase's figures
/// with what the abuse reports.
pub async fn phase<F, Fut>(honest: &Honest, duration: Duration, abuse: F) -> Result<Figures, Error>
where
	F: FnOnce(Arc<AtomicBool>) -> Fut,
	Fut: std::future::Future<Output = Result<String, Error>>,
{
	let watch = honest.start().await?;
	let stop = Arc::new(AtomicBool::new(false));
	let stopper = {
		let stop = stop.clone();
		tokio::spawn(async move {
			tokio::time::sleep(duration).await;
			stop.store(true, Relaxed);
		})
	};
	let said = abuse(stop.clone()).await;
	stop.store(true, Relaxed);
	stopper.abort();
	let mut figures = watch.finish(Duration::from_secs(8)).await;
	figures.abuse = said?;
	Ok(figures)
}

/// Waits until `stop`.
pub async fn until(stop: &AtomicBool) {
	while !stop.load(Relaxed) {
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
}

/// Each of `flooders` (funded) sends `inbox.submit` of `size` bytes to `rollup` through `url`
/// as fast as the node takes them, each on its own connection, until `stop`.
pub async fn pool_flood(
	url: &str,
	flooders: Vec<sr25519::Pair>,
	rollup: u32,
	size: usize,
	stop: Arc<AtomicBool>,
) -> Result<String, Error> {
	let accepted = Arc::new(AtomicU64::new(0));
	let refused = Arc::new(AtomicU64::new(0));
	let mut first_nonces = Vec::new();
	let mut tasks = Vec::new();
	let reasons = Arc::new(Mutex::new(BTreeMap::<String, u64>::new()));
	for (i, pair) in flooders.iter().cloned().enumerate() {
		let node = Node::connect(url).await?;
		let nonce = node.nonce(&pair.public().into()).await?;
		first_nonces.push(nonce);
		let (accepted, refused, stop, reasons) =
			(accepted.clone(), refused.clone(), stop.clone(), reasons.clone());
		tasks.push(tokio::spawn(async move {
			let mut nonce = nonce;
			let mut payload = vec![0xab; size];
			while !stop.load(Relaxed) {
				payload[..8].copy_from_slice(&((i as u64) << 32 | nonce as u64).to_le_bytes());
				let call = pallet_inbox::Call::submit { id: rollup, payload: payload.clone() };
				let xt = node.sign(&pair, call.into(), nonce, None);
				match node.submit(&xt).await {
					Ok(_) => {
						accepted.fetch_add(1, Relaxed);
						nonce += 1;
					},
					Err(e) => {
						refused.fetch_add(1, Relaxed);
						let reason = e.split(':').next_back().unwrap_or(&e).trim().to_string();
						*reasons.lock().expect("not poisoned").entry(reason).or_insert(0) += 1;
						if e.contains("Stale") || e.contains("Future") {
							nonce = node.nonce(&pair.public().into()).await.unwrap_or(nonce);
						}
						tokio::time::sleep(Duration::from_millis(250)).await;
					},
				}
			}
			nonce
		}));
	}
	let mut sent_nonces = Vec::new();
	for t in tasks {
		sent_nonces.push(t.await.map_err(|e| e.to_string())?);
	}
	// Included: how far each account's nonce moved on chain (read a few blocks later).
	tokio::time::sleep(Duration::from_secs(4)).await;
	let node = Node::connect(url).await?;
	let mut included = 0u64;
	for (pair, first) in flooders.iter().zip(&first_nonces) {
		included += u64::from(node.nonce(&pair.public().into()).await?.saturating_sub(*first));
	}
	let reasons = reasons.lock().expect("not poisoned").clone();
	let top =
		reasons.iter().max_by_key(|(_, n)| **n).map(|(r, n)| format!("; most refused: {r} ({n})"));
	Ok(format!(
		"{} accounts sent {} x {} KiB submissions: {} accepted, {} refused, {} included{}",
		flooders.len(),
		accepted.load(Relaxed) + refused.load(Relaxed),
		size / 1024,
		accepted.load(Relaxed),
		refused.load(Relaxed),
		included,
		top.unwrap_or_default()
	))
}

type Ws =
	tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// `count` raw WebSocket connections each subscribe to `rollup`'s stream from entry 0 and read
/// nothing until `stop`; then each is read to see what the node did: refused it (4004),
/// dropped it as too slow (4005), or kept it.
pub async fn slow_subscribers(
	url: &str,
	count: usize,
	rollup: u32,
	stop: Arc<AtomicBool>,
) -> Result<String, Error> {
	let mut sockets: Vec<Ws> = Vec::new();
	for _ in 0..count {
		let (mut ws, _) = tokio_tungstenite::connect_async(url)
			.await
			.map_err(|e| format!("cannot connect to {url}: {e}"))?;
		let request = serde_json::json!({
			"jsonrpc": "2.0", "id": 1, "method": "inbox_subscribeFinalized",
			"params": [rollup, 0, null],
		});
		ws.send(Message::text(request.to_string())).await.map_err(|e| e.to_string())?;
		sockets.push(ws);
	}
	until(&stop).await;
	let (mut accepted, mut busy, mut dropped, mut other, mut items) = (0, 0, 0, 0, 0u64);
	for mut ws in sockets {
		let mut state = "open";
		while let Ok(Some(Ok(message))) =
			tokio::time::timeout(Duration::from_millis(500), ws.next()).await
		{
			let Message::Text(text) = message else { continue };
			let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
			if json["id"] == 1 {
				match json["error"]["code"].as_i64() {
					Some(4004) => state = "busy",
					Some(_) => state = "other",
					None => accepted += 1,
				}
			}
			if let Some(result) = json["params"]["result"].as_object() {
				match result.get("error").and_then(|e| e["code"].as_i64()) {
					Some(4005) => state = "dropped",
					Some(_) => state = "other",
					None => items += 1,
				}
			}
			if state != "open" {
				break;
			}
		}
		match state {
			"busy" => busy += 1,
			"dropped" => dropped += 1,
			"other" => other += 1,
			_ => {},
		}
		let _ = ws.close(None).await;
	}
	Ok(format!(
		"{count} subscribers that do not read: {accepted} accepted, {busy} refused (4004), \
		 {dropped} dropped as too slow (4005), {other} other errors; {items} items were queued \
		 for them"
	))
}

/// `connections` clients each call `inbox_submissions` over `from..=to` of `rollup` again and
/// again, following the pages, until `stop`; and `lazy` raw connections each send `calls`
/// such calls at once and read nothing until `stop` (what they hold of the node is what its
/// places allow: answers waiting for a reader are counted against the node's 16 and the
/// connection's 2).
pub async fn range_flood(
	url: &str,
	connections: usize,
	lazy: usize,
	calls: usize,
	rollup: u32,
	from: u32,
	to: u32,
	stop: Arc<AtomicBool>,
) -> Result<String, Error> {
	let mut lazy_sockets = Vec::new();
	for _ in 0..lazy {
		let (mut ws, _) = tokio_tungstenite::connect_async(url)
			.await
			.map_err(|e| format!("cannot connect to {url}: {e}"))?;
		for id in 0..calls {
			let request = serde_json::json!({
				"jsonrpc": "2.0", "id": id, "method": "inbox_submissions",
				"params": [rollup, from, to, true],
			});
			ws.send(Message::text(request.to_string())).await.map_err(|e| e.to_string())?;
		}
		lazy_sockets.push(ws);
	}
	let pages = Arc::new(AtomicU64::new(0));
	let bytes = Arc::new(AtomicU64::new(0));
	let largest = Arc::new(AtomicU64::new(0));
	let refused = Arc::new(AtomicU64::new(0));
	let mut tasks = Vec::new();
	for _ in 0..connections {
		let node = Node::connect(url).await?;
		let (pages, bytes, largest, refused, stop) =
			(pages.clone(), bytes.clone(), largest.clone(), refused.clone(), stop.clone());
		tasks.push(tokio::spawn(async move {
			let mut next = from;
			while !stop.load(Relaxed) {
				let page: Result<serde_json::Value, _> = node
					.rpc
					.request("inbox_submissions", rpc_params![rollup, next, to, true])
					.await;
				match page {
					Ok(page) => {
						let size = page.to_string().len() as u64;
						pages.fetch_add(1, Relaxed);
						bytes.fetch_add(size, Relaxed);
						largest.fetch_max(size, Relaxed);
						next = page["nextBlock"].as_u64().map_or(from, |n| n as u32);
					},
					Err(_) => {
						refused.fetch_add(1, Relaxed);
						tokio::time::sleep(Duration::from_millis(100)).await;
					},
				}
			}
		}));
	}
	for t in tasks {
		let _ = t.await;
	}
	let (mut lazy_pages, mut lazy_busy) = (0, 0);
	for mut ws in lazy_sockets {
		while let Ok(Some(Ok(message))) =
			tokio::time::timeout(Duration::from_millis(500), ws.next()).await
		{
			let Message::Text(text) = message else { continue };
			let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
			if json["result"].is_object() {
				lazy_pages += 1;
			} else if json["error"]["code"] == 4004 {
				lazy_busy += 1;
			}
		}
		let _ = ws.close(None).await;
	}
	Ok(format!(
		"{connections} connections read blocks {from}..={to}: {} pages, {:.0} MB, largest \
		 {:.2} MB, {} calls refused (busy or rate-limited); {lazy} connections that sent \
		 {calls} calls each and read nothing got {lazy_pages} pages and {lazy_busy} refusals \
		 (4004)",
		pages.load(Relaxed),
		bytes.load(Relaxed) as f64 / 1e6,
		largest.load(Relaxed) as f64 / 1e6,
		refused.load(Relaxed)
	))
}

/// One table of the phases' figures.
pub fn table(slot: f64, phases: &[(&str, Figures)]) -> String {
	let mut names: Vec<String> = Vec::new();
	for (_, f) in phases {
		for n in f.rss_mib.keys() {
			if !names.contains(n) {
				names.push(n.clone());
			}
		}
	}
	let q = |v: &[f64], p: f64, unit: &str, scale: f64| {
		quantile(v, p).map_or("-".to_string(), |x| format!("{:.2}{unit}", x / scale))
	};
	let mut out = format!("{:<17}", "phase");
	for n in &names {
		out += &format!(" {:>13}", format!("{n} RSS"));
	}
	out += &format!(
		" {:>13} {:>10} {:>9} {:>19} {:>22}\n",
		"blocks/slots", "missed", "fin p50", "transfer p50/max", "inbox_rollup p50/p99"
	);
	for (name, f) in phases {
		out += &format!("{name:<17}");
		for n in &names {
			out += &format!(" {:>13}", f.rss_mib.get(n).map_or("-".into(), |m| format!("{m} MiB")));
		}
		let transfer = format!(
			"{}/{}{}",
			q(&f.transfer, 0.5, " s", 1.0),
			q(&f.transfer, 1.0, " s", 1.0),
			if f.transfer_failed > 0 {
				format!(" ({} failed)", f.transfer_failed)
			} else {
				String::new()
			}
		);
		let reads = format!(
			"{}/{}{}",
			q(&f.read_ms, 0.5, " ms", 1.0),
			q(&f.read_ms, 0.99, " ms", 1.0),
			if f.read_failed > 0 { format!(" ({} failed)", f.read_failed) } else { String::new() }
		);
		out += &format!(
			" {:>13} {:>10} {:>9} {:>19} {:>22}\n",
			format!("{}/{}", f.blocks, f.slots),
			f.missed(),
			q(&f.finality, 0.5, " s", 1.0),
			transfer,
			reads
		);
	}
	out += &format!("finality p50 in slots: seconds / {slot}\n");
	for (name, f) in phases {
		if !f.abuse.is_empty() {
			out += &format!("{name}: {}\n", f.abuse);
		}
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_aura_slot_is_read_from_the_headers_digest() {
		let slot: u64 = 882_441_137;
		let log = format!("0x066175726120{}", hex::encode(slot.to_le_bytes()));
		let header = serde_json::json!({
			"number": "0x2a",
			"digest": {"logs": ["0x0466726e6b8801", log]},
		});
		assert_eq!(aura_slot(&header), Some(slot));
		assert_eq!(block_number(&header), Some(42));
		assert_eq!(aura_slot(&serde_json::json!({"digest": {"logs": []}})), None);
	}

	#[test]
	fn missed_slots_are_slots_without_a_block() {
		let f = Figures { blocks: 28, slots: 30, ..Default::default() };
		assert_eq!(f.missed(), 2);
	}

	#[test]
	fn this_process_has_a_peak_and_a_current_rss() {
		let (peak, now) = memory_kib(std::process::id()).expect("/proc is there");
		assert!(peak >= now && now > 0);
	}
}
