#!/bin/sh
# run.sh — `make bench-serve`: load test of `khabar serve` with wrk on a
# seeded 100,000-article index generated from the real sentences in
# $SHARED/data (bench/index/gen.c, as `make bench-index` makes it). For
# one-word and two-word queries (rotating over one-word.txt / two-word.txt)
# at 1, 16 and 64 connections it reports requests/s, p50 and p99 latency,
# errors and the server's CPU time per request, with facets on (what the
# web page asks for) and off. The
# goal: p99 < 20 ms at 16 connections, no errors. Traffic stays on
# 127.0.0.1. The corpus and index are kept in $BENCH_DIR (default
# ${TMPDIR:-/tmp}/khabar-bench-serve) and reused by later runs.
# env: BUILD SHARED N (100000) SEED (1) SECONDS_EACH (10) THREADS (server
# worker threads; default: one per CPU)
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
N=${N:-100000}
SEED=${SEED:-1}
SECS=${SECONDS_EACH:-10}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/khabar-bench-serve}
HERE=$(dirname "$0")
K=$BUILD/khabar
command -v wrk >/dev/null || { echo "bench-serve: needs wrk (apt-get install wrk)" >&2; exit 1; }
[ -d "$SHARED/data" ] || { echo "bench-serve: needs the shared data in $SHARED/data for the corpus" >&2; exit 1; }
mkdir -p "$DIR" "$BUILD/bench"
IDX=$DIR/idx-$N-$SEED
# an index this binary cannot open (made by a version with another segment
# format) is made again
if [ -f "$IDX/MANIFEST" ] && ! "$K" stats "$IDX" >/dev/null 2>&1; then
    echo "bench-serve: $IDX is not readable by $K (another format?): indexing again"
    rm -rf "$IDX"
fi
if [ ! -f "$IDX/MANIFEST" ]; then
    GEN=$BUILD/bench/index-gen
    if [ ! -x "$GEN" ] || [ bench/index/gen.c -nt "$GEN" ]; then
        ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 \
            -o "$GEN" bench/index/gen.c -ljansson -lz -lm
    fi
    echo "bench-serve: generating $N articles (seed $SEED)"
    "$GEN" -n "$N" -s "$SEED" --shared "$SHARED" -o "$DIR/corpus.jsonl"
    echo "bench-serve: indexing"
    rm -rf "$IDX.tmp"
    "$K" index "$IDX.tmp" --quiet "$DIR/corpus.jsonl"
    mv "$IDX.tmp" "$IDX"
    rm -f "$DIR/corpus.jsonl"
fi
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -f "$DIR/out"' EXIT INT TERM
"$K" serve "$IDX" --read-only --port 0 --quiet ${THREADS:+--threads "$THREADS"} >"$DIR/out" 2>&1 &
pid=$!
i=0
while ! grep -q 'http://' "$DIR/out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 300 ] && { cat "$DIR/out"; exit 1; }
    sleep 0.1
done
URL=$(sed -n 's|.*\(http://[^/]*\)/.*|\1|p' "$DIR/out" | head -n 1)
docs=$(curl -s "$URL/api/stats" | sed -n 's/.*"documents":\([0-9]*\).*/\1/p')
echo "bench-serve: $docs articles, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -t1 ${SECS}s per row"
# warm the page cache and the server
for f in one-word two-word; do
    while read -r q; do curl -s -o /dev/null -G --data-urlencode "q=$q" "$URL/api/search"; done <"$HERE/$f.txt"
done
# the server's CPU time (user + system, /proc/PID/stat) per request: what a
# request costs, much steadier than latency on a shared machine
TICK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
printf '%-9s %-7s %5s %10s %9s %9s %8s %11s\n' queries facets conns "req/s" "p50 ms" "p99 ms" errors "cpu ms/req"
for facets in on off; do
    extra=""; [ $facets = off ] && extra="&facets=0"
    for f in one-word two-word; do
        for c in 1 16 64; do
            t0=$(cpu_ticks)
            line=$(wrk -t1 -c$c -d${SECS}s --timeout 10s -s "$HERE/queries.lua" "$URL" -- "$HERE/$f.txt" "$extra" | grep '^RESULT')
            t1=$(cpu_ticks)
            v() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
            cpu=$(awk -v d=$((t1 - t0)) -v n="$(v requests)" -v hz="$TICK" 'BEGIN { printf "%.2f", n ? d * 1000 / hz / n : 0 }')
            printf '%-9s %-7s %5s %10s %9s %9s %8s %11s\n' "$f" "$facets" "$c" "$(v rps)" "$(v p50)" "$(v p99)" "$(( $(v errors) + 0 ))" "$cpu"
        done
    done
done
