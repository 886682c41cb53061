//! Bad invocations fail with a clear message and a non-zero exit code.

mod common;

fn stderr(output: &std::process::Output) -> String {
	String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn unknown_chain_is_refused() {
	let output = common::run(&["export-chain-spec", "--chain", "no-such-chain"]);
	assert!(!output.status.success());
	let err = stderr(&output);
	assert!(err.contains("no-such-chain") && err.contains("dev, local, testnet"), "{err}");
}

#[test]
fn unreadable_chain_spec_file_is_refused() {
	let output = common::run(&["export-chain-spec", "--chain", "/nonexistent/spec.json"]);
	assert!(!output.status.success());
	let err = stderr(&output);
	assert!(err.contains("/nonexistent/spec.json"), "{err}");
}

#[test]
fn malformed_chain_spec_file_is_refused() {
	let path = std::env::temp_dir().join(format!("seqchain-bad-spec-{}.json", std::process::id()));
	std::fs::write(&path, "{ not json").expect("write");
	let output = common::run(&["export-chain-spec", "--chain", path.to_str().expect("utf-8")]);
	let _ = std::fs::remove_file(&path);
	assert!(!output.status.success());
	let err = stderr(&output);
	assert!(err.contains(path.to_str().expect("utf-8")), "{err}");
}

#[test]
fn help_lists_the_subcommands() {
	let output = common::run(&["--help"]);
	assert!(output.status.success());
	let help = String::from_utf8_lossy(&output.stdout);
	for cmd in [
		"key",
		"build-spec",
		"export-chain-spec",
		"check-block",
		"export-blocks",
		"export-state",
		"import-blocks",
		"purge-chain",
		"revert",
	] {
		assert!(help.contains(cmd), "--help does not list {cmd}:\n{help}");
	}
}

#[test]
fn grandpa_vote_lag_is_documented_and_checked() {
	let help = common::run(&["--help"]);
	assert!(help.status.success());
	let help = String::from_utf8_lossy(&help.stdout);
	assert!(help.contains("--grandpa-vote-lag <BLOCKS>"), "{help}");

	let output = common::run(&["--dev", "--tmp", "--grandpa-vote-lag", "many"]);
	assert!(!output.status.success());
	let err = stderr(&output);
	assert!(err.contains("--grandpa-vote-lag"), "{err}");
}

/// A sequencer never serves the public: `--public-rpc` on a validating node is refused before
/// anything starts, and so are unsafe methods on a public node.
#[test]
fn public_rpc_is_refused_on_a_sequencer_and_with_unsafe_methods() {
	for args in [
		&["--public-rpc", "--dev"][..],
		&["--public-rpc", "--chain", "dev", "--validator"],
		&["--public-rpc", "--chain", "dev", "--alice"],
	] {
		let output = common::run(args);
		assert!(!output.status.success(), "{args:?} started");
		let err = stderr(&output);
		assert!(err.contains("must not run in a sequencer's process"), "{args:?}: {err}");
	}
	for args in [
		&["--public-rpc", "--chain", "dev", "--rpc-methods", "unsafe"][..],
		&["--public-rpc", "--chain", "dev", "--unsafe-rpc-external"],
	] {
		let output = common::run(args);
		assert!(!output.status.success(), "{args:?} started");
		assert!(stderr(&output).contains("only the safe methods"), "{args:?}: {}", stderr(&output));
	}
	let help = String::from_utf8_lossy(&common::run(&["--help"]).stdout).into_owned();
	assert!(help.contains("--public-rpc"), "{help}");
}
