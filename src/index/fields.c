/*
 * fields.c — the names of the indexed fields, the one-byte encoding of
 * field lengths, and ISO dates as day numbers (for since:/until:).
 */
#include "index.h"

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
 * to about 2 million: BM25 only needs the ratio to the average, and a
 * byte per field per document keeps the table small for a million
 * documents. v(40) = 40, v(b+1) = 1.05 v(b) + 1, in closed form
 * (uint32_t)(60 * 1.05^(b-40) - 20 + 1e-9); stored, not computed, as
 * every search turns all 256 bytes into norms and every indexed field
 * length is encoded (test_index checks the table against the formula). */
static const uint32_t len_table[256] = {
    0,       1,       2,       3,       4,       5,       6,       7,
    8,       9,       10,      11,      12,      13,      14,      15,
    16,      17,      18,      19,      20,      21,      22,      23,
    24,      25,      26,      27,      28,      29,      30,      31,
    32,      33,      34,      35,      36,      37,      38,      39,
    40,      43,      46,      49,      52,      56,      60,      64,
    68,      73,      77,      82,      87,      93,      98,      104,
    110,     117,     124,     131,     139,     147,     155,     164,
    173,     183,     193,     204,     215,     226,     239,     252,
    265,     280,     295,     310,     327,     344,     363,     382,
    402,     423,     445,     468,     493,     519,     546,     574,
    604,     635,     668,     702,     738,     776,     816,     858,
    902,     948,     996,     1047,    1100,    1156,    1215,    1277,
    1342,    1410,    1481,    1557,    1635,    1718,    1805,    1896,
    1992,    2093,    2199,    2309,    2426,    2548,    2677,    2812,
    2953,    3102,    3258,    3422,    3594,    3775,    3965,    4164,
    4373,    4593,    4823,    5066,    5320,    5587,    5867,    6162,
    6471,    6795,    7136,    7494,    7870,    8264,    8678,    9113,
    9570,    10049,   10553,   11082,   11637,   12220,   12832,   13474,
    14149,   14857,   15601,   16382,   17203,   18064,   18968,   19917,
    20914,   21961,   23060,   24214,   25426,   26698,   28034,   29437,
    30910,   32456,   34080,   35785,   37575,   39455,   41429,   43501,
    45677,   47962,   50361,   52880,   55526,   58303,   61219,   64281,
    67496,   70872,   74417,   78138,   82046,   86150,   90458,   94982,
    99732,   104720,  109957,  115456,  121230,  127292,  133658,  140342,
    147360,  154729,  162466,  170590,  179121,  188078,  197483,  207358,
    217727,  228615,  240046,  252050,  264653,  277887,  291782,  306372,
    321692,  337778,  354667,  372402,  391023,  410575,  431105,  452661,
    475295,  499061,  524015,  550217,  577729,  606616,  636948,  668797,
    702237,  737350,  774219,  812931,  853578,  896258,  941072,  988127,
    1037534, 1089412, 1143884, 1201079, 1261134, 1324192, 1390402, 1459923,
    1532921, 1609568, 1690047, 1774550, 1863279, 1956444, 2054267, 2156982,
};

static uint32_t len_of(unsigned b) {
    return len_table[b & 0xFF];
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
    /* by hand, not snprintf: facets turn hundreds of days into text per
     * search, and snprintf was most of their cost */
    out[0] = (char)('0' + yy / 1000);
    out[1] = (char)('0' + yy / 100 % 10);
    out[2] = (char)('0' + yy / 10 % 10);
    out[3] = (char)('0' + yy % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10 % 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10 % 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}
