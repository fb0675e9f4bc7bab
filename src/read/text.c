/*
 * text.c — the plain-text scrape reader: one block per non-blank line,
 * pointing into the caller's buffer (no copy), with a flag when blank lines
 * came before it. Scrapers put one unit per line (headline, standfirst,
 * furniture, paragraph), so a line is the unit the cleaner judges.
 */
#include "read.h"

#include <string.h>

/* A line is blank when it holds only ASCII whitespace, NBSP or zero-width
 * characters (scrapes use them as spacers). */
static int is_blank(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
            i++;
        } else if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {
            i += 2; /* NBSP */
        } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
                   (s[i + 2] == 0x8B || s[i + 2] == 0xAF)) {
            i += 3; /* ZWSP, narrow NBSP */
        } else if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBB &&
                   s[i + 2] == 0xBF) {
            i += 3; /* BOM / ZWNBSP */
        } else {
            return 0;
        }
    }
    return 1;
}

kh_status kh_read_text(const char *buf, size_t len, kh_rawdoc *d,
                       kh_error *err) {
    d->base = buf;
    d->format = KH_INPUT_TEXT;
    size_t i = 0, line = 1;
    unsigned gap = 0;
    /* The next CR at or after i, looked for again only once passed: most
     * scrapes have none, and a second search of every line cost more than
     * the first. */
    const char *cr = memchr(buf, '\r', len);
    while (i < len) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - buf) : len;
        if (cr && (size_t)(cr - buf) < i)
            cr = memchr(buf + i, '\r', len - i);
        /* A lone CR also ends a line (old Mac files). */
        if (cr && (size_t)(cr - buf) + 1 < end) {
            end = (size_t)(cr - buf);
            nl = cr;
        }
        size_t e = end;
        if (e > i && buf[e - 1] == '\r')
            e--;
        if (is_blank((const unsigned char *)buf + i, e - i)) {
            gap = KH_BLK_GAP;
        } else {
            kh_status st = kh_rawdoc_push(d, i, e - i, line, gap, err);
            if (st)
                return st;
            gap = 0;
        }
        line++;
        i = nl ? end + 1 : len;
    }
    return KH_OK;
}
