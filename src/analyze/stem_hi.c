/*
 * stem_hi.c — Hindi light stemmer over normalized Devanagari (kh_norm
 * output): one word in, one stem out, so that the inflected forms of a word
 * meet in a search index and different words stay apart.
 *
 * This is the product's edge and is written here rather than taken from
 * libstemmer: Snowball's Hindi stemmer strips a suffix whenever one letter
 * is left, which maps का के को कि कई (and many short nouns) all to क. This
 * one follows Ramanathan & Rao's light stemmer (the longest matching
 * suffix is removed) with these additions, each measured on the HDTB
 * treebank with eval/stem_eval.c:
 *
 *   1. A word table, looked up first, for closed-class words (postpositions,
 *      pronouns, conjunctions, particles), which keep their own stem, and
 *      for irregular verb forms and pronoun cases, which map to the stem of
 *      their lemma (किया -> कर, गया -> जा, उन्होंने -> वह, की -> का).
 *   2. A minimum stem: two letters (consonants or independent vowels) must
 *      remain, or one of the few one-syllable verb roots (जा, दे, हो, ...).
 *      A stem never ends in a virama, and a short stem is never itself a
 *      table word, so नेता does not become ने nor एकता एक.
 *   3. Conditions on suffixes: some only follow a vowel (आया, जाएगा) or
 *      े/ो (देगा, होंगे); ता ते ती only leave short stems (करता, but not
 *      सफलता -> सफल); कर only leaves a one-syllable root (लेकर, not आयकर).
 *   4. Final ी, ई and ू are not stripped but kept as a mark (written ि, इ,
 *      ु, so that नीति/नीतियां and हिंदू/हिंदुओं meet): without it every
 *      noun or adjective in -ी merges with its base (सरकारी with सरकार,
 *      हिंदी with हिंदू, लड़की with लड़का). The price is that feminine
 *      forms of adjectives and perfectives (बड़ी, रही) keep their own stem.
 *   5. The ya-glide, spelt both ways at the end of a word, is folded (किये
 *      = किए, गये = गए, नयी = नई) before the table and the suffixes.
 *
 * Everything is static const data and the function keeps no state, so it is
 * thread-safe; a word is handled in place or in a stack buffer, with no
 * allocation.
 */
#include "analyze.h"

#include <string.h>

/* Words longer than this (in bytes) are returned unchanged: no Hindi word
 * is that long, and it bounds the stack buffer. */
#define STEM_MAX_BYTES 192

/* ---- Devanagari letters as 3-byte UTF-8 ------------------------------- */

/* Every code point of U+0900..U+097F is E0 A4|A5 xx in UTF-8; the stemmer
 * works on these bytes directly and names letters by their offset in the
 * block (0x00..0x7F). */
static unsigned deva_code(const unsigned char *p) {
    return ((unsigned)(p[1] - 0xA4) << 6) | (p[2] & 0x3Fu);
}

/* The hash of a word for the table lookup: h = n, then h = h * 33 + code
 * for each letter, mixed down to 10 bits by this. eval/stem_hi_slots.py
 * computes the same to lay out the table's index. */
static unsigned word_hash_mix(unsigned h) {
    return (h * 2654435761u) >> 22;
}

/* Whether s[0..n) is all Devanagari; if so, stores its hash in *hash (both
 * in one pass over the word). */
static int all_deva(const unsigned char *s, size_t n, unsigned *hash) {
    if (n % 3)
        return 0;
    unsigned bad = 0, h = (unsigned)n; /* one branch per word */
    for (size_t i = 0; i < n; i += 3) {
        bad |= (s[i] ^ 0xE0u) | ((s[i + 1] & 0xFEu) ^ 0xA4u) |
               ((s[i + 2] & 0xC0u) ^ 0x80u);
        h = h * 33u + deva_code(s + i);
    }
    *hash = word_hash_mix(h);
    return bad == 0;
}

static int is_consonant(unsigned c) {
    return (c >= 0x15 && c <= 0x39) || (c >= 0x58 && c <= 0x5F) ||
           (c >= 0x79 && c <= 0x7F);
}

static int is_indep_vowel(unsigned c) {
    return (c >= 0x04 && c <= 0x14) || c == 0x60 || c == 0x61 ||
           (c >= 0x72 && c <= 0x77);
}

static int is_vowel_sign(unsigned c) {
    return (c >= 0x3A && c <= 0x3B) || (c >= 0x3E && c <= 0x4C) ||
           (c >= 0x4E && c <= 0x4F) || (c >= 0x55 && c <= 0x57) || c == 0x62 ||
           c == 0x63;
}

#define C_VIRAMA 0x4D
#define C_NUKTA 0x3C
#define C_SIGN_E 0x47 /* े */
#define C_SIGN_O 0x4B /* ो */
#define C_YA 0x2F     /* य */
#define C_E 0x0F      /* ए */
#define C_II 0x08     /* ई */

/* Letters that carry a syllable: consonants and independent vowels. */
static size_t count_letters(const unsigned char *w, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned c = deva_code(w + i);
        k += is_consonant(c) || is_indep_vowel(c);
    }
    return k;
}

/* ---- the word table --------------------------------------------------- */

/* One word and its stem. Closed-class words keep their own form; forms of
 * irregular verbs and pronouns give the stem their lemma has (कर, जा, वह),
 * which is also what the suffix rules make of that lemma, so that the
 * lemma and all its forms meet. */
typedef struct hi_word {
    unsigned char n, stem_n;
    const char *word, *stem;
} hi_word;

#define W(w, s)                                                                \
    { sizeof(w) - 1, sizeof(s) - 1, w, s }
#define SELF(w) W(w, w)

/* Any order; after a change run eval/stem_hi_slots.py, which rebuilds
 * hi_word_slots below (the unit test checks every entry is found). */
/* BEGIN WORDS */
/* clang-format off */
static const hi_word hi_words[] = {
    /* postpositions; के and की are forms of का */
    SELF("का"), W("के", "का"), W("की", "का"), SELF("को"), SELF("से"),
    SELF("में"), SELF("ने"), SELF("पर"), SELF("तक"), SELF("लिए"),
    SELF("द्वारा"), SELF("जरिए"), SELF("बारे"), SELF("बिना"), SELF("अलावा"),
    SELF("अनुसार"), SELF("आगे"), SELF("पहले"), SELF("पीछे"), SELF("नीचे"),
    SELF("सामने"),
    /* conjunctions */
    SELF("और"), SELF("ओर"), SELF("व"), SELF("एवं"), SELF("तथा"), SELF("या"),
    SELF("अथवा"), SELF("कि"), SELF("लेकिन"), SELF("किंतु"), SELF("परंतु"),
    SELF("मगर"), SELF("बल्कि"), SELF("जबकि"), SELF("क्योंकि"), SELF("चूंकि"),
    SELF("ताकि"), SELF("यदि"), SELF("अगर"), SELF("तो"), SELF("हालांकि"),
    SELF("वरना"), SELF("यानी"), SELF("यानि"), SELF("इसलिए"), SELF("इसीलिए"),
    SELF("मानो"),
    SELF("अतः"),
    /* particles, quantifiers, adverbs of place and time */
    SELF("भी"), SELF("ही"), SELF("न"), SELF("ना"), SELF("नहीं"), SELF("जी"),
    SELF("सिर्फ"), SELF("केवल"), SELF("आदि"), SELF("एक"), SELF("कई"),
    SELF("कुछ"), SELF("हर"), SELF("सभी"), SELF("सबसे"), SELF("अब"),
    SELF("जब"), SELF("तब"), SELF("कब"), SELF("अभी"), SELF("कभी"), SELF("तभी"),
    SELF("यहां"), SELF("वहां"), SELF("जहां"), SELF("कहां"), SELF("यहीं"),
    SELF("वहीं"), SELF("कहीं"), SELF("क्या"), SELF("क्यों"), SELF("दो"),
    W("दोनों", "दो"), SELF("चाहिए"),
    /* है, था */
    SELF("है"), W("हैं", "है"), W("हूं", "है"), SELF("था"), W("थी", "था"),
    W("थे", "था"), W("थीं", "था"),
    /* irregular verb forms: करना जाना होना देना लेना पीना */
    W("किया", "कर"), W("किए", "कर"), W("कीं", "कर"), W("कीजिए", "कर"),
    W("गया", "जा"), W("गये", "जा"), W("गयी", "जा"), W("गयीं", "जा"),
    W("हुआ", "हो"), W("हुई", "हो"), W("हुए", "हो"), W("हुईं", "हो"),
    W("हों", "हो"), W("दिया", "दे"), W("दी", "दे"), W("दिए", "दे"),
    W("दीं", "दे"), W("दें", "दे"), W("दूं", "दे"), W("दूंगा", "दे"),
    W("दूंगी", "दे"), W("लिया", "ले"), W("ली", "ले"), W("लीं", "ले"),
    W("लें", "ले"), W("लूं", "ले"), W("लूंगा", "ले"), W("लूंगी", "ले"),
    W("पिया", "पी"), W("पिए", "पी"),
    /* यह */
    SELF("यह"), W("ये", "यह"), W("यही", "यह"), W("इस", "यह"), W("इसे", "यह"),
    W("इसका", "यह"), W("इसके", "यह"), W("इसकी", "यह"), W("इसको", "यह"),
    W("इसने", "यह"), W("इसमें", "यह"), W("इससे", "यह"), W("इसपर", "यह"),
    W("इसी", "यह"), W("इन", "यह"), W("इन्हें", "यह"), W("इन्होंने", "यह"),
    W("इनका", "यह"), W("इनके", "यह"), W("इनकी", "यह"), W("इनको", "यह"),
    W("इनमें", "यह"), W("इनसे", "यह"), W("इनपर", "यह"), W("इन्हीं", "यह"),
    /* वह */
    SELF("वह"), W("वे", "वह"), W("वो", "वह"), W("वही", "वह"), W("उस", "वह"),
    W("उसे", "वह"), W("उसका", "वह"), W("उसके", "वह"), W("उसकी", "वह"),
    W("उसको", "वह"), W("उसने", "वह"), W("उसमें", "वह"), W("उससे", "वह"),
    W("उसपर", "वह"), W("उसी", "वह"), W("उन", "वह"), W("उन्हें", "वह"),
    W("उन्होंने", "वह"), W("उनका", "वह"), W("उनके", "वह"), W("उनकी", "वह"),
    W("उनको", "वह"), W("उनमें", "वह"), W("उनसे", "वह"), W("उनपर", "वह"),
    W("उन्हीं", "वह"),
    /* जो */
    SELF("जो"), W("जिस", "जो"), W("जिसे", "जो"), W("जिसका", "जो"),
    W("जिसके", "जो"), W("जिसकी", "जो"), W("जिसको", "जो"), W("जिसने", "जो"),
    W("जिसमें", "जो"), W("जिससे", "जो"), W("जिसपर", "जो"), W("जिन", "जो"),
    W("जिन्हें", "जो"), W("जिन्होंने", "जो"), W("जिनका", "जो"),
    W("जिनके", "जो"), W("जिनकी", "जो"), W("जिनको", "जो"), W("जिनमें", "जो"),
    W("जिनसे", "जो"), W("जिन्हीं", "जो"),
    /* कौन, कोई */
    SELF("कौन"), W("किस", "कौन"), W("किसे", "कौन"), W("किसका", "कौन"),
    W("किसके", "कौन"), W("किसकी", "कौन"), W("किसको", "कौन"),
    W("किसने", "कौन"), W("किससे", "कौन"), W("किसमें", "कौन"), W("किन", "कौन"),
    W("किन्हें", "कौन"), W("किन्होंने", "कौन"), SELF("कोई"), W("किसी", "कोई"),
    W("किन्हीं", "कोई"),
    /* मैं, हम, तू, तुम, आप, सब, अपना, इतना */
    SELF("मैं"), W("मैंने", "मैं"), W("मुझे", "मैं"), W("मुझको", "मैं"),
    W("मुझसे", "मैं"), W("मुझमें", "मैं"), W("मेरा", "मैं"), W("मेरे", "मैं"),
    W("मेरी", "मैं"), SELF("हम"), W("हमने", "हम"), W("हमें", "हम"),
    W("हमको", "हम"), W("हमसे", "हम"), W("हमारा", "हम"), W("हमारे", "हम"),
    W("हमारी", "हम"), SELF("तू"), W("तूने", "तू"), W("तुझे", "तू"),
    W("तुझको", "तू"), W("तुझसे", "तू"), W("तेरा", "तू"), W("तेरे", "तू"),
    W("तेरी", "तू"), SELF("तुम"), W("तुमने", "तुम"), W("तुम्हें", "तुम"),
    W("तुमको", "तुम"), W("तुमसे", "तुम"), W("तुम्हारा", "तुम"),
    W("तुम्हारे", "तुम"), W("तुम्हारी", "तुम"), SELF("आप"), W("आपने", "आप"),
    W("आपको", "आप"), W("आपसे", "आप"), W("आपका", "आप"), W("आपके", "आप"),
    W("आपकी", "आप"), W("आपमें", "आप"), SELF("सब"), W("सबका", "सब"),
    W("सबके", "सब"), W("सबकी", "सब"), W("सबको", "सब"), W("सबने", "सब"),
    W("सबमें", "सब"), SELF("अपना"), W("अपने", "अपना"), W("अपनी", "अपना"),
    SELF("इतना"), W("इतने", "इतना"), W("इतनी", "इतना"),
};
/* clang-format on */
/* END WORDS */

static unsigned word_hash(const unsigned char *w, size_t n) {
    unsigned h = (unsigned)n;
    for (size_t i = 0; i < n; i += 3)
        h = h * 33u + deva_code(w + i);
    return word_hash_mix(h);
}

#define WORD_SLOTS 1024

/* Open addressing with linear probing: entry index + 1, 0 for empty. */
/* BEGIN SLOTS (generated by eval/stem_hi_slots.py; do not edit) */
/* clang-format off */
static const unsigned short hi_word_slots[WORD_SLOTS] = {
    0, 257, 0, 0, 0, 0, 0, 132, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 240, 248, 197, 203, 0, 0, 0, 228, 0, 141, 0, 117, 14, 0, 43,
    0, 121, 0, 0, 214, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 54,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 147, 0, 76, 0, 0, 114, 0,
    0, 0, 0, 209, 137, 0, 0, 0, 104, 0, 0, 0, 0, 0, 215, 177,
    0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 44, 0, 0, 0, 0, 0,
    0, 0, 210, 0, 0, 0, 0, 0, 0, 212, 234, 0, 63, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 69, 102, 0, 0, 225, 0, 0, 27, 0, 86,
    0, 0, 0, 165, 0, 31, 0, 0, 0, 33, 0, 0, 0, 0, 59, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    193, 208, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 87,
    0, 83, 245, 0, 0, 0, 127, 0, 0, 173, 0, 0, 0, 91, 218, 0,
    0, 0, 152, 0, 0, 0, 0, 0, 0, 0, 0, 94, 0, 0, 99, 205,
    163, 231, 0, 256, 0, 16, 0, 0, 170, 0, 0, 0, 0, 0, 186, 0,
    0, 119, 0, 0, 0, 110, 155, 0, 140, 0, 251, 0, 0, 106, 181, 0,
    0, 0, 0, 259, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 37, 226,
    0, 0, 189, 0, 84, 0, 0, 0, 0, 0, 133, 156, 0, 118, 254, 0,
    0, 229, 72, 220, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 34,
    0, 0, 0, 0, 0, 238, 0, 0, 0, 0, 0, 183, 0, 0, 0, 0,
    0, 255, 0, 0, 0, 0, 195, 0, 0, 0, 0, 0, 0, 51, 0, 0,
    217, 0, 174, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 71, 168, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 260, 0,
    47, 247, 0, 0, 0, 25, 0, 0, 0, 0, 0, 0, 0, 53, 0, 108,
    142, 42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 39, 0, 95, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 80, 109, 143, 0, 0, 120, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 150, 0, 0, 65, 146, 176, 0,
    23, 88, 0, 227, 0, 2, 0, 30, 0, 0, 0, 0, 0, 0, 0, 62,
    0, 0, 0, 0, 154, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
    100, 233, 0, 0, 0, 0, 0, 0, 224, 0, 0, 0, 0, 249, 57, 0,
    188, 239, 56, 196, 0, 0, 111, 213, 0, 0, 0, 0, 253, 0, 29, 0,
    0, 45, 0, 0, 0, 0, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 182, 0, 0, 0, 66, 199, 0, 0, 8, 85, 123, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 161, 0, 0, 0, 0,
    0, 0, 0, 112, 0, 0, 0, 0, 0, 0, 200, 0, 148, 0, 0, 0,
    0, 0, 0, 40, 0, 0, 0, 0, 0, 134, 0, 0, 0, 113, 0, 0,
    0, 0, 0, 0, 0, 0, 139, 90, 180, 250, 0, 0, 0, 0, 0, 242,
    0, 258, 0, 164, 0, 0, 50, 92, 0, 0, 0, 0, 0, 0, 0, 0,
    262, 0, 0, 158, 0, 0, 0, 0, 78, 0, 0, 0, 0, 0, 107, 0,
    0, 0, 0, 0, 0, 48, 167, 81, 0, 184, 0, 0, 0, 0, 0, 97,
    124, 191, 0, 0, 0, 0, 126, 0, 0, 160, 0, 64, 0, 0, 230, 0,
    0, 0, 0, 0, 221, 0, 0, 0, 0, 0, 0, 144, 0, 0, 216, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 129, 172, 67, 0, 0, 0, 0,
    0, 0, 0, 0, 162, 0, 0, 0, 219, 0, 0, 0, 0, 0, 6, 0,
    0, 0, 0, 0, 0, 11, 0, 0, 103, 0, 0, 0, 0, 122, 130, 0,
    0, 0, 0, 241, 0, 198, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 13, 0, 0, 0, 0, 0,
    0, 0, 135, 0, 0, 0, 68, 0, 0, 0, 0, 149, 79, 0, 0, 18,
    89, 0, 0, 0, 0, 0, 70, 136, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 153, 0, 0, 0, 0, 82, 0, 0, 0, 0, 0, 101, 0, 232,
    0, 0, 0, 0, 0, 58, 98, 0, 236, 0, 21, 61, 0, 0, 187, 0,
    246, 77, 0, 0, 0, 0, 0, 17, 0, 0, 252, 0, 0, 0, 75, 0,
    0, 0, 0, 35, 38, 22, 105, 166, 0, 0, 74, 0, 0, 0, 41, 0,
    0, 0, 0, 244, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 115, 0,
    0, 0, 0, 0, 0, 0, 0, 159, 202, 192, 0, 0, 0, 0, 175, 0,
    0, 0, 0, 0, 201, 0, 1, 116, 55, 128, 243, 0, 0, 0, 0, 0,
    49, 15, 0, 0, 0, 0, 0, 125, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 178, 0, 0, 0, 0, 0, 0, 0, 4, 223, 12, 0, 0, 0, 0,
    0, 0, 0, 0, 171, 0, 0, 211, 0, 0, 0, 0, 0, 0, 261, 0,
    52, 0, 194, 0, 0, 179, 0, 0, 0, 0, 0, 0, 0, 7, 19, 0,
    204, 0, 0, 157, 0, 0, 26, 93, 237, 0, 0, 0, 0, 96, 0, 0,
    0, 0, 0, 24, 0, 0, 28, 151, 0, 0, 0, 20, 0, 0, 0, 0,
    0, 0, 190, 0, 131, 169, 0, 0, 0, 0, 0, 0, 235, 36, 0, 0,
    185, 0, 0, 0, 0, 0, 0, 32, 145, 207, 0, 0, 0, 0, 0, 206,
    0, 222, 0, 46, 0, 0, 0, 73, 138, 0, 0, 0, 0, 0, 0, 0,
};
/* clang-format on */
/* END SLOTS */

/* The longest word of the table (किन्होंने, 9 letters and signs): longer
 * words skip the lookup. */
#define TABLE_MAX_BYTES 27

/* The table entry for w[0..n) with word_hash() `hash`, or NULL. */
static const hi_word *lookup_hashed(const unsigned char *w, size_t n,
                                    unsigned hash) {
    if (n > TABLE_MAX_BYTES)
        return NULL;
    unsigned i = hash;
    for (unsigned probe = 0; probe < WORD_SLOTS; probe++) {
        unsigned k = hi_word_slots[(i + probe) & (WORD_SLOTS - 1)];
        if (k == 0)
            return NULL;
        const hi_word *e = &hi_words[k - 1];
        if (e->n != n)
            continue;
        /* a plain loop: the words are a few bytes long, and a call to
         * memcmp costs more than the comparison */
        const unsigned char *t = (const unsigned char *)e->word;
        size_t j = n;
        while (j > 0 && t[j - 1] == w[j - 1])
            j--;
        if (j == 0)
            return e;
    }
    return NULL;
}

static const hi_word *lookup(const unsigned char *w, size_t n) {
    return n > TABLE_MAX_BYTES ? NULL : lookup_hashed(w, n, word_hash(w, n));
}

/* ---- verb roots of one syllable --------------------------------------- */

/* The minimum stem is two letters; these roots are shorter, and verb
 * suffixes may still be stripped down to them (जाता -> जा, देगा -> दे). */
static int is_short_root(const unsigned char *w, size_t n) {
    /* as pairs of letter codes: जा is ज (0x1C) + ा (0x3E) */
    /* clang-format off */
    static const unsigned char roots[][2] = {
        {0x1C, 0x3E} /* जा */, {0x16, 0x3E} /* खा */, {0x2A, 0x3E} /* पा */,
        {0x32, 0x3E} /* ला */, {0x17, 0x3E} /* गा */, {0x26, 0x47} /* दे */,
        {0x32, 0x47} /* ले */, {0x39, 0x4B} /* हो */, {0x38, 0x4B} /* सो */,
        {0x30, 0x4B} /* रो */, {0x16, 0x4B} /* खो */, {0x27, 0x4B} /* धो */,
        {0x2A, 0x40} /* पी */, {0x1B, 0x42} /* छू */,
    };
    /* clang-format on */
    if (n == 3)
        return deva_code(w) == 0x06; /* आ */
    if (n != 6)
        return 0;
    unsigned a = deva_code(w), b = deva_code(w + 3);
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
        if (roots[i][0] == a && roots[i][1] == b)
            return 1;
    return 0;
}

/* ---- suffixes --------------------------------------------------------- */

enum {
    AFTER_ANY = 0,
    AFTER_VOWEL, /* only after a vowel sign or independent vowel */
    AFTER_E_O,   /* only after े or ो */
    TO_ROOT      /* only when a short root remains (दें -> दे) */
};

/* A suffix, and what replaces it (usually nothing). */
typedef struct hi_suffix {
    unsigned char n, rep_n, cond, max_letters; /* 0: no maximum */
    const char *s, *rep;
} hi_suffix;

#define S(s, c)                                                                \
    { sizeof(s) - 1, 0, c, 0, s, "" }
#define R(s, r, c)                                                             \
    { sizeof(s) - 1, sizeof(r) - 1, c, 0, s, r }
/* only when at most m letters remain */
#define SHORT(s, c, m)                                                         \
    { sizeof(s) - 1, 0, c, m, s, "" }

/* Grouped by last letter so that a word is only tried against the few
 * suffixes that can match it. Inside a group the longest acceptable match
 * wins whatever the order; listing the longest first only saves time. */
/* clang-format off */
static const hi_suffix suf_aa[] = {
    /* ा: masculine singular, perfective; ता ना: participle, infinitive;
     * गा: future */
    S("ाऊंगा", AFTER_ANY), S("ूंगा", AFTER_ANY), S("ऊंगा", AFTER_VOWEL),
    S("ाएगा", AFTER_ANY), S("ाता", AFTER_ANY), S("ाना", AFTER_ANY),
    S("ाया", AFTER_ANY), S("ेगा", AFTER_ANY), S("एगा", AFTER_VOWEL),
    SHORT("ता", AFTER_ANY, 2), S("ना", AFTER_ANY), S("या", AFTER_VOWEL),
    S("गा", AFTER_E_O), S("ा", AFTER_ANY),
};
static const hi_suffix suf_ii[] = {
    /* a final ी is kept as the mark of an i-stem and of the feminine
     * (लड़की, सरकारी, रही are not लड़का, सरकार, रहा), written ि so that
     * नीति and its plural नीतियां meet; ेगी etc. are the future */
    S("ाएंगी", AFTER_ANY), S("ाऊंगी", AFTER_ANY), S("ेंगी", AFTER_ANY),
    S("एंगी", AFTER_VOWEL), S("ूंगी", AFTER_ANY), S("ऊंगी", AFTER_VOWEL),
    S("ाएगी", AFTER_ANY), S("ाओगी", AFTER_ANY), S("ाती", AFTER_ANY),
    S("ेगी", AFTER_ANY), S("ोगी", AFTER_ANY), S("एगी", AFTER_VOWEL),
    S("ओगी", AFTER_VOWEL), S("ंगी", AFTER_E_O), SHORT("ती", AFTER_ANY, 2),
    S("गी", AFTER_E_O), R("ी", "ि", AFTER_ANY),
};
static const hi_suffix suf_e[] = {
    /* े: masculine plural / oblique */
    S("ाएंगे", AFTER_ANY), S("ेंगे", AFTER_ANY), S("एंगे", AFTER_VOWEL),
    S("ाओगे", AFTER_ANY), S("ाते", AFTER_ANY), S("ाने", AFTER_ANY),
    S("ोगे", AFTER_ANY), S("ओगे", AFTER_VOWEL), S("ंगे", AFTER_E_O),
    SHORT("ते", AFTER_ANY, 2), S("ने", AFTER_ANY), S("े", AFTER_ANY),
};
static const hi_suffix suf_anusvara[] = {
    /* ें ों ीं एं ओं: plural, oblique plural, honorific */
    S("ातीं", AFTER_ANY), R("ियां", "ी", AFTER_ANY),
    R("ियों", "ी", AFTER_ANY), S("नाओं", AFTER_ANY), S("नाएं", AFTER_ANY),
    SHORT("ताओं", AFTER_ANY, 2), SHORT("ताएं", AFTER_ANY, 2),
    R("इयां", "ई", AFTER_VOWEL), R("इयों", "ई", AFTER_VOWEL),
    S("तीं", AFTER_ANY), S("ाएं", AFTER_ANY), S("ाओं", AFTER_ANY),
    R("ुओं", "ु", AFTER_ANY), R("ुएं", "ु", AFTER_ANY), S("ाईं", AFTER_ANY),
    S("ें", AFTER_ANY), S("ों", AFTER_ANY),
    S("ीं", AFTER_ANY), S("एं", AFTER_VOWEL), S("ओं", AFTER_VOWEL),
    S("ईं", AFTER_VOWEL), S("ूं", AFTER_ANY), S("ऊं", AFTER_VOWEL),
    S("ं", TO_ROOT),
};
static const hi_suffix suf_indep_e[] = {
    /* ए after a vowel: subjunctive, perfective plural (आए, बताए); िए इए:
     * polite imperative */
    S("ाइए", AFTER_ANY), S("ाए", AFTER_ANY), S("िए", AFTER_ANY),
    S("इए", AFTER_VOWEL), S("ए", AFTER_VOWEL),
};
static const hi_suffix suf_indep_ii[] = {
    /* ई after a vowel is kept as an i-stem mark too (लड़ाई is not लड़) */
    R("ई", "इ", AFTER_VOWEL),
};
static const hi_suffix suf_indep_o[] = {
    /* imperative after a vowel (जाओ, बताओ) */
    S("ाओ", AFTER_ANY), S("ओ", AFTER_VOWEL),
};
static const hi_suffix suf_o[] = {
    /* imperative (करो), vocative plural */
    S("ो", AFTER_ANY),
};
/* u-stems keep their vowel, written ु (साधु, हिंदू and its plural) */
static const hi_suffix suf_uu[] = {
    R("ू", "ु", AFTER_ANY),
};
static const hi_suffix suf_ra[] = {
    /* कर, the conjunctive participle, only down to a one-syllable root
     * (लेकर, होकर, जाकर): after longer stems it is as often part of a noun
     * or name (आयकर, प्रभाकर) or a fixed adverb (खासकर, जमकर) */
    S("कर", TO_ROOT),
};
/* clang-format on */

#define GROUP(g)                                                               \
    do {                                                                       \
        *count = sizeof(g) / sizeof(g[0]);                                     \
        return g;                                                              \
    } while (0)

static const hi_suffix *suffixes_ending_in(unsigned c, size_t *count) {
    switch (c) {
    case 0x3E: GROUP(suf_aa);       /* ा */
    case 0x40: GROUP(suf_ii);       /* ी */
    case 0x47: GROUP(suf_e);        /* े */
    case 0x02: GROUP(suf_anusvara); /* ं */
    case 0x0F: GROUP(suf_indep_e);  /* ए */
    case 0x08: GROUP(suf_indep_ii); /* ई */
    case 0x13: GROUP(suf_indep_o);  /* ओ */
    case 0x4B: GROUP(suf_o);        /* ो */
    case 0x42: GROUP(suf_uu);       /* ू */
    case 0x30: GROUP(suf_ra);       /* र */
    }
    *count = 0;
    return NULL;
}

/* Whether w[0..n) with suffix x removed (and x->rep appended) is an
 * acceptable stem. */
static int acceptable(const unsigned char *w, size_t n, const hi_suffix *x) {
    size_t k = n - x->n;
    if (k < 3)
        return 0;
    unsigned prev = deva_code(w + k - 3);
    if (prev == C_VIRAMA)
        return 0;
    if (x->cond == AFTER_VOWEL && !is_vowel_sign(prev) && !is_indep_vowel(prev))
        return 0;
    if (x->cond == AFTER_E_O && prev != C_SIGN_E && prev != C_SIGN_O)
        return 0;
    if (x->rep_n)
        return count_letters(w, k) +
                   count_letters((const unsigned char *)x->rep, x->rep_n) >=
               2;
    if (x->cond == TO_ROOT)
        return is_short_root(w, k);
    size_t letters = count_letters(w, k);
    if (letters < 2 && !is_short_root(w, k))
        return 0;
    if (x->max_letters && letters > x->max_letters)
        return 0;
    /* a stem that is itself a closed-class or irregular word would merge
     * this word with it (एकता is not एक); those words that can be left by
     * stripping have at most two letters */
    return letters > 2 || lookup(w, k) == NULL;
}

/* Whether w[0..n) ends in x; its last letter is known to match (the
 * suffix group is chosen by it), the rest is compared from the end. */
static int ends_with(const unsigned char *w, size_t n, const hi_suffix *x) {
    const unsigned char *s = (const unsigned char *)x->s;
    const unsigned char *t = w + n - x->n;
    size_t i = x->n - 3;
    while (i > 0 && s[i - 1] == t[i - 1])
        i--;
    return i == 0;
}

/* The longest suffix of w[0..n) that may be stripped, or NULL. */
static const hi_suffix *best_suffix(const unsigned char *w, size_t n) {
    if (n < 6)
        return NULL;
    size_t count;
    const hi_suffix *g = suffixes_ending_in(deva_code(w + n - 3), &count);
    const hi_suffix *best = NULL;
    for (size_t i = 0; i < count; i++) {
        const hi_suffix *x = &g[i];
        if (x->n < n && (!best || x->n > best->n) && ends_with(w, n, x) &&
            acceptable(w, n, x))
            best = x;
    }
    return best;
}

/* ---- spelling folds --------------------------------------------------- */

static void put_code(unsigned char *p, unsigned c) {
    p[0] = 0xE0;
    p[1] = (unsigned char)(0xA4 + (c >> 6));
    p[2] = (unsigned char)(0x80 | (c & 0x3F));
}

/* The ya-glide is spelt both ways at the end of a word: after a vowel as
 * ए/ई (किए, आई, not किये, आयी), after a consonant as ये/यी (गये, नयी, not
 * गए, नई). When the ending of w[0..n) is spelt the other way, writes the
 * folded word to buf (room for n + 3 bytes) and returns its length;
 * otherwise returns 0. */
static size_t fold_ya(const unsigned char *w, size_t n, unsigned char *buf) {
    size_t end = n / 3; /* letters up to an optional final anusvara */
    if (end >= 2 && deva_code(w + 3 * (end - 1)) == 0x02)
        end--;
    if (end < 2)
        return 0;
    unsigned last = deva_code(w + 3 * (end - 1));
    unsigned before = deva_code(w + 3 * (end - 2));
    size_t at = 3 * (end - 1); /* byte offset of `last` */
    unsigned sign = last == C_E ? C_SIGN_E : last == C_II ? 0x40 : 0;
    if (sign && (is_consonant(before) || before == C_NUKTA)) {
        /* गए -> गये: the vowel letter becomes य + vowel sign */
        memcpy(buf, w, at);
        put_code(buf + at, C_YA);
        put_code(buf + at + 3, sign);
        memcpy(buf + at + 6, w + at + 3, n - at - 3);
        return n + 3;
    }
    if (end >= 3 && before == C_YA && (last == C_SIGN_E || last == 0x40)) {
        unsigned pre = deva_code(w + 3 * (end - 3));
        if (is_vowel_sign(pre) || is_indep_vowel(pre)) {
            /* किये -> किए: य + vowel sign becomes the vowel letter */
            memcpy(buf, w, at - 3);
            put_code(buf + at - 3, last == C_SIGN_E ? C_E : C_II);
            memcpy(buf + at, w + at + 3, n - at - 3);
            return n - 3;
        }
    }
    return 0;
}

static size_t emit(const unsigned char *w, size_t n, char *out, size_t cap) {
    if (out && cap)
        memcpy(out, w, n < cap ? n : cap);
    return n;
}

size_t kh_stem_hi(const char *norm, size_t n, char *out, size_t cap) {
    const unsigned char *w = (const unsigned char *)norm;
    if (!norm || n == 0)
        return 0;
    /* anything but a plain Devanagari word (other scripts, digits mixed in,
     * invalid bytes, absurd length) is left as it is */
    unsigned hash;
    if (n > STEM_MAX_BYTES || !all_deva(w, n, &hash))
        return emit(w, n, out, cap);

    const hi_word *e = lookup_hashed(w, n, hash);
    if (e)
        return emit((const unsigned char *)e->stem, e->stem_n, out, cap);

    /* the word is only copied when a fold or a replacement changes more
     * than its length */
    unsigned char buf[STEM_MAX_BYTES + 6];
    size_t m = fold_ya(w, n, buf);
    if (m) {
        w = buf;
        if ((e = lookup(w, m)) != NULL)
            return emit((const unsigned char *)e->stem, e->stem_n, out, cap);
    } else {
        m = n;
    }
    /* a replacement (भाइयों -> भाई, लड़कियों -> लड़की -> लड़कि) gives the
     * result another round, at most two */
    for (int round = 0; round < 3; round++) {
        const hi_suffix *x = best_suffix(w, m);
        if (!x)
            break;
        m -= x->n;
        if (!x->rep_n)
            break;
        if (w != buf) {
            memcpy(buf, w, m);
            w = buf;
        }
        memcpy(buf + m, x->rep, x->rep_n);
        m += x->rep_n;
    }
    return emit(w, m, out, cap);
}
