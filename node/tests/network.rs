//! The four-sequencer local network, `zombienet/network.toml`, and what happens when one
//! sequencer fails. Not part of `cargo test --workspace` (it runs for about 32 minutes, most of
//! it waiting for the first three sessions to end); `scripts/network.sh` runs it.
//!
//! In order, against chain state and RPC answers:
//! 1. all four nodes up and connected; best and finalized advance on every node;
//! 2. a rollup registered and fed through Alice's node;
//! 3. Dave stopped: finality continues on the other three; his slots are charged to him; after
//!    `LivenessThreshold` of his own slots in a row he is marked failed;
//! 4. at the session's end he is reported (a pending liveness slash in staking), left out of the
//!    next session's set and excluded;
//! 5. Dave restarted on his database: he catches up to the others' finalized head;
//! 6. the rollup's stream and range RPC answers are identical on all four nodes;
//! 7. once GRANDPA's set changed (block 600, Dave's exclusion), and again once it changed a
//!    second time (block 900, his return), the rollup's stream, read trusting no node from the
//!    genesis of the local chain's raw spec (justifications of each set and its handoff to the
//!    next, storage and body proofs), is the same from every node; a cursor saved after the
//!    first change resumes across the second.
//!
//! Printed figures (also in `logs/network/network/figures.txt`): time to the first finalized
//! block, finality lag with 4 of 4 and 3 of 4 sequencers, catch-up time.

mod common;

use common::{
	network::{twox64_blake2_128_concat_key, twox64_concat_key, value_key, Network},
	ok, rollup_client,
};
use seqchain_primitives::FaultKind;
use sp_core::crypto::AccountId32;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	codec::{Decode, Encode},
	Perbill,
};
use std::time::{Duration, Instant};

const NODES: [&str; 4] = ["alice", "bob", "charlie", "dave"];
const UP: [&str; 3] = ["alice", "bob", "charlie"];

/// `SlotRotation::Sessions(session)`: (set in leader order, Aura keys, first slot).
type SessionRecord = (Vec<AccountId32>, Vec<[u8; 32]>, Option<u64>);
/// `SlotRotation::Stats(session)`: (authored, missed, streak) per member of the set.
type Stats = Vec<(u32, u32, u32)>;
/// `SequencerStaking::SlashRecords(offence era, (offender, kind))`: (fraction, slash from era,
/// apply era, state: 0 pending, 1 applied, 2 cancelled, postponed).
type SlashRecord = (Perbill, u32, u32, u8, bool);

/// The runtime's slash deferral in eras (`SlashDeferDuration`).
const SLASH_DEFER_ERAS: u32 = 24;

fn dave() -> AccountId32 {
	Sr25519Keyring::Dave.to_account_id()
}

/// Dave's (authored, missed, streak) in `session`, read from `node`'s best state.
fn dave_stats(net: &Network, session: u32) -> Result<(u32, u32, u32), String> {
	let alice = net.node("alice");
	let (set, _, _): SessionRecord = alice
		.storage_decoded(&twox64_concat_key("SlotRotation", "Sessions", &session.encode()), None)?;
	let position = set.iter().position(|a| *a == dave()).ok_or("Dave is not in the set")?;
	let stats: Stats = alice
		.storage_decoded(&twox64_concat_key("SlotRotation", "Stats", &session.encode()), None)?;
	stats.get(position).copied().ok_or_else(|| "no stats for Dave".into())
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn current_session(net: &Network) -> Result<u32, String> {
	net.node("alice").storage_decoded(&value_key("SlotRotation", "CurrentSession"), None)
}

#[test]
fn four_sequencers_survive_one_failure() {
	let mut net = Network::start("network.toml", "network");

	// 1. Up, connected, finalizing.
	let first_final = net.wait_connected_and_finalizing(&NODES, 3);
	net.figure(&format!(
		"network, 4 of 4 sequencers: first block finalized on every node {:.1} s after the first \
		 node started",
		first_final.as_secs_f64()
	));
	let now = net.wait_all(&NODES, "heights", Duration::from_secs(5), |_, _| true);
	let target = now.iter().map(|(_, f)| *f).max().unwrap_or(0) + 3;
	net.wait_all(&NODES, "three more finalized blocks", Duration::from_secs(120), |b, f| {
		b >= target && f >= target
	});

	// 2. A rollup fed through Alice's node, while all four run.
	let port = net.node("alice").rpc_port;
	let id = ok(rollup_client(port, "//Alice", &["register", "network"], b""), "register");
	let id = id.trim().to_string();
	for round in 0..3 {
		let batch = format!("network-{round}-a\nnetwork-{round}-b");
		ok(rollup_client(port, "//Bob", &["submit", &id, "--lines"], batch.as_bytes()), "submit");
	}

	let lag = net.finality_lag("alice", Duration::from_secs(40));
	net.figure(&format!(
		"network, 4 of 4 sequencers: finality lag median {:.1} s, max {:.1} s over {} blocks \
		 (median distance best - finalized {} blocks)",
		lag.median_s, lag.max_s, lag.blocks, lag.median_distance
	));

	// 3. Dave stops. The other three keep finalizing; his slots are missed and charged to him.
	let session = current_session(&net).expect("CurrentSession");
	let (authored_before, missed_before, _) = dave_stats(&net, session).expect("Dave's stats");
	assert!(authored_before >= 1, "Dave authored while running");
	net.stop("dave");
	let stopped = Instant::now();
	let now = net.wait_all(&UP, "heights", Duration::from_secs(5), |_, _| true);
	let target = now.iter().map(|(_, f)| *f).max().unwrap_or(0) + 5;
	net.wait_all(
		&UP,
		"five more finalized blocks without Dave",
		Duration::from_secs(120),
		|b, f| b >= target && f >= target,
	);
	let lag = net.finality_lag("alice", Duration::from_secs(40));
	net.figure(&format!(
		"network, 3 of 4 sequencers: finality lag median {:.1} s, max {:.1} s over {} blocks \
		 (median distance best - finalized {} blocks)",
		lag.median_s, lag.max_s, lag.blocks, lag.median_distance
	));

	// After `LivenessThreshold` (10) of his own slots in a row, 40 slots or 80 s, he has failed.
	net.wait_until("Dave marked failed", Duration::from_secs(300), |net| {
		let failed: Vec<AccountId32> =
			net.node("alice").storage_decoded(&value_key("SlotRotation", "Failed"), None)?;
		Ok(failed.contains(&dave()).then_some(()))
	});
	let (authored, missed, streak) = dave_stats(&net, session).expect("Dave's stats");
	assert_eq!(authored, authored_before, "Dave authored nothing while stopped");
	assert!(missed >= missed_before + 10 && streak >= 10, "missed {missed}, streak {streak}");
	net.figure(&format!(
		"network: Dave marked failed {:.0} s after he stopped ({missed} slots missed, {streak} \
		 in a row)",
		stopped.elapsed().as_secs_f64()
	));

	// 4. The session ends (block 300): Dave is reported, excluded and left out of the next set.
	net.wait_until("the next session", Duration::from_secs(1200), |net| {
		Ok((current_session(net)? > session).then_some(()))
	});
	let alice = net.node("alice");
	let excluded: Vec<AccountId32> =
		alice.storage_decoded(&value_key("SlotRotation", "Excluded"), None).expect("Excluded");
	assert_eq!(excluded, vec![dave()], "Dave alone is excluded");
	let (next, next_set): (u32, Vec<AccountId32>) =
		alice.runtime_call("SequencerScheduleApi_next_schedule", &[], None).expect("next_schedule");
	assert_eq!(next, session + 2);
	assert_eq!(next_set.len(), 3, "{next_set:?}");
	assert!(!next_set.contains(&dave()), "Dave is left out of session {next}'s set");
	let queued: SessionRecord = alice
		.storage_decoded(&twox64_concat_key("SlotRotation", "Sessions", &next.encode()), None)
		.expect("Sessions");
	assert_eq!(queued.0, next_set, "the queued record is the schedule");
	let era: u32 =
		alice.storage_decoded(&value_key("SequencerStaking", "CurrentEra"), None).expect("era");
	// Dave failed in this era (the test runs within the first hour), so the offence's era
	// is the current one and its slash is due `SLASH_DEFER_ERAS` later.
	let record = alice
		.storage(
			&twox64_blake2_128_concat_key(
				"SequencerStaking",
				"SlashRecords",
				&era.encode(),
				&(dave(), FaultKind::LivenessFailure).encode(),
			),
			None,
		)
		.expect("SlashRecords")
		.expect("a liveness slash of Dave is recorded");
	let (_, _, apply_era, state, _) = SlashRecord::decode(&mut &record[..]).expect("a SlashRecord");
	assert_eq!((apply_era, state), (era + SLASH_DEFER_ERAS, 0), "pending, due after the deferral");
	net.figure(&format!(
		"network: session {} began {:.0} s after Dave stopped; Dave excluded from session {next} \
		 and a liveness slash pending",
		session + 1,
		stopped.elapsed().as_secs_f64()
	));

	// 5. Dave comes back on his database and catches up to the others' finalized head.
	let now = net.wait_all(&UP, "heights", Duration::from_secs(5), |_, _| true);
	let head = now.iter().map(|(_, f)| *f).max().unwrap_or(0);
	let restarted = Instant::now();
	net.restart("dave");
	net.wait_all(&["dave"], "Dave to catch up", Duration::from_secs(300), |_, f| f >= head);
	let (ours, theirs) = (
		net.node("dave").block_hash(head).expect("hash"),
		net.node("alice").block_hash(head).expect("hash"),
	);
	assert!(
		ours.is_some() && ours == theirs,
		"Dave's block {head} is Alice's: {ours:?} {theirs:?}"
	);
	net.figure(&format!(
		"network: Dave restarted and finalized the others' head (block {head}) in {:.1} s",
		restarted.elapsed().as_secs_f64()
	));

	// 6. The rollup's stream, read from each of the four nodes, is one stream.
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
	for (name, stream) in NODES.iter().zip(&streams) {
		assert_eq!(stream, &streams[0], "{name}'s stream differs from Alice's");
	}
	let ranges: Vec<_> = NODES
		.iter()
		.map(|n| {
			net.node(n)
				.rpc(
					"inbox_submissions",
					serde_json::json!([id.parse::<u32>().ok(), 0, head, true]),
				)
				.expect("inbox_submissions")
		})
		.collect();
	assert!(ranges.iter().all(|r| *r == ranges[0]), "{ranges:?}");
	assert_eq!(ranges[0]["nextBlock"], serde_json::Value::Null, "one page");
	assert!(!ranges[0]["blocks"].as_array().expect("blocks").is_empty());

	// 7. The same stream, trusting no node: verified from the local chain's genesis set, across
	//    GRANDPA's set changes (the set changes when the sequencer set does: at block 600 Dave's
	//    exclusion takes effect, at block 900 his return), from each node; and a cursor saved in
	//    the first set after genesis resumes across the second change.
	let spec = std::env::temp_dir().join(format!("seqchain-network-{}.json", std::process::id()));
	common::raw_spec("local", &spec);
	let spec_path = spec.to_str().expect("utf-8 path").to_string();
	let cursor =
		std::env::temp_dir().join(format!("seqchain-network-{}.cursor", std::process::id()));
	let cursor_path = cursor.to_str().expect("utf-8 path").to_string();
	for changes in [1u64, 2] {
		let set_id: u64 = net.wait_until(
			&format!("GRANDPA set change {changes}"),
			Duration::from_secs(900),
			|net| {
				// At every node's finalized head, not the best block: the change is scheduled in
				// the state of the session's first block, and the client follows it only once
				// that block is final on the node it reads (a follow started between the two
				// stays in the old set).
				let mut lowest = u64::MAX;
				for name in NODES {
					let node = net.node(name);
					let finalized = node.finalized_hash()?;
					let id: u64 = node
						.storage_decoded(&value_key("Grandpa", "CurrentSetId"), Some(&finalized))?;
					lowest = lowest.min(id);
				}
				Ok((lowest >= changes).then_some(lowest))
			},
		);
		let mut expected = streams[0].clone();
		if changes == 2 {
			// One more entry, in the set after the second change, for the saved cursor to read.
			let port = net.node("alice").rpc_port;
			ok(rollup_client(port, "//Bob", &["submit", &id, "--finalized"], b"after-2"), "submit");
			let args = ["follow", &id, "--until", "7", "--state", &cursor_path];
			let resumed = ok(rollup_client(port, "//Alice", &args, b""), "follow from the cursor");
			assert_eq!(resumed.lines().count(), 1, "{resumed}");
			assert!(resumed.contains(&format!("0x{}", hex(b"after-2"))), "{resumed}");
			expected.push_str(&resumed);
		}
		let until = if changes == 2 { "7" } else { "6" };
		for name in NODES {
			let port = net.node(name).rpc_port;
			let mut args =
				vec!["follow", id.as_str(), "--until", until, "--chain-spec", &spec_path];
			if changes == 1 && name == "alice" {
				args.extend(["--state", cursor_path.as_str()]);
			}
			let out = rollup_client(port, "//Alice", &args, b"");
			let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
			let stdout = ok(out, "follow trusting nothing");
			assert_eq!(stdout, expected, "{name}: the verified stream is the one the node reports");
			// "... finalized block N verified (authority set S)"
			let reached: u64 = stderr
				.split("(authority set ")
				.nth(1)
				.and_then(|r| r.split(')').next())
				.and_then(|s| s.parse().ok())
				.unwrap_or_else(|| panic!("{name}: no authority set reported: {stderr}"));
			assert!(reached >= set_id, "{name}: set {reached} reached, the chain is at {set_id}");
			if name == "alice" {
				net.figure(&format!(
					"network: follow trusting no node verified the stream from genesis through \
					 {reached} GRANDPA set change(s)"
				));
			}
		}
	}
	let _ = std::fs::remove_file(cursor);
	let _ = std::fs::remove_file(spec);
}
