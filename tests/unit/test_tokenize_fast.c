/*
 * test_tokenize_fast.c — the tokenizer's fast loop (kh_next_plain_tokens)
 * against the one-token-at-a-time tokenizer (kh_next_token): on generated
 * text of every kind of character the two must cut the same tokens, the
 * fast loop may only take tokens whose norm is their text (or end its run
 * with a word whose norm it leaves to the caller), and it must stop exactly
 * where kh_next_token has to go on. The cases near 16-byte
 * windows (words of every length, viramas after nasals, nukta) cover the
 * SSE2 letter scan, the long runs of spaced words its 64-byte blocks.
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

/* Tokenizes text both ways and compares; `cap` bounds each fast run;
 * `carry`: the fast loop keeps its block from one call to the next. */
static void compare_scan(const char *text, size_t n, size_t cap, int carry) {
    kh_segtok run[64];
    size_t pos = 0, ref = 0;
    kh_rawtok a, b;
    kh_plainscan scan;
    kh_plainscan_start(&scan);
    for (;;) {
        size_t got;
        size_t p = kh_next_plain_tokens(text, n, pos, run, cap, &got,
                                        carry ? &scan : NULL);
        assert_true(got <= cap);
        for (size_t k = 0; k < got; k++) {
            const kh_segtok *t = &run[k];
            ref = kh_next_token(text, n, ref, &a);
            assert_int_equal(t->start, a.start);
            assert_int_equal(t->end, a.end);
            assert_int_equal(t->type, a.type);
            assert_int_equal(t->script, a.script);
            assert_int_equal(t->abbrev, a.abbrev);
            assert_int_equal(t->n_parts, a.n_parts);
            assert_int_equal(t->newlines_before, a.newlines_before);
            assert_int_equal(t->blank_before, a.blank_before);
            /* the flags the fast loop sets branch by branch are those
             * kh_seg_flags() computes for the slow path's tokens */
            assert_int_equal(t->seg, kh_seg_flags(text, t));
            assert_false(a.invalid);
            if (t->norm_off == KH_NORM_PENDING) {
                /* a word whose norm the caller computes ends the run */
                assert_int_equal(t->type, KH_TOKEN_WORD);
                assert_false(a.clean);
                assert_int_equal(k + 1, got);
                continue;
            }
            assert_int_equal(t->norm_off, KH_SAME);
            if (!a.clean) { /* a number or a mark: its norm is its text */
                char buf[64];
                int same = 0;
                kh_norm(text + a.start, a.end - a.start, 0, buf, sizeof buf,
                        &same);
                assert_true(same);
            }
            if (t->type == KH_TOKEN_WORD && t->script == KH_SCRIPT_DEVANAGARI)
                assert_int_equal(
                    t->shape,
                    kh_shape_hash((const unsigned char *)text + t->start,
                                  t->end - t->start));
        }
        pos = p;
        if (got == cap || (got && run[got - 1].norm_off == KH_NORM_PENDING))
            continue;
        /* the fast loop stopped: kh_next_token goes on from there */
        pos = kh_next_token(text, n, pos, &b);
        ref = kh_next_token(text, n, ref, &a);
        assert_int_equal(pos, ref);
        assert_int_equal(b.start, a.start);
        assert_int_equal(b.end, a.end);
        assert_int_equal(b.newlines_before, a.newlines_before);
        if (b.end == b.start)
            break;
    }
}

/* ... with the fast loop's block carried from call to call, and not. */
static void compare(const char *text, size_t n, size_t cap) {
    compare_scan(text, n, cap, 1);
    compare_scan(text, n, cap, 0);
}

static void check(const char *text) {
    for (size_t cap = 1; cap <= 64; cap *= 4)
        compare(text, strlen(text), cap);
}

static void test_fixed(void **state) {
    (void)state;
    check("भारत सरकार ने कहा। मोदी, शाह और पहलगाम\n\nजम्मू-कश्मीर में 5,000 "
          "लोग (2.5%) आए... क्या? हाँ! डॉ. एस. के. शर्मा 80वीं बार ज़रूर "
          "आए। \"उन्होंने\" कहा-सुना 10:30 बजे 2013-2014 में #टैग @user "
          "www.abc.in a@b.co.in U.S. Dr. २०२५ ,, -- ?? ।। | x");
    check("5.x 5. 5, 5.५ 5x 5- 5-6 55 5 ( ) [\"क\"] क,ख क।ख क॥ ख ।");
    check("पञ्च अन्त गङ्गा सम्बन्ध कण्ठ ड़ ढ़ क़ ख़ क़ौन वाङ्मय प्रधानमंत्री"
          "ों अंतर्राष्ट्रीय स्वतंत्रता\tक\u00a0ख\r\nग");
}

/* Words of 1 to 14 letters drawn from plain letters, viramas, class
 * nasals and nukta, at every offset from the buffer's end. */
static void test_windows(void **state) {
    (void)state;
    static const char *const letters[] = {"क", "ा", "्",  "न", "म", "ङ",     "ञ",
                                          "ण", "ड", "़",  "ं",  "ँ",  "ि",     "र",
                                          "ॉ", "०", "।", "क़", "ॐ", "\u200d"};
    const size_t nl = sizeof letters / sizeof *letters;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    char buf[256];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        unsigned words = 1 + next_rand(&x) % 4;
        for (unsigned w = 0; w < words; w++) {
            unsigned k = 1 + next_rand(&x) % 14;
            for (unsigned i = 0; i < k; i++) {
                /* mostly plain letters, so that long runs occur */
                const char *l = next_rand(&x) % 3 ? letters[next_rand(&x) % 2]
                                                  : letters[next_rand(&x) % nl];
                size_t ll = strlen(l);
                memcpy(buf + len, l, ll);
                len += ll;
            }
            static const char seps[] = " \n,.";
            if (w + 1 < words || next_rand(&x) % 2)
                buf[len++] = seps[next_rand(&x) % 4];
        }
        buf[len] = 0;
        compare(buf, len, 64);
        compare(buf, len, 1);
    }
}

/* Long runs of words after single spaces, the block scan's case: words of
 * 1 to 24 letters (some past a 64-byte block's end), mostly plain, with
 * the letters that stop a plain word (class nasal + virama, nukta,
 * candrabindu, danda, digits, ZWJ) and other separators mixed in. */
static void test_blocks(void **state) {
    (void)state;
    static const char *const letters[] = {
        "क", "ा", "्",  "न", "म", "ङ", "ञ", "ण", "ड", "़",       "ं",
        "ँ",  "ि", "र", "ॉ", "०", "।", "॥", "क़", "ॐ", "\u200d", "ऩ",
        "ृ",  "ॠ", "े",  "ी", "ए", "स", "ई", "अ", "ज", "ओ"};
    static const char *const seps[] = {
        " ",  " ",  " ",  " ", " ",    " ", " ",  " ",   "\n", ",", "।",
        " ।", "  ", ". ", "-", "\n\n", ".", "..", ".\n", ".क", ",,"};
    const size_t nl = sizeof letters / sizeof *letters;
    const size_t ns = sizeof seps / sizeof *seps;
    uint64_t x = 0x853C49E6748FEA9Bull;
    char buf[4096];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        unsigned rare = 2 + next_rand(&x) % 30; /* 1 letter in `rare` */
        while (len < sizeof buf - 256) {
            unsigned k = 1 + next_rand(&x) % (next_rand(&x) % 4 ? 6 : 24);
            for (unsigned i = 0; i < k; i++) {
                const char *l = next_rand(&x) % rare
                                    ? letters[next_rand(&x) % 4]
                                    : letters[next_rand(&x) % nl];
                size_t ll = strlen(l);
                memcpy(buf + len, l, ll);
                len += ll;
            }
            const char *sp = next_rand(&x) % 4 ? " " : seps[next_rand(&x) % ns];
            memcpy(buf + len, sp, strlen(sp));
            len += strlen(sp);
            if (next_rand(&x) % 64 == 0)
                break;
        }
        buf[len] = 0;
        compare(buf, len, 64);
        if (round % 8 == 0)
            compare(buf, len, 1 + next_rand(&x) % 64);
    }
}

/* Random text from pieces of every token kind. */
static void test_random(void **state) {
    (void)state;
    static const char *const pieces[] = {
        "भारत",  "सरकार", "ने",    "का",   "प्रधानमंत्री", "हैं",       "पहुँच",
        "ज़रूर",   "क्ष",    "न्द",   "म्ब",   "ड़",         " ",       " ",
        " ",     "\n",    "\n\n", "\t",   ",",         ".",       "।",
        "॥",     "?",     "!",    "-",    "(",         ")",       "\"",
        "'",     "…",     "“",    "”",    "5",         "12",      "2.5",
        "5,000", "१२",    "80वीं", "10th", "$5",        "₹",       "a",
        "Delhi", "U.S.",  "डॉ.",  "के.",   "#",         "@",       "_",
        "|",     "*",     "=",    "%",    "\u00a0",    "\u200c",  "\u200d",
        "😀",     "é",     "中",   "\x01", "\xff",      "\xe0\xa4"};
    const size_t np = sizeof pieces / sizeof *pieces;
    uint64_t x = 0x2545F4914F6CDD1Dull;
    char buf[512];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        unsigned k = next_rand(&x) % 40;
        for (unsigned i = 0; i < k; i++) {
            const char *p = pieces[next_rand(&x) % np];
            size_t pl = strlen(p);
            memcpy(buf + len, p, pl);
            len += pl;
        }
        buf[len] = 0;
        compare(buf, len, 1 + next_rand(&x) % 64);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
