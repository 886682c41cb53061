//! `seqchain-load`'s command line: help, and bad arguments refused with a message before any
//! connection is made.

use std::process::Command;

fn load(args: &[&str]) -> std::process::Output {
	Command::new(env!("CARGO_BIN_EXE_seqchain-load")).args(args).output().expect("runs")
}

#[test]
fn help_lists_the_options() {
	let out = load(&["--help"]);
	assert!(out.status.success());
	let help = String::from_utf8_lossy(&out.stdout);
	for option in ["--url", "--sizes", "--blocks", "--rate", "--samples", "--latency-only"] {
		assert!(help.contains(option), "{option} missing from:\n{help}");
	}
}

#[test]
fn bad_arguments_are_refused_with_a_message() {
	// An unused port: the arguments are checked before connecting.
	let url = "ws://127.0.0.1:1";
	for (args, message) in [
		(vec!["--rate", "0"], "--rate must be a positive number"),
		(vec!["--sizes", "0"], "--sizes: each size must be 1 byte to 1 MiB"),
		(vec!["--sizes", "2000000"], "--sizes: each size must be 1 byte to 1 MiB"),
		(vec!["--blocks", "0"], "must be at least 1"),
	] {
		let out = load(&[&["--url", url][..], &args].concat());
		assert_eq!(out.status.code(), Some(1), "{args:?}");
		let stderr = String::from_utf8_lossy(&out.stderr);
		assert!(stderr.contains(message), "{args:?}: {stderr}");
	}
	let out = load(&["--url", url, "--sizes", "256"]);
	assert_eq!(out.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&out.stderr).contains("cannot connect to ws://127.0.0.1:1"));
	let out = load(&["--sizes", "abc"]);
	assert_eq!(out.status.code(), Some(2), "clap rejects a size that is not a number");
}
