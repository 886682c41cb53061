//! The runtime's wasm with `spec_version` one above the runtime's own: the same code plus a
//! probe pallet with one new call and one new event (`runtime/src/upgrade_probe.rs`), built
//! with the runtime's `spec-bump` feature. The runtime-upgrade end-to-end test
//! (`e2e/governance.test.mjs`) proposes it through the root track; `build.rs` says how it is
//! built.

include!(concat!(env!("OUT_DIR"), "/seqchain_runtime_upgrade"));
