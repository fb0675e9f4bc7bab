/*
 * analyze.h — internal interface of the analysis stage (src/analyze/).
 *
 * The stage turns UTF-8 text into sentences and tokens and computes, per
 * token, the forms later stages match on:
 *
 *   tokenize.c   bytes -> tokens (type, script, span, hyphen parts)
 *   sentence.c   tokens + line structure -> sentence boundaries
 *   normalize.c  token text -> `norm` (NFC, nukta/candrabindu/nasal folding)
 *   stem_hi.c    Hindi light stemmer over `norm`
 *   stem.c       stem dispatch: Hindi, or Porter2 (libstemmer) for Latin
 *   roman.c      ISO 15919 romanization of Devanagari (reversible)
 *   phonetic.c   loose phonetic keys for Devanagari and Latin spellings
 *   analyzer.c   the public kh_analyze() driver and kh_doc storage
 *
 * Word-level functions share one output contract: they write at most `cap`
 * bytes to `out` and return the length the full result needs (which may be
 * larger than cap: the caller then retries with a bigger buffer). Results
 * are not NUL-terminated. They are pure functions: thread-safe, no state.
 */
#ifndef KH_ANALYZE_H
#define KH_ANALYZE_H

#include "core.h"
#include "khabar.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- Devanagari code points (U+0900 block) ---------------------------- */

#define KH_DEVA_FIRST 0x0900
#define KH_DEVA_LAST 0x097F
#define KH_CANDRABINDU 0x0901
#define KH_ANUSVARA 0x0902
#define KH_VISARGA 0x0903
#define KH_NUKTA 0x093C
#define KH_VIRAMA 0x094D
#define KH_DANDA 0x0964
#define KH_DOUBLE_DANDA 0x0965
#define KH_ZWNJ 0x200C
#define KH_ZWJ 0x200D

/* Decodes one UTF-8 code point at s[0..n). Returns its byte length (1-4)
 * and stores it in *cp, or returns 0 on an invalid or truncated sequence. */
static inline unsigned kh_utf8_decode(const unsigned char *s, size_t n,
                                      uint32_t *cp) {
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2)
        return 0;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        uint32_t v = ((uint32_t)(c & 0x0F) << 12) |
                     ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = v;
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        uint32_t v = ((uint32_t)(c & 0x07) << 18) |
                     ((uint32_t)(s[1] & 0x3F) << 12) |
                     ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (v < 0x10000 || v > 0x10FFFF)
            return 0;
        *cp = v;
        return 4;
    }
    return 0;
}

/* Encodes cp as UTF-8 into out (room for 4 bytes); returns the length. */
static inline unsigned kh_utf8_encode(uint32_t cp, char *out) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- bounded output (the word-level output contract) ----------------- */

/* Writes pieces into out[0..cap) and counts the full length, so a caller
 * can return the needed size when cap was too small. */
typedef struct kh_out {
    char *out;
    size_t cap, len;
} kh_out;

static inline void kh_out_put(kh_out *w, const char *s, size_t n) {
    /* Pieces are a few bytes: a byte loop beats a call to memcpy. */
    if (w->len < w->cap) {
        char *o = w->out + w->len;
        size_t fit = w->cap - w->len < n ? w->cap - w->len : n;
        for (size_t k = 0; k < fit; k++)
            o[k] = s[k];
    }
    w->len += n;
}

/* The first min(n, 8) bytes at u as a little-endian number, reading no
 * byte past them. Two overlapping 4-byte loads cover 4..8 bytes: the bytes
 * they share have the same value in both, so or-ing them is exact. */
static inline uint64_t kh_load_le(const unsigned char *u, size_t n) {
    if (n >= 8)
        return (uint64_t)kh_load32(u) | (uint64_t)kh_load32(u + 4) << 32;
    if (n >= 4)
        return (uint64_t)kh_load32(u) | (uint64_t)kh_load32(u + n - 4)
                                            << (8 * (n - 4));
    uint64_t v = 0;
    for (size_t j = 0; j < n; j++)
        v |= (uint64_t)u[j] << (8 * j);
    return v;
}

/* Are the n bytes at a and b the same? Words are short: 8 bytes at a time
 * through kh_load_le, no call for a word of a few letters. */
static inline int kh_same_bytes(const char *a, const char *b, size_t n) {
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;
    for (; n >= 8; x += 8, y += 8, n -= 8)
        if (kh_load_le(x, 8) != kh_load_le(y, 8))
            return 0;
    return kh_load_le(x, n) == kh_load_le(y, n);
}

/* The first n <= 24 bytes at p as three little-endian words, the bytes
 * past n zero, when 24 bytes can be read at p (the caller knows: a copy
 * in a fixed-size buffer, or text that goes on). Three loads, masked: no
 * branch on the length, which varies from word to word and so defeats
 * prediction in the loops of kh_same_bytes() and the like. */
static inline void kh_load24(const unsigned char *p, size_t n, uint64_t w[3]) {
    static const uint64_t keep[9] = {0,
                                     0xFFull,
                                     0xFFFFull,
                                     0xFFFFFFull,
                                     0xFFFFFFFFull,
                                     0xFFFFFFFFFFull,
                                     0xFFFFFFFFFFFFull,
                                     0xFFFFFFFFFFFFFFull,
                                     ~0ull};
    /* the bytes of each load inside n, min(max(n - 8 * i, 0), 8), in
     * arithmetic (written as ?: the compiler makes branches of it) */
    size_t t1 = (n - 8) & (0 - (size_t)(n > 8));
    size_t t2 = (n - 16) & (0 - (size_t)(n > 16));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(w, p, 24); /* three plain loads */
#else
    for (int k = 0; k < 3; k++)
        w[k] = kh_load_le(p + 8 * k, 8);
#endif
    w[0] &= keep[n - t1];
    w[1] &= keep[t1 - t2];
    w[2] &= keep[t2];
}

/* The same words, reading only the n <= 24 bytes (for text near its end). */
static inline void kh_load24_exact(const unsigned char *p, size_t n,
                                   uint64_t w[3]) {
    size_t k0 = n < 8 ? n : 8, k1 = n < 16 ? n - k0 : 8;
    w[0] = kh_load_le(p, k0);
    w[1] = kh_load_le(p + 8, k1);
    w[2] = kh_load_le(p + 16, n - k0 - k1);
}

/* kh_same_bytes() for n <= 24, where 24 bytes can be read at a and b. */
static inline int kh_same_short(const char *a, const char *b, size_t n) {
    uint64_t x[3], y[3];
    kh_load24((const unsigned char *)a, n, x);
    kh_load24((const unsigned char *)b, n, y);
    return !((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]));
}

/* A word of a closed list, with its byte length (KH_LIT("...")). */
typedef struct kh_lit {
    const char *s;
    size_t n;
} kh_lit;
#define KH_LIT(lit)                                                            \
    { lit, sizeof(lit) - 1 }

/* ---- tokenize.c ------------------------------------------------------- */

#define KH_MAX_TOKEN_BYTES 8192 /* longer runs are cut: bounded memory */
#define KH_MAX_PARTS 8          /* parts recorded for a hyphenated compound */

enum kh_abbrev {
    KH_ABBREV_NONE = 0,
    KH_ABBREV_SURE,     /* डॉ. Dr. — the period never ends a sentence */
    KH_ABBREV_INITIAL,  /* एस. U. — an initial, rarely sentence-final */
    KH_ABBREV_AMBIGUOUS /* के. जी. — initial or a word + full stop */
};

/* One raw token as the tokenizer sees it, before normalization. */
typedef struct kh_rawtok {
    size_t start, end;
    uint8_t type;            /* kh_token_type */
    uint8_t script;          /* kh_script */
    uint8_t abbrev;          /* enum kh_abbrev: period included in the span */
    uint8_t newlines_before; /* line breaks in the whitespace before it */
    uint8_t blank_before;    /* a blank line came before it (new paragraph) */
    uint8_t n_parts;         /* 0, or 2..KH_MAX_PARTS for compounds */
    uint8_t invalid;         /* an invalid UTF-8 byte or a NUL byte */
    uint8_t clean;           /* a token whose norm is surely its text */
    size_t part_start[KH_MAX_PARTS], part_end[KH_MAX_PARTS];
} kh_rawtok;

/* The shape hash of a word, the boundary model's gate (the trainer's
 * gate_index() before it keeps KH_BM_GATE_BITS bits; eval/train_boundary.py):
 * its first 3 and last 6 bytes and its byte-length class, mixed. Nothing is
 * decoded. The tokenizer computes it for every Devanagari word while the
 * word's bytes are at hand; the segmenter looks it up in its skip bitmaps. */
static inline uint32_t kh_shape_hash(const unsigned char *u, size_t n) {
    uint32_t first = 0;
    uint64_t last = 0;
    if (n >= 6) { /* overlapping 4-byte loads: the shared bytes agree */
        const unsigned char *e = u + n - 6;
        first = kh_load32(u) & 0xFFFFFFu;
        last = (uint64_t)kh_load32(e) | (uint64_t)kh_load32(e + 2) << 16;
    } else {
        for (size_t j = 0; j < 3 && j < n; j++)
            first |= (uint32_t)u[j] << (8 * j);
        for (size_t j = 0; j < n; j++)
            last |= (uint64_t)u[j] << (8 * j);
    }
    /* the length class (n > 6) + (n > 9) + (n > 12), read from a table of
     * 2-bit fields for n = 0..15: fewer instructions than three tests */
    uint32_t lc = (uint32_t)(0xFEA54000u >> (2 * (n < 15 ? n : 15))) & 3;
    uint32_t x = (first * 0x9E3779B1u) ^ ((uint32_t)last * 0x85EBCA77u) ^
                 ((uint32_t)(last >> 32) * 0xC2B2AE3Du) ^ (lc * 0x27D4EB2Fu);
    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    return x;
}

/* Skips whitespace from pos and reads the next token into *t. Returns the
 * position after it; when only whitespace is left, returns n (t->start and
 * t->end are then 0 and t->newlines_before counts the trailing breaks).
 * Never reads outside text[0..n); invalid bytes become one-byte tokens of
 * type KH_TOKEN_OTHER. */
size_t kh_next_token(const char *text, size_t n, size_t pos, kh_rawtok *t);

/* ---- sentence.c ------------------------------------------------------- */

/* The compact per-token record the analyzer keeps while it works (32
 * bytes, so a block's tokens stay in cache); the public kh_token is built
 * from it only when a caller asks for tokens. Offsets are relative to the
 * analysed buffer, which kh_analyze() limits to 4 GiB. */
typedef struct kh_segtok {
    uint32_t start, end;
    uint32_t norm_off; /* arena offset of the norm, or KH_SAME: the text */
    uint32_t norm_len;
    uint32_t extra; /* index of its forms/parts record, or KH_NONE */
    uint32_t shape; /* kh_shape_hash() of a Devanagari word, else 0 */
    uint8_t type, script, abbrev, newlines_before, blank_before, n_parts;
    uint8_t seg; /* kh_seg_flags(): what the sentence pass needs of it */
} kh_segtok;

/* What kh_segment_mark() needs of a token, in one byte that the tokenizer
 * fills as it writes the record, so that the mark pass reads one byte and
 * the shape instead of testing every field. */
enum {
    KH_SEG_GAP_A = 1,      /* a Devanagari word the model may score a gap
                            * after (its skip bitmap bit is clear) */
    KH_SEG_LINE = 2,       /* a line break before it */
    KH_SEG_BUSY = 4,       /* line start, punctuation or ambiguous initial */
    KH_SEG_DANDA = 8,      /* punctuation that counts as a danda */
    KH_SEG_PERIOD = 16,    /* the punctuation mark "." alone */
    KH_SEG_DEVSCRIPT = 32, /* of Devanagari script, any type */
    KH_SEG_STOP = 64,      /* exactly । ॥ ? ! . or | (the model's stops) */
    KH_SEG_GAP_B = 128     /* a Devanagari word on the line of the word
                            * before, that the model may score a gap before */
};

/* The boundary model's skip bitmaps (sentence.c), so that the tokenizer
 * looks a word's shape up while the shape is at hand. */
typedef struct kh_seg_gates {
    const uint64_t *skip_a, *skip_b;
    uint32_t mask; /* of the shape hash: the bitmaps' index */
} kh_seg_gates;
extern const kh_seg_gates kh_seg_gate_tables;

/* KH_SEG_GAP_A and KH_SEG_GAP_B of a Devanagari word of that shape. */
static inline unsigned kh_seg_gap_flags(uint32_t shape, unsigned newlines) {
    uint32_t i = shape & kh_seg_gate_tables.mask;
    unsigned a = (unsigned)(kh_seg_gate_tables.skip_a[i >> 6] >> (i & 63)) & 1;
    unsigned b = (unsigned)(kh_seg_gate_tables.skip_b[i >> 6] >> (i & 63)) & 1;
    return (a ^ 1) * KH_SEG_GAP_A | ((b | (newlines != 0)) ^ 1) * KH_SEG_GAP_B;
}

/* The KH_SEG_* flags of record t (all its other fields set). The fast
 * loop computes the same flags branch by branch; the tests compare. */
static inline uint8_t kh_seg_flags(const char *text, const kh_segtok *t) {
    const unsigned char *s = (const unsigned char *)text + t->start;
    unsigned word = t->type == KH_TOKEN_WORD;
    unsigned punct = t->type == KH_TOKEN_PUNCT;
    unsigned line = t->newlines_before != 0;
    unsigned ambiguous = word && t->abbrev == KH_ABBREV_AMBIGUOUS;
    unsigned f = 0;
    if (word && t->script == KH_SCRIPT_DEVANAGARI)
        f |= kh_seg_gap_flags(t->shape, t->newlines_before);
    if (line)
        f |= KH_SEG_LINE;
    if (line || punct || ambiguous)
        f |= KH_SEG_BUSY;
    if (punct && s[0] == 0xE0 && t->end - t->start >= 3 && s[2] == 0xA4)
        f |= KH_SEG_DANDA;
    if (punct && s[0] == '.' && t->end - t->start == 1)
        f |= KH_SEG_PERIOD;
    if (t->script == KH_SCRIPT_DEVANAGARI)
        f |= KH_SEG_DEVSCRIPT;
    size_t n = t->end - t->start;
    if (punct && ((n == 1 && (s[0] == '?' || s[0] == '!' || s[0] == '.' ||
                              s[0] == '|')) ||
                  (n == 3 && s[0] == 0xE0 && s[1] == 0xA5 &&
                   (s[2] == 0xA4 || s[2] == 0xA5))))
        f |= KH_SEG_STOP;
    return (uint8_t)f;
}

#define KH_SAME UINT32_MAX
#define KH_NONE UINT32_MAX
#define KH_NORM_PENDING (UINT32_MAX - 2) /* norm_off: not computed yet */

/* What the fast loop keeps from one call to the next over the same text:
 * the bit masks of the 64-byte block it classified last (the byte at
 * base + i is bit i; tokenize.c says what they mark). `segs`, when not
 * NULL, is an array beside the call's `out`: segs[k] gets out[k].seg, so
 * that kh_segment_mark() reads the flags of 16 tokens in one load. */
typedef struct kh_plainscan {
    size_t base;
    uint64_t good, cover, stop, space;
    uint8_t *segs;
    /* set by a caller that splits no sentences: words get no shape hash
     * (0) and no KH_SEG_GAP_* flags, which only the sentence model reads */
    uint8_t no_shapes;
} kh_plainscan;

/* No block yet: one that ends at 0 (offsets wrap around as size_t does),
 * so that the first word asks for one. Call it for each new text. */
static inline void kh_plainscan_start(kh_plainscan *ps) {
    ps->base = (size_t)0 - 64;
    ps->good = ps->cover = ps->stop = ps->space = 0;
    ps->segs = NULL;
    ps->no_shapes = 0;
}

/* The tokenizer's fast loop: reads the plain tokens from pos on (a
 * Devanagari word, a number of ASCII digits, a punctuation mark, with
 * spaces and line breaks before them) straight into out[0..cap), as
 * records whose norm is their text (KH_SAME) and with no forms (KH_NONE).
 * A word whose norm may differ from its text (a nukta, a candrabindu)
 * gets KH_NORM_PENDING and ends the run: the caller computes its norm.
 * Stops before the first token it does not take, or when cap records are
 * written; stores how many it wrote in *count and returns where the caller
 * goes on (with kh_next_token() when the run did not end at cap records or
 * a pending norm). The tokens are those kh_next_token() would read, byte
 * for byte. `scan` carries its block from call to call over one text
 * (kh_plainscan_start() before the first), or is NULL. */
size_t kh_next_plain_tokens(const char *text, size_t n, size_t pos,
                            kh_segtok *out, size_t cap, size_t *count,
                            kh_plainscan *scan);

/* What the segmenter keeps from one call to the next (values of the
 * boundary model for words and lengths already seen); one per kh_doc. */
typedef struct kh_segcache kh_segcache;
kh_segcache *kh_segcache_new(void); /* NULL when out of memory */
void kh_segcache_free(kh_segcache *c);

/* What kh_segment_mark() carries from one call to the next over one
 * buffer; all zero before its first token. */
typedef struct kh_segmark {
    size_t next;            /* the first token not marked yet */
    size_t dandas, periods; /* end marks seen so far */
} kh_segmark;

/* Looks at toks[0..n) from m->next on (those whose next token is known,
 * in whole groups of 16 where SSE2 is there, or all when `final`), writing what
 * kh_segment_sentences() needs of them into m and busy[] (its `starts`). It
 * reads each token's KH_SEG_* flags from busy[] itself, where the caller wrote
 * toks[i].seg for every i < n (the fast loop does it through
 * kh_plainscan.segs), and overwrites them. Called as tokens come in;
 * kh_segment_sentences() calls it for the rest. */
void kh_segment_mark(const char *text, const kh_segtok *toks, size_t n,
                     int final, kh_segmark *m, uint8_t *busy);

/* Marks sentence starts: starts[i] = 1 if token i opens a sentence, 2 if
 * it also opens a paragraph. `wrapped`: a single line break is a space.
 * `mark` and `starts` hold what kh_segment_mark() did on these tokens. */
void kh_segment_sentences(const char *text, const kh_segtok *toks, size_t n,
                          int wrapped, kh_segcache *cache, kh_segmark *mark,
                          uint8_t *starts);

/* ---- normalize.c ------------------------------------------------------ */

/* The matching form of one token's text: NFC; nukta folded for क़ ख़ ग़ ज़ फ़
 * (ड़ ढ़ kept); candrabindu -> anusvara; homorganic nasal + virama before a
 * stop of its class -> anusvara; ZWJ/ZWNJ and other invisible characters
 * removed; Devanagari digits -> ASCII; Latin lowercased. `flags` may carry
 * KH_ANALYZE_FOLD_VOWELS. Returns 0 with *same = 1 when the norm equals
 * the input byte for byte (the common case: nothing is written). */
size_t kh_norm(const char *s, size_t n, unsigned flags, char *out, size_t cap,
               int *same);

/* ---- stem_hi.c -------------------------------------------------------- */

/* Stem of a normalized Devanagari word (output of kh_norm). Closed-class
 * words keep distinct stems (का के की को कि कई में से है); है/हैं conflate;
 * irregular verb forms and pronouns map through a table (किया->कर, गया->जा,
 * इस->यह, उन्होंने->वह). */
size_t kh_stem_hi(const char *norm, size_t n, char *out, size_t cap);

/* ---- roman.c ---------------------------------------------------------- */

/* ISO 15919 romanization of a Devanagari word (schwa kept, as the standard
 * does: पहलगाम -> pahalagāma). Non-Devanagari characters are copied. */
size_t kh_roman_iso(const char *s, size_t n, char *out, size_t cap);

/* The inverse: ISO 15919 text back to Devanagari (NFC). */
size_t kh_roman_iso_to_deva(const char *s, size_t n, char *out, size_t cap);

/* ---- phonetic.c ------------------------------------------------------- */

/* Loose phonetic key of a normalized Devanagari word, built so that the ways
 * people type Hindi in Latin letters reach the same key (schwa deletion,
 * vowel length dropped, aspiration/nasal/v-w/sh-s/ph-f/z-j folded). ASCII. */
size_t kh_key_deva(const char *norm, size_t n, char *out, size_t cap);

/* The same key for a lowercase Latin spelling ("pahalgam", "modee"). */
size_t kh_key_latin(const char *lower, size_t n, char *out, size_t cap);

/* ---- stem.c ----------------------------------------------------------- */

/* Per-thread stemming state (libstemmer's English stemmer is not
 * thread-safe, so each kh_doc owns one). */
typedef struct kh_stemmer kh_stemmer;

kh_status kh_stemmer_new(kh_stemmer **out, kh_error *err);
void kh_stemmer_free(kh_stemmer *st);

/* Stem of a normalized token of the given script. Devanagari goes to
 * kh_stem_hi(), Latin to Porter2; other scripts are returned unchanged. */
size_t kh_stem(kh_stemmer *st, kh_script script, const char *norm, size_t n,
               char *out, size_t cap);

/* ---- the index's view of an analysis (analyzer.c) --------------------- */

/* What the index reads of a token or of a compound's part: where it
 * starts in the text given to kh_analyze (without the base offset), type,
 * script, parts and norm. Read from the compact records, without the
 * public kh_token array, which costs a pass over the tokens and 100 bytes
 * each. */
typedef struct kh_unit {
    uint32_t start;
    const char *norm;
    size_t norm_len;
    uint8_t type, script, n_parts;
} kh_unit;

/* Token i (< kh_doc_token_count). */
void kh_doc_unit(const kh_doc *d, size_t i, kh_unit *u);
/* The token records of the last analysis and its text, for
 * kh_doc_unit_at(); valid until the next kh_analyze() on d. */
const kh_segtok *kh_doc_records(const kh_doc *d, const char **text);
/* The unit of record r whose norm is its text (norm_off KH_SAME). */
static inline void kh_unit_same(const kh_segtok *r, const char *text,
                                kh_unit *u) {
    u->start = r->start;
    u->norm = text + r->start;
    u->norm_len = r->norm_len;
    u->type = r->type;
    u->script = r->script;
    u->n_parts = r->n_parts;
}
/* kh_doc_unit() inline for the common token whose norm is its text, so
 * that a loop over every token of every field (the index's) makes no
 * call for it; `tok` and `text` are kh_doc_records(d, ...). */
static inline void kh_doc_unit_at(const kh_doc *d, const kh_segtok *tok,
                                  const char *text, size_t i, kh_unit *u) {
    if (tok[i].norm_off == KH_SAME)
        kh_unit_same(&tok[i], text, u);
    else
        kh_doc_unit(d, i, u);
}
/* Part p of token i, with the part's own type and script (those its stem
 * and key are made from); -1 when there is no such part. */
int kh_doc_unit_part(const kh_doc *d, size_t i, unsigned p, kh_unit *u);
/* The stem and the phonetic key that an analyzer with KH_ANALYZE_STEMS |
 * KH_ANALYZE_KEYS gives a unit of this type, script and norm (norm must
 * not point into out): appended to out, the stem first, then the key. */
kh_status kh_doc_unit_forms(kh_doc *d, int type, int script, const char *norm,
                            size_t n, kh_buf *out, size_t *stem_len,
                            size_t *key_len, kh_error *err);

#endif /* KH_ANALYZE_H */
