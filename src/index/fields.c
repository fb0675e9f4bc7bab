/*
 * fields.c — the names of the indexed fields, the one-byte encoding of
 * field lengths, and ISO dates as day numbers (for since:/until:).
 */
#include "index.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const names[KH_F_COUNT] = {"title",  "kicker", "standfirst",
                                              "body",   "source", "url",
                                              "person", "place",  "org"};

const char *kh_field_name(unsigned f) {
    return f < KH_F_COUNT ? names[f] : "?";
}

int kh_field_lookup(const char *name, size_t len) {
    for (int f = 0; f < KH_F_COUNT; f++)
        if (strlen(names[f]) == len && !memcmp(names[f], name, len))
            return f;
    return -1;
}

/* Lengths 0..39 exactly, then a geometric table growing ~5% per step up
 * to about 10 million: BM25 only needs the ratio to the average, and a
 * byte per field per document keeps the table small for a million
 * documents. The table is computed, not stored: v(b) for b >= 40. */
static uint32_t len_of(unsigned b) {
    if (b < 40)
        return b;
    /* v(40) = 40, v(b+1) = 1.05 v(b) + 1, in closed form */
    return (uint32_t)(60.0 * pow(1.05, (double)(b - 40)) - 20.0 + 1e-9);
}

uint8_t kh_len_encode(uint32_t len) {
    if (len < 40)
        return (uint8_t)len;
    unsigned lo = 40, hi = 255; /* largest b with len_of(b) <= len */
    while (lo < hi) {
        unsigned mid = (lo + hi + 1) / 2;
        if (len_of(mid) <= len)
            lo = mid;
        else
            hi = mid - 1;
    }
    return (uint8_t)lo;
}

uint32_t kh_len_decode(uint8_t b) {
    return len_of(b);
}

/* Days from civil date (Howard Hinnant's algorithm). */
static int32_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

static int digits(const char *s, size_t n, size_t at, size_t k, int *v) {
    if (at + k > n)
        return 0;
    int r = 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[at + i];
        if (c < '0' || c > '9')
            return 0;
        r = r * 10 + (c - '0');
    }
    *v = r;
    return 1;
}

static unsigned month_days(int y, int m) {
    static const unsigned md[12] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return md[m - 1] + (m == 2 && leap);
}

int32_t kh_days_from_iso(const char *s, size_t n, int end) {
    int y, m = 0, d = 0;
    if (!s || !digits(s, n, 0, 4, &y) || y < 1000)
        return KH_NO_DATE;
    size_t i = 4;
    if (i < n && s[i] == '-' && digits(s, n, i + 1, 2, &m)) {
        if (m < 1 || m > 12)
            return KH_NO_DATE;
        i += 3;
        if (i < n && s[i] == '-' && digits(s, n, i + 1, 2, &d)) {
            if (d < 1 || (unsigned)d > month_days(y, m))
                return KH_NO_DATE;
            i += 3;
        }
    }
    /* something else glued to the date ("2025x") is not a date */
    if (i < n && (s[i] >= '0' && s[i] <= '9'))
        return KH_NO_DATE;
    if (!m)
        m = end ? 12 : 1;
    if (!d)
        d = end ? (int)month_days(y, m) : 1;
    return days_from_civil(y, (unsigned)m, (unsigned)d);
}

void kh_days_to_iso(int32_t z, char out[11]) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = (int)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    unsigned yy = (unsigned)(y < 0 ? 0 : y % 10000);
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04u-%02u-%02u", yy, m % 100, d % 100);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}
