#!/bin/sh
# demo.sh — shows khabar on articles written for the project (examples/):
# a short look at cleaning and analysis, then the sample articles (text
# scrapes with page furniture, HTML pages, JSON Lines) are indexed and
# served: the web page and the API on http://127.0.0.1:PORT/ until Ctrl-C.
# usage: sh scripts/demo.sh [KHABAR]   (env: PORT, default 8080)
K=${1:-build/khabar}
EX=examples/indore-rain.txt
IDX=${DEMO_INDEX:-build/demo-index}
PORT=${PORT:-8080}
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "A scrape with page furniture (examples/indore-rain.txt) ..."
cat "$EX"
say "... cleaned (khabar clean --format text): furniture out, structure in"
$K clean --format text "$EX"

say "Spelling variants meet in the normalized form, romanized typing in the phonetic key"
printf 'प्रधानमन्त्री प्रधानमंत्री ज़िंदगी जिंदगी pahalgam पहलगाम modee मोदी\n' |
    $K analyze --format conllu | awk -F'\t' '$1 ~ /^[0-9]+$/ {n = split($10, m, "|"); k = ""; for (i = 1; i <= n; i++) if (m[i] ~ /^Key=/) k = m[i]; print "  " $2 "\t-> " m[1] "  " k}'

say "Indexing the sample articles (examples/news/: text, HTML, JSON Lines)"
rm -rf "$IDX"
$K index "$IDX" "$EX" examples/news/* || exit 1

say "Serving $IDX"
log=$(mktemp)
start() {
    $K serve "$IDX" --port "$1" >"$log" 2>&1 &
    pid=$!
    i=0
    while ! grep -q 'http://' "$log" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || return 1
        i=$((i + 1)); [ $i -gt 100 ] && return 1
        sleep 0.1
    done
}
if ! start "$PORT"; then
    echo "port $PORT is taken; using a free one"
    start 0 || { cat "$log"; rm -f "$log"; exit 1; }
fi
url=$(sed -n 's|.*\(http://[^ ]*/\).*|\1|p' "$log" | head -n 1)
cat <<EOF

  Open $url in a browser. Three searches to try:

    ${url}?q=पहलगाम                     in Devanagari
    ${url}?q=pahalgam+hamla             romanized: read as पहलगाम हमला
    ${url}?q=बारिश&since=2025-07-01     rain, since July 2025

  The API answers JSON, e.g.
    curl '${url}api/search?q=modi&limit=3'
    curl '${url}api/articles/kh-0006'
    curl '${url}api/stats'

  Ctrl-C stops the server.

EOF
trap 'kill -TERM "$pid" 2>/dev/null' INT TERM
tail -n +2 -f "$log" &
tpid=$!
wait "$pid"
wait "$pid" 2>/dev/null
kill "$tpid" 2>/dev/null
rm -f "$log"
echo "demo: server stopped"
