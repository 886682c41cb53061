//! Staker rewards: the era's staker part shared among sequencers by blocks authored, each
//! operator's commission, and a reward-per-share accumulator per pool, so that a staker's claim
//! is O(1) and no era end ever iterates over delegators.

use alloc::vec::Vec;
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Perbill, Rounding};

/// Fixed-point scale of [`Accumulator::per_share`]: reward per share × 10¹⁸.
pub const PRECISION: u128 = 1_000_000_000_000_000_000;

fn mul_div(a: u128, b: u128, c: u128) -> u128 {
	multiply_by_rational_with_rounding(a, b, c, Rounding::Down).unwrap_or(u128::MAX)
}

/// Shares `total` among sequencers in proportion to the blocks each authored: a sequencer that
/// missed its slots earns nothing for them. Each part is rounded down; the second value is the
/// remainder (all of `total` if nobody authored), which goes back to the treasury.
pub fn by_blocks<Id: Clone>(total: u128, authored: &[(Id, u32)]) -> (Vec<(Id, u128)>, u128) {
	let blocks: u128 = authored.iter().map(|(_, b)| *b as u128).sum();
	if blocks == 0 {
		return (Vec::new(), total);
	}
	let parts: Vec<(Id, u128)> = authored
		.iter()
		.filter(|(_, b)| *b > 0)
		.map(|(id, b)| (id.clone(), mul_div(total, *b as u128, blocks)))
		.collect();
	let paid: u128 = parts.iter().map(|(_, p)| *p).sum();
	(parts, total.saturating_sub(paid))
}

/// Splits a sequencer's reward: `commission` (rounded down) to the operator, the rest to its
/// pool, operator included pro rata to its shares.
pub fn commission(reward: u128, commission: Perbill) -> (u128, u128) {
	let operator = commission.mul_floor(reward);
	(operator, reward - operator)
}

/// A pool's reward accumulator: how much one share has earned since the pool began.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Accumulator {
	/// Reward per share × [`PRECISION`], ever increasing.
	pub per_share: u128,
}

impl Accumulator {
	/// Adds `reward` for a pool of `total_shares`. Returns what was not distributed: all of it
	/// if the pool has no shares or the accumulator would overflow (after 3.4 × 10²⁰ units of
	/// reward per share over the pool's life: pool shares start at one per unit staked, so
	/// never in practice), otherwise nothing. Rounding makes the claims fall short of what was
	/// distributed by less than `total_shares / PRECISION + 1` units per distribution plus one
	/// unit per claim: with shares in units of stake, well under a millionth of a token. That
	/// dust stays in the pot.
	pub fn distribute(&mut self, reward: u128, total_shares: u128) -> u128 {
		if total_shares == 0 || reward == 0 {
			return reward;
		}
		let Some(increment) =
			multiply_by_rational_with_rounding(reward, PRECISION, total_shares, Rounding::Down)
		else {
			return reward;
		};
		let Some(per_share) = self.per_share.checked_add(increment) else { return reward };
		self.per_share = per_share;
		0
	}

	/// What `shares` have earned since the accumulator stood at `debt` per share: the staker's
	/// claimable reward when `debt` was recorded at its last claim or share change.
	pub fn pending(&self, shares: u128, debt: u128) -> u128 {
		mul_div(shares, self.per_share.saturating_sub(debt), PRECISION)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn rewards_follow_authored_blocks() {
		let (parts, rest) = by_blocks(1_000, &[("a", 6), ("b", 3), ("c", 0), ("d", 1)]);
		assert_eq!(parts, vec![("a", 600), ("b", 300), ("d", 100)]);
		assert_eq!(rest, 0);
		let (parts, rest) = by_blocks(100, &[("a", 1), ("b", 2)]);
		assert_eq!(parts, vec![("a", 33), ("b", 66)]);
		assert_eq!(rest, 1, "rounding back to the treasury");
		assert_eq!(by_blocks(100, &[("a", 0)]), (vec![], 100), "no blocks, no rewards");
	}

	#[test]
	fn commission_goes_to_the_operator() {
		assert_eq!(commission(1_000, Perbill::from_percent(5)), (50, 950));
		assert_eq!(commission(19, Perbill::from_percent(5)), (0, 19));
	}

	#[test]
	fn claims_are_pro_rata_and_later_joiners_earn_only_later_rewards() {
		let mut acc = Accumulator::default();
		// Alice 300 shares, Bob 100.
		assert_eq!(acc.distribute(400, 400), 0);
		let (alice_debt, bob_debt) = (0, 0);
		assert_eq!(acc.pending(300, alice_debt), 300);
		assert_eq!(acc.pending(100, bob_debt), 100);
		// Carol joins with 100 shares: her debt is the accumulator now.
		let carol_debt = acc.per_share;
		assert_eq!(acc.distribute(500, 500), 0);
		assert_eq!(acc.pending(300, alice_debt), 600);
		assert_eq!(acc.pending(100, bob_debt), 200);
		assert_eq!(acc.pending(100, carol_debt), 100);
		// Nothing for an empty pool: the reward comes back.
		assert_eq!(Accumulator::default().distribute(7, 0), 7);
	}

	proptest::proptest! {
		/// However rewards and shares fall, stakers can never claim more than was distributed,
		/// and the dust left in the pot stays within the documented bound.
		#[test]
		fn claims_never_exceed_rewards(
			shares in proptest::collection::vec(1u128..1_000_000_000_000_000_000_000, 1..20),
			// Up to 10¹⁵ units of reward per share: far beyond any era's (shares track stake).
			rewards in proptest::collection::vec(0u128..1_000_000_000_000_000_000_000_000, 1..10),
		) {
			let total: u128 = shares.iter().sum();
			proptest::prop_assume!(rewards.iter().all(|r| r / total <= 1_000_000_000_000_000));
			let mut acc = Accumulator::default();
			for r in &rewards {
				proptest::prop_assert_eq!(acc.distribute(*r, total), 0);
			}
			let claimed: u128 = shares.iter().map(|s| acc.pending(*s, 0)).sum();
			let paid: u128 = rewards.iter().sum();
			proptest::prop_assert!(claimed <= paid);
			// Each distribution loses under one unit of `per_share`, worth `total / PRECISION`
			// across the pool; each claim rounds down under one unit.
			let bound = rewards.len() as u128 * (total / PRECISION + 1) + shares.len() as u128;
			proptest::prop_assert!(paid - claimed <= bound, "{} > {}", paid - claimed, bound);
		}

		/// Sequencers' parts plus the remainder are exactly the total.
		#[test]
		fn block_shares_add_up(total in proptest::num::u128::ANY, blocks in proptest::collection::vec(0u32..10_000, 0..100)) {
			let authored: Vec<(usize, u32)> = blocks.into_iter().enumerate().collect();
			let (parts, rest) = by_blocks(total, &authored);
			proptest::prop_assert_eq!(parts.iter().map(|(_, p)| *p).sum::<u128>() + rest, total);
		}
	}
}
