#!/usr/bin/env bash
# Scaling check: the cost of a slash (`slash_pool`) and of an era transition that applies one
# (`start_era_with_delegators`) with 1,000, 10,000 and 100,000 delegators in the slashed pool,
# measured by the node's `benchmark pallet` on this machine, and the ratio of each to its cost
# at 1,000. The pallet's design keeps both independent of the number of delegators (pools hold
# shares; nothing iterates delegators); the target is within 5 %.
#
#   scripts/scaling.sh                 d = 1000, 10000, 100000; 10 repeats each
#   DELEGATORS="1000 100000" REPEAT=5 scripts/scaling.sh
#
# Builds the node with `--features runtime-benchmarks` first (as scripts/weights.sh does; the
# normal build afterwards rebuilds the workspace's crates). Raw output in logs/scaling/.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
-h | --help)
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
esac
source scripts/env.sh

DELEGATORS=${DELEGATORS:-1000 10000 100000}
REPEAT=${REPEAT:-10}
cargo build --release --locked -p seqchain-node --features runtime-benchmarks
node="$CARGO_TARGET_DIR/release/seqchain-node"
mkdir -p logs/scaling

# The benchmarks declare d up to 10,000 for the weight files; --low/--high take it further.
declare -A time reads writes
for bench in slash_pool start_era_with_delegators; do
	for d in $DELEGATORS; do
		out="logs/scaling/$bench-$d.txt"
		"$node" benchmark pallet --chain dev --pallet pallet_sequencer_staking \
			--extrinsic "$bench" --steps 2 --low "$d" --high "$d" --repeat "$REPEAT" \
			--wasm-execution compiled --heap-pages 4096 --json-file "$out.json" >"$out" 2>&1 || {
			cat "$out" >&2
			exit 1
		}
		# Median extrinsic time (ns) and the storage reads and writes of the measured block.
		time[$bench,$d]=$(jq '[.[0].time_results[].extrinsic_time] | sort | .[length / 2 | floor]' "$out.json")
		reads[$bench,$d]=$(jq '.[0].db_results[0].reads' "$out.json")
		writes[$bench,$d]=$(jq '.[0].db_results[0].writes' "$out.json")
	done
done

printf '%-27s %12s %12s %8s %8s %10s\n' benchmark delegators "time (µs)" reads writes "vs 1,000"
for bench in slash_pool start_era_with_delegators; do
	base=${time[$bench,${DELEGATORS%% *}]}
	for d in $DELEGATORS; do
		t=${time[$bench,$d]}
		awk -v b="$bench" -v d="$d" -v t="$t" -v base="$base" -v r="${reads[$bench,$d]}" \
			-v w="${writes[$bench,$d]}" \
			'BEGIN { printf "%-27s %12s %12.1f %8s %8s %9.1f%%\n", b, d, t / 1000, r, w, (t - base) * 100 / base }'
	done
done
