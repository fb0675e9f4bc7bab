#!/bin/sh
# run.sh — the browser test: indexes examples/, starts `khabar serve` on a
# free loopback port, and runs run.js (playwright-core driving Debian's
# chromium) against it. Screenshots go to $BUILD (default build/). Prints
# SKIP and succeeds when chromium, node or playwright-core is missing.
# usage: sh tests/browser/run.sh [KHABAR]
K=${1:-${KHABAR:-build/khabar}}
BUILD=${BUILD:-build}
here=$(dirname "$0")
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ] || ! command -v node >/dev/null 2>&1; then
    echo "SKIP browser test: needs chromium and node (sh tests/browser/deps.sh installs them)"
    exit 0
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
    (cd "$here" && npm ci --no-audit --no-fund >/dev/null 2>&1) || {
        echo "SKIP browser test: could not install playwright-core (npm ci in tests/browser)"
        exit 0
    }
fi
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
"$K" index "$tmp/idx" --quiet examples/indore-rain.txt examples/news/* || exit 1
"$K" serve "$tmp/idx" --port 0 --quiet > "$tmp/out" 2>&1 &
pid=$!
i=0
while ! grep -q 'http://' "$tmp/out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "server did not start"; cat "$tmp/out"; exit 1; }
    sleep 0.1
done
url=$(sed -n 's|.*\(http://[^/]*\)/.*|\1|p' "$tmp/out" | head -n 1)
mkdir -p "$BUILD"
node "$here/run.js" "$url" "$BUILD" "$chrome"
