#!/usr/bin/env bash
# Measures, against one fresh dev node in one run, the inbox's payload throughput next to
# `system.remark` with the same payload sizes, and prints one table (see docs/rollups.md and the
# README's figures).
#
#   scripts/measure-inbox.sh                     sizes 256, 4096, 65536 bytes, 5 blocks each
#   scripts/measure-inbox.sh --sizes 4096 --blocks 10
#
# Arguments are passed to `inbox-throughput` (`--help` lists them). Builds the node and the tool
# (release) first, unless SEQCHAIN_NO_BUILD=1 (use the binaries already in the target dir). The
# node's log is kept in $LOG (default /tmp/seqchain-measure-node.log).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

if [ -z "${SEQCHAIN_NO_BUILD:-}" ]; then
	cargo build --release --locked -p seqchain-node -p rollup-client
fi
bin="$CARGO_TARGET_DIR/release"
LOG=${LOG:-/tmp/seqchain-measure-node.log}
port=${RPC_PORT:-9955}

"$bin/seqchain-node" --dev --tmp --rpc-port "$port" --no-prometheus --no-mdns --port 0 \
	--pool-limit 16384 --pool-kbytes 65536 >"$LOG" 2>&1 &
node_pid=$!
trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
	if curl -s -H 'Content-Type: application/json' \
		-d '{"jsonrpc":"2.0","id":1,"method":"chain_getHeader","params":[]}' \
		"http://127.0.0.1:$port" | grep -q '"number":"0x[1-9a-f]'; then
		break
	fi
	sleep 1
done
echo "node up (log: $LOG); measuring on $(nproc) cores"
"$bin/inbox-throughput" --url "ws://127.0.0.1:$port" "$@"
