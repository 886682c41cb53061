//! libFuzzer's entry: each input is a script for `seqchain_runtime_fuzz::run` (signed and raw
//! extrinsics, block, session and era transitions on the development genesis); a panic, in
//! the runtime or in the invariants checked after every block, is a crash.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
	seqchain_runtime_fuzz::run(data);
});
