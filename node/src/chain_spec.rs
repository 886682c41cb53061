//! The chain specifications the node knows by name.
//!
//! Each one names a genesis preset of the runtime: genesis state is defined only there.

use sc_service::ChainType;
use seqchain_runtime::genesis_config_presets::TESTNET_RUNTIME_PRESET;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A chain specification of this chain, without client extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Network protocol identifier shared by every Seqchain network.
const PROTOCOL_ID: &str = "seqchain";

/// A chain spec of the given name, id and type, built from the runtime preset `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let code = seqchain_runtime::WASM_BINARY
		.ok_or("the runtime wasm is not available: the node was built with SKIP_WASM_BUILD")?;
	Ok(ChainSpec::builder(code, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_protocol_id(PROTOCOL_ID)
		.with_properties(seqchain_runtime::chain_properties())
		.with_genesis_config_preset_name(preset)
		.build())
}

/// The single-sequencer development chain (`--dev`, `--chain dev`).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset("Seqchain Development", "seqchain_dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// A four-sequencer network on one machine (`--chain local`).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Seqchain Local Testnet",
		"seqchain_local",
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// The public test network (`--chain testnet`).
pub fn testnet_chain_spec() -> Result<ChainSpec, String> {
	from_preset("Seqchain Testnet", "seqchain_testnet", ChainType::Live, TESTNET_RUNTIME_PRESET)
}
