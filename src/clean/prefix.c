/*
 * prefix.c — furniture and labels glued to the front or end of a paragraph
 * rather than standing on their own line: datelines ("नईदुनिया प्रतिनिधि,
 * इंदौर।वल्लभ नगर में ..."), English kickers ("Vladimir Putin Talk to PM
 * Modi: रूसी ..."), and feed truncation markers ("... [1506 chars]"). Each
 * is split off so the paragraph keeps exactly its own words.
 */
#include "clean.h"

#include <string.h>

static const char *const speech_verbs[] = {
    "कहा",  "बताया", "लिखा", "है",    "हैं",      "था",  "थे",    "बोले",
    "बोला", "बोलीं",  "कहते",  "कहना", "उदाहरण", "नोट", "सवाल", "जवाब",
};

static int last_word_is_verb(const char *f, size_t n) {
    size_t s = n;
    while (s && f[s - 1] != ' ')
        s--;
    for (size_t i = 0; i < sizeof speech_verbs / sizeof *speech_verbs; i++)
        if (strlen(speech_verbs[i]) == n - s &&
            !memcmp(speech_verbs[i], f + s, n - s))
            return 1;
    return 0;
}

static size_t words_in(const char *s, size_t n) {
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ')
            in = 0;
        else if (!in)
            in = 1, w++;
    }
    return w;
}

/* Trims spaces and a trailing "(एजेंसी)" / "(PTI)" from a folded prefix. */
static size_t trim_core(const char *f, size_t n) {
    while (n && (f[n - 1] == ' ' || f[n - 1] == ','))
        n--;
    if (n && f[n - 1] == ')') {
        size_t k = n;
        while (k && f[k - 1] != '(')
            k--;
        if (k && kh_is_agency(f + k, n - 1 - k)) {
            n = k - 1;
            while (n && f[n - 1] == ' ')
                n--;
        }
    }
    return n;
}

static int all_devanagari_words(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        i += kh_cl_decode(p + i, n - i, &cp);
        if (cp != ' ' && !kh_cl_is_deva_letter(cp))
            return 0;
    }
    return n > 0;
}

size_t kh_dateline_prefix(const char *s, size_t n, int first) {
    size_t lim = n < 120 ? n : 120;
    size_t t = 0, after = 0;
    int colon = 0, comma = 0, paren = 0;
    for (size_t i = 0; i < lim; i++) {
        if (i + 3 <= n && !memcmp(s + i, "।", 3)) {
            t = i, after = i + 3;
            break;
        }
        if (s[i] == ':') {
            t = i, after = i + 1, colon = 1;
            break;
        }
        if (i + 3 <= n && (!memcmp(s + i, " - ", 3))) {
            t = i, after = i + 3;
            break;
        }
        if (i + 5 <= n &&
            (!memcmp(s + i, " – ", 5) || !memcmp(s + i, " — ", 5))) {
            t = i, after = i + 5;
            break;
        }
        /* "नयी दिल्ली, 12 मई (भाषा) ...": an agency in brackets ends it */
        if (s[i] == '(' && i > 0) {
            const char *close = memchr(s + i, ')', lim - i);
            if (close) {
                char fa[64];
                size_t an = kh_fold(s + i + 1, (size_t)(close - s) - i - 1, fa,
                                    sizeof fa);
                if (kh_is_agency(fa, an)) {
                    t = i, after = (size_t)(close - s) + 1, paren = 1;
                    break;
                }
            }
        }
        /* "नईदुनिया प्रतिनिधि, इंदौर, Import Duty ...": a comma before Latin
         * text ends the dateline too (checked below for a reporter word). */
        if (i > 0 && s[i] == ',' && i + 2 < n && s[i + 1] == ' ' &&
            ((s[i + 2] | 0x20) >= 'a' && (s[i + 2] | 0x20) <= 'z')) {
            t = i, after = i + 1, comma = 1;
            break;
        }
    }
    if (!t)
        return 0;
    char f[256];
    size_t fn = kh_fold(s, t, f, sizeof f);
    if (fn < t && fn == sizeof f)
        return 0;
    size_t core = trim_core(f, fn);
    size_t w = words_in(f, core);
    if (!core || w > 6)
        return 0;
    int ok = kh_has_reporter_word(f, core);
    if (!ok && paren) {
        /* "नयी दिल्ली, 12 मई (भाषा)": a place first, then a date maybe */
        const char *c = memchr(f, ',', core);
        ok = kh_is_place(f, c ? (size_t)(c - f) : core);
    }
    if (!ok && !comma) {
        ok = kh_is_place(f, core);
        if (!ok) {
            /* "लखनऊ, 5 मई:" — a place and a date before the separator */
            const char *c = memchr(f, ',', core);
            if (c && kh_is_place(f, (size_t)(c - f)))
                ok = 1;
        }
        if (!ok && first && colon && w <= 2 && all_devanagari_words(f, core) &&
            !last_word_is_verb(f, core))
            ok = 1; /* "ब्रिसबेन:" opening the first paragraph */
    }
    if (!ok)
        return 0;
    while (after < n && s[after] == ' ')
        after++;
    if (n - after < 20)
        return 0; /* nothing left to be a paragraph: not a dateline */
    return after;
}

size_t kh_kicker_prefix(const char *s, size_t n, size_t *kick_len) {
    size_t lim = n < 160 ? n : 160;
    size_t letters = 0, words = 1, i = 0;
    for (; i < lim; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ':')
            break;
        if (c >= 0x80)
            return 0; /* a kicker here is Latin script only */
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            letters++;
        else if (c == ' ')
            words++;
    }
    if (i >= lim || letters < 2 || words > 12 || i + 1 >= n || s[i + 1] == '/')
        return 0;
    size_t k = i;
    while (k && s[k - 1] == ' ')
        k--;
    if (!k)
        return 0;
    size_t after = i + 1;
    while (after < n && s[after] == ' ')
        after++;
    /* What follows must be Devanagari text of some length. */
    if (n - after < 20 || (unsigned char)s[after] != 0xE0)
        return 0;
    *kick_len = k;
    return after;
}

size_t kh_truncation_suffix(const char *s, size_t n) {
    size_t e = n;
    while (e && s[e - 1] == ' ')
        e--;
    if (e < 8 || s[e - 1] != ']')
        return n;
    if (e < 6 || memcmp(s + e - 6, "chars]", 6))
        return n;
    size_t i = e - 6;
    while (i && s[i - 1] == ' ')
        i--;
    size_t digits = 0;
    while (i && s[i - 1] >= '0' && s[i - 1] <= '9')
        i--, digits++;
    if (i && s[i - 1] == '+')
        i--;
    if (!digits || !i || s[i - 1] != '[')
        return n;
    i--;
    while (i && s[i - 1] == ' ')
        i--;
    if (i >= 3 && !memcmp(s + i - 3, "…", 3))
        i -= 3;
    else
        while (i && s[i - 1] == '.')
            i--;
    return i;
}
