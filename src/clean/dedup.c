/*
 * dedup.c — repeated paragraphs inside one article. Scraped pages repeat
 * the standfirst as the first body paragraph, or a paragraph twice with a
 * changed comma or space; both are caught by comparing folded words,
 * ignoring punctuation and spacing. Word hashes are kept sorted so two
 * paragraphs are compared in one merge pass.
 */
#include "clean.h"
#include "shingle.h"

#include <stdlib.h>
#include <string.h>

/* Is cp part of a word (letters, marks, digits) rather than a separator? */
static int word_cp(uint32_t cp) {
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') ||
               ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp == 0x0964 || cp == 0x0965 || cp == 0x0970)
        return 0; /* danda, double danda, abbreviation sign */
    if (cp <= 0xBF || (cp >= 0x2000 && cp <= 0x206F) ||
        (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFFFD)
        return 0;
    return 1;
}

/* Next word of s at or after *i: its span in s. Returns 0 at the end. */
static int next_word(const char *s, size_t n, size_t *i, size_t *ws,
                     size_t *we) {
    const unsigned char *p = (const unsigned char *)s;
    size_t k = *i;
    uint32_t cp;
    while (k < n) {
        unsigned l = kh_cl_decode(p + k, n - k, &cp);
        if (word_cp(cp))
            break;
        k += l;
    }
    if (k >= n) {
        *i = n;
        return 0;
    }
    *ws = k;
    while (k < n) {
        unsigned l = kh_cl_decode(p + k, n - k, &cp);
        if (!word_cp(cp))
            break;
        k += l;
    }
    *we = k;
    *i = k;
    return 1;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Word hashes in one pass over the bytes (shingle.h): the paragraphs the
 * normalizer did not hash while it copied them, because a step after it
 * cut them. */
int kh_shingle_make(kh_arena *a, const char *str, size_t n, kh_shingle *sh) {
    const unsigned char *s = (const unsigned char *)str;
    shs st;
    if (sh_begin(&st, a, n))
        return -1;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c == 0xE0 && i + 2 < n && (s[i + 1] & 0xFE) == 0xA4) {
            i = sh_deva_run(&st, s, n, i);
            continue;
        }
        if (c == ' ') {
            sh_end(&st);
            i++;
            continue;
        }
        i = sh_slow(&st, s, n, i);
    }
    sh_finish(&st, sh);
    return 0;
}

static int popcount4(const uint64_t *b) {
    return __builtin_popcountll(b[0]) + __builtin_popcountll(b[1]) +
           __builtin_popcountll(b[2]) + __builtin_popcountll(b[3]);
}

int kh_shingle_maybe_within(const kh_shingle *part, const kh_shingle *whole) {
    /* Only the inner words: found inside a longer text, the first and
     * last words of `part` may be glued to the text around them
     * ("...हमलाशासकीय ..."), so they need not be words of `whole`. */
    for (int k = 0; k < 4; k++)
        if (part->inner[k] & ~whole->bits[k])
            return 0;
    return part->n_words > 0;
}

int kh_shingle_dup(kh_shingle *a, kh_shingle *b) {
    if (!a->n_words || !b->n_words)
        return 0;
    if (a->whole == b->whole && a->n_words == b->n_words)
        return 1;
    size_t big = a->n_words > b->n_words ? a->n_words : b->n_words;
    size_t small = a->n_words + b->n_words - big;
    /* Short paragraphs must repeat exactly: "यह रहेगा शेड्यूल" twice in a
     * live blog may be two different schedules. */
    if (big < 8 || small * 10 < big * 9)
        return 0;
    /* The bit sets rule most pairs out without touching the words, and
     * only pairs the full test would reject: each bit of a that b lacks
     * stands for at least one word of a that b does not have, so at most
     * na - (pa - both) words are shared. */
    uint64_t both[4];
    for (int k = 0; k < 4; k++)
        both[k] = a->bits[k] & b->bits[k];
    size_t pboth = (size_t)popcount4(both);
    size_t only_a = (size_t)popcount4(a->bits) - pboth;
    size_t only_b = (size_t)popcount4(b->bits) - pboth;
    if ((a->n_words - only_a) * 10 < big * 9 ||
        (b->n_words - only_b) * 10 < big * 9)
        return 0;
    if (!a->sorted) {
        qsort(a->words, a->n_words, sizeof *a->words, cmp_u32);
        a->sorted = 1;
    }
    if (!b->sorted) {
        qsort(b->words, b->n_words, sizeof *b->words, cmp_u32);
        b->sorted = 1;
    }
    size_t i = 0, j = 0, common = 0;
    while (i < a->n_words && j < b->n_words) {
        if (a->words[i] == b->words[j])
            common++, i++, j++;
        else if (a->words[i] < b->words[j])
            i++;
        else
            j++;
    }
    return common * 10 >= big * 9;
}

int kh_text_starts_with(const char *para, size_t pn, const char *head,
                        size_t hn, size_t *skip) {
    size_t i = 0, j = 0, pws, pwe, hws, hwe, words = 0;
    char a[256], b[256];
    while (next_word(head, hn, &j, &hws, &hwe)) {
        if (!next_word(para, pn, &i, &pws, &pwe))
            return 0;
        size_t la = kh_fold(para + pws, pwe - pws, a, sizeof a);
        size_t lb = kh_fold(head + hws, hwe - hws, b, sizeof b);
        if (la != lb || memcmp(a, b, la))
            return 0;
        words++;
    }
    if (!words)
        return 0;
    /* Skip the punctuation that closed the repeated part, then spaces. */
    const unsigned char *p = (const unsigned char *)para;
    while (i < pn) {
        uint32_t cp;
        unsigned l = kh_cl_decode(p + i, pn - i, &cp);
        if (word_cp(cp) || cp == ' ' || cp == '(' || cp == '"' ||
            cp == 0x2018 || cp == 0x201C)
            break;
        i += l;
    }
    while (i < pn && para[i] == ' ')
        i++;
    *skip = i;
    return 1;
}
