#!/usr/bin/env bash
# Prepares this machine to build the node and runtime. Idempotent: every step checks first and
# says what it did. Prints, as its last line, the environment the build needs
# (`WASM_BUILD_TOOLCHAIN=...` or nothing), which `scripts/env.sh` sources.
#
# The runtime is compiled to `wasm32v1-none`. In order of preference:
#   1. rustup's default toolchain already has the target: use it;
#   2. `rustup target add wasm32v1-none` works (a machine with internet): use it;
#   3. otherwise build the target from Debian's `rustc-web` and its standard-library source and
#      link that compiler as the rustup toolchain `web` (the recipe in DESIGN.md, "Toolchain note").
set -euo pipefail

log() { printf 'setup: %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

apt_updated=""
apt_install() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		log "system packages present: $*"
		return
	fi
	if [ -z "$apt_updated" ]; then
		$SUDO apt-get update -qq >&2
		apt_updated=1
	fi
	log "installing system packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
}

# Build tools used by the node's dependencies: protoc for libp2p, clang/libclang for bindgen.
apt_install protobuf-compiler clang libclang-dev pkg-config make curl jq
# Node.js and npm for the Polkadot.js end-to-end tests (e2e/); the packages come from npm.
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

command -v rustup >/dev/null || { log "rustup is required (https://rustup.rs)"; exit 1; }

has_target() { rustup target list --installed --toolchain "$1" 2>/dev/null | grep -qx wasm32v1-none; }

default_tc=$(rustup show active-toolchain 2>/dev/null | awk '{print $1}')
# SEQCHAIN_WEB_TOOLCHAIN=1 forces the Debian route (to test it on a machine that has the target).
if [ "${SEQCHAIN_WEB_TOOLCHAIN:-0}" = 1 ]; then
	log "SEQCHAIN_WEB_TOOLCHAIN=1: skipping rustup's target"
elif has_target "$default_tc"; then
	log "rustup toolchain $default_tc already has wasm32v1-none"
	echo ""
	exit 0
elif timeout 60 rustup target add wasm32v1-none >&2 2>/dev/null; then
	log "installed wasm32v1-none with rustup"
	echo ""
	exit 0
else
	log "rustup cannot add wasm32v1-none here; using Debian's rustc-web"
fi

apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22

TC=web
if ! rustup toolchain list | grep -q "^$TC"; then
	rustup toolchain link "$TC" /usr >&2
	log "linked /usr (rustc $(/usr/bin/rustc --version | awk '{print $2}')) as rustup toolchain '$TC'"
else
	log "rustup toolchain '$TC' already linked"
fi

SYSROOT_LIB=$(/usr/bin/rustc --print sysroot)/lib/rustlib/wasm32v1-none/lib
if ls "$SYSROOT_LIB"/libcore-*.rlib >/dev/null 2>&1 \
	&& ls "$SYSROOT_LIB"/liballoc-*.rlib >/dev/null 2>&1 \
	&& ls "$SYSROOT_LIB"/libcompiler_builtins-*.rlib >/dev/null 2>&1; then
	log "wasm32v1-none sysroot present in $SYSROOT_LIB"
else
	log "building core, alloc and compiler_builtins for wasm32v1-none (about a minute)"
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	mkdir -p "$work/src"
	cat >"$work/Cargo.toml" <<'TOML'
[package]
name = "wasm-sysroot"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
	echo '#![no_std]' >"$work/src/lib.rs"
	# Bitcode is embedded so the runtime's LTO link can use these libraries.
	(cd "$work" && RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C embed-bitcode=yes" CARGO_TARGET_DIR="$work/target" \
		cargo +"$TC" build --release --target wasm32v1-none -Zbuild-std=core,alloc -q >&2)
	$SUDO mkdir -p "$SYSROOT_LIB"
	for lib in core alloc compiler_builtins; do
		$SUDO cp "$work"/target/wasm32v1-none/release/deps/lib${lib}-*.rlib "$SYSROOT_LIB/"
	done
	log "installed the wasm32v1-none sysroot into $SYSROOT_LIB"
fi
echo "WASM_BUILD_TOOLCHAIN=$TC"
