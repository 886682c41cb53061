//! Storage migrations of the pallet.
//!
//! Version 0 → 1: [`DoubleSignReports`] is keyed by the session of the offence first, so a
//! session's reports are pruned with its record instead of staying for ever. Reports of
//! sessions no longer kept are dropped: their slots can no longer be reported.

use crate::*;
use frame_support::{
	migrations::VersionedMigration, storage_alias, traits::UncheckedOnRuntimeUpgrade,
};

/// The version-0 storage.
pub mod v0 {
	use super::*;

	/// Reports by (offender, slot) → session of the offence.
	#[storage_alias]
	pub type DoubleSignReports<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		Twox64Concat,
		u64,
		SessionIndex,
	>;
}

/// The migration's logic; run it through [`MigrateV0ToV1`].
pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let oldest = CurrentSession::<T>::get().saturating_sub(T::HistoryDepth::get());
		// Drained before writing: the old and new maps share a storage prefix.
		let old: Vec<_> = v0::DoubleSignReports::<T>::drain().collect();
		let mut writes = old.len() as u64;
		for (offender, slot, session) in &old {
			if *session >= oldest {
				DoubleSignReports::<T>::insert(session, (offender, slot), ());
				writes += 1;
			}
		}
		T::DbWeight::get().reads_writes(old.len() as u64 + 1, writes)
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
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
