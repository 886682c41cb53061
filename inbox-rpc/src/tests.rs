//! The read path's pure parts: turning a block's extrinsics and events into entries, and turning
//! blocks into an ordered stream.

use super::*;
use frame_system::{EventRecord, Phase};
use pallet_inbox::{Call as InboxCall, Event as InboxEvent};
use seqchain_primitives::inbox::{
	fold, genesis_commitment, next_commitment, payload_hash, sealed_hash,
};

fn xt(call: InboxCall<seqchain_runtime::Runtime>) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_bare(RuntimeCall::Inbox(call))
}

fn record(phase: Phase, event: RuntimeEvent) -> EventRecord<RuntimeEvent, H256> {
	EventRecord { phase, event, topics: vec![] }
}

fn failed(i: u32) -> EventRecord<RuntimeEvent, H256> {
	record(
		Phase::ApplyExtrinsic(i),
		RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error: sp_runtime::DispatchError::BadOrigin,
			dispatch_info: Default::default(),
		}),
	)
}

fn sequenced(
	rollup: RollupId,
	first: u64,
	next: u64,
	commitment: Hash32,
) -> EventRecord<RuntimeEvent, H256> {
	record(
		Phase::Finalization,
		RuntimeEvent::Inbox(InboxEvent::Sequenced {
			rollup,
			first_index: first,
			next_index: next,
			commitment,
		}),
	)
}

#[test]
fn a_block_gives_its_successful_entries_in_canonical_order() {
	let p = |s: &str| s.as_bytes().to_vec();
	let extrinsics = vec![
		xt(InboxCall::submit { id: 0, payload: p("a0") }),
		xt(InboxCall::submit { id: 1, payload: p("other rollup") }),
		xt(InboxCall::submit { id: 0, payload: p("failed") }),
		xt(InboxCall::submit_batch { id: 0, payloads: vec![p("a1"), p("a2")] }),
	];
	let hashes = [payload_hash(b"a0"), payload_hash(b"a1"), payload_hash(b"a2")];
	let commitment = fold(genesis_commitment(0), 0, &hashes);
	let events = vec![failed(2), sequenced(0, 0, 3, commitment)];
	let block = parse_block(0, 7, [1; 32], true, &extrinsics, &events).unwrap().unwrap();
	assert_eq!((block.first_index, block.next_index, block.commitment), (0, 3, Some(commitment)));
	let payloads: Vec<_> = block.entries.iter().map(|e| e.payload.clone().unwrap()).collect();
	assert_eq!(payloads, vec![p("a0"), p("a1"), p("a2")]);
	assert_eq!(block.entries.iter().map(|e| e.index).collect::<Vec<_>>(), vec![0, 1, 2]);
	// Rollup 1's entry is not in rollup 0's answer, and a rollup with nothing gets `None`.
	assert!(parse_block(5, 7, [1; 32], true, &extrinsics, &events).unwrap().is_none());
}

#[test]
fn entries_that_do_not_add_up_to_the_sequenced_range_are_an_error() {
	let extrinsics = vec![xt(InboxCall::submit { id: 0, payload: b"x".to_vec() })];
	// The chain says two entries; the body shows one (e.g. one came through a nested call).
	let events = vec![sequenced(0, 0, 2, [0; 32])];
	let err = parse_block(0, 3, [0; 32], true, &extrinsics, &events).unwrap_err();
	assert_eq!(err.code(), codes::INCONSISTENT);
	// Entries without a `Sequenced` event are as wrong.
	let err = parse_block(0, 3, [0; 32], true, &extrinsics, &[]).unwrap_err();
	assert_eq!(err.code(), codes::INCONSISTENT);
}

#[test]
fn sealed_commits_reveals_and_expiries_are_read_from_their_blocks() {
	let (payload, salt) = (b"secret".to_vec(), [9u8; 32]);
	let committer = sp_runtime::AccountId32::new([3; 32]);
	let hash = sealed_hash(2, committer.as_ref(), &payload, &salt);
	let commitment = next_commitment(&genesis_commitment(2), 0, &hash);
	let committed = record(
		Phase::ApplyExtrinsic(0),
		RuntimeEvent::Inbox(InboxEvent::Committed {
			rollup: 2,
			index: 0,
			who: committer.clone(),
			hash,
		}),
	);
	let commit_block = parse_block(
		2,
		10,
		[0; 32],
		true,
		&[xt(InboxCall::commit { id: 2, hash })],
		&[committed, sequenced(2, 0, 1, commitment)],
	)
	.unwrap()
	.unwrap();
	assert_eq!(commit_block.entries[0].kind, EntryKind::Sealed);
	assert_eq!(commit_block.entries[0].committer, Some(committer.into()), "from its event");
	assert_eq!(commit_block.entries[0].payload, None);

	// A reveal counts only with its `Revealed` event (a failed or mismatching one has none).
	let reveal = xt(InboxCall::reveal { id: 2, index: 0, payload: payload.clone(), salt });
	assert!(parse_block(2, 11, [0; 32], true, std::slice::from_ref(&reveal), &[])
		.unwrap()
		.is_none());
	let revealed = [record(
		Phase::ApplyExtrinsic(0),
		RuntimeEvent::Inbox(InboxEvent::Revealed { rollup: 2, index: 0 }),
	)];
	let reveal_block = parse_block(2, 11, [0; 32], true, &[reveal], &revealed).unwrap().unwrap();
	assert_eq!(reveal_block.reveals, vec![Reveal { index: 0, payload: payload.clone(), salt }]);

	let expired = [record(
		Phase::Initialization,
		RuntimeEvent::Inbox(InboxEvent::CommitExpired { rollup: 2, index: 4, forfeited: 1 }),
	)];
	assert_eq!(parse_block(2, 40, [0; 32], true, &[], &expired).unwrap().unwrap().expired, vec![4]);
}

fn block(number: u32, first: u64, entries: Vec<(EntryKind, &[u8])>) -> BlockEntries {
	let entries: Vec<Entry> = entries
		.into_iter()
		.enumerate()
		.map(|(i, (kind, p))| Entry {
			index: first + i as u64,
			kind,
			hash: payload_hash(p),
			payload: (kind == EntryKind::Plain).then(|| p.to_vec()),
			committer: (kind == EntryKind::Sealed).then_some([7; 32]),
		})
		.collect();
	BlockEntries {
		number,
		hash: [number as u8; 32],
		finalized: true,
		first_index: first,
		next_index: first + entries.len() as u64,
		commitment: Some([number as u8; 32]),
		entries,
		reveals: vec![],
		expired: vec![],
	}
}

#[test]
fn the_follower_emits_each_index_once_in_order_waiting_for_sealed_entries() {
	let mut f = Follower::new(0, 1, 5);
	f.absorb(block(
		5,
		0,
		vec![(EntryKind::Plain, b"p0"), (EntryKind::Plain, b"p1"), (EntryKind::Sealed, b"s2")],
	));
	f.absorb(block(6, 3, vec![(EntryKind::Plain, b"p3")]));
	// Index 0 is before the cursor; index 2 waits for its reveal, and 3 behind it.
	let out = f.drain();
	assert_eq!(out.iter().map(|e| e.index).collect::<Vec<_>>(), vec![1]);
	assert_eq!(out[0].commitment, None, "not the last entry of its block");
	let mut reveal = block(7, 0, vec![]);
	reveal.reveals.push(Reveal { index: 2, payload: b"s2".to_vec(), salt: [0; 32] });
	f.absorb(reveal);
	let out = f.drain();
	assert_eq!(
		out.iter().map(|e| (e.index, e.status)).collect::<Vec<_>>(),
		vec![(2, EntryStatus::Revealed), (3, EntryStatus::Plain)]
	);
	assert_eq!(
		out[0].commitment,
		Some([5; 32]),
		"the last entry of block 5 carries its commitment"
	);
	assert_eq!(out[0].block, 5, "a sealed entry belongs to its commit's block");
	assert_eq!((out[0].committer, out[1].committer), (Some([7; 32]), None));
	// An expired entry is emitted as such; nothing is emitted twice.
	f.absorb(block(8, 4, vec![(EntryKind::Sealed, b"s4")]));
	let mut expiry = block(9, 0, vec![]);
	expiry.expired.push(4);
	f.absorb(expiry);
	let out = f.drain();
	assert_eq!(out.len(), 1);
	assert_eq!(
		(out[0].index, out[0].status, out[0].payload.clone()),
		(4, EntryStatus::Expired, None)
	);
	f.absorb(block(8, 4, vec![(EntryKind::Sealed, b"s4")]));
	assert!(f.drain().is_empty());
}
