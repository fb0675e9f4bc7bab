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
 * The folds were chosen by measurement with eval/roman_eval.c: the match
 * rate over the 607 romanizations in tests/data/roman_pairs.tsv against the
 * share of HDTB dev word types whose key collides with another type's
 * (false matches between random pairs stay at 0 for every choice, so the
 * collisions decide). With the folds below: 95.7% matched, 5.2% colliding.
 *   fold aspirates (kh = k)       +1 pair,  collisions 7.2%: off
 *   fold sh into s                +2 pairs, 5.5% (शादी = सदी, शक्ति =
 *                                 सकती, किशन = किसान): off
 *   collapse doubled n and s too  +2 pairs, 5.6% (इससे = इसे, उससे =
 *                                 उसे, जानने = जाने): off
 *   ai before a consonant = e     +4 pairs for 4.9% -> 5.2%: on
 *   au before a consonant = o     +6 pairs for 5.1% -> 5.2%: on
 * The KH_KEY_* switches below repeat the measurement with -D.
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

typedef kh_out writer; /* see analyze.h */
#define put kh_out_put

/* ---- the phone alphabet ------------------------------------------------- */

/* Phone classes. '@' is a schwa of the Devanagari reading: a vowel that
 * schwa deletion may remove, written 'a' when it stays. PKEEP marks the
 * consonants whose doubling is kept, PSPEC the phones a back-end rule
 * looks at. */
enum { PV = 1, PA = 2, PC = 4, PN = 8, PD = 16, PKEEP = 32, PSPEC = 64 };

static const unsigned char PHONE[128] = {
    ['a'] = PV | PSPEC, ['e'] = PV,         ['i'] = PV,
    ['o'] = PV,         ['u'] = PV | PSPEC, ['@'] = PV | PA | PSPEC,
    ['k'] = PC,         ['K'] = PC,         ['g'] = PC,
    ['G'] = PC | PSPEC, ['c'] = PC,         ['j'] = PC,
    ['J'] = PC,         ['t'] = PC,         ['T'] = PC,
    ['d'] = PC,         ['D'] = PC,         ['n'] = PC | PKEEP,
    ['p'] = PC,         ['f'] = PC,         ['b'] = PC,
    ['B'] = PC,         ['m'] = PC | PSPEC, ['y'] = PC | PSPEC,
    ['r'] = PC,         ['l'] = PC,         ['v'] = PC | PSPEC,
    ['s'] = PC | PKEEP, ['S'] = PC,         ['h'] = PC,
    ['N'] = PN | PSPEC, ['0'] = PD,         ['1'] = PD,
    ['2'] = PD,         ['3'] = PD,         ['4'] = PD,
    ['5'] = PD,         ['6'] = PD,         ['7'] = PD,
    ['8'] = PD,         ['9'] = PD,
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
        if (cls(x) & PSPEC) /* most phones need no rule */
            switch (x) {
            case '@': /* a schwa the Devanagari reading kept */
                x = 'a';
                /* fall through */
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
                if (j > 0 && (c[j - 1] == 'u' || c[j - 1] == 'o') &&
                    i + 1 < m && is_v(c[i + 1]))
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

/* How a Devanagari code point reads: up to two phones (a consonant, a
 * vowel or two, or r/l + i for ऋ ऌ) and what it does to the reading:
 * F_SCHWA resolves a waiting consonant's schwa first, F_PEND leaves a
 * consonant waiting for its vowel, F_KEEP keeps the state as it was (signs
 * without sound), F_VIRAMA marks a virama; an all-zero entry ends the word.
 * One entry holds it all, so the common path is one table load and no
 * branches. */
enum {
    F_SCHWA = 1,
    F_PEND = 2,
    F_KEEP = 4,
    F_VIRAMA = 8,
    F_NPH1 = 32, /* bits 5-6: number of phones */
    F_NPH2 = 64
};

typedef struct {
    char p1, p2;
    unsigned char f;
} dv_entry;

#define CONS(c)                                                                \
    { c, 0, F_SCHWA | F_PEND | F_NPH1 }
#define VOWEL(v, w)                                                            \
    { v, w, F_SCHWA | ((w) ? F_NPH2 : F_NPH1) }
#define SIGN(v, w)                                                             \
    { v, w, (w) ? F_NPH2 : F_NPH1 }
#define NASAL(c)                                                               \
    { c, 0, F_SCHWA | F_NPH1 }
#define VISARGA(c)                                                             \
    { c, 0, F_SCHWA | F_NPH1 }
#define DIGIT(c)                                                               \
    { c, 0, F_SCHWA | F_NPH1 }
#define VIRAMA                                                                 \
    { 0, 0, F_VIRAMA }
#define SKIP                                                                   \
    { 0, 0, F_KEEP }

/* Indexed by code point - U+0900; zero entries (danda, unassigned) end the
 * word. A nukta letter reads as its base, which already carries the sound
 * people type (ज़ j, फ़ f, क़ k, ड़ d, ढ़ D), so normalized and raw text give
 * the same key. */
static const dv_entry DV[128] = {
    [0x00] = NASAL('N'),      /* ◌ऀ */
    [0x01] = NASAL('N'),      /* ◌ँ */
    [0x02] = NASAL('N'),      /* ◌ं */
    [0x03] = VISARGA('h'),    /* ◌ः */
    [0x04] = VOWEL('a', 0),   /* ऄ */
    [0x05] = VOWEL('a', 0),   /* अ */
    [0x06] = VOWEL('a', 0),   /* आ */
    [0x07] = VOWEL('i', 0),   /* इ */
    [0x08] = VOWEL('i', 0),   /* ई */
    [0x09] = VOWEL('u', 0),   /* उ */
    [0x0A] = VOWEL('u', 0),   /* ऊ */
    [0x0B] = VOWEL('r', 'i'), /* ऋ */
    [0x0C] = VOWEL('l', 'i'), /* ऌ */
    [0x0D] = VOWEL('e', 0),   /* ऍ */
    [0x0E] = VOWEL('e', 0),   /* ऎ */
    [0x0F] = VOWEL('e', 0),   /* ए */
    [0x10] = VOWEL('a', 'i'), /* ऐ */
    [0x11] = VOWEL('o', 0),   /* ऑ */
    [0x12] = VOWEL('o', 0),   /* ऒ */
    [0x13] = VOWEL('o', 0),   /* ओ */
    [0x14] = VOWEL('a', 'u'), /* औ */
    [0x15] = CONS('k'),       /* क */
    [0x16] = CONS('K'),       /* ख */
    [0x17] = CONS('g'),       /* ग */
    [0x18] = CONS('G'),       /* घ */
    [0x19] = CONS('n'),       /* ङ */
    [0x1A] = CONS('c'),       /* च */
    [0x1B] = CONS('c'),       /* छ */
    [0x1C] = CONS('j'),       /* ज */
    [0x1D] = CONS('J'),       /* झ */
    [0x1E] = CONS('n'),       /* ञ */
    [0x1F] = CONS('t'),       /* ट */
    [0x20] = CONS('T'),       /* ठ */
    [0x21] = CONS('d'),       /* ड */
    [0x22] = CONS('D'),       /* ढ */
    [0x23] = CONS('n'),       /* ण */
    [0x24] = CONS('t'),       /* त */
    [0x25] = CONS('T'),       /* थ */
    [0x26] = CONS('d'),       /* द */
    [0x27] = CONS('D'),       /* ध */
    [0x28] = CONS('n'),       /* न */
    [0x29] = CONS('n'),       /* ऩ */
    [0x2A] = CONS('p'),       /* प */
    [0x2B] = CONS('f'),       /* फ */
    [0x2C] = CONS('b'),       /* ब */
    [0x2D] = CONS('B'),       /* भ */
    [0x2E] = CONS('m'),       /* म */
    [0x2F] = CONS('y'),       /* य */
    [0x30] = CONS('r'),       /* र */
    [0x31] = CONS('r'),       /* ऱ */
    [0x32] = CONS('l'),       /* ल */
    [0x33] = CONS('l'),       /* ळ */
    [0x34] = CONS('l'),       /* ऴ */
    [0x35] = CONS('v'),       /* व */
    [0x36] = CONS('S'),       /* श */
    [0x37] = CONS('S'),       /* ष */
    [0x38] = CONS('s'),       /* स */
    [0x39] = CONS('h'),       /* ह */
    [0x3A] = SKIP,            /* ◌ऺ */
    [0x3B] = SKIP,            /* ◌ऻ */
    [0x3C] = SKIP,            /* ◌़ */
    [0x3D] = SKIP,            /* ऽ */
    [0x3E] = SIGN('a', 0),    /* ◌ा */
    [0x3F] = SIGN('i', 0),    /* ◌ि */
    [0x40] = SIGN('i', 0),    /* ◌ी */
    [0x41] = SIGN('u', 0),    /* ◌ु */
    [0x42] = SIGN('u', 0),    /* ◌ू */
    [0x43] = SIGN('r', 'i'),  /* ◌ृ */
    [0x44] = SIGN('r', 'i'),  /* ◌ॄ */
    [0x45] = SIGN('e', 0),    /* ◌ॅ */
    [0x46] = SIGN('e', 0),    /* ◌ॆ */
    [0x47] = SIGN('e', 0),    /* ◌े */
    [0x48] = SIGN('a', 'i'),  /* ◌ै */
    [0x49] = SIGN('o', 0),    /* ◌ॉ */
    [0x4A] = SIGN('o', 0),    /* ◌ॊ */
    [0x4B] = SIGN('o', 0),    /* ◌ो */
    [0x4C] = SIGN('a', 'u'),  /* ◌ौ */
    [0x4D] = VIRAMA,          /* ◌् */
    [0x4E] = SKIP,            /* ◌ॎ */
    [0x4F] = SIGN('a', 'u'),  /* ◌ॏ */
    [0x51] = SKIP,            /* ◌॑ */
    [0x52] = SKIP,            /* ◌॒ */
    [0x53] = SKIP,            /* ◌॓ */
    [0x54] = SKIP,            /* ◌॔ */
    [0x55] = SKIP,            /* ◌ॕ */
    [0x56] = SKIP,            /* ◌ॖ */
    [0x57] = SKIP,            /* ◌ॗ */
    [0x58] = CONS('k'),       /* क़ */
    [0x59] = CONS('K'),       /* ख़ */
    [0x5A] = CONS('g'),       /* ग़ */
    [0x5B] = CONS('j'),       /* ज़ */
    [0x5C] = CONS('d'),       /* ड़ */
    [0x5D] = CONS('D'),       /* ढ़ */
    [0x5E] = CONS('f'),       /* फ़ */
    [0x5F] = CONS('y'),       /* य़ */
    [0x60] = VOWEL('r', 'i'), /* ॠ */
    [0x61] = VOWEL('l', 'i'), /* ॡ */
    [0x62] = SIGN('l', 'i'),  /* ◌ॢ */
    [0x63] = SIGN('l', 'i'),  /* ◌ॣ */
    [0x66] = DIGIT('0'),      /* ० */
    [0x67] = DIGIT('1'),      /* १ */
    [0x68] = DIGIT('2'),      /* २ */
    [0x69] = DIGIT('3'),      /* ३ */
    [0x6A] = DIGIT('4'),      /* ४ */
    [0x6B] = DIGIT('5'),      /* ५ */
    [0x6C] = DIGIT('6'),      /* ६ */
    [0x6D] = DIGIT('7'),      /* ७ */
    [0x6E] = DIGIT('8'),      /* ८ */
    [0x6F] = DIGIT('9'),      /* ९ */
    [0x71] = SKIP,            /* ॱ */
    [0x72] = VOWEL('a', 0),   /* ॲ */
};

#undef CONS
#undef VOWEL
#undef SIGN
#undef NASAL
#undef VISARGA
#undef DIGIT
#undef VIRAMA
#undef SKIP

/* Hindi schwa deletion over the phones P[a..b) ('@' = schwa), after
 * Ohala's rule as worked out by Narasimhan, Sproat and Kiraz (2004):
 *   - the word-final schwa goes, except in one-vowel words (न na) and after
 *     a cluster ending in r, y, n or v (मित्र mitra, राज्य rajya, कृष्ण
 *     krishna, महत्व mahatva);
 *   - then, right to left, a schwa in the context V C _ C V goes (पहलगाम
 *     pahalgam, समझना samajhna, सरकार sarkar), unless the C after it is y
 *     before e/i, where y is a glide and the schwa is heard (रुपये rupaye).
 * An anusvara closes its syllable, so it blocks the context on either side
 * (संगठन sangathan). Deleted schwas are removed from P; returns the new
 * end. `final` is 0 when the segment was cut for length. */
static int schwa_delete(char *P, int a, int b, int final) {
    int last = b - 1;
    if (final && last >= a && P[last] == '@') {
        int other = 0; /* another vowel in the word? */
        for (int i = last - 1; i >= a && !other; i--)
            other = is_v(P[i]) != 0;
        char c = last >= 1 ? P[last - 1] : 0;
        if (other && !(last - 2 >= a && is_c(P[last - 2]) &&
                       (c == 'r' || c == 'y' || c == 'n' || c == 'v')))
            b = last; /* drop it */
    }
    for (int i = b - 3; i >= a + 2; i--) {
        if (P[i] != '@')
            continue;
        /* The tail right of i is final, so deleting shifts it left. */
        if (is_c(P[i - 1]) && is_v(P[i - 2]) && is_c(P[i + 1]) &&
            is_v(P[i + 2]) &&
            !(P[i + 1] == 'y' && (P[i + 2] == 'e' || P[i + 2] == 'i'))) {
            for (int k = i + 1; k < b; k++) /* short: no memmove call */
                P[k - 1] = P[k];
            b--;
        }
    }
    return b;
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

/* Where a known compound end starts in P[0..np), or np. */
static int compound_split(const char *P, int np) {
    char last = P[np - 1];
    if (last != 'a' && last != 'N' && last != '@' && last != 'i')
        return np; /* no compound end finishes otherwise */
    for (size_t e = 0; e < sizeof COMPOUND_ENDS / sizeof *COMPOUND_ENDS; e++) {
        int sn = COMPOUND_ENDS[e].n, k = 0;
        if (np - sn < 2 || COMPOUND_ENDS[e].s[sn - 1] != last)
            continue;
        const char *q = P + np - sn;
        while (k < sn && q[k] == COMPOUND_ENDS[e].s[k])
            k++;
        if (k == sn)
            return np - sn;
    }
    return np;
}

/* Keys the Devanagari phones P[0..np) of one segment. */
static void deva_segment(char *P, int np, int final, writer *w) {
    if (np == 0)
        return;
    int split = final && np >= 6 ? compound_split(P, np) : np;
    if (split < np) { /* right part first: deleting on the left shifts it */
        int tail = schwa_delete(P, split, np, final);
        int head = schwa_delete(P, 0, split, final);
        for (int k = split; k < tail; k++)
            P[head + k - split] = P[k];
        np = head + tail - split;
    } else {
        np = schwa_delete(P, 0, np, final);
    }
    finish(P, np, w);
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
            unsigned f = e->f;
            i += 3;
            if (f == 0) { /* danda and other signs end the word */
                if (pending)
                    P[np++] = '@';
                pending = after_virama = 0;
                deva_segment(P, np, 1, &w);
                np = 0;
                continue;
            }
            if (after_virama && p[1] == 0xA4 && p[2] == 0x9E && np > 0 &&
                P[np - 1] == 'j') {
                P[np - 1] = 'g'; /* ज्ञ is said gy: gyan, vigyan */
                P[np++] = 'y';
                pending = 1;
                after_virama = 0;
                continue;
            }
            /* The common path, without branches on the letter class. */
            P[np] = '@';
            np += pending & f;
            P[np] = e->p1;
            P[np + 1] = e->p2;
            np += (int)(f >> 5);
            int keep = (f >> 2) & 1;
            pending = (pending & keep) | ((f >> 1) & 1);
            after_virama = (after_virama & keep) | ((f >> 3) & 1);
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

/* Phone of a Latin consonant letter, and of the letter + h ("kh"); rh is
 * ढ़ as names and older spellings write it (garh, parhai). */
static const char LAT1[128] = {
    ['b'] = 'b', ['d'] = 'd', ['f'] = 'f', ['g'] = 'g', ['h'] = 'h',
    ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
    ['p'] = 'p', ['q'] = 'k', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
    ['v'] = 'v', ['w'] = 'v', ['y'] = 'y', ['z'] = 'j',
};
static const char LATH[128] = {
    ['b'] = 'B', ['d'] = 'D', ['g'] = 'G', ['j'] = 'J', ['k'] = 'K',
    ['p'] = 'f', ['s'] = 'S', ['t'] = 'T', ['r'] = 'D',
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
        /* The caller lowercases; ASCII capitals are folded here anyway. */
        unsigned char x = s[i];
        unsigned char y = i + 1 < n ? s[i + 1] : 0;
        size_t step = 1;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
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
            unsigned char z = i + 2 < n ? s[i + 2] | 0x20 : 0;
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
