//! The client's root of trust: the chain's genesis, from a raw chain spec it is given.
//!
//! The genesis state in the spec is hashed into the genesis block's state root with the SDK's
//! trie ([`sp_runtime::traits::Hash::trie_root`]), the genesis header built from it as the
//! node builds it, and the genesis GRANDPA set read from the same state. A node of another
//! chain, or one that lies about the genesis, has another genesis hash and is refused.

use std::collections::BTreeMap;

use codec::Decode;
use sp_consensus_grandpa::AuthorityList;
use sp_core::H256;
use sp_runtime::traits::{BlakeTwo256, Hash as _, Header as _};

use super::{Header, Trusted};
use crate::node::Error;

/// What a raw chain spec fixes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
	/// The chain's name in the spec.
	pub name: String,
	/// The genesis block's hash.
	pub genesis: H256,
	/// The genesis GRANDPA set (set id 0).
	pub authorities: AuthorityList,
}

impl Anchor {
	/// The trusted state at genesis.
	pub fn trusted(&self) -> Trusted {
		Trusted::genesis(self.genesis, &self.authorities)
	}
}

/// The storage key of `Grandpa::Authorities`.
fn authorities_key() -> Vec<u8> {
	let mut key = sp_crypto_hashing::twox_128(b"Grandpa").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"Authorities"));
	key
}

fn unhex(what: &str, s: &str) -> Result<Vec<u8>, Error> {
	hex::decode(s.trim_start_matches("0x")).map_err(|e| format!("{what}: not hex ({e})"))
}

/// Reads a raw chain spec (`seqchain-node export-chain-spec --raw`, or `build-spec --raw`).
pub fn from_raw_spec(json: &[u8]) -> Result<Anchor, Error> {
	let spec: serde_json::Value =
		serde_json::from_slice(json).map_err(|e| format!("not a chain spec: {e}"))?;
	let name = spec.get("name").and_then(|n| n.as_str()).unwrap_or_default().to_string();
	let genesis = spec.get("genesis").ok_or("not a chain spec: no genesis")?;
	let Some(raw) = genesis.get("raw") else {
		return Err("the chain spec is not raw: export it with `seqchain-node export-chain-spec \
		            --chain <chain> --raw` (a raw spec holds the genesis state itself)"
			.into());
	};
	if raw.get("childrenDefault").and_then(|c| c.as_object()).is_some_and(|c| !c.is_empty()) {
		return Err("the chain spec's genesis has child tries, which this chain never has".into());
	}
	let top = raw.get("top").and_then(|t| t.as_object()).ok_or("the raw genesis has no `top`")?;
	let mut state = BTreeMap::new();
	for (k, v) in top {
		let v = v.as_str().ok_or("a genesis value is not a string")?;
		state.insert(unhex("genesis key", k)?, unhex("genesis value", v)?);
	}
	let version = seqchain_runtime::VERSION.state_version();
	let state_root = BlakeTwo256::trie_root(
		state.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
		version,
	);
	let extrinsics_root = BlakeTwo256::trie_root(Vec::new(), version);
	let header = Header::new(0, extrinsics_root, state_root, H256::zero(), Default::default());
	let set = state
		.get(&authorities_key())
		.ok_or("the chain spec's genesis has no GRANDPA authorities")?;
	let authorities = AuthorityList::decode(&mut &set[..])
		.map_err(|e| format!("the genesis GRANDPA authorities do not decode: {e}"))?;
	if authorities.is_empty() {
		return Err("the chain spec's genesis GRANDPA set is empty".into());
	}
	Ok(Anchor { name, genesis: header.hash(), authorities })
}

#[cfg(test)]
mod tests {
	use super::*;

	fn spec(top: &[(&[u8], &[u8])]) -> Vec<u8> {
		let top: serde_json::Map<String, serde_json::Value> = top
			.iter()
			.map(|(k, v)| (format!("0x{}", hex::encode(k)), format!("0x{}", hex::encode(v)).into()))
			.collect();
		serde_json::json!({"name": "t", "genesis": {"raw": {"top": top, "childrenDefault": {}}}})
			.to_string()
			.into_bytes()
	}

	#[test]
	fn the_genesis_hash_and_set_come_from_the_state() {
		let set =
			super::super::finality::tests::list(&super::super::finality::tests::voters("a", 2));
		let key = authorities_key();
		let encoded = codec::Encode::encode(&set);
		let a = from_raw_spec(&spec(&[(&key, &encoded), (b"x", b"1")])).unwrap();
		assert_eq!(a.authorities, set);
		// Any other byte of state is another chain.
		let b = from_raw_spec(&spec(&[(&key, &encoded), (b"x", b"2")])).unwrap();
		assert_ne!(a.genesis, b.genesis);
		assert!(from_raw_spec(&spec(&[(b"x", b"1")])).unwrap_err().contains("no GRANDPA"));
		let plain = br#"{"name":"t","genesis":{"runtimeGenesis":{}}}"#;
		assert!(from_raw_spec(plain).unwrap_err().contains("not raw"));
		assert!(from_raw_spec(b"[]").is_err());
	}
}
