/*
 * fuzz_analyze.c — libFuzzer target for the analyzer. Feeds arbitrary bytes
 * (valid UTF-8 or not) to kh_analyze under several flag sets and traps on
 * any broken promise of the public header:
 *
 *   - valid UTF-8 is analysed (KH_OK); anything else gives KH_ERR_UTF8 with
 *     a filled kh_error, never a crash
 *   - token spans lie inside the input (plus base_offset), in order, do not
 *     overlap, start and end on code point boundaries, and are never empty
 *     or whitespace only
 *   - sentences are non-empty runs of consecutive tokens that together
 *     cover every token, and their spans match their first and last tokens
 *   - norm/stem/roman/key are present exactly when configured, valid UTF-8,
 *     and of a sane length; hyphen parts lie inside their token
 *   - kh_utf8_repair gives valid UTF-8 (unchanged when the input was valid)
 *     that then analyses cleanly
 *   - the word helpers honour `cap` (exact-size heap buffers let ASan catch
 *     a write past it) and return the same length whatever cap is
 *   - the tokenizer's fast loop (kh_next_plain_tokens) cuts exactly the
 *     tokens kh_next_token cuts, takes only tokens whose norm is their
 *     text (or ends its run with a word whose norm it leaves to the
 *     caller), and stops where kh_next_token must go on; the sentence
 *     pass's flags it sets are those kh_seg_flags() computes
 *
 * Build and run: make test (when clang is installed), or
 *   make BUILD=build build/fuzz/fuzz_analyze &&
 *   build/fuzz/fuzz_analyze -max_total_time=60 tests/fuzz/corpus/fuzz_analyze
 */
#include "khabar.h"

#include "analyze.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond))                                                           \
            __builtin_trap();                                                  \
    } while (0)

/* An offset no real input reaches, to see it added to every span. */
#define BASE ((size_t)1000003)

/* A generous ceiling for a derived form of an n-byte token: Unicode
 * normalization and case folding can grow text many times over (one
 * Arabic ligature becomes 18 letters), but never without bound. */
#define SANE_LEN(n) (32 * (n) + 64)

/* Unicode White_Space characters. */
static int is_space_cp(uint32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Decodes one code point of valid UTF-8 (already checked by the caller). */
static size_t decode(const uint8_t *s, size_t n, uint32_t *cp) {
    if (s[0] < 0x80 || n < 2) {
        *cp = s[0];
        return 1;
    }
    if (s[0] < 0xE0) {
        *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (s[0] < 0xF0 || n < 4) {
        *cp = n < 3 ? 0xFFFD
                    : ((uint32_t)(s[0] & 0x0F) << 12) |
                          ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return n < 3 ? n : 3;
    }
    *cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
          ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
}

static int whitespace_only(const uint8_t *s, size_t n) {
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += decode(s + i, n - i, &c);
        if (!is_space_cp(c))
            return 0;
    }
    return 1;
}

static int is_cont(uint8_t b) {
    return (b & 0xC0) == 0x80;
}

/* A derived form: absent (NULL) exactly when its flag is off; otherwise
 * valid UTF-8 of sane length, every byte readable (ASan checks that). */
static void check_form(const char *s, size_t n, int wanted, size_t tok_len) {
    if (!wanted) {
        CHECK(s == NULL);
        return;
    }
    if (!s) {
        CHECK(n == 0);
        return;
    }
    CHECK(n <= SANE_LEN(tok_len));
    size_t bad;
    CHECK(kh_utf8_check(s, n, &bad) == KH_OK);
}

static void check_error(kh_status st, const kh_error *err) {
    CHECK(kh_status_name(st) != NULL);
    CHECK(err->code == st);
    CHECK(memchr(err->message, '\0', sizeof err->message) != NULL);
    CHECK(err->message[0] != '\0');
}

static void check_parts(const kh_doc *doc, size_t i, const kh_token *t,
                        unsigned flags) {
    size_t prev = t->start;
    for (unsigned p = 0; p < t->n_parts && t->n_parts > 1; p++) {
        const kh_part *pt = kh_doc_token_part(doc, i, p);
        CHECK(pt != NULL);
        CHECK(prev <= pt->start && pt->start < pt->end && pt->end <= t->end);
        size_t pl = pt->end - pt->start;
        CHECK(pt->norm != NULL || pt->norm_len == 0);
        check_form(pt->norm, pt->norm_len, 1, pl);
        check_form(pt->stem, pt->stem_len, flags & KH_ANALYZE_STEMS, pl);
        check_form(pt->roman, pt->roman_len, flags & KH_ANALYZE_ROMAN, pl);
        check_form(pt->key, pt->key_len, flags & KH_ANALYZE_KEYS, pl);
        prev = pt->end;
    }
    CHECK(kh_doc_token_part(doc, i, t->n_parts > 1 ? t->n_parts : 1) == NULL);
    CHECK(kh_doc_token_part(doc, kh_doc_token_count(doc), 0) == NULL);
}

/* Every invariant of one analysed buffer text[0, len) given at `base`. */
static void check_doc(const kh_doc *doc, const uint8_t *text, size_t len,
                      size_t base, unsigned flags) {
    size_t n = kh_doc_token_count(doc), ns = kh_doc_sentence_count(doc);
    CHECK(n <= len);
    CHECK((n == 0) == (ns == 0));
    size_t prev_end = base;
    for (size_t i = 0; i < n; i++) {
        const kh_token *t = kh_doc_token(doc, i);
        CHECK(t != NULL);
        CHECK(t->start >= prev_end && t->start < t->end &&
              t->end <= base + len);
        prev_end = t->end;
        const uint8_t *s = text + (t->start - base);
        size_t tl = t->end - t->start;
        CHECK(!is_cont(s[0]));
        CHECK(t->end == base + len || !is_cont(s[tl]));
        CHECK(!whitespace_only(s, tl));
        CHECK((unsigned)t->type <= KH_TOKEN_OTHER);
        CHECK((unsigned)t->script <= KH_SCRIPT_OTHER);
        CHECK(kh_token_type_name(t->type) && kh_script_name(t->script));
        CHECK(t->norm != NULL || t->norm_len == 0);
        check_form(t->norm, t->norm_len, 1, tl);
        check_form(t->stem, t->stem_len, flags & KH_ANALYZE_STEMS, tl);
        check_form(t->roman, t->roman_len, flags & KH_ANALYZE_ROMAN, tl);
        check_form(t->key, t->key_len, flags & KH_ANALYZE_KEYS, tl);
        check_parts(doc, i, t, flags);
    }
    size_t next = 0;
    for (size_t k = 0; k < ns; k++) {
        const kh_sentence *s = kh_doc_sentence(doc, k);
        CHECK(s != NULL);
        CHECK(s->first_token == next && s->n_tokens > 0 &&
              s->n_tokens <= n - next);
        const kh_token *first = kh_doc_token(doc, s->first_token);
        const kh_token *last = kh_doc_token(doc, next + s->n_tokens - 1);
        CHECK(s->start == first->start && s->end == last->end);
        for (size_t i = next; i < next + s->n_tokens; i++)
            CHECK(!!kh_doc_token(doc, i)->sentence_start == (i == next));
        next += s->n_tokens;
    }
    CHECK(next == n);
}

/* Analyses text[0, len) with `flags`; checks the status against UTF-8
 * validity and, on success, every invariant. */
static void analyze_and_check(const uint8_t *text, size_t len, size_t base,
                              unsigned flags, int valid) {
    kh_error err = {0};
    kh_analyzer_options opts = {.flags = flags};
    kh_analyzer *an = NULL;
    kh_doc *doc = NULL;
    CHECK(kh_analyzer_new(&opts, &an, &err) == KH_OK && an);
    CHECK(kh_doc_new(&doc, &err) == KH_OK && doc);
    /* twice into the same doc: reuse must replace, not append */
    for (int round = 0; round < 2; round++) {
        kh_status st = kh_analyze(an, doc, (const char *)text, len, base, &err);
        if (!valid) {
            CHECK(st == KH_ERR_UTF8);
            check_error(st, &err);
            break;
        }
        CHECK(st == KH_OK);
        check_doc(doc, text, len, base, flags);
    }
    kh_doc_free(doc);
    kh_analyzer_free(an);
}

/* One word helper with caps 0, 1, 2, 5 and the full length, each into a
 * heap buffer of exactly that size. */
typedef size_t (*word_fn)(const char *w, size_t n, unsigned flags, char *out,
                          size_t cap);

static size_t norm_fn(const char *w, size_t n, unsigned flags, char *out,
                      size_t cap) {
    return kh_normalize_word(w, n, flags, out, cap);
}
static size_t roman_fn(const char *w, size_t n, unsigned flags, char *out,
                       size_t cap) {
    (void)flags;
    return kh_romanize_word(w, n, out, cap);
}
static size_t key_fn(const char *w, size_t n, unsigned flags, char *out,
                     size_t cap) {
    (void)flags;
    return kh_phonetic_key(w, n, out, cap);
}

static void check_word_fn(word_fn fn, const char *w, size_t n, unsigned flags) {
    static const size_t caps[] = {0, 1, 2, 5};
    char guard = 0x5A; /* cap 0: nothing may be written */
    size_t need = fn(w, n, flags, &guard, 0);
    CHECK(guard == 0x5A);
    CHECK(need <= SANE_LEN(n));
    for (size_t k = 1; k < sizeof caps / sizeof caps[0]; k++) {
        char *out = malloc(caps[k]);
        CHECK(out != NULL);
        CHECK(fn(w, n, flags, out, caps[k]) == need);
        free(out);
    }
    char *out = malloc(need ? need : 1);
    CHECK(out != NULL);
    CHECK(fn(w, n, flags, out, need) == need);
    size_t bad;
    CHECK(kh_utf8_check(out, need, &bad) == KH_OK);
    free(out);
}

static void check_words(const kh_doc *doc, const char *text, size_t len,
                        unsigned flags) {
    size_t n = kh_doc_token_count(doc);
    for (size_t i = 0; i < n && i < 16; i++) {
        const kh_token *t = kh_doc_token(doc, i);
        const char *w = text + t->start;
        size_t wl = t->end - t->start;
        check_word_fn(norm_fn, w, wl, flags);
        check_word_fn(roman_fn, w, wl, flags);
        check_word_fn(key_fn, w, wl, flags);
    }
    /* also a whole stretch of text, not one token: must not crash either */
    size_t cut = len < 200 ? len : 200;
    while (cut < len && cut > 0 && is_cont((uint8_t)text[cut]))
        cut--;
    check_word_fn(norm_fn, text, cut, flags);
    check_word_fn(roman_fn, text, cut, flags);
    check_word_fn(key_fn, text, cut, flags);
}

/* The fast loop against kh_next_token over the raw bytes, in runs of at
 * most `cap` tokens. */
static void check_fast_loop(const char *text, size_t n, size_t cap) {
    kh_segtok run[16];
    size_t pos = 0, ref = 0;
    kh_rawtok a, b;
    kh_plainscan scan;
    kh_plainscan_start(&scan);
    for (;;) {
        size_t got;
        pos = kh_next_plain_tokens(text, n, pos, run, cap, &got, &scan);
        CHECK(got <= cap);
        for (size_t k = 0; k < got; k++) {
            ref = kh_next_token(text, n, ref, &a);
            CHECK(run[k].start == a.start && run[k].end == a.end);
            CHECK(run[k].type == a.type && run[k].script == a.script);
            CHECK(run[k].newlines_before == a.newlines_before &&
                  run[k].blank_before == a.blank_before);
            CHECK(run[k].seg == kh_seg_flags(text, &run[k]));
            CHECK(!a.abbrev && !a.n_parts && !a.invalid);
            if (run[k].norm_off == KH_NORM_PENDING) {
                CHECK(run[k].type == KH_TOKEN_WORD && !a.clean && k + 1 == got);
                continue;
            }
            CHECK(run[k].norm_off == KH_SAME);
            if (!a.clean) {
                char buf[64];
                int same = 0;
                kh_norm(text + a.start, a.end - a.start, 0, buf, sizeof buf,
                        &same);
                CHECK(same);
            }
        }
        if (got == cap || (got && run[got - 1].norm_off == KH_NORM_PENDING))
            continue;
        pos = kh_next_token(text, n, pos, &b);
        ref = kh_next_token(text, n, ref, &a);
        CHECK(pos == ref && b.start == a.start && b.end == a.end &&
              b.newlines_before == a.newlines_before);
        if (b.end == b.start)
            break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t bad = 0;
    int valid = kh_utf8_check((const char *)data, size, &bad) == KH_OK;
    CHECK(valid || bad < size);

    analyze_and_check(data, size, 0, 0, valid);
    check_fast_loop((const char *)data, size, 16);
    check_fast_loop((const char *)data, size, 1 + size % 3);
    analyze_and_check(data, size, BASE, KH_ANALYZE_ALL | KH_ANALYZE_FOLD_VOWELS,
                      valid);
    analyze_and_check(data, size, 0, KH_ANALYZE_ALL | KH_ANALYZE_WRAPPED,
                      valid);

    char *fixed = malloc(3 * size + 1);
    CHECK(fixed != NULL);
    size_t m = kh_utf8_repair((const char *)data, size, fixed);
    CHECK(m <= 3 * size);
    CHECK(kh_utf8_check(fixed, m, &bad) == KH_OK);
    if (valid)
        CHECK(m == size && !memcmp(fixed, data, size));
    analyze_and_check((const uint8_t *)fixed, m, 0, KH_ANALYZE_ALL, 1);

    /* word helpers on the tokens of the repaired text */
    kh_error err = {0};
    kh_analyzer *an = NULL;
    kh_doc *doc = NULL;
    CHECK(kh_analyzer_new(NULL, &an, &err) == KH_OK);
    CHECK(kh_doc_new(&doc, &err) == KH_OK);
    CHECK(kh_analyze(an, doc, fixed, m, 0, &err) == KH_OK);
    check_words(doc, fixed, m,
                size && (data[0] & 1) ? KH_ANALYZE_FOLD_VOWELS : 0);
    kh_doc_free(doc);
    kh_analyzer_free(an);
    free(fixed);
    return 0;
}
