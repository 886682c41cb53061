//! libFuzzer's entry for the node's inputs: each input is a JSON-RPC request and a chain, or a
//! block body and its events, for `seqchain_inbox_rpc::fuzz::input`; a panic, in the decoding
//! or in a promise an answer breaks, is a crash.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
	seqchain_inbox_rpc::fuzz::input(data);
});
