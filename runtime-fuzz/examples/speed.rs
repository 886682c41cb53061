//! How fast the harness runs, the figure that bounds the fuzzer's executions per second: blocks
//! per second through an era change of empty blocks, and inputs per second over pseudo-random
//! inputs of the short run's sizes.
//!
//! `cargo run --release -p seqchain-runtime-fuzz --example speed`

use std::time::Instant;

use seqchain_fuzz_inputs::pseudo_random as bytes;
use seqchain_runtime_fuzz::{run, Script};

fn main() {
	let start = Instant::now();
	let stats = run(&Script::default().to_era().0);
	let secs = start.elapsed().as_secs_f64();
	println!(
		"an era of empty blocks: {} blocks in {secs:.2} s, {:.0} blocks/s ({:.2} ms a block)",
		stats.blocks,
		f64::from(stats.blocks) / secs,
		secs * 1e3 / f64::from(stats.blocks)
	);
	let inputs = 200u64;
	let (start, mut blocks) = (Instant::now(), 0);
	for n in 0..inputs {
		let len = 16 + (n as usize * 37) % 600;
		blocks += run(&bytes(1_000_000 + n, len)).blocks;
	}
	let secs = start.elapsed().as_secs_f64();
	println!(
		"pseudo-random inputs: {inputs} in {secs:.2} s, {:.1} inputs/s, {blocks} blocks",
		inputs as f64 / secs
	);
}
