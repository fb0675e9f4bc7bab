/*
 * date.c — publication dates as feeds and pages give them ("Wed, 16 Jul
 * 2025 21:25:41 +0530", "2021-01-17T09:14:05Z", "01 Mar 2020, 02:53:00 PM
 * IST") turned into ISO 8601, so the index can sort and filter on them.
 * Hand-written because strptime() depends on the C locale and cannot read
 * time zones portably.
 */
#include "read.h"

#include <stdio.h>
#include <string.h>

static const char *const months[12] = {"jan", "feb", "mar", "apr",
                                       "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"};

static int month_of(const char *s, size_t n) {
    if (n < 3)
        return 0;
    char m[3];
    for (int i = 0; i < 3; i++)
        m[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    for (int i = 0; i < 12; i++)
        if (!memcmp(m, months[i], 3))
            return i + 1;
    return 0;
}

static int is_digit(char c) {
    return c >= '0' && c <= '9';
}

static int is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads an unsigned number of up to `max` digits at s[*i]. */
static int num(const char *s, size_t n, size_t *i, int max, int *v) {
    int k = 0, x = 0;
    while (*i < n && k < max && is_digit(s[*i])) {
        x = x * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    *v = x;
    return k;
}

static int valid_ymd(int y, int m, int d) {
    return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int kh_date_to_iso(const char *s, size_t n, char *out, size_t cap) {
    while (n && (unsigned char)*s <= ' ')
        s++, n--;
    while (n && (unsigned char)s[n - 1] <= ' ')
        n--;
    if (cap < 32 || n < 8 || n > 80)
        return 0;
    /* ISO 8601 already: keep it as it is (it carries its own zone). */
    if (n >= 10 && is_digit(s[0]) && is_digit(s[3]) && s[4] == '-' &&
        s[7] == '-') {
        size_t i = 0;
        int y, m, d;
        if (num(s, n, &i, 4, &y) != 4 || s[i++] != '-' ||
            num(s, n, &i, 2, &m) != 2 || s[i++] != '-' ||
            num(s, n, &i, 2, &d) != 2 || !valid_ymd(y, m, d))
            return 0;
        size_t keep = n < cap - 1 ? n : cap - 1;
        for (size_t k = 0; k < keep; k++)
            if (s[k] == ' ' || (unsigned char)s[k] >= 0x80)
                keep = k;
        memcpy(out, s, keep);
        out[keep] = '\0';
        return 1;
    }
    /* Free order of tokens: weekday, day, month name, year, time, zone. */
    int y = 0, m = 0, d = 0, hh = -1, mi = 0, ss = 0, pm = -1;
    int zone = 9999; /* minutes east of UTC; 9999 = not given */
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (is_digit(c)) {
            int v;
            size_t st = i;
            int k = num(s, n, &i, 4, &v);
            if (i < n && s[i] == ':') { /* a time */
                hh = v;
                i++;
                num(s, n, &i, 2, &mi);
                if (i < n && s[i] == ':') {
                    i++;
                    num(s, n, &i, 2, &ss);
                }
            } else if (k == 4) {
                y = v;
            } else if (k <= 2 && !d) {
                d = v;
            } else {
                return 0;
            }
            (void)st;
        } else if (is_alpha(c)) {
            size_t st = i;
            while (i < n && is_alpha(s[i]))
                i++;
            size_t w = i - st;
            int mo = month_of(s + st, w);
            if (mo && !m && w >= 3) {
                m = mo;
            } else if (w == 2 && (s[st] == 'P' || s[st] == 'p') &&
                       (s[st + 1] == 'M' || s[st + 1] == 'm')) {
                pm = 1;
            } else if (w == 2 && (s[st] == 'A' || s[st] == 'a') &&
                       (s[st + 1] == 'M' || s[st + 1] == 'm')) {
                pm = 0;
            } else if (w == 3 && !strncmp(s + st, "IST", 3)) {
                zone = 330;
            } else if ((w == 3 && (!strncmp(s + st, "GMT", 3) ||
                                   !strncmp(s + st, "UTC", 3))) ||
                       (w == 1 && s[st] == 'Z')) {
                zone = 0;
            }
        } else if ((c == '+' || c == '-') && i + 4 < n + 1 && hh >= 0 &&
                   i + 1 < n && is_digit(s[i + 1])) {
            int sign = c == '-' ? -1 : 1, v;
            i++;
            int k = num(s, n, &i, 4, &v);
            if (k == 4)
                zone = sign * ((v / 100) * 60 + v % 100);
            else if (k == 2) {
                int zm = 0;
                if (i < n && s[i] == ':') {
                    i++;
                    num(s, n, &i, 2, &zm);
                }
                zone = sign * (v * 60 + zm);
            }
        } else {
            i++;
        }
    }
    if (!valid_ymd(y, m, d))
        return 0;
    if (hh < 0) {
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
        return 1;
    }
    if (pm == 1 && hh < 12)
        hh += 12;
    else if (pm == 0 && hh == 12)
        hh = 0;
    if (hh > 23 || mi > 59 || ss > 60)
        return 0;
    int len = snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh,
                       mi, ss);
    if (zone == 0)
        snprintf(out + len, cap - (size_t)len, "Z");
    else if (zone != 9999) {
        int a = zone < 0 ? -zone : zone;
        snprintf(out + len, cap - (size_t)len, "%c%02d:%02d",
                 zone < 0 ? '-' : '+', (a / 60) % 100, a % 60);
    }
    return 1;
}
