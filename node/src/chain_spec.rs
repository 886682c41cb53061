//! The chain specifications the node knows by name.
//!
//! The development chains name a genesis preset of the runtime; a real network's spec is
//! assembled from its network file of public keys ([`crate::assemble`]). Each has its own
//! protocol id, so nodes of different chains never take each other for peers of theirs.

use sc_service::ChainType;
use sp_core::{crypto::DEV_PHRASE, ed25519, sr25519, Pair};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A chain specification of this chain, without client extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Network protocol id of the development chain.
pub const DEV_PROTOCOL_ID: &str = "seqchain-dev";

/// Network protocol id of the local four-sequencer chain.
pub const LOCAL_PROTOCOL_ID: &str = "seqchain-local";

/// The testnet's network file: its operators' public keys (`chain-specs/testnet/`).
pub const TESTNET_NETWORK_FILE: &str = include_str!("../../chain-specs/testnet/network.json");

/// A chain spec of the given name, id and type, built from the runtime preset `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
	protocol_id: &str,
) -> Result<ChainSpec, String> {
	let code = seqchain_runtime::WASM_BINARY
		.ok_or("the runtime wasm is not available: the node was built with SKIP_WASM_BUILD")?;
	Ok(ChainSpec::builder(code, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_protocol_id(protocol_id)
		.with_properties(seqchain_runtime::chain_properties())
		.with_genesis_config_preset_name(preset)
		.build())
}

/// The single-sequencer development chain (`--dev`, `--chain dev`).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Seqchain Development",
		"seqchain_dev",
		ChainType::Development,
		DEV_RUNTIME_PRESET,
		DEV_PROTOCOL_ID,
	)
}

/// A four-sequencer network on one machine (`--chain local`).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Seqchain Local Testnet",
		"seqchain_local",
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
		LOCAL_PROTOCOL_ID,
	)
}

/// The public test network (`--chain testnet`), assembled from its network file with this
/// binary's runtime. Its raw spec, `chain-specs/testnet-raw.json`, pins the genesis.
pub fn testnet_chain_spec() -> Result<ChainSpec, String> {
	crate::assemble::spec_from_json(TESTNET_NETWORK_FILE)
		.map_err(|e| format!("chain-specs/testnet/network.json: {e}"))
}

/// Derivation paths of the public development phrase that this project or Substrate's tools
/// use: the well-known accounts, their `//stash` accounts, and the paths of the testnet's keys
/// before they were its operators' own.
pub fn public_phrase_paths() -> Vec<String> {
	let mut paths = vec![String::new()];
	for name in ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie", "One", "Two"] {
		paths.push(format!("//{name}"));
		paths.push(format!("//{name}//stash"));
	}
	for leaf in ["1", "2", "3", "4", "faucet", "team", "investors", "community", "ecosystem"] {
		paths.push(format!("//seqchain-testnet//{leaf}"));
	}
	paths
}

/// The path of the public development phrase that `key` (an sr25519 or ed25519 public key) is
/// derived from, if it is one of [`public_phrase_paths`].
pub fn public_phrase_key(key: &[u8; 32]) -> Option<String> {
	public_phrase_paths()
		.into_iter()
		.find(|path| {
			let uri = format!("{DEV_PHRASE}{path}");
			let sr = sr25519::Pair::from_string(&uri, None).map(|p| p.public().0);
			let ed = ed25519::Pair::from_string(&uri, None).map(|p| p.public().0);
			sr.as_ref() == Ok(key) || ed.as_ref() == Ok(key)
		})
		.map(|path| if path.is_empty() { "the phrase itself".into() } else { path })
}
