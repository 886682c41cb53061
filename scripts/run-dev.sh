#!/usr/bin/env bash
# Sets up the machine, builds the node (release) and runs a one-sequencer development chain that
# produces and finalizes blocks. Extra arguments go to the node, e.g. `--rpc-port 9955`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

cargo build --release --locked -p seqchain-node
rpc_port=9944
prev=""
for a in "$@"; do
	if [ "$prev" = "--rpc-port" ]; then rpc_port=$a; fi
	prev=$a
done
cat <<MSG

Seqchain dev chain: RPC at ws://127.0.0.1:${rpc_port}
Open it in Polkadot.js: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${rpc_port}#/explorer
Ctrl-C stops the node; its state is temporary.

MSG
exec "$CARGO_TARGET_DIR/release/seqchain-node" --dev --rpc-port "$rpc_port" "$@"
