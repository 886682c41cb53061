//! The economy as the staking, rotation and fee-distribution pallets see each other, and the
//! metrics the chain reports about itself.

use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchResult, Perbill};

use crate::{EraIndex, SessionIndex};

/// A sequencer's stake pool as the reward side needs it.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo)]
pub struct PoolInfo {
	/// The commission in effect: the operator's cut of the pool's rewards.
	pub commission: Perbill,
	/// Shares outstanding in the pool.
	pub shares: u128,
	/// Tokens in the pool.
	pub stake: u128,
}

/// The stake pools (implemented by sequencer-staking).
pub trait StakePools<AccountId> {
	/// `sequencer`'s pool, if it is a candidate.
	fn pool(sequencer: &AccountId) -> Option<PoolInfo>;
	/// Shares `who` holds in `sequencer`'s pool.
	fn shares(sequencer: &AccountId, who: &AccountId) -> u128;
	/// Bonds `amount` of `who`'s free balance to `sequencer`'s pool, as `delegate_extra` (or
	/// `bond_extra` for the operator) would: used to re-bond rewards.
	fn bond(sequencer: &AccountId, who: &AccountId, amount: u128) -> DispatchResult;
	/// Sum of the active stake of all pools.
	fn total_staked() -> u128;
}

/// Told before a staker's shares in a pool change, so that rewards earned with the old shares
/// are settled first (fee-distribution's reward-per-share accounting).
pub trait SharesObserver<AccountId> {
	/// `who`'s shares in `sequencer`'s pool go from `before` to `after`.
	fn before_shares_change(sequencer: &AccountId, who: &AccountId, before: u128, after: u128);
}

impl<AccountId> SharesObserver<AccountId> for () {
	fn before_shares_change(_: &AccountId, _: &AccountId, _: u128, _: u128) {}
}

/// Told when an era ends, before the next one starts (before its slashes apply and its
/// commission changes take effect).
pub trait EraObserver {
	/// Era `era`, which spanned sessions `first_session..end_session`, has ended.
	fn on_era_end(era: EraIndex, first_session: SessionIndex, end_session: SessionIndex);
}

impl EraObserver for () {
	fn on_era_end(_: EraIndex, _: SessionIndex, _: SessionIndex) {}
}

/// Blocks each sequencer authored (implemented by slot-rotation).
pub trait AuthoredBlocks<AccountId> {
	/// Blocks each member of `session`'s set authored in it; empty for sessions no longer
	/// (or not yet) recorded.
	fn authored(session: SessionIndex) -> Vec<(AccountId, u32)>;
}

/// One era of the economy, as recorded when it ended.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, Default, TypeInfo, MaxEncodedLen)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct EraSummary {
	/// The era.
	pub era: EraIndex,
	/// Fees collected in the pot during the era (transaction fees and tips, inbox fees, dust).
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub fees: u128,
	/// Tokens minted at its end.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub minted: u128,
	/// Tokens burned at its end (the burn share of the fees).
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub burned: u128,
	/// Credited to sequencers and their pools.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub stakers: u128,
	/// Paid into the treasury (its fee and emission shares and every rounding remainder).
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub treasury: u128,
	/// Spent from the treasury during the era.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub spent: u128,
	/// Blocks authored in the era, over all sequencers.
	pub blocks: u32,
}

/// The economy's health, as the seed asks it be monitored.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, Default, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct EconomicsMetrics {
	/// The era in progress.
	pub current_era: EraIndex,
	/// Tokens in existence.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub total_issuance: u128,
	/// The issuance at genesis.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub genesis_issuance: u128,
	/// Minted by emission since genesis.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub minted: u128,
	/// Burned since genesis (fee burns, and slashes while they are set to burn).
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub burned: u128,
	/// The hard cap on the issuance.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub max_supply: u128,
	/// The annual emission rate in the current era, in parts per billion.
	pub emission_rate: u32,
	/// Tokens bonded in stake pools.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub total_staked: u128,
	/// Bonded share of the issuance, in parts per billion.
	pub staking_ratio: u32,
	/// Herfindahl-Hirschman index of stake across the active set, 0-10,000: the sum of the
	/// squared percentage shares. 10,000 is one sequencer holding everything; `n` equal
	/// sequencers give `10,000 / n`.
	pub stake_hhi: u32,
	/// Sequencers in the active set.
	pub active_sequencers: u32,
	/// The treasury's balance.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub treasury_balance: u128,
	/// Mean treasury spend per era over the recorded eras.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub mean_spend_per_era: u128,
	/// Eras the treasury lasts at that mean spend; `None` when nothing was spent.
	pub runway_eras: Option<u64>,
	/// Fees collected so far in the current era.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub current_era_fees: u128,
	/// Rewards credited and not yet claimed.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub unclaimed_rewards: u128,
	/// The most recent eras, oldest first.
	pub recent_eras: Vec<EraSummary>,
	/// Voter participation in governance.
	pub governance: GovernanceMetrics,
}

/// Voter participation in governance: how much of the active issuance votes.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, Default, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct GovernanceMetrics {
	/// Referenda ongoing now (preparing, queued or deciding).
	pub ongoing: u32,
	/// Mean turnout of the recent decided referenda, in parts per billion.
	pub mean_turnout: u32,
	/// The most recently decided referenda, oldest first.
	pub recent: Vec<ReferendumTurnout>,
}

/// The turnout of one decided referendum.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, Default, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ReferendumTurnout {
	/// The referendum.
	pub index: u32,
	/// Its track.
	pub track: u16,
	/// Approved (else rejected).
	pub approved: bool,
	/// The block it was decided in.
	pub decided: u32,
	/// Aye capital, without conviction: what the support threshold counts.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub support: u128,
	/// The active issuance when it was decided.
	#[cfg_attr(feature = "std", serde(with = "u128_string"))]
	pub issuance: u128,
	/// `support / issuance`, in parts per billion.
	pub turnout: u32,
}

/// A `u128` as a decimal string in JSON: JavaScript numbers lose precision above 2⁵³.
#[cfg(feature = "std")]
pub mod u128_string {
	use serde::{Deserialize, Deserializer, Serializer};

	/// Writes the decimal string.
	pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&v.to_string())
	}

	/// Reads a decimal string (or a number small enough for JSON).
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
		#[derive(Deserialize)]
		#[serde(untagged)]
		enum Repr {
			S(String),
			N(u64),
		}
		match Repr::deserialize(d)? {
			Repr::S(s) => s.parse().map_err(serde::de::Error::custom),
			Repr::N(n) => Ok(n as u128),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn metrics_serialise_large_amounts_as_strings() {
		let m = EconomicsMetrics { total_issuance: u128::MAX, ..Default::default() };
		let json = serde_json::to_string(&m).unwrap();
		assert!(json.contains(&format!("\"totalIssuance\":\"{}\"", u128::MAX)), "{json}");
		let back: EconomicsMetrics = serde_json::from_str(&json).unwrap();
		assert_eq!(back, m);
	}
}
