#!/usr/bin/env bash
# Builds the TrackChild SPA into frontend/dist: compiles trackchild-frontend for wasm32, runs
# wasm-bindgen (which must be the exact version Cargo.lock pins) and copies the page and assets.
#
# Usage: scripts/build-spa.sh [--release]
# Needs: the wasm32-unknown-unknown target (rustup target add wasm32-unknown-unknown) and
# wasm-bindgen-cli at the locked version (cargo install wasm-bindgen-cli --version =X.Y.Z).
# Honours CARGO_TARGET_DIR.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

profile="debug"
cargo_flags=()
bindgen_flags=()
case "${1:-}" in
  "") ;;
  --release)
    profile="release"
    cargo_flags+=(--release)
    # The browser downloads the module on cheap phones, so a release build optimises for size.
    # These settings apply to this wasm32 build only; the server's release profile is untouched.
    export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-z}"
    export CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-true}"
    export CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-1}"
    export CARGO_PROFILE_RELEASE_PANIC="${CARGO_PROFILE_RELEASE_PANIC:-abort}"
    # The name section (function names for stack traces) is larger than the code itself.
    bindgen_flags+=(--remove-name-section --remove-producers-section)
    ;;
  *) echo "usage: scripts/build-spa.sh [--release]" >&2; exit 2 ;;
esac

if ! command -v wasm-bindgen >/dev/null 2>&1; then
  echo "error: wasm-bindgen not found on PATH; install it with" >&2
  echo "  cargo install wasm-bindgen-cli --version =<the wasm-bindgen version in Cargo.lock>" >&2
  exit 1
fi

cargo build -p trackchild-frontend --target wasm32-unknown-unknown "${cargo_flags[@]}"

# The CLI and the library must agree exactly, or the generated JavaScript fails at start.
locked="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
installed="$(wasm-bindgen --version | awk '{ print $2 }')"
if [[ -z "$locked" ]]; then
  echo "error: no wasm-bindgen entry in Cargo.lock; build trackchild-frontend first" >&2
  exit 1
fi
if [[ "$locked" != "$installed" ]]; then
  echo "error: wasm-bindgen CLI is $installed but Cargo.lock pins $locked; run" >&2
  echo "  cargo install wasm-bindgen-cli --version =$locked" >&2
  exit 1
fi

target_dir="${CARGO_TARGET_DIR:-$root/target}"
wasm="$target_dir/wasm32-unknown-unknown/$profile/trackchild_frontend.wasm"
dist="$root/frontend/dist"

rm -rf "$dist"
mkdir -p "$dist/pkg"
wasm-bindgen --target web --no-typescript "${bindgen_flags[@]}" --out-dir "$dist/pkg" "$wasm"
# A content hash in the module URLs makes browsers fetch a new build instead of a cached one.
build_id="$(cat "$dist/pkg/trackchild_frontend_bg.wasm" "$dist/pkg/trackchild_frontend.js" frontend/style.css | sha256sum | cut -c1-16)"
sed "s/__BUILD_ID__/$build_id/g" frontend/index.html > "$dist/index.html"
cp frontend/style.css "$dist/"

size="$(wc -c < "$dist/pkg/trackchild_frontend_bg.wasm")"
echo "built $dist ($profile): trackchild_frontend_bg.wasm is $size bytes"
