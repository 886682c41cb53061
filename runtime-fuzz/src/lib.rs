//! Fuzzing the runtime.
//!
//! [`run`] reads an input as a script of actions and plays it on the runtime of the development
//! genesis (Alice the sole sequencer; Alice to Ferdie endowed), through `Executive` as a block
//! builder would:
//!
//! - a **signed extrinsic**: a signer (one of six endowed dev accounts or two unfunded ones), a
//!   call of one of the pallets in [`PALLETS`] decoded (SCALE, depth-limited) from the input's
//!   bytes, malformed ones included, and a tip; signed with the signer's key and the nonce the
//!   chain expects, then applied (validity, fees, dispatch);
//! - a **raw extrinsic**: bytes decoded as a whole extrinsic, applied if they decode;
//! - a **block transition**: the block ends and the next starts, a slot or more later (missed
//!   slots), or blocks run to the next session change or era change.
//!
//! After every block, [`check`] asserts the invariants: each custom pallet's `do_try_state`
//! (the fee books' `total issuance = genesis + minted - burned` among them) and that the total
//! issuance is the sum of every account's balance. A panic anywhere is a finding.
//!
//! A short run over generated inputs is a test of the suite (`tests/short_run.rs`); inputs that
//! found a crash are kept in `fuzz/regressions/runtime/` and replayed by it.

use std::sync::OnceLock;

use codec::{DecodeLimit, Encode};
use seqchain_runtime::{
	genesis_config_presets::{config_from_patch, get_preset},
	AccountId, Executive, Header, Runtime, RuntimeCall, SignedPayload, TxExtension,
	UncheckedExtrinsic, SLOT_DURATION,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{sr25519, storage::Storage, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era, traits::Header as _, BuildStorage, Digest, DigestItem, MultiAddress,
	MultiSignature,
};

/// Pallets whose calls the fuzzer sends, by index in the runtime: System, Balances, Vesting,
/// FeeDistribution, SequencerStaking, SlotRotation, Session, Inbox, Preimage, Referenda.
pub const PALLETS: [u8; 10] = [0, 10, 12, 13, 20, 21, 33, 40, 50, 52];

/// Most signed and raw extrinsics one input applies.
pub const MAX_EXTRINSICS: u32 = 64;
/// Most session changes one input runs to (an era is 6 sessions of 300 blocks).
pub const MAX_SESSIONS: u32 = 8;
/// Depth to which a call is decoded (calls inside calls).
const DECODE_DEPTH: u32 = 32;

/// What one input did.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
	/// Blocks finalized.
	pub blocks: u32,
	/// Extrinsics that were included and dispatched successfully.
	pub dispatched: u32,
	/// Extrinsics included whose dispatch failed (fees paid).
	pub failed: u32,
	/// Extrinsics refused (invalid: nonce, fees, origin checks before dispatch, length).
	pub invalid: u32,
	/// Calls or extrinsics whose bytes did not decode.
	pub undecodable: u32,
	/// Session changes crossed.
	pub sessions: u32,
}

/// What one action of a script is, by its first byte. Session and era changes (300 and 1,800
/// blocks) are the rarest, so that most inputs run fast.
enum Op {
	/// 0-199.
	Signed,
	/// 200-247: the next block, `1 + b % 4` slots later.
	NextBlock(u64),
	/// 248-251.
	Raw,
	/// 252-253.
	ToSession,
	/// 254-255.
	ToEra,
}

impl Op {
	fn of(b: u8) -> Self {
		match b {
			0..=199 => Op::Signed,
			200..=247 => Op::NextBlock(1 + u64::from(b % 4)),
			248..=251 => Op::Raw,
			252..=253 => Op::ToSession,
			_ => Op::ToEra,
		}
	}
}

/// The bytes of an input, read front to back; past the end, zeros.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
	fn u8(&mut self) -> u8 {
		let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
		self.0 = rest;
		b
	}

	fn u16(&mut self) -> u16 {
		u16::from_le_bytes([self.u8(), self.u8()])
	}

	fn bytes(&mut self, n: usize) -> &[u8] {
		let (taken, rest) = self.0.split_at(n.min(self.0.len()));
		self.0 = rest;
		taken
	}

	fn is_empty(&self) -> bool {
		self.0.is_empty()
	}
}

/// The signers: the six endowed dev accounts, then two with nothing.
fn signers() -> &'static [sr25519::Pair; 8] {
	static SIGNERS: OnceLock<[sr25519::Pair; 8]> = OnceLock::new();
	SIGNERS.get_or_init(|| {
		use Sr25519Keyring::*;
		let pair = |s: &str| sr25519::Pair::from_string(s, None).expect("a valid dev path");
		[
			Alice.pair(),
			Bob.pair(),
			Charlie.pair(),
			Dave.pair(),
			Eve.pair(),
			Ferdie.pair(),
			pair("//fuzz//0"),
			pair("//fuzz//1"),
		]
	})
}

/// The development genesis, built once.
fn genesis() -> Storage {
	static GENESIS: OnceLock<Storage> = OnceLock::new();
	GENESIS
		.get_or_init(|| {
			let id = sp_genesis_builder::DEV_RUNTIME_PRESET.into();
			let patch = get_preset(&id).expect("the development preset exists");
			let patch = serde_json::from_slice(&patch).expect("the preset is JSON");
			let config = config_from_patch(patch).expect("the preset decodes");
			config.build_storage().expect("the development genesis builds")
		})
		.clone()
}

/// Runs `f` on a fresh development genesis.
pub fn with_genesis<R>(f: impl FnOnce() -> R) -> R {
	sp_io::TestExternalities::new(genesis()).execute_with(f)
}

/// Starts block `number` in `slot`, with its timestamp inherent.
fn start_block(number: u32, slot: u64) {
	let digest =
		Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())] };
	let parent = frame_system::Pallet::<Runtime>::parent_hash();
	let header = Header::new(number, Default::default(), Default::default(), parent, digest);
	Executive::initialize_block(&header);
	let now = slot.saturating_mul(SLOT_DURATION);
	let set = UncheckedExtrinsic::new_bare(pallet_timestamp::Call::set { now }.into());
	Executive::apply_extrinsic(set)
		.expect("the timestamp inherent is valid")
		.expect("the timestamp inherent dispatches");
}

/// Ends the current block and checks the invariants.
fn end_block(stats: &mut Stats) {
	Executive::finalize_block();
	stats.blocks += 1;
	check();
}

/// The invariants after a block: each custom pallet's, and the issuance is every account's
/// balance summed. Panics with the one that fails.
pub fn check() {
	let fail = |pallet: &str, e: sp_runtime::TryRuntimeError| panic!("{pallet}: {e:?}");
	pallet_fee_distribution::Pallet::<Runtime>::do_try_state()
		.unwrap_or_else(|e| fail("fee-distribution", e));
	pallet_inbox::Pallet::<Runtime>::do_try_state().unwrap_or_else(|e| fail("inbox", e));
	pallet_referenda::Pallet::<Runtime>::do_try_state().unwrap_or_else(|e| fail("referenda", e));
	pallet_sequencer_staking::Pallet::<Runtime>::do_try_state()
		.unwrap_or_else(|e| fail("sequencer-staking", e));
	pallet_slot_rotation::Pallet::<Runtime>::do_try_state()
		.unwrap_or_else(|e| fail("slot-rotation", e));
	pallet_vesting::Pallet::<Runtime>::do_try_state().unwrap_or_else(|e| fail("vesting", e));
	let held: u128 = frame_system::Account::<Runtime>::iter_values()
		.map(|a| a.data.free.saturating_add(a.data.reserved))
		.fold(0, u128::saturating_add);
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	assert_eq!(issuance, held, "total issuance is not the sum of the accounts' balances");
}

/// `call` signed by `signer` with the nonce the chain expects and `tip`.
fn signed(signer: &sr25519::Pair, call: RuntimeCall, tip: u128) -> UncheckedExtrinsic {
	let who: AccountId = signer.public().into();
	let nonce = frame_system::Pallet::<Runtime>::account_nonce(&who);
	let tx_ext: TxExtension = (
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	let payload = SignedPayload::new(call, tx_ext).expect("the implicit data is in state");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let (call, tx_ext, _) = payload.deconstruct();
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(who),
		MultiSignature::Sr25519(signature),
		tx_ext,
	)
}

/// Whether `FUZZ_TRACE=1`: every extrinsic and its outcome are printed (to read what an input
/// does).
fn tracing() -> bool {
	static TRACE: OnceLock<bool> = OnceLock::new();
	*TRACE.get_or_init(|| std::env::var("FUZZ_TRACE").is_ok_and(|v| v == "1"))
}

/// Applies `xt` and counts what became of it.
fn apply(xt: UncheckedExtrinsic, stats: &mut Stats) {
	let call = tracing().then(|| format!("{:?}", xt.function));
	let outcome = Executive::apply_extrinsic(xt);
	if let Some(call) = call {
		let number = frame_system::Pallet::<Runtime>::block_number();
		eprintln!("#{number} {call:.160}: {outcome:?}");
	}
	match outcome {
		Ok(Ok(())) => stats.dispatched += 1,
		Ok(Err(_)) => stats.failed += 1,
		Err(_) => stats.invalid += 1,
	}
}

/// Plays `data` on a fresh development chain; panics when an invariant breaks or the runtime
/// panics. Returns what it did.
///
/// Each block's changes are committed to the in-memory state when it ends, as a node commits
/// them to its database: the state root each block computes then covers that block's changes
/// only, not every change since genesis (which made a block of an era change cost ten times
/// one of the first).
pub fn run(data: &[u8]) -> Stats {
	let mut stats = Stats::default();
	let mut chain = sp_io::TestExternalities::new(genesis());
	let mut input = Reader(data);
	let (mut number, mut slot) = (1u32, 1_000u64);
	let mut extrinsics = 0;
	chain.execute_with(|| start_block(number, slot));
	// Ends the current block, checks it, commits it and starts the next, `slots` later.
	let mut next_block = |chain: &mut sp_io::TestExternalities, slots: u64, stats: &mut Stats| {
		chain.execute_with(|| end_block(stats));
		chain.commit_all().expect("no storage transaction is open between blocks");
		number += 1;
		slot += slots;
		chain.execute_with(|| start_block(number, slot));
	};
	while !input.is_empty() {
		match Op::of(input.u8()) {
			Op::NextBlock(slots) => next_block(&mut chain, slots, &mut stats),
			Op::ToSession | Op::ToEra if stats.sessions >= MAX_SESSIONS => {},
			op @ (Op::ToSession | Op::ToEra) => {
				let (era, mut session) = chain.execute_with(|| {
					(
						pallet_sequencer_staking::CurrentEra::<Runtime>::get(),
						pallet_session::CurrentIndex::<Runtime>::get(),
					)
				});
				let until = match op {
					Op::ToEra => era + 1,
					_ => u32::MAX,
				};
				loop {
					next_block(&mut chain, 1, &mut stats);
					let (era, now) = chain.execute_with(|| {
						(
							pallet_sequencer_staking::CurrentEra::<Runtime>::get(),
							pallet_session::CurrentIndex::<Runtime>::get(),
						)
					});
					if now != session {
						session = now;
						stats.sessions += 1;
						if until == u32::MAX || era >= until || stats.sessions >= MAX_SESSIONS {
							break;
						}
					}
				}
				// The block that changes the session takes all its weight (the session
				// pallet's rotation): what follows goes in the next one.
				next_block(&mut chain, 1, &mut stats);
			},
			Op::Signed | Op::Raw if extrinsics >= MAX_EXTRINSICS => {},
			Op::Signed => {
				extrinsics += 1;
				let signer = &signers()[usize::from(input.u8()) % 8];
				let pallet = PALLETS[usize::from(input.u8()) % PALLETS.len()];
				let tip = u128::from(input.u8()) * 1_000_000;
				let len = usize::from(input.u16());
				let mut bytes = vec![pallet];
				bytes.extend_from_slice(input.bytes(len));
				match RuntimeCall::decode_with_depth_limit(DECODE_DEPTH, &mut &bytes[..]) {
					Ok(call) => chain.execute_with(|| apply(signed(signer, call, tip), &mut stats)),
					Err(_) => stats.undecodable += 1,
				}
			},
			Op::Raw => {
				extrinsics += 1;
				let len = usize::from(input.u16());
				let bytes = input.bytes(len);
				match UncheckedExtrinsic::decode_with_depth_limit(DECODE_DEPTH, &mut &bytes[..]) {
					Ok(xt) => chain.execute_with(|| apply(xt, &mut stats)),
					Err(_) => stats.undecodable += 1,
				}
			},
		}
	}
	chain.execute_with(|| end_block(&mut stats));
	stats
}

/// Builds inputs for [`run`] from actions: seeds for the fuzzer and the tests' scripts.
#[derive(Default, Clone)]
pub struct Script(pub Vec<u8>);

impl Script {
	const RAW: u8 = 248;

	/// `call` signed by signer `signer` (0-5: Alice to Ferdie, 6-7: unfunded) with tip
	/// `tip` × 10⁶. The call's pallet must be one of [`PALLETS`].
	pub fn call(mut self, signer: u8, call: RuntimeCall, tip: u8) -> Self {
		let encoded = call.encode();
		let position = PALLETS
			.iter()
			.position(|p| *p == encoded[0])
			.expect("a call of one of the fuzzed pallets");
		let args = &encoded[1..];
		let len = u16::try_from(args.len()).expect("a call of at most 64 KiB");
		self.0.extend([0, signer, position as u8, tip]);
		self.0.extend(len.to_le_bytes());
		self.0.extend_from_slice(args);
		self
	}

	/// The next block, `slots` (1-4) slots later.
	pub fn next_block(mut self, slots: u8) -> Self {
		// 200 is 0 modulo 4: one slot later.
		self.0.push(200 + (slots.clamp(1, 4) - 1));
		self
	}

	/// Blocks up to the next session change.
	pub fn to_session(mut self) -> Self {
		self.0.push(252);
		self
	}

	/// Blocks up to the next era change.
	pub fn to_era(mut self) -> Self {
		self.0.push(254);
		self
	}

	/// Raw bytes offered as a whole extrinsic.
	pub fn raw(mut self, bytes: &[u8]) -> Self {
		let len = u16::try_from(bytes.len()).expect("at most 64 KiB");
		self.0.push(Self::RAW);
		self.0.extend(len.to_le_bytes());
		self.0.extend_from_slice(bytes);
		self
	}
}
