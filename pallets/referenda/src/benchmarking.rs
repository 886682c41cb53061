//! Benchmarks: every call at its worst case, and servicing `n` alarms that each approve a
//! referendum (the heaviest transition: it reads the proposal to judge the rollup notice and
//! schedules the enactment).
//!
//! Every referendum here carries its proposal by preimage hash (noting and requesting it is
//! dearer than an inline call) on a benchmark track set up by [`bench_track`].

use super::*;
use crate::tally::Curve;
use alloc::{borrow::Cow, vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Hooks};
use frame_system::RawOrigin;

/// The benchmark track's id.
const TRACK: TrackId = 0;

/// Plenty: deposits and votes never run short.
const FUNDS: u128 = 1 << 100;

/// A track that decides as soon as the decision deposit is in, passes on approval alone, and
/// lets `max_deciding` decide together.
fn bench_track<T: Config>(max_deciding: u32) {
	bench_track_with::<T>(max_deciding, Power::Parameters)
}

/// The benchmark track with `power`.
fn bench_track_with<T: Config>(max_deciding: u32, power: Power) {
	let track = Track {
		name: BoundedVec::truncate_from(b"bench".to_vec()),
		power,
		max_deciding,
		decision_deposit: 1_000_000,
		prepare_period: Zero::zero(),
		decision_period: 1_000u32.into(),
		confirm_period: 10u32.into(),
		min_enactment_period: 1u32.into(),
		min_approval: Curve {
			length: Perbill::one(),
			floor: Perbill::from_percent(50),
			ceil: Perbill::from_percent(100),
		},
		min_support: Curve {
			length: Perbill::one(),
			floor: Perbill::zero(),
			ceil: Perbill::zero(),
		},
	};
	Tracks::<T>::insert(TRACK, track);
}

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::Currency::set_balance(&who, FUNDS);
	who
}

/// A proposal by hash: a remark too long to be inline, its preimage noted.
fn proposal<T: Config>(i: u32) -> BoundedCallOf<T> {
	proposal_of_len::<T>(i, 256)
}

/// A proposal by hash whose preimage is a remark of at most `len` bytes (and at least a few),
/// distinct for each `i`.
fn proposal_of_len<T: Config>(i: u32, len: u32) -> BoundedCallOf<T> {
	// The call's index, the remark's length prefix and `i` after the call take at most 11
	// bytes.
	let remark = vec![i as u8; len.saturating_sub(12) as usize];
	let call: <T as Config>::RuntimeCall = frame_system::Call::<T>::remark { remark }.into();
	let mut encoded = call.encode();
	encoded.extend(i.to_le_bytes());
	let len = encoded.len() as u32;
	let hash = T::Preimages::note(Cow::from(encoded)).expect("the preimage is noted");
	Bounded::Lookup { hash, len }
}

/// Referendum `i`, submitted by a fresh account.
fn submitted<T: Config>(i: u32) -> ReferendumIndex {
	submitted_with::<T>(i, proposal::<T>(i))
}

/// Referendum `i` on `p`, submitted by a fresh account.
fn submitted_with<T: Config>(i: u32, p: BoundedCallOf<T>) -> ReferendumIndex {
	let who = funded::<T>("submitter", i);
	Pallet::<T>::submit(
		RawOrigin::Signed(who).into(),
		TRACK,
		Box::new(p),
		DispatchTime::After(Zero::zero()),
	)
	.expect("the track exists and the submitter is funded");
	ReferendumCount::<T>::get() - 1
}

/// Referendum `i`, submitted and with its decision deposit placed: deciding if the track has
/// room, else queued.
fn decided<T: Config>(i: u32) -> ReferendumIndex {
	decided_with::<T>(i, proposal::<T>(i))
}

/// Referendum `i` on `p`, submitted and with its decision deposit placed.
fn decided_with<T: Config>(i: u32, p: BoundedCallOf<T>) -> ReferendumIndex {
	let index = submitted_with::<T>(i, p);
	let who = funded::<T>("depositor", i);
	Pallet::<T>::place_decision_deposit(RawOrigin::Signed(who).into(), index)
		.expect("the referendum is ongoing and the depositor funded");
	index
}

fn deciding<T: Config>(index: ReferendumIndex) -> bool {
	matches!(
		ReferendumInfoFor::<T>::get(index),
		Some(ReferendumInfo::Ongoing(ReferendumStatus { deciding: Some(_), .. }))
	)
}

/// One deciding referendum and a full queue behind it: ending the first starts the next.
fn deciding_with_full_queue<T: Config>() -> ReferendumIndex {
	bench_track::<T>(1);
	let first = decided::<T>(0);
	for i in 1..=T::MaxQueued::get() {
		decided::<T>(i);
	}
	assert_eq!(Queue::<T>::get(TRACK).len() as u32, T::MaxQueued::get());
	first
}

/// A council of `MaxCouncil` members, all of whom must approve.
fn full_council<T: Config>() -> Vec<T::AccountId> {
	let members: Vec<T::AccountId> =
		(0..T::MaxCouncil::get()).map(|i| account("member", i, 0)).collect();
	Council::<T>::put(BoundedVec::truncate_from(members.clone()));
	CouncilThreshold::<T>::put(T::MaxCouncil::get());
	members
}

/// A voter with `MaxVotes - 1` votes on other referenda, on a track with room for them all.
fn voter_with_other_votes<T: Config>() -> T::AccountId {
	bench_track::<T>(T::MaxVotes::get());
	let voter = funded::<T>("voter", 0);
	for i in 1..T::MaxVotes::get() {
		let other = submitted::<T>(i);
		Pallet::<T>::vote(
			RawOrigin::Signed(voter.clone()).into(),
			other,
			false,
			1_000,
			Conviction::Locked1x,
		)
		.expect("the referendum is ongoing");
	}
	voter
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A proposal by hash whose preimage of `l` bytes is read and decoded to check it.
	#[benchmark]
	fn submit(l: Linear<16, { <T as Config>::Preimages::MAX_LENGTH as u32 }>) {
		bench_track::<T>(1);
		let who = funded::<T>("submitter", 0);
		let p = proposal_of_len::<T>(0, l);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), TRACK, Box::new(p), DispatchTime::After(Zero::zero()));
		assert!(ReferendumInfoFor::<T>::contains_key(0));
	}

	/// The worst placement: the track is at capacity and the queue one short of full.
	#[benchmark]
	fn place_decision_deposit() {
		bench_track::<T>(1);
		decided::<T>(0);
		for i in 1..T::MaxQueued::get() {
			decided::<T>(i);
		}
		let index = submitted::<T>(T::MaxQueued::get());
		let who = funded::<T>("depositor", T::MaxQueued::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(who), index);
		assert_eq!(Queue::<T>::get(TRACK).len() as u32, T::MaxQueued::get());
	}

	#[benchmark]
	fn refund_decision_deposit() {
		bench_track::<T>(1);
		let index = decided::<T>(0);
		let canceller = T::CancelOrigin::try_successful_origin().expect("a cancel origin exists");
		Pallet::<T>::cancel(canceller, index).expect("the referendum is ongoing");
		let who = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), index);
		assert!(matches!(
			ReferendumInfoFor::<T>::get(index),
			Some(ReferendumInfo::Cancelled(_, Some(_), None))
		));
	}

	#[benchmark]
	fn refund_submission_deposit() {
		bench_track::<T>(1);
		let index = decided::<T>(0);
		let canceller = T::CancelOrigin::try_successful_origin().expect("a cancel origin exists");
		Pallet::<T>::cancel(canceller, index).expect("the referendum is ongoing");
		let who = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), index);
		assert!(matches!(
			ReferendumInfoFor::<T>::get(index),
			Some(ReferendumInfo::Cancelled(_, None, Some(_)))
		));
	}

	/// The council cancelling a deciding referendum (it reads the track to check it may), which
	/// lets the first queued one decide.
	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		let index = deciding_with_full_queue::<T>();
		let origin = T::CouncilCancelOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as <T as frame_system::Config>::RuntimeOrigin, index);
		assert!(deciding::<T>(index + 1));
		Ok(())
	}

	/// Killing slashes both deposits and lets the first queued referendum decide.
	#[benchmark]
	fn kill() -> Result<(), BenchmarkError> {
		let index = deciding_with_full_queue::<T>();
		let origin =
			T::RootOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as <T as frame_system::Config>::RuntimeOrigin, index);
		assert!(matches!(ReferendumInfoFor::<T>::get(index), Some(ReferendumInfo::Killed(_))));
		Ok(())
	}

	/// A new vote from an account with `MaxVotes - 1` others, which makes a deciding
	/// referendum pass and start confirming.
	#[benchmark]
	fn vote() {
		let voter = voter_with_other_votes::<T>();
		let index = decided::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(voter.clone()), index, true, FUNDS / 2, Conviction::Locked6x);
		assert_eq!(Voting::<T>::get(&voter).votes.len() as u32, T::MaxVotes::get());
		assert!(matches!(
			ReferendumInfoFor::<T>::get(index),
			Some(ReferendumInfo::Ongoing(ReferendumStatus {
				deciding: Some(DecidingStatus { confirming: Some(_), .. }),
				..
			}))
		));
	}

	/// Removing the last of `MaxVotes` votes, from a confirming referendum it stops.
	#[benchmark]
	fn remove_vote() {
		let voter = voter_with_other_votes::<T>();
		let index = decided::<T>(0);
		Pallet::<T>::vote(
			RawOrigin::Signed(voter.clone()).into(),
			index,
			true,
			FUNDS / 2,
			Conviction::Locked6x,
		)
		.expect("the referendum is ongoing");
		#[extrinsic_call]
		_(RawOrigin::Signed(voter.clone()), index);
		assert_eq!(Voting::<T>::get(&voter).votes.len() as u32, T::MaxVotes::get() - 1);
	}

	/// Unlocking an expired lock down to the largest of `MaxVotes` recorded votes.
	#[benchmark]
	fn unlock() {
		let target = funded::<T>("voter", 0);
		let votes: Vec<(ReferendumIndex, Vote)> = (0..T::MaxVotes::get())
			.map(|i| (i, Vote { aye: true, balance: 1_000, conviction: Conviction::None }))
			.collect();
		let record = VotingRecord {
			votes: BoundedVec::truncate_from(votes),
			prior: (1u32.into(), FUNDS / 2),
		};
		Voting::<T>::insert(&target, record);
		T::Currency::set_freeze(&FreezeReason::Voting.into(), &target, FUNDS / 2)
			.expect("the account holds the funds");
		frame_system::Pallet::<T>::set_block_number(2u32.into());
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), target.clone());
		assert_eq!(T::Currency::balance_frozen(&FreezeReason::Voting.into(), &target), 1_000);
	}

	#[benchmark]
	fn set_track() -> Result<(), BenchmarkError> {
		bench_track::<T>(1);
		let track = Tracks::<T>::get(TRACK).expect("just set");
		let _ = Tracks::<T>::clear(u32::MAX, None);
		let origin =
			T::RootOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as <T as frame_system::Config>::RuntimeOrigin, TRACK, Some(track));
		assert!(Tracks::<T>::contains_key(TRACK));
		Ok(())
	}

	/// Replacing the council with `m` members, dropping `MaxCouncil` open motions.
	#[benchmark]
	fn set_council(m: Linear<1, { T::MaxCouncil::get() }>) -> Result<(), BenchmarkError> {
		let old = full_council::<T>();
		for i in 0..T::MaxCouncil::get() {
			let call: <T as Config>::RuntimeCall = Call::<T>::cancel { index: i }.into();
			Pallet::<T>::council_propose(
				RawOrigin::Signed(old[i as usize].clone()).into(),
				Box::new(call),
			)
			.map_err(|_| BenchmarkError::Stop("the runtime's council may not cancel"))?;
		}
		assert_eq!(Motions::<T>::count(), T::MaxCouncil::get());
		let members: Vec<T::AccountId> = (0..m).map(|i| account("new", i, 0)).collect();
		let origin =
			T::RootOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as <T as frame_system::Config>::RuntimeOrigin, members, m);
		assert_eq!(Motions::<T>::count(), 0);
		assert_eq!(Council::<T>::get().len() as u32, m);
		Ok(())
	}

	/// A proposal that finds `MaxCouncil` motions open, all expired, and prunes them.
	#[benchmark]
	fn council_propose() -> Result<(), BenchmarkError> {
		let members = full_council::<T>();
		for i in 0..T::MaxCouncil::get() {
			let call: <T as Config>::RuntimeCall = Call::<T>::cancel { index: i }.into();
			Pallet::<T>::council_propose(
				RawOrigin::Signed(members[i as usize].clone()).into(),
				Box::new(call),
			)
			.map_err(|_| BenchmarkError::Stop("the runtime's council may not cancel"))?;
		}
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::MotionDuration::get())
			.saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(later);
		let call: <T as Config>::RuntimeCall = Call::<T>::cancel { index: 0 }.into();
		#[extrinsic_call]
		_(RawOrigin::Signed(members[0].clone()), Box::new(call));
		assert_eq!(Motions::<T>::count(), 1);
		Ok(())
	}

	/// The last approval, which dispatches the motion: cancelling a deciding referendum.
	#[benchmark]
	fn council_approve() -> Result<(), BenchmarkError> {
		bench_track::<T>(1);
		let index = decided::<T>(0);
		let members = full_council::<T>();
		let call: <T as Config>::RuntimeCall = Call::<T>::cancel { index }.into();
		Pallet::<T>::council_propose(RawOrigin::Signed(members[0].clone()).into(), Box::new(call))
			.map_err(|_| BenchmarkError::Stop("the runtime's council may not cancel"))?;
		let motion = MotionCount::<T>::get() - 1;
		for member in &members[1..members.len() - 1] {
			Pallet::<T>::council_approve(RawOrigin::Signed(member.clone()).into(), motion)
				.map_err(|_| BenchmarkError::Stop("approval refused"))?;
		}
		let last = members[members.len() - 1].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(last), motion);
		assert!(matches!(ReferendumInfoFor::<T>::get(index), Some(ReferendumInfo::Cancelled(..))));
		Ok(())
	}

	/// `n` alarms due, each approving a confirmed root-track referendum, reading its proposal
	/// (as long as an exempt one may be) to judge the rollup notice, and scheduling its
	/// enactment.
	#[benchmark]
	fn on_initialize(n: Linear<0, { T::MaxAlarms::get() }>) {
		bench_track_with::<T>(n.max(1), Power::Root);
		let mut indices = Vec::new();
		for i in 0..n {
			let index = decided_with::<T>(i, proposal_of_len::<T>(i, MAX_EXEMPT_PROPOSAL_LEN));
			let voter = funded::<T>("voter", i);
			Pallet::<T>::vote(
				RawOrigin::Signed(voter).into(),
				index,
				true,
				FUNDS / 2,
				Conviction::None,
			)
			.expect("the referendum is ongoing");
			indices.push(index);
		}
		let until = frame_system::Pallet::<T>::block_number().saturating_add(10u32.into());
		assert_eq!(Alarms::<T>::get(until).len() as u32, n);
		frame_system::Pallet::<T>::set_block_number(until);
		#[block]
		{
			Pallet::<T>::on_initialize(until);
		}
		for index in indices {
			assert!(matches!(
				ReferendumInfoFor::<T>::get(index),
				Some(ReferendumInfo::Approved(..))
			));
		}
	}

	/// `MaxTracks` rollup-impacting tracks, each checked against the new notice.
	#[benchmark]
	fn set_rollup_notice() -> Result<(), BenchmarkError> {
		let notice = T::RollupNoticePeriod::get().saturating_add(1u32.into());
		let _ = Tracks::<T>::clear(u32::MAX, None);
		for id in 0..T::MaxTracks::get() {
			bench_track_with::<T>(1, Power::RollupImpacting);
			let mut track = Tracks::<T>::take(TRACK).expect("just set");
			track.min_enactment_period = notice;
			Tracks::<T>::insert(id as TrackId, track);
		}
		let origin =
			T::RootOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as <T as frame_system::Config>::RuntimeOrigin, notice);
		assert_eq!(RollupNotice::<T>::get(), notice);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
