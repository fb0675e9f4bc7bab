#!/bin/sh
# stream_memory.sh — checks that `khabar analyze` streams: its memory must
# stay flat however large the input. Builds a ~1 GB Hindi file in /tmp by
# repeating real article text (or an original paragraph when the shared
# data is missing), runs `khabar analyze --format count` on it under
# /usr/bin/time -v, prints elapsed time, MB/s and the peak RSS, and fails
# when the peak RSS exceeds 64 MB. The file is deleted at the end.
#
# usage: sh bench/stream_memory.sh KHABAR [SHARED_DIR]
#        (or: make -C bench memory BUILD=/abs/build SHARED=/abs/shared)
# Environment: STREAM_BYTES (default 1000000000), STREAM_MAX_RSS_KB (65536).
set -u
KHABAR=${1:?usage: stream_memory.sh KHABAR [SHARED_DIR]}
SHARED=${2:-}
TARGET=${STREAM_BYTES:-1000000000}
LIMIT_KB=${STREAM_MAX_RSS_KB:-65536}

[ -x "$KHABAR" ] || { echo "stream_memory: no executable $KHABAR" >&2; exit 1; }
[ -x /usr/bin/time ] || {
    echo "stream_memory: needs /usr/bin/time (Debian package 'time')" >&2
    exit 1
}

dir=$(mktemp -d /tmp/khabar-stream.XXXXXX) || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
seed=$dir/seed.txt
big=$dir/big.txt

# One copy of the text: every article's "text" field, a blank line after
# each, so that repeated copies still end paragraphs cleanly.
if [ -n "$SHARED" ] && ls "$SHARED"/data/news/*.jsonl.gz >/dev/null 2>&1 &&
    command -v python3 >/dev/null 2>&1; then
    gzip -dc "$SHARED"/data/news/*.jsonl.gz | python3 -c '
import json, sys
out = sys.stdout
for line in sys.stdin:
    text = json.loads(line).get("text", "")
    if text:
        out.write(text.rstrip("\n") + "\n\n")
' >"$seed"
    what="news article text from $SHARED/data/news"
fi
if [ ! -s "$seed" ]; then
    # Original text, written for this check.
    cat >"$seed" <<'EOF'
नगर निगम ने बारिश से पहले सड़कों की मरम्मत का काम तेज़ किया

नगर निगम ने बुधवार को घोषणा की कि मानसून से पहले शहर की 120 किलोमीटर सड़कों की मरम्मत पूरी कर ली जाएगी। महापौर ने बताया कि इस काम पर लगभग ₹45 करोड़ ख़र्च होंगे। विपक्ष के पार्षदों ने कहा, "यह घोषणा हर साल होती है, पर गड्ढे वहीं के वहीं रहते हैं।"

मौसम विभाग के मुताबिक अगले दो दिनों में हल्की बारिश हो सकती है। क्या इस बार समय पर बारिश होगी? विशेषज्ञों के अनुसार औसत से 5% अधिक वर्षा की उम्मीद है।

EOF
    what="the built-in paragraph (shared data not found)"
fi

size() { wc -c <"$1" | tr -d ' '; }

# Double the seed up to a ~64 MB block, then append blocks up to the target.
while [ "$(size "$seed")" -lt 64000000 ]; do
    cat "$seed" "$seed" >"$dir/tmp" && mv "$dir/tmp" "$seed" || exit 1
done
: >"$big"
while [ "$(size "$big")" -lt "$TARGET" ]; do
    cat "$seed" >>"$big" || exit 1
done
rm -f "$seed"
bytes=$(size "$big")
echo "input: $bytes bytes of $what"

"$KHABAR" --version 2>/dev/null
/usr/bin/time -v -o "$dir/time.txt" "$KHABAR" analyze --format count "$big" \
    >"$dir/out.txt"
rc=$?
sed 's/^/khabar: /' "$dir/out.txt"
if [ "$rc" != 0 ]; then
    echo "FAIL: khabar analyze exited with status $rc"
    exit 1
fi

# "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:03.21"
elapsed=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$dir/time.txt" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
user=$(sed -n 's/.*User time (seconds): //p' "$dir/time.txt")
echo "$bytes $elapsed $rss $user $LIMIT_KB" | awk '{
    printf "elapsed %.2f s (user %.2f s), %.1f MB/s, max RSS %.1f MiB (limit %.0f MiB)\n",
        $2, $4, ($2 > 0 ? $1 / 1e6 / $2 : 0), $3 / 1024, $5 / 1024 }'
if [ -z "$rss" ] || [ "$rss" -gt "$LIMIT_KB" ]; then
    echo "FAIL: peak RSS ${rss:-unknown} kB exceeds ${LIMIT_KB} kB"
    exit 1
fi
echo "PASS: memory stays flat"
