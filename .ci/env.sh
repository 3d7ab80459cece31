# Sourced by the scripts in .ci/: where things go, and installing the build and test tools,
# each only when the right version is missing. Nothing here downloads a prebuilt binary from
# anywhere but the package registries (crates.io, npm, Debian).

set -euo pipefail

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_ROOT"

# Build output lives outside the clone so every clone (and every CI run) reuses it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/prefcentre/target}"
# Tools installed from npm (wasm-opt) live beside it.
PREFCENTRE_TOOLS="${PREFCENTRE_TOOLS:-$HOME/.cache/prefcentre/tools}"
export PATH="$HOME/.cargo/bin:$PREFCENTRE_TOOLS/node_modules/.bin:$PATH"
# (cargo-leptos writes the site to target/site under the project.)

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc 1.96
BINARYEN_VERSION=132          # Debian's wasm-opt 108 produces WebAssembly that fails to hydrate
AIOSMTPD_VERSION=1.4.6

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION from crates.io (about 30 minutes on 2 cores, once)"
    # no_downloads: cargo-leptos fails instead of fetching wasm-bindgen, wasm-opt, sass or
    # tailwind from GitHub; it uses the ones on PATH, installed below.
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi

  local bindgen
  bindgen="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen" ]; then
    say "installing wasm-bindgen-cli $bindgen (the version in Cargo.lock; about 3 minutes)"
    # Without --locked: its own lock file pins a crate the registry cannot resolve.
    cargo install wasm-bindgen-cli --version "$bindgen"
  fi

  if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
    say "installing wasm-opt $BINARYEN_VERSION from npm (binaryen)"
    mkdir -p "$PREFCENTRE_TOOLS"
    npm install --prefix "$PREFCENTRE_TOOLS" --no-fund --no-audit --silent "binaryen@$BINARYEN_VERSION"
  fi
}

ensure_test_tools() {
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    say "installing aiosmtpd from PyPI (the SMTP server the tests deliver mail to)"
    python3 -m pip install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
  fi
}

ensure_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium (needs root)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d end2end/node_modules/playwright-core ] || [ ! -d end2end/node_modules/axe-core ]; then
    say "installing the browser-test packages from npm"
    # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: belt and braces; playwright-core downloads nothing.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix end2end --no-fund --no-audit --silent
  fi
}
