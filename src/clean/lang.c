/*
 * lang.c — the language of a paragraph from its letters: Hindi news mixes
 * in English names and acronyms ("PM", "TASS"), so a paragraph stays "hi"
 * until Latin letters pass a fifth of its letters, and is "en" from four
 * fifths on; "mixed" between.
 */
#include "clean.h"

kh_lang kh_lang_of(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    size_t deva = 0, latin = 0, i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            latin += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            i++;
            continue;
        }
        uint32_t cp;
        i += kh_cl_decode(p + i, n - i, &cp);
        if (kh_cl_is_deva_letter(cp))
            deva++;
        else if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)
            latin++;
    }
    size_t all = deva + latin;
    if (!all)
        return KH_LANG_NONE;
    if (latin * 5 <= all)
        return KH_LANG_HI;
    if (latin * 5 >= all * 4)
        return KH_LANG_EN;
    return KH_LANG_MIXED;
}
