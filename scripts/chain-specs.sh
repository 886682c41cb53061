#!/usr/bin/env bash
# Regenerates chain-specs/ from the runtime's genesis presets, with the node built from this tree.
# Run it after any change to the runtime's genesis (the node's tests fail until you do).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

cargo build --release --locked -p seqchain-node
node="$CARGO_TARGET_DIR/release/seqchain-node"
mkdir -p chain-specs
"$node" export-chain-spec --chain dev --output chain-specs/dev.json
"$node" export-chain-spec --chain local --output chain-specs/local.json
"$node" export-chain-spec --chain testnet --output chain-specs/testnet.json
"$node" export-chain-spec --chain testnet --raw --output chain-specs/testnet-raw.json
