# Sourced by the other scripts: runs the setup and exports what the build needs.
#   CARGO_TARGET_DIR  one target dir outside the clone, so every clone and CI run reuse the
#                     compiled dependencies (override it to build elsewhere);
#   WASM_BUILD_TOOLCHAIN  set by scripts/setup.sh when the wasm target comes from Debian's rustc.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/seqchain-target}"
_seqchain_env=$(bash "$(dirname "${BASH_SOURCE[0]}")/setup.sh")
if [ -n "$_seqchain_env" ]; then
	export "${_seqchain_env?}"
fi
unset _seqchain_env
