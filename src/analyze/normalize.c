/*
 * normalize.c — the matching form (`norm`) of a token.
 *
 * Hindi is written many ways that readers treat as one word. The norm folds
 * exactly those spelling variants and nothing that separates real words:
 *
 *   - NFC (via utf8proc for anything outside ASCII and Devanagari);
 *   - nukta folded on the loan-sound letters क़ ख़ ग़ ज़ फ़ (ज़िंदगी = जिंदगी),
 *     but kept on ड़ ढ़, which are distinct letters of Hindi;
 *   - candrabindu -> anusvara (पहुँच = पहुंच);
 *   - a class nasal + virama before a stop of its own class -> anusvara
 *     (प्रधानमन्त्री = प्रधानमंत्री, सम्बन्ध = संबंध); न्न / म्म / न्य / म्ह
 *     stay, they are not spelling variants;
 *   - ZWJ, ZWNJ, soft hyphen and other invisible characters removed;
 *   - Devanagari digits -> ASCII digits; Latin lowercased (case folded).
 *
 * Long-vowel folding (ी -> ि, as Lucene's Hindi normalizer does) is only
 * done with KH_ANALYZE_FOLD_VOWELS: it merges distinct words (दिन/दीन,
 * कुल/कूल), see `make eval` for the measured cost.
 *
 * Written by hand rather than with a Unicode library because this runs for
 * every token at hundreds of MB/s: the common case (a plain Devanagari or
 * lowercase ASCII word) is detected in one pass and costs no copy at all.
 */
#include "analyze.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Does the Devanagari code point need any change, alone or in context? */
static int deva_special(uint32_t cp) {
    switch (cp) {
    case KH_CANDRABINDU:
    case KH_NUKTA:
    case KH_VIRAMA: return 1;
    default:
        return (cp >= 0x0958 && cp <= 0x095F) || (cp >= 0x0966 && cp <= 0x096F);
    }
}

static int vowel_fold_target(uint32_t cp, uint32_t *to) {
    switch (cp) {
    case 0x0906: *to = 0x0905; return 1; /* आ -> अ */
    case 0x0908: *to = 0x0907; return 1; /* ई -> इ */
    case 0x090A: *to = 0x0909; return 1; /* ऊ -> उ */
    case 0x0910: *to = 0x090F; return 1; /* ऐ -> ए */
    case 0x0914: *to = 0x0913; return 1; /* औ -> ओ */
    case 0x0940: *to = 0x093F; return 1; /* ी -> ि */
    case 0x0942: *to = 0x0941; return 1; /* ू -> ु */
    case 0x0948: *to = 0x0947; return 1; /* ै -> े */
    case 0x094C: *to = 0x094B; return 1; /* ौ -> ो */
    default: return 0;
    }
}

static int invisible(uint32_t cp) {
    return cp == KH_ZWJ || cp == KH_ZWNJ || cp == 0x00AD || cp == 0x200B ||
           cp == 0x2060 || cp == 0xFEFF;
}

/* The class nasal that a following stop makes redundant, or 0. */
static uint32_t class_nasal(uint32_t stop) {
    if (stop >= 0x0915 && stop <= 0x0918)
        return 0x0919; /* ङ before क ख ग घ */
    if (stop >= 0x091A && stop <= 0x091D)
        return 0x091E; /* ञ before च छ ज झ */
    if (stop >= 0x091F && stop <= 0x0922)
        return 0x0923; /* ण before ट ठ ड ढ */
    if (stop >= 0x0924 && stop <= 0x0927)
        return 0x0928; /* न before त थ द ध */
    if (stop >= 0x092A && stop <= 0x092D)
        return 0x092E; /* म before प फ ब भ */
    return 0;
}

/* Fast check: can the token be its own norm? True for words made only of
 * lowercase ASCII and Devanagari that needs no folding. Virama and nukta
 * are common in plain Hindi (क्या, बड़ा), so they only fail the check in
 * the contexts the folding rules touch. */
static int already_normal(const unsigned char *s, size_t n, unsigned flags) {
    size_t i = 0;
    uint32_t prev = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z')
                return 0;
            prev = c;
            i++;
        } else if (c == 0xE0 && i + 2 < n &&
                   (s[i + 1] == 0xA4 || s[i + 1] == 0xA5)) {
            uint32_t cp = 0x0900u | ((uint32_t)(s[i + 1] & 0x01) << 6) |
                          (s[i + 2] & 0x3F);
            uint32_t to;
            if (cp == KH_VIRAMA) {
                /* a class nasal + virama may fold to anusvara */
                if (prev == 0x0919 || prev == 0x091E || prev == 0x0923 ||
                    prev == 0x0928 || prev == 0x092E)
                    return 0;
            } else if (cp == KH_NUKTA) {
                if (prev != 0x0921 && prev != 0x0922) /* ड़ ढ़ stay */
                    return 0;
            } else if (deva_special(cp)) {
                return 0;
            }
            if ((flags & KH_ANALYZE_FOLD_VOWELS) && vowel_fold_target(cp, &to))
                return 0;
            prev = cp;
            i += 3;
        } else {
            return 0;
        }
    }
    return 1;
}

/* Appends cp to out (bounded by cap), advancing *len by its full size. */
static void put(char *out, size_t cap, size_t *len, uint32_t cp) {
    if (cp < 0x80) { /* ASCII and Devanagari inline: almost every call */
        if (*len < cap)
            out[*len] = (char)cp;
        (*len)++;
        return;
    }
    if (cp >= 0x0900 && cp <= 0x097F && *len + 3 <= cap) {
        out[*len] = (char)0xE0;
        out[*len + 1] = (char)(0xA4 | (cp >> 6 & 1));
        out[*len + 2] = (char)(0x80 | (cp & 0x3F));
        *len += 3;
        return;
    }
    char tmp[4];
    unsigned k = kh_utf8_encode(cp, tmp);
    for (unsigned j = 0; j < k; j++) {
        if (*len < cap)
            out[*len] = tmp[j];
        (*len)++;
    }
}

/* Decodes s into code points (invalid bytes become U+FFFD, one per byte). */
static size_t decode_all(const unsigned char *s, size_t n, uint32_t *cps) {
    size_t i = 0, k = 0;
    while (i < n) {
        uint32_t cp;
        unsigned len = kh_utf8_decode(s + i, n - i, &cp);
        if (!len) {
            cp = 0xFFFD;
            len = 1;
        }
        cps[k++] = cp;
        i += len;
    }
    return k;
}

/* decode_all() for text of ASCII and Devanagari-block characters only (a
 * word the tokenizer left to the normalizer for a nukta or a candrabindu:
 * nearly every word that gets here), without a call per character; or
 * SIZE_MAX at the first byte of anything else. Such text needs no NFC
 * pass (kh_norm's `other`), so the two paths fold the same code points. */
static size_t decode_deva(const unsigned char *s, size_t n, uint32_t *cps) {
    size_t i = 0, k = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            cps[k++] = c;
            i++;
        } else if (c == 0xE0 && i + 3 <= n && (s[i + 1] & 0xFE) == 0xA4 &&
                   (s[i + 2] & 0xC0) == 0x80) {
            cps[k++] =
                0x0900u | (uint32_t)(s[i + 1] & 1) << 6 | (s[i + 2] & 0x3F);
            i += 3;
        } else {
            return SIZE_MAX;
        }
    }
    return k;
}

/* Folds the code point sequence cps[0..k) into out. */
static size_t fold(const uint32_t *cps, size_t k, unsigned flags, char *out,
                   size_t cap) {
    size_t len = 0;
    for (size_t i = 0; i < k; i++) {
        uint32_t cp = cps[i], to;
        if (invisible(cp))
            continue;
        if (cp >= 0x0958 && cp <= 0x095F) {
            /* Precomposed nukta letters (NFC decomposes them). */
            static const uint32_t base[8] = {0x0915, 0x0916, 0x0917, 0x091C,
                                             0x0921, 0x0922, 0x092B, 0x092F};
            uint32_t b = base[cp - 0x0958];
            put(out, cap, &len, b);
            if (b == 0x0921 || b == 0x0922 || b == 0x092F)
                put(out, cap, &len, KH_NUKTA); /* ड़ ढ़ य़ stay distinct */
            continue;
        }
        if (cp == KH_NUKTA && i > 0) {
            uint32_t p = cps[i - 1];
            if (p == 0x0915 || p == 0x0916 || p == 0x0917 || p == 0x091C ||
                p == 0x092B)
                continue; /* क़ ख़ ग़ ज़ फ़ -> क ख ग ज फ */
        }
        if (cp == KH_CANDRABINDU) {
            put(out, cap, &len, KH_ANUSVARA);
            continue;
        }
        if (cp >= 0x0966 && cp <= 0x096F) {
            put(out, cap, &len, '0' + (cp - 0x0966));
            continue;
        }
        if (i + 2 < k && cps[i + 1] == KH_VIRAMA) {
            /* Skip invisible joiners between virama and the stop. */
            size_t j = i + 2;
            while (j < k && invisible(cps[j]))
                j++;
            if (j < k && class_nasal(cps[j]) == cp) {
                put(out, cap, &len, KH_ANUSVARA);
                i = j - 1;
                continue;
            }
        }
        if ((flags & KH_ANALYZE_FOLD_VOWELS) && vowel_fold_target(cp, &to))
            cp = to;
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        put(out, cap, &len, cp);
    }
    return len;
}

/* Would NFC with case folding (utf8proc below) change nothing in u but
 * the case of ASCII letters? So for text of ASCII, Devanagari and ZWJ or
 * ZWNJ only (ZWJ in a conjunct, क्‍ष, is what news puts in its words
 * most often) with no Devanagari character that NFC decomposes or composes
 * (U+0929 U+0931 U+0934, U+0958..U+095F, and the nukta that makes them)
 * and no mark that canonical ordering could move (U+0951..U+0954; the
 * virama is then the only mark with a combining class, and a mark only
 * moves past another). fold() lowercases ASCII itself, so such a word
 * skips utf8proc; tests/unit/test_analyze_norm.c checks the claim. */
static int nfc_plain(const unsigned char *u, size_t n) {
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (i + 2 >= n || (u[i + 2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && (u[i + 1] == 0xA4 || u[i + 1] == 0xA5)) {
            unsigned lo = (unsigned)(u[i + 1] & 1) << 6 | (u[i + 2] & 0x3F);
            if (lo == 0x29 || lo == 0x31 || lo == 0x34 || lo == 0x3C ||
                (lo >= 0x51 && lo <= 0x54) || (lo >= 0x58 && lo <= 0x5F))
                return 0;
        } else if (!(c == 0xE2 && u[i + 1] == 0x80 &&
                     (u[i + 2] == 0x8C || u[i + 2] == 0x8D))) {
            return 0;
        }
        i += 3;
    }
    return 1;
}

size_t kh_norm(const char *s, size_t n, unsigned flags, char *out, size_t cap,
               int *same) {
    const unsigned char *u = (const unsigned char *)s;
    if (already_normal(u, n, flags)) {
        *same = 1;
        return 0;
    }
    *same = 0;
    uint32_t stackbuf[256];
    if (n <= 256) {
        size_t k = decode_deva(u, n, stackbuf);
        if (k != SIZE_MAX)
            return fold(stackbuf, k, flags, out, cap);
    }
    /* Anything outside ASCII and Devanagari goes through utf8proc for NFC
     * and case folding first. */
    int other = 0;
    for (size_t i = 0; i < n && !other; i++)
        if (u[i] >= 0x80 &&
            !(u[i] == 0xE0 && i + 1 < n &&
              (u[i + 1] == 0xA4 || u[i + 1] == 0xA5)) &&
            !(u[i] >= 0x80 && u[i] < 0xC0))
            other = 1;
    if (other && nfc_plain(u, n))
        other = 0;
    const unsigned char *src = u;
    size_t srclen = n;
    utf8proc_uint8_t *mapped = NULL;
    if (other && n < ((size_t)1 << 30)) {
        utf8proc_ssize_t m = utf8proc_map(u, (utf8proc_ssize_t)n, &mapped,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                              UTF8PROC_CASEFOLD);
        if (m >= 0) {
            src = mapped;
            srclen = (size_t)m;
        } /* else invalid UTF-8: fold the raw bytes (bad bytes -> U+FFFD) */
    }
    uint32_t *cps = srclen <= 256 ? stackbuf : malloc(srclen * sizeof *cps);
    size_t len = 0;
    if (cps) {
        size_t k = decode_all(src, srclen, cps);
        len = fold(cps, k, flags, out, cap);
        if (cps != stackbuf)
            free(cps);
    }
    free(mapped);
    return len;
}

size_t kh_normalize_word(const char *word, size_t len, unsigned flags,
                         char *out, size_t cap) {
    int same = 0;
    size_t n = kh_norm(word, len, flags, out, cap, &same);
    if (!same)
        return n;
    memcpy(out, word, len < cap ? len : cap);
    return len;
}
