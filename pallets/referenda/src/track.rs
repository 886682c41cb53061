//! Tracks: each kind of proposal has its own deposits, periods and thresholds. Tracks are
//! storage, changed by referendum on the root track, not compiled into the runtime.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;

use crate::tally::Curve;

/// A track's id.
pub type TrackId = u16;

/// Longest track name, in bytes.
pub type MaxTrackName = ConstU32<32>;

/// What an approved referendum on a track may do: the origin its proposal is dispatched with.
/// Powers are code (each other pallet's privileged calls accept certain powers); tracks, which
/// say how hard a power is to wield, are storage.
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
pub enum Power {
	/// Root: runtime upgrades, tracks, the council, anything.
	Root,
	/// Economic and staking parameters: fee split, minimum stake, slash rates, commission cap.
	Parameters,
	/// Treasury spends.
	Treasury,
	/// Inbox limits and fees: enacted no sooner than the rollup notice after approval.
	RollupImpacting,
	/// Emergencies: pause the inbox, cancel a slash, cancel a referendum.
	Emergency,
}

/// What a track requires of its referenda.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Track<BlockNumber> {
	/// The track's name, as wallets show it (`root`, `parameters`, ...).
	pub name: BoundedVec<u8, MaxTrackName>,
	/// The origin its approved proposals are dispatched with.
	pub power: Power,
	/// Referenda that may be deciding at once; more wait in the queue.
	pub max_deciding: u32,
	/// Held from whoever places the decision deposit, until the referendum ends.
	pub decision_deposit: u128,
	/// Blocks after submission before deciding may start.
	pub prepare_period: BlockNumber,
	/// Blocks the decision lasts at most.
	pub decision_period: BlockNumber,
	/// Blocks a referendum must keep passing before it is approved.
	pub confirm_period: BlockNumber,
	/// Least delay between approval and enactment: the timelock.
	pub min_enactment_period: BlockNumber,
	/// Approval threshold over the decision period.
	pub min_approval: Curve,
	/// Support threshold over the decision period.
	pub min_support: Curve,
}

/// Why a track is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackError {
	/// A name that is empty or not lowercase ASCII letters, digits and dashes.
	BadName,
	/// A decision period of zero, or a confirm period longer than the decision period.
	BadPeriods,
	/// A curve whose floor is above its ceiling.
	BadCurve,
	/// No referendum could ever decide on it.
	NoCapacity,
}

impl<BlockNumber: Copy + PartialOrd + Default> Track<BlockNumber> {
	/// Checks the track is one a referendum can run on.
	pub fn validate(&self) -> Result<(), TrackError> {
		let name_ok = !self.name.is_empty()
			&& self.name.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
		if !name_ok {
			return Err(TrackError::BadName);
		}
		if self.decision_period <= BlockNumber::default()
			|| self.confirm_period > self.decision_period
		{
			return Err(TrackError::BadPeriods);
		}
		if !self.min_approval.is_valid() || !self.min_support.is_valid() {
			return Err(TrackError::BadCurve);
		}
		if self.max_deciding == 0 {
			return Err(TrackError::NoCapacity);
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::Perbill;

	fn track() -> Track<u32> {
		Track {
			name: BoundedVec::truncate_from(b"parameters".to_vec()),
			power: Power::Parameters,
			max_deciding: 10,
			decision_deposit: 1_000,
			prepare_period: 10,
			decision_period: 100,
			confirm_period: 10,
			min_enactment_period: 20,
			min_approval: Curve::flat(Perbill::from_percent(50)),
			min_support: Curve::flat(Perbill::from_percent(1)),
		}
	}

	#[test]
	fn a_good_track_validates() {
		assert_eq!(track().validate(), Ok(()));
	}

	#[test]
	fn bad_tracks_are_named() {
		let t = |f: fn(&mut Track<u32>)| {
			let mut t = track();
			f(&mut t);
			t.validate()
		};
		assert_eq!(t(|t| t.name = BoundedVec::new()), Err(TrackError::BadName));
		assert_eq!(
			t(|t| t.name = BoundedVec::truncate_from(b"Root".to_vec())),
			Err(TrackError::BadName)
		);
		assert_eq!(t(|t| t.decision_period = 0), Err(TrackError::BadPeriods));
		assert_eq!(t(|t| t.confirm_period = 101), Err(TrackError::BadPeriods));
		assert_eq!(
			t(|t| t.min_support = Curve {
				length: Perbill::one(),
				floor: Perbill::from_percent(2),
				ceil: Perbill::from_percent(1)
			}),
			Err(TrackError::BadCurve)
		);
		assert_eq!(t(|t| t.max_deciding = 0), Err(TrackError::NoCapacity));
	}
}
