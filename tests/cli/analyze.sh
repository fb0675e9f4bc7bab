#!/bin/sh
# analyze.sh — tests of `khabar analyze` as a user runs it: formats, the
# fixture article's exact sentences, CoNLL-U well-formedness, the seed's 26
# sentences (when the shared data is present), and bad input: invalid UTF-8,
# NUL bytes, empty, missing and binary files, a 100 MB line.
# Needs $KHABAR (the binary); $SHARED is optional.
set -u
K=${KHABAR:?set KHABAR}
FIX=tests/fixtures/analyze
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { # name, command...
    name=$1; shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}

# --- help ---
$K help | grep -q analyze && ok "help lists analyze" || bad "help lists analyze"
$K analyze --help | grep -q -- "--format" && ok "analyze --help" || bad "analyze --help"
$K analyze --format nope "$FIX/news.txt" >/dev/null 2>&1
[ $? -eq 2 ] && ok "bad format is usage error" || bad "bad format is usage error"

# --- the fixture's sentences, exactly ---
$K analyze --format conllu "$FIX/news.txt" > "$T/news.conllu" || bad "conllu exit"
sed -n 's/^# text = //p' "$T/news.conllu" > "$T/sents.txt"
if cmp -s "$T/sents.txt" "$FIX/expected_sentences.txt"; then ok "fixture sentences"
else bad "fixture sentences"; diff "$FIX/expected_sentences.txt" "$T/sents.txt" | head -20; fi

# --- CoNLL-U is well formed: 10 columns, ids 1..n, FORMs rebuild the text ---
python3 - "$T/news.conllu" "$FIX/news.txt" <<'EOF' && ok "conllu well formed" || bad "conllu well formed"
import sys, re
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
raw = open(sys.argv[2], encoding="utf-8").read()
forms, expect_id, newpars, sents = [], 1, 0, 0
for l in lines:
    if l.startswith("# newpar"): newpars += 1
    if l.startswith("# sent_id"): sents += 1
    if not l or l.startswith("#"):
        if not l: expect_id = 1
        continue
    c = l.split("\t")
    assert len(c) == 10, l
    assert c[0] == str(expect_id), l
    expect_id += 1
    assert c[1] and " " not in c[1], l
    misc = dict(kv.split("=", 1) for kv in c[9].split("|") if kv != "_")
    if "Norm" in misc: assert misc["Norm"]
    forms.append(c[1])
assert "".join(forms) == re.sub(r"\s", "", raw), "FORMs do not rebuild the text"
assert newpars == 5, newpars
assert sents == 13, sents
EOF
grep -q "	प्रधानमंत्री	\|Norm=ज्यादा" "$T/news.conllu" && ok "norm folds nukta" || bad "norm folds nukta"
grep -q "^[0-9]*	अस्त	" "$T/news.conllu" && grep -q "^[0-9]*	-	-	" "$T/news.conllu" \
    && ok "compound parts in conllu" || bad "compound parts in conllu"

# --- JSON is valid and carries the token fields ---
$K analyze --format json "$FIX/news.txt" > "$T/news.json" || bad "json exit"
python3 - "$T/news.json" <<'EOF' && ok "json valid" || bad "json valid"
import sys, json
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    assert len(d["sentences"]) == 13
    t = d["sentences"][0]["tokens"][0]
    for k in ("text", "start", "end", "type", "script", "norm", "stem", "roman", "key"):
        assert k in t, k
    assert t["text"] == "इंदौर" and t["script"] == "devanagari" and t["type"] == "word"
    raw = open("tests/fixtures/analyze/news.txt", "rb").read()
    for s in d["sentences"]:
        for t in s["tokens"]:
            assert raw[t["start"]:t["end"]].decode() == t["text"]
EOF

# --- count ---
$K analyze --format count "$FIX/news.txt" > "$T/count" || bad "count exit"
grep -q "^sentences	13$" "$T/count" && ok "count sentences" || bad "count sentences"
$K analyze --format count --stems "$FIX/news.txt" | grep -q "^tokens	" && ok "count --stems" || bad "count --stems"
# stdin and '-'
$K analyze --format count < "$FIX/news.txt" | cmp -s - "$T/count" && ok "stdin" || bad "stdin"

# --- wrapped ---
printf 'यह एक लंबा\nवाक्य है।\n' > "$T/wrapped.txt"
[ "$($K analyze --format count --wrapped "$T/wrapped.txt" | sed -n 's/^sentences	//p')" = 1 ] \
    && ok "--wrapped" || bad "--wrapped"

# --- the seed: 26 sentences ---
SEED=${SHARED:-../shared}/seed/000_589a699176fbe262.txt
if [ -f "$SEED" ]; then
    [ "$($K analyze --format count "$SEED" | sed -n 's/^sentences	//p')" = 26 ] \
        && ok "seed has 26 sentences" || bad "seed has 26 sentences"
else
    echo "skip seed: $SEED not found"
fi

# --- bad input ---
printf 'पहली पंक्ति\nदूसरी \377 पंक्ति\n' > "$T/bad.txt"
$K analyze --format count "$T/bad.txt" > /dev/null 2> "$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "bad.txt:2:17: invalid UTF-8 byte 0xFF" "$T/err" \
    && ok "invalid UTF-8 names file:line:column" || { bad "invalid UTF-8 message (rc $rc)"; cat "$T/err"; }
$K analyze --format count --repair "$T/bad.txt" > "$T/out" 2> "$T/err"; rc=$?
[ $rc -eq 0 ] && grep -q "replaced 1 invalid byte" "$T/err" && grep -q "^sentences	2$" "$T/out" \
    && ok "--repair" || bad "--repair (rc $rc)"
printf 'एक\000दो\n' > "$T/nul.txt"
$K analyze "$T/nul.txt" > /dev/null 2> "$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "nul.txt:1:7: NUL byte" "$T/err" && ok "NUL byte" || { bad "NUL byte (rc $rc)"; cat "$T/err"; }
: > "$T/empty.txt"
$K analyze "$T/empty.txt" > "$T/out" 2> "$T/err"; rc=$?
[ $rc -eq 0 ] && grep -q "empty input" "$T/err" && ok "empty file" || bad "empty file (rc $rc)"
$K analyze --format count "$T/missing.txt" "$FIX/news.txt" > "$T/out" 2> "$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "missing.txt: No such file" "$T/err" && grep -q "^sentences	13$" "$T/out" \
    && ok "missing file reported, others processed" || bad "missing file (rc $rc)"
head -c 200000 "$K" > "$T/binary"
$K analyze "$T/binary" > /dev/null 2> "$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "binary" "$T/err" && ok "binary file" || { bad "binary file (rc $rc)"; head -3 "$T/err"; }
$K analyze "$T" > /dev/null 2> "$T/err"; rc=$?
[ $rc -eq 1 ] && [ -s "$T/err" ] && ok "directory" || bad "directory (rc $rc)"

# --- a 100 MB single line (10 MB under sanitizers): bounded memory ---
if [ "${SANITIZED:-0}" = 1 ]; then MB=10; else MB=100; fi
python3 -c "
import sys
w = 'खबर पहलगाम मोदी '.encode()
n = $MB * 1000000 // len(w)
sys.stdout.buffer.write(w * n)" > "$T/line.txt"
if [ -x /usr/bin/time ] && [ "${SANITIZED:-0}" != 1 ]; then
    /usr/bin/time -f "%M" -o "$T/rss" $K analyze --format count "$T/line.txt" > "$T/out" 2>/dev/null; rc=$?
    rss=$(tail -n 1 "$T/rss")
    [ $rc -eq 0 ] && [ "$rss" -lt 131072 ] && ok "100 MB line in ${rss} KB" || bad "100 MB line (rc $rc, rss $rss KB)"
else
    $K analyze --format count "$T/line.txt" > "$T/out" 2>/dev/null && ok "$MB MB line" || bad "$MB MB line"
fi

echo "analyze.sh: $fails failed"
[ $fails -eq 0 ]
