//! A runtime with the pallet and stand-ins for staking and the session pallet.
//!
//! [`rotate_session`] does what `pallet-session` does at a boundary: the queued set becomes the
//! set, `start_session` runs, then the next set is elected and queued. [`run_to_slot`] builds
//! one block for a slot, rotating the session every [`SESSION_LENGTH`] blocks after the pallet's
//! `on_initialize`, as the runtime orders them.

use crate::{self as pallet_slot_rotation, *};
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::Hooks};
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage, Digest,
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		SlotRotation: pallet_slot_rotation,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

pub const SESSION_LENGTH: u64 = 10;

thread_local! {
	/// Staking's eligible candidates with their backing.
	pub static CANDIDATES: RefCell<Vec<(AccountId, u128)>> = const { RefCell::new(Vec::new()) };
	/// Accounts without session keys.
	pub static NO_KEYS: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	/// Reports received by "staking".
	pub static REPORTS: RefCell<Vec<(AccountId, FaultKind, SessionIndex)>> = const { RefCell::new(Vec::new()) };
	/// Sessions started, as staking sees them.
	pub static OBSERVED: RefCell<Vec<SessionIndex>> = const { RefCell::new(Vec::new()) };
	/// The session pallet's validators, its queued set and its disabled indices.
	pub static VALIDATORS: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	pub static QUEUED: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	pub static DISABLED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
	pub static SESSION: RefCell<SessionIndex> = const { RefCell::new(0) };
	/// Candidates with a heavy fault pending in "staking".
	pub static SUSPENDED: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
}

pub struct Candidates;
impl SequencerCandidates<AccountId, u128> for Candidates {
	fn eligible() -> Vec<(AccountId, u128)> {
		CANDIDATES.with(|c| c.borrow().clone())
	}
	fn is_suspended(who: &AccountId) -> bool {
		SUSPENDED.with(|s| s.borrow().contains(who))
	}
}

/// Disables as `pallet-session` does: the index of `who` in the current set, at most a third.
pub struct Disabler;
impl seqchain_primitives::DisableSequencer<AccountId> for Disabler {
	fn disable(who: &AccountId, _: sp_runtime::Perbill) -> bool {
		let Some(i) = VALIDATORS.with(|v| v.borrow().iter().position(|w| w == who)) else {
			return false;
		};
		let limit = VALIDATORS.with(|v| v.borrow().len()).saturating_sub(1) / 3;
		DISABLED.with(|d| {
			let mut d = d.borrow_mut();
			if d.contains(&(i as u32)) {
				return true;
			}
			if d.len() >= limit {
				return false;
			}
			d.push(i as u32);
			true
		})
	}
}

pub struct Reports;
impl FaultReporter<AccountId> for Reports {
	fn report(offender: &AccountId, kind: FaultKind, session: SessionIndex) {
		REPORTS.with(|r| r.borrow_mut().push((*offender, kind, session)));
	}
}

pub struct Observer;
impl SessionObserver for Observer {
	fn on_session_start(index: SessionIndex) {
		OBSERVED.with(|o| o.borrow_mut().push(index));
	}
}

pub struct HasKeys;
impl Contains<AccountId> for HasKeys {
	fn contains(who: &AccountId) -> bool {
		!NO_KEYS.with(|n| n.borrow().contains(who))
	}
}

/// Aura's authorities: key `n` for account `n`, in the set's order.
pub struct Authorities;
impl Get<Vec<UintAuthorityId>> for Authorities {
	fn get() -> Vec<UintAuthorityId> {
		VALIDATORS.with(|v| v.borrow().iter().map(|a| UintAuthorityId(*a)).collect())
	}
}

pub struct Disabled;
impl DisabledValidators for Disabled {
	fn is_disabled(index: u32) -> bool {
		DISABLED.with(|d| d.borrow().contains(&index))
	}
	fn disabled_validators() -> Vec<u32> {
		DISABLED.with(|d| d.borrow().clone())
	}
}

pub struct Session;
impl ValidatorSet<AccountId> for Session {
	type ValidatorId = AccountId;
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	fn session_index() -> SessionIndex {
		SESSION.with(|s| *s.borrow())
	}
	fn validators() -> Vec<AccountId> {
		VALIDATORS.with(|v| v.borrow().clone())
	}
}

parameter_types! {
	pub static MaxSequencers: u32 = 6;
	pub static MinSequencers: u32 = 2;
	pub static LivenessThreshold: u32 = 3;
	pub static MinTargetSetSize: u32 = 2;
}

/// Governance in the mock.
pub const ADMIN: AccountId = 100;

frame_support::ord_parameter_types! {
	pub const Admin: AccountId = ADMIN;
}

impl Config for Test {
	type Balance = u128;
	type Candidates = Candidates;
	type FaultReporter = Reports;
	type SessionObserver = Observer;
	type ValidatorSet = Session;
	type HasSessionKeys = HasKeys;
	type AuthorityId = UintAuthorityId;
	type Authorities = Authorities;
	type Disabled = Disabled;
	type Disabler = Disabler;
	type AdminOrigin = frame_system::EnsureSignedBy<Admin, AccountId>;
	type MaxSequencers = MaxSequencers;
	type MinTargetSetSize = MinTargetSetSize;
	type MaxHeaderSize = ConstU32<512>;
	type MinSequencers = MinSequencers;
	type LivenessThreshold = LivenessThreshold;
	type HistoryDepth = ConstU32<4>;
	type WeightInfo = ();
}

/// What `pallet-session` does at genesis: elect sessions 0 and 1, start 0.
fn genesis_session() {
	let set0 =
		SlotRotation::elect_genesis(0).unwrap_or_else(|| VALIDATORS.with(|v| v.borrow().clone()));
	let set1 = SlotRotation::elect_genesis(1).unwrap_or_else(|| set0.clone());
	VALIDATORS.with(|v| *v.borrow_mut() = set0);
	QUEUED.with(|q| *q.borrow_mut() = set1);
	SlotRotation::start_session(0);
}

/// What `pallet-session` does at a session boundary.
pub fn rotate_session() {
	let index = SESSION.with(|s| {
		*s.borrow_mut() += 1;
		*s.borrow()
	});
	let queued = QUEUED.with(|q| q.borrow().clone());
	VALIDATORS.with(|v| *v.borrow_mut() = queued);
	DISABLED.with(|d| d.borrow_mut().clear());
	SlotRotation::start_session(index);
	if let Some(next) = SlotRotation::elect(index + 1) {
		QUEUED.with(|q| *q.borrow_mut() = next);
	}
}

/// Builds the next block at `slot`; rotates the session after it every `SESSION_LENGTH`
/// blocks.
pub fn run_to_slot(slot: u64) {
	let n = System::block_number() + 1;
	let digest =
		Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())] };
	System::reset_events();
	System::initialize(&n, &System::parent_hash(), &digest);
	SlotRotation::on_initialize(n);
	if n.is_multiple_of(SESSION_LENGTH) {
		rotate_session();
	}
	System::finalize();
}

/// The leader of `slot` in the current set.
pub fn leader(slot: u64) -> AccountId {
	SlotRotation::slot_leader(slot, false).expect("a set")
}

/// A header for `slot` sealed by `key`, or with `bad_seal` a seal over something else.
pub fn sealed_header(
	slot: u64,
	key: u64,
	state: u8,
	bad_seal: bool,
) -> sp_runtime::generic::Header<u64, sp_runtime::traits::BlakeTwo256> {
	let mut header = sp_runtime::generic::Header::<u64, sp_runtime::traits::BlakeTwo256>::new(
		7,
		Default::default(),
		sp_core::H256::repeat_byte(state),
		Default::default(),
		Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())] },
	);
	let pre_hash = sp_runtime::traits::Header::hash(&header);
	let message = if bad_seal { vec![0u8; 32] } else { pre_hash.as_ref().to_vec() };
	let seal = TestSignature(key, message);
	header.digest_mut().push(<DigestItem as CompatibleDigestItem<TestSignature>>::aura_seal(seal));
	header
}

pub struct ExtBuilder {
	candidates: Vec<(AccountId, u128)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { candidates: (1..=4).map(|i| (i, 1_000 * i as u128)).collect() }
	}
}

impl ExtBuilder {
	pub fn candidates(mut self, candidates: Vec<(AccountId, u128)>) -> Self {
		self.candidates = candidates;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		let candidates = self.candidates;
		ext.execute_with(|| {
			CANDIDATES.with(|c| *c.borrow_mut() = candidates);
			for cell in [&NO_KEYS, &VALIDATORS, &QUEUED] {
				cell.with(|v| v.borrow_mut().clear());
			}
			REPORTS.with(|r| r.borrow_mut().clear());
			OBSERVED.with(|o| o.borrow_mut().clear());
			DISABLED.with(|d| d.borrow_mut().clear());
			SUSPENDED.with(|s| s.borrow_mut().clear());
			SESSION.with(|s| *s.borrow_mut() = 0);
			System::set_block_number(0);
			genesis_session();
		});
		ext
	}

	/// Builds, runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			SlotRotation::do_try_state().expect("invariants hold");
		});
	}
}

pub fn reports() -> Vec<(AccountId, FaultKind, SessionIndex)> {
	REPORTS.with(|r| r.borrow().clone())
}

pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::SlotRotation(e) = r.event { Some(e) } else { None })
		.collect()
}
