/*
 * fold.c — folded keys for keyword matching. Hindi sites spell the same
 * prompt with and without nukta (पढ़ें / पढें), with candrabindu or anusvara
 * (यहाँ / यहां), precomposed or combining nukta letters, and with stray
 * ZWJs; English ones in any case. Folding both the line and the keyword
 * tables lets one entry match all spellings. Not a normalization for
 * output: the article text is never folded.
 */
#include "clean.h"

#include <stdint.h>
#include <string.h>

static uint32_t fold_cp(uint32_t cp) {
    if (cp >= 'A' && cp <= 'Z')
        return cp - 'A' + 'a';
    switch (cp) {
    case 0x0958: return 0x0915; /* क़ */
    case 0x0959: return 0x0916; /* ख़ */
    case 0x095A: return 0x0917; /* ग़ */
    case 0x095B: return 0x091C; /* ज़ */
    case 0x095C: return 0x0921; /* ड़ */
    case 0x095D: return 0x0922; /* ढ़ */
    case 0x095E: return 0x092B; /* फ़ */
    case 0x095F: return 0x092F; /* य़ */
    case 0x0901: return 0x0902; /* candrabindu -> anusvara */
    case 0x093C:                /* nukta */
    case 0x200C:                /* ZWNJ */
    case 0x200D: /* ZWJ */ return 0;
    default: return cp;
    }
}

/* Folds the character at p[*i] into out at o; returns the new o, or
 * SIZE_MAX when it does not fit in cap (*i then stays). */
static size_t fold_char(const unsigned char *p, size_t n, size_t *i, char *out,
                        size_t o, size_t cap) {
    /* ASCII and the Devanagari letters that fold to themselves (all but
     * nukta, candrabindu and U+0958..U+095F) without decoding */
    unsigned char c = p[*i];
    if (c < 0x80) {
        if (o + 1 > cap)
            return SIZE_MAX;
        out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        *i += 1;
        return o;
    }
    if (c == 0xE0 && *i + 2 < n &&
        ((p[*i + 1] == 0xA4 && p[*i + 2] != 0xBC && p[*i + 2] != 0x81) ||
         (p[*i + 1] == 0xA5 && (p[*i + 2] < 0x98 || p[*i + 2] > 0x9F)))) {
        if (o + 3 > cap)
            return SIZE_MAX;
        memcpy(out + o, p + *i, 3);
        *i += 3;
        return o + 3;
    }
    uint32_t cp;
    unsigned k = kh_cl_decode(p + *i, n - *i, &cp);
    uint32_t f = fold_cp(cp);
    if (f == cp) {
        if (o + k > cap)
            return SIZE_MAX;
        for (unsigned j = 0; j < k; j++)
            out[o++] = (char)p[*i + j];
    } else if (f) {
        unsigned m = f < 0x80 ? 1 : f < 0x800 ? 2 : 3;
        if (o + m > cap)
            return SIZE_MAX;
        if (m == 1) {
            out[o++] = (char)f;
        } else if (m == 2) {
            out[o++] = (char)(0xC0 | (f >> 6));
            out[o++] = (char)(0x80 | (f & 0x3F));
        } else {
            out[o++] = (char)(0xE0 | (f >> 12));
            out[o++] = (char)(0x80 | ((f >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (f & 0x3F));
        }
    }
    *i += k;
    return o;
}

#if defined(__SSE2__)
/* 16 bytes at a time where every character folds to itself but for ASCII
 * capitals: ASCII, and Devanagari other than nukta, candrabindu and
 * U+0958..U+095F. Every short line of an article is folded, mostly
 * Devanagari, and the byte loop's branches mispredicted at each switch
 * between a word and a space. Blocks start every 16 bytes and are copied
 * whole; a character that starts in a block's last two bytes is checked
 * there (from the two bytes after it), its last bytes copied with the
 * next block. */
static size_t fold_blocks(const unsigned char *p, size_t n, size_t *at,
                          char *out, size_t *oat, size_t cap) {
    const __m128i a4 = _mm_set1_epi8((char)0xA4),
                  a5 = _mm_set1_epi8((char)0xA5),
                  bc = _mm_set1_epi8((char)0xBC),
                  x81 = _mm_set1_epi8((char)0x81),
                  f8 = _mm_set1_epi8((char)0xF8),
                  x98 = _mm_set1_epi8((char)0x98), neg1 = _mm_set1_epi8(-1),
                  bigA = _mm_set1_epi8('A' - 1), bigZ = _mm_set1_epi8('Z' + 1),
                  x20 = _mm_set1_epi8(0x20);
    size_t i = *at, o = *oat;
    unsigned carry = 0; /* bytes at p + i that end the last block's letter */
    while (i + 18 <= n && o + 18 <= cap) {
        __m128i v[3], deva = kh_deva_leads16(p + i, v);
        __m128i v0 = v[0], v1 = v[1], v2 = v[2];
        /* U+093C, U+0901 (E0 A4 BC, E0 A4 81) and U+0958..U+095F (E0 A5
         * 98..9F) fold to something else */
        __m128i special = _mm_and_si128(
            deva,
            _mm_or_si128(
                _mm_and_si128(_mm_cmpeq_epi8(v1, a4),
                              _mm_or_si128(_mm_cmpeq_epi8(v2, bc),
                                           _mm_cmpeq_epi8(v2, x81))),
                _mm_and_si128(_mm_cmpeq_epi8(v1, a5),
                              _mm_cmpeq_epi8(_mm_and_si128(v2, f8), x98))));
        __m128i ascii = _mm_cmpgt_epi8(v0, neg1);
        unsigned dm = (unsigned)_mm_movemask_epi8(deva);
        unsigned covered = (unsigned)_mm_movemask_epi8(ascii) | dm | dm << 1 |
                           dm << 2 | ((1u << carry) - 1);
        if ((covered & 0xFFFF) != 0xFFFF || _mm_movemask_epi8(special)) {
            /* something else: this stretch a character at a time */
            size_t end = i + 16;
            memcpy(out + o, p + i, carry);
            o += carry;
            i += carry;
            carry = 0;
            while (i < end) {
                size_t r = fold_char(p, n, &i, out, o, cap);
                if (r == SIZE_MAX) {
                    *at = i;
                    *oat = o;
                    return SIZE_MAX;
                }
                o = r;
            }
            continue;
        }
        __m128i upper =
            _mm_and_si128(_mm_cmpgt_epi8(v0, bigA), _mm_cmpgt_epi8(bigZ, v0));
        _mm_storeu_si128((__m128i *)(out + o),
                         _mm_add_epi8(v0, _mm_and_si128(upper, x20)));
        o += 16;
        i += 16;
        carry = dm >> 15 ? 2 : dm >> 14 & 1;
    }
    memcpy(out + o, p + i, carry);
    *at = i + carry;
    *oat = o + carry;
    return 0;
}
#endif

size_t kh_fold(const char *s, size_t n, char *out, size_t cap) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
#if defined(__SSE2__)
    if (fold_blocks(p, n, &i, out, &o, cap) == SIZE_MAX)
        return o;
#endif
    while (i < n) {
        size_t r = fold_char(p, n, &i, out, o, cap);
        if (r == SIZE_MAX)
            break;
        o = r;
    }
    return o;
}
