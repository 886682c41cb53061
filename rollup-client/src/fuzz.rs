//! Fuzzing what the client decodes from a node or a file it did not write itself: a node is
//! not trusted, and a recording or a cursor file may come from anyone.
//!
//! [`decoders`] reads an input's first byte to pick a decoder and feeds it the rest:
//!
//! - **a stream** (`0`): a cursor file, then stream items (`inbox_subscribeFinalized`'s JSON),
//!   one a line, through [`parse_cursor`], the [`Verifier`] and [`check_end`], as `follow`
//!   takes them; checked: entries come out in index order from the cursor, the cursor moves
//!   exactly over them, and a refused entry moves nothing;
//! - **a recording and the chain's view of it** (`1`): an `inbox_submissions` page, then the
//!   recording's entries, one a line, through [`check_page`] and the checks `verify` makes
//!   (the recording by itself, each entry against the chain's positions, the fold against the
//!   chain's commitment);
//! - **events** (`2`): a block's `System::Events` (SCALE) as `submit` decodes them, and the
//!   names of their dispatch errors;
//! - **a header** (`3`): `chain_getHeader`'s JSON and its block number.
//!
//! A panic is a finding: the libFuzzer target is in `fuzz/`, a short run is in this crate's
//! tests (`tests/fuzz_short_run.rs`).

use std::collections::BTreeSet;

use codec::Decode;
use seqchain_primitives::inbox::{
	genesis_commitment,
	rpc::{EntryStatus, StreamEntry, StreamItem, SubmissionsPage},
	EntryIndex, RollupId,
};
use sp_core::H256;

use crate::{
	follow::{
		check_against_chain, check_end, check_recording, check_recording_against, parse_cursor,
		ChainView,
	},
	node::{check_page, describe, failed_extrinsics, Events, Header},
	verify::{Cursor, Verifier},
};

/// The rollup every decoder reads for.
pub const ROLLUP: RollupId = 0;
/// The genesis hash a cursor must name, if it names one.
pub const GENESIS: [u8; 32] = [1; 32];

/// What an input did, for the tests to see that their seeds get somewhere.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reached {
	/// Entries verified (a stream) or a recording verified (1).
	pub verified: u64,
	/// Refused: an item, an entry, a page or a recording.
	pub refused: u64,
	/// Events decoded.
	pub events: usize,
}

/// Plays `data` on the decoder its first byte picks. Panics when a check breaks.
pub fn decoders(data: &[u8]) -> Reached {
	let Some((which, rest)) = data.split_first() else { return Reached::default() };
	match which % 4 {
		0 => stream(rest),
		1 => recording(rest),
		2 => events(rest),
		_ => {
			if let Ok(header) = serde_json::from_slice::<Header>(rest) {
				let _ = header.number();
			}
			Reached::default()
		},
	}
}

fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
	data.split(|b| *b == b'\n')
}

fn stream(data: &[u8]) -> Reached {
	let mut reached = Reached::default();
	let mut lines = lines(data);
	let cursor = lines
		.next()
		.and_then(|line| parse_cursor(line, ROLLUP, H256::from(GENESIS)).ok())
		.unwrap_or_else(|| Cursor::genesis(ROLLUP));
	let mut verifier = Verifier::new(cursor);
	for line in lines {
		// As `follow` takes an item: JSON first, then a stream item.
		let Ok(item) = serde_json::from_slice::<serde_json::Value>(line) else { continue };
		let Ok(item) = serde_json::from_value::<StreamItem>(item) else { continue };
		let entry = match item {
			StreamItem::Error { .. } => return reached,
			StreamItem::End { end } => {
				if check_end(&verifier, &end).is_err() {
					reached.refused += 1;
				}
				return reached;
			},
			StreamItem::Entry(entry) => entry,
		};
		// A mid-stream start: `follow` anchors it at the chain; here, at any commitment.
		if verifier.cursor.commitment.is_none() {
			verifier.cursor.commitment = Some(entry.hash);
		}
		let before = verifier.cursor.clone();
		let pending = verifier.pending() as u64;
		match verifier.push(entry) {
			Err(_) => {
				assert_eq!(verifier.cursor, before, "a refused entry moved the cursor");
				// Held entries of its block stay held (to be confirmed by the block's
				// commitment or dropped with it); the refused one is not among them.
				assert!(verifier.pending() as u64 <= pending, "a refused entry was held");
				reached.refused += 1;
				return reached;
			},
			Ok(confirmed) => {
				let Some(last) = confirmed.last() else { continue };
				assert_eq!(confirmed.len() as u64, pending + 1, "a block confirmed in part");
				for (n, v) in confirmed.iter().enumerate() {
					assert_eq!(v.entry.index, before.next_index + n as u64, "out of order");
				}
				assert_eq!(verifier.cursor.next_index, last.entry.index + 1);
				assert_eq!(verifier.cursor.commitment, Some(last.commitment));
				reached.verified += confirmed.len() as u64;
			},
		}
	}
	reached
}

fn recording(data: &[u8]) -> Reached {
	let mut reached = Reached::default();
	let mut lines = lines(data);
	let Some(page) = lines.next().and_then(|l| serde_json::from_slice::<SubmissionsPage>(l).ok())
	else {
		return reached;
	};
	let entries: Vec<StreamEntry> = lines.filter_map(|l| serde_json::from_slice(l).ok()).collect();
	let (Some(first), Some(last)) = (entries.first(), entries.last()) else { return reached };
	let (from, to) = (first.block, last.block.max(first.block));
	let Ok((blocks, _)) = check_page(page, from, to) else {
		reached.refused += 1;
		return reached;
	};
	// A recording from entry 0 folds from the rollup's genesis commitment; one from later, from
	// the commitment of the block before (here: the first block's, to reach the checks after).
	let anchor = if first.index == 0 {
		genesis_commitment(ROLLUP)
	} else {
		blocks.first().and_then(|b| b.commitment).unwrap_or_default()
	};
	let Ok(commitment) = check_recording(ROLLUP, &entries, anchor) else {
		reached.refused += 1;
		return reached;
	};
	let sealed: BTreeSet<EntryIndex> =
		entries.iter().filter(|e| e.status != EntryStatus::Plain).map(|e| e.index).collect();
	let mut view = ChainView::new(Some(to));
	view.absorb(blocks, &sealed, last.block);
	for entry in &entries {
		let _ = check_against_chain(&view, ROLLUP, entry);
	}
	match check_recording_against(&view, ROLLUP, &entries, commitment) {
		Ok(verified) => {
			assert_eq!(verified.first, first.index);
			assert_eq!(verified.next, last.index + 1);
			reached.verified = 1;
		},
		Err(_) => reached.refused += 1,
	}
	reached
}

fn events(data: &[u8]) -> Reached {
	let Ok(events) = Events::decode(&mut &data[..]) else { return Reached::default() };
	let _ = failed_extrinsics(&events);
	for record in &events {
		if let seqchain_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error,
			..
		}) = &record.event
		{
			let _ = describe(dispatch_error);
		}
	}
	Reached { events: events.len(), ..Reached::default() }
}
