//! Unit and property tests of the pallet: every call's success, error and origin check, the
//! era-end economics, and conservation of tokens.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::DispatchError::BadOrigin;

fn issuance() -> Balance {
	Balances::total_issuance()
}

const GENESIS_ISSUANCE: Balance = 9 * ENDOWMENT + 3;

#[test]
fn genesis_creates_the_accounts_and_records_the_issuance() {
	ExtBuilder::build_and_execute(|| {
		assert_eq!(Balances::balance(&FeeDistribution::pot_account()), 1);
		assert_eq!(Balances::balance(&FeeDistribution::rewards_account()), 1);
		assert_eq!(Balances::balance(&TREASURY), 1);
		assert_eq!(Books::<Test>::get().genesis_issuance, GENESIS_ISSUANCE);
		assert_eq!(issuance(), GENESIS_ISSUANCE);
		assert_ne!(FeeDistribution::pot_account(), FeeDistribution::rewards_account());
	});
}

#[test]
fn fees_are_split_40_40_20_at_the_era_end() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		pay_fee(5, 600);
		pay_fee(6, 400);
		assert_eq!(EraFees::<Test>::get(), 1_000);
		end_era(&[(SEQ_A, 10)]);
		// Stakers 400: 10 % commission (40) to the operator, 360 over the pool's 2,000 shares.
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 180);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &SEQ_A), 40 + 180);
		// Treasury 400 (plus its deposit), 200 burned.
		assert_eq!(Balances::balance(&TREASURY), 1 + 400);
		assert_eq!(issuance(), GENESIS_ISSUANCE - 200);
		assert_eq!(Books::<Test>::get().burned, 200);
		assert_eq!(EraFees::<Test>::get(), 0);
		assert!(events().contains(&Event::EraPaid {
			era: 0,
			fees: 1_000,
			minted: 0,
			stakers: 400,
			treasury: 400,
			burned: 200,
			blocks: 10,
		}));
		assert!(events().contains(&Event::SequencerRewarded {
			era: 0,
			sequencer: SEQ_A,
			blocks: 10,
			commission: 40,
			pool: 360,
		}));
		let summary = History::<Test>::get()[0];
		assert_eq!((summary.era, summary.fees, summary.stakers), (0, 1_000, 400));
	});
}

#[test]
fn rounding_remainders_go_to_the_treasury() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		pay_fee(5, 7);
		end_era(&[(SEQ_A, 1), (SEQ_B, 2)]);
		// 7 → stakers ⌊2.8⌋ = 2, burn ⌊1.4⌋ = 1, treasury 4. The stakers' 2 by blocks 1:2 →
		// A ⌊0.67⌋ = 0, B ⌊1.33⌋ = 1, the unshared 1 to the treasury.
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_B, &SEQ_B), 1);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &SEQ_A), 0);
		assert_eq!(Balances::balance(&TREASURY), 1 + 5);
		assert_eq!(issuance(), GENESIS_ISSUANCE - 1);
		let s = History::<Test>::get()[0];
		assert_eq!(s.stakers + s.treasury + s.burned, s.fees + s.minted, "nothing lost");
	});
}

#[test]
fn rewards_follow_authored_blocks_and_missed_slots_earn_nothing() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		pay_fee(5, 10_000);
		end_era(&[(SEQ_A, 30), (SEQ_B, 10)]);
		// Stakers 4,000 by blocks 3:1.
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &SEQ_A), 300 + 1_350);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 1_350);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_B, &SEQ_B), 1_000);

		pay_fee(5, 10_000);
		end_era(&[(SEQ_A, 40), (SEQ_B, 0)]);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_B, &SEQ_B), 1_000, "B missed its slots");
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 1_350 + 1_800);

		// Nobody authored: the stakers' part goes to the treasury.
		let before = Balances::balance(&TREASURY);
		pay_fee(5, 1_000);
		end_era(&[]);
		assert_eq!(Balances::balance(&TREASURY), before + 800);
	});
}

#[test]
fn commission_goes_to_the_operator_before_the_pool() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		assert_ok!(Staking::set_commission(RuntimeOrigin::signed(SEQ_B), Perbill::zero()));
		pay_fee(5, 2_500);
		end_era(&[(SEQ_A, 1)]);
		// 1,000 to A: 100 commission, 900 over 2,000 shares (450 each).
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &SEQ_A), 550);
		assert_eq!(Stakers::<Test>::get(SEQ_A, SEQ_A).unwrap().owed, 100);
		let before = free(SEQ_A);
		assert_ok!(FeeDistribution::claim_rewards(RuntimeOrigin::signed(SEQ_A), SEQ_A));
		assert_eq!(free(SEQ_A), before + 550);
	});
}

#[test]
fn claims_pay_once_and_refuse_when_nothing_is_due() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		assert_noop!(
			FeeDistribution::claim_rewards(RuntimeOrigin::signed(3), SEQ_A),
			Error::<Test>::NothingToClaim
		);
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		let before = free(3);
		assert_ok!(FeeDistribution::claim_rewards(RuntimeOrigin::signed(3), SEQ_A));
		assert_eq!(free(3), before + 180);
		assert!(events().contains(&Event::RewardsClaimed {
			sequencer: SEQ_A,
			who: 3,
			amount: 180,
			compounded: false
		}));
		assert_noop!(
			FeeDistribution::claim_rewards(RuntimeOrigin::signed(3), SEQ_A),
			Error::<Test>::NothingToClaim
		);
		// Not a staker of that pool, or of any.
		assert_noop!(
			FeeDistribution::claim_rewards(RuntimeOrigin::signed(3), SEQ_B),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(
			FeeDistribution::claim_rewards(RuntimeOrigin::signed(9), SEQ_A),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(FeeDistribution::claim_rewards(RuntimeOrigin::root(), SEQ_A), BadOrigin);
	});
}

#[test]
fn share_changes_settle_rewards_first() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		// 3 doubles its stake: the 180 earned with 1,000 shares is settled first.
		assert_ok!(Staking::delegate_extra(RuntimeOrigin::signed(3), SEQ_A, 1_000));
		assert_eq!(Stakers::<Test>::get(SEQ_A, 3).unwrap().owed, 180);
		// 4 joins now and earns only what comes later.
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(4), SEQ_A, 1_000));
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &4), 0);
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		// 360 over 4,000 shares: 0.09 a share.
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 180 + 180);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &4), 90);
		// 3 leaves entirely: its rewards stay claimable.
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(3), SEQ_A, 2_000));
		assert_eq!(Staking::bonded_value(&SEQ_A, &3), 0);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 360);
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 360, "no shares, no new rewards");
		assert_ok!(FeeDistribution::claim_rewards(RuntimeOrigin::signed(3), SEQ_A));
		assert!(Stakers::<Test>::get(SEQ_A, 3).is_none(), "the record goes with the last claim");
	});
}

#[test]
fn rewards_survive_a_slash_and_later_rewards_follow_shares() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		// Half of A's pool is slashed: shares keep their number, stake halves.
		Staking::slash_pool(&SEQ_A, Perbill::from_percent(50), 1);
		assert_eq!(Staking::bonded_value(&SEQ_A, &3), 500);
		// Rewards earned before the slash are not slashed.
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 180);
		// The slash reaches 3's hold; the slashed funds reach the treasury.
		let treasury = Balances::balance(&TREASURY);
		assert_ok!(Staking::apply_slash(RuntimeOrigin::signed(9), SEQ_A, 3));
		assert_eq!(Balances::balance(&TREASURY), treasury + 500);
		assert!(events().contains(&Event::SlashReceived {
			amount: 500,
			destination: SlashDestination::Treasury
		}));
		let before = free(3);
		assert_ok!(FeeDistribution::claim_rewards(RuntimeOrigin::signed(3), SEQ_A));
		assert_eq!(free(3), before + 180);
		// After the slash, rewards still go by shares.
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 180);
		assert_ok!(FeeDistribution::claim_rewards(RuntimeOrigin::signed(3), SEQ_A));
	});
}

#[test]
fn slashed_funds_can_be_burned_instead() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(FeeDistribution::set_parameter(
			RuntimeOrigin::root(),
			EconomicsParameter::SlashDestination(SlashDestination::Burn)
		));
		Staking::slash_pool(&SEQ_B, Perbill::from_percent(10), 0);
		let treasury = Balances::balance(&TREASURY);
		assert_ok!(Staking::apply_slash(RuntimeOrigin::signed(9), SEQ_B, SEQ_B));
		assert_eq!(Balances::balance(&TREASURY), treasury);
		assert_eq!(issuance(), GENESIS_ISSUANCE - 100);
		assert_eq!(Books::<Test>::get().burned, 100);
		assert!(events()
			.contains(&Event::SlashReceived { amount: 100, destination: SlashDestination::Burn }));
	});
}

#[test]
fn auto_compound_rebonds_rewards() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		assert_ok!(FeeDistribution::set_auto_compound(RuntimeOrigin::signed(3), true));
		assert!(events().contains(&Event::AutoCompoundSet { who: 3, enabled: true }));
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		let free_before = free(3);
		assert_ok!(FeeDistribution::claim_rewards(RuntimeOrigin::signed(3), SEQ_A));
		assert_eq!(Staking::bonded_value(&SEQ_A, &3), 1_180);
		assert_eq!(
			Balances::balance_on_hold(&pallet_sequencer_staking::HoldReason::Staking.into(), &3),
			1_180
		);
		assert_eq!(free(3), free_before);
		assert!(events().contains(&Event::RewardsClaimed {
			sequencer: SEQ_A,
			who: 3,
			amount: 180,
			compounded: true
		}));
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 0);

		// Anyone may compound for a staker who opted in; nobody for one who did not.
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		assert_ok!(FeeDistribution::claim_rewards_for(RuntimeOrigin::signed(9), SEQ_A, 3));
		assert!(Staking::bonded_value(&SEQ_A, &3) > 1_180);
		assert_noop!(
			FeeDistribution::claim_rewards_for(RuntimeOrigin::signed(9), SEQ_A, SEQ_A),
			Error::<Test>::NotAutoCompounding
		);
		assert_noop!(
			FeeDistribution::claim_rewards_for(RuntimeOrigin::none(), SEQ_A, 3),
			BadOrigin
		);

		// A chilled candidate takes no new delegated stake: the reward is paid out instead.
		assert_ok!(Staking::chill(RuntimeOrigin::signed(SEQ_A)));
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		let bonded = Staking::bonded_value(&SEQ_A, &3);
		let free_before = free(3);
		let due = FeeDistribution::pending_rewards(&SEQ_A, &3);
		assert_ok!(FeeDistribution::claim_rewards(RuntimeOrigin::signed(3), SEQ_A));
		assert_eq!(Staking::bonded_value(&SEQ_A, &3), bonded);
		assert_eq!(free(3), free_before + due);
		assert!(events().contains(&Event::RewardsClaimed {
			sequencer: SEQ_A,
			who: 3,
			amount: due,
			compounded: false
		}));

		assert_ok!(FeeDistribution::set_auto_compound(RuntimeOrigin::signed(3), false));
		assert!(AutoCompound::<Test>::get(3).is_none());
		assert_noop!(FeeDistribution::set_auto_compound(RuntimeOrigin::root(), true), BadOrigin);
	});
}

#[test]
fn emission_decays_and_is_split_between_stakers_and_treasury() {
	ExtBuilder::build_and_execute(|| {
		// Era 0: 10 % a year over 10 eras, of the issuance: 1 %.
		let i0 = issuance();
		end_era(&[(SEQ_B, 5)]);
		let minted0 = i0 * 10 / 100 / 10;
		assert_eq!(issuance(), i0 + minted0);
		// Half to the stakers (all to B's pool: no commission, one member), half to the treasury.
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_B, &SEQ_B), minted0 / 2);
		assert_eq!(Balances::balance(&TREASURY), 1 + minted0 - minted0 / 2);
		for _ in 1..4 {
			end_era(&[(SEQ_B, 5)]);
		}
		// Era 4: the rate has halved to 5 %.
		assert_eq!(EmissionParams::<Test>::get().rate(4), Perbill::from_percent(5));
		let i4 = issuance();
		end_era(&[(SEQ_B, 5)]);
		assert_eq!(issuance(), i4 + i4 * 5 / 100 / 10);
		assert_eq!(Books::<Test>::get().minted, issuance() - GENESIS_ISSUANCE);
		// The emission's split is governance's: all to the treasury now.
		assert_ok!(FeeDistribution::set_parameter(
			RuntimeOrigin::root(),
			EconomicsParameter::EmissionStakersShare(Perbill::zero())
		));
		let pending = FeeDistribution::pending_rewards(&SEQ_B, &SEQ_B);
		end_era(&[(SEQ_B, 5)]);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_B, &SEQ_B), pending);
	});
}

#[test]
fn the_cap_is_reached_exactly_and_never_passed() {
	ExtBuilder::build_and_execute(|| {
		let cap = issuance() + 50_000;
		assert_ok!(FeeDistribution::set_parameter(
			RuntimeOrigin::root(),
			EconomicsParameter::MaxSupply(cap)
		));
		// An era would mint 90,000: it mints the 50,000 left.
		end_era(&[(SEQ_A, 1)]);
		assert_eq!(issuance(), cap);
		end_era(&[(SEQ_A, 1)]);
		assert_eq!(issuance(), cap);
		assert_eq!(History::<Test>::get()[1].minted, 0);
		// Burned fees make room again, never more than that.
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 1)]);
		assert_eq!(issuance(), cap - 200);
		end_era(&[(SEQ_A, 1)]);
		assert_eq!(issuance(), cap);
	});
}

#[test]
fn the_treasury_spends_only_by_governance() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		pay_fee(5, 1_000);
		end_era(&[(SEQ_A, 10)]);
		assert_eq!(Balances::balance(&TREASURY), 401);
		assert_noop!(FeeDistribution::spend(RuntimeOrigin::signed(1), 100, 7), BadOrigin);
		assert_noop!(FeeDistribution::spend(RuntimeOrigin::root(), 0, 7), Error::<Test>::ZeroSpend);
		// It keeps its existential deposit.
		assert_noop!(
			FeeDistribution::spend(RuntimeOrigin::root(), 401, 7),
			Error::<Test>::InsufficientTreasury
		);
		let before = free(7);
		assert_ok!(FeeDistribution::spend(RuntimeOrigin::root(), 100, 7));
		assert_eq!(free(7), before + 100);
		assert!(events().contains(&Event::TreasurySpent { amount: 100, beneficiary: 7 }));
		assert_eq!(EraSpent::<Test>::get(), 100);
		assert_eq!(Books::<Test>::get().treasury_spent, 100);
		end_era(&[]);
		assert_eq!(History::<Test>::get()[1].spent, 100);
		assert_eq!(EraSpent::<Test>::get(), 0);
	});
}

#[test]
fn parameters_are_checked_and_governance_only() {
	ExtBuilder::build_and_execute(|| {
		let set = |p| FeeDistribution::set_parameter(RuntimeOrigin::root(), p);
		let shares = |s, t, b| Shares {
			stakers: Perbill::from_percent(s),
			treasury: Perbill::from_percent(t),
			burn: Perbill::from_percent(b),
		};
		assert_noop!(
			FeeDistribution::set_parameter(
				RuntimeOrigin::signed(1),
				EconomicsParameter::FeeShares(shares(50, 30, 20))
			),
			BadOrigin
		);
		assert_noop!(
			set(EconomicsParameter::FeeShares(shares(50, 30, 21))),
			Error::<Test>::SharesNotWhole
		);
		assert_noop!(
			set(EconomicsParameter::FeeShares(shares(50, 30, 19))),
			Error::<Test>::SharesNotWhole
		);
		assert_ok!(set(EconomicsParameter::FeeShares(shares(50, 30, 20))));
		assert_eq!(FeeShares::<Test>::get(), shares(50, 30, 20));
		assert!(events().contains(&Event::ParameterSet {
			parameter: EconomicsParameter::FeeShares(shares(50, 30, 20))
		}));

		let rate = |r, p| EconomicsParameter::EmissionRate {
			initial_rate: Perbill::from_percent(r),
			decay: Perbill::from_percent(50),
			decay_period: p,
		};
		assert_noop!(set(rate(21, 4)), Error::<Test>::RateOutOfBounds);
		assert_noop!(set(rate(15, 0)), Error::<Test>::RateOutOfBounds);
		assert_ok!(set(rate(20, 8)));
		assert_eq!(EmissionParams::<Test>::get().initial_rate, Perbill::from_percent(20));
		assert_eq!(EmissionParams::<Test>::get().decay_period, 8);

		assert_noop!(
			set(EconomicsParameter::MaxSupply(issuance() - 1)),
			Error::<Test>::CapOutOfBounds
		);
		assert_noop!(
			set(EconomicsParameter::MaxSupply(MAX_SUPPLY + 1)),
			Error::<Test>::CapOutOfBounds
		);
		assert_ok!(set(EconomicsParameter::MaxSupply(MAX_SUPPLY)));
		assert_eq!(EmissionParams::<Test>::get().max_supply, MAX_SUPPLY);

		assert_ok!(set(EconomicsParameter::EmissionStakersShare(Perbill::from_percent(80))));
		assert_eq!(EmissionStakersShare::<Test>::get(), Perbill::from_percent(80));
		assert_ok!(set(EconomicsParameter::SlashDestination(SlashDestination::Burn)));
		assert_eq!(SlashTo::<Test>::get(), SlashDestination::Burn);
	});
}

#[test]
fn metrics_report_the_economy() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		let m = FeeDistribution::metrics();
		assert_eq!(m.total_staked, 3_000);
		assert_eq!(
			m.staking_ratio,
			Perbill::from_rational(3_000u128, GENESIS_ISSUANCE).deconstruct()
		);
		// Stakes 2,000 and 1,000: (2/3)² + (1/3)² = 5/9 of 10,000.
		assert_eq!(m.stake_hhi, 5_555);
		assert_eq!(m.active_sequencers, 2);
		assert_eq!(m.runway_eras, None, "nothing spent yet");
		pay_fee(5, 1_000);
		assert_eq!(FeeDistribution::metrics().current_era_fees, 1_000);
		end_era(&[(SEQ_A, 10)]);
		assert_ok!(FeeDistribution::spend(RuntimeOrigin::root(), 100, 7));
		end_era(&[]);
		let m = FeeDistribution::metrics();
		assert_eq!(m.current_era, 2);
		assert_eq!(m.recent_eras.len(), 2);
		assert_eq!(m.mean_spend_per_era, 50);
		assert_eq!(m.treasury_balance, 301);
		assert_eq!(m.runway_eras, Some(6));
		assert_eq!(m.burned, 200);
		assert_eq!(m.unclaimed_rewards, 400);
		assert_eq!(m.total_issuance, GENESIS_ISSUANCE - 200);
		assert_eq!(m.emission_rate, 0);
		// The history keeps the last `HistoryDepth` (4) eras.
		for _ in 0..5 {
			end_era(&[]);
		}
		let eras: Vec<_> = History::<Test>::get().iter().map(|s| s.era).collect();
		assert_eq!(eras, vec![3, 4, 5, 6]);
	});
}

#[test]
fn hhi_of_equal_and_concentrated_sets() {
	assert_eq!(hhi(&[]), 0);
	assert_eq!(hhi(&[0, 0]), 0);
	assert_eq!(hhi(&[5]), 10_000);
	assert_eq!(hhi(&[7, 7, 7, 7]), 2_500);
	assert_eq!(hhi(&[1; 10]), 1_000);
	assert_eq!(hhi(&[u128::MAX / 2, u128::MAX / 2]), 5_000);
}

#[test]
fn transfers_into_the_pot_are_shared_as_fees() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(5),
			FeeDistribution::pot_account(),
			1_000
		));
		end_era(&[(SEQ_A, 1)]);
		assert_eq!(History::<Test>::get()[0].fees, 1_000);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_A, &3), 180);
	});
}

#[test]
fn era_end_is_driven_by_staking_eras() {
	ExtBuilder::build_and_execute(|| {
		no_emission();
		pay_fee(5, 1_000);
		// Sessions 0 and 1 are eras 0 and 1 (one session an era in the mock): blocks of every
		// session in the era count.
		end_era(&[(SEQ_A, 3), (SEQ_B, 1)]);
		assert_eq!(pallet_sequencer_staking::CurrentEra::<Test>::get(), 1);
		assert_eq!(CurrentEra::<Test>::get(), 1);
		assert_eq!(History::<Test>::get()[0].blocks, 4);
		assert_eq!(FeeDistribution::pending_rewards(&SEQ_B, &SEQ_B), 100);
	});
}

mod conservation {
	use super::*;
	use proptest::prelude::*;

	#[derive(Debug, Clone)]
	enum Op {
		Fee(AccountId, Balance),
		EndEra(u32, u32),
		Claim(AccountId, AccountId),
		Delegate(AccountId, Balance),
		Undelegate(AccountId, Balance),
		Compound(AccountId),
		Slash(u32),
		Spend(Balance),
		Burn(bool),
	}

	fn op() -> impl Strategy<Value = Op> {
		let who = 3u128..=9;
		let seq = prop_oneof![Just(SEQ_A), Just(SEQ_B)];
		prop_oneof![
			(who.clone(), 1u128..50_000).prop_map(|(w, a)| Op::Fee(w, a)),
			(0u32..20, 0u32..20).prop_map(|(a, b)| Op::EndEra(a, b)),
			(seq, 1u128..=9).prop_map(|(s, w)| Op::Claim(s, w)),
			(who.clone(), 10u128..5_000).prop_map(|(w, a)| Op::Delegate(w, a)),
			(who.clone(), 1u128..5_000).prop_map(|(w, a)| Op::Undelegate(w, a)),
			who.prop_map(Op::Compound),
			(1u32..60).prop_map(Op::Slash),
			(1u128..5_000).prop_map(Op::Spend),
			any::<bool>().prop_map(Op::Burn),
		]
	}

	/// Every account that can hold tokens in the test.
	fn all_balances() -> Balance {
		let accounts =
			[FeeDistribution::pot_account(), FeeDistribution::rewards_account(), TREASURY];
		(1..=9u128).chain(accounts).map(|a| Balances::total_balance(&a)).sum()
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(64))]
		/// Random fees, eras, claims, stake changes, slashes and spends never create or
		/// destroy a token outside the recorded mint and burn, and claims never exceed what
		/// was credited.
		#[test]
		fn no_token_is_created_or_lost(ops in proptest::collection::vec(op(), 1..40)) {
			ExtBuilder::build().execute_with(|| {
				for op in ops {
					// Refused operations are part of the test: they must change nothing.
					let _ = match op {
						Op::Fee(w, a) => {
							if free(w) > a + 1 {
								pay_fee(w, a);
							}
							Ok(())
						},
						Op::EndEra(a, b) => {
							end_era(&[(SEQ_A, a), (SEQ_B, b)]);
							Ok(())
						},
						Op::Claim(s, w) => FeeDistribution::claim_rewards(RuntimeOrigin::signed(w), s),
						Op::Delegate(w, a) => {
							if Staking::bonded_value(&SEQ_A, &w) > 0 {
								Staking::delegate_extra(RuntimeOrigin::signed(w), SEQ_A, a)
							} else {
								Staking::delegate(RuntimeOrigin::signed(w), SEQ_A, a)
							}
						},
						Op::Undelegate(w, a) => Staking::undelegate(RuntimeOrigin::signed(w), SEQ_A, a),
						Op::Compound(w) => FeeDistribution::set_auto_compound(RuntimeOrigin::signed(w), true),
						Op::Slash(p) => {
							Staking::slash_pool(&SEQ_A, Perbill::from_percent(p), 0);
							for w in 1..=9 {
								let _ = Staking::apply_slash(RuntimeOrigin::signed(9), SEQ_A, w);
							}
							Ok(())
						},
						Op::Spend(a) => FeeDistribution::spend(RuntimeOrigin::root(), a, 9),
						Op::Burn(b) => FeeDistribution::set_parameter(
							RuntimeOrigin::root(),
							EconomicsParameter::SlashDestination(if b { SlashDestination::Burn } else { SlashDestination::Treasury }),
						),
					};
					check_invariants();
					let books = Books::<Test>::get();
					prop_assert_eq!(all_balances(), issuance(), "a token appeared outside the books");
					prop_assert_eq!(issuance(), GENESIS_ISSUANCE + books.minted - books.burned);
					prop_assert!(issuance() <= EmissionParams::<Test>::get().max_supply);
					prop_assert!(books.claimed <= books.credited);
				}
				// Everyone claims everything: the rewards account keeps only its deposit and
				// rounding dust.
				for s in [SEQ_A, SEQ_B] {
					for w in 1..=9 {
						let _ = FeeDistribution::claim_rewards(RuntimeOrigin::signed(w), s);
						prop_assert_eq!(FeeDistribution::pending_rewards(&s, &w), 0);
					}
				}
				let books = Books::<Test>::get();
				let dust = books.credited - books.claimed;
				prop_assert!(dust <= 2 * 40 + 18, "dust {} above a unit per distribution and claim", dust);
				Ok(())
			})?;
		}
	}
}
