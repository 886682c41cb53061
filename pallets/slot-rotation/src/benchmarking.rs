//! Benchmarks: the per-block slot accounting (worst case: every leader missed and fails at
//! once), a double-sign report at its worst case and governance's set size.

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use sp_runtime::traits::{Hash as _, Header as _, One, Zero};

fn set_of<T: Config>(n: u32) -> BoundedVec<T::AccountId, T::MaxSequencers> {
	let set: Vec<T::AccountId> = (0..n).map(|i| account("sequencer", i, 0)).collect();
	BoundedVec::truncate_from(set)
}

/// A header for `slot` sealed by `key`, padded with a digest item to about `size` bytes
/// encoded (never more).
fn sealed<T: Config>(key: &T::AuthorityId, slot: u64, state: u8, size: u32) -> HeaderFor<T> {
	let mut header = HeaderFor::<T>::new(
		One::one(),
		Default::default(),
		T::Hashing::hash(&[state]),
		Default::default(),
		Default::default(),
	);
	header.digest_mut().push(DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode()));
	// Room for the padding item's own overhead (tag and length) and the seal.
	let seal_room = 128;
	let pad = (size as usize).saturating_sub(header.encoded_size() + seal_room);
	header.digest_mut().push(DigestItem::Other(alloc::vec![0u8; pad]));
	let pre_hash = header.hash();
	let signature = key.sign(&pre_hash.as_ref()).expect("the key is in the keystore");
	header.digest_mut().push(
		<DigestItem as CompatibleDigestItem<<T::AuthorityId as RuntimeAppPublic>::Signature>>::aura_seal(
			signature,
		),
	);
	header
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A block after a gap in which each of `n` leaders missed their last allowed slot.
	#[benchmark]
	fn on_initialize(n: Linear<1, { T::MaxSequencers::get() }>) {
		let session = CurrentSession::<T>::get();
		let set = set_of::<T>(n);
		let keys = BoundedVec::truncate_from(
			(0..n).map(|_| T::AuthorityId::generate_pair(None)).collect::<Vec<_>>(),
		);
		Sessions::<T>::insert(session, SessionRecord { set, keys, first_slot: Some(0) });
		let streak = T::LivenessThreshold::get().saturating_sub(1);
		let stats = alloc::vec![SlotStats { streak, ..Default::default() }; n as usize];
		Stats::<T>::insert(session, BoundedVec::truncate_from(stats));
		let slot = 10 * n as u64 + 1;
		LastSlot::<T>::put(slot - n as u64 - 1);
		frame_system::Pallet::<T>::deposit_log(DigestItem::PreRuntime(
			AURA_ENGINE_ID,
			Slot::from(slot).encode(),
		));
		#[block]
		{
			Pallet::<T>::on_initialize(Zero::zero());
		}
		assert_eq!(LastSlot::<T>::get(), Some(slot));
		assert!(!Failed::<T>::get().is_empty());
	}

	/// Worst case: the slot is in the oldest session kept, so every session record is read
	/// (each with a full set and its keys), and both headers are as large as allowed.
	#[benchmark]
	fn report_double_sign() {
		let n = T::MaxSequencers::get();
		let depth = T::HistoryDepth::get();
		let set = set_of::<T>(n);
		let keys: BoundedVec<T::AuthorityId, T::MaxSequencers> = BoundedVec::truncate_from(
			(0..n).map(|_| T::AuthorityId::generate_pair(None)).collect::<Vec<_>>(),
		);
		let slots_per_session = 1_000u64;
		for session in 0..=depth {
			let first_slot = Some(1 + slots_per_session * session as u64);
			let record = SessionRecord { set: set.clone(), keys: keys.clone(), first_slot };
			Sessions::<T>::insert(session, record);
		}
		CurrentSession::<T>::put(depth);
		// A slot of session 0 (slots 1..=1000) led by the last member.
		let slot = 2 * n as u64 - 1;
		let leader = election::leader_index(slot, n as usize).expect("a set");
		let (offender, key) = (set[leader].clone(), keys[leader].clone());
		let first = sealed::<T>(&key, slot, 1, T::MaxHeaderSize::get());
		let second = sealed::<T>(&key, slot, 2, T::MaxHeaderSize::get());
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), key, Box::new(first), Box::new(second));
		assert!(DoubleSignReports::<T>::contains_key(0, (&offender, slot)));
	}

	#[benchmark]
	fn set_target_set_size() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let size = T::MinTargetSetSize::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, size);
		assert_eq!(TargetSetSize::<T>::get(), size);
		Ok(())
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
