#!/bin/sh
# search.sh — `khabar search` end to end on the fixture articles: text and
# JSON output, romanized and respelled queries, paging, --batch with one
# JSON line per query (errors included), malformed queries with their
# position and exit status 1. Run by tests/run.sh with $KHABAR set.
set -u
K=${KHABAR:-build/khabar}
S=${SHARED:-../shared}
F=tests/fixtures/index
T=${TMPDIR:-/tmp}/khabar-search-$$
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
top() { "$K" search "$T/idx" --json "$@" | grep -o '"id":"[^"]*"' | head -n 1; }

"$K" index --quiet "$T/idx" "$F/articles.jsonl" || fail "index"
"$K" search --help | grep -q "usage: khabar search" || fail "help"
"$K" search "$T/idx" >/dev/null 2>&1; [ $? -eq 2 ] || fail "no query: 2"
"$K" search "$T/idx" a --limit x >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad limit"

# readable text: count, numbered hits, marked words (not a terminal: « »)
"$K" search "$T/idx" pahalgam hamla >"$T/out" || fail "search"
head -n 1 "$T/out" | grep -q "^3 results$" || fail "count line"
grep -q "^1\. पहलगाम में आतंकी हमला" "$T/out" || fail "first hit"
grep -q "«पहलगाम»" "$T/out" || fail "marked word"

# JSON; romanized and respelled words; fields; paging
[ "$(top 'pahalgam hamla')" = '"id":"pahalgam-1"' ] || fail "romanized"
[ "$(top 'ज़िन्दगी खेती')" = '"id":"zindagi-2"' ] || fail "respelled"
[ "$(top 'title:शहर zindagi')" = '"id":"zindagi-1"' ] || fail "field"
"$K" search "$T/idx" --json 'source:नगर' --limit 1 --offset 3 >"$T/p.json"
grep -q '"total":4,' "$T/p.json" || fail "total with paging"
[ "$(grep -o '"id"' "$T/p.json" | wc -l)" -eq 1 ] || fail "limit 1"
"$K" search "$T/idx" --json 'कोईनहीं' | grep -q '"total":0,"hits":\[\]' ||
    fail "no hits"

# malformed: the position, exit 1
"$K" search "$T/idx" 'मोदी AND' >/dev/null 2>"$T/err"
[ $? -eq 1 ] || fail "malformed exit"
grep -q "position 6: AND needs a word after it" "$T/err" || fail "position"

# batch: one JSON line per query, errors in line
printf '%s\n' 'pahalgam hamla' '"भारत रूस"' '(बारिश' 'since:2025-05 हमला' |
    "$K" search "$T/idx" --batch --limit 2 >"$T/b.jsonl"
[ $? -eq 1 ] || fail "batch with a bad query exits 1"
[ "$(wc -l <"$T/b.jsonl")" -eq 4 ] || fail "4 lines"
sed -n 1p "$T/b.jsonl" | grep -q '^{"query":"pahalgam hamla","total":3,' ||
    fail "batch line 1"
sed -n 2p "$T/b.jsonl" | grep -q '"total":1,"hits":\[{"id":"modi-1"' ||
    fail "batch phrase"
sed -n 3p "$T/b.jsonl" | grep -q '"error":"position 1: .(. is never closed"' ||
    fail "batch error"
sed -n 4p "$T/b.jsonl" | grep -q '"total":2,' || fail "batch dates"
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' \
        "$T/b.jsonl" || fail "batch output is not JSON"
fi

# near-duplicates: one hit listing its copies, unless --no-collapse
"$K" index --quiet "$T/dups" tests/fixtures/index/dups.jsonl || fail "dups index"
"$K" search "$T/dups" पाइपलाइन >"$T/out" || fail "collapsed search"
grep -q '^3 results$' "$T/out" || fail "collapse keeps the total"
[ "$(grep -c '^[0-9]*\. ' "$T/out")" = 1 ] || fail "collapsed to one hit"
grep -q '^   + 2 similar: pani-[abc] pani-[abc]$' "$T/out" || fail "similar line"
"$K" search --json "$T/dups" पाइपलाइन | grep -q '"similar":2,"similar_ids":\["pani-' ||
    fail "similar in JSON"
[ "$("$K" search --no-collapse "$T/dups" पाइपलाइन | grep -c '^[0-9]*\. ')" = 3 ] ||
    fail "--no-collapse"

# entity fields: canonical names, analysed (Devanagari and romanized)
"$K" index --quiet "$T/ent" tests/fixtures/enrich/summit.txt tests/fixtures/enrich/visit.txt \
    "$F/articles.jsonl" || fail "entity index"
n1=$("$K" search --json "$T/ent" 'person:जयशंकर' | sed -n 's/.*"total":\([0-9]*\),.*/\1/p')
n2=$("$K" search --json "$T/ent" 'person:jaishankar' | sed -n 's/.*"total":\([0-9]*\),.*/\1/p')
[ "${n1:-0}" -ge 1 ] && [ "$n1" = "$n2" ] || fail "person: $n1 / $n2"
[ "$("$K" search --json "$T/ent" 'place:जयशंकर' | sed -n 's/.*"total":\([0-9]*\),.*/\1/p')" = 0 ] ||
    fail "a person is not a place"
"$K" search --json "$T/ent" 'place:पहलगाम' | grep -q '"id":"pahalgam-1"' || fail "place:"

# the real news, when present: romanized queries find Devanagari headlines
if [ -f "$S/data/news/covid19-hindi-5papers.jsonl.gz" ] &&
    [ "${SANITIZED:-0}" != 1 ]; then
    gzip -dc "$S/data/news/covid19-hindi-5papers.jsonl.gz" |
        "$K" index --quiet "$T/news" - || fail "news index"
    n=$("$K" search "$T/news" --json 'corona lockdown' |
        sed -n 's/.*"total":\([0-9]*\),.*/\1/p')
    [ "${n:-0}" -gt 100 ] || fail "corona lockdown: $n hits"
else
    echo "skipping: news data (absent, or sanitized run)"
fi
echo "search.sh: ok"
