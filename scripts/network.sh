#!/usr/bin/env bash
# The full network suite: the four-sequencer local network of zombienet/network.toml and its
# fault tests (one sequencer stopped: finality, missed slots, liveness report and exclusion read
# from chain state, restart and catch-up, one rollup stream on every node, read trusting no node
# across two GRANDPA set changes). About 39 minutes, most of it waiting for the first three
# sessions (300 blocks each) to end.
#
# The smoke network (zombienet/smoke.toml) runs in scripts/test.sh; this runs it too.
# Node logs stay in logs/network/<test>/, figures in logs/network/<test>/figures.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

case "${1:-}" in
-h | --help)
	sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
"") ;;
*)
	echo "usage: scripts/network.sh (no arguments; see --help)" >&2
	exit 2
	;;
esac

# The workspace's tests first, so the node and rollup-client binaries are built with the same
# features as in scripts/test.sh (nothing compiles twice).
cargo test --release --locked --workspace --no-run
status=0
cargo test --release --locked --workspace --test network_smoke --test network -- --nocapture \
	--test-threads 1 || status=$?
for figures in logs/network/*/figures.txt; do
	[ -f "$figures" ] && { echo "== $figures"; cat "$figures"; }
done
exit "$status"
