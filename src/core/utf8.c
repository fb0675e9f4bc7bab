/*
 * utf8.c — validation and repair of UTF-8 input, and JSON string escaping
 * for writers. Validation runs over every input byte before analysis, so
 * it takes 8 ASCII bytes at a time and decodes multi-byte sequences inline.
 */
#include "core.h"

#include <string.h>

/* Length of the valid sequence at s (1-4), or 0 if invalid/truncated/NUL. */
static unsigned seq_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c < 0x80)
        return c ? 1 : 0;
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

kh_status kh_utf8_check(const char *buf, size_t len, size_t *bad_offset) {
    const unsigned char *s = (const unsigned char *)buf;
    size_t i = 0;
    while (i < len) {
        /* 8 ASCII bytes without NUL at a time */
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & 0x8080808080808080ull) &&
                !((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        unsigned k = seq_len(s + i, len - i);
        if (!k) {
            if (bad_offset)
                *bad_offset = i;
            return KH_ERR_UTF8;
        }
        i += k;
    }
    return KH_OK;
}

size_t kh_utf8_repair(const char *buf, size_t len, char *out) {
    const unsigned char *s = (const unsigned char *)buf;
    size_t i = 0, o = 0;
    while (i < len) {
        unsigned k = seq_len(s + i, len - i);
        if (!k) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            continue;
        }
        memcpy(out + o, s + i, k);
        o += k;
        i += k;
    }
    return o;
}

int kh_buf_json_string(kh_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    if (kh_buf_reserve(b, n + 2))
        return -1;
    b->data[b->len++] = '"';
    size_t run = 0; /* start of the current run of plain bytes */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (kh_buf_append(b, s + run, i - run))
            return -1;
        char esc[6] = {'\\', 0};
        size_t k = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            if (kh_buf_append(b, esc, 2) || kh_buf_append(b, "00", 2) ||
                kh_buf_putc(b, hex[c >> 4]) || kh_buf_putc(b, hex[c & 15]))
                return -1;
            k = 0;
        }
        if (k && kh_buf_append(b, esc, k))
            return -1;
        run = i + 1;
    }
    if (kh_buf_append(b, s + run, n - run))
        return -1;
    return kh_buf_putc(b, '"');
}
