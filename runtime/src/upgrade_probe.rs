//! A pallet only in the `spec-bump` build, the runtime-upgrade test's target: one call and one
//! event that the runtime before the upgrade does not know, so the test can check that every
//! block the chain makes stays readable across an upgrade that changes calls and events
//! (`e2e/governance.test.mjs`). Never part of a release runtime.

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::ConstU32};
	use frame_system::{pallet_prelude::*, WeightInfo as _};

	/// The probe's configuration: only its event.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::event]
	#[pallet::generate_deposit(fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` noted `note`.
		Noted { who: T::AccountId, note: Vec<u8> },
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Emits [`Event::Noted`]; changes no state. Weighed as `System::remark_with_event`.
		#[pallet::call_index(0)]
		#[pallet::weight(
			<T as frame_system::Config>::SystemWeightInfo::remark_with_event(note.len() as u32)
		)]
		pub fn note(origin: OriginFor<T>, note: BoundedVec<u8, ConstU32<64>>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::deposit_event(Event::Noted { who, note: note.into_inner() });
			Ok(())
		}
	}
}
