#!/bin/sh
# run.sh — runs every test program given as arguments, the CLI tests in
# tests/cli/ against the normal and the ASan+UBSan binary, and the libFuzzer
# targets for a short fixed time when clang is available. Ends with the line
# "N passed, N failed" and a non-zero exit if anything failed.
pass=0; fail=0; failed=""
run() { # name, command...
    name=$1; shift
    if "$@" >"$BUILD/test-$(echo "$name" | tr '/ ' '__').log" 2>&1; then
        pass=$((pass + 1)); echo "PASS $name"
    else
        fail=$((fail + 1)); failed="$failed $name"; echo "FAIL $name (log: $BUILD/test-$(echo "$name" | tr '/ ' '__').log)"
        tail -n 20 "$BUILD/test-$(echo "$name" | tr '/ ' '__').log" | sed 's/^/    /'
    fi
}
for t in "$@"; do run "$t" "$t"; done
for s in tests/cli/*.sh; do
    [ -f "$s" ] || continue
    run "$s" env KHABAR="$BUILD/khabar" SHARED="$SHARED" sh "$s"
    run "$s (asan)" env KHABAR="$BUILD/san/khabar" SHARED="$SHARED" SANITIZED=1 sh "$s"
done
# the browser test (once, normal binary); it says SKIP when chromium, node
# or playwright-core is missing, which is not a failure
if [ -f tests/browser/run.sh ]; then
    run "browser" env KHABAR="$BUILD/khabar" BUILD="$BUILD" sh tests/browser/run.sh "$BUILD/khabar"
    grep -h '^SKIP' "$BUILD/test-browser.log" 2>/dev/null
fi
if command -v clang >/dev/null 2>&1 && [ -n "$(ls tests/fuzz/fuzz_*.c 2>/dev/null)" ]; then
    if make --no-print-directory -s BUILD="$BUILD" $(ls tests/fuzz/fuzz_*.c | sed "s|tests/fuzz/\(.*\)\.c|$BUILD/fuzz/\1|") >"$BUILD/fuzz-build.log" 2>&1; then
        for f in tests/fuzz/fuzz_*.c; do
            n=$(basename "$f" .c)
            corpus="$BUILD/fuzz-corpus/$n"; mkdir -p "$corpus"
            seeds=tests/fuzz/corpus; [ -d "tests/fuzz/corpus/$n" ] && seeds="tests/fuzz/corpus/$n"
            run "fuzz $n ${FUZZ_SECONDS}s" "$BUILD/fuzz/$n" -max_total_time="$FUZZ_SECONDS" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$BUILD/" "$corpus" "$seeds"
        done
    else
        fail=$((fail + 1)); failed="$failed fuzz-build"; echo "FAIL fuzz build"; tail -n 20 "$BUILD/fuzz-build.log"
    fi
else
    echo "SKIP fuzzing: clang not available"
fi
echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
