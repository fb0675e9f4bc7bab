/*
 * tokenize.c — cuts UTF-8 text into tokens, one at a time.
 *
 * Rules (see README "Tokens"):
 *   - a Devanagari word keeps all its combining marks (matras, virama,
 *     nukta, anusvara, candrabindu) and the ZWJ/ZWNJ inside it, so मोदी is
 *     one token, never म + द;
 *   - words of letters in any script, digits allowed after the first letter
 *     (G20, कोविड19); hyphenated compounds (भारत-रूस) stay one token and
 *     their parts are recorded;
 *   - numbers in ASCII or Devanagari digits with inner separators (5,000
 *     2.5 २०२५ 5/5/2025 10:30 2013-2014), a number with a letter suffix
 *     (80वीं, 10th), a currency sign glued to digits ($5,000);
 *   - abbreviations and initials keep their period (डॉ. एस. U.S. Dr.);
 *   - URLs, e-mail addresses, #hashtags and @handles whole;
 *   - every other punctuation mark or symbol is a token of its own, except
 *     runs of the same mark (... -- ।। ?? !!), which stay together.
 *
 * Hand-written rather than ICU's BreakIterator: ICU is ~3x slower here and
 * its rules are not Hindi news rules (abbreviations, compounds, danda).
 * The hot path (Devanagari and ASCII letters) works on bytes directly, and
 * kh_next_plain_tokens() reads runs of the common tokens straight into the
 * analyzer's records; kh_next_token() takes every other token. The two
 * must cut the same tokens (tests/unit/test_tokenize_fast.c and the
 * analyzer's fuzz target check that).
 */
#include "analyze.h"

#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- character classes ------------------------------------------------ */

enum {
    CC_SPACE,
    CC_NEWLINE,
    CC_LETTER, /* letters and combining marks of any script, joiners */
    CC_DIGIT,
    CC_PUNCT,
    CC_SYMBOL,
    CC_INVALID, /* undecodable byte */
    CC_OTHER
};

typedef struct cpinfo {
    uint32_t cp;
    unsigned len;
    int cls;
    int script; /* kh_script for letters */
} cpinfo;

/* Only "$" is glued to its amount ($5,000), as UD Hindi writes it; ₹ £ €
 * stay separate tokens so that "500" matches "₹500". */
static int is_currency(uint32_t cp) {
    return cp == '$';
}

static int classify(uint32_t cp, int *script) {
    *script = KH_SCRIPT_NONE;
    if (cp < 0x80) {
        if (cp == 0)
            return CC_INVALID; /* NUL is not text */
        if (cp == '\n')
            return CC_NEWLINE;
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == '\v')
            return CC_SPACE;
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
            *script = KH_SCRIPT_LATIN;
            return CC_LETTER;
        }
        if (cp >= '0' && cp <= '9')
            return CC_DIGIT;
        if (cp == '$' || cp == '%' || cp == '+' || cp == '<' || cp == '=' ||
            cp == '>' || cp == '^' || cp == '`' || cp == '|' || cp == '~')
            return cp == '|' ? CC_PUNCT : CC_SYMBOL;
        if (cp < 0x20 || cp == 0x7F)
            return CC_SPACE; /* control characters separate like space */
        return CC_PUNCT;
    }
    if (cp >= 0x0900 && cp <= 0x097F) {
        if (cp == KH_DANDA || cp == KH_DOUBLE_DANDA)
            return CC_PUNCT;
        if (cp >= 0x0966 && cp <= 0x096F)
            return CC_DIGIT;
        *script = KH_SCRIPT_DEVANAGARI;
        return CC_LETTER;
    }
    if (cp == KH_ZWJ || cp == KH_ZWNJ || cp == 0x00AD)
        return CC_LETTER; /* only inside words; see scan_word() */
    if (cp == 0x00A0 || cp == 0x2028 || cp == 0x2029 || cp == 0x200B ||
        cp == 0xFEFF || cp == 0x2060)
        return cp == 0x2028 || cp == 0x2029 ? CC_NEWLINE : CC_SPACE;
    if (cp >= 0xA8E0 && cp <= 0xA8FF) { /* Devanagari Extended */
        *script = KH_SCRIPT_DEVANAGARI;
        return CC_LETTER;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        *script = (cp < 0x0250 || (cp >= 0x1E00 && cp <= 0x1EFF))
                      ? KH_SCRIPT_LATIN
                      : KH_SCRIPT_OTHER;
        return CC_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return CC_LETTER; /* script of the base */
    case UTF8PROC_CATEGORY_ND: return CC_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF: return CC_SPACE;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return CC_NEWLINE;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: return CC_PUNCT;
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO: return CC_SYMBOL;
    default: return CC_OTHER;
    }
}

/* Reads the code point at pos (pos < n). */
static void peek(const unsigned char *s, size_t n, size_t pos, cpinfo *ci) {
    unsigned char c = s[pos];
    if (c < 0x80) {
        ci->cp = c;
        ci->len = 1;
        ci->cls = classify(c, &ci->script);
        return;
    }
    /* Fast path for the Devanagari block: E0 A4 80..BF, E0 A5 80..BF. */
    if (c == 0xE0 && pos + 2 < n &&
        (s[pos + 1] == 0xA4 || s[pos + 1] == 0xA5) &&
        (s[pos + 2] & 0xC0) == 0x80) {
        ci->cp =
            0x0900u | ((uint32_t)(s[pos + 1] & 1) << 6) | (s[pos + 2] & 0x3F);
        ci->len = 3;
        ci->cls = classify(ci->cp, &ci->script);
        return;
    }
    ci->len = kh_utf8_decode(s + pos, n - pos, &ci->cp);
    if (!ci->len) {
        ci->len = 1;
        ci->cp = 0xFFFD;
        ci->cls = CC_INVALID;
        ci->script = KH_SCRIPT_NONE;
        return;
    }
    ci->cls = classify(ci->cp, &ci->script);
}

/* ---- abbreviations ---------------------------------------------------- */

#define L KH_LIT

/* Words that take an abbreviation period. Kept short on purpose: a word in
 * this list never ends a sentence. */
static const kh_lit abbrev_deva[] = {
    L("डॉ"), L("डा"),  L("प्रो"), L("स्व"), L("सं"),   L("फिल"), L("मि"),
    L("कु"),  L("श्री"), L("रु"),   L("नं"),  L("पं"),   L("लि"),  L("प्रा"),
    L("कं"),  L("मो"),  L("ई"),   L("पू"),  L("सु"),   L("ले"),   L("जन"),
    L("अ"),  L("क्र"),  L("सी"),  L("वि"), L("डॉ॰"), {NULL, 0}};
static const kh_lit abbrev_latin[] = {
    L("dr"),  L("mr"),  L("mrs"),  L("ms"),  L("prof"), L("st"),     L("jr"),
    L("sr"),  L("vs"),  L("rs"),   L("no"),  L("govt"), L("ltd"),    L("inc"),
    L("co"),  L("pvt"), L("dept"), L("gen"), L("col"),  L("lt"),     L("capt"),
    L("hon"), L("jan"), L("feb"),  L("mar"), L("apr"),  L("jun"),    L("jul"),
    L("aug"), L("sep"), L("sept"), L("oct"), L("nov"),  L("dec"),    L("mt"),
    L("ft"),  L("sh"),  L("smt"),  L("km"),  L("nos"),  L("approx"), L("est"),
    L("fig"), L("vol"), L("pp"),   L("ed"),  L("cf"),   {NULL, 0}};

/* Devanagari spellings of Latin letter names, used as initials (एस. के.).
 * The second group are also common words, so a period after them may end a
 * sentence; the segmenter decides from context (see sentence.c). */
static const kh_lit letter_names[] = {
    L("ए"),   L("बी"), L("सी"), L("डी"), L("ई"),    L("एफ"),  L("एच"),
    L("जे"),   L("एल"), L("एम"), L("एन"), L("पी"),   L("क्यू"),  L("आर"),
    L("एस"),  L("टी"), L("यू"),  L("वी"), L("डब्ल्यू"), L("डब्लू"), L("एक्स"),
    L("वाई"), L("जेड"), L("ज़ेड"), L("जेड़"), L("ज़ी"),   {NULL, 0}};
static const kh_lit letter_names_ambiguous[] = {
    L("के"), L("जी"), L("आई"), L("ओ"), {NULL, 0}};

static int in_list(const kh_lit *list, const unsigned char *w, size_t n,
                   int fold_case) {
    if (!fold_case) {
        /* the length and the last byte first: most words before a period
         * are verbs (है, गया) that no entry ends like */
        for (; list->s; list++)
            if (list->n == n && (unsigned char)list->s[n - 1] == w[n - 1] &&
                !memcmp(list->s, w, n))
                return 1;
        return 0;
    }
    for (; list->s; list++) {
        if (list->n != n)
            continue;
        size_t i = 0;
        for (; i < n; i++) {
            unsigned char a = w[i];
            if (fold_case && a >= 'A' && a <= 'Z')
                a += 32;
            if (a != (unsigned char)list->s[i])
                break;
        }
        if (i == n)
            return 1;
    }
    return 0;
}

/* ---- token scanners --------------------------------------------------- */

/* What scan_word_part() saw, as bits: the scripts of the letters, and
 * whether the normalizer may change the word (so that plain words, the vast
 * majority, skip it). */
enum { SEEN_DEVA = 1, SEEN_LATIN = 2, SEEN_OTHER = 4, SEEN_DIRTY = 8 };

static int script_of(unsigned seen) {
    switch (seen & 7) {
    case 0: return KH_SCRIPT_NONE;
    case SEEN_DEVA: return KH_SCRIPT_DEVANAGARI;
    case SEEN_LATIN: return KH_SCRIPT_LATIN;
    case SEEN_OTHER: return KH_SCRIPT_OTHER;
    default: return KH_SCRIPT_MIXED;
    }
}

/* For each code point of U+0900..U+097F inside a word: what the scanner
 * must do. Most letters and marks are DV_PLAIN. */
enum {
    DV_PLAIN = 0,
    DV_STOP,  /* danda, double danda: not part of a word */
    DV_DIGIT, /* Devanagari digits: part of the word, folded to ASCII */
    DV_FOLD,  /* candrabindu, precomposed nukta letters: always folded */
    DV_NUKTA, /* folded unless after ड ढ */
    DV_VIRAMA /* folded to anusvara after a class nasal */
};
static const uint8_t deva_class[128] = {
    [0x01] = DV_FOLD,  [0x3C] = DV_NUKTA, [0x4D] = DV_VIRAMA, [0x58] = DV_FOLD,
    [0x59] = DV_FOLD,  [0x5A] = DV_FOLD,  [0x5B] = DV_FOLD,   [0x5C] = DV_FOLD,
    [0x5D] = DV_FOLD,  [0x5E] = DV_FOLD,  [0x5F] = DV_FOLD,   [0x64] = DV_STOP,
    [0x65] = DV_STOP,  [0x66] = DV_DIGIT, [0x67] = DV_DIGIT,  [0x68] = DV_DIGIT,
    [0x69] = DV_DIGIT, [0x6A] = DV_DIGIT, [0x6B] = DV_DIGIT,  [0x6C] = DV_DIGIT,
    [0x6D] = DV_DIGIT, [0x6E] = DV_DIGIT, [0x6F] = DV_DIGIT};

/* A virama or nukta that leaves the word its own norm: a virama not after
 * a class nasal (ङ ञ ण न म), a nukta after ड ढ. `prev`: the low 7 bits of
 * the code point before. */
static int plain_mark(unsigned k, unsigned prev) {
    const uint64_t nasals = 1ull << 0x19 | 1ull << 0x1E | 1ull << 0x23 |
                            1ull << 0x28 | 1ull << 0x2E;
    if (k == DV_VIRAMA)
        return prev >= 64 || !((nasals >> prev) & 1);
    return k == DV_NUKTA && (prev == 0x21 || prev == 0x22);
}

/* Scans letters/marks/digits of one word part from pos; returns the end. */
static size_t scan_word_part(const unsigned char *s, size_t n, size_t pos,
                             unsigned *seen, size_t limit) {
    cpinfo ci;
    unsigned prev = 0; /* low 7 bits of the previous Devanagari code point */
    unsigned acc = 0;  /* SEEN_* bits, written back once */
    while (pos < limit) {
        /* Hot loop: plain Devanagari letters and marks, 3 bytes each. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* one 4-byte load checks the 3-byte pattern E0 A4|A5 80..BF */
        while (pos + 4 <= limit) {
            uint32_t w;
            memcpy(&w, s + pos, 4);
            if ((w & 0xC0FEFFu) != 0x80A4E0u)
                break;
            unsigned lo = ((w >> 2) & 0x40) | ((w >> 16) & 0x3F);
            if (deva_class[lo])
                break;
            acc |= SEEN_DEVA;
            prev = lo;
            pos += 3;
        }
#endif
        while (pos + 3 <= limit) {
            const unsigned char *p = s + pos;
            if (p[0] != 0xE0 || (p[1] & 0xFE) != 0xA4 || (p[2] & 0xC0) != 0x80)
                break;
            unsigned lo = ((unsigned)(p[1] & 1) << 6) | (p[2] & 0x3F);
            if (deva_class[lo])
                break;
            acc |= SEEN_DEVA;
            prev = lo;
            pos += 3;
        }
        if (pos >= limit)
            break;
        unsigned char c = s[pos];
        /* Devanagari code points that need a closer look. */
        if (c == 0xE0 && pos + 3 <= limit && (s[pos + 1] & 0xFE) == 0xA4 &&
            (s[pos + 2] & 0xC0) == 0x80) {
            unsigned lo =
                ((unsigned)(s[pos + 1] & 1) << 6) | (s[pos + 2] & 0x3F);
            unsigned k = deva_class[lo];
            if (k) {
                if (k == DV_STOP)
                    break;
                if (!plain_mark(k, prev))
                    acc |= SEEN_DIRTY;
                if (k != DV_DIGIT)
                    acc |= SEEN_DEVA;
            } else {
                acc |= SEEN_DEVA;
            }
            prev = lo;
            pos += 3;
            continue;
        }
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                acc |= c <= 'Z' ? SEEN_LATIN | SEEN_DIRTY : SEEN_LATIN;
                pos++;
                continue;
            }
            if (c >= '0' && c <= '9') {
                pos++;
                continue;
            }
            break;
        }
        peek(s, n, pos, &ci);
        if ((ci.cls != CC_LETTER && ci.cls != CC_DIGIT) || pos + ci.len > limit)
            break;
        acc |= SEEN_DIRTY | (ci.script == KH_SCRIPT_DEVANAGARI ? SEEN_DEVA
                             : ci.script == KH_SCRIPT_LATIN    ? SEEN_LATIN
                             : ci.script == KH_SCRIPT_NONE     ? 0
                                                               : SEEN_OTHER);
        prev = 0;
        pos += ci.len;
    }
    *seen |= acc;
    return pos;
}

static int is_hyphen_at(const unsigned char *s, size_t n, size_t pos,
                        size_t *len) {
    if (pos < n && s[pos] == '-') {
        *len = 1;
        return 1;
    }
    /* U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN */
    if (pos + 2 < n && s[pos] == 0xE2 && s[pos + 1] == 0x80 &&
        (s[pos + 2] == 0x90 || s[pos + 2] == 0x91)) {
        *len = 3;
        return 1;
    }
    return 0;
}

static int starts_word_part(const unsigned char *s, size_t n, size_t pos) {
    if (pos >= n)
        return 0;
    cpinfo ci;
    peek(s, n, pos, &ci);
    return ci.cls == CC_LETTER || ci.cls == CC_DIGIT;
}

static int lower_ascii_eq(const unsigned char *s, size_t n, size_t pos,
                          const char *lit) {
    size_t k = strlen(lit);
    if (pos + k > n)
        return 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = s[pos + i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != (unsigned char)lit[i])
            return 0;
    }
    return 1;
}

static int url_char(unsigned char c) {
    return c > 0x20 && c != '<' && c != '>' && c != '"' && c != 0x7F;
}

/* A URL starting at pos, or 0. Trailing sentence punctuation is left out. */
static size_t scan_url(const unsigned char *s, size_t n, size_t pos,
                       size_t limit) {
    size_t p = pos;
    if (lower_ascii_eq(s, n, p, "http://"))
        p += 7;
    else if (lower_ascii_eq(s, n, p, "https://"))
        p += 8;
    else if (lower_ascii_eq(s, n, p, "www.") && p + 4 < n &&
             ((s[p + 4] | 0x20) >= 'a' && (s[p + 4] | 0x20) <= 'z'))
        p += 4;
    else
        return 0;
    size_t e = p;
    int parens = 0;
    while (e < n && e < limit && url_char(s[e])) {
        if (s[e] >= 0x80) { /* stop at non-ASCII spaces/punctuation */
            cpinfo ci;
            peek(s, n, e, &ci);
            if (ci.cls == CC_SPACE || ci.cls == CC_NEWLINE ||
                ci.cls == CC_INVALID || (ci.cls == CC_PUNCT && ci.cp != 0x2013))
                break;
            e += ci.len;
            continue;
        }
        if (s[e] == '(')
            parens++;
        else if (s[e] == ')')
            parens--;
        e++;
    }
    while (e > p) {
        unsigned char c = s[e - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
            c == '?' || c == '\'' || (c == ')' && parens < 0) || c == ']' ||
            c == '}') {
            if (c == ')')
                parens++;
            e--;
        } else
            break;
    }
    return e > p ? e : 0;
}

static int email_local(unsigned char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'
               ? 1
               : (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' ||
                     c == '+' || c == '-';
}

/* An e-mail address starting at pos, or 0. */
static size_t scan_email(const unsigned char *s, size_t n, size_t pos,
                         size_t limit) {
    size_t p = pos;
    while (p < n && p < limit && email_local(s[p]))
        p++;
    if (p == pos || p >= n || s[p] != '@' || s[p - 1] == '.')
        return 0;
    size_t d = p + 1, dots = 0, last_dot = 0;
    while (d < n && d < limit &&
           (((s[d] | 0x20) >= 'a' && (s[d] | 0x20) <= 'z') ||
            (s[d] >= '0' && s[d] <= '9') || s[d] == '-' || s[d] == '.')) {
        if (s[d] == '.') {
            dots++;
            last_dot = d;
        }
        d++;
    }
    while (d > p + 1 && (s[d - 1] == '.' || s[d - 1] == '-')) {
        d--;
        if (last_dot >= d) {
            dots--;
            last_dot = 0;
            for (size_t k = p + 1; k < d; k++)
                if (s[k] == '.')
                    last_dot = k;
        }
    }
    if (!dots || !last_dot || d - last_dot < 3)
        return 0;
    return d;
}

/* A number starting at pos (a digit, or a currency sign before one). */
static size_t scan_number(const unsigned char *s, size_t n, size_t pos,
                          size_t limit, int *script) {
    cpinfo ci;
    size_t p = pos;
    peek(s, n, p, &ci);
    if (ci.cls != CC_DIGIT)
        p += ci.len; /* currency sign */
    for (;;) {
        while (p < n && p < limit) {
            peek(s, n, p, &ci);
            if (ci.cls != CC_DIGIT)
                break;
            p += ci.len;
        }
        /* inner separator followed by a digit */
        if (p + 1 < n && p < limit &&
            (s[p] == '.' || s[p] == ',' || s[p] == ':' || s[p] == '/' ||
             s[p] == '-')) {
            peek(s, n, p + 1, &ci);
            if (ci.cls == CC_DIGIT) {
                p++;
                continue;
            }
        }
        break;
    }
    /* letter suffix: 80वीं, 10th, 4G */
    if (p < n && p < limit) {
        peek(s, n, p, &ci);
        if (ci.cls == CC_LETTER) {
            unsigned seen = 0;
            p = scan_word_part(s, n, p, &seen, limit);
            *script = script_of(seen);
        }
    }
    return p;
}

static size_t scan_tag(const unsigned char *s, size_t n, size_t pos,
                       size_t limit, int mention) {
    size_t p = pos + 1;
    if (mention) {
        while (p < n && p < limit &&
               (((s[p] | 0x20) >= 'a' && (s[p] | 0x20) <= 'z') ||
                (s[p] >= '0' && s[p] <= '9') || s[p] == '_' || s[p] == '.'))
            p++;
        while (p > pos + 1 && s[p - 1] == '.')
            p--;
        return p > pos + 1 ? p : 0;
    }
    unsigned seen = 0;
    for (;;) {
        size_t e = scan_word_part(s, n, p, &seen, limit);
        if (e < n && s[e] == '_' && e + 1 < limit) {
            p = e + 1;
            continue;
        }
        p = e;
        break;
    }
    return p > pos + 1 ? p : 0;
}

/* ---- the tokenizer ------------------------------------------------------ */

/* Is the k-byte character at pos followed by a space, a line break or the
 * end? Then a punctuation mark there is a token by itself: nothing can
 * extend it (no run of the same mark, no combining mark after it). */
static int lone_punct(const unsigned char *s, size_t n, size_t pos, size_t k) {
    return pos + k == n ||
           (pos + k < n && (s[pos + k] == ' ' || s[pos + k] == '\n'));
}

/* The plain Devanagari letters and marks from q on (those whose norm is
 * their text: deva_class 0, or a plain virama or nukta); returns where
 * they stop. A letter is taken only when a fourth byte follows it before
 * limit (the loads are 4 bytes wide). */
static inline size_t scan_plain_deva(const unsigned char *s, size_t q,
                                     size_t limit) {
    unsigned prev = 0; /* low 7 bits of the letter before */
    for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* two letters of class 0 per step while 8 bytes are left */
        while (q + 8 <= limit) {
            uint64_t w2;
            memcpy(&w2, s + q, 8);
            if ((w2 & 0xC0FEFFC0FEFFull) != 0x80A4E080A4E0ull)
                break;
            unsigned lo1 =
                ((unsigned)(w2 >> 2) & 0x40) | ((unsigned)(w2 >> 16) & 0x3F);
            unsigned lo2 =
                ((unsigned)(w2 >> 26) & 0x40) | ((unsigned)(w2 >> 40) & 0x3F);
            if (deva_class[lo1] | deva_class[lo2])
                break;
            prev = lo2;
            q += 6;
        }
#endif
        /* one letter, which may be a plain mark */
        if (q + 4 > limit || s[q] != 0xE0 || (s[q + 1] & 0xFE) != 0xA4 ||
            (s[q + 2] & 0xC0) != 0x80)
            return q;
        unsigned lo = ((unsigned)(s[q + 1] & 1) << 6) | (s[q + 2] & 0x3F);
        if (deva_class[lo] && !plain_mark(deva_class[lo], prev))
            return q;
        prev = lo;
        q += 3;
    }
}

#if defined(__SSE2__)
/* The same scan, 16 bytes at a time (SSE2 is part of every x86-64): a
 * window checks five letters at once without a branch per letter, so the
 * end of a word costs no mispredicted branch. Returns where the letters of
 * class 0 and plain viramas from pos stop; a nukta (plain only after ड ढ)
 * stops it too, so when the stop is not a word's end the caller runs
 * scan_plain_deva() to be sure. Returns pos when fewer than 16 bytes are
 * left before limit. */
static inline size_t scan_plain_deva16(const unsigned char *s, size_t pos,
                                       size_t limit) {
#define B(x) ((char)(x))
#define X3(a, b, c) B(a), B(b), B(c)
    const __m128i mask = _mm_setr_epi8(
        X3(0xFF, 0xFE, 0xC0), X3(0xFF, 0xFE, 0xC0), X3(0xFF, 0xFE, 0xC0),
        X3(0xFF, 0xFE, 0xC0), X3(0xFF, 0xFE, 0xC0), 0);
    const __m128i pat = _mm_setr_epi8(
        X3(0xE0, 0xA4, 0x80), X3(0xE0, 0xA4, 0x80), X3(0xE0, 0xA4, 0x80),
        X3(0xE0, 0xA4, 0x80), X3(0xE0, 0xA4, 0x80), 0);
#undef X3
    size_t q = pos;
    while (q + 16 <= limit) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + q));
        unsigned ok = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_and_si128(v, mask), pat));
        /* at each letter's third byte: its second (A4 or A5), and the
         * second and third bytes of the letter before */
        __m128i b1 = _mm_slli_si128(v, 1);
        __m128i p2 = _mm_slli_si128(v, 3), p1 = _mm_slli_si128(v, 4);
        __m128i a5 = _mm_cmpeq_epi8(b1, _mm_set1_epi8(B(0xA5)));
        /* E0 A5: virama 8D, nukta letters 98..9F, dandas and digits A4..AF */
        __m128i d = _mm_sub_epi8(v, _mm_set1_epi8(B(0xA4)));
        __m128i s5 = _mm_or_si128(
            _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8(B(0xF8))),
                           _mm_set1_epi8(B(0x98))),
            _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(11)), d));
        /* a virama after a class nasal (ङ ञ ण न म) is folded */
        __m128i nasal = _mm_and_si128(
            _mm_cmpeq_epi8(p1, _mm_set1_epi8(B(0xA4))),
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(p2, _mm_set1_epi8(B(0x99))),
                             _mm_cmpeq_epi8(p2, _mm_set1_epi8(B(0x9E)))),
                _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(p2, _mm_set1_epi8(B(0xA3))),
                                 _mm_cmpeq_epi8(p2, _mm_set1_epi8(B(0xA8)))),
                    _mm_cmpeq_epi8(p2, _mm_set1_epi8(B(0xAE))))));
        s5 = _mm_or_si128(
            s5,
            _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(B(0x8D))), nasal));
        /* E0 A4: candrabindu 81, nukta BC */
        __m128i s4 = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(B(0x81))),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8(B(0xBC))));
        __m128i sp =
            _mm_or_si128(_mm_and_si128(a5, s5), _mm_andnot_si128(a5, s4));
        unsigned special = (unsigned)_mm_movemask_epi8(sp) & 0x4924u;
        unsigned bad = (~ok & 0x7FFFu) | special | 0x8000u;
        unsigned letters = (unsigned)__builtin_ctz(bad) / 3;
        if (letters < 5)
            return q + 3 * letters;
        /* five plain letters: the next window starts at the fifth, so
         * that the letter before each one it checks is in it */
        q += 12;
    }
#undef B
    return pos;
}
#endif

#if defined(__SSE2__)
/* The common run of Hindi text, a plain word after one space, a block at a
 * time. Scanning word by word makes each word's start wait for the end of
 * the one before (load, compare, find the stop, load again); here 64 bytes
 * are classified at once into bit masks, and a word's end is then a shift
 * and a count of trailing zeros. Bit i stands for the byte at base + i. */
typedef kh_plainscan plain_block; /* analyze.h */

#define PLAIN_BLOCK 64
/* bytes the block reads around [base, base + 64) */
#define PLAIN_BEFORE 2
#define PLAIN_AFTER 2

/* Classifies the 16 bytes at p (the caller makes sure that the two bytes
 * before and after them are in the text too) into the bits of masks
 * g (good), st (stop) and sp (space) from bit j on. A plain letter is
 * E0 A4|A5 xx that is none of scan_plain_deva16()'s stops: a candrabindu
 * or nukta (E0 A4 81|BC), a nukta letter, danda or digit (E0 A5 98..9F|
 * A4..AF), or a virama after a class nasal (ङ ञ ण न म). */
static inline void plain_chunk(const unsigned char *p, unsigned j, uint64_t *g,
                               uint64_t *st, uint64_t *sp) {
#define B(x) _mm_set1_epi8((char)(x))
#define EQ(a, x) _mm_cmpeq_epi8(a, B(x))
    __m128i v0 = _mm_loadu_si128((const __m128i *)p);
    __m128i v1 = _mm_loadu_si128((const __m128i *)(p + 1));
    __m128i v2 = _mm_loadu_si128((const __m128i *)(p + 2));
    __m128i m1 = _mm_loadu_si128((const __m128i *)(p - 1));
    __m128i m2 = _mm_loadu_si128((const __m128i *)(p - 2));
    __m128i letter = _mm_and_si128(
        _mm_and_si128(EQ(v0, 0xE0), EQ(_mm_and_si128(v1, B(0xFE)), 0xA4)),
        EQ(_mm_and_si128(v2, B(0xC0)), 0x80));
    __m128i a5 = EQ(v1, 0xA5);
    __m128i d = _mm_sub_epi8(v2, B(0xA4));
    __m128i nasal = _mm_and_si128(
        EQ(m2, 0xA4),
        _mm_or_si128(_mm_or_si128(EQ(m1, 0x99), EQ(m1, 0x9E)),
                     _mm_or_si128(_mm_or_si128(EQ(m1, 0xA3), EQ(m1, 0xA8)),
                                  EQ(m1, 0xAE))));
    __m128i s5 =
        _mm_or_si128(_mm_or_si128(EQ(_mm_and_si128(v2, B(0xF8)), 0x98),
                                  _mm_cmpeq_epi8(_mm_min_epu8(d, B(11)), d)),
                     _mm_and_si128(EQ(v2, 0x8D), nasal));
    __m128i s4 = _mm_or_si128(EQ(v2, 0x81), EQ(v2, 0xBC));
    __m128i special =
        _mm_or_si128(_mm_and_si128(a5, s5), _mm_andnot_si128(a5, s4));
    __m128i space = EQ(v0, ' ');
    __m128i stop = _mm_or_si128(
        _mm_or_si128(space, EQ(v0, '\n')),
        _mm_or_si128(EQ(v0, ','), _mm_and_si128(_mm_and_si128(EQ(v0, 0xE0), a5),
                                                EQ(v2, 0xA4))));
    *g |=
        (uint64_t)(unsigned)_mm_movemask_epi8(_mm_andnot_si128(special, letter))
        << j;
    *st |= (uint64_t)(unsigned)_mm_movemask_epi8(stop) << j;
    *sp |= (uint64_t)(unsigned)_mm_movemask_epi8(space) << j;
#undef EQ
#undef B
}

/* Moves the block on to pos (pos + 64 + PLAIN_AFTER < n, and pos >=
 * PLAIN_BEFORE): by whole 16-byte steps, keeping the bits of the bytes
 * it still covers and classifying only the new ones; from pos itself when
 * the block is far behind. */
static void plain_block_to(const unsigned char *s, size_t pos,
                           plain_block *pb) {
    size_t shift = (pos - pb->base) & ~(size_t)15;
    if (!shift)
        return;
    unsigned keep = 0;
    if (shift < PLAIN_BLOCK) {
        keep = (unsigned)(PLAIN_BLOCK - shift);
        pb->base += shift;
        pb->good >>= shift;
        pb->stop >>= shift;
        pb->space >>= shift;
    } else {
        pb->base = pos;
        pb->good = pb->stop = pb->space = 0;
    }
    for (unsigned j = keep; j < PLAIN_BLOCK; j += 16)
        plain_chunk(s + pb->base + j, j, &pb->good, &pb->stop, &pb->space);
    pb->cover = pb->good | pb->good << 1 | pb->good << 2;
}

/* Is there, at pos, one space and then a plain word that a stop ends, all
 * inside the block? Returns 1 and the word's span, 2 and its span when a
 * period ends it instead, 0 when there is no such word, or -1 when the
 * block ends too soon to say. A byte of a letter is never
 * the lead byte E0, so from a letter's start, bytes that all belong to
 * plain letters are whole plain letters, and a stop after them (a space,
 * \n, comma or E0) cannot be inside one. */
static inline int plain_block_word(const unsigned char *s,
                                   const plain_block *pb, size_t pos,
                                   size_t *start, size_t *end) {
    size_t off = pos - pb->base; /* pos >= base */
    if (off + 2 >= PLAIN_BLOCK)
        return -1;
    if (!((pb->space >> off) & (pb->good >> (off + 1)) & 1))
        return 0;
    uint64_t rest = ~pb->cover >> (off + 1);
    if (!rest)
        return -1;
    size_t e = off + 1 + (size_t)__builtin_ctzll(rest);
    if (e >= PLAIN_BLOCK)
        return -1;
    *start = pb->base + off + 1;
    *end = pb->base + e;
    if (!(pb->stop >> e & 1))
        return s[*end] == '.' ? 2 : 0;
    return 1;
}

/* Does a Devanagari word take the period after it (an abbreviation or a
 * letter name: kh_next_token() keeps the period in the token)? */
/* Writes a plain token's record: its text is its norm (or the caller
 * computes the norm, when pending), no parts; newlines before it also go
 * into the sentence pass's flags. */
static inline void put_plain_token(kh_segtok *t, size_t start, size_t end,
                                   kh_token_type type, kh_script script,
                                   uint32_t shape, unsigned seg,
                                   unsigned newlines, int pending) {
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->norm_off = pending ? KH_NORM_PENDING : KH_SAME;
    t->norm_len = (uint32_t)(end - start);
    t->extra = KH_NONE;
    t->shape = shape;
    t->type = type;
    t->script = script;
    t->abbrev = KH_ABBREV_NONE;
    t->newlines_before = newlines > 255 ? 255 : (uint8_t)newlines;
    t->blank_before = newlines >= 2;
    t->n_parts = 0;
    t->seg = (uint8_t)(seg | (newlines ? KH_SEG_LINE | KH_SEG_BUSY : 0));
}

static int deva_takes_period(const unsigned char *w, size_t n) {
    return in_list(abbrev_deva, w, n, 0) || in_list(letter_names, w, n, 0) ||
           in_list(letter_names_ambiguous, w, n, 0);
}
#endif

/* Does a word end before the byte at e (e < n): a space, a line break, a
 * comma or a danda? */
static inline int word_stop(const unsigned char *s, size_t n, size_t e) {
    return s[e] == ' ' || s[e] == '\n' || s[e] == ',' ||
           (s[e] == 0xE0 && e + 2 < n && s[e + 1] == 0xA5 && s[e + 2] == 0xA4);
}

/* Do the plain letters pos..q make a whole word (the fast path's test):
 * some letters, then a space, a line break, a comma or a danda. */
static inline int plain_word_end(const unsigned char *s, size_t n, size_t pos,
                                 size_t q, size_t limit) {
    return q > pos && q + 1 < limit && word_stop(s, n, q);
}

/* Is there a lone danda or double danda at pos (E0 A5 A4|A5)? */
static inline int lone_danda(const unsigned char *s, size_t n, size_t pos) {
    return lone_punct(s, n, pos, 3) && s[pos + 1] == 0xA5 &&
           (s[pos + 2] == 0xA4 || s[pos + 2] == 0xA5);
}

/* The end of a number of ASCII digits at pos (with inner separators:
 * 5,000 2.5 10:30) when it is all that scan_number() would read there, or
 * pos when scan_number() must decide: a non-ASCII byte or a letter after
 * it (a suffix, or digits of another script), or the token limit near. */
static inline size_t ascii_number_end(const unsigned char *s, size_t pos,
                                      size_t limit) {
    size_t p = pos;
    for (;;) {
        while (p < limit && s[p] >= '0' && s[p] <= '9')
            p++;
        if (p + 1 < limit &&
            (s[p] == '.' || s[p] == ',' || s[p] == ':' || s[p] == '/' ||
             s[p] == '-') &&
            s[p + 1] >= '0' && s[p + 1] <= '9') {
            p++;
            continue;
        }
        break;
    }
    if (p + 1 >= limit)
        return pos;
    unsigned char c = s[p], d = s[p + 1];
    if (c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
        ((c == '.' || c == ',' || c == ':' || c == '/' || c == '-') &&
         d >= 0x80))
        return pos;
    return p;
}

/* Is the ASCII punctuation mark c at pos a token by itself although a
 * space does not follow it? Yes when what follows is ASCII or a Devanagari
 * letter (nothing that may combine with it) and is not c again (a run such
 * as ... or -- stays one token). */
static inline int punct_alone(const unsigned char *s, size_t pos,
                              unsigned char c) {
    unsigned char d = s[pos + 1]; /* the caller knows pos + 1 < n */
    int runs = c == '.' || c == '-' || c == '?' || c == '!' || c == '|' ||
               c == '_' || c == '=' || c == '*';
    return (d < 0x80 || d == 0xE0) && !(runs && d == c);
}

size_t kh_next_plain_tokens(const char *text, size_t n, size_t pos,
                            kh_segtok *out, size_t cap, size_t *count,
                            kh_plainscan *scan) {
    const unsigned char *s = (const unsigned char *)text;
    size_t k = 0;
    uint8_t *segs = scan ? scan->segs : NULL;
    const int shapes = !scan || !scan->no_shapes;
#if defined(__SSE2__)
    /* the caller's block, or none yet */
    plain_block local, *bp = scan;
    if (!bp) {
        kh_plainscan_start(&local);
        bp = &local;
    }
    plain_block pb = *bp;
#endif
    for (; k < cap; k++) {
#if defined(__SSE2__)
        /* a plain word after one space, from the block's masks */
        size_t ws, we;
        int r = plain_block_word(s, &pb, pos, &ws, &we);
        if (r < 0 && pos >= PLAIN_BEFORE &&
            pos + PLAIN_BLOCK + PLAIN_AFTER < n) {
            plain_block_to(s, pos, &pb);
            r = plain_block_word(s, &pb, pos, &ws, &we);
        }
        if (r == 2) /* a word before a period, unless it takes it */
            r = deva_takes_period(s + ws, we - ws) ? 0 : 1;
        if (r > 0) {
            kh_segtok *t = &out[k];
            uint32_t shape = shapes ? kh_shape_hash(s + ws, we - ws) : 0;
            unsigned seg =
                KH_SEG_DEVSCRIPT | (shapes ? kh_seg_gap_flags(shape, 0) : 0);
            put_plain_token(t, ws, we, KH_TOKEN_WORD, KH_SCRIPT_DEVANAGARI,
                            shape, seg, 0, 0);
            if (segs)
                segs[k] = (uint8_t)seg;
            pos = we;
            continue;
        }
        if (r == 0) {
            /* Inside the block (so 4 bytes follow pos): a comma or period
             * right after a word, or a danda after it or after one space,
             * that a space or line break follows. The next most common
             * tokens; cut as below, with the spaces rule and
             * punct_alone()/lone_danda(). */
            size_t q = pos + (s[pos] == ' ' && s[pos + 1] > ' ');
            size_t qe = 0;
            unsigned qseg = KH_SEG_BUSY;
            if ((s[q] == ',' || s[q] == '.') &&
                (s[q + 1] < 0x80 || s[q + 1] == 0xE0) && s[q + 1] != '.') {
                qe = q + 1;
                if (s[q] == '.')
                    qseg |= KH_SEG_PERIOD | KH_SEG_STOP;
            } else if (s[q] == 0xE0 && s[q + 1] == 0xA5 &&
                       (s[q + 2] == 0xA4 || s[q + 2] == 0xA5) &&
                       (s[q + 3] == ' ' || s[q + 3] == '\n')) {
                qe = q + 3;
                qseg |= KH_SEG_STOP | (s[q + 2] == 0xA4 ? KH_SEG_DANDA : 0);
            }
            if (qe) {
                put_plain_token(&out[k], q, qe, KH_TOKEN_PUNCT, KH_SCRIPT_NONE,
                                0, qseg, 0, 0);
                if (segs)
                    segs[k] = (uint8_t)qseg;
                pos = qe;
                continue;
            }
        }
#endif
        size_t from = pos;
        unsigned newlines = 0;
        /* one space between words is the common case */
        if (pos + 1 < n && s[pos] == ' ' && s[pos + 1] > ' ')
            pos++;
        else
            while (pos < n && (s[pos] == ' ' || s[pos] == '\n'))
                newlines += s[pos++] == '\n';
        if (pos >= n) { /* only whitespace left: kh_next_token() sees it */
            pos = from;
            break;
        }
        size_t limit =
            pos + KH_MAX_TOKEN_BYTES < n ? pos + KH_MAX_TOKEN_BYTES : n;
        unsigned char c = s[pos];
        size_t e;
        uint8_t type, script = KH_SCRIPT_NONE;
        uint32_t shape = 0;
        unsigned seg = 0; /* kh_seg_flags() but the line's */
        int dummy, pending = 0;
        if (c == 0xE0 && pos + 2 < n &&
            (s[pos + 1] == 0xA4 || s[pos + 1] == 0xA5)) {
#if defined(__SSE2__)
            e = scan_plain_deva16(s, pos, limit);
            if (!plain_word_end(s, n, pos, e, limit))
#endif
                e = scan_plain_deva(s, pos, limit);
            if (plain_word_end(s, n, pos, e, limit)) {
                type = KH_TOKEN_WORD;
                script = KH_SCRIPT_DEVANAGARI;
                seg = KH_SEG_DEVSCRIPT;
                if (shapes) {
                    shape = kh_shape_hash(s + pos, e - pos);
                    seg |= kh_seg_gap_flags(shape, newlines);
                }
            } else if (e == pos && lone_danda(s, n, pos)) {
                type = KH_TOKEN_PUNCT;
                e = pos + 3;
                seg = KH_SEG_BUSY | KH_SEG_STOP |
                      (s[pos + 2] == 0xA4 ? KH_SEG_DANDA : 0);
            } else {
                /* a word with a nukta, candrabindu, ... (kh_next_token's
                 * second test): its norm is left to the caller */
                unsigned seen = 0;
                e = scan_word_part(s, n, pos, &seen, limit);
                if (!(e > pos && (e >= n || word_stop(s, n, e)))) {
                    pos = from;
                    break;
                }
                type = KH_TOKEN_WORD;
                script = (uint8_t)script_of(seen);
                if (script == KH_SCRIPT_DEVANAGARI) {
                    seg = KH_SEG_DEVSCRIPT;
                    if (shapes) {
                        shape = kh_shape_hash(s + pos, e - pos);
                        seg |= kh_seg_gap_flags(shape, newlines);
                    }
                }
                pending = (seen & SEEN_DIRTY) != 0;
            }
        } else if (c >= '0' && c <= '9') {
            e = ascii_number_end(s, pos, limit);
            if (e == pos) {
                pos = from;
                break;
            }
            type = KH_TOKEN_NUMBER;
        } else if (c > ' ' && c < 0x80 && c != '#' && c != '@' &&
                   classify(c, &dummy) == CC_PUNCT &&
                   (lone_punct(s, n, pos, 1) || punct_alone(s, pos, c))) {
            type = KH_TOKEN_PUNCT;
            e = pos + 1;
            seg = KH_SEG_BUSY | (c == '.' ? KH_SEG_PERIOD : 0) |
                  (c == '?' || c == '!' || c == '.' || c == '|' ? KH_SEG_STOP
                                                                : 0);
        } else {
            pos = from;
            break;
        }
        put_plain_token(&out[k], pos, e, type, script, shape, seg, newlines,
                        pending);
        if (segs)
            segs[k] = out[k].seg;
        pos = e;
        if (pending) { /* the caller computes its norm now */
            k++;
            break;
        }
    }
#if defined(__SSE2__)
    *bp = pb;
#else
    (void)scan;
#endif
    *count = k;
    return pos;
}

size_t kh_next_token(const char *text, size_t n, size_t pos, kh_rawtok *t) {
    const unsigned char *s = (const unsigned char *)text;
    cpinfo ci;
    unsigned newlines = 0;
    int lines_blank = 0; /* did a line with only whitespace pass? */
    /* whitespace */
    while (pos < n) {
        unsigned char c = s[pos];
        if (c == ' ') {
            pos++;
            continue;
        }
        if (c == '\n') {
            newlines++;
            if (newlines >= 2)
                lines_blank = 1;
            pos++;
            continue;
        }
        if ((c > ' ' && c < 0x7F) || c == 0xE0)
            break; /* visible ASCII or Devanagari-block lead: a token */
        peek(s, n, pos, &ci);
        if (ci.cls == CC_SPACE) {
            pos += ci.len;
            continue;
        }
        if (ci.cls == CC_NEWLINE) {
            newlines++;
            if (newlines >= 2)
                lines_blank = 1;
            pos += ci.len;
            continue;
        }
        break;
    }
    /* reset the fixed fields only: the part arrays are read only up to
     * n_parts (this runs for every token) */
    t->start = t->end = 0;
    t->type = t->script = t->abbrev = t->n_parts = t->invalid = t->clean = 0;
    t->newlines_before = newlines > 255 ? 255 : (uint8_t)newlines;
    t->blank_before = (uint8_t)lines_blank;
    if (pos >= n)
        return n;
    size_t limit = pos + KH_MAX_TOKEN_BYTES < n ? pos + KH_MAX_TOKEN_BYTES : n;
    t->start = pos;
    int script = KH_SCRIPT_NONE;
    size_t e;
    /* Fast path: a Devanagari word that is not a compound or abbreviation
     * (most tokens of Hindi text), or a danda. */
    if (s[pos] == 0xE0 && pos + 2 < n &&
        (s[pos + 1] == 0xA4 || s[pos + 1] == 0xA5)) {
        size_t q = scan_plain_deva(s, pos, limit);
        if (plain_word_end(s, n, pos, q, limit)) {
            t->end = q;
            t->type = KH_TOKEN_WORD;
            t->script = KH_SCRIPT_DEVANAGARI;
            t->clean = 1;
            return q;
        }
        if (q == pos && lone_danda(s, n, pos)) {
            t->end = pos + 3; /* a danda, its own norm */
            t->type = KH_TOKEN_PUNCT;
            t->clean = 1;
            return pos + 3;
        }
        unsigned seen = 0;
        e = scan_word_part(s, n, pos, &seen, limit);
        if (e > pos && (e >= n || word_stop(s, n, e))) {
            t->end = e;
            t->type = KH_TOKEN_WORD;
            t->script = (uint8_t)script_of(seen);
            t->clean = !(seen & SEEN_DIRTY);
            return e;
        }
    }
    /* Fast path: a lone ASCII punctuation mark (its own norm) */
    if (s[pos] < 0x80 && s[pos] != '#' && s[pos] != '@' &&
        lone_punct(s, n, pos, 1) && classify(s[pos], &script) == CC_PUNCT) {
        t->end = pos + 1;
        t->type = KH_TOKEN_PUNCT;
        t->clean = 1;
        return pos + 1;
    }
    script = KH_SCRIPT_NONE;
    peek(s, n, pos, &ci);

    if (ci.cls == CC_LETTER) {
        if (s[pos] < 0x80) {
            if ((e = scan_url(s, n, pos, limit)))
                t->type = KH_TOKEN_URL;
            else if ((e = scan_email(s, n, pos, limit)))
                t->type = KH_TOKEN_EMAIL;
            if (e) {
                t->end = e;
                t->script = KH_SCRIPT_LATIN;
                return e;
            }
        }
        unsigned seen = 0;
        e = scan_word_part(s, n, pos, &seen, limit);
        t->type = KH_TOKEN_WORD;
        t->n_parts = 1;
        t->part_end[0] = e;
        /* hyphenated compound: word-hyphen-word... */
        size_t hl;
        int hyphens_ascii = 1;
        while (t->n_parts < KH_MAX_PARTS && is_hyphen_at(s, n, e, &hl) &&
               e + hl < limit && starts_word_part(s, n, e + hl)) {
            size_t e2 = scan_word_part(s, n, e + hl, &seen, limit);
            hyphens_ascii &= hl == 1;
            t->part_start[t->n_parts] = e + hl;
            t->part_end[t->n_parts] = e2;
            t->n_parts++;
            e = e2;
        }
        t->part_start[0] = pos;
        script = script_of(seen);
        t->script = (uint8_t)script;
        /* a compound's hyphen may be U+2010/U+2011 (not ASCII) */
        t->clean = !(seen & SEEN_DIRTY) && (t->n_parts == 1 || hyphens_ascii);
        /* Abbreviation or initial: keep the period. */
        if (t->n_parts == 1 && e < n && s[e] == '.' && e + 1 <= limit) {
            size_t wl = e - pos;
            int latin1 = script == KH_SCRIPT_LATIN && wl == 1;
            if (latin1) {
                /* U.S. e.g. i.e. — letter-period runs */
                size_t q = e + 1;
                while (q + 1 < n &&
                       ((s[q] | 0x20) >= 'a' && (s[q] | 0x20) <= 'z') &&
                       s[q + 1] == '.')
                    q += 2;
                t->abbrev = q > e + 1 || (s[pos] >= 'A' && s[pos] <= 'Z')
                                ? KH_ABBREV_INITIAL
                                : KH_ABBREV_NONE;
                if (t->abbrev)
                    e = q;
            } else if (script == KH_SCRIPT_LATIN &&
                       in_list(abbrev_latin, s + pos, wl, 1)) {
                t->abbrev = KH_ABBREV_SURE;
                e++;
            } else if (script == KH_SCRIPT_DEVANAGARI) {
                if (in_list(abbrev_deva, s + pos, wl, 0)) {
                    t->abbrev = KH_ABBREV_SURE;
                    e++;
                } else if (in_list(letter_names, s + pos, wl, 0)) {
                    t->abbrev = KH_ABBREV_INITIAL;
                    e++;
                } else if (in_list(letter_names_ambiguous, s + pos, wl, 0)) {
                    t->abbrev = KH_ABBREV_AMBIGUOUS;
                    e++;
                }
            }
        }
        t->end = e;
        if (t->n_parts == 1)
            t->n_parts = 0; /* not a compound */
        return e;
    }
    if (ci.cls == CC_DIGIT ||
        (is_currency(ci.cp) && pos + ci.len < n &&
         starts_word_part(s, n, pos + ci.len) &&
         (peek(s, n, pos + ci.len, &ci), ci.cls == CC_DIGIT))) {
        e = scan_number(s, n, pos, limit, &script);
        t->end = e;
        t->type = KH_TOKEN_NUMBER;
        t->script = (uint8_t)script;
        return e;
    }
    if ((s[pos] == '#' || s[pos] == '@') && pos + 1 < n &&
        (e = scan_tag(s, n, pos, limit, s[pos] == '@'))) {
        t->end = e;
        t->type = s[pos] == '#' ? KH_TOKEN_HASHTAG : KH_TOKEN_MENTION;
        unsigned seen = 0;
        scan_word_part(s, n, pos + 1, &seen, e);
        t->script = (uint8_t)script_of(seen);
        return e;
    }
    peek(s, n, pos, &ci);
    e = pos + ci.len;
    if (ci.cls == CC_PUNCT) {
        /* runs of the same mark stay together: ... -- ।। ?? */
        uint32_t first = ci.cp;
        if (first == '.' || first == '-' || first == '?' || first == '!' ||
            first == KH_DANDA || first == KH_DOUBLE_DANDA || first == '|' ||
            first == '_' || first == '=' || first == '*')
            while (e < limit) {
                cpinfo nx;
                peek(s, n, e, &nx);
                if (nx.cp != first)
                    break;
                e += nx.len;
            }
        t->type = KH_TOKEN_PUNCT;
    } else if (ci.cls == CC_SYMBOL) {
        t->type = KH_TOKEN_SYMBOL;
    } else {
        t->type = KH_TOKEN_OTHER;
        t->invalid = ci.cls == CC_INVALID;
    }
    /* Keep combining marks and variation selectors with their base
     * (emoji sequences, stray marks after punctuation). */
    while (e < limit) {
        cpinfo nx;
        peek(s, n, e, &nx);
        if (!((nx.cp >= 0xFE00 && nx.cp <= 0xFE0F) || nx.cp == KH_ZWJ ||
              (nx.cp >= 0x1F3FB && nx.cp <= 0x1F3FF)))
            break;
        e += nx.len;
        if (nx.cp == KH_ZWJ && e < limit) { /* ZWJ emoji sequence */
            peek(s, n, e, &nx);
            if (nx.cls == CC_SYMBOL || nx.cls == CC_OTHER)
                e += nx.len;
        }
    }
    t->end = e;
    return e;
}
