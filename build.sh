#!/usr/bin/env bash
# Token Warden's one build script.
#
#   ./build.sh          build everything: the wasm core, dist/extension/, the zip, the release CLI
#   ./build.sh test     build, then run every test (format, lints, native, wasm-in-browser, e2e, web-ext lint)
#   ./build.sh bench    build, then run the benchmarks and print their numbers (beside a baseline build)
#   ./build.sh fuzz     run each fuzz target for a bounded time (nightly toolchain)
#
# It installs what it needs from the package registries when missing (the wasm target, the pinned
# wasm-bindgen-cli, node packages from package-lock.json, and, as root, Debian's chromium,
# chromium-driver and firefox-esr) and says which tool is missing when it cannot.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

WASM_BINDGEN_VERSION=0.2.130 # keep in step with Cargo.toml's wasm-bindgen pin
CRATE=token_warden
DIST=$ROOT/dist
EXT=$DIST/extension
PKG=$ROOT/target/pkg
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "missing tool: $1. $2"; }
is_root() { [ "$(id -u)" = 0 ]; }
version() { sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1; }

apt_install() { # apt_install PACKAGE... (root only)
  is_root || return 1
  say "installing Debian packages: $*"
  if [ ! -f /tmp/.token-warden-apt-updated ]; then
    apt-get update -qq >/dev/null && touch /tmp/.token-warden-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_rust() {
  need cargo "Install Rust with rustup (https://rustup.rs)."
  need rustup "Install Rust with rustup (https://rustup.rs); the wasm32 target comes from it."
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    # Not --locked: a dependency locked by that release is missing from the registry.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_node() {
  need node "Install Node.js 20 or later (Debian: apt-get install nodejs npm)."
  need npm "Install npm (Debian: apt-get install npm)."
  local stamp=node_modules/.token-warden-lock
  local want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing node packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" >"$stamp"
  fi
  # Never Debian's binaryen (wasm-opt 108 breaks wasm-bindgen's externref table): use npm's.
  [ -x node_modules/.bin/wasm-opt ] || die "node_modules/.bin/wasm-opt is missing: run npm ci (package binaryen)."
}

ensure_browsers() {
  # chromium-l10n: without its .pak files Chromium ignores the UI language (the i18n tests need it).
  local missing=()
  for pkg in chromium chromium-driver chromium-l10n firefox-esr; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}" ||
      die "missing Debian packages: ${missing[*]}. As root: apt-get install ${missing[*]}"
  fi
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/firefox-esr ] ||
    die "expected /usr/bin/chromium, /usr/bin/chromedriver and /usr/bin/firefox-esr after installing them"
}

ensure_mcp_client() {
  # The MCP server's test client: the `mcp` package from PyPI (pinned in tests/mcp/requirements.txt)
  # in a venv under target/py, reinstalled only when the requirements change (like the npm stamp).
  need python3 "Install Python 3.10 or later (Debian: apt-get install python3 python3-venv)."
  local venv=target/py
  local stamp=$venv/.token-warden-requirements
  local want
  want=$( (sha256sum tests/mcp/requirements.txt; python3 --version) | sha256sum | cut -d' ' -f1)
  if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  if ! python3 -c 'import ensurepip' 2>/dev/null; then
    apt_install python3-venv || die "python3 cannot make a venv: install python3-venv (Debian: apt-get install python3-venv)"
  fi
  say "installing the MCP test client (pip install -r tests/mcp/requirements.txt)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/mcp/requirements.txt
  echo "$want" >"$stamp"
}

# The extension's wasm comes in two modules, each the same crate built with some of its Cargo features
# (src/web/mod.rs), so no logic is duplicated and the linker keeps only what the module's entry points
# reach: `panel`, the guard's panel that a click waits for (rendering of its typed model only), and
# `core`, everything else (the background's router with the catalog and solver, the popup, options,
# checklist and advisor pages). Two, not one per page: each module repeats the runtime (allocator,
# formatting, serde), so more modules would ship more bytes in all (docs/performance.md).
WASM_MODULES="core panel"
wasm_features() {
  case $1 in
    core) echo "web-background,web-pages,web-advisor" ;;
    panel) echo "web-panel" ;;
  esac
}

build_wasm() {
  say "building the wasm modules ($WASM_MODULES)"
  local module raw stamp want
  for module in $WASM_MODULES; do
    cargo build --quiet --lib --target wasm32-unknown-unknown --profile wasm \
      --no-default-features --features "$(wasm_features "$module")"
    raw=target/wasm32-unknown-unknown/wasm/$CRATE.wasm
    stamp=$PKG/.$module.source-sha256
    want=$( (sha256sum "$raw" Cargo.lock | cut -d' ' -f1) | sha256sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$PKG/${module}_bg.wasm" ]; then
      continue # unchanged: skip wasm-bindgen and the slow wasm-opt pass
    fi
    mkdir -p "$PKG"
    rm -f "$PKG/$module.js" "$PKG/${module}_bg.wasm" "$stamp"
    wasm-bindgen --target web --no-typescript --out-dir "$PKG" --out-name "$module" "$raw"
    node_modules/.bin/wasm-opt -Oz "$PKG/${module}_bg.wasm" -o "$PKG/${module}_bg.wasm"
    echo "$want" >"$stamp"
  done
}

build_cli() {
  say "building the token-warden CLI"
  cargo build --quiet --release --bin token-warden
}

assemble() {
  say "assembling dist/extension"
  rm -rf "$EXT" && mkdir -p "$EXT/pkg" "$EXT/generated"
  cp manifest.json "$EXT/"
  cp -r extension/. "$EXT/"
  local module
  for module in $WASM_MODULES; do cp "$PKG/$module.js" "$PKG/${module}_bg.wasm" "$EXT/pkg/"; done
  target/release/token-warden dev default-plan >"$EXT/generated/default-plan.js"
  target/release/token-warden dev protocol >"$EXT/generated/protocol.js"
  local zip=$DIST/token-warden-$(version).zip
  rm -f "$DIST"/token-warden-*.zip
  python3 - "$EXT" "$zip" <<'PY'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for base, dirs, files in sorted(os.walk(src)):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(base, f)
            z.write(p, os.path.relpath(p, src))
PY
}

report() {
  local module wasm sizes=""
  for module in $WASM_MODULES; do
    wasm=$EXT/pkg/${module}_bg.wasm
    sizes+=$(printf '\n    %-12s %8s bytes, %7s gzip' "$module" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)")
  done
  cat >&2 <<MSG

Built Token Warden $(version):
  extension (unpacked)  $EXT
  extension (zip)       $(ls "$DIST"/token-warden-*.zip)  $(stat -c %s "$DIST"/token-warden-*.zip) bytes
  wasm modules $sizes
  CLI                   $ROOT/target/release/token-warden

Load it: Chrome/Chromium/Edge: chrome://extensions → Developer mode → Load unpacked → $EXT
         Firefox: about:debugging#/runtime/this-firefox → Load Temporary Add-on → $EXT/manifest.json
MSG
}

build() {
  ensure_rust
  ensure_node
  build_wasm
  build_cli
  assemble
  report
}

run_tests() {
  ensure_browsers
  build
  local started=$SECONDS
  say "cargo fmt --check"
  cargo fmt --all --check
  say "clippy (native)"
  cargo clippy --quiet --all-targets -- -D warnings
  say "clippy (wasm32)"
  cargo clippy --quiet --lib --test web --target wasm32-unknown-unknown -- -D warnings
  say "native tests"
  cargo test --quiet
  say "MCP server through the mcp client from PyPI"
  ensure_mcp_client
  TOKEN_WARDEN=target/release/token-warden target/py/bin/python tests/mcp/test_mcp_server.py
  say "wasm tests in headless Chromium"
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=60 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown --test web
  say "web-ext lint"
  node tests/lint-extension.mjs "$EXT"
  say "end-to-end tests in headless Chromium and Firefox"
  node --test --test-concurrency=1 tests/replica/ tests/e2e/
  say "all tests passed in $((SECONDS - started)) s (after the build)"
}

# The bench compares this tree with a baseline commit (tests/bench/baseline-ref, or $BENCH_BASELINE_REF)
# in the same run: the baseline's extension is built once from `git archive` of that commit, by that
# commit's own build.sh, into target/bench-baseline/<sha>/ (its compiled dependencies seeded from this
# tree's target/, so only the crate itself recompiles), and kept there for later runs.
bench_baseline() {
  local ref sha dir
  ref=${BENCH_BASELINE_REF:-$(cat tests/bench/baseline-ref)}
  sha=$(git rev-parse --verify --quiet "$ref^{commit}") ||
    die "the bench's baseline commit $ref is not in this clone (fetch it, or set BENCH_BASELINE_REF to another commit)"
  dir=$ROOT/target/bench-baseline/$sha
  if [ ! -f "$dir/dist/extension/manifest.json" ]; then
    say "building the bench's baseline extension from commit $sha (once)"
    rm -rf "$dir" && mkdir -p "$dir/target"
    git archive "$sha" | tar -x -C "$dir"
    cp -a target/wasm32-unknown-unknown target/release "$dir/target/"
    # Same lock file: share node_modules (a different one gets its own npm ci inside the baseline).
    if cmp -s package-lock.json "$dir/package-lock.json"; then cp -a node_modules "$dir/"; fi
    (cd "$dir" && ./build.sh build >&2) || die "the baseline commit $sha does not build"
    rm -rf "$dir/target" "$dir/node_modules" # keep only its dist/
  fi
  echo "$dir/dist/extension"
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  bench)
    build
    baseline=$(bench_baseline) # fails the bench when the baseline cannot be built
    BENCH_BASELINE_DIST=$baseline node tests/bench/run.mjs
    ;;
  fuzz)
    need cargo "Install Rust with rustup."
    rustup toolchain list | grep -q nightly || die "the fuzz targets need a nightly toolchain: rustup toolchain install nightly"
    command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
    for target in $(cargo +nightly fuzz list); do
      say "fuzzing $target for ${FUZZ_SECONDS:-60} s"
      cargo +nightly fuzz run "$target" -- -max_total_time="${FUZZ_SECONDS:-60}"
    done
    ;;
  *) die "unknown command '$1': use ./build.sh, ./build.sh test, ./build.sh bench or ./build.sh fuzz" ;;
esac
