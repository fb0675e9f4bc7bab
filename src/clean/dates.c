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

typedef struct month_name {
    const char *name; /* folded */
    int month;
} month_name;

static const month_name month_names[] = {
    {"जनवरी", 1},     {"फरवरी", 2},     {"मार्च", 3},     {"अप्रैल", 4},
    {"अप्रेल", 4},      {"मई", 5},        {"जून", 6},       {"जुलाई", 7},
    {"अगस्त", 8},      {"सितंबर", 9},     {"सितम्बर", 9},   {"अक्टूबर", 10},
    {"अक्तूबर", 10},    {"नवंबर", 11},     {"नवम्बर", 11},   {"दिसंबर", 12},
    {"दिसम्बर", 12},   {"january", 1},   {"february", 2}, {"march", 3},
    {"april", 4},     {"may", 5},       {"june", 6},     {"july", 7},
    {"august", 8},    {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"jan", 1},       {"feb", 2},      {"mar", 3},
    {"apr", 4},       {"jun", 6},       {"jul", 7},      {"aug", 8},
    {"sep", 9},       {"sept", 9},      {"oct", 10},     {"nov", 11},
    {"dec", 12},
};

static int month_of(const char *s, size_t n) {
    if (n == 0 || n > 40)
        return 0;
    char f[64];
    size_t fn = kh_fold(s, n, f, sizeof f);
    for (size_t i = 0; i < sizeof month_names / sizeof *month_names; i++)
        if (strlen(month_names[i].name) == fn &&
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

int kh_find_dates(const char *str, size_t n,
                  int (*found)(void *ctx, const kh_date_hit *hit), void *ctx) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        int dv;
        /* skip to the next digit: ASCII, or Devanagari (E0 A5 A6..AF);
         * other Devanagari is stepped over a whole character at a time */
        unsigned char c = s[i];
        if (c >= 0xE0 && c < 0xF0 && i + 2 < n &&
            !(c == 0xE0 && s[i + 1] == 0xA5 && s[i + 2] >= 0xA6 &&
              s[i + 2] <= 0xAF)) {
            i += 3;
            continue;
        }
        if (!digit_at(s, n, i, &dv)) {
            i++;
            continue;
        }
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
    while (i < n) {
        int dv;
        unsigned char c = s[i];
        if (c >= 0xE0 && c < 0xF0 && i + 2 < n &&
            !(c == 0xE0 && s[i + 1] == 0xA5 && s[i + 2] >= 0xA6 &&
              s[i + 2] <= 0xAF)) {
            i += 3;
            continue;
        }
        if (!digit_at(s, n, i, &dv)) {
            i++;
            continue;
        }
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
