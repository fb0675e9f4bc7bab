/*
 * test_analyze_norm.c — the normalizer's shortcut around utf8proc: a word
 * of ASCII, Devanagari and ZWJ/ZWNJ that holds none of the characters NFC
 * decomposes, composes or reorders (normalize.c, nfc_plain()) is folded
 * without utf8proc's NFC and case folding. That is exact only if utf8proc
 * changes nothing in such text but the case of ASCII letters: checked
 * here on random strings of exactly those characters, next to strings
 * with the excluded ones, where it must change something. And the norms
 * of a few such words, and of random Devanagari words against the rules.
 */
#include "testutil.h"

#include "analyze.h"

#include <utf8proc.h>

/* The next number of a small seeded generator (xorshift64). */
static uint64_t next_rand(uint64_t *x) {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Devanagari code points that nfc_plain() turns away. */
static int excluded(unsigned cp) {
    return cp == 0x929 || cp == 0x931 || cp == 0x934 || cp == 0x93C ||
           (cp >= 0x951 && cp <= 0x954) || (cp >= 0x958 && cp <= 0x95F);
}

/* Appends one random character of the shortcut's alphabet. */
static size_t put_char(char *o, uint64_t *x) {
    unsigned r = (unsigned)(next_rand(x) % 100);
    if (r < 10) /* ZWJ or ZWNJ */
        return kh_utf8_encode(r & 1 ? KH_ZWJ : KH_ZWNJ, o);
    if (r < 25) { /* ASCII: letters of both cases, digits, marks */
        static const char ascii[] = "aZbYc0x9M-.'";
        o[0] = ascii[next_rand(x) % (sizeof ascii - 1)];
        return 1;
    }
    unsigned cp;
    do
        cp = 0x900 + (unsigned)(next_rand(x) % 0x80);
    while (excluded(cp));
    return kh_utf8_encode(cp, o);
}

static void test_utf8proc_claim(void **state) {
    (void)state;
    uint64_t x = 0xC0FFEE;
    char word[128], lower[128];
    for (int round = 0; round < 200000; round++) {
        size_t n = 0, len = 1 + next_rand(&x) % 12;
        for (size_t k = 0; k < len; k++)
            n += put_char(word + n, &x);
        for (size_t k = 0; k < n; k++)
            lower[k] = word[k] >= 'A' && word[k] <= 'Z' ? (char)(word[k] + 32)
                                                        : word[k];
        utf8proc_uint8_t *mapped = NULL;
        utf8proc_ssize_t m = utf8proc_map(
            (const utf8proc_uint8_t *)word, (utf8proc_ssize_t)n, &mapped,
            UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
        assert_int_equal(m, (utf8proc_ssize_t)n);
        assert_memory_equal(mapped, lower, n);
        free(mapped);
    }
}

/* The excluded characters are excluded for a reason: here NFC changes
 * the text (so the check above can fail). */
static void test_excluded_change(void **state) {
    (void)state;
    const char *words[] = {
        "\xE0\xA4\xA8\xE0\xA4\xBC",             /* न + nukta -> U+0929 */
        "\xE0\xA5\x98",                         /* U+0958 -> क + nukta */
        "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xBC", /* virama, nukta: reordered */
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i]);
        utf8proc_uint8_t *mapped = NULL;
        utf8proc_ssize_t m = utf8proc_map(
            (const utf8proc_uint8_t *)words[i], (utf8proc_ssize_t)n, &mapped,
            UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
        assert_true(m >= 0);
        assert_true((size_t)m != n || memcmp(mapped, words[i], n) != 0);
        free(mapped);
    }
}

static void check_norm(const char *word, const char *want) {
    char out[256];
    size_t n = kh_normalize_word(word, strlen(word), 0, out, sizeof out);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(out, want, n);
}

static void test_zwj_words(void **state) {
    (void)state;
    check_norm("क्\u200dष", "क्ष");
    check_norm("\u200cकिया\u200d", "किया");
    check_norm("सम्\u200dबन्ध", "संबंध");   /* nasal + virama, ZWJ between */
    check_norm("ज़िं\u200dदगी", "जिंदगी"); /* nukta: through utf8proc */
    check_norm("ABC\u200dक", "abcक");
}

/* ---- the Devanagari fold, against its definition ---------------------
 * normalize.c folds a word of ASCII and Devanagari-block characters on
 * a fast path of its own (already_normal(), decode_deva(), fold()); here
 * the rules of its header are applied to the word's code points one by
 * one, as a reference, on random words of the characters they touch. */

static void ref_put(char *o, size_t *len, unsigned cp) {
    *len += kh_utf8_encode(cp, o + *len);
}

static unsigned ref_class_nasal(unsigned stop) {
    static const unsigned first[5] = {0x915, 0x91A, 0x91F, 0x924, 0x92A};
    static const unsigned nasal[5] = {0x919, 0x91E, 0x923, 0x928, 0x92E};
    for (int k = 0; k < 5; k++)
        if (stop >= first[k] && stop < first[k] + 4)
            return nasal[k];
    return 0;
}

static size_t ref_fold(const unsigned *cp, size_t k, char *o) {
    size_t len = 0;
    for (size_t i = 0; i < k; i++) {
        unsigned c = cp[i];
        if (c >= 0x958 && c <= 0x95F) { /* precomposed nukta letters */
            static const unsigned base[8] = {0x915, 0x916, 0x917, 0x91C,
                                             0x921, 0x922, 0x92B, 0x92F};
            ref_put(o, &len, base[c - 0x958]);
            if (c == 0x95C || c == 0x95D || c == 0x95F)
                ref_put(o, &len, 0x93C); /* ड़ ढ़ य़ keep it */
        } else if (c == 0x93C && i > 0 &&
                   (cp[i - 1] == 0x915 || cp[i - 1] == 0x916 ||
                    cp[i - 1] == 0x917 || cp[i - 1] == 0x91C ||
                    cp[i - 1] == 0x92B)) {
            /* क़ ख़ ग़ ज़ फ़ lose the nukta */
        } else if (c == 0x901) {
            ref_put(o, &len, 0x902);
        } else if (c >= 0x966 && c <= 0x96F) {
            ref_put(o, &len, '0' + (c - 0x966));
        } else if (i + 2 < k && cp[i + 1] == 0x94D &&
                   ref_class_nasal(cp[i + 2]) == c) {
            ref_put(o, &len, 0x902);
            i++; /* the virama goes too */
        } else {
            ref_put(o, &len, c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    return len;
}

static void test_deva_fold(void **state) {
    (void)state;
    /* the characters the rules touch, and some others */
    static const unsigned pool[] = {
        0x915, 0x916, 0x917, 0x91C, 0x92B, 0x921, 0x922, 0x92F, 0x919,
        0x91E, 0x923, 0x928, 0x92E, 0x918, 0x91A, 0x91F, 0x924, 0x927,
        0x92A, 0x92D, 0x930, 0x93C, 0x94D, 0x94D, 0x901, 0x902, 0x93F,
        0x940, 0x947, 0x958, 0x95B, 0x95C, 0x95D, 0x95E, 0x95F, 0x966,
        0x969, 0x96F, 0x964, 'a',   'Q',   '7',   '-'};
    uint64_t x = 0xBADC0DE;
    for (int round = 0; round < 300000; round++) {
        unsigned cps[16];
        char word[64], want[96], got[96];
        size_t k = 1 + next_rand(&x) % 12, n = 0;
        for (size_t i = 0; i < k; i++) {
            cps[i] = pool[next_rand(&x) % (sizeof pool / sizeof *pool)];
            n += kh_utf8_encode(cps[i], word + n);
        }
        size_t wl = ref_fold(cps, k, want);
        size_t gl = kh_normalize_word(word, n, 0, got, sizeof got);
        assert_int_equal(gl, wl);
        assert_memory_equal(got, want, wl);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8proc_claim),
        cmocka_unit_test(test_excluded_change),
        cmocka_unit_test(test_zwj_words),
        cmocka_unit_test(test_deva_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
