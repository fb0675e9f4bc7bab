#!/bin/sh
# run.sh — `make eval`: accuracy figures on the development data in
# $SHARED/data, each next to its anchor, computed in the same run:
#   - sentence and token F1 (CoNLL 2018 UD definition) on UD Hindi-HDTB dev
#     and UD Hindi-PUD dev for khabar, ICU's BreakIterator and a naive
#     danda splitter;
#   - stemming quality on HDTB dev for khabar and Snowball Hindi;
#   - romanized-pair match rate and false-match rate of the phonetic keys.
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
            -Isrc/core -Isrc/analyze -o "$prog" "$src" "$BUILD/libkhabar.a" $ICU $LIBS || exit 1
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
