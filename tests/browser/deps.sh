#!/bin/sh
# deps.sh — what the browser test needs beyond scripts/deps.sh: Debian's
# chromium and nodejs/npm, a font with Devanagari for the screenshots, and
# playwright-core from npm (tests/browser/package-lock.json).
PKGS="chromium fonts-noto-core"
# a node from elsewhere will do; Debian's otherwise
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
sh "$(dirname "$0")/../../scripts/apt-need.sh" test-browser $PKGS || exit 1
cd "$(dirname "$0")" && npm ci --no-audit --no-fund
