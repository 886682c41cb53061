#!/usr/bin/env bash
# The Polkadot.js end-to-end tests: builds the workspace's tests if needed (the node, and the
# runtime upgraded to `spec_version` + 1 by `runtime/upgrade`), installs the pinned npm
# packages, and runs every `*.test.mjs` here against dev nodes each test file starts and stops
# itself. Node logs: `logs/<test>-node.log`. SEQCHAIN_NODE overrides the node binary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

# The workspace's test build (fresh after `cargo test`): the node, and `runtime/upgrade`, whose
# build script writes the upgraded runtime's wasm beside the runtime's.
cargo test --release --locked --workspace --no-run
wasm="$CARGO_TARGET_DIR/release/wbuild/seqchain-runtime/seqchain_runtime_upgrade.compact.compressed.wasm"
[ -f "$wasm" ] || { echo "error: $wasm was not built" >&2; exit 1; }

# The exact versions in package-lock.json, installed again only when the lock changes.
stamp=e2e/node_modules/.seqchain-lock.sha256
if ! sha256sum --status -c "$stamp" 2>/dev/null; then
	npm ci --prefix e2e --no-audit --no-fund --loglevel=error
	sha256sum e2e/package-lock.json >"$stamp"
fi

export SEQCHAIN_UPGRADE_WASM="$wasm"
export SEQCHAIN_NODE="${SEQCHAIN_NODE:-$CARGO_TARGET_DIR/release/seqchain-node}"
cd e2e
exec node --test --test-concurrency=1 --test-timeout=600000 --test-reporter=spec ./*.test.mjs
