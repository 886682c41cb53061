//! The rollup inbox: bonds, fees, block budgets, the sealed reveal window.

use frame_support::{parameter_types, traits::ConstU32};
use pallet_inbox::InboxParams;
use sp_runtime::Perbill;

use crate::{
	Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason, DAYS, MICRO_UNIT, MILLI_UNIT, UNIT,
};

/// Largest payload a rollup may configure: 1 MiB.
pub const MAX_PAYLOAD_BYTES: u32 = 1024 * 1024;

/// The most inbox payload bytes governance may allow in one block: the whole normal-class
/// block length.
pub const MAX_INBOX_BLOCK_BYTES: u32 = (crate::configs::NORMAL_DISPATCH_RATIO.deconstruct() as u64
	* crate::configs::MAXIMUM_BLOCK_LENGTH as u64
	/ 1_000_000_000) as u32;

parameter_types! {
	/// Bond held from a rollup's owner: 1,000 SEQ, enough that names are not squatted for free.
	pub const RollupBond: Balance = 1_000 * UNIT;
	/// Deposit per sealed commit, forfeited if the payload is not revealed in time: 1 SEQ.
	pub const CommitDeposit: Balance = UNIT;
	/// A deregistered rollup's bond is released after seven days, so its readers and bridges
	/// have a week's notice.
	pub const DeregisterDelay: BlockNumber = 7 * DAYS;
	/// Blocks in which a sealed payload may be revealed after its commit: one minute.
	pub const RevealWindow: BlockNumber = 30;
	/// Defaults until governance changes them: 1 milli-SEQ per submission plus 1 micro-SEQ per
	/// byte (the same as the transaction length fee, which is paid on top); inbox payload up to
	/// the whole 3.75 MiB normal class of a block, one rollup at most half of that.
	///
	/// The block budget is the normal class's length on purpose: a submission over the budget
	/// fails, but a failed transaction is still included and takes block space, so a budget
	/// below the block length would waste the difference in failed submissions whenever the
	/// inbox is busy. Fairness comes from the per-rollup share; governance may lower the budget
	/// to reserve room for other transactions.
	pub const DefaultInboxParams: InboxParams<Balance> = InboxParams {
		base_fee: MILLI_UNIT,
		byte_fee: MICRO_UNIT,
		block_byte_budget: MAX_INBOX_BLOCK_BYTES,
		rollup_block_share: Perbill::from_percent(50),
	};
	/// Hard ceiling for the block budget.
	pub const MaxInboxBlockBytes: u32 = MAX_INBOX_BLOCK_BYTES;
	/// A council pause lasts two days unless a referendum keeps it: longer than an emergency
	/// referendum takes (10 min to prepare, at most a day to decide, 10 min to confirm, a
	/// 10-block timelock), so token holders can keep a justified pause before it lapses.
	pub const CouncilPauseDuration: BlockNumber = 2 * DAYS;
	/// After a pause's term the council waits five days before it may pause again: a captured
	/// council holds the inbox at most two days a week, long enough for a root referendum with
	/// strong support to replace it (2 h to prepare, a day to confirm, a day's timelock), while
	/// an honest council can still act weekly and the emergency track is always open.
	pub const CouncilPauseCooldown: BlockNumber = 5 * DAYS;
}

impl pallet_inbox::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Inbox fees and forfeited commit deposits go to fee-distribution's pot, with the
	// transaction fees, and are split at each era's end (stakers, treasury, burn).
	type FeeSink = pallet_fee_distribution::FeePot<Runtime>;
	type AdminOrigin = crate::configs::RollupImpactingPower;
	// Referenda pause with no term; the council's pause lapses (see the constants above).
	type PauseOrigin = crate::configs::EmergencyReferendumPower;
	type CouncilPauseOrigin = pallet_referenda::EnsureCouncil;
	type CouncilPauseDuration = CouncilPauseDuration;
	type CouncilPauseCooldown = CouncilPauseCooldown;
	type RollupBond = RollupBond;
	type CommitDeposit = CommitDeposit;
	type DeregisterDelay = DeregisterDelay;
	type RevealWindow = RevealWindow;
	type MaxNameLen = ConstU32<32>;
	type MaxSubmitters = ConstU32<64>;
	type MaxPayloadBytes = ConstU32<MAX_PAYLOAD_BYTES>;
	type MaxSubmissionsPerBlock = ConstU32<1024>;
	type MaxBlockBytes = MaxInboxBlockBytes;
	// Above the ~670 first-use submissions a block's weight admits (pinned by the tests
	// below): a place in the block cannot be held without buying the whole block.
	type MaxRollupsPerBlock = ConstU32<1024>;
	// Above the ~470 commits a block's weight admits, for the same reason; bounds the expiry
	// work of one block's `on_initialize`.
	type MaxCommitsPerBlock = ConstU32<512>;
	type DefaultParams = DefaultInboxParams;
	type WeightInfo = pallet_inbox::weights::SubstrateWeight<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::dispatch::DispatchClass;

	#[test]
	fn inbox_budget_is_the_normal_block_length() {
		let normal = *crate::configs::RuntimeBlockLength::get().max.get(DispatchClass::Normal);
		assert_eq!(MaxInboxBlockBytes::get(), normal);
		assert_eq!(DefaultInboxParams::get().block_byte_budget, normal);
		// The largest payload fits a rollup's share of a block.
		assert!(DefaultInboxParams::get().rollup_byte_budget() >= MAX_PAYLOAD_BYTES);
		// Commits settle long before a bond is released.
		assert!(DeregisterDelay::get() > RevealWindow::get());
	}

	/// A council pause outlasts the emergency track's longest path to a decision, so token
	/// holders can keep it; it holds the inbox at most two days in seven.
	#[test]
	fn a_council_pause_outlasts_an_emergency_referendum() {
		let tracks = crate::configs::default_tracks(false);
		let (_, emergency) = tracks
			.iter()
			.find(|(id, _)| *id == crate::configs::tracks::EMERGENCY)
			.expect("the emergency track");
		let longest = emergency.prepare_period
			+ emergency.decision_period
			+ emergency.confirm_period
			+ emergency.min_enactment_period;
		assert!(CouncilPauseDuration::get() > longest);
		assert_eq!(CouncilPauseDuration::get() + CouncilPauseCooldown::get(), 7 * DAYS);
	}

	use crate::{AccountId, Inbox, RuntimeOrigin};
	use frame_support::{assert_ok, traits::Get};
	use pallet_inbox::{OrderingPolicy, RollupConfig, RollupId, SubmitterPolicy};
	use sp_keyring::Sr25519Keyring;

	fn dev_chain() -> sp_io::TestExternalities {
		let mut ext = crate::tests::preset_storage(sp_genesis_builder::DEV_RUNTIME_PRESET);
		ext.execute_with(|| frame_system::Pallet::<Runtime>::set_block_number(1));
		ext
	}

	fn register(owner: &AccountId, name: &str, ordering: OrderingPolicy) -> RollupId {
		let id = pallet_inbox::NextRollupId::<Runtime>::get();
		assert_ok!(Inbox::register_rollup(
			RuntimeOrigin::signed(owner.clone()),
			name.into(),
			RollupConfig {
				submitters: SubmitterPolicy::Open,
				max_payload_bytes: 1024,
				max_submissions_per_block: 1024,
				ordering,
			}
		));
		id
	}

	/// The encoded length of `call` signed by `who` (an immortal, tip-free transaction).
	fn signed_len(call: &crate::RuntimeCall, who: &AccountId) -> usize {
		use codec::Encode;
		let tx_ext: crate::TxExtension = (
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(sp_runtime::generic::Era::Immortal),
			frame_system::CheckNonce::<Runtime>::from(0),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
			frame_system::WeightReclaim::<Runtime>::new(),
		);
		crate::UncheckedExtrinsic::new_signed(
			call.clone(),
			who.clone().into(),
			sp_runtime::MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64])),
			tx_ext,
		)
		.encoded_size()
	}

	/// What holding every place costs, with the runtime's weights and fees: one-byte
	/// submissions, each a rollup's first use of the block, applied as block building applies
	/// them until the block refuses one. The block is full long before the places run out, so
	/// the squatter pays for the whole block; the README's arithmetic quotes these figures.
	#[test]
	fn holding_every_place_means_buying_the_whole_block() {
		use frame_support::dispatch::GetDispatchInfo;
		use sp_runtime::traits::Dispatchable;
		dev_chain().execute_with(|| {
			let attacker = Sr25519Keyring::BobStash.to_account_id();
			let places: u32 =
				<<Runtime as pallet_inbox::Config>::MaxRollupsPerBlock as Get<u32>>::get();
			let ids: Vec<RollupId> = (0..places)
				.map(|i| register(&attacker, &format!("squat-{i}"), OrderingPolicy::Plain))
				.collect();
			frame_system::BlockWeight::<Runtime>::kill();
			frame_system::BlockSize::<Runtime>::kill();
			// Fees at multiplier 1 and at the floor the fee multiplier can fall to.
			let floor = crate::configs::MinimumMultiplier::get();
			let (mut held, mut fees, mut fees_at_floor) = (0u32, 0u128, 0u128);
			let mut per_tx = 0u128;
			for id in ids {
				let call =
					crate::RuntimeCall::Inbox(pallet_inbox::Call::submit { id, payload: vec![1] });
				let info = call.get_dispatch_info();
				let len = signed_len(&call, &attacker);
				let Ok((_, next_len)) =
					frame_system::CheckWeight::<Runtime>::do_validate(&info, len)
				else {
					break;
				};
				if frame_system::CheckWeight::<Runtime>::do_prepare(&info, len, next_len).is_err() {
					break;
				}
				let post = call.dispatch(RuntimeOrigin::signed(attacker.clone())).expect("a place");
				frame_system::Pallet::<Runtime>::reclaim_weight(&info, &post).expect("reclaims");
				let fee = |multiplier| {
					pallet_transaction_payment::NextFeeMultiplier::<Runtime>::put(multiplier);
					crate::TransactionPayment::compute_actual_fee(len as u32, &info, &post, 0)
						+ Inbox::fee(1, 1)
				};
				fees_at_floor += fee(floor);
				per_tx = fee(sp_runtime::FixedU128::from_u32(1));
				fees += per_tx;
				held += 1;
			}
			let (capacity, commits) = Inbox::block_capacity();
			let seq = |plancks: u128| plancks as f64 / UNIT as f64;
			println!(
				"a block's normal class holds {held} first-use one-byte submissions (estimate \
				 {capacity}; {commits} commits) of {places} places; each costs {:.5} SEQ \
				 (transaction and inbox fee), the block {:.2} SEQ at fee multiplier 1 and {:.2} SEQ \
				 at the floor multiplier",
				seq(per_tx),
				seq(fees),
				seq(fees_at_floor)
			);
			assert!(held < places, "the block is full before its places run out");
			assert!(u64::from(held) <= capacity);
			assert!(
				commits
					< u64::from(<<Runtime as pallet_inbox::Config>::MaxCommitsPerBlock as Get<
						u32,
					>>::get()),
				"the block is full before its commits run out"
			);
			assert!(fees_at_floor > UNIT, "even at the floor multiplier, {fees_at_floor}");
			// The README quotes the price of the block: 4.5 SEQ at multiplier 1, over 3 SEQ
			// whatever the weights are regenerated to (each transaction pays the base and
			// length fees, at least about 5 mSEQ).
			assert!(fees > 3 * UNIT, "holding every place costs {fees} plancks");
		});
	}

	/// The squatting attack as reported: 128 rollups (refundable bonds) take one byte each in a
	/// block; a victim's submission in that block must still land.
	#[test]
	fn attack_128_squatter_rollups_do_not_lock_a_victim_out() {
		dev_chain().execute_with(|| {
			let attacker = Sr25519Keyring::Ferdie.to_account_id();
			let victim = Sr25519Keyring::Eve.to_account_id();
			let victim_rollup = register(&victim, "victim", OrderingPolicy::Plain);
			let squatted: Vec<RollupId> = (0..128)
				.map(|i| register(&attacker, &format!("squat-{i}"), OrderingPolicy::Plain))
				.collect();
			for id in squatted {
				assert_ok!(Inbox::submit(RuntimeOrigin::signed(attacker.clone()), id, vec![1]));
			}
			assert_ok!(Inbox::submit(
				RuntimeOrigin::signed(victim),
				victim_rollup,
				b"the victim's batch".to_vec()
			));
		});
	}
}
