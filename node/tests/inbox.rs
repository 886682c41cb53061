//! End to end: rollups use a running dev node through `rollup-client`. Two rollups submit
//! interleaved batches; `follow` returns each rollup exactly its own entries in submission
//! order, verified against the chain's commitments, and resumes from its saved cursor; a
//! tampered recording fails verification; sealed entries are committed and revealed; bad input
//! gets the pallet's named error.

mod common;

use common::{ok, Node};
use std::{
	process::Output,
	time::{Duration, Instant},
};

/// Runs `rollup-client` against `node` as `suri`, feeding `stdin`.
fn client(node: &Node, suri: &str, args: &[&str], stdin: &[u8]) -> Output {
	common::rollup_client(node.rpc_port, suri, args, stdin)
}

fn stream_payloads(out: &str) -> Vec<(u64, String, Vec<u8>)> {
	out.lines()
		.map(|l| {
			let v: serde_json::Value = serde_json::from_str(l).expect("a JSON entry per line");
			let payload = v["payload"].as_str().map(hex_decode).unwrap_or_default();
			(
				v["index"].as_u64().expect("index"),
				v["status"].as_str().expect("status").into(),
				payload,
			)
		})
		.collect()
}

fn hex_decode(s: &str) -> Vec<u8> {
	let s = s.trim_start_matches("0x");
	(0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

#[test]
fn rollups_submit_follow_verify_and_resume() {
	let started = Instant::now();
	let mut node = Node::start("inbox", &["--dev", "--tmp"]);
	node.wait_for("block 1", Duration::from_secs(120), |b, _| b >= 1);

	let alpha = ok(client(&node, "//Alice", &["register", "alpha"], b""), "register alpha");
	let beta = ok(
		client(&node, "//Bob", &["register", "beta", "--max-payload-bytes", "8"], b""),
		"register beta",
	);
	let (alpha, beta) = (alpha.trim().to_string(), beta.trim().to_string());
	assert_ne!(alpha, beta);
	// `follow` verifies everything from the genesis of the chain's raw spec.
	let dir = std::env::temp_dir().join(format!("seqchain-inbox-e2e-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	let spec = dir.join("dev.raw.json");
	common::raw_spec("dev", &spec);
	let spec = spec.to_str().expect("utf-8 path");

	// Interleaved batches from two submitters at once, so they share blocks.
	let rounds = 3;
	let batch = |name: &str, round: usize| -> Vec<Vec<u8>> {
		(0..3).map(|i| format!("{name}-{round}-{i}").into_bytes()).collect()
	};
	std::thread::scope(|s| {
		for (id, name, suri) in [(&alpha, "a", "//Charlie"), (&beta, "b", "//Dave")] {
			let node = &node;
			s.spawn(move || {
				for round in 0..rounds {
					let input = batch(name, round).join(&b'\n');
					ok(client(node, suri, &["submit", id, "--lines"], &input), "submit batch");
				}
			});
		}
	});
	let expected =
		|name: &str| -> Vec<Vec<u8>> { (0..rounds).flat_map(|r| batch(name, r)).collect() };
	let total = (rounds * 3) as u64;

	// Each rollup reads exactly its own entries, in submission order, verified.
	for (id, name) in [(&alpha, "a"), (&beta, "b")] {
		let out = ok(
			client(
				&node,
				"//Alice",
				&["follow", id, "--until", &total.to_string(), "--chain-spec", spec],
				b"",
			),
			"follow",
		);
		let entries = stream_payloads(&out);
		assert_eq!(entries.iter().map(|e| e.0).collect::<Vec<_>>(), (0..total).collect::<Vec<_>>());
		assert!(entries.iter().all(|e| e.1 == "plain"));
		assert_eq!(entries.into_iter().map(|e| e.2).collect::<Vec<_>>(), expected(name));
		std::fs::write(dir.join(format!("{name}.jsonl")), &out).expect("record");
	}

	// A reader that stops and restarts with its cursor continues where it stopped.
	let state = dir.join("alpha-cursor.json");
	let state = state.to_str().expect("utf-8 path");
	let first = ok(
		client(
			&node,
			"//Alice",
			&["follow", &alpha, "--state", state, "--until", "4", "--chain-spec", spec],
			b"",
		),
		"follow 1",
	);
	let second = ok(
		client(
			&node,
			"//Alice",
			&["follow", &alpha, "--state", state, "--until", &total.to_string()],
			b"",
		),
		"follow 2",
	);
	let resumed: Vec<_> =
		stream_payloads(&first).into_iter().chain(stream_payloads(&second)).collect();
	assert_eq!(resumed.iter().map(|e| e.0).collect::<Vec<_>>(), (0..total).collect::<Vec<_>>());

	// The recording verifies offline; one altered byte makes verification fail loudly.
	let recorded = std::fs::read_to_string(dir.join("a.jsonl")).expect("recording");
	ok(client(&node, "//Alice", &["verify", &alpha], recorded.as_bytes()), "verify");
	let mut lines: Vec<String> = recorded.lines().map(String::from).collect();
	let original = hex_decode(
		serde_json::from_str::<serde_json::Value>(&lines[4]).unwrap()["payload"].as_str().unwrap(),
	);
	let mut altered = original.clone();
	altered[0] ^= 1;
	lines[4] = lines[4].replace(&hex(&original), &hex(&altered));
	let tampered = client(&node, "//Alice", &["verify", &alpha], lines.join("\n").as_bytes());
	assert_eq!(tampered.status.code(), Some(2), "tampering must fail verification");
	let stderr = String::from_utf8_lossy(&tampered.stderr);
	assert!(stderr.contains("VERIFICATION FAILED") && stderr.contains("entry 4"), "{stderr}");

	// The range RPC agrees with the stream: same entries, and its commitments are the chain's.
	let best = node.heights().expect("heights").0;
	let page = node
		.rpc("inbox_submissions", serde_json::json!([alpha.parse::<u32>().unwrap(), 0, best, true]))
		.expect("inbox_submissions");
	// A few small payloads: one page, the last.
	assert_eq!(page["nextBlock"], serde_json::Value::Null, "{page}");
	let blocks = &page["blocks"];
	let from_rpc: Vec<String> = blocks
		.as_array()
		.expect("array")
		.iter()
		.flat_map(|b| b["entries"].as_array().expect("entries").clone())
		.map(|e| e["payload"].as_str().expect("payload").to_string())
		.collect();
	assert_eq!(from_rpc, expected("a").iter().map(|p| hex(p)).collect::<Vec<_>>());
	let info =
		node.rpc("inbox_rollup", serde_json::json!([alpha.parse::<u32>().unwrap(), null])).unwrap();
	let last_commitment = blocks.as_array().unwrap().last().unwrap()["commitment"].clone();
	assert_eq!(info["commitment"], last_commitment);
	assert_eq!(info["nextIndex"], total);

	// Sealed: the position is fixed by the commit, the payload arrives with the reveal.
	let gamma =
		ok(client(&node, "//Eve", &["register", "gamma", "--sealed"], b""), "register gamma");
	let gamma = gamma.trim();
	let committed = ok(client(&node, "//Ferdie", &["commit", gamma], b"sealed payload"), "commit");
	let mut parts = committed.split_whitespace();
	let (index, salt) = (parts.next().expect("index"), parts.next().expect("salt"));
	assert_eq!(index, "0");
	let wrong = client(&node, "//Ferdie", &["reveal", gamma, index, salt], b"other payload");
	assert_eq!(wrong.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&wrong.stderr).contains("Inbox.RevealMismatch"));
	ok(client(&node, "//Ferdie", &["reveal", gamma, index, salt], b"sealed payload"), "reveal");
	let out = ok(
		client(&node, "//Alice", &["follow", gamma, "--until", "1", "--chain-spec", spec], b""),
		"follow gamma",
	);
	assert_eq!(
		stream_payloads(&out),
		vec![(0, "revealed".to_string(), b"sealed payload".to_vec())]
	);

	// Bad input: named errors, exit code 1.
	for (args, stdin, error) in [
		(vec!["submit", "99"], &b"x"[..], "Inbox.UnknownRollup"),
		(vec!["submit", beta.as_str()], &b"123456789"[..], "Inbox.PayloadTooLarge"),
		(vec!["submit", gamma], &b"x"[..], "Inbox.SealedRollup"),
		(vec!["register", "alpha"], &b""[..], "Inbox.NameTaken"),
		(vec!["register", "Bad Name"], &b""[..], "Inbox.InvalidName"),
	] {
		let out = client(&node, "//Alice", &args, stdin);
		assert_eq!(out.status.code(), Some(1), "{args:?}");
		let stderr = String::from_utf8_lossy(&out.stderr);
		assert!(stderr.contains(error), "{args:?}: {stderr}");
	}
	// Every fee paid above (transaction fees, inbox fees, the refunded commit deposit aside)
	// sits in the fee pot until the era ends, and the economy's books balance.
	let m = node.rpc("economics_metrics", serde_json::json!([null])).expect("economics_metrics");
	let amount = |k: &str| m[k].as_str().expect(k).parse::<u128>().expect(k);
	assert!(amount("currentEraFees") > 0, "{m}");
	assert_eq!(
		amount("totalIssuance"),
		amount("genesisIssuance") + amount("minted") - amount("burned"),
		"{m}"
	);
	assert_eq!(m["activeSequencers"], 1, "{m}");
	assert_eq!(m["stakeHhi"], 10_000, "one sequencer holds all the active stake: {m}");
	let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	let pending = node
		.rpc("economics_pendingRewards", serde_json::json!([alice, alice, null]))
		.expect("economics_pendingRewards");
	assert_eq!(pending, "0", "no era has ended yet");
	let _ = std::fs::remove_dir_all(&dir);
	println!("inbox end to end: {:.1} s", started.elapsed().as_secs_f64());
	node.stop();
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}
