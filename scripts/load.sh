#!/usr/bin/env bash
# Measures, in one run, what a fresh chain takes in and how fast it answers, and prints one
# table (see docs/performance.md): throughput of balances.transfer_keep_alive, system.remark,
# inbox.submit and inbox.submit_batch at each payload size, and submission-to-inclusion and
# submission-to-finality latency (p50, p99) at a controlled rate.
#
#   scripts/load.sh                       one dev node (Alice sequences every 2 s slot)
#   scripts/load.sh --network             the four-sequencer local network of
#                                         zombienet/network.toml, load sent to Alice's node
#   scripts/load.sh --sizes 4096 --blocks 10 --samples 40
#
# Other arguments go to `seqchain-load` (`seqchain-load --help` lists them); NODE_ARGS adds
# arguments to every node (NODE_ARGS="--grandpa-vote-lag 2" measures Substrate's default voting
# rule, 0 voting for the best block). Builds the node and the tool (release) first, unless
# SEQCHAIN_NO_BUILD=1. Node logs stay in logs/load/.
set -euo pipefail
cd "$(dirname "$0")/.."

network=
args=()
for arg in "$@"; do
	case "$arg" in
	--network) network=1 ;;
	-h | --help)
		sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*) args+=("$arg") ;;
	esac
done

source scripts/env.sh
if [ -z "${SEQCHAIN_NO_BUILD:-}" ]; then
	# Built as scripts/test.sh builds them (the node's and the tool's tests run the binaries),
	# so nothing compiles a second time with other features.
	cargo test --release --locked --workspace --no-run
fi
bin="$CARGO_TARGET_DIR/release"
logs=logs/load
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

port=${RPC_PORT:-9955}
pool=(--pool-limit 16384 --pool-kbytes 65536)
common=(--no-mdns --no-telemetry)
read -r -a node_args <<<"${NODE_ARGS:-}"
common+=("${node_args[@]}")
rpc() {
	curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1"
}
if [ -z "$network" ]; then
	"$bin/seqchain-node" --dev --base-path "$data/dev" --rpc-port "$port" --no-prometheus \
		--port 0 "${pool[@]}" "${common[@]}" >"$logs/dev.log" 2>&1 &
	pids+=($!)
else
	p2p=$((port + 100))
	i=0
	for who in alice bob charlie dave; do
		extra=()
		if [ "$i" -gt 0 ]; then
			peer=$(rpc "$port" system_localPeerId | jq -r .result || true)
			extra=(--bootnodes "/ip4/127.0.0.1/tcp/$p2p/p2p/$peer")
		fi
		"$bin/seqchain-node" key generate-node-key --file "$data/$who.key" 2>/dev/null
		"$bin/seqchain-node" --chain local "--$who" --base-path "$data/$who" \
			--node-key-file "$data/$who.key" \
			--rpc-port $((port + i)) --listen-addr "/ip4/127.0.0.1/tcp/$((p2p + i))" \
			--no-prometheus "${pool[@]}" "${common[@]}" "${extra[@]}" >"$logs/$who.log" 2>&1 &
		pids+=($!)
		for _ in $(seq 1 120); do
			{ rpc $((port + i)) system_health || true; } | grep -q '"result"' && break
			sleep 1
		done
		i=$((i + 1))
	done
fi

# Wait for a finalized block, so that the network is up and finalizing.
for _ in $(seq 1 180); do
	head=$(rpc "$port" chain_getFinalizedHead | jq -r .result || true)
	number=$(curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHeader\",\"params\":[\"$head\"]}" \
		"http://127.0.0.1:$port" | jq -r '.result.number // "0x0"' || echo 0x0)
	[ "$((number))" -ge 1 ] && break
	sleep 1
done
echo "chain up ($([ -n "$network" ] && echo 'four sequencers' || echo 'one dev node'), logs in $logs); measuring on $(nproc) cores"
"$bin/seqchain-load" --url "ws://127.0.0.1:$port" "${args[@]}"
