//! End to end: the built node runs a development chain that produces and finalizes blocks and
//! answers the RPC calls wallets make first.

mod common;

use common::Node;
use std::time::{Duration, Instant};

/// Three 2 s slots plus node start-up take about 10 s; the margin covers a loaded CI machine.
const PROGRESS_TIMEOUT: Duration = Duration::from_secs(120);

#[test]
fn dev_chain_produces_and_finalizes_blocks() {
	let started = Instant::now();
	let mut node = Node::start("dev", &["--dev", "--tmp"]);

	let (best, finalized) =
		node.wait_for("best block >= 3 and finalized block >= 1", PROGRESS_TIMEOUT, |b, f| {
			b >= 3 && f >= 1
		});
	println!(
		"dev chain: best {best}, finalized {finalized} after {:.1} s",
		started.elapsed().as_secs_f64()
	);

	let chain = node.rpc("system_chain", serde_json::json!([])).expect("system_chain");
	assert_eq!(chain, "Seqchain Development");

	let properties = node.rpc("system_properties", serde_json::json!([])).expect("properties");
	assert_eq!(properties["tokenSymbol"], "SEQ");
	assert_eq!(properties["tokenDecimals"], 12);
	assert_eq!(properties["ss58Format"], 42);

	let metadata = node.rpc("state_getMetadata", serde_json::json!([])).expect("metadata");
	let metadata = metadata.as_str().expect("hex string");
	// SCALE-encoded metadata starts with the magic bytes "meta".
	assert!(metadata.starts_with("0x6d657461"), "{}", &metadata[..20.min(metadata.len())]);

	let version = node.rpc("state_getRuntimeVersion", serde_json::json!([])).expect("version");
	assert_eq!(version["specName"], "seqchain");

	node.stop();
}

/// `--grandpa-vote-lag` sets how far finality trails the best block: with 0 the voter votes for
/// the best block, so the finalized head catches up with it; with a lag of 2 it never comes
/// closer than two blocks. Both nodes run side by side for the same slots.
#[test]
fn grandpa_vote_lag_sets_how_far_finality_trails() {
	let mut tip = Node::start("lag-0", &["--dev", "--tmp", "--grandpa-vote-lag", "0"]);
	let mut lagging = Node::start("lag-2", &["--dev", "--tmp", "--grandpa-vote-lag", "2"]);
	for node in [&mut tip, &mut lagging] {
		node.wait_for("best block >= 5 and finalized >= 1", PROGRESS_TIMEOUT, |b, f| {
			b >= 5 && f >= 1
		});
	}
	// Five slots of samples from each node.
	let (mut tip_gaps, mut lagging_gaps) = (Vec::new(), Vec::new());
	let until = Instant::now() + Duration::from_secs(10);
	while Instant::now() < until {
		for (node, gaps) in [(&tip, &mut tip_gaps), (&lagging, &mut lagging_gaps)] {
			let (best, finalized) = node.heights().expect("heights");
			gaps.push(best - finalized);
		}
		std::thread::sleep(Duration::from_millis(200));
	}
	println!("best - finalized: lag 0 {tip_gaps:?}; lag 2 {lagging_gaps:?}");
	assert!(tip_gaps.contains(&0), "lag 0: finality never reached the best block: {tip_gaps:?}");
	assert!(
		lagging_gaps.iter().all(|gap| *gap >= 2),
		"lag 2: finality came within two blocks of the best: {lagging_gaps:?}"
	);
	tip.stop();
	lagging.stop();
}

/// GRANDPA's RPC is served: `grandpa_roundState` reports the voter's set (Alice alone, set 0 on
/// a fresh development chain) and its rounds. `grandpa_proveFinality` proves blocks of sets
/// that have ended and of the current set once one has (the SDK keeps the set changes it proves
/// from): in the chain's first set, the first session, it answers that the block is not
/// covered, which this test pins so that a change of it is seen.
#[test]
fn grandpa_rpc_reports_the_voter_and_its_proof_limits() {
	let mut node = Node::start("grandpa-rpc", &["--dev", "--tmp"]);
	node.wait_for("finalized block >= 3", PROGRESS_TIMEOUT, |_, f| f >= 3);
	let state = node.rpc("grandpa_roundState", serde_json::json!([])).expect("round state");
	assert_eq!(state["setId"], 0, "{state}");
	assert_eq!(state["best"]["totalWeight"], 1, "{state}");
	assert!(state["best"]["round"].as_u64().is_some_and(|r| r >= 1), "{state}");
	let first_set = node.rpc("grandpa_proveFinality", serde_json::json!([2])).unwrap_err();
	assert!(first_set.contains("not covered by authority set changes"), "{first_set}");
	let ahead = node.rpc("grandpa_proveFinality", serde_json::json!([1_000_000])).unwrap_err();
	assert!(ahead.contains("not yet finalized"), "{ahead}");
	node.stop();
}
