#!/bin/sh
# deps.sh — the Debian packages the index benchmark (make bench-index)
# needs: python3 with its sqlite3 module (FTS5 is compiled into Debian's
# libsqlite3), the Xapian bindings, GNU time (/usr/bin/time -v: khabar's
# peak memory), coreutils (stdbuf), and zlib and jansson headers to build
# the corpus generator (bench/index/gen.c). Installed as root, or the
# apt-get line printed (scripts/apt-need.sh).
exec sh "$(dirname "$0")/../../scripts/apt-need.sh" bench-index python3 libsqlite3-0 \
    python3-xapian time coreutils gcc zlib1g-dev libjansson-dev
