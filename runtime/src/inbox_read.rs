//! What a block did to one rollup's stream, read from the block's extrinsics and events with
//! this runtime's types: the implementation of `InboxApi::block_entries`.
//!
//! The node calls it through the runtime API at the parent of the block it reads, so every
//! block is decoded by the runtime that executed it, whatever runtime the node was built with.
//! A node reading a block whose runtime predates the API calls [`block_entries`] natively
//! instead (its own types, which decode that block as long as no upgrade changed them since).
//!
//! Which positions a block assigned is decided by the chain, not re-derived here: the block's
//! `Sequenced` event names the range, and the successful inbox calls of its body must carry
//! exactly that many positions ([`ReadError::Inconsistent`] otherwise).

use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use codec::{Decode, Encode};
use frame_system::{EventRecord, Phase};
use pallet_inbox::{Call as InboxCall, Event as InboxEvent};
use seqchain_primitives::inbox::{
	payload_hash, BlockInbox, BlockPosition, BlockReveal, EntryIndex, Hash32, ReadError, RollupId,
};

use crate::{Hash, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};

/// A block's event records, as `System::Events` stores them.
pub type Events = Vec<EventRecord<RuntimeEvent, Hash>>;

/// Decodes a block's `extrinsics` and its `events` (the SCALE encoding of its `System::Events`;
/// empty for none) and reads what the block did to `rollup`'s stream.
pub fn block_entries(
	rollup: RollupId,
	extrinsics: &[sp_runtime::OpaqueExtrinsic],
	events: &[u8],
) -> Result<Option<BlockInbox>, ReadError> {
	let events = if events.is_empty() {
		Vec::new()
	} else {
		Events::decode(&mut &events[..]).map_err(|_| ReadError::UndecodableEvents)?
	};
	let extrinsics = extrinsics
		.iter()
		.enumerate()
		.map(|(i, xt)| {
			// An opaque extrinsic encodes as the extrinsic itself, length prefix included.
			UncheckedExtrinsic::decode(&mut &xt.encode()[..])
				.map_err(|_| ReadError::UndecodableExtrinsic(i as u32))
		})
		.collect::<Result<Vec<_>, _>>()?;
	read(rollup, &extrinsics, &events)
}

/// Reads what a block did to `rollup`'s stream from its decoded extrinsics and events.
pub fn read(
	rollup: RollupId,
	extrinsics: &[UncheckedExtrinsic],
	events: &[EventRecord<RuntimeEvent, Hash>],
) -> Result<Option<BlockInbox>, ReadError> {
	let mut failed = BTreeSet::new();
	let mut committers = BTreeMap::new();
	let mut sequenced = None;
	let mut revealed_in = BTreeSet::new();
	let mut expired = Vec::new();
	let mut released = false;
	for record in events {
		match (&record.phase, &record.event) {
			(
				Phase::ApplyExtrinsic(i),
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }),
			) => {
				failed.insert(*i);
			},
			(
				_,
				RuntimeEvent::Inbox(InboxEvent::Sequenced {
					rollup: r,
					first_index,
					next_index,
					commitment,
				}),
			) if *r == rollup => sequenced = Some((*first_index, *next_index, *commitment)),
			(
				Phase::ApplyExtrinsic(i),
				RuntimeEvent::Inbox(InboxEvent::Revealed { rollup: r, index }),
			) if *r == rollup => {
				revealed_in.insert((*i, *index));
			},
			(
				Phase::ApplyExtrinsic(i),
				RuntimeEvent::Inbox(InboxEvent::Committed { rollup: r, who, .. }),
			) if *r == rollup => {
				committers.insert(*i, <[u8; 32]>::from(who.clone()));
			},
			(_, RuntimeEvent::Inbox(InboxEvent::CommitExpired { rollup: r, index, .. }))
				if *r == rollup =>
			{
				expired.push(*index)
			},
			(_, RuntimeEvent::Inbox(InboxEvent::BondReleased { id, .. })) if *id == rollup => {
				released = true
			},
			_ => {},
		}
	}

	let (first_index, next_index, commitment) = match sequenced {
		Some((first, next, c)) => (first, next, Some(c)),
		None => (0, 0, None),
	};
	let mut positions = Vec::new();
	let mut reveals = Vec::new();
	let mut index: EntryIndex = first_index;
	let mut push = |hash: Hash32, payload: Option<Vec<u8>>, committer: Option<Hash32>| {
		positions.push(BlockPosition { index, hash, payload, committer });
		index = index.saturating_add(1);
	};
	for (i, xt) in extrinsics.iter().enumerate() {
		let i = i as u32;
		if failed.contains(&i) {
			continue;
		}
		let RuntimeCall::Inbox(call) = &xt.function else { continue };
		match call {
			InboxCall::submit { id, payload } if *id == rollup => {
				push(payload_hash(payload), Some(payload.clone()), None)
			},
			InboxCall::submit_batch { id, payloads } if *id == rollup => {
				for payload in payloads {
					push(payload_hash(payload), Some(payload.clone()), None)
				}
			},
			InboxCall::commit { id, hash } if *id == rollup => {
				push(*hash, None, committers.get(&i).copied())
			},
			InboxCall::reveal { id, index: entry, payload, salt }
				if *id == rollup && revealed_in.contains(&(i, *entry)) =>
			{
				reveals.push(BlockReveal { index: *entry, payload: payload.clone(), salt: *salt })
			},
			_ => {},
		}
	}
	if index != next_index || (commitment.is_none() && !positions.is_empty()) {
		return Err(ReadError::Inconsistent {
			first_index,
			next_index,
			carried: positions.len() as u64,
		});
	}
	if positions.is_empty() && reveals.is_empty() && expired.is_empty() && !released {
		return Ok(None);
	}
	Ok(Some(BlockInbox {
		first_index,
		next_index,
		commitment,
		positions,
		reveals,
		expired,
		released,
	}))
}

#[cfg(test)]
mod tests {
	//! The reader on hand-made blocks: canonical order, failed calls, sealed commits, reveals,
	//! expiries and releases, and the errors.

	use super::*;
	use alloc::vec;
	use seqchain_primitives::inbox::{fold, genesis_commitment, next_commitment, sealed_hash};

	fn xt(call: InboxCall<crate::Runtime>) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(RuntimeCall::Inbox(call))
	}

	fn record(phase: Phase, event: RuntimeEvent) -> EventRecord<RuntimeEvent, Hash> {
		EventRecord { phase, event, topics: vec![] }
	}

	fn failed(i: u32) -> EventRecord<RuntimeEvent, Hash> {
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
	) -> EventRecord<RuntimeEvent, Hash> {
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
		let block = read(0, &extrinsics, &events).unwrap().unwrap();
		assert_eq!(
			(block.first_index, block.next_index, block.commitment),
			(0, 3, Some(commitment))
		);
		let payloads: Vec<_> = block.positions.iter().map(|e| e.payload.clone().unwrap()).collect();
		assert_eq!(payloads, vec![p("a0"), p("a1"), p("a2")]);
		assert_eq!(block.positions.iter().map(|e| e.index).collect::<Vec<_>>(), vec![0, 1, 2]);
		// Rollup 1's entry is not in rollup 0's answer, and a rollup with nothing gets `None`.
		assert!(read(5, &extrinsics, &events).unwrap().is_none());

		// The same block from its encoded form, as the node passes it.
		let opaque: Vec<_> = extrinsics
			.iter()
			.map(|x| sp_runtime::OpaqueExtrinsic::decode(&mut &x.encode()[..]).unwrap())
			.collect();
		assert_eq!(block_entries(0, &opaque, &events.encode()), Ok(Some(block)));
		assert_eq!(block_entries(5, &opaque, &[]), Ok(None), "no events: nothing succeeded");
	}

	#[test]
	fn what_this_runtime_cannot_decode_is_an_error_that_names_it() {
		let good = xt(InboxCall::submit { id: 0, payload: b"x".to_vec() });
		// A call of a pallet this runtime does not have (index 250).
		let unknown = sp_runtime::OpaqueExtrinsic::from_blob(vec![4, 250, 0]);
		let good = sp_runtime::OpaqueExtrinsic::decode(&mut &good.encode()[..]).unwrap();
		assert_eq!(
			block_entries(0, &[good, unknown], &[]),
			Err(ReadError::UndecodableExtrinsic(1))
		);
		assert_eq!(block_entries(0, &[], &[4, 0, 250]), Err(ReadError::UndecodableEvents));
	}

	#[test]
	fn entries_that_do_not_add_up_to_the_sequenced_range_are_an_error() {
		let extrinsics = vec![xt(InboxCall::submit { id: 0, payload: b"x".to_vec() })];
		// The chain says two entries; the body shows one (e.g. one came through a nested call).
		let events = vec![sequenced(0, 0, 2, [0; 32])];
		assert_eq!(
			read(0, &extrinsics, &events),
			Err(ReadError::Inconsistent { first_index: 0, next_index: 2, carried: 1 })
		);
		// Entries without a `Sequenced` event are as wrong.
		assert!(matches!(read(0, &extrinsics, &[]), Err(ReadError::Inconsistent { .. })));
	}

	#[test]
	fn sealed_commits_reveals_expiries_and_releases_are_read_from_their_blocks() {
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
		let commit_block = read(
			2,
			&[xt(InboxCall::commit { id: 2, hash })],
			&[committed, sequenced(2, 0, 1, commitment)],
		)
		.unwrap()
		.unwrap();
		assert_eq!(commit_block.positions[0].payload, None, "sealed");
		assert_eq!(commit_block.positions[0].committer, Some(committer.clone().into()));

		// A reveal counts only with its `Revealed` event (a failed or mismatching one has none).
		let reveal = xt(InboxCall::reveal { id: 2, index: 0, payload: payload.clone(), salt });
		assert!(read(2, core::slice::from_ref(&reveal), &[]).unwrap().is_none());
		let revealed = [record(
			Phase::ApplyExtrinsic(0),
			RuntimeEvent::Inbox(InboxEvent::Revealed { rollup: 2, index: 0 }),
		)];
		let reveal_block = read(2, &[reveal], &revealed).unwrap().unwrap();
		assert_eq!(reveal_block.reveals, vec![BlockReveal { index: 0, payload, salt }]);

		let expired = [record(
			Phase::Initialization,
			RuntimeEvent::Inbox(InboxEvent::CommitExpired { rollup: 2, index: 4, forfeited: 1 }),
		)];
		assert_eq!(read(2, &[], &expired).unwrap().unwrap().expired, vec![4]);

		// The block that releases the rollup ends its stream; another rollup's release does not.
		let released = [record(
			Phase::ApplyExtrinsic(0),
			RuntimeEvent::Inbox(InboxEvent::BondReleased { id: 2, owner: committer, bond: 1 }),
		)];
		assert!(read(2, &[], &released).unwrap().unwrap().released);
		assert_eq!(read(3, &[], &released), Ok(None));
	}
}
