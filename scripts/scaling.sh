#!/usr/bin/env bash
# Scaling check: the cost of a slash (`slash_pool`) and of applying a queued one
# (`apply_queued_slash`) with 1,000, 10,000 and 100,000 delegators in the slashed pool,
# measured by the node's `benchmark pallet` on this machine, and the ratio of each to its cost
# at 1,000. The pallet's design keeps both independent of the number of delegators (pools hold
# shares; nothing iterates delegators); the target is within 5 %.
#
#   scripts/scaling.sh                 d = 1000, 10000, 100000; 10 repeats each
#   DELEGATORS="1000 100000" REPEAT=5 scripts/scaling.sh
#   scripts/scaling.sh --summary       the table again from the last run's logs/scaling/*.json
#
# Builds the node with `--features runtime-benchmarks` first (as scripts/weights.sh does; the
# normal build afterwards rebuilds the workspace's crates). Raw output in logs/scaling/.
set -euo pipefail
cd "$(dirname "$0")/.."
summary_only=
case "${1:-}" in
-h | --help)
	sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
--summary) summary_only=1 ;;
"") ;;
*)
	echo "scaling.sh: unknown argument '$1' (try --help)" >&2
	exit 2
	;;
esac
source scripts/env.sh

DELEGATORS=${DELEGATORS:-1000 10000 100000}
REPEAT=${REPEAT:-10}
if [ -z "$summary_only" ]; then
	cargo build --release --locked -p seqchain-node --features runtime-benchmarks
fi
node="$CARGO_TARGET_DIR/release/seqchain-node"
mkdir -p logs/scaling

# The benchmarks declare d up to 10,000 for the weight files; --low/--high take it further.
declare -A fast time reads writes
for bench in slash_pool apply_queued_slash; do
	for d in $DELEGATORS; do
		out="logs/scaling/$bench-$d.txt"
		[ -n "$summary_only" ] || "$node" benchmark pallet --chain dev --pallet pallet_sequencer_staking \
			--extrinsic "$bench" --steps 2 --low "$d" --high "$d" --repeat "$REPEAT" \
			--wasm-execution compiled --heap-pages 4096 --json-file "$out.json" >"$out" 2>&1 || {
			cat "$out" >&2
			exit 1
		}
		# Fastest and median extrinsic time (ns) and the storage reads and writes of the
		# measured block.
		read -r fast[$bench,$d] time[$bench,$d] reads[$bench,$d] writes[$bench,$d] < <(jq -r \
			'.[0] | ([.time_results[].extrinsic_time] | sort) as $t
			| "\($t[0]) \($t | .[length / 2 | floor]) \(.db_results[0].reads) \(.db_results[0].writes)"' \
			"$out.json")
	done
done

printf '%-27s %10s %8s %8s %12s %10s %12s %10s\n' benchmark delegators reads writes \
	"fastest µs" "vs first" "median µs" "vs first"
for bench in slash_pool apply_queued_slash; do
	first=${DELEGATORS%% *}
	for d in $DELEGATORS; do
		awk -v b="$bench" -v d="$d" -v r="${reads[$bench,$d]}" -v w="${writes[$bench,$d]}" \
			-v f="${fast[$bench,$d]}" -v f0="${fast[$bench,$first]}" \
			-v t="${time[$bench,$d]}" -v t0="${time[$bench,$first]}" \
			'BEGIN { printf "%-27s %10s %8s %8s %12.1f %+9.1f%% %12.1f %+9.1f%%\n",
				b, d, r, w, f / 1000, (f - f0) * 100 / f0, t / 1000, (t - t0) * 100 / t0 }'
	done
done
echo "(${REPEAT} repeats × 2 steps a row, more where the benchmark's minimum duration asks;"
echo " raw results in logs/scaling/*.json)"
