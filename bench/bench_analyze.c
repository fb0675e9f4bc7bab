/*
 * bench_analyze.c — how fast khabar analyses large Hindi text on one core,
 * next to the anchors measured in the same run on the same text:
 *
 *   bare C loop   validate UTF-8 and split on spaces: the ceiling for any
 *                 tokenizer that looks at every byte
 *   ICU words     ICU's word BreakIterator over a UTF-8 UText (no UTF-16
 *                 conversion, so ICU is not charged for one)
 *   ICU sentences ICU's sentence BreakIterator, the same way
 *   khabar        kh_analyze fed ~1 MB chunks cut at paragraph breaks with
 *                 one reused kh_doc, as `khabar analyze --format count`
 *                 does; once with default flags, once with stems and keys
 *
 * usage: bench_analyze [SHARED_DIR [MIN_MB]]   (default 64 MB of text)
 * Every figure is the best of 3 runs. MB means 10^6 bytes. The exit status
 * is non-zero only when something fails, not when a goal is missed.
 */
#include "benchutil.h"

#include "khabar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#define RUNS 3
#define CHUNK ((size_t)1 << 20)
#define GOAL_PLAIN 400.0 /* MB/s, analysis without stems */
#define GOAL_STEMS 150.0 /* MB/s, with stems and phonetic keys */

/* One measured run: how long it took and how many tokens it found. */
typedef struct result {
    const char *name;
    double seconds; /* best of RUNS; < 0 when the run failed */
    size_t tokens;
    double goal; /* MB/s to reach, 0 for anchors */
} result;

/* The bare loop: checks every sequence as kh_utf8_check does (shortest
 * form, no surrogates, nothing above U+10FFFF, no NUL) and counts runs of
 * non-space bytes. Returns the token count, or (size_t)-1 if invalid. */
static size_t bare_split(const unsigned char *s, size_t n) {
    size_t i = 0, count = 0;
    int in_tok = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (c == 0)
                return (size_t)-1;
            int sp = c == ' ' || c == '\n' || c == '\t' || c == '\r';
            count += !sp && !in_tok;
            in_tok = !sp;
            i++;
            continue;
        }
        size_t k;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0xC2)
            return (size_t)-1;
        else if (c < 0xE0)
            k = 2;
        else if (c < 0xF0) {
            k = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c < 0xF5) {
            k = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else
            return (size_t)-1;
        if (i + k > n || s[i + 1] < lo || s[i + 1] > hi)
            return (size_t)-1;
        for (size_t j = 2; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return (size_t)-1;
        count += !in_tok;
        in_tok = 1;
        i += k;
    }
    return count;
}

static void run_bare(const bench_text *t, result *r) {
    r->seconds = -1;
    for (int run = 0; run < RUNS; run++) {
        double t0 = bench_now();
        size_t n = bare_split((const unsigned char *)t->data, t->len);
        double dt = bench_now() - t0;
        if (n == (size_t)-1)
            return;
        r->tokens = n;
        if (r->seconds < 0 || dt < r->seconds)
            r->seconds = dt;
    }
}

/* ICU over the whole text at once. For words, `tokens` counts segments
 * that do not start with whitespace; for sentences, every segment. */
static void run_icu(const bench_text *t, UBreakIteratorType type, result *r) {
    r->seconds = -1;
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(type, "hi", NULL, 0, &st);
    UText *ut = utext_openUTF8(NULL, t->data, (int64_t)t->len, &st);
    for (int run = 0; run < RUNS && U_SUCCESS(st); run++) {
        double t0 = bench_now();
        ubrk_setUText(bi, ut, &st);
        size_t n = 0;
        int32_t prev = ubrk_first(bi);
        for (int32_t b; (b = ubrk_next(bi)) != UBRK_DONE; prev = b) {
            unsigned char c = (unsigned char)t->data[prev];
            n += type != UBRK_WORD ||
                 !(c == ' ' || c == '\n' || c == '\t' || c == '\r');
        }
        double dt = bench_now() - t0;
        r->tokens = n;
        if (U_SUCCESS(st) && (r->seconds < 0 || dt < r->seconds))
            r->seconds = dt;
    }
    if (U_FAILURE(st))
        fprintf(stderr, "bench: ICU: %s\n", u_errorName(st));
    utext_close(ut);
    ubrk_close(bi);
}

/* khabar as the CLI streams a file: chunk by chunk into one kh_doc. */
static void run_khabar(const bench_text *t, unsigned flags, result *r) {
    r->seconds = -1;
    kh_error err = {0};
    kh_analyzer_options opts = {.flags = flags};
    kh_analyzer *an = NULL;
    kh_doc *doc = NULL;
    if (kh_analyzer_new(&opts, &an, &err) || kh_doc_new(&doc, &err)) {
        fprintf(stderr, "bench: %s\n", err.message);
        kh_analyzer_free(an);
        return;
    }
    for (int run = 0; run < RUNS; run++) {
        size_t n = 0;
        double t0 = bench_now();
        for (size_t off = 0, len; off < t->len; off += len) {
            len = bench_next_chunk(t->data + off, t->len - off, CHUNK);
            if (kh_analyze(an, doc, t->data + off, len, off, &err)) {
                fprintf(stderr, "bench: %s: %s\n", r->name, err.message);
                goto done;
            }
            n += kh_doc_token_count(doc);
        }
        double dt = bench_now() - t0;
        r->tokens = n;
        if (r->seconds < 0 || dt < r->seconds)
            r->seconds = dt;
    }
done:
    kh_doc_free(doc);
    kh_analyzer_free(an);
}

static double mbps(const result *r, size_t bytes) {
    return r->seconds > 0 ? bytes / 1e6 / r->seconds : 0;
}

int main(int argc, char **argv) {
    const char *shared = argc > 1 ? argv[1] : NULL;
    double min_mb = argc > 2 ? atof(argv[2]) : 64;
    if (min_mb < 1)
        min_mb = 1;
    if (min_mb > 1900) /* ICU indexes the text with int32_t */
        min_mb = 1900;
    bench_text t;
    if (bench_text_build(shared, (size_t)(min_mb * 1e6), &t))
        return 1;
    char what[256], cpu[128];
    bench_text_describe(&t, what, sizeof what);
    bench_cpu_name(cpu, sizeof cpu);
    printf("bench_analyze: one core (%s), best of %d, MB = 10^6 bytes\n", cpu,
           RUNS);
    printf("text: %s\n\n", what);

    enum { BARE, ICU_WORD, ICU_SENT, KH_PLAIN, KH_STEMS, N_RESULTS };
    result res[N_RESULTS] = {
        [BARE] = {"bare C: validate UTF-8, split on spaces", 0, 0, 0},
        [ICU_WORD] = {"ICU word BreakIterator (UTF-8 UText)", 0, 0, 0},
        [ICU_SENT] = {"ICU sentence BreakIterator", 0, 0, 0},
        [KH_PLAIN] = {"khabar analyze (default flags)", 0, 0, GOAL_PLAIN},
        [KH_STEMS] = {"khabar analyze + stems + keys", 0, 0, GOAL_STEMS},
    };
    run_bare(&t, &res[BARE]);
    run_icu(&t, UBRK_WORD, &res[ICU_WORD]);
    run_icu(&t, UBRK_SENTENCE, &res[ICU_SENT]);
    run_khabar(&t, 0, &res[KH_PLAIN]);
    run_khabar(&t, KH_ANALYZE_STEMS | KH_ANALYZE_KEYS, &res[KH_STEMS]);

    double icu = mbps(&res[ICU_WORD], t.len);
    int failed = 0;
    printf("%-42s %8s %9s %11s  %s\n", "run", "MB/s", "x ICU wb", "Mtokens/s",
           "goal");
    for (int i = 0; i < N_RESULTS; i++) {
        const result *r = &res[i];
        if (r->seconds < 0) {
            printf("%-42s %8s\n", r->name, "FAILED");
            failed = 1;
            continue;
        }
        double m = mbps(r, t.len);
        printf("%-42s %8.1f %8.2fx %11.2f", r->name, m, icu > 0 ? m / icu : 0,
               r->tokens / 1e6 / r->seconds);
        if (r->goal > 0)
            printf("  >= %.0f MB/s %s", r->goal,
                   m >= r->goal ? "PASS" : "MISS");
        printf("\n");
    }
    printf("\ntokens per pass: bare %zu, ICU words %zu, khabar %zu; ICU "
           "sentences %zu\n",
           res[BARE].tokens, res[ICU_WORD].tokens, res[KH_PLAIN].tokens,
           res[ICU_SENT].tokens);
    bench_text_free(&t);
    return failed;
}
