//! Governance against its own edge cases, through real referenda on the development preset:
//! the rollup notice whatever the track, a captured council, minting outside the economy,
//! vesting tokens that vote and a clawback they cannot dodge.

use codec::Encode;
use frame_support::traits::{
	fungible::{Inspect, InspectFreeze},
	schedule::DispatchTime,
	Bounded, Hooks, StorePreimage,
};
use pallet_referenda::{conviction::Conviction, ReferendumIndex, ReferendumInfo};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring as K;
use sp_runtime::{traits::Dispatchable, DispatchError};

use super::{assert_ok, preset_storage, produce_blocks, SAMPLE_NETWORK};
use crate::{
	configs::{tracks, DEV_ROLLUP_NOTICE},
	AccountId, Balances, Referenda, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, DAYS, UNIT,
};

fn origin(k: K) -> RuntimeOrigin {
	RuntimeOrigin::signed(k.to_account_id())
}

fn now() -> crate::BlockNumber {
	frame_system::Pallet::<Runtime>::block_number()
}

fn total(k: K) -> crate::Balance {
	Balances::total_balance(&k.to_account_id())
}

/// The chain's next Aura slot and parent: blocks are built on it one at a time, with every
/// pallet's hooks, as `produce_block` builds them.
struct Chain {
	slot: u64,
	parent: crate::Hash,
}

impl Chain {
	/// Builds the first block.
	fn start() -> Self {
		let (slot, parent) =
			produce_blocks(1, 1_000, frame_system::Pallet::<Runtime>::parent_hash());
		Self { slot, parent }
	}

	fn run(&mut self, n: u32) {
		(self.slot, self.parent) = produce_blocks(n, self.slot, self.parent);
	}

	fn run_to(&mut self, block: crate::BlockNumber) {
		self.run(block.saturating_sub(now()));
	}

	/// Builds blocks until referendum `index` is approved (within `limit`); returns the block
	/// it was approved in and the enactment block its `Approved` event names.
	fn until_approved(
		&mut self,
		index: ReferendumIndex,
		limit: u32,
	) -> (crate::BlockNumber, crate::BlockNumber) {
		for _ in 0..limit {
			self.run(1);
			let approved =
				frame_system::Pallet::<Runtime>::events().into_iter().find_map(|r| match r.event {
					RuntimeEvent::Referenda(pallet_referenda::Event::Approved {
						index: i,
						enactment,
					}) if i == index => Some(enactment),
					_ => None,
				});
			if let Some(enactment) = approved {
				return (now(), enactment);
			}
		}
		panic!("referendum {index} not approved within {limit} blocks");
	}
}

/// `call` as an inline proposal.
fn inline(call: RuntimeCall) -> Bounded<RuntimeCall, sp_runtime::traits::BlakeTwo256> {
	let bounded = <crate::Preimage as StorePreimage>::bound(call).expect("bounded");
	assert!(!bounded.lookup_needed(), "small enough to be inline");
	bounded
}

/// `call` as a proposal by preimage hash, its preimage noted by Alice (what Polkadot.js does).
fn by_hash(call: RuntimeCall) -> Bounded<RuntimeCall, sp_runtime::traits::BlakeTwo256> {
	let bytes = call.encode();
	let len = bytes.len() as u32;
	let hash = sp_core::H256(sp_io::hashing::blake2_256(&bytes));
	assert_ok(
		crate::Preimage::note_preimage(origin(K::Alice), bytes).map(|_| ()).map_err(|e| e.error),
	);
	Bounded::Lookup { hash, len }
}

/// Submits `proposal` on `track` (by `by`), places the decision deposit (Bob) and votes aye
/// with the whole balances of `voters`.
fn propose(
	by: K,
	track: pallet_referenda::track::TrackId,
	proposal: Bounded<RuntimeCall, sp_runtime::traits::BlakeTwo256>,
	voters: &[K],
) -> ReferendumIndex {
	assert_ok(Referenda::submit(origin(by), track, Box::new(proposal), DispatchTime::After(0)));
	let index = pallet_referenda::ReferendumCount::<Runtime>::get() - 1;
	assert_ok(Referenda::place_decision_deposit(origin(K::Bob), index));
	for voter in voters {
		assert_ok(Referenda::vote(
			origin(*voter),
			index,
			true,
			total(*voter),
			Conviction::Locked1x,
		));
	}
	index
}

/// Two of the three council members (Alice and Bob) dispatch `call` as the council; the
/// motion's result.
fn council(call: RuntimeCall) -> Result<(), DispatchError> {
	Referenda::council_propose(origin(K::Alice), Box::new(call))?;
	let motion = pallet_referenda::MotionCount::<Runtime>::get() - 1;
	Referenda::council_approve(origin(K::Bob), motion).map_err(|e| e.error)?;
	frame_system::Pallet::<Runtime>::events()
		.into_iter()
		.find_map(|r| match r.event {
			RuntimeEvent::Referenda(pallet_referenda::Event::MotionExecuted { index, result })
				if index == motion =>
			{
				Some(result)
			},
			_ => None,
		})
		.expect("the motion was dispatched")
}

fn ongoing(index: ReferendumIndex) -> bool {
	matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(ReferendumInfo::Ongoing(_))
	)
}

fn check_invariants() {
	Referenda::do_try_state().expect("referenda invariants hold");
	crate::Vesting::do_try_state().expect("vesting invariants hold");
	crate::Inbox::do_try_state().expect("inbox invariants hold");
	crate::FeeDistribution::do_try_state().expect("the books balance");
}

/// Development chains give rollups a notice of seconds, so the Polkadot.js upgrade test runs
/// in CI; the testnet gives the full three days, and every rollup-impacting track's timelock
/// is at least the notice.
#[test]
fn every_preset_gives_rollups_their_notice() {
	assert_eq!(crate::configs::RollupNoticePeriod::get(), 3 * DAYS);
	for (preset, notice) in [
		(DEV_RUNTIME_PRESET, DEV_ROLLUP_NOTICE),
		(LOCAL_TESTNET_RUNTIME_PRESET, DEV_ROLLUP_NOTICE),
		(SAMPLE_NETWORK, 3 * DAYS),
	] {
		preset_storage(preset).execute_with(|| {
			assert_eq!(pallet_referenda::RollupNotice::<Runtime>::get(), notice, "{preset}");
			let track = pallet_referenda::Tracks::<Runtime>::get(tracks::ROLLUP_IMPACTING)
				.expect("the rollup-impacting track");
			assert_eq!(track.min_enactment_period, notice, "{preset}");
			Referenda::do_try_state().expect("referenda invariants hold");
		});
	}
}

/// Item 9. A root referendum (1-day timelock, 2 blocks in development) upgrades the runtime
/// and changes the inbox's parameters: each waits the rollup notice after approval, inline or
/// by preimage hash. A root referendum that cannot affect rollups (replacing the council)
/// keeps the root track's own timelock.
#[test]
fn a_root_referendum_waits_the_rollup_notice_to_upgrade_or_change_the_inbox() {
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		let mut chain = Chain::start();
		let root = pallet_referenda::Tracks::<Runtime>::get(tracks::ROOT).expect("root track");
		assert!(root.min_enactment_period < DEV_ROLLUP_NOTICE, "the notice is the longer");
		let voters = [K::Alice, K::Bob];

		// The runtime upgrade, by preimage hash.
		let code_hash = crate::Hash::repeat_byte(7);
		let upgrade = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		let index = propose(K::Alice, tracks::ROOT, by_hash(upgrade), &voters);
		let (approved, enactment) = chain.until_approved(index, 60);
		assert_eq!(enactment, approved + DEV_ROLLUP_NOTICE);
		chain.run_to(enactment - 1);
		assert!(frame_system::Pallet::<Runtime>::authorized_upgrade().is_none(), "too soon");
		chain.run_to(enactment);
		assert!(frame_system::Pallet::<Runtime>::events().iter().any(|r| r.event
			== RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
				code_hash,
				check_version: true
			})));

		// The inbox's parameters, inline.
		let mut params = pallet_inbox::Params::<Runtime>::get();
		params.base_fee += 1;
		let set_params = RuntimeCall::Inbox(pallet_inbox::Call::set_params { params });
		let index = propose(K::Alice, tracks::ROOT, inline(set_params), &voters);
		let (approved, enactment) = chain.until_approved(index, 60);
		assert_eq!(enactment, approved + DEV_ROLLUP_NOTICE);
		chain.run_to(enactment - 1);
		assert_ne!(pallet_inbox::Params::<Runtime>::get(), params, "too soon");
		chain.run_to(enactment);
		assert_eq!(pallet_inbox::Params::<Runtime>::get(), params);

		// Not every root referendum waits: replacing the council cannot affect rollups.
		let members = vec![K::Dave.to_account_id(), K::Eve.to_account_id()];
		let replace = RuntimeCall::Referenda(pallet_referenda::Call::set_council {
			members: members.clone(),
			threshold: 2,
		});
		let index = propose(K::Alice, tracks::ROOT, inline(replace), &voters);
		let (approved, enactment) = chain.until_approved(index, 60);
		assert_eq!(enactment, approved + root.min_enactment_period);
		chain.run_to(enactment);
		assert_eq!(pallet_referenda::Council::<Runtime>::get().into_inner(), members);
		check_invariants();
	});
}

/// The calls that carry another call, found in the metadata: a pallet added with a call
/// argument (a batch, a proxy, `sudo`) fails this test until the rollup notice and
/// [`crate::configs::Proposable`] account for what it nests.
fn calls_carrying_a_call() -> Vec<(&'static str, &'static str)> {
	use scale_info::{prelude::any::TypeId, MetaType, Path, TypeDef};
	// By path, not type id: `Box<RuntimeCall>` describes itself as `RuntimeCall`.
	fn carries(ty: &MetaType, call: &Path, seen: &mut Vec<TypeId>) -> bool {
		let info = ty.type_info();
		if &info.path == call {
			return true;
		}
		if seen.contains(&ty.type_id()) {
			return false;
		}
		seen.push(ty.type_id());
		let params = info.type_params.iter().filter_map(|p| p.ty);
		let inner: Vec<MetaType> = match &info.type_def {
			TypeDef::Composite(c) => c.fields.iter().map(|f| f.ty).collect(),
			TypeDef::Variant(v) => {
				v.variants.iter().flat_map(|v| v.fields.iter().map(|f| f.ty)).collect()
			},
			TypeDef::Sequence(s) => vec![s.type_param],
			TypeDef::Array(a) => vec![a.type_param],
			TypeDef::Tuple(t) => t.fields.clone(),
			TypeDef::Compact(c) => vec![c.type_param],
			TypeDef::Primitive(_) | TypeDef::BitSequence(_) => vec![],
		};
		params.chain(inner).any(|t| carries(&t, call, seen))
	}
	let call = scale_info::meta_type::<RuntimeCall>().type_info().path;
	let mut found = Vec::new();
	for pallet in Runtime::metadata_ir().pallets {
		let Some(calls) = pallet.calls else { continue };
		let TypeDef::Variant(variants) = calls.ty.type_info().type_def else { continue };
		for variant in variants.variants {
			let mut seen = Vec::new();
			if variant.fields.iter().any(|f| carries(&f.ty, &call, &mut seen)) {
				found.push((pallet.name, variant.name));
			}
		}
	}
	found
}

/// Item 9, nested calls. Nothing dispatches a call past the checks `submit` and approval make:
/// the only calls that carry one are referenda's own (the proposal, and a council motion,
/// which admits only the council's powers) and the scheduler's, which no origin may use.
#[test]
fn no_call_nests_another_past_the_referendum_checks() {
	assert_eq!(
		calls_carrying_a_call(),
		vec![
			("Scheduler", "schedule"),
			("Scheduler", "schedule_named"),
			("Scheduler", "schedule_after"),
			("Scheduler", "schedule_named_after"),
			("Referenda", "submit"),
			("Referenda", "council_propose"),
		]
	);
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		// An upgrade scheduled by a root proposal would skip the notice: root may not schedule.
		let upgrade = RuntimeCall::System(frame_system::Call::set_code { code: vec![] });
		let nested = RuntimeCall::Scheduler(pallet_scheduler::Call::schedule_after {
			after: 1,
			maybe_periodic: None,
			priority: 0,
			call: Box::new(upgrade),
		});
		let result = nested.clone().dispatch(RuntimeOrigin::root()).map_err(|e| e.error);
		assert_eq!(result, Err(DispatchError::BadOrigin));
		// And no referendum may propose it, inline or by hash.
		for p in [inline(nested.clone()), by_hash(nested)] {
			assert_eq!(
				Referenda::submit(
					origin(K::Alice),
					tracks::ROOT,
					Box::new(p),
					DispatchTime::After(0)
				),
				Err(pallet_referenda::Error::<Runtime>::NotProposable.into())
			);
		}
	});
}

/// Item 10. A captured council (Alice and Bob, two of three) tries to keep itself in place:
/// it cannot cancel a slash at all, nor the root referendum that replaces it, nor the
/// emergency referendum that lifts its pause of the inbox, nor pause again once token holders
/// lifted it. The token holders' referenda run to the end.
#[test]
fn a_captured_council_cannot_entrench_itself() {
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		let mut chain = Chain::start();
		let holders = [K::Dave, K::Eve, K::Ferdie];
		let pause = RuntimeCall::Inbox(pallet_inbox::Call::pause { rollup: None });
		assert_eq!(council(pause.clone()), Ok(()));
		assert!(pallet_inbox::InboxPaused::<Runtime>::get());
		let cancel_slash =
			RuntimeCall::SequencerStaking(pallet_sequencer_staking::Call::cancel_slash {
				offender: K::Alice.to_account_id(),
				kind: seqchain_primitives::FaultKind::DoubleSigning,
				offence_era: 0,
			});
		assert_eq!(
			Referenda::council_propose(origin(K::Alice), Box::new(cancel_slash)),
			Err(pallet_referenda::Error::<Runtime>::NotCouncilPower.into())
		);

		// Token holders move to replace the council and to lift its pause.
		let members = vec![K::Dave.to_account_id(), K::Eve.to_account_id()];
		let replace = RuntimeCall::Referenda(pallet_referenda::Call::set_council {
			members: members.clone(),
			threshold: 2,
		});
		let unpause = RuntimeCall::Inbox(pallet_inbox::Call::unpause { rollup: None });
		let root = propose(K::Dave, tracks::ROOT, inline(replace), &holders);
		let emergency = propose(K::Dave, tracks::EMERGENCY, inline(unpause), &holders);
		// A parameters referendum the council may still cancel.
		let shares = RuntimeCall::FeeDistribution(pallet_fee_distribution::Call::set_parameter {
			parameter: pallet_fee_distribution::EconomicsParameter::SlashDestination(
				pallet_fee_distribution::SlashDestination::Burn,
			),
		});
		let parameters = propose(K::Dave, tracks::PARAMETERS, inline(shares), &[]);
		let cannot = Err(pallet_referenda::Error::<Runtime>::CouncilCannotCancel.into());
		for index in [root, emergency] {
			let cancel = RuntimeCall::Referenda(pallet_referenda::Call::cancel { index });
			assert_eq!(council(cancel), cannot, "referendum {index}");
			assert!(ongoing(index), "referendum {index} survives the council");
		}
		let cancel = RuntimeCall::Referenda(pallet_referenda::Call::cancel { index: parameters });
		assert_eq!(council(cancel), Ok(()));

		// The emergency referendum lifts the pause; the council cannot pause again.
		let (_, enactment) = chain.until_approved(emergency, 30);
		chain.run_to(enactment);
		assert!(!pallet_inbox::InboxPaused::<Runtime>::get());
		assert_eq!(council(pause), Err(pallet_inbox::Error::<Runtime>::CouncilPauseBarred.into()));
		assert!(!pallet_inbox::InboxPaused::<Runtime>::get());
		// The root referendum replaces the council.
		let (_, enactment) = chain.until_approved(root, 60);
		chain.run_to(enactment);
		assert_eq!(pallet_referenda::Council::<Runtime>::get().into_inner(), members);
		check_invariants();
	});
}

/// Item 10. Nobody needs to act for a council pause to end: it lapses after two days.
#[test]
fn a_council_pause_of_the_inbox_lapses_after_two_days() {
	use crate::configs::{CouncilPauseCooldown, CouncilPauseDuration};
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let pause = RuntimeCall::Inbox(pallet_inbox::Call::pause { rollup: None });
		assert_eq!(council(pause.clone()), Ok(()));
		let lapses_at = 1 + CouncilPauseDuration::get();
		assert_eq!(pallet_inbox::CouncilPause::<Runtime>::get(), Some((None, lapses_at)));
		for block in [lapses_at - 1, lapses_at] {
			frame_system::Pallet::<Runtime>::set_block_number(block);
			crate::Inbox::on_initialize(block);
		}
		assert!(!pallet_inbox::InboxPaused::<Runtime>::get());
		// Its next pause waits out the cooldown.
		let barred = Err(pallet_inbox::Error::<Runtime>::CouncilPauseBarred.into());
		assert_eq!(council(pause.clone()), barred);
		frame_system::Pallet::<Runtime>::set_block_number(lapses_at + CouncilPauseCooldown::get());
		assert_eq!(council(pause), Ok(()));
		crate::Inbox::do_try_state().expect("inbox invariants hold");
	});
}

/// Item 11. A root referendum would mint with `Balances::force_set_balance` (or move the
/// issuance with `force_adjust_total_issuance`) and break the economy's books. The runtime's
/// call filter cannot stop it (root bypasses it), so no referendum may propose either call,
/// inline, by hash, or nested.
#[test]
fn no_referendum_can_mint_or_burn_outside_the_economy() {
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let mint = RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: K::Alice.to_account_id().into(),
			new_free: 1_000_000_000 * UNIT,
		});
		let adjust = RuntimeCall::Balances(pallet_balances::Call::force_adjust_total_issuance {
			direction: pallet_balances::AdjustmentDirection::Increase,
			delta: UNIT,
		});
		let not_proposable = Err(pallet_referenda::Error::<Runtime>::NotProposable.into());
		for p in
			[inline(mint.clone()), by_hash(mint.clone()), inline(adjust.clone()), by_hash(adjust)]
		{
			for track in [tracks::ROOT, tracks::PARAMETERS] {
				let submitted = Referenda::submit(
					origin(K::Alice),
					track,
					Box::new(p.clone()),
					DispatchTime::After(0),
				);
				assert_eq!(submitted, not_proposable);
			}
		}
		assert_eq!(pallet_referenda::ReferendumCount::<Runtime>::get(), 0);
		check_invariants();
		// Why the check is at `submit`: the root origin passes the call filter, and the books
		// would no longer balance.
		assert!(mint.dispatch(RuntimeOrigin::root()).is_ok());
		assert!(crate::FeeDistribution::do_try_state().is_err());
	});
}

/// Also, and item 12. Charlie's team allocation (1,000,000 SEQ, frozen by vesting) votes in a
/// real referendum, with the rest of his balance: the tally counts every token. Then, while
/// his vote still freezes his whole balance, a root referendum claws the allocation back: the
/// unvested tokens go to the treasury all the same, and Charlie keeps only the rest.
#[test]
fn vesting_tokens_vote_in_a_referendum_and_a_clawback_takes_them_all_the_same() {
	use pallet_fee_distribution::{EconomicsParameter, SlashDestination, SlashTo};
	preset_storage(DEV_RUNTIME_PRESET).execute_with(|| {
		let mut chain = Chain::start();
		let charlie = K::Charlie.to_account_id();
		let vesting = crate::RuntimeFreezeReason::Vesting(pallet_vesting::FreezeReason::Vesting);
		let voting = crate::RuntimeFreezeReason::Referenda(pallet_referenda::FreezeReason::Voting);
		let unvested = crate::Vesting::vesting_info(&charlie, now()).locked;
		assert_eq!(unvested, 1_000_000 * UNIT);
		assert_eq!(Balances::balance_frozen(&vesting, &charlie), unvested);
		let balance = total(K::Charlie);

		// Charlie alone passes a parameters referendum with every token he has.
		let burn = RuntimeCall::FeeDistribution(pallet_fee_distribution::Call::set_parameter {
			parameter: EconomicsParameter::SlashDestination(SlashDestination::Burn),
		});
		let index = propose(K::Alice, tracks::PARAMETERS, inline(burn), &[K::Charlie]);
		match pallet_referenda::ReferendumInfoFor::<Runtime>::get(index) {
			Some(ReferendumInfo::Ongoing(status)) => assert_eq!(status.tally.support, balance),
			other => panic!("{other:?}"),
		}
		assert_eq!(Balances::balance_frozen(&voting, &charlie), balance);
		let (_, enactment) = chain.until_approved(index, 60);
		chain.run_to(enactment);
		assert_eq!(SlashTo::<Runtime>::get(), SlashDestination::Burn);

		// His winning vote stays locked; governance claws the allocation back meanwhile.
		assert_eq!(Balances::balance_frozen(&voting, &charlie), balance);
		let treasury = crate::configs::TreasuryAccount::get();
		let treasury_before = Balances::balance(&treasury);
		let claw = RuntimeCall::Vesting(pallet_vesting::Call::force_remove_schedule {
			who: charlie.clone(),
			index: 0,
		});
		let index = propose(K::Alice, tracks::ROOT, inline(claw), &[K::Alice, K::Bob]);
		let (_, enactment) = chain.until_approved(index, 60);
		chain.run_to(enactment);
		assert_eq!(Balances::balance(&treasury), treasury_before + unvested);
		assert_eq!(total(K::Charlie), balance - unvested);
		assert_eq!(Balances::balance_frozen(&vesting, &charlie), 0);
		assert!(pallet_vesting::Schedules::<Runtime>::get(&charlie).is_none());
		check_invariants();
	});
}

/// The account a clawback's remainder goes to is the treasury's, which does not vote.
#[test]
fn clawed_back_tokens_go_to_the_treasury() {
	let to: AccountId =
		<<Runtime as pallet_vesting::Config>::RemainderDestination as frame_support::traits::Get<
			AccountId,
		>>::get();
	assert_eq!(to, crate::configs::TreasuryAccount::get());
}
