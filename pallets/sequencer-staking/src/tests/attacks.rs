//! The attacks and accidents of issue 22 on staking, each written the way the attacker (or the
//! unlucky operator) would run it, asserting what must hold.

use super::*;

fn unbonding_period() -> EraIndex {
	<<Test as Config>::UnbondingPeriod as Get<EraIndex>>::get()
}

fn slash_defer() -> EraIndex {
	<<Test as Config>::SlashDeferDuration as Get<EraIndex>>::get()
}

/// Item 1: the candidate cap must count candidates, not registrations over the chain's life.
/// One actor registers, chills, unbonds and withdraws from `MaxCandidates` accounts; once they
/// have left, a newcomer can still register.
#[test]
fn candidates_that_left_free_their_places() {
	ExtBuilder::build_and_execute(|| {
		for who in 1..=4 {
			register(who, 100);
		}
		assert_noop!(
			Staking::register(RuntimeOrigin::signed(5), 100, Perbill::zero()),
			Error::<Test>::TooManyCandidates
		);
		for who in 1..=4 {
			assert_ok!(Staking::chill(RuntimeOrigin::signed(who)));
			assert_ok!(Staking::unbond(RuntimeOrigin::signed(who), 100));
		}
		run_to_era(unbonding_period());
		for who in 1..=4 {
			assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(who), who));
			assert!(Candidates::<Test>::get(who).is_none(), "{who} left and is removed");
		}
		assert_eq!(Candidates::<Test>::count(), 0);
		register(5, 100);
	});
}

/// Item 2: `pallet-offences` re-reports the earlier offenders of a round when a new one is
/// reported; the re-report lands after the first slash applied. One offence, one slash.
#[test]
fn a_re_reported_offence_is_slashed_once() {
	ExtBuilder::build_and_execute(|| {
		register(1, 1_000);
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::from_percent(50), 0);
		run_to_era(slash_defer());
		assert_eq!(candidate(1).stake, 500);
		// The same offence (same offender, kind and session), reported again in a later era.
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::from_percent(50), 0);
		run_to_era(CurrentEra::<Test>::get() + slash_defer() + 1);
		assert_eq!(candidate(1).stake, 500, "the offence was slashed once");
	});
}

/// Item 2: a slash governance cancelled must not come back through a later report of the
/// same offence.
#[test]
fn a_cancelled_slash_does_not_come_back() {
	ExtBuilder::build_and_execute(|| {
		register(1, 1_000);
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::from_percent(50), 0);
		assert_ok!(Staking::cancel_slash(RuntimeOrigin::root(), 1, FaultKind::DoubleSigning, 0));
		next_era();
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::from_percent(50), 0);
		run_to_era(CurrentEra::<Test>::get() + slash_defer() + 1);
		assert_eq!(candidate(1).stake, 1_000, "the cancelled offence stays cancelled");
	});
}

/// Item 3: a reported equivocator is not elected again while its slash is pending, and new
/// stake, delegated or auto-compounded, does not flow into a pool about to be slashed.
#[test]
fn a_pending_equivocator_is_not_elected_and_takes_no_stake() {
	use seqchain_primitives::economics::StakePools;
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		register(2, 500);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(3), 1, 50));
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::one(), 0);
		let eligible = <Staking as SequencerCandidates<_, _>>::eligible();
		assert_eq!(eligible, vec![(2, 500)], "the offender is not elected");
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(4), 1, 50),
			Error::<Test>::SlashPending
		);
		assert_noop!(
			Staking::delegate_extra(RuntimeOrigin::signed(3), 1, 50),
			Error::<Test>::SlashPending
		);
		assert_noop!(
			Staking::bond_extra(RuntimeOrigin::signed(1), 50),
			Error::<Test>::SlashPending
		);
		// Auto-compounding (fee-distribution's `claim_rewards_for`) bonds through this.
		assert_noop!(<Staking as StakePools<_>>::bond(&1, &3, 50), Error::<Test>::SlashPending);
	});
}

/// Item 4: a report must not be accepted later than the stake it would slash stays held. The
/// offender unbonds everything in the era of its offence and withdraws as soon as it can; a
/// report accepted at any era must still take the stake.
#[test]
fn a_late_report_cannot_let_the_offender_withdraw_first() {
	let unbonding = unbonding_period();
	let defer = slash_defer();
	for report_era in 0..=unbonding + 1 {
		ExtBuilder::build_and_execute(|| {
			register(1, 1_000);
			assert_ok!(Staking::chill(RuntimeOrigin::signed(1)));
			assert_ok!(Staking::unbond(RuntimeOrigin::signed(1), 1_000));
			run_to_era(report_era);
			Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::one(), 0);
			let accepted = staking_events()
				.iter()
				.any(|e| matches!(e, Event::SlashReported { offender: 1, .. }));
			while CurrentEra::<Test>::get() <= unbonding + defer + 1 {
				next_era();
				let _ = Staking::withdraw_unbonded(RuntimeOrigin::signed(1), 1);
			}
			if accepted {
				assert_eq!(slashed_total(), 1_000, "report in era {report_era}: stake escaped");
			} else {
				assert_eq!(slashed_total(), 0);
			}
		});
	}
}

/// Item 5: faults are never dropped, however many are reported for one era: sybil liveness
/// faults cannot crowd out a real equivocation.
#[test]
fn no_fault_is_lost_when_many_are_reported() {
	ExtBuilder::build_and_execute(|| {
		for who in 1..=4 {
			register(who, 1_000);
		}
		// Three cheap liveness faults first, then the equivocation.
		for who in 1..=3 {
			Staking::report_fault(&who, FaultKind::LivenessFailure, Perbill::from_percent(1), 0);
		}
		Staking::report_fault(&4, FaultKind::DoubleSigning, Perbill::one(), 0);
		run_to_era(slash_defer() + 1);
		for who in 1..=3 {
			assert_eq!(candidate(who).stake, 990, "liveness fault of {who} applied");
		}
		assert_eq!(candidate(4).stake, 0, "the equivocation was applied");
	});
}
