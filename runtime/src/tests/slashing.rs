//! Runtime-level tests of slashing against its edge cases (issue 22): the offences pallet's
//! re-reports, an equivocator kept out of the set while its slash is pending, and historical
//! session roots pruned after the report window.

use frame_support::traits::{Hooks, KeyOwnerProofSystem};
use pallet_sequencer_staking::{Candidates, SlashRecords, SlashState};
use seqchain_primitives::FaultKind;
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::Perbill;

use crate::{
	tests::{grandpa_equivocation, preset_storage, rotate_sessions},
	Runtime, RuntimeOrigin, SequencerStaking,
};

/// Reports `keyring`'s prevote equivocation in GRANDPA round `round` with a key-ownership
/// proof made now (in the offence's session).
fn report_grandpa(keyring: Ed25519Keyring, round: u64, proof: sp_session::MembershipProof) {
	let equivocation = grandpa_equivocation(keyring, round);
	assert!(crate::Grandpa::report_equivocation_unsigned(
		RuntimeOrigin::none(),
		Box::new(equivocation),
		proof,
	)
	.is_ok());
}

fn key_owner(keyring: Ed25519Keyring) -> sp_session::MembershipProof {
	let key: sp_consensus_grandpa::AuthorityId = keyring.public().into();
	crate::Historical::prove((sp_consensus_grandpa::KEY_TYPE, key)).expect("a key of this session")
}

fn stake(who: &crate::AccountId) -> crate::Balance {
	Candidates::<Runtime>::get(who).expect("candidate").stake
}

/// Rotates sessions until `era` has started, running staking's block hook after each (the
/// block that follows a session change applies the slashes now due).
fn run_to_era(era: u32) {
	while pallet_sequencer_staking::CurrentEra::<Runtime>::get() < era {
		rotate_sessions(1);
		let n = frame_system::Pallet::<Runtime>::block_number() + 1;
		frame_system::Pallet::<Runtime>::set_block_number(n);
		<SequencerStaking as Hooks<_>>::on_initialize(n);
	}
}

/// Item 2: when a second validator equivocates in the same round, `pallet-offences` reports
/// the first one again, with every offender of the round. That re-report arrives after the
/// first one's slash applied; it must not slash it twice.
#[test]
fn an_equivocation_re_reported_by_the_offences_pallet_is_slashed_once() {
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		// A small rate, so that a second slash would show.
		assert!(SequencerStaking::set_parameter(
			RuntimeOrigin::root(),
			pallet_sequencer_staking::StakingParameter::DoubleSignSlash(Perbill::from_percent(10)),
		)
		.is_ok());
		let bob = Sr25519Keyring::Bob.to_account_id();
		let bob_proof = key_owner(Ed25519Keyring::Bob);
		let charlie_proof = key_owner(Ed25519Keyring::Charlie);
		let before = stake(&bob);
		report_grandpa(Ed25519Keyring::Bob, 0, bob_proof);
		run_to_era(crate::configs::SlashDeferDuration::get());
		let record = SlashRecords::<Runtime>::get(0, (bob.clone(), FaultKind::DoubleSigning))
			.expect("recorded");
		assert_eq!(record.state, SlashState::Applied);
		// GRANDPA's fraction for one offender in four, (3/4)^2, above the 10 % floor.
		assert_eq!(record.fraction, Perbill::from_rational(9u32, 16));
		let after_one = stake(&bob);
		assert_eq!(after_one, before - record.fraction * before);

		// Charlie equivocates in the same round: the offences pallet reports Bob and Charlie.
		report_grandpa(Ed25519Keyring::Charlie, 0, charlie_proof);
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		assert!(SlashRecords::<Runtime>::contains_key(0, (charlie, FaultKind::DoubleSigning)));
		run_to_era(2 * crate::configs::SlashDeferDuration::get() + 1);
		assert_eq!(stake(&bob), after_one, "Bob's offence was slashed once");
		SequencerStaking::do_try_state().expect("staking invariants hold");
	});
}

/// Item 3: a reported equivocator is left out of the next election and disabled in the
/// session it was already elected into, and its pool takes no new stake, until the slash is
/// applied.
#[test]
fn a_pending_equivocator_is_kept_out_until_its_slash() {
	use seqchain_primitives::economics::StakePools;
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let bob = Sr25519Keyring::Bob.to_account_id();
		report_grandpa(Ed25519Keyring::Bob, 0, key_owner(Ed25519Keyring::Bob));
		// Session 1's set was elected at genesis, with Bob in it.
		assert!(crate::SlotRotation::next_set().contains(&bob));
		rotate_sessions(1);
		let index = crate::Session::validator_id_to_index(&bob).expect("in session 1's set");
		assert!(crate::Session::disabled_validators().contains(&index), "disabled in session 1");
		assert!(!crate::SlotRotation::next_set().contains(&bob), "not elected for session 2");
		rotate_sessions(1);
		assert!(!crate::Session::validators().contains(&bob));
		let eve = Sr25519Keyring::Eve.to_account_id();
		assert_eq!(
			SequencerStaking::delegate(
				RuntimeOrigin::signed(eve.clone()),
				bob.clone(),
				crate::UNIT * 100
			),
			Err(pallet_sequencer_staking::Error::<Runtime>::SlashPending.into())
		);
		assert!(<SequencerStaking as StakePools<_>>::bond(&bob, &eve, crate::UNIT).is_err());
		SequencerStaking::do_try_state().expect("staking invariants hold");
		crate::SlotRotation::do_try_state().expect("slot-rotation invariants hold");
	});
}

/// Item 8: historical session roots are kept for the report window's sessions, no longer.
#[test]
fn historical_roots_are_pruned_after_the_report_window() {
	use pallet_session::historical::{HistoricalSessions, StoredRange};
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let window = crate::configs::REPORT_WINDOW_SESSIONS;
		rotate_sessions(window + 3);
		let current = crate::Session::current_index();
		let (start, end) = StoredRange::<Runtime>::get().expect("roots stored");
		assert_eq!(start, current - window);
		assert!(end > current);
		assert!(!HistoricalSessions::<Runtime>::contains_key(start - 1));
		assert!(HistoricalSessions::<Runtime>::contains_key(start));
		assert!(HistoricalSessions::<Runtime>::iter().count() as u32 <= window + 2);
	});
}

/// A third of the set is disabled at most: in a set of four, one. A liveness offender disabled
/// first must not keep a double signer authoring: the more severe offence takes its place.
#[test]
fn a_double_signer_takes_the_disabled_place_of_a_liveness_offender() {
	use seqchain_primitives::DisableSequencer;
	preset_storage(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let index = |who| crate::Session::validator_id_to_index(who).expect("in the set");
		assert!(crate::configs::SessionDisabler::disable(&charlie, Perbill::from_percent(1)));
		assert_eq!(crate::Session::disabled_validators(), vec![index(&charlie)]);
		report_grandpa(Ed25519Keyring::Bob, 0, key_owner(Ed25519Keyring::Bob));
		assert_eq!(crate::Session::disabled_validators(), vec![index(&bob)]);
		// A second liveness offender cannot displace the double signer.
		assert!(!crate::configs::SessionDisabler::disable(&charlie, Perbill::from_percent(1)));
		assert_eq!(crate::Session::disabled_validators(), vec![index(&bob)]);
	});
}
