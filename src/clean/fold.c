/*
 * fold.c — folded keys for keyword matching. Hindi sites spell the same
 * prompt with and without nukta (पढ़ें / पढें), with candrabindu or anusvara
 * (यहाँ / यहां), precomposed or combining nukta letters, and with stray
 * ZWJs; English ones in any case. Folding both the line and the keyword
 * tables lets one entry match all spellings. Not a normalization for
 * output: the article text is never folded.
 */
#include "clean.h"

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

size_t kh_fold(const char *s, size_t n, char *out, size_t cap) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < n) {
        /* ASCII and the Devanagari letters that fold to themselves (all
         * but nukta, candrabindu and U+0958..U+095F) without decoding:
         * every short line of an article is folded. */
        unsigned char c = p[i];
        if (c < 0x80) {
            if (o + 1 > cap)
                break;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            i++;
            continue;
        }
        if (c == 0xE0 && i + 2 < n &&
            ((p[i + 1] == 0xA4 && p[i + 2] != 0xBC && p[i + 2] != 0x81) ||
             (p[i + 1] == 0xA5 && (p[i + 2] < 0x98 || p[i + 2] > 0x9F)))) {
            if (o + 3 > cap)
                break;
            memcpy(out + o, p + i, 3);
            o += 3;
            i += 3;
            continue;
        }
        uint32_t cp;
        unsigned k = kh_cl_decode(p + i, n - i, &cp);
        uint32_t f = fold_cp(cp);
        if (f == cp) {
            if (o + k > cap)
                break;
            for (unsigned j = 0; j < k; j++)
                out[o++] = (char)p[i + j];
        } else if (f) {
            unsigned m = f < 0x80 ? 1 : f < 0x800 ? 2 : 3;
            if (o + m > cap)
                break;
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
        i += k;
    }
    return o;
}
