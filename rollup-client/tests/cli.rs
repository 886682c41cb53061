//! The command line without a node: help, and clear errors for bad input. (With a node:
//! `follow.rs`.)

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
