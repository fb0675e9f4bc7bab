/*
 * detect.c — guesses whether a buffer is HTML, JSON Lines or a plain-text
 * scrape from its first non-blank bytes, so `khabar clean` can take any of
 * them without being told.
 */
#include "read.h"

#include <string.h>

static int starts_ci(const char *s, size_t n, const char *lit) {
    size_t m = strlen(lit);
    if (n < m)
        return 0;
    for (size_t i = 0; i < m; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return 0;
    }
    return 1;
}

kh_input_format kh_detect_format(const char *buf, size_t len) {
    size_t i = 0;
    /* Skip a byte-order mark and leading whitespace. */
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
                       buf[i] == '\r'))
        i++;
    if (i >= len)
        return KH_INPUT_TEXT;
    const char *s = buf + i;
    size_t n = len - i;
    if (s[0] == '{')
        return KH_INPUT_JSONL;
    if (s[0] == '<' &&
        (starts_ci(s, n, "<!doctype html") || starts_ci(s, n, "<html") ||
         starts_ci(s, n, "<head") || starts_ci(s, n, "<body") ||
         starts_ci(s, n, "<article") || starts_ci(s, n, "<div") ||
         starts_ci(s, n, "<p") || starts_ci(s, n, "<meta") ||
         starts_ci(s, n, "<!--") || starts_ci(s, n, "<?xml")))
        return KH_INPUT_HTML;
    return KH_INPUT_TEXT;
}
