/*
 * test_analyze_cache.c — the analyzer's word cache changes no result: a
 * doc reused over many calls (a warm cache, emptied when it fills) gives
 * every token the stem, romanization and key that a fresh doc gives it.
 * The words cover those kept in a cache entry (up to 24 bytes: lengths
 * 23, 24, 25 are all there), longer ones kept in the cache's arena, and
 * long words that agree in their first 24 bytes and differ after. And
 * kh_same_short(), the caches' branch-free comparison of short words,
 * against kh_same_bytes(), and kh_load24() against kh_load24_exact()
 * (the word hash takes either).
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

static int same_form(const char *a, size_t an, const char *b, size_t bn) {
    if (!a || !b)
        return a == b;
    return an == bn && memcmp(a, b, an) == 0;
}

/* Analyzes text with the warm doc and with a fresh one; every form of
 * every token must agree. */
static void compare_docs(const kh_analyzer *an, kh_doc *warm, const char *given,
                         size_t n) {
    kh_error err = {0};
    kh_doc *cold = NULL;
    /* a buffer of exactly n bytes, so that the sanitizers see any read
     * past the text */
    char *text = malloc(n ? n : 1);
    assert_non_null(text);
    memcpy(text, given, n);
    assert_int_equal(kh_doc_new(&cold, &err), KH_OK);
    assert_int_equal(kh_analyze(an, warm, text, n, 0, &err), KH_OK);
    assert_int_equal(kh_analyze(an, cold, text, n, 0, &err), KH_OK);
    size_t nt = kh_doc_token_count(cold);
    assert_int_equal(kh_doc_token_count(warm), nt);
    for (size_t i = 0; i < nt; i++) {
        const kh_token *a = kh_doc_token(warm, i), *b = kh_doc_token(cold, i);
        assert_int_equal(a->start, b->start);
        assert_int_equal(a->end, b->end);
        assert_true(same_form(a->norm, a->norm_len, b->norm, b->norm_len));
        assert_true(same_form(a->stem, a->stem_len, b->stem, b->stem_len));
        assert_true(same_form(a->roman, a->roman_len, b->roman, b->roman_len));
        assert_true(same_form(a->key, a->key_len, b->key, b->key_len));
    }
    kh_doc_free(cold);
    free(text);
}

static void test_cache_forms(void **state) {
    (void)state;
    /* byte lengths in the comments */
    const char *words[] = {"के",
                           "में",
                           "मोदी",
                           "सरकार",
                           "प्रधानमंत्री",     /* 36 */
                           "अंतरराष्ट्रीय",    /* 39 */
                           "अंतरराष्ट्रीयता",  /* 45 */
                           "अंतरराष्ट्रीयकरण", /* 48 */
                           "लड़कियाँ",
                           "ज़िंदगी",
                           "कार्यकर्ताओं",                 /* nukta, candrabindu */
                           "abcdefghijklmnopqrstuvw",   /* 23 */
                           "abcdefghijklmnopqrstuvwx",  /* 24 */
                           "abcdefghijklmnopqrstuvwxy", /* 25 */
                           "abcdefghijklmnopqrstuvwxz", /* 25, differs last */
                           "Running",
                           "running",
                           "runs",
                           "घरों",
                           "घर"};
    size_t nw = sizeof words / sizeof *words;
    kh_error err = {0};
    kh_analyzer_options opts = {.flags = KH_ANALYZE_ALL};
    kh_analyzer *an = NULL;
    kh_doc *warm = NULL;
    assert_int_equal(kh_analyzer_new(&opts, &an, &err), KH_OK);
    assert_int_equal(kh_doc_new(&warm, &err), KH_OK);
    uint64_t x = 99;
    char text[8192];
    for (int round = 0; round < 400; round++) {
        size_t len = 0;
        while (len < sizeof text - 256) {
            const char *w = words[next_rand(&x) % nw];
            size_t wl = strlen(w);
            memcpy(text + len, w, wl);
            len += wl;
            /* new words now and then, so that the cache fills up too */
            if (next_rand(&x) % 4 == 0)
                len += (size_t)snprintf(text + len, 32, "ज%u",
                                        (unsigned)(next_rand(&x) % 100000));
            text[len++] = next_rand(&x) % 10 ? ' ' : '\n';
        }
        compare_docs(an, warm, text, len);
        /* and ending in a short word, no line break after it */
        memcpy(text + len, "के घर", strlen("के घर"));
        compare_docs(an, warm, text, len + strlen("के घर"));
    }
    kh_doc_free(warm);
    kh_analyzer_free(an);
}

/* Every length up to 24 and a difference at every place, inside the
 * length (must count) and past it (must not). */
static void test_same_short(void **state) {
    (void)state;
    char a[32], b[32];
    uint64_t x = 4242;
    for (size_t n = 0; n <= 24; n++)
        for (int diff = -1; diff < 32; diff++)
            for (int round = 0; round < 20; round++) {
                for (size_t k = 0; k < sizeof a; k++)
                    a[k] = b[k] = (char)next_rand(&x);
                if (diff >= 0)
                    b[diff] = (char)(a[diff] ^ (1 + next_rand(&x) % 255));
                int want = diff < 0 || (size_t)diff >= n;
                assert_int_equal(kh_same_bytes(a, b, n), want);
                assert_int_equal(kh_same_short(a, b, n), want);
                /* the word hash reads either way and must agree */
                uint64_t w1[3], w2[3];
                kh_load24((const unsigned char *)a, n, w1);
                kh_load24_exact((const unsigned char *)a, n, w2);
                assert_memory_equal(w1, w2, sizeof w1);
            }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_short),
        cmocka_unit_test(test_cache_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
