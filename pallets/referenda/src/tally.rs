//! Tallies and thresholds: what a referendum needs to pass at a point of its decision period.
//!
//! **Approval** is the convicted aye votes' share of all convicted votes. **Support** is the aye
//! votes' capital (without conviction) as a share of the active issuance: it measures turnout
//! on the aye side, so a small group with high conviction cannot pass a proposal alone. Each
//! track has a [`Curve`] for each: the threshold falls from `ceil` to `floor` over the first
//! `length` of the decision period, so that a proposal with broad support passes early and a
//! narrow one must wait.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{Perbill, Saturating};

use crate::conviction::Conviction;

/// A threshold over the decision period.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Curve {
	/// The share of the decision period over which the threshold falls (then stays at
	/// `floor`).
	pub length: Perbill,
	/// The threshold at the end of `length`.
	pub floor: Perbill,
	/// The threshold at the start.
	pub ceil: Perbill,
}

impl Curve {
	/// A threshold that does not move.
	pub const fn flat(at: Perbill) -> Self {
		Self { length: Perbill::one(), floor: at, ceil: at }
	}

	/// Whether the curve is well formed: `floor ≤ ceil`.
	pub fn is_valid(&self) -> bool {
		self.floor <= self.ceil
	}

	/// The threshold when `elapsed` of the decision period has passed.
	pub fn threshold(&self, elapsed: Perbill) -> Perbill {
		if self.length.is_zero() || elapsed >= self.length {
			return self.floor;
		}
		let progress = Perbill::from_rational(elapsed.deconstruct(), self.length.deconstruct());
		let drop = progress * self.ceil.saturating_sub(self.floor);
		self.ceil.saturating_sub(drop)
	}
}

impl Curve {
	/// The earliest share of the decision period at which the threshold is at most `value`:
	/// `Some(0)` if it is already, `None` if it never will be (`value` below the floor).
	pub fn delay(&self, value: Perbill) -> Option<Perbill> {
		if value >= self.ceil {
			return Some(Perbill::zero());
		}
		if value < self.floor {
			return None;
		}
		// floor ≤ value < ceil: solve ceil − (ceil − floor) × x / length ≤ value for x.
		let (ceil, floor, value) = (
			self.ceil.deconstruct() as u64,
			self.floor.deconstruct() as u64,
			value.deconstruct() as u64,
		);
		let length = self.length.deconstruct() as u64;
		let mut x = (length * (ceil - value)).div_ceil(ceil - floor).min(length) as u32;
		// `threshold` rounds: step to the exact first part at which it is met.
		let met =
			|x: u32| self.threshold(Perbill::from_parts(x)) <= Perbill::from_parts(value as u32);
		while !met(x) && x < length as u32 {
			x += 1;
		}
		while x > 0 && met(x - 1) {
			x -= 1;
		}
		Some(Perbill::from_parts(x))
	}
}

/// A vote as cast.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Vote {
	/// For (true) or against.
	pub aye: bool,
	/// Tokens voted (and frozen).
	pub balance: u128,
	/// The multiplier and its lock.
	pub conviction: Conviction,
}

/// The running count of a referendum.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Tally {
	/// Convicted aye votes.
	pub ayes: u128,
	/// Convicted nay votes.
	pub nays: u128,
	/// Aye capital, without conviction.
	pub support: u128,
}

impl Tally {
	/// Counts `vote`.
	pub fn add(&mut self, vote: &Vote) {
		let votes = vote.conviction.votes(vote.balance);
		if vote.aye {
			self.ayes = self.ayes.saturating_add(votes);
			self.support = self.support.saturating_add(vote.balance);
		} else {
			self.nays = self.nays.saturating_add(votes);
		}
	}

	/// Takes `vote` back out (it was added before).
	pub fn remove(&mut self, vote: &Vote) {
		let votes = vote.conviction.votes(vote.balance);
		if vote.aye {
			self.ayes = self.ayes.saturating_sub(votes);
			self.support = self.support.saturating_sub(vote.balance);
		} else {
			self.nays = self.nays.saturating_sub(votes);
		}
	}

	/// The ayes' share of the votes; zero with no votes.
	pub fn approval(&self) -> Perbill {
		let total = self.ayes.saturating_add(self.nays);
		if total == 0 {
			return Perbill::zero();
		}
		Perbill::from_rational(self.ayes, total)
	}

	/// The aye capital's share of `issuance`.
	pub fn support(&self, issuance: u128) -> Perbill {
		Perbill::from_rational(self.support, issuance.max(1))
	}

	/// Whether the tally passes both curves when `elapsed` of the decision period has passed,
	/// against `issuance`. A threshold is passed when met exactly.
	pub fn passing(
		&self,
		elapsed: Perbill,
		issuance: u128,
		approval: &Curve,
		support: &Curve,
	) -> bool {
		self.approval() >= approval.threshold(elapsed)
			&& self.support(issuance) >= support.threshold(elapsed)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn vote(aye: bool, balance: u128, level: u8) -> Vote {
		Vote { aye, balance, conviction: Conviction::from_level(level).unwrap() }
	}

	#[test]
	fn conviction_weighs_approval_but_not_support() {
		let mut t = Tally::default();
		t.add(&vote(true, 100, 6)); // 600 ayes, 100 support
		t.add(&vote(false, 300, 1)); // 300 nays
		assert_eq!(t, Tally { ayes: 600, nays: 300, support: 100 });
		assert_eq!(t.approval(), Perbill::from_rational(2u32, 3u32));
		assert_eq!(t.support(1_000), Perbill::from_percent(10));
		t.remove(&vote(true, 100, 6));
		assert_eq!(t, Tally { ayes: 0, nays: 300, support: 0 });
		assert_eq!(Tally::default().approval(), Perbill::zero());
	}

	#[test]
	fn curves_fall_from_ceil_to_floor_over_their_length() {
		let c = Curve {
			length: Perbill::from_percent(50),
			floor: Perbill::from_percent(50),
			ceil: Perbill::from_percent(100),
		};
		assert_eq!(c.threshold(Perbill::zero()), Perbill::from_percent(100));
		assert_eq!(c.threshold(Perbill::from_percent(25)), Perbill::from_percent(75));
		assert_eq!(c.threshold(Perbill::from_percent(50)), Perbill::from_percent(50));
		assert_eq!(c.threshold(Perbill::one()), Perbill::from_percent(50));
		let flat = Curve::flat(Perbill::from_percent(60));
		assert_eq!(flat.threshold(Perbill::zero()), flat.threshold(Perbill::one()));
		assert!(c.is_valid());
		assert!(!Curve { floor: Perbill::one(), ceil: Perbill::zero(), ..c }.is_valid());
	}

	#[test]
	fn thresholds_are_passed_when_met_exactly() {
		let approval = Curve::flat(Perbill::from_percent(60));
		let support = Curve::flat(Perbill::from_percent(10));
		let mut t = Tally::default();
		t.add(&vote(true, 600, 1));
		t.add(&vote(false, 400, 1));
		// Approval 60 %, support 600 of 6,000 = 10 %: both exactly met.
		assert!(t.passing(Perbill::zero(), 6_000, &approval, &support));
		// One token more of issuance: support just below.
		assert!(!t.passing(Perbill::zero(), 6_001, &approval, &support));
		// One nay more: approval just below.
		t.add(&vote(false, 1, 1));
		assert!(!t.passing(Perbill::zero(), 6_000, &approval, &support));
	}

	#[test]
	fn delay_finds_when_the_threshold_is_met() {
		let c = Curve {
			length: Perbill::from_percent(50),
			floor: Perbill::from_percent(50),
			ceil: Perbill::from_percent(100),
		};
		assert_eq!(c.delay(Perbill::one()), Some(Perbill::zero()));
		assert_eq!(c.delay(Perbill::from_percent(75)), Some(Perbill::from_percent(25)));
		assert_eq!(c.delay(Perbill::from_percent(50)), Some(Perbill::from_percent(50)));
		assert_eq!(c.delay(Perbill::from_percent(49)), None);
	}

	proptest::proptest! {
		/// `delay` is the earliest point the threshold is met: met there, not a part before.
		#[test]
		fn delay_is_exact(len in 1u32..=1_000_000_000, floor in 0u32..=1_000_000_000, ceil in 0u32..=1_000_000_000, value in 0u32..=1_000_000_000) {
			let (floor, ceil) = (floor.min(ceil), floor.max(ceil));
			let c = Curve { length: Perbill::from_parts(len), floor: Perbill::from_parts(floor), ceil: Perbill::from_parts(ceil) };
			let value = Perbill::from_parts(value);
			match c.delay(value) {
				None => proptest::prop_assert!(c.threshold(Perbill::one()) > value),
				Some(x) => {
					proptest::prop_assert!(c.threshold(x) <= value);
					if x.deconstruct() > 0 {
						proptest::prop_assert!(c.threshold(Perbill::from_parts(x.deconstruct() - 1)) > value);
					}
				},
			}
		}
	}

	proptest::proptest! {
		/// Adding then removing votes restores the tally; thresholds never rise with time.
		#[test]
		fn add_remove_round_trip_and_curves_fall(
			votes in proptest::collection::vec((proptest::bool::ANY, 0u128..1u128 << 100, 0u8..=6), 0..20),
			a in 0u32..=1_000_000_000, b in 0u32..=1_000_000_000,
			len in 0u32..=1_000_000_000, floor in 0u32..=1_000_000_000, ceil in 0u32..=1_000_000_000,
		) {
			let votes: Vec<Vote> = votes.into_iter().map(|(aye, bal, c)| vote(aye, bal, c)).collect();
			let mut t = Tally::default();
			for v in &votes { t.add(v); }
			for v in votes.iter().rev() { t.remove(v); }
			proptest::prop_assert_eq!(t, Tally::default());
			let (floor, ceil) = (floor.min(ceil), floor.max(ceil));
			let c = Curve { length: Perbill::from_parts(len), floor: Perbill::from_parts(floor), ceil: Perbill::from_parts(ceil) };
			let (x, y) = (a.min(b), a.max(b));
			proptest::prop_assert!(c.threshold(Perbill::from_parts(y)) <= c.threshold(Perbill::from_parts(x)));
			proptest::prop_assert!(c.threshold(Perbill::from_parts(x)) >= c.floor);
			proptest::prop_assert!(c.threshold(Perbill::from_parts(x)) <= c.ceil);
		}
	}
}
