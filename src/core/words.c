/*
 * words.c — splitting text at ASCII white space, for the places that take
 * words as written (names in gazetteers, pre-tokenized training text)
 * rather than through the analyzer's tokenizer.
 */
#include "core.h"

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t kh_next_word(const char *s, size_t n, size_t *pos) {
    size_t i = *pos;
    while (i < n && is_space(s[i]))
        i++;
    size_t start = i;
    while (i < n && !is_space(s[i]))
        i++;
    *pos = i;
    return start;
}
