//! # Fee distribution
//!
//! The sequencer chain's economy: every fee flows into one pot, and at each era's end the pot
//! and the era's emission are shared between the stakers, the treasury and the burn. The pallet
//! README explains the economics and lists the default parameters.
//!
//! - **The pot** ([`Pallet::pot_account`]) receives transaction fees and tips
//!   ([`FeePot`] as `pallet-transaction-payment`'s `OnUnbalanced`), inbox fees and expired commit
//!   deposits ([`FeePot`] as the inbox's fee sink) and reaped accounts' dust.
//! - **At each era's end** ([`EraObserver`], called by sequencer-staking before the next era
//!   starts): the era's emission is minted ([`emission`]: a decaying annual rate, never beyond
//!   `MaxSupply`); the pot is split by [`FeeShares`] ([`split`]) and the emission by
//!   [`EmissionStakersShare`]; the stakers' part is shared among sequencers by the blocks each
//!   authored in the era ([`rewards::by_blocks`]); each sequencer's part pays its commission to
//!   the operator and the rest to its pool through a reward-per-share accumulator
//!   ([`rewards::Accumulator`]). Every rounding remainder goes to the treasury; the burn share
//!   leaves the issuance. The work is O(active sequencers), never O(stakers).
//! - **Claims** ([`Pallet::claim_rewards`]) are O(1) per (staker, sequencer): staking tells the
//!   pallet before a staker's shares change ([`SharesObserver`]), so rewards earned with the old
//!   shares are settled first. With auto-compounding ([`Pallet::set_auto_compound`]) a claim
//!   re-bonds the reward, and anyone may trigger it ([`Pallet::claim_rewards_for`]).
//! - **The treasury** ([`Config::TreasuryAccount`]) pays out only through
//!   [`Pallet::spend`] by [`Config::SpendOrigin`] (governance).
//! - **Slashed funds** ([`SlashSink`] as staking's `Slashed`) go to the treasury or are burned,
//!   by the governance-set [`SlashTo`].
//! - **Metrics** ([`Pallet::metrics`], the `EconomicsApi` runtime API and the node's
//!   `economics_metrics` RPC): staking ratio, stake concentration (HHI), treasury runway,
//!   issuance, minted, burned, and the recent eras' flows.
//!
//! ## Invariants (checked by `try_state`)
//!
//! - The total issuance is the genesis issuance plus everything minted minus everything burned:
//!   nothing else in the runtime creates or destroys tokens.
//! - The pot holds at least its existential deposit plus the fees recorded this era; the
//!   rewards account at least its existential deposit plus the rewards credited and not yet
//!   claimed; the treasury at least what it was paid minus what it spent. (Anyone may transfer
//!   into these accounts, so their balances may exceed the records, never fall short.)
//! - The fee shares sum to 100 %, and the cap lies within the runtime's hard maximum.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod emission;
pub mod rewards;
pub mod split;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use core::marker::PhantomData;
use emission::Emission;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Balanced, Credit, Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
		Defensive, Imbalance, OnUnbalanced,
	},
	PalletId,
};
use frame_system::pallet_prelude::*;
use rewards::Accumulator;
use seqchain_primitives::{
	economics::{
		AuthoredBlocks, EconomicsMetrics, EraObserver, EraSummary, SharesObserver, StakePools,
	},
	EraIndex, SessionIndex,
};
use sp_runtime::{
	traits::{AccountIdConversion, Zero},
	Perbill,
};
use split::Shares;

/// Where slashed funds go.
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
pub enum SlashDestination {
	/// Into the treasury (the default).
	#[default]
	Treasury,
	/// Burned: out of the issuance.
	Burn,
}

/// A parameter governance can set ([`Pallet::set_parameter`]).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum EconomicsParameter {
	/// [`FeeShares`]: must sum to 100 %.
	FeeShares(Shares),
	/// [`EmissionStakersShare`]: the stakers' part of each era's emission, the treasury gets
	/// the rest.
	EmissionStakersShare(Perbill),
	/// The emission curve: the annual rate at genesis (at most `MaxAnnualRate`), the share
	/// by which it falls at each step, and the eras between steps (at least one).
	EmissionRate { initial_rate: Perbill, decay: Perbill, decay_period: EraIndex },
	/// The cap on the issuance: not below the issuance now, not above the runtime's
	/// `MaxSupply`.
	MaxSupply(u128),
	/// [`SlashTo`].
	SlashDestination(SlashDestination),
}

/// A staker's reward position in one pool.
#[derive(Encode, Decode, Clone, Copy, Default, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct StakerRewards {
	/// The pool's reward per share when this staker's shares last changed or it last
	/// claimed: its shares have earned `(per_share - debt) × shares` since.
	pub debt: u128,
	/// Settled and not yet claimed: rewards of shares it held before, and commission for an
	/// operator.
	pub owed: u128,
}

/// Every token flow the pallet has caused since genesis.
#[derive(Encode, Decode, Clone, Copy, Default, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Ledger {
	/// The total issuance at genesis.
	pub genesis_issuance: u128,
	/// Minted by emission.
	pub minted: u128,
	/// Burned (fee burns, slashes while burning, fees that found no pot).
	pub burned: u128,
	/// Rewards credited to pools and operators.
	pub credited: u128,
	/// Rewards claimed.
	pub claimed: u128,
	/// Paid into the treasury (its genesis balance included).
	pub treasury_in: u128,
	/// Spent from the treasury.
	pub treasury_spent: u128,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency.
		type Currency: Inspect<Self::AccountId, Balance = u128>
			+ Mutate<Self::AccountId>
			+ Balanced<Self::AccountId>;

		/// The pot's account id; the rewards account is its `rewards` sub-account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The treasury's account.
		#[pallet::constant]
		type TreasuryAccount: Get<Self::AccountId>;

		/// The stake pools (sequencer-staking).
		type StakePools: StakePools<Self::AccountId>;

		/// Blocks authored per session (slot-rotation).
		type Authored: AuthoredBlocks<Self::AccountId>;

		/// The active sequencer set, for the stake concentration metric.
		type ActiveSequencers: Get<Vec<Self::AccountId>>;

		/// Sets the economic parameters (governance).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Spends from the treasury (governance).
		type SpendOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The hard cap on the issuance: governance may lower the cap, never raise it above
		/// this.
		#[pallet::constant]
		type MaxSupply: Get<u128>;

		/// Highest annual emission rate governance may set.
		#[pallet::constant]
		type MaxAnnualRate: Get<Perbill>;

		/// Eras in a year: converts the annual rate to an era's emission.
		#[pallet::constant]
		type ErasPerYear: Get<u32>;

		/// The fee split at genesis.
		type DefaultFeeShares: Get<Shares>;

		/// The emission curve at genesis (its `eras_per_year` is [`Config::ErasPerYear`], its
		/// cap at most [`Config::MaxSupply`]).
		type DefaultEmission: Get<Emission>;

		/// The stakers' part of each era's emission at genesis.
		type DefaultEmissionStakersShare: Get<Perbill>;

		/// Eras whose summaries are kept, for the metrics (mean spend, recent flows).
		#[pallet::constant]
		type HistoryDepth: Get<u32>;

		/// Most sequencers rewarded in one era: the benchmark's range for era-end work.
		#[pallet::constant]
		type MaxSequencers: Get<u32>;

		/// Creates stake pools for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;

		/// Weights of the calls and of the era-end work.
		type WeightInfo: WeightInfo;
	}

	/// Sets up what the benchmarks need in other pallets.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Registers `who` as a sequencer candidate with a stake pool (funding it as needed).
		fn create_pool(who: &AccountId);
		/// Delegates to `sequencer` from `who` (funding it as needed).
		fn delegate(sequencer: &AccountId, who: &AccountId);
	}

	/// How each era's fees are split.
	#[pallet::storage]
	pub type FeeShares<T: Config> = StorageValue<_, Shares, ValueQuery, T::DefaultFeeShares>;

	/// The emission curve and cap.
	#[pallet::storage]
	pub type EmissionParams<T: Config> = StorageValue<_, Emission, ValueQuery, T::DefaultEmission>;

	/// The stakers' part of each era's emission; the treasury gets the rest.
	#[pallet::storage]
	pub type EmissionStakersShare<T: Config> =
		StorageValue<_, Perbill, ValueQuery, T::DefaultEmissionStakersShare>;

	/// Where slashed funds go.
	#[pallet::storage]
	pub type SlashTo<T: Config> = StorageValue<_, SlashDestination, ValueQuery>;

	/// The era in progress (as staking last reported it).
	#[pallet::storage]
	pub type CurrentEra<T: Config> = StorageValue<_, EraIndex, ValueQuery>;

	/// Fees collected in the pot during the current era.
	///
	/// Whitelisted in benchmarks: every signed transaction's fee adds to it, so a call that pays
	/// a fee of its own into the pot finds it in the block's overlay, and the database writes it
	/// once a block.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type EraFees<T: Config> = StorageValue<_, u128, ValueQuery>;

	/// Spent from the treasury during the current era.
	#[pallet::storage]
	pub type EraSpent<T: Config> = StorageValue<_, u128, ValueQuery>;

	/// Each pool's reward per share × [`rewards::PRECISION`], ever increasing.
	#[pallet::storage]
	pub type RewardPerShare<T: Config> =
		StorageMap<_, Twox64Concat, T::AccountId, u128, ValueQuery>;

	/// Each staker's reward position in each pool, by (sequencer, staker).
	#[pallet::storage]
	pub type Stakers<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		StakerRewards,
		OptionQuery,
	>;

	/// Stakers whose claims re-bond their rewards.
	#[pallet::storage]
	pub type AutoCompound<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Every token flow since genesis.
	#[pallet::storage]
	pub type Books<T: Config> = StorageValue<_, Ledger, ValueQuery>;

	/// The last `HistoryDepth` eras, oldest first.
	#[pallet::storage]
	pub type History<T: Config> =
		StorageValue<_, BoundedVec<EraSummary, T::HistoryDepth>, ValueQuery>;

	/// Sets the pallet's accounts up and records the genesis issuance.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		pub _config: PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// The pot, the rewards account and the treasury exist from genesis, so that any
			// credit, however small, can land in them.
			let ed = T::Currency::minimum_balance();
			for who in [Pallet::<T>::pot_account(), Pallet::<T>::rewards_account()]
				.into_iter()
				.chain(core::iter::once(T::TreasuryAccount::get()))
			{
				let balance = T::Currency::balance(&who);
				if balance < ed {
					T::Currency::mint_into(&who, ed - balance)
						.expect("minting the existential deposit into a pallet account");
				}
			}
			let emission = EmissionParams::<T>::get();
			let issuance = T::Currency::total_issuance();
			assert!(FeeShares::<T>::get().is_valid(), "DefaultFeeShares must sum to 100 %");
			assert!(
				emission.max_supply <= T::MaxSupply::get(),
				"DefaultEmission's cap above MaxSupply"
			);
			assert!(
				issuance <= emission.max_supply,
				"genesis issuance {issuance} above the emission cap {}",
				emission.max_supply
			);
			Books::<T>::put(Ledger {
				genesis_issuance: issuance,
				treasury_in: T::Currency::balance(&T::TreasuryAccount::get()),
				..Default::default()
			});
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Era `era` was paid: `fees` from the pot and `minted` new tokens went `stakers` to
		/// sequencers and pools, `treasury` to the treasury and `burned` out of the issuance.
		EraPaid {
			era: EraIndex,
			fees: u128,
			minted: u128,
			stakers: u128,
			treasury: u128,
			burned: u128,
			blocks: u32,
		},
		/// `sequencer` authored `blocks` in `era`: `commission` to its operator, `pool` to
		/// its pool's shares.
		SequencerRewarded {
			era: EraIndex,
			sequencer: T::AccountId,
			blocks: u32,
			commission: u128,
			pool: u128,
		},
		/// `who` claimed `amount` from its stake in `sequencer`'s pool; `compounded` if it was
		/// re-bonded.
		RewardsClaimed {
			sequencer: T::AccountId,
			who: T::AccountId,
			amount: u128,
			compounded: bool,
		},
		/// `who` turned auto-compounding on or off.
		AutoCompoundSet { who: T::AccountId, enabled: bool },
		/// Governance spent `amount` from the treasury to `beneficiary`.
		TreasurySpent { amount: u128, beneficiary: T::AccountId },
		/// Slashed funds arrived and went to `destination`.
		SlashReceived { amount: u128, destination: SlashDestination },
		/// Governance changed a parameter.
		ParameterSet { parameter: EconomicsParameter },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The fee shares do not sum to exactly 100 %.
		SharesNotWhole,
		/// The emission rate is above `MaxAnnualRate`, or the decay period is zero.
		RateOutOfBounds,
		/// The cap is below the issuance now or above the runtime's `MaxSupply`.
		CapOutOfBounds,
		/// There are no rewards to claim from this pool.
		NothingToClaim,
		/// The staker has not turned auto-compounding on: only it may claim its rewards.
		NotAutoCompounding,
		/// The treasury cannot pay this much and keep its existential deposit.
		InsufficientTreasury,
		/// A spend of nothing.
		ZeroSpend,
		/// The rewards account cannot pay the claim (a broken invariant: please report).
		RewardsUnavailable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::ErasPerYear::get() > 0, "ErasPerYear must be positive");
			assert!(T::HistoryDepth::get() > 0, "HistoryDepth must be positive");
			let e = T::DefaultEmission::get();
			assert_eq!(e.eras_per_year, T::ErasPerYear::get(), "DefaultEmission's eras_per_year");
			assert!(e.initial_rate <= T::MaxAnnualRate::get(), "DefaultEmission's rate too high");
			assert!(e.decay_period > 0, "DefaultEmission's decay period must be positive");
			assert!(T::DefaultFeeShares::get().is_valid(), "DefaultFeeShares must sum to 100 %");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Claim the rewards of the caller's stake in `sequencer`'s pool (and its commission,
		/// for the operator). With auto-compounding on, they are bonded back to the pool; if
		/// the pool takes no more stake (a chilled candidate, an amount too small for a
		/// share) they are paid out instead. O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::claim_rewards())]
		pub fn claim_rewards(origin: OriginFor<T>, sequencer: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let compound = AutoCompound::<T>::contains_key(&who);
			Self::do_claim(&sequencer, &who, compound)
		}

		/// Re-bond the rewards of `who`'s stake in `sequencer`'s pool, for a staker who turned
		/// auto-compounding on. Anyone may call it (a keeper, a wallet).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::claim_rewards())]
		pub fn claim_rewards_for(
			origin: OriginFor<T>,
			sequencer: T::AccountId,
			who: T::AccountId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(AutoCompound::<T>::contains_key(&who), Error::<T>::NotAutoCompounding);
			Self::do_claim(&sequencer, &who, true)
		}

		/// Turn auto-compounding of the caller's rewards on or off.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_auto_compound())]
		pub fn set_auto_compound(origin: OriginFor<T>, enabled: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			if enabled {
				AutoCompound::<T>::insert(&who, ());
			} else {
				AutoCompound::<T>::remove(&who);
			}
			Self::deposit_event(Event::AutoCompoundSet { who, enabled });
			Ok(())
		}

		/// Pay `amount` from the treasury to `beneficiary`. Governance only.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::spend())]
		pub fn spend(
			origin: OriginFor<T>,
			#[pallet::compact] amount: u128,
			beneficiary: T::AccountId,
		) -> DispatchResult {
			T::SpendOrigin::ensure_origin(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroSpend);
			let treasury = T::TreasuryAccount::get();
			T::Currency::transfer(&treasury, &beneficiary, amount, Preservation::Preserve)
				.map_err(|_| Error::<T>::InsufficientTreasury)?;
			Books::<T>::mutate(|b| b.treasury_spent = b.treasury_spent.saturating_add(amount));
			EraSpent::<T>::mutate(|s| *s = s.saturating_add(amount));
			Self::deposit_event(Event::TreasurySpent { amount, beneficiary });
			Ok(())
		}

		/// Set an economic parameter. Governance only; out-of-bounds values are refused.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_parameter(
			origin: OriginFor<T>,
			parameter: EconomicsParameter,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			match parameter.clone() {
				EconomicsParameter::FeeShares(shares) => {
					ensure!(shares.is_valid(), Error::<T>::SharesNotWhole);
					FeeShares::<T>::put(shares);
				},
				EconomicsParameter::EmissionStakersShare(share) => {
					EmissionStakersShare::<T>::put(share)
				},
				EconomicsParameter::EmissionRate { initial_rate, decay, decay_period } => {
					ensure!(
						initial_rate <= T::MaxAnnualRate::get() && decay_period > 0,
						Error::<T>::RateOutOfBounds
					);
					EmissionParams::<T>::mutate(|e| {
						e.initial_rate = initial_rate;
						e.decay = decay;
						e.decay_period = decay_period;
					});
				},
				EconomicsParameter::MaxSupply(cap) => {
					ensure!(
						cap >= T::Currency::total_issuance() && cap <= T::MaxSupply::get(),
						Error::<T>::CapOutOfBounds
					);
					EmissionParams::<T>::mutate(|e| e.max_supply = cap);
				},
				EconomicsParameter::SlashDestination(d) => SlashTo::<T>::put(d),
			}
			Self::deposit_event(Event::ParameterSet { parameter });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The pot: where every fee lands until the era ends.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Holds the rewards credited and not yet claimed.
	pub fn rewards_account() -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(b"rewards")
	}

	/// What `who` can claim now from its stake in `sequencer`'s pool.
	pub fn pending_rewards(sequencer: &T::AccountId, who: &T::AccountId) -> u128 {
		Self::position(sequencer, who).0
	}

	/// `who`'s claimable rewards in `sequencer`'s pool, with the pool's reward per share and
	/// `who`'s shares they were computed from.
	fn position(sequencer: &T::AccountId, who: &T::AccountId) -> (u128, u128, u128) {
		let record = Stakers::<T>::get(sequencer, who).unwrap_or_default();
		let per_share = RewardPerShare::<T>::get(sequencer);
		let shares = T::StakePools::shares(sequencer, who);
		let amount =
			record.owed.saturating_add(Accumulator { per_share }.pending(shares, record.debt));
		(amount, per_share, shares)
	}

	fn do_claim(sequencer: &T::AccountId, who: &T::AccountId, compound: bool) -> DispatchResult {
		let (amount, per_share, shares) = Self::position(sequencer, who);
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		T::Currency::transfer(&Self::rewards_account(), who, amount, Preservation::Preserve)
			.map_err(|_| Error::<T>::RewardsUnavailable)?;
		// Settled before bonding: the bond tells this pallet about the new shares, and must
		// find this claim's rewards already taken.
		if shares.is_zero() {
			Stakers::<T>::remove(sequencer, who);
		} else {
			Stakers::<T>::insert(sequencer, who, StakerRewards { debt: per_share, owed: 0 });
		}
		Books::<T>::mutate(|b| b.claimed = b.claimed.saturating_add(amount));
		// A refused bond changes nothing (its own storage layer) and leaves the reward paid out.
		let compounded = compound
			&& frame_support::storage::with_storage_layer(|| {
				T::StakePools::bond(sequencer, who, amount)
			})
			.is_ok();
		Self::deposit_event(Event::RewardsClaimed {
			sequencer: sequencer.clone(),
			who: who.clone(),
			amount,
			compounded,
		});
		Ok(())
	}

	/// Pays era `era`, in which each sequencer authored the given blocks: mints its emission,
	/// splits the pot and the emission, credits the sequencers' operators and pools, pays the
	/// treasury and burns. O(`authored.len()`).
	pub fn pay_era(era: EraIndex, authored: &[(T::AccountId, u32)]) -> EraSummary {
		let pot = Self::pot_account();
		let fees = T::Currency::reducible_balance(&pot, Preservation::Preserve, Fortitude::Polite);
		let minted = EmissionParams::<T>::get().minted(era, T::Currency::total_issuance());
		let emission_stakers = EmissionStakersShare::<T>::get().mul_floor(minted);
		let fee_split = split::split(fees, &FeeShares::<T>::get());

		let stakers_total = fee_split.stakers.saturating_add(emission_stakers);
		let (parts, unrewarded) = rewards::by_blocks(stakers_total, authored);
		let mut to_treasury =
			fee_split.treasury.saturating_add(minted - emission_stakers).saturating_add(unrewarded);
		let mut credited = 0u128;
		// `by_blocks` keeps the order of the sequencers that authored: pair each part with its
		// blocks rather than search for them.
		let authors = authored.iter().filter(|(_, b)| *b > 0).map(|(_, b)| *b);
		for ((sequencer, part), blocks) in parts.into_iter().zip(authors) {
			let Some(pool) = T::StakePools::pool(&sequencer) else {
				to_treasury = to_treasury.saturating_add(part);
				continue;
			};
			let (commission, pool_part) = rewards::commission(part, pool.commission);
			let mut acc = Accumulator { per_share: RewardPerShare::<T>::get(&sequencer) };
			let returned = acc.distribute(pool_part, pool.shares);
			RewardPerShare::<T>::insert(&sequencer, acc.per_share);
			if !commission.is_zero() {
				Stakers::<T>::mutate(&sequencer, &sequencer, |r| {
					let r = r.get_or_insert_with(Default::default);
					r.owed = r.owed.saturating_add(commission);
				});
			}
			to_treasury = to_treasury.saturating_add(returned);
			credited = credited.saturating_add(part - returned);
			Self::deposit_event(Event::SequencerRewarded {
				era,
				sequencer,
				blocks,
				commission,
				pool: pool_part - returned,
			});
		}

		// The tokens move: the emission is minted into the pot, then the pot (fees and
		// emission, `credited + to_treasury + burn` of it) is emptied down to its deposit.
		if !minted.is_zero() {
			let _ = T::Currency::mint_into(&pot, minted).defensive();
		}
		if !fee_split.burn.is_zero() {
			let _ = T::Currency::burn_from(
				&pot,
				fee_split.burn,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)
			.defensive();
		}
		if !credited.is_zero() {
			let _ = T::Currency::transfer(
				&pot,
				&Self::rewards_account(),
				credited,
				Preservation::Preserve,
			)
			.defensive();
		}
		if !to_treasury.is_zero() {
			let _ = T::Currency::transfer(
				&pot,
				&T::TreasuryAccount::get(),
				to_treasury,
				Preservation::Preserve,
			)
			.defensive();
		}
		Books::<T>::mutate(|b| {
			b.minted = b.minted.saturating_add(minted);
			b.burned = b.burned.saturating_add(fee_split.burn);
			b.credited = b.credited.saturating_add(credited);
			b.treasury_in = b.treasury_in.saturating_add(to_treasury);
		});
		let summary = EraSummary {
			era,
			fees,
			minted,
			burned: fee_split.burn,
			stakers: credited,
			treasury: to_treasury,
			spent: EraSpent::<T>::take(),
			blocks: authored.iter().fold(0u32, |n, (_, b)| n.saturating_add(*b)),
		};
		EraFees::<T>::kill();
		History::<T>::mutate(|h| {
			if h.is_full() {
				h.remove(0);
			}
			// Room was made above.
			let _ = h.try_push(summary);
		});
		Self::deposit_event(Event::EraPaid {
			era,
			fees,
			minted,
			stakers: credited,
			treasury: to_treasury,
			burned: fee_split.burn,
			blocks: summary.blocks,
		});
		summary
	}

	/// Blocks each sequencer authored over sessions `first..end`, in the order first seen.
	fn authored_in(first: SessionIndex, end: SessionIndex) -> Vec<(T::AccountId, u32)> {
		let mut totals: BTreeMap<T::AccountId, usize> = BTreeMap::new();
		let mut out: Vec<(T::AccountId, u32)> = Vec::new();
		for session in first..end {
			for (who, blocks) in T::Authored::authored(session) {
				match totals.get(&who) {
					Some(i) => out[*i].1 = out[*i].1.saturating_add(blocks),
					None => {
						totals.insert(who.clone(), out.len());
						out.push((who, blocks));
					},
				}
			}
		}
		out
	}

	/// The economy's health: see [`EconomicsMetrics`].
	pub fn metrics() -> EconomicsMetrics {
		let books = Books::<T>::get();
		let issuance = T::Currency::total_issuance();
		let emission = EmissionParams::<T>::get();
		let era = CurrentEra::<T>::get();
		let total_staked = T::StakePools::total_staked();
		let active = T::ActiveSequencers::get();
		let stakes: Vec<u128> =
			active.iter().map(|s| T::StakePools::pool(s).map_or(0, |p| p.stake)).collect();
		let treasury_balance = T::Currency::balance(&T::TreasuryAccount::get());
		let history = History::<T>::get();
		let spent: u128 = history.iter().map(|s| s.spent).sum();
		let mean_spend = spent.checked_div(history.len() as u128).unwrap_or(0);
		EconomicsMetrics {
			current_era: era,
			total_issuance: issuance,
			genesis_issuance: books.genesis_issuance,
			minted: books.minted,
			burned: books.burned,
			max_supply: emission.max_supply,
			emission_rate: emission.rate(era).deconstruct(),
			total_staked,
			staking_ratio: Perbill::from_rational(total_staked, issuance.max(1)).deconstruct(),
			stake_hhi: hhi(&stakes),
			active_sequencers: active.len() as u32,
			treasury_balance,
			mean_spend_per_era: mean_spend,
			runway_eras: treasury_balance
				.checked_div(mean_spend)
				.map(|r| r.min(u64::MAX as u128) as u64),
			current_era_fees: EraFees::<T>::get(),
			unclaimed_rewards: books.credited.saturating_sub(books.claimed),
			recent_eras: history.into_inner(),
			governance: Default::default(),
		}
	}

	/// Records `credit` as a fee in the pot. A credit the pot cannot take (it never happens:
	/// the pot exists from genesis) is burned and recorded as such.
	fn collect(credit: Credit<T::AccountId, T::Currency>) {
		let amount = credit.peek();
		match T::Currency::resolve(&Self::pot_account(), credit) {
			Ok(()) => EraFees::<T>::mutate(|f| *f = f.saturating_add(amount)),
			Err(lost) => {
				let burned = lost.peek();
				drop(lost);
				Books::<T>::mutate(|b| b.burned = b.burned.saturating_add(burned));
			},
		}
	}

	/// Checks the invariants listed in the crate documentation.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let books = Books::<T>::get();
		let ed = T::Currency::minimum_balance();
		ensure!(
			T::Currency::total_issuance()
				== books.genesis_issuance.saturating_add(books.minted).saturating_sub(books.burned),
			"total issuance != genesis + minted - burned"
		);
		ensure!(
			T::Currency::balance(&Self::pot_account()) >= ed.saturating_add(EraFees::<T>::get()),
			"pot holds less than the fees recorded this era"
		);
		ensure!(books.claimed <= books.credited, "more claimed than credited");
		ensure!(
			T::Currency::balance(&Self::rewards_account())
				>= ed.saturating_add(books.credited - books.claimed),
			"rewards account holds less than the unclaimed rewards"
		);
		ensure!(
			T::Currency::balance(&T::TreasuryAccount::get())
				>= books.treasury_in.saturating_sub(books.treasury_spent),
			"treasury holds less than it was paid minus what it spent"
		);
		ensure!(FeeShares::<T>::get().is_valid(), "fee shares do not sum to 100 %");
		ensure!(
			EmissionParams::<T>::get().max_supply <= T::MaxSupply::get(),
			"cap above MaxSupply"
		);
		Ok(())
	}
}

/// The Herfindahl-Hirschman index of `stakes`, 0-10,000 (the sum of squared percentage
/// shares); 0 for no stake.
pub fn hhi(stakes: &[u128]) -> u32 {
	let total: u128 = stakes.iter().fold(0u128, |t, s| t.saturating_add(*s));
	if total.is_zero() {
		return 0;
	}
	// Shares in parts per billion; their squares sum to at most 10¹⁸.
	let sum_sq: u128 = stakes
		.iter()
		.map(|s| Perbill::from_rational(*s, total).deconstruct() as u128)
		.map(|p| p * p)
		.sum();
	// 10¹⁸ (one sequencer) → 10,000.
	(sum_sq / 100_000_000_000_000) as u32
}

impl<T: Config> SharesObserver<T::AccountId> for Pallet<T> {
	/// Settles the rewards `before` shares earned and restarts the staker's position at the
	/// pool's reward per share. O(1).
	fn before_shares_change(
		sequencer: &T::AccountId,
		who: &T::AccountId,
		before: u128,
		after: u128,
	) {
		let per_share = RewardPerShare::<T>::get(sequencer);
		let mut record = Stakers::<T>::get(sequencer, who).unwrap_or_default();
		let earned = Accumulator { per_share }.pending(before, record.debt);
		record.owed = record.owed.saturating_add(earned);
		record.debt = per_share;
		if after.is_zero() && record.owed.is_zero() {
			Stakers::<T>::remove(sequencer, who);
		} else {
			Stakers::<T>::insert(sequencer, who, record);
		}
	}
}

impl<T: Config> EraObserver for Pallet<T> {
	fn on_era_end(era: EraIndex, first_session: SessionIndex, end_session: SessionIndex) {
		let authored = Self::authored_in(first_session, end_session);
		Self::pay_era(era, &authored);
		CurrentEra::<T>::put(era.saturating_add(1));
	}
}

/// Takes fees into the pot: `pallet-transaction-payment`'s `OnUnbalanced` (fees and tips),
/// the inbox's fee sink, and `pallet-balances`' dust removal.
pub struct FeePot<T>(PhantomData<T>);

impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for FeePot<T> {
	fn on_nonzero_unbalanced(credit: Credit<T::AccountId, T::Currency>) {
		Pallet::<T>::collect(credit);
	}
}

/// Takes slashed funds: into the treasury or burned, by [`SlashTo`].
pub struct SlashSink<T>(PhantomData<T>);

impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for SlashSink<T> {
	fn on_nonzero_unbalanced(credit: Credit<T::AccountId, T::Currency>) {
		let amount = credit.peek();
		let mut destination = SlashTo::<T>::get();
		if destination == SlashDestination::Treasury {
			match T::Currency::resolve(&T::TreasuryAccount::get(), credit) {
				Ok(()) => {
					Books::<T>::mutate(|b| b.treasury_in = b.treasury_in.saturating_add(amount))
				},
				Err(lost) => {
					drop(lost);
					destination = SlashDestination::Burn;
				},
			}
		} else {
			drop(credit);
		}
		if destination == SlashDestination::Burn {
			Books::<T>::mutate(|b| b.burned = b.burned.saturating_add(amount));
		}
		Pallet::<T>::deposit_event(Event::SlashReceived { amount, destination });
	}
}
