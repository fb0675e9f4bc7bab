#!/bin/sh
# demo.sh — shows the main job on an example article written for the
# project (examples/): sentences and tokens, the forms each token gets, and
# the matching that spelling variants and romanized typing need.
K=${1:-build/khabar}
EX=examples/indore-rain.txt
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "The article (a scrape with page furniture: a stamp and a share prompt)"
cat "$EX"

say "khabar analyze --format text: one sentence per line, tokens split by spaces"
$K analyze --format text "$EX"

say "khabar analyze --format conllu (first sentence): FORM, LEMMA=stem, Norm, Roman, Key"
$K analyze --format conllu "$EX" | awk 'BEGIN{RS=""} NR==1{print; exit}'

say "Spelling variants meet in the normalized form (Norm) ..."
printf 'प्रधानमन्त्री प्रधानमंत्री ज़िंदगी जिंदगी पहुँच पहुंच सम्बन्ध संबंध\n' |
    $K analyze --format conllu | awk -F'\t' '$1 ~ /^[0-9]+$/ {split($10, m, "|"); print "  " $2 "\t-> " m[1]}'

say "... and romanized typing meets Devanagari in the phonetic key (Key)"
printf 'पहलगाम pahalgam मोदी modee ज़िंदगी zindagi हमला hamla\n' |
    $K analyze --format conllu | awk -F'\t' '$1 ~ /^[0-9]+$/ {n = split($10, m, "|"); k = ""; for (i = 1; i <= n; i++) if (m[i] ~ /^Key=/) k = m[i]; print "  " $2 "\t-> " k}'

say "Counts (khabar analyze --format count)"
$K analyze --format count "$EX"
if $K help 2>/dev/null | grep -q '^  clean'; then
    say "khabar clean --format text: furniture out, structure in"
    $K clean --format text "$EX"
fi
echo
echo "More: '$K help', README.md, 'make test', 'make bench', 'make eval'."
