#!/usr/bin/env bash
# Regenerates the `weights.rs` of the project's pallets with the node's `benchmark pallet`
# command, on this machine, from the `development` preset's runtime.
#
#   scripts/weights.sh                      every pallet under pallets/
#   scripts/weights.sh sequencer-staking    one pallet (its directory name)
#
# STEPS and REPEAT (defaults 50 and 20) set the benchmark's resolution. The node is built with
# `--features runtime-benchmarks` first (a separate build of most dependencies: about 40 minutes
# cold on two cores). Each generated file records in its header the exact command that made it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

STEPS=${STEPS:-50}
REPEAT=${REPEAT:-20}

if [ $# -eq 0 ]; then
	set -- $(ls pallets)
fi
for dir in "$@"; do
	if [ ! -f "pallets/$dir/src/benchmarking.rs" ]; then
		echo "error: pallets/$dir has no src/benchmarking.rs" >&2
		exit 1
	fi
done

cargo build --release --locked -p seqchain-node --features runtime-benchmarks
node="$CARGO_TARGET_DIR/release/seqchain-node"

for dir in "$@"; do
	pallet="pallet_${dir//-/_}"
	echo "== $pallet (steps $STEPS, repeat $REPEAT)"
	"$node" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template .maintain/frame-weight-template.hbs \
		--header .maintain/weights-header.txt \
		--output "pallets/$dir/src/weights.rs"
done
