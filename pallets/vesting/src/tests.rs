//! Unit tests: every call's success, errors and origin; freezes against transfers, holds and
//! other freezes; genesis allocations; the seed's example end to end.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, MutateFreeze, MutateHold},
};
use sp_runtime::{BuildStorage, DispatchError, TokenError};

/// 1,000 locked from block 10: nothing before block 20, then 100 every 10 blocks until 110.
fn schedule() -> ScheduleOf<Test> {
	Schedule { total: 1_000, start: 10, cliff: 10, cliff_amount: 100, duration: 100, period: 10 }
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

#[test]
fn vested_transfer_locks_the_transferred_amount_by_freeze() {
	build_and_execute(|| {
		assert_ok!(Vesting::vested_transfer(signed(1), 2, schedule()));
		assert_eq!(Balances::balance(&2), ENDOWMENT + 1_000);
		assert_eq!(frozen(2), 1_000);
		System::assert_has_event(Event::VestingCreated { who: 2, schedule: schedule() }.into());
		// Unvested tokens cannot leave; the rest can.
		assert_noop!(
			Balances::transfer_allow_death(signed(2), 3, ENDOWMENT + 1),
			TokenError::Frozen
		);
		assert_ok!(Balances::transfer_allow_death(signed(2), 3, ENDOWMENT));
	});
}

#[test]
fn vest_releases_as_time_passes_and_completes() {
	build_and_execute(|| {
		assert_ok!(Vesting::vested_transfer(signed(1), 2, schedule()));
		assert_noop!(Vesting::vest(RuntimeOrigin::none()), DispatchError::BadOrigin);
		assert_noop!(Vesting::vest(signed(3)), Error::<Test>::NotVesting);
		run_to(19);
		assert_ok!(Vesting::vest(signed(2)));
		assert_eq!(frozen(2), 1_000);
		run_to(20);
		assert_ok!(Vesting::vest(signed(2)));
		assert_eq!(frozen(2), 900, "the cliff amount");
		run_to(65);
		assert_ok!(Vesting::vest_other(signed(5), 2));
		assert_eq!(frozen(2), 1_000 - 100 - 400);
		System::assert_has_event(Event::Vested { who: 2, locked: 500 }.into());
		assert_noop!(Vesting::vest_other(RuntimeOrigin::none(), 2), DispatchError::BadOrigin);
		assert_noop!(Vesting::vest_other(signed(5), 3), Error::<Test>::NotVesting);
		run_to(110);
		assert_ok!(Vesting::vest(signed(2)));
		assert_eq!(frozen(2), 0);
		assert!(Schedules::<Test>::get(2).is_none());
		System::assert_has_event(Event::VestingCompleted { who: 2 }.into());
		assert_ok!(Balances::transfer_allow_death(signed(2), 3, ENDOWMENT + 1_000));
	});
}

#[test]
fn vested_transfer_rejects_bad_schedules_and_changes_nothing() {
	build_and_execute(|| {
		let s = schedule();
		for (bad, error) in [
			(Schedule { total: 0, ..s }, Error::<Test>::ZeroAmount),
			(Schedule { duration: 0, cliff: 0, ..s }, Error::<Test>::ZeroDuration),
			(Schedule { period: 0, ..s }, Error::<Test>::ZeroDuration),
			(Schedule { cliff: 101, ..s }, Error::<Test>::CliffBeyondEnd),
			(Schedule { cliff_amount: 1_001, ..s }, Error::<Test>::CliffAmountTooLarge),
			(Schedule { start: u64::MAX, ..s }, Error::<Test>::Overflow),
			(Schedule { total: 99, cliff_amount: 0, ..s }, Error::<Test>::AmountLow),
			(Schedule { total: ENDOWMENT + 1, ..s }, Error::<Test>::InsufficientBalance),
		] {
			assert_noop!(Vesting::vested_transfer(signed(1), 2, bad), error);
		}
		assert_noop!(
			Vesting::vested_transfer(RuntimeOrigin::none(), 2, s),
			DispatchError::BadOrigin
		);
		for _ in 0..3 {
			assert_ok!(Vesting::vested_transfer(signed(1), 2, s));
		}
		assert_noop!(Vesting::vested_transfer(signed(1), 2, s), Error::<Test>::TooManySchedules);
	});
}

#[test]
fn vesting_tokens_can_be_bonded_and_voted_with() {
	build_and_execute(|| {
		// Account 2 has only its vesting tokens.
		assert_ok!(Balances::transfer_allow_death(signed(2), 3, ENDOWMENT));
		assert_ok!(Vesting::vested_transfer(signed(1), 2, schedule()));
		assert_eq!(frozen(2), 1_000);
		// Bond (hold) most of them: a freeze does not stop a hold.
		let staking = RuntimeHoldReason::Others(others::HoldReason::Staking);
		assert_ok!(Balances::hold(&staking, &2, 900));
		// And vote with all of them: freezes overlap.
		let voting = RuntimeFreezeReason::Others(others::FreezeReason::Voting);
		assert_ok!(Balances::set_freeze(&voting, &2, 1_000));
		// Still nothing can be transferred out.
		assert_noop!(Balances::transfer_allow_death(signed(2), 3, 1), TokenError::Frozen);
	});
}

#[test]
fn merging_keeps_the_later_cliff_and_end_and_the_locked_total() {
	build_and_execute(|| {
		let early =
			Schedule { total: 500, start: 1, cliff: 4, cliff_amount: 0, duration: 20, period: 1 };
		let late = schedule();
		assert_ok!(Vesting::vested_transfer(signed(1), 2, early));
		assert_ok!(Vesting::vested_transfer(signed(1), 2, late));
		assert_noop!(Vesting::merge_schedules(signed(2), 0, 0), Error::<Test>::SameIndex);
		assert_noop!(Vesting::merge_schedules(signed(2), 0, 2), Error::<Test>::InvalidIndex);
		assert_noop!(Vesting::merge_schedules(signed(3), 0, 1), Error::<Test>::NotVesting);
		assert_noop!(
			Vesting::merge_schedules(RuntimeOrigin::none(), 0, 1),
			DispatchError::BadOrigin
		);
		run_to(15);
		let locked_before = early.locked(15) + late.locked(15);
		assert_ok!(Vesting::merge_schedules(signed(2), 0, 1));
		let merged = Schedules::<Test>::get(2).unwrap();
		assert_eq!(merged.len(), 1);
		let m = merged[0];
		assert_eq!((m.total, m.start, m.cliff_end(), m.end()), (locked_before, 15, 20, 110));
		System::assert_has_event(Event::SchedulesMerged { who: 2, merged: m }.into());
		assert_eq!(frozen(2), locked_before);
		assert_eq!(m.locked(19), locked_before, "nothing before the later cliff");
		assert!(m.locked(109) > 0);
		assert_eq!(m.locked(110), 0, "everything by the later end");
		run_to(200);
		assert_ok!(Vesting::vest(signed(2)));
		assert!(Schedules::<Test>::get(2).is_none());
	});
}

#[test]
fn force_calls_are_governance_only() {
	build_and_execute(|| {
		assert_noop!(
			Vesting::force_vested_transfer(signed(1), 1, 2, schedule()),
			DispatchError::BadOrigin
		);
		assert_ok!(Vesting::force_vested_transfer(RuntimeOrigin::root(), 1, 2, schedule()));
		assert_eq!(frozen(2), 1_000);
		assert_noop!(Vesting::force_remove_schedule(signed(1), 2, 0), DispatchError::BadOrigin);
		assert_noop!(
			Vesting::force_remove_schedule(RuntimeOrigin::root(), 2, 1),
			Error::<Test>::InvalidIndex
		);
		assert_noop!(
			Vesting::force_remove_schedule(RuntimeOrigin::root(), 3, 0),
			Error::<Test>::NotVesting
		);
		run_to(30);
		// 100 at the cliff + 100 at block 30 vested; 800 unvested goes to the remainder account.
		assert_ok!(Vesting::force_remove_schedule(RuntimeOrigin::root(), 2, 0));
		assert_eq!(frozen(2), 0);
		assert_eq!(Balances::balance(&REMAINDER), 800);
		assert_eq!(Balances::balance(&2), ENDOWMENT + 200);
		System::assert_has_event(
			Event::ScheduleRemoved { who: 2, remainder: 800, moved: 800, owed: 0, to: REMAINDER }
				.into(),
		);
	});
}

#[test]
fn force_remove_takes_what_is_free_and_owes_what_is_held() {
	build_and_execute(|| {
		assert_ok!(Balances::transfer_allow_death(signed(2), 3, ENDOWMENT));
		assert_ok!(Vesting::vested_transfer(signed(1), 2, schedule()));
		let staking = RuntimeHoldReason::Others(others::HoldReason::Staking);
		assert_ok!(Balances::hold(&staking, &2, 700));
		assert_ok!(Vesting::force_remove_schedule(RuntimeOrigin::root(), 2, 0));
		// The free 300, less the existential deposit the account keeps, moved; the bonded 700
		// are owed, and stay frozen.
		assert_eq!(Balances::balance(&REMAINDER), 299);
		System::assert_has_event(
			Event::ScheduleRemoved {
				who: 2,
				remainder: 1_000,
				moved: 299,
				owed: 700,
				to: REMAINDER,
			}
			.into(),
		);
		assert_eq!(Clawbacks::<Test>::get(2), Some(700));
		assert_eq!(frozen(2), 700);
		assert_eq!(Vesting::vesting_info(&2, 1).locked, 700);
		assert!(Schedules::<Test>::get(2).is_none());
		// Nothing is free yet: vesting takes nothing, changes nothing.
		assert_ok!(Vesting::vest_other(signed(5), 2));
		assert_eq!(Clawbacks::<Test>::get(2), Some(700));
	});
}

#[test]
fn the_seeds_example_through_genesis() {
	const MONTH: u64 = 30 * 24 * 60 * 30;
	let team = Schedule {
		total: 1_000_000,
		start: 0,
		cliff: 12 * MONTH,
		cliff_amount: 0,
		duration: 48 * MONTH,
		period: MONTH,
	};
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> { balances: vec![(7, 1_200_000)], ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	GenesisConfig::<Test> { allocations: vec![(7, Category::Team, team)] }
		.assimilate_storage(&mut storage)
		.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(Allocated::<Test>::get(Category::Team), 1_000_000);
		assert_eq!(frozen(7), 1_000_000);
		let info = |at| Vesting::vesting_info(&7, at);
		assert_eq!(info(12 * MONTH - 1).vested, 0, "nothing before month 12");
		assert_eq!(info(0).next_unlock, Some((13 * MONTH, 27_777)));
		assert_eq!(info(13 * MONTH).vested, 27_777, "about 27,777 a month");
		assert_eq!(info(48 * MONTH).vested, 1_000_000, "everything by month 48");
		System::set_block_number(13 * MONTH);
		assert_ok!(Vesting::vest(signed(7)));
		assert_eq!(frozen(7), 1_000_000 - 27_777);
		assert_ok!(Balances::transfer_allow_death(signed(7), 8, 200_000 + 27_777));
		assert_noop!(Balances::transfer_allow_death(signed(7), 8, 1), TokenError::Frozen);
		Vesting::do_try_state().unwrap();
	});
}

fn genesis_with(balance: u128, allocations: Vec<(AccountId, Category, ScheduleOf<Test>)>) {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(7, balance), (8, 10_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	GenesisConfig::<Test> { allocations }.assimilate_storage(&mut storage).unwrap();
}

#[test]
#[should_panic(expected = "exceed its balance")]
fn genesis_fails_loudly_when_an_allocation_exceeds_the_balance() {
	genesis_with(999, vec![(7, Category::Investors, schedule())]);
}

#[test]
#[should_panic(expected = "exceed the total issuance")]
fn genesis_fails_loudly_when_allocations_exceed_the_supply() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> { balances: vec![(7, 1_500)], ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	GenesisConfig::<Test> {
		allocations: vec![
			(7, Category::Community, schedule()),
			(8, Category::Ecosystem, schedule()),
		],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
}

#[test]
#[should_panic(expected = "invalid schedule")]
fn genesis_fails_loudly_on_an_invalid_schedule() {
	genesis_with(10_000, vec![(7, Category::Team, Schedule { cliff: 200, ..schedule() })]);
}

// ---- attacks: dodging a clawback ----

/// The holder of a schedule governance is about to claw back votes with its whole balance:
/// the vote freezes everything, so the clawback can move nothing, and when the vote's lock
/// ends the unvested tokens are the holder's.
#[test]
fn a_vote_does_not_shield_unvested_tokens_from_a_clawback() {
	build_and_execute(|| {
		// Account 2 has only its vesting tokens and votes with all of them.
		assert_ok!(Balances::transfer_allow_death(signed(2), 3, ENDOWMENT));
		assert_ok!(Vesting::vested_transfer(signed(1), 2, schedule()));
		let voting = RuntimeFreezeReason::Others(others::FreezeReason::Voting);
		assert_ok!(Balances::set_freeze(&voting, &2, 1_000));
		run_to(30);
		// 200 have vested; the 800 unvested are taken, the vote notwithstanding.
		assert_ok!(Vesting::force_remove_schedule(RuntimeOrigin::root(), 2, 0));
		assert_eq!(Balances::balance(&REMAINDER), 800);
		// The vote's lock ends: 2 keeps what vested, nothing more.
		assert_ok!(Balances::thaw(&voting, &2));
		assert_eq!(Balances::balance(&2), 200);
	});
}

/// The same holder bonds its unvested tokens instead: the clawback cannot take held tokens,
/// so they must stay frozen where they are, and be taken once unbonded.
#[test]
fn bonding_does_not_shield_unvested_tokens_from_a_clawback() {
	build_and_execute(|| {
		assert_ok!(Balances::transfer_allow_death(signed(2), 3, ENDOWMENT));
		assert_ok!(Vesting::vested_transfer(signed(1), 2, schedule()));
		let staking = RuntimeHoldReason::Others(others::HoldReason::Staking);
		assert_ok!(Balances::hold(&staking, &2, 700));
		assert_ok!(Vesting::force_remove_schedule(RuntimeOrigin::root(), 2, 0));
		// Unbonded later: the clawed-back tokens cannot leave.
		assert_ok!(Balances::release(
			&staking,
			&2,
			700,
			frame_support::traits::tokens::Precision::Exact
		));
		assert_noop!(Balances::transfer_allow_death(signed(2), 3, 600), TokenError::Frozen);
		// Anyone lets the clawback take them.
		assert_ok!(Vesting::vest_other(signed(5), 2));
		System::assert_has_event(
			Event::ClawbackCollected { who: 2, amount: 700, owed: 0, to: REMAINDER }.into(),
		);
		assert_eq!(Balances::balance(&REMAINDER), 999);
		assert_eq!(frozen(2), 0);
		assert_eq!(Clawbacks::<Test>::get(2), None);
		assert_noop!(Vesting::vest_other(signed(5), 2), Error::<Test>::NotVesting);
	});
}

/// Held tokens a clawback owes that are slashed meanwhile are never coming back: the debt
/// shrinks to what is still held, and the freeze with it.
#[test]
fn a_clawback_owes_no_more_than_is_still_held() {
	use frame_support::traits::tokens::{Fortitude, Precision, Restriction};
	build_and_execute(|| {
		assert_ok!(Balances::transfer_allow_death(signed(2), 3, ENDOWMENT));
		assert_ok!(Vesting::vested_transfer(signed(1), 2, schedule()));
		let staking = RuntimeHoldReason::Others(others::HoldReason::Staking);
		assert_ok!(Balances::hold(&staking, &2, 700));
		assert_ok!(Vesting::force_remove_schedule(RuntimeOrigin::root(), 2, 0));
		// 300 of the bond are slashed (to account 3), the other 400 unbonded.
		assert_ok!(Balances::transfer_on_hold(
			&staking,
			&2,
			&3,
			300,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Force
		));
		assert_ok!(Balances::release(&staking, &2, 400, Precision::Exact));
		assert_ok!(Vesting::vest(signed(2)));
		System::assert_has_event(
			Event::ClawbackCollected { who: 2, amount: 400, owed: 0, to: REMAINDER }.into(),
		);
		assert_eq!(Balances::balance(&2), 1, "the existential deposit");
		assert_eq!(frozen(2), 0);
	});
}

/// A clawback of one schedule leaves the others' lock, and what vested, with the holder.
#[test]
fn a_clawback_leaves_the_other_schedules_locked() {
	build_and_execute(|| {
		assert_ok!(Vesting::vested_transfer(signed(1), 2, schedule()));
		assert_ok!(Vesting::vested_transfer(signed(1), 2, schedule()));
		let voting = RuntimeFreezeReason::Others(others::FreezeReason::Voting);
		assert_ok!(Balances::set_freeze(&voting, &2, ENDOWMENT + 2_000));
		run_to(30);
		assert_ok!(Vesting::force_remove_schedule(RuntimeOrigin::root(), 2, 1));
		assert_eq!(Balances::balance(&REMAINDER), 800);
		assert_eq!(frozen(2), 800, "the other schedule's unvested part");
		assert_eq!(Balances::balance(&2), ENDOWMENT + 1_200);
	});
}
