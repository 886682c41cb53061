//! The lifecycle on each power's track, thresholds, conviction locks, track changes, the
//! council's powers and limits, and every error.

use crate::{
	conviction::Conviction::{self, Locked1x, Locked2x, Locked3x},
	mock::*,
	*,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{InspectFreeze, InspectHold},
};
use sp_runtime::DispatchError::BadOrigin;

fn submit(who: AccountId, track: TrackId, p: Box<BoundedCallOf<Test>>) -> ReferendumIndex {
	assert_ok!(Referenda::submit(RuntimeOrigin::signed(who), track, p, DispatchTime::After(0)));
	ReferendumCount::<Test>::get() - 1
}

fn vote(who: AccountId, index: ReferendumIndex, aye: bool, balance: Balance, c: Conviction) {
	assert_ok!(Referenda::vote(RuntimeOrigin::signed(who), index, aye, balance, c));
}

fn frozen(who: AccountId) -> Balance {
	Balances::balance_frozen(&FreezeReason::Voting.into(), &who)
}

fn held(who: AccountId, reason: HoldReason) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

/// Submits `call` on `track`, places the decision deposit and votes it through with accounts
/// 1..=6 (two thirds of the issuance, all aye); returns its index.
fn pass(track: TrackId, p: Box<BoundedCallOf<Test>>) -> ReferendumIndex {
	let index = submit(1, track, p);
	assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), index));
	for who in 1..=6 {
		vote(who, index, true, 800, Locked1x);
	}
	index
}

fn status(index: ReferendumIndex) -> ReferendumStatusOf<Test> {
	match ReferendumInfoFor::<Test>::get(index) {
		Some(ReferendumInfo::Ongoing(s)) => s,
		other => panic!("not ongoing: {other:?}"),
	}
}

#[test]
fn a_parameters_referendum_runs_its_whole_lifecycle() {
	build_and_execute(|| {
		let index = submit(1, PARAMETERS, set_value(42));
		assert_eq!(held(1, HoldReason::Submission), 10);
		assert!(status(index).deciding.is_none(), "preparing");
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), index));
		assert_eq!(held(2, HoldReason::Decision), 100);
		assert!(status(index).deciding.is_none(), "still in the prepare period");
		run_to(3);
		assert_eq!(status(index).deciding.map(|d| d.since), Some(3));
		for who in 1..=6 {
			vote(who, index, true, 800, Locked1x);
		}
		// Passing at once (support 4,800 of 9,000 > 50 %): confirming for two blocks.
		assert_eq!(status(index).deciding.and_then(|d| d.confirming), Some(5));
		run_to(5);
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(index),
			Some(ReferendumInfo::Approved(5, ..))
		));
		assert!(events().contains(&Event::Approved { index, enactment: 8 }));
		// Its turnout is kept: 4,800 of the 9,000 issued voted.
		let (ongoing, turnouts) = Referenda::participation();
		assert_eq!(ongoing, 0);
		assert_eq!(turnouts.len(), 1);
		assert!(turnouts[0].approved);
		assert_eq!((turnouts[0].index, turnouts[0].decided), (index, 5));
		assert_eq!((turnouts[0].tally.support, turnouts[0].issuance), (4_800, 9_000));
		assert_eq!(turnouts[0].turnout(), Perbill::from_rational(4_800u32, 9_000u32));
		// The timelock: enacted three blocks later with the parameters origin.
		run_to(7);
		assert_eq!(target::Value::<Test>::get(), 0);
		run_to(8);
		assert_eq!(target::Value::<Test>::get(), 42);
		// Deposits come back.
		assert_ok!(Referenda::refund_submission_deposit(RuntimeOrigin::signed(9), index));
		assert_ok!(Referenda::refund_decision_deposit(RuntimeOrigin::signed(9), index));
		assert_eq!(held(1, HoldReason::Submission), 0);
		assert_eq!(held(2, HoldReason::Decision), 0);
		assert_noop!(
			Referenda::refund_decision_deposit(RuntimeOrigin::signed(9), index),
			Error::<Test>::NoDeposit
		);
	});
}

#[test]
fn each_power_is_dispatched_with_its_own_origin() {
	build_and_execute(|| {
		// A treasury referendum may spend; a parameters referendum may not.
		pass(TREASURY_TRACK, proposal(RuntimeCall::Target(target::Call::spend { value: 7 })));
		run_to(10);
		assert_eq!(target::Value::<Test>::get(), 7);
		pass(PARAMETERS, proposal(RuntimeCall::Target(target::Call::spend { value: 9 })));
		run_to(20);
		assert_eq!(target::Value::<Test>::get(), 7, "the parameters power cannot spend");
		// The emergency power pauses.
		pass(EMERGENCY, proposal(RuntimeCall::Target(target::Call::pause {})));
		run_to(30);
		assert!(target::Paused::<Test>::get());
		// The root power does anything.
		pass(ROOT, set_value(5));
		run_to(40);
		assert_eq!(target::Value::<Test>::get(), 5);
		// A plain signed origin does none of it.
		assert_noop!(Target::set_value(RuntimeOrigin::signed(1), 1), BadOrigin);
		assert_noop!(Target::spend(RuntimeOrigin::signed(1), 1), BadOrigin);
		assert_noop!(Target::pause(RuntimeOrigin::signed(1)), BadOrigin);
	});
}

#[test]
fn a_rollup_impacting_change_waits_the_notice_period() {
	build_and_execute(|| {
		let limit = proposal(RuntimeCall::Target(target::Call::set_limit { value: 3 }));
		let index = pass(ROLLUP, limit);
		run_to(5);
		assert!(events().contains(&Event::Approved { index, enactment: 25 }));
		run_to(24);
		assert_eq!(target::Value::<Test>::get(), 0);
		run_to(25);
		assert_eq!(target::Value::<Test>::get(), 3);
		// The rollup-impacting power changes limits, nothing else.
		pass(ROLLUP, set_value(4));
		run_to(60);
		assert_eq!(target::Value::<Test>::get(), 3);
	});
}

#[test]
fn a_referendum_without_the_votes_is_rejected_at_its_deadline() {
	build_and_execute(|| {
		let index = submit(1, PARAMETERS, set_value(1));
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), index));
		vote(3, index, true, 500, Locked1x);
		vote(4, index, false, 600, Locked1x);
		run_to(22);
		assert!(matches!(ReferendumInfoFor::<Test>::get(index), Some(ReferendumInfo::Ongoing(_))));
		run_to(23);
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(index),
			Some(ReferendumInfo::Rejected(23, ..))
		));
		assert_eq!(target::Value::<Test>::get(), 0);
		// Rejected with 500 aye capital of 9,000 issued.
		let turnout = Referenda::participation().1[0];
		assert!(!turnout.approved);
		assert_eq!((turnout.tally.support, turnout.tally.nays), (500, 600));
		assert_ok!(Referenda::refund_submission_deposit(RuntimeOrigin::signed(1), index));
		assert_ok!(Referenda::refund_decision_deposit(RuntimeOrigin::signed(1), index));
	});
}

#[test]
fn falling_thresholds_pass_a_narrow_referendum_later() {
	build_and_execute(|| {
		let index = submit(1, PARAMETERS, set_value(8));
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), index));
		run_to(3);
		// Support 900 of 9,000 = 10 %: the support curve (50 % → 1 % over 20 blocks) reaches
		// it at 81.6 % of the period, block 3 + 17.
		vote(3, index, true, 900, Locked1x);
		assert!(status(index).deciding.unwrap().confirming.is_none());
		run_to(19);
		assert!(status(index).deciding.unwrap().confirming.is_none());
		run_to(20);
		assert_eq!(status(index).deciding.unwrap().confirming, Some(22));
		run_to(22);
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(index),
			Some(ReferendumInfo::Approved(22, ..))
		));
	});
}

#[test]
fn approval_at_exactly_the_floor_passes_and_a_vote_less_does_not() {
	build_and_execute(|| {
		let index = submit(1, PARAMETERS, set_value(8));
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), index));
		run_to(3);
		// Ayes and nays equal: approval 50 %, the floor reached at the period's end.
		vote(3, index, true, 500, Locked1x);
		vote(4, index, false, 500, Locked1x);
		// One planck more on the nay side and it fails.
		let other = submit(1, PARAMETERS, set_value(9));
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), other));
		run_to(5);
		vote(5, other, true, 500, Locked1x);
		vote(6, other, false, 501, Locked1x);
		run_to(30);
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(index),
			Some(ReferendumInfo::Approved(..))
		));
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(other),
			Some(ReferendumInfo::Rejected(..))
		));
	});
}

#[test]
fn a_referendum_nobody_backs_times_out_and_forfeits_its_deposit() {
	build_and_execute(|| {
		let index = submit(1, PARAMETERS, set_value(1));
		run_to(50);
		assert!(matches!(ReferendumInfoFor::<Test>::get(index), Some(ReferendumInfo::Ongoing(_))));
		run_to(51);
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(index),
			Some(ReferendumInfo::TimedOut(51, None, None))
		));
		assert_eq!(held(1, HoldReason::Submission), 0);
		assert_eq!(Balances::free_balance(TREASURY), 10);
		assert_noop!(
			Referenda::refund_submission_deposit(RuntimeOrigin::signed(1), index),
			Error::<Test>::NoDeposit
		);
	});
}

#[test]
fn a_full_track_queues_and_the_next_decides_when_room_frees() {
	build_and_execute(|| {
		// The root track decides one at a time.
		let first = pass(ROOT, set_value(1));
		let second = submit(3, ROOT, set_value(2));
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(3), second));
		run_to(3);
		assert!(status(second).queued);
		assert_eq!(Queue::<Test>::get(ROOT).into_inner(), vec![second]);
		run_to(5);
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(first),
			Some(ReferendumInfo::Approved(..))
		));
		assert_eq!(status(second).deciding.map(|d| d.since), Some(5));
		assert!(Queue::<Test>::get(ROOT).is_empty());
		assert_eq!(DecidingCount::<Test>::get(ROOT), 1);
	});
}

#[test]
fn conviction_locks_winning_votes_after_the_end() {
	build_and_execute(|| {
		let index = pass(PARAMETERS, set_value(1));
		vote(7, index, true, 300, Locked2x);
		vote(8, index, false, 200, Conviction::None);
		assert_eq!(frozen(7), 300);
		// One nay keeps approval under the 100 % ceiling at the start: confirming from block 4.
		run_to(6);
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(index),
			Some(ReferendumInfo::Approved(6, ..))
		));
		// 7 won with 2× conviction: locked two periods (20 blocks) from the end, to block 26.
		assert_ok!(Referenda::remove_vote(RuntimeOrigin::signed(7), index));
		assert_eq!(Voting::<Test>::get(7).prior, (26, 300));
		assert_noop!(Referenda::unlock(RuntimeOrigin::signed(7), 7), Error::<Test>::LockNotExpired);
		run_to(25);
		assert_noop!(Referenda::unlock(RuntimeOrigin::signed(7), 7), Error::<Test>::LockNotExpired);
		run_to(26);
		assert_ok!(Referenda::unlock(RuntimeOrigin::signed(7), 7));
		assert_eq!(frozen(7), 0);
		// 8 lost, without conviction: free as soon as the vote is removed.
		assert_ok!(Referenda::remove_vote(RuntimeOrigin::signed(8), index));
		assert_ok!(Referenda::unlock(RuntimeOrigin::signed(1), 8));
		assert_eq!(frozen(8), 0);
		assert_noop!(
			Referenda::unlock(RuntimeOrigin::signed(1), 8),
			Error::<Test>::NothingToUnlock
		);
	});
}

#[test]
fn votes_can_change_and_be_withdrawn_while_ongoing() {
	build_and_execute(|| {
		let index = submit(1, PARAMETERS, set_value(1));
		vote(3, index, true, 100, Locked3x);
		assert_eq!(status(index).tally, Tally { ayes: 300, nays: 0, support: 100 });
		vote(3, index, false, 50, Locked1x);
		assert_eq!(status(index).tally, Tally { ayes: 0, nays: 50, support: 0 });
		assert_ok!(Referenda::remove_vote(RuntimeOrigin::signed(3), index));
		assert_eq!(status(index).tally, Tally::default());
		assert_ok!(Referenda::unlock(RuntimeOrigin::signed(3), 3));
		assert_eq!(frozen(3), 0);
		assert_noop!(
			Referenda::remove_vote(RuntimeOrigin::signed(3), index),
			Error::<Test>::NotVoted
		);
	});
}

#[test]
fn held_tokens_vote_too() {
	build_and_execute(|| {
		// 1 holds 10 as a submission deposit: its whole balance, held part included, votes.
		let index = submit(1, PARAMETERS, set_value(1));
		vote(1, index, true, ENDOWMENT, Locked1x);
		assert_eq!(frozen(1), ENDOWMENT);
		assert_noop!(
			Referenda::vote(RuntimeOrigin::signed(2), index, true, ENDOWMENT + 1, Locked1x),
			Error::<Test>::InsufficientFunds
		);
	});
}

#[test]
fn tracks_change_by_root_and_by_referendum() {
	build_and_execute(|| {
		let mut t = test_track(b"small-spender", Power::Treasury, 3);
		assert_noop!(Referenda::set_track(RuntimeOrigin::signed(1), 5, Some(t.clone())), BadOrigin);
		assert_ok!(Referenda::set_track(RuntimeOrigin::root(), 5, Some(t.clone())));
		assert_eq!(Tracks::<Test>::get(5), Some(t.clone()));
		t.name = BoundedVec::truncate_from(b"Bad Name".to_vec());
		assert_noop!(
			Referenda::set_track(RuntimeOrigin::root(), 5, Some(t.clone())),
			Error::<Test>::BadTrackName
		);
		let mut t = test_track(b"x", Power::Parameters, 1);
		t.confirm_period = 100;
		assert_noop!(
			Referenda::set_track(RuntimeOrigin::root(), 6, Some(t)),
			Error::<Test>::BadTrack
		);
		let mut t = test_track(b"fast-rollup", Power::RollupImpacting, 1);
		t.min_enactment_period = 19;
		assert_noop!(
			Referenda::set_track(RuntimeOrigin::root(), 6, Some(t)),
			Error::<Test>::NoticeTooShort
		);
		for id in 6..=7 {
			assert_ok!(Referenda::set_track(
				RuntimeOrigin::root(),
				id,
				Some(test_track(b"extra", Power::Parameters, 1))
			));
		}
		assert_noop!(
			Referenda::set_track(
				RuntimeOrigin::root(),
				8,
				Some(test_track(b"extra", Power::Parameters, 1))
			),
			Error::<Test>::TooManyTracks
		);
		// In use: not removable; unknown: named.
		submit(1, 5, set_value(1));
		assert_noop!(
			Referenda::set_track(RuntimeOrigin::root(), 5, None),
			Error::<Test>::TrackInUse
		);
		assert_noop!(
			Referenda::set_track(RuntimeOrigin::root(), 42, None),
			Error::<Test>::UnknownTrack
		);
		assert_ok!(Referenda::set_track(RuntimeOrigin::root(), 6, None));

		// A referendum on the root track removes track 7.
		let call = RuntimeCall::Referenda(crate::Call::set_track { id: 7, track: None });
		pass(ROOT, proposal(call));
		run_to(10);
		assert!(Tracks::<Test>::get(7).is_none());
	});
}

#[test]
fn the_council_pauses_and_cancels_but_cannot_spend_or_pass() {
	build_and_execute(|| {
		let pause = Box::new(RuntimeCall::Target(target::Call::pause {}));
		assert_noop!(
			Referenda::council_propose(RuntimeOrigin::signed(1), pause.clone()),
			Error::<Test>::NotCouncilMember
		);
		assert_ok!(Referenda::council_propose(RuntimeOrigin::signed(7), pause));
		assert!(!target::Paused::<Test>::get(), "one of three is not enough");
		assert_noop!(
			Referenda::council_approve(RuntimeOrigin::signed(7), 0),
			Error::<Test>::AlreadyApproved
		);
		assert_ok!(Referenda::council_approve(RuntimeOrigin::signed(8), 0));
		assert!(target::Paused::<Test>::get());
		assert!(events().contains(&Event::MotionExecuted { index: 0, result: Ok(()) }));
		assert_noop!(
			Referenda::council_approve(RuntimeOrigin::signed(9), 0),
			Error::<Test>::UnknownMotion
		);

		// It cancels a referendum: deposits refundable.
		let index = submit(1, PARAMETERS, set_value(1));
		let cancel = Box::new(RuntimeCall::Referenda(crate::Call::cancel { index }));
		assert_ok!(Referenda::council_propose(RuntimeOrigin::signed(8), cancel));
		assert_ok!(Referenda::council_approve(RuntimeOrigin::signed(9), 1));
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(index),
			Some(ReferendumInfo::Cancelled(..))
		));
		assert_ok!(Referenda::refund_submission_deposit(RuntimeOrigin::signed(1), index));

		// No spend, no kill, no parameter change, no track change: refused at proposal.
		for call in [
			RuntimeCall::Target(target::Call::spend { value: 1 }),
			RuntimeCall::Target(target::Call::set_value { value: 1 }),
			RuntimeCall::Referenda(crate::Call::kill { index }),
			RuntimeCall::Referenda(crate::Call::set_track { id: 0, track: None }),
			RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
				dest: 7,
				value: 1,
			}),
		] {
			assert_noop!(
				Referenda::council_propose(RuntimeOrigin::signed(7), Box::new(call)),
				Error::<Test>::NotCouncilPower
			);
		}
		// And its origin is refused by everything but its powers.
		assert_noop!(Target::spend(Origin::Council.into(), 1), BadOrigin);
		assert_noop!(Target::set_value(Origin::Council.into(), 1), BadOrigin);
		assert_noop!(Referenda::kill(Origin::Council.into(), index), BadOrigin);
	});
}

#[test]
fn the_council_is_set_by_root_within_bounds() {
	build_and_execute(|| {
		assert_noop!(Referenda::set_council(RuntimeOrigin::signed(7), vec![1], 1), BadOrigin);
		assert_noop!(
			Referenda::set_council(RuntimeOrigin::root(), vec![1, 2], 3),
			Error::<Test>::BadThreshold
		);
		assert_noop!(
			Referenda::set_council(RuntimeOrigin::root(), vec![1, 2], 0),
			Error::<Test>::BadThreshold
		);
		assert_noop!(
			Referenda::set_council(RuntimeOrigin::root(), vec![1, 2, 3, 4, 5, 6], 2),
			Error::<Test>::TooManyMembers
		);
		assert_ok!(Referenda::set_council(RuntimeOrigin::root(), vec![1, 2], 1));
		assert_eq!(Council::<Test>::get().into_inner(), vec![1, 2]);
		// One of one: the proposal executes at once.
		assert_ok!(Referenda::council_propose(
			RuntimeOrigin::signed(1),
			Box::new(RuntimeCall::Target(target::Call::pause {}))
		));
		assert!(target::Paused::<Test>::get());
	});
}

#[test]
fn killing_slashes_both_deposits() {
	build_and_execute(|| {
		let index = submit(1, PARAMETERS, set_value(1));
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), index));
		assert_noop!(Referenda::kill(RuntimeOrigin::signed(1), index), BadOrigin);
		assert_ok!(Referenda::kill(RuntimeOrigin::root(), index));
		assert_eq!(Balances::free_balance(TREASURY), 110);
		assert_eq!(held(1, HoldReason::Submission) + held(2, HoldReason::Decision), 0);
		assert_noop!(
			Referenda::refund_submission_deposit(RuntimeOrigin::signed(1), index),
			Error::<Test>::NoDeposit
		);
	});
}

#[test]
fn bad_input_is_refused_with_a_named_error() {
	build_and_execute(|| {
		assert_noop!(
			Referenda::submit(RuntimeOrigin::signed(1), 42, set_value(1), DispatchTime::After(0)),
			Error::<Test>::UnknownTrack
		);
		assert_noop!(
			Referenda::submit(
				RuntimeOrigin::signed(10),
				PARAMETERS,
				set_value(1),
				DispatchTime::After(0)
			),
			Error::<Test>::InsufficientDeposit
		);
		assert_noop!(
			Referenda::submit(
				RuntimeOrigin::root(),
				PARAMETERS,
				set_value(1),
				DispatchTime::After(0)
			),
			BadOrigin
		);
		let index = submit(1, PARAMETERS, set_value(1));
		assert_noop!(
			Referenda::place_decision_deposit(RuntimeOrigin::signed(10), index),
			Error::<Test>::InsufficientDeposit
		);
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), index));
		assert_noop!(
			Referenda::place_decision_deposit(RuntimeOrigin::signed(3), index),
			Error::<Test>::DecisionDepositPlaced
		);
		assert_noop!(
			Referenda::refund_submission_deposit(RuntimeOrigin::signed(1), index),
			Error::<Test>::StillOngoing
		);
		assert_noop!(
			Referenda::vote(RuntimeOrigin::signed(1), 99, true, 1, Locked1x),
			Error::<Test>::UnknownReferendum
		);
		assert_noop!(Referenda::cancel(RuntimeOrigin::signed(1), index), BadOrigin);
		assert_noop!(Referenda::cancel(RuntimeOrigin::root(), index), BadOrigin);
		// Too many votes at once.
		for _ in 0..3 {
			let i = submit(1, PARAMETERS, set_value(1));
			vote(5, i, true, 1, Locked1x);
		}
		vote(5, index, true, 1, Locked1x);
		let extra = submit(1, PARAMETERS, set_value(1));
		assert_noop!(
			Referenda::vote(RuntimeOrigin::signed(5), extra, true, 1, Locked1x),
			Error::<Test>::MaxVotesReached
		);
		// A closed referendum takes no votes.
		assert_ok!(Referenda::kill(RuntimeOrigin::root(), extra));
		assert_noop!(
			Referenda::vote(RuntimeOrigin::signed(6), extra, true, 1, Locked1x),
			Error::<Test>::NotOngoing
		);
	});
}

#[test]
fn an_enactment_moves_to_the_next_block_when_the_agenda_is_full() {
	build_and_execute(|| {
		// Fill block 30's agenda, then pass a referendum asking for enactment at 30.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		for _ in 0..50 {
			assert_ok!(Scheduler::schedule(
				RuntimeOrigin::root(),
				30,
				None,
				0,
				Box::new(remark.clone())
			));
		}
		assert_ok!(Referenda::submit(
			RuntimeOrigin::signed(1),
			PARAMETERS,
			set_value(7),
			DispatchTime::At(30)
		));
		let index = ReferendumCount::<Test>::get() - 1;
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), index));
		run_to(3);
		for who in 1..=6 {
			vote(who, index, true, 800, Locked1x);
		}
		run_to(5);
		assert!(events().contains(&Event::Approved { index, enactment: 31 }));
		run_to(30);
		assert_eq!(target::Value::<Test>::get(), 0);
		run_to(31);
		assert_eq!(target::Value::<Test>::get(), 7);
	});
}

#[test]
fn council_motions_are_bounded_and_expired_ones_make_room() {
	build_and_execute(|| {
		let cancel = |index| Box::new(RuntimeCall::Referenda(crate::Call::cancel { index }));
		// Five members (MaxCouncil), all needed: motions stay open.
		assert_ok!(Referenda::set_council(RuntimeOrigin::root(), vec![5, 6, 7, 8, 9], 5));
		for (i, member) in (5..=9).enumerate() {
			assert_ok!(Referenda::council_propose(RuntimeOrigin::signed(member), cancel(i as u32)));
		}
		assert_eq!(Motions::<Test>::count(), 5);
		assert_noop!(
			Referenda::council_propose(RuntimeOrigin::signed(5), cancel(9)),
			Error::<Test>::TooManyMotions
		);
		// After MotionDuration (30) they have expired: a new motion prunes them.
		run_to(32);
		assert_noop!(
			Referenda::council_approve(RuntimeOrigin::signed(6), 0),
			Error::<Test>::UnknownMotion
		);
		assert_ok!(Referenda::council_propose(RuntimeOrigin::signed(5), cancel(9)));
		assert_eq!(Motions::<Test>::count(), 1);
		assert!(Motions::<Test>::contains_key(5));
		// Replacing the council drops open motions.
		assert_ok!(Referenda::set_council(RuntimeOrigin::root(), vec![7, 8, 9], 2));
		assert_eq!(Motions::<Test>::count(), 0);
	});
}

#[test]
fn a_council_call_heavier_than_the_bound_is_refused() {
	build_and_execute(|| {
		MaxMotionWeight::set(frame_support::weights::Weight::from_parts(1, 1));
		assert_noop!(
			Referenda::council_propose(
				RuntimeOrigin::signed(7),
				Box::new(RuntimeCall::Referenda(crate::Call::cancel { index: 0 }))
			),
			Error::<Test>::MotionTooHeavy
		);
	});
}

#[test]
fn an_approval_that_dispatches_refunds_what_the_call_did_not_use() {
	build_and_execute(|| {
		let index = submit(1, PARAMETERS, set_value(3));
		assert_ok!(Referenda::council_propose(
			RuntimeOrigin::signed(7),
			Box::new(RuntimeCall::Referenda(crate::Call::cancel { index }))
		));
		let post = Referenda::council_approve(RuntimeOrigin::signed(8), 0).expect("dispatches");
		let cancel = <() as WeightInfo>::cancel();
		assert_eq!(
			post.actual_weight,
			Some(<() as WeightInfo>::council_approve().saturating_add(cancel))
		);
		assert!(post
			.actual_weight
			.unwrap()
			.all_lt(<() as WeightInfo>::council_approve().saturating_add(MaxMotionWeight::get())));
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(index),
			Some(ReferendumInfo::Cancelled(..))
		));
	});
}

// ---- attacks: the rollup notice, the council's reach, the issuance books ----

/// Notes `call`'s encoding followed by `padding` zero bytes as a preimage (what a proposer by
/// hash does) and returns it as a `Lookup` proposal. The scheduler decodes the call from the
/// front of the bytes and ignores the rest.
fn by_hash(call: RuntimeCall, padding: usize) -> Box<BoundedCallOf<Test>> {
	use codec::Encode;
	let mut bytes = call.encode();
	bytes.extend(core::iter::repeat_n(0u8, padding));
	let len = bytes.len() as u32;
	let hash = <Test as frame_system::Config>::Hashing::hash(&bytes);
	assert_ok!(Preimage::note_preimage(RuntimeOrigin::signed(1), bytes));
	Box::new(Bounded::Lookup { hash, len })
}

fn set_limit(value: u32) -> RuntimeCall {
	RuntimeCall::Target(target::Call::set_limit { value })
}

/// The enactment block of referendum `index`, from its `Approved` event.
fn enactment_of(index: ReferendumIndex) -> u64 {
	events()
		.into_iter()
		.find_map(|e| match e {
			Event::Approved { index: i, enactment } if i == index => Some(enactment),
			_ => None,
		})
		.expect("approved")
}

/// An attacker with root-track votes changes a rollup limit (and would the runtime code) with
/// the root track's 3-block timelock instead of the 20-block rollup notice: inline, by
/// preimage hash, and by a hash whose preimage hides the call behind padding.
#[test]
fn a_root_referendum_cannot_change_rollup_limits_before_the_notice() {
	build_and_execute(|| {
		for (round, p) in
			[proposal(set_limit(3)), by_hash(set_limit(4), 0), by_hash(set_limit(5), 2_000)]
				.into_iter()
				.enumerate()
		{
			let index = pass(ROOT, p);
			run_to(System::block_number() + 5);
			let approved = match ReferendumInfoFor::<Test>::get(index) {
				Some(ReferendumInfo::Approved(at, ..)) => at,
				other => panic!("round {round}: {other:?}"),
			};
			assert!(
				enactment_of(index) >= approved + 20,
				"round {round}: enacted at {} after approval at {approved}",
				enactment_of(index)
			);
			run_to(approved + 19);
			assert_ne!(target::Value::<Test>::get(), 3 + round as u32, "round {round}: too soon");
			run_to(approved + 20);
			assert_eq!(target::Value::<Test>::get(), 3 + round as u32);
		}
	});
}

/// A captured council (7 and 8 of 7, 8, 9) tries to cancel the root referendum that replaces
/// it and the emergency referendum that would undo its pause.
#[test]
fn a_captured_council_cannot_cancel_the_referenda_that_govern_it() {
	build_and_execute(|| {
		let replace = RuntimeCall::Referenda(crate::Call::set_council {
			members: vec![1, 2, 3],
			threshold: 2,
		});
		let root = submit(1, ROOT, proposal(replace));
		let emergency = submit(1, EMERGENCY, proposal(RuntimeCall::Target(target::Call::pause {})));
		for (motion, index) in [(0, root), (1, emergency)] {
			let cancel = Box::new(RuntimeCall::Referenda(crate::Call::cancel { index }));
			assert_ok!(Referenda::council_propose(RuntimeOrigin::signed(7), cancel));
			assert_ok!(Referenda::council_approve(RuntimeOrigin::signed(8), motion));
			assert!(
				matches!(ReferendumInfoFor::<Test>::get(index), Some(ReferendumInfo::Ongoing(_))),
				"referendum {index} survives the council"
			);
			assert!(events().contains(&Event::MotionExecuted {
				index: motion,
				result: Err(Error::<Test>::CouncilCannotCancel.into())
			}));
		}
		// Its origin is refused directly too, with nothing changed.
		assert_noop!(
			Referenda::cancel(Origin::Council.into(), root),
			Error::<Test>::CouncilCannotCancel
		);
		// It still cancels what does not govern it: a treasury or rollup-impacting referendum.
		for track in [TREASURY_TRACK, ROLLUP] {
			let index = submit(1, track, set_value(1));
			assert_ok!(Referenda::cancel(Origin::Council.into(), index));
		}
		// Token holders cancel anything, by an emergency referendum.
		assert_ok!(Referenda::cancel(Origin::Emergency.into(), root));
		assert!(matches!(
			ReferendumInfoFor::<Test>::get(root),
			Some(ReferendumInfo::Cancelled(..))
		));
		assert_noop!(Referenda::cancel(RuntimeOrigin::signed(7), emergency), BadOrigin);
	});
}

/// A root referendum mints a fortune with `Balances::force_set_balance` (or shrinks the
/// issuance with `force_adjust_total_issuance`), inline or by preimage hash: the economy's
/// books (issuance = genesis + minted - burned) would no longer balance.
#[test]
fn no_referendum_may_propose_to_mint_or_burn_outside_the_economy() {
	build_and_execute(|| {
		let mint = RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: 1,
			new_free: 1_000_000,
		});
		let adjust = RuntimeCall::Balances(pallet_balances::Call::force_adjust_total_issuance {
			direction: pallet_balances::AdjustmentDirection::Decrease,
			delta: 1,
		});
		let nested = RuntimeCall::Scheduler(pallet_scheduler::Call::schedule_after {
			after: 1,
			maybe_periodic: None,
			priority: 0,
			call: Box::new(set_limit(1)),
		});
		for p in [
			proposal(mint.clone()),
			by_hash(mint.clone(), 0),
			by_hash(mint, 300),
			proposal(adjust),
			by_hash(nested, 0),
		] {
			for track in [ROOT, PARAMETERS] {
				assert_noop!(
					Referenda::submit(
						RuntimeOrigin::signed(2),
						track,
						p.clone(),
						DispatchTime::After(0)
					),
					Error::<Test>::NotProposable
				);
			}
		}
	});
}

/// A root proposal that cannot affect rollups keeps the root track's timelock; the same call
/// padded past `MAX_EXEMPT_PROPOSAL_LEN`, or a call the runtime does not exempt, waits the
/// notice.
#[test]
fn only_exempt_root_proposals_skip_the_notice() {
	build_and_execute(|| {
		for (p, timelock) in [
			(set_value(5), 3),
			(by_hash(RuntimeCall::Target(target::Call::set_value { value: 6 }), 0), 3),
			(
				by_hash(
					RuntimeCall::Target(target::Call::set_value { value: 7 }),
					MAX_EXEMPT_PROPOSAL_LEN as usize,
				),
				20,
			),
			(proposal(RuntimeCall::System(frame_system::Call::remark { remark: vec![] })), 20),
		] {
			let index = pass(ROOT, p);
			run_to(System::block_number() + 5);
			let approved = match ReferendumInfoFor::<Test>::get(index) {
				Some(ReferendumInfo::Approved(at, ..)) => at,
				other => panic!("{other:?}"),
			};
			assert_eq!(enactment_of(index), approved + timelock, "referendum {index}");
			run_to(approved + timelock);
		}
		assert_eq!(target::Value::<Test>::get(), 7);
		// The other powers keep their timelock: they cannot reach rollup calls.
		assert_eq!(
			Referenda::timelock(&Tracks::<Test>::get(PARAMETERS).unwrap(), &proposal(set_limit(1))),
			3
		);
	});
}

#[test]
fn a_proposal_that_is_no_call_or_has_no_preimage_is_refused() {
	build_and_execute(|| {
		let junk = vec![0xff_u8; 40];
		let hash = <Test as frame_system::Config>::Hashing::hash(&junk);
		assert_ok!(Preimage::note_preimage(RuntimeOrigin::signed(1), junk));
		let submit = |p: Bounded<RuntimeCall, _>| {
			Referenda::submit(RuntimeOrigin::signed(2), ROOT, Box::new(p), DispatchTime::After(0))
		};
		assert_noop!(submit(Bounded::Lookup { hash, len: 40 }), Error::<Test>::BadProposal);
		// Noted, but not with this length.
		assert_noop!(submit(Bounded::Lookup { hash, len: 39 }), Error::<Test>::PreimageMissing);
		let inline = frame_support::traits::BoundedInline::truncate_from(vec![0xff]);
		assert_noop!(submit(Bounded::Inline(inline)), Error::<Test>::BadProposal);
	});
}

#[test]
fn the_rollup_notice_is_set_by_root_within_bounds() {
	build_and_execute(|| {
		assert_eq!(RollupNotice::<Test>::get(), 20);
		assert_noop!(Referenda::set_rollup_notice(RuntimeOrigin::signed(1), 30), BadOrigin);
		assert_noop!(Referenda::set_rollup_notice(Origin::Council.into(), 30), BadOrigin);
		assert_noop!(
			Referenda::set_rollup_notice(RuntimeOrigin::root(), 19),
			Error::<Test>::NoticeTooShort
		);
		// The rollup-impacting track's 20-block timelock: raise it first.
		assert_noop!(
			Referenda::set_rollup_notice(RuntimeOrigin::root(), 30),
			Error::<Test>::TrackBelowNotice
		);
		let mut track = Tracks::<Test>::get(ROLLUP).unwrap();
		track.min_enactment_period = 30;
		assert_ok!(Referenda::set_track(RuntimeOrigin::root(), ROLLUP, Some(track.clone())));
		assert_ok!(Referenda::set_rollup_notice(RuntimeOrigin::root(), 30));
		assert!(events().contains(&Event::RollupNoticeSet { blocks: 30 }));
		assert_eq!(RollupNotice::<Test>::get(), 30);
		// Now no rollup-impacting track may be shorter, and a root change of a limit waits 30.
		track.min_enactment_period = 29;
		assert_noop!(
			Referenda::set_track(RuntimeOrigin::root(), ROLLUP, Some(track)),
			Error::<Test>::NoticeTooShort
		);
		let index = pass(ROOT, proposal(set_limit(9)));
		run_to(5);
		assert!(events().contains(&Event::Approved { index, enactment: 35 }));
		// Changing the notice is itself a change rollups get notice of.
		let set = RuntimeCall::Referenda(crate::Call::set_rollup_notice { blocks: 30 });
		let index = pass(ROOT, proposal(set));
		run_to(40);
		let approved = match ReferendumInfoFor::<Test>::get(index) {
			Some(ReferendumInfo::Approved(at, ..)) => at,
			other => panic!("{other:?}"),
		};
		assert_eq!(enactment_of(index), approved + 30);
	});
}

#[test]
fn a_development_genesis_may_set_a_shorter_notice() {
	use sp_runtime::BuildStorage;
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> {
		tracks: vec![(ROOT, test_track(b"root", Power::Root, 1))],
		council: vec![],
		council_threshold: 0,
		rollup_notice: Some(5),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(RollupNotice::<Test>::get(), 5);
		Referenda::do_try_state().expect("invariants hold");
		// Governance cannot go below `RollupNoticePeriod`, even here.
		assert_noop!(
			Referenda::set_rollup_notice(RuntimeOrigin::root(), 10),
			Error::<Test>::NoticeTooShort
		);
	});
}

#[test]
#[should_panic(expected = "NoticeTooShort")]
fn a_genesis_rollup_track_shorter_than_the_notice_fails_loudly() {
	use sp_runtime::BuildStorage;
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut track = test_track(b"rollup", Power::RollupImpacting, 1);
	track.min_enactment_period = 10;
	crate::GenesisConfig::<Test> {
		tracks: vec![(ROLLUP, track)],
		council: vec![],
		council_threshold: 0,
		rollup_notice: Some(11),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
}
