#!/usr/bin/env bash
# The runtime's long fuzzing run: coverage-guided (cargo-fuzz, libFuzzer, nightly) over
# seqchain_runtime_fuzz::run, starting from the inputs in runtime-fuzz/regressions/, and prints
# libFuzzer's final figures (executions per second, coverage). A crash is written to
# runtime-fuzz/fuzz/artifacts/runtime/; copy it to runtime-fuzz/regressions/ with a name saying
# what it found, fix it, and the test suite replays it for ever.
#
#   scripts/fuzz.sh                 30 minutes
#   scripts/fuzz.sh 600             10 minutes
#
# The short run is in the test suite (runtime-fuzz/tests/short_run.rs). This one builds with
# sanitizer coverage in its own target directory ($HOME/.cache/seqchain-fuzz-target): the
# first build compiles every dependency again (about 25 minutes here).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-1800}
case "$secs" in
-h | --help)
	sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
*[!0-9]*)
	echo "usage: scripts/fuzz.sh [SECONDS]" >&2
	exit 1
	;;
esac
source scripts/env.sh
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
	cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
export CARGO_TARGET_DIR="$HOME/.cache/seqchain-fuzz-target"
# The harness runs the runtime natively: no wasm.
export SKIP_WASM_BUILD=1
# Overflow checks and debug assertions on (an overflow is a finding); no address sanitizer
# (safe Rust), which would only slow each execution.
fuzz_flags=(--release --debug-assertions --sanitizer none)
corpus=runtime-fuzz/fuzz/corpus/runtime
mkdir -p "$corpus" logs/fuzz
cp runtime-fuzz/regressions/*.bin "$corpus/"
cd runtime-fuzz/fuzz
# The main workspace's versions for everything they share.
[ -f Cargo.lock ] || cp ../../Cargo.lock Cargo.lock
cargo +nightly fuzz build "${fuzz_flags[@]}" runtime
cargo +nightly fuzz run "${fuzz_flags[@]}" runtime "corpus/runtime" -- \
	-max_total_time="$secs" -print_final_stats=1 -max_len=65536 -timeout=60 \
	2>&1 | tee ../../logs/fuzz/runtime.log | grep -E '^#[0-9]+ +(pulse|DONE|NEW)|^stat::|ERROR|panicked' | tail -n 40
