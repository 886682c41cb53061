#!/usr/bin/env bash
# Prints, for every crate of the root Cargo.toml's [workspace.dependencies] that the
# `polkadot-sdk` umbrella crate depends on, the version pinned here beside the version the
# umbrella release requires, so that all polkadot-sdk crates move to one stable release together.
#
#   scripts/sdk-versions.sh [--check] [UMBRELLA_VERSION]
#
# UMBRELLA_VERSION defaults to the release named in Cargo.toml's comment ("2609.2.0
# (stable2609-2)"). With --check it prints only the differences and exits 1 if there are any.
# Reads the umbrella's entry from the crates.io index (one HTTPS request) with curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
if [ "${1:-}" = "--check" ]; then
	check=1
	shift
fi
umbrella=${1:-$(grep -oE '[0-9]{4}\.[0-9]+\.[0-9]+ \(stable' Cargo.toml | head -n 1 | cut -d' ' -f1)}
[ -n "$umbrella" ] || {
	echo "error: no umbrella version given or named in Cargo.toml" >&2
	exit 2
}
for tool in curl jq; do
	command -v "$tool" >/dev/null || {
		echo "error: $tool is needed" >&2
		exit 2
	}
done

# The sparse index keeps one JSON line per published version; `req` is a semver requirement
# such as "^49.0.1" or "=49.0.1".
index=$(curl -fsS https://index.crates.io/po/lk/polkadot-sdk)
required=$(jq -r --arg v "$umbrella" \
	'select(.vers == $v) | .deps[] | "\(.package // .name) \(.req | ltrimstr("^") | ltrimstr("="))"' \
	<<<"$index")
[ -n "$required" ] || {
	echo "error: polkadot-sdk $umbrella is not on crates.io" >&2
	exit 2
}

# `name = { version = "x.y.z", ... }` lines of [workspace.dependencies] (no path dependencies).
pinned=$(awk '
	/^\[/ { section = $0; next }
	section == "[workspace.dependencies]" && /version = "/ && !/path = / {
		name = $1
		match($0, /version = "[^"]*"/)
		version = substr($0, RSTART + 11, RLENGTH - 12)
		if (match($0, /package = "[^"]*"/)) name = substr($0, RSTART + 11, RLENGTH - 12)
		print name, version
	}' Cargo.toml)

differ=0
others=()
[ "$check" = 1 ] || printf '%-44s %-12s %-12s\n' "crate (polkadot-sdk $umbrella)" pinned umbrella
while read -r name version; do
	want=$(awk -v n="$name" '$1 == n { print $2; exit }' <<<"$required")
	if [ -z "$want" ]; then
		others+=("$name")
		continue
	fi
	if [ "$want" != "$version" ]; then
		differ=1
		printf '%-44s %-12s %-12s differs\n' "$name" "$version" "$want"
	elif [ "$check" = 0 ]; then
		printf '%-44s %-12s %-12s\n' "$name" "$version" "$want"
	fi
done <<<"$pinned"
if [ "$check" = 1 ]; then
	[ "$differ" = 0 ] && echo "every polkadot-sdk crate is pinned as in polkadot-sdk $umbrella"
	exit "$differ"
fi
echo "not polkadot-sdk $umbrella dependencies (pinned on their own): ${others[*]}"
exit "$differ"
