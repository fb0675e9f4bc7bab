#!/bin/sh
# enrich.sh — `khabar clean --enrich` and `khabar analyze --enrich` end to
# end: resolved dates with reasons, counts, keywords, summary, fingerprint
# and named entities in the JSON (the seed scrape's golden entities and
# dates when $SHARED is there); --enrich refused where it has no place.
# Run by tests/run.sh with $KHABAR set.
set -u
K=${KHABAR:-build/khabar}
F=tests/fixtures/enrich
T=${TMPDIR:-/tmp}/khabar-enrich-$$
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$K" clean --enrich "$F/visit.txt" >"$T/visit.json" || fail "clean --enrich"
grep -q '"from": "2025-05-05"' "$T/visit.json" || fail "5 मई resolved"
grep -q '"from": "2025-04-22"' "$T/visit.json" || fail "22 अप्रैल resolved"
grep -q '"reason": "year the article names most (2025)"' "$T/visit.json" ||
    fail "reason recorded"
grep -q '"text": "14 लोगों"' "$T/visit.json" || fail "count"
grep -q '"keywords": \[' "$T/visit.json" || fail "keywords"
grep -q '"summary": \[' "$T/visit.json" || fail "summary"
grep -Eq '"fingerprint": "[0-9a-f]{16}"' "$T/visit.json" || fail "fingerprint"
# without --enrich the plain date list stays
"$K" clean "$F/visit.txt" | grep -q '"year_inferred"' || fail "plain dates"
"$K" clean "$F/visit.txt" | grep -q '"keywords"' && fail "keywords without --enrich"

# JSON Lines with a publication date: relative dates count from it
printf '{"id":"r1","title":"बैठक","date":"2025-05-07","text":"कल बैठक हुई थी और परसों फिर होगी. पिछले हफ्ते भी चर्चा हुई थी."}\n' >"$T/r.jsonl"
"$K" clean --enrich --format jsonl "$T/r.jsonl" >"$T/r.out" || fail "jsonl"
grep -q '"text":"कल","from":"2025-05-06"' "$T/r.out" || fail "कल past"
grep -q '"text":"परसों","from":"2025-05-09"' "$T/r.out" || fail "परसों future"
grep -q '"from":"2025-04-28","to":"2025-05-04"' "$T/r.out" || fail "last week"

# analyze: the file as one text, anchored by --published
"$K" analyze --format json --enrich --published 2025-05-07 "$T/r.jsonl" \
    >"$T/a.json" || fail "analyze --enrich"
grep -q '"fingerprint":"' "$T/a.json" || fail "analyze fingerprint"
grep -q '"from":"2025-05-06"' "$T/a.json" || fail "analyze dates"
[ "$(wc -l <"$T/a.json")" -eq 1 ] || fail "one line per file"

# named entities: mentions with canonical names and offsets, each entity
# once; the title's short name is named by the body's full one
"$K" clean --enrich --format jsonl "$F/summit.txt" >"$T/s.jsonl" ||
    fail "clean --enrich summit"
grep -q '"entities":\[{"text":"जयशंकर","type":"PERSON","canonical":"एस जयशंकर","entity":0,"where":"title","section":0,"paragraph":0,"offset":0,"end":18}' \
    "$T/s.jsonl" || fail "title mention with canonical name and offsets"
grep -q '"entity_names":\[{"name":"एस जयशंकर","type":"PERSON","mentions":3}' \
    "$T/s.jsonl" || fail "entity_names, most mentioned first"
grep -q '"name":"विदेश मंत्रालय","type":"ORGANIZATION"' "$T/s.jsonl" ||
    fail "organisation"
grep -q '"name":"जापान","type":"LOCATION"' "$T/s.jsonl" || fail "location"
"$K" analyze --format json --enrich "$F/summit.txt" >"$T/sa.json" ||
    fail "analyze --enrich summit"
grep -q '"text":"एस जयशंकर","type":"PERSON","canonical":"एस जयशंकर"' \
    "$T/sa.json" || fail "analyze entities"

# the seed scrape's golden entities and dates, when the shared data is there
SEED=${SHARED:-../shared}/seed/000_589a699176fbe262.txt
if [ -f "$SEED" ]; then
    "$K" clean --enrich --format jsonl "$SEED" >"$T/seed.jsonl" ||
        fail "clean --enrich seed"
    for e in 'व्लादिमीर पुतिन:PERSON' 'नरेंद्र मोदी:PERSON' \
        'रणधीर जायसवाल:PERSON' 'जम्मू-कश्मीर:LOCATION' 'पहलगाम:LOCATION' \
        'भारत:LOCATION' 'रूस:LOCATION' 'पाकिस्तान:LOCATION' \
        'TASS:ORGANIZATION' 'विदेश मंत्रालय:ORGANIZATION'; do
        grep -q "\"name\":\"${e%:*}\",\"type\":\"${e##*:}\"" "$T/seed.jsonl" ||
            fail "seed entity $e"
    done
    grep -q '"text":"पुतिन","type":"PERSON","canonical":"व्लादिमीर पुतिन"' \
        "$T/seed.jsonl" || fail "seed पुतिन -> व्लादिमीर पुतिन"
    grep -q '"text":"5 मई","from":"2025-05-05"' "$T/seed.jsonl" ||
        fail "seed 5 मई"
    grep -q '"text":"22 अप्रैल","from":"2025-04-22"' "$T/seed.jsonl" ||
        fail "seed 22 अप्रैल"
else
    echo "enrich.sh: skipping the seed golden test ($SEED not found)"
fi

# refused combinations
"$K" clean --enrich --format text "$F/visit.txt" >/dev/null 2>&1
[ $? -eq 2 ] || fail "clean --enrich --format text should exit 2"
"$K" analyze --enrich "$F/visit.txt" >/dev/null 2>&1
[ $? -eq 2 ] || fail "analyze --enrich without json should exit 2"
echo "enrich.sh: ok"
