/*
 * prefix.c — furniture and labels glued to the front or end of a paragraph
 * rather than standing on their own line: datelines ("नईदुनिया प्रतिनिधि,
 * इंदौर।वल्लभ नगर में ..."), kickers ("Vladimir Putin Talk to PM Modi:
 * रूसी ...", "राजस्थान समाचार: ..."), and feed truncation markers ("...
 * [1506 chars]"). Each is split off so the paragraph keeps exactly its
 * own words. Also the shape of another story's headline dropped into the
 * text ("Indore Weather Update: इंदौर में ..."), which shares the kicker's
 * label.
 */
#include "clean.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* The bytes of a 16-byte block (bit k for x[k]) that may mark a
 * separator's place: ':' '(' ',' '-' (of " - "), E2 (of " – " " — ") and a
 * danda's last byte (A4 after A5). Everything else a dateline holds,
 * Devanagari letters and spaces above all, is skipped 16 bytes at a time:
 * this runs on the first 120 bytes of every paragraph. prev is the block
 * one byte earlier. */
static unsigned separator_bytes(const unsigned char *x,
                                const unsigned char *prev) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)x);
    __m128i p = _mm_loadu_si128((const __m128i *)prev);
#define EQ(a, c) _mm_cmpeq_epi8(a, _mm_set1_epi8((char)(c)))
    __m128i m = _mm_or_si128(_mm_or_si128(EQ(v, ':'), EQ(v, '(')),
                             _mm_or_si128(EQ(v, ','), EQ(v, '-')));
    m = _mm_or_si128(m, EQ(v, 0xE2));
    m = _mm_or_si128(m, _mm_and_si128(EQ(v, 0xA4), EQ(p, 0xA5)));
#undef EQ
    return (unsigned)_mm_movemask_epi8(m);
#else
    unsigned m = 0;
    for (unsigned k = 0; k < 16; k++)
        if (x[k] == ':' || x[k] == '(' || x[k] == ',' || x[k] == '-' ||
            x[k] == 0xE2 || (x[k] == 0xA4 && prev[k] == 0xA5))
            m |= 1u << k;
    return m;
#endif
}

/* Is there a separator whose marking byte (separator_bytes) is s[j]? Its
 * start and end go to *t and *after; *kind says which (':' '(' ',', or 0
 * for a dash or danda). The separator must start before lim. */
static int separator_at(const char *s, size_t n, size_t lim, size_t j,
                        size_t *t, size_t *after, int *kind) {
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[j];
    *kind = 0;
    if (c == 0xA4) { /* E0 A5 A4: a danda */
        if (j < 2 || j - 2 >= lim || u[j - 2] != 0xE0)
            return 0;
        *t = j - 2, *after = j + 1;
        return 1;
    }
    if (c == '-' || c == 0xE2) { /* " - ", " – ", " — " from the space */
        size_t i = j - 1, len = c == '-' ? 3 : 5;
        if (j < 1 || i >= lim || i + len > n ||
            (c == '-' ? memcmp(s + i, " - ", 3)
                      : memcmp(s + i, " – ", 5) && memcmp(s + i, " — ", 5)))
            return 0;
        *t = i, *after = i + len;
        return 1;
    }
    if (j >= lim)
        return 0;
    if (c == ':') {
        *t = j, *after = j + 1, *kind = ':';
        return 1;
    }
    /* "नयी दिल्ली, 12 मई (भाषा) ...": an agency in brackets ends it */
    if (c == '(' && j > 0) {
        const char *close = memchr(s + j, ')', lim - j);
        if (close) {
            char fa[64];
            size_t an =
                kh_fold(s + j + 1, (size_t)(close - s) - j - 1, fa, sizeof fa);
            if (kh_is_agency(fa, an)) {
                *t = j, *after = (size_t)(close - s) + 1, *kind = '(';
                return 1;
            }
        }
        return 0;
    }
    /* "नईदुनिया प्रतिनिधि, इंदौर, Import Duty ...": a comma before Latin
     * text ends the dateline too (checked below for a reporter word). */
    if (c == ',' && j > 0 && j + 2 < n && s[j + 1] == ' ' &&
        ((s[j + 2] | 0x20) >= 'a' && (s[j + 2] | 0x20) <= 'z')) {
        *t = j, *after = j + 1, *kind = ',';
        return 1;
    }
    return 0;
}

/* The first separator that starts before lim: a colon, a dash between
 * spaces, a danda, an agency in brackets or a comma before Latin text.
 * Returns 0 when there is none, *kind 0 too, or when it starts the text. */
static size_t first_separator(const char *s, size_t n, size_t lim,
                              size_t *after, int *kind) {
    *kind = 0;
    /* a danda's last byte lies up to two bytes past its start */
    size_t end = lim + 2 < n ? lim + 2 : n;
    unsigned char pad[1 + 16 + 16];
    for (size_t base = 0; base < end; base += 16) {
        const unsigned char *x = (const unsigned char *)s + base, *prev;
        if (base && base + 16 <= n) {
            prev = x - 1;
        } else {
            /* the first block (no byte before it) or the last (no 16
             * bytes left): a copy padded with zeros, never a candidate */
            size_t k = n - base < 16 ? n - base : 16;
            memset(pad, 0, sizeof pad);
            pad[0] = base ? x[-1] : 0;
            memcpy(pad + 1, x, k);
            x = pad + 1;
            prev = pad;
        }
        unsigned m = separator_bytes(x, prev);
        if (end - base < 16)
            m &= (1u << (end - base)) - 1;
        for (; m; m &= m - 1) {
            size_t j = base + (size_t)__builtin_ctz(m), t;
            if (separator_at(s, n, lim, j, &t, after, kind))
                return t;
        }
    }
    return 0;
}

size_t kh_dateline_prefix(const char *s, size_t n, int first) {
    size_t lim = n < 120 ? n : 120;
    size_t after = 0;
    int kind;
    size_t t = first_separator(s, n, lim, &after, &kind);
    int colon = kind == ':', comma = kind == ',', paren = kind == '(';
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
        /* "अलीगढ़ जेएनएन:", "नईदुनिया इंदौर:" — a place and a desk */
        for (size_t k = 1; !ok && w >= 2 && w <= 3 && k < core; k++)
            if (f[k] == ' ')
                ok = (kh_is_agency(f + k + 1, core - k - 1) &&
                      kh_is_place(f, k)) ||
                     (kh_is_agency(f, k) &&
                      kh_is_place(f + k + 1, core - k - 1));
        /* one word: two ("जल योजना:", "कोरोना वायरस:") are a kicker's
         * label as often as a place the list lacks */
        if (!ok && first && colon && w == 1 && all_devanagari_words(f, core) &&
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

/* Words that end a clause, not a label: what someone said ("मंत्री ने
 * कहा:"), according to whom ("सूत्रों के अनुसार:"), a list's lead-in. */
static const char *const clause_ends[] = {
    "अनुसार", "मुताबिक", "बताते", "बतातीं", "कहती", "कहतीं", "लिखते",
    "पूछा",   "पूछे",     "कि",   "जैसे",    "निम्न", "यह",   "ये",
    "वह",    "वे",      "हम",   "आप",    "कारण", "मांग",  "सुझाव",
};

static int last_word_in(const char *f, size_t n, const char *const *list,
                        size_t count) {
    size_t s = n;
    while (s && f[s - 1] != ' ')
        s--;
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n - s && !memcmp(list[i], f + s, n - s))
            return 1;
    return 0;
}

/* Does the text hold a sentence end (। ॥ . ? !) that is not a decimal
 * point ("11.7")? */
static int has_sentence_end(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '?' || c == '!')
            return 1;
        if (c == '.' && !(i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9'))
            return 1;
        if (c == 0xE0 && i + 2 < n && (unsigned char)s[i + 1] == 0xA5 &&
            ((unsigned char)s[i + 2] == 0xA4 ||
             (unsigned char)s[i + 2] == 0xA5))
            return 1;
    }
    return 0;
}

/* Is s[0, k) shaped like a kicker label: one to four words of letters
 * (Devanagari or Latin, signs and digits inside a word allowed, hyphens
 * between), not ending in a bare number ("रात करीब 2"), no brackets,
 * slashes, commas or dots (datelines and bylines have those: "नवादा/पटना",
 * "लेस्लीगंज (पलामू)"), not ending in a word that closes a clause, and not
 * a place or a desk? *latin is set when every letter is Latin. */
static int label_shape(const char *s, size_t k, int *latin) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, letters = 0, deva = 0;
    while (i < k) {
        uint32_t cp;
        unsigned l = kh_cl_decode(p + i, k - i, &cp);
        if (cp < 0x80) {
            int alpha = (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
            if (!alpha && !(cp >= '0' && cp <= '9') && cp != ' ' && cp != '-')
                return 0;
            letters += alpha;
        } else if (kh_cl_is_deva_letter(cp)) {
            letters++, deva++;
        } else if (cp != 0x200C && cp != 0x200D) {
            return 0; /* danda, Devanagari digits, punctuation, symbols */
        }
        i += l;
    }
    size_t w = words_in(s, k), lw = k;
    while (lw && s[lw - 1] != ' ')
        lw--;
    int last_has_letter = 0; /* "COVID-19" is a label, "करीब 2" is not */
    for (size_t j = lw; j < k; j++)
        last_has_letter |= !(p[j] >= '0' && p[j] <= '9') && p[j] != '-';
    if (!letters || w < 1 || w > 4 || !last_has_letter)
        return 0;
    char f[128];
    size_t fn = kh_fold(s, k, f, sizeof f);
    if (fn == sizeof f ||
        last_word_in(f, fn, speech_verbs,
                     sizeof speech_verbs / sizeof *speech_verbs) ||
        last_word_in(f, fn, clause_ends,
                     sizeof clause_ends / sizeof *clause_ends) ||
        kh_is_place(f, fn) || kh_is_agency(f, fn) ||
        kh_has_reporter_word(f, fn))
        return 0;
    *latin = !deva;
    return 1;
}

/* The label before a ':' that ends within the first bytes of s: its
 * length (trailing spaces off) in *k, and the offset of the text after
 * the colon and its spaces, or 0 when there is no such colon. A colon
 * between digits ("2:15", "1:0") is not a label's. */
static size_t label_colon(const char *s, size_t n, size_t lim, size_t *k) {
    const char *c = memchr(s, ':', n < lim ? n : lim);
    if (!c || c == s)
        return 0;
    size_t i = (size_t)(c - s), after = i + 1;
    if (after >= n || s[after] != ' ')
        return 0; /* "लखनऊ:कोरोना" glued is a dateline's, not a kicker's */
    while (after < n && s[after] == ' ')
        after++;
    size_t e = i;
    while (e && s[e - 1] == ' ')
        e--;
    if (!e || (after < n && s[after] >= '0' && s[after] <= '9'))
        return 0;
    *k = e;
    return after;
}

size_t kh_kicker_prefix(const char *s, size_t n, size_t *kick_len) {
    size_t lim = n < 160 ? n : 160;
    size_t letters = 0, words = 1, i = 0;
    int latin_only = 1;
    for (; i < lim; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ':')
            break;
        if (c >= 0x80)
            latin_only = 0;
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            letters++;
        else if (c == ' ')
            words++;
    }
    if (latin_only) {
        /* "Vladimir Putin Talk to PM Modi: रूसी ...": a Latin label of up
         * to twelve words before Devanagari text */
        if (i >= lim || letters < 2 || words > 12 || i + 1 >= n ||
            s[i + 1] == '/')
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
    /* "राजस्थान समाचार: ...", "MP न्यूज: ...", "लखनऊ में लॉकडाउन: ...": a
     * label in Devanagari or mixed script is held to more: at most four
     * words shaped like a label, and a full sentence after it (eight words
     * or more, with a sentence end), so a sentence with a colon in it
     * ("मंत्री ने कहा: ...") is never cut. */
    size_t k, after = label_colon(s, n, 64, &k);
    int latin;
    if (!after || !label_shape(s, k, &latin) ||
        words_in(s + after, n - after) < 8 ||
        !has_sentence_end(s + after, n - after))
        return 0;
    *kick_len = k;
    return after;
}

/* Function words that say nothing of a headline's subject, folded; those
 * of one letter (के, में, से, ...) are left out by their length anyway. */
static const char *const function_words[] = {
    "लिए", "तक",   "कर",   "पर",   "और",   "एक",   "यह",   "वह",
    "इस",  "उस",   "अब",   "सब",   "बाद",  "साथ",  "रहा",  "रही",
    "रहे",  "गया",  "गई",   "गए",   "हुए",   "हुई",   "कहा",  "नहीं",
    "इन",  "उन",   "जब",   "तब",   "कई",   "बहुत",  "अपने",  "अपनी",
    "करने", "होने",  "सकता", "सकती", "सकते",  "किया", "दिया", "लिया",
    "जाने", "होगी", "होगा", "होंगे",  "क्या",  "कैसे",   "जानें",  "जानिए",
    "the", "and",  "for",  "with", "from", "that", "this", "are",
};

/* Letters in a folded word: ASCII letters and digits, Devanagari vowels
 * and consonants; not the vowel signs, virama and other marks. */
static size_t base_letters(const char *w, size_t n) {
    const unsigned char *p = (const unsigned char *)w;
    size_t letters = 0, i = 0;
    while (i < n) {
        uint32_t cp;
        i += kh_cl_decode(p + i, n - i, &cp);
        letters += cp < 0x80 || (cp >= 0x0904 && cp <= 0x0939) ||
                   (cp >= 0x0958 && cp <= 0x0961) ||
                   (cp >= 0x0972 && cp <= 0x097F);
    }
    return letters;
}

/* The next word of s at or after *i, folded into f (at most cap bytes);
 * its length, 0 at the end. Words are split on spaces and punctuation;
 * quotes and brackets around a word are not part of it. */
static size_t next_folded_word(const char *s, size_t n, size_t *i, char *f,
                               size_t cap) {
    const unsigned char *p = (const unsigned char *)s;
    size_t k = *i;
    for (;;) {
        while (k < n && p[k] < 0x80 &&
               !((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z') &&
               !(p[k] >= '0' && p[k] <= '9'))
            k++;
        if (k >= n) {
            *i = n;
            return 0;
        }
        if (p[k] >= 0x80 &&
            !(p[k] == 0xE0 && k + 2 < n && (p[k + 1] & 0xFE) == 0xA4 &&
              !(p[k + 1] == 0xA5 && (p[k + 2] == 0xA4 || p[k + 2] == 0xA5)))) {
            uint32_t cp;
            /* punctuation, signs, dandas */
            k += kh_cl_decode(p + k, n - k, &cp);
            continue;
        }
        break;
    }
    size_t start = k;
    while (k < n) {
        if (p[k] < 0x80) {
            if (!((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z') &&
                !(p[k] >= '0' && p[k] <= '9'))
                break;
            k++;
        } else if (p[k] == 0xE0 && k + 2 < n && (p[k + 1] & 0xFE) == 0xA4 &&
                   !(p[k + 1] == 0xA5 &&
                     (p[k + 2] == 0xA4 || p[k + 2] == 0xA5))) {
            k += 3; /* a Devanagari letter or sign, not a danda */
        } else {
            break;
        }
    }
    *i = k;
    return kh_fold(s + start, k - start, f, cap);
}

/* How many subject words of the headline h (two letters or more, not
 * function words) the start of the paragraph p also has: a headline that
 * opens what follows shares some, one dropped into another story hardly
 * any. */
static size_t shared_subject_words(const char *h, size_t hn, const char *p,
                                   size_t pn) {
    if (pn > 1000)
        pn = 1000;
    while (pn && ((unsigned char)p[pn] & 0xC0) == 0x80)
        pn--; /* not inside a character */
    /* the paragraph's words folded once, then each headline word looked
     * up among them */
    char pf[1024], hw[96];
    size_t off[256], len[256], np = 0, used = 0, i = 0, l;
    while (np < 256 &&
           (l = next_folded_word(p, pn, &i, pf + used, sizeof pf - used))) {
        off[np] = used;
        len[np++] = l;
        used += l;
    }
    size_t shared = 0;
    i = 0;
    while ((l = next_folded_word(h, hn, &i, hw, sizeof hw))) {
        if (base_letters(hw, l) < 2 ||
            last_word_in(hw, l, function_words,
                         sizeof function_words / sizeof *function_words))
            continue;
        for (size_t k = 0; k < np; k++)
            if (len[k] == l && !memcmp(pf + off[k], hw, l)) {
                shared++;
                break;
            }
    }
    return shared;
}

int kh_related_headline(const char *s, size_t n, const char *next,
                        size_t next_len) {
    /* "Indore Weather Update: इंदौर में अलसुबह से तेज बारिश, तीन दिन तक
     * जारी रह सकता है यह सिलसिला": a Latin title-case label (as Hindi
     * sites write their headlines' kickers), a Devanagari headline of 8 to
     * 30 words, and no sentence end: another story's headline. */
    if (!n || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= '0' && s[0] <= '9')))
        return 0; /* the quick test first: most lines are not headlines */
    size_t k, after = label_colon(s, n, 64, &k);
    if (!after)
        return 0;
    for (size_t i = 0; i < k; i++) /* every word capitalized or a number */
        if ((i == 0 || s[i - 1] == ' ') &&
            !((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return 0;
    int latin;
    if (!label_shape(s, k, &latin) || !latin)
        return 0;
    const char *r = s + after;
    size_t rn = n - after, w = words_in(r, rn);
    if ((unsigned char)r[0] != 0xE0 || w < 8 || w > 30 ||
        has_sentence_end(r, rn) || memchr(r, ':', rn))
        return 0;
    size_t latin_letters = 0, deva = 0;
    for (size_t i = 0; i < rn; i++) {
        unsigned char c = (unsigned char)r[i];
        latin_letters += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        deva += c == 0xE0;
    }
    if (deva <= 4 * latin_letters)
        return 0; /* the headline itself is Hindi */
    /* the headline of the paragraph after it, where a scrape joined
     * stories, is a heading: it shares its subject with that paragraph */
    return !next || shared_subject_words(r, rn, next, next_len) < 2;
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
