#!/bin/sh
# clean.sh — `khabar clean` end to end: formats in and out, errors as
# FILE:LINE: reason with the record skipped and counted, exit statuses,
# --strict and --repair; then the shared seed and news data when present.
# Run by tests/run.sh with $KHABAR and $SHARED set.
set -u
K=${KHABAR:-build/khabar}
S=${SHARED:-../shared}
F=tests/fixtures/clean
T=${TMPDIR:-/tmp}/khabar-clean-$$
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$K" clean --help | grep -q "usage: khabar clean" || fail "help"
"$K" clean --format xml "$F/lake.txt" >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad usage should exit 2"

# a text scrape
"$K" clean "$F/lake.txt" >"$T/lake.json" || fail "lake.txt"
grep -q '"kicker": "City Lake Cleanup"' "$T/lake.json" || fail "kicker"
grep -q '"reason": "copyright"' "$T/lake.json" || fail "copyright removed"
"$K" clean --format text "$F/lake.txt" >"$T/lake.txt" || fail "text output"
grep -q "फॉलो" "$T/lake.txt" && fail "furniture in text output"
grep -q "^## लोगों की राय" "$T/lake.txt" || fail "heading in text output"

# the finer cuts: a dateline's date listed, a Devanagari kicker, another
# story's headline removed
"$K" clean "$F/gaps.txt" >"$T/gaps.json" || fail "gaps.txt"
grep -q '"where": "dateline"' "$T/gaps.json" || fail "dateline date"
grep -q '"kicker": "जल योजना"' "$T/gaps.json" || fail "Devanagari kicker"
grep -q '"reason": "related_link"' "$T/gaps.json" || fail "related headline"

# standard input, JSON Lines out
"$K" clean --format jsonl <"$F/lake.txt" >"$T/stdin.jsonl" || fail "stdin"
[ "$(wc -l <"$T/stdin.jsonl")" -eq 1 ] || fail "one line per article"

# several inputs: a JSON array
"$K" clean "$F/lake.txt" "$F/lake.html" >"$T/two.json" || fail "two files"
head -c 1 "$T/two.json" | grep -q '\[' || fail "array for several"
grep -q '"canonical_url": "https://example.com/shahar/jheel-kamal"' \
    "$T/two.json" || fail "html metadata"

# JSON Lines with bad records: reported, skipped, counted; exit 1
"$K" clean --format jsonl "$F/records.jsonl" >"$T/rec.jsonl" 2>"$T/rec.err"
[ $? -eq 1 ] || fail "bad records should exit 1"
[ "$(wc -l <"$T/rec.jsonl")" -eq 2 ] || fail "good records written"
for n in 2 5 6; do
    grep -q "^$F/records.jsonl:$n: " "$T/rec.err" || fail "error for line $n"
done
grep -q "3 record(s) failed, 2 cleaned" "$T/rec.err" || fail "count"
grep -q '"extra":{"reporter":"सीमा"' "$T/rec.jsonl" || fail "extra fields"

# --strict stops at the first failure
"$K" clean --strict --format jsonl "$F/records.jsonl" >"$T/strict.jsonl" \
    2>/dev/null
[ $? -eq 1 ] || fail "strict exit"
[ "$(wc -l <"$T/strict.jsonl")" -eq 1 ] || fail "strict stops"

# invalid UTF-8: FILE:LINE, exit 1; --repair goes on
"$K" clean "$F/bad_utf8.txt" >/dev/null 2>"$T/utf8.err"
[ $? -eq 1 ] || fail "utf8 exit"
grep -q "^$F/bad_utf8.txt:2: invalid UTF-8" "$T/utf8.err" || fail "utf8 msg"
"$K" clean --repair "$F/bad_utf8.txt" >/dev/null 2>&1 || fail "repair"

# a page without an article: reported, not a crash
"$K" clean "$F/empty.html" >/dev/null 2>"$T/empty.err"
[ $? -eq 1 ] || fail "empty page exit"
grep -q "no article" "$T/empty.err" || fail "empty page message"

# a missing file fails its record, the others go on
"$K" clean --format jsonl "$T/none.txt" "$F/lake.txt" >"$T/m.jsonl" 2>/dev/null
[ $? -eq 1 ] || fail "missing file exit"
[ "$(wc -l <"$T/m.jsonl")" -eq 1 ] || fail "others go on"

# the seed scrape, when the shared data is here
if [ -f "$S/seed/000_589a699176fbe262.txt" ]; then
    "$K" clean "$S/seed/000_589a699176fbe262.txt" >"$T/seed.json" ||
        fail "seed"
    grep -q '"kicker": "Vladimir Putin Talk to PM Modi"' "$T/seed.json" ||
        fail "seed kicker"
    grep -q '"iso": "2025-05-05"' "$T/seed.json" || fail "seed date"
else
    echo "skipping: $S/seed not found (data-driven case)"
fi

# a record whose text is only its headline (here written twice) is a short
# article, and a record with nothing left fails alone: the reader goes on
printf '%s\n' '{"id":"h1","text":"नगर निगम ने नई बसें शुरू कीं\nनगर निगम ने नई बसें शुरू कीं"}' \
    '{"id":"h2","text":"शेयर करें:"}' \
    '{"id":"h3","title":"बारिश","text":"शहर में दिन भर बारिश हुई और सड़कों पर पानी भर गया।"}' >"$T/short.jsonl"
"$K" clean --format jsonl "$T/short.jsonl" >"$T/short.out" 2>"$T/short.err"
[ $? -eq 1 ] || fail "short records: exit status"
[ "$(wc -l <"$T/short.out")" -eq 2 ] || fail "short records: $(wc -l <"$T/short.out") cleaned"
grep -q '"id":"h1","title":"नगर निगम ने नई बसें शुरू कीं"' "$T/short.out" || fail "headline-only record"
grep -q '"id":"h3"' "$T/short.out" || fail "record after a failed one"
grep -q "short.jsonl:2: " "$T/short.err" || fail "failed record message"

# every real news record is cleaned without failure
if [ -d "$S/data/news" ]; then
    for f in "$S"/data/news/*.jsonl.gz; do
        n=$(gzip -dc "$f" | wc -l)
        m=$(gzip -dc "$f" | "$K" clean --format jsonl | wc -l)
        [ "$n" -eq "$m" ] || fail "$f: $m of $n records cleaned"
    done
else
    echo "skipping: $S/data/news not found (data-driven case)"
fi
echo "clean.sh: all passed"
