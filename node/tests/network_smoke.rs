//! The smoke network, `zombienet/smoke.toml`: three of the `local` chain's four sequencers on
//! this machine. With Dave absent GRANDPA needs all three votes, so the test proves block
//! production, gossip and finality across nodes, that the absent sequencer's slots are charged
//! to it in chain state, that every node's Prometheus exporter reports the chain, and that a
//! rollup fed through one node reads back identically from every node.
//!
//! `scripts/network.sh` runs the four-node fault tests (`tests/network.rs`).

mod common;

use common::{
	network::{twox64_concat_key, value_key, Network},
	ok, rollup_client,
};
use sp_core::crypto::AccountId32;
use sp_keyring::Sr25519Keyring;
use sp_runtime::codec::Encode;
use std::time::Duration;

const NODES: [&str; 3] = ["alice", "bob", "charlie"];

/// `SlotRotation::Sessions(session)`: (set in leader order, Aura keys, first slot).
type SessionRecord = (Vec<AccountId32>, Vec<[u8; 32]>, Option<u64>);
/// `SlotRotation::Stats(session)`: (authored, missed, streak) per member of the set.
type Stats = Vec<(u32, u32, u32)>;

#[test]
fn three_of_four_sequencers_finalize_and_serve_one_rollup_stream() {
	let mut net = Network::start("smoke.toml", "smoke");

	let first_final = net.wait_connected_and_finalizing(&NODES, 2);
	net.figure(&format!(
		"smoke, 3 of 4 sequencers: first block finalized on every node {:.1} s after the first \
		 node started",
		first_final.as_secs_f64()
	));

	// Best and finalized advance on every node, on one chain.
	let now = net.wait_all(&NODES, "heights", Duration::from_secs(5), |_, _| true);
	let target = now.iter().map(|(_, f)| *f).max().unwrap_or(0) + 3;
	let heights =
		net.wait_all(&NODES, "three more finalized blocks", Duration::from_secs(120), |b, f| {
			b >= target && f >= target
		});
	let common_final = heights.iter().map(|(_, f)| *f).min().unwrap_or(0);
	let hashes: Vec<_> = NODES
		.iter()
		.map(|n| net.node(n).block_hash(common_final).expect("chain_getBlockHash"))
		.collect();
	assert!(hashes.iter().all(|h| h.is_some() && *h == hashes[0]), "{hashes:?}");

	// Monitoring: every node's exporter reports its finalized height and its two peers (the
	// exporter's figures are refreshed every few seconds).
	net.wait_until("the Prometheus exporters to report", Duration::from_secs(30), |net| {
		for name in NODES {
			let node = net.node(name);
			let finalized = node.metric("substrate_block_height{status=\"finalized\"")?;
			let peers = node.metric("substrate_sub_libp2p_peers_count")?;
			if finalized < common_final as f64 || peers < 2.0 {
				return Ok(None);
			}
		}
		Ok(Some(()))
	});

	// Dave never runs: chain state charges his slots to him and credits him nothing.
	let alice = net.node("alice");
	let session: u32 =
		alice.storage_decoded(&value_key("SlotRotation", "CurrentSession"), None).expect("session");
	let (set, _, _): SessionRecord = alice
		.storage_decoded(&twox64_concat_key("SlotRotation", "Sessions", &session.encode()), None)
		.expect("Sessions");
	assert_eq!(set.len(), 4, "the local chain's four sequencers");
	let stats: Stats = alice
		.storage_decoded(&twox64_concat_key("SlotRotation", "Stats", &session.encode()), None)
		.expect("Stats");
	for (member, (authored, missed, _)) in set.iter().zip(&stats) {
		if *member == Sr25519Keyring::Dave.to_account_id() {
			assert_eq!(*authored, 0, "Dave is not running");
			assert!(*missed >= 1, "Dave's slots are charged to him: {stats:?}");
		} else {
			assert!(*authored >= 1, "{member} authored: {stats:?}");
		}
	}

	// A rollup registered and fed through Alice's node reads back identically from every node.
	let port = net.node("alice").rpc_port;
	let id = ok(rollup_client(port, "//Alice", &["register", "smoke"], b""), "register");
	let id = id.trim().to_string();
	for round in 0..2 {
		let batch = format!("smoke-{round}-a\nsmoke-{round}-b\nsmoke-{round}-c");
		ok(rollup_client(port, "//Bob", &["submit", &id, "--lines"], batch.as_bytes()), "submit");
	}
	let streams: Vec<String> = NODES
		.iter()
		.map(|n| {
			let port = net.node(n).rpc_port;
			ok(
				rollup_client(
					port,
					"//Alice",
					&["follow", "--trust-node", &id, "--until", "6"],
					b"",
				),
				"follow",
			)
		})
		.collect();
	assert_eq!(streams[0].lines().count(), 6, "{}", streams[0]);
	assert!(streams[0].contains("\"index\":5"), "{}", streams[0]);
	for (name, stream) in NODES.iter().zip(&streams) {
		assert_eq!(stream, &streams[0], "{name}'s stream differs from Alice's");
	}
	// The range RPC agrees on every node, commitments included, up to a block all have final.
	let heights = net.wait_all(&NODES, "heights", Duration::from_secs(5), |_, _| true);
	let upto = heights.iter().map(|(_, f)| *f).min().unwrap_or(0);
	let ranges: Vec<_> = NODES
		.iter()
		.map(|n| {
			net.node(n)
				.rpc(
					"inbox_submissions",
					serde_json::json!([id.parse::<u32>().ok(), 0, upto, true]),
				)
				.expect("inbox_submissions")
		})
		.collect();
	assert_eq!(ranges[0]["nextBlock"], serde_json::Value::Null, "one page");
	let entries: usize = ranges[0]["blocks"]
		.as_array()
		.expect("blocks")
		.iter()
		.map(|b| b["entries"].as_array().map_or(0, Vec::len))
		.sum();
	assert_eq!(entries, 6, "{}", ranges[0]);
	assert!(ranges.iter().all(|r| *r == ranges[0]), "{ranges:?}");

	let lag = net.finality_lag("alice", Duration::from_secs(30));
	net.figure(&format!(
		"smoke, 3 of 4 sequencers: finality lag median {:.1} s, max {:.1} s over {} blocks \
		 (median distance best - finalized {} blocks)",
		lag.median_s, lag.max_s, lag.blocks, lag.median_distance
	));
}
