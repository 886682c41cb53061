//! libFuzzer's entry for the rollup client's decoders: each input is a stream, a recording
//! with the chain's page for it, a block's events or a header for
//! `rollup_client::fuzz::decoders`; a panic, in the decoding or in a check of what the
//! verifier let through, is a crash.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
	rollup_client::fuzz::decoders(data);
});
