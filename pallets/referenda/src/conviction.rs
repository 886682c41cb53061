//! Conviction: a voter multiplies its vote's weight by locking the tokens longer.
//!
//! As FRAME's conviction voting: `None` counts a tenth of the balance and locks nothing beyond
//! the referendum; `LockedNx` counts `N` times the balance and keeps the tokens frozen for
//! `2^(N-1)` lock periods after the referendum ends (if the vote was on the winning side).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// How long a vote's tokens stay locked, and what the vote weighs.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Default,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Conviction {
	/// 0.1× the balance; no lock after the referendum.
	#[default]
	None,
	/// 1×, locked for one period.
	Locked1x,
	/// 2×, two periods.
	Locked2x,
	/// 3×, four periods.
	Locked3x,
	/// 4×, eight periods.
	Locked4x,
	/// 5×, sixteen periods.
	Locked5x,
	/// 6×, thirty-two periods.
	Locked6x,
}

impl Conviction {
	/// The conviction of level `n` (0-6), as the `vote` call takes it.
	pub fn from_level(n: u8) -> Option<Self> {
		Some(match n {
			0 => Self::None,
			1 => Self::Locked1x,
			2 => Self::Locked2x,
			3 => Self::Locked3x,
			4 => Self::Locked4x,
			5 => Self::Locked5x,
			6 => Self::Locked6x,
			_ => return None,
		})
	}

	/// Lock periods after the referendum ends: 0, 1, 2, 4, 8, 16, 32.
	pub fn lock_periods(self) -> u32 {
		match self {
			Self::None => 0,
			Self::Locked1x => 1,
			Self::Locked2x => 2,
			Self::Locked3x => 4,
			Self::Locked4x => 8,
			Self::Locked5x => 16,
			Self::Locked6x => 32,
		}
	}

	/// The weight of a vote of `balance`: a tenth of it without conviction (rounded down),
	/// `N` times it with `LockedNx` (saturating).
	pub fn votes(self, balance: u128) -> u128 {
		match self {
			Self::None => balance / 10,
			other => balance.saturating_mul(other as u128),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn multipliers_and_locks_follow_frame() {
		let table: Vec<_> = (0..=6)
			.map(|n| {
				let c = Conviction::from_level(n).unwrap();
				(c.votes(100), c.lock_periods())
			})
			.collect();
		assert_eq!(
			table,
			vec![(10, 0), (100, 1), (200, 2), (300, 4), (400, 8), (500, 16), (600, 32)]
		);
		assert_eq!(Conviction::from_level(7), None);
		assert_eq!(Conviction::Locked6x.votes(u128::MAX), u128::MAX);
	}

	#[test]
	fn more_conviction_never_weighs_less_or_locks_shorter() {
		for n in 0..6 {
			let (a, b) =
				(Conviction::from_level(n).unwrap(), Conviction::from_level(n + 1).unwrap());
			assert!(a < b);
			assert!(a.votes(1_000) < b.votes(1_000));
			assert!(a.lock_periods() < b.lock_periods());
		}
	}
}
