/*
 * jsonscan.c — the fast path for JSON Lines records: a flat object whose
 * values are strings or null under the known field names (what news
 * dumps and `khabar index` corpora hold). jansson builds a tree of every
 * record and copies each string twice; on 7 KB articles that was a fifth
 * of indexing time. This scanner validates the line in one pass and
 * decodes only the strings it keeps, straight into their destinations.
 *
 * It accepts a strict subset of what jansson accepts and must give the
 * same result: anything else (numbers, nested values, unknown or repeated
 * keys, \u0000, invalid UTF-8, trailing bytes) returns 0 and the record
 * goes to jansson, which also words the errors. fuzz_json_record checks
 * the two against each other.
 */
#include "read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MAX_VALUES 16

typedef struct span {
    int field;       /* index into kh_json_fields */
    size_t off, len; /* the string's bytes between the quotes */
    int escaped, null;
} span;

static size_t skip_ws(const char *s, size_t i, size_t n) {
    while (i < n &&
           (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

static int hex4(const char *s, unsigned *v) {
    unsigned r = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        r <<= 4;
        if (c >= '0' && c <= '9')
            r |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            r |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            r |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *v = r;
    return 0;
}

/* Decodes the string body s[0, n) (validated UTF-8, no raw control bytes)
 * into out (room for n bytes); returns the length or -1 for an escape
 * jansson refuses or that this path leaves to it. */
static long decode(const char *s, size_t n, char *out) {
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const char *q = memchr(s + i, '\\', n - i);
        size_t run = q ? (size_t)(q - (s + i)) : n - i;
        memcpy(out + o, s + i, run);
        o += run;
        i += run;
        if (i >= n)
            break;
        if (i + 1 >= n)
            return -1;
        char c = s[i + 1];
        i += 2;
        switch (c) {
        case '"': out[o++] = '"'; break;
        case '\\': out[o++] = '\\'; break;
        case '/': out[o++] = '/'; break;
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (i + 4 > n || hex4(s + i, &cp))
                return -1;
            i += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return -1; /* a lone low surrogate */
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (i + 6 > n || s[i] != '\\' || s[i + 1] != 'u' ||
                    hex4(s + i + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return -1;
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (!cp)
                return -1; /* \u0000: jansson refuses it */
            if (cp < 0x80) {
                out[o++] = (char)cp;
            } else if (cp < 0x800) {
                out[o++] = (char)(0xC0 | cp >> 6);
                out[o++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out[o++] = (char)(0xE0 | cp >> 12);
                out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
                out[o++] = (char)(0xF0 | cp >> 18);
                out[o++] = (char)(0x80 | (cp >> 12 & 0x3F));
                out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: return -1;
        }
    }
    return (long)o;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* 1 when one of the eight bytes of w is '"', '\\' or below 0x20: a zero
 * byte in w ^ '"' or w ^ '\\', or a byte below 0x20 in w (the tests of
 * "Bit Twiddling Hacks", exact about whether there is one). */
static inline int special8(uint64_t w) {
    uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
    return ((((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w)) &
            HIGHS) != 0;
}

/* Scans a string starting after its opening quote at s[i]; sets *end to
 * the closing quote. -1 on a raw control byte or no closing quote. */
static int scan_string(const char *s, size_t i, size_t n, size_t *end,
                       int *escaped) {
    *escaped = 0;
    while (i < n) {
        /* 16 or 8 bytes at a time over the plain part of the string (an
         * article is thousands of them): on to the byte loop only at a
         * quote, a backslash or a control byte */
#if defined(__SSE2__)
        if (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            __m128i hit = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)),
                               _mm_set1_epi8(0x1F))); /* 0x00..0x1F */
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (!m) {
                i += 16;
                continue;
            }
            i += (size_t)__builtin_ctz(m); /* the byte loop takes it */
        }
#endif
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!special8(w)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = (unsigned char)s[i];
        if (c == '"') {
            *end = i;
            return 0;
        }
        if (c < 0x20)
            return -1;
        if (c == '\\') {
            *escaped = 1;
            i += 2;
            continue;
        }
        i++;
    }
    return -1;
}

/* Where a string's value is: in the line, or decoded in tmp. */
static const char *value_of(const char *line, const char *tmp, const span *x) {
    return (x->escaped ? tmp : line) + x->off;
}

static int field_of(const char *k, size_t n) {
    for (int f = 0; kh_json_fields[f].name; f++)
        if (strlen(kh_json_fields[f].name) == n &&
            !memcmp(kh_json_fields[f].name, k, n))
            return f;
    return -1;
}

int kh_read_json_simple(const char *line, size_t len, int utf8_checked,
                        kh_rawdoc *d, char **body, size_t *body_len,
                        int *is_html, kh_status *st, kh_error *err) {
    span v[MAX_VALUES];
    size_t nv = 0;
    unsigned seen = 0;
    if (!utf8_checked && kh_utf8_check(line, len, NULL))
        return 0;
    size_t i = skip_ws(line, 0, len);
    if (i >= len || line[i] != '{')
        return 0;
    i = skip_ws(line, i + 1, len);
    if (i < len && line[i] == '}') {
        i++;
    } else {
        for (;;) {
            size_t kend, vend;
            int kesc, vesc;
            if (i >= len || line[i] != '"' ||
                scan_string(line, i + 1, len, &kend, &kesc) || kesc)
                return 0;
            int f = field_of(line + i + 1, kend - i - 1);
            if (f < 0 || (seen >> f & 1) || nv == MAX_VALUES)
                return 0;
            seen |= 1u << f;
            i = skip_ws(line, kend + 1, len);
            if (i >= len || line[i] != ':')
                return 0;
            i = skip_ws(line, i + 1, len);
            if (i + 4 <= len && !memcmp(line + i, "null", 4)) {
                v[nv++] = (span){f, 0, 0, 0, 1};
                i += 4;
            } else {
                if (i >= len || line[i] != '"' ||
                    scan_string(line, i + 1, len, &vend, &vesc))
                    return 0;
                v[nv++] = (span){f, i + 1, vend - i - 1, vesc, 0};
                i = vend + 1;
            }
            i = skip_ws(line, i, len);
            if (i < len && line[i] == ',') {
                i = skip_ws(line, i + 1, len);
                continue;
            }
            if (i < len && line[i] == '}') {
                i++;
                break;
            }
            return 0;
        }
    }
    if (skip_ws(line, i, len) != len)
        return 0;
    /* every string must decode before anything is changed: an escaped one
     * into tmp at its own offset (decoding never lengthens a string, and
     * the strings do not overlap), where the steps below take it from */
    char *tmp = malloc(len + 1);
    if (!tmp)
        return 0;
    const span *text = NULL, *html = NULL;
    for (size_t k = 0; k < nv; k++) {
        if (v[k].null)
            continue;
        if (v[k].escaped) {
            long dn = decode(line + v[k].off, v[k].len, tmp + v[k].off);
            if (dn < 0) {
                free(tmp);
                return 0;
            }
            v[k].len = (size_t)dn; /* from here on the decoded length */
        }
        int m = kh_json_fields[v[k].field].meta;
        if (m == -1)
            text = &v[k];
        else if (m == -2)
            html = &v[k];
    }
    *st = KH_OK;
    for (size_t k = 0; k < nv && !*st; k++) {
        int m = kh_json_fields[v[k].field].meta;
        if (v[k].null || m < 0)
            continue;
        /* as the jansson path: the value up to a NUL (none here) */
        *st = kh_rawdoc_meta(d, m, value_of(line, tmp, &v[k]), v[k].len, err);
    }
    if (!*st) {
        if (html && html->len) { /* an empty html string does not count */
            text = html;
            *is_html = 1;
        }
        char *out = text ? malloc(text->len + 1) : NULL;
        if (!text) {
            *st = kh_fail(err, KH_ERR_PARSE,
                          "record has no \"text\" or \"html\"");
        } else if (!out) {
            *st = kh_fail(err, KH_ERR_NOMEM, "out of memory (record)");
        } else {
            memcpy(out, value_of(line, tmp, text), text->len);
            out[text->len] = '\0';
            *body = out;
            *body_len = text->len;
        }
    }
    free(tmp);
    return 1;
}
