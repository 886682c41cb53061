//! The command line without a node: help, and clear errors for bad input.

use std::{
	io::Write,
	process::{Command, Output, Stdio},
};

fn run(args: &[&str], stdin: &[u8]) -> Output {
	let mut child = Command::new(env!("CARGO_BIN_EXE_rollup-client"))
		.args(args)
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("runs");
	child.stdin.take().expect("stdin").write_all(stdin).expect("stdin");
	child.wait_with_output().expect("finishes")
}

#[test]
fn help_lists_every_command() {
	let out = run(&["--help"], b"");
	assert!(out.status.success());
	let help = String::from_utf8_lossy(&out.stdout);
	for command in
		["register", "set-submitters", "submit", "commit", "reveal", "info", "follow", "verify"]
	{
		assert!(help.contains(command), "{command} missing from --help:\n{help}");
	}
}

#[test]
fn bad_input_gets_a_clear_message() {
	// No node listening.
	let out = run(&["--url", "ws://127.0.0.1:1", "info", "0"], b"");
	assert_eq!(out.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&out.stderr).contains("cannot connect to ws://127.0.0.1:1"));
	// A bad secret URI.
	let out = run(&["--suri", "not a key", "verify", "0"], b"");
	assert_eq!(out.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&out.stderr).contains("--suri"));
	// Garbage where a recorded stream should be.
	let out = run(&["verify", "0"], b"{\"not\": \"an entry\"}\n");
	assert_eq!(out.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: not a stream entry"));
	// An empty recording.
	let out = run(&["verify", "0"], b"");
	assert_eq!(out.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&out.stderr).contains("no entries"));
}

#[test]
fn verify_accepts_an_honest_recording_and_rejects_a_reordered_one() {
	use seqchain_primitives::inbox::{fold, genesis_commitment, payload_hash};
	let payloads: [&[u8]; 3] = [b"one", b"two", b"three"];
	let hashes: Vec<[u8; 32]> = payloads.iter().map(|p| payload_hash(p)).collect();
	let line = |i: usize, payload: &[u8], hash: &[u8; 32], commitment: Option<[u8; 32]>| {
		serde_json::json!({
			"rollup": 0, "index": i, "block": 1, "blockHash": format!("0x{}", "00".repeat(32)),
			"status": "plain", "hash": format!("0x{}", hex(hash)),
			"payload": format!("0x{}", hex(payload)), "salt": null,
			"commitment": commitment.map(|c| format!("0x{}", hex(&c))),
		})
		.to_string()
	};
	let last = fold(genesis_commitment(0), 0, &hashes);
	let honest: Vec<String> =
		(0..3).map(|i| line(i, payloads[i], &hashes[i], (i == 2).then_some(last))).collect();
	let out = run(&["verify", "0"], honest.join("\n").as_bytes());
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	// The same entries with the first two swapped (indices rewritten to look consistent).
	let swapped = [
		line(0, payloads[1], &hashes[1], None),
		line(1, payloads[0], &hashes[0], None),
		line(2, payloads[2], &hashes[2], Some(last)),
	];
	let out = run(&["verify", "0"], swapped.join("\n").as_bytes());
	assert_eq!(out.status.code(), Some(2));
	assert!(String::from_utf8_lossy(&out.stderr).contains("VERIFICATION FAILED"));
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}
