/*
 * phonetic.c — loose phonetic keys, so that a Hindi word typed in Latin
 * letters ("pahalgam", "modee", "sarkaar") finds the same word written in
 * Devanagari (पहलगाम, मोदी, सरकार): equal keys mean "probably the same word".
 *
 * Written here rather than taken from a library: matching romanized Hindi
 * against Devanagari is the product's edge, no Debian library does it, and
 * it runs on every token (a table-driven pass over the bytes into a small
 * stack buffer, no allocation).
 *
 * Both spellings are first read into one small phone alphabet (one ASCII
 * character per phone) by a front-end per script:
 *
 *   vowels      a e i o u       (length dropped: ā = a, ī = ee = i, ū = oo = u)
 *   consonants  k K g G c j J t T d D n p f b B m y r l v s S h
 *               (capital = aspirate, S = sh; retroflex = dental, ch = chh,
 *               ph = f, w = v, z = j, q = k, x = kS, ड़ = d, ढ़ = rh = D)
 *   N           anusvara or candrabindu
 *   0-9         digits
 *
 * The Devanagari front-end also deletes the inherent vowel (schwa) where
 * Hindi speech drops it, because that is how people type: पहलगाम is typed
 * pahalgam, not pahalagama. One shared back-end then folds the spelling
 * variants both scripts show (glides, ai/e, au/o, nasals, doubled letters),
 * so the two sides differ only where the front-ends hear the word
 * differently. The key is those phones, ASCII, case-sensitive.
 *
 * The folds were chosen by measurement (eval/roman_eval.c: match rate over
 * tests/data/roman_pairs.tsv, false matches, and key collisions among the
 * HDTB dev word types). Folding aspiration gained 1 pair and raised the
 * collisions from 5.2% to 7.6% of types; folding sh into s gained 2 pairs
 * but merged शादी/सदी, शक्ति/सकती, किशन/किसान; collapsing doubled n and s
 * merged इससे/इसे, जानने/जाने, सम्मान/समान for 2 pairs. The KH_KEY_*
 * switches let the measurement be repeated with -D.
 */
#include "analyze.h"

#include <string.h>

/* Fold aspirates into plain stops (kh = k, bh = b). Off: see above. Latin
 * "ch" is written for both च and छ, so those are one phone regardless. */
#ifndef KH_KEY_FOLD_ASPIRATION
#define KH_KEY_FOLD_ASPIRATION 0
#endif
/* Fold sh (श ष) into s (स). Off: see above. */
#ifndef KH_KEY_FOLD_SH
#define KH_KEY_FOLD_SH 0
#endif
/* ai before a consonant reads as e (kaise = kese, baithak = bethak). */
#ifndef KH_KEY_FOLD_AI
#define KH_KEY_FOLD_AI 1
#endif
/* au before a consonant reads as o (kaun = kon, mausam = mosam). */
#ifndef KH_KEY_FOLD_AU
#define KH_KEY_FOLD_AU 1
#endif
/* u after consonant + r reads as i: ऋ is also typed "ru" (krushi = कृषि). */
#ifndef KH_KEY_FOLD_RU
#define KH_KEY_FOLD_RU 1
#endif

/* ---- output ------------------------------------------------------------ */

typedef struct {
    char *out;
    size_t cap, len;
} writer;

static inline void put(writer *w, const char *s, size_t n) {
    /* Keys are short: a byte loop beats a call to memcpy. */
    char *o = w->out + w->len;
    size_t k = 0, fit = w->len < w->cap ? w->cap - w->len : 0;
    if (fit > n)
        fit = n;
    for (; k < fit; k++)
        o[k] = s[k];
    w->len += n;
}

/* ---- the phone alphabet ------------------------------------------------- */

/* Phone classes. '@' is a schwa of the Devanagari reading (becomes 'a' in
 * the key, or nothing when deleted); a deleted phone is the byte 0. */
enum { PV = 1, PA = 2, PC = 4, PN = 8, PD = 16, PKEEP = 32 };

static const unsigned char PHONE[128] = {
    ['a'] = PV, ['e'] = PV, ['i'] = PV,         ['o'] = PV, ['u'] = PV,
    ['@'] = PA, ['k'] = PC, ['K'] = PC,         ['g'] = PC, ['G'] = PC,
    ['c'] = PC, ['j'] = PC, ['J'] = PC,         ['t'] = PC, ['T'] = PC,
    ['d'] = PC, ['D'] = PC, ['n'] = PC | PKEEP, ['p'] = PC, ['f'] = PC,
    ['b'] = PC, ['B'] = PC, ['m'] = PC,         ['y'] = PC, ['r'] = PC,
    ['l'] = PC, ['v'] = PC, ['s'] = PC | PKEEP, ['S'] = PC, ['h'] = PC,
    ['N'] = PN, ['0'] = PD, ['1'] = PD,         ['2'] = PD, ['3'] = PD,
    ['4'] = PD, ['5'] = PD, ['6'] = PD,         ['7'] = PD, ['8'] = PD,
    ['9'] = PD,
};

/* The aspirate's plain stop; 0 for other phones. */
static const char UNASP[128] = {
    ['K'] = 'k', ['G'] = 'g', ['J'] = 'j',
    ['T'] = 't', ['D'] = 'd', ['B'] = 'b',
};

static inline unsigned cls(char c) {
    return PHONE[(unsigned char)c & 0x7F];
}
static inline int is_v(char c) {
    return cls(c) & PV;
}
static inline int is_c(char c) {
    return cls(c) & PC;
}

/* Most phones one segment holds before it is keyed in parts (a "word" that
 * long is not a word; the cut only has to be deterministic). */
#define MAXPH 128

/* ---- shared back-end ----------------------------------------------------- */

/* Applies the spelling folds to the phones c[0..m) and writes the key.
 * One pass: each phone is decided from the raw phones ahead and the key
 * written so far behind, so the same rules hold for both scripts. */
static void finish(char *c, int m, writer *w) {
    int j = 0;
    for (int i = 0; i < m; i++) {
        char x = c[i];
        switch (x) {
        case 'a':
            if (i + 1 < m && c[i + 1] == 'h') {
                /* a before a closing h is said e: pehle, kehna, yeh */
                if (i + 2 == m || !is_v(c[i + 2]))
                    x = 'e';
            } else if (i + 2 < m && is_c(c[i + 2])) {
                /* ai/au (or ay) before a consonant read as e/o: kaise =
                 * kese, kaun = kon; not ai before n/m, which keeps मैं
                 * main apart from में mein. */
                char y = c[i + 1], z = c[i + 2];
                if (KH_KEY_FOLD_AI && (y == 'i' || y == 'y') && z != 'n' &&
                    z != 'm')
                    x = 'e', i++;
                else if (KH_KEY_FOLD_AU && y == 'u')
                    x = 'o', i++;
            }
            break;
        case 'y':
            if (j > 0 && is_v(c[j - 1])) {
                /* y between vowels after i or before e/i is a transition
                 * (kiya = kia, gaye = gae, gayi = gai); after a vowel and
                 * before a consonant or the end it is the vowel i (jay =
                 * jai, samay = samai). */
                int nv = i + 1 < m && is_v(c[i + 1]);
                if (nv &&
                    (c[j - 1] == 'i' || c[i + 1] == 'e' || c[i + 1] == 'i'))
                    continue;
                if (!nv)
                    x = 'i';
            }
            break;
        case 'v': /* huwa = hua, goa = गोवा */
            if (j > 0 && (c[j - 1] == 'u' || c[j - 1] == 'o') && i + 1 < m &&
                is_v(c[i + 1]))
                continue;
            break;
        case 'G': /* final nasal + gh is anusvara + h: singh = सिंह */
            if (i + 1 == m && j > 0 && c[j - 1] == 'n')
                x = 'h';
            break;
#if KH_KEY_FOLD_RU
        case 'u':
            if (j >= 2 && c[j - 1] == 'r' && is_c(c[j - 2]))
                x = 'i';
            break;
#endif
        case 'N':
            /* anusvara is n, and merges into a following n/m: उन्होंने
             * unhone, मैंने maine */
            if (i + 1 < m && (c[i + 1] == 'n' || c[i + 1] == 'm'))
                continue;
            x = 'n';
            break;
        case 'm': /* m before a consonant: sambandh = संबंध */
            if (i + 1 < m && c[i + 1] != 'm' && is_c(c[i + 1]))
                x = 'n';
            break;
        default: break;
        }
#if KH_KEY_FOLD_ASPIRATION
        if (UNASP[(unsigned char)x & 0x7F])
            x = UNASP[(unsigned char)x & 0x7F];
#endif
#if KH_KEY_FOLD_SH
        if (x == 'S')
            x = 's';
#endif
        /* Doubled letters and stop + its aspirate are one (pakka = paka,
         * bachcha = bacha, uddhav = udhav), except doubled n and s, which
         * keep -नने/-ने and -ससे/-से apart (see the measurement above). */
        if (j > 0 &&
            (c[j - 1] == x || c[j - 1] == UNASP[(unsigned char)x & 0x7F]) &&
            !(cls(x) & PKEEP)) {
            c[j - 1] = x;
            continue;
        }
        c[j++] = x;
    }
    put(w, c, (size_t)j);
}

/* ---- Devanagari front-end ------------------------------------------------ */

enum {
    DV_BREAK = 0, /* not part of a word: ends the segment */
    DV_CONS,
    DV_VOWEL, /* independent vowel */
    DV_SIGN,  /* dependent vowel sign */
    DV_NASAL, /* anusvara, candrabindu */
    DV_VISARGA,
    DV_VIRAMA,
    DV_SKIP, /* nukta, avagraha, stress marks: no sound of their own */
    DV_DIGIT
};

typedef struct {
    unsigned char cls;
    char p1, p2; /* phones: a consonant, a vowel or two, or r/l + i (ऋ ऌ) */
} dv_entry;

/* Indexed by code point - U+0900. A nukta letter reads as its base, which
 * already carries the sound people type (ज़ j, फ़ f, क़ k, ड़ d, ढ़ D), so
 * normalized and raw text give the same key. */
static const dv_entry DV[128] = {
    [0x00] = {DV_NASAL, 'N', 0},   [0x01] = {DV_NASAL, 'N', 0},
    [0x02] = {DV_NASAL, 'N', 0},   [0x03] = {DV_VISARGA, 'h', 0},
    [0x04] = {DV_VOWEL, 'a', 0},   [0x05] = {DV_VOWEL, 'a', 0},
    [0x06] = {DV_VOWEL, 'a', 0},   [0x07] = {DV_VOWEL, 'i', 0},
    [0x08] = {DV_VOWEL, 'i', 0},   [0x09] = {DV_VOWEL, 'u', 0},
    [0x0A] = {DV_VOWEL, 'u', 0},   [0x0B] = {DV_VOWEL, 'r', 'i'},
    [0x0C] = {DV_VOWEL, 'l', 'i'}, [0x0D] = {DV_VOWEL, 'e', 0},
    [0x0E] = {DV_VOWEL, 'e', 0},   [0x0F] = {DV_VOWEL, 'e', 0},
    [0x10] = {DV_VOWEL, 'a', 'i'}, [0x11] = {DV_VOWEL, 'o', 0},
    [0x12] = {DV_VOWEL, 'o', 0},   [0x13] = {DV_VOWEL, 'o', 0},
    [0x14] = {DV_VOWEL, 'a', 'u'}, [0x15] = {DV_CONS, 'k', 0},
    [0x16] = {DV_CONS, 'K', 0},    [0x17] = {DV_CONS, 'g', 0},
    [0x18] = {DV_CONS, 'G', 0},    [0x19] = {DV_CONS, 'n', 0},
    [0x1A] = {DV_CONS, 'c', 0},    [0x1B] = {DV_CONS, 'c', 0},
    [0x1C] = {DV_CONS, 'j', 0},    [0x1D] = {DV_CONS, 'J', 0},
    [0x1E] = {DV_CONS, 'n', 0},    [0x1F] = {DV_CONS, 't', 0},
    [0x20] = {DV_CONS, 'T', 0},    [0x21] = {DV_CONS, 'd', 0},
    [0x22] = {DV_CONS, 'D', 0},    [0x23] = {DV_CONS, 'n', 0},
    [0x24] = {DV_CONS, 't', 0},    [0x25] = {DV_CONS, 'T', 0},
    [0x26] = {DV_CONS, 'd', 0},    [0x27] = {DV_CONS, 'D', 0},
    [0x28] = {DV_CONS, 'n', 0},    [0x29] = {DV_CONS, 'n', 0},
    [0x2A] = {DV_CONS, 'p', 0},    [0x2B] = {DV_CONS, 'f', 0},
    [0x2C] = {DV_CONS, 'b', 0},    [0x2D] = {DV_CONS, 'B', 0},
    [0x2E] = {DV_CONS, 'm', 0},    [0x2F] = {DV_CONS, 'y', 0},
    [0x30] = {DV_CONS, 'r', 0},    [0x31] = {DV_CONS, 'r', 0},
    [0x32] = {DV_CONS, 'l', 0},    [0x33] = {DV_CONS, 'l', 0},
    [0x34] = {DV_CONS, 'l', 0},    [0x35] = {DV_CONS, 'v', 0},
    [0x36] = {DV_CONS, 'S', 0},    [0x37] = {DV_CONS, 'S', 0},
    [0x38] = {DV_CONS, 's', 0},    [0x39] = {DV_CONS, 'h', 0},
    [0x3A] = {DV_SKIP, 0, 0},      [0x3B] = {DV_SKIP, 0, 0},
    [0x3C] = {DV_SKIP, 0, 0},      [0x3D] = {DV_SKIP, 0, 0},
    [0x3E] = {DV_SIGN, 'a', 0},    [0x3F] = {DV_SIGN, 'i', 0},
    [0x40] = {DV_SIGN, 'i', 0},    [0x41] = {DV_SIGN, 'u', 0},
    [0x42] = {DV_SIGN, 'u', 0},    [0x43] = {DV_SIGN, 'r', 'i'},
    [0x44] = {DV_SIGN, 'r', 'i'},  [0x45] = {DV_SIGN, 'e', 0},
    [0x46] = {DV_SIGN, 'e', 0},    [0x47] = {DV_SIGN, 'e', 0},
    [0x48] = {DV_SIGN, 'a', 'i'},  [0x49] = {DV_SIGN, 'o', 0},
    [0x4A] = {DV_SIGN, 'o', 0},    [0x4B] = {DV_SIGN, 'o', 0},
    [0x4C] = {DV_SIGN, 'a', 'u'},  [0x4D] = {DV_VIRAMA, 0, 0},
    [0x4E] = {DV_SKIP, 0, 0},      [0x4F] = {DV_SIGN, 'a', 'u'},
    [0x51] = {DV_SKIP, 0, 0},      [0x52] = {DV_SKIP, 0, 0},
    [0x53] = {DV_SKIP, 0, 0},      [0x54] = {DV_SKIP, 0, 0},
    [0x55] = {DV_SKIP, 0, 0},      [0x56] = {DV_SKIP, 0, 0},
    [0x57] = {DV_SKIP, 0, 0},      [0x58] = {DV_CONS, 'k', 0},
    [0x59] = {DV_CONS, 'K', 0},    [0x5A] = {DV_CONS, 'g', 0},
    [0x5B] = {DV_CONS, 'j', 0},    [0x5C] = {DV_CONS, 'd', 0},
    [0x5D] = {DV_CONS, 'D', 0},    [0x5E] = {DV_CONS, 'f', 0},
    [0x5F] = {DV_CONS, 'y', 0},    [0x60] = {DV_VOWEL, 'r', 'i'},
    [0x61] = {DV_VOWEL, 'l', 'i'}, [0x62] = {DV_SIGN, 'l', 'i'},
    [0x63] = {DV_SIGN, 'l', 'i'},  [0x66] = {DV_DIGIT, '0', 0},
    [0x67] = {DV_DIGIT, '1', 0},   [0x68] = {DV_DIGIT, '2', 0},
    [0x69] = {DV_DIGIT, '3', 0},   [0x6A] = {DV_DIGIT, '4', 0},
    [0x6B] = {DV_DIGIT, '5', 0},   [0x6C] = {DV_DIGIT, '6', 0},
    [0x6D] = {DV_DIGIT, '7', 0},   [0x6E] = {DV_DIGIT, '8', 0},
    [0x6F] = {DV_DIGIT, '9', 0},   [0x71] = {DV_SKIP, 0, 0},
    [0x72] = {DV_VOWEL, 'a', 0},
};

static inline int vowel_now(char c) {
    return cls(c) & (PV | PA);
}

/* Hindi schwa deletion over the phones P[a..b) ('@' = schwa; deleting one
 * writes 0), after Ohala's rule as worked out by Narasimhan, Sproat and
 * Kiraz (2004):
 *   - the word-final schwa goes, except in one-vowel words (न na) and after
 *     a cluster ending in r, y, n or v (मित्र mitra, राज्य rajya, कृष्ण
 *     krishna, महत्व mahatva);
 *   - then, right to left, a schwa in the context V C _ C V goes (पहलगाम
 *     pahalgam, समझना samajhna, सरकार sarkar), unless the C after it is y
 *     before e/i, where y is a glide and the schwa is heard (रुपये rupaye).
 * An anusvara closes its syllable, so it blocks the context on either side
 * (संगठन sangathan). `final` is 0 when the segment was cut for length. */
static void schwa_delete(char *P, int a, int b, int final) {
    int last = b - 1, nv = 0;
    for (int i = a; i < b; i++)
        nv += vowel_now(P[i]) != 0;
    if (final && last >= a && P[last] == '@' && nv > 1) {
        char c = P[last - 1];
        int keep = last - 2 >= a && is_c(P[last - 2]) &&
                   (c == 'r' || c == 'y' || c == 'n' || c == 'v');
        if (!keep)
            P[last] = 0;
    }
    for (int i = last - 1; i >= a + 2; i--) {
        if (P[i] != '@' || i + 2 >= b)
            continue;
        if (is_c(P[i - 1]) && vowel_now(P[i - 2]) && is_c(P[i + 1]) &&
            vowel_now(P[i + 2]) &&
            !(P[i + 1] == 'y' && (P[i + 2] == 'e' || P[i + 2] == 'i')))
            P[i] = 0;
    }
}

/* Second halves of compounds written as one word, as phones ('@' = schwa).
 * Schwa deletion runs on each half, as speech does: लोक|सभा loksabha (not
 * lokasbha), आतंक|वादी atankvadi, राष्ट्र|पति rashtrapati, गांधी|नगर
 * gandhinagar, माया|वती mayavati, जन|वरी janvari. */
static const struct {
    char s[8];
    int n;
} COMPOUND_ENDS[] = {
    {"s@Ba", 4}, {"s@BaoN", 6}, {"vad@", 4}, {"vadi", 4}, {"vadiyoN", 7},
    {"p@ti", 4}, {"n@g@r@", 6}, {"v@ti", 4}, {"v@ri", 4},
};

/* Keys the Devanagari phones P[0..np) of one segment. */
static void deva_segment(char *P, int np, int final, writer *w) {
    int split = np;
    if (final && np >= 6) {
        for (size_t e = 0; e < sizeof COMPOUND_ENDS / sizeof *COMPOUND_ENDS;
             e++) {
            int sn = COMPOUND_ENDS[e].n, k = 0;
            const char *q = P + np - sn;
            if (np - sn < 2 || q[0] != COMPOUND_ENDS[e].s[0])
                continue;
            while (k < sn && q[k] == COMPOUND_ENDS[e].s[k])
                k++;
            if (k == sn) {
                split = np - sn;
                break;
            }
        }
    }
    schwa_delete(P, 0, split, final);
    if (split < np)
        schwa_delete(P, split, np, final);
    int m = 0;
    for (int i = 0; i < np; i++)
        if (P[i])
            P[m++] = P[i] == '@' ? 'a' : P[i];
    finish(P, m, w);
}

size_t kh_key_deva(const char *norm, size_t n, char *out, size_t cap) {
    writer w = {out, cap, 0};
    const unsigned char *s = (const unsigned char *)norm;
    char P[MAXPH];
    int np = 0;
    int pending = 0;      /* a consonant waits for its vowel */
    int after_virama = 0; /* the last sign was a virama (for ज्ञ) */
    size_t i = 0;

    while (i < n) {
        if (np > MAXPH - 4) { /* room for schwa + two phones */
            deva_segment(P, np, 0, &w);
            np = 0;
        }
        const unsigned char *p = s + i;
        if (p[0] == 0xE0 && n - i >= 3 && (p[1] == 0xA4 || p[1] == 0xA5) &&
            (p[2] & 0xC0) == 0x80) {
            const dv_entry *e =
                &DV[((unsigned)(p[1] - 0xA4) << 6) | (p[2] & 0x3Fu)];
            int virama = 0;
            i += 3;
            switch (e->cls) {
            case DV_CONS:
                if (pending)
                    P[np++] = '@';
                if (after_virama && p[2] == 0x9E && p[1] == 0xA4 && np > 0 &&
                    P[np - 1] == 'j') {
                    P[np - 1] = 'g'; /* ज्ञ is said gy: gyan, vigyan */
                    P[np++] = 'y';
                } else {
                    P[np++] = e->p1;
                }
                pending = 1;
                break;
            case DV_VOWEL:
                if (pending)
                    P[np++] = '@';
                /* fall through */
            case DV_SIGN:
                pending = 0;
                P[np++] = e->p1;
                if (e->p2)
                    P[np++] = e->p2;
                break;
            case DV_NASAL:
            case DV_VISARGA:
            case DV_DIGIT:
                if (pending)
                    P[np++] = '@';
                pending = 0;
                P[np++] = e->p1;
                break;
            case DV_VIRAMA:
                pending = 0;
                virama = 1;
                break;
            case DV_SKIP: virama = after_virama; break;
            default: /* danda and other signs end the word */
                if (pending)
                    P[np++] = '@';
                pending = 0;
                deva_segment(P, np, 1, &w);
                np = 0;
                break;
            }
            after_virama = virama;
            continue;
        }
        if (p[0] == 0xE2 && n - i >= 3 && p[1] == 0x80 &&
            (p[2] == 0x8C || p[2] == 0x8D)) {
            i += 3; /* ZWJ/ZWNJ: glyph-shape hints only */
            continue;
        }
        after_virama = 0;
        if (pending)
            P[np++] = '@';
        pending = 0;
        if (p[0] >= '0' && p[0] <= '9') {
            P[np++] = (char)p[0];
            i++;
            continue;
        }
        /* Anything else separates words. */
        deva_segment(P, np, 1, &w);
        np = 0;
        uint32_t cp;
        unsigned len = kh_utf8_decode(p, n - i, &cp);
        i += len ? len : 1;
    }
    if (pending)
        P[np++] = '@';
    deva_segment(P, np, 1, &w);
    return w.len;
}

/* ---- Latin front-end ----------------------------------------------------- */

/* Latin letters with diacritics (ISO 15919 or IAST typed by hand) as the
 * phone of their base letter; 0 when the code point is not one of them. */
static char latin_accented(uint32_t cp) {
    switch (cp) {
    case 0x00E0:
    case 0x00E1:
    case 0x00E2:
    case 0x00E4:
    case 0x0101: return 'a';
    case 0x00E8:
    case 0x00E9:
    case 0x00EA:
    case 0x00EB:
    case 0x0113:
    case 0x0115: return 'e';
    case 0x00EC:
    case 0x00ED:
    case 0x00EE:
    case 0x00EF:
    case 0x012B: return 'i';
    case 0x00F2:
    case 0x00F3:
    case 0x00F4:
    case 0x00F6:
    case 0x014D:
    case 0x014F: return 'o';
    case 0x00F9:
    case 0x00FA:
    case 0x00FB:
    case 0x00FC:
    case 0x016B: return 'u';
    case 0x00F1:
    case 0x1E45:
    case 0x1E47:
    case 0x1E49: return 'n';
    case 0x1E41:
    case 0x1E43: return 'N';
    case 0x015B:
    case 0x1E63: return 'S';
    case 0x1E6D: return 't';
    case 0x1E0D:
    case 0x1E5B: return 'd';
    case 0x1E25: return 'h';
    case 0x0121: return 'g';
    case 0x1E8F: return 'y';
    case 0x1E37:
    case 0x1E3B: return 'l';
    case 0x1E5F: return 'r';
    default: return 0;
    }
}

/* Phone of a Latin consonant letter, and of the letter + h ("kh"). */
static const char LAT1[128] = {
    ['b'] = 'b', ['d'] = 'd', ['f'] = 'f', ['g'] = 'g', ['h'] = 'h',
    ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
    ['p'] = 'p', ['q'] = 'k', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
    ['v'] = 'v', ['w'] = 'v', ['y'] = 'y', ['z'] = 'j',
};
static const char LATH[128] = {
    ['b'] = 'B', ['d'] = 'D', ['g'] = 'G', ['j'] = 'J', ['k'] = 'K',
    ['p'] = 'f', ['s'] = 'S', ['t'] = 'T', ['r'] = 'D', /* rh is ढ़ as names
                                                           write it: garh,
                                                           parhai */
};

size_t kh_key_latin(const char *lower, size_t n, char *out, size_t cap) {
    writer w = {out, cap, 0};
    const unsigned char *s = (const unsigned char *)lower;
    char c[MAXPH];
    int m = 0;
    size_t i = 0;

    while (i < n) {
        if (m > MAXPH - 4) {
            finish(c, m, &w);
            m = 0;
        }
        unsigned char x = s[i];
        unsigned char y = i + 1 < n ? s[i + 1] : 0;
        size_t step = 1;
        switch (x) {
        case 'a': c[m++] = 'a', step = y == 'a' ? 2 : 1; break;
        case 'e':
            if (y == 'e') /* ee = ī */
                c[m++] = 'i', step = 2;
            else /* ei = e: mein */
                c[m++] = 'e', step = y == 'i' ? 2 : 1;
            break;
        case 'i': c[m++] = 'i', step = y == 'i' ? 2 : 1; break;
        case 'o':
            if (y == 'o') /* oo = ū */
                c[m++] = 'u', step = 2;
            else /* ou = o */
                c[m++] = 'o', step = y == 'u' ? 2 : 1;
            break;
        case 'u': c[m++] = 'u', step = y == 'u' ? 2 : 1; break;
        case 'c': {
            unsigned char z = i + 2 < n ? s[i + 2] : 0;
            if (y == 'h') /* ch, chh = च छ */
                c[m++] = 'c', step = z == 'h' ? 3 : 2;
            else if (y == 'c' && z == 'h') /* the first c of cch */
                c[m++] = 'c';
            else if (y == 'k') /* ck = k */
                ;
            else if (y == 'e' || y == 'i' || y == 'y') /* city, police */
                c[m++] = 's';
            else
                c[m++] = 'k';
            break;
        }
        case 'x': c[m++] = 'k', c[m++] = 'S'; break; /* x = ksh */
        default:
            if (x < 0x80 && LAT1[x]) {
                if (y == 'h' && LATH[x])
                    c[m++] = LATH[x], step = 2;
                else
                    c[m++] = LAT1[x];
            } else if (x >= '0' && x <= '9') {
                c[m++] = (char)x;
            } else if (x >= 0x80) {
                uint32_t cp;
                unsigned len = kh_utf8_decode(s + i, n - i, &cp);
                char ph = len ? latin_accented(cp) : 0;
                step = len ? len : 1;
                if (ph) {
                    c[m++] = ph;
                } else if (!(len && cp >= 0x0300 && cp <= 0x036F)) {
                    finish(c, m, &w); /* not a letter: ends the word */
                    m = 0;
                }
            } else {
                finish(c, m, &w);
                m = 0;
            }
            break;
        }
        i += step;
    }
    finish(c, m, &w);
    return w.len;
}
