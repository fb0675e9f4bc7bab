/*
 * bench_analyze.c — how fast khabar analyses large Hindi text on one core,
 * next to the anchors measured in the same run on the same text:
 *
 *   bare C loop   validate UTF-8 and split on spaces: the ceiling for any
 *                 tokenizer that looks at every byte
 *   ICU words     ICU's word BreakIterator, two ways: over a UTF-8 UText
 *                 (no conversion), and over UTF-16 with the conversion from
 *                 UTF-8 timed too (UText access costs ICU more than the
 *                 conversion does); the ratio column is taken against the
 *                 faster of the two, so ICU gets its best case
 *   ICU sentences ICU's sentence BreakIterator, the same two ways
 *   khabar        kh_analyze fed ~64 KB chunks cut at paragraph breaks with
 *                 one reused kh_doc, as `khabar analyze --format count`
 *                 does; once with default flags, once with stems and keys
 *
 * usage: bench_analyze [SHARED_DIR [MIN_MB]]   (default 64 MB of text)
 * Every figure is the best of 3 runs in CPU time (the machine may be shared).
 * MB means 10^6 bytes. The exit status
 * is non-zero only when something fails, not when a goal is missed.
 */
#include "benchutil.h"

#include "khabar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#define RUNS 3
/* 64 KB blocks, as `khabar analyze` streams */
#define CHUNK ((size_t)1 << 16)
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

/* Is the segment starting with unit c whitespace (ICU words only)? */
static int blank(unsigned c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* ICU over the whole text at once: a UTF-8 UText, or (when u16 is given)
 * the text converted to UTF-16 into u16 inside the timed region. For
 * words, `tokens` counts segments that do not start with whitespace; for
 * sentences, every segment. */
static void run_icu(const bench_text *t, UBreakIteratorType type, UChar *u16,
                    int32_t u16_cap, result *r) {
    r->seconds = -1;
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(type, "hi", NULL, 0, &st);
    UText *ut =
        u16 ? NULL : utext_openUTF8(NULL, t->data, (int64_t)t->len, &st);
    for (int run = 0; run < RUNS && U_SUCCESS(st); run++) {
        double t0 = bench_now();
        int32_t ulen = 0;
        if (u16) {
            u_strFromUTF8(u16, u16_cap, &ulen, t->data, (int32_t)t->len, &st);
            ubrk_setText(bi, u16, ulen, &st);
        } else {
            ubrk_setUText(bi, ut, &st);
        }
        size_t n = 0;
        int32_t prev = ubrk_first(bi);
        for (int32_t b; (b = ubrk_next(bi)) != UBRK_DONE; prev = b) {
            unsigned c = u16 ? u16[prev] : (unsigned char)t->data[prev];
            n += type != UBRK_WORD || !blank(c);
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
    if (min_mb > 1000) /* ICU indexes text with int32_t; UTF-16 doubles it */
        min_mb = 1000;
    bench_text t;
    if (bench_text_build(shared, (size_t)(min_mb * 1e6), &t))
        return 1;
    char what[256], cpu[128];
    bench_text_describe(&t, what, sizeof what);
    bench_cpu_name(cpu, sizeof cpu);
    printf("bench_analyze: one core (%s), best of %d, MB = 10^6 bytes\n", cpu,
           RUNS);
    printf("text: %s\n\n", what);

    enum {
        BARE,
        ICU_WORD8,
        ICU_WORD16,
        ICU_SENT8,
        ICU_SENT16,
        KH_PLAIN,
        KH_STEMS,
        N_RESULTS
    };
    result res[N_RESULTS] = {
        [BARE] = {"bare C: validate UTF-8, split on spaces", 0, 0, 0},
        [ICU_WORD8] = {"ICU words, UTF-8 UText", 0, 0, 0},
        [ICU_WORD16] = {"ICU words, UTF-16 (conversion timed)", 0, 0, 0},
        [ICU_SENT8] = {"ICU sentences, UTF-8 UText", 0, 0, 0},
        [ICU_SENT16] = {"ICU sentences, UTF-16 (conversion timed)", 0, 0, 0},
        [KH_PLAIN] = {"khabar analyze (default flags)", 0, 0, GOAL_PLAIN},
        [KH_STEMS] = {"khabar analyze + stems + keys", 0, 0, GOAL_STEMS},
    };
    /* UTF-16 never needs more units than UTF-8 has bytes */
    UChar *u16 = malloc(t.len * sizeof *u16 + sizeof *u16);
    if (!u16) {
        fprintf(stderr, "bench: out of memory\n");
        bench_text_free(&t);
        return 1;
    }
    run_bare(&t, &res[BARE]);
    run_icu(&t, UBRK_WORD, NULL, 0, &res[ICU_WORD8]);
    run_icu(&t, UBRK_WORD, u16, (int32_t)t.len + 1, &res[ICU_WORD16]);
    run_icu(&t, UBRK_SENTENCE, NULL, 0, &res[ICU_SENT8]);
    run_icu(&t, UBRK_SENTENCE, u16, (int32_t)t.len + 1, &res[ICU_SENT16]);
    free(u16);
    run_khabar(&t, 0, &res[KH_PLAIN]);
    run_khabar(&t, KH_ANALYZE_STEMS | KH_ANALYZE_KEYS, &res[KH_STEMS]);

    /* the ratio is against ICU's faster word-break path */
    int best = mbps(&res[ICU_WORD16], t.len) > mbps(&res[ICU_WORD8], t.len)
                   ? ICU_WORD16
                   : ICU_WORD8;
    double icu = mbps(&res[best], t.len);
    int failed = 0;
    printf("%-42s %8s %9s %11s  %s\n", "run", "MB/s", "x ICU", "Mtokens/s",
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
    printf("\nx ICU: against ICU's faster word-break run (%s)\n",
           res[best].name);
    printf("tokens per pass: bare %zu, ICU words %zu, khabar %zu; ICU "
           "sentences %zu\n",
           res[BARE].tokens, res[best].tokens, res[KH_PLAIN].tokens,
           res[ICU_SENT8].tokens);
    bench_text_free(&t);
    return failed;
}
