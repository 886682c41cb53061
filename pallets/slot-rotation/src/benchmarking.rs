//! Benchmarks: the per-block slot accounting (worst case: every leader missed and fails at
//! once) and a double-sign report.

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use sp_runtime::traits::{Hash as _, Header as _, One, Zero};

fn set_of<T: Config>(n: u32) -> BoundedVec<T::AccountId, T::MaxSequencers> {
	let set: Vec<T::AccountId> = (0..n).map(|i| account("sequencer", i, 0)).collect();
	BoundedVec::truncate_from(set)
}

fn sealed<T: Config>(key: &T::AuthorityId, slot: u64, state: u8) -> HeaderFor<T> {
	let mut header = HeaderFor::<T>::new(
		One::one(),
		Default::default(),
		T::Hashing::hash(&[state]),
		Default::default(),
		Default::default(),
	);
	header.digest_mut().push(DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode()));
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

	#[benchmark]
	fn report_double_sign() {
		let offender: T::AccountId = account("sequencer", 0, 0);
		let key = T::AuthorityId::generate_pair(None);
		let session = CurrentSession::<T>::get();
		let set = BoundedVec::truncate_from(alloc::vec![offender.clone()]);
		let keys = BoundedVec::truncate_from(alloc::vec![key.clone()]);
		Sessions::<T>::insert(session, SessionRecord { set, keys, first_slot: Some(0) });
		let first = sealed::<T>(&key, 5, 1);
		let second = sealed::<T>(&key, 5, 2);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), key, Box::new(first), Box::new(second));
		assert!(DoubleSignReports::<T>::contains_key(&offender, 5));
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
