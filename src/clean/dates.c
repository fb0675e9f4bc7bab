/*
 * dates.c — dates written in the article: "5 मई", "22 अप्रैल 2025",
 * "मार्च 2020", "May 5, 2025", "5 May", "2025-05-05", "05/05/2025",
 * "29-MAR-2020", with Latin or Devanagari digits. The scan only stops at
 * digits, so it costs little on long text. Years left out by the writer
 * are settled by the cleaner from the publication date or the years the
 * article names (kh_count_years).
 */
#include "clean.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct month_name {
    const char *name; /* folded */
    size_t len;
    int month;
} month_name;

#define M(s, m)                                                                \
    { s, sizeof(s) - 1, m }
static const month_name month_names[] = {
    M("जनवरी", 1),     M("फरवरी", 2),     M("मार्च", 3),     M("अप्रैल", 4),
    M("अप्रेल", 4),      M("मई", 5),        M("जून", 6),       M("जुलाई", 7),
    M("अगस्त", 8),      M("सितंबर", 9),     M("सितम्बर", 9),   M("अक्टूबर", 10),
    M("अक्तूबर", 10),    M("नवंबर", 11),     M("नवम्बर", 11),   M("दिसंबर", 12),
    M("दिसम्बर", 12),   M("january", 1),   M("february", 2), M("march", 3),
    M("april", 4),     M("may", 5),       M("june", 6),     M("july", 7),
    M("august", 8),    M("september", 9), M("october", 10), M("november", 11),
    M("december", 12), M("jan", 1),       M("feb", 2),      M("mar", 3),
    M("apr", 4),       M("jun", 6),       M("jul", 7),      M("aug", 8),
    M("sep", 9),       M("sept", 9),      M("oct", 10),     M("nov", 11),
    M("dec", 12),
};
#undef M

/* The month a word names, or 0. Runs for the word beside every number,
 * so lengths are compared before bytes, and only a word of a month's
 * length is folded. */
static int month_of(const char *s, size_t n) {
    if (n < 3 || n > 40)
        return 0;
    char f[64];
    size_t fn = kh_fold(s, n, f, sizeof f);
    for (size_t i = 0; i < sizeof month_names / sizeof *month_names; i++)
        if (month_names[i].len == fn && month_names[i].name[0] == f[0] &&
            !memcmp(month_names[i].name, f, fn))
            return month_names[i].month;
    return 0;
}

/* A digit at s[i] (ASCII or Devanagari): its value and length, or 0. */
static unsigned digit_at(const unsigned char *s, size_t n, size_t i, int *v) {
    if (s[i] >= '0' && s[i] <= '9') {
        *v = s[i] - '0';
        return 1;
    }
    if (s[i] == 0xE0 && i + 2 < n && s[i + 1] == 0xA5 && s[i + 2] >= 0xA6 &&
        s[i + 2] <= 0xAF) {
        *v = s[i + 2] - 0xA6;
        return 3;
    }
    return 0;
}

/* Reads a number at s[*i]: value, digit count; advances *i. */
static int number_at(const unsigned char *s, size_t n, size_t *i, int *value) {
    int nd = 0, v = 0, d;
    unsigned k;
    while (*i < n && (k = digit_at(s, n, *i, &d))) {
        if (nd < 9)
            v = v * 10 + d;
        nd++;
        *i += k;
    }
    *value = v;
    return nd;
}

static int word_byte(unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') ||
           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The word at s[*i] (letters until a space or punctuation). */
static size_t word_at(const unsigned char *s, size_t n, size_t i) {
    size_t k = i;
    while (k < n && word_byte(s[k]) &&
           !(k + 2 < n && s[k] == 0xE0 && s[k + 1] == 0xA5 && s[k + 2] == 0xA4))
        k++;
    return k - i;
}

static int days_ok(int y, int m, int d) {
    static const int dim[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (d == 0)
        return 1;
    if (d < 1 || d > dim[m - 1])
        return 0;
    if (m == 2 && d == 29 && y && (y % 4 || (y % 100 == 0 && y % 400)))
        return 0;
    return 1;
}

static int year_ok(int y, int nd) {
    return nd == 4 && y >= 1900 && y <= 2099;
}

/* Eight bytes at p as a number, the first in the low bits on any
 * machine (one load where the machine is little-endian). */
static inline uint64_t load8(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* Offset of the next digit at or after i: an ASCII digit, or the E0 that
 * opens a Devanagari digit (E0 A5 A6..AF); n when there is none. Most of
 * the text has no digit, so it is searched eight bytes at a time: per
 * byte, "is 0x30..0x39" and "is 0xA6..0xAF after an 0xA5", each without a
 * carry from one byte into the next. */
static int digit_start(const unsigned char *s, size_t n, size_t i) {
    return (s[i] >= '0' && s[i] <= '9') ||
           (s[i] == 0xE0 && i + 2 < n && s[i + 1] == 0xA5 && s[i + 2] >= 0xA6 &&
            s[i + 2] <= 0xAF);
}

static size_t next_digit(const unsigned char *s, size_t n, size_t i) {
    const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80,
                   low7 = ones * 0x7F;
    size_t from = i;
    /* the blocks look one byte back, and two to check a hit */
    for (; i < 2 && i < n; i++)
        if (digit_start(s, n, i))
            return i;
#if defined(__SSE2__)
    /* sixteen bytes at a time where there are: unsigned "x - 0x30 <= 9"
     * and "x - 0xA6 <= 9 after an 0xA5" as min/compare */
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9),
                  a6 = _mm_set1_epi8((char)0xA6),
                  a5 = _mm_set1_epi8((char)0xA5);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i prev = _mm_loadu_si128((const __m128i *)(s + i - 1));
        __m128i d = _mm_sub_epi8(x, zero), e = _mm_sub_epi8(x, a6);
        __m128i ascii = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
        __m128i deva = _mm_and_si128(_mm_cmpeq_epi8(_mm_min_epu8(e, nine), e),
                                     _mm_cmpeq_epi8(prev, a5));
        unsigned am = (unsigned)_mm_movemask_epi8(ascii);
        unsigned hit = am | (unsigned)_mm_movemask_epi8(deva);
        for (; hit; hit &= hit - 1) {
            size_t k = (size_t)__builtin_ctz(hit);
            if (am >> k & 1)
                return i + k;
            if (i + k >= from + 2 && s[i + k - 2] == 0xE0)
                return i + k - 2;
        }
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t x = load8(s + i), prev = load8(s + i - 1);
        uint64_t d = x ^ (ones * 0x30); /* ASCII digits become 0..9 */
        uint64_t ascii = ~(((d & low7) + ones * 0x76) | d) & high;
        uint64_t y = x ^ high; /* 0xA6..0xAF become 0x26..0x2F */
        uint64_t range = ~(((y & low7) + ones * 0x50) | y) &
                         ((y & low7) + ones * 0x5A) & high;
        uint64_t t = prev ^ (ones * 0xA5);
        uint64_t after_a5 = ~(((t & low7) + low7) | t) & high;
        uint64_t hit = ascii | (range & after_a5);
        while (hit) {
            size_t k = (size_t)__builtin_ctzll(hit) / 8;
            if (ascii >> (8 * k) & 0x80)
                return i + k;
            if (i + k >= from + 2 && s[i + k - 2] == 0xE0)
                return i + k - 2;
            hit &= hit - 1; /* A5 Ax inside another character */
        }
    }
    /* The last bytes, and a Devanagari digit whose E0 A5 the last block
     * ended on (its third byte is here). */
    for (i = i >= from + 2 ? i - 2 : from; i < n; i++)
        if (digit_start(s, n, i))
            return i;
    return n;
}

int kh_find_dates(const char *str, size_t n,
                  int (*found)(void *ctx, const kh_date_hit *hit), void *ctx) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while ((i = next_digit(s, n, i)) < n) {
        /* Only numbers that start a word. */
        if (i > 0 && (s[i - 1] == '.' || s[i - 1] == ',' ||
                      ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z') ||
                      (s[i - 1] >= '0' && s[i - 1] <= '9'))) {
            size_t j = i;
            int v;
            number_at(s, n, &j, &v);
            i = j;
            continue;
        }
        size_t start = i, j = i;
        int a, na = number_at(s, n, &j, &a);
        kh_date_hit h = {start, 0, 0, 0, 0};
        /* 2025-05-05 */
        if (na == 4 && j < n && s[j] == '-') {
            size_t k = j + 1;
            int m, d, nm = number_at(s, n, &k, &m);
            if (nm >= 1 && nm <= 2 && k < n && s[k] == '-') {
                k++;
                int nd = number_at(s, n, &k, &d);
                if (nd >= 1 && nd <= 2 && year_ok(a, na) && days_ok(a, m, d) &&
                    d) {
                    h.year = a, h.month = m, h.day = d, h.len = k - start;
                }
            }
        }
        /* 05/05/2025, 05-05-2025, 05.05.2025, 29-MAR-2020 */
        if (!h.len && na <= 2 && j + 1 < n &&
            (s[j] == '/' || s[j] == '-' || s[j] == '.')) {
            unsigned char sep = s[j];
            size_t k = j + 1;
            int m = 0, nm = number_at(s, n, &k, &m);
            if (!nm && sep == '-') {
                size_t w = 0;
                while (k + w < n &&
                       ((s[k + w] | 0x20) >= 'a' && (s[k + w] | 0x20) <= 'z'))
                    w++;
                m = w >= 3 ? month_of((const char *)s + k, w) : 0;
                nm = m ? 1 : 0;
                k += w;
            }
            if (nm >= 1 && nm <= 2 && k < n && s[k] == sep) {
                k++;
                int y, ny = number_at(s, n, &k, &y);
                if (year_ok(y, ny) && days_ok(y, m, a) && a) {
                    h.year = y, h.month = m, h.day = a, h.len = k - start;
                }
            }
        }
        /* 5 मई [2025], 5 May[,] [2025] */
        if (!h.len && na <= 2 && a >= 1 && j < n && s[j] == ' ') {
            size_t ws = j + 1, wl = word_at(s, n, ws);
            int m = month_of((const char *)s + ws, wl);
            if (m && days_ok(0, m, a)) {
                h.month = m, h.day = a, h.len = ws + wl - start;
                size_t k = ws + wl;
                if (k < n && s[k] == ',')
                    k++;
                if (k < n && s[k] == ' ') {
                    size_t yk = k + 1;
                    int y, ny = number_at(s, n, &yk, &y);
                    if (year_ok(y, ny) && days_ok(y, m, a) &&
                        !(yk < n && word_byte(s[yk]))) {
                        h.year = y;
                        h.len = yk - start;
                    }
                }
            }
        }
        /* May 5[, 2025] / मई 2025: the month is the word before. */
        if (!h.len && start >= 2 && s[start - 1] == ' ') {
            size_t we = start - 1, ws = we;
            while (ws > 0 && word_byte(s[ws - 1]))
                ws--;
            int m = month_of((const char *)s + ws, we - ws);
            if (m && year_ok(a, na) && !(j < n && word_byte(s[j]))) {
                h.start = ws, h.month = m, h.year = a, h.len = j - ws;
            } else if (m && na <= 2 && a >= 1 && days_ok(0, m, a) &&
                       !(j < n && word_byte(s[j])) && (s[ws] | 0x20) >= 'a' &&
                       (s[ws] | 0x20) <= 'z') {
                h.start = ws, h.month = m, h.day = a, h.len = j - ws;
                size_t k = j;
                if (k + 1 < n && s[k] == ',' && s[k + 1] == ' ') {
                    size_t yk = k + 2;
                    int y, ny = number_at(s, n, &yk, &y);
                    if (year_ok(y, ny) && !(yk < n && word_byte(s[yk]))) {
                        h.year = y;
                        h.len = yk - ws;
                    }
                }
            }
        }
        if (h.len) {
            int rc = found(ctx, &h);
            if (rc)
                return rc;
            i = h.start + h.len;
        } else {
            i = j;
        }
    }
    return 0;
}

void kh_count_years(const char *str, size_t n, unsigned *counts) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while ((i = next_digit(s, n, i)) < n) {
        int prev_ok =
            i == 0 || !(s[i - 1] == '.' || s[i - 1] == ',' || s[i - 1] == ':' ||
                        s[i - 1] == '/' ||
                        ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z'));
        int v, nd = number_at(s, n, &i, &v);
        int next_ok =
            i >= n || !(((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
                        ((s[i] == '.' || s[i] == ',' || s[i] == ':') &&
                         i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9'));
        if (prev_ok && next_ok && year_ok(v, nd))
            counts[v - 1900]++;
    }
}
