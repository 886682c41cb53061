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
