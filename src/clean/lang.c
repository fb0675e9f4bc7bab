/*
 * lang.c — the language of a paragraph from its letters: Hindi news mixes
 * in English names and acronyms ("PM", "TASS"), so a paragraph stays "hi"
 * until Latin letters pass a fifth of its letters, and is "en" from four
 * fifths on; "mixed" between.
 */
#include "clean.h"

kh_lang kh_lang_of(const char *s, size_t n) {
    /* Counted on bytes, not decoded code points: a Devanagari letter or
     * sign is E0 A4/A5 xx (digits and dandas excluded), Latin letters are
     * ASCII (accented Latin is rare enough in Hindi news to ignore). */
    const unsigned char *p = (const unsigned char *)s;
    size_t deva = 0, latin = 0, i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            latin += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            i++;
        } else if (c == 0xE0 && i + 2 < n) {
            if (p[i + 1] == 0xA4 ||
                (p[i + 1] == 0xA5 && (p[i + 2] < 0xA4 || p[i + 2] > 0xAF)))
                deva++;
            i += 3;
        } else {
            i++;
        }
    }
    return kh_lang_counts(deva, latin);
}

kh_lang kh_lang_counts(size_t deva, size_t latin) {
    size_t all = deva + latin;
    if (!all)
        return KH_LANG_NONE;
    if (latin * 5 <= all)
        return KH_LANG_HI;
    if (latin * 5 >= all * 4)
        return KH_LANG_EN;
    return KH_LANG_MIXED;
}
