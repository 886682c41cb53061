use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::testing::UintAuthorityId;

fn sorted(mut v: Vec<AccountId>) -> Vec<AccountId> {
	v.sort();
	v
}

fn stats_of(who: AccountId) -> SlotStats {
	SlotRotation::session_stats(CurrentSession::<Test>::get())
		.into_iter()
		.find(|(w, _)| *w == who)
		.map(|(_, s)| s)
		.expect("in the set")
}

/// Runs blocks at consecutive slots from `from` until the session changes.
fn finish_session(mut slot: u64) -> u64 {
	let session = CurrentSession::<Test>::get();
	while CurrentSession::<Test>::get() == session {
		run_to_slot(slot);
		slot += 1;
	}
	slot
}

#[test]
fn genesis_elects_the_candidates_in_a_shuffled_order() {
	ExtBuilder::default().build_and_execute(|| {
		let set = SlotRotation::current_set();
		assert_eq!(sorted(set.clone()), vec![1, 2, 3, 4]);
		assert_eq!(set, VALIDATORS.with(|v| v.borrow().clone()));
		let mut input = System::parent_hash().encode();
		input.extend(0u32.encode());
		let expected = election::shuffle(vec![4, 3, 2, 1], sp_io::hashing::blake2_256(&input));
		assert_eq!(set, expected);
		assert_eq!(OBSERVED.with(|o| o.borrow().clone()), vec![0]);
		// Session 1 was elected at genesis too, in the same order.
		assert_eq!(SlotRotation::next_set(), set);
	});
}

#[test]
fn the_top_backed_are_elected_with_ties_to_the_lower_id() {
	let candidates = vec![(9, 500), (3, 500), (5, 900), (7, 100), (1, 500), (2, 500), (8, 50)];
	MaxSequencers::set(4);
	ExtBuilder::default().candidates(candidates).build_and_execute(|| {
		// 5 (900), then the 500s by id: 1, 2, 3; 9 loses the tie.
		assert_eq!(sorted(SlotRotation::current_set()), vec![1, 2, 3, 5]);
	});
}

#[test]
fn candidates_without_session_keys_are_not_elected() {
	ExtBuilder::default().build_and_execute(|| {
		NO_KEYS.with(|n| n.borrow_mut().push(4));
		let next = SlotRotation::elect(1).expect("three remain");
		assert_eq!(sorted(next), vec![1, 2, 3]);
	});
}

#[test]
fn too_few_eligible_keeps_the_previous_set() {
	ExtBuilder::default().build_and_execute(|| {
		let before = SlotRotation::current_set();
		CANDIDATES.with(|c| c.borrow_mut().truncate(1));
		let slot = finish_session(1);
		assert!(events().contains(&Event::ElectionKept { session: 2, eligible: 1 }));
		finish_session(slot);
		assert_eq!(sorted(SlotRotation::current_set()), sorted(before));
		assert_eq!(CurrentSession::<Test>::get(), 2);
	});
}

#[test]
fn a_shrinking_candidate_list_shrinks_the_set_down_to_the_minimum() {
	ExtBuilder::default().build_and_execute(|| {
		CANDIDATES.with(|c| c.borrow_mut().retain(|(w, _)| *w != 1));
		let slot = finish_session(1);
		let slot = finish_session(slot);
		assert_eq!(sorted(SlotRotation::current_set()), vec![2, 3, 4]);
		assert_eq!(SlotRotation::next_set().len(), 3);
		let _ = slot;
	});
}

#[test]
fn the_leader_order_is_reshuffled_each_session_and_deterministic() {
	let candidates: Vec<(AccountId, u128)> = (1..=6).map(|i| (i, 1_000)).collect();
	ExtBuilder::default().candidates(candidates).build_and_execute(|| {
		let mut orders = Vec::new();
		let mut slot = 1;
		for _ in 0..4 {
			orders.push(SlotRotation::current_set());
			slot = finish_session(slot);
		}
		assert!(orders.iter().all(|o| sorted(o.clone()) == vec![1, 2, 3, 4, 5, 6]));
		assert!(orders.windows(2).any(|w| w[0] != w[1]), "{orders:?}");
	});
}

#[test]
fn leaders_of_the_current_and_next_session_are_known() {
	ExtBuilder::default().build_and_execute(|| {
		let current = SlotRotation::current_set();
		for slot in 0..8u64 {
			assert_eq!(SlotRotation::slot_leader(slot, false), Some(current[slot as usize % 4]));
		}
		let slot = finish_session(1);
		// In session 1 the next set (session 2's) is a fresh shuffle, already known.
		let next = SlotRotation::next_set();
		assert_eq!(SlotRotation::slot_leader(5, true), Some(next[1]));
		finish_session(slot);
		assert_eq!(SlotRotation::current_set(), next);
	});
}

#[test]
fn skipped_slots_are_charged_to_the_leaders_due() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_slot(100);
		// Slots 101..=105 are skipped: five slots over four leaders.
		run_to_slot(106);
		let mut missed_total = 0;
		for who in SlotRotation::current_set() {
			let expected = (101..=105u64).filter(|s| leader(*s) == who).count() as u32;
			assert_eq!(stats_of(who).missed, expected, "sequencer {who}");
			missed_total += stats_of(who).missed;
		}
		assert_eq!(missed_total, 5);
		assert_eq!(stats_of(leader(100)).authored, 1);
		assert_eq!(stats_of(leader(106)).authored, 1);
		assert_eq!(stats_of(leader(106)).streak, 0);
		let Some(Event::SlotsMissed { missed }) = events().into_iter().next() else {
			panic!("a SlotsMissed event");
		};
		assert_eq!(missed.iter().map(|(_, n)| n).sum::<u32>(), 5);
	});
}

#[test]
fn a_gap_after_a_session_change_is_charged_to_the_new_set() {
	let candidates: Vec<(AccountId, u128)> = (1..=6).map(|i| (i, 1_000 * i as u128)).collect();
	MaxSequencers::set(4);
	ExtBuilder::default().candidates(candidates).build_and_execute(|| {
		// Sessions 0 and 1 are {3, 4, 5, 6}; with 6 gone, session 2 is {2, 3, 4, 5}.
		assert_eq!(sorted(SlotRotation::current_set()), vec![3, 4, 5, 6]);
		CANDIDATES.with(|c| c.borrow_mut().retain(|(w, _)| *w != 6));
		let slot = finish_session(1);
		let slot = finish_session(slot);
		assert_eq!(CurrentSession::<Test>::get(), 2);
		let set = SlotRotation::current_set();
		assert_eq!(sorted(set.clone()), vec![2, 3, 4, 5]);
		// The rotation block was at `slot - 1`; skip four slots into the new session.
		run_to_slot(slot + 4);
		for who in &set {
			let expected = (slot..slot + 4).filter(|s| leader(*s) == *who).count() as u32;
			assert_eq!(stats_of(*who).missed, expected);
		}
		let record = Sessions::<Test>::get(2).expect("recorded");
		assert_eq!(record.first_slot, Some(slot));
	});
}

/// Drives consecutive slots, skipping those led by `absent`, until the session ends.
fn session_without(absent: &[AccountId], mut slot: u64) -> u64 {
	let session = CurrentSession::<Test>::get();
	while CurrentSession::<Test>::get() == session {
		if !absent.contains(&leader(slot)) {
			run_to_slot(slot);
		}
		slot += 1;
	}
	slot
}

#[test]
fn a_sequencer_missing_the_threshold_is_reported_and_left_out() {
	ExtBuilder::default().build_and_execute(|| {
		LivenessThreshold::set(2);
		let absent = SlotRotation::current_set()[0];
		// Ten blocks over about thirteen slots: the absent leader misses three of its own.
		session_without(&[absent], 1);
		assert_eq!(reports(), vec![(absent, FaultKind::LivenessFailure, 0)]);
		assert!(events().contains(&Event::LivenessReported { who: absent, session: 0 }));
		assert_eq!(Excluded::<Test>::get().into_inner(), vec![absent]);
		// The election right after the report (for session 2) leaves it out.
		assert_eq!(SlotRotation::next_set().len(), 3);
		assert!(!SlotRotation::next_set().contains(&absent));
	});
}

#[test]
fn authoring_resets_the_streak_so_scattered_misses_are_not_a_failure() {
	ExtBuilder::default().build_and_execute(|| {
		LivenessThreshold::set(2);
		let who = leader(4);
		// It misses slot 4, authors slot 8, misses slot 12: never two in a row.
		for slot in [1, 2, 3, 5, 6, 7, 8, 13] {
			run_to_slot(slot);
		}
		assert_eq!(CurrentSession::<Test>::get(), 0);
		assert!(Failed::<Test>::get().is_empty());
		assert_eq!(stats_of(who).missed, 2);
		assert_eq!(stats_of(who).streak, 1);
		assert_eq!(stats_of(who).authored, 1);
	});
}

#[test]
fn more_than_a_third_failing_at_once_is_a_systemic_outage() {
	ExtBuilder::default().build_and_execute(|| {
		let set = SlotRotation::current_set();
		// Two of four leaders down: each misses about five of its slots in a row.
		session_without(&[set[0], set[1]], 1);
		assert!(reports().is_empty());
		assert!(Excluded::<Test>::get().is_empty());
		assert!(events().contains(&Event::SystemicOutage { session: 0, failing: 2, set_size: 4 }));
		assert_eq!(SlotRotation::next_set().len(), 4);
	});
}

#[test]
fn a_disabled_leaders_slots_are_not_held_against_it() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_slot(4);
		DISABLED.with(|d| d.borrow_mut().push(1));
		run_to_slot(12);
		let set = SlotRotation::current_set();
		assert_eq!(stats_of(set[1]).missed, 0);
		assert_eq!(stats_of(set[2]).missed, 2);
	});
}

#[test]
fn every_session_start_reaches_staking_and_old_records_are_pruned() {
	ExtBuilder::default().build_and_execute(|| {
		let mut slot = 1;
		for _ in 0..8 {
			slot = finish_session(slot);
		}
		assert_eq!(OBSERVED.with(|o| o.borrow().clone()), (0..=8).collect::<Vec<_>>());
		assert!(Sessions::<Test>::get(3).is_none());
		assert!(Sessions::<Test>::get(4).is_some());
		assert_eq!(Stats::<Test>::iter().count(), 5);
	});
}

/// Issue 22, item 7: the set's size is a governance parameter within bounds.
#[test]
fn governance_sets_the_target_set_size_within_bounds() {
	ExtBuilder::default()
		.candidates((1..=6).map(|i| (i, 1_000 * i as u128)).collect())
		.build_and_execute(|| {
			assert_eq!(TargetSetSize::<Test>::get(), MaxSequencers::get());
			assert_noop!(
				SlotRotation::set_target_set_size(RuntimeOrigin::signed(1), 3),
				sp_runtime::DispatchError::BadOrigin
			);
			assert_noop!(
				SlotRotation::set_target_set_size(RuntimeOrigin::signed(ADMIN), 1),
				Error::<Test>::TargetOutOfBounds
			);
			assert_noop!(
				SlotRotation::set_target_set_size(
					RuntimeOrigin::signed(ADMIN),
					MaxSequencers::get() + 1
				),
				Error::<Test>::TargetOutOfBounds
			);
			run_to_slot(1);
			assert_ok!(SlotRotation::set_target_set_size(RuntimeOrigin::signed(ADMIN), 3));
			assert!(events().contains(&Event::TargetSetSizeSet { size: 3 }));
			// The set of session 2, elected when session 1 starts, has the top three.
			let slot = finish_session(2);
			assert_eq!(sorted(SlotRotation::next_set()), vec![4, 5, 6]);
			finish_session(slot);
			assert_eq!(sorted(SlotRotation::current_set()), vec![4, 5, 6]);
		});
}

/// Issue 22, item 3: a sequencer reported for a heavy fault after the next set was elected
/// still sits in that set; when its session starts it is disabled.
#[test]
fn a_suspended_member_is_disabled_when_its_session_starts() {
	ExtBuilder::default()
		.candidates((1..=7).map(|i| (i, 1_000 * i as u128)).collect())
		.build_and_execute(|| {
			let offender = SlotRotation::next_set()[0];
			SUSPENDED.with(|s| s.borrow_mut().push(offender));
			finish_session(1);
			let set = SlotRotation::current_set();
			let index = set.iter().position(|w| *w == offender).expect("still in the set") as u32;
			assert!(DISABLED.with(|d| d.borrow().contains(&index)));
			assert!(
				events().contains(&Event::SuspendedSequencerDisabled { who: offender, session: 1 })
			);
		});
}

mod double_sign {
	use super::*;

	fn report(
		key: u64,
		first: sp_runtime::generic::Header<u64, sp_runtime::traits::BlakeTwo256>,
		second: sp_runtime::generic::Header<u64, sp_runtime::traits::BlakeTwo256>,
	) -> frame_support::dispatch::DispatchResultWithPostInfo {
		SlotRotation::report_double_sign(
			RuntimeOrigin::signed(99),
			UintAuthorityId(key),
			Box::new(first),
			Box::new(second),
		)
	}

	#[test]
	fn two_seals_for_one_slot_are_reported_for_free() {
		ExtBuilder::default().build_and_execute(|| {
			run_to_slot(8);
			let offender = leader(9);
			let result = report(
				offender,
				sealed_header(9, offender, 1, false),
				sealed_header(9, offender, 2, false),
			);
			assert_eq!(result.map(|i| i.pays_fee), Ok(Pays::No));
			assert_eq!(reports(), vec![(offender, FaultKind::DoubleSigning, 0)]);
			assert!(events().contains(&Event::DoubleSignReported {
				offender,
				slot: 9,
				session: 0
			}));
			assert_noop!(
				report(
					offender,
					sealed_header(9, offender, 1, false),
					sealed_header(9, offender, 3, false)
				),
				Error::<Test>::AlreadyReported
			);
		});
	}

	#[test]
	fn an_offence_in_an_earlier_session_is_reported_with_that_session() {
		ExtBuilder::default().build_and_execute(|| {
			let offender = leader(3);
			let slot = finish_session(1);
			finish_session(slot);
			assert_ok!(report(
				offender,
				sealed_header(3, offender, 1, false),
				sealed_header(3, offender, 2, false)
			));
			assert_eq!(reports(), vec![(offender, FaultKind::DoubleSigning, 0)]);
		});
	}

	/// Issue 22, item 6: the caller controls the headers; a header larger than any this chain
	/// makes is refused before it is hashed or verified.
	#[test]
	fn an_oversized_header_is_refused() {
		ExtBuilder::default().build_and_execute(|| {
			run_to_slot(8);
			let o = leader(9);
			let mut big = sealed_header(9, o, 1, false);
			let seal = big.digest_mut().pop().expect("sealed");
			big.digest_mut().push(DigestItem::Other(vec![0u8; 1 << 20]));
			big.digest_mut().push(seal);
			assert_noop!(
				report(o, big.clone(), sealed_header(9, o, 2, false)),
				Error::<Test>::HeaderTooLarge
			);
			assert_noop!(
				report(o, sealed_header(9, o, 2, false), big),
				Error::<Test>::HeaderTooLarge
			);
			assert!(reports().is_empty());
		});
	}

	/// Reports are forgotten with their session's record: storage does not grow for ever.
	#[test]
	fn reports_are_pruned_with_their_session() {
		ExtBuilder::default().build_and_execute(|| {
			run_to_slot(8);
			let o = leader(9);
			assert_ok!(report(o, sealed_header(9, o, 1, false), sealed_header(9, o, 2, false)));
			assert!(DoubleSignReports::<Test>::contains_key(0, (o, 9)));
			let mut slot = 10;
			for _ in 0..5 {
				slot = finish_session(slot);
			}
			assert!(DoubleSignReports::<Test>::iter().next().is_none());
		});
	}

	#[test]
	fn bad_reports_are_refused_and_change_nothing() {
		ExtBuilder::default().build_and_execute(|| {
			run_to_slot(8);
			let o = leader(9);
			let other = leader(10);
			assert_noop!(
				SlotRotation::report_double_sign(
					RuntimeOrigin::none(),
					UintAuthorityId(o),
					Box::new(sealed_header(9, o, 1, false)),
					Box::new(sealed_header(9, o, 2, false)),
				),
				sp_runtime::DispatchError::BadOrigin
			);
			let same = sealed_header(9, o, 1, false);
			assert_noop!(report(o, same.clone(), same), Error::<Test>::SameHeader);
			assert_noop!(
				report(o, sealed_header(9, o, 1, false), sealed_header(13, o, 2, false)),
				Error::<Test>::DifferentSlots
			);
			assert_noop!(
				report(o, sealed_header(9, o, 1, false), sealed_header(9, o, 2, true)),
				Error::<Test>::InvalidSeal
			);
			// Sealed by another key than the one named.
			assert_noop!(
				report(o, sealed_header(9, other, 1, false), sealed_header(9, other, 2, false)),
				Error::<Test>::InvalidSeal
			);
			// An authority that leads another slot, and a key that is no authority.
			assert_noop!(
				report(other, sealed_header(9, other, 1, false), sealed_header(9, other, 2, false)),
				Error::<Test>::NotSlotLeader
			);
			assert_noop!(
				report(77, sealed_header(9, 77, 1, false), sealed_header(9, 77, 2, false)),
				Error::<Test>::NotAuthority
			);
			let mut unsealed = sealed_header(9, o, 1, false);
			unsealed.digest_mut().pop();
			assert_noop!(report(o, unsealed, sealed_header(9, o, 2, false)), Error::<Test>::NoSeal);
			assert!(reports().is_empty());
		});
	}
}

mod migration {
	use super::*;
	use crate::migrations::{v0, MigrateV0ToV1};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn v0_double_sign_reports_are_keyed_by_session() {
		ExtBuilder::default().build_and_execute(|| {
			let mut slot = 1;
			for _ in 0..6 {
				slot = finish_session(slot);
			}
			// Session 6; sessions 2..=6 are kept.
			v0::DoubleSignReports::<Test>::insert(3, 40, 1);
			v0::DoubleSignReports::<Test>::insert(2, 61, 5);
			StorageVersion::new(0).put::<SlotRotation>();
			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(SlotRotation::on_chain_storage_version(), 1);
			let mut kept: Vec<_> = DoubleSignReports::<Test>::iter_keys().collect();
			kept.sort();
			assert_eq!(kept, vec![(5, (2, 61))]);
		});
	}
}

mod review {
	/// Item 6: the README says `report_double_sign` is weighed at its worst case, every one of
	/// the `HistoryDepth + 1` session records read. The committed weight is still the old
	/// best-case measurement (`Sessions` r:1, 415 bytes measured, 5 reads in all): it does not
	/// even pay the database reads of the runtime's worst case (`HistoryDepth` = 144 sessions).
	#[test]
	fn report_double_sign_is_weighed_at_its_worst_case() {
		use crate::weights::WeightInfo;
		use frame_support::weights::constants::RocksDbWeight;
		let runtime_history_depth = 144u64;
		let charged = <() as WeightInfo>::report_double_sign();
		let session_reads = RocksDbWeight::get().reads(runtime_history_depth + 1);
		assert!(
			charged.ref_time() >= session_reads.ref_time(),
			"charged {charged:?}, the session records' reads alone {session_reads:?}"
		);
	}
}
