/*
 * test_analyze_mark.c — the sentence pass's mark step (kh_segment_mark)
 * and the flags it reads: on random token flags, called in pieces as the
 * analyzer calls it, it must mark exactly what the rule in sentence.c
 * says (computed here one token at a time), whether its 16-token SSE2
 * loop or its scalar tail sees a token; and the tokenizer's fast loop must
 * copy each record's flags into kh_plainscan.segs when asked to.
 */
#include "testutil.h"

#include "analyze.h"

/* The next number of a small seeded generator (xorshift64). */
static uint64_t next_rand(uint64_t *x) {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* What kh_segment_mark() must write for token i of seg[0..n), and the
 * counts it must add up. */
static uint8_t ref_busy(const uint8_t *seg, size_t n, size_t i) {
    unsigned gap =
        i + 1 < n && (seg[i] & KH_SEG_GAP_A) && (seg[i + 1] & KH_SEG_GAP_B);
    unsigned b = (seg[i] & KH_SEG_BUSY ? 1 : 0) | (gap ? 3 : 0) |
                 (seg[i] & (KH_SEG_STOP | KH_SEG_LINE) ? 4 : 0);
    return (uint8_t)(i == 0 ? b | 1 : b);
}

/* Marks n random tokens in random pieces (as the analyzer does while the
 * tokens come) and compares every byte and both counts. */
static void check_marks(size_t n, uint64_t *x, unsigned flag_bias) {
    kh_segtok *toks = calloc(n + 1, sizeof *toks);
    uint8_t *seg = malloc(n + 1), *busy = malloc(n + 1);
    assert_non_null(toks);
    assert_non_null(seg);
    assert_non_null(busy);
    size_t dandas = 0, periods = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next_rand(x);
        /* flag_bias thins the rare flags out, so that long quiet runs
         * (the SSE2 loop's common case) come up too */
        seg[i] = (uint8_t)(r & (r >> 8 | (flag_bias ? r >> 16 : ~0ull)));
        toks[i].seg = seg[i];
        busy[i] = seg[i];
        dandas += (seg[i] & KH_SEG_DANDA) != 0;
        periods += i > 0 && (seg[i] & KH_SEG_PERIOD) &&
                   (seg[i - 1] & KH_SEG_DEVSCRIPT);
    }
    kh_segmark m = {0, 0, 0};
    /* the analyzer marks the tokens known so far, one short of the end */
    for (size_t have = 0; have < n;) {
        have += 1 + next_rand(x) % 40;
        if (have > n)
            have = n;
        kh_segment_mark(NULL, toks, have, 0, &m, busy);
    }
    kh_segment_mark(NULL, toks, n, 1, &m, busy);
    assert_int_equal(m.next, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(busy[i], ref_busy(seg, n, i));
    assert_int_equal(m.dandas, dandas);
    assert_int_equal(m.periods, periods);
    free(toks);
    free(seg);
    free(busy);
}

static void test_mark_random(void **state) {
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (size_t n = 1; n < 80; n++)
        check_marks(n, &x, 0);
    for (int round = 0; round < 200; round++)
        check_marks(1 + next_rand(&x) % 3000, &x, round & 1);
}

/* One call over the whole text in one go: the 16-token loop runs from
 * token 0 (no token before it). */
static void test_mark_one_call(void **state) {
    (void)state;
    uint64_t x = 12345;
    for (size_t n = 16; n < 70; n++) {
        kh_segtok toks[70];
        uint8_t seg[70], busy[70];
        for (size_t i = 0; i < n; i++)
            toks[i].seg = seg[i] = busy[i] = (uint8_t)next_rand(&x);
        kh_segmark m = {0, 0, 0};
        kh_segment_mark(NULL, toks, n, 1, &m, busy);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(busy[i], ref_busy(seg, n, i));
    }
}

/* The fast loop fills segs[k] with out[k].seg for every record it
 * writes, on text with words, punctuation, numbers and line breaks. */
static void test_plain_segs(void **state) {
    (void)state;
    const char *pieces[] = {"भारत", "मोदी", "ने",  "कहा",  "।",     ",",
                            ".",    "2025", "\n", "\n\n", "ज़िंदगी", "प्रधानमन्त्री",
                            "?",    "डॉ.",  "के",  "is",   "—"};
    size_t np = sizeof pieces / sizeof *pieces;
    uint64_t x = 77;
    char text[4096];
    kh_segtok out[512];
    uint8_t segs[512];
    for (int round = 0; round < 300; round++) {
        size_t len = 0;
        while (len < sizeof text - 64) {
            const char *p = pieces[next_rand(&x) % np];
            size_t pl = strlen(p);
            memcpy(text + len, p, pl);
            len += pl;
            text[len++] = ' ';
        }
        kh_plainscan scan;
        kh_plainscan_start(&scan);
        size_t pos = 0, got;
        while (pos < len) {
            memset(segs, 0xEE, sizeof segs);
            scan.segs = segs;
            size_t p =
                kh_next_plain_tokens(text, len, pos, out, 512, &got, &scan);
            for (size_t k = 0; k < got; k++)
                assert_int_equal(segs[k], out[k].seg);
            assert_int_equal(segs[got], 0xEE); /* nothing past the run */
            if (got == 0 || p == pos) {
                kh_rawtok rt;
                p = kh_next_token(text, len, p, &rt);
            }
            pos = p;
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mark_random),
        cmocka_unit_test(test_mark_one_call),
        cmocka_unit_test(test_plain_segs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
