//! `seqchain-node assemble-spec`: the chain spec of a real network, assembled from its network
//! file, which holds public keys only.
//!
//! The genesis ceremony (`docs/operators.md`) has every operator generate its keys on its own
//! machine and send the coordinator the public halves: its account, its Aura and GRANDPA session
//! keys, and its bootnode address (whose peer ID is the public half of its node key). The
//! coordinator adds the faucet, allocation and council accounts and the network's name, id,
//! protocol id and fork id, and assembles the spec with the runtime's
//! [`network_genesis`](seqchain_runtime::genesis_config_presets::network_genesis). Nothing
//! secret is ever in the file or the spec, and a key that anyone can derive from a public phrase
//! is refused.

use std::path::{Path, PathBuf};

use curve25519_dalek::{
	edwards::CompressedEdwardsY, ristretto::CompressedRistretto, traits::IsIdentity,
};
use frame_support::traits::Get;
use sc_network::config::MultiaddrWithPeerId;
use sc_service::ChainType;
use seqchain_runtime::{
	genesis_config_presets::{network_genesis, GenesisSequencer, NetworkGenesis},
	AccountId,
};
use serde::Deserialize;
use sp_core::{
	crypto::{Ss58Codec, UncheckedFrom},
	ed25519, sr25519,
};

use crate::chain_spec::{public_phrase_key, ChainSpec, DEV_PROTOCOL_ID, LOCAL_PROTOCOL_ID};

/// A network file: what the genesis ceremony collects (`chain-specs/testnet/network.json`).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NetworkFile {
	/// The network's name, as shown to users.
	pub name: String,
	/// The chain id (`seqchain_testnet`): names the node's database directory.
	pub id: String,
	/// The network's own protocol id: no two networks share one.
	pub protocol_id: String,
	/// The network's fork id, part of its protocol names: a fork of it must change it.
	pub fork_id: String,
	/// The genesis sequencers, one per operator.
	pub operators: Vec<Operator>,
	/// The faucet account (SS58).
	pub faucet: String,
	/// The vesting allocations' accounts (SS58).
	pub allocations: Allocations,
	/// The security council (SS58); the operators' accounts when absent.
	#[serde(default)]
	pub council: Option<Vec<String>>,
	/// Approvals a council motion needs.
	pub council_threshold: u32,
}

/// One operator's public keys.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Operator {
	/// Who runs it.
	pub name: String,
	/// The operator account, SS58: it bonds and registers the session keys.
	pub account: String,
	/// The Aura key (sr25519): SS58 or `0x` hex of the public key.
	pub aura: String,
	/// The GRANDPA key (ed25519): SS58 or `0x` hex of the public key.
	pub grandpa: String,
	/// Its bootnode addresses, each ending in `/p2p/<peer ID>`.
	#[serde(default)]
	pub bootnodes: Vec<String>,
}

/// The allocation accounts, one per category.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Allocations {
	/// Team (SS58).
	pub team: String,
	/// Investors (SS58).
	pub investors: String,
	/// Community (SS58).
	pub community: String,
	/// Ecosystem (SS58).
	pub ecosystem: String,
}

/// Assemble a network's chain spec from its network file (public keys only).
#[derive(Debug, clap::Parser)]
pub struct AssembleSpecCmd {
	/// The network file: name, id, protocol and fork ids, and the operators' public keys.
	pub network: PathBuf,
	/// Output the raw spec (the genesis storage itself, which pins the genesis hash).
	#[arg(long)]
	pub raw: bool,
	/// Write the spec to this file instead of standard output (only once it is complete).
	#[arg(long, value_name = "FILE")]
	pub output: Option<PathBuf>,
}

impl AssembleSpecCmd {
	/// Assembles the spec and writes it; on any error nothing is written.
	pub fn run(&self) -> Result<(), String> {
		let spec = spec_from_file(&self.network)?;
		let json = spec.as_json(self.raw)?;
		match &self.output {
			Some(path) => std::fs::write(path, json)
				.map_err(|e| format!("cannot write {}: {e}", path.display())),
			None => {
				println!("{json}");
				Ok(())
			},
		}
	}
}

/// The chain spec of the network described in `path`.
pub fn spec_from_file(path: &Path) -> Result<ChainSpec, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| format!("cannot read the network file {}: {e}", path.display()))?;
	spec_from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The chain spec of the network file `text`.
pub fn spec_from_json(text: &str) -> Result<ChainSpec, String> {
	let file: NetworkFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
	let (genesis, boot_nodes) = check(&file)?;
	build(&file, &genesis, boot_nodes)
}

/// The spec of a checked network file, once the runtime has built its genesis: whatever the
/// genesis build would still refuse (it panics, under `--raw` or at a node's first start) is
/// an error here, before anything is written.
fn build(
	file: &NetworkFile,
	genesis: &NetworkGenesis,
	boot_nodes: Vec<MultiaddrWithPeerId>,
) -> Result<ChainSpec, String> {
	let code = seqchain_runtime::WASM_BINARY
		.ok_or("the runtime wasm is not available: the node was built with SKIP_WASM_BUILD")?;
	let spec = ChainSpec::builder(code, None)
		.with_name(&file.name)
		.with_id(&file.id)
		.with_chain_type(ChainType::Live)
		.with_protocol_id(&file.protocol_id)
		.with_fork_id(&file.fork_id)
		.with_boot_nodes(boot_nodes)
		.with_properties(seqchain_runtime::chain_properties())
		.with_genesis_config_patch(network_genesis(genesis))
		.build();
	RUNTIME_PANIC.listen();
	sp_runtime::BuildStorage::build_storage(&spec).map_err(|e| match RUNTIME_PANIC.take() {
		Some(panic) => format!("the runtime refuses this genesis: {panic}"),
		None => format!("the runtime refuses this genesis: {e}"),
	})?;
	Ok(spec)
}

/// The runtime's panic message: the executor's error says only that the wasm trapped, and the
/// runtime logs why (target `runtime`, level error) through the host's `log`.
static RUNTIME_PANIC: RuntimePanic = RuntimePanic(std::sync::Mutex::new(None));

struct RuntimePanic(std::sync::Mutex<Option<String>>);

impl RuntimePanic {
	/// Installs it as the process's logger, unless one is installed already (which then gets
	/// the message).
	fn listen(&'static self) {
		if log::set_logger(self).is_ok() {
			log::set_max_level(log::LevelFilter::Error);
		}
	}

	fn take(&self) -> Option<String> {
		self.0.lock().ok()?.take()
	}
}

impl log::Log for RuntimePanic {
	fn enabled(&self, meta: &log::Metadata) -> bool {
		meta.target() == "runtime" && meta.level() == log::Level::Error
	}

	fn log(&self, record: &log::Record) {
		if self.enabled(record.metadata()) {
			if let Ok(mut last) = self.0.lock() {
				*last = Some(record.args().to_string());
			}
		}
	}

	fn flush(&self) {}
}

/// An account: SS58 with this chain's prefix, of a sound sr25519 or ed25519 public key.
fn account(what: &str, ss58: &str) -> Result<AccountId, String> {
	let id = address(what, ss58)?;
	sound_account(what, ss58, id.as_ref())?;
	Ok(id)
}

/// The 32 bytes an SS58 address with this chain's prefix holds.
fn address(what: &str, ss58: &str) -> Result<AccountId, String> {
	let (id, version) = AccountId::from_ss58check_with_version(ss58)
		.map_err(|e| format!("{what}: `{ss58}` is not an SS58 address ({e:?})"))?;
	if u16::from(version) != seqchain_runtime::SS58_PREFIX {
		return Err(format!(
			"{what}: `{ss58}` has SS58 prefix {}, this chain's is {}",
			u16::from(version),
			seqchain_runtime::SS58_PREFIX
		));
	}
	Ok(id)
}

/// A public key given as SS58 or `0x` hex.
fn public_key(what: &str, text: &str) -> Result<[u8; 32], String> {
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes = sp_core::bytes::from_hex(hex)
			.map_err(|e| format!("{what}: `{text}` is not hex ({e})"))?;
		return bytes
			.try_into()
			.map_err(|_| format!("{what}: `{text}` is not a 32-byte public key"));
	}
	address(what, text).map(Into::into)
}

/// A 32-byte public key as a point of its curve.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Point {
	/// A key of its own: only whoever holds its secret signs for it.
	Sound,
	/// A point anyone can sign for, whatever the message.
	Weak(&'static str),
	/// No public key of the scheme.
	Invalid(&'static str),
}

/// An sr25519 key (Aura's, an account's): a Ristretto point. The Ristretto group has prime
/// order, so its only weak point is the identity.
fn sr25519_point(key: &[u8; 32]) -> Point {
	match CompressedRistretto(*key).decompress() {
		None => Point::Invalid("not a Ristretto point"),
		Some(p) if p.is_identity() => Point::Weak("the identity point"),
		Some(_) => Point::Sound,
	}
}

/// An ed25519 key (GRANDPA's, a node key's, an account's): an Edwards point of the prime-order
/// subgroup, as `key generate` makes. For a point of small order (the identity among them)
/// anyone can sign; a point with a small-order component is never a generated key. (Every
/// non-canonical encoding is of a point outside the prime-order subgroup, so these two checks
/// refuse those too.)
fn ed25519_point(key: &[u8; 32]) -> Point {
	match CompressedEdwardsY(*key).decompress() {
		None => Point::Invalid("not an Edwards point"),
		Some(p) if p.is_small_order() => Point::Weak("a point of small order"),
		Some(p) if !p.is_torsion_free() => Point::Invalid("a point with a small-order component"),
		Some(_) => Point::Sound,
	}
}

/// Refuses a key of `scheme` that is not `Sound`, naming it as the file gives it (`text`).
fn sound_key(what: &str, text: &str, scheme: &str, point: Point) -> Result<(), String> {
	match point {
		Point::Sound => Ok(()),
		Point::Weak(why) => Err(format!(
			"{what} `{text}` is {why} of {scheme}: anyone can sign for it. Generate a key of \
			 your own, as in docs/operators.md (Genesis ceremony)"
		)),
		Point::Invalid(why) => Err(format!("{what} `{text}` is not an {scheme} public key: {why}")),
	}
}

/// An account is an sr25519 or an ed25519 public key (a signature of either scheme signs for
/// it), weak in neither: for the identity as sr25519, or a point of small order as ed25519,
/// anyone could sign.
fn sound_account(what: &str, text: &str, key: &[u8; 32]) -> Result<(), String> {
	let points = [("sr25519", sr25519_point(key)), ("ed25519", ed25519_point(key))];
	for (scheme, point) in points {
		if let Point::Weak(_) = point {
			return sound_key(what, text, scheme, point);
		}
	}
	if points.iter().any(|(_, point)| *point == Point::Sound) {
		return Ok(());
	}
	Err(format!(
		"{what} `{text}` is neither an sr25519 nor an ed25519 public key: generate the account \
		 with `seqchain-node key generate`"
	))
}

/// Refuses a key anyone can derive from a public phrase.
fn not_public(what: &str, key: &[u8; 32]) -> Result<(), String> {
	match public_phrase_key(key) {
		Some(path) => Err(format!(
			"{what} is `{path}` of the public development phrase: anyone can sign with it. \
			 Generate a key of your own (`seqchain-node key generate`)"
		)),
		None => Ok(()),
	}
}

/// Every distinct value once.
fn distinct<T: PartialEq>(
	what: &str,
	items: &[T],
	name: impl Fn(usize) -> String,
) -> Result<(), String> {
	for (i, a) in items.iter().enumerate() {
		if let Some(j) = items[..i].iter().position(|b| b == a) {
			return Err(format!("{what}: {} and {} are the same", name(j), name(i)));
		}
	}
	Ok(())
}

/// Checks a network file and turns it into the runtime's [`NetworkGenesis`] and the bootnodes.
pub fn check(file: &NetworkFile) -> Result<(NetworkGenesis, Vec<MultiaddrWithPeerId>), String> {
	for (field, value) in [
		("name", &file.name),
		("id", &file.id),
		("protocolId", &file.protocol_id),
		("forkId", &file.fork_id),
	] {
		if value.trim().is_empty() {
			return Err(format!("`{field}` is empty"));
		}
	}
	if ["seqchain_dev", "seqchain_local"].contains(&file.id.as_str()) {
		return Err(format!("id `{}` is a development chain's", file.id));
	}
	if [DEV_PROTOCOL_ID, LOCAL_PROTOCOL_ID, "seqchain"].contains(&file.protocol_id.as_str()) {
		return Err(format!(
			"protocol id `{}` is taken (development chains and the old shared id): give the \
			 network its own",
			file.protocol_id
		));
	}
	if file.operators.is_empty() {
		return Err("no operators".into());
	}
	let max_sequencers = seqchain_runtime::configs::MAX_AUTHORITIES as usize;
	if file.operators.len() > max_sequencers {
		return Err(format!(
			"{} operators: at most {max_sequencers}, the runtime's bound on the authorities",
			file.operators.len()
		));
	}
	let mut sequencers = Vec::new();
	let mut boot_nodes = Vec::new();
	for op in &file.operators {
		let who = |key: &str| format!("operator `{}`'s {key}", op.name);
		let account = account(&who("account"), &op.account)?;
		let aura = public_key(&who("aura key"), &op.aura)?;
		let grandpa = public_key(&who("grandpa key"), &op.grandpa)?;
		not_public(&who("account"), account.as_ref())?;
		not_public(&who("aura key"), &aura)?;
		not_public(&who("grandpa key"), &grandpa)?;
		sound_key(&who("aura key"), &op.aura, "sr25519", sr25519_point(&aura))?;
		sound_key(&who("grandpa key"), &op.grandpa, "ed25519", ed25519_point(&grandpa))?;
		for addr in &op.bootnodes {
			let boot_node = addr.parse::<MultiaddrWithPeerId>().map_err(|e| {
				format!(
					"{}: `{addr}` is not an address ending in /p2p/<peer ID> ({e})",
					who("bootnode")
				)
			})?;
			// The peer ID of a Substrate node key holds its ed25519 public key.
			let peer = boot_node.peer_id;
			let key = peer.into_ed25519().ok_or_else(|| {
				format!(
					"{} `{peer}` is not an ed25519 peer ID: a node key (`seqchain-node key \
					 generate-node-key`) is ed25519",
					who("bootnode peer ID")
				)
			})?;
			sound_key(&who("bootnode peer ID"), &peer.to_base58(), "ed25519", ed25519_point(&key))?;
			boot_nodes.push(boot_node);
		}
		sequencers.push(GenesisSequencer {
			account,
			aura: sr25519::Public::from_raw(aura).into(),
			grandpa: ed25519::Public::unchecked_from(grandpa).into(),
		});
	}
	let name = |i: usize| format!("operator `{}`", file.operators[i].name);
	distinct("operator names", &file.operators.iter().map(|o| &o.name).collect::<Vec<_>>(), name)?;
	distinct("accounts", &sequencers.iter().map(|s| &s.account).collect::<Vec<_>>(), name)?;
	distinct("aura keys", &sequencers.iter().map(|s| &s.aura).collect::<Vec<_>>(), name)?;
	distinct("grandpa keys", &sequencers.iter().map(|s| &s.grandpa).collect::<Vec<_>>(), name)?;

	let faucet = account("the faucet", &file.faucet)?;
	not_public("the faucet", faucet.as_ref())?;
	let a = &file.allocations;
	let mut allocations = Vec::new();
	for (category, ss58) in [
		("team", &a.team),
		("investors", &a.investors),
		("community", &a.community),
		("ecosystem", &a.ecosystem),
	] {
		let what = format!("the {category} allocation");
		let id = account(&what, ss58)?;
		not_public(&what, id.as_ref())?;
		allocations.push(id);
	}
	let council = match &file.council {
		Some(members) => members
			.iter()
			.map(|m| {
				let id = account("a council member", m)?;
				not_public(&format!("council member {m}"), id.as_ref())?;
				Ok(id)
			})
			.collect::<Result<Vec<_>, String>>()?,
		None => sequencers.iter().map(|s| s.account.clone()).collect(),
	};
	distinct("council members", &council, |i| format!("member {}", i + 1))?;
	let max_council: u32 =
		<seqchain_runtime::Runtime as pallet_referenda::Config>::MaxCouncil::get();
	if council.len() > max_council as usize {
		return Err(format!(
			"{} council members: at most {max_council}, the runtime's bound on the council",
			council.len()
		));
	}
	if file.council_threshold == 0 || file.council_threshold as usize > council.len() {
		return Err(format!(
			"councilThreshold {} must be between 1 and the council's {} members",
			file.council_threshold,
			council.len()
		));
	}
	// Genesis endows each of these accounts once (the runtime's genesis build panics on an
	// account endowed twice), so one account holds one of these roles only. Council members
	// receive nothing and may hold any role.
	let mut endowed: Vec<(String, &AccountId)> = file
		.operators
		.iter()
		.zip(&sequencers)
		.map(|(op, s)| (format!("operator `{}`'s account", op.name), &s.account))
		.collect();
	endowed.push(("the faucet".into(), &faucet));
	for (category, id) in ["team", "investors", "community", "ecosystem"].iter().zip(&allocations) {
		endowed.push((format!("the {category} allocation"), id));
	}
	for (i, (role, id)) in endowed.iter().enumerate() {
		if let Some((first, _)) = endowed[..i].iter().find(|(_, other)| other == id) {
			return Err(format!(
				"{first} and {role} are the same account ({}): genesis endows each account \
				 once, so every operator, the faucet and each allocation needs an account of \
				 its own",
				id.to_ss58check_with_version(seqchain_runtime::SS58_PREFIX.into())
			));
		}
	}
	let [team, investors, community, ecosystem]: [AccountId; 4] =
		allocations.try_into().map_err(|_| "four allocation accounts")?;
	Ok((
		NetworkGenesis {
			sequencers,
			faucet,
			allocations: [team, investors, community, ecosystem],
			council,
			council_threshold: file.council_threshold,
		},
		boot_nodes,
	))
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::Pair;

	fn ss58(seed: u8) -> String {
		AccountId::from(sr25519::Pair::from_seed(&[seed; 32]).public())
			.to_ss58check_with_version(seqchain_runtime::SS58_PREFIX.into())
	}

	fn hex_ed(seed: u8) -> String {
		format!("0x{}", hex(&ed25519::Pair::from_seed(&[seed; 32]).public().0))
	}

	fn hex(b: &[u8]) -> String {
		b.iter().map(|b| format!("{b:02x}")).collect()
	}

	const PEER: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";

	fn file() -> serde_json::Value {
		serde_json::json!({
			"name": "Test Net", "id": "test_net", "protocolId": "test-net", "forkId": "test-net-1",
			"operators": (1..=4).map(|n| serde_json::json!({
				"name": format!("op{n}"), "account": ss58(n), "aura": ss58(n + 10),
				"grandpa": hex_ed(n + 20),
				"bootnodes": [format!("/dns/op{n}.example/tcp/30333/p2p/{PEER}")],
			})).collect::<Vec<_>>(),
			"faucet": ss58(30),
			"allocations": {
				"team": ss58(31), "investors": ss58(32), "community": ss58(33), "ecosystem": ss58(34),
			},
			"councilThreshold": 3,
		})
	}

	fn checked(
		v: &serde_json::Value,
	) -> Result<(NetworkGenesis, Vec<MultiaddrWithPeerId>), String> {
		check(&serde_json::from_value(v.clone()).map_err(|e| e.to_string())?)
	}

	#[test]
	fn a_network_file_gives_its_sequencers_council_and_bootnodes() {
		let (genesis, boot_nodes) = checked(&file()).expect("a good file");
		assert_eq!(genesis.sequencers.len(), 4);
		assert_eq!(genesis.council.len(), 4, "the operators by default");
		assert_eq!(boot_nodes.len(), 4);
		assert_eq!(
			genesis.sequencers[0].grandpa,
			ed25519::Pair::from_seed(&[21; 32]).public().into()
		);
	}

	#[test]
	fn bad_input_gets_a_clear_error() {
		let alice = AccountId::from(sp_keyring::Sr25519Keyring::Alice.public())
			.to_ss58check_with_version(42u16.into());
		let cases: Vec<(&str, serde_json::Value, &str)> = vec![
			(
				"/operators/0/account",
				alice.clone().into(),
				"`//Alice` of the public development phrase",
			),
			(
				"/operators/1/grandpa",
				format!("0x{}", hex(&sp_keyring::Ed25519Keyring::Bob.public().0)).into(),
				"`//Bob` of the public development phrase",
			),
			("/faucet", alice.into(), "the faucet is `//Alice`"),
			("/operators/2/aura", ss58(11).into(), "aura keys: operator `op1` and operator `op3`"),
			("/operators/0/bootnodes/0", "/dns/x/tcp/1".into(), "not an address ending in /p2p/"),
			("/protocolId", "seqchain".into(), "protocol id `seqchain` is taken"),
			("/protocolId", "seqchain-dev".into(), "is taken"),
			("/id", "seqchain_local".into(), "a development chain's"),
			("/councilThreshold", 5.into(), "between 1 and the council's 4 members"),
			("/operators/0/account", "5Grw".into(), "not an SS58 address"),
			("/operators/0/aura", "0x1234".into(), "not a 32-byte public key"),
		];
		for (pointer, value, error) in cases {
			let mut f = file();
			*f.pointer_mut(pointer).expect(pointer) = value;
			let err = checked(&f).expect_err(pointer);
			assert!(err.contains(error), "{pointer}: {err}");
		}
		let mut f = file();
		f["council"] = (1..=10).map(ss58).collect();
		assert!(checked(&f).expect_err("ten members").contains("10 council members: at most 9"));
		let mut f = file();
		f["extra"] = 1.into();
		assert!(checked(&f).expect_err("unknown field").contains("unknown field"));
	}

	/// Genesis endows each account once: an account given two roles that receive a balance
	/// (an operator, the faucet, an allocation) would make the genesis build panic, so the
	/// file is refused naming both roles.
	#[test]
	fn an_account_in_two_roles_is_refused() {
		let cases: Vec<(&str, String, &str)> = vec![
			(
				"/allocations/investors",
				ss58(31),
				"the team allocation and the investors allocation",
			),
			("/faucet", ss58(1), "operator `op1`'s account and the faucet"),
			("/allocations/ecosystem", ss58(4), "operator `op4`'s account and the ecosystem"),
			("/allocations/community", ss58(30), "the faucet and the community allocation"),
		];
		for (pointer, value, error) in cases {
			let mut f = file();
			*f.pointer_mut(pointer).expect(pointer) = value.into();
			let err = checked(&f).expect_err(pointer);
			assert!(err.contains(error), "{pointer}: {err}");
			assert!(err.contains("the same account"), "{pointer}: {err}");
		}
		// Council members receive nothing: an operator, or the faucet, may sit on the council.
		let mut f = file();
		f["council"] = serde_json::json!([ss58(1), ss58(30), ss58(31)]);
		let (genesis, _) = checked(&f).expect("council members may hold other roles");
		assert_eq!(genesis.council.len(), 3);
	}

	/// More genesis sequencers than the runtime's authority bound would make genesis panic.
	#[test]
	fn more_operators_than_authorities_are_refused() {
		let key = |kind: u8, n: usize| {
			let mut seed = [7u8; 32];
			seed[0] = kind;
			seed[1..3].copy_from_slice(&(n as u16).to_be_bytes());
			seed
		};
		let mut f = file();
		f["operators"] = (0..=seqchain_runtime::configs::MAX_AUTHORITIES as usize)
			.map(|n| {
				serde_json::json!({
					"name": format!("op{n}"),
					"account": AccountId::from(sr25519::Pair::from_seed(&key(1, n)).public())
						.to_ss58check_with_version(seqchain_runtime::SS58_PREFIX.into()),
					"aura": format!("0x{}", hex(&sr25519::Pair::from_seed(&key(2, n)).public().0)),
					"grandpa": format!("0x{}", hex(&ed25519::Pair::from_seed(&key(3, n)).public().0)),
				})
			})
			.collect();
		let Err(err) = checked(&f) else { panic!("101 operators were accepted") };
		assert!(err.contains("101 operators: at most 100"), "{err}");
	}

	/// The last line of defence: a genesis the checks above let through but the runtime
	/// refuses is an error, not a spec that panics at `--raw` or at the node's start.
	#[test]
	fn a_genesis_the_runtime_refuses_is_an_error() {
		let f: NetworkFile = serde_json::from_value(file()).expect("a network file");
		let (mut genesis, boot_nodes) = check(&f).expect("a good file");
		build(&f, &genesis, boot_nodes.clone()).expect("a good genesis builds");
		genesis.faucet = genesis.sequencers[0].account.clone();
		let Err(err) = build(&f, &genesis, boot_nodes) else {
			panic!("a genesis endowing an account twice was built")
		};
		assert!(err.contains("the runtime refuses this genesis"), "{err}");
		assert!(err.contains("duplicate balances"), "{err}");
	}

	/// Keys that are no point of their curve, or a point anyone can sign for (the identity, a
	/// point of small order), are refused, naming the holder and the key: every key the file
	/// carries (accounts, Aura, GRANDPA, the bootnodes' peer IDs).
	#[test]
	fn weak_or_invalid_keys_are_refused() {
		let hex32 = |b: [u8; 32]| format!("0x{}", hex(&b));
		let address = |b: [u8; 32]| {
			AccountId::from(b).to_ss58check_with_version(seqchain_runtime::SS58_PREFIX.into())
		};
		let first = |b: u8| {
			let mut k = [0; 32];
			k[0] = b;
			k
		};
		let edwards = |k: [u8; 32]| CompressedEdwardsY(k).decompress();
		let zero = [0; 32];
		let ed_identity = first(1);
		let order_2 = {
			let mut k = [0xff; 32];
			k[0] = 0xec;
			k[31] = 0x7f;
			k
		};
		let order_8 = [
			0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10,
			0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77,
			0x92, 0xac, 0x03, 0x7a,
		];
		// Not an Edwards y coordinate; odd, so no Ristretto encoding either.
		let neither = (3..=255).step_by(2).map(first).find(|k| edwards(*k).is_none()).unwrap();
		let honest = edwards(ed25519::Pair::from_seed(&[21; 32]).public().0).unwrap();
		let mixed = (honest + edwards(order_2).unwrap()).compress().0;
		let peer = |k: [u8; 32]| {
			let id = sc_network::PeerId::from_ed25519(&k).expect("an ed25519 peer ID");
			format!("/dns/op1.example/tcp/30333/p2p/{id}")
		};
		let cases: Vec<(&str, String, &str)> = vec![
			("/operators/0/aura", hex32(zero), "operator `op1`'s aura key `0x0000"),
			("/operators/0/aura", hex32(zero), "is the identity point of sr25519"),
			("/operators/1/aura", address(zero), "operator `op2`'s aura key `5C4hrfjw"),
			("/operators/1/grandpa", hex32(ed_identity), "operator `op2`'s grandpa key `0x0100"),
			("/operators/1/grandpa", hex32(ed_identity), "a point of small order of ed25519"),
			("/operators/2/grandpa", hex32(zero), "a point of small order of ed25519"),
			("/operators/2/grandpa", hex32(order_2), "a point of small order"),
			("/operators/3/grandpa", hex32(order_8), "operator `op4`'s grandpa key `0xc717"),
			("/operators/3/grandpa", hex32(order_8), "a point of small order"),
			("/operators/0/account", address(zero), "operator `op1`'s account `5C4hrfjw"),
			("/operators/0/account", address(zero), "the identity point of sr25519"),
			("/operators/1/account", address(ed_identity), "a point of small order of ed25519"),
			("/operators/2/account", address(order_8), "a point of small order of ed25519"),
			("/faucet", address(zero), "the faucet `5C4hrfjw"),
			("/allocations/team", address(order_2), "the team allocation `"),
			("/operators/0/aura", hex32(ed_identity), "is not an sr25519 public key"),
			("/operators/0/grandpa", hex32(neither), "is not an ed25519 public key"),
			("/operators/0/grandpa", hex32(mixed), "a point with a small-order component"),
			("/operators/0/account", address(neither), "neither an sr25519 nor an ed25519"),
			("/operators/0/bootnodes/0", peer(ed_identity), "operator `op1`'s bootnode peer ID"),
			("/operators/0/bootnodes/0", peer(order_8), "a point of small order of ed25519"),
			(
				"/operators/0/bootnodes/0",
				"/dns/op1.example/tcp/30333/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"
					.into(),
				"not an ed25519 peer ID",
			),
		];
		for (pointer, value, error) in cases {
			let mut f = file();
			*f.pointer_mut(pointer).expect(pointer) = value.clone().into();
			let Err(err) = checked(&f) else { panic!("{pointer} = {value} was accepted") };
			assert!(err.contains(error), "{pointer} = {value}: {err}");
		}
		let mut f = file();
		f["council"] = serde_json::json!([ss58(1), address(zero), ss58(2)]);
		let err = checked(&f).expect_err("a weak council member");
		assert!(err.contains("a council member `5C4hrfjw"), "{err}");

		// An ed25519 account (a Ledger's, say) is an account like an sr25519 one.
		let mut f = file();
		f["council"] = serde_json::json!([ss58(1), address(honest.compress().0), ss58(2)]);
		checked(&f).expect("an ed25519 council member");
	}
}
