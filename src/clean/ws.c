/*
 * ws.c — whitespace and invisible characters normalized, words untouched.
 * Scrapes carry NBSPs, zero-width spaces, soft hyphens, tabs and CRs that
 * break matching and duplicate detection downstream; ZWJ and ZWNJ stay
 * because they choose Devanagari conjunct shapes (दिल्‍ली).
 *
 * This runs over every byte of input and must keep the plain-text path
 * above 200 MB/s, so it also validates the UTF-8 it copies: the text
 * reader then needs no separate validation pass. Printable ASCII and
 * Devanagari (E0 A4/A5 xx) take a short path; everything else is decoded
 * and checked as core/utf8.c does (no overlongs, surrogates or NUL).
 */
#include "clean.h"
#include "shingle.h"

#include <string.h>

/* 0: copy, 1: becomes a space, 2: removed. */
static int class_of(uint32_t cp) {
    switch (cp) {
    case 0x00A0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x2028:
    case 0x2029: return 1;
    case 0x00AD:
    case 0x180E:
    case 0x200B:
    case 0x200E:
    case 0x200F:
    case 0x2060:
    case 0x2061:
    case 0x2062:
    case 0x2063:
    case 0x2064:
    case 0xFEFF: return 2;
    default: break;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return 1;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
        (cp >= 0x80 && cp <= 0x9F))
        return 2;
    return 0;
}

/* Length of the valid non-ASCII sequence at p (2-4) and its code point,
 * or 0 when the bytes are not valid UTF-8. */
static unsigned decode_valid(const unsigned char *p, size_t n, uint32_t *cp) {
    unsigned char c = p[0];
    if (c >= 0xC2 && c < 0xE0) {
        if (n < 2 || (p[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c < 0xF0) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
            (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            return 0;
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
              (p[2] & 0x3F);
        return 3;
    }
    if (c >= 0xF0 && c < 0xF5) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
            (p[3] & 0xC0) != 0x80 || (c == 0xF0 && p[1] < 0x90) ||
            (c == 0xF4 && p[1] >= 0x90))
            return 0;
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
              ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        return 4;
    }
    return 0;
}

/* Everything but printable ASCII and Devanagari: one character at p[i]
 * into out at *o (nothing, a space, or the character). Returns the
 * offset after it. */
static size_t ws_other(const unsigned char *p, size_t n, size_t i, char *out,
                       size_t *o, int *bad) {
    unsigned char c = p[i];
    if (c < 0x80) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            if (*o && out[*o - 1] != ' ')
                out[(*o)++] = ' ';
        } else if (!c && bad) {
            *bad = 1; /* NUL is not text */
        }
        return i + 1; /* other control characters go */
    }
    uint32_t cp;
    unsigned k = decode_valid(p + i, n - i, &cp);
    if (!k) {
        if (bad)
            *bad = 1;
        k = 1; /* the caller validates or repairs and comes back */
        cp = 0xFFFD;
    }
    int cls = class_of(cp);
    if (cls == 1) {
        if (*o && out[*o - 1] != ' ')
            out[(*o)++] = ' ';
    } else if (cls == 0) {
        memcpy(out + *o, p + i, k);
        *o += k;
    }
    return i + k;
}

/* A valid Devanagari character (E0 A4/A5 xx) at p[i]? */
#define DEVA_AT(p, n, i)                                                       \
    ((i) + 2 < (n) && (p)[i] == 0xE0 && ((p)[(i) + 1] & 0xFE) == 0xA4 &&       \
     ((p)[(i) + 2] & 0xC0) == 0x80)

size_t kh_ws_normalize(const char *s, size_t n, char *out, int *bad) {
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0, i = 0;
    /* A space goes out at once unless one is already there; the trailing
     * one is trimmed at the end. */
    while (i < n) {
        unsigned char c = p[i];
        /* Devanagari first (most of the bytes), then ASCII letters. */
        if (DEVA_AT(p, n, i)) {
            memcpy(out + o, p + i, 3);
            o += 3;
            i += 3;
        } else if (c > 0x20 && c < 0x7F) {
            out[o++] = (char)c;
            i++;
        } else {
            i = ws_other(p, n, i, out, &o, bad);
        }
    }
    while (o && out[o - 1] == ' ')
        o--;
    return o;
}

/* Stores w's four bytes at q, lowest first. */
static inline void store4_le(unsigned char *q, uint32_t w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(q, &w, 4);
#else
    for (int k = 0; k < 4; k++)
        q[k] = (unsigned char)(w >> (8 * k));
#endif
}

/* Whether a Devanagari character is one that folds or ends a word, by
 * its third byte b2: bit 0 for E0 A4 b2 (DEVA_SPECIAL_LO), bit 1 for E0
 * A5 b2 (DEVA_SPECIAL_HI). One load per character where the index into
 * the two masks took five operations and a select. */
#define SPB(b2)                                                                \
    ((unsigned char)(((DEVA_SPECIAL_LO >> ((b2)&63)) & 1) |                    \
                     (((DEVA_SPECIAL_HI >> ((b2)&63)) & 1) << 1)))
#define SPB4(b) SPB(b), SPB(b + 1), SPB(b + 2), SPB(b + 3)
#define SPB16(b) SPB4(b), SPB4(b + 4), SPB4(b + 8), SPB4(b + 12)
#define SPB64(b) SPB16(b), SPB16(b + 16), SPB16(b + 32), SPB16(b + 48)
static const unsigned char special_b2[256] = {SPB64(0u), SPB64(64u),
                                              SPB64(128u), SPB64(192u)};

/* The run's word hash and letter count, kept in registers, into the
 * state, for sh_end() or sh_slow() or the caller. */
static inline void run_to_state(shs *st, uint64_t h, size_t *deva) {
    st->h = h;
    st->in |= *deva > 0;
    st->deva += *deva;
    *deva = 0;
}

/* A run of valid Devanagari characters from p[i] (one is there), copied
 * to q at *o and hashed letter by letter; returns the offset after it.
 * Most of the text's bytes pass here, so a character costs one 4-byte
 * load, test and store (its fourth byte is the next character's first,
 * or a byte the caller overwrites: q has a byte to spare, as the output
 * is never longer than the input and the caller ends it with a NUL), and
 * one multiply. A character that folds or ends a word goes to sh_slow,
 * which reads it from q. The last character of the text, with no fourth
 * byte, is taken alone. */
static size_t deva_run(const unsigned char *p, size_t n, size_t i,
                       unsigned char *q, size_t *o, shs *st) {
    uint64_t h = st->h;
    size_t deva = 0, oo = *o; /* q[oo] is p[i]'s copy */
    for (;;) {
        uint32_t w;
        if (i + 4 <= n) {
            w = kh_load32(p + i);
            if ((w & 0xC0FEFFu) != 0x80A4E0u) { /* E0 A4|A5 80..BF */
                if ((w & 0xFFu) != 0x20u)
                    break;
                /* A space (the caller has copied something before the
                 * run): the word ends here rather than in the caller's
                 * loop, which cost a return, a call and the caller's
                 * tests per word. The caller's rule: one space out. */
                if (q[oo - 1] != ' ')
                    q[oo++] = ' ';
                i++;
                run_to_state(st, h, &deva);
                sh_end(st);
                h = st->h;
                continue;
            }
        } else if (DEVA_AT(p, n, i)) {
            w = 0xE0u | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16;
        } else {
            break;
        }
        /* bit 0 of special_b2's entry for E0 A4, bit 1 for E0 A5 */
        unsigned sp = special_b2[(w >> 16) & 0xFFu] >> ((w >> 8) & 1u);
        /* four bytes out even for the text's last character (w's fourth
         * byte is 0 then): the output never runs ahead of the input, so
         * q + oo + 4 <= q + i + 4, within the caller's n + 1 bytes */
        store4_le(q + oo, w);
        i += 3;
        oo += 3;
        if (sp & 1) {
            run_to_state(st, h, &deva);
            sh_slow(st, q, oo, oo - 3); /* folds or ends the word */
            h = st->h;
            continue;
        }
        h = (h ^ ((w >> 8) & 0xFFFFu)) * SH_MUL; /* DEVA_UNIT */
        deva++;
    }
    *o = oo;
    run_to_state(st, h, &deva);
    return i;
}

int kh_ws_shingle(kh_arena *a, const char *s, size_t n, char *out, size_t *len,
                  int *bad, kh_shingle *sh) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned char *q = (unsigned char *)out;
    shs st;
    if (sh_begin(&st, a, n))
        return -1;
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (DEVA_AT(p, n, i)) {
            i = deva_run(p, n, i, q, &o, &st);
        } else if (c == ' ') {
            if (o && q[o - 1] != ' ')
                q[o++] = ' ';
            i++;
            sh_end(&st);
        } else if (c > 0x20 && c < 0x7F) {
            q[o++] = c;
            i++;
            unsigned lc = c | 0x20u;
            if (lc >= 'a' && lc <= 'z') {
                st.latin++;
                sh_add(&st, lc);
            } else if (c >= '0' && c <= '9') {
                st.digit = 1;
                sh_add(&st, c);
            } else {
                sh_end(&st);
            }
        } else {
            size_t o0 = o;
            i = ws_other(p, n, i, out, &o, bad);
            for (size_t k = o0; k < o;) /* what went out, as text */
                k = sh_slow(&st, q, o, k);
        }
    }
    while (o && out[o - 1] == ' ')
        o--;
    sh_finish(&st, sh);
    *len = o;
    return 0;
}
