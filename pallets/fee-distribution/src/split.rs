//! Splitting an amount between stakers, treasury and burn.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// How an era's fees are shared. The three parts sum to 100 %.
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
pub struct Shares {
	/// To the active sequencers and their delegators.
	pub stakers: Perbill,
	/// To the treasury.
	pub treasury: Perbill,
	/// Burned: taken out of the total issuance.
	pub burn: Perbill,
}

impl Shares {
	/// The seed's default: 40 % stakers, 40 % treasury, 20 % burned.
	pub const fn seed_default() -> Self {
		Self {
			stakers: Perbill::from_percent(40),
			treasury: Perbill::from_percent(40),
			burn: Perbill::from_percent(20),
		}
	}

	/// Whether the parts sum to exactly 100 %.
	pub fn is_valid(&self) -> bool {
		self.stakers.deconstruct() as u64
			+ self.treasury.deconstruct() as u64
			+ self.burn.deconstruct() as u64
			== Perbill::one().deconstruct() as u64
	}
}

/// An amount split by [`Shares`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Split {
	/// For the stakers.
	pub stakers: u128,
	/// For the treasury.
	pub treasury: u128,
	/// To burn.
	pub burn: u128,
}

/// Splits `amount`: the stakers' and the burned parts are rounded down, and the treasury gets
/// the rest, so the three always add up to `amount` and rounding never favours a staker or
/// destroys a token.
pub fn split(amount: u128, shares: &Shares) -> Split {
	let stakers = shares.stakers.mul_floor(amount);
	let burn = shares.burn.mul_floor(amount);
	let treasury = amount.saturating_sub(stakers).saturating_sub(burn);
	Split { stakers, treasury, burn }
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_seed_default_splits_40_40_20() {
		let s = Shares::seed_default();
		assert!(s.is_valid());
		assert_eq!(split(1_000, &s), Split { stakers: 400, treasury: 400, burn: 200 });
		// Rounding: 7 × 40 % = 2.8 → 2, 7 × 20 % = 1.4 → 1, treasury gets 4 (2.8 + the rest).
		assert_eq!(split(7, &s), Split { stakers: 2, treasury: 4, burn: 1 });
		assert_eq!(split(0, &s), Split::default());
	}

	#[test]
	fn shares_must_sum_to_one_hundred_percent() {
		let mut s = Shares::seed_default();
		s.burn = Perbill::from_percent(21);
		assert!(!s.is_valid());
		s.burn = Perbill::from_percent(19);
		assert!(!s.is_valid());
		let all_burn =
			Shares { stakers: Perbill::zero(), treasury: Perbill::zero(), burn: Perbill::one() };
		assert!(all_burn.is_valid());
		assert_eq!(split(u128::MAX, &all_burn).burn, u128::MAX);
	}

	proptest::proptest! {
		/// The parts always add up to the amount; stakers and burn never get more than their
		/// share; the treasury's rounding gain is below one unit per rounded part.
		#[test]
		fn nothing_is_created_or_lost(amount in proptest::num::u128::ANY, a in 0u32..=1_000_000_000, b in 0u32..=1_000_000_000) {
			proptest::prop_assume!(a as u64 + b as u64 <= 1_000_000_000);
			let shares = Shares {
				stakers: Perbill::from_parts(a),
				burn: Perbill::from_parts(b),
				treasury: Perbill::from_parts(1_000_000_000 - a - b),
			};
			proptest::prop_assert!(shares.is_valid());
			let s = split(amount, &shares);
			proptest::prop_assert_eq!(s.stakers + s.treasury + s.burn, amount);
			proptest::prop_assert!(s.treasury >= shares.treasury.mul_floor(amount));
			proptest::prop_assert!(s.treasury - shares.treasury.mul_floor(amount) <= 2);
		}
	}
}
