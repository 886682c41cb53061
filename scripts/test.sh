#!/usr/bin/env bash
# Sets up the machine and runs the whole test suite: formatting, every test of the
# workspace (pallets, runtime, the node end to end and the three-node smoke network of
# zombienet/smoke.toml), the README's dev-chain command (scripts/check-commands.sh), the
# Polkadot.js end-to-end tests,
# clippy and rustdoc, all in the release profile, the one profile the node is built in, so no
# dependency compiles twice.

set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

step() { printf '\n== %s ==\n' "$*"; }
t0=$(date +%s)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo test (release)"
cargo test --release --locked --workspace 2>&1 | tee "${TEST_LOG:-/tmp/seqchain-test.log}"
status=${PIPESTATUS[0]}
[ "$status" = 0 ] || exit "$status"

step "the README's commands: run-dev.sh reuses the test build, its advertised options work"
bash scripts/check-commands.sh

step "pallet benchmarks as tests (runtime-benchmarks)"
for manifest in pallets/*/Cargo.toml; do
	pallet=$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1)
	if grep -q '^runtime-benchmarks' "$manifest"; then
		cargo test --release --locked -p "$pallet" --features runtime-benchmarks 2>&1 |
			tee -a "${TEST_LOG:-/tmp/seqchain-test.log}"
		status=${PIPESTATUS[0]}
		[ "$status" = 0 ] || exit "$status"
	fi
done

step "Polkadot.js end to end (governance, runtime upgrade)"
bash e2e/run.sh 2>&1 | tee "${JS_LOG:-/tmp/seqchain-e2e.log}"
status=${PIPESTATUS[0]}
[ "$status" = 0 ] || exit "$status"

step "cargo clippy (release) -D warnings"
cargo clippy --release --locked --workspace --all-targets -- -D warnings
for manifest in pallets/*/Cargo.toml; do
	pallet=$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1)
	if grep -q '^runtime-benchmarks' "$manifest"; then
		cargo clippy --release --locked -p "$pallet" --features runtime-benchmarks --all-targets -- -D warnings
	fi
done

step "cargo doc -D warnings"
RUSTDOCFLAGS="-Dwarnings" cargo doc --release --locked --workspace --no-deps

step "summary"
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "cargo: %d passed, %d failed, %d ignored\n", p, f, i }' \
	"${TEST_LOG:-/tmp/seqchain-test.log}" | sed 's/, 0 ignored$//'
# node --test's spec reporter ends with "ℹ pass N" and "ℹ fail N".
awk '$2 == "pass" { p = $3 } $2 == "fail" { f = $3 } END { printf "Polkadot.js: %d passed, %d failed\n", p, f }' \
	"${JS_LOG:-/tmp/seqchain-e2e.log}"
# Figures the smoke network measured (time to finality, finality lag).
[ -f logs/network/smoke/figures.txt ] && sed 's/^/network figure: /' logs/network/smoke/figures.txt
echo "whole suite: $(( $(date +%s) - t0 )) s"
