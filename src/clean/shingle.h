/*
 * shingle.h — the word-hash state machine behind kh_shingle (clean.h),
 * shared by the normalizer, which hashes a paragraph while it copies it
 * (ws.c), and kh_shingle_make, which hashes text cut later (dedup.c).
 * Both must give the same shingle for the same text: a word is a run of
 * letters, marks and digits folded as fold.c folds (no nukta, candrabindu
 * as anusvara, ASCII lowercased, ZWJ/ZWNJ ignored); spaces, punctuation,
 * dandas and other signs end it.
 */
#ifndef KH_SHINGLE_H
#define KH_SHINGLE_H

#include "clean.h"

#include <string.h>

/* The Devanagari code points (as U+0900 + index, index 0..127) that are
 * not simply hashed: candrabindu (0x01), nukta (0x3C), the precomposed
 * nukta letters (0x58..0x5F), danda and double danda (0x64, 0x65), the
 * digits (0x66..0x6F) and the abbreviation sign (0x70). */
#define DEVA_SPECIAL_LO ((1ull << 0x01) | (1ull << 0x3C))
#define DEVA_SPECIAL_HI                                                        \
    ((0xFFull << (0x58 - 64)) | (0xFFFull << (0x64 - 64)) |                    \
     (1ull << (0x70 - 64)))

/* The state of kh_shingle_make between characters. A word's hash h
 * starts at 0; `whole` adds up the words mixed with their positions, so
 * neither chain waits on more than one multiply per character. */
typedef struct shs {
    uint64_t h, whole;
    uint32_t *w;
    size_t count, deva, latin;
    unsigned in, digit;
} shs;

#define SH_MUL 1099511628211ull

/* A Devanagari character's unit in a word's hash: its last two bytes, the
 * first in the low byte, as a little-endian load of the character's
 * bytes 1-2 gives them (ws.c hashes straight from such a load). */
#define DEVA_UNIT(b1, b2) ((unsigned)(b1) | (unsigned)(b2) << 8)
#define SH_MIX 0x9E3779B97F4A7C15ull

/* The final form of a word's hash, and its share of `whole`. */
static inline uint64_t sh_final(uint64_t h) {
    return h ^ (h >> 29); /* the high bits reach the low ones */
}

static inline uint64_t sh_part(uint64_t hf, uint64_t pos) {
    uint64_t x = (hf + pos * 0xD6E8FEB86659FD93ull) * SH_MIX;
    return x ^ (x >> 31);
}

static inline void sh_add(shs *st, uint64_t unit) {
    st->h = (st->h ^ unit) * SH_MUL;
    st->in = 1;
}

static inline void sh_end(shs *st) {
    if (!st->in)
        return;
    uint64_t hf = sh_final(st->h);
    st->whole += sh_part(hf, st->count);
    st->w[st->count++] = (uint32_t)hf;
    st->h = 0;
    st->in = 0;
}

/* One character the fast loop does not take: Devanagari that folds or
 * ends a word, other scripts, punctuation, the last bytes. Returns the
 * offset after it. */
static inline size_t sh_slow(shs *st, const unsigned char *s, size_t n,
                             size_t i) {
    unsigned char c = s[i];
    if (c < 0x80) {
        unsigned lc = c | 0x20u;
        if (lc >= 'a' && lc <= 'z') {
            st->latin++;
            sh_add(st, lc);
        } else if (c >= '0' && c <= '9') {
            st->digit = 1;
            sh_add(st, c);
        } else {
            sh_end(st);
        }
        return i + 1;
    }
    if (c == 0xE0 && i + 2 < n && (s[i + 1] & 0xFE) == 0xA4) {
        unsigned b1 = s[i + 1], b2 = s[i + 2];
        unsigned idx = ((b1 & 1u) << 6) | (b2 & 0x3Fu); /* U+0900 + idx */
        if (idx == 0x3C) {
            st->deva++; /* nukta: folded away */
        } else if (idx == 0x01) {
            st->deva++;
            sh_add(st, DEVA_UNIT(0xA4, 0x82)); /* candrabindu as anusvara */
        } else if (idx >= 0x58 && idx <= 0x5F) {
            /* precomposed nukta letters to their base letters */
            static const unsigned char base[8] = {0x95, 0x96, 0x97, 0x9C,
                                                  0xA1, 0xA2, 0xAB, 0xAF};
            st->deva++;
            sh_add(st, DEVA_UNIT(0xA4, base[idx - 0x58]));
        } else if (idx >= 0x66 && idx <= 0x6F) {
            st->digit = 1; /* Devanagari digit */
            sh_add(st, DEVA_UNIT(b1, b2));
        } else if (idx == 0x64 || idx == 0x65 || idx == 0x70) {
            st->deva += idx == 0x70;
            sh_end(st); /* danda, double danda, abbreviation sign */
        } else {
            st->deva++;
            sh_add(st, DEVA_UNIT(b1, b2));
        }
        return i + 3;
    }
    if (c == 0xE0 && i + 2 < n) {
        sh_add(st, 0xE00000u | ((unsigned)s[i + 1] << 8) | s[i + 2]);
        return i + 3; /* other Indic scripts */
    }
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
        (s[i + 2] == 0x8C || s[i + 2] == 0x8D))
        return i + 3; /* ZWNJ, ZWJ: not part of the key */
    if (c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF) {
        sh_end(st); /* Latin-1 signs, punctuation, spaces, BOM */
        i++;
        while (i < n && (s[i] & 0xC0) == 0x80)
            i++;
        return i;
    }
    sh_add(st, c); /* other scripts' letters, byte by byte */
    return i + 1;
}

/* Starts a shingle of at most n bytes of text: words in the arena. */
static inline int sh_begin(shs *st, kh_arena *a, size_t n) {
    memset(st, 0, sizeof *st);
    /* at most one word per two bytes, and a slot to spare */
    st->w = kh_arena_alloc(a, (n / 2 + 2) * sizeof *st->w);
    return st->w ? 0 : -1;
}

/* A run of plain Devanagari letters and signs (most of a word) from s[i],
 * which is one, in a loop of its own: one multiply per letter, and the
 * loop's exit at the end of the word is the only branch that is hard to
 * predict. A sign that folds or ends the word goes to sh_slow. Returns the
 * offset after the run. */
static inline size_t sh_deva_run(shs *st, const unsigned char *s, size_t n,
                                 size_t i) {
    uint64_t h = st->h;
    size_t deva = 0;
    do {
        unsigned b1 = s[i + 1], b2 = s[i + 2];
        unsigned idx = ((b1 & 1u) << 6) | (b2 & 0x3Fu);
        uint64_t m = idx < 64 ? DEVA_SPECIAL_LO : DEVA_SPECIAL_HI;
        if (m >> (idx & 63) & 1)
            break;
        h = (h ^ DEVA_UNIT(b1, b2)) * SH_MUL;
        deva++;
        i += 3;
    } while (i + 2 < n && s[i] == 0xE0 && (s[i + 1] & 0xFE) == 0xA4);
    st->h = h;
    st->in |= deva > 0;
    st->deva += deva;
    if (i + 2 < n && s[i] == 0xE0 && (s[i + 1] & 0xFE) == 0xA4)
        i = sh_slow(st, s, n, i);
    return i;
}

/* Ends the last word and fills sh. */
static inline void sh_finish(shs *st, kh_shingle *sh) {
    sh_end(st);
    memset(sh, 0, sizeof *sh);
    for (size_t k = 0; k < st->count; k++) {
        uint64_t bit = 1ull << (st->w[k] & 63);
        sh->bits[(st->w[k] >> 8) & 3] |= bit;
        if (k && k + 1 < st->count)
            sh->inner[(st->w[k] >> 8) & 3] |= bit;
    }
    sh->words = st->w;
    sh->n_words = st->count;
    sh->whole = st->whole;
    sh->deva = st->deva;
    sh->latin = st->latin;
    sh->has_digit = (int)st->digit;
}

#endif /* KH_SHINGLE_H */
