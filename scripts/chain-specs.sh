#!/usr/bin/env bash
# Regenerates chain-specs/ from the runtime's genesis presets (dev, local) and the testnet's
# network file of its operators' public keys (chain-specs/testnet/network.json), with the node
# built from this tree.
# Run it after any change to the runtime's genesis (the node's tests fail until you do).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

cargo build --release --locked -p seqchain-node
node="$CARGO_TARGET_DIR/release/seqchain-node"
mkdir -p chain-specs
"$node" export-chain-spec --chain dev --output chain-specs/dev.json
"$node" export-chain-spec --chain local --output chain-specs/local.json
"$node" assemble-spec chain-specs/testnet/network.json --output chain-specs/testnet.json
"$node" assemble-spec chain-specs/testnet/network.json --raw --output chain-specs/testnet-raw.json
