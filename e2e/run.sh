#!/usr/bin/env bash
# The Polkadot.js end-to-end tests: builds the runtime upgraded to `spec_version` + 1
# (`runtime/upgrade`), installs the pinned npm packages, and runs every `*.test.mjs` here
# against dev nodes each test file starts and stops itself. Node logs: `logs/<test>-node.log`.
#
# Needs the release node built first (`cargo build --release -p seqchain-node`; the test
# command builds it). SEQCHAIN_NODE overrides the node binary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

# Alone, never beside the runtime's own build: it uses the runtime's wasm project.
cargo build --release --locked -p seqchain-runtime-upgrade
wasm="$CARGO_TARGET_DIR/release/seqchain_runtime_upgrade.compact.compressed.wasm"
"$CARGO_TARGET_DIR/release/seqchain-runtime-upgrade" "$wasm"

# The exact versions in package-lock.json, installed again only when the lock changes.
stamp=e2e/node_modules/.seqchain-lock.sha256
if ! sha256sum --status -c "$stamp" 2>/dev/null; then
	npm ci --prefix e2e --no-audit --no-fund --loglevel=error
	sha256sum e2e/package-lock.json >"$stamp"
fi

export SEQCHAIN_UPGRADE_WASM="$wasm"
export SEQCHAIN_NODE="${SEQCHAIN_NODE:-$CARGO_TARGET_DIR/release/seqchain-node}"
cd e2e
exec node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs
