#!/bin/sh
# index_crash.sh — atomic commits under SIGKILL. `khabar index` is killed
# at a random moment, again and again (50 times; 6 in the sanitized run),
# and each time the index must open and hold exactly the articles of some
# commit: at least every article whose commit was reported before the
# kill, and nothing half-written. Now and then the killed index is
# reopened and finished, which must work (the lock dies with its process,
# leftovers are cleaned). Run by tests/run.sh with $KHABAR set.
set -u
K=${KHABAR:-build/khabar}
T=${TMPDIR:-/tmp}/khabar-crash-$$
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
N=400
EVERY=25
ROUNDS=50
[ "${SANITIZED:-0}" = 1 ] && ROUNDS=6

# original generated articles: ids c1..cN in order
awk -v n=$N 'BEGIN {
    split("पहलगाम हमला बारिश इंदौर सरकार किसान बाजार शहर गांव पुलिस " \
          "अस्पताल स्कूल सड़क पानी बिजली चुनाव मंत्री अदालत खेल मौसम", w, " ")
    srand(7)
    for (i = 1; i <= n; i++) {
        t = ""; b = ""
        for (k = 0; k < 6; k++) t = t w[int(rand() * 20) + 1] " "
        for (k = 0; k < 120; k++) b = b w[int(rand() * 20) + 1] (k % 12 == 11 ? "। " : " ")
        printf "{\"id\":\"c%d\",\"title\":\"%sखबर %d\",\"text\":\"%s\"}\n", i, t, i, b
    }
}' >"$T/in.jsonl"
[ "$(wc -l <"$T/in.jsonl")" -eq $N ] || fail "input"

# how long a whole run takes, to spread the kills over it
t0=$(date +%s%N 2>/dev/null)
"$K" index --quiet --commit-every $EVERY "$T/full" "$T/in.jsonl" || fail "full run"
t1=$(date +%s%N 2>/dev/null)
case "$t0$t1" in
*N*|"") ms=1000 ;;
*) ms=$(( (t1 - t0) / 1000000 )) ;;
esac
[ "$ms" -lt 50 ] && ms=50
[ "$("$K" stats "$T/full" | sed -n 's/^documents\t//p')" = $N ] || fail "full"

docs() { "$K" stats "$1" 2>/dev/null | sed -n 's/^documents\t//p'; }

r=0
mid=0
while [ $r -lt $ROUNDS ]; do
    r=$((r + 1))
    rm -rf "$T/idx"
    # empty the log first: a kill that lands before the child has opened
    # it must not leave the previous round's commits in it
    : >"$T/log"
    delay=$(awk -v s=$((r * 7919 + $$)) -v ms=$ms \
        'BEGIN { srand(s); printf "%.3f", rand() * ms * 1.1 / 1000 }')
    "$K" index --quiet --verbose --commit-every $EVERY "$T/idx" \
        "$T/in.jsonl" >"$T/log" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    logged=$(sed -n 's/^commit [0-9]* \([0-9]*\) .*/\1/p' "$T/log" | tail -n 1)
    logged=${logged:-0}
    d=$(docs "$T/idx")
    if [ -z "$d" ]; then
        # killed before the index existed: fine only if nothing was reported
        [ "$logged" = 0 ] || fail "round $r: index unreadable after $logged"
        "$K" stats "$T/idx" 2>&1 | grep -q "not a khabar index\|no such" ||
            fail "round $r: $("$K" stats "$T/idx" 2>&1)"
        d=0
    fi
    # exactly a commit's worth, and nothing reported is missing
    [ "$d" -ge "$logged" ] || fail "round $r: $d articles, $logged committed"
    [ $((d % EVERY)) -eq 0 ] || [ "$d" -eq $N ] ||
        fail "round $r: $d articles is not a commit boundary"
    [ "$d" -le $((logged + EVERY)) ] || fail "round $r: $d > $logged + $EVERY"
    if [ "$d" -gt 0 ]; then
        "$K" get "$T/idx" c1 >/dev/null || fail "round $r: c1 missing"
        "$K" get "$T/idx" "c$d" >/dev/null || fail "round $r: c$d missing"
    fi
    if [ "$d" -lt $N ] && [ "$d" -gt 0 ]; then
        mid=$((mid + 1))
        "$K" get "$T/idx" "c$((d + 1))" >/dev/null 2>&1 &&
            fail "round $r: c$((d + 1)) was never committed"
    fi
    # every few rounds: finish the job in the killed index
    if [ $((r % 5)) -eq 0 ]; then
        "$K" index --quiet --commit-every $EVERY "$T/idx" "$T/in.jsonl" ||
            fail "round $r: reopening after the kill"
        [ "$(docs "$T/idx")" = $N ] || fail "round $r: finished count"
        segs=$("$K" stats "$T/idx" | sed -n 's/^segments\t//p')
        [ "$(ls "$T/idx" | grep -c '\.kseg$')" = "$segs" ] ||
            fail "round $r: leftover segment files"
        [ -e "$T/idx/MANIFEST.tmp" ] && fail "round $r: leftover MANIFEST.tmp"
    fi
done
echo "index_crash.sh: $ROUNDS kills survived, $mid between commits" \
    "(whole run ${ms} ms)"
