//! The fuzzer's short run, part of the test suite: scripted seeds that reach the custom pallets'
//! paths (rollups, plain and sealed submissions, candidates and delegations, transfers, an era
//! change), each of them with bytes flipped, inputs of pseudo-random bytes, and every input in
//! `fuzz/regressions/runtime/` (inputs that once found a crash). Every block of every input is checked
//! ([`seqchain_runtime_fuzz::check`]); a panic is a failure. `FUZZ_SHORT_RUNS` sets how many
//! pseudo-random inputs run (default 1,000; a 50th as many flipped seeds).

use pallet_inbox::{OrderingPolicy, RollupConfig, SubmitterPolicy};
use seqchain_fuzz_inputs::{flipped, pseudo_random as bytes, regressions};
use seqchain_runtime::{AccountId, RuntimeCall, UNIT};
use seqchain_runtime_fuzz::{check, run, with_genesis, Script, Stats};
use sp_core::{crypto::Pair, sr25519};
use sp_keyring::Sr25519Keyring;
use sp_runtime::Perbill;

fn account(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn rollup(name: &str, ordering: OrderingPolicy) -> RuntimeCall {
	pallet_inbox::Call::register_rollup {
		name: name.as_bytes().to_vec(),
		config: RollupConfig {
			submitters: SubmitterPolicy::Open,
			max_payload_bytes: 64 * 1024,
			max_submissions_per_block: 64,
			ordering,
		},
	}
	.into()
}

fn submit(id: u32, payload: &[u8]) -> RuntimeCall {
	pallet_inbox::Call::submit { id, payload: payload.to_vec() }.into()
}

/// Rollups 0 (plain) and 1 (sealed), submissions, a commit revealed and one left to expire,
/// Bob a candidate with Charlie's delegation, transfers to an empty account, an era change.
fn seed() -> Script {
	use Sr25519Keyring::*;
	let fresh: AccountId =
		sr25519::Pair::from_string("//fuzz//0", None).expect("a dev path").public().into();
	let (salt, payload) = ([7u8; 32], b"sealed payload".to_vec());
	let eve = account(Eve);
	let sealed = seqchain_primitives::inbox::sealed_hash(1, eve.as_ref(), &payload, &salt);
	Script::default()
		.call(5, rollup("plain", OrderingPolicy::Plain), 0)
		.call(5, rollup("sealed", OrderingPolicy::Sealed), 0)
		.next_block(1)
		.call(4, submit(0, b"first"), 0)
		.call(3, submit(0, &[9; 4096]), 3)
		.call(4, pallet_inbox::Call::commit { id: 1, hash: sealed }.into(), 0)
		.call(3, pallet_inbox::Call::commit { id: 1, hash: [1; 32] }.into(), 0)
		.call(
			1,
			pallet_sequencer_staking::Call::register {
				bond: 60_000 * UNIT,
				commission: Perbill::from_percent(5),
			}
			.into(),
			0,
		)
		.call(
			0,
			pallet_balances::Call::transfer_keep_alive { dest: fresh.into(), value: 10 * UNIT }
				.into(),
			0,
		)
		.next_block(2)
		.call(4, pallet_inbox::Call::reveal { id: 1, index: 0, payload, salt }.into(), 0)
		.call(
			2,
			pallet_sequencer_staking::Call::delegate {
				sequencer: account(Bob),
				amount: 1_000 * UNIT,
			}
			.into(),
			0,
		)
		.call(6, submit(0, b"from an account that had nothing"), 0)
		.to_session()
		.call(
			2,
			pallet_sequencer_staking::Call::undelegate {
				sequencer: account(Bob),
				amount: 500 * UNIT,
			}
			.into(),
			0,
		)
		.call(1, pallet_sequencer_staking::Call::chill {}.into(), 0)
		.to_era()
		.call(4, submit(0, b"after the era"), 0)
		.next_block(1)
}

fn runs() -> u64 {
	seqchain_fuzz_inputs::runs(1_000)
}

#[test]
fn the_seed_reaches_the_custom_pallets_and_every_block_holds() {
	let stats = run(&seed().0);
	// The script's calls succeed (a fee paid and dispatched), the era changes.
	assert!(stats.dispatched >= 14, "{stats:?}");
	assert!(stats.sessions >= 6, "{stats:?}");
	assert!(stats.blocks > 6 * 300, "{stats:?}");
	assert_eq!(stats.undecodable, 0, "{stats:?}");
}

#[test]
fn the_seed_with_bytes_flipped_holds() {
	let seed = seed().0;
	let mut total = Stats::default();
	// Each runs an era change (1,800 blocks, about 0.45 s): a 50th as many as the other inputs.
	for n in 0..runs().div_ceil(50) {
		let input = flipped(&seed, n, 4);
		let stats = run(&input);
		total.dispatched += stats.dispatched;
		total.undecodable += stats.undecodable;
	}
	assert!(total.dispatched > 0, "{total:?}");
}

#[test]
fn pseudo_random_inputs_hold() {
	let mut total = Stats::default();
	for n in 0..runs() {
		let len = 16 + (n as usize * 37) % 600;
		let stats = run(&bytes(1_000_000 + n, len));
		total.blocks += stats.blocks;
		total.invalid += stats.invalid;
		total.undecodable += stats.undecodable;
		total.dispatched += stats.dispatched;
	}
	// Most random calls do not decode or are refused; some blocks were made.
	assert!(total.blocks >= runs() as u32, "{total:?}");
}

/// The seed is kept in `fuzz/regressions/runtime/` as the fuzzer's first corpus entry, with
/// every input that once found a crash; all are replayed.
#[test]
fn every_regression_input_holds() {
	for input in regressions("runtime", &[seed().0]) {
		let _ = run(&input);
	}
}

/// The check finds what it is there for: the genesis holds, and an issuance the accounts do not
/// add up to, or a book that does not balance, fails it.
#[test]
fn the_check_fails_on_broken_books() {
	with_genesis(check);
	for corrupt in [
		|| pallet_balances::TotalIssuance::<seqchain_runtime::Runtime>::mutate(|i| *i += 1),
		|| {
			frame_system::Account::<seqchain_runtime::Runtime>::mutate(
				account(Sr25519Keyring::Dave),
				|a| a.data.free += UNIT,
			);
			pallet_balances::TotalIssuance::<seqchain_runtime::Runtime>::mutate(|i| *i += UNIT);
		},
	] {
		let broken = std::panic::catch_unwind(|| {
			with_genesis(|| {
				corrupt();
				check();
			})
		});
		assert!(broken.is_err(), "the check let a broken state through");
	}
}
