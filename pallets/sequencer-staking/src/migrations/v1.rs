//! Version 0 → 1: slashes are kept per offence and queued without a bound.
//!
//! Version 0 kept pending slashes in one bounded list per apply era (`PendingSlashes`) and
//! dropped reports beyond it, and candidates were never removed. Version 1 keeps every
//! offence in [`SlashRecords`] and its pending slash in [`SlashQueue`], and a candidate records
//! the era its candidacy began and how many of its slashes (and heavy ones) are pending.
//!
//! The migration moves every old pending slash into the new storage (several entries of one
//! offence merge: the largest fraction, the earliest apply era), never later than the offence's
//! stake stays held (`offence era + UnbondingPeriod`; an entry past it is due at once), and gives
//! every candidate `since = 0` with its pending counts. Version 0 kept no record of the slashes
//! it had applied or cancelled, so offences of eras before the upgrade that are not pending are
//! not queued again ([`SlashRecordsSince`]); and candidates that had left (chilled, nothing
//! bonded or unbonding, nothing pending), which version 0 kept for ever, are removed.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use frame_support::{
	migrations::VersionedMigration, storage_alias, traits::UncheckedOnRuntimeUpgrade,
};

/// The version-0 types and storage.
pub mod v0 {
	use super::*;

	/// A candidate before version 1.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	pub struct Candidate<AccountId, Balance> {
		pub operator: AccountId,
		pub commission: Perbill,
		pub pending_commission: Option<(Perbill, EraIndex)>,
		pub status: CandidateStatus,
		pub stake: Balance,
		pub shares: u128,
		pub unapplied: Balance,
	}

	/// A slash waiting for its era, before version 1.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	pub struct PendingSlash<AccountId> {
		pub offender: AccountId,
		pub kind: FaultKind,
		pub fraction: Perbill,
		pub offence_era: EraIndex,
	}

	/// Pending slashes by apply era (bounded by `MaxPendingSlashes` then; decoded unbounded).
	#[storage_alias]
	pub type PendingSlashes<T: Config> = StorageMap<
		Pallet<T>,
		Twox64Concat,
		EraIndex,
		Vec<PendingSlash<<T as frame_system::Config>::AccountId>>,
		ValueQuery,
	>;
}

/// The migration's logic; run it through [`MigrateV0ToV1`], which checks and sets the version.
pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let (mut reads, mut writes) = (0u64, 0u64);
		let current = CurrentEra::<T>::get();
		let unbonding = T::UnbondingPeriod::get();
		// (offence era, offender, kind) → (fraction, apply era).
		let mut offences: BTreeMap<(EraIndex, T::AccountId, FaultKind), (Perbill, EraIndex)> =
			BTreeMap::new();
		for (apply_era, pending) in v0::PendingSlashes::<T>::drain() {
			reads += 1;
			writes += 1;
			for p in pending {
				// Never later than the offence's stake stays held; an entry already overdue is
				// due now (`SlashQueueFrom` goes back to it).
				let apply_era = apply_era.min(p.offence_era.saturating_add(unbonding));
				offences
					.entry((p.offence_era, p.offender, p.kind))
					.and_modify(|(fraction, era)| {
						*fraction = (*fraction).max(p.fraction);
						*era = (*era).min(apply_era);
					})
					.or_insert((p.fraction, apply_era));
			}
		}
		let mut counts: BTreeMap<T::AccountId, (u32, u32)> = BTreeMap::new();
		let mut queue_from = current;
		let mut records_from = current.saturating_sub(unbonding);
		for ((offence_era, offender, kind), (fraction, apply_era)) in offences {
			reads += 1;
			if !Candidates::<T>::contains_key(&offender) {
				continue;
			}
			// Version 0 slashed from the offence era on.
			let record = SlashRecord {
				fraction,
				slash_from: offence_era,
				apply_era,
				state: SlashState::Pending,
				postponed: false,
			};
			SlashRecords::<T>::insert(offence_era, (offender.clone(), kind), record);
			SlashQueue::<T>::insert(apply_era, (offender.clone(), kind, offence_era), ());
			writes += 2;
			queue_from = queue_from.min(apply_era);
			records_from = records_from.min(offence_era);
			let c = counts.entry(offender).or_default();
			c.0 += 1;
			c.1 += u32::from(kind.is_heavy());
		}
		Candidates::<T>::translate::<v0::Candidate<T::AccountId, BalanceOf<T>>, _>(|who, old| {
			reads += 1;
			writes += 1;
			let (pending_slashes, pending_heavy) = counts.get(&who).copied().unwrap_or_default();
			Some(Candidate {
				operator: old.operator,
				commission: old.commission,
				pending_commission: old.pending_commission,
				status: old.status,
				stake: old.stake,
				shares: old.shares,
				unapplied: old.unapplied,
				since: 0,
				pending_slashes,
				pending_heavy,
			})
		});
		SlashQueueFrom::<T>::put(queue_from);
		SlashRecordsFrom::<T>::put(records_from);
		// Version 0 kept no record of the slashes it applied or cancelled: an offence of an
		// earlier era that is not pending now is not queued again when it is re-reported.
		SlashRecordsSince::<T>::put(current);
		writes += 3;
		// Version 0 never removed a candidate: those that have left free their places now.
		let left: Vec<T::AccountId> = Candidates::<T>::iter()
			.filter(|(who, c)| {
				c.status == CandidateStatus::Chilled
					&& c.shares == 0
					&& c.stake.is_zero()
					&& c.unapplied.is_zero()
					&& c.pending_slashes == 0
					&& UnbondingPools::<T>::iter_prefix(who).next().is_none()
			})
			.map(|(who, _)| who)
			.collect();
		reads += u64::from(Candidates::<T>::count()).saturating_mul(2);
		for who in left {
			Candidates::<T>::remove(&who);
			writes += 1;
		}
		T::DbWeight::get().reads_writes(reads.saturating_add(1), writes)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		let pending: u32 = v0::PendingSlashes::<T>::iter_values().map(|p| p.len() as u32).sum();
		Ok((Candidates::<T>::count(), pending).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (candidates, pending): (u32, u32) =
			Decode::decode(&mut &state[..]).map_err(|_| "pre_upgrade state does not decode")?;
		ensure!(Candidates::<T>::count() == candidates, "candidates lost");
		ensure!(v0::PendingSlashes::<T>::iter().next().is_none(), "old pending slashes left");
		ensure!(SlashQueue::<T>::iter().count() as u32 <= pending, "slashes invented");
		Pallet::<T>::do_try_state()
	}
}

/// Version 0 → 1, run once: checks the on-chain version is 0 and sets it to 1.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	InnerMigrateV0ToV1<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
