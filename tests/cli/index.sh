#!/bin/sh
# index.sh — `khabar index`, `get`, `stats`, `delete`, `optimize` end to
# end: articles in every input format go in, come back out as JSON,
# replace each other by id, are deleted; a second writer is turned away;
# a damaged file is reported by name. The real news data when present.
# Run by tests/run.sh with $KHABAR and $SHARED set.
set -u
K=${KHABAR:-build/khabar}
S=${SHARED:-../shared}
F=tests/fixtures/index
T=${TMPDIR:-/tmp}/khabar-index-$$
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
docs() { "$K" stats "$1" | sed -n 's/^documents\t//p'; }

"$K" index --help | grep -q "usage: khabar index" || fail "help"
"$K" index >/dev/null 2>&1; [ $? -eq 2 ] || fail "no directory: exit 2"
"$K" index --commit-every 0 "$T/x" </dev/null >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad --commit-every: exit 2"
"$K" stats "$T/none" >/dev/null 2>"$T/err"; [ $? -eq 1 ] || fail "no index"
grep -q "not a khabar index" "$T/err" || fail "no index message"

# JSON Lines, a text scrape and an HTML page, in one run
"$K" index --verbose "$T/idx" "$F/articles.jsonl" tests/fixtures/clean/lake.txt \
    tests/fixtures/clean/lake.html >"$T/out" 2>"$T/err" || fail "index"
grep -q "10 article(s) indexed, 0 failed" "$T/err" || fail "summary"
grep -q "^commit 2 10 " "$T/out" || fail "commit line"
[ "$(docs "$T/idx")" = 10 ] || fail "10 documents"
"$K" get "$T/idx" pahalgam-1 >"$T/a.json" || fail "get"
grep -q '"title":"पहलगाम में आतंकी हमला, पर्यटकों में दहशत"' "$T/a.json" ||
    fail "get title"
grep -q '"published":"2025-04-22"' "$T/a.json" || fail "get date"
"$K" get --pretty "$T/idx" pahalgam-1 | grep -q '^  "id": "pahalgam-1"' ||
    fail "get --pretty"
"$K" get "$T/idx" nope >/dev/null 2>"$T/err"; [ $? -eq 1 ] || fail "get missing"
grep -q "no article with id 'nope'" "$T/err" || fail "get missing message"

# re-adding an id replaces the article (standard input, small commits)
printf '%s\n' '{"id":"rain-1","title":"इंदौर में धूप निकली","text":"बारिश थमी, इंदौर में आज धूप निकली।"}' \
    '{"id":"new-1","title":"नई खबर","text":"यह एक नई खबर है।"}' |
    "$K" index --quiet --commit-every 1 "$T/idx" - || fail "re-add"
[ "$(docs "$T/idx")" = 11 ] || fail "replace keeps the count"
"$K" get "$T/idx" rain-1 | grep -q "धूप निकली" || fail "replaced text"
"$K" stats "$T/idx" | grep -q "^segments	3$" || fail "three segments"

# delete: found ids go, missing ones are reported (exit 1)
"$K" delete "$T/idx" new-1 lake-1 2>"$T/err" || fail "delete"
grep -q "2 article(s) deleted" "$T/err" || fail "delete count"
[ "$(docs "$T/idx")" = 9 ] || fail "9 after delete"
"$K" get "$T/idx" new-1 >/dev/null 2>&1 && fail "deleted article served"
"$K" delete "$T/idx" new-1 >/dev/null 2>&1; [ $? -eq 1 ] || fail "delete missing"

# optimize: one segment, same answers
"$K" search "$T/idx" --json 'hamla OR बारिश' >"$T/before.json" || fail "search"
"$K" optimize "$T/idx" 2>"$T/err" || fail "optimize"
grep -q "2 segment(s) -> 1" "$T/err" || fail "optimize message (new-1's segment went with it)"
"$K" stats --json "$T/idx" | grep -q '"segments":1,' || fail "1 segment"
"$K" stats --json "$T/idx" | grep -q '"deleted":0,' || fail "deleted dropped"
"$K" search "$T/idx" --json 'hamla OR बारिश' >"$T/after.json" || fail "search 2"
grep -o '"id":"[^"]*"' "$T/before.json" | sort >"$T/b"
grep -o '"id":"[^"]*"' "$T/after.json" | sort >"$T/a"
[ -s "$T/a" ] || fail "no hits"
cmp -s "$T/a" "$T/b" || fail "optimize changed the hits"
[ "$(ls "$T/idx" | grep -c kseg)" = 1 ] || fail "old segment files removed"

# one writer at a time: a writer waiting on its input holds the lock
mkfifo "$T/fifo"
"$K" index --quiet "$T/idx" - <"$T/fifo" &
pid=$!
exec 3>"$T/fifo" # keep the fifo open: the first writer blocks on it
sleep 0.5
"$K" index --quiet "$T/idx" "$F/articles.jsonl" 2>"$T/err"
[ $? -eq 1 ] || fail "second writer should fail"
grep -q "another writer" "$T/err" || fail "lock message"
"$K" search "$T/idx" pahalgam >/dev/null || fail "readers while writing"
printf '%s\n' '{"id":"fifo-1","title":"फीफो","text":"पाइप से आई खबर।"}' >&3
exec 3>&-
wait $pid || fail "first writer"
"$K" get "$T/idx" fifo-1 >/dev/null || fail "first writer's article"

# damage: reported with the file's name, never searched
seg=$(ls "$T/idx" | grep kseg | head -n 1)
printf 'X' | dd of="$T/idx/$seg" bs=1 seek=200 conv=notrunc 2>/dev/null
"$K" search "$T/idx" pahalgam >/dev/null 2>"$T/err"
[ $? -eq 1 ] || fail "damaged index should fail"
grep -q "$seg: checksum mismatch" "$T/err" || fail "damage message"

# enrichment is stored (keywords, summary, fingerprint) unless --plain;
# `dups` groups the near-duplicates: three copies of one story (furniture
# added, a sentence dropped, sentences swapped, a typo) and two of another
"$K" index --quiet "$T/en" "$F/dups.jsonl" "$F/articles.jsonl" || fail "index en"
"$K" get "$T/en" pani-a | grep -q '"keywords":\[{"text":' || fail "get keywords"
"$K" get "$T/en" pani-a | grep -q '"summary":\[{"text":' || fail "get summary"
"$K" get "$T/en" pani-a | grep -q '"fingerprint":"[0-9a-f]\{16\}"' ||
    fail "get fingerprint"
"$K" dups "$T/en" >"$T/out" || fail "dups"
[ "$(grep -c '^group ' "$T/out")" = 2 ] || fail "dups: two groups"
sed -n 1p "$T/out" | grep -q '^group 1: 3 articles$' || fail "dups: largest first"
grep -q "^pakshi-b	[0-9a-f]\{16\}	बड़े तालाब में बढ़े प्रवासी पक्षी$" "$T/out" ||
    fail "dups: article line"
grep -q '^pahalgam' "$T/out" && fail "dups: unrelated article grouped"
"$K" dups --json "$T/en" | sed -n 2p |
    grep -q '^{"size":2,"articles":\[{"id":"pakshi-a",' || fail "dups --json"
[ -z "$("$K" dups --distance 0 "$T/en")" ] || fail "dups --distance 0"
"$K" dups --distance 65 "$T/en" >/dev/null 2>&1; [ $? -eq 2 ] ||
    fail "dups: bad distance exit 2"
"$K" dups "$T/none" >/dev/null 2>&1; [ $? -eq 1 ] || fail "dups: no index"
"$K" index --quiet --plain "$T/pl" "$F/dups.jsonl" || fail "index --plain"
"$K" get "$T/pl" pani-a | grep -q '"keywords"' && fail "--plain keeps keywords"
[ -z "$("$K" dups "$T/pl")" ] || fail "dups of a plain index"

# the real news, when present
if [ -f "$S/data/news/naidunia-indore.jsonl.gz" ]; then
    n=$(gzip -dc "$S/data/news/naidunia-indore.jsonl.gz" | wc -l)
    [ "${SANITIZED:-0}" = 1 ] && n=60
    gzip -dc "$S/data/news/naidunia-indore.jsonl.gz" | head -n "$n" |
        "$K" index --quiet --commit-every 100 "$T/news" - || fail "news"
    [ "$(docs "$T/news")" = "$n" ] || fail "all $n news articles"
    "$K" get "$T/news" naidunia-indore-1 >/dev/null || fail "news get"
else
    echo "skipping: $S/data/news not found (data-driven case)"
fi
echo "index.sh: ok"
