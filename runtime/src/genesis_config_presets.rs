//! Genesis presets: the only place genesis state is defined. The node's chain specs name a
//! preset; `chain-specs/` holds the specs exported from them.
//!
//! Every preset's sequencers bond [`GENESIS_SELF_BOND`] in sequencer-staking and are the
//! session's genesis set.
//!
//! - [`DEV_RUNTIME_PRESET`] (`development`): one sequencer, Alice; the well-known dev accounts
//!   endowed; Eve and Ferdie delegate to Alice. For `--dev`.
//! - [`LOCAL_TESTNET_RUNTIME_PRESET`] (`local_testnet`): four sequencers, Alice, Bob, Charlie and
//!   Dave, for a multi-node network on one machine; Eve delegates to Alice, Ferdie to Dave.
//! - [`TESTNET_RUNTIME_PRESET`] (`testnet`): four sequencers with their own keys, for a public test
//!   network. Their keys are derived from the well-known development phrase (see
//!   [`testnet_sequencers`]), so this network is for testing only: a production launch puts its
//!   operators' public keys here.
//!
//! Every preset allocates vesting tokens in the seed's four categories ([`allocations`]): team,
//! investors, community and ecosystem. In the development presets Charlie, Dave, Eve and Ferdie
//! hold them; in the testnet, four accounts of their own.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::UncheckedFrom, hex2array};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use sp_runtime::Perbill;

use crate::{
	AccountId, Balance, BalancesConfig, BlockNumber, ReferendaConfig, RuntimeGenesisConfig,
	SequencerStakingConfig, SessionConfig, SessionKeys, VestingConfig, DAYS, UNIT,
};
use pallet_vesting::{Category, Schedule};

/// Name of the public test network's preset.
pub const TESTNET_RUNTIME_PRESET: &str = "testnet";

/// Balance of each endowed account in the development presets: ten million tokens, enough to
/// bond as a sequencer, delegate, register rollups and vote many times over.
pub const DEV_ENDOWMENT: Balance = 10_000_000 * UNIT;

/// Balance of each testnet sequencer account.
pub const TESTNET_SEQUENCER_ENDOWMENT: Balance = 1_000_000 * UNIT;

/// Balance of the testnet faucet account, which hands out test tokens.
pub const TESTNET_FAUCET_ENDOWMENT: Balance = 100_000_000 * UNIT;

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
#[derive(Clone)]
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

/// Public keys of the testnet: `(account and Aura sr25519, GRANDPA ed25519)` per sequencer,
/// then the faucet's sr25519 account.
///
/// Derived from the development phrase: sequencer `n` (1..=4) uses `//seqchain-testnet//n`
/// for its account and Aura key (sr25519) and for its GRANDPA key (ed25519); the faucet uses
/// `//seqchain-testnet//faucet`. `tests::testnet_keys_match_their_derivation` re-derives them.
const TESTNET_SEQUENCER_KEYS: [([u8; 32], [u8; 32]); 4] = [
	(
		hex2array!("96e24e9da9cf7e68bcc6fa2b091d9b14fade65b242d82cd48bd9f084bdcfef3d"),
		hex2array!("5f3e7133b317e5a9bfb17db8868fa9f0bdaadd04560746d6be56f6f553255404"),
	),
	(
		hex2array!("0c17a0f8c9d8abd515e9212ab436083aee84b52736f4e7a96f3096b651deed7c"),
		hex2array!("006b602b4bad621606b7c1d7cc23ab2e469c898813b0c7269b6617243a71cc4a"),
	),
	(
		hex2array!("20452d9472fb4bcfd56af5bb8053b1442daccf4b3fd4e744a0c1ad2062043c58"),
		hex2array!("3dc3cc5e06a3dc2f1d475446e522516e19e0e725ebec94ca252a796de755e951"),
	),
	(
		hex2array!("30eaafac5ff144c710588eee018a50cd4521a6e2f7c2917c76916bc8f2406f0e"),
		hex2array!("b1cc9336090acc6a938053b0b0c4f0dd8f75fa9e1f50836ce9511bc6868d951b"),
	),
];
const TESTNET_FAUCET_KEY: [u8; 32] =
	hex2array!("247b5648edd4453ffc9892728827f308c4bd14c979582e9565b4dcfb8d3f3544");

/// The testnet's allocation accounts (sr25519), `//seqchain-testnet//<category>` of the
/// development phrase: team, investors, community, ecosystem.
const TESTNET_ALLOCATION_KEYS: [[u8; 32]; 4] = [
	hex2array!("b6324895258db6c6c1ffcb9a1528f7cfbe18d377ddfe64b68afc604ad649d952"),
	hex2array!("3897dcdc036d58ad30234d9331604acd8ee9cda21b422623fc69b6fec33c7b5f"),
	hex2array!("3e433108a1d0b58ceb554e7fb16cc77c4d721c0a1032b8fcc613ac2a674f2864"),
	hex2array!("a2d8fbf0f046c643600d451fd3609367b54552f832a742957159436984403303"),
];

/// Spare balance of each testnet allocation account beyond its allocation, for fees.
pub const TESTNET_ALLOCATION_SPARE: Balance = 1_000 * UNIT;

/// The testnet's allocations, to its own four accounts.
pub fn testnet_allocations() -> Vec<Allocation> {
	let [team, investors, community, ecosystem] = TESTNET_ALLOCATION_KEYS.map(AccountId::from);
	allocations(team, investors, community, ecosystem)
}

/// The testnet's genesis sequencers.
pub fn testnet_sequencers() -> Vec<GenesisSequencer> {
	TESTNET_SEQUENCER_KEYS
		.iter()
		.map(|(sr, ed)| GenesisSequencer {
			account: AccountId::from(*sr),
			aura: AuraId::unchecked_from(*sr),
			grandpa: GrandpaId::unchecked_from(*ed),
		})
		.collect()
}

/// The testnet faucet's account.
pub fn testnet_faucet() -> AccountId {
	AccountId::from(TESTNET_FAUCET_KEY)
}

fn testnet() -> Value {
	let sequencers = testnet_sequencers();
	let mut endowed: Vec<(AccountId, Balance)> =
		sequencers.iter().map(|s| (s.account.clone(), TESTNET_SEQUENCER_ENDOWMENT)).collect();
	endowed.push((testnet_faucet(), TESTNET_FAUCET_ENDOWMENT));
	let allocations = testnet_allocations();
	endowed.extend(
		allocations.iter().map(|(who, _, s)| (who.clone(), s.total + TESTNET_ALLOCATION_SPARE)),
	);
	// The testnet's operators form the council, three of four to act; tracks run at their
	// production periods.
	let governance = Governance {
		fast_tracks: false,
		council: sequencers.iter().map(|s| s.account.clone()).collect(),
		council_threshold: 3,
	};
	genesis(sequencers, endowed, Vec::new(), allocations, governance)
}

/// The JSON patch of the preset `id`, or `None` for an unknown preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		TESTNET_RUNTIME_PRESET => testnet(),
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
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(TESTNET_RUNTIME_PRESET),
	]
}
