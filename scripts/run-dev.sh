#!/usr/bin/env bash
# Sets up the machine, builds the node (release) and runs a one-sequencer development chain that
# produces and finalizes blocks. Extra arguments go to the node and take the place of the
# defaults (`--dev`, `--rpc-port 9944`), e.g. `bash scripts/run-dev.sh --rpc-port 9955`, or
# `bash scripts/run-dev.sh --base-path /tmp/seqchain-dev` to keep the chain between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

# The same package, profile and features as the node that `scripts/test.sh` builds, so neither
# command compiles a crate the other has compiled (scripts/test.sh checks it).
cargo build --release --locked -p seqchain-node

# The node refuses an option given twice: add the defaults only where the arguments do not
# already say.
rpc_port=9944
args=()
has_rpc_port=false has_chain=false
prev=""
for a in "$@"; do
	case "$a" in
	--rpc-port=*) rpc_port=${a#--rpc-port=} has_rpc_port=true ;;
	--rpc-port) has_rpc_port=true ;;
	--dev | --chain | --chain=*) has_chain=true ;;
	esac
	if [ "$prev" = "--rpc-port" ]; then rpc_port=$a; fi
	prev=$a
done
$has_chain || args+=(--dev)
$has_rpc_port || args+=(--rpc-port "$rpc_port")

cat <<MSG

Seqchain chain: RPC at ws://127.0.0.1:${rpc_port}
Open it in Polkadot.js: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${rpc_port}#/explorer
Ctrl-C stops the node; without --base-path its state is temporary.

MSG
exec "$CARGO_TARGET_DIR/release/seqchain-node" "${args[@]}" "$@"
