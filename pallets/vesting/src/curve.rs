//! The vesting curve: how much of a schedule has vested at a given block. Pure and storage-free.
//!
//! A schedule releases nothing before `start + cliff`. At `start + cliff` it releases
//! `cliff_amount`; the rest, `total - cliff_amount`, is released linearly until
//! `start + duration`, in steps of `period` blocks (1 = every block). At `start + duration`
//! everything has vested.
//!
//! The seed's example, 1,000,000 tokens with a one-year cliff and 36 monthly releases, is
//! `cliff = 12 months`, `cliff_amount = 0`, `duration = 48 months`, `period = 1 month`: nothing
//! through month 12, then 1,000,000 / 36 ≈ 27,777 at the end of each month, all by month 48.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, UniqueSaturatedInto, Zero},
	Rounding,
};

/// A vesting schedule. Amounts in the smallest unit, times in blocks.
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
#[serde(rename_all = "camelCase")]
pub struct Schedule<BlockNumber> {
	/// Amount the schedule locks at the start and has released by the end.
	pub total: u128,
	/// Block the schedule starts at.
	pub start: BlockNumber,
	/// Blocks after `start` before anything is released.
	pub cliff: BlockNumber,
	/// Amount released at once at `start + cliff`.
	pub cliff_amount: u128,
	/// Blocks after `start` at which everything has been released.
	pub duration: BlockNumber,
	/// Release step of the linear part, in blocks (1: every block).
	pub period: BlockNumber,
}

/// Why a schedule is not valid.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CurveError {
	/// `total` is zero.
	ZeroAmount,
	/// `duration` or `period` is zero.
	ZeroDuration,
	/// `cliff` is after the end (`cliff > duration`).
	CliffBeyondEnd,
	/// `cliff_amount` exceeds `total`.
	CliffAmountTooLarge,
	/// `start + duration` overflows.
	Overflow,
}

impl<B> Schedule<B>
where
	B: Copy + Ord + Zero + Saturating + UniqueSaturatedInto<u128> + sp_runtime::traits::CheckedAdd,
{
	/// Checks the schedule's shape.
	pub fn validate(&self) -> Result<(), CurveError> {
		if self.total == 0 {
			return Err(CurveError::ZeroAmount);
		}
		if self.duration.is_zero() || self.period.is_zero() {
			return Err(CurveError::ZeroDuration);
		}
		if self.cliff > self.duration {
			return Err(CurveError::CliffBeyondEnd);
		}
		if self.cliff_amount > self.total {
			return Err(CurveError::CliffAmountTooLarge);
		}
		self.start.checked_add(&self.duration).ok_or(CurveError::Overflow)?;
		Ok(())
	}

	/// First block at which anything is released.
	pub fn cliff_end(&self) -> B {
		self.start.saturating_add(self.cliff)
	}

	/// Block by which everything is released.
	pub fn end(&self) -> B {
		self.start.saturating_add(self.duration)
	}

	/// Amount vested at block `now`.
	pub fn vested(&self, now: B) -> u128 {
		if now < self.cliff_end() {
			return 0;
		}
		if now >= self.end() {
			return self.total;
		}
		let linear = self.total.saturating_sub(self.cliff_amount);
		let span: u128 = self.duration.saturating_sub(self.cliff).unique_saturated_into();
		let period: u128 = self.period.unique_saturated_into();
		let elapsed: u128 = now.saturating_sub(self.cliff_end()).unique_saturated_into();
		let stepped = elapsed / period * period;
		// `span > 0` here: `cliff_end <= now < end` means `cliff < duration`.
		let released = multiply_by_rational_with_rounding(linear, stepped, span, Rounding::Down)
			.unwrap_or(linear);
		self.cliff_amount.saturating_add(released.min(linear))
	}

	/// Amount still locked at block `now`.
	pub fn locked(&self, now: B) -> u128 {
		self.total.saturating_sub(self.vested(now))
	}

	/// The next block after `now` at which more vests, and the amount vested then; `None` once
	/// everything has vested.
	pub fn next_unlock(&self, now: B) -> Option<(B, u128)>
	where
		B: From<u32> + core::ops::Div<Output = B>,
	{
		if now >= self.end() {
			return None;
		}
		let current = self.vested(now);
		let one: B = 1u32.into();
		// The next step boundary strictly after `now`.
		let mut t = if now < self.cliff_end() {
			self.cliff_end()
		} else {
			let elapsed = now.saturating_sub(self.cliff_end());
			self.cliff_end().saturating_add(
				(elapsed / self.period).saturating_add(one).saturating_mul(self.period),
			)
		};
		// A cliff releasing nothing, or steps too small to release a unit, move on; the end
		// always releases the rest.
		for _ in 0..2 {
			let t_clamped = t.min(self.end());
			let vested = self.vested(t_clamped);
			if vested > current {
				return Some((t_clamped, vested));
			}
			t = t.saturating_add(self.period);
		}
		Some((self.end(), self.total))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const MONTH: u32 = 30 * 24 * 60 * 30; // 2 s blocks

	fn seed_example() -> Schedule<u32> {
		Schedule {
			total: 1_000_000,
			start: 0,
			cliff: 12 * MONTH,
			cliff_amount: 0,
			duration: 48 * MONTH,
			period: MONTH,
		}
	}

	#[test]
	fn the_seeds_example_one_year_cliff_then_36_monthly_releases() {
		let s = seed_example();
		assert_eq!(s.validate(), Ok(()));
		assert_eq!(s.vested(0), 0);
		assert_eq!(s.vested(12 * MONTH - 1), 0, "nothing before month 12");
		assert_eq!(s.vested(12 * MONTH), 0, "the cliff itself releases no cliff amount");
		assert_eq!(s.vested(13 * MONTH - 1), 0);
		assert_eq!(s.vested(13 * MONTH), 27_777, "about 27,777 a month");
		assert_eq!(s.vested(14 * MONTH), 55_555);
		for m in 13..48 {
			let step = s.vested(m * MONTH) - s.vested((m - 1) * MONTH);
			assert!((27_777..=27_778).contains(&step), "month {m}: {step}");
		}
		assert_eq!(s.vested(48 * MONTH - 1), 972_222);
		assert_eq!(s.vested(48 * MONTH), 1_000_000, "everything by month 48");
		assert_eq!(s.locked(48 * MONTH), 0);
	}

	#[test]
	fn cliff_amount_and_per_block_release() {
		let s = Schedule {
			total: 1_000,
			start: 10,
			cliff: 10,
			cliff_amount: 100,
			duration: 100,
			period: 1,
		};
		assert_eq!(s.vested(19), 0);
		assert_eq!(s.vested(20), 100);
		assert_eq!(s.vested(65), 100 + 900 * 45 / 90);
		assert_eq!(s.vested(110), 1_000);
		// A cliff at the end releases everything at once.
		let all_at_end = Schedule { cliff: 100, ..s };
		assert_eq!(all_at_end.vested(109), 0);
		assert_eq!(all_at_end.vested(110), 1_000);
	}

	#[test]
	fn next_unlock_finds_the_next_release() {
		let s = seed_example();
		assert_eq!(s.next_unlock(0), Some((13 * MONTH, 27_777)));
		assert_eq!(s.next_unlock(13 * MONTH), Some((14 * MONTH, 55_555)));
		assert_eq!(s.next_unlock(47 * MONTH + 5), Some((48 * MONTH, 1_000_000)));
		assert_eq!(s.next_unlock(48 * MONTH), None);
		let with_cliff_amount = Schedule { cliff_amount: 10, ..s };
		assert_eq!(with_cliff_amount.next_unlock(0), Some((12 * MONTH, 10)));
	}

	#[test]
	fn invalid_shapes_are_named() {
		let s = seed_example();
		assert_eq!(Schedule { total: 0, ..s }.validate(), Err(CurveError::ZeroAmount));
		assert_eq!(
			Schedule { duration: 0, cliff: 0, ..s }.validate(),
			Err(CurveError::ZeroDuration)
		);
		assert_eq!(Schedule { period: 0, ..s }.validate(), Err(CurveError::ZeroDuration));
		assert_eq!(Schedule { cliff: 49 * MONTH, ..s }.validate(), Err(CurveError::CliffBeyondEnd));
		assert_eq!(
			Schedule { cliff_amount: 1_000_001, ..s }.validate(),
			Err(CurveError::CliffAmountTooLarge)
		);
		assert_eq!(Schedule { start: u32::MAX, ..s }.validate(), Err(CurveError::Overflow));
	}

	proptest::proptest! {
		/// Vesting never decreases, never exceeds the total, and is complete at the end.
		#[test]
		fn vested_is_monotonic_and_bounded(
			total in 1u128..u128::MAX / 2,
			cliff_share in 0u128..=100,
			start in 0u32..1_000_000,
			cliff in 0u32..1_000,
			extra in 0u32..100_000,
			period in 1u32..5_000,
			a in 0u32..1_200_000,
			b in 0u32..1_200_000,
		) {
			let s = Schedule {
				total,
				start,
				cliff,
				cliff_amount: total / 100 * cliff_share,
				duration: cliff + extra,
				period,
			};
			proptest::prop_assume!(s.validate().is_ok());
			let (lo, hi) = (a.min(b), a.max(b));
			proptest::prop_assert!(s.vested(lo) <= s.vested(hi));
			proptest::prop_assert!(s.vested(hi) <= total);
			proptest::prop_assert_eq!(s.vested(s.end()), total);
			if let Some((t, v)) = s.next_unlock(lo) {
				proptest::prop_assert!(t > lo && v > s.vested(lo) && v == s.vested(t));
			}
		}
	}
}
