//! End to end: `rollup-client follow` trusts no node. It verifies a real dev node's answers
//! from the chain spec's genesis (GRANDPA justifications, headers, storage proofs, bodies and
//! events), and a lying proxy between it and the node, rewriting one kind of answer at a time,
//! is caught: a forged justification, a header not in the chain, a payload altered, dropped or
//! reordered in a body, the body of another block, events withheld, a storage proof cut short
//! or of another block's state, another chain's spec, a cursor of the wrong authority set or
//! written by a reader that believed a lying node. Each time the client stops with exit code 2,
//! names what failed, and neither writes nor records anything it did not verify.

mod common;

use std::{
	path::Path,
	process::{Command, Output, Stdio},
	sync::Arc,
	time::Duration,
};

use common::{ok, proxy, Node};
use serde_json::Value;

/// Runs `rollup-client` against `url` with `args`, killed after two minutes.
fn client_at(url: &str, args: &[&str], stdin: &[u8]) -> Output {
	use std::io::Write;
	let mut child = Command::new(common::rollup_client_bin())
		.args(["--url", url, "--suri", "//Alice"])
		.args(args)
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("rollup-client runs");
	child.stdin.take().expect("stdin").write_all(stdin).expect("stdin");
	let started = std::time::Instant::now();
	while child.try_wait().expect("wait").is_none() {
		if started.elapsed() > Duration::from_secs(120) {
			child.kill().expect("kill");
		}
		std::thread::sleep(Duration::from_millis(50));
	}
	child.wait_with_output().expect("output")
}

fn payloads(out: &str) -> Vec<(u64, String, String)> {
	out.lines()
		.map(|l| {
			let v: Value = serde_json::from_str(l).expect("a JSON entry a line");
			(
				v["index"].as_u64().expect("index"),
				v["status"].as_str().expect("status").to_string(),
				v["payload"].as_str().unwrap_or_default().to_string(),
			)
		})
		.collect()
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Flips the last hex digit of a `0x` string.
fn flip(s: &str) -> String {
	let mut s = s.to_string();
	let last = s.pop().expect("a hex digit");
	s.push(if last == '0' { '1' } else { '0' });
	s
}

fn path(p: &Path) -> &str {
	p.to_str().expect("utf-8 path")
}

#[test]
fn follow_verifies_everything_and_catches_a_lying_node() {
	let mut node = Node::start("verified-reads", &["--dev", "--tmp"]);
	node.wait_for("block 1", Duration::from_secs(120), |b, _| b >= 1);
	let dir = std::env::temp_dir().join(format!("seqchain-verified-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	let spec = dir.join("dev.raw.json");
	common::raw_spec("dev", &spec);
	let direct = format!("ws://127.0.0.1:{}", node.rpc_port);
	let client = |url: &str, args: &[&str], stdin: &[u8]| client_at(url, args, stdin);

	// A plain rollup with entries in a few blocks, a sealed one revealed and one expired.
	let id = ok(client(&direct, &["register", "proven"], b""), "register").trim().to_string();
	for batch in ["a0\na1", "a2", "a3\na4\na5"] {
		ok(client(&direct, &["submit", &id, "--lines"], batch.as_bytes()), "submit");
	}
	let sealed = ok(client(&direct, &["register", "sealedp", "--sealed"], b""), "register")
		.trim()
		.to_string();
	let committed = ok(client(&direct, &["commit", &sealed], b"secret"), "commit");
	let mut parts = committed.split_whitespace();
	let (index, salt) = (parts.next().expect("index"), parts.next().expect("salt"));
	ok(client(&direct, &["commit", &sealed], b"never revealed"), "commit");
	ok(client(&direct, &["reveal", &sealed, index, salt], b"secret"), "reveal");

	// Honest: the entries, verified from the genesis of the chain spec.
	let spec_arg = ["--chain-spec", path(&spec)];
	let follow = |url: &str, extra: &[&str]| {
		let mut args = vec!["follow", id.as_str(), "--until", "6"];
		args.extend_from_slice(&spec_arg);
		args.extend_from_slice(extra);
		client(url, &args, b"")
	};
	let out = ok(follow(&direct, &[]), "follow");
	let expected: Vec<_> = ["a0", "a1", "a2", "a3", "a4", "a5"]
		.iter()
		.enumerate()
		.map(|(i, p)| (i as u64, "plain".to_string(), hex(p.as_bytes())))
		.collect();
	assert_eq!(payloads(&out), expected);

	// The sealed rollup: the reveal, then the expiry (proven by the chain's event, 30 blocks
	// after the commit).
	let mut args = vec!["follow", sealed.as_str(), "--until", "2"];
	args.extend_from_slice(&spec_arg);
	let out = ok(client(&direct, &args, b""), "follow sealed");
	let got = payloads(&out);
	assert_eq!(got.len(), 2, "{out}");
	assert_eq!((got[0].1.as_str(), got[0].2.as_str()), ("revealed", hex(b"secret").as_str()));
	assert_eq!((got[1].1.as_str(), got[1].2.as_str()), ("expired", ""));

	// A cursor resumes without the chain spec: it holds the trusted state.
	let state = dir.join("cursor.json");
	let mut args = vec!["follow", id.as_str(), "--until", "2", "--state", path(&state)];
	args.extend_from_slice(&spec_arg);
	let first = ok(client(&direct, &args, b""), "follow 1");
	let cursor: Value =
		serde_json::from_slice(&std::fs::read(&state).expect("cursor")).expect("json");
	assert_eq!(cursor["nextIndex"], 2);
	assert!(cursor["light"]["trusted"]["number"].as_u64().expect("a trusted block") > 0);
	let args = ["follow", id.as_str(), "--until", "6", "--state", path(&state)];
	let second = ok(client(&direct, &args, b""), "follow 2");
	let both: Vec<_> = payloads(&first).into_iter().chain(payloads(&second)).collect();
	assert_eq!(both, expected);

	// Through an honest proxy: the same.
	let honest = proxy::start(node.rpc_port, Arc::new(|_, _, _| {}));
	assert_eq!(payloads(&ok(follow(&honest.url, &[]), "follow via proxy")), expected);

	// Another chain's spec: refused before anything is read.
	let local = dir.join("local.raw.json");
	common::raw_spec("local", &local);
	let args = ["follow", id.as_str(), "--until", "6", "--chain-spec", path(&local)];
	let other = client(&direct, &args, b"");
	assert_eq!(other.status.code(), Some(2), "{}", String::from_utf8_lossy(&other.stderr));
	assert!(String::from_utf8_lossy(&other.stderr).contains("another chain"));

	// No spec and no cursor: told what to pass.
	let bare = client(&direct, &["follow", id.as_str(), "--until", "6"], b"");
	assert_eq!(bare.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&bare.stderr).contains("--chain-spec"));

	// A rollup never registered: said at once, proven.
	let args = ["follow", "99", "--until", "1", "--chain-spec", path(&spec)];
	let unknown = client(&direct, &args, b"");
	assert_eq!(unknown.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&unknown.stderr).contains("rollup 99 is not registered"));

	// A cursor written by a reader that believed a lying node (a commitment over entries 0..2
	// that is not the chain's): resumed without trusting, it is caught before anything more
	// is written.
	let lied = dir.join("lied.json");
	let fake = format!("0x{}", "11".repeat(32));
	std::fs::write(
		&lied,
		serde_json::json!({"rollup": id.parse::<u32>().expect("id"), "nextIndex": 2, "commitment": fake})
			.to_string(),
	)
	.expect("cursor");
	let args = [
		"follow",
		id.as_str(),
		"--until",
		"6",
		"--state",
		path(&lied),
		"--chain-spec",
		path(&spec),
	];
	let caught = client(&direct, &args, b"");
	let stderr = String::from_utf8_lossy(&caught.stderr);
	assert_eq!(caught.status.code(), Some(2), "{stderr}");
	assert!(stderr.contains("believed a node that lied"), "{stderr}");
	assert!(caught.stdout.is_empty());

	// Lies, one kind at a time. Each: exit code 2, the failure named, nothing written.
	type Lie = fn(&str, &[Value], &mut Value);
	let lies: Vec<(&str, Lie, &str)> = vec![
		(
			"a forged justification (one signature bit flipped)",
			|m, _, v| {
				if m == "grandpa_justifications" {
					*v = Value::String(forge_justification(v.as_str().expect("hex")));
				}
			},
			"GRANDPA justification is not valid",
		),
		(
			"a header not in the chain (its state root changed)",
			|m, _, v| {
				if m == "chain_getHeader" {
					let root = v["stateRoot"].as_str().expect("stateRoot").to_string();
					v["stateRoot"] = Value::String(flip(&root));
				}
			},
			"header that is not block",
		),
		(
			"a payload altered in the body",
			|m, _, v| {
				if m == "chain_getBlock" {
					alter_body(v, |xts| {
						if let Some(x) = xts.last_mut() {
							*x = Value::String(flip(x.as_str().expect("hex")));
						}
					});
				}
			},
			"extrinsics root",
		),
		(
			"a payload dropped from the body",
			|m, _, v| {
				if m == "chain_getBlock" {
					alter_body(v, |xts| {
						xts.pop();
					});
				}
			},
			"extrinsics root",
		),
		(
			"the body's extrinsics reordered",
			|m, _, v| {
				if m == "chain_getBlock" {
					alter_body(v, |xts| xts.reverse());
				}
			},
			"extrinsics root",
		),
		(
			"the body of another block",
			|m, _, v| {
				if m == "chain_getBlock" {
					// Block 1's header and body, whatever was asked.
					if let Some(xts) =
						v["block"]["extrinsics"].as_array_mut().filter(|x| x.len() > 1)
					{
						xts.truncate(1);
						v["block"]["header"]["number"] = Value::String("0x1".into());
					}
				}
			},
			"another block",
		),
		(
			"events withheld (an empty proof)",
			|m, args, v| {
				let events = "0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7";
				if m == "state_getReadProof" && args[0][0].as_str() == Some(events) {
					v["proof"] = Value::Array(vec![]);
				}
			},
			"storage proof",
		),
		(
			"a storage proof cut short",
			|m, _, v| {
				if m == "state_getReadProof" {
					if let Some(p) = v["proof"].as_array_mut() {
						p.truncate(1);
					}
				}
			},
			"storage proof",
		),
	];
	for (what, lie, expected_error) in lies {
		let lying = proxy::start(node.rpc_port, Arc::new(lie));
		let state = dir.join(format!("lie-{}.json", what.len()));
		let out = follow(&lying.url, &["--state", path(&state)]);
		let stderr = String::from_utf8_lossy(&out.stderr);
		assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
		assert!(stderr.contains(expected_error), "{what}: {stderr}");
		assert!(out.stdout.is_empty(), "{what}: wrote {}", String::from_utf8_lossy(&out.stdout));
		if let Ok(bytes) = std::fs::read(&state) {
			let cursor: Value = serde_json::from_slice(&bytes).expect("json");
			assert_eq!(cursor["nextIndex"], 0, "{what}: the cursor moved");
		}
	}

	// A proof truly of another block: the parent's state, asked of the real node, for the
	// rollup's record at every block.
	let port = node.rpc_port;
	let parent_state = proxy::start(
		port,
		Arc::new(move |m, args, v| {
			if m != "state_getReadProof" || args.len() < 2 {
				return;
			}
			let Some(at) = args[1].as_str() else { return };
			let Ok(header) = common::rpc_call(port, "chain_getHeader", serde_json::json!([at]))
			else {
				return;
			};
			let parent = header["parentHash"].clone();
			if let Ok(proof) =
				common::rpc_call(port, "state_getReadProof", serde_json::json!([args[0], parent]))
			{
				*v = proof;
			}
		}),
	);
	let out = follow(&parent_state.url, &[]);
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert_eq!(out.status.code(), Some(2), "a proof of the parent's state: {stderr}");
	assert!(stderr.contains("storage proof"), "{stderr}");
	assert!(out.stdout.is_empty());

	// A cursor whose authority set is not the chain's (its keys replaced): every justification
	// of the real set is refused.
	let wrong_set = dir.join("wrong-set.json");
	let mut cursor: Value =
		serde_json::from_slice(&std::fs::read(&state).expect("cursor")).expect("json");
	cursor["light"]["trusted"]["authorities"][0]["key"] =
		Value::String(format!("0x{}", "22".repeat(32)));
	assert_eq!(cursor["nextIndex"], 6);
	std::fs::write(&wrong_set, cursor.to_string()).expect("cursor");
	ok(client(&direct, &["submit", &id], b"a6"), "submit");
	let args = ["follow", id.as_str(), "--until", "7", "--state", path(&wrong_set)];
	let out = client(&direct, &args, b"");
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert_eq!(out.status.code(), Some(2), "a wrong set: {stderr}");
	assert!(stderr.contains("not valid for authority set 0"), "{stderr}");
	assert!(out.stdout.is_empty());

	let _ = std::fs::remove_dir_all(dir);
	node.stop();
}

/// Rewrites a block's extrinsics in a `chain_getBlock` answer when it has more than one (the
/// timestamp alone is left, so the lie hits a block of the rollup).
fn alter_body(v: &mut Value, f: impl FnOnce(&mut Vec<Value>)) {
	if let Some(xts) = v["block"]["extrinsics"].as_array_mut().filter(|x| x.len() > 1) {
		f(xts);
	}
}

/// A justification with one bit of its first signature flipped. The SCALE layout: round
/// (u64), target hash (32), target number (u32), the precommits' compact length, then per
/// precommit its target hash (32), number (4), signature (64), id (32).
fn forge_justification(hex_str: &str) -> String {
	let s = hex_str.trim_start_matches("0x");
	let mut bytes: Vec<u8> = (0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
		.collect();
	// round 8 + hash 32 + number 4 + compact length 1 + precommit target 36
	let signature = 8 + 32 + 4 + 1 + 36;
	bytes[signature] ^= 1;
	hex(&bytes)
}
