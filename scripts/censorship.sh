#!/usr/bin/env bash
# The censorship bound: the four-sequencer network of zombienet/censorship.toml, Dave running the
# test-only censoring build (`seqchain-node-censoring`, the node's `censorship-test` feature)
# that never includes rollup 0's inbox submissions. Asserts that rollup 0's submissions are still
# included within two slots of submission (p99) and that the other nodes count and name the
# censor (`seqchain_inbox_skipped_transactions_total`). About 8 minutes, warm.
#
# Builds only the censoring binary with the feature (`seqchain-node` stays the default build).
# Node logs stay in logs/network/censorship/, figures in logs/network/censorship/figures.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

case "${1:-}" in
-h | --help)
	sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
"") ;;
*)
	echo "usage: scripts/censorship.sh (no arguments; see --help)" >&2
	exit 2
	;;
esac

# The workspace's tests first, so the default node is built as scripts/test.sh builds it.
cargo test --release --locked --workspace --no-run
cargo build --release --locked -p seqchain-node --features censorship-test \
	--bin seqchain-node-censoring
status=0
cargo test --release --locked -p seqchain-node --test censorship -- --nocapture || status=$?
figures=logs/network/censorship/figures.txt
[ -f "$figures" ] && { echo "== $figures"; cat "$figures"; }
exit "$status"
