//! The emission schedule: tokens minted per era on an annual rate that decays in steps, never
//! beyond a hard maximum supply.
//!
//! With the seed's shape (15 % a year, halving every four years), era `e` mints
//! `rate(e) × issuance / eras_per_year`, where `rate(e) = initial_rate × (1 - decay)^⌊e / decay_period⌋`,
//! capped so that the total issuance never exceeds `max_supply`: the era that would cross the
//! cap mints exactly up to it, and every era after mints nothing.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{traits::Saturating, Perbill};

/// An era's index.
pub type EraIndex = u32;

/// The emission parameters (governance-set, within bounds the pallet enforces).
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
pub struct Emission {
	/// Annual rate at era 0, of the total issuance.
	pub initial_rate: Perbill,
	/// Each step multiplies the rate by `1 - decay` (50 %: halving).
	pub decay: Perbill,
	/// Eras between decay steps.
	pub decay_period: EraIndex,
	/// Eras in a year.
	pub eras_per_year: u32,
	/// Hard cap on the total issuance.
	pub max_supply: u128,
}

impl Emission {
	/// The annual rate in era `era`.
	pub fn rate(&self, era: EraIndex) -> Perbill {
		let steps = era.checked_div(self.decay_period).unwrap_or(0);
		let keep = Perbill::one().saturating_sub(self.decay);
		let mut rate = self.initial_rate;
		// The rate reaches zero after at most ~30 halvings of a Perbill; stop there.
		for _ in 0..steps.min(64) {
			if rate.is_zero() {
				break;
			}
			rate = keep * rate;
		}
		rate
	}

	/// Tokens to mint at the end of era `era`, given the total issuance then.
	pub fn minted(&self, era: EraIndex, issuance: u128) -> u128 {
		let headroom = self.max_supply.saturating_sub(issuance);
		let annual = self.rate(era).mul_floor(issuance);
		let per_era = annual.checked_div(self.eras_per_year as u128).unwrap_or(0);
		per_era.min(headroom)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const UNIT: u128 = 1_000_000_000_000;
	/// Hourly eras.
	const ERAS_PER_YEAR: u32 = 24 * 365;

	fn seed() -> Emission {
		Emission {
			initial_rate: Perbill::from_percent(15),
			decay: Perbill::from_percent(50),
			decay_period: 4 * ERAS_PER_YEAR,
			eras_per_year: ERAS_PER_YEAR,
			max_supply: 2_000_000_000 * UNIT,
		}
	}

	#[test]
	fn fifteen_percent_halving_every_four_years() {
		let e = seed();
		assert_eq!(e.rate(0), Perbill::from_percent(15));
		assert_eq!(e.rate(4 * ERAS_PER_YEAR - 1), Perbill::from_percent(15));
		assert_eq!(e.rate(4 * ERAS_PER_YEAR), Perbill::from_rational(75u32, 1000u32));
		assert_eq!(e.rate(8 * ERAS_PER_YEAR), Perbill::from_rational(375u32, 10_000u32));
		let issuance = 1_000_000_000 * UNIT;
		// A year of eras at 15 % on a billion: about 150 million (less compounding).
		assert_eq!(e.minted(0, issuance), 150_000_000 * UNIT / ERAS_PER_YEAR as u128);
		assert_eq!(
			e.minted(4 * ERAS_PER_YEAR, issuance),
			75_000_000 * UNIT / ERAS_PER_YEAR as u128
		);
	}

	#[test]
	fn the_cap_is_reached_exactly_and_never_passed() {
		let e = Emission { max_supply: 1_000_000 * UNIT + 5, ..seed() };
		let mut issuance = 1_000_000 * UNIT;
		let mut era = 0;
		while issuance < e.max_supply {
			issuance += e.minted(era, issuance);
			era += 1;
			assert!(era < 10, "a small headroom is used up in the first era");
		}
		assert_eq!(issuance, e.max_supply);
		assert_eq!(e.minted(era, issuance), 0);
		assert_eq!(
			e.minted(era, issuance + 1),
			0,
			"above the cap (after burns were undone) nothing"
		);
	}

	#[test]
	fn the_rate_decays_to_zero_and_stays_there() {
		let e = seed();
		assert!(e.rate(200 * 4 * ERAS_PER_YEAR).is_zero());
		assert_eq!(
			Emission { decay_period: 0, ..seed() }.rate(1_000_000),
			Perbill::from_percent(15)
		);
		assert_eq!(Emission { eras_per_year: 0, ..seed() }.minted(0, UNIT), 0);
	}

	proptest::proptest! {
		/// Minting never pushes the issuance over the cap, and the rate never increases.
		#[test]
		fn capped_and_decaying(
			issuance in 0u128..u128::MAX / 4,
			headroom in 0u128..1_000_000 * UNIT,
			era in 0u32..1_000_000,
			later in 0u32..1_000_000,
		) {
			let e = Emission { max_supply: issuance.saturating_add(headroom), ..seed() };
			proptest::prop_assert!(issuance + e.minted(era, issuance) <= e.max_supply);
			proptest::prop_assert!(e.rate(era.saturating_add(later)) <= e.rate(era));
		}
	}
}
