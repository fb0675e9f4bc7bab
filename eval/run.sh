#!/bin/sh
# run.sh — `make eval`: accuracy figures on the development data in
# $SHARED/data, each next to its anchor, computed in the same run:
#   - sentence and token F1 (CoNLL 2018 UD definition) on UD Hindi-HDTB dev
#     and UD Hindi-PUD dev for khabar, ICU's BreakIterator and a naive
#     danda splitter;
#   - stemming quality on HDTB dev for khabar and Snowball Hindi;
#   - romanized-pair match rate and false-match rate of the phonetic keys;
#   - named entities: entity-level F1 (micro and per type) by 10-fold
#     cross-validation on HiNER dev (eval/ner_train.c trains on nine folds
#     and tags the tenth, ten times; ../shared/tools/nereval.py scores),
#     next to the most-frequent-tag baseline, and the tagger's speed.
# Every eval/*.c program is built against the library first.
set -u
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
D=$SHARED/data
TOOLS=$SHARED/tools
if [ ! -d "$D" ]; then
    echo "eval: $D not found; the figures need the shared development data"
    exit 0
fi
mkdir -p "$BUILD/eval"
ICU=$(pkg-config --cflags --libs icu-uc icu-i18n 2>/dev/null)
LIBS="-lutf8proc -lstemmer -ljansson -lgumbo -lzstd -lxxhash -lm -lpthread"
for src in eval/*.c; do
    [ -f "$src" ] || continue
    prog=$BUILD/eval/$(basename "$src" .c)
    if [ ! -x "$prog" ] || [ "$src" -nt "$prog" ] || [ "$BUILD/libkhabar.a" -nt "$prog" ]; then
        cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Iinclude \
            $(for d in src/*/; do printf -- '-I%s ' "${d%/}"; done) -o "$prog" "$src" "$BUILD/libkhabar.a" $ICU $LIBS || exit 1
    fi
done
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

echo "== sentence and token F1 (CoNLL 2018 UD evaluation)"
printf '%-8s %-22s %10s %10s\n' corpus system sentences tokens
for corpus in hdtb ud-pud; do
    gold=$D/$corpus/dev.conllu.gz
    if [ "$corpus" = hdtb ]; then mode=joined; else mode=text; fi
    python3 "$TOOLS/rawtext.py" $mode "$gold" > "$T/raw.txt"
    "$BUILD/khabar" analyze --format conllu "$T/raw.txt" > "$T/khabar.conllu"
    for sys in khabar icu naive; do
        case $sys in
        icu) [ -x "$BUILD/eval/icu_segment" ] || continue
             "$BUILD/eval/icu_segment" "$T/raw.txt" > "$T/$sys.conllu" ;;
        naive) [ -x "$BUILD/eval/icu_segment" ] || continue
             "$BUILD/eval/icu_segment" --naive "$T/raw.txt" > "$T/$sys.conllu" ;;
        esac
        python3 "$TOOLS/segeval.py" "$gold" "$T/$sys.conllu" > "$T/score"
        s=$(sed -n 's/^sentences F1 //p' "$T/score")
        t=$(sed -n 's/^tokens F1 //p' "$T/score")
        case $sys in khabar) name="khabar";; icu) name="ICU BreakIterator";; naive) name="naive danda splitter";; esac
        printf '%-8s %-22s %10s %10s\n' "$corpus" "$name" "$s" "$t"
    done
done
echo "(goal: khabar sentence F1 >= 99.6 and token F1 >= 99.8 on both)"
echo
for prog in stem_eval roman_eval; do
    if [ -x "$BUILD/eval/$prog" ]; then
        echo "== $prog"
        "$BUILD/eval/$prog" "$SHARED" || echo "$prog failed"
        echo
    fi
done
if [ -f eval/furniture_eval.py ]; then
    echo "== page furniture: line-level precision and recall on hand-annotated articles"
    python3 eval/furniture_eval.py --khabar "$BUILD/khabar" --shared "$SHARED" 2>&1 || echo "furniture_eval failed"
fi

if [ -x "$BUILD/eval/ner_train" ] && [ -f "$D/hiner/dev.conll.gz" ]; then
    echo
    echo "== named entities: 10-fold cross-validation on HiNER dev (no sentence tagged by a model that saw it)"
    for sys in baseline khabar; do
        if [ $sys = baseline ]; then opt=--baseline; name="most frequent tag"; else opt=; name="khabar tagger"; fi
        gzip -dc "$D/hiner/dev.conll.gz" | "$BUILD/eval/ner_train" cv --folds 10 $opt > "$T/ner.$sys" 2>/dev/null
        printf '%-18s ' "$name"
        python3 "$TOOLS/nereval.py" "$D/hiner/dev.conll.gz" "$T/ner.$sys" | tr '\n' ' '
        echo
    done
    echo "(goal: micro F1 >= 87, no type below 70)"
    gzip -dc "$D/hiner/dev.conll.gz" | cut -f1 > "$T/ner.tokens"
    ntok=$(grep -c . "$T/ner.tokens")
    best=
    for i in 1 2 3; do
        u=$( { /usr/bin/time -f %U "$BUILD/khabar" entities --conll "$T/ner.tokens" > /dev/null; } 2>&1 )
        best=$(python3 -c "print(min(x for x in [$u, ${best:-1e9}]))")
    done
    python3 -c "print('khabar entities --conll: %d tokens in %.2f s user time (best of 3, with start-up and I/O): %.0f tokens/s' % ($ntok, $best, $ntok / max($best, 0.01)))"
fi
echo
NEWS=$(ls "$D"/news/*.jsonl.gz 2>/dev/null)
if [ -n "$NEWS" ] && [ -x "$BUILD/eval/summary_eval" ]; then
    echo "== summary: ROUGE against the headlines (khabar vs lead-1 / lead-3)"
    "$BUILD/eval/summary_eval" $NEWS || echo "summary_eval failed"
    echo
fi
if [ -n "$NEWS" ] && [ -x "$BUILD/eval/dups_eval" ]; then
    echo "== near-duplicates: fingerprints of edited copies vs unrelated articles"
    "$BUILD/eval/dups_eval" $NEWS || echo "dups_eval failed"
fi
