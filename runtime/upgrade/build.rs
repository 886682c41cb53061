//! Builds the runtime's wasm with its `spec-bump` feature: `spec_version` one higher and a probe
//! pallet with a new call and a new event, so a running chain can be upgraded to it.
//!
//! The build goes through the runtime's own wasm project (`wbuild/seqchain-runtime`), so every
//! dependency compiled for the runtime's wasm is reused and only the runtime crate compiles
//! again. Its blobs get their own name, `seqchain_runtime_upgrade.*`, beside the runtime's,
//! which stay untouched.
//!
//! Both builds rewrite that project's `Cargo.toml`, so they must not run at once: this crate
//! depends on the runtime, whose manifest has a `links` key, and cargo runs a build script only
//! after the build scripts of its `links` dependencies. So this crate builds in the workspace's
//! commands with everything else, and shares their host dependencies (`wasm-opt` among them).

use std::{env, fs, path::PathBuf};

fn main() {
	let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
	substrate_wasm_builder::WasmBuilder::new()
		// Canonical: the builder finds the package in `cargo metadata` by this exact path.
		.with_project(
			fs::canonicalize(manifest_dir.join("../Cargo.toml"))
				.expect("the runtime's Cargo.toml exists"),
		)
		.expect("the runtime's Cargo.toml is a file")
		.export_heap_base()
		.import_memory()
		.enable_feature("spec-bump")
		// Names both the blobs and the file in OUT_DIR that `src/lib.rs` includes.
		.set_file_name("seqchain_runtime_upgrade")
		.build();
}
