//! The follower: blocks in, the rollup's stream out, in index order, each index once; a wrong
//! starting block and a released rollup. (What a block did is read by the runtime:
//! `seqchain_runtime::inbox_read`, tested there.)

use super::*;
use seqchain_primitives::inbox::{
	payload_hash,
	rpc::{Entry, Reveal, JSON_BYTES_PER_ITEM},
};

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
		commitment: (!entries.is_empty()).then_some([number as u8; 32]),
		entries,
		reveals: vec![],
		expired: vec![],
		released: false,
	}
}

fn no_state(_: u32) -> Option<(EntryIndex, Hash32)> {
	None
}

fn entries(out: Vec<Drained>) -> Vec<StreamEntry> {
	out.into_iter()
		.map(|d| match d {
			Drained::Entry(e) => *e,
			Drained::End(end) => panic!("unexpected end {end:?}"),
		})
		.collect()
}

#[test]
fn the_follower_emits_each_index_once_in_order_waiting_for_sealed_entries() {
	let mut f = Follower::new(0, 1, 5);
	f.absorb(block(
		5,
		0,
		vec![(EntryKind::Plain, b"p0"), (EntryKind::Plain, b"p1"), (EntryKind::Sealed, b"s2")],
	))
	.unwrap();
	f.absorb(block(6, 3, vec![(EntryKind::Plain, b"p3")])).unwrap();
	// Index 0 is before the cursor; index 2 waits for its reveal, and 3 behind it.
	let out = entries(f.drain(no_state));
	assert_eq!(out.iter().map(|e| e.index).collect::<Vec<_>>(), vec![1]);
	assert_eq!(out[0].commitment, None, "not the last entry of its block");
	let mut reveal = block(7, 0, vec![]);
	reveal.reveals.push(Reveal { index: 2, payload: b"s2".to_vec(), salt: [0; 32] });
	f.absorb(reveal).unwrap();
	let out = entries(f.drain(no_state));
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
	f.absorb(block(8, 4, vec![(EntryKind::Sealed, b"s4")])).unwrap();
	let mut expiry = block(9, 0, vec![]);
	expiry.expired.push(4);
	f.absorb(expiry).unwrap();
	let out = entries(f.drain(no_state));
	assert_eq!(out.len(), 1);
	assert_eq!(
		(out[0].index, out[0].status, out[0].payload.clone()),
		(4, EntryStatus::Expired, None)
	);
	f.absorb(block(8, 4, vec![(EntryKind::Sealed, b"s4")])).unwrap();
	assert!(f.drain(no_state).is_empty());
}

/// A reader that asks for entry 1 but starts reading after the block that assigned it would
/// wait for ever while keeping every later entry: it gets an error at the first block that
/// shows the mistake, and the follower keeps nothing.
#[test]
fn a_start_after_the_block_of_the_first_entry_asked_for_is_an_error() {
	let mut f = Follower::new(0, 1, 6);
	let err = f.absorb(block(6, 3, vec![(EntryKind::Plain, b"p3")])).unwrap_err();
	assert_eq!(err.code(), codes::INVALID);
	assert!(
		err.message().contains("fromBlock 6 is after the block that assigned entry 1"),
		"{err:?}"
	);
	assert!(f.positions.is_empty() && f.drain(no_state).is_empty());

	// A start at or before the right block is fine, also when the cursor's entry waits for its
	// reveal while later blocks come in.
	let mut f = Follower::new(0, 1, 5);
	f.absorb(block(5, 0, vec![(EntryKind::Plain, b"p0"), (EntryKind::Sealed, b"s1")])).unwrap();
	f.absorb(block(6, 2, vec![(EntryKind::Plain, b"p2")])).unwrap();
	assert!(f.drain(no_state).is_empty(), "entry 1 waits for its reveal");
	// A block with nothing for the rollup says nothing about the start.
	let mut f = Follower::new(0, 9, 20);
	f.absorb(block(20, 0, vec![])).unwrap();
}

/// A released rollup's stream ends once every entry is out, with its final length and
/// commitment; a subscriber is not left waiting.
#[test]
fn a_released_rollup_ends_its_stream() {
	let mut f = Follower::new(0, 0, 5);
	f.absorb(block(5, 0, vec![(EntryKind::Plain, b"p0"), (EntryKind::Plain, b"p1")])).unwrap();
	let mut release = block(9, 0, vec![]);
	release.released = true;
	f.absorb(release).unwrap();
	let out = f.drain(no_state);
	assert_eq!(out.len(), 3);
	assert_eq!(
		out[2],
		Drained::End(StreamEnd { rollup: 0, block: 9, next_index: 2, commitment: Some([5; 32]) })
	);

	// Resuming after the last entry: the final state comes from the state before the release.
	let mut f = Follower::new(0, 2, 9);
	let mut release = block(9, 0, vec![]);
	release.released = true;
	f.absorb(release).unwrap();
	let out = f.drain(|n| (n == 9).then_some((2, [5; 32])));
	assert_eq!(
		out,
		vec![Drained::End(StreamEnd {
			rollup: 0,
			block: 9,
			next_index: 2,
			commitment: Some([5; 32])
		})]
	);
}

/// The old search bisected from genesis: for an entry a few blocks old on a long chain its
/// first probe was half the chain ago, state a pruning node no longer has.
#[test]
fn the_block_of_a_recent_entry_is_found_from_recent_state() {
	for (head, at) in [(10_000u32, 9_995u32), (10_000, 10_000), (10_000, 1), (10_000, 0), (0, 0)] {
		let mut probed = Vec::new();
		let found = first_block_where(head, |n| {
			probed.push(n);
			Ok::<_, ()>(n >= at)
		})
		.unwrap();
		assert_eq!(found, at);
		if head - at < 16 {
			assert!(
				probed.iter().all(|n| *n + 16 >= head),
				"an entry {} blocks old probed {probed:?}",
				head - at
			);
		}
		assert!(probed.len() <= 2 * 32, "{} probes", probed.len());
	}
	// Not assigned yet: the block after the head.
	assert_eq!(first_block_where(100, |n| Ok::<_, ()>(n > 100)).unwrap(), 101);
}

/// A sealed entry that waits for its reveal holds every later entry back; a subscriber used to
/// keep all their payloads (megabytes a block, for the reveal window). Past the budget they are
/// left in their blocks and read again, one block at a time, when they are sent.
#[test]
fn entries_held_back_by_a_sealed_entry_cost_at_most_the_budget() {
	let payloads: Vec<Vec<u8>> = (0..40u8).map(|i| vec![i; 30]).collect();
	let mut blocks = BTreeMap::new();
	let mut b1 = block(1, 0, vec![(EntryKind::Sealed, b"s0")]);
	b1.entries.extend((1..20u64).map(|i| Entry {
		index: i,
		kind: EntryKind::Plain,
		hash: payload_hash(&payloads[i as usize]),
		payload: Some(payloads[i as usize].clone()),
		committer: None,
	}));
	b1.next_index = 20;
	let mut b2 = block(2, 20, vec![]);
	b2.entries = (20..40u64)
		.map(|i| Entry {
			index: i,
			kind: EntryKind::Plain,
			hash: payload_hash(&payloads[i as usize]),
			payload: Some(payloads[i as usize].clone()),
			committer: None,
		})
		.collect();
	b2.next_index = 40;
	b2.commitment = Some([2; 32]);
	let mut b3 = block(3, 40, vec![]);
	b3.reveals.push(Reveal { index: 0, payload: vec![9; 50], salt: [1; 32] });
	for b in [&b1, &b2, &b3] {
		blocks.insert(b.number, b.clone());
	}

	let mut f = Follower::with_budget(0, 0, 1, 100);
	f.absorb(b1).unwrap();
	f.absorb(b2).unwrap();
	assert!(f.drain(no_state).is_empty(), "entry 0 waits for its reveal");
	assert!(f.held() <= 100, "held {} bytes", f.held());
	f.absorb(b3).unwrap();
	assert!(f.held() <= 100, "held {} bytes", f.held());

	let mut reads = Vec::new();
	let mut out = Vec::new();
	let mut final_state = no_state;
	let mut read = |n: u32| {
		reads.push(n);
		Ok(blocks.get(&n).cloned())
	};
	while let Some(item) = f.next_item(&mut final_state, &mut read).unwrap() {
		match item {
			Drained::Entry(e) => out.push(*e),
			Drained::End(end) => panic!("unexpected end {end:?}"),
		}
	}
	assert_eq!(out.len(), 40);
	assert_eq!((out[0].status, out[0].payload.clone()), (EntryStatus::Revealed, Some(vec![9; 50])));
	for e in &out[1..] {
		assert_eq!(
			e.payload.as_deref(),
			Some(&payloads[e.index as usize][..]),
			"entry {}",
			e.index
		);
	}
	assert_eq!(f.held(), 0);
	// Each block read again at most once, in order.
	let mut sorted = reads.clone();
	sorted.dedup();
	assert_eq!(reads, sorted, "{reads:?}");
	assert!(!reads.is_empty(), "the budget left payloads in their blocks");
}

/// A block read again that no longer shows a payload is an error, not an entry without one.
#[test]
fn a_payload_missing_from_its_block_read_again_is_an_error() {
	let mut f = Follower::with_budget(0, 0, 1, 0);
	f.absorb(block(1, 0, vec![(EntryKind::Plain, b"p0")])).unwrap();
	let mut final_state = no_state;
	let e = f.next_item(&mut final_state, &mut |_| Ok(Some(block(1, 0, vec![])))).unwrap_err();
	assert_eq!(e.code(), codes::INCONSISTENT);
}

/// The node serves at most its configured subscriptions, over all connections; a finished one
/// gives its place back.
#[test]
fn subscriptions_beyond_the_bound_are_refused() {
	let slots = Arc::new(Slots { max: 2, taken: Default::default() });
	let a = slots.take().expect("first");
	let _b = slots.take().expect("second");
	assert!(slots.take().is_none(), "a third is refused");
	drop(a);
	assert!(slots.take().is_some(), "a place given back is taken again");
}

/// One connection cannot take every place: each holds at most its share, given back when the
/// subscription or the answer is done.
#[test]
fn a_connection_holds_at_most_its_places() {
	let places = Arc::new(PerConnection::new(2));
	let a1 = places.take(1).expect("first of connection 1");
	let _a2 = places.take(1).expect("second of connection 1");
	assert!(places.take(1).is_none(), "a third of connection 1 is refused");
	let _b1 = places.take(2).expect("another connection is not affected");
	assert_eq!(places.connections(), 2);
	drop(a1);
	assert!(places.take(1).is_some(), "a place given back is taken again");
	drop(_b1);
	assert_eq!(places.connections(), 1, "a connection with no place left is forgotten");
}

/// A stream ends once.
#[test]
fn a_released_stream_ends_once() {
	let mut f = Follower::new(0, 0, 1);
	let mut b = block(1, 0, vec![(EntryKind::Plain, b"p0")]);
	b.released = true;
	f.absorb(b).unwrap();
	let out = f.drain(no_state);
	assert!(matches!(out.last(), Some(Drained::End(_))), "{out:?}");
	assert!(f.drain(no_state).is_empty(), "nothing after the end");
}

/// A block of `number` with one plain entry of `bytes` payload bytes.
fn sized(number: u32, bytes: usize) -> BlockEntries {
	block(number, number as u64, vec![(EntryKind::Plain, &vec![number as u8; bytes][..])])
}

#[test]
fn a_page_stops_before_its_byte_bound_and_says_where_the_rest_starts() {
	// Blocks 10..=19 each carry 1,000 bytes (a little over 2,500 as JSON); odd blocks nothing.
	let read = |n: u32| -> Result<Option<BlockEntries>, ()> {
		Ok(n.is_multiple_of(2).then(|| sized(n, 1000)))
	};
	let size = sized(10, 1000).json_bytes();
	let page = page(10, 19, 2 * size, read).unwrap();
	assert_eq!(page.blocks.iter().map(|b| b.number).collect::<Vec<_>>(), vec![10, 12]);
	assert_eq!(page.next_block, Some(14), "the first block left out, not the one after the last");
	// Following the pages covers the range exactly once.
	let mut from = 10;
	let mut seen = vec![];
	loop {
		let p = super::page(from, 19, 2 * size, read).unwrap();
		seen.extend(p.blocks.iter().map(|b| b.number));
		match p.next_block {
			Some(next) => {
				assert!(next > from, "every page advances");
				from = next;
			},
			None => break,
		}
	}
	assert_eq!(seen, vec![10, 12, 14, 16, 18]);
}

#[test]
fn a_block_larger_than_a_page_is_sent_whole_and_alone() {
	let read = |n: u32| -> Result<Option<BlockEntries>, ()> { Ok(Some(sized(n, 10_000))) };
	let page = page(5, 9, 100, read).unwrap();
	assert_eq!(page.blocks.len(), 1);
	assert_eq!(page.blocks[0].entries[0].payload.as_ref().map(Vec::len), Some(10_000));
	assert_eq!(page.next_block, Some(6));
	// The last block of the range ends the paging even when alone over the bound.
	assert_eq!(super::page(9, 9, 100, read).unwrap().next_block, None);
	// An empty range (past the head) is an empty last page.
	assert_eq!(
		super::page(10, 9, 100, read).unwrap(),
		SubmissionsPage { blocks: vec![], next_block: None }
	);
}

#[test]
fn a_read_error_fails_the_page() {
	let read = |n: u32| if n == 7 { Err("pruned") } else { Ok(Some(sized(n, 10))) };
	assert_eq!(page(5, 9, PAGE_BYTES, read), Err("pruned"));
}

#[test]
fn json_bytes_bounds_the_json_a_block_takes() {
	let mut b = block(
		u32::MAX,
		u64::MAX - 3,
		vec![
			(EntryKind::Plain, &[0xff; 300][..]),
			(EntryKind::Sealed, b"s"),
			(EntryKind::Plain, b""),
		],
	);
	b.reveals.push(Reveal { index: u64::MAX, payload: vec![7; 99], salt: [9; 32] });
	b.expired.push(u64::MAX);
	let json = serde_json::to_vec(&b).unwrap().len();
	assert!(json <= b.json_bytes(), "{json} > {}", b.json_bytes());
	// And not wildly over: the page bound is about what is sent.
	assert!(b.json_bytes() < 2 * json + 4 * JSON_BYTES_PER_ITEM);
	let page = serde_json::to_vec(&SubmissionsPage {
		blocks: vec![b.clone()],
		next_block: Some(u32::MAX),
	})
	.unwrap()
	.len();
	assert!(page <= b.json_bytes() + 64);
}
