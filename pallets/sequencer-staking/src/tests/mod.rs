//! Unit tests: each call's success, errors and origin checks; slashing; invariants after every
//! test (`ExtBuilder::build_and_execute`).

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use seqchain_primitives::{FaultKind, FaultReporter, SequencerCandidates, SessionObserver};
use sp_runtime::DispatchError;
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

fn register(who: AccountId, bond: Balance) {
	assert_ok!(Staking::register(RuntimeOrigin::signed(who), bond, Perbill::from_percent(10)));
}

fn candidate(who: AccountId) -> Candidate<AccountId, Balance> {
	Candidates::<Test>::get(who).expect("candidate exists")
}

/// Starts the next era and runs the block hooks of a new block, which apply due slashes.
fn next_era() {
	// As the session pallet would: the session that starts the next era begins.
	let per_era = <<Test as Config>::SessionsPerEra as Get<SessionIndex>>::get();
	let session = CurrentEraStartSession::<Test>::get() + per_era;
	<Staking as SessionObserver>::on_session_start(session);
	next_block();
}

/// Runs the pallet's hooks for a new block.
fn next_block() {
	use frame_support::traits::Hooks;
	let n = System::block_number() + 1;
	System::set_block_number(n);
	<Staking as Hooks<u64>>::on_initialize(n);
}

/// Starts `era` directly (no session change) and runs a block's hooks.
fn to_era(era: EraIndex) {
	Staking::start_era(era);
	next_block();
}

fn run_to_era(era: EraIndex) {
	while CurrentEra::<Test>::get() < era {
		next_era();
	}
}

/// The record of `offender`'s offence of `kind` in `offence_era`.
fn slash_record(offender: AccountId, kind: FaultKind, offence_era: EraIndex) -> SlashRecord {
	SlashRecords::<Test>::get(offence_era, (offender, kind)).expect("offence recorded")
}

#[test]
fn register_holds_the_bond_and_mints_shares() {
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		let c = candidate(1);
		assert_eq!((c.stake, c.shares, c.status), (500, 500, CandidateStatus::Active));
		assert_eq!(held(1), (500, 0));
		assert_eq!(Balances::free_balance(1), ENDOWMENT - 500);
		assert_eq!(TotalStaked::<Test>::get(), 500);
		assert!(staking_events().contains(&Event::CandidateRegistered {
			who: 1,
			bond: 500,
			commission: Perbill::from_percent(10)
		}));
	});
}

#[test]
fn register_errors() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			Staking::register(RuntimeOrigin::signed(1), 99, Perbill::zero()),
			Error::<Test>::BelowMinSequencerStake
		);
		assert_noop!(
			Staking::register(RuntimeOrigin::signed(1), 100, Perbill::from_percent(51)),
			Error::<Test>::CommissionTooHigh
		);
		assert_noop!(
			Staking::register(RuntimeOrigin::signed(1), ENDOWMENT, Perbill::zero()),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Staking::register(RuntimeOrigin::none(), 100, Perbill::zero()),
			DispatchError::BadOrigin
		);
		register(1, 100);
		assert_noop!(
			Staking::register(RuntimeOrigin::signed(1), 100, Perbill::zero()),
			Error::<Test>::AlreadyCandidate
		);
		for who in 2..=4 {
			register(who, 100);
		}
		assert_noop!(
			Staking::register(RuntimeOrigin::signed(5), 100, Perbill::zero()),
			Error::<Test>::TooManyCandidates
		);
	});
}

#[test]
fn bond_extra_adds_to_the_self_bond() {
	ExtBuilder::build_and_execute(|| {
		register(1, 100);
		assert_ok!(Staking::bond_extra(RuntimeOrigin::signed(1), 50));
		assert_eq!(Staking::bonded_value(&1, &1), 150);
		assert_eq!(held(1), (150, 0));
		assert_noop!(
			Staking::bond_extra(RuntimeOrigin::signed(2), 50),
			Error::<Test>::NotCandidate
		);
		assert_noop!(Staking::bond_extra(RuntimeOrigin::none(), 50), DispatchError::BadOrigin);
	});
}

#[test]
fn delegate_and_delegate_extra() {
	ExtBuilder::build_and_execute(|| {
		register(1, 100);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(2), 1, 40));
		assert_ok!(Staking::delegate_extra(RuntimeOrigin::signed(2), 1, 10));
		assert_eq!(Staking::bonded_value(&1, &2), 50);
		assert_eq!(candidate(1).stake, 150);
		assert_eq!(held(2), (50, 0));
	});
}

#[test]
fn delegate_errors() {
	ExtBuilder::build_and_execute(|| {
		register(1, 100);
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(2), 3, 40),
			Error::<Test>::NotCandidate
		);
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(2), 1, 9),
			Error::<Test>::BelowMinDelegation
		);
		assert_noop!(Staking::delegate(RuntimeOrigin::signed(1), 1, 40), Error::<Test>::OwnPool);
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(2), 1, ENDOWMENT),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(Staking::delegate(RuntimeOrigin::none(), 1, 40), DispatchError::BadOrigin);
		assert_noop!(
			Staking::delegate_extra(RuntimeOrigin::signed(2), 1, 40),
			Error::<Test>::NoDelegation
		);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(2), 1, 40));
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(2), 1, 40),
			Error::<Test>::AlreadyDelegated
		);
		assert_ok!(Staking::chill(RuntimeOrigin::signed(1)));
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(3), 1, 40),
			Error::<Test>::CandidateChilled
		);
		assert_noop!(
			Staking::delegate_extra(RuntimeOrigin::signed(2), 1, 40),
			Error::<Test>::CandidateChilled
		);
	});
}

#[test]
fn undelegate_then_withdraw_after_the_cooldown() {
	ExtBuilder::build_and_execute(|| {
		register(1, 100);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(2), 1, 50));
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(2), 1, 20));
		assert_eq!(held(2), (30, 20));
		assert_eq!(candidate(1).stake, 130);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(2), 1),
			Error::<Test>::UnbondingNotDue
		);
		to_era(3);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(2), 1),
			Error::<Test>::UnbondingNotDue
		);
		to_era(4);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(2), 1));
		assert_eq!(held(2), (30, 0));
		assert_eq!(Balances::free_balance(2), ENDOWMENT - 30);
		assert!(Unbonding::<Test>::get(1, 2).is_empty());
	});
}

#[test]
fn undelegate_errors() {
	ExtBuilder::build_and_execute(|| {
		register(1, 100);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(2), 1, 50));
		assert_noop!(
			Staking::undelegate(RuntimeOrigin::signed(2), 1, 51),
			Error::<Test>::NotEnoughBonded
		);
		assert_noop!(
			Staking::undelegate(RuntimeOrigin::signed(2), 1, 45),
			Error::<Test>::BelowMinDelegation
		);
		assert_noop!(
			Staking::undelegate(RuntimeOrigin::signed(3), 1, 5),
			Error::<Test>::NoDelegation
		);
		assert_noop!(
			Staking::undelegate(RuntimeOrigin::signed(2), 4, 5),
			Error::<Test>::NotCandidate
		);
		assert_noop!(Staking::undelegate(RuntimeOrigin::signed(1), 1, 5), Error::<Test>::OwnPool);
		assert_noop!(Staking::undelegate(RuntimeOrigin::none(), 1, 5), DispatchError::BadOrigin);
		// A chunk per era, at most three.
		for era in 0..3 {
			to_era(era);
			assert_ok!(Staking::undelegate(RuntimeOrigin::signed(2), 1, 1));
		}
		// A fourth era would need a fourth chunk.
		to_era(3);
		assert_noop!(
			Staking::undelegate(RuntimeOrigin::signed(2), 1, 1),
			Error::<Test>::TooManyUnbondingChunks
		);
	});
}

#[test]
fn operator_unbond_respects_the_minimum_until_chilled() {
	ExtBuilder::build_and_execute(|| {
		register(1, 150);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(1), 50));
		assert_noop!(
			Staking::unbond(RuntimeOrigin::signed(1), 1),
			Error::<Test>::BelowMinSequencerStake
		);
		assert_noop!(Staking::unbond(RuntimeOrigin::signed(1), 100), Error::<Test>::NotChilled);
		assert_noop!(
			Staking::unbond(RuntimeOrigin::signed(1), 101),
			Error::<Test>::NotEnoughBonded
		);
		assert_noop!(Staking::unbond(RuntimeOrigin::signed(2), 1), Error::<Test>::NotCandidate);
		assert_noop!(Staking::unbond(RuntimeOrigin::none(), 1), DispatchError::BadOrigin);
		assert_ok!(Staking::chill(RuntimeOrigin::signed(1)));
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(1), 100));
		assert_eq!(held(1), (0, 150));
		assert_noop!(
			Staking::rejoin(RuntimeOrigin::signed(1)),
			Error::<Test>::BelowMinSequencerStake
		);
	});
}

#[test]
fn chill_and_rejoin() {
	ExtBuilder::build_and_execute(|| {
		register(1, 100);
		assert_noop!(Staking::rejoin(RuntimeOrigin::signed(1)), Error::<Test>::NotChilled);
		assert_ok!(Staking::chill(RuntimeOrigin::signed(1)));
		assert_eq!(candidate(1).status, CandidateStatus::Chilled);
		assert_noop!(Staking::chill(RuntimeOrigin::signed(1)), Error::<Test>::CandidateChilled);
		assert_ok!(Staking::rejoin(RuntimeOrigin::signed(1)));
		assert_eq!(candidate(1).status, CandidateStatus::Active);
		assert_noop!(Staking::chill(RuntimeOrigin::signed(2)), Error::<Test>::NotCandidate);
		assert_noop!(Staking::rejoin(RuntimeOrigin::signed(2)), Error::<Test>::NotCandidate);
		assert_noop!(Staking::chill(RuntimeOrigin::none()), DispatchError::BadOrigin);
		assert_noop!(Staking::rejoin(RuntimeOrigin::none()), DispatchError::BadOrigin);
	});
}

#[test]
fn commission_decreases_at_once_and_increases_after_the_delay() {
	ExtBuilder::build_and_execute(|| {
		register(1, 100);
		assert_ok!(Staking::set_commission(RuntimeOrigin::signed(1), Perbill::from_percent(5)));
		assert_eq!(candidate(1).commission, Perbill::from_percent(5));
		assert_noop!(
			Staking::set_commission(RuntimeOrigin::signed(1), Perbill::from_percent(11)),
			Error::<Test>::CommissionIncreaseTooLarge
		);
		assert_ok!(Staking::set_commission(RuntimeOrigin::signed(1), Perbill::from_percent(10)));
		assert_eq!(candidate(1).commission, Perbill::from_percent(5));
		assert_eq!(candidate(1).pending_commission, Some((Perbill::from_percent(10), 2)));
		to_era(1);
		assert_eq!(candidate(1).commission, Perbill::from_percent(5));
		to_era(2);
		assert_eq!(candidate(1).commission, Perbill::from_percent(10));
		assert_eq!(candidate(1).pending_commission, None);
		assert_noop!(
			Staking::set_commission(RuntimeOrigin::signed(1), Perbill::from_percent(51)),
			Error::<Test>::CommissionTooHigh
		);
		assert_noop!(
			Staking::set_commission(RuntimeOrigin::signed(2), Perbill::zero()),
			Error::<Test>::NotCandidate
		);
		assert_noop!(
			Staking::set_commission(RuntimeOrigin::none(), Perbill::zero()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn slash_reaches_every_staker_pro_rata_and_lazily() {
	ExtBuilder::build_and_execute(|| {
		register(1, 300);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(2), 1, 100));
		let slashed = Staking::slash_pool(&1, Perbill::from_percent(10), 0);
		assert_eq!(slashed, 40);
		assert_eq!(candidate(1).stake, 360);
		assert_eq!(Staking::bonded_value(&1, &1), 270);
		assert_eq!(Staking::bonded_value(&1, &2), 90);
		// Holds are untouched until applied.
		assert_eq!(held(2), (100, 0));
		assert_ok!(Staking::apply_slash(RuntimeOrigin::signed(9), 1, 2));
		assert_eq!(held(2), (90, 0));
		assert_eq!(slashed_total(), 10);
		// The operator's share is applied when they next act.
		assert_ok!(Staking::bond_extra(RuntimeOrigin::signed(1), 30));
		assert_eq!(held(1), (300, 0));
		assert_eq!(slashed_total(), 40);
		assert_noop!(
			Staking::apply_slash(RuntimeOrigin::signed(9), 1, 3),
			Error::<Test>::NoDelegation
		);
		assert_noop!(Staking::apply_slash(RuntimeOrigin::none(), 1, 2), DispatchError::BadOrigin);
	});
}

#[test]
fn slash_reaches_unbonding_stake_of_the_offence_era() {
	ExtBuilder::build_and_execute(|| {
		register(1, 300);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(2), 1, 100));
		to_era(1);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(2), 1, 100));
		// An offence of era 1 also reaches the stake that left in era 1.
		Staking::slash_pool(&1, Perbill::from_percent(50), 1);
		to_era(5);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(2), 1));
		assert_eq!(held(2), (0, 0));
		assert_eq!(Balances::free_balance(2), ENDOWMENT - 50);
	});
}

#[test]
fn depleted_pool_takes_no_stake() {
	ExtBuilder::build_and_execute(|| {
		register(1, 100);
		Staking::slash_pool(&1, Perbill::one(), 0);
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(2), 1, 50),
			Error::<Test>::PoolDepleted
		);
	});
}

#[test]
fn set_parameter_within_bounds_by_admin_only() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Staking::set_parameter(
			RuntimeOrigin::root(),
			StakingParameter::MinSequencerStake(500)
		));
		assert_eq!(MinSequencerStake::<Test>::get(), 500);
		assert_noop!(
			Staking::set_parameter(
				RuntimeOrigin::root(),
				StakingParameter::MinSequencerStake(1_001)
			),
			Error::<Test>::OutOfBounds
		);
		assert_ok!(Staking::set_parameter(
			RuntimeOrigin::root(),
			StakingParameter::MinDelegation(20)
		));
		assert_eq!(MinDelegation::<Test>::get(), 20);
		assert_noop!(
			Staking::set_parameter(RuntimeOrigin::root(), StakingParameter::MinDelegation(0)),
			Error::<Test>::OutOfBounds
		);
		assert_ok!(Staking::set_parameter(
			RuntimeOrigin::root(),
			StakingParameter::MaxCommission(Perbill::from_percent(20))
		));
		assert_noop!(
			Staking::set_parameter(
				RuntimeOrigin::root(),
				StakingParameter::MaxCommission(Perbill::from_percent(60))
			),
			Error::<Test>::OutOfBounds
		);
		assert_noop!(
			Staking::set_parameter(RuntimeOrigin::signed(1), StakingParameter::MinDelegation(20)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn integrity_test_passes() {
	ExtBuilder::build_and_execute(|| {
		use frame_support::traits::Hooks;
		<Staking as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn reported_fault_is_deferred_then_applied() {
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		<Staking as FaultReporter<_>>::report(&1, FaultKind::LivenessFailure, 0);
		assert_eq!(Disabled::get(), vec![1]);
		let record = slash_record(1, FaultKind::LivenessFailure, 0);
		assert_eq!((record.fraction, record.apply_era), (Perbill::from_percent(1), 1));
		assert_eq!(record.state, SlashState::Pending);
		assert!(SlashQueue::<Test>::contains_key(1, (1, FaultKind::LivenessFailure, 0)));
		assert_eq!((candidate(1).pending_slashes, candidate(1).pending_heavy), (1, 0));
		assert_eq!(candidate(1).stake, 500);
		next_era();
		assert_eq!(candidate(1).stake, 495);
		assert_eq!(slash_record(1, FaultKind::LivenessFailure, 0).state, SlashState::Applied);
		assert!(SlashQueue::<Test>::iter().next().is_none());
		assert_eq!(candidate(1).pending_slashes, 0);
		assert!(staking_events().contains(&Event::SlashReported {
			offender: 1,
			kind: FaultKind::LivenessFailure,
			fraction: Perbill::from_percent(1),
			offence_era: 0,
			apply_era: 1,
		}));
	});
}

#[test]
fn a_repeated_report_keeps_the_larger_fraction() {
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::from_percent(20), 0);
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::from_percent(50), 0);
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::from_percent(30), 0);
		let record = slash_record(1, FaultKind::DoubleSigning, 0);
		assert_eq!(record.fraction, Perbill::from_percent(50));
		assert_eq!(SlashQueue::<Test>::iter().count(), 1);
		assert_eq!(candidate(1).pending_slashes, 1);
		assert!(staking_events().contains(&Event::ReportIgnored {
			offender: 1,
			kind: FaultKind::DoubleSigning,
			offence_era: 0,
			reason: ReportIgnored::Duplicate,
		}));
	});
}

#[test]
fn unknown_offenders_are_ignored() {
	ExtBuilder::build_and_execute(|| {
		Staking::report_fault(&7, FaultKind::DoubleSigning, Perbill::one(), 0);
		assert!(SlashQueue::<Test>::iter().next().is_none());
		assert!(SlashRecords::<Test>::iter().next().is_none());
		assert!(Disabled::get().is_empty());
	});
}

#[test]
fn governance_cancels_a_pending_slash() {
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		let ds = FaultKind::DoubleSigning;
		Staking::report_fault(&1, ds, Perbill::one(), 0);
		assert_noop!(
			Staking::cancel_slash(RuntimeOrigin::signed(1), 1, ds, 0),
			DispatchError::BadOrigin
		);
		// The council postpones; it cannot cancel.
		assert_noop!(
			Staking::cancel_slash(RuntimeOrigin::signed(COUNCIL), 1, ds, 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Staking::cancel_slash(RuntimeOrigin::root(), 1, ds, 1),
			Error::<Test>::NoPendingSlash
		);
		assert_noop!(
			Staking::cancel_slash(RuntimeOrigin::root(), 1, FaultKind::LivenessFailure, 0),
			Error::<Test>::NoPendingSlash
		);
		assert_noop!(
			Staking::cancel_slash(RuntimeOrigin::root(), 2, ds, 0),
			Error::<Test>::NoPendingSlash
		);
		assert_ok!(Staking::cancel_slash(RuntimeOrigin::root(), 1, ds, 0));
		assert_eq!(slash_record(1, ds, 0).state, SlashState::Cancelled);
		assert_eq!((candidate(1).pending_slashes, candidate(1).pending_heavy), (0, 0));
		assert_noop!(
			Staking::cancel_slash(RuntimeOrigin::root(), 1, ds, 0),
			Error::<Test>::NoPendingSlash
		);
		next_era();
		assert_eq!(candidate(1).stake, 500);
		assert!(staking_events().contains(&Event::SlashCancelled {
			offender: 1,
			kind: ds,
			offence_era: 0
		}));
	});
}

#[test]
fn the_council_postpones_a_pending_slash_once() {
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		let ds = FaultKind::DoubleSigning;
		Staking::report_fault(&1, ds, Perbill::one(), 0);
		assert_noop!(
			Staking::postpone_slash(RuntimeOrigin::signed(1), 1, ds, 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Staking::postpone_slash(RuntimeOrigin::signed(COUNCIL), 1, ds, 1),
			Error::<Test>::NoPendingSlash
		);
		assert_ok!(Staking::postpone_slash(RuntimeOrigin::signed(COUNCIL), 1, ds, 0));
		// Due at era 1, postponed by one era: era 2, within the unbonding period.
		assert_eq!(slash_record(1, ds, 0).apply_era, 2);
		assert!(SlashQueue::<Test>::contains_key(2, (1, ds, 0)));
		assert!(staking_events().contains(&Event::SlashPostponed {
			offender: 1,
			kind: ds,
			offence_era: 0,
			apply_era: 2
		}));
		assert_noop!(
			Staking::postpone_slash(RuntimeOrigin::signed(COUNCIL), 1, ds, 0),
			Error::<Test>::AlreadyPostponed
		);
		next_era();
		assert_eq!(candidate(1).stake, 500, "not applied at its first due era");
		next_era();
		assert_eq!(candidate(1).stake, 0, "applied at the postponed era");
		assert_noop!(
			Staking::postpone_slash(RuntimeOrigin::signed(COUNCIL), 1, ds, 0),
			Error::<Test>::NoPendingSlash
		);
	});
}

#[test]
fn a_due_slash_cannot_be_postponed() {
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		let ds = FaultKind::DoubleSigning;
		Staking::report_fault(&1, ds, Perbill::one(), 0);
		// The era starts; the slash is due but its block hooks have not run yet.
		Staking::start_era(1);
		assert_noop!(
			Staking::postpone_slash(RuntimeOrigin::signed(COUNCIL), 1, ds, 0),
			Error::<Test>::SlashDue
		);
		next_block();
		assert_eq!(candidate(1).stake, 0);
	});
}

#[test]
fn offences_pallet_reports_use_at_least_the_double_signing_rate() {
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		assert_ok!(Staking::set_parameter(
			RuntimeOrigin::root(),
			StakingParameter::DoubleSignSlash(Perbill::from_percent(20))
		));
		let details = OffenceDetails { offender: (1u64, ()), reporters: Vec::<u64>::new() };
		<Staking as OnOffenceHandler<u64, (u64, ()), Weight>>::on_offence(
			&[details],
			&[Perbill::from_percent(5)],
			0,
		);
		assert_eq!(
			slash_record(1, FaultKind::DoubleSigning, 0).fraction,
			Perbill::from_percent(20)
		);
		next_era();
		assert_eq!(candidate(1).stake, 400);
	});
}

#[test]
fn eras_advance_every_sessions_per_era_sessions() {
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		<Staking as SessionObserver>::on_session_start(1);
		assert_eq!(CurrentEra::<Test>::get(), 0);
		<Staking as SessionObserver>::on_session_start(2);
		assert_eq!(CurrentEra::<Test>::get(), 1);
		<Staking as SessionObserver>::on_session_start(3);
		assert_eq!(CurrentEra::<Test>::get(), 1);
		<Staking as SessionObserver>::on_session_start(4);
		assert_eq!(CurrentEra::<Test>::get(), 2);
		// A fault of session 3 belongs to era 1 (sessions 2 and 3), one of session 1 to era 0:
		// in era 2 that is past the report window (`UnbondingPeriod - SlashDeferDuration -
		// SlashPostponement` = 1 era here).
		Staking::report_fault(&1, FaultKind::LivenessFailure, Perbill::from_percent(1), 3);
		Staking::report_fault(&1, FaultKind::LivenessFailure, Perbill::from_percent(1), 1);
		let eras: Vec<_> = SlashQueue::<Test>::iter_prefix(3).map(|(k, ())| k.2).collect();
		assert_eq!(eras, vec![1]);
		assert!(staking_events().contains(&Event::ReportIgnored {
			offender: 1,
			kind: FaultKind::LivenessFailure,
			offence_era: 0,
			reason: ReportIgnored::TooLate,
		}));
	});
}

#[test]
fn eligible_candidates_are_active_and_meet_the_minimum() {
	ExtBuilder::build_and_execute(|| {
		register(1, 500);
		register(2, 100);
		register(3, 200);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(4), 2, 300));
		assert_ok!(Staking::chill(RuntimeOrigin::signed(3)));
		assert_ok!(Staking::set_parameter(
			RuntimeOrigin::root(),
			StakingParameter::MinSequencerStake(150)
		));
		let mut eligible = <Staking as SequencerCandidates<_, _>>::eligible();
		eligible.sort();
		// 2 is below the new minimum despite its delegations; 3 is chilled.
		assert_eq!(eligible, vec![(1, 500)]);
	});
}

#[test]
fn slash_rates_are_bounded() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Staking::set_parameter(
			RuntimeOrigin::root(),
			StakingParameter::LivenessSlash(Perbill::from_percent(5))
		));
		assert_noop!(
			Staking::set_parameter(
				RuntimeOrigin::root(),
				StakingParameter::LivenessSlash(Perbill::from_percent(6))
			),
			Error::<Test>::OutOfBounds
		);
		assert_noop!(
			Staking::set_parameter(
				RuntimeOrigin::root(),
				StakingParameter::DoubleSignSlash(Perbill::from_percent(9))
			),
			Error::<Test>::OutOfBounds
		);
	});
}

#[test]
fn genesis_stakes_candidates_and_delegations() {
	ExtBuilder::with_genesis(crate::GenesisConfig {
		candidates: vec![(1, 500, Perbill::from_percent(5)), (2, 300, Perbill::zero())],
		delegations: vec![(3, 1, 200)],
	})
	.execute_with(|| {
		assert_eq!(candidate(1).stake, 700);
		assert_eq!(candidate(2).stake, 300);
		assert_eq!(held(3), (200, 0));
		assert_eq!(TotalStaked::<Test>::get(), 1_000);
		Staking::do_try_state().unwrap();
	});
}

#[test]
#[should_panic(expected = "genesis candidate 1 with bond 99")]
fn genesis_below_the_minimum_fails_loudly() {
	ExtBuilder::with_genesis(crate::GenesisConfig {
		candidates: vec![(1, 99, Perbill::zero())],
		delegations: vec![],
	});
}

#[test]
#[should_panic(expected = "genesis delegation of 3 to 4")]
fn genesis_delegation_to_a_non_candidate_fails_loudly() {
	ExtBuilder::with_genesis(crate::GenesisConfig {
		candidates: vec![(1, 100, Perbill::zero())],
		delegations: vec![(3, 4, 100)],
	});
}

mod properties {
	use super::*;
	use proptest::prelude::*;

	/// One step of a random staking history.
	#[derive(Debug, Clone)]
	enum Op {
		Register(AccountId, Balance),
		BondExtra(AccountId, Balance),
		Delegate(AccountId, AccountId, Balance),
		Undelegate(AccountId, AccountId, Balance),
		Unbond(AccountId, Balance),
		Chill(AccountId),
		Withdraw(AccountId, AccountId),
		ApplySlash(AccountId, AccountId),
		Slash(AccountId, u32),
		Report(AccountId, bool),
		NextEra,
		Block,
	}

	fn account() -> impl Strategy<Value = AccountId> {
		1u64..=6
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(account(), 100u128..2_000).prop_map(|(a, b)| Op::Register(a, b)),
			(account(), 1u128..500).prop_map(|(a, b)| Op::BondExtra(a, b)),
			(account(), account(), 10u128..1_000).prop_map(|(a, s, b)| Op::Delegate(a, s, b)),
			(account(), account(), 1u128..1_000).prop_map(|(a, s, b)| Op::Undelegate(a, s, b)),
			(account(), 1u128..1_000).prop_map(|(a, b)| Op::Unbond(a, b)),
			account().prop_map(Op::Chill),
			(account(), account()).prop_map(|(a, s)| Op::Withdraw(a, s)),
			(account(), account()).prop_map(|(a, s)| Op::ApplySlash(a, s)),
			(account(), 0u32..=100).prop_map(|(s, p)| Op::Slash(s, p)),
			(account(), any::<bool>()).prop_map(|(s, d)| Op::Report(s, d)),
			Just(Op::NextEra),
			Just(Op::Block),
		]
	}

	fn run(op: Op) {
		let o = RuntimeOrigin::signed;
		// Calls may fail (bad input is part of the history); a failed call changes nothing,
		// which `build_and_execute`'s checks confirm at the end.
		let _ = match op {
			Op::Register(a, b) => Staking::register(o(a), b, Perbill::from_percent(10)),
			Op::BondExtra(a, b) => Staking::bond_extra(o(a), b),
			Op::Delegate(a, s, b) => {
				Staking::delegate(o(a), s, b).or_else(|_| Staking::delegate_extra(o(a), s, b))
			},
			Op::Undelegate(a, s, b) => Staking::undelegate(o(a), s, b),
			Op::Unbond(a, b) => Staking::unbond(o(a), b),
			Op::Chill(a) => Staking::chill(o(a)),
			Op::Withdraw(a, s) => Staking::withdraw_unbonded(o(a), s),
			Op::ApplySlash(a, s) => Staking::apply_slash(o(9), s, a),
			Op::Slash(s, p) => {
				let era = CurrentEra::<Test>::get();
				Staking::slash_pool(&s, Perbill::from_percent(p), era);
				Ok(())
			},
			Op::Report(s, double) => {
				let kind =
					if double { FaultKind::DoubleSigning } else { FaultKind::LivenessFailure };
				<Staking as FaultReporter<_>>::report(&s, kind, 0);
				Ok(())
			},
			Op::NextEra => {
				next_era();
				Ok(())
			},
			Op::Block => {
				next_block();
				Ok(())
			},
		};
		Staking::do_try_state().expect("invariants hold after every step");
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(256))]

		/// Random histories keep the invariants, and tokens leave only through slashes.
		#[test]
		fn random_histories_keep_the_books(ops in proptest::collection::vec(op(), 1..60)) {
			ExtBuilder::build_and_execute(|| {
				for op in ops {
					run(op);
				}
			});
		}
	}
}

mod attacks;
mod review;

mod migration {
	use super::*;
	use crate::migrations::v1::{v0, MigrateV0ToV1};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	/// Version 0's pending slashes (two entries of one offence in two buckets, and an entry
	/// whose apply era is past the offence's unbonding period) move into the queue.
	#[test]
	fn v0_pending_slashes_and_candidates_migrate() {
		ExtBuilder::build_and_execute(|| {
			register(1, 500);
			register(2, 500);
			// Rewrite the candidates and the pending slashes as version 0 stored them.
			for who in [1u64, 2] {
				let c = candidate(who);
				let old = v0::Candidate {
					operator: c.operator,
					commission: c.commission,
					pending_commission: c.pending_commission,
					status: c.status,
					stake: c.stake,
					shares: c.shares,
					unapplied: c.unapplied,
				};
				frame_support::storage::unhashed::put(
					&Candidates::<Test>::hashed_key_for(who),
					&old,
				);
			}
			Staking::start_era(5);
			let ds = FaultKind::DoubleSigning;
			let slash = |offender, kind, percent, offence_era| v0::PendingSlash {
				offender,
				kind,
				fraction: Perbill::from_percent(percent),
				offence_era,
			};
			v0::PendingSlashes::<Test>::insert(6, vec![slash(1, ds, 20, 4)]);
			v0::PendingSlashes::<Test>::insert(
				7,
				vec![slash(1, ds, 50, 4), slash(2, FaultKind::LivenessFailure, 1, 0)],
			);
			StorageVersion::new(0).put::<Staking>();

			MigrateV0ToV1::<Test>::on_runtime_upgrade();

			assert_eq!(Staking::on_chain_storage_version(), 1);
			assert!(v0::PendingSlashes::<Test>::iter().next().is_none());
			// One offence: the larger fraction, the earlier era.
			let record = slash_record(1, ds, 4);
			assert_eq!((record.fraction, record.apply_era), (Perbill::from_percent(50), 6));
			assert!(SlashQueue::<Test>::contains_key(6, (1, ds, 4)));
			// Due at 7, but the stake of era 0 may leave from era 0 + 4: overdue, due now.
			let late = slash_record(2, FaultKind::LivenessFailure, 0);
			assert_eq!(late.apply_era, 4);
			assert!(Staking::slashes_due());
			assert_eq!((candidate(1).pending_slashes, candidate(1).pending_heavy), (1, 1));
			assert_eq!((candidate(2).pending_slashes, candidate(2).pending_heavy), (1, 0));
			assert_eq!((candidate(1).since, candidate(1).stake), (0, 500));
			assert_eq!(SlashQueueFrom::<Test>::get(), 4);
			// Offences of earlier eras that are not pending were slashed (or cancelled) by
			// version 0, or never reported: not queued now.
			assert_eq!(SlashRecordsSince::<Test>::get(), 5);
			Staking::do_try_state().expect("migrated state is consistent");
			// Run again, the versioned migration changes nothing.
			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(SlashQueue::<Test>::iter().count(), 2);
			next_block();
			assert_eq!(candidate(2).stake, 495, "the overdue slash applies at once");
		});
	}
}
