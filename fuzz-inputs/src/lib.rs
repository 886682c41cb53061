//! Inputs for the fuzzers' short runs, which are tests of the suite (the runtime's, the node's
//! RPC inputs', the rollup client's decoders'): pseudo-random bytes, seeds with bits flipped,
//! how many of them to run, and the seeds and regression inputs of each libFuzzer target kept
//! in `fuzz/regressions/<target>/`.

use std::path::PathBuf;

/// `len` pseudo-random bytes from `seed`: a blake2 hash chain, the same on every run.
pub fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
	let mut out = Vec::with_capacity(len + 32);
	let mut state = sp_crypto_hashing::blake2_256(&seed.to_le_bytes());
	while out.len() < len {
		out.extend_from_slice(&state);
		state = sp_crypto_hashing::blake2_256(&state);
	}
	out.truncate(len);
	out
}

/// `input` with `flips` bits flipped at places drawn from `n` (an empty input stays empty).
pub fn flipped(input: &[u8], n: u64, flips: usize) -> Vec<u8> {
	let mut out = input.to_vec();
	if out.is_empty() {
		return out;
	}
	for (i, b) in pseudo_random(n, flips * 2).chunks(2).enumerate() {
		let at = (usize::from(b[0]) << 8 | usize::from(b[1])) % out.len();
		out[at] ^= 1 << (i % 8);
	}
	out
}

/// How many inputs a short run plays: `FUZZ_SHORT_RUNS` if set, else `default`.
pub fn runs(default: u64) -> u64 {
	std::env::var("FUZZ_SHORT_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The directory of `target`'s seeds and regression inputs.
///
/// Found from the package whose tests run (`cargo test` sets `CARGO_MANIFEST_DIR` for them; every
/// caller is a workspace member one level below the root), not from where this crate was
/// compiled: the shared target directory may hold this crate built in another clone, whose path
/// `env!` would have kept.
pub fn regressions_dir(target: &str) -> PathBuf {
	std::env::var_os("CARGO_MANIFEST_DIR")
		.map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
		.join("../fuzz/regressions")
		.join(target)
}

/// Every input kept for `target` (`*.bin` in [`regressions_dir`], by name), after checking
/// that its `seed-<i>.bin` files are `seeds` (with `FUZZ_WRITE_SEED=1`, written first: after a
/// seed or the input format changed). Panics, naming the file, on a seed that differs.
pub fn regressions(target: &str, seeds: &[Vec<u8>]) -> Vec<Vec<u8>> {
	let dir = regressions_dir(target);
	let write = std::env::var("FUZZ_WRITE_SEED").is_ok_and(|v| v == "1");
	for (i, seed) in seeds.iter().enumerate() {
		let file = dir.join(format!("seed-{i}.bin"));
		if write {
			std::fs::write(&file, seed).expect("writes a seed");
		}
		let kept = std::fs::read(&file).unwrap_or_default();
		assert!(&kept == seed, "{} is not the seed: run with FUZZ_WRITE_SEED=1", file.display());
	}
	let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
		.unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
		.map(|entry| entry.expect("a directory entry").path())
		.filter(|path| path.extension().is_some_and(|e| e == "bin"))
		.collect();
	files.sort();
	assert!(files.len() >= seeds.len(), "fewer inputs than seeds in {}", dir.display());
	files.iter().map(|path| std::fs::read(path).expect("a kept input")).collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn inputs_are_the_same_on_every_run_and_differ_by_seed() {
		assert_eq!(pseudo_random(7, 100), pseudo_random(7, 100));
		assert_ne!(pseudo_random(7, 100), pseudo_random(8, 100));
		assert_eq!(pseudo_random(7, 100).len(), 100);
		let seed = vec![0u8; 64];
		let one = flipped(&seed, 3, 1);
		assert_eq!(one.iter().map(|b| b.count_ones()).sum::<u32>(), 1);
		assert!(flipped(&[], 3, 4).is_empty());
	}
}
