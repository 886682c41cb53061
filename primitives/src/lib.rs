//! Types and traits shared by the sequencer chain's pallets and its runtime.
//!
//! Pallets never import each other: a pallet that needs something of another uses a trait from
//! here, and the runtime wires the two together. This keeps the dependency graph one way:
//! `node` → `runtime` → `pallets/*` → `primitives`.

#![cfg_attr(not(feature = "std"), no_std)]
// `decl_runtime_apis!` repeats a runtime API's generic bounds on the functions it generates.
#![allow(clippy::multiple_bound_locations)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

pub mod economics;
pub mod inbox;

/// Index of an era: the period at whose end rewards are split and stake changes settle.
pub type EraIndex = u32;

/// Index of a session: the period for which one sequencer set leads the slots.
pub type SessionIndex = u32;

/// A provable fault of a sequencer, as the slashing rules name them.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum FaultKind {
	/// Missed `LivenessThreshold` consecutive slots.
	LivenessFailure,
	/// Signed two different blocks for one slot, or equivocated in GRANDPA.
	DoubleSigning,
}

impl FaultKind {
	/// Whether the fault attacks safety rather than liveness. A sequencer with a heavy fault
	/// pending is not elected and is disabled at every session start until the slash is
	/// applied or cancelled.
	pub fn is_heavy(self) -> bool {
		match self {
			FaultKind::LivenessFailure => false,
			FaultKind::DoubleSigning => true,
		}
	}
}

/// Candidates the election may choose from: the staking side of the election.
pub trait SequencerCandidates<AccountId, Balance> {
	/// Every candidate eligible for the next set (active, self-bond at the minimum), with its
	/// total backing (own and delegated stake). Bounded by the staking pallet's
	/// `MaxCandidates`; in no particular order.
	fn eligible() -> Vec<(AccountId, Balance)>;

	/// Whether `who` has a heavy fault pending ([`FaultKind::is_heavy`]): it is left out of
	/// elections, and disabled whenever a session starts with it still in the set.
	fn is_suspended(_who: &AccountId) -> bool {
		false
	}
}

/// Receives reports of faults, for slashing.
pub trait FaultReporter<AccountId> {
	/// `offender` committed `kind` during session `session`.
	fn report(offender: &AccountId, kind: FaultKind, session: SessionIndex);

	/// The most one `report` costs, as `(ref_time, proof_size)` weight parts, for the
	/// reporter to charge.
	fn report_weight() -> (u64, u64) {
		(0, 0)
	}
}

impl<AccountId> FaultReporter<AccountId> for () {
	fn report(_: &AccountId, _: FaultKind, _: SessionIndex) {}
}

/// Told when a session starts, to count eras.
pub trait SessionObserver {
	/// Session `index` starts now.
	fn on_session_start(index: SessionIndex);
}

impl SessionObserver for () {
	fn on_session_start(_: SessionIndex) {}
}

/// Takes a sequencer out of block production for the rest of the session after an offence.
pub trait DisableSequencer<AccountId> {
	/// Disables `who` if it is in the current set, for an offence of `severity` (the share of
	/// its pool the offence slashes). At most a third of the set is disabled; when that many
	/// are, a more severe offender takes the place of the least severe one. Returns whether
	/// `who` is disabled.
	fn disable(who: &AccountId, severity: sp_runtime::Perbill) -> bool;
}

impl<AccountId> DisableSequencer<AccountId> for () {
	fn disable(_: &AccountId, _: sp_runtime::Perbill) -> bool {
		false
	}
}

/// An account's vesting as a wallet shows it.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo)]
pub struct VestingBalances<BlockNumber> {
	/// Still locked at the block asked about.
	pub locked: u128,
	/// Released by then, over all schedules.
	pub vested: u128,
	/// The next block at which more is released, and how much more.
	pub next_unlock: Option<(BlockNumber, u128)>,
}

sp_api::decl_runtime_apis! {
	/// The slot-leader schedule, for rollups that want to know where a submission lands.
	///
	/// Slot `s` of a session is led by `set[s mod set.len()]` of that session's set. A
	/// session's end is a block number, not a slot, so for a future slot a client asks about
	/// both the current and the next session and watches the session index.
	pub trait SequencerScheduleApi<AccountId: codec::Codec> {
		/// The current session and its set in leader order.
		fn current_schedule() -> (SessionIndex, Vec<AccountId>);
		/// The next session and its set in leader order (the queued election, or the current
		/// set when none was queued).
		fn next_schedule() -> (SessionIndex, Vec<AccountId>);
		/// The leader of `slot` if its block is built in the current session, or with
		/// `next_session` in the next one.
		fn slot_leader(slot: u64, next_session: bool) -> Option<AccountId>;
	}

	/// The inbox as a rollup reader sees it.
	///
	/// Version 2 adds `block_entries`, which reads a block through the runtime
	/// that executed it.
	pub trait InboxApi<AccountId: codec::Codec> {
		/// A registered rollup's name, owner, policy and stream state.
		fn rollup(id: inbox::RollupId) -> Option<inbox::RollupView<AccountId>>;
		/// The id registered under `name`.
		fn rollup_id(name: Vec<u8>) -> Option<inbox::RollupId>;
		/// What a block did to `rollup`'s stream (`None`: nothing), from the block's
		/// `extrinsics` and `events` (the SCALE-encoded `System::Events` of the block's own
		/// state; empty for none), decoded with this runtime's types. Pure: it reads no state.
		///
		/// Call it at the block's *parent*: the runtime in a block's parent state is the one
		/// that executed the block, and the only one sure to decode its calls and events, also
		/// when the block itself upgraded the runtime or a later upgrade changed the types.
		#[api_version(2)]
		fn block_entries(
			rollup: inbox::RollupId,
			extrinsics: Vec<sp_runtime::OpaqueExtrinsic>,
			events: Vec<u8>,
		) -> Result<Option<inbox::BlockInbox>, inbox::ReadError>;
	}

	/// Vesting, for wallets.
	pub trait VestingApi<AccountId: codec::Codec, BlockNumber: codec::Codec> {
		/// What `who` has locked and released at block `at` (past or future), and its next
		/// unlock after `at`.
		fn vesting_balances(who: AccountId, at: BlockNumber) -> VestingBalances<BlockNumber>;
	}

	/// The economy: health metrics and what a staker can claim.
	pub trait EconomicsApi<AccountId: codec::Codec> {
		/// Issuance, emission, staking ratio, stake concentration, treasury runway and the
		/// recent eras' flows.
		fn metrics() -> economics::EconomicsMetrics;
		/// Rewards `who` can claim now from its stake in `sequencer`'s pool (commission
		/// included for the operator).
		fn pending_rewards(sequencer: AccountId, who: AccountId) -> u128;
	}
}
