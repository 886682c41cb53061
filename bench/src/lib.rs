//! What the load tools share: accounts funded for a run, rollups registered for it, a watched
//! transaction's latencies, quantiles. `seqchain-load` measures throughput and latency;
//! `seqchain-abuse` measures what abuse of a public RPC node costs the chain.

use std::time::{Duration, Instant};

use codec::Encode;
use jsonrpsee::{
	core::client::{Subscription, SubscriptionClientT},
	rpc_params,
};
use pallet_inbox::{OrderingPolicy, RollupConfig, SubmitterPolicy};
use rollup_client::node::{Error, Node};
use seqchain_runtime::{AccountId, RuntimeEvent, UncheckedExtrinsic};
use sp_core::{sr25519, Pair};

pub mod abuse;

/// The `q` quantile (0..=1) of sorted `values`, nearest rank.
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
	if values.is_empty() {
		return None;
	}
	let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
	Some(values[rank - 1])
}

/// `count` new accounts (`//seqchain-bench//<pid>//<tag>//<i>`), each given `amount` by
/// `funder`; returns once the transfers are in a block.
pub async fn fund_signers(
	node: &Node,
	funder: &sr25519::Pair,
	tag: &str,
	count: u32,
	amount: u128,
) -> Result<Vec<sr25519::Pair>, Error> {
	let pid = std::process::id();
	let signers = (0..count)
		.map(|i| {
			let uri = format!("//seqchain-bench//{pid}//{tag}//{i}");
			sr25519::Pair::from_string(&uri, None).map_err(|e| format!("{uri}: {e:?}"))
		})
		.collect::<Result<Vec<_>, _>>()?;
	let first = node.nonce(&funder.public().into()).await?;
	let mut transfers: Vec<UncheckedExtrinsic> = signers
		.iter()
		.zip(first..)
		.map(|(s, nonce)| {
			let call = pallet_balances::Call::transfer_keep_alive {
				dest: AccountId::from(s.public()).into(),
				value: amount,
			};
			node.sign(funder, call.into(), nonce, None)
		})
		.collect();
	// All but the last without waiting, then the last watched: in nonce order, one block.
	let last = transfers.pop().ok_or("no signers")?;
	for xt in &transfers {
		node.submit(xt).await?;
	}
	node.submit_and_watch(&last, false).await?;
	Ok(signers)
}

/// Submits `xt` and watches it: seconds from submission to in-block and to finalized.
pub async fn watch(node: &Node, xt: UncheckedExtrinsic) -> Result<(f64, f64), Error> {
	let hex = format!("0x{}", hex::encode(xt.encode()));
	let start = Instant::now();
	let mut sub: Subscription<serde_json::Value> = node
		.rpc
		.subscribe("author_submitAndWatchExtrinsic", rpc_params![hex], "author_unwatchExtrinsic")
		.await
		.map_err(|e| format!("the node refused the transaction: {e}"))?;
	let mut in_block = None;
	loop {
		let status = tokio::time::timeout(Duration::from_secs(120), sub.next())
			.await
			.map_err(|_| "no finality within 120 s")?
			.ok_or("the node closed the transaction watch")?
			.map_err(|e| format!("transaction watch: {e}"))?;
		if status.get("inBlock").is_some() && in_block.is_none() {
			in_block = Some(start.elapsed().as_secs_f64());
		}
		if status.get("finalized").is_some() {
			let finalized = start.elapsed().as_secs_f64();
			return Ok((in_block.unwrap_or(finalized), finalized));
		}
		for bad in ["dropped", "invalid", "usurped", "finalityTimeout"] {
			if status.get(bad).is_some() || status.as_str() == Some(bad) {
				return Err(format!("transaction {bad}: {status}"));
			}
		}
	}
}

/// `count` open, plain rollups taking payloads up to 1 MiB, registered by `owner`, named
/// `<prefix>-<pid>-<i>`.
pub async fn register_rollups(
	prefix: &str,
	node: &Node,
	owner: &sr25519::Pair,
	count: u32,
) -> Result<Vec<u32>, Error> {
	let mut rollups = Vec::new();
	for i in 0..count {
		let name = format!("{prefix}-{}-{i}", std::process::id());
		let config = RollupConfig {
			submitters: SubmitterPolicy::Open,
			max_payload_bytes: 1024 * 1024,
			max_submissions_per_block: 1024,
			ordering: OrderingPolicy::Plain,
		};
		let call = pallet_inbox::Call::register_rollup { name: name.into_bytes(), config };
		let nonce = node.nonce(&owner.public().into()).await?;
		let out = node.submit_and_watch(&node.sign(owner, call.into(), nonce, None), false).await?;
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
	Ok(rollups)
}

#[cfg(test)]
mod tests {
	use super::quantile;

	#[test]
	fn quantiles_are_nearest_rank() {
		let v: Vec<f64> = (1..=100).map(f64::from).collect();
		assert_eq!(quantile(&v, 0.5), Some(50.0));
		assert_eq!(quantile(&v, 0.99), Some(99.0));
		assert_eq!(quantile(&v, 1.0), Some(100.0));
		assert_eq!(quantile(&[3.0], 0.99), Some(3.0));
		assert_eq!(quantile(&[], 0.5), None);
		assert_eq!(quantile(&[1.0, 2.0, 3.0], 0.5), Some(2.0));
	}
}
