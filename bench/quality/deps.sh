#!/bin/sh
# deps.sh — the Debian packages the quality benchmark (make bench-quality)
# needs: python3 with its sqlite3 module (FTS5 is compiled into Debian's
# libsqlite3), PostgreSQL 15 (initdb, pg_ctl and the snowball dictionaries),
# psycopg2 to talk to it, and the Xapian bindings. As root it installs what is
# missing with apt-get; otherwise it prints the apt-get line to run and fails.
PKGS="python3 libsqlite3-0 postgresql-15 python3-psycopg2 python3-xapian"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "bench-quality: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
        echo "bench-quality: apt-get install failed for:$missing" >&2; exit 1; }
else
    echo "bench-quality needs these Debian packages; run as root:" >&2
    echo "  apt-get install$missing" >&2
    exit 1
fi
