#!/bin/sh
# deps.sh — the Debian packages `make bench-serve` needs besides
# scripts/deps.sh: wrk (the load generator) and curl. Installed as root, or
# the apt-get line printed (scripts/apt-need.sh).
exec sh "$(dirname "$0")/../../scripts/apt-need.sh" bench-serve wrk curl
