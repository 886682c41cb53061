//! Watches this node's transaction pool for inbox transactions that a slot leader left out.
//!
//! A rollup's protection against one censoring sequencer is rotation: the next honest leader
//! includes what the censor skipped. This task shows where that happens. For every new best
//! block it asks, for each inbox submission (`submit`, `submit_batch`, `commit`, `reveal`) that
//! is still ready in this node's pool: had the transaction been here for at least
//! [`GRACE`] before the block's slot began, and did the block leave room for it (its
//! normal-class weight and length plus the transaction's stay within the runtime's limits)? If
//! so, the slot's leader could have included it and did not: the node counts it in
//! `seqchain_inbox_skipped_transactions_total{leader}` and logs a warning naming the leader.
//!
//! What is trusted: the transaction's weight is computed with the runtime this node was built
//! with (natively, no runtime call per transaction), so after a runtime upgrade that changes
//! inbox weights the room test is approximate. A block that its author cut short for lack of
//! time looks the same as one that skipped transactions, so under heavy load honest leaders
//! are counted too; compare leaders rather than reading one count alone. What this node saw
//! is not what the leader saw: a transaction that never reached the leader is counted as well,
//! which the grace period makes rare on a connected network.

use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, SystemTime, UNIX_EPOCH},
};

use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use futures::StreamExt;
use sc_client_api::{BlockBackend, BlockchainEvents, StorageProvider};
use sc_transaction_pool_api::{InPoolTransaction, TransactionPool};
use seqchain_primitives::{inbox::RollupId, SequencerScheduleApi};
use seqchain_runtime::{
	configs::{RuntimeBlockLength, RuntimeBlockWeights},
	opaque::Block,
	AccountId, Runtime, RuntimeCall, UncheckedExtrinsic,
};
use sp_api::ProvideRuntimeApi;
use sp_core::{crypto::Ss58Codec, storage::StorageKey, H256};
use sp_runtime::{
	codec::{Decode, Encode},
	traits::{Block as BlockT, Header as HeaderT},
};
use substrate_prometheus_endpoint::{register, CounterVec, Opts, PrometheusError, Registry, U64};

/// Log target of the watcher's lines.
const LOG_TARGET: &str = "seqchain::inbox-watch";

/// How long before a slot begins a transaction must have been in this node's pool for the
/// slot's leader to be expected to have it: half of the chain's 2 s slot, far above the time a
/// transaction takes to cross a connected network.
pub const GRACE: Duration = Duration::from_millis(1_000);

/// Inbox transactions tracked at most; beyond this, new ones are not tracked (the count is
/// then a lower bound).
const MAX_TRACKED: usize = 16_384;

/// The watcher's Prometheus metrics.
#[derive(Clone)]
pub struct Metrics {
	skipped: CounterVec<U64>,
}

impl Metrics {
	/// Registers the metrics in `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		Ok(Self {
			skipped: register(
				CounterVec::new(
					Opts::new(
						"seqchain_inbox_skipped_transactions_total",
						"Count of inbox transactions (each once per slot it waited through) that \
						 had been in this node's pool for at least half a slot when the slot \
						 began and that the slot's block did not include although it had room \
						 for them, by the slot's leader (SS58 account)",
					),
					&["leader"],
				)?,
				registry,
			)?,
		})
	}
}

/// The rollup an inbox submission is for: `submit`, `submit_batch`, `commit` and `reveal`.
pub fn inbox_rollup(call: &RuntimeCall) -> Option<RollupId> {
	use pallet_inbox::Call as Inbox;
	match call {
		RuntimeCall::Inbox(
			Inbox::submit { id, .. }
			| Inbox::submit_batch { id, .. }
			| Inbox::commit { id, .. }
			| Inbox::reveal { id, .. },
		) => Some(*id),
		_ => None,
	}
}

/// An inbox transaction waiting in the pool.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
	/// Its rollup.
	pub rollup: RollupId,
	/// When this node first had it ready.
	pub since: SystemTime,
	/// Its encoded length.
	pub len: u64,
	/// The block weight it takes (dispatch weight plus the extrinsic base weight), `ref_time`.
	pub weight: u64,
}

impl Waiting {
	/// What this node knows of `xt` seen at `now`, if it is an inbox submission.
	pub fn of(xt: &<Block as BlockT>::Extrinsic, now: SystemTime) -> Option<Self> {
		let encoded = xt.encode();
		let decoded = UncheckedExtrinsic::decode(&mut &encoded[..]).ok()?;
		let rollup = inbox_rollup(&decoded.function)?;
		let info = decoded.function.get_dispatch_info();
		let base = RuntimeBlockWeights::get().get(info.class).base_extrinsic;
		Some(Self {
			rollup,
			since: now,
			len: encoded.len() as u64,
			weight: info.total_weight().saturating_add(base).ref_time(),
		})
	}
}

/// What a block left of the normal class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Room {
	/// Normal-class weight left, `ref_time`.
	pub weight: u64,
	/// Normal-class length left, bytes.
	pub len: u64,
}

impl Room {
	/// The room a block with `used_weight` normal-class weight and `used_len` bytes of
	/// extrinsics left, by the runtime's limits.
	pub fn left(used_weight: u64, used_len: u64) -> Self {
		let weights = RuntimeBlockWeights::get();
		let max_weight =
			weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block).ref_time();
		let max_len = *RuntimeBlockLength::get().max.get(DispatchClass::Normal) as u64;
		Self {
			weight: max_weight.saturating_sub(used_weight),
			len: max_len.saturating_sub(used_len),
		}
	}

	/// Whether `tx` fits.
	pub fn fits(&self, tx: &Waiting) -> bool {
		tx.weight <= self.weight && tx.len <= self.len
	}
}

/// The transactions of `waiting` that the block of a slot beginning at `slot_start` skipped:
/// in the pool for at least `grace` before the slot began, not `included`, still ready
/// (`ready`), and fitting the `room` the block left.
pub fn skipped<'a>(
	waiting: &'a HashMap<H256, Waiting>,
	included: &std::collections::HashSet<H256>,
	ready: impl Fn(&H256) -> bool,
	slot_start: SystemTime,
	grace: Duration,
	room: Room,
) -> Vec<(&'a H256, &'a Waiting)> {
	let mut out: Vec<_> = waiting
		.iter()
		.filter(|(hash, tx)| {
			tx.since + grace <= slot_start
				&& !included.contains(*hash)
				&& room.fits(tx)
				&& ready(hash)
		})
		.collect();
	out.sort_by_key(|(_, tx)| tx.since);
	out
}

/// Runs the watcher until the node stops.
pub async fn run<C, B, P>(
	client: Arc<C>,
	pool: Arc<P>,
	slot_duration: Duration,
	metrics: Option<Metrics>,
) where
	C: BlockchainEvents<Block>
		+ BlockBackend<Block>
		+ StorageProvider<Block, B>
		+ ProvideRuntimeApi<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: SequencerScheduleApi<Block, AccountId>,
	B: sc_client_api::Backend<Block>,
	P: TransactionPool<Block = Block, Hash = H256> + 'static,
{
	let mut imports = pool.import_notification_stream().fuse();
	let mut blocks = client.import_notification_stream().fuse();
	let mut waiting: HashMap<H256, Waiting> = HashMap::new();
	loop {
		futures::select! {
			hash = imports.next() => {
				let Some(hash) = hash else { return };
				if waiting.len() >= MAX_TRACKED || waiting.contains_key(&hash) {
					continue;
				}
				let Some(tx) = pool.ready_transaction(&hash) else { continue };
				if let Some(tx) = Waiting::of(tx.data(), SystemTime::now()) {
					waiting.insert(hash, tx);
				}
			},
			block = blocks.next() => {
				let Some(block) = block else { return };
				if block.is_new_best {
					on_best_block(&*client, &*pool, &mut waiting, block.hash, &block.header,
						slot_duration, metrics.as_ref());
				}
			},
		}
	}
}

fn on_best_block<C, B, P>(
	client: &C,
	pool: &P,
	waiting: &mut HashMap<H256, Waiting>,
	hash: H256,
	header: &<Block as BlockT>::Header,
	slot_duration: Duration,
	metrics: Option<&Metrics>,
) where
	C: BlockBackend<Block> + StorageProvider<Block, B> + ProvideRuntimeApi<Block>,
	C::Api: SequencerScheduleApi<Block, AccountId>,
	B: sc_client_api::Backend<Block>,
	P: TransactionPool<Block = Block, Hash = H256>,
{
	let Ok(Some(body)) = client.block_body(hash) else { return };
	let included: std::collections::HashSet<H256> =
		body.iter().map(|xt| pool.hash_of(xt)).collect();
	waiting.retain(|h, _| !included.contains(h) && pool.ready_transaction(h).is_some());
	let Ok(slot) = sc_consensus_aura::standalone::find_pre_digest::<
		Block,
		sp_consensus_aura::sr25519::AuthoritySignature,
	>(header) else {
		return;
	};
	let slot = u64::from(slot);
	let slot_ms = u64::try_from(slot_duration.as_millis()).unwrap_or(u64::MAX);
	let slot_start = UNIX_EPOCH + Duration::from_millis(slot.saturating_mul(slot_ms));
	let used_len: u64 = body.iter().map(|xt| xt.encoded_size() as u64).sum();
	let key = StorageKey(frame_system::BlockWeight::<Runtime>::hashed_key().to_vec());
	let used_weight = client
		.storage(hash, &key)
		.ok()
		.flatten()
		.and_then(|data| frame_system::ConsumedWeight::decode(&mut &data.0[..]).ok())
		.map_or(0, |w| w.get(DispatchClass::Normal).ref_time());
	let room = Room::left(used_weight, used_len);
	let skipped = skipped(waiting, &included, |_| true, slot_start, GRACE, room);
	if skipped.is_empty() {
		return;
	}
	let leader = client.runtime_api().slot_leader(hash, slot, false).ok().flatten().map_or_else(
		|| "unknown".to_string(),
		|a| a.to_ss58check_with_version(seqchain_runtime::SS58_PREFIX.into()),
	);
	if let Some(metrics) = metrics {
		metrics.skipped.with_label_values(&[&leader]).inc_by(skipped.len() as u64);
	}
	let now = SystemTime::now();
	let longest = skipped
		.iter()
		.map(|(_, tx)| now.duration_since(tx.since).unwrap_or_default())
		.max()
		.unwrap_or_default();
	let mut rollups: Vec<RollupId> = skipped.iter().map(|(_, tx)| tx.rollup).collect();
	rollups.sort_unstable();
	rollups.dedup();
	let (max_weight, max_len) = {
		let full = Room::left(0, 0);
		(full.weight.max(1), full.len.max(1))
	};
	log::warn!(
		target: LOG_TARGET,
		"{} inbox transaction(s) of rollup(s) {rollups:?} waited in this node's pool through slot \
		 {slot}, whose leader {leader} built block #{} ({hash:?}) with room for them ({}% of \
		 normal weight, {}% of normal length used) and did not include them; longest wait {:.1} \
		 s; first {:?}",
		skipped.len(),
		header.number(),
		100 - room.weight.saturating_mul(100) / max_weight,
		100 - room.len.saturating_mul(100) / max_len,
		longest.as_secs_f64(),
		skipped[0].0,
	);
}

#[cfg(test)]
mod tests {
	use super::*;
	use seqchain_runtime::RuntimeCall;

	fn inbox(call: pallet_inbox::Call<Runtime>) -> RuntimeCall {
		RuntimeCall::Inbox(call)
	}

	#[test]
	fn inbox_submissions_are_recognised_with_their_rollup() {
		assert_eq!(
			inbox_rollup(&inbox(pallet_inbox::Call::submit { id: 3, payload: vec![1] })),
			Some(3)
		);
		assert_eq!(
			inbox_rollup(&inbox(pallet_inbox::Call::submit_batch { id: 4, payloads: vec![] })),
			Some(4)
		);
		assert_eq!(
			inbox_rollup(&inbox(pallet_inbox::Call::commit { id: 5, hash: [0; 32] })),
			Some(5)
		);
		assert_eq!(
			inbox_rollup(&inbox(pallet_inbox::Call::reveal {
				id: 6,
				index: 0,
				payload: vec![],
				salt: [0; 32]
			})),
			Some(6)
		);
		assert_eq!(inbox_rollup(&inbox(pallet_inbox::Call::deregister { id: 7 })), None);
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert_eq!(inbox_rollup(&remark), None);
	}

	#[test]
	fn a_waiting_transaction_is_skipped_only_after_the_grace_with_room_and_not_included() {
		let t0 = UNIX_EPOCH + Duration::from_secs(1_000);
		let tx =
			|since: SystemTime, weight: u64, len: u64| Waiting { rollup: 0, since, len, weight };
		let waiting: HashMap<H256, Waiting> = [
			(H256::repeat_byte(1), tx(t0, 10, 10)),
			// Arrived within the grace before the slot: the leader may not have had it.
			(H256::repeat_byte(2), tx(t0 + Duration::from_millis(1_500), 10, 10)),
			// Too heavy for what the block left.
			(H256::repeat_byte(3), tx(t0, 1_000, 10)),
			// Too long for what the block left.
			(H256::repeat_byte(4), tx(t0, 10, 1_000)),
			// Included.
			(H256::repeat_byte(5), tx(t0, 10, 10)),
			// No longer ready.
			(H256::repeat_byte(6), tx(t0, 10, 10)),
		]
		.into_iter()
		.collect();
		let included = [H256::repeat_byte(5)].into_iter().collect();
		let room = Room { weight: 100, len: 100 };
		let slot_start = t0 + Duration::from_secs(2);
		let out =
			skipped(&waiting, &included, |h| *h != H256::repeat_byte(6), slot_start, GRACE, room);
		assert_eq!(out.iter().map(|(h, _)| **h).collect::<Vec<_>>(), vec![H256::repeat_byte(1)]);
		// A full block skips nothing.
		let full = Room { weight: 0, len: 0 };
		assert!(skipped(&waiting, &included, |_| true, slot_start, GRACE, full).is_empty());
	}

	#[test]
	fn room_is_what_the_normal_class_leaves_and_an_empty_block_fits_a_submission() {
		let empty = Room::left(0, 0);
		let call = inbox(pallet_inbox::Call::submit { id: 0, payload: vec![0; 100] });
		let xt = UncheckedExtrinsic::new_bare(call);
		let opaque = sp_runtime::OpaqueExtrinsic::decode(&mut &xt.encode()[..]).unwrap();
		let tx = Waiting::of(&opaque, UNIX_EPOCH).expect("an inbox submission");
		assert!(tx.weight > 0 && tx.len > 100);
		assert!(empty.fits(&tx));
		assert!(!Room::left(empty_weight(), 0).fits(&tx), "a block full by weight");
		assert_eq!(Room::left(u64::MAX, u64::MAX), Room { weight: 0, len: 0 });
	}

	fn empty_weight() -> u64 {
		Room::left(0, 0).weight
	}
}
