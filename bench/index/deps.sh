#!/bin/sh
# deps.sh — the Debian packages the index benchmark (make bench-index)
# needs: python3 with its sqlite3 module (FTS5 is compiled into Debian's
# libsqlite3), the Xapian bindings, GNU time (/usr/bin/time -v: khabar's
# peak memory), coreutils (stdbuf), and zlib and jansson headers to build
# the corpus generator (bench/index/gen.c). As root it installs what is
# missing with apt-get; otherwise it prints the apt-get line to run and
# fails.
PKGS="python3 libsqlite3-0 python3-xapian time coreutils gcc zlib1g-dev libjansson-dev"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "bench-index: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
        echo "bench-index: apt-get install failed for:$missing" >&2; exit 1; }
else
    echo "bench-index needs these Debian packages; run as root:" >&2
    echo "  apt-get install$missing" >&2
    exit 1
fi
