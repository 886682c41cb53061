//! The checked-in chain specs are what the node exports from the runtime's presets (and the
//! testnet's from its network file) today; no spec of a real network holds a key anyone can
//! derive from a public phrase; every chain has its own protocol id.
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
	node_json(&args)
}

/// The JSON the node prints for `args`.
fn node_json(args: &[&str]) -> Value {
	let output = common::run(args);
	assert!(
		output.status.success(),
		"seqchain-node {args:?} failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	serde_json::from_slice(&output.stdout).expect("the node prints JSON")
}

fn repo(path: &str) -> std::path::PathBuf {
	std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
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
	assert_same(exported(chain, raw), file, &format!("export-chain-spec --chain {chain}"), raw);
}

fn assert_same(mut fresh: Value, file: &str, command: &str, raw: bool) {
	let mut stored = checked_in(file);
	let fresh_code = take_code(&mut fresh);
	let stored_code = take_code(&mut stored);
	assert!(
		fresh == stored,
		"chain-specs/{file} differs from `seqchain-node {command}{}`: run scripts/chain-specs.sh",
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

/// The testnet's specs are what `assemble-spec` makes of its network file, and what
/// `--chain testnet` names.
#[test]
fn testnet_spec_is_current() {
	let network = repo("chain-specs/testnet/network.json");
	let network = network.to_str().expect("utf-8 path");
	assert_same(node_json(&["assemble-spec", network]), "testnet.json", "assemble-spec", false);
	assert_matches("testnet", false, "testnet.json");
}

#[test]
fn testnet_raw_spec_is_current() {
	let network = repo("chain-specs/testnet/network.json");
	let network = network.to_str().expect("utf-8 path");
	assert_same(
		node_json(&["assemble-spec", network, "--raw"]),
		"testnet-raw.json",
		"assemble-spec",
		true,
	);
}

/// Keys derived from the public development phrase (the phrase itself and the paths this
/// project, Substrate's keyring and its tools use), as they appear in a spec: hex without `0x`
/// (plain specs and raw storage keys and values alike) and SS58.
fn public_phrase_keys() -> Vec<(String, String)> {
	use sp_core::{crypto::Ss58Codec, ed25519, sr25519, Pair};
	let mut paths = vec![String::new()];
	for name in ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie", "One", "Two"] {
		paths.push(format!("//{name}"));
		paths.push(format!("//{name}//stash"));
	}
	for leaf in ["1", "2", "3", "4", "faucet", "team", "investors", "community", "ecosystem"] {
		paths.push(format!("//seqchain-testnet//{leaf}"));
	}
	let mut keys = Vec::new();
	for path in paths {
		let uri = format!("{}{path}", sp_core::crypto::DEV_PHRASE);
		let sr = sr25519::Pair::from_string(&uri, None).expect("derives").public();
		let ed = ed25519::Pair::from_string(&uri, None).expect("derives").public();
		for (scheme, raw, ss58) in [
			("sr25519", sr.0, sr.to_ss58check_with_version(42u16.into())),
			("ed25519", ed.0, ed.to_ss58check_with_version(42u16.into())),
		] {
			let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
			keys.push((format!("{scheme} {path:?}"), hex));
			keys.push((format!("{scheme} {path:?} (SS58)"), ss58));
		}
	}
	keys
}

/// Every spec in `chain-specs/` but the development ones (`dev.json`, `local.json`), and the
/// network files they are assembled from, holds no key derived from a public phrase: whoever
/// holds such a key is anyone.
#[test]
fn no_spec_of_a_real_network_holds_a_key_from_a_public_phrase() {
	let keys = public_phrase_keys();
	let mut checked = 0;
	let mut dirs = vec![repo("chain-specs")];
	while let Some(dir) = dirs.pop() {
		for entry in std::fs::read_dir(&dir).expect("chain-specs/ is readable") {
			let path = entry.expect("an entry").path();
			if path.is_dir() {
				dirs.push(path);
				continue;
			}
			let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
			if !name.ends_with(".json") || name == "dev.json" || name == "local.json" {
				continue;
			}
			let text = std::fs::read_to_string(&path).expect("readable").to_lowercase();
			for (what, key) in &keys {
				assert!(
					!text.contains(&key.to_lowercase()),
					"{} holds the public key of {what} of the public development phrase",
					path.display()
				);
			}
			checked += 1;
		}
	}
	assert!(checked >= 3, "the testnet's specs and network file were checked ({checked})");
}

/// Each chain has its own protocol id (dev, local and every network), and a network its own
/// fork id and its operators' bootnodes.
#[test]
fn every_chain_has_its_own_protocol_id_and_a_network_its_fork_id_and_bootnodes() {
	let ids: Vec<String> = ["dev", "local", "testnet"]
		.iter()
		.map(|chain| exported(chain, false)["protocolId"].as_str().expect("a protocol id").into())
		.collect();
	assert_eq!(ids, ["seqchain-dev", "seqchain-local", "seqchain-testnet"]);
	assert_eq!(exported("testnet", false)["forkId"], "seqchain-testnet-1");

	// A network file with bootnodes: they are in the spec, with its ids.
	let mut network: Value = serde_json::from_str(
		&std::fs::read_to_string(repo("chain-specs/testnet/network.json")).expect("network file"),
	)
	.expect("JSON");
	let peer = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
	let bootnode = format!("/dns/boot.example.org/tcp/30333/p2p/{peer}");
	network["operators"][0]["bootnodes"] = serde_json::json!([bootnode]);
	network["id"] = "another_net".into();
	network["protocolId"] = "another-net".into();
	network["forkId"] = "another-net-2".into();
	let dir = std::env::temp_dir().join(format!("seqchain-assemble-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	let file = dir.join("network.json");
	std::fs::write(&file, network.to_string()).expect("write");
	let spec = node_json(&["assemble-spec", file.to_str().expect("utf-8")]);
	assert_eq!(spec["bootNodes"], serde_json::json!([bootnode]));
	assert_eq!(
		(spec["protocolId"].as_str(), spec["forkId"].as_str()),
		(Some("another-net"), Some("another-net-2"))
	);
	assert_eq!(spec["chainType"], "Live");

	// A file with a key of the public phrase is refused, and nothing is written.
	network["operators"][1]["aura"] = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY".into();
	std::fs::write(&file, network.to_string()).expect("write");
	let out_file = dir.join("spec.json");
	let out = common::run(&[
		"assemble-spec",
		file.to_str().expect("utf-8"),
		"--output",
		out_file.to_str().expect("utf-8"),
	]);
	assert!(!out.status.success());
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("`//Alice` of the public development phrase"), "{stderr}");
	assert!(!out_file.exists(), "nothing written");
	let _ = std::fs::remove_dir_all(dir);
}
