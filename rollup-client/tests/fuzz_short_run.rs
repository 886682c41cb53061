//! The short run of the client's decoder fuzzer (`rollup_client::fuzz::decoders`), part of the
//! test suite: a verified stream with its end, a recording with the chain's page for it, a
//! block's events and a header, each of which reaches its decoder's last check, then each with
//! bytes flipped, and pseudo-random inputs. A panic is a failure. `FUZZ_SHORT_RUNS` sets how
//! many variants run (default 20,000).

use codec::Encode;
use rollup_client::{
	fuzz::{decoders, GENESIS, ROLLUP},
	verify::Cursor,
};
use seqchain_fuzz_inputs::{flipped, pseudo_random as bytes, regressions};
use seqchain_primitives::inbox::{
	genesis_commitment, next_commitment, payload_hash,
	rpc::{
		BlockEntries, Entry, EntryKind, EntryStatus, StreamEnd, StreamEntry, StreamItem,
		SubmissionsPage,
	},
	sealed_hash,
};
use seqchain_runtime::{Runtime, RuntimeEvent};

fn runs() -> u64 {
	seqchain_fuzz_inputs::runs(20_000)
}

fn line(out: &mut Vec<u8>, value: &impl serde::Serialize) {
	out.extend(serde_json::to_vec(value).expect("serializes"));
	out.push(b'\n');
}

/// Entries 0-4 of the rollup in blocks 3 (0-2) and 5 (3-4), entry 1 sealed and revealed, each
/// block's last entry with the chain's commitment after it.
fn entries() -> Vec<StreamEntry> {
	let (committer, salt) = ([7u8; 32], [8u8; 32]);
	let mut commitment = genesis_commitment(ROLLUP);
	(0..5u64)
		.map(|index| {
			let payload = vec![index as u8; 1 + index as usize];
			let sealed = index == 1;
			let hash = if sealed {
				sealed_hash(ROLLUP, &committer, &payload, &salt)
			} else {
				payload_hash(&payload)
			};
			commitment = next_commitment(&commitment, index, &hash);
			let block = if index < 3 { 3 } else { 5 };
			StreamEntry {
				rollup: ROLLUP,
				index,
				block,
				block_hash: [block as u8; 32],
				status: if sealed { EntryStatus::Revealed } else { EntryStatus::Plain },
				hash,
				payload: Some(payload),
				salt: sealed.then_some(salt),
				committer: sealed.then_some(committer),
				commitment: (index == 2 || index == 4).then_some(commitment),
			}
		})
		.collect()
}

fn stream() -> Vec<u8> {
	let entries = entries();
	let mut input = vec![0];
	let cursor = Cursor { genesis: Some(GENESIS), ..Cursor::genesis(ROLLUP) };
	line(&mut input, &cursor);
	for e in &entries {
		line(&mut input, &StreamItem::Entry(e.clone()));
	}
	let end =
		StreamEnd { rollup: ROLLUP, block: 6, next_index: 5, commitment: entries[4].commitment };
	line(&mut input, &StreamItem::End { end });
	input
}

fn recording() -> Vec<u8> {
	let entries = entries();
	let block = |number: u32, of: &[StreamEntry]| BlockEntries {
		number,
		hash: [number as u8; 32],
		finalized: true,
		first_index: of[0].index,
		next_index: of[of.len() - 1].index + 1,
		commitment: of[of.len() - 1].commitment,
		entries: of
			.iter()
			.map(|e| Entry {
				index: e.index,
				kind: if e.committer.is_some() { EntryKind::Sealed } else { EntryKind::Plain },
				hash: e.hash,
				payload: e.committer.is_none().then(|| e.payload.clone()).flatten(),
				committer: e.committer,
			})
			.collect(),
		reveals: vec![],
		expired: vec![],
		released: false,
	};
	let mut b3 = block(3, &entries[..3]);
	b3.reveals.push(seqchain_primitives::inbox::rpc::Reveal {
		index: 1,
		payload: entries[1].payload.clone().expect("a revealed payload"),
		salt: [8; 32],
	});
	let page = SubmissionsPage { blocks: vec![b3, block(5, &entries[3..])], next_block: None };
	let mut input = vec![1];
	line(&mut input, &page);
	for e in &entries {
		line(&mut input, e);
	}
	input
}

fn events() -> Vec<u8> {
	let record = |event: RuntimeEvent| frame_system::EventRecord::<RuntimeEvent, sp_core::H256> {
		phase: frame_system::Phase::ApplyExtrinsic(1),
		event,
		topics: vec![],
	};
	let failed = frame_system::Event::<Runtime>::ExtrinsicFailed {
		dispatch_error: pallet_inbox::Error::<Runtime>::PayloadTooLarge.into(),
		dispatch_info: Default::default(),
	};
	let mut input = vec![2];
	input.extend(vec![record(failed.into()), record(failed_transfer())].encode());
	input
}

fn failed_transfer() -> RuntimeEvent {
	frame_system::Event::<Runtime>::ExtrinsicFailed {
		dispatch_error: sp_runtime::DispatchError::BadOrigin,
		dispatch_info: Default::default(),
	}
	.into()
}

fn header() -> Vec<u8> {
	let mut input = vec![3];
	input.extend(
		br#"{"number":"0x1f","parentHash":"0x0101010101010101010101010101010101010101010101010101010101010101"}"#,
	);
	input
}

fn seeds() -> Vec<Vec<u8>> {
	vec![stream(), recording(), events(), header()]
}

#[test]
fn each_seed_reaches_its_decoders_last_check() {
	// The stream: five entries verified, and its end accepted.
	let reached = decoders(&stream());
	assert_eq!((reached.verified, reached.refused), (5, 0), "{reached:?}");
	// The recording verifies against the page.
	let reached = decoders(&recording());
	assert_eq!((reached.verified, reached.refused), (1, 0), "{reached:?}");
	assert_eq!(decoders(&events()).events, 2);
	// A payload altered in the stream is refused.
	let altered = String::from_utf8(stream()).expect("JSON").replacen(
		r#""payload":"0x0404040404""#,
		r#""payload":"0x0404040405""#,
		1,
	);
	assert_eq!(decoders(altered.as_bytes()).refused, 1);
}

#[test]
fn seeds_with_bytes_flipped_are_decoded_or_refused() {
	let seeds = seeds();
	let mut refused = 0;
	for n in 0..runs() {
		let seed = &seeds[n as usize % seeds.len()];
		refused += decoders(&flipped(seed, n, 1 + n as usize % 4)).refused;
	}
	assert!(refused > 0);
}

#[test]
fn pseudo_random_inputs_are_decoded_or_refused() {
	for n in 0..runs() {
		decoders(&bytes(n, 1 + (n as usize * 29) % 900));
	}
}

/// The seeds are in `fuzz/regressions/client_decoders/` (the libFuzzer target's first corpus)
/// with every input that once found a crash; all are replayed.
#[test]
fn every_regression_input_holds() {
	for input in regressions("client_decoders", &seeds()) {
		decoders(&input);
	}
}
