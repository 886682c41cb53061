//! # Inbox
//!
//! Rollups register here and submit their batches; the chain orders them and commits to the
//! order, and each rollup reads its own ordered stream back from the node.
//!
//! - **Registration**: `register_rollup` gives a sequential [`RollupId`] under a unique name and
//!   holds [`Config::RollupBond`] from the owner ([`HoldReason::RollupBond`]). The owner sets the
//!   limits and policies ([`RollupConfig`]), an allow-list of submitters, offers ownership to
//!   another account (which takes over the bond when it accepts) and deregisters; the bond is
//!   released `DeregisterDelay` blocks after deregistration.
//! - **Submissions** pay `base_fee + byte_fee × bytes` ([`InboxParams`]) to [`Config::FeeSink`].
//!   The payload stays in the block body: state keeps only the rollup's [`StreamState`] (next
//!   index, running commitment, counters), so it does not grow with data.
//! - **Canonical order**: block order, then extrinsic order, then position in a batch. At the
//!   end of every block that gave a rollup new positions, [`Event::Sequenced`] names the range
//!   and the commitment after it, so a reader can prove it saw every entry, in order.
//! - **Sealed ordering**: for a rollup with [`OrderingPolicy::Sealed`], `commit` fixes a
//!   position with a hash and holds [`Config::CommitDeposit`]; `reveal` within `RevealWindow`
//!   blocks supplies the payload and returns the deposit. The slot leader orders commits without
//!   seeing content. The hash binds the committer ([`sealed_hash`]) and a reveal is checked
//!   against the committer and the rollup's limits at commit time, so a copy of someone else's
//!   commit can never be filled, and an account cannot commit one hash twice
//!   ([`Error::DuplicateCommit`]). An unrevealed commit expires, its deposit goes to the fee
//!   sink, and [`Event::CommitExpired`] marks the entry expired for readers.
//! - **Fairness**: one rollup takes at most `max_submissions_per_block` positions and
//!   `rollup_block_share` of the block's inbox byte budget, and all rollups together at most
//!   `block_byte_budget` bytes, so no rollup can fill a block. The limits shared by all rollups
//!   ([`Config::MaxRollupsPerBlock`], [`Config::MaxCommitsPerBlock`]) are set above what a
//!   block's weight admits (`integrity_test` checks it), so nobody can hold them without
//!   buying the whole block; a reveal needs no place at all, its position being fixed.
//! - **Pause**: [`Config::PauseOrigin`] (referenda) can pause one rollup or the whole inbox
//!   until it unpauses it. [`Config::CouncilPauseOrigin`] (the security council) can pause for
//!   at most `CouncilPauseDuration` blocks, after which the pause lapses unless a referendum
//!   pauses the same target (it then becomes a referendum's pause); it can lift only its own
//!   pause, and may pause again only `CouncilPauseCooldown` blocks after its last pause's term.
//!   So a council pause always answers to token holders.
//!
//! The commitment function is [`seqchain_primitives::inbox`], shared with the rollup client.
//!
//! ## Invariants (checked by `try_state`)
//!
//! - Names and rollups map one to one; every id is below [`NextRollupId`].
//! - An account's `RollupBond` hold is the sum of the bonds of the rollups it owns.
//! - A rollup's `pending_commits` is the number of its unrevealed commits; an account's
//!   `SealedCommit` hold is the sum of its unrevealed commits' deposits; every commit is queued
//!   for expiry right after its reveal window.
//! - [`CommitIndex`] and [`Commits`] map one to one; a commit's `max_payload_bytes` is within
//!   `MaxPayloadBytes`.
//! - A stream's `count` never exceeds its `next_index`; allow-lists are sorted, without
//!   duplicates, and belong to registered rollups.
//! - A council pause in force names a paused target (or a rollup removed since), lapses within
//!   `CouncilPauseDuration` blocks, and the council is barred from pausing until
//!   `CouncilPauseCooldown` after it.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use seqchain_primitives::inbox::{
	EntryIndex, Hash32, OrderingPolicy, RollupId, RollupView, StreamState, SubmitterPolicy,
};
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	dispatch::PostDispatchInfo,
	pallet_prelude::*,
	traits::{
		fungible::{Balanced, Inspect, InspectHold, Mutate, MutateHold},
		tokens::{
			fungible::{hold::Balanced as BalancedHold, Credit},
			Fortitude, Precision, Preservation,
		},
		OnUnbalanced,
	},
};
use frame_system::pallet_prelude::*;
use seqchain_primitives::inbox::{
	fold, next_commitment, payload_hash, sealed_hash, sealed_hash_v1,
};
use sp_runtime::traits::{Saturating, Zero};

/// Balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A registered rollup as stored.
pub type RollupOf<T> = Rollup<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxNameLen,
>;

/// A pending sealed commit as stored.
pub type PendingCommitOf<T> =
	PendingCommit<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A rollup name as stored.
pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLen>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// 1: commits bind their committer and record the limits they were made under
	/// ([`migrations::v1`]).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the inbox holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A rollup owner's registration bond.
		RollupBond,
		/// A sealed commit's deposit, returned on reveal.
		SealedCommit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native token: fees are withdrawn from it, bonds and deposits held in it.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ Balanced<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>
			+ BalancedHold<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Receives submission fees and forfeited commit deposits.
		type FeeSink: OnUnbalanced<Credit<Self::AccountId, Self::Currency>>;

		/// May change the fees and block budgets ([`Pallet::set_params`]).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// May pause and unpause one rollup or the whole inbox, with no term: referenda. Its
		/// pause of a target the council paused keeps that pause from lapsing; its unpause lifts
		/// any pause.
		type PauseOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// May pause one rollup or the whole inbox for `CouncilPauseDuration` blocks, once per
		/// `CouncilPauseDuration + CouncilPauseCooldown`, and lift its own pause: the security
		/// council.
		type CouncilPauseOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks a council pause lasts unless a referendum keeps it.
		#[pallet::constant]
		type CouncilPauseDuration: Get<BlockNumberFor<Self>>;

		/// Blocks after a council pause's term before the council may pause again.
		#[pallet::constant]
		type CouncilPauseCooldown: Get<BlockNumberFor<Self>>;

		/// Bond held from a rollup's owner while the rollup is registered.
		#[pallet::constant]
		type RollupBond: Get<BalanceOf<Self>>;

		/// Deposit held for each sealed commit until it is revealed.
		#[pallet::constant]
		type CommitDeposit: Get<BalanceOf<Self>>;

		/// Blocks from deregistration until the bond can be released; longer than
		/// `RevealWindow`, so every commit is settled by then.
		#[pallet::constant]
		type DeregisterDelay: Get<BlockNumberFor<Self>>;

		/// Blocks after its commit's block in which a sealed payload may be revealed.
		#[pallet::constant]
		type RevealWindow: Get<BlockNumberFor<Self>>;

		/// Longest rollup name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// Longest allow-list.
		#[pallet::constant]
		type MaxSubmitters: Get<u32>;

		/// Largest payload any rollup may configure.
		#[pallet::constant]
		type MaxPayloadBytes: Get<u32>;

		/// Most positions per block any rollup may configure; also bounds a batch.
		#[pallet::constant]
		type MaxSubmissionsPerBlock: Get<u32>;

		/// Highest `block_byte_budget` governance may set.
		#[pallet::constant]
		type MaxBlockBytes: Get<u32>;

		/// Most rollups that may take positions in one block: the bound of the block's list
		/// of them. Set it above what the normal class of a block's weight admits of the
		/// cheapest call taking a new place (`integrity_test` checks it), so that the only way
		/// to keep a rollup out is to fill the whole block.
		#[pallet::constant]
		type MaxRollupsPerBlock: Get<u32>;

		/// Most sealed commits, over all rollups, in one block: the bound of a block's expiry
		/// queue. Set it above what the normal class of a block's weight admits of `commit`
		/// (`integrity_test` checks it), for the same reason.
		#[pallet::constant]
		type MaxCommitsPerBlock: Get<u32>;

		/// Fees and budgets until governance sets them.
		#[pallet::constant]
		type DefaultParams: Get<InboxParams<BalanceOf<Self>>>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// The id the next registered rollup gets.
	#[pallet::storage]
	pub type NextRollupId<T: Config> = StorageValue<_, RollupId, ValueQuery>;

	/// Registered rollups.
	#[pallet::storage]
	pub type Rollups<T: Config> = StorageMap<_, Blake2_128Concat, RollupId, RollupOf<T>>;

	/// Rollup ids by name.
	#[pallet::storage]
	pub type RollupIds<T: Config> = StorageMap<_, Blake2_128Concat, NameOf<T>, RollupId>;

	/// Each allow-list rollup's submitters, sorted.
	#[pallet::storage]
	pub type Submitters<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		RollupId,
		BoundedVec<T::AccountId, T::MaxSubmitters>,
		ValueQuery,
	>;

	/// Sealed commits awaiting their payload, by rollup and entry index. A revealed commit
	/// stays until its window ends, marked revealed.
	#[pallet::storage]
	pub type Commits<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		RollupId,
		Twox64Concat,
		EntryIndex,
		PendingCommitOf<T>,
	>;

	/// The index of each commit in its reveal window, by rollup, committer and hash: an account
	/// cannot commit the same hash to a rollup twice. Blake2 because the committer chooses the
	/// hash.
	#[pallet::storage]
	pub type CommitIndex<T: Config> =
		StorageMap<_, Blake2_128Concat, (RollupId, T::AccountId, Hash32), EntryIndex>;

	/// Commits whose reveal window ends just before the keyed block, settled in its
	/// `on_initialize`.
	#[pallet::storage]
	pub type Expiries<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<(RollupId, EntryIndex), T::MaxCommitsPerBlock>,
		ValueQuery,
	>;

	/// Fees and block budgets.
	#[pallet::storage]
	pub type Params<T: Config> =
		StorageValue<_, InboxParams<BalanceOf<T>>, ValueQuery, T::DefaultParams>;

	/// The whole inbox is paused.
	#[pallet::storage]
	pub type InboxPaused<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// The council's pause in force: its target (`None`, the whole inbox) and the block at
	/// whose start it lapses. At most one: the council pauses at most once a term and cooldown.
	#[pallet::storage]
	pub type CouncilPause<T: Config> = StorageValue<_, (Option<RollupId>, BlockNumberFor<T>)>;

	/// The council may not pause before this block: its last pause's term plus
	/// `CouncilPauseCooldown`.
	#[pallet::storage]
	pub type CouncilPauseBarredUntil<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// What each rollup used of the current block. Cleared in `on_finalize`.
	#[pallet::storage]
	pub type BlockUsageOf<T: Config> = StorageMap<_, Twox64Concat, RollupId, BlockUsage>;

	/// Rollups that used the current block, in first-use order. Cleared in `on_finalize`.
	#[pallet::storage]
	pub type BlockRollups<T: Config> =
		StorageValue<_, BoundedVec<RollupId, T::MaxRollupsPerBlock>, ValueQuery>;

	/// Payload bytes in the current block, over all rollups. Cleared in `on_finalize`.
	#[pallet::storage]
	pub type BlockBytes<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Sealed commits in the current block, over all rollups. Cleared in `on_finalize`.
	#[pallet::storage]
	pub type BlockCommits<T: Config> = StorageValue<_, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A rollup was registered.
		RollupRegistered { id: RollupId, name: NameOf<T>, owner: T::AccountId, bond: BalanceOf<T> },
		/// A rollup's owner changed its configuration.
		ConfigUpdated { id: RollupId, config: RollupConfig },
		/// A rollup's allow-list was replaced.
		SubmittersSet { id: RollupId, count: u32 },
		/// The owner offered the rollup to `to` (or withdrew the offer, `to: None`).
		OwnershipOffered { id: RollupId, to: Option<T::AccountId> },
		/// `to` accepted ownership; the bond is now held from it.
		OwnershipTransferred { id: RollupId, from: T::AccountId, to: T::AccountId },
		/// A rollup was deregistered; its bond can be released from `release_at`.
		Deregistered { id: RollupId, release_at: BlockNumberFor<T> },
		/// A deregistered rollup was removed and its bond returned to its owner.
		BondReleased { id: RollupId, owner: T::AccountId, bond: BalanceOf<T> },
		/// At the end of a block: the block gave `rollup` the entries
		/// `first_index..next_index`, after which its stream's commitment is `commitment`.
		Sequenced {
			rollup: RollupId,
			first_index: EntryIndex,
			next_index: EntryIndex,
			commitment: Hash32,
		},
		/// A sealed commit took position `index`.
		Committed { rollup: RollupId, index: EntryIndex, who: T::AccountId, hash: Hash32 },
		/// The payload of sealed entry `index` was revealed in this block.
		Revealed { rollup: RollupId, index: EntryIndex },
		/// Sealed entry `index` was not revealed in time: it is expired in the stream and its
		/// deposit went to the fee sink.
		CommitExpired { rollup: RollupId, index: EntryIndex, forfeited: BalanceOf<T> },
		/// One rollup (`Some`) or the whole inbox (`None`) was paused.
		Paused { rollup: Option<RollupId> },
		/// One rollup (`Some`) or the whole inbox (`None`) was unpaused.
		Unpaused { rollup: Option<RollupId> },
		/// Governance set new fees and budgets.
		ParamsSet { params: InboxParams<BalanceOf<T>> },
		/// The security council paused `rollup` (`None`: the whole inbox); the pause lapses at
		/// block `lapses_at` unless a referendum keeps it.
		CouncilPaused { rollup: Option<RollupId>, lapses_at: BlockNumberFor<T> },
		/// A referendum kept the council's pause of `rollup`: it no longer lapses.
		CouncilPauseKept { rollup: Option<RollupId> },
		/// The council's pause of `rollup` lapsed at the end of its term.
		CouncilPauseLapsed { rollup: Option<RollupId> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No rollup has this id.
		UnknownRollup,
		/// Another rollup has this name.
		NameTaken,
		/// Names are 1 to `MaxNameLen` bytes of `a-z`, `0-9`, `-` and `_`.
		InvalidName,
		/// A limit in the configuration is zero or above the pallet's maximum.
		InvalidConfig,
		/// Only the rollup's owner may do this.
		NotOwner,
		/// The caller is not on the rollup's allow-list.
		NotAllowed,
		/// The rollup is paused.
		RollupPaused,
		/// The whole inbox is paused.
		InboxPaused,
		/// The rollup is deregistered and takes no new submissions.
		RollupDeregistered,
		/// The rollup is deregistered already.
		AlreadyDeregistered,
		/// The rollup is not deregistered.
		NotDeregistered,
		/// The bond is released `DeregisterDelay` blocks after deregistration.
		BondLocked,
		/// The rollup has unsettled sealed commits.
		PendingCommits,
		/// The payload is empty.
		EmptyPayload,
		/// The payload exceeds the rollup's `max_payload_bytes`.
		PayloadTooLarge,
		/// A batch needs at least one payload.
		EmptyBatch,
		/// The rollup's `max_submissions_per_block` is used up in this block.
		TooManySubmissions,
		/// The rollup's share of the block's byte budget is used up.
		RollupShareExceeded,
		/// The block's inbox byte budget is used up.
		BlockFull,
		/// The most rollups one block serves already used this block. The bound is above what a
		/// block's weight admits, so this only happens in a block that is full anyway: submit
		/// again (with a tip to be served first).
		TooManyRollupsInBlock,
		/// The most sealed commits one block takes already landed in this block (as
		/// `TooManyRollupsInBlock`, only in a full block).
		TooManyCommitsInBlock,
		/// The caller cannot pay the fee, bond or deposit.
		InsufficientBalance,
		/// The rollup orders sealed submissions: `commit`, then `reveal`.
		SealedRollup,
		/// The rollup orders plain submissions: use `submit`.
		NotSealed,
		/// No commit was made at this index.
		UnknownCommit,
		/// This commit was revealed already.
		AlreadyRevealed,
		/// The reveal window of this commit has ended (it was revealed or expired).
		RevealWindowClosed,
		/// The payload and salt do not hash, with the committer's account, to the committed
		/// hash: a wrong payload or salt, or a copy of another account's commit, which only that
		/// account's own commit can be filled with.
		RevealMismatch,
		/// The caller already committed this hash to this rollup and that commit is still in
		/// its reveal window. Draw a new random salt for every commit.
		DuplicateCommit,
		/// The allow-list is longer than `MaxSubmitters`.
		TooManySubmitters,
		/// The caller was not offered ownership of this rollup.
		NotPendingOwner,
		/// Already paused.
		AlreadyPaused,
		/// Not paused.
		NotPaused,
		/// A budget is zero or above `MaxBlockBytes`, or the rollup share is zero.
		InvalidParams,
		/// Rollup ids are exhausted.
		TooManyRollups,
		/// The council paused less than `CouncilPauseDuration + CouncilPauseCooldown` blocks
		/// ago: it may pause again from block `CouncilPauseBarredUntil`; until then a pause
		/// takes an emergency referendum.
		CouncilPauseBarred,
		/// A referendum paused this: only a referendum may lift it.
		PausedByReferendum,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let expired = Self::expire_commits(now);
			T::WeightInfo::on_initialize(expired)
				.saturating_add(T::WeightInfo::on_finalize(0))
				.saturating_add(Self::lapse_council_pause(now))
		}

		fn on_finalize(_now: BlockNumberFor<T>) {
			for id in BlockRollups::<T>::take() {
				let Some(usage) = BlockUsageOf::<T>::take(id) else { continue };
				let Some(rollup) = Rollups::<T>::get(id) else { continue };
				if rollup.stream.next_index > usage.first_index {
					Self::deposit_event(Event::Sequenced {
						rollup: id,
						first_index: usage.first_index,
						next_index: rollup.stream.next_index,
						commitment: rollup.stream.commitment,
					});
				}
			}
			BlockBytes::<T>::kill();
			BlockCommits::<T>::kill();
		}

		fn integrity_test() {
			assert!(
				T::DeregisterDelay::get() > T::RevealWindow::get(),
				"DeregisterDelay must exceed RevealWindow, so commits settle before release"
			);
			assert!(!T::RevealWindow::get().is_zero(), "RevealWindow must be positive");
			let params = T::DefaultParams::get();
			assert!(Self::params_valid(&params), "DefaultParams must be valid");
			assert!(T::MaxPayloadBytes::get() > 0 && T::MaxSubmissionsPerBlock::get() > 0);
			assert!(T::MaxRollupsPerBlock::get() > 0 && T::MaxCommitsPerBlock::get() > 0);
			assert!(
				!T::CouncilPauseDuration::get().is_zero(),
				"CouncilPauseDuration must be positive"
			);
			let (places, commits) = Self::block_capacity();
			assert!(
				places <= T::MaxRollupsPerBlock::get().into(),
				"MaxRollupsPerBlock must be at least the {places} place-taking calls a block's \
				 normal class admits, so only a full block keeps a rollup out"
			);
			assert!(
				commits <= T::MaxCommitsPerBlock::get().into(),
				"MaxCommitsPerBlock must be at least the {commits} commits a block's normal class \
				 admits, so only a full block keeps a commit out"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a rollup named `name` with `config`; the caller becomes its owner and
		/// `RollupBond` is held from it. The rollup gets the next sequential id.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_rollup())]
		pub fn register_rollup(
			origin: OriginFor<T>,
			name: Vec<u8>,
			config: RollupConfig,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let name = Self::valid_name(name)?;
			ensure!(!RollupIds::<T>::contains_key(&name), Error::<T>::NameTaken);
			Self::ensure_config(&config)?;
			let id = NextRollupId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::TooManyRollups)?;
			let bond = T::RollupBond::get();
			T::Currency::hold(&HoldReason::RollupBond.into(), &owner, bond)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			NextRollupId::<T>::put(next);
			RollupIds::<T>::insert(&name, id);
			Rollups::<T>::insert(
				id,
				Rollup {
					owner: owner.clone(),
					pending_owner: None,
					name: name.clone(),
					config,
					bond,
					status: RollupStatus::Active,
					paused: false,
					pending_commits: 0,
					stream: StreamState::genesis(id),
				},
			);
			Self::deposit_event(Event::RollupRegistered { id, name, owner, bond });
			Ok(())
		}

		/// Replace the rollup's configuration. The ordering policy can only change while no
		/// sealed commit is pending. Owner only.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_config())]
		pub fn update_config(
			origin: OriginFor<T>,
			id: RollupId,
			config: RollupConfig,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut rollup = Self::owned_active(id, &who)?;
			Self::ensure_config(&config)?;
			if config.ordering != rollup.config.ordering {
				ensure!(rollup.pending_commits == 0, Error::<T>::PendingCommits);
			}
			rollup.config = config;
			Rollups::<T>::insert(id, rollup);
			Self::deposit_event(Event::ConfigUpdated { id, config });
			Ok(())
		}

		/// Replace the rollup's allow-list (used when its submitter policy is `AllowList`).
		/// Owner only.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_submitters(submitters.len() as u32))]
		pub fn set_submitters(
			origin: OriginFor<T>,
			id: RollupId,
			submitters: Vec<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::owned_active(id, &who)?;
			let mut submitters = submitters;
			submitters.sort();
			submitters.dedup();
			let submitters: BoundedVec<_, T::MaxSubmitters> =
				submitters.try_into().map_err(|_| Error::<T>::TooManySubmitters)?;
			let count = submitters.len() as u32;
			if submitters.is_empty() {
				Submitters::<T>::remove(id);
			} else {
				Submitters::<T>::insert(id, submitters);
			}
			Self::deposit_event(Event::SubmittersSet { id, count });
			Ok(())
		}

		/// Offer ownership of the rollup to `to`, or withdraw the offer with `None`. The
		/// transfer happens when `to` accepts. Owner only.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			id: RollupId,
			to: Option<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut rollup = Self::owned(id, &who)?;
			rollup.pending_owner = to.clone();
			Rollups::<T>::insert(id, rollup);
			Self::deposit_event(Event::OwnershipOffered { id, to });
			Ok(())
		}

		/// Accept an offered ownership: the rollup's bond is held from the caller and the
		/// previous owner's bond released.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::accept_ownership())]
		pub fn accept_ownership(origin: OriginFor<T>, id: RollupId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut rollup = Rollups::<T>::get(id).ok_or(Error::<T>::UnknownRollup)?;
			ensure!(rollup.pending_owner.as_ref() == Some(&who), Error::<T>::NotPendingOwner);
			let reason = HoldReason::RollupBond.into();
			T::Currency::hold(&reason, &who, rollup.bond)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			T::Currency::release(&reason, &rollup.owner, rollup.bond, Precision::Exact)?;
			let from = core::mem::replace(&mut rollup.owner, who.clone());
			rollup.pending_owner = None;
			Rollups::<T>::insert(id, rollup);
			Self::deposit_event(Event::OwnershipTransferred { id, from, to: who });
			Ok(())
		}

		/// Deregister the rollup: it takes no new positions from now on (pending sealed
		/// commits may still be revealed in their windows), and its bond can be released after
		/// `DeregisterDelay` blocks. Owner only.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::deregister())]
		pub fn deregister(origin: OriginFor<T>, id: RollupId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut rollup = Self::owned(id, &who)?;
			ensure!(rollup.status == RollupStatus::Active, Error::<T>::AlreadyDeregistered);
			let release_at =
				frame_system::Pallet::<T>::block_number().saturating_add(T::DeregisterDelay::get());
			rollup.status = RollupStatus::Deregistered { release_at };
			Rollups::<T>::insert(id, rollup);
			Self::deposit_event(Event::Deregistered { id, release_at });
			Ok(())
		}

		/// Remove a deregistered rollup whose delay has passed and return its bond to the
		/// owner. Anyone may call it. The name becomes free; the id is never reused.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::release_bond())]
		pub fn release_bond(origin: OriginFor<T>, id: RollupId) -> DispatchResult {
			ensure_signed(origin)?;
			let rollup = Rollups::<T>::get(id).ok_or(Error::<T>::UnknownRollup)?;
			let RollupStatus::Deregistered { release_at } = rollup.status else {
				return Err(Error::<T>::NotDeregistered.into());
			};
			ensure!(
				frame_system::Pallet::<T>::block_number() >= release_at,
				Error::<T>::BondLocked
			);
			ensure!(rollup.pending_commits == 0, Error::<T>::PendingCommits);
			T::Currency::release(
				&HoldReason::RollupBond.into(),
				&rollup.owner,
				rollup.bond,
				Precision::Exact,
			)?;
			Rollups::<T>::remove(id);
			RollupIds::<T>::remove(&rollup.name);
			Submitters::<T>::remove(id);
			Self::deposit_event(Event::BondReleased { id, owner: rollup.owner, bond: rollup.bond });
			Ok(())
		}

		/// Submit one payload to a plain rollup. It gets the rollup's next index. Pays
		/// `base_fee + byte_fee × len`.
		#[pallet::call_index(7)]
		#[pallet::weight(
			T::WeightInfo::submit(payload.len() as u32).saturating_add(Pallet::<T>::first_use())
		)]
		pub fn submit(
			origin: OriginFor<T>,
			id: RollupId,
			payload: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let len = payload.len() as u32;
			let first = Self::do_submit(&who, id, core::slice::from_ref(&payload))?;
			Ok(Self::refund_unless_first(T::WeightInfo::submit(len), first))
		}

		/// Submit several payloads to a plain rollup in one transaction; they take
		/// consecutive indices in the given order. Pays `base_fee` per payload plus `byte_fee`
		/// per byte.
		#[pallet::call_index(8)]
		#[pallet::weight(
			Pallet::<T>::batch_weight(payloads).saturating_add(Pallet::<T>::first_use())
		)]
		pub fn submit_batch(
			origin: OriginFor<T>,
			id: RollupId,
			payloads: Vec<Vec<u8>>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let weight = Self::batch_weight(&payloads);
			let first = Self::do_submit(&who, id, &payloads)?;
			Ok(Self::refund_unless_first(weight, first))
		}

		/// Fix the next position of a sealed rollup with `hash`, which must be
		/// `sealed_hash(id, caller, payload, salt)` of the payload revealed later: only the
		/// caller's own commit can be filled with that payload. Pays `base_fee` and holds
		/// `CommitDeposit` until the reveal. An account cannot commit the same hash to the
		/// same rollup twice while the first commit is in its reveal window.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::commit().saturating_add(Pallet::<T>::first_use()))]
		pub fn commit(
			origin: OriginFor<T>,
			id: RollupId,
			hash: Hash32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut rollup = Rollups::<T>::get(id).ok_or(Error::<T>::UnknownRollup)?;
			Self::ensure_accepting(&rollup)?;
			ensure!(rollup.config.ordering == OrderingPolicy::Sealed, Error::<T>::NotSealed);
			Self::ensure_submitter(id, &rollup, &who)?;
			let key = (id, who.clone(), hash);
			ensure!(!CommitIndex::<T>::contains_key(&key), Error::<T>::DuplicateCommit);
			let commits = BlockCommits::<T>::get();
			ensure!(commits < T::MaxCommitsPerBlock::get(), Error::<T>::TooManyCommitsInBlock);
			let params = Params::<T>::get();
			let (usage, first) = Self::reserve(id, &rollup, 1, 0, &params)?;
			let now = frame_system::Pallet::<T>::block_number();
			let reveal_by = now.saturating_add(T::RevealWindow::get());
			let index = rollup.stream.next_index;
			Expiries::<T>::try_mutate(reveal_by.saturating_add(1u32.into()), |queue| {
				queue.try_push((id, index))
			})
			.map_err(|_| Error::<T>::TooManyCommitsInBlock)?;
			Self::charge(&who, params.base_fee)?;
			let deposit = T::CommitDeposit::get();
			T::Currency::hold(&HoldReason::SealedCommit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientBalance)?;

			rollup.stream.commitment = next_commitment(&rollup.stream.commitment, index, &hash);
			rollup.stream.next_index = index.saturating_add(1);
			rollup.pending_commits.saturating_inc();
			let max_payload_bytes = rollup.config.max_payload_bytes;
			Rollups::<T>::insert(id, rollup);
			CommitIndex::<T>::insert(key, index);
			Commits::<T>::insert(
				id,
				index,
				PendingCommit {
					who: who.clone(),
					hash,
					deposit,
					reveal_by,
					revealed: false,
					max_payload_bytes,
					version: SealedHashVersion::V2,
				},
			);
			BlockCommits::<T>::put(commits.saturating_add(1));
			Self::record_use(id, usage, first, 0);
			Self::deposit_event(Event::Committed { rollup: id, index, who, hash });
			Ok(Self::refund_unless_first(T::WeightInfo::commit(), first))
		}

		/// Reveal the payload of sealed entry `index`: `sealed_hash(id, committer, payload,
		/// salt)` must equal the committed hash, the payload must fit the rollup's
		/// `max_payload_bytes` as it was at commit time, and the commit's reveal window must be
		/// open. Anyone may reveal; the revealer pays `byte_fee × len` and the committer gets
		/// its deposit back. A reveal takes no place and no position in the block (its
		/// position was fixed by the commit); its bytes count towards the block's inbox byte
		/// budget only. Reveals are accepted while the rollup or the inbox is paused, and after
		/// deregistration: their positions were fixed before.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::reveal(payload.len() as u32))]
		pub fn reveal(
			origin: OriginFor<T>,
			id: RollupId,
			index: EntryIndex,
			payload: Vec<u8>,
			salt: Hash32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut rollup = Rollups::<T>::get(id).ok_or(Error::<T>::UnknownRollup)?;
			let Some(mut pending) = Commits::<T>::get(id, index) else {
				return Err(if index < rollup.stream.next_index {
					Error::<T>::RevealWindowClosed
				} else {
					Error::<T>::UnknownCommit
				}
				.into());
			};
			ensure!(!pending.revealed, Error::<T>::AlreadyRevealed);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now <= pending.reveal_by, Error::<T>::RevealWindowClosed);
			let len = Self::check_len(pending.max_payload_bytes, &payload)?;
			ensure!(Self::opens(id, &pending, &payload, &salt), Error::<T>::RevealMismatch);
			let params = Params::<T>::get();
			let block_bytes = BlockBytes::<T>::get().saturating_add(len);
			ensure!(block_bytes <= params.block_byte_budget, Error::<T>::BlockFull);
			Self::charge(&who, params.byte_fee.saturating_mul(len.into()))?;
			T::Currency::release(
				&HoldReason::SealedCommit.into(),
				&pending.who,
				pending.deposit,
				Precision::Exact,
			)?;

			pending.revealed = true;
			Commits::<T>::insert(id, index, pending);
			rollup.pending_commits.saturating_dec();
			rollup.stream.count.saturating_inc();
			rollup.stream.total_bytes.saturating_accrue(len.into());
			Rollups::<T>::insert(id, rollup);
			BlockBytes::<T>::put(block_bytes);
			Self::deposit_event(Event::Revealed { rollup: id, index });
			Ok(().into())
		}

		/// Pause one rollup (`Some(id)`) or the whole inbox (`None`): submissions and commits
		/// fail until unpaused. A referendum's pause has no term, and on a target the council
		/// paused it keeps that pause from lapsing. The council's pause lapses after
		/// `CouncilPauseDuration` blocks, and the council may not pause again until
		/// `CouncilPauseCooldown` blocks after that.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::pause())]
		pub fn pause(origin: OriginFor<T>, rollup: Option<RollupId>) -> DispatchResult {
			let by_council = Self::pause_authority(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			if by_council {
				ensure!(now >= CouncilPauseBarredUntil::<T>::get(), Error::<T>::CouncilPauseBarred);
				Self::set_paused(rollup, true)?;
				let lapses_at = now.saturating_add(T::CouncilPauseDuration::get());
				CouncilPause::<T>::put((rollup, lapses_at));
				CouncilPauseBarredUntil::<T>::put(
					lapses_at.saturating_add(T::CouncilPauseCooldown::get()),
				);
				Self::deposit_event(Event::Paused { rollup });
				Self::deposit_event(Event::CouncilPaused { rollup, lapses_at });
			} else if CouncilPause::<T>::get().is_some_and(|(target, _)| target == rollup) {
				CouncilPause::<T>::kill();
				Self::deposit_event(Event::CouncilPauseKept { rollup });
			} else {
				Self::set_paused(rollup, true)?;
				Self::deposit_event(Event::Paused { rollup });
			}
			Ok(())
		}

		/// Unpause one rollup (`Some(id)`) or the whole inbox (`None`). A referendum lifts any
		/// pause; the council only its own.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::unpause())]
		pub fn unpause(origin: OriginFor<T>, rollup: Option<RollupId>) -> DispatchResult {
			let by_council = Self::pause_authority(origin)?;
			let councils = CouncilPause::<T>::get().is_some_and(|(target, _)| target == rollup);
			if by_council && !councils {
				ensure!(Self::paused(rollup)?, Error::<T>::NotPaused);
				return Err(Error::<T>::PausedByReferendum.into());
			}
			Self::set_paused(rollup, false)?;
			if councils {
				CouncilPause::<T>::kill();
			}
			Self::deposit_event(Event::Unpaused { rollup });
			Ok(())
		}

		/// Set the fees and block budgets.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			params: InboxParams<BalanceOf<T>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(Self::params_valid(&params), Error::<T>::InvalidParams);
			Params::<T>::put(params);
			Self::deposit_event(Event::ParamsSet { params });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The fee of `positions` submissions carrying `bytes` payload bytes.
	pub fn fee(positions: u32, bytes: u32) -> BalanceOf<T> {
		let params = Params::<T>::get();
		params
			.base_fee
			.saturating_mul(positions.into())
			.saturating_add(params.byte_fee.saturating_mul(bytes.into()))
	}

	/// A rollup as its readers see it.
	pub fn rollup_view(id: RollupId) -> Option<RollupView<T::AccountId>> {
		let rollup = Rollups::<T>::get(id)?;
		let accepting =
			rollup.status == RollupStatus::Active && !rollup.paused && !InboxPaused::<T>::get();
		Some(RollupView {
			name: rollup.name.into_inner(),
			owner: rollup.owner,
			ordering: rollup.config.ordering,
			accepting,
			stream: rollup.stream,
		})
	}

	/// The id registered under `name`.
	pub fn rollup_id(name: Vec<u8>) -> Option<RollupId> {
		let name: NameOf<T> = name.try_into().ok()?;
		RollupIds::<T>::get(name)
	}

	/// Extra weight a call carries in case it is the block's first use of its rollup: the
	/// rollup's share of `on_finalize`. Refunded when it is not.
	pub fn first_use() -> Weight {
		T::WeightInfo::on_finalize(1).saturating_sub(T::WeightInfo::on_finalize(0))
	}

	/// Weight of a batch: the per-entry cost measured with one-byte payloads, plus the bytes
	/// at `submit`'s per-byte slope.
	pub fn batch_weight(payloads: &[Vec<u8>]) -> Weight {
		T::WeightInfo::submit_batch(payloads.len() as u32)
			.saturating_add(Self::byte_weight(Self::total_len(payloads)))
	}

	/// Weight of handling `len` payload bytes (hashing, copying): `submit`'s slope.
	pub fn byte_weight(len: u32) -> Weight {
		T::WeightInfo::submit(len).saturating_sub(T::WeightInfo::submit(0))
	}

	/// Total bytes of a batch, saturating.
	pub fn total_len(payloads: &[Vec<u8>]) -> u32 {
		payloads.iter().fold(0u32, |n, p| n.saturating_add(p.len() as u32))
	}

	fn refund_unless_first(weight: Weight, first: bool) -> PostDispatchInfo {
		let actual = if first { weight.saturating_add(Self::first_use()) } else { weight };
		PostDispatchInfo { actual_weight: Some(actual), pays_fee: Pays::Yes }
	}

	fn do_submit(
		who: &T::AccountId,
		id: RollupId,
		payloads: &[Vec<u8>],
	) -> Result<bool, DispatchError> {
		ensure!(!payloads.is_empty(), Error::<T>::EmptyBatch);
		let mut rollup = Rollups::<T>::get(id).ok_or(Error::<T>::UnknownRollup)?;
		Self::ensure_accepting(&rollup)?;
		ensure!(rollup.config.ordering == OrderingPolicy::Plain, Error::<T>::SealedRollup);
		Self::ensure_submitter(id, &rollup, who)?;
		let positions: u32 =
			payloads.len().try_into().map_err(|_| Error::<T>::TooManySubmissions)?;
		let mut bytes = 0u32;
		for payload in payloads {
			bytes = bytes.saturating_add(Self::check_payload(&rollup, payload)?);
		}
		let params = Params::<T>::get();
		let (usage, first) = Self::reserve(id, &rollup, positions, bytes, &params)?;
		let fee = params
			.base_fee
			.saturating_mul(positions.into())
			.saturating_add(params.byte_fee.saturating_mul(bytes.into()));
		Self::charge(who, fee)?;

		let start = rollup.stream.next_index;
		let hashes: Vec<Hash32> = payloads.iter().map(|p| payload_hash(p)).collect();
		rollup.stream.commitment = fold(rollup.stream.commitment, start, &hashes);
		rollup.stream.next_index = start.saturating_add(positions.into());
		rollup.stream.count.saturating_accrue(positions.into());
		rollup.stream.total_bytes.saturating_accrue(bytes.into());
		Rollups::<T>::insert(id, rollup);
		Self::record_use(id, usage, first, bytes);
		Ok(first)
	}

	/// Checks the rollup's limits for `positions` new positions and `bytes` payload bytes in
	/// this block; returns the rollup's usage after them and whether this is its first use of
	/// the block. Writes nothing.
	fn reserve(
		id: RollupId,
		rollup: &RollupOf<T>,
		positions: u32,
		bytes: u32,
		params: &InboxParams<BalanceOf<T>>,
	) -> Result<(BlockUsage, bool), Error<T>> {
		let existing = BlockUsageOf::<T>::get(id);
		let first = existing.is_none();
		let mut usage = existing.unwrap_or(BlockUsage {
			positions: 0,
			bytes: 0,
			first_index: rollup.stream.next_index,
		});
		usage.positions = usage.positions.saturating_add(positions);
		ensure!(
			usage.positions <= rollup.config.max_submissions_per_block,
			Error::<T>::TooManySubmissions
		);
		usage.bytes = usage.bytes.saturating_add(bytes);
		ensure!(usage.bytes <= params.rollup_byte_budget(), Error::<T>::RollupShareExceeded);
		ensure!(
			BlockBytes::<T>::get().saturating_add(bytes) <= params.block_byte_budget,
			Error::<T>::BlockFull
		);
		if first {
			ensure!(
				(BlockRollups::<T>::decode_len().unwrap_or(0) as u32)
					< T::MaxRollupsPerBlock::get(),
				Error::<T>::TooManyRollupsInBlock
			);
		}
		Ok((usage, first))
	}

	/// Records what [`Self::reserve`] checked.
	fn record_use(id: RollupId, usage: BlockUsage, first: bool, bytes: u32) {
		BlockUsageOf::<T>::insert(id, usage);
		BlockBytes::<T>::mutate(|b| b.saturating_accrue(bytes));
		if first {
			// `reserve` checked there is room; a full list would only skip the event.
			let _ = BlockRollups::<T>::try_append(id);
		}
	}

	fn charge(who: &T::AccountId, fee: BalanceOf<T>) -> DispatchResult {
		if fee.is_zero() {
			return Ok(());
		}
		let credit = T::Currency::withdraw(
			who,
			fee,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientBalance)?;
		T::FeeSink::on_unbalanced(credit);
		Ok(())
	}

	fn check_payload(rollup: &RollupOf<T>, payload: &[u8]) -> Result<u32, Error<T>> {
		Self::check_len(rollup.config.max_payload_bytes, payload)
	}

	fn check_len(max_payload_bytes: u32, payload: &[u8]) -> Result<u32, Error<T>> {
		ensure!(!payload.is_empty(), Error::<T>::EmptyPayload);
		let len = u32::try_from(payload.len()).map_err(|_| Error::<T>::PayloadTooLarge)?;
		ensure!(len <= max_payload_bytes, Error::<T>::PayloadTooLarge);
		Ok(len)
	}

	/// Whether `payload` and `salt` open `pending`'s hash, bound to its committer.
	fn opens(id: RollupId, pending: &PendingCommitOf<T>, payload: &[u8], salt: &Hash32) -> bool {
		let hash = match pending.version {
			SealedHashVersion::V2 => sealed_hash(id, &pending.who.encode(), payload, salt),
			SealedHashVersion::V1 => sealed_hash_v1(id, payload, salt),
		};
		hash == pending.hash
	}

	/// The lightest call that takes a rollup's place in a block, without the extrinsic base:
	/// a one-byte submission (alone or as a batch) or a commit, plus the block's first use of
	/// the rollup.
	pub fn cheapest_place() -> Weight {
		T::WeightInfo::submit(1)
			.min(Self::batch_weight(&[alloc::vec![0]]))
			.min(T::WeightInfo::commit())
			.saturating_add(Self::first_use())
	}

	/// How many of the cheapest call that takes a rollup's first place in a block, and how many
	/// commits, the normal class of a block admits by weight (`u64::MAX` when the class is
	/// unlimited).
	pub fn block_capacity() -> (u64, u64) {
		use frame_support::dispatch::DispatchClass;
		let weights = <T as frame_system::Config>::BlockWeights::get();
		let normal = weights.get(DispatchClass::Normal);
		let Some(max) = normal.max_total else { return (u64::MAX, u64::MAX) };
		let base = normal.base_extrinsic;
		let place = Self::cheapest_place().saturating_add(base);
		let commit = T::WeightInfo::commit().saturating_add(base);
		let fits = |w: Weight| max.ref_time().checked_div(w.ref_time()).unwrap_or(u64::MAX);
		(fits(place), fits(commit))
	}

	fn ensure_accepting(rollup: &RollupOf<T>) -> Result<(), Error<T>> {
		ensure!(!InboxPaused::<T>::get(), Error::<T>::InboxPaused);
		ensure!(!rollup.paused, Error::<T>::RollupPaused);
		ensure!(rollup.status == RollupStatus::Active, Error::<T>::RollupDeregistered);
		Ok(())
	}

	fn ensure_submitter(
		id: RollupId,
		rollup: &RollupOf<T>,
		who: &T::AccountId,
	) -> Result<(), Error<T>> {
		if rollup.config.submitters == SubmitterPolicy::AllowList {
			ensure!(Submitters::<T>::get(id).binary_search(who).is_ok(), Error::<T>::NotAllowed);
		}
		Ok(())
	}

	fn ensure_config(config: &RollupConfig) -> Result<(), Error<T>> {
		ensure!(
			(1..=T::MaxPayloadBytes::get()).contains(&config.max_payload_bytes)
				&& (1..=T::MaxSubmissionsPerBlock::get())
					.contains(&config.max_submissions_per_block),
			Error::<T>::InvalidConfig
		);
		Ok(())
	}

	fn valid_name(name: Vec<u8>) -> Result<NameOf<T>, Error<T>> {
		ensure!(
			!name.is_empty()
				&& name.iter().all(|c| c.is_ascii_lowercase()
					|| c.is_ascii_digit()
					|| *c == b'-' || *c == b'_'),
			Error::<T>::InvalidName
		);
		name.try_into().map_err(|_| Error::<T>::InvalidName)
	}

	fn owned(id: RollupId, who: &T::AccountId) -> Result<RollupOf<T>, Error<T>> {
		let rollup = Rollups::<T>::get(id).ok_or(Error::<T>::UnknownRollup)?;
		ensure!(&rollup.owner == who, Error::<T>::NotOwner);
		Ok(rollup)
	}

	fn owned_active(id: RollupId, who: &T::AccountId) -> Result<RollupOf<T>, Error<T>> {
		let rollup = Self::owned(id, who)?;
		ensure!(rollup.status == RollupStatus::Active, Error::<T>::RollupDeregistered);
		Ok(rollup)
	}

	/// Whether `origin` pauses as the council (`true`) or as a referendum (`false`).
	fn pause_authority(origin: OriginFor<T>) -> Result<bool, DispatchError> {
		match T::PauseOrigin::try_origin(origin) {
			Ok(_) => Ok(false),
			Err(origin) => {
				T::CouncilPauseOrigin::ensure_origin(origin).map(|_| true).map_err(Into::into)
			},
		}
	}

	/// Whether `target` (a rollup, or the whole inbox) is paused.
	fn paused(target: Option<RollupId>) -> Result<bool, Error<T>> {
		match target {
			None => Ok(InboxPaused::<T>::get()),
			Some(id) => Ok(Rollups::<T>::get(id).ok_or(Error::<T>::UnknownRollup)?.paused),
		}
	}

	/// Lifts the council's pause at the start of the block it lapses at. One read in every
	/// block; an unpause's work in the block it lapses.
	fn lapse_council_pause(now: BlockNumberFor<T>) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some((rollup, lapses_at)) = CouncilPause::<T>::get() else { return read };
		if now < lapses_at {
			return read;
		}
		CouncilPause::<T>::kill();
		if Self::set_paused(rollup, false).is_ok() {
			Self::deposit_event(Event::Unpaused { rollup });
		}
		Self::deposit_event(Event::CouncilPauseLapsed { rollup });
		read.saturating_add(T::WeightInfo::unpause())
	}

	fn set_paused(target: Option<RollupId>, paused: bool) -> Result<(), Error<T>> {
		let already = if paused { Error::<T>::AlreadyPaused } else { Error::<T>::NotPaused };
		match target {
			None => {
				ensure!(InboxPaused::<T>::get() != paused, already);
				InboxPaused::<T>::put(paused);
			},
			Some(id) => {
				let mut rollup = Rollups::<T>::get(id).ok_or(Error::<T>::UnknownRollup)?;
				ensure!(rollup.paused != paused, already);
				rollup.paused = paused;
				Rollups::<T>::insert(id, rollup);
			},
		}
		Ok(())
	}

	fn params_valid(params: &InboxParams<BalanceOf<T>>) -> bool {
		(1..=T::MaxBlockBytes::get()).contains(&params.block_byte_budget)
			&& !params.rollup_block_share.is_zero()
	}

	/// Settles the commits whose reveal window ended with the previous block: unrevealed ones
	/// forfeit their deposit and are marked expired. Returns how many there were.
	fn expire_commits(now: BlockNumberFor<T>) -> u32 {
		let queue = Expiries::<T>::take(now);
		let count = queue.len() as u32;
		for (id, index) in queue {
			let Some(pending) = Commits::<T>::take(id, index) else { continue };
			CommitIndex::<T>::remove((id, pending.who.clone(), pending.hash));
			if pending.revealed {
				continue;
			}
			let (credit, _missing) =
				T::Currency::slash(&HoldReason::SealedCommit.into(), &pending.who, pending.deposit);
			let forfeited = pending.deposit.saturating_sub(_missing);
			T::FeeSink::on_unbalanced(credit);
			Rollups::<T>::mutate(id, |r| {
				if let Some(r) = r {
					r.pending_commits.saturating_dec();
				}
			});
			Self::deposit_event(Event::CommitExpired { rollup: id, index, forfeited });
		}
		count
	}

	/// Checks the invariants listed in the crate documentation.
	#[cfg(any(feature = "std", feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let next_id = NextRollupId::<T>::get();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut rollups = 0u32;
		for (id, rollup) in Rollups::<T>::iter() {
			rollups += 1;
			ensure!(id < next_id, "rollup id at or above NextRollupId");
			ensure!(
				RollupIds::<T>::get(&rollup.name) == Some(id),
				"name does not map to its rollup"
			);
			ensure!(rollup.stream.count <= rollup.stream.next_index, "count above next_index");
			let bond = bonds.entry(rollup.owner.clone()).or_insert_with(Zero::zero);
			*bond = bond.saturating_add(rollup.bond);
			let unrevealed = Commits::<T>::iter_prefix_values(id).filter(|c| !c.revealed).count();
			ensure!(
				unrevealed as u32 == rollup.pending_commits,
				"pending_commits differs from the unrevealed commits"
			);
		}
		ensure!(RollupIds::<T>::iter().count() as u32 == rollups, "a name maps to no rollup");
		for (owner, bond) in bonds {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::RollupBond.into(), &owner) == bond,
				"RollupBond hold differs from the owned rollups' bonds"
			);
		}
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut commits = 0u32;
		for (id, index, commit) in Commits::<T>::iter() {
			commits += 1;
			let rollup = Rollups::<T>::get(id).ok_or("commit of an unknown rollup")?;
			ensure!(index < rollup.stream.next_index, "commit beyond the stream");
			ensure!(
				CommitIndex::<T>::get((id, commit.who.clone(), commit.hash)) == Some(index),
				"commit missing from CommitIndex"
			);
			ensure!(
				commit.max_payload_bytes <= T::MaxPayloadBytes::get(),
				"commit limit above MaxPayloadBytes"
			);
			ensure!(
				Expiries::<T>::get(commit.reveal_by.saturating_add(1u32.into()))
					.contains(&(id, index)),
				"commit not queued for expiry"
			);
			if !commit.revealed {
				let d = deposits.entry(commit.who.clone()).or_insert_with(Zero::zero);
				*d = d.saturating_add(commit.deposit);
			}
		}
		ensure!(
			CommitIndex::<T>::iter().count() as u32 == commits,
			"CommitIndex entry without its commit"
		);
		for (who, deposit) in &deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::SealedCommit.into(), who) == *deposit,
				"SealedCommit hold differs from the unrevealed deposits"
			);
		}
		for (id, list) in Submitters::<T>::iter() {
			ensure!(Rollups::<T>::contains_key(id), "allow-list of an unknown rollup");
			ensure!(list.windows(2).all(|w| w[0] < w[1]), "allow-list not sorted and unique");
		}
		if let Some((target, lapses_at)) = CouncilPause::<T>::get() {
			// A paused rollup whose bond was released since is gone: nothing is left to pause.
			ensure!(
				matches!(Self::paused(target), Ok(true) | Err(Error::<T>::UnknownRollup)),
				"the council's pause target is not paused"
			);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				lapses_at <= now.saturating_add(T::CouncilPauseDuration::get()),
				"the council's pause lasts longer than CouncilPauseDuration"
			);
			ensure!(
				CouncilPauseBarredUntil::<T>::get()
					>= lapses_at.saturating_add(T::CouncilPauseCooldown::get()),
				"the council may pause again before its cooldown"
			);
		}
		Ok(())
	}
}
