#!/bin/sh
# deps.sh — makes sure the Debian packages khabar builds and tests with are
# installed. As root it installs what is missing with apt-get; otherwise it
# prints the one apt-get line to run and fails.
PKGS="gcc make pkg-config python3 clang time libutf8proc-dev libstemmer-dev libcmocka-dev libicu-dev libjansson-dev libgumbo-dev libzstd-dev libxxhash-dev libmicrohttpd-dev curl"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
        echo "apt-get install failed for:$missing" >&2; exit 1; }
else
    echo "khabar needs these Debian packages; run as root:" >&2
    echo "  apt-get install$missing" >&2
    exit 1
fi
