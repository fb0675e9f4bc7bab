#!/bin/sh
# deps.sh — the Debian packages `make bench-serve` needs besides
# scripts/deps.sh: wrk (the load generator) and curl.
missing=""
for p in wrk curl; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
[ "$(id -u)" = 0 ] || { echo "bench-serve needs, as root: apt-get install$missing" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null
