#!/bin/sh
# deps.sh — what the browser test needs beyond scripts/deps.sh: Debian's
# chromium and nodejs/npm, a font with Devanagari for the screenshots, and
# playwright-core from npm (tests/browser/package-lock.json).
PKGS="chromium nodejs npm fonts-noto-core"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
command -v node >/dev/null 2>&1 && missing=$(echo "$missing" | sed 's/ nodejs//; s/ npm//')
if [ -n "$missing" ]; then
    [ "$(id -u)" = 0 ] || { echo "as root: apt-get install$missing" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || exit 1
fi
cd "$(dirname "$0")" && npm ci --no-audit --no-fund
