//! # Seqchain runtime
//!
//! The runtime of the shared decentralized sequencer chain. Its validators are the sequencers:
//! they take turns producing blocks (Aura), GRANDPA finalizes the order, and that order is the
//! canonical order of every rollup that submits through the chain.
//!
//! Layout: this file holds the types, constants, [`VERSION`] and the pallet list; each domain's
//! pallet configuration is in [`configs`]; the runtime APIs are in `apis.rs`; genesis lives only
//! in [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-style macros need a higher recursion limit.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod inbox_read;
// Compiled in every build (the runtime macro resolves its path even when the pallet is left
// out), part of the runtime only with `spec-bump`.
#[cfg(test)]
mod tests;
pub mod upgrade_probe;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use apis::RuntimeApi;
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Block number: `u32` lasts about 272 years at 2 s slots.
pub type BlockNumber = u32;
/// Signature of a transaction (sr25519, ed25519 or ecdsa).
pub type Signature = MultiSignature;
/// Account identifier: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account, in plancks (10^-[`TOKEN_DECIMALS`] of a token).
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Hash used for blocks, tries and extrinsics.
pub type Hash = sp_core::H256;

/// Symbol of the native token, shown by wallets.
pub const TOKEN_SYMBOL: &str = "SEQ";
/// Decimals of the native token.
pub const TOKEN_DECIMALS: u8 = 12;
/// SS58 address prefix. 42 is the generic Substrate prefix: dev and test accounts keep their
/// familiar `5...` addresses in every tool, and no registry entry is needed before mainnet.
pub const SS58_PREFIX: u16 = 42;

/// One token.
pub const UNIT: Balance = 10u128.pow(TOKEN_DECIMALS as u32);
/// A thousandth of a token.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// A millionth of a token.
pub const MICRO_UNIT: Balance = MILLI_UNIT / 1_000;
/// The smallest balance an account may hold: 0.01 token. Keeps dust accounts out of state.
pub const EXISTENTIAL_DEPOSIT: Balance = 10 * MILLI_UNIT;

/// Slot duration in milliseconds: one sequencer leads each slot.
///
/// 2 s is the target of the design: a rollup's submission is included within one slot and
/// finalized by GRANDPA a few slots later. It leaves Aura's default two thirds of the slot
/// (about 1.3 s) for authoring and the rest for propagation, which is ample for a sequencer set
/// of tens of nodes. It cannot change after genesis without a coordinated migration.
pub const SLOT_DURATION: u64 = 2_000;
/// Blocks per minute at one block per slot.
pub const MINUTES: BlockNumber = 60_000 / (SLOT_DURATION as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Session length in blocks: the sequencer set and the keys it uses can change at each session
/// boundary. Ten minutes keeps key rotation and set changes prompt without churning GRANDPA.
pub const SESSION_PERIOD: BlockNumber = 10 * MINUTES;

/// The chain properties wallets read (`system_properties`): token symbol, decimals and SS58
/// prefix. The node puts them in every chain spec.
#[cfg(feature = "std")]
pub fn chain_properties() -> serde_json::Map<String, serde_json::Value> {
	let mut properties = serde_json::Map::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Block identifier.
	pub type BlockId = generic::BlockId<Block>;
}

impl_opaque_keys! {
	/// The keys a sequencer registers for its session: Aura to author blocks, GRANDPA to vote.
	pub struct SessionKeys {
		/// Block authoring key (sr25519).
		pub aura: Aura,
		/// Finality voting key (ed25519).
		pub grandpa: Grandpa,
	}
}

/// The runtime version. Bump `spec_version` on every change of runtime logic or metadata, and
/// `transaction_version` when an existing call's encoding changes (version 2: staking's call
/// 12, `cancel_slash(apply_era, offender)`, was removed).
#[cfg(not(feature = "spec-bump"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("seqchain"),
	impl_name: alloc::borrow::Cow::Borrowed("seqchain"),
	authoring_version: 1,
	spec_version: 109,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// The runtime version of the `spec-bump` build: `spec_version` one higher, for the
/// runtime-upgrade test (which also adds the `upgrade_probe` pallet). Keep it in step with the
/// version above.
#[cfg(feature = "spec-bump")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("seqchain"),
	impl_name: alloc::borrow::Cow::Borrowed("seqchain"),
	authoring_version: 1,
	spec_version: 110,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Address format of transactions.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block with the runtime's extrinsics.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions: checks and charges applied to every signed transaction.
///
/// `CheckMetadataHash` lets wallets (Polkadot.js, Ledger) prove that what they display is what
/// the runtime will execute.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Extrinsic as the runtime decodes it.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a transaction's signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations run on runtime upgrade, besides those of the pallets themselves.
#[allow(unused_parens)]
type Migrations = (
	pallet_sequencer_staking::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_slot_rotation::migrations::MigrateV0ToV1<Runtime>,
	// Sealed commits bind their committer (inbox storage version 0 → 1).
	pallet_inbox::migrations::v1::MigrateV0ToV1<Runtime>,
);

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System: 0-9.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	// Monetary: 10-19.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	// After Balances: its genesis checks allocations against genesis balances.
	#[runtime::pallet_index(12)]
	pub type Vesting = pallet_vesting;
	// After Balances: its genesis records the issuance the others have created.
	#[runtime::pallet_index(13)]
	pub type FeeDistribution = pallet_fee_distribution;

	// Staking: 20-29.
	#[runtime::pallet_index(20)]
	pub type SequencerStaking = pallet_sequencer_staking;
	// Before Session: it charges the slots skipped before this block to the set that led them,
	// before a session change replaces that set.
	#[runtime::pallet_index(21)]
	pub type SlotRotation = pallet_slot_rotation;

	// Sessions and consensus: 30-39. Hooks and genesis run in pallet index order, so the order
	// here matters: staking's genesis candidates exist before the session picks its genesis
	// set; Authorship notes the author before a session change; Session comes before Aura and
	// GRANDPA so their authorities are updated by the session change in the same block.
	#[runtime::pallet_index(30)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(31)]
	pub type Offences = pallet_offences;
	#[runtime::pallet_index(32)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(33)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(34)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(35)]
	pub type Grandpa = pallet_grandpa;

	// Rollups: 40-49.
	#[runtime::pallet_index(40)]
	pub type Inbox = pallet_inbox;

	// Governance: 50-59.
	#[runtime::pallet_index(50)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(51)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(52)]
	pub type Referenda = pallet_referenda;

	// Only in the `spec-bump` build (the runtime-upgrade test's target): a call and an event
	// the runtime before the upgrade does not know.
	#[cfg(feature = "spec-bump")]
	#[runtime::pallet_index(60)]
	pub type UpgradeProbe = crate::upgrade_probe;
}

#[cfg(feature = "spec-bump")]
impl upgrade_probe::Config for Runtime {}
