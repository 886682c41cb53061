//! The inbox read path of the node.
//!
//! - `inbox_submissions(rollup, fromBlock, toBlock, finalizedOnly)`: what each block of the range
//!   did to the rollup's stream ([`BlockEntries`]): the positions it assigned in canonical
//!   order (block, extrinsic, position in a batch) with their payloads, the sealed payloads it
//!   revealed, the sealed entries that expired in it, and the on-chain commitment after it. One
//!   answer is a [`SubmissionsPage`] of at most [`PAGE_BYTES`] (or one block, if a single block
//!   is larger); `nextBlock` says where the rest of the range starts. At most
//!   [`MAX_CONCURRENT_PAGES`] answers are held at once, [`MAX_PAGES_PER_CONNECTION`] per
//!   connection, until each is in its connection's buffer ([`codes::BUSY`] past it); each is
//!   built on a blocking thread.
//! - `inbox_subscribeFinalized(rollup, startAt, fromBlock?)`: the rollup's finalized stream from
//!   index `startAt`, one [`StreamEntry`] per index in index order, each exactly once. A sealed
//!   entry is emitted when it is settled (revealed or expired). A reader that stops resumes by
//!   subscribing again at its next index, passing the block of its last entry as `fromBlock`.
//! - `inbox_rollup(id, at?)` and `inbox_rollupId(name)`: a rollup's state and its id.
//!
//! Entries are read from block bodies; which extrinsics succeeded and the commitments come from
//! the block's events, which are state: a node with the default state pruning answers for the
//! last 256 blocks only, an archive node (`--state-pruning archive-canonical`) for all.
//!
//! Every block is decoded by the runtime that executed it: the node calls
//! `InboxApi::block_entries` at the block's parent with the block's extrinsics and events
//! ([`Reader`]), so a runtime upgrade that changes calls or events changes nothing for readers.
//! Only a block whose runtime predates that API is decoded with the types this node was built
//! with.
//!
//! A subscription holds no finality notification (and so pins no block) while it waits for its
//! subscriber to take an item: a subscriber that does not read costs the node what is queued
//! for it (at most [`QUEUED_BYTES`], or one item) and what its [`Follower`] holds (at most
//! [`PAYLOAD_BUDGET`] of payloads plus one block), never its pruning. A subscriber that takes
//! nothing for [`SLOW_SUBSCRIBER`] while items wait is dropped: its last item is an error
//! ([`codes::TOO_SLOW`]) and it resumes from its cursor. A subscriber that falls behind the node's state pruning gets
//! [`codes::UNAVAILABLE`]. A node serves a bounded number of subscriptions at once over all
//! connections ([`codes::BUSY`] past it), each on a blocking task: reading blocks never takes
//! the threads that drive networking and consensus.

use std::{
	collections::{BTreeMap, BTreeSet},
	sync::Arc,
	time::{Duration, Instant},
};

use futures::{future::Either, StreamExt};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
	ConnectionId, Extensions, PendingSubscriptionSink, ResponsePayload, SubscriptionMessage,
	SubscriptionSink,
};
use sc_client_api::{BlockBackend, BlockchainEvents, StorageProvider};
use seqchain_primitives::{
	inbox::{
		rpc::{
			BlockEntries, EntryKind, EntryStatus, RollupInfo, StreamEnd, StreamEntry, StreamError,
			StreamItem, SubmissionsPage, JSON_BYTES_PER_ITEM,
		},
		EntryIndex, Hash32, OrderingPolicy, ReadError, RollupId,
	},
	InboxApi as InboxRuntimeApi,
};
use seqchain_runtime::{opaque::Block, AccountId};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::{crypto::Ss58Codec, storage::StorageKey, traits::SpawnNamed, H256};

/// Most blocks one `inbox_submissions` call may span.
pub const MAX_RANGE: u32 = 1024;

/// Most bytes of JSON (as [`BlockEntries::json_bytes`] bounds it) one `inbox_submissions` page
/// carries, unless its one block is larger: a block is never split, and a page always carries
/// its first block with anything in it. A block holds at most 5 MiB, so no answer exceeds about
/// 10 MiB of JSON, under the node's default `--rpc-max-response-size` (15 MiB).
pub const PAGE_BYTES: usize = 4 << 20;

/// Most `inbox_submissions` answers a node holds at once, over all connections, from the
/// moment it starts building one until the answer is in its connection's buffer (or the
/// connection is closed): a client that does not read its answers holds its places. One more is
/// refused with [`codes::BUSY`]. Each holds at most a page and the block being read.
pub const MAX_CONCURRENT_PAGES: usize = 16;

/// Most of those answers one connection holds at once.
pub const MAX_PAGES_PER_CONNECTION: usize = 2;

/// Most `inbox_subscribeFinalized` subscriptions one connection holds at once (the node's bound
/// over all connections is `--inbox-max-subscriptions`): a client needs one a rollup it
/// follows, and a few clients cannot take every place.
pub const MAX_SUBSCRIPTIONS_PER_CONNECTION: usize = 4;

/// Most bytes of one subscription's items (as JSON) waiting on its connection for the
/// subscriber to take them; one item is always let through, so an entry of 1 MiB (2 MiB as
/// JSON) is sent whatever the bound.
pub const QUEUED_BYTES: usize = 4 << 20;

/// How long a subscription waits with [`QUEUED_BYTES`] queued (or its connection's buffer full
/// but one place) for its subscriber to take an item before it drops the subscriber
/// ([`codes::TOO_SLOW`]).
pub const SLOW_SUBSCRIBER: Duration = Duration::from_secs(30);

/// The `InboxApi` version whose `block_entries` this node calls. Blocks of runtimes with an
/// older API are read with this node's own types; those of a newer one are refused
/// ([`codes::UNDECODABLE`]), since the method may have changed.
pub const BLOCK_ENTRIES_VERSION: u32 = 2;

/// How many `inbox_subscribeFinalized` subscriptions a node serves at once, by default
/// (`--inbox-max-subscriptions`).
pub const DEFAULT_MAX_SUBSCRIPTIONS: usize = 64;

/// Most bytes of payloads one subscription holds while entries wait behind a sealed entry for
/// its reveal; payloads past it are read again from their block when they are sent.
pub const PAYLOAD_BUDGET: usize = 4 << 20;

/// Error codes of the inbox RPC.
pub mod codes {
	/// The request is malformed (range reversed or too long, unknown rollup, a `fromBlock`
	/// after the block of the entry asked for).
	pub const INVALID: i32 = 4000;
	/// The node cannot answer: block, body or state missing (pruned).
	pub const UNAVAILABLE: i32 = 4001;
	/// The block's inbox calls do not add up to its `Sequenced` range.
	pub const INCONSISTENT: i32 = 4002;
	/// The block's extrinsics or events do not decode with the runtime that executed it, or
	/// that runtime's inbox API is newer than this node knows.
	pub const UNDECODABLE: i32 = 4003;
	/// The node serves as many inbox subscriptions, or builds as many `inbox_submissions`
	/// answers, as it is configured for: try again later or another node.
	pub const BUSY: i32 = 4004;
	/// The subscriber took no item for [`super::SLOW_SUBSCRIBER`] while items waited: the
	/// subscription ends; subscribe again from the next index (with `fromBlock`).
	pub const TOO_SLOW: i32 = 4005;
}

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(code, message.into(), None::<()>)
}

/// The inbox RPC methods.
#[rpc(server)]
pub trait InboxApi {
	/// What blocks `from_block..=to_block` did to `rollup`'s stream; blocks that did nothing
	/// are left out. With `finalized_only`, the range stops at the finalized head. One page of
	/// at most [`PAGE_BYTES`]: its `nextBlock`, when not `null`, is where the rest starts.
	#[method(name = "inbox_submissions", blocking, with_extensions)]
	fn submissions(
		&self,
		rollup: RollupId,
		from_block: u32,
		to_block: u32,
		finalized_only: bool,
	) -> ResponsePayload<'static, SubmissionsPage>;

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
		item = StreamEntry,
		with_extensions
	)]
	fn subscribe_finalized(&self, rollup: RollupId, start_at: EntryIndex, from_block: Option<u32>);
}

/// The inbox RPC over a full node's client, whose database backend is `B`.
pub struct Inbox<C, B> {
	client: Arc<C>,
	executor: Arc<dyn SpawnNamed>,
	subscriptions: Arc<Slots>,
	pages: Arc<Slots>,
	pages_by_connection: Arc<PerConnection>,
	subscriptions_by_connection: Arc<PerConnection>,
	_backend: core::marker::PhantomData<fn() -> B>,
}

impl<C, B> Clone for Inbox<C, B> {
	fn clone(&self) -> Self {
		Self {
			client: self.client.clone(),
			executor: self.executor.clone(),
			subscriptions: self.subscriptions.clone(),
			pages: self.pages.clone(),
			pages_by_connection: self.pages_by_connection.clone(),
			subscriptions_by_connection: self.subscriptions_by_connection.clone(),
			_backend: Default::default(),
		}
	}
}

/// Places each connection holds, at most `max` each.
pub struct PerConnection {
	max: usize,
	held: std::sync::Mutex<BTreeMap<usize, usize>>,
}

/// One place of a connection in [`PerConnection`], given back when dropped.
pub struct ConnectionPlace {
	of: Arc<PerConnection>,
	connection: usize,
}

impl PerConnection {
	/// At most `max` places a connection.
	pub fn new(max: usize) -> Self {
		Self { max, held: Default::default() }
	}

	/// A place for `connection`, or `None` if it holds `max`.
	pub fn take(self: &Arc<Self>, connection: usize) -> Option<ConnectionPlace> {
		let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
		let n = held.entry(connection).or_insert(0);
		if *n >= self.max {
			return None;
		}
		*n += 1;
		Some(ConnectionPlace { of: self.clone(), connection })
	}

	/// Connections holding a place.
	pub fn connections(&self) -> usize {
		self.held.lock().unwrap_or_else(|e| e.into_inner()).len()
	}
}

impl Drop for ConnectionPlace {
	fn drop(&mut self) {
		let mut held = self.of.held.lock().unwrap_or_else(|e| e.into_inner());
		if let Some(n) = held.get_mut(&self.connection) {
			*n = n.saturating_sub(1);
			if *n == 0 {
				held.remove(&self.connection);
			}
		}
	}
}

/// The connection a call came on (`usize::MAX` where the server gives none).
fn connection_of(ext: &Extensions) -> usize {
	ext.get::<ConnectionId>().map_or(usize::MAX, |c| c.0)
}

impl<C, B> Inbox<C, B> {
	/// The RPC over `client`; each subscription runs on a blocking task of `executor`, at most
	/// `max_subscriptions` at once.
	pub fn new(client: Arc<C>, executor: Arc<dyn SpawnNamed>, max_subscriptions: usize) -> Self {
		Self {
			client,
			executor,
			subscriptions: Arc::new(Slots::new(max_subscriptions)),
			pages: Arc::new(Slots::new(MAX_CONCURRENT_PAGES)),
			pages_by_connection: Arc::new(PerConnection::new(MAX_PAGES_PER_CONNECTION)),
			subscriptions_by_connection: Arc::new(PerConnection::new(
				MAX_SUBSCRIPTIONS_PER_CONNECTION,
			)),
			_backend: Default::default(),
		}
	}
}

/// The subscriptions a node serves at once: a count and its bound, shared by every
/// connection.
pub struct Slots {
	max: usize,
	taken: std::sync::atomic::AtomicUsize,
}

/// One subscription's place in [`Slots`], given back when it is dropped.
pub struct Slot(Arc<Slots>);

impl Slots {
	/// `max` places.
	pub fn new(max: usize) -> Self {
		Self { max, taken: Default::default() }
	}

	/// A place, or `None` if all `max` are taken.
	pub fn take(self: &Arc<Self>) -> Option<Slot> {
		use std::sync::atomic::Ordering::SeqCst;
		self.taken
			.fetch_update(SeqCst, SeqCst, |n| (n < self.max).then_some(n + 1))
			.ok()
			.map(|_| Slot(self.clone()))
	}
}

impl Drop for Slot {
	fn drop(&mut self) {
		self.0.taken.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
	}
}

/// The storage key of `System::Events`.
fn events_key() -> StorageKey {
	let mut key = sp_crypto_hashing::twox_128(b"System").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"Events"));
	StorageKey(key)
}

/// Reads blocks for one rollup, each through the runtime that executed it.
pub struct Reader<C, B> {
	client: Arc<C>,
	_backend: core::marker::PhantomData<fn() -> B>,
}

impl<C, B> Reader<C, B>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockBackend<Block>
		+ StorageProvider<Block, B>,
	C::Api: InboxRuntimeApi<Block, AccountId>,
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
		// The genesis block has no body: it gave no rollup anything.
		if number == 0 {
			return Ok(None);
		}
		let parent = self
			.client
			.header(hash)
			.map_err(|e| error(codes::UNAVAILABLE, e.to_string()))?
			.ok_or_else(|| unavailable("the header"))?
			.parent_hash;
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
			.map(|data| data.0)
			.unwrap_or_default();
		// The runtime that executed the block is the one in its parent's state.
		let api = self.client.runtime_api();
		let version = api
			.api_version::<dyn InboxRuntimeApi<Block, AccountId>>(parent)
			.map_err(|_| unavailable("the state of the parent"))?;
		let read = match version {
			Some(BLOCK_ENTRIES_VERSION) => {
				api.block_entries(parent, rollup, body, events).map_err(|e| {
					error(
						codes::UNDECODABLE,
						format!("block {number}: its runtime failed to read it: {e}"),
					)
				})?
			},
			// A runtime from before `block_entries`: this node's own types.
			None | Some(0..BLOCK_ENTRIES_VERSION) => {
				seqchain_runtime::inbox_read::block_entries(rollup, &body, &events)
			},
			// A later version may have changed what `block_entries` takes or gives.
			Some(v) => {
				return Err(error(
					codes::UNDECODABLE,
					format!(
						"block {number} was made by a runtime whose InboxApi is version {v}; this \
						 node reads versions up to {BLOCK_ENTRIES_VERSION}: upgrade the node"
					),
				))
			},
		};
		let read = read.map_err(|e| read_error(number, rollup, e))?;
		Ok(read.map(|read| BlockEntries::from_read(number, hash.into(), finalized, read)))
	}
}

/// The RPC error for a block its runtime could not read.
fn read_error(number: u32, rollup: RollupId, e: ReadError) -> ErrorObjectOwned {
	match e {
		ReadError::Inconsistent { first_index, next_index, carried } => error(
			codes::INCONSISTENT,
			format!(
				"block {number}: the chain assigned rollup {rollup} entries \
				 {first_index}..{next_index} but its extrinsics carry {carried} entries"
			),
		),
		ReadError::UndecodableExtrinsic(i) => error(
			codes::UNDECODABLE,
			format!("block {number}: extrinsic {i} does not decode with the block's runtime"),
		),
		ReadError::UndecodableEvents => error(
			codes::UNDECODABLE,
			format!("block {number}: the events do not decode with the block's runtime"),
		),
	}
}

impl<C, B> Inbox<C, B>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: InboxRuntimeApi<Block, AccountId>,
{
	/// The rollup's next index in the state of block `number`: `None` when the rollup is not
	/// registered there, an error when the state is gone.
	fn next_index_at(
		&self,
		rollup: RollupId,
		number: u32,
	) -> Result<Option<EntryIndex>, ErrorObjectOwned> {
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
		Ok(view.map(|v| v.stream.next_index))
	}

	/// The first block whose state has `next_index > start_at`: the block that assigned
	/// `start_at`. If the entry is not assigned yet, the block after the finalized head.
	fn find_block(&self, rollup: RollupId, start_at: EntryIndex) -> Result<u32, ErrorObjectOwned> {
		let finalized = self.client.info().finalized_number;
		first_block_where(finalized, |n| Ok(self.next_index_at(rollup, n)?.unwrap_or(0) > start_at))
	}

	/// Where a subscription from `start_at` starts reading: `from_block`, checked against the
	/// state where it is still there, or the block found from state.
	fn start_block(
		&self,
		rollup: RollupId,
		start_at: EntryIndex,
		from_block: Option<u32>,
	) -> Result<u32, ErrorObjectOwned> {
		let info = self.client.info();
		let registered = |n: u32| self.next_index_at(rollup, n).map(|v| v.is_some());
		let live = registered(info.best_number)? || registered(info.finalized_number)?;
		let Some(from_block) = from_block else {
			if !live {
				return Err(not_registered(rollup, info.finalized_number));
			}
			return self.find_block(rollup, start_at);
		};
		if from_block > info.best_number {
			return Err(error(
				codes::INVALID,
				format!(
					"fromBlock {from_block} is after this node's best block #{}: pass the block \
					 of the last entry you read",
					info.best_number
				),
			));
		}
		// A rollup released since `from_block` is read up to its release, then ends. One that
		// was not registered there either is refused here if the node still has that state,
		// otherwise when the reader catches up with the finalized head.
		if !live && from_block > 0 && registered(from_block).ok() == Some(false) {
			return Err(not_registered(rollup, info.finalized_number));
		}
		// Entry `start_at` must not have been assigned before `from_block`: reading from there
		// would never see it. Checked where the state of the block before is still there; the
		// reader checks it again on the first block with entries.
		if from_block > 0 && from_block - 1 <= info.finalized_number {
			if let Ok(Some(next)) = self.next_index_at(rollup, from_block - 1) {
				if next > start_at {
					return Err(wrong_from_block(rollup, start_at, from_block, next));
				}
			}
		}
		Ok(from_block)
	}
}

/// The first block up to `head` at which `holds` (true from some block on, false before it),
/// or `head + 1` if it does not hold at `head`.
///
/// It steps back from `head` by 1, 2, 4, ... blocks until `holds` is false, then bisects that
/// last step: a recent block is found from recent state, which a pruning node still has, and
/// an old one in O(log distance) probes.
pub fn first_block_where<E>(
	head: u32,
	mut holds: impl FnMut(u32) -> Result<bool, E>,
) -> Result<u32, E> {
	if !holds(head)? {
		return Ok(head + 1);
	}
	// Holds at `hi`; does not hold before `lo`.
	let (mut lo, mut hi) = (0u32, head);
	let mut step = 1u32;
	while hi > 0 {
		let probe = hi.saturating_sub(step);
		if holds(probe)? {
			hi = probe;
			step = step.saturating_mul(2);
		} else {
			lo = probe + 1;
			break;
		}
	}
	while lo < hi {
		let mid = lo + (hi - lo) / 2;
		if holds(mid)? {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	Ok(hi)
}

/// Refuses an `inbox_submissions` range that is empty or spans more than [`MAX_RANGE`] blocks.
pub fn check_range(from_block: u32, to_block: u32) -> Result<(), ErrorObjectOwned> {
	if from_block > to_block {
		return Err(error(codes::INVALID, "fromBlock is after toBlock"));
	}
	if to_block - from_block >= MAX_RANGE {
		return Err(error(codes::INVALID, format!("a range spans at most {MAX_RANGE} blocks")));
	}
	Ok(())
}

/// One page of what blocks `from..=to` did, read with `read`: the blocks in order until the
/// next one would take the page past `budget` bytes of JSON (the first block with anything in
/// it is always taken, whatever its size); `next_block` is the first block left out.
pub fn page<E>(
	from: u32,
	to: u32,
	budget: usize,
	mut read: impl FnMut(u32) -> Result<Option<BlockEntries>, E>,
) -> Result<SubmissionsPage, E> {
	let mut blocks = Vec::new();
	let mut bytes = 0usize;
	let mut number = from;
	while number <= to {
		if let Some(block) = read(number)? {
			let size = block.json_bytes();
			if !blocks.is_empty() && bytes.saturating_add(size) > budget {
				return Ok(SubmissionsPage { blocks, next_block: Some(number) });
			}
			bytes = bytes.saturating_add(size);
			blocks.push(block);
		}
		let Some(next) = number.checked_add(1) else { break };
		number = next;
	}
	Ok(SubmissionsPage { blocks, next_block: None })
}

/// The stream item that ends a subscription with `e`.
pub fn stream_error(e: ErrorObjectOwned) -> StreamItem {
	StreamItem::Error { error: StreamError { code: e.code(), message: e.message().to_string() } }
}

/// The error for a rollup with no stream to follow.
fn not_registered(rollup: RollupId, finalized: u32) -> ErrorObjectOwned {
	error(
		codes::INVALID,
		format!(
			"rollup {rollup} is not registered at the finalized block #{finalized} nor at the \
			 best block: it never was, or it was released (to read the rest of a released \
			 rollup's stream, pass the block of the last entry you read as fromBlock)"
		),
	)
}

/// The error for a `fromBlock` after the block that assigned the entry asked for.
fn wrong_from_block(
	rollup: RollupId,
	start_at: EntryIndex,
	from_block: u32,
	next: EntryIndex,
) -> ErrorObjectOwned {
	error(
		codes::INVALID,
		format!(
			"fromBlock {from_block} is after the block that assigned entry {start_at} of rollup \
			 {rollup} (entries up to {} were assigned before it): pass the block of the last \
			 entry you read, or omit fromBlock",
			next.saturating_sub(1)
		),
	)
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
		ext: &Extensions,
		rollup: RollupId,
		from_block: u32,
		to_block: u32,
		finalized_only: bool,
	) -> ResponsePayload<'static, SubmissionsPage> {
		if let Err(e) = check_range(from_block, to_block) {
			return ResponsePayload::error(e);
		}
		let Some(mine) = self.pages_by_connection.take(connection_of(ext)) else {
			return ResponsePayload::error(error(
				codes::BUSY,
				format!(
					"this connection already waits for {MAX_PAGES_PER_CONNECTION} \
					 inbox_submissions answers: read them first"
				),
			));
		};
		let Some(slot) = self.pages.take() else {
			return ResponsePayload::error(error(
				codes::BUSY,
				format!(
					"this node holds {MAX_CONCURRENT_PAGES} inbox_submissions answers at once, \
					 all taken: try again shortly or another node"
				),
			));
		};
		let info = self.client.info();
		let last = if finalized_only { info.finalized_number } else { info.best_number };
		let reader = Reader::<C, B>::new(self.client.clone());
		match page(from_block, to_block.min(last), PAGE_BYTES, |n| reader.block(rollup, n)) {
			Ok(page) => {
				// The places are held until the answer is in the connection's buffer (or the
				// connection is gone): a client that does not read holds them, not more.
				let (answer, sent) = ResponsePayload::success(page).notify_on_completion();
				self.executor.spawn(
					"inbox-page-sent",
					Some("rpc"),
					Box::pin(async move {
						let _ = sent.await;
						drop((slot, mine));
					}),
				);
				answer
			},
			Err(e) => ResponsePayload::error(e),
		}
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
		ext: &Extensions,
		rollup: RollupId,
		start_at: EntryIndex,
		from_block: Option<u32>,
	) {
		let places = self
			.subscriptions_by_connection
			.take(connection_of(ext))
			.ok_or_else(|| {
				format!(
					"this connection holds {MAX_SUBSCRIPTIONS_PER_CONNECTION} inbox \
					 subscriptions, the most one connection may"
				)
			})
			.and_then(|mine| {
				let slot = self.subscriptions.take().ok_or_else(|| {
					format!(
						"this node serves {} inbox subscriptions at once, all taken: try again \
						 later or another node",
						self.subscriptions.max
					)
				})?;
				Ok((slot, mine))
			});
		let slot = match places {
			Ok(places) => places,
			Err(busy) => {
				// Refused without a thread: a client that does not read its connection holds
				// no more than this task, for at most `SLOW_SUBSCRIBER`.
				let busy = error(codes::BUSY, busy);
				let reject = async move {
					let _ = tokio::time::timeout(SLOW_SUBSCRIBER, pending.reject(busy)).await;
				};
				self.executor.spawn("inbox-subscription-busy", Some("rpc"), Box::pin(reject));
				return;
			},
		};
		let inbox = self.clone();
		let task = async move {
			let _slot = slot;
			// Where to start reads state (runtime calls): on this blocking task, not on the
			// RPC's async workers.
			let start = match inbox.start_block(rollup, start_at, from_block) {
				Ok(start) => start,
				Err(e) => {
					let _ = tokio::time::timeout(SLOW_SUBSCRIBER, pending.reject(e)).await;
					return;
				},
			};
			// A client whose connection's buffer is full is given up after `SLOW_SUBSCRIBER`.
			let Ok(Ok(sink)) = tokio::time::timeout(SLOW_SUBSCRIBER, pending.accept()).await else {
				return;
			};
			let follower = Follower::new(rollup, start_at, start);
			follower.run::<C, B>(inbox.client, sink).await;
		};
		// A blocking task: reading a block (database reads, a runtime call) blocks its thread,
		// which must not be one of the workers that drive networking and consensus.
		self.executor.spawn_blocking("inbox-subscription", Some("rpc"), Box::pin(task));
	}
}

/// A payload read, or left in its block to be read again when it is sent.
#[derive(Debug)]
enum Payload {
	Held(Vec<u8>),
	/// Past [`Follower`]'s budget: read again from this block.
	InBlock(u32),
}

/// A position waiting to be emitted.
struct Position {
	block: u32,
	block_hash: Hash32,
	kind: EntryKind,
	hash: Hash32,
	payload: Option<Payload>,
	committer: Option<Hash32>,
	commitment: Option<Hash32>,
}

/// Turns finalized blocks into the stream of one rollup, in index order, each index once.
///
/// It holds the positions read but not yet emitted: those behind a sealed entry that waits for
/// its reveal, at most the reveal window's worth of blocks. Of their payloads it holds at most
/// its budget's bytes ([`PAYLOAD_BUDGET`]); the rest are read again from their blocks when they
/// are sent, one block at a time.
pub struct Follower {
	rollup: RollupId,
	/// The next index to emit.
	cursor: EntryIndex,
	/// The next block to read.
	next_block: u32,
	positions: BTreeMap<EntryIndex, Position>,
	/// Revealed payloads (or the block of the reveal) and salts.
	reveals: BTreeMap<EntryIndex, (Payload, Hash32)>,
	expired: BTreeSet<EntryIndex>,
	/// The block that released the rollup, once read.
	released: Option<u32>,
	/// Whether the end of the stream was given.
	ended: bool,
	/// The stream state after the last block read that assigned positions.
	last_sequenced: Option<(EntryIndex, Option<Hash32>)>,
	/// Bytes of payloads held, and most it may hold.
	held: usize,
	budget: usize,
	/// The last block read again for its payloads.
	reread: Option<BlockEntries>,
}

/// What [`Follower::next_item`] gives: an entry, or the end of the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Drained {
	/// An entry, in index order.
	Entry(Box<StreamEntry>),
	/// The rollup was released and every entry is out: nothing follows.
	End(StreamEnd),
}

impl Follower {
	/// Follows `rollup` from index `start_at`, reading from block `from_block`.
	pub fn new(rollup: RollupId, start_at: EntryIndex, from_block: u32) -> Self {
		Self::with_budget(rollup, start_at, from_block, PAYLOAD_BUDGET)
	}

	/// [`Follower::new`], holding at most `budget` bytes of payloads.
	pub fn with_budget(
		rollup: RollupId,
		start_at: EntryIndex,
		from_block: u32,
		budget: usize,
	) -> Self {
		Self {
			rollup,
			cursor: start_at,
			next_block: from_block,
			positions: BTreeMap::new(),
			reveals: BTreeMap::new(),
			expired: BTreeSet::new(),
			released: None,
			ended: false,
			last_sequenced: None,
			held: 0,
			budget,
			reread: None,
		}
	}

	/// Bytes of payloads held.
	pub fn held(&self) -> usize {
		self.held
	}

	/// Holds `payload` of block `block` if the budget allows, else leaves it in its block.
	fn hold(&mut self, block: u32, payload: Vec<u8>) -> Payload {
		if self.held.saturating_add(payload.len()) <= self.budget {
			self.held += payload.len();
			Payload::Held(payload)
		} else {
			Payload::InBlock(block)
		}
	}

	/// Takes in one block's entries. Fails, holding nothing, when the block shows that the
	/// cursor's entry was assigned before the first block read (a wrong `fromBlock`): it would
	/// never be emitted.
	pub fn absorb(&mut self, block: BlockEntries) -> Result<(), ErrorObjectOwned> {
		if !block.entries.is_empty() {
			let first = block.first_index;
			if first > self.cursor && !self.positions.contains_key(&self.cursor) {
				let from_block = self.next_block;
				self.positions.clear();
				self.reveals.clear();
				self.expired.clear();
				self.held = 0;
				return Err(error(
					codes::INVALID,
					format!(
						"block {} assigned rollup {} entries from {first} on, but entry {} was \
						 never read: it was assigned before the first block read. {}",
						block.number,
						self.rollup,
						self.cursor,
						wrong_from_block(self.rollup, self.cursor, from_block, first).message()
					),
				));
			}
			self.last_sequenced = Some((block.next_index, block.commitment));
		}
		let last = block.entries.last().map(|e| e.index);
		for entry in block.entries {
			if entry.index < self.cursor {
				continue;
			}
			let commitment = if Some(entry.index) == last { block.commitment } else { None };
			let payload = entry.payload.map(|p| self.hold(block.number, p));
			self.positions.insert(
				entry.index,
				Position {
					block: block.number,
					block_hash: block.hash,
					kind: entry.kind,
					hash: entry.hash,
					payload,
					committer: entry.committer,
					commitment,
				},
			);
		}
		for reveal in block.reveals {
			if reveal.index >= self.cursor {
				let payload = self.hold(block.number, reveal.payload);
				self.reveals.insert(reveal.index, (payload, reveal.salt));
			}
		}
		self.expired.extend(block.expired.into_iter().filter(|i| *i >= self.cursor));
		if block.released {
			self.released = Some(block.number);
		}
		Ok(())
	}

	/// The payload of entry `index`, held or read again from its block (as an entry of it, or
	/// as a reveal in it) with `read`.
	fn payload(
		&mut self,
		index: EntryIndex,
		payload: Payload,
		revealed: bool,
		read: &mut dyn FnMut(u32) -> Result<Option<BlockEntries>, ErrorObjectOwned>,
	) -> Result<Vec<u8>, ErrorObjectOwned> {
		let block = match payload {
			Payload::Held(payload) => {
				self.held -= payload.len();
				return Ok(payload);
			},
			Payload::InBlock(block) => block,
		};
		if self.reread.as_ref().map(|b| b.number) != Some(block) {
			// One block at a time: the last one read again is dropped first.
			self.reread = None;
			self.reread = read(block)?;
		}
		let found = self.reread.as_mut().and_then(|b| {
			if revealed {
				b.reveals
					.iter_mut()
					.find(|r| r.index == index)
					.map(|r| core::mem::take(&mut r.payload))
			} else {
				b.entries.iter_mut().find(|e| e.index == index).and_then(|e| e.payload.take())
			}
		});
		found.ok_or_else(|| {
			error(
				codes::INCONSISTENT,
				format!("block {block} read again no longer shows the payload of entry {index}"),
			)
		})
	}

	/// The next settled entry from the cursor on, or, once the rollup is released and
	/// everything is out, the end of the stream; `None` while the cursor's entry waits (or
	/// after the end). Advances the cursor. `final_state` gives the stream's final next index
	/// and commitment when it cannot be read from the blocks read; `read` reads a block again
	/// for a payload past the budget.
	pub fn next_item(
		&mut self,
		final_state: &mut dyn FnMut(u32) -> Option<(EntryIndex, Hash32)>,
		read: &mut dyn FnMut(u32) -> Result<Option<BlockEntries>, ErrorObjectOwned>,
	) -> Result<Option<Drained>, ErrorObjectOwned> {
		let index = self.cursor;
		if let Some(kind) = self.positions.get(&index).map(|p| p.kind) {
			let settled = match kind {
				EntryKind::Plain => Some(EntryStatus::Plain),
				EntryKind::Sealed if self.reveals.contains_key(&index) => {
					Some(EntryStatus::Revealed)
				},
				EntryKind::Sealed if self.expired.remove(&index) => Some(EntryStatus::Expired),
				EntryKind::Sealed => None,
			};
			let Some(status) = settled else { return Ok(None) };
			let Some(pos) = self.positions.remove(&index) else { return Ok(None) };
			let (payload, salt) = match status {
				EntryStatus::Plain => match pos.payload {
					Some(p) => (Some(self.payload(index, p, false, read)?), None),
					None => (None, None),
				},
				EntryStatus::Revealed => match self.reveals.remove(&index) {
					Some((p, salt)) => (Some(self.payload(index, p, true, read)?), Some(salt)),
					None => (None, None),
				},
				EntryStatus::Expired => (None, None),
			};
			// No chain assigns index `u64::MAX` (that would take 2^64 entries); were one read, the
			// cursor stays there rather than wrap to 0 and send the stream again.
			self.cursor = self.cursor.saturating_add(1);
			return Ok(Some(Drained::Entry(Box::new(StreamEntry {
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
			}))));
		}
		self.reread = None;
		// A rollup is released only with no commit pending: every position is settled.
		match self.released {
			Some(block) if self.positions.is_empty() && !self.ended => {
				self.ended = true;
				let (next_index, commitment) = match self.last_sequenced {
					Some((next, commitment)) => (next, commitment),
					None => match final_state(block) {
						Some((next, commitment)) => (next, Some(commitment)),
						None => (self.cursor, None),
					},
				};
				Ok(Some(Drained::End(StreamEnd {
					rollup: self.rollup,
					block,
					next_index,
					commitment,
				})))
			},
			_ => Ok(None),
		}
	}

	/// Reads the next block with `read` and takes it in ([`Follower::absorb`]).
	pub fn read_next(
		&mut self,
		read: impl FnOnce(u32) -> Result<Option<BlockEntries>, ErrorObjectOwned>,
	) -> Result<(), ErrorObjectOwned> {
		if let Some(block) = read(self.next_block)? {
			self.absorb(block)?;
		}
		self.next_block += 1;
		Ok(())
	}

	/// [`Follower::next_item`] as the subscription sends it: the item, and whether the stream
	/// ends with it (an end or an error); `None` while nothing is settled.
	pub fn next_send(
		&mut self,
		final_state: &mut dyn FnMut(u32) -> Option<(EntryIndex, Hash32)>,
		read: &mut dyn FnMut(u32) -> Result<Option<BlockEntries>, ErrorObjectOwned>,
	) -> Option<(StreamItem, bool)> {
		match self.next_item(final_state, read) {
			Err(e) => Some((stream_error(e), true)),
			Ok(None) => None,
			Ok(Some(Drained::Entry(entry))) => Some((StreamItem::Entry(*entry), false)),
			Ok(Some(Drained::End(end))) => Some((StreamItem::End { end }, true)),
		}
	}

	/// Every item [`Follower::next_item`] gives now, for blocks whose payloads are all held.
	pub fn drain(
		&mut self,
		mut final_state: impl FnMut(u32) -> Option<(EntryIndex, Hash32)>,
	) -> Vec<Drained> {
		let mut out = Vec::new();
		let mut no_reread = |block: u32| {
			Err(error(codes::UNAVAILABLE, format!("block {block} cannot be read again here")))
		};
		while let Ok(Some(item)) = self.next_item(&mut final_state, &mut no_reread) {
			out.push(item);
		}
		out
	}

	async fn run<C, B>(mut self, client: Arc<C>, sink: SubscriptionSink)
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
		B: sc_client_api::Backend<Block>,
	{
		let reader = Reader::<C, B>::new(client.clone());
		let mut out = Outbox::new(sink, SLOW_SUBSCRIBER);
		let rollup = self.rollup;
		let client = &client;
		// Whether the rollup is registered in the state of block `n` (`None`: state gone).
		let registered = |n: u32| {
			let hash = client.hash(n).ok()??;
			Some(client.runtime_api().rollup(hash, rollup).ok()?.is_some())
		};
		// The stream state before block `n`: the final state of a rollup released in `n`.
		let mut final_state = move |n: u32| {
			let parent = client.hash(n.checked_sub(1)?).ok()??;
			let view = client.runtime_api().rollup(parent, rollup).ok()??;
			Some((view.stream.next_index, view.stream.commitment))
		};
		let mut read_again = |n: u32| reader.block(rollup, n);
		loop {
			// Subscribed before the finalized head is read, so no finality is missed; dropped
			// before any block is read or item sent, so a subscriber that does not read pins no
			// block (each notification pins its block until it is dropped).
			let mut finality = client.finality_notification_stream();
			let info = client.info();
			let finalized = info.finalized_number;
			if self.next_block > finalized {
				// Caught up with a rollup that is gone: released before the blocks read (a
				// release in them ends the stream), or never registered.
				if self.released.is_none()
					&& registered(finalized) == Some(false)
					&& registered(info.best_number) == Some(false)
				{
					out.send(&stream_error(not_registered(rollup, finalized))).await;
					return;
				}
				match futures::future::select(finality.next(), Box::pin(out.sink.closed())).await {
					Either::Left((Some(_), _)) => continue,
					_ => return,
				}
			}
			drop(finality);
			while self.next_block <= finalized {
				if let Err(e) = self.read_next(|n| reader.block(rollup, n)) {
					out.send(&stream_error(e)).await;
					return;
				}
				while let Some((item, end)) = self.next_send(&mut final_state, &mut read_again) {
					if !out.send(&item).await || end {
						return;
					}
				}
			}
		}
	}
}

/// A subscription's sink that bounds what waits on the connection for the subscriber: at most
/// [`QUEUED_BYTES`] of this subscription's items (one item always), and never the connection's
/// last place, which is kept for the error that drops a subscriber that takes nothing for the
/// `slow` duration while items wait.
pub struct Outbox {
	sink: SubscriptionSink,
	/// Sizes of the items sent, most recent last: those still queued are the last ones.
	sent: std::collections::VecDeque<usize>,
	slow: Duration,
}

impl Outbox {
	/// An outbox over `sink` that drops a subscriber stuck for `slow`.
	pub fn new(sink: SubscriptionSink, slow: Duration) -> Self {
		Self { sink, sent: Default::default(), slow }
	}

	/// Items and bytes of this subscription's items waiting on the connection (every message
	/// queued is counted as one of its own).
	fn queued(&self) -> (usize, usize) {
		let items = self.sink.max_capacity().saturating_sub(self.sink.capacity());
		(items, self.sent.iter().rev().take(items).sum())
	}

	/// Sends `item` once there is room. False if the subscriber is gone, or if it took nothing
	/// for the `slow` duration while items waited: it is then dropped, and its last item, in
	/// the place kept for it, is a [`codes::TOO_SLOW`] error.
	pub async fn send(&mut self, item: &StreamItem) -> bool {
		let Ok(message) = SubscriptionMessage::from_json(item) else { return false };
		// An upper bound of the item's JSON, as `BlockEntries::json_bytes` bounds a block's.
		let size = match item {
			StreamItem::Entry(e) => e.payload.as_ref().map_or(0, Vec::len).saturating_mul(2),
			_ => 0,
		} + JSON_BYTES_PER_ITEM;
		let last_place = self.sink.max_capacity().saturating_sub(1).max(1);
		let deadline = Instant::now() + self.slow;
		let mut pause = Duration::from_millis(1);
		loop {
			let (items, bytes) = self.queued();
			if items == 0 || (items < last_place && bytes.saturating_add(size) <= QUEUED_BYTES) {
				break;
			}
			if self.sink.is_closed() {
				return false;
			}
			if Instant::now() >= deadline {
				let dropped = StreamItem::Error {
					error: StreamError {
						code: codes::TOO_SLOW,
						message: format!(
							"the subscriber took no item for {} s while {items} waited: \
							 dropped. Subscribe again from the next index, with the block of \
							 the last entry read as fromBlock",
							self.slow.as_secs()
						),
					},
				};
				if let Ok(message) = SubscriptionMessage::from_json(&dropped) {
					// In the place kept for it, unless another message of the connection took
					// it: then as soon as one is free, for a few seconds more.
					let _ = self.sink.send_timeout(message, Duration::from_secs(5)).await;
				}
				return false;
			}
			// Soon after a reader takes an item, seldom while it takes none.
			tokio::time::sleep(pause).await;
			pause = (pause * 2).min(Duration::from_millis(100));
		}
		if self.sink.send(message).await.is_err() {
			return false;
		}
		self.sent.push_back(size);
		if self.sent.len() > self.sink.max_capacity() {
			self.sent.pop_front();
		}
		true
	}
}

pub mod fuzz;

#[cfg(test)]
mod tests;
