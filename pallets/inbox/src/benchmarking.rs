//! Benchmarks. Submissions are measured at their worst: an allow-list rollup at its longest
//! list, the block's first use of the rollup, payloads up to `MaxPayloadBytes`.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;
use frame_system::RawOrigin;
use sp_runtime::{traits::Bounded, Perbill};

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	// Enough for every bond, deposit and fee, and room for a thousand such accounts (a block's
	// worth of rollups and committers) without the issuance overflowing.
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / (1u32 << 20).into());
	who
}

fn config<T: Config>(ordering: OrderingPolicy) -> RollupConfig {
	RollupConfig {
		submitters: SubmitterPolicy::AllowList,
		max_payload_bytes: T::MaxPayloadBytes::get(),
		max_submissions_per_block: T::MaxSubmissionsPerBlock::get(),
		ordering,
	}
}

/// The longest possible name for rollup `i`.
fn name<T: Config>(i: u32) -> Vec<u8> {
	let mut name = alloc::format!("r{i}-").into_bytes();
	name.resize(T::MaxNameLen::get() as usize, b'x');
	name
}

/// Budgets that let a single rollup use the whole `MaxBlockBytes`.
fn open_budgets<T: Config>() {
	Params::<T>::mutate(|p| {
		p.block_byte_budget = T::MaxBlockBytes::get();
		p.rollup_block_share = Perbill::one();
	});
}

/// Registers rollup `i` owned by a funded account, with `submitter` on a full allow-list.
fn rollup<T: Config>(i: u32, ordering: OrderingPolicy, submitter: &T::AccountId) -> RollupId {
	let owner = funded::<T>("owner", i);
	let id = NextRollupId::<T>::get();
	Pallet::<T>::register_rollup(
		RawOrigin::Signed(owner.clone()).into(),
		name::<T>(i),
		config::<T>(ordering),
	)
	.expect("registers");
	let mut list: Vec<T::AccountId> =
		(1..T::MaxSubmitters::get()).map(|j| account("submitter", j, i)).collect();
	list.push(submitter.clone());
	Pallet::<T>::set_submitters(RawOrigin::Signed(owner).into(), id, list).expect("sets");
	id
}

fn stored<T: Config>(id: RollupId) -> RollupOf<T> {
	Rollups::<T>::get(id).expect("registered")
}

fn owner_of<T: Config>(id: RollupId) -> T::AccountId {
	stored::<T>(id).owner
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_rollup() {
		let caller = funded::<T>("owner", 0);
		let name = name::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), name, config::<T>(OrderingPolicy::Plain));
		assert_eq!(NextRollupId::<T>::get(), 1);
	}

	#[benchmark]
	fn update_config() {
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let owner = owner_of::<T>(id);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, config::<T>(OrderingPolicy::Sealed));
		assert_eq!(stored::<T>(id).config.ordering, OrderingPolicy::Sealed);
	}

	#[benchmark]
	fn set_submitters(s: Linear<0, { T::MaxSubmitters::get() }>) {
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let owner = owner_of::<T>(id);
		// Reverse order: the call sorts.
		let list: Vec<T::AccountId> = (0..s).rev().map(|j| account("new", j, 0)).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, list);
		assert_eq!(Submitters::<T>::get(id).len() as u32, s);
	}

	#[benchmark]
	fn transfer_ownership() {
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let owner = owner_of::<T>(id);
		let to: T::AccountId = account("new", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, Some(to.clone()));
		assert_eq!(stored::<T>(id).pending_owner, Some(to));
	}

	#[benchmark]
	fn accept_ownership() {
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let owner = owner_of::<T>(id);
		let to = funded::<T>("new", 0);
		Pallet::<T>::transfer_ownership(RawOrigin::Signed(owner).into(), id, Some(to.clone()))
			.expect("offers");
		#[extrinsic_call]
		_(RawOrigin::Signed(to.clone()), id);
		assert_eq!(stored::<T>(id).owner, to);
	}

	#[benchmark]
	fn deregister() {
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let owner = owner_of::<T>(id);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(stored::<T>(id).status != RollupStatus::Active);
	}

	#[benchmark]
	fn release_bond() {
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let owner = owner_of::<T>(id);
		Pallet::<T>::deregister(RawOrigin::Signed(owner).into(), id).expect("deregisters");
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(T::DeregisterDelay::get()));
		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), id);
		assert!(Rollups::<T>::get(id).is_none());
	}

	#[benchmark]
	fn submit(l: Linear<1, { T::MaxPayloadBytes::get() }>) {
		open_budgets::<T>();
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let payload = alloc::vec![7u8; l as usize];
		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), id, payload);
		assert_eq!(stored::<T>(id).stream.next_index, 1);
	}

	/// `n` one-byte payloads: the cost per entry. A batch's bytes are charged at `submit`'s
	/// per-byte slope on top (see `Pallet::byte_weight`).
	#[benchmark]
	fn submit_batch(n: Linear<1, { T::MaxSubmissionsPerBlock::get() }>) {
		open_budgets::<T>();
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let payloads = alloc::vec![alloc::vec![7u8; 1]; n as usize];
		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), id, payloads);
		assert_eq!(stored::<T>(id).stream.next_index, n as u64);
	}

	/// Worst case: the block's first use of an allow-list rollup at its longest list; the
	/// duplicate check reads the committer's index.
	#[benchmark]
	fn commit() {
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Sealed, &submitter);
		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), id, [1u8; 32]);
		assert_eq!(stored::<T>(id).pending_commits, 1);
	}

	/// Worst case: the longest payload, hashed with the committer (a reveal takes no place in
	/// the block, so its first use of the block costs nothing more).
	#[benchmark]
	fn reveal(l: Linear<1, { T::MaxPayloadBytes::get() }>) {
		open_budgets::<T>();
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Sealed, &submitter);
		let payload = alloc::vec![7u8; l as usize];
		let salt = [3u8; 32];
		let hash =
			seqchain_primitives::inbox::sealed_hash(id, &submitter.encode(), &payload, &salt);
		Pallet::<T>::commit(RawOrigin::Signed(submitter.clone()).into(), id, hash)
			.expect("commits");
		// The reveal lands in a later block.
		let now = frame_system::Pallet::<T>::block_number();
		Pallet::<T>::on_finalize(now);
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(1u32.into()));
		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), id, 0, payload, salt);
		assert_eq!(stored::<T>(id).pending_commits, 0);
	}

	/// The worst case: the council pausing a rollup (it checks its bar, and records the pause
	/// and the next bar).
	#[benchmark]
	fn pause() -> Result<(), BenchmarkError> {
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let origin = T::CouncilPauseOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Some(id));
		assert!(stored::<T>(id).paused);
		assert!(CouncilPause::<T>::get().is_some());
		Ok(())
	}

	/// The worst case: a referendum lifting the council's pause of a rollup.
	#[benchmark]
	fn unpause() -> Result<(), BenchmarkError> {
		let submitter = funded::<T>("submitter", 0);
		let id = rollup::<T>(0, OrderingPolicy::Plain, &submitter);
		let council = T::CouncilPauseOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::pause(council, Some(id)).expect("pauses");
		let origin =
			T::PauseOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Some(id));
		assert!(!stored::<T>(id).paused);
		assert!(CouncilPause::<T>::get().is_none());
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut params = Params::<T>::get();
		params.rollup_block_share = Perbill::from_percent(33);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	/// `c` unrevealed commits, spread over as many rollups as a block serves, expire at once.
	#[benchmark]
	fn on_initialize(c: Linear<0, { T::MaxCommitsPerBlock::get() }>) {
		let now = frame_system::Pallet::<T>::block_number();
		// As many rollups as one block may serve, each commit from its own account.
		let rollups = c.min(T::MaxRollupsPerBlock::get());
		let ids: Vec<RollupId> = (0..rollups)
			.map(|i| {
				let id = rollup::<T>(i, OrderingPolicy::Sealed, &account("unused", i, 0));
				Pallet::<T>::update_config(
					RawOrigin::Signed(owner_of::<T>(id)).into(),
					id,
					RollupConfig {
						submitters: SubmitterPolicy::Open,
						..config::<T>(OrderingPolicy::Sealed)
					},
				)
				.expect("opens");
				id
			})
			.collect();
		for i in 0..c {
			let committer = funded::<T>("committer", i);
			let id = ids[(i % rollups) as usize];
			Pallet::<T>::commit(RawOrigin::Signed(committer).into(), id, [1u8; 32])
				.expect("commits");
		}
		Pallet::<T>::on_finalize(now);
		let expiry = now.saturating_add(T::RevealWindow::get()).saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(expiry);
		frame_system::Pallet::<T>::reset_events();
		#[block]
		{
			Pallet::<T>::on_initialize(expiry);
		}
		assert_eq!(Commits::<T>::iter().count(), 0);
	}

	/// `r` rollups used the block; each gets its `Sequenced` event.
	#[benchmark]
	fn on_finalize(r: Linear<0, { T::MaxRollupsPerBlock::get() }>) {
		let submitter = funded::<T>("submitter", 0);
		for i in 0..r {
			let id = rollup::<T>(i, OrderingPolicy::Plain, &submitter);
			Pallet::<T>::submit(RawOrigin::Signed(submitter.clone()).into(), id, alloc::vec![1u8])
				.expect("submits");
		}
		frame_system::Pallet::<T>::reset_events();
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::on_finalize(now);
		}
		assert!(BlockRollups::<T>::get().is_empty());
		assert_eq!(frame_system::Pallet::<T>::event_count(), r);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
