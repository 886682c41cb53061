//! Runtime-level tests: genesis presets, pallet integrity, the extension list wallets see.

use frame_support::{traits::IntegrityTest, StoragePrefixedMap};
use sp_core::{crypto::Pair as _, ed25519, sr25519};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::BuildStorage;

use crate::{
	genesis_config_presets::{self as presets, TESTNET_RUNTIME_PRESET},
	AccountId, AllPalletsWithSystem, Balances, Runtime, RuntimeGenesisConfig, SessionKeys,
};

/// Builds the genesis storage of a preset exactly as the node does: the preset's JSON patch is
/// merged over the default genesis config, then built.
fn preset_storage(name: &str) -> sp_io::TestExternalities {
	let patch = presets::get_preset(&PresetId::from(name)).expect("preset exists");
	let patch: serde_json::Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).expect("preset decodes into the genesis config");
	sp_io::TestExternalities::new(config.build_storage().expect("genesis builds"))
}

fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// Every value under a storage map's prefix decodes: the typed iterator, which skips entries it
/// cannot decode, sees as many entries as there are raw keys.
fn assert_accounts_decode() {
	let prefix = frame_system::Account::<Runtime>::final_prefix();
	let raw = {
		let mut n = 0;
		let mut key = prefix.to_vec();
		while let Some(next) = sp_io::storage::next_key(&key) {
			if !next.starts_with(&prefix) {
				break;
			}
			n += 1;
			key = next;
		}
		n
	};
	assert!(raw > 0);
	assert_eq!(frame_system::Account::<Runtime>::iter().count(), raw);
}

fn assert_sequencers(expected: &[(AccountId, SessionKeys)]) {
	let accounts: Vec<AccountId> = expected.iter().map(|(a, _)| a.clone()).collect();
	assert_eq!(pallet_session::Validators::<Runtime>::try_get().expect("decodes"), accounts);
	let aura: Vec<_> = expected.iter().map(|(_, k)| k.aura.clone()).collect();
	assert_eq!(pallet_aura::Authorities::<Runtime>::try_get().expect("decodes").into_inner(), aura);
	let grandpa: Vec<_> = expected.iter().map(|(_, k)| (k.grandpa.clone(), 1)).collect();
	assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(), grandpa);
	for (account, keys) in expected {
		assert_eq!(pallet_session::NextKeys::<Runtime>::get(account).as_ref(), Some(keys));
	}
}

fn dev_keys(sr: Sr25519Keyring, ed: Ed25519Keyring) -> (AccountId, SessionKeys) {
	(sr.to_account_id(), SessionKeys { aura: sr.public().into(), grandpa: ed.public().into() })
}

#[test]
fn presets_are_listed() {
	let names: Vec<String> = presets::preset_names().into_iter().collect();
	assert_eq!(
		names,
		vec![DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, TESTNET_RUNTIME_PRESET]
	);
	assert!(presets::get_preset(&PresetId::from("no-such-preset")).is_none());
}

#[test]
fn development_preset_has_alice_as_sole_sequencer() {
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_sequencers(&[dev_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)]);
		assert_accounts_decode();
		let endowed = Sr25519Keyring::iter().count() as u128;
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			endowed * presets::DEV_ENDOWMENT
		);
		assert_eq!(
			Balances::free_balance(Sr25519Keyring::Ferdie.to_account_id()),
			presets::DEV_ENDOWMENT
		);
	});
}

#[test]
fn local_testnet_preset_has_four_sequencers() {
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_sequencers(&[
			dev_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			dev_keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			dev_keys(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			dev_keys(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		]);
		assert_accounts_decode();
	});
}

#[test]
fn testnet_preset_has_four_sequencers_and_a_faucet() {
	preset_storage(TESTNET_RUNTIME_PRESET).execute_with(|| {
		let sequencers = presets::testnet_sequencers();
		assert_eq!(sequencers.len(), 4);
		let expected: Vec<_> = sequencers
			.iter()
			.map(|s| {
				(
					s.account.clone(),
					SessionKeys { aura: s.aura.clone(), grandpa: s.grandpa.clone() },
				)
			})
			.collect();
		assert_sequencers(&expected);
		assert_accounts_decode();
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			4 * presets::TESTNET_SEQUENCER_ENDOWMENT + presets::TESTNET_FAUCET_ENDOWMENT
		);
	});
}

/// The testnet's hard-coded public keys are the ones their documented derivation gives.
#[test]
fn testnet_keys_match_their_derivation() {
	let phrase = sp_core::crypto::DEV_PHRASE;
	for (n, s) in presets::testnet_sequencers().iter().enumerate() {
		let path = format!("{phrase}//seqchain-testnet//{}", n + 1);
		let sr = sr25519::Pair::from_string(&path, None).expect("valid derivation").public();
		let ed = ed25519::Pair::from_string(&path, None).expect("valid derivation").public();
		assert_eq!(s.account, AccountId::from(sr), "sequencer {} account, {}", n + 1, hex(&sr.0));
		assert_eq!(s.aura, sr.into());
		assert_eq!(s.grandpa, ed.into(), "sequencer {} grandpa, {}", n + 1, hex(&ed.0));
	}
	let faucet = sr25519::Pair::from_string(&format!("{phrase}//seqchain-testnet//faucet"), None)
		.expect("valid derivation")
		.public();
	assert_eq!(presets::testnet_faucet(), AccountId::from(faucet), "faucet {}", hex(&faucet.0));
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn every_pallet_passes_its_integrity_test() {
	sp_io::TestExternalities::default().execute_with(AllPalletsWithSystem::integrity_test);
}

/// Wallets sign over the metadata hash only when the runtime lists `CheckMetadataHash`.
#[test]
fn metadata_lists_the_metadata_hash_extension() {
	let metadata = Runtime::metadata_ir();
	let names: Vec<_> =
		metadata.extrinsic.extensions_in_versions.iter().map(|e| e.identifier).collect();
	assert!(names.contains(&"CheckMetadataHash"), "{names:?}");
	assert!(names.contains(&"ChargeTransactionPayment"), "{names:?}");
}

#[test]
fn chain_properties_name_the_token() {
	let p = crate::chain_properties();
	assert_eq!(p["tokenSymbol"], "SEQ");
	assert_eq!(p["tokenDecimals"], 12);
	assert_eq!(p["ss58Format"], 42);
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), 42);
}
