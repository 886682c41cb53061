#!/usr/bin/env bash
# Abuses a public RPC node and prints, in one table (see docs/security.md), what each abuse
# costs: peak RSS of both nodes, blocks authored against slots passed (missed slots), finality
# p50, and an honest client's transfer (to inclusion) and inbox_rollup latency on the public
# node meanwhile. Phases: calm, a pool flood of 1 MiB inbox submissions from many accounts,
# subscribers that never read, and connections reading the flooded blocks' ranges.
#
#   scripts/abuse.sh                         every phase, 60 s each
#   scripts/abuse.sh --phase-secs 30 --flooders 16
#
# Two processes: a sequencer (a dev node, RPC on localhost, watched) and a public RPC node
# (`--public-rpc`, a full node of the same chain peered with it), as docs/operators.md says to
# run them. Both keep Substrate's default pool (8,192 transactions, 20 MiB). Other arguments go
# to `seqchain-abuse` (`seqchain-abuse --help`). Builds first (release), unless
# SEQCHAIN_NO_BUILD=1. Node logs stay in logs/abuse/.
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
	case "$arg" in
	-h | --help)
		sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	esac
done

source scripts/env.sh
if [ -z "${SEQCHAIN_NO_BUILD:-}" ]; then
	# Built as scripts/test.sh builds them, so nothing compiles a second time.
	cargo test --release --locked --workspace --no-run
fi
bin="$CARGO_TARGET_DIR/release"
logs=logs/abuse
rm -rf "$logs"
mkdir -p "$logs"
data=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$data"
}
trap cleanup EXIT

seq_port=${RPC_PORT:-9955}
pub_port=$((seq_port + 1))
p2p=$((seq_port + 200))
common=(--no-mdns --no-telemetry --no-prometheus)
rpc() {
	curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1"
}
wait_rpc() {
	for _ in $(seq 1 120); do
		{ rpc "$1" system_health || true; } | grep -q '"result"' && return 0
		sleep 1
	done
	echo "the node on port $1 did not start: see $logs" >&2
	exit 1
}

"$bin/seqchain-node" key generate-node-key --file "$data/seq.key" 2>/dev/null
"$bin/seqchain-node" --dev --base-path "$data/seq" --node-key-file "$data/seq.key" \
	--rpc-port "$seq_port" --listen-addr "/ip4/127.0.0.1/tcp/$p2p" "${common[@]}" \
	>"$logs/sequencer.log" 2>&1 &
pids+=($!)
seq_pid=$!
wait_rpc "$seq_port"
peer=$(rpc "$seq_port" system_localPeerId | jq -r .result)
"$bin/seqchain-node" --chain dev --public-rpc --base-path "$data/public" \
	--rpc-port "$pub_port" --listen-addr "/ip4/127.0.0.1/tcp/$((p2p + 1))" \
	--bootnodes "/ip4/127.0.0.1/tcp/$p2p/p2p/$peer" "${common[@]}" \
	>"$logs/public.log" 2>&1 &
pids+=($!)
pub_pid=$!
wait_rpc "$pub_port"
grep -m1 "public RPC:" "$logs/public.log" || true

# Wait for a finalized block on the public node: it is synced and following.
for _ in $(seq 1 180); do
	head=$(rpc "$pub_port" chain_getFinalizedHead | jq -r .result || true)
	number=$(curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHeader\",\"params\":[\"$head\"]}" \
		"http://127.0.0.1:$pub_port" | jq -r '.result.number // "0x0"' || echo 0x0)
	[ "$((number))" -ge 2 ] && break
	sleep 1
done
echo "sequencer and public RPC node up (logs in $logs); abusing on $(nproc) cores"
"$bin/seqchain-abuse" --sequencer "ws://127.0.0.1:$seq_port" --public "ws://127.0.0.1:$pub_port" \
	--pid "sequencer=$seq_pid" --pid "public=$pub_pid" "$@"
