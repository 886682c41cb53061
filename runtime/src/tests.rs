//! Runtime-level tests: genesis presets, pallet integrity, the extension list wallets see.

use frame_support::{traits::IntegrityTest, StoragePrefixedMap};
use sp_core::{crypto::Pair as _, ed25519, sr25519};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::BuildStorage;

use crate::{
	genesis_config_presets::{self as presets, NetworkGenesis},
	AccountId, AllPalletsWithSystem, Balances, Runtime, SessionKeys,
};

/// Stands for a real network's genesis in [`preset_storage`]: [`presets::network_genesis`] over
/// [`sample_network`], as `seqchain-node assemble-spec` builds it.
pub(crate) const SAMPLE_NETWORK: &str = "sample-network";

/// A network of four sequencers with keys of their own (from seeds no phrase gives), a faucet,
/// four allocation accounts and the sequencers as the council, three of four to act.
pub(crate) fn sample_network() -> NetworkGenesis {
	let sr = |n: u8| sr25519::Pair::from_seed(&[n; 32]).public();
	let ed = |n: u8| ed25519::Pair::from_seed(&[n; 32]).public();
	let sequencers: Vec<_> = (1..=4)
		.map(|n| presets::GenesisSequencer {
			account: AccountId::from(sr(n)),
			aura: sr(n + 10).into(),
			grandpa: ed(n + 20).into(),
		})
		.collect();
	NetworkGenesis {
		council: sequencers.iter().map(|s| s.account.clone()).collect(),
		council_threshold: 3,
		sequencers,
		faucet: AccountId::from(sr(30)),
		allocations: [31, 32, 33, 34].map(|n| AccountId::from(sr(n))),
	}
}

/// Builds the genesis storage of a preset (or of [`SAMPLE_NETWORK`]) exactly as the node does:
/// the JSON patch is merged over the default genesis config, then built.
pub(crate) fn preset_storage(name: &str) -> sp_io::TestExternalities {
	let patch: serde_json::Value = if name == SAMPLE_NETWORK {
		presets::network_genesis(&sample_network())
	} else {
		let patch = presets::get_preset(&PresetId::from(name)).expect("preset exists");
		serde_json::from_slice(&patch).expect("preset is JSON")
	};
	let config = presets::config_from_patch(patch).expect("preset decodes into the genesis config");
	sp_io::TestExternalities::new(config.build_storage().expect("genesis builds"))
}

/// Fee-distribution's genesis gives the fee pot, the rewards account and the treasury their
/// existential deposits, so that any credit can land in them.
const PALLET_ACCOUNT_DEPOSITS: crate::Balance = 3 * crate::EXISTENTIAL_DEPOSIT;

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

/// The genesis set in leader order: slot-rotation's shuffle of the set elected by backing,
/// seeded with the genesis parent hash and session 0.
fn shuffled(by_backing: Vec<(AccountId, SessionKeys)>) -> Vec<(AccountId, SessionKeys)> {
	let mut input = codec::Encode::encode(&frame_system::Pallet::<Runtime>::parent_hash());
	input.extend(codec::Encode::encode(&0u32));
	pallet_slot_rotation::election::shuffle(by_backing, sp_io::hashing::blake2_256(&input))
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
		vec![DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET],
		"a real network has no preset: its keys are not compiled in"
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
			endowed * presets::DEV_ENDOWMENT + PALLET_ACCOUNT_DEPOSITS
		);
		// Ferdie's delegation is held, not spent.
		let ferdie = Sr25519Keyring::Ferdie.to_account_id();
		assert_eq!(
			<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&ferdie),
			presets::DEV_ENDOWMENT
		);
		assert_eq!(
			Balances::free_balance(&ferdie),
			presets::DEV_ENDOWMENT - presets::DEV_DELEGATION
		);
	});
}

#[test]
fn local_testnet_preset_has_four_sequencers() {
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		// Alice and Dave have a delegation each (120,000 backing), Bob and Charlie 100,000;
		// ties go to the lower account id (Dave 0x3067.. < Alice 0xd435..,
		// Bob 0x8eaf.. < Charlie 0x90b5..); slot-rotation then shuffles the leader order.
		assert_sequencers(&shuffled(vec![
			dev_keys(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
			dev_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			dev_keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			dev_keys(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		]));
		assert_accounts_decode();
	});
}

#[test]
fn a_network_genesis_has_its_sequencers_faucet_and_allocations() {
	preset_storage(SAMPLE_NETWORK).execute_with(|| {
		let network = sample_network();
		// Equal backing: elected in account order, then shuffled.
		let mut expected: Vec<_> = network
			.sequencers
			.iter()
			.map(|s| {
				(
					s.account.clone(),
					SessionKeys { aura: s.aura.clone(), grandpa: s.grandpa.clone() },
				)
			})
			.collect();
		expected.sort_by(|a, b| a.0.cmp(&b.0));
		assert_sequencers(&shuffled(expected));
		assert_accounts_decode();
		assert_eq!(Balances::free_balance(&network.faucet), presets::NETWORK_FAUCET_ENDOWMENT);
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			4 * presets::NETWORK_SEQUENCER_ENDOWMENT
				+ presets::NETWORK_FAUCET_ENDOWMENT
				+ presets::allocations(
					network.allocations[0].clone(),
					network.allocations[1].clone(),
					network.allocations[2].clone(),
					network.allocations[3].clone(),
				)
				.iter()
				.map(|(_, _, s)| s.total + presets::NETWORK_ALLOCATION_SPARE)
				.sum::<crate::Balance>()
				+ PALLET_ACCOUNT_DEPOSITS
		);
		let mut council = network.council.clone();
		council.sort();
		let mut stored = pallet_referenda::Council::<Runtime>::get().into_inner();
		stored.sort();
		assert_eq!(stored, council);
	});
}

#[test]
fn every_preset_allocates_vesting_in_the_four_categories() {
	use pallet_vesting::Category;
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, SAMPLE_NETWORK] {
		preset_storage(preset).execute_with(|| {
			for category in
				[Category::Team, Category::Investors, Category::Community, Category::Ecosystem]
			{
				assert!(
					pallet_vesting::Allocated::<Runtime>::get(category) > 0,
					"{preset} {category:?}"
				);
			}
			pallet_vesting::Pallet::<Runtime>::do_try_state().expect("freezes match schedules");
		});
	}
}

#[test]
fn vesting_tokens_can_be_bonded_but_not_transferred() {
	use frame_support::traits::fungible::Inspect;
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let team = Sr25519Keyring::Charlie.to_account_id();
		let alice = Sr25519Keyring::Alice.to_account_id();
		let info = crate::Vesting::vesting_info(&team, 1);
		assert_eq!(info.locked, 1_000_000 * crate::UNIT);
		assert_eq!(info.next_unlock, Some((13 * presets::MONTH, 1_000_000 * crate::UNIT / 36)));
		let balance = Balances::balance(&team);
		// Transferring the frozen part fails...
		assert!(crate::Balances::transfer_allow_death(
			crate::RuntimeOrigin::signed(team.clone()),
			alice.clone().into(),
			balance - 500_000 * crate::UNIT,
		)
		.is_err());
		// ...but bonding it, by delegating all but a little, succeeds: holds may use frozen funds.
		let bond = balance - 1_000 * crate::UNIT;
		assert!(bond > balance - info.locked, "the bond reaches into the frozen part");
		assert_ok(crate::SequencerStaking::delegate(
			crate::RuntimeOrigin::signed(team.clone()),
			alice,
			bond,
		));
		pallet_vesting::Pallet::<Runtime>::do_try_state().expect("freeze unchanged");
	});
}

fn assert_ok(r: frame_support::dispatch::DispatchResult) {
	r.expect("dispatch succeeds");
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

/// Every preset's sequencers are staked candidates: their self-bond is held, the pools and
/// holds agree (`try_state`), and the total staked is what the preset declares.
#[test]
fn presets_stake_their_sequencers() {
	use pallet_sequencer_staking::{Candidates, HoldReason, TotalStaked};
	for (preset, delegations) in
		[(DEV_RUNTIME_PRESET, 2), (LOCAL_TESTNET_RUNTIME_PRESET, 2), (SAMPLE_NETWORK, 0)]
	{
		preset_storage(preset).execute_with(|| {
			let validators = pallet_session::Validators::<Runtime>::get();
			for v in &validators {
				let c = Candidates::<Runtime>::get(v).expect("every sequencer is a candidate");
				assert_eq!(c.commission, presets::GENESIS_COMMISSION);
				assert!(c.stake >= presets::GENESIS_SELF_BOND, "{preset}");
			}
			let expected = validators.len() as u128 * presets::GENESIS_SELF_BOND
				+ delegations * presets::DEV_DELEGATION;
			assert_eq!(TotalStaked::<Runtime>::get(), expected, "{preset}");
			assert_eq!(
				<Balances as frame_support::traits::fungible::InspectHold<_>>::balance_on_hold(
					&crate::RuntimeHoldReason::SequencerStaking(HoldReason::Staking),
					&validators[0],
				),
				presets::GENESIS_SELF_BOND
			);
			crate::SequencerStaking::do_try_state().expect("staking invariants hold");
		});
	}
}

/// Rotates `n` sessions the way `pallet-session` does at each boundary.
pub(crate) fn rotate_sessions(n: u32) {
	for _ in 0..n {
		let next = frame_system::Pallet::<Runtime>::block_number() + crate::SESSION_PERIOD;
		frame_system::Pallet::<Runtime>::set_block_number(next);
		crate::Session::rotate_session();
	}
}

#[test]
fn an_era_starts_every_six_sessions_and_each_session_has_a_historical_root() {
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_sequencer_staking::CurrentEra::<Runtime>::get(), 0);
		rotate_sessions(crate::configs::SESSIONS_PER_ERA - 1);
		assert_eq!(pallet_sequencer_staking::CurrentEra::<Runtime>::get(), 0);
		rotate_sessions(1);
		assert_eq!(pallet_sequencer_staking::CurrentEra::<Runtime>::get(), 1);
		assert_eq!(
			pallet_sequencer_staking::CurrentEraStartSession::<Runtime>::get(),
			crate::configs::SESSIONS_PER_ERA
		);
		for session in 0..=crate::configs::SESSIONS_PER_ERA {
			assert!(
				pallet_session::historical::HistoricalSessions::<Runtime>::contains_key(session),
				"session {session} has no historical root"
			);
		}
	});
}

/// Two prevotes for different blocks in one round, signed by `keyring`.
pub(crate) fn grandpa_equivocation(
	keyring: Ed25519Keyring,
	set_id: u64,
) -> sp_consensus_grandpa::EquivocationProof<crate::Hash, crate::BlockNumber> {
	let round = 1;
	let prevote = |hash: crate::Hash| {
		let prevote = finality_grandpa::Prevote { target_hash: hash, target_number: 1 };
		let message = finality_grandpa::Message::Prevote(prevote.clone());
		let payload = sp_consensus_grandpa::localized_payload(round, set_id, &message);
		(prevote, keyring.sign(&payload).into())
	};
	sp_consensus_grandpa::EquivocationProof::new(
		set_id,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: round,
			identity: keyring.public().into(),
			first: prevote(crate::Hash::repeat_byte(1)),
			second: prevote(crate::Hash::repeat_byte(2)),
		}),
	)
}

/// A GRANDPA equivocation travels the standard path: grandpa checks the proof and the key
/// ownership against the historical session, the offences pallet records it, sequencer-staking
/// queues a deferred slash and disables the offender; the slash lands when its era starts.
#[test]
fn grandpa_equivocation_is_reported_disabled_and_slashed_after_the_deferral() {
	use frame_support::traits::KeyOwnerProofSystem;
	use pallet_sequencer_staking::{Candidates, SlashQueue, SlashRecords, SlashState};
	use seqchain_primitives::FaultKind;
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let offender = Sr25519Keyring::Bob.to_account_id();
		let stake_before = Candidates::<Runtime>::get(&offender).expect("candidate").stake;
		let proof = grandpa_equivocation(Ed25519Keyring::Bob, 0);
		let bob: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Bob.public().into();
		let key = (sp_consensus_grandpa::KEY_TYPE, bob);
		let key_owner_proof = crate::Historical::prove(key).expect("Bob's key is in session 0");

		// A proof for the wrong key is refused and changes nothing.
		let alice: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Alice.public().into();
		let other = (sp_consensus_grandpa::KEY_TYPE, alice);
		let wrong = crate::Historical::prove(other).expect("Alice's key is in session 0");
		assert!(crate::Grandpa::report_equivocation_unsigned(
			crate::RuntimeOrigin::none(),
			Box::new(proof.clone()),
			wrong,
		)
		.is_err());
		assert!(SlashQueue::<Runtime>::iter().next().is_none());

		assert!(crate::Grandpa::report_equivocation_unsigned(
			crate::RuntimeOrigin::none(),
			Box::new(proof),
			key_owner_proof,
		)
		.is_ok());

		let apply_era = crate::configs::SlashDeferDuration::get();
		let queued: Vec<_> =
			SlashQueue::<Runtime>::iter_prefix(apply_era).map(|(k, ())| k).collect();
		assert_eq!(queued, vec![(offender.clone(), FaultKind::DoubleSigning, 0)]);
		let record = SlashRecords::<Runtime>::get(0, (offender.clone(), FaultKind::DoubleSigning))
			.expect("recorded");
		// GRANDPA's own fraction for one offender in four is (3/4)^2; the double-signing rate
		// (100 % by default) is the floor.
		assert_eq!(record.fraction, sp_runtime::Perbill::one());
		assert_eq!(record.state, SlashState::Pending);
		let index = crate::Session::validator_id_to_index(&offender).expect("in the set");
		assert!(crate::Session::disabled_validators().contains(&index));
		assert_eq!(Candidates::<Runtime>::get(&offender).expect("candidate").stake, stake_before);

		// The era starts (here directly, 24 eras on); the blocks after it apply the slash.
		crate::SequencerStaking::start_era(apply_era);
		for n in 2..8 {
			<crate::SequencerStaking as frame_support::traits::Hooks<_>>::on_initialize(n);
		}
		assert_eq!(Candidates::<Runtime>::get(&offender).expect("candidate").stake, 0);
		crate::SequencerStaking::do_try_state().expect("staking invariants hold");
	});
}

/// Builds the next block at Aura slot `slot` through every pallet's hooks, with the timestamp
/// the slot implies, and returns its header's hash for the next block's parent.
fn produce_block(slot: u64, parent: crate::Hash) -> crate::Hash {
	use frame_support::traits::{OnFinalize, OnInitialize};
	use sp_runtime::{Digest, DigestItem};

	let n = frame_system::Pallet::<Runtime>::block_number() + 1;
	let pre_digest = DigestItem::PreRuntime(
		sp_consensus_aura::AURA_ENGINE_ID,
		codec::Encode::encode(&sp_consensus_aura::Slot::from(slot)),
	);
	frame_system::Pallet::<Runtime>::reset_events();
	frame_system::Pallet::<Runtime>::initialize(&n, &parent, &Digest { logs: vec![pre_digest] });
	AllPalletsWithSystem::on_initialize(n);
	assert!(
		crate::Timestamp::set(crate::RuntimeOrigin::none(), slot * crate::SLOT_DURATION).is_ok()
	);
	AllPalletsWithSystem::on_finalize(n);
	frame_system::Pallet::<Runtime>::finalize().hash()
}

/// Slot-rotation's leader order is Aura's: leader `i` of the schedule is the owner of Aura
/// authority `i`, in the genesis session and after a session change.
#[test]
fn the_published_schedule_is_auras_order() {
	use sp_runtime::{traits::OpaqueKeys, RuntimeAppPublic};
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let check = || {
			let set = crate::SlotRotation::current_set();
			let aura = pallet_aura::Authorities::<Runtime>::get();
			assert_eq!(set.len(), aura.len());
			for (who, key) in set.iter().zip(aura.iter()) {
				let keys = pallet_session::NextKeys::<Runtime>::get(who).expect("has keys");
				assert_eq!(
					keys.get::<sp_consensus_aura::sr25519::AuthorityId>(
						sp_consensus_aura::sr25519::AuthorityId::ID
					),
					Some(key.clone())
				);
			}
			for slot in 0..8u64 {
				assert_eq!(
					crate::SlotRotation::slot_leader(slot, false),
					Some(set[slot as usize % set.len()].clone())
				);
			}
		};
		check();
		let mut parent = frame_system::Pallet::<Runtime>::parent_hash();
		let mut slot = 1_000;
		while pallet_slot_rotation::CurrentSession::<Runtime>::get() < 2 {
			parent = produce_block(slot, parent);
			slot += 1;
		}
		check();
	});
}

/// A sequencer that stops: its slots are missed, at the end of the session it is reported to
/// staking (a pending liveness slash), disabled, and left out of the next election.
#[test]
fn a_silent_sequencer_is_reported_disabled_and_left_out() {
	use pallet_sequencer_staking::SlashQueue;
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let silent = Sr25519Keyring::Charlie.to_account_id();
		let mut parent = frame_system::Pallet::<Runtime>::parent_hash();
		let mut slot = 1_000;
		while pallet_slot_rotation::CurrentSession::<Runtime>::get() == 0 {
			if crate::SlotRotation::slot_leader(slot, false).as_ref() != Some(&silent) {
				parent = produce_block(slot, parent);
			}
			slot += 1;
		}
		let stats = crate::SlotRotation::session_stats(0);
		let (_, charlie) = stats.iter().find(|(w, _)| *w == silent).expect("in the set");
		assert_eq!(charlie.authored, 0);
		assert!(charlie.missed >= 10, "{charlie:?}");
		let apply_era = crate::configs::SlashDeferDuration::get();
		let pending: Vec<_> =
			SlashQueue::<Runtime>::iter_prefix(apply_era).map(|(k, ())| k).collect();
		assert_eq!(
			pending,
			vec![(silent.clone(), seqchain_primitives::FaultKind::LivenessFailure, 0)]
		);
		let index = crate::Session::validator_id_to_index(&silent).expect("still in session 1");
		assert!(crate::Session::disabled_validators().contains(&index));
		let next = crate::SlotRotation::next_set();
		assert_eq!(next.len(), 3);
		assert!(!next.contains(&silent));
		for (who, s) in stats.iter().filter(|(w, _)| *w != silent) {
			assert!(s.authored > 0 && s.missed == 0, "{who:?} {s:?}");
		}
		crate::SequencerStaking::do_try_state().expect("staking invariants hold");
		crate::SlotRotation::do_try_state().expect("slot-rotation invariants hold");
	});
}

/// A transaction's fee as `pallet-transaction-payment` charges it: withdrawn before dispatch,
/// corrected and handed to `OnChargeTransaction` after.
fn charge_fee(who: &AccountId, fee: crate::Balance, tip: crate::Balance) {
	use frame_support::dispatch::GetDispatchInfo;
	use pallet_transaction_payment::OnChargeTransaction;
	type Charge = <Runtime as pallet_transaction_payment::Config>::OnChargeTransaction;
	let call = crate::RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	let info = call.get_dispatch_info();
	let liquidity =
		<Charge as OnChargeTransaction<Runtime>>::withdraw_fee(who, &call, &info, fee + tip, tip)
			.expect("can pay");
	<Charge as OnChargeTransaction<Runtime>>::correct_and_deposit_fee(
		who,
		&info,
		&Default::default(),
		fee + tip,
		tip,
		liquidity,
	)
	.expect("fee deposited");
}

/// Fees, tips and dust reach the pot; at the era's end the pot and the emission are split,
/// the sequencers are rewarded by the blocks they authored (a silent one gets nothing), and
/// the issuance books balance.
#[test]
fn an_era_pays_fees_and_emission_to_the_sequencers_that_authored_it() {
	use pallet_fee_distribution::{Books, EraFees, History};
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let silent = Sr25519Keyring::Charlie.to_account_id();
		let alice = Sr25519Keyring::Alice.to_account_id();
		let payer = Sr25519Keyring::Bob.to_account_id();
		charge_fee(&payer, crate::UNIT, crate::UNIT / 10);
		assert_eq!(EraFees::<Runtime>::get(), crate::UNIT + crate::UNIT / 10);
		// A reaped account's dust is a fee too.
		let dusty: AccountId = sr25519::Pair::from_string("//dusty", None).unwrap().public().into();
		let ed = crate::EXISTENTIAL_DEPOSIT;
		assert_ok(Balances::transfer_allow_death(
			crate::RuntimeOrigin::signed(payer.clone()),
			dusty.clone().into(),
			ed + 7,
		));
		assert_ok(Balances::transfer_allow_death(
			crate::RuntimeOrigin::signed(dusty.clone()),
			payer.clone().into(),
			ed,
		));
		assert!(!frame_system::Account::<Runtime>::contains_key(&dusty));
		let fees = crate::UNIT + crate::UNIT / 10 + 7;
		assert_eq!(EraFees::<Runtime>::get(), fees);

		let issuance = <Balances as frame_support::traits::fungible::Inspect<_>>::total_issuance();
		let mut parent = frame_system::Pallet::<Runtime>::parent_hash();
		let mut slot = 1_000;
		while pallet_sequencer_staking::CurrentEra::<Runtime>::get() == 0 {
			if crate::SlotRotation::slot_leader(slot, false).as_ref() != Some(&silent) {
				parent = produce_block(slot, parent);
			}
			slot += 1;
		}
		let era = History::<Runtime>::get()[0];
		assert_eq!(era.fees, fees);
		assert_eq!(era.burned, fees / 5);
		// 15 % a year of the issuance, over 8,760 hourly eras.
		let minted = sp_runtime::Perbill::from_percent(15).mul_floor(issuance) / 8_760;
		assert_eq!(era.minted, minted);
		assert_eq!(era.stakers + era.treasury + era.burned, era.fees + era.minted);
		assert!(era.blocks >= 1_700, "an era of 1,800 slots: {}", era.blocks);
		assert_eq!(crate::FeeDistribution::pending_rewards(&silent, &silent), 0);
		assert!(crate::FeeDistribution::pending_rewards(&alice, &alice) > 0);
		assert_eq!(EraFees::<Runtime>::get(), 0);
		assert_eq!(
			<Balances as frame_support::traits::fungible::Inspect<_>>::total_issuance(),
			issuance + minted - era.burned
		);
		assert_eq!(Books::<Runtime>::get().minted, minted);
		let before = Balances::free_balance(&alice);
		let due = crate::FeeDistribution::pending_rewards(&alice, &alice);
		assert_ok(crate::FeeDistribution::claim_rewards(
			crate::RuntimeOrigin::signed(alice.clone()),
			alice.clone(),
		));
		assert_eq!(Balances::free_balance(&alice), before + due);
		crate::FeeDistribution::do_try_state().expect("fee-distribution invariants hold");
		crate::SequencerStaking::do_try_state().expect("staking invariants hold");
		let m = crate::FeeDistribution::metrics();
		assert_eq!(m.active_sequencers as usize, crate::Session::validators().len());
		let stakes: Vec<u128> = crate::Session::validators()
			.iter()
			.map(|v| pallet_sequencer_staking::Candidates::<Runtime>::get(v).map_or(0, |c| c.stake))
			.collect();
		assert_eq!(m.stake_hhi, pallet_fee_distribution::hhi(&stakes));
		// Equal stakes give 10,000 / n; the local preset's are close to equal.
		let n = stakes.len() as u32;
		assert!(m.stake_hhi >= 10_000 / n && m.stake_hhi < 10_000 / n + 100, "{}", m.stake_hhi);
	});
}

/// `Balances::burn` is filtered: tokens leave the issuance only through the economy.
#[test]
fn holders_cannot_burn_outside_the_economy() {
	use sp_runtime::traits::Dispatchable;
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		let who = Sr25519Keyring::Bob.to_account_id();
		let call = crate::RuntimeCall::Balances(pallet_balances::Call::burn {
			value: crate::UNIT,
			keep_alive: true,
		});
		let result = call.dispatch(crate::RuntimeOrigin::signed(who));
		assert_eq!(
			result.map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		crate::FeeDistribution::do_try_state().expect("books balance");
	});
}

/// Every privileged call of every pallet is refused from a plain signed origin: there is no
/// `sudo`, and each is reached only through a referendum's power (or, for the emergency calls,
/// the security council).
#[test]
fn every_privileged_call_is_refused_from_a_signed_origin() {
	use crate::RuntimeCall as C;
	use sp_runtime::traits::Dispatchable;
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let params = pallet_inbox::Params::<Runtime>::get();
		let schedule = pallet_vesting::Schedule {
			total: 1_000 * crate::UNIT,
			start: 0,
			cliff: 0,
			cliff_amount: 0,
			duration: 100,
			period: 1,
		};
		let calls = vec![
			C::SequencerStaking(pallet_sequencer_staking::Call::set_parameter {
				parameter: pallet_sequencer_staking::StakingParameter::MinDelegation(crate::UNIT),
			}),
			C::SequencerStaking(pallet_sequencer_staking::Call::cancel_slash {
				offender: bob.clone(),
				kind: seqchain_primitives::FaultKind::DoubleSigning,
				offence_era: 0,
			}),
			C::SequencerStaking(pallet_sequencer_staking::Call::postpone_slash {
				offender: bob.clone(),
				kind: seqchain_primitives::FaultKind::DoubleSigning,
				offence_era: 0,
			}),
			C::SlotRotation(pallet_slot_rotation::Call::set_target_set_size { size: 10 }),
			C::FeeDistribution(pallet_fee_distribution::Call::set_parameter {
				parameter: pallet_fee_distribution::EconomicsParameter::SlashDestination(
					pallet_fee_distribution::SlashDestination::Burn,
				),
			}),
			C::FeeDistribution(pallet_fee_distribution::Call::spend {
				amount: 1,
				beneficiary: alice.clone(),
			}),
			C::Inbox(pallet_inbox::Call::set_params { params }),
			C::Inbox(pallet_inbox::Call::pause { rollup: None }),
			C::Inbox(pallet_inbox::Call::unpause { rollup: None }),
			C::Vesting(pallet_vesting::Call::force_vested_transfer {
				source: alice.clone(),
				to: bob.clone(),
				schedule,
			}),
			C::Vesting(pallet_vesting::Call::force_remove_schedule { who: bob.clone(), index: 0 }),
			C::Referenda(pallet_referenda::Call::set_track { id: 9, track: None }),
			C::Referenda(pallet_referenda::Call::set_council { members: vec![], threshold: 0 }),
			C::Referenda(pallet_referenda::Call::kill { index: 0 }),
			C::Referenda(pallet_referenda::Call::cancel { index: 0 }),
			C::System(frame_system::Call::set_code { code: vec![] }),
			C::System(frame_system::Call::authorize_upgrade { code_hash: Default::default() }),
			C::Balances(pallet_balances::Call::force_set_balance {
				who: alice.clone().into(),
				new_free: 1,
			}),
			C::Balances(pallet_balances::Call::force_transfer {
				source: alice.clone().into(),
				dest: bob.clone().into(),
				value: 1,
			}),
			C::Preimage(pallet_preimage::Call::request_preimage { hash: Default::default() }),
		];
		for call in calls {
			let name = format!("{call:?}");
			let result = call.dispatch(crate::RuntimeOrigin::signed(alice.clone()));
			let error = result.expect_err(&name).error;
			assert_eq!(error, sp_runtime::DispatchError::BadOrigin, "{name}");
		}
	});
}

/// Produces `n` blocks with Aura slots after `slot`, returning the next slot and parent.
fn produce_blocks(n: u32, mut slot: u64, mut parent: crate::Hash) -> (u64, crate::Hash) {
	for _ in 0..n {
		parent = produce_block(slot, parent);
		slot += 1;
	}
	(slot, parent)
}

/// A referendum on the parameters track changes the fee split: submitted, backed, voted by
/// two accounts, confirmed, and enacted by the scheduler after the timelock.
#[test]
fn a_parameters_referendum_changes_the_fee_split() {
	use pallet_fee_distribution::{split::Shares, EconomicsParameter, FeeShares};
	use pallet_referenda::conviction::Conviction;
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) =
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
		let shares = Shares {
			stakers: sp_runtime::Perbill::from_percent(50),
			treasury: sp_runtime::Perbill::from_percent(30),
			burn: sp_runtime::Perbill::from_percent(20),
		};
		let call =
			crate::RuntimeCall::FeeDistribution(pallet_fee_distribution::Call::set_parameter {
				parameter: EconomicsParameter::FeeShares(shares),
			});
		let proposal =
			<crate::Preimage as frame_support::traits::StorePreimage>::bound(call).expect("inline");
		let origin = |who: &AccountId| crate::RuntimeOrigin::signed(who.clone());
		let (slot, parent) =
			produce_blocks(1, 1_000, frame_system::Pallet::<Runtime>::parent_hash());
		assert_ok(crate::Referenda::submit(
			origin(&alice),
			crate::configs::tracks::PARAMETERS,
			Box::new(proposal),
			frame_support::traits::schedule::DispatchTime::After(0),
		));
		assert_ok(crate::Referenda::place_decision_deposit(origin(&bob), 0));
		// Each votes its whole balance, Alice's bonded stake included: support 20 million of
		// about 140 million, over the track's 10 % ceiling.
		for who in [&alice, &bob] {
			let balance =
				<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(who);
			assert_ok(crate::Referenda::vote(origin(who), 0, true, balance, Conviction::Locked1x));
		}
		let (slot, parent) = produce_blocks(4, slot, parent);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(0),
			Some(pallet_referenda::ReferendumInfo::Approved(..))
		));
		assert_ne!(FeeShares::<Runtime>::get(), shares, "the timelock has not passed");
		produce_blocks(3, slot, parent);
		assert_eq!(FeeShares::<Runtime>::get(), shares);
		// The metrics report the referendum's turnout: Alice's and Bob's whole balances.
		let governance = crate::configs::governance::participation();
		assert_eq!((governance.ongoing, governance.recent.len()), (0, 1));
		let voted: u128 = [&alice, &bob]
			.iter()
			.map(|who| {
				<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(who)
			})
			.sum();
		assert_eq!(governance.recent[0].support, voted);
		assert!(governance.recent[0].approved);
		assert_eq!(governance.mean_turnout, governance.recent[0].turnout);
		assert!(governance.mean_turnout > 100_000_000, "over 10 % of the issuance voted");
		crate::Referenda::do_try_state().expect("referenda invariants hold");
		crate::FeeDistribution::do_try_state().expect("fee-distribution invariants hold");
	});
}

/// Two of the three council members pause the inbox; one alone cannot, and the council
/// cannot spend from the treasury.
#[test]
fn the_council_pauses_the_inbox_but_cannot_spend() {
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		let member = |k: Sr25519Keyring| crate::RuntimeOrigin::signed(k.to_account_id());
		let pause = Box::new(crate::RuntimeCall::Inbox(pallet_inbox::Call::pause { rollup: None }));
		assert_ok(crate::Referenda::council_propose(member(Sr25519Keyring::Alice), pause));
		assert!(!pallet_inbox::InboxPaused::<Runtime>::get());
		assert_ok(
			crate::Referenda::council_approve(member(Sr25519Keyring::Bob), 0)
				.map(|_| ())
				.map_err(|e| e.error),
		);
		assert!(pallet_inbox::InboxPaused::<Runtime>::get());
		let spend =
			Box::new(crate::RuntimeCall::FeeDistribution(pallet_fee_distribution::Call::spend {
				amount: 1,
				beneficiary: Sr25519Keyring::Alice.to_account_id(),
			}));
		assert_eq!(
			crate::Referenda::council_propose(member(Sr25519Keyring::Alice), spend),
			Err(pallet_referenda::Error::<Runtime>::NotCouncilPower.into())
		);
	});
}

/// The `spec-bump` build's version (the runtime-upgrade test's target) is this version with
/// `spec_version` one higher, and nothing else changed.
#[test]
fn the_spec_bump_version_is_this_one_plus_one() {
	let source = include_str!("lib.rs");
	let versions: Vec<&str> = source
		.split("pub const VERSION: RuntimeVersion = RuntimeVersion {")
		.skip(1)
		.map(|rest| rest.split("};").next().expect("the struct closes"))
		.collect();
	assert_eq!(versions.len(), 2, "one version per build");
	let spec = |v: &str| -> u32 {
		let line = v.lines().find(|l| l.trim().starts_with("spec_version:")).expect("spec_version");
		line.trim()
			.trim_start_matches("spec_version:")
			.trim()
			.trim_end_matches(',')
			.parse()
			.expect("a number")
	};
	assert_eq!(spec(versions[0]), crate::VERSION.spec_version);
	assert_eq!(spec(versions[1]), crate::VERSION.spec_version + 1);
	let others = |v: &str| -> Vec<String> {
		v.lines().filter(|l| !l.contains("spec_version")).map(str::to_owned).collect()
	};
	assert_eq!(others(versions[0]), others(versions[1]));
}

mod governance;
mod slashing;
