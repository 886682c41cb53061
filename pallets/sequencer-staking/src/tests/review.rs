//! Found by an attacker's review of the first fix of issue 22 (items 1-8): each test asserts
//! what the issue, the README or the design promises, and failed on that code.

use super::*;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// The set of a session is elected when the session before it starts, so an operator elected
/// for the first session of era 1 can chill and unbond everything during the last session of
/// era 0 and still be an authority in era 1. Its offence there is slashed only from unbonding
/// pools that started "at or after the offence era": its whole stake, unbonding since era 0,
/// escapes, though it was the stake that elected it.
#[test]
fn unbonding_in_the_last_session_before_the_offence_era_escapes_the_slash() {
	ExtBuilder::build_and_execute(|| {
		register(1, 1_000);
		// Session 1, the last of era 0, starts: session 2's set (with 1 in it) is elected now.
		<Staking as SessionObserver>::on_session_start(1);
		assert_ok!(Staking::chill(signed(1)));
		assert_ok!(Staking::unbond(signed(1), 1_000));
		// Session 2 starts era 1; 1 is still in its set and equivocates in it.
		next_era();
		assert_eq!(CurrentEra::<Test>::get(), 1);
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::one(), 2);
		assert!(staking_events()
			.iter()
			.any(|e| matches!(e, Event::SlashReported { offender: 1, offence_era: 1, .. })));
		for _ in 0..6 {
			next_era();
			let _ = Staking::withdraw_unbonded(signed(1), 1);
		}
		assert_eq!(slashed_total(), 1_000, "the authority's stake escaped its equivocation");
	});
}

/// Item 1: a candidate slashed to nothing (the default double-signing rate is 100 %) keeps
/// worthless shares that no call can give up (`unbond`/`undelegate` need an amount of at most
/// the shares' value, 0), so it never leaves: its place under `MaxCandidates` is taken for
/// ever and the operator's account can never register again.
#[test]
fn a_fully_slashed_candidate_can_leave_and_free_its_place() {
	ExtBuilder::build_and_execute(|| {
		register(1, 100);
		assert_ok!(Staking::delegate(signed(2), 1, 50));
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::one(), 0);
		run_to_era(1);
		assert_eq!(candidate(1).stake, 0);
		assert_ok!(Staking::chill(signed(1)));
		// A stake worth nothing is given up with an amount of zero; any other amount is more
		// than it is worth.
		assert_noop!(Staking::unbond(signed(1), 1), Error::<Test>::NotEnoughBonded);
		assert_ok!(Staking::unbond(signed(1), 0));
		assert_ok!(Staking::undelegate(signed(2), 1, 0));
		let _ = Staking::apply_slash(signed(9), 1, 1);
		let _ = Staking::apply_slash(signed(9), 1, 2);
		for _ in 0..6 {
			next_era();
			let _ = Staking::withdraw_unbonded(signed(1), 1);
			let _ = Staking::withdraw_unbonded(signed(2), 1);
		}
		assert!(Candidates::<Test>::get(1).is_none(), "the slashed candidacy never ends");
	});
}

/// Item 2 across the upgrade: version 0 kept no record of slashes it had applied (or its
/// council had cancelled). The migration records only the pending ones, so an offence version
/// 0 already slashed is queued and slashed again when `pallet-offences` re-reports its round
/// after the upgrade (within the 4-day report window).
#[test]
fn an_offence_slashed_before_the_upgrade_is_not_slashed_again_after_it() {
	use crate::migrations::v1::{v0, MigrateV0ToV1};
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	ExtBuilder::build_and_execute(|| {
		register(1, 1_000);
		next_era();
		// Version 0 slashed 1's double signing of session 2 (era 1) by half.
		Staking::slash_pool(&1, Perbill::from_percent(50), 1);
		next_era();
		assert_eq!(candidate(1).stake, 500);
		let c = candidate(1);
		let old = v0::Candidate {
			operator: c.operator,
			commission: c.commission,
			pending_commission: c.pending_commission,
			status: c.status,
			stake: c.stake,
			shares: c.shares,
			unapplied: c.unapplied,
		};
		frame_support::storage::unhashed::put(&Candidates::<Test>::hashed_key_for(1), &old);
		StorageVersion::new(0).put::<Staking>();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		// The offences pallet reports the round again (another equivocator joined it).
		Staking::report_fault(&1, FaultKind::DoubleSigning, Perbill::from_percent(50), 2);
		run_to_era(CurrentEra::<Test>::get() + 3);
		assert_eq!(candidate(1).stake, 500, "one offence, slashed twice");
	});
}

/// `on_initialize` charges `apply_queued_slash` per slash. That weight is the old
/// `start_era_with_delegators` measurement renamed (30 reads, 0.19 ms), below the
/// `slash_pool` it runs (172 reads with 169 unbonding pools, 0.79 ms, 437 KB of proof).
#[test]
fn a_queued_slash_is_charged_at_least_the_pool_slash_it_runs() {
	use crate::weights::WeightInfo;
	let apply = <() as WeightInfo>::apply_queued_slash(10_000);
	let slash = <() as WeightInfo>::slash_pool(10_000);
	assert!(apply.all_gte(slash), "apply_queued_slash {apply:?} < slash_pool {slash:?}");
}

/// `slash_pool` takes the oldest unbonding pool from `current - UnbondingPeriod`, the era the
/// slash happens to be applied in, not the era it was due. A slash due at the last era its
/// stake is held (`offence era + UnbondingPeriod`, a postponed one) that waits behind others
/// (`MaxSlashesPerBlock` a block) into the next era misses the offence era's unbonding pool,
/// which is then withdrawn.
#[test]
fn a_slash_applied_after_its_due_era_still_reaches_the_offence_eras_unbonding() {
	const OFFENDER: AccountId = 4;
	ExtBuilder::build_and_execute(|| {
		for who in 1..=4 {
			register(who, 1_000);
		}
		// The offender equivocates in era 0 and leaves at once.
		assert_ok!(Staking::chill(signed(OFFENDER)));
		assert_ok!(Staking::unbond(signed(OFFENDER), 1_000));
		next_era();
		let ds = FaultKind::DoubleSigning;
		Staking::report_fault(&OFFENDER, ds, Perbill::one(), 0);
		// The council postpones it to the last era the stake is held: era 0 + UnbondingPeriod.
		assert_ok!(Staking::postpone_slash(signed(COUNCIL), OFFENDER, ds, 0));
		assert_eq!(slash_record(OFFENDER, ds, 0).apply_era, 3);
		next_era();
		// Other faults, due in the same era: they take more than that era's block (the mock's
		// eras have one block; the runtime's 1,800, at 4 slashes a block).
		for who in (1..=4).filter(|w| *w != OFFENDER) {
			for session in [2, 4] {
				let liveness = FaultKind::LivenessFailure;
				Staking::report_fault(&who, liveness, Perbill::from_percent(1), session);
			}
		}
		while CurrentEra::<Test>::get() < 8 {
			next_era();
			let _ = Staking::withdraw_unbonded(signed(OFFENDER), OFFENDER);
		}
		assert_eq!(
			Balances::total_balance(&OFFENDER),
			ENDOWMENT - 1_000,
			"the postponed slash, applied late, missed the offence era's unbonding stake"
		);
	});
}

/// Item 1 on the live chain: version 0 never removed a candidate, so every candidacy that left
/// before the upgrade (chilled, nothing bonded, nothing unbonding) still holds its place. The
/// migration keeps them all, and nothing afterwards removes them (no withdrawal or slash will
/// name them): `register` keeps failing with `TooManyCandidates` and `try_state` fails ("a
/// candidate that left still holds a place").
#[test]
fn candidates_that_left_before_the_upgrade_free_their_places() {
	use crate::migrations::v1::{v0, MigrateV0ToV1};
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	ExtBuilder::build_and_execute(|| {
		for who in 1..=4 {
			register(who, 100);
		}
		// 1 left under version 0: chilled, unbonded, withdrew. Version 0 kept its entry.
		assert_ok!(Staking::chill(signed(1)));
		assert_ok!(Staking::unbond(signed(1), 100));
		run_to_era(4);
		assert_ok!(Staking::withdraw_unbonded(signed(1), 1));
		Candidates::<Test>::insert(1, candidate(2));
		for who in 1..=4 {
			let c = if who == 1 {
				v0::Candidate {
					operator: 1,
					commission: Perbill::from_percent(10),
					pending_commission: None,
					status: CandidateStatus::Chilled,
					stake: 0,
					shares: 0,
					unapplied: 0,
				}
			} else {
				let c = candidate(who);
				v0::Candidate {
					operator: c.operator,
					commission: c.commission,
					pending_commission: c.pending_commission,
					status: c.status,
					stake: c.stake,
					shares: c.shares,
					unapplied: c.unapplied,
				}
			};
			frame_support::storage::unhashed::put(&Candidates::<Test>::hashed_key_for(who), &c);
		}
		StorageVersion::new(0).put::<Staking>();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Candidates::<Test>::count(), 3, "the candidacy that left is still counted");
		assert_ok!(Staking::register(signed(5), 100, Perbill::zero()));
	});
}
