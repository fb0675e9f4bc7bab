/*
 * ws.c — whitespace and invisible characters normalized, words untouched.
 * Scrapes carry NBSPs, zero-width spaces, soft hyphens, tabs and CRs that
 * break matching and duplicate detection downstream; ZWJ and ZWNJ stay
 * because they choose Devanagari conjunct shapes (दिल्‍ली).
 * Hand-written because it runs over every byte of input and must keep the
 * plain-text path above 200 MB/s: ASCII goes through a tight loop.
 */
#include "clean.h"

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

size_t kh_ws_normalize(const char *s, size_t n, char *out) {
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0, i = 0;
    int space = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c > 0x20 && c != 0x7F) {
                if (space && o)
                    out[o++] = ' ';
                space = 0;
                out[o++] = (char)c;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                       c == '\f' || c == '\v') {
                space = 1;
            }
            i++;
            continue;
        }
        /* U+0800..U+0FFF (Devanagari and its neighbours) hold nothing to
         * normalize: copy the run of them at once. */
        if (c == 0xE0) {
            size_t j = i;
            while (j + 2 < n && p[j] == 0xE0)
                j += 3;
            if (j > i) {
                if (space && o)
                    out[o++] = ' ';
                space = 0;
                memmove(out + o, p + i, j - i);
                o += j - i;
                i = j;
                continue;
            }
        }
        uint32_t cp;
        unsigned k = kh_cl_decode(p + i, n - i, &cp);
        int cls = class_of(cp);
        if (cls == 1) {
            space = 1;
        } else if (cls == 0) {
            if (space && o)
                out[o++] = ' ';
            space = 0;
            memmove(out + o, p + i, k);
            o += k;
        }
        i += k;
    }
    return o;
}
