//! The inbox read path of the node.
//!
//! - `inbox_submissions(rollup, fromBlock, toBlock, finalizedOnly)`: what each block of the range
//!   did to the rollup's stream ([`BlockEntries`]): the positions it assigned in canonical
//!   order (block, extrinsic, position in a batch) with their payloads, the sealed payloads it
//!   revealed, the sealed entries that expired in it, and the on-chain commitment after it.
//! - `inbox_subscribeFinalized(rollup, startAt, fromBlock?)`: the rollup's finalized stream from
//!   index `startAt`, one [`StreamEntry`] per index in index order, each exactly once. A sealed
//!   entry is emitted when it is settled (revealed or expired). A reader that stops resumes by
//!   subscribing again at its next index, passing the block of its last entry as `fromBlock`.
//! - `inbox_rollup(id, at?)` and `inbox_rollupId(name)`: a rollup's state and its id.
//!
//! Entries are read from block bodies; which extrinsics succeeded and the commitments come from
//! the block's events, which are state: a node with the default state pruning answers for the
//! last 256 blocks only, an archive node (`--state-pruning archive-canonical`) for all.

use std::{
	collections::{BTreeMap, BTreeSet, HashSet},
	sync::Arc,
};

use codec::{Decode, Encode};
use futures::{future::Either, StreamExt};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
	PendingSubscriptionSink, SubscriptionMessage, SubscriptionSink,
};
use sc_client_api::{BlockBackend, BlockchainEvents, StorageProvider};
use seqchain_primitives::{
	inbox::{
		rpc::{BlockEntries, Entry, EntryKind, EntryStatus, Reveal, RollupInfo, StreamEntry},
		EntryIndex, Hash32, OrderingPolicy, RollupId,
	},
	InboxApi as InboxRuntimeApi,
};
use seqchain_runtime::{opaque::Block, AccountId, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{crypto::Ss58Codec, storage::StorageKey, traits::SpawnNamed, H256};

/// Most blocks one `inbox_submissions` call may span.
pub const MAX_RANGE: u32 = 1024;

/// Error codes of the inbox RPC.
pub mod codes {
	/// The request is malformed (range reversed or too long, unknown rollup).
	pub const INVALID: i32 = 4000;
	/// The node cannot answer: block, body or state missing (pruned).
	pub const UNAVAILABLE: i32 = 4001;
	/// The block's inbox calls do not add up to its `Sequenced` range.
	pub const INCONSISTENT: i32 = 4002;
}

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(code, message.into(), None::<()>)
}

/// The inbox RPC methods.
#[rpc(server)]
pub trait InboxApi {
	/// What blocks `from_block..=to_block` did to `rollup`'s stream; blocks that did nothing
	/// are left out. With `finalized_only`, the range stops at the finalized head.
	#[method(name = "inbox_submissions", blocking)]
	fn submissions(
		&self,
		rollup: RollupId,
		from_block: u32,
		to_block: u32,
		finalized_only: bool,
	) -> RpcResult<Vec<BlockEntries>>;

	/// A rollup's state at block `at` (default: the best block).
	#[method(name = "inbox_rollup", blocking)]
	fn rollup(&self, id: RollupId, at: Option<H256>) -> RpcResult<Option<RollupInfo>>;

	/// The id of the rollup registered as `name`, at the best block.
	#[method(name = "inbox_rollupId", blocking)]
	fn rollup_id(&self, name: String) -> RpcResult<Option<RollupId>>;

	/// The rollup's finalized stream from index `start_at`. `from_block` is where to start
	/// reading: the block that assigned `start_at - 1` (a resuming reader's last entry), or
	/// any earlier block; without it the node finds the block from state.
	#[subscription(
		name = "inbox_subscribeFinalized" => "inbox_finalizedEntry",
		unsubscribe = "inbox_unsubscribeFinalized",
		item = StreamEntry
	)]
	fn subscribe_finalized(&self, rollup: RollupId, start_at: EntryIndex, from_block: Option<u32>);
}

/// The inbox RPC over a full node's client, whose database backend is `B`.
pub struct Inbox<C, B> {
	client: Arc<C>,
	executor: Arc<dyn SpawnNamed>,
	_backend: core::marker::PhantomData<fn() -> B>,
}

impl<C, B> Inbox<C, B> {
	/// The RPC over `client`; subscriptions run on `executor`.
	pub fn new(client: Arc<C>, executor: Arc<dyn SpawnNamed>) -> Self {
		Self { client, executor, _backend: Default::default() }
	}
}

type Events = Vec<frame_system::EventRecord<RuntimeEvent, H256>>;

/// The storage key of `System::Events`.
fn events_key() -> StorageKey {
	let mut key = sp_crypto_hashing::twox_128(b"System").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"Events"));
	StorageKey(key)
}

/// Reads blocks for one rollup.
pub struct Reader<C, B> {
	client: Arc<C>,
	_backend: core::marker::PhantomData<fn() -> B>,
}

impl<C, B> Reader<C, B>
where
	C: HeaderBackend<Block> + BlockBackend<Block> + StorageProvider<Block, B>,
	B: sc_client_api::Backend<Block>,
{
	/// A reader over `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _backend: Default::default() }
	}

	/// What block `number` did to `rollup`'s stream, or `None` if nothing.
	pub fn block(
		&self,
		rollup: RollupId,
		number: u32,
	) -> Result<Option<BlockEntries>, ErrorObjectOwned> {
		let unavailable = |what: &str| {
			error(
				codes::UNAVAILABLE,
				format!(
					"{what} of block {number} is not available on this node; \
					 query an archive node (--state-pruning archive-canonical)"
				),
			)
		};
		let hash = self
			.client
			.hash(number)
			.map_err(|e| error(codes::UNAVAILABLE, e.to_string()))?
			.ok_or_else(|| error(codes::UNAVAILABLE, format!("block {number} is not known")))?;
		let finalized = number <= self.client.info().finalized_number;
		let body = self
			.client
			.block_body(hash)
			.map_err(|e| error(codes::UNAVAILABLE, e.to_string()))?
			.ok_or_else(|| unavailable("the body"))?;
		let events = self
			.client
			.storage(hash, &events_key())
			.map_err(|_| unavailable("the state"))?
			.map(|data| Events::decode(&mut &data.0[..]))
			.transpose()
			.map_err(|e| error(codes::UNAVAILABLE, format!("events of block {number}: {e}")))?
			.unwrap_or_default();
		let extrinsics = body
			.iter()
			.map(|opaque| UncheckedExtrinsic::decode(&mut &opaque.encode()[..]))
			.collect::<Result<Vec<_>, _>>()
			.map_err(|e| error(codes::UNAVAILABLE, format!("extrinsics of block {number}: {e}")))?;
		parse_block(rollup, number, hash.into(), finalized, &extrinsics, &events)
	}
}

/// Builds a block's [`BlockEntries`] for `rollup` from its extrinsics and events.
pub fn parse_block(
	rollup: RollupId,
	number: u32,
	hash: Hash32,
	finalized: bool,
	extrinsics: &[UncheckedExtrinsic],
	events: &[frame_system::EventRecord<RuntimeEvent, H256>],
) -> Result<Option<BlockEntries>, ErrorObjectOwned> {
	use frame_system::Phase;
	use pallet_inbox::{Call as InboxCall, Event as InboxEvent};

	let mut failed = HashSet::new();
	let mut committers = BTreeMap::new();
	let mut sequenced = None;
	let mut revealed_in = HashSet::new();
	let mut expired = Vec::new();
	for record in events {
		match (&record.phase, &record.event) {
			(
				Phase::ApplyExtrinsic(i),
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }),
			) => {
				failed.insert(*i);
			},
			(
				_,
				RuntimeEvent::Inbox(InboxEvent::Sequenced {
					rollup: r,
					first_index,
					next_index,
					commitment,
				}),
			) if *r == rollup => sequenced = Some((*first_index, *next_index, *commitment)),
			(
				Phase::ApplyExtrinsic(i),
				RuntimeEvent::Inbox(InboxEvent::Revealed { rollup: r, index }),
			) if *r == rollup => {
				revealed_in.insert((*i, *index));
			},
			(
				Phase::ApplyExtrinsic(i),
				RuntimeEvent::Inbox(InboxEvent::Committed { rollup: r, who, .. }),
			) if *r == rollup => {
				committers.insert(*i, <[u8; 32]>::from(who.clone()));
			},
			(_, RuntimeEvent::Inbox(InboxEvent::CommitExpired { rollup: r, index, .. }))
				if *r == rollup =>
			{
				expired.push(*index)
			},
			_ => {},
		}
	}

	let (first_index, next_index, commitment) = match sequenced {
		Some((first, next, c)) => (first, next, Some(c)),
		None => (0, 0, None),
	};
	let mut entries = Vec::new();
	let mut reveals = Vec::new();
	let mut index = first_index;
	let mut push = |kind, hash, payload, committer| {
		entries.push(Entry { index, kind, hash, payload, committer });
		index += 1;
	};
	for (i, xt) in extrinsics.iter().enumerate() {
		let i = i as u32;
		if failed.contains(&i) {
			continue;
		}
		let RuntimeCall::Inbox(call) = &xt.function else { continue };
		match call {
			InboxCall::submit { id, payload } if *id == rollup => push(
				EntryKind::Plain,
				seqchain_primitives::inbox::payload_hash(payload),
				Some(payload.clone()),
				None,
			),
			InboxCall::submit_batch { id, payloads } if *id == rollup => {
				for payload in payloads {
					push(
						EntryKind::Plain,
						seqchain_primitives::inbox::payload_hash(payload),
						Some(payload.clone()),
						None,
					)
				}
			},
			InboxCall::commit { id, hash } if *id == rollup => {
				push(EntryKind::Sealed, *hash, None, committers.get(&i).copied())
			},
			InboxCall::reveal { id, index: entry, payload, salt }
				if *id == rollup && revealed_in.contains(&(i, *entry)) =>
			{
				reveals.push(Reveal { index: *entry, payload: payload.clone(), salt: *salt })
			},
			_ => {},
		}
	}
	if index != next_index || (commitment.is_none() && !entries.is_empty()) {
		return Err(error(
			codes::INCONSISTENT,
			format!(
				"block {number}: the chain assigned rollup {rollup} entries \
				 {first_index}..{next_index} but its extrinsics carry {} entries",
				entries.len()
			),
		));
	}
	if entries.is_empty() && reveals.is_empty() && expired.is_empty() {
		return Ok(None);
	}
	Ok(Some(BlockEntries {
		number,
		hash,
		finalized,
		first_index,
		next_index,
		commitment,
		entries,
		reveals,
		expired,
	}))
}

impl<C, B> Inbox<C, B>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: InboxRuntimeApi<Block, AccountId>,
{
	fn next_index_at(&self, rollup: RollupId, number: u32) -> Result<EntryIndex, ErrorObjectOwned> {
		let hash = self
			.client
			.hash(number)
			.map_err(|e| error(codes::UNAVAILABLE, e.to_string()))?
			.ok_or_else(|| error(codes::UNAVAILABLE, format!("block {number} is not known")))?;
		let view = self.client.runtime_api().rollup(hash, rollup).map_err(|_| {
			error(
				codes::UNAVAILABLE,
				format!(
					"the state of block {number} is pruned on this node: pass fromBlock \
					 (the block of the last entry read) or query an archive node"
				),
			)
		})?;
		Ok(view.map_or(0, |v| v.stream.next_index))
	}

	/// The first block whose state has `next_index > start_at`: the block that assigned
	/// `start_at`, found by bisection over finalized blocks. If the entry is not assigned yet,
	/// the block after the finalized head.
	fn find_block(&self, rollup: RollupId, start_at: EntryIndex) -> Result<u32, ErrorObjectOwned> {
		let finalized = self.client.info().finalized_number;
		if self.next_index_at(rollup, finalized)? <= start_at {
			return Ok(finalized + 1);
		}
		let (mut lo, mut hi) = (0u32, finalized);
		while lo < hi {
			let mid = lo + (hi - lo) / 2;
			if self.next_index_at(rollup, mid)? > start_at {
				hi = mid;
			} else {
				lo = mid + 1;
			}
		}
		Ok(lo)
	}
}

impl<C, B> InboxApiServer for Inbox<C, B>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockBackend<Block>
		+ StorageProvider<Block, B>
		+ BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: InboxRuntimeApi<Block, AccountId>,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
{
	fn submissions(
		&self,
		rollup: RollupId,
		from_block: u32,
		to_block: u32,
		finalized_only: bool,
	) -> RpcResult<Vec<BlockEntries>> {
		if from_block > to_block {
			return Err(error(codes::INVALID, "fromBlock is after toBlock"));
		}
		if to_block - from_block >= MAX_RANGE {
			return Err(error(codes::INVALID, format!("a range spans at most {MAX_RANGE} blocks")));
		}
		let info = self.client.info();
		let last = if finalized_only { info.finalized_number } else { info.best_number };
		let reader = Reader::<C, B>::new(self.client.clone());
		let mut out = Vec::new();
		for number in from_block..=to_block.min(last) {
			out.extend(reader.block(rollup, number)?);
		}
		Ok(out)
	}

	fn rollup(&self, id: RollupId, at: Option<H256>) -> RpcResult<Option<RollupInfo>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let number = self
			.client
			.number(at)
			.map_err(|e| error(codes::UNAVAILABLE, e.to_string()))?
			.ok_or_else(|| error(codes::UNAVAILABLE, format!("block {at} is not known")))?;
		let view = self
			.client
			.runtime_api()
			.rollup(at, id)
			.map_err(|e| error(codes::UNAVAILABLE, e.to_string()))?;
		Ok(view.map(|v| RollupInfo {
			id,
			name: String::from_utf8_lossy(&v.name).into_owned(),
			owner: v.owner.to_ss58check_with_version(seqchain_runtime::SS58_PREFIX.into()),
			sealed: v.ordering == OrderingPolicy::Sealed,
			accepting: v.accepting,
			next_index: v.stream.next_index,
			commitment: v.stream.commitment,
			count: v.stream.count,
			total_bytes: v.stream.total_bytes,
			at_block: number,
		}))
	}

	fn rollup_id(&self, name: String) -> RpcResult<Option<RollupId>> {
		let best = self.client.info().best_hash;
		self.client
			.runtime_api()
			.rollup_id(best, name.into_bytes())
			.map_err(|e| error(codes::UNAVAILABLE, e.to_string()))
	}

	fn subscribe_finalized(
		&self,
		pending: PendingSubscriptionSink,
		rollup: RollupId,
		start_at: EntryIndex,
		from_block: Option<u32>,
	) {
		let start = match from_block {
			Some(b) => Ok(b),
			None => self.find_block(rollup, start_at),
		};
		let client = self.client.clone();
		let task = async move {
			let start = match start {
				Ok(start) => start,
				Err(e) => return pending.reject(e).await,
			};
			let Ok(sink) = pending.accept().await else { return };
			let follower = Follower::new(rollup, start_at, start);
			follower.run::<C, B>(client, sink).await;
		};
		self.executor.spawn("inbox-subscription", Some("rpc"), Box::pin(task));
	}
}

/// A position waiting to be emitted.
struct Position {
	block: u32,
	block_hash: Hash32,
	kind: EntryKind,
	hash: Hash32,
	payload: Option<Vec<u8>>,
	committer: Option<Hash32>,
	commitment: Option<Hash32>,
}

/// Turns finalized blocks into the stream of one rollup, in index order, each index once.
pub struct Follower {
	rollup: RollupId,
	/// The next index to emit.
	cursor: EntryIndex,
	/// The next block to read.
	next_block: u32,
	positions: BTreeMap<EntryIndex, Position>,
	reveals: BTreeMap<EntryIndex, (Vec<u8>, Hash32)>,
	expired: BTreeSet<EntryIndex>,
}

impl Follower {
	/// Follows `rollup` from index `start_at`, reading from block `from_block`.
	pub fn new(rollup: RollupId, start_at: EntryIndex, from_block: u32) -> Self {
		Self {
			rollup,
			cursor: start_at,
			next_block: from_block,
			positions: BTreeMap::new(),
			reveals: BTreeMap::new(),
			expired: BTreeSet::new(),
		}
	}

	/// Takes in one block's entries.
	pub fn absorb(&mut self, block: BlockEntries) {
		let last = block.entries.last().map(|e| e.index);
		for entry in block.entries {
			if entry.index < self.cursor {
				continue;
			}
			let commitment = if Some(entry.index) == last { block.commitment } else { None };
			self.positions.insert(
				entry.index,
				Position {
					block: block.number,
					block_hash: block.hash,
					kind: entry.kind,
					hash: entry.hash,
					payload: entry.payload,
					committer: entry.committer,
					commitment,
				},
			);
		}
		for reveal in block.reveals {
			if reveal.index >= self.cursor {
				self.reveals.insert(reveal.index, (reveal.payload, reveal.salt));
			}
		}
		self.expired.extend(block.expired.into_iter().filter(|i| *i >= self.cursor));
	}

	/// The entries that are settled from the cursor on, in order; advances the cursor.
	pub fn drain(&mut self) -> Vec<StreamEntry> {
		let mut out = Vec::new();
		while let Some(pos) = self.positions.get(&self.cursor) {
			let index = self.cursor;
			let (status, payload, salt) = match pos.kind {
				EntryKind::Plain => (EntryStatus::Plain, pos.payload.clone(), None),
				EntryKind::Sealed => {
					if let Some((payload, salt)) = self.reveals.remove(&index) {
						(EntryStatus::Revealed, Some(payload), Some(salt))
					} else if self.expired.remove(&index) {
						(EntryStatus::Expired, None, None)
					} else {
						break;
					}
				},
			};
			out.push(StreamEntry {
				rollup: self.rollup,
				index,
				block: pos.block,
				block_hash: pos.block_hash,
				status,
				hash: pos.hash,
				payload,
				salt,
				committer: pos.committer,
				commitment: pos.commitment,
			});
			self.positions.remove(&index);
			self.cursor += 1;
		}
		out
	}

	async fn run<C, B>(mut self, client: Arc<C>, sink: SubscriptionSink)
	where
		C: HeaderBackend<Block>
			+ BlockBackend<Block>
			+ StorageProvider<Block, B>
			+ BlockchainEvents<Block>
			+ Send
			+ Sync
			+ 'static,
		B: sc_client_api::Backend<Block>,
	{
		let mut finality = client.finality_notification_stream();
		let reader = Reader::<C, B>::new(client.clone());
		loop {
			let finalized = client.info().finalized_number;
			while self.next_block <= finalized {
				match reader.block(self.rollup, self.next_block) {
					Ok(Some(block)) => self.absorb(block),
					Ok(None) => {},
					Err(e) => {
						let item = serde_json::json!({
							"error": { "code": e.code(), "message": e.message() }
						});
						if let Ok(message) = SubscriptionMessage::from_json(&item) {
							let _ = sink.send(message).await;
						}
						return;
					},
				}
				self.next_block += 1;
				for entry in self.drain() {
					let Ok(message) = SubscriptionMessage::from_json(&entry) else { return };
					if sink.send(message).await.is_err() {
						return;
					}
				}
			}
			match futures::future::select(finality.next(), Box::pin(sink.closed())).await {
				Either::Left((Some(_), _)) => continue,
				_ => return,
			}
		}
	}
}

#[cfg(test)]
mod tests;
