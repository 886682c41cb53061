//! Genesis presets and a network's genesis: the only place genesis state is defined. The node's
//! development chain specs name a preset; a network's spec is assembled from
//! [`network_genesis`]; `chain-specs/` holds the specs exported from them.
//!
//! Every preset's sequencers bond [`GENESIS_SELF_BOND`] in sequencer-staking and are the
//! session's genesis set.
//!
//! - [`DEV_RUNTIME_PRESET`] (`development`): one sequencer, Alice; the well-known dev accounts
//!   endowed; Eve and Ferdie delegate to Alice. For `--dev`.
//! - [`LOCAL_TESTNET_RUNTIME_PRESET`] (`local_testnet`): four sequencers, Alice, Bob, Charlie and
//!   Dave, for a multi-node network on one machine; Eve delegates to Alice, Ferdie to Dave.
//!
//! Both use the well-known development accounts, whose secrets anyone has: they are for one
//! machine only. A real network (the testnet included) has no preset: its genesis is
//! [`network_genesis`] over its operators' public keys, which `seqchain-node assemble-spec`
//! reads from the network's file (`chain-specs/testnet/network.json`), so no key of it is
//! compiled into the runtime or derived from a public phrase.
//!
//! Every genesis allocates vesting tokens in the seed's four categories ([`allocations`]): team,
//! investors, community and ecosystem. In the development presets Charlie, Dave, Eve and Ferdie
//! hold them; in a network, four accounts of its own.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use sp_runtime::Perbill;

use crate::{
	AccountId, Balance, BalancesConfig, BlockNumber, ReferendaConfig, RuntimeGenesisConfig,
	SequencerStakingConfig, SessionConfig, SessionKeys, VestingConfig, DAYS, UNIT,
};
use pallet_vesting::{Category, Schedule};

/// Balance of each endowed account in the development presets: ten million tokens, enough to
/// bond as a sequencer, delegate, register rollups and vote many times over.
pub const DEV_ENDOWMENT: Balance = 10_000_000 * UNIT;

/// Balance of each sequencer account of a network ([`network_genesis`]).
pub const NETWORK_SEQUENCER_ENDOWMENT: Balance = 1_000_000 * UNIT;

/// Balance of a network's faucet account, which hands out test tokens.
pub const NETWORK_FAUCET_ENDOWMENT: Balance = 100_000_000 * UNIT;

/// Spare balance of each allocation account of a network beyond its allocation, for fees.
pub const NETWORK_ALLOCATION_SPARE: Balance = 1_000 * UNIT;

/// Self-bond of each genesis sequencer: twice the minimum, so an operator can unbond some
/// without falling below it.
pub const GENESIS_SELF_BOND: Balance = 100_000 * UNIT;

/// Commission of each genesis sequencer.
pub const GENESIS_COMMISSION: Perbill = Perbill::from_percent(5);

/// Amount of each genesis delegation in the development presets.
pub const DEV_DELEGATION: Balance = 20_000 * UNIT;

/// A month of blocks (30 days).
pub const MONTH: BlockNumber = 30 * DAYS;

/// A genesis vesting allocation: `(account, category, schedule)`.
pub type Allocation = (AccountId, Category, Schedule<BlockNumber>);

/// The genesis vesting allocations, one per category of the seed, all starting at genesis and
/// released monthly:
///
/// | category | amount | cliff | at the cliff | fully vested |
/// | --- | --- | --- | --- | --- |
/// | team | 1,000,000 SEQ | 12 months | nothing | month 48 (the seed's example: 36 × ~27,777) |
/// | investors | 500,000 SEQ | 6 months | 10 % | month 24 |
/// | community | 2,000,000 SEQ | none | nothing | month 48 |
/// | ecosystem | 1,500,000 SEQ | 3 months | nothing | month 36 |
pub fn allocations(
	team: AccountId,
	investors: AccountId,
	community: AccountId,
	ecosystem: AccountId,
) -> Vec<Allocation> {
	let monthly = |total: Balance, cliff: u32, cliff_amount: Balance, months: u32| Schedule {
		total,
		start: 0,
		cliff: cliff * MONTH,
		cliff_amount,
		duration: months * MONTH,
		period: MONTH,
	};
	vec![
		(team, Category::Team, monthly(1_000_000 * UNIT, 12, 0, 48)),
		(investors, Category::Investors, monthly(500_000 * UNIT, 6, 50_000 * UNIT, 24)),
		(community, Category::Community, monthly(2_000_000 * UNIT, 0, 0, 48)),
		(ecosystem, Category::Ecosystem, monthly(1_500_000 * UNIT, 3, 0, 36)),
	]
}

/// Development allocations: Charlie (team), Dave (investors), Eve (community), Ferdie
/// (ecosystem), each endowed with [`DEV_ENDOWMENT`].
fn dev_allocations() -> Vec<Allocation> {
	allocations(
		Sr25519Keyring::Charlie.to_account_id(),
		Sr25519Keyring::Dave.to_account_id(),
		Sr25519Keyring::Eve.to_account_id(),
		Sr25519Keyring::Ferdie.to_account_id(),
	)
}

/// A genesis sequencer: its account and its session keys.
#[derive(Clone, Debug)]
pub struct GenesisSequencer {
	/// The sequencer's account (its stash and controller).
	pub account: AccountId,
	/// Aura key: authors blocks.
	pub aura: AuraId,
	/// GRANDPA key: votes on finality.
	pub grandpa: GrandpaId,
}

fn session_keys(s: &GenesisSequencer) -> SessionKeys {
	SessionKeys { aura: s.aura.clone(), grandpa: s.grandpa.clone() }
}

/// The genesis state patch shared by every preset: each sequencer is endowed elsewhere, bonds
/// [`GENESIS_SELF_BOND`] at [`GENESIS_COMMISSION`] and registers its session keys;
/// `delegations` are `(delegator, sequencer, amount)`.
fn genesis(
	sequencers: Vec<GenesisSequencer>,
	endowed: Vec<(AccountId, Balance)>,
	delegations: Vec<(AccountId, AccountId, Balance)>,
	allocations: Vec<Allocation>,
	governance: Governance,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		referenda: ReferendaConfig {
			tracks: crate::configs::default_tracks(governance.fast_tracks),
			council: governance.council,
			council_threshold: governance.council_threshold,
			// Development chains give rollups a notice of seconds; the others keep the
			// runtime's `RollupNoticePeriod` (3 days).
			rollup_notice: governance.fast_tracks.then_some(crate::configs::DEV_ROLLUP_NOTICE),
		},
		vesting: VestingConfig { allocations },
		sequencer_staking: SequencerStakingConfig {
			candidates: sequencers
				.iter()
				.map(|s| (s.account.clone(), GENESIS_SELF_BOND, GENESIS_COMMISSION))
				.collect::<Vec<_>>(),
			delegations,
		},
		session: SessionConfig {
			keys: sequencers
				.iter()
				.map(|s| (s.account.clone(), s.account.clone(), session_keys(s)))
				.collect::<Vec<_>>(),
		},
	})
}

/// A preset's governance: the tracks' speed and the security council.
struct Governance {
	/// Periods of a few blocks, and a rollup notice of `DEV_ROLLUP_NOTICE` blocks, for
	/// development.
	fast_tracks: bool,
	/// The council's members.
	council: Vec<AccountId>,
	/// Approvals a council motion needs.
	council_threshold: u32,
}

/// Development governance: fast tracks, and Alice, Bob and Charlie on the council, two of
/// three to act.
fn dev_governance() -> Governance {
	Governance {
		fast_tracks: true,
		council: vec![
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Bob.to_account_id(),
			Sr25519Keyring::Charlie.to_account_id(),
		],
		council_threshold: 2,
	}
}

/// A development sequencer from the well-known keyring.
fn dev_sequencer(sr: Sr25519Keyring, ed: Ed25519Keyring) -> GenesisSequencer {
	GenesisSequencer {
		account: sr.to_account_id(),
		aura: sr.public().into(),
		grandpa: ed.public().into(),
	}
}

/// Alice..Ferdie and their `//stash` accounts, each with [`DEV_ENDOWMENT`].
fn dev_endowed() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::iter().map(|k| (k.to_account_id(), DEV_ENDOWMENT)).collect()
}

/// Eve and Ferdie delegate [`DEV_DELEGATION`] to the first sequencer and to the last, so
/// delegation and its share accounting can be tried from the first block.
fn dev_delegations(sequencers: &[GenesisSequencer]) -> Vec<(AccountId, AccountId, Balance)> {
	let (Some(first), Some(last)) = (sequencers.first(), sequencers.last()) else {
		return Vec::new();
	};
	vec![
		(Sr25519Keyring::Eve.to_account_id(), first.account.clone(), DEV_DELEGATION),
		(Sr25519Keyring::Ferdie.to_account_id(), last.account.clone(), DEV_DELEGATION),
	]
}

fn development() -> Value {
	let sequencers = vec![dev_sequencer(Sr25519Keyring::Alice, Ed25519Keyring::Alice)];
	let delegations = dev_delegations(&sequencers);
	genesis(sequencers, dev_endowed(), delegations, dev_allocations(), dev_governance())
}

fn local_testnet() -> Value {
	let sequencers = vec![
		dev_sequencer(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		dev_sequencer(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		dev_sequencer(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		dev_sequencer(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	];
	let delegations = dev_delegations(&sequencers);
	genesis(sequencers, dev_endowed(), delegations, dev_allocations(), dev_governance())
}

/// A network's genesis, from public keys only: what `seqchain-node assemble-spec` reads from a
/// network file. Each operator generated its keys on its own machine and sent the public halves
/// (`docs/operators.md`, "Genesis ceremony"); the coordinator adds the faucet, allocation and
/// council accounts, whose secrets it keeps.
#[derive(Clone, Debug)]
pub struct NetworkGenesis {
	/// The genesis sequencers, each endowed with [`NETWORK_SEQUENCER_ENDOWMENT`] and bonding
	/// [`GENESIS_SELF_BOND`].
	pub sequencers: Vec<GenesisSequencer>,
	/// The faucet account, endowed with [`NETWORK_FAUCET_ENDOWMENT`].
	pub faucet: AccountId,
	/// The vesting allocations' accounts: team, investors, community, ecosystem
	/// ([`allocations`]), each also given [`NETWORK_ALLOCATION_SPARE`] for fees.
	pub allocations: [AccountId; 4],
	/// The security council.
	pub council: Vec<AccountId>,
	/// Approvals a council motion needs.
	pub council_threshold: u32,
}

/// The genesis state patch of a network: the sequencers, faucet and allocation accounts
/// endowed, the sequencers bonded with their session keys, the council, and governance at its
/// production periods (the rollup notice of `RollupNoticePeriod`, 3 days).
pub fn network_genesis(network: &NetworkGenesis) -> Value {
	let mut endowed: Vec<(AccountId, Balance)> = network
		.sequencers
		.iter()
		.map(|s| (s.account.clone(), NETWORK_SEQUENCER_ENDOWMENT))
		.collect();
	endowed.push((network.faucet.clone(), NETWORK_FAUCET_ENDOWMENT));
	let [team, investors, community, ecosystem] = network.allocations.clone();
	let allocations = allocations(team, investors, community, ecosystem);
	endowed.extend(
		allocations.iter().map(|(who, _, s)| (who.clone(), s.total + NETWORK_ALLOCATION_SPARE)),
	);
	let governance = Governance {
		fast_tracks: false,
		council: network.council.clone(),
		council_threshold: network.council_threshold,
	};
	genesis(network.sequencers.clone(), endowed, Vec::new(), allocations, governance)
}

/// The genesis config a JSON `patch` (a preset's) gives, as the node builds it: the patch merged
/// over the default config, then decoded. For tests and tools that build a chain's genesis
/// without the node.
#[cfg(feature = "std")]
pub fn config_from_patch(patch: Value) -> Result<RuntimeGenesisConfig, String> {
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (k, v) in patch {
					merge(base.entry(k).or_insert(Value::Null), v);
				}
			},
			(base, patch) => *base = patch,
		}
	}
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default())
		.map_err(|e| format!("the default genesis config does not serialize: {e}"))?;
	merge(&mut config, patch);
	serde_json::from_value(config).map_err(|e| format!("the patch does not decode: {e}"))
}

/// The JSON patch of the preset `id`, or `None` for an unknown preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization of a serde_json::Value cannot fail; qed")
			.into_bytes(),
	)
}

/// The names of all presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}
