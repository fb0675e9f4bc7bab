#!/bin/sh
# serve.sh — `khabar serve` against a real server on a free loopback port:
# every endpoint, JSON errors and their status codes, the write token
# (401), body and header limits, path traversal, searches answered during
# a write, articles searchable as soon as a POST is answered, and a clean
# stop on SIGTERM. Uses curl and python3. Run by tests/run.sh with $KHABAR.
set -u
K=${KHABAR:-build/khabar}
T=${TMPDIR:-/tmp}/khabar-serve-$$
mkdir -p "$T"
pid=
spid=
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
cleanup() {
    [ -n "$spid" ] && kill "$spid" 2>/dev/null
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    [ -f "$T/log" ] && tail -n 20 "$T/log"
    exit 1
}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }

# start SERVER-ARGS...: starts khabar serve on a free port, sets $U
start() {
    # no stale address: the redirection below empties the file only once
    # the new process runs, and the loop could read the last server's line
    rm -f "$T/out"
    "$K" serve "$@" --port 0 >"$T/out" 2>"$T/log" &
    pid=$!
    i=0
    while ! grep -q 'http://' "$T/out" 2>/dev/null; do
        i=$((i + 1))
        [ $i -gt 300 ] && fail "server did not start: $(cat "$T/log")"
        kill -0 "$pid" 2>/dev/null || fail "server exited: $(cat "$T/log")"
        sleep 0.1
    done
    U=$(sed -n 's|.*\(http://[^/]*\)/.*|\1|p' "$T/out" | head -n 1)
}
stop() {
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    pid=
    [ $rc -eq 0 ] || fail "SIGTERM: exit status $rc"
}
# code METHOD PATH [curl args...]: prints the status, body into $T/body
code() {
    m=$1
    p=$2
    shift 2
    curl -s --path-as-is -o "$T/body" -w '%{http_code}' -X "$m" "$@" "$U$p"
}
# js EXPR: evaluates a Python expression over the JSON body as `d`
js() { $PY -c "import json,sys; d=json.load(open('$T/body')); print(($1))"; }
expect() { # STATUS METHOD PATH [curl args...]
    want=$1
    shift
    got=$(code "$@")
    [ "$got" = "$want" ] || fail "$1 $2: status $got, want $want: $(head -c 300 "$T/body")"
}
is_error() { # the body is a JSON error with this status
    [ "$(js 'd["error"]["status"]')" = "$1" ] || fail "error body: $(cat "$T/body")"
}

"$K" serve --help | grep -q "usage: khabar serve" || fail "help"
"$K" serve >/dev/null 2>&1; [ $? -eq 2 ] || fail "no index: 2"
"$K" serve "$T/x" --port 99999 >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad port: 2"
"$K" index --quiet "$T/idx" examples/indore-rain.txt examples/news/* || fail "index"
printf 's3cret-token\n' >"$T/token"
start "$T/idx" --write-token "$T/token" --max-body 1000000

# health, stats, the page
expect 200 GET /healthz
[ "$(js 'd["status"]')" = ok ] || fail "healthz body"
expect 200 GET /api/stats
[ "$(js 'd["documents"]')" = 34 ] || fail "stats documents: $(cat "$T/body")"
expect 200 GET /
grep -q '/static/app.js' "$T/body" || fail "page"
curl -sI "$U/" | grep -qi '^content-security-policy:' || fail "CSP header"
expect 200 GET /article/kh-0001
grep -q '<main' "$T/body" || fail "article route serves the page"
expect 200 GET /static/app.js
curl -sI "$U/static/app.css" | grep -qi '^content-type: text/css' || fail "css type"
expect 200 HEAD /

# search: hits, facets, interpretation, timing
expect 200 GET '/api/search?q=%E0%A4%AA%E0%A4%B9%E0%A4%B2%E0%A4%97%E0%A4%BE%E0%A4%AE'
[ "$(js 'd["total"] >= 5')" = True ] || fail "पहलगाम total: $(cat "$T/body")"
[ "$(js 'sorted(d["hits"][0])')" = "['date', 'id', 'score', 'snippet', 'source', 'title']" ] ||
    fail "hit fields: $(js 'sorted(d["hits"][0])')"
[ "$(js '"<mark>" in d["hits"][0]["snippet"]')" = True ] || fail "marked snippet"
[ "$(js 'isinstance(d["took_ms"], float)')" = True ] || fail "took_ms"
[ "$(js 'sum(f["count"] for f in d["facets"]["days"]) <= d["total"] and len(d["facets"]["days"]) > 2')" = True ] ||
    fail "days facet"
[ "$(js '"ख़बर डेस्क" in [f["value"] for f in d["facets"]["sources"]]')" = True ] || fail "source facet"
expect 200 GET '/api/search?q=pahalgam+hamla'
[ "$(js '[(r["word"], r["as"]) for r in d["interpreted"]][0]')" = "('pahalgam', 'पहलगाम')" ] ||
    fail "interpreted: $(js 'd["interpreted"]')"
[ "$(js 'd["hits"][0]["title"]')" != "" ] || fail "romanized hits"
expect 200 GET '/api/search?q=barish&limit=2&offset=1'
[ "$(js 'len(d["hits"]), d["offset"], d["limit"]')" = "(2, 1, 2)" ] || fail "paging"
# filters: source, dates; facets=0
expect 200 GET '/api/search?q=pahalgam&source=%E0%A4%96%E0%A4%BC%E0%A4%AC%E0%A4%B0+%E0%A4%A1%E0%A5%87%E0%A4%B8%E0%A5%8D%E0%A4%95'
[ "$(js 'd["total"] > 0 and all(h["source"] == "ख़बर डेस्क" for h in d["hits"])')" = True ] ||
    fail "source filter: $(cat "$T/body")"
expect 200 GET '/api/search?q=barish&since=2025-07-01&until=2025-07-31'
[ "$(js 'd["total"] > 0 and all("2025-07-01" <= h["date"][:10] <= "2025-07-31" for h in d["hits"])')" = True ] ||
    fail "date filter: $(cat "$T/body")"
expect 200 GET '/api/search?since=2025-08-01'
[ "$(js 'd["total"] > 0')" = True ] || fail "dates alone"
expect 200 GET '/api/search?q=barish&facets=0'
[ "$(js '"facets" in d')" = False ] || fail "facets=0"

# search errors: JSON, 400, the position of a malformed query
expect 400 GET '/api/search?q='
is_error 400
expect 400 GET '/api/search?q=a&limit=0'
expect 400 GET '/api/search?q=a&limit=101'
expect 400 GET '/api/search?q=a&limit=x'
expect 400 GET '/api/search?q=a&offset=-1'
expect 400 GET '/api/search?q=a&since=2025-02-30'
expect 400 GET '/api/search?q=a&until=yesterday'
expect 400 GET '/api/search?q=%22unclosed&since=2025-01-01'
[ "$(js '"position 1" in d["error"]["message"]')" = True ] || fail "position: $(cat "$T/body")"
expect 400 GET '/api/search?q=%FF%FE'
expect 405 POST /api/search
curl -sI -X PUT "$U/api/search" | grep -qi '^allow: GET' || fail "Allow header"
expect 404 GET /api/nothing
is_error 404
expect 404 GET /nothing.html

# articles
expect 200 GET /api/articles/kh-0001
[ "$(js 'd["title"]')" = "पहलगाम में पर्यटकों की वापसी, होटलों में फिर रौनक" ] || fail "get"
[ "$(js 'd["source"], d["published"][:10]')" = "('ख़बर डेस्क', '2025-06-02')" ] || fail "get fields"
expect 404 GET /api/articles/no-such-id
is_error 404
expect 400 GET /api/articles/%01x

# no path traversal: ids are keys, files are compiled in
for p in /static/../../../../etc/passwd /../../etc/passwd /%2e%2e/%2e%2e/etc/passwd \
    /static/%2e%2e%2f%2e%2e%2fetc%2fpasswd /api/articles/../../../etc/passwd \
    /api/articles/..%2f..%2fMANIFEST /static/../../MANIFEST; do
    c=$(code GET "$p")
    case $c in 400 | 404) ;; *) fail "traversal $p: $c" ;; esac
    grep -q 'root:' "$T/body" && fail "traversal $p leaked /etc/passwd"
    grep -q 'KHABAR\|generation' "$T/body" && fail "traversal $p leaked the index"
done

# writes need the token
cat >"$T/new.jsonl" <<'EOF'
{"id":"t-1","title":"ज़ुबिनगढ़ में अनोखा पतंग उत्सव","text":"ज़ुबिनगढ़ में रविवार को पतंग उत्सव हुआ। सैकड़ों लोग छतों पर जमा हुए।","date":"2025-09-01","source":"परीक्षण पत्र"}

{"id":"t-2","title":"दूसरी ख़बर","text":"ज़ुबिनगढ़ के बाज़ार में मेला लगा।","date":"2025-09-02"}
{"id":"t-3", "title": broken json
{"id":"t-4","title":"बिना पाठ"}
EOF
expect 401 POST /api/articles --data-binary @"$T/new.jsonl"
is_error 401
expect 401 POST /api/articles -H 'Authorization: Bearer wrong' --data-binary @"$T/new.jsonl"
expect 401 POST /api/articles -H 'Authorization: Bearer s3cret-token-and-more' --data-binary @"$T/new.jsonl"
expect 401 DELETE /api/articles/kh-0002
AUTH='Authorization: Bearer s3cret-token'
expect 200 POST /api/articles -H "$AUTH" --data-binary @"$T/new.jsonl"
[ "$(js 'd["indexed"], d["failed"], [e["line"] for e in d["errors"]]')" = "(2, 2, [4, 5])" ] ||
    fail "post counts: $(cat "$T/body")"
[ "$(js 'd["documents"]')" = 36 ] || fail "documents after post"
# searchable as soon as the answer came
expect 200 GET '/api/search?q=%E0%A4%9C%E0%A4%BC%E0%A5%81%E0%A4%AC%E0%A4%BF%E0%A4%A8%E0%A4%97%E0%A4%A2%E0%A4%BC'
[ "$(js 'd["total"]')" = 2 ] || fail "new articles searchable: $(cat "$T/body")"
expect 200 GET /api/articles/t-1
printf '\n  \n' >"$T/blank.jsonl"
expect 400 POST /api/articles -H "$AUTH" --data-binary @"$T/blank.jsonl"
expect 400 POST /api/articles -H "$AUTH" --data-binary 'not json'
[ "$(js 'd["failed"]')" = 1 ] || fail "all-bad body"
# snippets are HTML-safe: markup in an article is text
printf '%s\n' '{"id":"t-5","title":"<b>x</b>","text":"क़िलाबंदी <script>alert(1)</script> & \"quotes\""}' >"$T/markup.jsonl"
expect 200 POST /api/articles -H "$AUTH" --data-binary @"$T/markup.jsonl"
expect 200 GET '/api/search?q=%E0%A4%95%E0%A4%BC%E0%A4%BF%E0%A4%B2%E0%A4%BE%E0%A4%AC%E0%A4%82%E0%A4%A6%E0%A5%80'
[ "$(js '"&lt;script&gt;" in d["hits"][0]["snippet"] and "<script" not in d["hits"][0]["snippet"]')" = True ] ||
    fail "snippet escaping: $(cat "$T/body")"
expect 200 DELETE /api/articles/t-5 -H "$AUTH"
expect 405 GET /api/articles
expect 405 PUT /api/articles/t-1 -H "$AUTH"
# delete
expect 200 DELETE /api/articles/t-2 -H "$AUTH"
[ "$(js 'd["deleted"]')" = t-2 ] || fail "delete body"
expect 404 GET /api/articles/t-2
expect 404 DELETE /api/articles/t-2 -H "$AUTH"
# enrichment: POSTed articles are enriched; near-duplicates fold into one
# hit ("similar") unless collapse=0; the article carries keywords, summary
expect 200 POST /api/articles -H "$AUTH" --data-binary @tests/fixtures/index/dups.jsonl
[ "$(js 'd["indexed"]')" = 5 ] || fail "post dups: $(cat "$T/body")"
expect 200 GET '/api/search?q=%E0%A4%AA%E0%A4%95%E0%A5%8D%E0%A4%B7%E0%A5%80'
[ "$(js 'len(d["hits"]), d["hits"][0]["similar"], len(d["hits"][0]["similar_ids"]), d["hits"][0]["similar_titles"][0].startswith("बड़े तालाब")')" = "(1, 1, 1, True)" ] ||
    fail "collapsed hits: $(cat "$T/body")"
expect 200 GET '/api/search?q=%E0%A4%AA%E0%A4%95%E0%A5%8D%E0%A4%B7%E0%A5%80&collapse=0'
[ "$(js 'len(d["hits"]), "similar" in d["hits"][0]')" = "(2, False)" ] ||
    fail "collapse=0: $(cat "$T/body")"
expect 200 GET /api/articles/pani-a
[ "$(js 'len(d["keywords"]) > 0 and len(d["summary"]) > 0 and len(d["fingerprint"]) == 16')" = True ] ||
    fail "article enrichment: $(head -c 300 "$T/body")"
# entities: facets of the best matches, person= filter, person: field
expect 200 GET '/api/search?q=pahalgam'
[ "$(js '"पहलगाम" in [f["value"] for f in d["facets"]["places"]] and "persons" in d["facets"] and "orgs" in d["facets"]')" = True ] ||
    fail "entity facets: $(js 'd["facets"]')"
expect 200 GET '/api/search?place=%E0%A4%AA%E0%A4%B9%E0%A4%B2%E0%A4%97%E0%A4%BE%E0%A4%AE'
[ "$(js 'd["total"] > 0')" = True ] || fail "place= filter: $(cat "$T/body")"
expect 200 GET '/api/search?q=place:pahalgam'
[ "$(js 'd["total"] > 0')" = True ] || fail "place: romanized"
for i in pani-a pani-b pani-c pakshi-a pakshi-b; do
    expect 200 DELETE /api/articles/$i -H "$AUTH"
done

# limits: body (--max-body 1000000), header size
$PY -c "
import json
print('\n'.join(json.dumps({'id': 'big-%d' % i, 'title': 'बड़ा', 'text': 'पाठ ' * 800}) for i in range(300)))" >"$T/big.jsonl"
c=$(code POST /api/articles -H "$AUTH" --data-binary @"$T/big.jsonl")
[ "$c" = 413 ] || fail "body limit: $c"
big=$($PY -c "print('x' * 100000)")
c=$(code GET /healthz -H "X-Big: $big")
case $c in 413 | 431) ;; *) fail "header limit: $c" ;; esac
expect 200 GET /healthz

# searches keep being answered while a write commits
$PY -c "
import json
print('\n'.join(json.dumps({'id': 'bulk-%d' % i, 'title': 'थोक ख़बर %d' % i,
      'text': 'यह थोक परीक्षण की ख़बर है जिसमें बारिश और पहलगाम दोनों हैं। ' * 8,
      'date': '2025-10-%02d' % (1 + i % 28), 'source': 'थोक'}, ensure_ascii=False) for i in range(250)))" >"$T/bulk.jsonl"
(
    n=0
    while [ ! -f "$T/posted" ] || [ $n -lt 5 ]; do
        c=$(curl -s -o "$T/s.json" -w '%{http_code}' "$U/api/search?q=barish")
        echo "$c $($PY -c "import json; print(json.load(open('$T/s.json'))['total'])")"
        n=$((n + 1))
    done
) >"$T/during" &
spid=$!
expect 200 POST /api/articles -H "$AUTH" --data-binary @"$T/bulk.jsonl"
[ "$(js 'd["indexed"]')" = 250 ] || fail "bulk post: $(cat "$T/body")"
touch "$T/posted"
wait $spid
spid=
grep -qv '^200 ' "$T/during" && fail "a search failed during the write: $(grep -v '^200 ' "$T/during" | head -n 3)"
[ "$(wc -l <"$T/during")" -ge 5 ] || fail "searches during the write"
# every answer saw a whole snapshot: before (no bulk) or after (all 250)
before=$(head -n 1 "$T/during" | cut -d' ' -f2)
expect 200 GET '/api/search?q=barish'
after=$(js 'd["total"]')
bad=$(awk -v a="$before" -v b="$after" '$2 != a && $2 != b' "$T/during" | head -n 1)
[ -z "$bad" ] || fail "a search saw a half commit: $bad (before $before, after $after)"
[ "$after" -ge $((before + 250)) ] || [ "$before" -ge 250 ] || fail "bulk visible: $before -> $after"

stop

# read-only: writes are refused, searches work
start "$T/idx" --read-only
expect 403 POST /api/articles --data-binary @"$T/new.jsonl"
expect 200 GET '/api/search?q=pahalgam'
stop

# no token configured: writes are open
start "$T/idx"
expect 200 DELETE /api/articles/t-1
stop
echo "serve: all passed"
