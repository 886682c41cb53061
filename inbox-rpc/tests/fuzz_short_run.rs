//! The short run of the node's input fuzzers (`seqchain_inbox_rpc::fuzz`), part of the test suite: seeds
//! that reach every inbox method (positional and named parameters, pages that page, streams
//! with sealed entries, reveals, expiries and a release) and a block body with the events that
//! sequence it, each with bytes flipped, and pseudo-random inputs. A panic is a failure.
//! `FUZZ_SHORT_RUNS` sets how many variants of each run (default 20,000).

use codec::Encode;
use seqchain_fuzz_inputs::{flipped, pseudo_random as bytes, regressions};
use seqchain_inbox_rpc::fuzz::{block_body, rpc_inputs};
use seqchain_primitives::inbox::{payload_hash, BlockInbox, BlockPosition, BlockReveal};
use seqchain_runtime::{Runtime, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};

fn runs() -> u64 {
	seqchain_fuzz_inputs::runs(20_000)
}

/// A chain of plain entries, a sealed entry revealed later, one that expires, payloads large
/// enough to page, and a release at the end.
fn chain() -> Vec<BlockInbox> {
	let plain = |index, payload: &[u8]| BlockPosition {
		index,
		hash: payload_hash(payload),
		payload: Some(payload.to_vec()),
		committer: None,
	};
	let sealed =
		|index| BlockPosition { index, hash: [9; 32], payload: None, committer: Some([7; 32]) };
	let block = |first: u64, positions: Vec<BlockPosition>| BlockInbox {
		first_index: first,
		next_index: first + positions.len() as u64,
		commitment: (!positions.is_empty()).then_some([first as u8; 32]),
		positions,
		reveals: vec![],
		expired: vec![],
		released: false,
	};
	let mut blocks = vec![
		block(0, vec![plain(0, b"a"), sealed(1), plain(2, &[3; 1_500])]),
		block(3, vec![]),
		block(3, vec![sealed(3), plain(4, &[4; 3_000])]),
	];
	blocks[1].reveals.push(BlockReveal { index: 1, payload: b"revealed".to_vec(), salt: [1; 32] });
	blocks.push(BlockInbox { expired: vec![3], ..block(5, vec![plain(5, b"f")]) });
	blocks.push(BlockInbox { released: true, ..block(6, vec![]) });
	blocks
}

fn request(text: &str, chain: &[BlockInbox]) -> Vec<u8> {
	let mut input = u16::try_from(text.len()).expect("a short request").to_le_bytes().to_vec();
	input.extend_from_slice(text.as_bytes());
	input.extend(chain.to_vec().encode());
	input
}

fn requests() -> Vec<Vec<u8>> {
	let chain = chain();
	[
		r#"{"jsonrpc":"2.0","id":1,"method":"inbox_submissions","params":[0,1,5,true]}"#,
		r#"{"jsonrpc":"2.0","id":1,"method":"inbox_submissions","params":[0,3,1000,false]}"#,
		r#"{"jsonrpc":"2.0","id":1,"method":"inbox_submissions","params":{"rollup":0,"fromBlock":1,"toBlock":4294967295,"finalizedOnly":true}}"#,
		r#"{"jsonrpc":"2.0","id":1,"method":"inbox_submissions","params":[0,4294967295,4294967295,true]}"#,
		r#"{"jsonrpc":"2.0","id":"x","method":"inbox_subscribeFinalized","params":[0,0]}"#,
		r#"{"jsonrpc":"2.0","id":2,"method":"inbox_subscribeFinalized","params":[0,1,1]}"#,
		r#"{"jsonrpc":"2.0","id":2,"method":"inbox_subscribeFinalized","params":[0,3,3]}"#,
		r#"{"jsonrpc":"2.0","id":2,"method":"inbox_subscribeFinalized","params":{"rollup":0,"startAt":18446744073709551615,"fromBlock":5}}"#,
		r#"{"jsonrpc":"2.0","id":3,"method":"inbox_rollup","params":[0,"0x0000000000000000000000000000000000000000000000000000000000000000"]}"#,
		r#"{"jsonrpc":"2.0","id":3,"method":"inbox_rollupId","params":["name"]}"#,
		r#"[{"jsonrpc":"2.0","id":1,"method":"inbox_submissions","params":[0,1,5,true]}]"#,
	]
	.iter()
	.map(|text| request(text, &chain))
	.collect()
}

#[test]
fn every_inbox_method_keeps_its_promises_on_the_seeds() {
	let answers: Vec<_> = requests().iter().map(|input| rpc_inputs(input)).collect();
	// A batch is not one request: the server's own batch handling answers it.
	assert!(answers[10].is_none());
	let answers: Vec<_> = answers[..10]
		.iter()
		.enumerate()
		.map(|(i, a)| a.clone().unwrap_or_else(|| panic!("seed {i} is not a request")))
		.collect();
	// Pages stop at their byte bound: after block 1, and after block 3 (each alone past it).
	let page = &answers[0].0["result"];
	assert_eq!(page["blocks"][0]["number"], 1, "{page}");
	assert_eq!(page["nextBlock"], 2, "{page}");
	assert_eq!(answers[1].0["result"]["nextBlock"], 4);
	// A range past the head is an empty last page.
	assert_eq!(answers[3].0["result"]["nextBlock"], serde_json::Value::Null);
	// Too wide a range is refused by name.
	assert_eq!(answers[2].0["error"]["code"], seqchain_inbox_rpc::codes::INVALID);
	// The stream from 0: six entries (the expired one included), then the end.
	assert_eq!(answers[4].1, 7, "{:?}", answers[4]);
	// From 1 at block 1: entries 1 to 5, then the end; from 3 at block 3: 3 to 5, the end.
	assert_eq!(answers[5].1, 6, "{:?}", answers[5]);
	assert_eq!(answers[6].1, 4, "{:?}", answers[6]);
	// From the last index there is: only the end.
	assert_eq!(answers[7].1, 1, "{:?}", answers[7]);
}

#[test]
fn requests_and_chains_with_bytes_flipped_keep_the_promises() {
	let seeds = requests();
	for n in 0..runs() {
		let seed = &seeds[n as usize % seeds.len()];
		rpc_inputs(&flipped(seed, n, 1 + n as usize % 6));
	}
}

#[test]
fn pseudo_random_rpc_inputs_keep_the_promises() {
	for n in 0..runs() {
		rpc_inputs(&bytes(n, 3 + (n as usize * 31) % 700));
	}
}

/// A body with a timestamp, an inbox submission and a sealed commit, and the events that
/// sequence them.
fn body() -> Vec<u8> {
	let xt = |call: RuntimeCall| {
		sp_runtime::OpaqueExtrinsic::try_from_encoded_extrinsic(
			&UncheckedExtrinsic::new_bare(call).encode(),
		)
		.expect("an extrinsic is an opaque one")
	};
	let submit = pallet_inbox::Call::<Runtime>::submit { id: 0, payload: b"payload".to_vec() };
	let commit = pallet_inbox::Call::<Runtime>::commit { id: 0, hash: [5; 32] };
	let timestamp = pallet_timestamp::Call::<Runtime>::set { now: 6_000 };
	let body = vec![xt(timestamp.into()), xt(submit.into()), xt(commit.into())];
	let record =
		|phase, event: RuntimeEvent| frame_system::EventRecord::<RuntimeEvent, sp_core::H256> {
			phase,
			event,
			topics: vec![],
		};
	let events = vec![
		record(
			frame_system::Phase::ApplyExtrinsic(2),
			pallet_inbox::Event::<Runtime>::Committed {
				rollup: 0,
				index: 1,
				who: [7; 32].into(),
				hash: [5; 32],
			}
			.into(),
		),
		record(
			frame_system::Phase::Finalization,
			pallet_inbox::Event::<Runtime>::Sequenced {
				rollup: 0,
				first_index: 0,
				next_index: 2,
				commitment: [3; 32],
			}
			.into(),
		),
	]
	.encode();
	let mut input = vec![0];
	input.extend(u16::try_from(events.len()).expect("short events").to_le_bytes());
	input.extend(events);
	input.extend(body.encode());
	input
}

#[test]
fn block_bodies_with_bytes_flipped_are_read_or_refused() {
	let seed = body();
	let read = block_body(&seed).expect("the seed is read");
	// The submission and the commit, in their order.
	assert_eq!(read.entries.len(), 2, "{read:?}");
	assert_eq!(read.entries[0].payload.as_deref(), Some(&b"payload"[..]));
	assert_eq!(read.entries[1].committer, Some([7; 32]));
	for n in 0..runs() {
		block_body(&flipped(&seed, n, 1 + n as usize % 4));
		block_body(&bytes(n, 3 + (n as usize * 17) % 400));
	}
}

/// The seeds are in `fuzz/regressions/rpc_inputs/` (the libFuzzer target's first corpus, its
/// input being a selector byte and then the function's), with every input that once found a
/// crash; all are replayed.
#[test]
fn every_regression_input_holds() {
	let seeds: Vec<Vec<u8>> = requests()
		.into_iter()
		.map(|r| [vec![0], r].concat())
		.chain(std::iter::once([vec![1], body()].concat()))
		.collect();
	for input in regressions("rpc_inputs", &seeds) {
		seqchain_inbox_rpc::fuzz::input(&input);
	}
}
