/*
 * roman.c — ISO 15919 romanization of Devanagari (Hindi) and its inverse.
 *
 * Written here rather than taken from a library: romanization is part of the
 * product's Devanagari analysis, it runs on every token (so it is one
 * table-driven pass over the UTF-8 bytes, no allocation), and no Debian
 * library implements ISO 15919 with the reversibility we need.
 *
 * Conventions (ISO 15919, with its option for languages without a short/long
 * e and o contrast, as Hindi):
 *   vowels     a ā i ī u ū r̥ r̥̄ l̥ l̥̄ e ai o au; ऍ ê, ऑ ô; the rare short
 *              ऎ ऒ (not Hindi) become ĕ ŏ so that they stay distinct
 *   marks      anusvara ṁ, candrabindu m̐, visarga ḥ, avagraha ʼ
 *   consonants k kh g gh ṅ c ch j jh ñ ṭ ṭh ḍ ḍh ṇ t th d dh n p ph b bh m
 *              y r l v ś ṣ s h ḷ, and ऩ ṉ, ऱ ṟ, ऴ ḻ
 *   nukta      क़ q, ख़ x, ग़ ġ, ज़ z, ड़ ṛ, ढ़ ṛh, फ़ f, य़ ẏ (ऋ is r̥, so ड़
 *              can be ṛ without ambiguity)
 *   schwa      kept: पहलगाम -> pahalagāma (the standard and reversibility
 *              need it; the phonetic key in phonetic.c deletes it)
 *   separator  ':' where a sequence would otherwise read differently:
 *              कइ ka:i (कै is kai), अउ a:u, क्ह k:h (ख is kh), and a bare
 *              consonant before an independent vowel, क्अ k:a.
 *
 * Reversibility: kh_roman_iso_to_deva(kh_roman_iso(w)) is the NFC of w for
 * Devanagari words, except that ZWJ/ZWNJ are dropped (they only select glyph
 * shapes) and Devanagari digits come back as ASCII digits (the romanization
 * writes 0-9, which the inverse cannot tell from ASCII digits in the text).
 * Characters without a Latin value (danda, ॐ, stress marks, a vowel sign
 * with no consonant before it, invalid bytes) are copied unchanged both
 * ways, which keeps them reversible too. NFC decomposes the nukta letters
 * U+0958..U+095F (they are composition exclusions), so the inverse writes
 * base + U+093C for them, but composes ऩ ऱ ऴ as NFC does. One spelling
 * cannot be protected: a colon typed between a and i/u in the Devanagari
 * itself (अ:इ) reads back as the separator (अइ).
 *
 * The inverse reads precomposed or decomposed (NFD) Latin and ASCII
 * capitals; letters ISO does not use (w) are copied like other text.
 */
#include "analyze.h"

#include <string.h>

/* ---- output with the shared cap contract ------------------------------ */

typedef kh_out writer; /* see analyze.h */
#define put kh_out_put

static inline void put_cp(writer *w, uint32_t cp) {
    char b[4];
    put(w, b, kh_utf8_encode(cp, b));
}

/* ---- Devanagari -> ISO ------------------------------------------------- */

enum {
    D_RAW = 0, /* no Latin value: copied unchanged */
    D_VOWEL,   /* independent vowel */
    D_SIGN,    /* dependent vowel sign */
    D_CONS,    /* consonant (incl. precomposed nukta letters) */
    D_MARK,    /* anusvara, candrabindu, visarga, avagraha */
    D_VIRAMA,
    D_NUKTA,
    D_DIGIT
};

/* Flags: F_ASP — consonant whose Latin followed by "h" would read as its
 * aspirate (k + h = kh), so a following ह needs the separator; F_IU —
 * vowel written with a plain i or u, which would merge with a preceding a
 * into ai/au; F_A — the vowel a itself. NF_ASP is F_ASP for the nukta form
 * (ड़ ṛ, ṛ + h = ṛh). */
enum { F_ASP = 1, F_IU = 2, F_A = 4, NF_ASP = 8 };

typedef struct {
    unsigned char cls, flags;
    unsigned char llen, nlen; /* byte lengths of lat and nuk */
    const char *lat;          /* Latin (UTF-8, NFC) */
    const char *nuk; /* Latin of consonant + nukta, "" if ISO has none */
} iso_entry;

#define E(c, f, l, n)                                                          \
    { c, f, sizeof(l) - 1, sizeof(n) - 1, l, n }

/* Indexed by code point - U+0900. */
static const iso_entry ISO[128] = {
    [0x01] = E(D_MARK, 0, "m\xCC\x90", ""), /* ँ m̐ (m + U+0310) */
    [0x02] = E(D_MARK, 0, "ṁ", ""),
    [0x03] = E(D_MARK, 0, "ḥ", ""),
    [0x05] = E(D_VOWEL, F_A, "a", ""),
    [0x06] = E(D_VOWEL, 0, "ā", ""),
    [0x07] = E(D_VOWEL, F_IU, "i", ""),
    [0x08] = E(D_VOWEL, 0, "ī", ""),
    [0x09] = E(D_VOWEL, F_IU, "u", ""),
    [0x0A] = E(D_VOWEL, 0, "ū", ""),
    [0x0B] = E(D_VOWEL, 0, "r\xCC\xA5", ""), /* ऋ r̥ */
    [0x0C] = E(D_VOWEL, 0, "l\xCC\xA5", ""), /* ऌ l̥ */
    [0x0D] = E(D_VOWEL, 0, "ê", ""),
    [0x0E] = E(D_VOWEL, 0, "ĕ", ""),
    [0x0F] = E(D_VOWEL, 0, "e", ""),
    [0x10] = E(D_VOWEL, 0, "ai", ""),
    [0x11] = E(D_VOWEL, 0, "ô", ""),
    [0x12] = E(D_VOWEL, 0, "ŏ", ""),
    [0x13] = E(D_VOWEL, 0, "o", ""),
    [0x14] = E(D_VOWEL, 0, "au", ""),
    [0x15] = E(D_CONS, F_ASP, "k", "q"),
    [0x16] = E(D_CONS, 0, "kh", "x"),
    [0x17] = E(D_CONS, F_ASP, "g", "ġ"),
    [0x18] = E(D_CONS, 0, "gh", ""),
    [0x19] = E(D_CONS, 0, "ṅ", ""),
    [0x1A] = E(D_CONS, F_ASP, "c", ""),
    [0x1B] = E(D_CONS, 0, "ch", ""),
    [0x1C] = E(D_CONS, F_ASP, "j", "z"),
    [0x1D] = E(D_CONS, 0, "jh", ""),
    [0x1E] = E(D_CONS, 0, "ñ", ""),
    [0x1F] = E(D_CONS, F_ASP, "ṭ", ""),
    [0x20] = E(D_CONS, 0, "ṭh", ""),
    [0x21] = E(D_CONS, F_ASP | NF_ASP, "ḍ", "ṛ"),
    [0x22] = E(D_CONS, 0, "ḍh", "ṛh"),
    [0x23] = E(D_CONS, 0, "ṇ", ""),
    [0x24] = E(D_CONS, F_ASP, "t", ""),
    [0x25] = E(D_CONS, 0, "th", ""),
    [0x26] = E(D_CONS, F_ASP, "d", ""),
    [0x27] = E(D_CONS, 0, "dh", ""),
    [0x28] = E(D_CONS, 0, "n", "ṉ"),
    [0x29] = E(D_CONS, 0, "ṉ", ""),
    [0x2A] = E(D_CONS, F_ASP, "p", ""),
    [0x2B] = E(D_CONS, 0, "ph", "f"),
    [0x2C] = E(D_CONS, F_ASP, "b", ""),
    [0x2D] = E(D_CONS, 0, "bh", ""),
    [0x2E] = E(D_CONS, 0, "m", ""),
    [0x2F] = E(D_CONS, 0, "y", "ẏ"),
    [0x30] = E(D_CONS, 0, "r", "ṟ"),
    [0x31] = E(D_CONS, 0, "ṟ", ""),
    [0x32] = E(D_CONS, 0, "l", ""),
    [0x33] = E(D_CONS, 0, "ḷ", "ḻ"),
    [0x34] = E(D_CONS, 0, "ḻ", ""),
    [0x35] = E(D_CONS, 0, "v", ""),
    [0x36] = E(D_CONS, 0, "ś", ""),
    [0x37] = E(D_CONS, 0, "ṣ", ""),
    [0x38] = E(D_CONS, 0, "s", ""),
    [0x39] = E(D_CONS, 0, "h", ""),
    [0x3C] = E(D_NUKTA, 0, "", ""),
    [0x3D] = E(D_MARK, 0, "ʼ", ""),
    [0x3E] = E(D_SIGN, 0, "ā", ""),
    [0x3F] = E(D_SIGN, 0, "i", ""),
    [0x40] = E(D_SIGN, 0, "ī", ""),
    [0x41] = E(D_SIGN, 0, "u", ""),
    [0x42] = E(D_SIGN, 0, "ū", ""),
    [0x43] = E(D_SIGN, 0, "r\xCC\xA5", ""),         /* ृ r̥ */
    [0x44] = E(D_SIGN, 0, "r\xCC\xA5\xCC\x84", ""), /* ॄ r̥̄ */
    [0x45] = E(D_SIGN, 0, "ê", ""),
    [0x46] = E(D_SIGN, 0, "ĕ", ""),
    [0x47] = E(D_SIGN, 0, "e", ""),
    [0x48] = E(D_SIGN, 0, "ai", ""),
    [0x49] = E(D_SIGN, 0, "ô", ""),
    [0x4A] = E(D_SIGN, 0, "ŏ", ""),
    [0x4B] = E(D_SIGN, 0, "o", ""),
    [0x4C] = E(D_SIGN, 0, "au", ""),
    [0x4D] = E(D_VIRAMA, 0, "", ""),
    [0x58] = E(D_CONS, 0, "q", ""),
    [0x59] = E(D_CONS, 0, "x", ""),
    [0x5A] = E(D_CONS, 0, "ġ", ""),
    [0x5B] = E(D_CONS, 0, "z", ""),
    [0x5C] = E(D_CONS, F_ASP, "ṛ", ""),
    [0x5D] = E(D_CONS, 0, "ṛh", ""),
    [0x5E] = E(D_CONS, 0, "f", ""),
    [0x5F] = E(D_CONS, 0, "ẏ", ""),
    [0x60] = E(D_VOWEL, 0, "r\xCC\xA5\xCC\x84", ""), /* ॠ r̥̄ */
    [0x61] = E(D_VOWEL, 0, "l\xCC\xA5\xCC\x84", ""), /* ॡ l̥̄ */
    [0x62] = E(D_SIGN, 0, "l\xCC\xA5", ""),
    [0x63] = E(D_SIGN, 0, "l\xCC\xA5\xCC\x84", ""),
    [0x66] = E(D_DIGIT, 0, "0", ""),
    [0x67] = E(D_DIGIT, 0, "1", ""),
    [0x68] = E(D_DIGIT, 0, "2", ""),
    [0x69] = E(D_DIGIT, 0, "3", ""),
    [0x6A] = E(D_DIGIT, 0, "4", ""),
    [0x6B] = E(D_DIGIT, 0, "5", ""),
    [0x6C] = E(D_DIGIT, 0, "6", ""),
    [0x6D] = E(D_DIGIT, 0, "7", ""),
    [0x6E] = E(D_DIGIT, 0, "8", ""),
    [0x6F] = E(D_DIGIT, 0, "9", ""),
};

#undef E

/* True when p[0..2] (with p < end) is a Devanagari code point E0 A4|A5 xx. */
static inline int is_deva3(const unsigned char *p, const unsigned char *end) {
    return end - p >= 3 && p[0] == 0xE0 && (p[1] == 0xA4 || p[1] == 0xA5) &&
           (p[2] & 0xC0) == 0x80;
}

static inline unsigned deva_index(const unsigned char *p) {
    return ((unsigned)(p[1] - 0xA4) << 6) | (p[2] & 0x3Fu);
}

static inline int is_zw(const unsigned char *p, const unsigned char *end) {
    return end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
           (p[2] == 0x8C || p[2] == 0x8D);
}

size_t kh_roman_iso(const char *s, size_t n, char *out, size_t cap) {
    writer w = {out, cap, 0};
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    int pending = 0;  /* consonant written, inherent vowel not yet decided */
    int cons_asp = 0; /* that consonant's Latin + h would be an aspirate */
    int bare = 0;     /* last thing was consonant + virama */
    int bare_asp = 0; /* ... and that consonant was F_ASP */
    int last_a = 0;   /* last Latin written was the vowel a */

    while (p < end) {
        if (is_deva3(p, end)) {
            const iso_entry *e = &ISO[deva_index(p)];
            const unsigned char *at = p;
            p += 3;
            switch (e->cls) {
            case D_CONS: {
                const char *lat = e->lat;
                size_t llen = e->llen;
                int asp = e->flags & F_ASP;
                if (pending)
                    put(&w, "a", 1);
                if (e->nlen && is_deva3(p, end) && deva_index(p) == 0x3C) {
                    lat = e->nuk; /* decomposed nukta letter */
                    llen = e->nlen;
                    asp = e->flags & NF_ASP;
                    p += 3;
                }
                if (bare && bare_asp && lat[0] == 'h')
                    put(&w, ":", 1);
                put(&w, lat, llen);
                pending = 1;
                cons_asp = asp;
                bare = last_a = 0;
                continue;
            }
            case D_SIGN:
                if (pending)
                    put(&w, e->lat, e->llen);
                else
                    put(&w, (const char *)at, 3); /* no consonant to sit on */
                pending = bare = last_a = 0;
                continue;
            case D_VIRAMA:
                if (pending) {
                    pending = 0;
                    bare = 1;
                    bare_asp = cons_asp;
                } else {
                    put(&w, (const char *)at, 3);
                    bare = 0;
                }
                last_a = 0;
                continue;
            case D_NUKTA:
                /* A nukta the consonant did not absorb: copied, and the
                 * consonant keeps waiting for its vowel. */
                put(&w, (const char *)at, 3);
                if (!pending)
                    bare = last_a = 0;
                continue;
            case D_VOWEL:
                if (pending) {
                    put(&w, "a", 1);
                    last_a = 1;
                }
                if (bare || (last_a && (e->flags & F_IU)))
                    put(&w, ":", 1);
                put(&w, e->lat, e->llen);
                last_a = (e->flags & F_A) != 0;
                pending = bare = 0;
                continue;
            default:
                if (pending)
                    put(&w, "a", 1);
                if (e->cls == D_RAW)
                    put(&w, (const char *)at, 3);
                else
                    put(&w, e->lat, e->llen); /* marks and digits */
                pending = bare = last_a = 0;
                continue;
            }
        }
        if (is_zw(p, end)) {
            p += 3; /* ZWJ/ZWNJ: glyph-shape hints, dropped */
            continue;
        }
        if (pending)
            put(&w, "a", 1);
        pending = bare = last_a = 0;
        uint32_t cp;
        unsigned len = kh_utf8_decode(p, (size_t)(end - p), &cp);
        if (len == 0)
            len = 1; /* invalid byte: copied as is */
        put(&w, (const char *)p, len);
        p += len;
    }
    if (pending)
        put(&w, "a", 1);
    return w.len;
}

/* ---- ISO -> Devanagari ------------------------------------------------- */

/* Diacritics of a Latin letter, whether precomposed or combining. */
enum {
    M_MACRON = 1,    /* U+0304 */
    M_DOT_ABOVE = 2, /* U+0307 */
    M_DOT_BELOW = 4, /* U+0323 */
    M_RING = 8,      /* U+0325 */
    M_TILDE = 16,    /* U+0303 */
    M_CANDRA = 32,   /* U+0310 */
    M_LINE = 64,     /* U+0331 macron below */
    M_CIRC = 128,    /* U+0302 */
    M_BREVE = 256,   /* U+0306 */
    M_ACUTE = 512,   /* U+0301 */
    M_OTHER = 1024   /* any other combining mark: no ISO letter */
};

static unsigned mark_flag(uint32_t cp) {
    switch (cp) {
    case 0x0301: return M_ACUTE;
    case 0x0302: return M_CIRC;
    case 0x0303: return M_TILDE;
    case 0x0304: return M_MACRON;
    case 0x0306: return M_BREVE;
    case 0x0307: return M_DOT_ABOVE;
    case 0x0310: return M_CANDRA;
    case 0x0323: return M_DOT_BELOW;
    case 0x0325: return M_RING;
    case 0x0331: return M_LINE;
    default: return M_OTHER;
    }
}

/* Precomposed Latin letters ISO 15919 uses, as base + marks. */
static int precomposed(uint32_t cp, char *base, unsigned *marks) {
    static const struct {
        uint16_t cp;
        char base;
        uint16_t marks;
    } T[] = {
        {0x00EA, 'e', M_CIRC},      {0x00F1, 'n', M_TILDE},
        {0x00F4, 'o', M_CIRC},      {0x0101, 'a', M_MACRON},
        {0x0113, 'e', M_MACRON},    {0x0115, 'e', M_BREVE},
        {0x0121, 'g', M_DOT_ABOVE}, {0x012B, 'i', M_MACRON},
        {0x014D, 'o', M_MACRON},    {0x014F, 'o', M_BREVE},
        {0x015B, 's', M_ACUTE},     {0x016B, 'u', M_MACRON},
        {0x1E0D, 'd', M_DOT_BELOW}, {0x1E25, 'h', M_DOT_BELOW},
        {0x1E37, 'l', M_DOT_BELOW}, {0x1E3B, 'l', M_LINE},
        {0x1E41, 'm', M_DOT_ABOVE}, {0x1E43, 'm', M_DOT_BELOW},
        {0x1E45, 'n', M_DOT_ABOVE}, {0x1E47, 'n', M_DOT_BELOW},
        {0x1E49, 'n', M_LINE},      {0x1E5B, 'r', M_DOT_BELOW},
        {0x1E5F, 'r', M_LINE},      {0x1E63, 's', M_DOT_BELOW},
        {0x1E6D, 't', M_DOT_BELOW}, {0x1E8F, 'y', M_DOT_ABOVE},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (T[i].cp == cp) {
            *base = T[i].base;
            *marks = T[i].marks;
            return 1;
        }
    return 0;
}

enum { U_NONE = 0, U_VOWEL, U_CONS, U_MARK, U_SEP };

/* One Latin letter (base + diacritics) and its Devanagari value. */
typedef struct {
    unsigned char kind;
    char base;      /* ASCII base letter, lowercase */
    unsigned marks; /* M_* */
    uint16_t indep; /* vowel: independent form; cons/mark: the letter */
    uint16_t sign;  /* vowel: dependent sign (0 for a) */
    unsigned char nukta, asp; /* cons: add U+093C; Latin + h is an aspirate */
    size_t len;               /* bytes consumed */
} unit;

#define V(i, s) (u->kind = U_VOWEL, u->indep = (i), u->sign = (s), 1)
#define C(c) (u->kind = U_CONS, u->indep = (c), 1)
#define CN(c) (u->kind = U_CONS, u->indep = (c), u->nukta = 1, 1)
#define M(c) (u->kind = U_MARK, u->indep = (c), 1)

/* Fills u's Devanagari value from base + marks; 0 when ISO has none. */
static int letter_value(unit *u) {
    unsigned m = u->marks;
    switch (u->base) {
    case 'a': return m == 0 ? V(0x905, 0) : m == M_MACRON ? V(0x906, 0x93E) : 0;
    case 'b': return m == 0 ? (u->asp = 1, C(0x92C)) : 0;
    case 'c': return m == 0 ? (u->asp = 1, C(0x91A)) : 0;
    case 'd':
        if (m == 0)
            return u->asp = 1, C(0x926);
        return m == M_DOT_BELOW ? (u->asp = 1, C(0x921)) : 0;
    case 'e':
        if (m == 0 || m == M_MACRON)
            return V(0x90F, 0x947);
        return m == M_CIRC    ? V(0x90D, 0x945)
               : m == M_BREVE ? V(0x90E, 0x946)
                              : 0;
    case 'f': return m == 0 ? CN(0x92B) : 0;
    case 'g':
        if (m == 0)
            return u->asp = 1, C(0x917);
        return m == M_DOT_ABOVE ? CN(0x917) : 0;
    case 'h': return m == 0 ? C(0x939) : m == M_DOT_BELOW ? M(0x903) : 0;
    case 'i':
        return m == 0 ? V(0x907, 0x93F) : m == M_MACRON ? V(0x908, 0x940) : 0;
    case 'j': return m == 0 ? (u->asp = 1, C(0x91C)) : 0;
    case 'k': return m == 0 ? (u->asp = 1, C(0x915)) : 0;
    case 'l':
        switch (m) {
        case 0: return C(0x932);
        case M_DOT_BELOW: return C(0x933);
        case M_LINE: return C(0x934);
        case M_RING: return V(0x90C, 0x962);
        case M_RING | M_MACRON: return V(0x961, 0x963);
        default: return 0;
        }
    case 'm':
        switch (m) {
        case 0: return C(0x92E);
        case M_DOT_ABOVE:
        case M_DOT_BELOW: return M(0x902);
        case M_CANDRA: return M(0x901);
        default: return 0;
        }
    case 'n':
        switch (m) {
        case 0: return C(0x928);
        case M_DOT_ABOVE: return C(0x919);
        case M_TILDE: return C(0x91E);
        case M_DOT_BELOW: return C(0x923);
        case M_LINE: return C(0x929);
        default: return 0;
        }
    case 'o':
        if (m == 0 || m == M_MACRON)
            return V(0x913, 0x94B);
        return m == M_CIRC    ? V(0x911, 0x949)
               : m == M_BREVE ? V(0x912, 0x94A)
                              : 0;
    case 'p': return m == 0 ? (u->asp = 1, C(0x92A)) : 0;
    case 'q': return m == 0 ? CN(0x915) : 0;
    case 'r':
        switch (m) {
        case 0: return C(0x930);
        case M_DOT_BELOW: return u->asp = 1, CN(0x921);
        case M_LINE: return C(0x931);
        case M_RING: return V(0x90B, 0x943);
        case M_RING | M_MACRON: return V(0x960, 0x944);
        default: return 0;
        }
    case 's':
        return m == 0             ? C(0x938)
               : m == M_ACUTE     ? C(0x936)
               : m == M_DOT_BELOW ? C(0x937)
                                  : 0;
    case 't':
        if (m == 0)
            return u->asp = 1, C(0x924);
        return m == M_DOT_BELOW ? (u->asp = 1, C(0x91F)) : 0;
    case 'u':
        return m == 0 ? V(0x909, 0x941) : m == M_MACRON ? V(0x90A, 0x942) : 0;
    case 'v': return m == 0 ? C(0x935) : 0;
    case 'x': return m == 0 ? CN(0x916) : 0;
    case 'y': return m == 0 ? C(0x92F) : m == M_DOT_ABOVE ? CN(0x92F) : 0;
    case 'z': return m == 0 ? CN(0x91C) : 0;
    default: return 0;
    }
}

#undef V
#undef C
#undef CN
#undef M

/* The aspirate written Latin + h, for a consonant with asp set. */
static uint16_t aspirate(uint16_t c) {
    switch (c) {
    case 0x915: return 0x916; /* k kh */
    case 0x917: return 0x918;
    case 0x91A: return 0x91B;
    case 0x91C: return 0x91D;
    case 0x91F: return 0x920;
    case 0x921: return 0x922; /* ḍ ḍh, and with nukta ṛ ṛh */
    case 0x924: return 0x925;
    case 0x926: return 0x927;
    case 0x92A: return 0x92B;
    case 0x92C: return 0x92D;
    default: return c;
    }
}

/* Reads the unit at p: a Latin letter with its diacritics, the separator,
 * or U_NONE (anything else; len is then 0). */
static void read_unit(const unsigned char *p, const unsigned char *end,
                      unit *u) {
    memset(u, 0, sizeof *u);
    if (p >= end)
        return;
    uint32_t cp;
    unsigned len = kh_utf8_decode(p, (size_t)(end - p), &cp);
    if (len == 0)
        return;
    if (cp == ':') {
        u->kind = U_SEP;
        u->len = 1;
        return;
    }
    if (cp == 0x02BC) { /* ʼ avagraha */
        u->kind = U_MARK;
        u->indep = 0x93D;
        u->len = len;
        return;
    }
    char base;
    unsigned marks = 0;
    if (cp >= 'A' && cp <= 'Z')
        base = (char)(cp - 'A' + 'a');
    else if (cp >= 'a' && cp <= 'z')
        base = (char)cp;
    else if (!precomposed(cp, &base, &marks))
        return;
    size_t at = len;
    for (;;) { /* combining marks that follow */
        uint32_t mc;
        unsigned ml = p + at < end
                          ? kh_utf8_decode(p + at, (size_t)(end - p - at), &mc)
                          : 0;
        if (ml == 0 || mc < 0x0300 || mc > 0x036F)
            break;
        marks |= mark_flag(mc);
        at += ml;
    }
    u->base = base;
    u->marks = marks;
    if (!letter_value(u)) {
        memset(u, 0, sizeof *u);
        return;
    }
    u->len = at;
}

static inline int plain(const unit *u, char c) {
    return u->kind != U_NONE && u->base == c && u->marks == 0;
}

size_t kh_roman_iso_to_deva(const char *s, size_t n, char *out, size_t cap) {
    writer w = {out, cap, 0};
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    int pending = 0;  /* consonant written, no vowel yet */
    int cons_asp = 0; /* that consonant could still take an h */
    int last_a = 0;   /* last unit was the vowel a */
    unit u, nx;

    while (p < end) {
        read_unit(p, end, &u);
        switch (u.kind) {
        case U_CONS: {
            p += u.len;
            uint16_t c = u.indep;
            int asp = u.asp;
            if (asp) {
                read_unit(p, end, &nx);
                if (plain(&nx, 'h') && nx.kind == U_CONS) {
                    c = aspirate(c);
                    p += nx.len;
                    asp = 0;
                }
            }
            if (pending)
                put_cp(&w, KH_VIRAMA);
            put_cp(&w, c);
            if (u.nukta)
                put_cp(&w, KH_NUKTA);
            pending = 1;
            cons_asp = asp;
            last_a = 0;
            continue;
        }
        case U_VOWEL: {
            p += u.len;
            uint16_t ind = u.indep, sign = u.sign;
            int is_a = plain(&u, 'a');
            if (is_a) {
                read_unit(p, end, &nx);
                if (plain(&nx, 'i')) {
                    ind = 0x910, sign = 0x948, is_a = 0;
                    p += nx.len;
                } else if (plain(&nx, 'u')) {
                    ind = 0x914, sign = 0x94C, is_a = 0;
                    p += nx.len;
                }
            }
            if (pending) {
                if (sign)
                    put_cp(&w, sign);
            } else {
                put_cp(&w, ind);
            }
            pending = 0;
            last_a = is_a;
            continue;
        }
        case U_MARK:
            p += u.len;
            if (pending)
                put_cp(&w, KH_VIRAMA);
            put_cp(&w, u.indep);
            pending = last_a = 0;
            continue;
        case U_SEP:
            read_unit(p + 1, end, &nx);
            if (pending && nx.kind == U_VOWEL) {
                put_cp(&w, KH_VIRAMA); /* k:a = क्अ */
                pending = 0;
                p += 1;
                continue;
            }
            if (pending && cons_asp && plain(&nx, 'h')) {
                p += 1; /* k:h = क्ह: the h arrives as a consonant */
                cons_asp = 0;
                continue;
            }
            if (!pending && last_a && (plain(&nx, 'i') || plain(&nx, 'u'))) {
                p += 1; /* a:i = अइ */
                last_a = 0;
                continue;
            }
            break; /* a literal colon */
        default: break;
        }
        /* Anything else is copied; a nukta stays with a waiting consonant. */
        uint32_t cp;
        unsigned len = kh_utf8_decode(p, (size_t)(end - p), &cp);
        if (len == 0)
            len = 1;
        if (!(len == 3 && cp == KH_NUKTA && pending)) {
            if (pending)
                put_cp(&w, KH_VIRAMA);
            pending = 0;
        }
        last_a = 0;
        put(&w, (const char *)p, len);
        p += len;
    }
    if (pending)
        put_cp(&w, KH_VIRAMA);
    return w.len;
}
