//! The censorship bound, measured on `zombienet/censorship.toml`: the `local` chain's four
//! sequencers, Dave running the test-only censoring build that never includes rollup 0's inbox
//! submissions. Not part of `cargo test --workspace` (it needs that build and runs for several
//! minutes); `scripts/censorship.sh` builds it and runs this test.
//!
//! Signers submit to rollup 0 (censored) and rollup 1 (control) one transaction at a time, each
//! after a random pause so submissions fall evenly over the slot, and send every transaction to
//! all four nodes, as docs/rollups.md tells a rollup to do. The test then reads the finalized
//! chain and asserts:
//! - every submission was included, and Dave's blocks never include rollup 0 (the censor
//!   censors) while they do include rollup 1 (the censor is online and authoring);
//! - rollup 0's submissions were included within two slots of the slot they were submitted in,
//!   at the 99th percentile: the honest leader after Dave includes what Dave left out;
//! - Alice's node counts skipped inbox transactions in
//!   `seqchain_inbox_skipped_transactions_total` under Dave's name, and logs it.
//!
//! Printed figures (also in `logs/network/censorship/figures.txt`): inclusion delay in slots,
//! p50, p99 and largest, for both rollups; the metric per leader.

mod common;

use common::{network::Network, rpc_call};
use frame_system::{CheckEra, CheckGenesis, CheckNonZeroSender, CheckNonce, CheckSpecVersion};
use seqchain_runtime::{
	AccountId, Runtime, RuntimeCall, SignedPayload, TxExtension, UncheckedExtrinsic,
};
use sp_core::{crypto::Ss58Codec, sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	codec::{Decode, Encode},
	generic::{DigestItem, Era},
	MultiSignature,
};
use std::{
	collections::HashMap,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

const NODES: [&str; 4] = ["alice", "bob", "charlie", "dave"];
/// The rollup Dave censors (`--censor-rollup 0` in zombienet/censorship.toml).
const CENSORED: u32 = 0;
/// A rollup nobody censors, for comparison.
const CONTROL: u32 = 1;
/// Submissions to the censored rollup: the 99th percentile is the third-largest delay.
const CENSORED_SUBMISSIONS: usize = 240;
/// Submissions to the control rollup.
const CONTROL_SUBMISSIONS: usize = 80;
/// The chain's slot, in milliseconds.
const SLOT_MS: u64 = seqchain_runtime::SLOT_DURATION;

/// What signing needs from the chain.
struct Chain {
	genesis: H256,
	spec_version: u32,
	transaction_version: u32,
}

impl Chain {
	fn read(port: u16) -> Chain {
		let genesis =
			rpc_call(port, "chain_getBlockHash", serde_json::json!([0])).expect("genesis");
		let version =
			rpc_call(port, "state_getRuntimeVersion", serde_json::json!([])).expect("version");
		Chain {
			genesis: genesis.as_str().expect("hash").parse().expect("a hash"),
			spec_version: version["specVersion"].as_u64().expect("specVersion") as u32,
			transaction_version: version["transactionVersion"].as_u64().expect("tx version") as u32,
		}
	}

	/// `call` signed by `signer` with `nonce`: immortal, no tip, as rollup-client signs.
	fn sign(&self, signer: &sr25519::Pair, call: RuntimeCall, nonce: u32) -> Vec<u8> {
		let tx_ext: TxExtension = (
			CheckNonZeroSender::<Runtime>::new(),
			CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			CheckGenesis::<Runtime>::new(),
			CheckEra::<Runtime>::from(Era::Immortal),
			CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
			frame_system::WeightReclaim::<Runtime>::new(),
		);
		let implicit = (
			(),
			self.spec_version,
			self.transaction_version,
			self.genesis,
			self.genesis,
			(),
			(),
			(),
			None,
			(),
		);
		let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
		let signature = payload.using_encoded(|bytes| signer.sign(bytes));
		UncheckedExtrinsic::new_signed(
			call,
			AccountId::from(signer.public()).into(),
			MultiSignature::Sr25519(signature),
			tx_ext,
		)
		.encode()
	}
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn unhex(s: &str) -> Vec<u8> {
	let s = s.trim_start_matches("0x");
	(0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

/// The Aura slot of a block, from its header's pre-runtime digest.
fn slot_of(header: &serde_json::Value) -> u64 {
	header["digest"]["logs"]
		.as_array()
		.expect("digest logs")
		.iter()
		.find_map(|log| match DigestItem::decode(&mut &unhex(log.as_str()?)[..]).ok()? {
			DigestItem::PreRuntime(engine, data) if engine == sp_consensus_aura::AURA_ENGINE_ID => {
				u64::decode(&mut &data[..]).ok()
			},
			_ => None,
		})
		.expect("an Aura pre-digest")
}

fn slot_at(t: SystemTime) -> u64 {
	t.duration_since(UNIX_EPOCH).expect("after 1970").as_millis() as u64 / SLOT_MS
}

/// A block of the chain as the test reads it.
struct Block {
	number: u64,
	slot: u64,
	hash: String,
	/// Hashes of its extrinsics.
	extrinsics: Vec<H256>,
}

fn block(port: u16, number: u64) -> Option<Block> {
	let hash = rpc_call(port, "chain_getBlockHash", serde_json::json!([number])).ok()?;
	let hash = hash.as_str()?.to_string();
	let block = rpc_call(port, "chain_getBlock", serde_json::json!([hash])).ok()?;
	let extrinsics = block["block"]["extrinsics"]
		.as_array()?
		.iter()
		.map(|x| H256(sp_io::hashing::blake2_256(&unhex(x.as_str().expect("hex")))))
		.collect();
	Some(Block { number, slot: slot_of(&block["block"]["header"]), hash, extrinsics })
}

/// A tiny deterministic generator for the pauses between submissions.
struct XorShift(u64);

impl XorShift {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0
	}
}

/// One submission.
struct Sent {
	rollup: u32,
	at: SystemTime,
	included: Option<u64>,
}

fn percentile(sorted: &[u64], p: usize) -> u64 {
	sorted[(sorted.len() * p).div_ceil(100).saturating_sub(1)]
}

#[test]
fn one_censoring_sequencer_of_four_delays_a_rollup_by_at_most_two_slots() {
	let mut net = Network::start("censorship.toml", "censorship");
	net.wait_connected_and_finalizing(&NODES, 3);
	let ports: Vec<u16> = NODES.iter().map(|n| net.node(n).rpc_port).collect();
	let alice = ports[0];
	let chain = Chain::read(alice);
	let dave = Sr25519Keyring::Dave.to_account_id();

	// The two rollups, registered by Eve and Ferdie (ids 0 and 1 on the fresh chain).
	let mut nonces: HashMap<AccountId, u32> = HashMap::new();
	let mut next_nonce = |who: &sr25519::Pair| -> u32 {
		let account = AccountId::from(who.public());
		let nonce = *nonces.entry(account.clone()).or_insert_with(|| {
			rpc_call(alice, "system_accountNextIndex", serde_json::json!([account.to_ss58check()]))
				.expect("nonce")
				.as_u64()
				.expect("a number") as u32
		});
		nonces.insert(account, nonce + 1);
		nonce
	};
	for (owner, name) in [(Sr25519Keyring::Eve, "censored"), (Sr25519Keyring::Ferdie, "control")] {
		let call = RuntimeCall::Inbox(pallet_inbox::Call::register_rollup {
			name: name.into(),
			config: pallet_inbox::RollupConfig {
				submitters: pallet_inbox::SubmitterPolicy::Open,
				max_payload_bytes: 1024,
				max_submissions_per_block: 64,
				ordering: pallet_inbox::OrderingPolicy::Plain,
			},
		});
		let pair = owner.pair();
		let xt = chain.sign(&pair, call, next_nonce(&pair));
		rpc_call(alice, "author_submitExtrinsic", serde_json::json!([hex(&xt)])).expect("register");
		std::thread::sleep(Duration::from_millis(500));
	}
	let id_of = |name: &str| {
		rpc_call(alice, "inbox_rollupId", serde_json::json!([name])).ok().and_then(|v| v.as_u64())
	};
	net.wait_until("both rollups registered", Duration::from_secs(60), |_| {
		Ok((id_of("censored") == Some(CENSORED.into()) && id_of("control") == Some(CONTROL.into()))
			.then_some(()))
	});

	// Signers submit one transaction at a time, to every node, after a random pause.
	let signers: Vec<sr25519::Pair> = [
		Sr25519Keyring::AliceStash,
		Sr25519Keyring::BobStash,
		Sr25519Keyring::CharlieStash,
		Sr25519Keyring::DaveStash,
		Sr25519Keyring::EveStash,
		Sr25519Keyring::FerdieStash,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
	]
	.iter()
	.map(|k| k.pair())
	.collect();
	let mut rng = XorShift(
		SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_nanos() as u64 | 1,
	);
	let total = CENSORED_SUBMISSIONS + CONTROL_SUBMISSIONS;
	let mut sent: HashMap<H256, Sent> = HashMap::new();
	// Per signer: the pending transaction, or when it may send its next one.
	let mut busy: Vec<Option<H256>> = vec![None; signers.len()];
	let mut ready_at: Vec<Instant> = vec![Instant::now(); signers.len()];
	let (mut censored_sent, mut control_sent) = (0, 0);
	let first_block = net.node("alice").heights().expect("heights").0 + 1;
	let mut next_block = first_block;
	let start = Instant::now();
	while sent.values().filter(|s| s.included.is_some()).count() < total {
		assert!(
			start.elapsed() < Duration::from_secs(1_200),
			"submissions not included after 20 minutes: {} of {total}",
			sent.values().filter(|s| s.included.is_some()).count()
		);
		for (i, signer) in signers.iter().enumerate() {
			if busy[i].is_some() || Instant::now() < ready_at[i] {
				continue;
			}
			let rollup = if censored_sent * CONTROL_SUBMISSIONS
				<= control_sent * CENSORED_SUBMISSIONS
				&& censored_sent < CENSORED_SUBMISSIONS
			{
				censored_sent += 1;
				CENSORED
			} else if control_sent < CONTROL_SUBMISSIONS {
				control_sent += 1;
				CONTROL
			} else {
				continue;
			};
			let payload = format!("{rollup}-{}-{i}", censored_sent + control_sent).into_bytes();
			let call = RuntimeCall::Inbox(pallet_inbox::Call::submit { id: rollup, payload });
			let xt = chain.sign(signer, call, next_nonce(signer));
			let hash = H256(sp_io::hashing::blake2_256(&xt));
			let at = SystemTime::now();
			let accepted = ports
				.iter()
				.filter(|port| {
					rpc_call(**port, "author_submitExtrinsic", serde_json::json!([hex(&xt)]))
						.is_ok()
				})
				.count();
			assert!(accepted > 0, "no node accepted submission {hash:?}");
			sent.insert(hash, Sent { rollup, at, included: None });
			busy[i] = Some(hash);
		}
		// Follow the best chain for inclusions; the finalized chain is checked below.
		let best = net.node("alice").heights().map(|h| h.0).unwrap_or(0);
		while next_block <= best {
			let Some(b) = block(alice, next_block) else { break };
			for hash in &b.extrinsics {
				if let Some(s) = sent.get_mut(hash) {
					s.included = Some(b.number);
				}
			}
			for (i, pending) in busy.iter_mut().enumerate() {
				if pending.is_some_and(|h| sent[&h].included.is_some()) {
					*pending = None;
					ready_at[i] = Instant::now() + Duration::from_millis(rng.next() % 2_000);
				}
			}
			next_block += 1;
		}
		std::thread::sleep(Duration::from_millis(20));
	}

	// Read the finalized chain: where each submission landed, in which slot, under which leader.
	let last = next_block - 1;
	net.wait_all(&NODES, "the submissions finalized", Duration::from_secs(120), |_, f| f >= last);
	let leader_of = |b: &Block| -> AccountId {
		net.node("alice")
			.runtime_call::<Option<AccountId>>(
				"SequencerScheduleApi_slot_leader",
				&(b.slot, false).encode(),
				Some(&b.hash),
			)
			.expect("slot_leader")
			.expect("a leader")
	};
	let mut delays: HashMap<u32, Vec<u64>> = HashMap::new();
	let mut found = 0;
	let mut dave_blocks = 0;
	let mut dave_control = 0;
	let mut censor_next = 0;
	for number in first_block..=last {
		let b = block(alice, number).expect("a finalized block");
		let by_dave = leader_of(&b) == dave;
		dave_blocks += usize::from(by_dave);
		for hash in &b.extrinsics {
			let Some(s) = sent.get(hash) else { continue };
			found += 1;
			let delay = b.slot - slot_at(s.at);
			delays.entry(s.rollup).or_default().push(delay);
			if s.rollup == CENSORED {
				assert!(!by_dave, "Dave's block #{number} includes a submission of rollup 0");
				censor_next += usize::from(delay >= 2);
			} else if by_dave {
				dave_control += 1;
			}
		}
	}
	assert_eq!(found, total, "every submission is on the finalized chain");
	assert!(dave_blocks > 0, "Dave authored blocks during the run");
	assert!(dave_control > 0, "Dave includes the control rollup: he censors only rollup 0");

	let mut figures = |rollup: u32, what: &str| -> u64 {
		let d = delays.get_mut(&rollup).expect("delays");
		d.sort_unstable();
		let (p50, p99, max) = (percentile(d, 50), percentile(d, 99), d[d.len() - 1]);
		net.figure(&format!(
			"censorship, 1 of 4 sequencers censoring rollup 0: {what} ({} submissions to all \
			 four nodes): inclusion delay p50 {p50} slot(s), p99 {p99}, max {max}",
			d.len()
		));
		p99
	};
	let p99 = figures(CENSORED, "censored rollup");
	figures(CONTROL, "control rollup");
	net.figure(&format!(
		"censorship: {censor_next} of {CENSORED_SUBMISSIONS} censored submissions took 2 slots \
		 or more; Dave authored {dave_blocks} of {} blocks",
		last - first_block + 1
	));
	assert!(p99 <= 2, "rollup 0's submissions included within two slots at p99, not {p99}");

	// Alice's node counted what Dave's blocks left out, under Dave's name, and logged it.
	let dave_ss58 = dave.to_ss58check_with_version(seqchain_runtime::SS58_PREFIX.into());
	let counts = net.wait_until("Alice's skip counter", Duration::from_secs(30), |net| {
		let text = common::http_get(net.node("alice").prometheus_port, "/metrics")?;
		let counts: Vec<(String, f64)> = text
			.lines()
			.filter(|l| l.starts_with("seqchain_inbox_skipped_transactions_total{"))
			.filter_map(|l| {
				let leader = l.split("leader=\"").nth(1)?.split('"').next()?.to_string();
				Some((leader, l.rsplit(' ').next()?.parse().ok()?))
			})
			.collect();
		Ok(counts.iter().any(|(l, _)| *l == dave_ss58).then_some(counts))
	});
	for (leader, count) in &counts {
		net.figure(&format!(
			"censorship: Alice's seqchain_inbox_skipped_transactions_total{{leader=\"{leader}\"}} \
			 = {count}"
		));
	}
	let dave_count = counts.iter().find(|(l, _)| *l == dave_ss58).map_or(0.0, |(_, c)| *c);
	assert!(dave_count >= 1.0, "Dave's skips are counted");
	for (leader, count) in &counts {
		assert!(
			*leader == dave_ss58 || *count < dave_count,
			"an honest leader ({leader}: {count}) counted as often as the censor ({dave_count})"
		);
	}
	assert!(
		net.node("alice")
			.log_text()
			.lines()
			.any(|l| l.contains("inbox transaction(s) of rollup(s) [0]") && l.contains(&dave_ss58)),
		"Alice's log names Dave as the leader who left rollup 0 out"
	);
}
