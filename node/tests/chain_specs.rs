//! The checked-in chain specs are what the node exports from the runtime's presets today.
//!
//! The runtime code (`code` in a plain spec, the `:code` key in a raw one) is compared apart:
//! its bytes depend on the compiler that built the wasm, so the test checks that the checked-in
//! code is a runtime with the same version instead of comparing bytes. Everything else must be
//! identical; when it is not, run `scripts/chain-specs.sh`.

mod common;

use serde_json::Value;

const CODE_KEY: &str = "0x3a636f6465";

fn exported(chain: &str, raw: bool) -> Value {
	let mut args = vec!["export-chain-spec", "--chain", chain];
	if raw {
		args.push("--raw");
	}
	let output = common::run(&args);
	assert!(
		output.status.success(),
		"export-chain-spec --chain {chain} failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	serde_json::from_slice(&output.stdout).expect("the exported spec is JSON")
}

fn checked_in(file: &str) -> Value {
	let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../chain-specs").join(file);
	let text = std::fs::read_to_string(&path)
		.unwrap_or_else(|e| panic!("{}: {e}; run scripts/chain-specs.sh", path.display()));
	serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Removes the runtime code from a spec and returns it.
fn take_code(spec: &mut Value) -> String {
	let genesis = &mut spec["genesis"];
	let code = if let Some(top) = genesis.pointer_mut("/raw/top") {
		top.as_object_mut().and_then(|o| o.remove(CODE_KEY))
	} else {
		genesis
			.pointer_mut("/runtimeGenesis")
			.and_then(|g| g.as_object_mut())
			.and_then(|o| o.remove("code"))
	};
	code.and_then(|c| c.as_str().map(str::to_owned)).expect("the spec carries runtime code")
}

fn spec_version(code_hex: &str) -> u32 {
	let code = hex_decode(code_hex);
	let version = sc_executor::read_embedded_version(
		&sc_executor_common::runtime_blob::RuntimeBlob::uncompress_if_needed(&code)
			.expect("valid wasm"),
	)
	.expect("readable version section")
	.expect("the runtime embeds its version");
	version.spec_version
}

fn hex_decode(s: &str) -> Vec<u8> {
	let s = s.trim_start_matches("0x");
	(0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

fn assert_matches(chain: &str, raw: bool, file: &str) {
	let mut fresh = exported(chain, raw);
	let mut stored = checked_in(file);
	let fresh_code = take_code(&mut fresh);
	let stored_code = take_code(&mut stored);
	assert!(
		fresh == stored,
		"chain-specs/{file} differs from `seqchain-node export-chain-spec --chain {chain}{}`: \
		 run scripts/chain-specs.sh",
		if raw { " --raw" } else { "" }
	);
	assert_eq!(
		spec_version(&stored_code),
		spec_version(&fresh_code),
		"chain-specs/{file} carries a runtime of another spec_version: run scripts/chain-specs.sh"
	);
}

#[test]
fn dev_spec_is_current() {
	assert_matches("dev", false, "dev.json");
}

#[test]
fn local_spec_is_current() {
	assert_matches("local", false, "local.json");
}

#[test]
fn testnet_spec_is_current() {
	assert_matches("testnet", false, "testnet.json");
}

#[test]
fn testnet_raw_spec_is_current() {
	assert_matches("testnet", true, "testnet-raw.json");
}
