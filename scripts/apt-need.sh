#!/bin/sh
# apt-need.sh — installs the Debian packages that are missing, for every
# deps.sh of the project (the build's, the benchmarks', the browser
# test's). As root it runs apt-get for what dpkg does not list as
# installed; otherwise it prints the one apt-get line to run and fails.
# usage: sh scripts/apt-need.sh WHO PACKAGE...   (WHO prefixes messages)
who=$1
shift
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "$who: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
        echo "$who: apt-get install failed for:$missing" >&2; exit 1; }
else
    echo "$who needs these Debian packages; run as root:" >&2
    echo "  apt-get install$missing" >&2
    exit 1
fi
