#!/usr/bin/env bash
# The README's two commands, tried as a new user would, after the workspace's test build:
#   1. `scripts/run-dev.sh` reuses every crate `scripts/test.sh` compiled: its build of the node
#      compiles nothing (a crate built with other features than the test build's would compile
#      again here, and this names it);
#   2. the options the scripts' comments advertise work: `--rpc-port 9955` (here a free port, in
#      both spellings) and `--base-path` (the chain survives a restart).
# Run by scripts/test.sh after `cargo test`; standalone: `bash scripts/check-commands.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

fail() { echo "check-commands: $*" >&2; exit 1; }

# 1. Nothing compiles (the workspace's test build came first).
out=$(cargo build --release --locked -p seqchain-node 2>&1) || { echo "$out" >&2; fail "cargo build -p seqchain-node failed"; }
if compiled=$(grep -E '^\s*Compiling ' <<<"$out"); then
	echo "$compiled" >&2
	fail "building the node alone (scripts/run-dev.sh) compiled the crates above again: their features differ from the workspace's test build; make them the same (node/Cargo.toml, 'Feature unification')"
fi
echo "run-dev.sh's build: nothing compiled ($(grep -c . <<<"$out") lines of cargo output, all fresh)"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rpc() { curl -s -m 2 -H 'Content-Type: application/json' -d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1"; }
base=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$base"; }
trap cleanup EXIT

# Starts run-dev.sh with the given arguments; waits for a block above $2 on port $1; stops it.
# Sets $initial (the first best block its RPC reported) and $last.
run_until_block() {
	local port=$1 above=$2
	shift 2
	bash scripts/run-dev.sh "$@" >"$base/run.log" 2>&1 &
	pid=$!
	local number=""
	initial=""
	for _ in $(seq 120); do
		number=$(rpc "$port" chain_getHeader | jq -r '.result.number // empty' 2>/dev/null || true)
		[ -z "$initial" ] && [ -n "$number" ] && initial=$((number))
		if [ -n "$number" ] && [ $((number)) -gt "$above" ]; then break; fi
		kill -0 "$pid" 2>/dev/null || { cat "$base/run.log" >&2; fail "run-dev.sh $* exited"; }
		sleep 1
	done
	[ -n "$number" ] && [ $((number)) -gt "$above" ] || { tail -20 "$base/run.log" >&2; fail "run-dev.sh $*: no block above $above on port $port within 2 minutes"; }
	grep -q "RPC at ws://127.0.0.1:$port" "$base/run.log" || fail "run-dev.sh $* printed another RPC address"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=""
	last=$((number))
}

port=$(free_port)
run_until_block "$port" 2 --rpc-port "$port" --base-path "$base/chain"
echo "run-dev.sh --rpc-port $port --base-path: block $last"
first=$last
port=$(free_port)
run_until_block "$port" "$first" "--rpc-port=$port" --base-path "$base/chain"
# A chain started afresh would answer block 0 or 1 first.
[ "$initial" -ge "$first" ] || fail "run-dev.sh --base-path: the restarted chain began at block $initial, not at $first"
echo "run-dev.sh --rpc-port=$port, same --base-path: began at block $initial, went on to $last"
