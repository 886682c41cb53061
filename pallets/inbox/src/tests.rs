//! Unit tests: every call's success, errors and origin; ordering and commitments; sealed
//! submissions; pause; block limits.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use seqchain_primitives::inbox::genesis_commitment;
use sp_runtime::{DispatchError, Perbill};

fn plain() -> RollupConfig {
	RollupConfig {
		submitters: SubmitterPolicy::Open,
		max_payload_bytes: 100,
		max_submissions_per_block: 5,
		ordering: OrderingPolicy::Plain,
	}
}

fn sealed() -> RollupConfig {
	RollupConfig { ordering: OrderingPolicy::Sealed, ..plain() }
}

fn register(owner: AccountId, name: &str, config: RollupConfig) -> RollupId {
	let id = NextRollupId::<Test>::get();
	assert_ok!(Inbox::register_rollup(RuntimeOrigin::signed(owner), name.into(), config));
	id
}

fn stream(id: RollupId) -> StreamState {
	Rollups::<Test>::get(id).unwrap().stream
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// The sealed hash `who` commits to for `payload` with `salt` in rollup `id`.
fn seal(id: RollupId, who: AccountId, payload: &[u8], salt: &Hash32) -> Hash32 {
	sealed_hash(id, &codec::Encode::encode(&who), payload, salt)
}

/// Off-chain: the commitment over `payloads` as entries `0..` of rollup `id`.
fn expected(id: RollupId, payloads: &[&[u8]]) -> Hash32 {
	let hashes: Vec<Hash32> = payloads.iter().map(|p| payload_hash(p)).collect();
	fold(genesis_commitment(id), 0, &hashes)
}

// ---- registration ----

#[test]
fn register_assigns_sequential_ids_and_holds_the_bond() {
	build_and_execute(|| {
		assert_eq!(register(1, "alpha", plain()), 0);
		assert_eq!(register(1, "beta", sealed()), 1);
		assert_eq!(held(1, HoldReason::RollupBond), 2 * BOND);
		let r = Rollups::<Test>::get(0).unwrap();
		assert_eq!((r.owner, r.bond, r.status), (1, BOND, RollupStatus::Active));
		assert_eq!(r.stream, StreamState::genesis(0));
		assert_eq!(
			RollupIds::<Test>::get(NameOf::<Test>::try_from(b"beta".to_vec()).unwrap()),
			Some(1)
		);
		assert_eq!(Inbox::rollup_id(b"alpha".to_vec()), Some(0));
		System::assert_has_event(
			Event::RollupRegistered {
				id: 1,
				name: b"beta".to_vec().try_into().unwrap(),
				owner: 1,
				bond: BOND,
			}
			.into(),
		);
	});
}

#[test]
fn register_rejects_bad_input_and_changes_nothing() {
	build_and_execute(|| {
		register(1, "alpha", plain());
		let o = || signed(2);
		assert_noop!(
			Inbox::register_rollup(o(), b"alpha".to_vec(), plain()),
			Error::<Test>::NameTaken
		);
		for bad in [&b""[..], b"Alpha", b"a b", b"toolongname", b"\xff"] {
			assert_noop!(
				Inbox::register_rollup(o(), bad.to_vec(), plain()),
				Error::<Test>::InvalidName
			);
		}
		for config in [
			RollupConfig { max_payload_bytes: 0, ..plain() },
			RollupConfig { max_payload_bytes: 201, ..plain() },
			RollupConfig { max_submissions_per_block: 0, ..plain() },
			RollupConfig { max_submissions_per_block: 6, ..plain() },
		] {
			assert_noop!(
				Inbox::register_rollup(o(), b"b".to_vec(), config),
				Error::<Test>::InvalidConfig
			);
		}
		// Account 20 has no funds for the bond.
		assert_noop!(
			Inbox::register_rollup(signed(20), b"b".to_vec(), plain()),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Inbox::register_rollup(RuntimeOrigin::none(), b"b".to_vec(), plain()),
			DispatchError::BadOrigin
		);
	});
}

// ---- owner calls ----

#[test]
fn update_config_by_owner_only_and_ordering_change_waits_for_commits() {
	build_and_execute(|| {
		let id = register(1, "alpha", sealed());
		let new = RollupConfig { max_payload_bytes: 50, ..sealed() };
		assert_ok!(Inbox::update_config(signed(1), id, new));
		assert_eq!(Rollups::<Test>::get(id).unwrap().config, new);
		System::assert_has_event(Event::ConfigUpdated { id, config: new }.into());
		assert_noop!(Inbox::update_config(signed(2), id, plain()), Error::<Test>::NotOwner);
		assert_noop!(Inbox::update_config(signed(1), 9, plain()), Error::<Test>::UnknownRollup);
		assert_noop!(
			Inbox::update_config(signed(1), id, RollupConfig { max_payload_bytes: 0, ..plain() }),
			Error::<Test>::InvalidConfig
		);
		assert_noop!(
			Inbox::update_config(RuntimeOrigin::root(), id, plain()),
			DispatchError::BadOrigin
		);
		assert_ok!(Inbox::commit(signed(2), id, [1; 32]));
		assert_noop!(Inbox::update_config(signed(1), id, plain()), Error::<Test>::PendingCommits);
		// Limits may still change while commits are pending.
		assert_ok!(Inbox::update_config(signed(1), id, sealed()));
		run_to(1 + WINDOW + 1);
		assert_ok!(Inbox::update_config(signed(1), id, plain()));
		assert_ok!(Inbox::deregister(signed(1), id));
		assert_noop!(
			Inbox::update_config(signed(1), id, plain()),
			Error::<Test>::RollupDeregistered
		);
	});
}

#[test]
fn allow_list_is_enforced_sorted_and_bounded() {
	build_and_execute(|| {
		let id = register(
			1,
			"alpha",
			RollupConfig { submitters: SubmitterPolicy::AllowList, ..plain() },
		);
		assert_noop!(Inbox::submit(signed(3), id, b"x".to_vec()), Error::<Test>::NotAllowed);
		assert_ok!(Inbox::set_submitters(signed(1), id, vec![4, 3, 4]));
		assert_eq!(Submitters::<Test>::get(id).into_inner(), vec![3, 4]);
		System::assert_has_event(Event::SubmittersSet { id, count: 2 }.into());
		assert_ok!(Inbox::submit(signed(3), id, b"x".to_vec()));
		assert_noop!(Inbox::submit(signed(5), id, b"x".to_vec()), Error::<Test>::NotAllowed);
		assert_noop!(
			Inbox::set_submitters(signed(1), id, vec![2, 3, 4, 5]),
			Error::<Test>::TooManySubmitters
		);
		assert_noop!(Inbox::set_submitters(signed(2), id, vec![2]), Error::<Test>::NotOwner);
		assert_noop!(Inbox::set_submitters(signed(1), 7, vec![2]), Error::<Test>::UnknownRollup);
		assert_noop!(
			Inbox::set_submitters(RuntimeOrigin::none(), id, vec![2]),
			DispatchError::BadOrigin
		);
		assert_ok!(Inbox::set_submitters(signed(1), id, vec![]));
		assert!(!Submitters::<Test>::contains_key(id));
		assert_noop!(Inbox::submit(signed(3), id, b"x".to_vec()), Error::<Test>::NotAllowed);
		// The open policy ignores the list.
		assert_ok!(Inbox::update_config(signed(1), id, plain()));
		assert_ok!(Inbox::submit(signed(5), id, b"x".to_vec()));
	});
}

#[test]
fn ownership_moves_with_the_bond_only_when_accepted() {
	build_and_execute(|| {
		let id = register(1, "alpha", plain());
		assert_noop!(Inbox::accept_ownership(signed(2), id), Error::<Test>::NotPendingOwner);
		assert_noop!(Inbox::transfer_ownership(signed(2), id, Some(3)), Error::<Test>::NotOwner);
		assert_noop!(
			Inbox::transfer_ownership(signed(1), 5, Some(3)),
			Error::<Test>::UnknownRollup
		);
		assert_noop!(
			Inbox::transfer_ownership(RuntimeOrigin::root(), id, Some(3)),
			DispatchError::BadOrigin
		);
		assert_ok!(Inbox::transfer_ownership(signed(1), id, Some(2)));
		System::assert_has_event(Event::OwnershipOffered { id, to: Some(2) }.into());
		assert_noop!(Inbox::accept_ownership(signed(3), id), Error::<Test>::NotPendingOwner);
		assert_noop!(Inbox::accept_ownership(RuntimeOrigin::none(), id), DispatchError::BadOrigin);
		assert_ok!(Inbox::accept_ownership(signed(2), id));
		assert_eq!(Rollups::<Test>::get(id).unwrap().owner, 2);
		assert_eq!((held(1, HoldReason::RollupBond), held(2, HoldReason::RollupBond)), (0, BOND));
		System::assert_has_event(Event::OwnershipTransferred { id, from: 1, to: 2 }.into());
		// An offer can be withdrawn.
		assert_ok!(Inbox::transfer_ownership(signed(2), id, Some(3)));
		assert_ok!(Inbox::transfer_ownership(signed(2), id, None));
		assert_noop!(Inbox::accept_ownership(signed(3), id), Error::<Test>::NotPendingOwner);
		// A new owner must afford the bond.
		assert_ok!(Inbox::transfer_ownership(signed(2), id, Some(20)));
		assert_noop!(Inbox::accept_ownership(signed(20), id), Error::<Test>::InsufficientBalance);
		assert_noop!(Inbox::accept_ownership(signed(1), 9), Error::<Test>::UnknownRollup);
	});
}

#[test]
fn deregistration_stops_submissions_and_releases_the_bond_after_the_delay() {
	build_and_execute(|| {
		let id = register(1, "alpha", plain());
		assert_ok!(Inbox::submit(signed(2), id, b"x".to_vec()));
		assert_noop!(Inbox::deregister(signed(2), id), Error::<Test>::NotOwner);
		assert_noop!(Inbox::deregister(RuntimeOrigin::root(), id), DispatchError::BadOrigin);
		assert_noop!(Inbox::release_bond(signed(2), id), Error::<Test>::NotDeregistered);
		assert_ok!(Inbox::deregister(signed(1), id));
		System::assert_has_event(Event::Deregistered { id, release_at: 1 + DELAY }.into());
		assert_noop!(Inbox::deregister(signed(1), id), Error::<Test>::AlreadyDeregistered);
		assert_noop!(
			Inbox::submit(signed(2), id, b"y".to_vec()),
			Error::<Test>::RollupDeregistered
		);
		assert_noop!(
			Inbox::set_submitters(signed(1), id, vec![2]),
			Error::<Test>::RollupDeregistered
		);
		assert!(!Inbox::rollup_view(id).unwrap().accepting);
		run_to(DELAY);
		assert_noop!(Inbox::release_bond(signed(2), id), Error::<Test>::BondLocked);
		next_block();
		assert_noop!(Inbox::release_bond(RuntimeOrigin::none(), id), DispatchError::BadOrigin);
		let before = free(1);
		assert_ok!(Inbox::release_bond(signed(2), id));
		assert_eq!(free(1), before + BOND);
		assert_eq!(held(1, HoldReason::RollupBond), 0);
		System::assert_has_event(Event::BondReleased { id, owner: 1, bond: BOND }.into());
		assert!(Rollups::<Test>::get(id).is_none());
		assert_noop!(Inbox::release_bond(signed(2), id), Error::<Test>::UnknownRollup);
		// The name is free again; the id is not reused.
		assert_eq!(register(3, "alpha", plain()), 1);
	});
}

// ---- submissions and ordering ----

#[test]
fn submit_charges_base_plus_bytes_and_advances_the_stream() {
	build_and_execute(|| {
		let id = register(1, "alpha", plain());
		let before = free(2);
		assert_ok!(Inbox::submit(signed(2), id, b"hello".to_vec()));
		assert_eq!(before - free(2), BASE_FEE + 5 * BYTE_FEE);
		assert_eq!(Balances::free_balance(FEE_POT), BASE_FEE + 5 * BYTE_FEE);
		assert_eq!(Inbox::fee(1, 5), BASE_FEE + 5 * BYTE_FEE);
		let s = stream(id);
		assert_eq!((s.next_index, s.count, s.total_bytes), (1, 1, 5));
		assert_eq!(s.commitment, expected(id, &[b"hello"]));
		assert_ok!(Inbox::submit_batch(signed(3), id, vec![b"a".to_vec(), b"bc".to_vec()]));
		assert_eq!(Balances::free_balance(FEE_POT), 3 * BASE_FEE + 8 * BYTE_FEE);
		assert_eq!(stream(id).commitment, expected(id, &[b"hello", b"a", b"bc"]));
		assert_eq!(stream(id).next_index, 3);
	});
}

#[test]
fn bad_submissions_change_nothing_and_take_no_fee() {
	build_and_execute(|| {
		let id = register(1, "alpha", RollupConfig { max_payload_bytes: 4, ..plain() });
		let s = register(1, "sealed", sealed());
		let o = || signed(2);
		assert_noop!(Inbox::submit(o(), 9, b"x".to_vec()), Error::<Test>::UnknownRollup);
		assert_noop!(Inbox::submit(o(), id, b"12345".to_vec()), Error::<Test>::PayloadTooLarge);
		assert_noop!(Inbox::submit(o(), id, vec![]), Error::<Test>::EmptyPayload);
		assert_noop!(Inbox::submit_batch(o(), id, vec![]), Error::<Test>::EmptyBatch);
		assert_noop!(
			Inbox::submit_batch(o(), id, vec![b"ok".to_vec(), b"toolong".to_vec()]),
			Error::<Test>::PayloadTooLarge
		);
		assert_noop!(Inbox::submit(o(), s, b"x".to_vec()), Error::<Test>::SealedRollup);
		assert_noop!(
			Inbox::submit(signed(20), id, b"x".to_vec()),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Inbox::submit(RuntimeOrigin::root(), id, b"x".to_vec()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Inbox::submit_batch(RuntimeOrigin::none(), id, vec![b"x".to_vec()]),
			DispatchError::BadOrigin
		);
		// An account that could pay the fee only by dying is refused too.
		assert_ok!(Balances::transfer_allow_death(signed(5), 6, ENDOWMENT - 3));
		assert_noop!(
			Inbox::submit(signed(5), id, b"x".to_vec()),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn canonical_order_spans_blocks_extrinsics_and_batches() {
	build_and_execute(|| {
		let a = register(1, "a", plain());
		let b = register(1, "b", plain());
		// Block 1: a gets 3 entries from two extrinsics, b one.
		assert_ok!(Inbox::submit(signed(2), a, b"a0".to_vec()));
		assert_ok!(Inbox::submit(signed(3), b, b"b0".to_vec()));
		assert_ok!(Inbox::submit_batch(signed(4), a, vec![b"a1".to_vec(), b"a2".to_vec()]));
		let seq = finalize_block();
		assert_eq!(
			seq,
			vec![
				Event::Sequenced {
					rollup: a,
					first_index: 0,
					next_index: 3,
					commitment: expected(a, &[b"a0", b"a1", b"a2"])
				},
				Event::Sequenced {
					rollup: b,
					first_index: 0,
					next_index: 1,
					commitment: expected(b, &[b"b0"])
				},
			]
		);
		// Block 2: nothing. No event.
		assert!(finalize_block().is_empty());
		// Block 3: b only, a batch.
		assert_ok!(Inbox::submit_batch(signed(2), b, vec![b"b1".to_vec(), b"b2".to_vec()]));
		let seq = finalize_block();
		assert_eq!(
			seq,
			vec![Event::Sequenced {
				rollup: b,
				first_index: 1,
				next_index: 3,
				commitment: expected(b, &[b"b0", b"b1", b"b2"])
			}]
		);
		// The block's transient records are gone.
		assert_eq!(BlockRollups::<Test>::get().len(), 0);
		assert_eq!(BlockBytes::<Test>::get(), 0);
		assert!(BlockUsageOf::<Test>::iter().next().is_none());
	});
}

#[test]
fn per_block_limits_keep_one_rollup_from_filling_the_block() {
	build_and_execute(|| {
		let a = register(1, "a", plain());
		// Positions: 5 per block.
		let batch = |n: usize| vec![b"x".to_vec(); n];
		assert_noop!(
			Inbox::submit_batch(signed(2), a, batch(6)),
			Error::<Test>::TooManySubmissions
		);
		assert_ok!(Inbox::submit_batch(signed(2), a, batch(4)));
		assert_ok!(Inbox::submit(signed(2), a, b"x".to_vec()));
		assert_noop!(Inbox::submit(signed(2), a, b"x".to_vec()), Error::<Test>::TooManySubmissions);
		next_block();
		assert_ok!(Inbox::submit(signed(2), a, b"x".to_vec()));
		next_block();
		// Bytes: one rollup gets 50 % of the 500-byte budget.
		assert_ok!(Inbox::submit_batch(signed(2), a, vec![vec![1; 100], vec![1; 100]]));
		assert_noop!(Inbox::submit(signed(2), a, vec![1; 51]), Error::<Test>::RollupShareExceeded);
		assert_ok!(Inbox::submit(signed(2), a, vec![1; 50]));
		// The block budget binds all rollups together.
		let b = register(1, "b", plain());
		let c = register(1, "c", plain());
		assert_ok!(Inbox::submit_batch(signed(3), b, vec![vec![1; 100], vec![1; 100]]));
		assert_noop!(Inbox::submit(signed(3), c, vec![1; 51]), Error::<Test>::BlockFull);
		assert_ok!(Inbox::submit(signed(3), c, vec![1; 50]));
		// At most three rollups per block.
		next_block();
		let d = register(1, "d", plain());
		for r in [a, b, c] {
			assert_ok!(Inbox::submit(signed(3), r, b"x".to_vec()));
		}
		assert_noop!(
			Inbox::submit(signed(3), d, b"x".to_vec()),
			Error::<Test>::TooManyRollupsInBlock
		);
		next_block();
		assert_ok!(Inbox::submit(signed(3), d, b"x".to_vec()));
	});
}

// ---- sealed submissions ----

#[test]
fn sealed_commit_fixes_the_position_and_reveal_fills_it() {
	build_and_execute(|| {
		let id = register(1, "s", sealed());
		let (p1, s1) = (b"first".to_vec(), [1u8; 32]);
		let (p2, s2) = (b"second".to_vec(), [2u8; 32]);
		let (h1, h2) = (seal(id, 2, &p1, &s1), seal(id, 3, &p2, &s2));
		let before = free(2);
		assert_ok!(Inbox::commit(signed(2), id, h1));
		assert_eq!(before - free(2), BASE_FEE + DEPOSIT);
		assert_eq!(held(2, HoldReason::SealedCommit), DEPOSIT);
		System::assert_has_event(
			Event::Committed { rollup: id, index: 0, who: 2, hash: h1 }.into(),
		);
		assert_ok!(Inbox::commit(signed(3), id, h2));
		// The order and commitment are fixed before any payload is seen.
		let committed = fold(genesis_commitment(id), 0, [&h1, &h2]);
		assert_eq!(stream(id).commitment, committed);
		assert_eq!(Rollups::<Test>::get(id).unwrap().pending_commits, 2);
		assert_eq!(
			finalize_block(),
			vec![Event::Sequenced {
				rollup: id,
				first_index: 0,
				next_index: 2,
				commitment: committed
			}]
		);
		// Reveal out of order, by anyone; the committer's deposit comes back.
		let before = free(4);
		assert_ok!(Inbox::reveal(signed(4), id, 1, p2.clone(), s2));
		assert_eq!(before - free(4), p2.len() as Balance * BYTE_FEE);
		assert_eq!(held(3, HoldReason::SealedCommit), 0);
		System::assert_has_event(Event::Revealed { rollup: id, index: 1 }.into());
		assert_noop!(
			Inbox::reveal(signed(4), id, 1, p2.clone(), s2),
			Error::<Test>::AlreadyRevealed
		);
		assert_ok!(Inbox::reveal(signed(2), id, 0, p1.clone(), s1));
		let s = stream(id);
		assert_eq!((s.count, s.total_bytes, s.commitment), (2, 11, committed));
		// A reveal-only block gives no new positions, so no `Sequenced`.
		assert!(finalize_block().is_empty());
	});
}

#[test]
fn bad_reveals_are_refused() {
	build_and_execute(|| {
		let id = register(1, "s", RollupConfig { max_payload_bytes: 8, ..sealed() });
		let (p, salt) = (b"payload".to_vec(), [7u8; 32]);
		assert_ok!(Inbox::commit(signed(2), id, seal(id, 2, &p, &salt)));
		assert_noop!(
			Inbox::reveal(signed(2), id, 0, b"payloae".to_vec(), salt),
			Error::<Test>::RevealMismatch
		);
		assert_noop!(
			Inbox::reveal(signed(2), id, 0, p.clone(), [8; 32]),
			Error::<Test>::RevealMismatch
		);
		assert_noop!(
			Inbox::reveal(signed(2), id, 1, p.clone(), salt),
			Error::<Test>::UnknownCommit
		);
		assert_noop!(Inbox::reveal(signed(2), 5, 0, p.clone(), salt), Error::<Test>::UnknownRollup);
		assert_noop!(
			Inbox::reveal(signed(2), id, 0, vec![1; 9], salt),
			Error::<Test>::PayloadTooLarge
		);
		assert_noop!(
			Inbox::reveal(signed(20), id, 0, p.clone(), salt),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Inbox::reveal(RuntimeOrigin::none(), id, 0, p.clone(), salt),
			DispatchError::BadOrigin
		);
		// The window is open through block 1 + WINDOW.
		run_to(1 + WINDOW);
		assert_ok!(Inbox::reveal(signed(2), id, 0, p.clone(), salt));
		next_block();
		assert_noop!(
			Inbox::reveal(signed(2), id, 0, p.clone(), salt),
			Error::<Test>::RevealWindowClosed
		);
		// Commit errors.
		let plain_id = register(1, "p", plain());
		assert_noop!(Inbox::commit(signed(2), plain_id, [0; 32]), Error::<Test>::NotSealed);
		assert_noop!(Inbox::commit(signed(2), 9, [0; 32]), Error::<Test>::UnknownRollup);
		assert_noop!(Inbox::commit(signed(20), id, [0; 32]), Error::<Test>::InsufficientBalance);
		assert_noop!(Inbox::commit(RuntimeOrigin::root(), id, [0; 32]), DispatchError::BadOrigin);
	});
}

#[test]
fn unrevealed_commits_expire_and_forfeit_their_deposit() {
	build_and_execute(|| {
		let id = register(1, "s", sealed());
		assert_ok!(Inbox::commit(signed(2), id, [9; 32]));
		let pot = Balances::free_balance(FEE_POT);
		run_to(1 + WINDOW);
		assert_eq!(Rollups::<Test>::get(id).unwrap().pending_commits, 1);
		next_block();
		assert_eq!(
			inbox_events(),
			vec![Event::CommitExpired { rollup: id, index: 0, forfeited: DEPOSIT }]
		);
		assert_eq!(Balances::free_balance(FEE_POT), pot + DEPOSIT);
		assert_eq!(held(2, HoldReason::SealedCommit), 0);
		assert_eq!(Rollups::<Test>::get(id).unwrap().pending_commits, 0);
		assert!(Commits::<Test>::get(id, 0).is_none());
		// The entry stays in the stream (as expired); nothing reached the chain for it.
		let s = stream(id);
		assert_eq!((s.next_index, s.count), (1, 0));
		assert_noop!(
			Inbox::reveal(signed(2), id, 0, b"x".to_vec(), [0; 32]),
			Error::<Test>::RevealWindowClosed
		);
	});
}

#[test]
fn commits_per_block_are_bounded() {
	build_and_execute(|| {
		let a = register(1, "a", sealed());
		let b = register(1, "b", sealed());
		for i in 0..4u8 {
			assert_ok!(Inbox::commit(signed(2), if i < 2 { a } else { b }, [i; 32]));
		}
		assert_noop!(Inbox::commit(signed(2), a, [9; 32]), Error::<Test>::TooManyCommitsInBlock);
		next_block();
		assert_ok!(Inbox::commit(signed(2), a, [9; 32]));
	});
}

#[test]
fn deregistered_sealed_rollup_still_takes_reveals_and_releases_after_settling() {
	build_and_execute(|| {
		let id = register(1, "s", sealed());
		let (p, salt) = (b"p".to_vec(), [3u8; 32]);
		assert_ok!(Inbox::commit(signed(2), id, seal(id, 2, &p, &salt)));
		assert_ok!(Inbox::commit(signed(2), id, [0; 32]));
		assert_ok!(Inbox::deregister(signed(1), id));
		assert_noop!(Inbox::commit(signed(2), id, [1; 32]), Error::<Test>::RollupDeregistered);
		assert_ok!(Inbox::reveal(signed(2), id, 0, p, salt));
		run_to(1 + DELAY);
		assert_eq!(Rollups::<Test>::get(id).unwrap().pending_commits, 0);
		assert_ok!(Inbox::release_bond(signed(3), id));
	});
}

// ---- pause ----

#[test]
fn pause_stops_one_rollup_or_the_whole_inbox() {
	build_and_execute(|| {
		let a = register(1, "a", plain());
		let b = register(1, "b", plain());
		let s = register(1, "s", sealed());
		let (p, salt) = (b"p".to_vec(), [3u8; 32]);
		assert_ok!(Inbox::commit(signed(2), s, seal(s, 2, &p, &salt)));
		assert_noop!(Inbox::pause(signed(1), Some(a)), DispatchError::BadOrigin);
		assert_noop!(Inbox::pause(RuntimeOrigin::root(), Some(9)), Error::<Test>::UnknownRollup);
		assert_ok!(Inbox::pause(RuntimeOrigin::root(), Some(a)));
		System::assert_has_event(Event::Paused { rollup: Some(a) }.into());
		assert_noop!(Inbox::pause(RuntimeOrigin::root(), Some(a)), Error::<Test>::AlreadyPaused);
		assert_noop!(Inbox::submit(signed(2), a, b"x".to_vec()), Error::<Test>::RollupPaused);
		assert_ok!(Inbox::submit(signed(2), b, b"x".to_vec()));
		assert_ok!(Inbox::pause(RuntimeOrigin::root(), None));
		assert_noop!(Inbox::submit(signed(2), b, b"x".to_vec()), Error::<Test>::InboxPaused);
		assert_noop!(Inbox::commit(signed(2), s, [1; 32]), Error::<Test>::InboxPaused);
		assert!(!Inbox::rollup_view(b).unwrap().accepting);
		// Positions fixed before the pause can still be revealed.
		assert_ok!(Inbox::reveal(signed(2), s, 0, p, salt));
		assert_noop!(Inbox::unpause(signed(1), None), DispatchError::BadOrigin);
		assert_ok!(Inbox::unpause(RuntimeOrigin::root(), None));
		System::assert_has_event(Event::Unpaused { rollup: None }.into());
		assert_noop!(Inbox::unpause(RuntimeOrigin::root(), None), Error::<Test>::NotPaused);
		assert_ok!(Inbox::submit(signed(2), b, b"x".to_vec()));
		assert_noop!(Inbox::submit(signed(2), a, b"x".to_vec()), Error::<Test>::RollupPaused);
		assert_ok!(Inbox::unpause(RuntimeOrigin::root(), Some(a)));
		assert_noop!(Inbox::unpause(RuntimeOrigin::root(), Some(a)), Error::<Test>::NotPaused);
		assert_ok!(Inbox::submit(signed(2), a, b"x".to_vec()));
	});
}

/// A captured council pauses the inbox and tries to keep it paused: its pause lapses at the end
/// of its term, and it cannot pause anything again before its cooldown has passed.
#[test]
fn a_council_pause_lapses_and_cannot_be_renewed_at_once() {
	build_and_execute(|| {
		let a = register(1, "a", plain());
		let council = signed(COUNCIL);
		assert_ok!(Inbox::pause(council.clone(), None));
		let lapses_at = 1 + COUNCIL_PAUSE;
		System::assert_has_event(Event::Paused { rollup: None }.into());
		System::assert_has_event(Event::CouncilPaused { rollup: None, lapses_at }.into());
		assert_eq!(CouncilPause::<Test>::get(), Some((None, lapses_at)));
		assert_noop!(Inbox::submit(signed(2), a, b"x".to_vec()), Error::<Test>::InboxPaused);
		// One pause a term: not a second target meanwhile.
		assert_noop!(Inbox::pause(council.clone(), Some(a)), Error::<Test>::CouncilPauseBarred);
		run_to(lapses_at - 1);
		assert!(InboxPaused::<Test>::get());
		run_to(lapses_at);
		assert!(!InboxPaused::<Test>::get());
		assert_eq!(CouncilPause::<Test>::get(), None);
		assert_eq!(
			inbox_events(),
			vec![Event::Unpaused { rollup: None }, Event::CouncilPauseLapsed { rollup: None }]
		);
		assert_ok!(Inbox::submit(signed(2), a, b"x".to_vec()));
		// Not again until the cooldown after the term has passed.
		let barred_until = lapses_at + COUNCIL_COOLDOWN;
		assert_eq!(CouncilPauseBarredUntil::<Test>::get(), barred_until);
		run_to(barred_until - 1);
		assert_noop!(Inbox::pause(council.clone(), None), Error::<Test>::CouncilPauseBarred);
		run_to(barred_until);
		assert_ok!(Inbox::pause(council, Some(a)));
		assert_noop!(Inbox::submit(signed(2), a, b"x".to_vec()), Error::<Test>::RollupPaused);
	});
}

/// Token holders answer a council pause: a referendum keeps it (it no longer lapses) or lifts
/// it; the council lifts only its own pause, never a referendum's, and lifting its own early
/// does not let it pause again sooner.
#[test]
fn referenda_keep_or_lift_a_council_pause_and_the_council_cannot_lift_theirs() {
	build_and_execute(|| {
		let a = register(1, "a", plain());
		let b = register(1, "b", plain());
		let council = signed(COUNCIL);
		let referendum = RuntimeOrigin::root;
		// A referendum's pause: the council cannot lift it.
		assert_ok!(Inbox::pause(referendum(), Some(b)));
		assert_noop!(Inbox::unpause(council.clone(), Some(b)), Error::<Test>::PausedByReferendum);
		assert_noop!(Inbox::unpause(council.clone(), None), Error::<Test>::NotPaused);
		assert_noop!(Inbox::unpause(council.clone(), Some(9)), Error::<Test>::UnknownRollup);
		// The council pauses rollup a; a referendum keeps that pause past its term.
		assert_ok!(Inbox::pause(council.clone(), Some(a)));
		assert_ok!(Inbox::pause(referendum(), Some(a)));
		System::assert_has_event(Event::CouncilPauseKept { rollup: Some(a) }.into());
		assert_eq!(CouncilPause::<Test>::get(), None);
		run_to(1 + COUNCIL_PAUSE + 1);
		assert!(Rollups::<Test>::get(a).unwrap().paused, "kept past the council's term");
		assert_noop!(Inbox::unpause(council.clone(), Some(a)), Error::<Test>::PausedByReferendum);
		assert_ok!(Inbox::unpause(referendum(), Some(a)));
		assert_ok!(Inbox::unpause(referendum(), Some(b)));
		// A later council pause the council lifts early itself: still barred for the cooldown.
		run_to(1 + COUNCIL_PAUSE + COUNCIL_COOLDOWN);
		let now = System::block_number();
		assert_ok!(Inbox::pause(council.clone(), None));
		assert_ok!(Inbox::unpause(council.clone(), None));
		assert_eq!(CouncilPause::<Test>::get(), None);
		assert_noop!(Inbox::pause(council.clone(), None), Error::<Test>::CouncilPauseBarred);
		assert_eq!(CouncilPauseBarredUntil::<Test>::get(), now + COUNCIL_PAUSE + COUNCIL_COOLDOWN);
		// And a referendum lifts a council pause early.
		run_to(now + COUNCIL_PAUSE + COUNCIL_COOLDOWN);
		assert_ok!(Inbox::pause(council, None));
		assert_ok!(Inbox::unpause(referendum(), None));
		assert_eq!(CouncilPause::<Test>::get(), None);
		assert!(!InboxPaused::<Test>::get());
		// Nobody else pauses.
		assert_noop!(Inbox::pause(signed(1), None), DispatchError::BadOrigin);
		assert_noop!(Inbox::unpause(signed(1), None), DispatchError::BadOrigin);
	});
}

/// A council pause of a rollup whose bond is released meanwhile lapses on nothing.
#[test]
fn a_council_pause_of_a_rollup_removed_since_lapses_quietly() {
	build_and_execute(|| {
		let a = register(1, "a", plain());
		assert_ok!(Inbox::deregister(signed(1), a));
		run_to(DELAY);
		assert_ok!(Inbox::pause(signed(COUNCIL), Some(a)));
		run_to(1 + DELAY);
		assert_ok!(Inbox::release_bond(signed(3), a));
		Inbox::do_try_state().expect("a removed rollup's pause is no broken invariant");
		run_to(DELAY + COUNCIL_PAUSE);
		assert_eq!(inbox_events(), vec![Event::CouncilPauseLapsed { rollup: Some(a) }]);
		assert_eq!(CouncilPause::<Test>::get(), None);
	});
}

// ---- governance parameters ----

#[test]
fn set_params_is_admin_only_and_validated() {
	build_and_execute(|| {
		let params = InboxParams {
			base_fee: 5,
			byte_fee: 0,
			block_byte_budget: 1000,
			rollup_block_share: Perbill::from_percent(10),
		};
		assert_noop!(Inbox::set_params(signed(1), params), DispatchError::BadOrigin);
		for bad in [
			InboxParams { block_byte_budget: 0, ..params },
			InboxParams { block_byte_budget: 1001, ..params },
			InboxParams { rollup_block_share: Perbill::zero(), ..params },
		] {
			assert_noop!(
				Inbox::set_params(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidParams
			);
		}
		assert_ok!(Inbox::set_params(RuntimeOrigin::root(), params));
		System::assert_has_event(Event::ParamsSet { params }.into());
		let id = register(1, "a", plain());
		let before = free(2);
		assert_ok!(Inbox::submit(signed(2), id, vec![1; 100]));
		assert_eq!(before - free(2), 5);
		assert_noop!(Inbox::submit(signed(2), id, vec![1; 1]), Error::<Test>::RollupShareExceeded);
	});
}

#[test]
fn first_use_of_a_block_carries_the_finalize_weight_later_uses_are_refunded() {
	build_and_execute(|| {
		let id = register(1, "a", plain());
		let w = <() as WeightInfo>::submit(1);
		let first = Inbox::submit(signed(2), id, b"x".to_vec()).unwrap();
		assert_eq!(first.actual_weight, Some(w + Inbox::first_use()));
		let later = Inbox::submit(signed(2), id, b"y".to_vec()).unwrap();
		assert_eq!(later.actual_weight, Some(w));
	});
}

mod proptests {
	use super::*;
	use proptest::prelude::*;

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(64))]

		/// Random submissions over several blocks and two rollups: the `Sequenced` events chain
		/// up without gaps, and each rollup's commitment equals the off-chain fold of exactly
		/// its payloads, in submission order.
		#[test]
		fn events_and_commitments_match_an_off_chain_replay(
			blocks in proptest::collection::vec(
				proptest::collection::vec((0u32..2, proptest::collection::vec(
					proptest::collection::vec(any::<u8>(), 1..20), 1..3)), 0..4),
				1..6)
		) {
			new_test_ext().execute_with(|| {
				let ids = [register(1, "a", plain()), register(1, "b", plain())];
				let mut sent: [Vec<Vec<u8>>; 2] = [vec![], vec![]];
				let mut seen_next = [0u64; 2];
				for block in blocks {
					for (r, batch) in block {
						if Inbox::submit_batch(signed(2), ids[r as usize], batch.clone()).is_ok() {
							sent[r as usize].extend(batch);
						}
					}
					for e in finalize_block() {
						let Event::Sequenced { rollup, first_index, next_index, commitment } = e else { continue };
						let r = rollup as usize;
						prop_assert_eq!(first_index, seen_next[r]);
						seen_next[r] = next_index;
						let refs: Vec<&[u8]> = sent[r][..next_index as usize].iter().map(|p| &p[..]).collect();
						prop_assert_eq!(commitment, expected(rollup, &refs));
					}
				}
				for r in 0..2 {
					prop_assert_eq!(seen_next[r], sent[r].len() as u64);
					prop_assert_eq!(stream(ids[r]).next_index, sent[r].len() as u64);
				}
				Inbox::do_try_state().unwrap();
				Ok(())
			})?;
		}
	}
}

// ---- attacks (issue 20), each as the attacker runs it ----

/// A copier (a slot leader, or anyone paying a tip) sees a victim's commit in the pool and lands
/// a copy of its hash first. After the victim reveals, the copier holds the content and would
/// choose whether to fill its earlier copy with it.
#[test]
fn attack_copied_commit_cannot_be_filled_with_the_victims_payload() {
	build_and_execute(|| {
		let id = register(1, "s", sealed());
		let (victim, copier) = (2, 3);
		let (payload, salt) = (b"buy 100".to_vec(), [5u8; 32]);
		let hash = seal(id, victim, &payload, &salt);
		assert_ok!(Inbox::commit(signed(copier), id, hash));
		// The victim's own commit still lands, after the copy.
		assert_ok!(Inbox::commit(signed(victim), id, hash));
		next_block();
		assert_ok!(Inbox::reveal(signed(victim), id, 1, payload.clone(), salt));
		// With the content public, the copy cannot be filled by the copier or anyone else.
		for who in [copier, victim, 4] {
			assert_noop!(
				Inbox::reveal(signed(who), id, 0, payload.clone(), salt),
				Error::<Test>::RevealMismatch
			);
		}
		// The copy expires and costs the copier its deposit; the victim's entry stands.
		let copier_before = Balances::total_balance(&copier);
		run_to(1 + WINDOW + 1);
		assert_eq!(copier_before - Balances::total_balance(&copier), DEPOSIT);
		assert!(inbox_events().contains(&Event::CommitExpired {
			rollup: id,
			index: 0,
			forfeited: DEPOSIT
		}));
		assert_eq!(stream(id).count, 1);
	});
}

/// A committer's resubmitted commit (or a replay of it) would give a second position that anyone
/// holding the revealed payload could fill or leave empty, choosing by content.
#[test]
fn attack_duplicate_commit_is_refused() {
	build_and_execute(|| {
		let id = register(1, "s", sealed());
		let hash = seal(id, 2, b"p", &[1; 32]);
		assert_ok!(Inbox::commit(signed(2), id, hash));
		assert_noop!(Inbox::commit(signed(2), id, hash), Error::<Test>::DuplicateCommit);
		// Also after the reveal, while the window is open: the revealed payload would fill
		// the second position for anyone.
		next_block();
		assert_ok!(Inbox::reveal(signed(2), id, 0, b"p".to_vec(), [1; 32]));
		assert_noop!(Inbox::commit(signed(2), id, hash), Error::<Test>::DuplicateCommit);
		// Once the first commit is settled, its record and index are gone.
		run_to(1 + WINDOW + 1);
		assert!(CommitIndex::<Test>::get((id, 2u64, hash)).is_none());
	});
}

/// Squatters hold every place a block has for rollups; a victim whose position was fixed by an
/// earlier commit reveals in that block.
#[test]
fn attack_squatters_holding_every_place_cannot_stop_a_reveal() {
	build_and_execute(|| {
		let victim_rollup = register(1, "victim", sealed());
		let squatted: Vec<RollupId> =
			(0..3).map(|i| register(4, &format!("sq{i}"), plain())).collect();
		let (payload, salt) = (b"payload".to_vec(), [7u8; 32]);
		assert_ok!(Inbox::commit(
			signed(2),
			victim_rollup,
			seal(victim_rollup, 2, &payload, &salt)
		));
		next_block();
		for r in squatted {
			assert_ok!(Inbox::submit(signed(4), r, b"x".to_vec()));
		}
		assert_ok!(Inbox::reveal(signed(2), victim_rollup, 0, payload, salt));
	});
}

/// The owner lowers `max_payload_bytes` after others committed, so that their reveals fail and
/// their commits expire.
#[test]
fn attack_lowering_the_payload_limit_cannot_void_pending_commits() {
	build_and_execute(|| {
		let id = register(1, "s", sealed());
		let (payload, salt) = (vec![9u8; 80], [2u8; 32]);
		assert_ok!(Inbox::commit(signed(2), id, seal(id, 2, &payload, &salt)));
		assert_ok!(Inbox::update_config(
			signed(1),
			id,
			RollupConfig { max_payload_bytes: 10, ..sealed() }
		));
		next_block();
		assert_ok!(Inbox::reveal(signed(2), id, 0, payload.clone(), salt));
		// Commits made after the change are held to the new limit.
		let salt = [3u8; 32];
		assert_ok!(Inbox::commit(signed(2), id, seal(id, 2, &payload, &salt)));
		assert_noop!(
			Inbox::reveal(signed(2), id, 1, payload.clone(), salt),
			Error::<Test>::PayloadTooLarge
		);
		// Raising the limit later does not let a commit take more than it was made under.
		assert_ok!(Inbox::update_config(signed(1), id, sealed()));
		assert_noop!(
			Inbox::reveal(signed(2), id, 1, payload, salt),
			Error::<Test>::PayloadTooLarge
		);
	});
}

/// The squatter's way round: take every place a block has for rollups. Applied as block
/// building applies transactions, the squatter's submissions fill the block's weight no later
/// than its places, so a victim is only ever kept out of a full block (which the squatter paid
/// for whole) and never by `TooManyRollupsInBlock`.
#[test]
fn attack_squatters_must_fill_the_block_to_hold_every_place() {
	build_and_execute(|| {
		<Inbox as Hooks<u64>>::integrity_test();
		let squatted: Vec<RollupId> =
			(0..4).map(|i| register(4, &format!("sq{i}"), plain())).collect();
		let victim_rollup = register(1, "victim", plain());
		next_block();
		frame_system::BlockWeight::<Test>::kill();
		let submit = |id| RuntimeCall::Inbox(Call::submit { id, payload: vec![1] });
		let mut held = 0;
		for id in squatted {
			match apply(4, submit(id), 100) {
				Ok(result) => {
					assert_ok!(result);
					held += 1;
				},
				Err(refused) => {
					assert_eq!(
						refused,
						sp_runtime::transaction_validity::InvalidTransaction::ExhaustsResources
							.into()
					);
					break;
				},
			}
		}
		let max_places: u32 = <<Test as Config>::MaxRollupsPerBlock as Get<u32>>::get();
		assert_eq!(held, max_places, "every place is held");
		assert_eq!(Inbox::block_capacity().0, max_places as u64);
		// The victim's submission does not fit the block: it waits for the next one, with no
		// inbox fee taken.
		let before = free(2);
		assert!(apply(2, submit(victim_rollup), 100).is_err(), "the block is full");
		assert_eq!(free(2), before);
		next_block();
		frame_system::BlockWeight::<Test>::kill();
		assert_ok!(apply(2, submit(victim_rollup), 100).expect("room in the next block"));
	});
}
