//! # Slot rotation
//!
//! Elects the sequencer set at each session boundary, publishes the slot-leader schedule,
//! attributes missed slots to the sequencers that were due to lead them, and turns provable
//! faults (too many missed slots, two blocks signed for one slot) into reports to staking.
//!
//! ## Election
//!
//! `pallet-session` asks this pallet ([`pallet_session`-style `SessionManager`][Pallet::elect])
//! for the set of session `i + 1` when session `i` starts. The set is the top
//! [`TargetSetSize`] candidates (a governance parameter, at most [`Config::MaxSequencers`]) by
//! total backing that have session keys, did not fail liveness in the last session and have no
//! heavy fault pending in staking, ties going to the lower account id ([`election::elect`]).
//! Fewer than [`Config::MinSequencers`] keeps the previous set ([`Event::ElectionKept`]).
//!
//! ## Leader schedule
//!
//! Aura gives slot `s` to authority `s mod n` of the session's set. The elected set is
//! shuffled ([`election::shuffle`]) with a seed of the parent block hash and the session index,
//! so the order changes every session. **Strength:** Aura has no VRF, so the seed is known one
//! block before the election and the author of that block could try several block contents to
//! pick among orders. It can change who leads which slot, never who is in the set; a
//! BABE-style VRF would remove that grinding.
//!
//! ## Liveness
//!
//! On every block the slots between the parent's slot and this block's slot were skipped: each
//! is charged to the leader that was due ([`election::slots_per_leader`], O(set size) however
//! long the gap). A sequencer whose own slots were missed [`Config::LivenessThreshold`] times in
//! a row has failed ([`Event::LivenessFailed`]). At the end of the session every failed
//! sequencer is reported to staking as `LivenessFailure` and left out of the next election,
//! unless more than a third of the set was failing at the same time: then it is a systemic
//! outage ([`Event::SystemicOutage`]), nobody is reported and nobody is left out.
//!
//! ## Double signing
//!
//! [`Pallet::report_double_sign`] takes two headers sealed by the same Aura key for the same
//! slot, verifies both seals on chain against the key that led that slot (recorded per
//! session, so rotating keys does not escape a report) and reports its sequencer to staking as
//! `DoubleSigning`. A valid report is free.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod election;
pub mod migrations;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::{boxed::Box, vec::Vec};
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*,
	traits::{Contains, DisabledValidators, ValidatorSet},
};
use frame_system::pallet_prelude::*;
use scale_info::TypeInfo;
use seqchain_primitives::{
	DisableSequencer, FaultKind, FaultReporter, SequencerCandidates, SessionIndex, SessionObserver,
};
use sp_consensus_aura::{digests::CompatibleDigestItem, Slot, AURA_ENGINE_ID};
use sp_runtime::{traits::Header as _, DigestItem, RuntimeAppPublic};

/// A session's set and where it starts.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(Max))]
pub struct SessionRecord<AccountId, AuthorityId, Max: Get<u32>> {
	/// The sequencers in leader order: slot `s` belongs to `set[s mod len]`.
	pub set: BoundedVec<AccountId, Max>,
	/// Their Aura keys, aligned with `set`: taken from Aura at the session's first block, so a
	/// double sign stays provable after the offender rotates its keys.
	pub keys: BoundedVec<AuthorityId, Max>,
	/// The first slot the set leads: the slot after the block that started the session.
	/// `None` until the session's first block (the genesis session).
	pub first_slot: Option<u64>,
}

/// What one sequencer did in a session.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, Default, TypeInfo, MaxEncodedLen)]
pub struct SlotStats {
	/// Blocks authored.
	pub authored: u32,
	/// Own slots missed.
	pub missed: u32,
	/// Own slots missed in a row, up to now.
	pub streak: u32,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Backing of a candidate, as staking counts it.
		type Balance: Ord + Copy + core::fmt::Debug;

		/// The candidates the election chooses from, with their backing.
		type Candidates: SequencerCandidates<Self::AccountId, Self::Balance>;

		/// Receives liveness and double-signing reports (sequencer-staking).
		type FaultReporter: FaultReporter<Self::AccountId>;

		/// Told when each session starts (sequencer-staking counts eras).
		type SessionObserver: SessionObserver;

		/// The session pallet's current set: the truth the pallet's records follow.
		type ValidatorSet: ValidatorSet<Self::AccountId, ValidatorId = Self::AccountId>;

		/// Whether an account has registered session keys: only those can be elected.
		type HasSessionKeys: Contains<Self::AccountId>;

		/// The Aura authority key type, whose seals `report_double_sign` verifies.
		type AuthorityId: Member + Parameter + RuntimeAppPublic + MaxEncodedLen;

		/// Aura's current authorities, aligned with the session's set.
		type Authorities: Get<Vec<Self::AuthorityId>>;

		/// Indices of the current set that are disabled (they may not author, so their slots
		/// are not held against them).
		type Disabled: DisabledValidators;

		/// Takes a suspended sequencer (a heavy fault pending) out of block production when a
		/// session starts with it still in the set.
		type Disabler: DisableSequencer<Self::AccountId>;

		/// The origin that sets [`TargetSetSize`] (governance).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Largest set: bounds storage, and [`TargetSetSize`] from above.
		#[pallet::constant]
		type MaxSequencers: Get<u32>;

		/// Smallest [`TargetSetSize`] governance may set.
		#[pallet::constant]
		type MinTargetSetSize: Get<u32>;

		/// Largest encoded header `report_double_sign` takes: a real header, with the
		/// largest consensus digest (a GRANDPA authority-set change), fits well below it.
		#[pallet::constant]
		type MaxHeaderSize: Get<u32>;

		/// Smallest set an election may produce; fewer eligible keeps the previous set.
		#[pallet::constant]
		type MinSequencers: Get<u32>;

		/// Own slots missed in a row that make a liveness failure.
		#[pallet::constant]
		type LivenessThreshold: Get<u32>;

		/// Sessions whose records and counts are kept (for double-sign reports and rewards).
		#[pallet::constant]
		type HistoryDepth: Get<u32>;

		/// Weights from the node's `benchmark pallet` command.
		type WeightInfo: WeightInfo;
	}

	/// The current session.
	#[pallet::storage]
	pub type CurrentSession<T: Config> = StorageValue<_, SessionIndex, ValueQuery>;

	/// Sets of the last [`Config::HistoryDepth`] sessions and of the next one.
	#[pallet::storage]
	pub type Sessions<T: Config> = StorageMap<
		_,
		Twox64Concat,
		SessionIndex,
		SessionRecord<T::AccountId, T::AuthorityId, T::MaxSequencers>,
		OptionQuery,
	>;

	/// Per-sequencer counts of a session, aligned with its set.
	#[pallet::storage]
	pub type Stats<T: Config> = StorageMap<
		_,
		Twox64Concat,
		SessionIndex,
		BoundedVec<SlotStats, T::MaxSequencers>,
		ValueQuery,
	>;

	/// Slot of the last block.
	#[pallet::storage]
	pub type LastSlot<T: Config> = StorageValue<_, u64, OptionQuery>;

	/// Sequencers of the current set that failed liveness this session.
	#[pallet::storage]
	pub type Failed<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxSequencers>, ValueQuery>;

	/// Most sequencers failing at the same time this session.
	#[pallet::storage]
	pub type PeakFailing<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Sequencers left out of the next election (they failed liveness in the last session).
	#[pallet::storage]
	pub type Excluded<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxSequencers>, ValueQuery>;

	/// Double-sign offences already reported, by (session of the offence, (offender, slot)).
	/// Pruned with the session's record: older slots cannot be reported any more.
	#[pallet::storage]
	pub type DoubleSignReports<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SessionIndex, Blake2_128Concat, (T::AccountId, u64), ()>;

	/// The number of sequencers elected each session (fewer when fewer are eligible), set by
	/// governance within [`Config::MinTargetSetSize`] and [`Config::MaxSequencers`].
	#[pallet::storage]
	pub type TargetSetSize<T: Config> = StorageValue<_, u32, ValueQuery, T::MaxSequencers>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The set of session `session` was elected (in leader order).
		SetElected { session: SessionIndex, set: Vec<T::AccountId> },
		/// Too few candidates were eligible for session `session`: the previous set stays.
		ElectionKept { session: SessionIndex, eligible: u32 },
		/// Slots were skipped before this block: `(leader, slots missed)` of each leader due.
		SlotsMissed { missed: Vec<(T::AccountId, u32)> },
		/// `who` missed `LivenessThreshold` of its slots in a row.
		LivenessFailed { who: T::AccountId, session: SessionIndex },
		/// `who` was reported to staking for a liveness failure in `session` and is left out
		/// of the next election.
		LivenessReported { who: T::AccountId, session: SessionIndex },
		/// More than a third of the set of `session` was failing at once (`failing` of
		/// `set_size`): a systemic outage, so nobody is reported or left out.
		SystemicOutage { session: SessionIndex, failing: u32, set_size: u32 },
		/// `offender` signed two blocks for `slot`, in session `session`; reported to staking.
		DoubleSignReported { offender: T::AccountId, slot: u64, session: SessionIndex },
		/// Governance set the target set size to `size` (from the next election on).
		TargetSetSizeSet { size: u32 },
		/// `who`, in the set of `session`, has a heavy fault pending and was disabled.
		SuspendedSequencerDisabled { who: T::AccountId, session: SessionIndex },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The two headers are the same block.
		SameHeader,
		/// A header has no Aura slot (pre-runtime digest).
		NoSlot,
		/// The two headers are for different slots.
		DifferentSlots,
		/// A header's last digest item is not an Aura seal.
		NoSeal,
		/// A seal is not a valid signature of its header by the given key.
		InvalidSeal,
		/// The key is not an authority of the session of that slot (or the slot is older than
		/// the sessions the pallet remembers).
		NotAuthority,
		/// The key is an authority, but not the leader of that slot.
		NotSlotLeader,
		/// This double signing was already reported.
		AlreadyReported,
		/// A header is larger than `MaxHeaderSize`: no block of this chain has such a header.
		HeaderTooLarge,
		/// The target set size is outside `MinTargetSetSize..=MaxSequencers`.
		TargetOutOfBounds,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let set_len = Self::note_slot();
			T::WeightInfo::on_initialize(set_len)
		}

		fn integrity_test() {
			assert!(T::MaxSequencers::get() > 0, "MaxSequencers must be positive");
			assert!(
				T::MinSequencers::get() <= T::MinTargetSetSize::get()
					&& T::MinTargetSetSize::get() <= T::MaxSequencers::get(),
				"MinSequencers <= MinTargetSetSize <= MaxSequencers"
			);
			assert!(T::LivenessThreshold::get() > 0, "LivenessThreshold must be positive");
			assert!(T::HistoryDepth::get() > 0, "HistoryDepth must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Report that Aura key `key` sealed both `first` and `second`, two different headers
		/// for the same slot that it led. Both seals are verified here; the sequencer that held
		/// `key` in that slot's session is reported to staking for double signing. Free when
		/// valid.
		#[pallet::call_index(0)]
		#[pallet::weight({
			let (ref_time, proof_size) = T::FaultReporter::report_weight();
			T::WeightInfo::report_double_sign()
				.saturating_add(Weight::from_parts(ref_time, proof_size))
		})]
		pub fn report_double_sign(
			origin: OriginFor<T>,
			key: T::AuthorityId,
			first: Box<HeaderFor<T>>,
			second: Box<HeaderFor<T>>,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			// The caller chooses the headers: bound what hashing and verifying them costs.
			let max = T::MaxHeaderSize::get() as usize;
			ensure!(
				first.encoded_size() <= max && second.encoded_size() <= max,
				Error::<T>::HeaderTooLarge
			);
			ensure!(first.hash() != second.hash(), Error::<T>::SameHeader);
			let slot = Self::verify_seal(&key, *first)?;
			ensure!(slot == Self::verify_seal(&key, *second)?, Error::<T>::DifferentSlots);
			let (session, offender) = Self::slot_leader_at(&key, slot)?;
			ensure!(
				!DoubleSignReports::<T>::contains_key(session, (&offender, slot)),
				Error::<T>::AlreadyReported
			);
			DoubleSignReports::<T>::insert(session, (&offender, slot), ());
			T::FaultReporter::report(&offender, FaultKind::DoubleSigning, session);
			Self::deposit_event(Event::DoubleSignReported { offender, slot, session });
			Ok(Pays::No.into())
		}

		/// Set the number of sequencers elected each session, from the next election on
		/// (governance).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_target_set_size())]
		pub fn set_target_set_size(origin: OriginFor<T>, size: u32) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(
				(T::MinTargetSetSize::get()..=T::MaxSequencers::get()).contains(&size),
				Error::<T>::TargetOutOfBounds
			);
			TargetSetSize::<T>::put(size);
			Self::deposit_event(Event::TargetSetSizeSet { size });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The Aura slot of the block being built, from its pre-runtime digest.
	fn current_slot() -> Option<u64> {
		frame_system::Pallet::<T>::digest().logs().iter().find_map(|item| match item {
			DigestItem::PreRuntime(id, data) if *id == AURA_ENGINE_ID => {
				Slot::decode(&mut &data[..]).ok().map(u64::from)
			},
			_ => None,
		})
	}

	/// Checks that `header`'s last digest item is an Aura seal by `key` over the rest of the
	/// header, and returns the header's slot.
	fn verify_seal(key: &T::AuthorityId, mut header: HeaderFor<T>) -> Result<u64, Error<T>> {
		let seal = header.digest_mut().pop().ok_or(Error::<T>::NoSeal)?;
		let signature: <T::AuthorityId as RuntimeAppPublic>::Signature =
			CompatibleDigestItem::as_aura_seal(&seal).ok_or(Error::<T>::NoSeal)?;
		let slot = header
			.digest()
			.logs()
			.iter()
			.find_map(|item| {
				<DigestItem as CompatibleDigestItem<
					<T::AuthorityId as RuntimeAppPublic>::Signature,
				>>::as_aura_pre_digest(item)
			})
			.ok_or(Error::<T>::NoSlot)?;
		let pre_hash = header.hash();
		ensure!(key.verify(&pre_hash.as_ref(), &signature), Error::<T>::InvalidSeal);
		Ok(slot.into())
	}

	/// The session `slot` belongs to and the account `key` belonged to in it, if `key` led
	/// `slot`.
	fn slot_leader_at(
		key: &T::AuthorityId,
		slot: u64,
	) -> Result<(SessionIndex, T::AccountId), Error<T>> {
		let current = CurrentSession::<T>::get();
		let oldest = current.saturating_sub(T::HistoryDepth::get());
		let mut later_first: Option<u64> = None;
		for session in (oldest..=current).rev() {
			let Some(record) = Sessions::<T>::get(session) else { continue };
			let starts_before = record.first_slot.is_none_or(|first| first <= slot);
			let ends_after = later_first.is_none_or(|next| slot < next);
			if starts_before && ends_after {
				let position =
					record.keys.iter().position(|k| k == key).ok_or(Error::<T>::NotAuthority)?;
				let leader = election::leader_index(slot, record.keys.len());
				ensure!(leader == Some(position), Error::<T>::NotSlotLeader);
				let who = record.set.get(position).ok_or(Error::<T>::NotAuthority)?;
				return Ok((session, who.clone()));
			}
			later_first = record.first_slot.or(later_first);
		}
		Err(Error::<T>::NotAuthority)
	}

	/// Attributes this block and the slots skipped since the parent to the current set.
	/// Returns the set size (for the weight).
	fn note_slot() -> u32 {
		let Some(slot) = Self::current_slot() else { return 0 };
		let session = CurrentSession::<T>::get();
		let Some(mut record) = Sessions::<T>::get(session) else {
			LastSlot::<T>::put(slot);
			return 0;
		};
		let set_len = record.set.len();
		if record.keys.is_empty() {
			// The session's first block: Aura's authorities are now this session's keys.
			record.keys = BoundedVec::truncate_from(T::Authorities::get());
			record.first_slot = record.first_slot.or(Some(slot));
			Sessions::<T>::insert(session, &record);
		}
		let from = LastSlot::<T>::get().map_or(slot, |last| last.saturating_add(1));
		LastSlot::<T>::put(slot);
		let mut stats = Stats::<T>::get(session);
		if stats.len() != set_len {
			stats = BoundedVec::truncate_from(alloc::vec![SlotStats::default(); set_len]);
		}
		let disabled = T::Disabled::disabled_validators();
		let due = election::slots_per_leader(from, slot.max(from), set_len);
		let mut missed = Vec::new();
		let threshold = T::LivenessThreshold::get();
		let mut newly_failed = Vec::new();
		for (i, (n, s)) in due.iter().zip(stats.iter_mut()).enumerate() {
			if *n == 0 || disabled.contains(&(i as u32)) {
				continue;
			}
			let n = u32::try_from(*n).unwrap_or(u32::MAX);
			let before = s.streak;
			s.missed = s.missed.saturating_add(n);
			s.streak = s.streak.saturating_add(n);
			if let Some(who) = record.set.get(i) {
				missed.push((who.clone(), n));
				if before < threshold && s.streak >= threshold {
					newly_failed.push(who.clone());
				}
			}
		}
		if let Some(author) = election::leader_index(slot, set_len).and_then(|i| stats.get_mut(i)) {
			author.authored = author.authored.saturating_add(1);
			author.streak = 0;
		}
		let failing = stats.iter().filter(|s| s.streak >= threshold).count() as u32;
		Stats::<T>::insert(session, stats);
		if !missed.is_empty() {
			Self::deposit_event(Event::SlotsMissed { missed });
		}
		if failing > PeakFailing::<T>::get() {
			PeakFailing::<T>::put(failing);
		}
		if !newly_failed.is_empty() {
			Failed::<T>::mutate(|failed| {
				for who in newly_failed {
					if !failed.contains(&who) {
						// Bounded by the set size, like `Failed`.
						let _ = failed.try_push(who.clone());
						Self::deposit_event(Event::LivenessFailed { who, session });
					}
				}
			});
		}
		set_len as u32
	}

	/// Elects the set of `session` from staking's candidates, in leader order, or `None` (with
	/// an event) when too few are eligible.
	pub fn elect(session: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::elect_seeded(session, session)
	}

	/// The genesis elections of sessions 0 and 1. Both use the seed of session 0, so they give
	/// the same order: `pallet-session` hands session 1's keys to Aura at genesis while its
	/// validators are session 0's, and the two must be aligned.
	pub fn elect_genesis(session: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::elect_seeded(session, 0)
	}

	fn elect_seeded(
		session: SessionIndex,
		seed_session: SessionIndex,
	) -> Option<Vec<T::AccountId>> {
		let mut candidates = T::Candidates::eligible();
		candidates.retain(|(who, _)| T::HasSessionKeys::contains(who));
		let excluded = Excluded::<T>::get();
		let target = TargetSetSize::<T>::get().min(T::MaxSequencers::get());
		match election::elect(candidates, &excluded, target, T::MinSequencers::get()) {
			Ok(set) => {
				let mut input = frame_system::Pallet::<T>::parent_hash().encode();
				input.extend(seed_session.encode());
				let seed = sp_io::hashing::blake2_256(&input);
				let set = election::shuffle(set, seed);
				Sessions::<T>::insert(
					session,
					SessionRecord {
						set: BoundedVec::truncate_from(set.clone()),
						keys: BoundedVec::new(),
						first_slot: None,
					},
				);
				Self::deposit_event(Event::SetElected { session, set: set.clone() });
				Some(set)
			},
			Err(election::TooFew { eligible }) => {
				Self::deposit_event(Event::ElectionKept { session, eligible });
				None
			},
		}
	}

	/// Session `index` starts: reports (or forgives) the last session's liveness failures,
	/// records the new set and prunes old records.
	pub fn start_session(index: SessionIndex) {
		let previous = CurrentSession::<T>::get();
		let previous_record = Sessions::<T>::get(previous);
		let failed = Failed::<T>::take();
		let peak = PeakFailing::<T>::take();
		// At genesis (`start_session(0)`) there is no previous session to settle.
		if index != previous {
			let set_size = previous_record.as_ref().map_or(0, |r| r.set.len() as u32);
			if !failed.is_empty() && peak.saturating_mul(3) > set_size {
				Self::deposit_event(Event::SystemicOutage {
					session: previous,
					failing: peak,
					set_size,
				});
				Excluded::<T>::kill();
			} else {
				for who in &failed {
					T::FaultReporter::report(who, FaultKind::LivenessFailure, previous);
					Self::deposit_event(Event::LivenessReported {
						who: who.clone(),
						session: previous,
					});
				}
				Excluded::<T>::put(failed);
			}
		}
		// The session pallet has put the new set in place: it is what was elected for this
		// session, or the previous set when no election was queued.
		let record = SessionRecord {
			set: BoundedVec::truncate_from(T::ValidatorSet::validators()),
			keys: BoundedVec::new(),
			first_slot: LastSlot::<T>::get().map(|s| s.saturating_add(1)),
		};
		let old_set = previous_record.map(|r| r.set).unwrap_or_default();
		let carried = Self::carry_streaks(&old_set, Stats::<T>::get(previous), &record.set);
		// The set was elected a session ago: a member reported for a heavy fault since then
		// (not elected again) still sits in it. Keep it from authoring.
		for who in &record.set {
			// The most severe offence: it takes the place of a less severe one if a third
			// of the set is disabled already.
			let heavy = sp_runtime::Perbill::one();
			if T::Candidates::is_suspended(who) && T::Disabler::disable(who, heavy) {
				Self::deposit_event(Event::SuspendedSequencerDisabled {
					who: who.clone(),
					session: index,
				});
			}
		}
		Sessions::<T>::insert(index, record);
		Stats::<T>::insert(index, carried);
		CurrentSession::<T>::put(index);
		if let Some(old) = index.checked_sub(T::HistoryDepth::get().saturating_add(1)) {
			Sessions::<T>::remove(old);
			Stats::<T>::remove(old);
			// At most one report per slot of that session, each for a real double sign.
			let _ = DoubleSignReports::<T>::clear_prefix(old, u32::MAX, None);
		}
		T::SessionObserver::on_session_start(index);
	}

	/// Fresh counts for `set`, keeping each continuing member's streak of missed slots from
	/// `old_set` and its `old_stats`.
	fn carry_streaks(
		old_set: &[T::AccountId],
		old_stats: BoundedVec<SlotStats, T::MaxSequencers>,
		set: &BoundedVec<T::AccountId, T::MaxSequencers>,
	) -> BoundedVec<SlotStats, T::MaxSequencers> {
		let stats = set
			.iter()
			.map(|who| {
				let streak = old_set
					.iter()
					.position(|w| w == who)
					.and_then(|i| old_stats.get(i))
					.map_or(0, |s| s.streak);
				SlotStats { streak, ..Default::default() }
			})
			.collect::<Vec<_>>();
		BoundedVec::truncate_from(stats)
	}

	/// The current session's set in leader order.
	pub fn current_set() -> Vec<T::AccountId> {
		Sessions::<T>::get(CurrentSession::<T>::get())
			.map(|r| r.set.into_inner())
			.unwrap_or_default()
	}

	/// The next session's set in leader order, as far as it is known: the queued election, or
	/// the current set when none was queued.
	pub fn next_set() -> Vec<T::AccountId> {
		Sessions::<T>::get(CurrentSession::<T>::get().saturating_add(1))
			.map(|r| r.set.into_inner())
			.unwrap_or_else(Self::current_set)
	}

	/// The leader of `slot` if the block for it is built in the current session
	/// (`next_session == false`) or in the next one.
	pub fn slot_leader(slot: u64, next_session: bool) -> Option<T::AccountId> {
		let set = if next_session { Self::next_set() } else { Self::current_set() };
		election::leader_index(slot, set.len()).and_then(|i| set.get(i).cloned())
	}

	/// Per-sequencer counts of `session` (authored blocks and missed slots), for rewards.
	pub fn session_stats(session: SessionIndex) -> Vec<(T::AccountId, SlotStats)> {
		let set = Sessions::<T>::get(session).map(|r| r.set).unwrap_or_default();
		set.into_iter().zip(Stats::<T>::get(session)).collect()
	}

	/// Checks: the current record is the session pallet's set; recorded sets and counts are
	/// aligned and kept no longer than `HistoryDepth`; failures are members of the set.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let current = CurrentSession::<T>::get();
		for (session, stats) in Stats::<T>::iter() {
			let record = Sessions::<T>::get(session).ok_or("counts of an unknown session")?;
			ensure!(stats.len() == record.set.len(), "counts not aligned with the set");
			ensure!(
				session <= current && current - session <= T::HistoryDepth::get(),
				"counts kept beyond HistoryDepth"
			);
		}
		for (session, record) in Sessions::<T>::iter() {
			ensure!(
				record.keys.is_empty() || record.keys.len() == record.set.len(),
				"keys not aligned with the set"
			);
			ensure!(
				session <= current.saturating_add(1)
					&& current.saturating_sub(session) <= T::HistoryDepth::get(),
				"session record kept beyond HistoryDepth"
			);
		}
		let set = Self::current_set();
		ensure!(set == T::ValidatorSet::validators(), "recorded set != the session's validators");
		let failed = Failed::<T>::get();
		ensure!(failed.iter().all(|w| set.contains(w)), "failed sequencer outside the set");
		ensure!(PeakFailing::<T>::get() as usize <= set.len(), "more failing than the set");
		for (session, _) in DoubleSignReports::<T>::iter_keys() {
			ensure!(
				session <= current && current - session <= T::HistoryDepth::get(),
				"double-sign report kept beyond HistoryDepth"
			);
		}
		ensure!(
			(T::MinTargetSetSize::get()..=T::MaxSequencers::get())
				.contains(&TargetSetSize::<T>::get()),
			"target set size out of bounds"
		);
		Ok(())
	}
}

impl<T: Config> seqchain_primitives::economics::AuthoredBlocks<T::AccountId> for Pallet<T> {
	fn authored(session: SessionIndex) -> Vec<(T::AccountId, u32)> {
		Self::session_stats(session).into_iter().map(|(who, s)| (who, s.authored)).collect()
	}
}
