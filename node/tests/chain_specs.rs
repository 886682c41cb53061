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
	let mut keys = Vec::new();
	for path in seqchain_node::public_phrase_paths() {
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
	let files = real_network_files();
	for path in &files {
		let text = std::fs::read_to_string(path).expect("readable").to_lowercase();
		for (what, key) in &keys {
			assert!(
				!text.contains(&key.to_lowercase()),
				"{} holds the public key of {what} of the public development phrase",
				path.display()
			);
		}
	}
	assert!(files.len() >= 3, "the testnet's specs and network file were checked ({files:?})");
}

/// Every spec in `chain-specs/` but the development ones (`dev.json`, `local.json`), and the
/// network files they are assembled from.
fn real_network_files() -> Vec<std::path::PathBuf> {
	let mut files = Vec::new();
	let mut dirs = vec![repo("chain-specs")];
	while let Some(dir) = dirs.pop() {
		for entry in std::fs::read_dir(&dir).expect("chain-specs/ is readable") {
			let path = entry.expect("an entry").path();
			if path.is_dir() {
				dirs.push(path);
				continue;
			}
			let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
			if name.ends_with(".json") && name != "dev.json" && name != "local.json" {
				files.push(path);
			}
		}
	}
	files
}

/// Why anyone can sign for a 32-byte public key, if anyone can: it is the identity (as sr25519,
/// the Ristretto group's only weak point, whose only encoding is zeros) or a point of small
/// order (as ed25519). Each key is checked as both, since an account may be either.
fn weakness(key: &[u8; 32]) -> Option<&'static str> {
	if *key == [0; 32] {
		return Some("the identity point of sr25519");
	}
	curve25519_dalek::edwards::CompressedEdwardsY(*key)
		.decompress()
		.is_some_and(|point| point.is_small_order())
		.then_some("a point of small order of ed25519")
}

/// The ed25519 key in a bootnode address's peer ID.
fn node_key(address: &str) -> [u8; 32] {
	let address: sc_network::config::MultiaddrWithPeerId =
		address.parse().unwrap_or_else(|e| panic!("bootnode `{address}`: {e}"));
	address
		.peer_id
		.into_ed25519()
		.unwrap_or_else(|| panic!("bootnode `{address}`: its peer ID is not an ed25519 key"))
}

/// The public keys in a plain spec or a network file, each with where it is: every string that
/// is an SS58 address or 32 bytes of hex (accounts, session keys), and the bootnodes' node keys.
fn plain_keys(value: &Value, at: &str, keys: &mut Vec<(String, [u8; 32])>) {
	use sp_core::crypto::{AccountId32, Ss58Codec};
	match value {
		Value::String(text) if at.starts_with("/bootNodes/") || at.contains("/bootnodes/") => {
			keys.push((format!("{at} (peer ID)"), node_key(text)))
		},
		Value::String(text) => {
			let key = match text.strip_prefix("0x") {
				Some(hex) if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
					hex_decode(hex).try_into().ok()
				},
				Some(_) => None,
				None => {
					AccountId32::from_ss58check_with_version(text).ok().map(|(id, _)| id.into())
				},
			};
			keys.extend(key.map(|key| (format!("{at} `{text}`"), key)));
		},
		Value::Array(items) => {
			for (i, item) in items.iter().enumerate() {
				plain_keys(item, &format!("{at}/{i}"), keys);
			}
		},
		Value::Object(fields) => {
			for (name, field) in fields.iter().filter(|(name, _)| *name != "code") {
				plain_keys(field, &format!("{at}/{name}"), keys);
			}
		},
		_ => {},
	}
}

fn storage_prefix(pallet: &str, item: &str) -> String {
	let mut prefix = sp_io::hashing::twox_128(pallet.as_bytes()).to_vec();
	prefix.extend(sp_io::hashing::twox_128(item.as_bytes()));
	format!("0x{}", hex_of(&prefix))
}

/// The public keys in a raw spec's genesis storage: every account with a balance (the keys of
/// `System::Account`, a `Blake2_128Concat` map, end with the account), the genesis sequencers'
/// accounts and session keys (`Session::QueuedKeys`), the council (`Referenda::Council`), and
/// the bootnodes' node keys.
fn raw_keys(spec: &Value) -> Vec<(String, [u8; 32])> {
	use codec::Decode;
	let top = spec.pointer("/genesis/raw/top").and_then(Value::as_object).expect("raw storage");
	let value = |pallet: &str, item: &str| {
		let value = top.get(&storage_prefix(pallet, item)).and_then(Value::as_str);
		hex_decode(value.unwrap_or_else(|| panic!("{pallet}::{item} in the raw genesis")))
	};
	let mut keys = Vec::new();
	let accounts = storage_prefix("System", "Account");
	for key in top.keys().filter(|key| key.starts_with(&accounts)) {
		let bytes = hex_decode(key);
		let account = bytes[bytes.len() - 32..].try_into().expect("32 bytes");
		keys.push((format!("System::Account {key}"), account));
	}
	let queued =
		Vec::<([u8; 32], [u8; 32], [u8; 32])>::decode(&mut &value("Session", "QueuedKeys")[..])
			.expect("Session::QueuedKeys decodes");
	for (i, (account, aura, grandpa)) in queued.into_iter().enumerate() {
		keys.push((format!("Session::QueuedKeys: sequencer {i}'s account"), account));
		keys.push((format!("Session::QueuedKeys: sequencer {i}'s aura key"), aura));
		keys.push((format!("Session::QueuedKeys: sequencer {i}'s grandpa key"), grandpa));
	}
	let council = Vec::<[u8; 32]>::decode(&mut &value("Referenda", "Council")[..])
		.expect("Referenda::Council decodes");
	for (i, member) in council.into_iter().enumerate() {
		keys.push((format!("Referenda::Council: member {i}"), member));
	}
	for (i, address) in spec["bootNodes"].as_array().into_iter().flatten().enumerate() {
		let address = address.as_str().expect("a bootnode address");
		keys.push((format!("/bootNodes/{i} (peer ID)"), node_key(address)));
	}
	keys
}

/// The keys of a spec (raw or plain) or network file anyone can sign for.
fn weak_keys(spec: &Value) -> Vec<String> {
	let keys = if spec.pointer("/genesis/raw").is_some() {
		raw_keys(spec)
	} else {
		let mut keys = Vec::new();
		plain_keys(spec, "", &mut keys);
		keys
	};
	assert!(keys.len() >= 17, "the accounts and keys of four operators and five more accounts");
	keys.into_iter()
		.filter_map(|(what, key)| weakness(&key).map(|why| format!("{what} is {why}")))
		.collect()
}

/// No spec of a real network, nor its network file, holds a key anyone can sign for: the
/// identity, or a point of small order (`0x00…`, `0x0100…`), whose signatures anyone forges.
#[test]
fn no_spec_of_a_real_network_holds_a_weak_key() {
	for path in real_network_files() {
		let spec: Value =
			serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
		let weak = weak_keys(&spec);
		assert!(weak.is_empty(), "{}: anyone can sign for {weak:?}", path.display());
	}

	// The check finds such keys where the testnet's specs would hold them.
	let mut plain = checked_in("testnet.json");
	let aura = "/genesis/runtimeGenesis/patch/session/keys/0/2/aura";
	// The identity, as an SS58 address.
	*plain.pointer_mut(aura).expect("an aura key") =
		"5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM".into();
	let small_order = {
		let mut key = [0; 32];
		key[0] = 1;
		key
	};
	let peer = sc_network::PeerId::from_ed25519(&small_order).expect("an ed25519 peer ID");
	plain["bootNodes"] = serde_json::json!([format!("/dns/boot.example/tcp/30333/p2p/{peer}")]);
	let mut weak = weak_keys(&plain);
	weak.sort();
	assert_eq!(
		weak,
		[
			"/bootNodes/0 (peer ID) is a point of small order of ed25519".to_owned(),
			format!("{aura} `5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM` is the identity point of sr25519"),
		]
	);

	let mut raw = checked_in("testnet-raw.json");
	let queued = storage_prefix("Session", "QueuedKeys");
	let value = raw["genesis"]["raw"]["top"][&queued].as_str().expect("queued keys").to_owned();
	// The first sequencer's GRANDPA key: after the length (one byte), its account and Aura key.
	let at = 2 + 2 * (1 + 32 + 32);
	let planted = format!("{}{}{}", &value[..at], hex_of(&small_order), &value[at + 64..]);
	raw["genesis"]["raw"]["top"][&queued] = planted.into();
	let weak = weak_keys(&raw);
	assert_eq!(
		weak,
		["Session::QueuedKeys: sequencer 0's grandpa key is a point of small order of ed25519"]
	);
}

fn hex_of(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
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

/// The attacker's network files: an account given two roles that genesis endows (it would
/// panic), and keys anyone can sign for (the identity as Aura key, a point of small order as
/// GRANDPA key). `assemble-spec` refuses each, saying which roles or which operator and key,
/// and writes nothing.
#[test]
fn assemble_spec_refuses_an_account_in_two_roles_and_weak_keys() {
	let network: Value = serde_json::from_str(
		&std::fs::read_to_string(repo("chain-specs/testnet/network.json")).expect("network file"),
	)
	.expect("JSON");
	let dir = std::env::temp_dir().join(format!("seqchain-assemble-weak-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	let zero = format!("0x{}", "00".repeat(32));
	let small_order = format!("0x01{}", "00".repeat(31));
	let team = network["allocations"]["team"].clone();
	let operator_1 = network["operators"][0]["account"].clone();
	let cases: [(&str, Value, [&str; 2]); 4] = [
		(
			"/allocations/investors",
			team,
			["the team allocation and the investors allocation", "are the same account"],
		),
		(
			"/faucet",
			operator_1,
			["operator `operator-1`'s account and the faucet", "are the same account"],
		),
		(
			"/operators/0/aura",
			zero.clone().into(),
			[
				&format!("operator `operator-1`'s aura key `{zero}`"),
				"the identity point of sr25519",
			],
		),
		(
			"/operators/3/grandpa",
			small_order.clone().into(),
			[
				&format!("operator `operator-4`'s grandpa key `{small_order}`"),
				"small order of ed25519",
			],
		),
	];
	for (pointer, value, error) in cases {
		let mut bad = network.clone();
		*bad.pointer_mut(pointer).expect(pointer) = value;
		let file = dir.join("network.json");
		std::fs::write(&file, bad.to_string()).expect("write");
		let out_file = dir.join("spec.json");
		for raw in [false, true] {
			let mut args = vec![
				"assemble-spec",
				file.to_str().expect("utf-8"),
				"--output",
				out_file.to_str().expect("utf-8"),
			];
			if raw {
				args.push("--raw");
			}
			let out = common::run(&args);
			let stderr = String::from_utf8_lossy(&out.stderr);
			assert!(!out.status.success(), "{pointer} (raw: {raw}) was accepted");
			for error in error {
				assert!(stderr.contains(error), "{pointer} (raw: {raw}): {stderr}");
			}
			assert!(!out_file.exists(), "{pointer}: nothing written");
		}
	}
	let _ = std::fs::remove_dir_all(dir);
}
