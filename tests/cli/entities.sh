#!/bin/sh
# entities.sh — tests of `khabar entities` as a user runs it: --conll keeps
# the input's tokens and sentences and writes valid BIO (scored with the
# shared scorer on a HiNER sample when $SHARED is there, as a smoke test,
# not a figure), plain text gives JSON whose offsets hold the entity's
# text, --tags, and bad input: invalid UTF-8, missing files, empty input.
# Needs $KHABAR (the binary); $SHARED is optional.
set -u
K=${KHABAR:?set KHABAR}
FIX=tests/fixtures/ner
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }

$K help | grep -q entities && ok "help lists entities" || bad "help lists entities"
$K entities --help | grep -q -- "--conll" && ok "entities --help" || bad "entities --help"
$K entities --nope </dev/null >/dev/null 2>&1
[ $? -eq 2 ] && ok "unknown option is usage error" || bad "unknown option is usage error"

# --- CoNLL in, token<TAB>tag out, same tokens and sentences ---
printf 'प्रधानमंत्री\tX\tO\nनरेंद्र\nमोदी\nने\r\nकहा\n\n\n\nलखनऊ\nमें\nबारिश\n' > "$T/in.conll"
$K entities --conll "$T/in.conll" > "$T/out.conll" || bad "conll exit"
cut -f1 "$T/out.conll" > "$T/toks"
printf 'प्रधानमंत्री\nनरेंद्र\nमोदी\nने\nकहा\n\nलखनऊ\nमें\nबारिश\n\n' > "$T/want"
cmp -s "$T/toks" "$T/want" && ok "conll tokens and sentences kept" || { bad "conll tokens and sentences kept"; cat "$T/out.conll"; }
grep -q "^नरेंद्र	B-PERSON$" "$T/out.conll" && grep -q "^मोदी	I-PERSON$" "$T/out.conll" \
    && grep -q "^लखनऊ	B-LOCATION$" "$T/out.conll" && ok "conll tags" || { bad "conll tags"; cat "$T/out.conll"; }
$K entities --conll < "$T/in.conll" | cmp -s - "$T/out.conll" && ok "conll from stdin" || bad "conll from stdin"
printf '' | $K entities --conll > "$T/empty" && [ ! -s "$T/empty" ] && ok "empty conll" || bad "empty conll"

# --- plain text: JSON, offsets hold the text, canonical names ---
$K entities "$FIX/article.txt" > "$T/art.json" || bad "text exit"
python3 - "$T/art.json" "$FIX/article.txt" <<'PY' && ok "json offsets and canonical names" || bad "json offsets and canonical names"
import json, sys
d = json.loads(open(sys.argv[1], encoding="utf-8").read())
raw = open(sys.argv[2], "rb").read()
ents = d["entities"]
assert d["file"] == sys.argv[2]
assert len(ents) >= 8
for e in ents:
    assert raw[e["start"]:e["end"]].decode("utf-8") == e["text"], e
    assert e["type"] in ("PERSON", "LOCATION", "ORGANIZATION")
by = {e["text"]: e for e in ents}
assert by["यादव"]["canonical"] == "मोहन यादव"
assert by["यादव"]["group"] == by["मोहन यादव"]["group"]
assert by["इंदौर"]["type"] == "LOCATION"
PY
$K entities --tags "$FIX/article.txt" | grep -q "^मोहन	B-PERSON$" && ok "--tags" || bad "--tags"

# --- one name across files ---
printf 'पुतिन ने कहा कि भारत मित्र है।\n' > "$T/a1.txt"
printf 'रूसी राष्ट्रपति व्लादिमीर पुतिन ने दिल्ली में बात की।\n' > "$T/a2.txt"
$K entities "$T/a1.txt" | grep -q '"text":"पुतिन","type":"PERSON","canonical":"पुतिन"' \
    && ok "alone: the short name" || bad "alone: the short name"
$K entities --across "$T/a1.txt" "$T/a2.txt" > "$T/across"
head -n 1 "$T/across" | grep -q '"text":"पुतिन","type":"PERSON","canonical":"व्लादिमीर पुतिन","group":0' \
    && [ "$(wc -l < "$T/across")" -eq 2 ] && grep -q '"canonical":"व्लादिमीर पुतिन","group":0' "$T/across" \
    && ok "--across: one name over files" || { bad "--across: one name over files"; cat "$T/across"; }
$K entities --across --conll "$T/a1.txt" >/dev/null 2>&1
[ $? -eq 2 ] && ok "--across with --conll is usage error" || bad "--across with --conll is usage error"

# --- bad input ---
printf 'भारत \377 रूस\n' > "$T/bad.txt"
$K entities "$T/bad.txt" >/dev/null 2>"$T/err"
[ $? -eq 1 ] && grep -q "invalid UTF-8" "$T/err" && ok "invalid UTF-8 is an error" || bad "invalid UTF-8 is an error"
$K entities --repair "$T/bad.txt" | grep -q '"entities"' && ok "--repair" || bad "--repair"
$K entities "$T/missing.txt" "$FIX/article.txt" > "$T/two" 2>/dev/null
[ $? -eq 1 ] && grep -q "article.txt" "$T/two" && ok "missing file: others still done" || bad "missing file: others still done"
printf '' | $K entities | grep -q '"entities":\[\]' && ok "empty text" || bad "empty text"

# --- the shared HiNER sample through the shared scorer (smoke test only:
# these are training sentences, so the figure means nothing) ---
H=${SHARED:-../shared}/data/hiner/dev.conll.gz
if [ -f "$H" ] && [ -f "${SHARED:-../shared}/tools/nereval.py" ]; then
    gzip -dc "$H" | head -n 2000 > "$T/gold.conll"
    cut -f1 "$T/gold.conll" | $K entities --conll > "$T/sys.conll"
    python3 "${SHARED:-../shared}/tools/nereval.py" "$T/gold.conll" "$T/sys.conll" > "$T/score"
    grep -q "^F1 micro" "$T/score" \
        && ok "HiNER sample scores" || bad "HiNER sample scores"
else
    echo "skip HiNER sample: shared data not found"
fi

[ "$fails" -eq 0 ]
