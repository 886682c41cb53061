//! Writes the bumped runtime's wasm (compact, compressed) to the path given.

use std::process::ExitCode;

fn main() -> ExitCode {
	let mut args = std::env::args().skip(1);
	let (Some(out), None) = (args.next(), args.next()) else {
		eprintln!("usage: seqchain-runtime-upgrade <output.wasm>\n\nWrites the runtime's wasm built with spec_version one higher, for the runtime-upgrade test.");
		return ExitCode::from(2);
	};
	let Some(wasm) = seqchain_runtime_upgrade::WASM_BINARY else {
		eprintln!("error: built with SKIP_WASM_BUILD: no wasm to write");
		return ExitCode::FAILURE;
	};
	if let Err(e) = std::fs::write(&out, wasm) {
		eprintln!("error: cannot write {out}: {e}");
		return ExitCode::FAILURE;
	}
	println!("{out}: {} bytes", wasm.len());
	ExitCode::SUCCESS
}
