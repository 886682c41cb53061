//! Fuzzing what the node reads from the outside: JSON-RPC requests to the inbox methods and the
//! bytes of a block it reads for a rollup.
//!
//! - [`rpc_inputs`]: a request, as a client sends it, goes through the `RpcModule` that the
//!   [`InboxApiServer`] trait generates (jsonrpsee's request and parameter decoding, positional
//!   and named, exactly as the node's) into a stand-in server, [`Chain`], whose methods run the
//!   node's own code on what was decoded: [`check_range`] and [`page`] for `inbox_submissions`,
//!   the [`Follower`] for `inbox_subscribeFinalized`. The chain they read is arbitrary too
//!   (blocks decoded from the rest of the input), and the answers are checked against what the
//!   node promises: every answer is JSON-RPC; a page stays in its range, in block order, within
//!   its byte bound, and its blocks' JSON within [`BlockEntries::json_bytes`]; a stream gives
//!   entries in index order from the index asked, each once, and nothing after its end.
//! - [`block_body`]: a block body and its events, arbitrary bytes, through the reader the node
//!   runs for blocks of runtimes older than `block_entries` (the runtime runs the same code):
//!   `seqchain_runtime::inbox_read::block_entries`.
//!
//! What is not in it: the parts of each method that read the node's database (block hashes,
//! bodies, state, runtime calls). Panics are the findings: the libFuzzer targets are in
//! `fuzz/`, a short run is in this crate's tests (`tests/fuzz_short_run.rs`).

use std::sync::{Arc, OnceLock};

use codec::{Decode, DecodeLimit};
use jsonrpsee::{
	core::RpcResult, Extensions, PendingSubscriptionSink, ResponsePayload, SubscriptionMessage,
};
use seqchain_primitives::inbox::{
	rpc::{BlockEntries, RollupInfo, StreamItem, SubmissionsPage},
	BlockInbox, EntryIndex, Hash32, RollupId,
};
use sp_core::H256;

use crate::{check_range, error, page, stream_error, Follower, InboxApiServer};

/// Most bytes of JSON in one page of the stand-in server: small, so that its blocks page.
pub const FUZZ_PAGE_BYTES: usize = 4 << 10;
/// Most payload bytes its followers hold: small, so that payloads are read again.
pub const FUZZ_PAYLOAD_BUDGET: usize = 256;
/// Most blocks of its chain.
pub const MAX_BLOCKS: usize = 64;
/// Most items read from one subscription.
const MAX_ITEMS: usize = 4_096;

/// A stand-in for the node: a finalized chain of blocks `1..=n`, each of which did
/// `blocks[n - 1]` to every rollup.
#[derive(Clone)]
pub struct Chain {
	blocks: Arc<Vec<BlockInbox>>,
}

impl Chain {
	/// The chain of `blocks` (at most [`MAX_BLOCKS`] of them).
	pub fn new(mut blocks: Vec<BlockInbox>) -> Self {
		blocks.truncate(MAX_BLOCKS);
		Self { blocks: Arc::new(blocks) }
	}

	/// The finalized (and best) block number.
	fn head(&self) -> u32 {
		self.blocks.len() as u32
	}

	/// What block `number` did, as the node's reader gives it.
	fn block(&self, number: u32) -> Option<BlockEntries> {
		let read = self.blocks.get(usize::try_from(number).ok()?.checked_sub(1)?)?;
		let hash = sp_crypto_hashing::blake2_256(&number.to_le_bytes());
		Some(BlockEntries::from_read(number, hash, true, read.clone()))
	}

	/// The stream state before block `number`, as the state of its parent would give it.
	fn state_before(&self, number: u32) -> Option<(EntryIndex, Hash32)> {
		let parent = self.block(number.checked_sub(1)?)?;
		Some((parent.next_index, parent.commitment?))
	}

	/// What a subscription from `start_at`, reading from `from_block`, sends: the node's
	/// follower loop (`Follower::run`) over this chain, without its waits.
	pub fn follow(
		&self,
		rollup: RollupId,
		start_at: EntryIndex,
		from_block: Option<u32>,
	) -> Vec<StreamItem> {
		let from_block = from_block.unwrap_or(1);
		if from_block > self.head() {
			let after = error(crate::codes::INVALID, "fromBlock is after the best block");
			return vec![stream_error(after)];
		}
		let mut follower = Follower::with_budget(rollup, start_at, from_block, FUZZ_PAYLOAD_BUDGET);
		let mut items = Vec::new();
		let mut final_state = |n: u32| self.state_before(n);
		let mut read_again = |n: u32| Ok(self.block(n));
		while follower.next_block <= self.head() {
			if let Err(e) = follower.read_next(|n| Ok(self.block(n))) {
				items.push(stream_error(e));
				return items;
			}
			while let Some((item, end)) = follower.next_send(&mut final_state, &mut read_again) {
				items.push(item);
				if end || items.len() >= MAX_ITEMS {
					return items;
				}
			}
		}
		items
	}
}

/// Checks a page of `from..=to` (up to the head `last`) against what `inbox_submissions`
/// promises. Panics where it does not hold.
fn check_page(page: &SubmissionsPage, from: u32, to: u32, last: u32) {
	let end = page.next_block.map_or(to.min(last), |next| {
		assert!(next > from && next <= to, "page of {from}..={to} goes on at {next}");
		next - 1
	});
	let mut previous = None;
	let mut bytes = 0usize;
	for block in &page.blocks {
		assert!(
			block.number >= from && block.number <= end,
			"block {} in a page of {from}..={end}",
			block.number
		);
		assert!(previous < Some(block.number), "blocks out of order in a page");
		previous = Some(block.number);
		let json = serde_json::to_vec(block).expect("a block serializes").len();
		assert!(json <= block.json_bytes(), "block JSON {json} > bound {}", block.json_bytes());
		bytes = bytes.saturating_add(block.json_bytes());
	}
	assert!(
		bytes <= FUZZ_PAGE_BYTES || page.blocks.len() == 1,
		"a page of {} blocks and {bytes} bytes",
		page.blocks.len()
	);
}

/// Checks a subscription's items against what `inbox_subscribeFinalized` promises: entries in
/// index order from `start_at`, each once, and nothing after an end or an error.
fn check_stream(items: &[StreamItem], start_at: EntryIndex) {
	let mut next = start_at;
	for (i, item) in items.iter().enumerate() {
		match item {
			StreamItem::Entry(entry) => {
				assert_eq!(entry.index, next, "entry out of order in the stream");
				next = next.saturating_add(1);
			},
			StreamItem::End { .. } | StreamItem::Error { .. } => {
				assert_eq!(i + 1, items.len(), "an item after the stream's end");
			},
		}
	}
}

impl InboxApiServer for Chain {
	fn submissions(
		&self,
		_ext: &Extensions,
		_rollup: RollupId,
		from_block: u32,
		to_block: u32,
		_finalized_only: bool,
	) -> ResponsePayload<'static, SubmissionsPage> {
		if let Err(e) = check_range(from_block, to_block) {
			return ResponsePayload::error(e);
		}
		let last = self.head();
		let read = |n| Ok::<_, jsonrpsee::types::ErrorObjectOwned>(self.block(n));
		match page(from_block, to_block.min(last), FUZZ_PAGE_BYTES, read) {
			Ok(page) => {
				check_page(&page, from_block, to_block, last);
				ResponsePayload::success(page)
			},
			Err(e) => ResponsePayload::error(e),
		}
	}

	fn rollup(&self, _id: RollupId, _at: Option<H256>) -> RpcResult<Option<RollupInfo>> {
		Ok(None)
	}

	fn rollup_id(&self, _name: String) -> RpcResult<Option<RollupId>> {
		Ok(None)
	}

	fn subscribe_finalized(
		&self,
		pending: PendingSubscriptionSink,
		_ext: &Extensions,
		rollup: RollupId,
		start_at: EntryIndex,
		from_block: Option<u32>,
	) {
		let items = self.follow(rollup, start_at, from_block);
		check_stream(&items, start_at);
		tokio::spawn(async move {
			let Ok(sink) = pending.accept().await else { return };
			for item in items {
				let message =
					SubscriptionMessage::from_json(&item).expect("a stream item serializes");
				if sink.send(message).await.is_err() {
					return;
				}
			}
		});
	}
}

fn runtime() -> &'static tokio::runtime::Runtime {
	static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
	RUNTIME.get_or_init(|| {
		tokio::runtime::Builder::new_current_thread()
			.enable_all()
			.build()
			.expect("a tokio runtime builds")
	})
}

/// The libFuzzer target's input (`fuzz/fuzz_targets/rpc_inputs.rs`): a first byte, even for
/// [`rpc_inputs`] and odd for [`block_body`], then that function's input.
pub fn input(data: &[u8]) {
	match data.split_first() {
		Some((which, rest)) if which % 2 == 0 => {
			rpc_inputs(rest);
		},
		Some((_, rest)) => {
			block_body(rest);
		},
		None => {},
	}
}

/// Depth to which the chain's blocks are decoded.
const DECODE_DEPTH: u32 = 8;

/// One JSON-RPC request against a chain, both from `data`: two bytes (little-endian) for the
/// request's length, the request (UTF-8, lossily), then the chain's blocks (SCALE, a
/// `Vec<BlockInbox>`; no blocks if they do not decode). Panics when an answer breaks a promise.
/// Returns the answer and how many subscription items came (`None`: not a request).
pub fn rpc_inputs(data: &[u8]) -> Option<(serde_json::Value, usize)> {
	let (len, rest) = match data {
		[a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
		_ => return None,
	};
	let (request, chain) = rest.split_at(len.min(rest.len()));
	let request = String::from_utf8_lossy(request);
	let blocks = Vec::<BlockInbox>::decode_with_depth_limit(DECODE_DEPTH, &mut &chain[..])
		.unwrap_or_default();
	let module = Chain::new(blocks).into_rpc();
	runtime().block_on(async {
		// Not a JSON-RPC request at all: the server answers that before any method.
		let (answer, mut items) = module.raw_json_request(&request, 16).await.ok()?;
		let answer: serde_json::Value =
			serde_json::from_str(&answer).expect("every answer is JSON");
		assert_eq!(answer["jsonrpc"], "2.0", "not a JSON-RPC answer: {answer}");
		if let Some(result) = answer.get("result").filter(|r| r.get("blocks").is_some()) {
			serde_json::from_value::<SubmissionsPage>(result.clone())
				.expect("a page's JSON reads back as a page");
		}
		// A subscription's items: each reads back as a stream item.
		let mut received = 0;
		while let Some(item) = items.recv().await {
			let item: serde_json::Value = serde_json::from_str(&item).expect("an item is JSON");
			serde_json::from_value::<StreamItem>(item["params"]["result"].clone())
				.expect("an item reads back as a stream item");
			received += 1;
			if received > MAX_ITEMS {
				break;
			}
		}
		Some((answer, received))
	})
}

/// A block body and events from `data`, read for a rollup as the node reads blocks of a
/// runtime without `block_entries`: the rollup (one byte), two bytes (little-endian) for the
/// events' length, the events (`System::Events`, SCALE), then the body (a SCALE
/// `Vec<OpaqueExtrinsic>`; none if it does not decode). Panics if the reader does, or if what
/// it reads breaks the bound a page relies on. Returns what it read.
pub fn block_body(data: &[u8]) -> Option<BlockEntries> {
	let (rollup, len, rest) = match data {
		[r, a, b, rest @ ..] => {
			(RollupId::from(*r), usize::from(u16::from_le_bytes([*a, *b])), rest)
		},
		_ => return None,
	};
	let (events, body) = rest.split_at(len.min(rest.len()));
	let body = Vec::<sp_runtime::OpaqueExtrinsic>::decode(&mut &body[..]).unwrap_or_default();
	let read = seqchain_runtime::inbox_read::block_entries(rollup, &body, events).ok()??;
	let block = BlockEntries::from_read(1, [0; 32], true, read);
	let json = serde_json::to_vec(&block).expect("a block serializes").len();
	assert!(json <= block.json_bytes(), "block JSON {json} > bound {}", block.json_bytes());
	Some(block)
}
