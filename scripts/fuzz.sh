#!/usr/bin/env bash
# The long fuzzing runs: coverage-guided (cargo-fuzz, libFuzzer, nightly) over the targets of
# fuzz/ (runtime: seqchain_runtime_fuzz::run; rpc_inputs: the node's JSON-RPC requests and block
# reads; client_decoders: what rollup-client decodes), each starting from its inputs in
# fuzz/regressions/<target>/, one after the other, printing libFuzzer's final figures
# (executions per second, coverage). A crash is written to fuzz/artifacts/<target>/; copy it to
# fuzz/regressions/<target>/ with a name saying what it found, fix it, and the test suite
# replays it for ever.
#
#   scripts/fuzz.sh                               the runtime, 30 minutes
#   scripts/fuzz.sh 600                           the runtime, 10 minutes
#   scripts/fuzz.sh 300 rpc_inputs client_decoders  5 minutes each
#
# The short runs are in the test suite (runtime-fuzz/tests/short_run.rs and the
# fuzz_short_run.rs tests of inbox-rpc and rollup-client). These build with sanitizer coverage
# in their own target directory ($HOME/.cache/seqchain-fuzz-target): the first build compiles
# every dependency again (about 25 minutes here).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
-h | --help)
	sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
esac
secs=${1:-1800}
shift || true
targets=("${@:-runtime}")
usage() {
	echo "usage: scripts/fuzz.sh [SECONDS] [runtime|rpc_inputs|client_decoders ...]" >&2
	exit 1
}
case "$secs" in *[!0-9]* | '') usage ;; esac
for t in "${targets[@]}"; do
	[ -f "fuzz/fuzz_targets/$t.rs" ] || usage
done
source scripts/env.sh
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
	cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
export CARGO_TARGET_DIR="$HOME/.cache/seqchain-fuzz-target"
# The harnesses run the runtime natively: no wasm.
export SKIP_WASM_BUILD=1
# Overflow checks and debug assertions on (an overflow is a finding); no address sanitizer
# (safe Rust), which would only slow each execution.
fuzz_flags=(--release --debug-assertions --sanitizer none)
mkdir -p logs/fuzz
cd fuzz
# The main workspace's versions for everything they share.
[ -f Cargo.lock ] || cp ../Cargo.lock Cargo.lock
for t in "${targets[@]}"; do
	mkdir -p "corpus/$t"
	cp "regressions/$t/"*.bin "corpus/$t/"
	cargo +nightly fuzz build "${fuzz_flags[@]}" "$t"
	echo "== $t: $secs s"
	cargo +nightly fuzz run "${fuzz_flags[@]}" "$t" "corpus/$t" -- \
		-max_total_time="$secs" -print_final_stats=1 -max_len=65536 -timeout=60 \
		2>&1 | tee "../logs/fuzz/$t.log" | grep -E '^#[0-9]+[[:space:]]+(pulse|DONE)|^stat::|ERROR|panicked' | tail -n 40
done
