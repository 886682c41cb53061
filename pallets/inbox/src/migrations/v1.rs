//! Storage version 0 → 1: sealed commits bind their committer.
//!
//! A `PendingCommit` gains the rollup's `max_payload_bytes` (reveals are checked against the
//! limits a commit was made under) and the version of its sealed hash, and every commit gets
//! its entry in [`CommitIndex`] (duplicates are refused). Commits made before the upgrade keep
//! their old, committer-free hash ([`SealedHashVersion::V1`]) until they are settled, at most
//! `RevealWindow` blocks later; their limit is the rollup's at the upgrade, the best record
//! there is of the limit they were made under.
//!
//! The work is one read and two writes per pending commit: at most `MaxCommitsPerBlock ×
//! (RevealWindow + 1)` of them exist.

use crate::{
	CommitIndex, Commits, Config, EntryIndex, Hash32, Pallet, PendingCommit, RollupId, Rollups,
	SealedHashVersion,
};
use codec::{Decode, Encode};
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};
use frame_system::pallet_prelude::BlockNumberFor;

/// The records of storage version 0.
pub mod v0 {
	use super::*;

	/// A sealed commit as version 0 stored it.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	pub struct PendingCommit<AccountId, Balance, BlockNumber> {
		/// Who committed.
		pub who: AccountId,
		/// The committed hash (`sealed_hash_v1`).
		pub hash: Hash32,
		/// Held deposit.
		pub deposit: Balance,
		/// Last block of the reveal window.
		pub reveal_by: BlockNumber,
		/// Revealed already.
		pub revealed: bool,
	}

	/// A version-0 commit of runtime `T`.
	pub type PendingCommitOf<T> = PendingCommit<
		<T as frame_system::Config>::AccountId,
		crate::BalanceOf<T>,
		BlockNumberFor<T>,
	>;

	/// `Commits` with version-0 values.
	#[frame_support::storage_alias]
	pub type Commits<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		RollupId,
		Twox64Concat,
		EntryIndex,
		PendingCommitOf<T>,
	>;
}

/// Translates the pending commits; use [`MigrateV0ToV1`], which runs it once, at version 0.
pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut commits = 0u64;
		Commits::<T>::translate::<v0::PendingCommitOf<T>, _>(|id, index, old| {
			commits += 1;
			let max_payload_bytes = Rollups::<T>::get(id)
				.map_or(T::MaxPayloadBytes::get(), |r| r.config.max_payload_bytes);
			CommitIndex::<T>::insert((id, old.who.clone(), old.hash), index);
			Some(PendingCommit {
				who: old.who,
				hash: old.hash,
				deposit: old.deposit,
				reveal_by: old.reveal_by,
				revealed: old.revealed,
				max_payload_bytes,
				version: SealedHashVersion::V1,
			})
		});
		T::DbWeight::get().reads_writes(commits.saturating_mul(2), commits.saturating_mul(2))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok((v0::Commits::<T>::iter().count() as u64).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let before = u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade state")?;
		ensure!(Commits::<T>::iter().count() as u64 == before, "a commit was lost");
		ensure!(CommitIndex::<T>::iter().count() as u64 == before, "CommitIndex incomplete");
		Pallet::<T>::do_try_state()
	}
}

/// The migration to storage version 1, run once when the stored version is 0.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	InnerMigrateV0ToV1<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{mock::*, Error, Event, HoldReason, OrderingPolicy, RollupConfig, SubmitterPolicy};
	use frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::MutateHold, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};
	use seqchain_primitives::inbox::{sealed_hash, sealed_hash_v1};

	/// A sealed rollup with one version-0 commit (by account 2, of `payload` with `salt`) at
	/// index 0, as the old pallet left them.
	fn version_0_chain(payload: &[u8], salt: &Hash32) -> RollupId {
		let id = 0;
		assert_ok!(Inbox::register_rollup(
			RuntimeOrigin::signed(1),
			b"old".to_vec(),
			RollupConfig {
				submitters: SubmitterPolicy::Open,
				max_payload_bytes: 100,
				max_submissions_per_block: 5,
				ordering: OrderingPolicy::Sealed,
			}
		));
		let hash = sealed_hash_v1(id, payload, salt);
		Rollups::<Test>::mutate(id, |r| {
			let r = r.as_mut().expect("registered");
			r.stream.commitment =
				seqchain_primitives::inbox::next_commitment(&r.stream.commitment, 0, &hash);
			r.stream.next_index = 1;
			r.pending_commits = 1;
		});
		assert_ok!(Balances::hold(
			&RuntimeHoldReason::Inbox(HoldReason::SealedCommit),
			&2,
			DEPOSIT
		));
		let reveal_by = 1 + WINDOW;
		v0::Commits::<Test>::insert(
			id,
			0,
			v0::PendingCommit { who: 2, hash, deposit: DEPOSIT, reveal_by, revealed: false },
		);
		crate::Expiries::<Test>::mutate(reveal_by + 1, |q| q.try_push((id, 0)).expect("room"));
		StorageVersion::new(0).put::<Pallet<Test>>();
		id
	}

	#[test]
	fn version_0_commits_are_translated_indexed_and_stay_revealable() {
		build_and_execute(|| {
			let (payload, salt) = (b"before the upgrade".to_vec(), [4u8; 32]);
			let id = version_0_chain(&payload, &salt);
			// With `try-runtime`, the migration's own pre- and post-upgrade checks run too.
			#[cfg(feature = "try-runtime")]
			MigrateV0ToV1::<Test>::try_on_runtime_upgrade(true).expect("the checks hold");
			#[cfg(not(feature = "try-runtime"))]
			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(Pallet::<Test>::on_chain_storage_version(), 1);
			let commit = Commits::<Test>::get(id, 0).expect("translated");
			assert_eq!(
				(commit.who, commit.max_payload_bytes, commit.version, commit.revealed),
				(2, 100, SealedHashVersion::V1, false)
			);
			assert_eq!(CommitIndex::<Test>::get((id, 2, commit.hash)), Some(0));
			// The old hash is still the one that opens it; the new one does not.
			assert_noop!(
				Inbox::reveal(RuntimeOrigin::signed(3), id, 0, payload.clone(), [5; 32]),
				Error::<Test>::RevealMismatch
			);
			assert_ok!(Inbox::reveal(RuntimeOrigin::signed(3), id, 0, payload.clone(), salt));
			assert_eq!(held(2, HoldReason::SealedCommit), 0);
			// New commits bind their committer.
			let new = sealed_hash(id, &3u64.encode(), &payload, &salt);
			assert_ok!(Inbox::commit(RuntimeOrigin::signed(3), id, new));
			assert_eq!(
				Commits::<Test>::get(id, 1).expect("committed").version,
				SealedHashVersion::V2
			);
			// A second run changes nothing.
			let translated = Commits::<Test>::get(id, 0);
			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(Commits::<Test>::get(id, 0), translated);
			assert_eq!(CommitIndex::<Test>::iter().count(), 2);
			// The settled commit leaves no record and no index behind, and forfeits nothing.
			run_to(1 + WINDOW + 1);
			assert!(!inbox_events()
				.iter()
				.any(|e| matches!(e, Event::CommitExpired { index: 0, .. })));
			assert!(Commits::<Test>::get(id, 0).is_none());
			assert!(CommitIndex::<Test>::get((id, 2, commit.hash)).is_none());
		});
	}
}
