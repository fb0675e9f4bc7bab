#!/bin/sh
# deps.sh — the Debian packages the quality benchmark (make bench-quality)
# needs: python3 with its sqlite3 module (FTS5 is compiled into Debian's
# libsqlite3), PostgreSQL 15 (initdb, pg_ctl and the snowball dictionaries),
# psycopg2 to talk to it, and the Xapian bindings. Installed as root, or the
# apt-get line printed (scripts/apt-need.sh).
exec sh "$(dirname "$0")/../../scripts/apt-need.sh" bench-quality python3 libsqlite3-0 \
    postgresql-15 python3-psycopg2 python3-xapian
