//! A stand-in node for the client's tests: a JSON-RPC server over a made-up chain of one rollup
//! that answers what `rollup-client` asks (`inbox_*`, headers, versions) and serves the
//! rollup's stream as a scripted node would, honest or not: leaving out commitments, altering
//! an entry, dropping the connection, stopping half-way, ending a released rollup's stream (or
//! ending one that was not released). The chain may have sealed entries, revealed or expired,
//! and may release its rollup.

#![allow(dead_code)]

use std::{
	collections::BTreeMap,
	net::SocketAddr,
	sync::{Arc, Mutex},
	time::Duration,
};

use jsonrpsee::{
	server::{RpcModule, Server, ServerHandle, SubscriptionMessage},
	types::ErrorObjectOwned,
};
use seqchain_primitives::inbox::{
	fold, genesis_commitment, payload_hash,
	rpc::{BlockEntries, Entry, EntryKind, EntryStatus, Reveal, StreamEntry},
	sealed_hash, EntryIndex, Hash32, RollupId,
};

/// A chain whose blocks `1..=blocks.len()` carry the rollup's payloads (block 0 is genesis).
#[derive(Clone)]
pub struct Chain {
	pub rollup: RollupId,
	pub blocks: Vec<Vec<Vec<u8>>>,
	/// Entries committed sealed (the others are plain): their payload is the one in `blocks`.
	pub sealed: BTreeMap<EntryIndex, Sealed>,
	/// The block that released the rollup: from it on, the rollup is not registered.
	pub released: Option<u32>,
}

/// A sealed entry: committed in the block that assigned it, settled in `settled_in`.
#[derive(Clone, Copy)]
pub struct Sealed {
	pub committer: Hash32,
	pub salt: Hash32,
	pub settled_in: u32,
	/// Revealed in `settled_in`, or expired there.
	pub revealed: bool,
}

pub fn hash_of(n: u32) -> Hash32 {
	sp_crypto_hashing::blake2_256(&n.to_le_bytes())
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

impl Chain {
	/// `blocks` blocks of `per_block` payloads each: `e<index>`.
	pub fn regular(rollup: RollupId, blocks: usize, per_block: usize) -> Self {
		let blocks = (0..blocks)
			.map(|b| {
				(0..per_block).map(|i| format!("e{}", b * per_block + i).into_bytes()).collect()
			})
			.collect();
		Self { rollup, blocks, sealed: BTreeMap::new(), released: None }
	}

	/// Commits entry `index` sealed by `committer`, revealed or expired in block `settled_in`
	/// (added, empty, if the chain is shorter).
	pub fn seal(
		mut self,
		index: EntryIndex,
		committer: Hash32,
		settled_in: u32,
		revealed: bool,
	) -> Self {
		while self.last_block() < settled_in {
			self.blocks.push(Vec::new());
		}
		let salt = sp_crypto_hashing::blake2_256(&index.to_le_bytes());
		self.sealed.insert(index, Sealed { committer, salt, settled_in, revealed });
		self
	}

	/// Releases the rollup in a new, empty block after the last.
	pub fn release(mut self) -> Self {
		self.blocks.push(Vec::new());
		self.released = Some(self.last_block());
		self
	}

	pub fn last_block(&self) -> u32 {
		self.blocks.len() as u32
	}

	/// Every payload with its index and block number, in order.
	fn positions(&self) -> impl Iterator<Item = (EntryIndex, u32, &Vec<u8>)> {
		self.blocks
			.iter()
			.enumerate()
			.flat_map(|(b, ps)| ps.iter().map(move |p| (b as u32 + 1, p)))
			.enumerate()
			.map(|(i, (b, p))| (i as u64, b, p))
	}

	/// The hash folded into the commitment for entry `index` with `payload`.
	pub fn entry_hash(&self, index: EntryIndex, payload: &[u8]) -> Hash32 {
		match self.sealed.get(&index) {
			Some(s) => sealed_hash(self.rollup, &s.committer, payload, &s.salt),
			None => payload_hash(payload),
		}
	}

	/// The stream as an honest node sends it.
	pub fn entries(&self) -> Vec<StreamEntry> {
		let mut out = Vec::new();
		let mut commitment = genesis_commitment(self.rollup);
		let mut index = 0u64;
		for (b, payloads) in self.blocks.iter().enumerate() {
			let number = b as u32 + 1;
			for (i, p) in payloads.iter().enumerate() {
				let hash = self.entry_hash(index, p);
				commitment = fold(commitment, index, [&hash]);
				let sealed = self.sealed.get(&index);
				let (status, payload, salt) = match sealed {
					None => (EntryStatus::Plain, Some(p.clone()), None),
					Some(s) if s.revealed => (EntryStatus::Revealed, Some(p.clone()), Some(s.salt)),
					Some(_) => (EntryStatus::Expired, None, None),
				};
				out.push(StreamEntry {
					rollup: self.rollup,
					index,
					block: number,
					block_hash: hash_of(number),
					status,
					hash,
					payload,
					salt,
					committer: sealed.map(|s| s.committer),
					commitment: (i + 1 == payloads.len()).then_some(commitment),
				});
				index += 1;
			}
		}
		out
	}

	/// The next index and the commitment in the state after block `n`.
	pub fn state_after(&self, n: u32) -> (EntryIndex, Hash32) {
		let hashes: Vec<Hash32> = self
			.positions()
			.take_while(|(_, b, _)| *b <= n)
			.map(|(i, _, p)| self.entry_hash(i, p))
			.collect();
		(hashes.len() as u64, fold(genesis_commitment(self.rollup), 0, &hashes))
	}

	fn block_entries(&self, n: u32) -> Option<BlockEntries> {
		let payloads = self.blocks.get((n as usize).checked_sub(1)?)?;
		let (first, _) = self.state_after(n - 1);
		let (next, commitment) = self.state_after(n);
		let settled = |revealed: bool| {
			self.positions().filter(move |(i, _, _)| {
				self.sealed.get(i).is_some_and(|s| s.settled_in == n && s.revealed == revealed)
			})
		};
		let block = BlockEntries {
			number: n,
			hash: hash_of(n),
			finalized: true,
			first_index: first,
			next_index: next,
			commitment: (!payloads.is_empty()).then_some(commitment),
			entries: payloads
				.iter()
				.enumerate()
				.map(|(i, p)| {
					let index = first + i as u64;
					let sealed = self.sealed.get(&index);
					Entry {
						index,
						kind: if sealed.is_some() { EntryKind::Sealed } else { EntryKind::Plain },
						hash: self.entry_hash(index, p),
						payload: sealed.is_none().then(|| p.clone()),
						committer: sealed.map(|s| s.committer),
					}
				})
				.collect(),
			reveals: settled(true)
				.map(|(index, _, p)| Reveal {
					index,
					payload: p.clone(),
					salt: self.sealed[&index].salt,
				})
				.collect(),
			expired: settled(false).map(|(i, _, _)| i).collect(),
			released: self.released == Some(n),
		};
		let nothing =
			block.entries.is_empty() && block.reveals.is_empty() && block.expired.is_empty();
		(!nothing || block.released).then_some(block)
	}

	fn number_of(&self, hash: &str) -> Option<u32> {
		(0..=self.last_block()).find(|n| hex(&hash_of(*n)).eq_ignore_ascii_case(hash))
	}
}

/// How the stand-in node misbehaves.
#[derive(Clone, Default)]
pub struct Script {
	/// What `system_chainType` says (`Development` when empty).
	pub chain_type: &'static str,
	/// Leave every commitment out of the stream.
	pub omit_commitments: bool,
	/// Replace this entry's payload by another one, with the matching hash (what a node that
	/// forges an entry sends).
	pub forge: Option<EntryIndex>,
	/// Shut the server down (every connection) after sending this many items.
	pub drop_after: Option<usize>,
	/// Send this many items, then nothing more (the connection stays open).
	pub hold_after: Option<usize>,
	/// Send this entry without its payload, as `expired` (what a node that withholds a plain
	/// entry sends: its hash, and so every commitment, still match).
	pub strip: Option<EntryIndex>,
	/// A pause before each item.
	pub delay: Duration,
	/// End the stream with `{"end": ...}`.
	pub end: Option<End>,
	/// Answer every `inbox_submissions` with an empty page that goes on at `fromBlock` (a
	/// node that would keep a client paging for ever) or, if `Some(true)`, at a block past
	/// `toBlock` with a block of the range left out.
	pub bad_pages: Option<bool>,
}

/// Blocks with entries in one `inbox_submissions` page of the stand-in node: small, so every
/// test that reads a range reads it in several pages, as a client does from a real node when
/// blocks are full.
pub const PAGE_BLOCKS: usize = 2;

/// The `{"end": ...}` item a node sends: each field the chain's own value when `None`.
#[derive(Clone, Default)]
pub struct End {
	/// Sent after the entries before this index (after all of them when `None`).
	pub after: Option<EntryIndex>,
	/// The block said to release the rollup (the chain's release block, or its last block).
	pub block: Option<u32>,
	/// The stream's final length said (the chain's).
	pub next_index: Option<EntryIndex>,
	/// The final commitment said (the chain's).
	pub commitment: Option<Option<Hash32>>,
}

/// A running stand-in node.
pub struct FakeNode {
	pub url: String,
	/// Extrinsics sent to `author_submitAndWatchExtrinsic`, as hex.
	pub submitted: Arc<Mutex<Vec<String>>>,
	handle: ServerHandle,
	// Last: dropped after the server handle.
	_rt: tokio::runtime::Runtime,
}

impl Drop for FakeNode {
	fn drop(&mut self) {
		let _ = self.handle.stop();
	}
}

struct Ctx {
	chain: Chain,
	script: Script,
	submitted: Arc<Mutex<Vec<String>>>,
	handle: Mutex<Option<ServerHandle>>,
}

fn invalid(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(-32602, message.into(), None::<()>)
}

impl FakeNode {
	pub fn start(chain: Chain, script: Script) -> FakeNode {
		let rt = tokio::runtime::Builder::new_multi_thread()
			.worker_threads(2)
			.enable_all()
			.build()
			.expect("a runtime");
		let submitted = Arc::new(Mutex::new(Vec::new()));
		let ctx =
			Arc::new(Ctx { chain, script, submitted: submitted.clone(), handle: Mutex::new(None) });
		let (addr, handle) = rt.block_on(async {
			let server = Server::builder().build("127.0.0.1:0").await.expect("binds");
			let addr: SocketAddr = server.local_addr().expect("address");
			let handle = server.start(module(ctx.clone()));
			(addr, handle)
		});
		*ctx.handle.lock().expect("not poisoned") = Some(handle.clone());
		FakeNode { url: format!("ws://{addr}"), submitted, handle, _rt: rt }
	}
}

fn module(ctx: Arc<Ctx>) -> RpcModule<Arc<Ctx>> {
	let mut m = RpcModule::new(ctx);
	m.register_method("chain_getBlockHash", |params, ctx, _| {
		let n: Option<u32> = params.one().unwrap_or(Some(0));
		Ok::<_, ErrorObjectOwned>(hex(&hash_of(n.unwrap_or(ctx.chain.last_block()))))
	})
	.expect("one method per name");
	m.register_method(
		"state_getRuntimeVersion",
		|_, _, _| serde_json::json!({"specVersion": 108, "transactionVersion": 2}),
	)
	.expect("one method per name");
	m.register_method("system_chainType", |_, ctx, _| {
		if ctx.script.chain_type.is_empty() {
			"Development"
		} else {
			ctx.script.chain_type
		}
	})
	.expect("one method per name");
	m.register_method("system_accountNextIndex", |_, _, _| 0u32).expect("one method per name");
	m.register_method("chain_getFinalizedHead", |_, ctx, _| hex(&hash_of(ctx.chain.last_block())))
		.expect("one method per name");
	m.register_method("chain_getHeader", |params, ctx, _| {
		let hash: String = params.one().map_err(|e| invalid(e.to_string()))?;
		let n = ctx.chain.number_of(&hash).ok_or_else(|| invalid("unknown block"))?;
		let parent = n.checked_sub(1).map(hash_of).unwrap_or_default();
		Ok::<_, ErrorObjectOwned>(
			serde_json::json!({"number": format!("0x{n:x}"), "parentHash": hex(&parent)}),
		)
	})
	.expect("one method per name");
	m.register_method("inbox_rollup", |params, ctx, _| {
		let (id, at): (RollupId, Option<String>) =
			params.parse().map_err(|e| invalid(e.to_string()))?;
		let n = match at {
			Some(h) => ctx.chain.number_of(&h).ok_or_else(|| invalid("unknown block"))?,
			None => ctx.chain.last_block(),
		};
		if id != ctx.chain.rollup || ctx.chain.released.is_some_and(|r| n >= r) {
			return Ok(serde_json::Value::Null);
		}
		let (next, commitment) = ctx.chain.state_after(n);
		Ok::<_, ErrorObjectOwned>(serde_json::json!({
			"id": id, "name": "fake", "owner": "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM",
			"sealed": false, "accepting": true, "nextIndex": next, "commitment": hex(&commitment),
			"count": next, "totalBytes": 0, "atBlock": n,
		}))
	})
	.expect("one method per name");
	m.register_method("inbox_submissions", |params, ctx, _| {
		let (rollup, from, to, _): (RollupId, u32, u32, bool) =
			params.parse().map_err(|e| invalid(e.to_string()))?;
		if rollup != ctx.chain.rollup {
			return Ok(serde_json::json!({"blocks": [], "nextBlock": null}));
		}
		let blocks: Vec<BlockEntries> =
			(from..=to).filter_map(|n| ctx.chain.block_entries(n)).collect();
		match ctx.script.bad_pages {
			Some(false) => return Ok(serde_json::json!({"blocks": [], "nextBlock": from})),
			Some(true) => {
				return Ok(serde_json::json!({"blocks": [], "nextBlock": to.saturating_add(1)}))
			},
			None => {},
		}
		let (page, next) = match blocks.get(PAGE_BLOCKS) {
			Some(next) => (&blocks[..PAGE_BLOCKS], Some(next.number)),
			None => (&blocks[..], None),
		};
		Ok::<_, ErrorObjectOwned>(serde_json::json!({"blocks": page, "nextBlock": next}))
	})
	.expect("one method per name");
	m.register_subscription(
		"author_submitAndWatchExtrinsic",
		"author_extrinsicUpdate",
		"author_unwatchExtrinsic",
		|params, pending, ctx, _| async move {
			let xt: String = params.one().unwrap_or_default();
			ctx.submitted.lock().expect("not poisoned").push(xt);
			let sink = pending.accept().await?;
			sink.send(SubscriptionMessage::from_json(&"invalid")?).await?;
			Ok(())
		},
	)
	.expect("one method per name");
	m.register_subscription(
		"inbox_subscribeFinalized",
		"inbox_finalizedEntry",
		"inbox_unsubscribeFinalized",
		|params, pending, ctx, _| async move {
			let (rollup, start_at, _from): (RollupId, EntryIndex, Option<u32>) =
				params.parse().unwrap_or((u32::MAX, 0, None));
			if rollup != ctx.chain.rollup {
				pending.reject(invalid(format!("rollup {rollup} is not registered"))).await;
				return Ok(());
			}
			let sink = pending.accept().await?;
			let script = &ctx.script;
			let cut = script.end.as_ref().and_then(|e| e.after).unwrap_or(EntryIndex::MAX);
			let mut items: Vec<serde_json::Value> = ctx
				.chain
				.entries()
				.into_iter()
				.filter(|e| e.index >= start_at && e.index < cut)
				.map(|mut e| {
					if script.omit_commitments {
						e.commitment = None;
					}
					if script.forge == Some(e.index) {
						e.payload = Some(b"forged".to_vec());
						e.hash = payload_hash(b"forged");
					}
					if script.strip == Some(e.index) {
						e.status = EntryStatus::Expired;
						e.payload = None;
					}
					serde_json::to_value(&e).expect("serializes")
				})
				.collect();
			if let Some(end) = &script.end {
				let chain = &ctx.chain;
				let (next, commitment) = chain.state_after(chain.last_block());
				let commitment = end.commitment.unwrap_or(Some(commitment));
				items.push(serde_json::json!({"end": {
					"rollup": rollup,
					"block": end.block.or(chain.released).unwrap_or(chain.last_block()),
					"nextIndex": end.next_index.unwrap_or(next),
					"commitment": commitment.map(|c| hex(&c)),
				}}));
			}
			for (sent, item) in items.into_iter().enumerate() {
				if script.drop_after == Some(sent) {
					let handle = ctx.handle.lock().expect("not poisoned").clone();
					if let Some(h) = handle {
						let _ = h.stop();
					}
					return Ok(());
				}
				if script.hold_after == Some(sent) {
					sink.closed().await;
					return Ok(());
				}
				tokio::time::sleep(script.delay).await;
				sink.send(SubscriptionMessage::from_json(&item)?).await?;
			}
			// Like a node waiting for the next finalized block.
			sink.closed().await;
			Ok(())
		},
	)
	.expect("one method per name");
	m
}
