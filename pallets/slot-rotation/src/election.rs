//! The election and the leader schedule as pure functions: no storage, no runtime. The pallet
//! feeds them what it reads and writes what they return.

use alloc::vec::Vec;

/// Why an election kept the previous set.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TooFew {
	/// Candidates that could be elected.
	pub eligible: u32,
}

/// Elects the set: the `max` candidates with the most backing, ties broken by the lower
/// account id, leaving out `excluded`. Fewer than `min` electable candidates (or none) is an
/// error: the caller keeps the previous set.
///
/// The result is in election order (highest backing first); [`shuffle`] gives the leader order.
pub fn elect<A: Ord + Clone, B: Ord + Copy>(
	mut candidates: Vec<(A, B)>,
	excluded: &[A],
	max: u32,
	min: u32,
) -> Result<Vec<A>, TooFew> {
	candidates.retain(|(who, _)| !excluded.contains(who));
	candidates.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.cmp(b)));
	candidates.dedup_by(|(a, _), (b, _)| a == b);
	candidates.truncate(max as usize);
	let eligible = candidates.len() as u32;
	if eligible == 0 || eligible < min {
		return Err(TooFew { eligible });
	}
	Ok(candidates.into_iter().map(|(who, _)| who).collect())
}

/// A deterministic Fisher-Yates shuffle of `set` driven by `seed`: the same seed always gives
/// the same order, and every order is reachable. Each draw hashes the seed with a counter
/// (blake2-256) and takes the index modulo the remaining length; the modulo bias is below
/// 2^-56 for sets of up to 256 members.
pub fn shuffle<A>(mut set: Vec<A>, seed: [u8; 32]) -> Vec<A> {
	let len = set.len();
	for i in (1..len).rev() {
		let mut input = [0u8; 36];
		input[..32].copy_from_slice(&seed);
		input[32..].copy_from_slice(&(i as u32).to_le_bytes());
		let draw = sp_io::hashing::blake2_256(&input);
		let mut word = [0u8; 8];
		word.copy_from_slice(&draw[..8]);
		let j = (u64::from_le_bytes(word) % (i as u64 + 1)) as usize;
		set.swap(i, j);
	}
	set
}

/// The leader of `slot` in a session led by `set_len` sequencers: Aura's round robin, index
/// `slot mod set_len`. `None` for an empty set.
pub fn leader_index(slot: u64, set_len: usize) -> Option<usize> {
	(set_len > 0).then(|| (slot % set_len as u64) as usize)
}

/// How many of the slots `from..to` (end excluded) each of `set_len` leaders was due to lead:
/// the slots a gap took from each leader. O(`set_len`), whatever the gap.
pub fn slots_per_leader(from: u64, to: u64, set_len: usize) -> Vec<u64> {
	let mut due = alloc::vec![0u64; set_len];
	if set_len == 0 || to <= from {
		return due;
	}
	let n = set_len as u64;
	let gap = to - from;
	let (rounds, rest) = (gap / n, gap % n);
	for (i, d) in due.iter_mut().enumerate() {
		*d = rounds;
		// The `rest` slots after the full rounds start at index `from mod n`.
		let offset = (i as u64 + n - from % n) % n;
		if offset < rest {
			*d += 1;
		}
	}
	due
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn highest_backing_wins_and_ties_go_to_the_lower_id() {
		let c = vec![(5u32, 100u64), (3, 200), (9, 100), (1, 100), (7, 50)];
		assert_eq!(elect(c.clone(), &[], 3, 1), Ok(vec![3, 1, 5]));
		assert_eq!(elect(c.clone(), &[], 10, 1), Ok(vec![3, 1, 5, 9, 7]));
		assert_eq!(elect(c, &[3], 2, 1), Ok(vec![1, 5]));
	}

	#[test]
	fn too_few_keeps_the_previous_set() {
		let c = vec![(1u32, 10u64), (2, 10)];
		assert_eq!(elect(c.clone(), &[], 5, 3), Err(TooFew { eligible: 2 }));
		assert_eq!(elect(c.clone(), &[1, 2], 5, 0), Err(TooFew { eligible: 0 }));
		assert_eq!(elect(Vec::<(u32, u64)>::new(), &[], 5, 0), Err(TooFew { eligible: 0 }));
		assert_eq!(elect(c, &[1], 5, 1), Ok(vec![2]));
	}

	#[test]
	fn a_shrinking_candidate_list_shrinks_the_set() {
		let mut c: Vec<(u32, u64)> = (0..10).map(|i| (i, 1_000 - i as u64)).collect();
		assert_eq!(elect(c.clone(), &[], 4, 2).map(|s| s.len()), Ok(4));
		c.truncate(3);
		assert_eq!(elect(c.clone(), &[], 4, 2), Ok(vec![0, 1, 2]));
		c.truncate(1);
		assert_eq!(elect(c, &[], 4, 2), Err(TooFew { eligible: 1 }));
	}

	#[test]
	fn shuffle_is_deterministic_per_seed() {
		let set: Vec<u32> = (0..20).collect();
		let a = shuffle(set.clone(), [1; 32]);
		assert_eq!(a, shuffle(set.clone(), [1; 32]));
		assert_ne!(a, shuffle(set.clone(), [2; 32]));
		assert_ne!(a, set);
		let mut sorted = a;
		sorted.sort();
		assert_eq!(sorted, set);
	}

	#[test]
	fn shuffle_reaches_every_order_of_three() {
		let mut seen = alloc::collections::BTreeSet::new();
		for s in 0..200u8 {
			seen.insert(shuffle(vec![0, 1, 2], [s; 32]));
		}
		assert_eq!(seen.len(), 6);
	}

	#[test]
	fn leaders_follow_the_round_robin() {
		assert_eq!(leader_index(0, 4), Some(0));
		assert_eq!(leader_index(7, 4), Some(3));
		assert_eq!(leader_index(7, 0), None);
	}

	#[test]
	fn a_gap_is_shared_by_the_leaders_due() {
		// Slots 5, 6, 7 of a set of 4: indices 1, 2, 3.
		assert_eq!(slots_per_leader(5, 8, 4), vec![0, 1, 1, 1]);
		// Slots 6..=15: ten slots, two full rounds and two more (indices 2, 3).
		assert_eq!(slots_per_leader(6, 16, 4), vec![2, 2, 3, 3]);
		assert_eq!(slots_per_leader(8, 8, 4), vec![0; 4]);
		assert_eq!(slots_per_leader(0, 5, 0), Vec::<u64>::new());
	}

	proptest! {
		#[test]
		fn gap_counts_match_counting_slot_by_slot(from in 0u64..1_000, gap in 0u64..300, n in 1usize..12) {
			let mut expected = vec![0u64; n];
			for s in from..from + gap {
				expected[leader_index(s, n).unwrap()] += 1;
			}
			prop_assert_eq!(slots_per_leader(from, from + gap, n), expected);
		}
	}
}
