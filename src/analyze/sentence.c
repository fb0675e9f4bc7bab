/*
 * sentence.c — decides where sentences start, over a run of tokens.
 *
 * A sentence ends after । ॥ ? ! (and | used as a danda) and after a "."
 * used as a full stop, which Hindi web news writes instead of ।. The
 * tokenizer already keeps the period inside abbreviations and initials
 * (डॉ. एस. U.S.) and inside numbers (2.5), so a lone "." token is a full
 * stop unless it closes list numbering ("1." at the start of a line).
 * A period after a letter name that is also a common word (के. जी.) ends
 * the sentence only in texts that use "." as their full stop, and not
 * inside a run of initials (बी. के. शर्मा).
 *
 * Closing quotes and brackets after the end mark stay with the sentence.
 * A blank line always ends a sentence and a paragraph; a single line break
 * ends a sentence unless the text is hard-wrapped prose.
 *
 * ICU's rule ("." before any letter ends a sentence) is what this replaces:
 * it splits after every initial, which costs 7 points of F1 on news.
 *
 * Speed: most tokens are words that can end nothing. kh_segment_mark()
 * finds, as the tokens are read, the few the decision loop must look at
 * (punctuation, line starts, the token after those, gaps the missing-end
 * model must score), so the loop skips the rest.
 */
#include "analyze.h"
#include "boundary_model.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define W KH_LIT

/* Is the token exactly the literal? (length compared first: this runs for
 * every token) */
#define TOK_IS(text, t, lit)                                                   \
    ((t)->end - (t)->start == sizeof(lit) - 1 &&                               \
     memcmp((text) + (t)->start, lit, sizeof(lit) - 1) == 0)

/* Is the whole token a run of one terminal mark? */
static int terminal_punct(const char *text, const kh_segtok *t,
                          const kh_segtok *prev) {
    if (t->type != KH_TOKEN_PUNCT)
        return 0;
    const unsigned char *s = (const unsigned char *)text + t->start;
    size_t n = t->end - t->start;
    if (s[0] == '?' || s[0] == '!')
        return 1;
    if (n >= 3 && s[0] == 0xE0 && s[1] == 0xA5 &&
        (s[2] == 0xA4 || s[2] == 0xA5))
        return 1;    /* । ॥ */
    if (s[0] == '|') /* a pipe typed for a danda, after a Hindi word */
        return prev && prev->script == KH_SCRIPT_DEVANAGARI;
    return 0;
}

static int is_period(const char *text, const kh_segtok *t) {
    return t->type == KH_TOKEN_PUNCT && TOK_IS(text, t, ".");
}

static int is_ellipsis(const char *text, const kh_segtok *t) {
    return t->type == KH_TOKEN_PUNCT &&
           ((t->end - t->start >= 2 && text[t->start] == '.') ||
            TOK_IS(text, t, "\xE2\x80\xA6"));
}

/* Quotes that may close a quotation. */
static int is_quote(const char *text, const kh_segtok *t) {
    return t->type == KH_TOKEN_PUNCT &&
           (TOK_IS(text, t, "\"") || TOK_IS(text, t, "'"));
}

static int is_closer(const char *text, const kh_segtok *t) {
    if (t->type != KH_TOKEN_PUNCT)
        return 0;
    return TOK_IS(text, t, ")") || TOK_IS(text, t, "]") ||
           TOK_IS(text, t, "}") || TOK_IS(text, t, "\xE2\x80\x9D") || /* ” */
           TOK_IS(text, t, "\xE2\x80\x99") ||                         /* ’ */
           TOK_IS(text, t, "\xC2\xBB");                               /* » */
}

static int starts_lower_latin(const char *text, const kh_segtok *t) {
    unsigned char c = (unsigned char)text[t->start];
    return t->type == KH_TOKEN_WORD && c >= 'a' && c <= 'z';
}

/* ---- sentences without an end mark ----------------------------------
 * News text sometimes drops the danda between two sentences ("... कोई
 * संदेह नहीं है इससे पहले आज ..."). Where two Devanagari words meet with
 * nothing between them, a logistic model (boundary_model.h, learned from
 * news whose end marks were taken away: eval/train_boundary.py) scores the
 * gap from the words around it, how long the text before and after it runs
 * without an end mark, and subordinating words earlier in the sentence.
 * Two bitmaps of word shapes (first letter, last two letters, length) let
 * it skip most gaps before hashing a word: they mark the common words that
 * never came near the threshold before (के, में, कि) or after (और, को) a
 * gap in the training text. */

/* Conjunctions: a clause after them continues the sentence. */
static const kh_lit conjunctions[] = {
    W("कि"),   W("और"),   W("तो"),    W("जबकि"), W("क्योंकि"), W("लेकिन"),
    W("किंतु"),  W("किन्तु"), W("परंतु"),   W("परन्तु"), W("मगर"),   W("या"),
    W("अथवा"), W("तथा"),  W("एवं"),    W("व"),    W("बल्कि"),  W("ताकि"),
    W("वरना"), W("यानी"), W("अर्थात"), {NULL, 0}};

static int tok_in(const char *text, const kh_segtok *t, const kh_lit *list) {
    size_t n = t->end - t->start;
    for (; list->s; list++)
        if (list->n == n && text[t->end - 1] == list->s[n - 1] &&
            !memcmp(text + t->start, list->s, n))
            return 1;
    return 0;
}

/* Code point at s (or the byte itself when it is not valid UTF-8: the
 * model never saw such bytes, any fixed value will do). Devanagari letters
 * (E0 A4..A5 xx) are decoded inline: this runs at every word gap. */
static uint32_t cp_at(const char *s, size_t n, unsigned *len) {
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 3 && u[0] == 0xE0 && (u[1] == 0xA4 || u[1] == 0xA5) &&
        (u[2] & 0xC0) == 0x80) {
        *len = 3;
        return ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    uint32_t cp;
    unsigned k = kh_utf8_decode(u, n, &cp);
    if (!k) {
        *len = 1;
        return u[0];
    }
    *len = k;
    return cp;
}

/* The code point that ends at `end` (not before `start`), and in *len its
 * byte length; a byte that ends no valid sequence stands for itself. */
static uint32_t cp_before(const char *text, size_t start, size_t end,
                          unsigned *len) {
    size_t p = end - 1;
    while (p > start && ((unsigned char)text[p] & 0xC0) == 0x80 && end - p < 4)
        p--;
    unsigned k;
    uint32_t cp = cp_at(text + p, end - p, &k);
    if (p + k != end) {
        *len = 1;
        return (unsigned char)text[end - 1];
    }
    *len = k;
    return cp;
}

/* The skip bitmaps, indexed by a word's shape (the trainer's
 * gate_index()): the tokenizer looks every Devanagari word up as it
 * computes kh_shape_hash() (kh_seg_gap_flags()), so the mark pass reads
 * one byte per token and nothing from the text. */
_Static_assert(KH_BM_GATE_BITS <= 32, "the shape hash has 32 bits");

const kh_seg_gates kh_seg_gate_tables = {kh_bm_skip_a, kh_bm_skip_b,
                                         (1u << KH_BM_GATE_BITS) - 1};

/* The trainer's shash(): 8 bytes (little-endian) at a time, the length
 * mixed in at the end, so that it can also be fed byte by byte. */
typedef struct shash_state {
    uint64_t h, chunk;
    unsigned k; /* bytes in chunk */
    size_t len;
} shash_state;

static uint64_t mix64(uint64_t h) {
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

static uint64_t shash_step(uint64_t h, uint64_t chunk) {
    h = (h ^ chunk) * 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 32);
}

static uint64_t shash_final(uint64_t h, size_t len) {
    return mix64(h ^ ((uint64_t)len * 0xC2B2AE3D27D4EB4Full));
}

#define SHASH_SEED 0x9E3779B97F4A7C15ull

static uint64_t shash(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    uint64_t h = SHASH_SEED;
    for (size_t i = 0; i < n; i += 8)
        h = shash_step(h, kh_load_le(u + i, n - i));
    return shash_final(h, n);
}

static void shash_push(shash_state *st, const char *e, unsigned n) {
    for (unsigned j = 0; j < n; j++) {
        st->chunk |= (uint64_t)(unsigned char)e[j] << (8 * st->k);
        if (++st->k == 8) {
            st->h = shash_step(st->h, st->chunk);
            st->chunk = 0;
            st->k = 0;
        }
    }
    st->len += n;
}

static uint64_t shash_end(shash_state *st) {
    if (st->k)
        st->h = shash_step(st->h, st->chunk);
    return shash_final(st->h, st->len);
}

/* The folding of the trainer's fold(): nukta and ZWJ/ZWNJ dropped (0),
 * candrabindu -> anusvara, precomposed nukta letters -> their base. */
static uint32_t fold_cp(uint32_t c) {
    static const uint16_t base[8] = {0x915, 0x916, 0x917, 0x91C,
                                     0x921, 0x922, 0x92B, 0x92F};
    if (c == KH_NUKTA || c == KH_ZWNJ || c == KH_ZWJ)
        return 0;
    if (c == KH_CANDRABINDU)
        return KH_ANUSVARA;
    if (c >= 0x958 && c <= 0x95F)
        return base[c - 0x958];
    return c;
}

/* A word's folded form hashed (shash of its UTF-8), and the hash of its
 * last two folded letters. */
typedef struct word_hash {
    uint64_t word, suffix;
} word_hash;

/* Does the word hold a character that folding changes (nukta, candrabindu,
 * a precomposed nukta letter, ZWJ/ZWNJ)? Usually not: then the folded
 * form is the text itself. */
static int needs_fold(const unsigned char *u, size_t n) {
    /* a character at a time: Devanagari letters are 3 bytes */
    for (size_t i = 0; i + 2 < n;) {
        unsigned c = u[i];
        if (c == 0xE0) {
            if ((u[i + 1] == 0xA4 && (u[i + 2] == 0xBC || u[i + 2] == 0x81)) ||
                (u[i + 1] == 0xA5 && u[i + 2] >= 0x98 && u[i + 2] <= 0x9F))
                return 1;
            i += 3;
        } else if (c == 0xE2) {
            if (u[i + 1] == 0x80 && (u[i + 2] == 0x8C || u[i + 2] == 0x8D))
                return 1;
            i += 3;
        } else {
            i++;
        }
    }
    return 0;
}

/* The hash of a word's folded form, and (when `suffix`) of its last two
 * folded letters. */
static word_hash hash_deva(const char *s, size_t n) {
    word_hash r;
    const unsigned char *u = (const unsigned char *)s;
    if (!needs_fold(u, n)) {
        r.word = shash(s, n);
        /* two 3-byte letters end most words: no decoding needed */
        if (n >= 6 && (u[n - 3] & 0xF0) == 0xE0 && (u[n - 6] & 0xF0) == 0xE0) {
            r.suffix = shash(s + n - 6, 6);
            return r;
        }
        unsigned l1, l2 = 0;
        cp_before(s, 0, n, &l1);
        if (n > l1)
            cp_before(s, 0, n - l1, &l2);
        r.suffix = shash(s + n - l1 - l2, l1 + l2);
        return r;
    }
    shash_state st = {SHASH_SEED, 0, 0, 0};
    char tail[8];
    unsigned tl[2] = {0, 0}; /* byte lengths of the last two letters */
    char last2[2][4];
    for (size_t i = 0; i < n;) {
        unsigned len;
        uint32_t cp = cp_at(s + i, n - i, &len);
        i += len;
        uint32_t f = fold_cp(cp);
        if (!f)
            continue;
        char e[4];
        unsigned el = kh_utf8_encode(f, e);
        shash_push(&st, e, el);
        memcpy(last2[0], last2[1], 4);
        tl[0] = tl[1];
        memcpy(last2[1], e, el);
        tl[1] = el;
    }
    memcpy(tail, last2[0], tl[0]);
    memcpy(tail + tl[0], last2[1], tl[1]);
    r.word = shash_end(&st);
    r.suffix = shash(tail, tl[0] + tl[1]);
    return r;
}

/* Feature kinds, as numbered by the trainer. */
enum { F_A = 1, F_PA, F_AS, F_B, F_BC, F_BS, F_AB, F_L, F_R, F_LR, F_C, F_AC };
/* No features: their weights for a word are the most that the AC and PA
 * features with that word as a, and the BC features with it as b, can
 * add. */
enum { F_ACX = F_AC + 1, F_BCX, F_PAX };

static uint64_t feat1(unsigned kind, uint64_t k1) {
    return mix64(kind * 0x9E3779B97F4A7C15ull + k1);
}

static uint64_t feat2(unsigned kind, uint64_t k1, uint64_t k2) {
    return mix64(feat1(kind, k1) * 0x9E3779B97F4A7C15ull + k2);
}

static int32_t slot_weight(uint32_t e) {
    int32_t q = (int32_t)(e & 0xFFFF);
    return q >= 0x8000 ? q - 0x10000 : q;
}

/* Weight of a feature: open addressing, one 32-bit slot per feature (its
 * 16-bit fingerprint and weight; 0 is empty), so a lookup reads one cache
 * line. A rare false match adds one small weight. */
static int32_t weight(uint64_t f) {
    uint32_t fp = (uint32_t)(f >> 48);
    uint32_t s = (uint32_t)f & (KH_BM_SLOTS - 1);
#if defined(__SSE2__)
    /* The table is 2/3 full, so a feature that is not in it (most of
     * them) takes several probes: look at 8 slots at once, without a
     * branch per slot. The answer is the first match before the first
     * empty slot, as the loop below finds it. */
    if (s + 8 <= KH_BM_SLOTS) {
        const __m128i *p = (const __m128i *)(kh_bm_slot + s);
        __m128i v0 = _mm_loadu_si128(p), v1 = _mm_loadu_si128(p + 1);
        __m128i zero = _mm_setzero_si128();
        __m128i key = _mm_set1_epi32((int)(fp << 16));
        __m128i hi = _mm_set1_epi32((int)0xFFFF0000u);
        unsigned empty = (unsigned)_mm_movemask_ps(
                             _mm_castsi128_ps(_mm_cmpeq_epi32(v0, zero))) |
                         (unsigned)_mm_movemask_ps(
                             _mm_castsi128_ps(_mm_cmpeq_epi32(v1, zero)))
                             << 4;
        unsigned match =
            (unsigned)_mm_movemask_ps(
                _mm_castsi128_ps(_mm_cmpeq_epi32(_mm_and_si128(v0, hi), key))) |
            (unsigned)_mm_movemask_ps(
                _mm_castsi128_ps(_mm_cmpeq_epi32(_mm_and_si128(v1, hi), key)))
                << 4;
        match &= ~empty;
        unsigned stop = empty | match;
        if (stop) {
            /* found or not is a coin toss: no branch on it */
            unsigned k = (unsigned)__builtin_ctz(stop);
            int32_t found = -(int32_t)(match >> k & 1);
            return slot_weight(kh_bm_slot[s + k]) & found;
        }
        s = (s + 8) & (KH_BM_SLOTS - 1);
    }
#endif
    for (;; s = (s + 1) & (KH_BM_SLOTS - 1)) {
        uint32_t e = kh_bm_slot[s];
        if (!e)
            return 0;
        if (e >> 16 == fp)
            return slot_weight(e);
    }
}

static unsigned len_class(size_t n) {
    unsigned i = 0;
    while (i < sizeof kh_bm_len_class && n > kh_bm_len_class[i])
        i++;
    return i;
}

#define N_LEN_CLASS (sizeof kh_bm_len_class + 1)
#define BM_WORDS 4096  /* words remembered (256 KB), a power of two */
#define BM_WORD_MAX 36 /* an entry is 64 bytes */

/* What the model needs of one word alone: its hash and the weights of its
 * own features as a, as b and as the word after b, and the bounds on its
 * AC, PA and BC weights, all looked up when the word is first met (its
 * suffix hash is needed only then). One weight fits 16 bits, a sum of two
 * does not. */
typedef struct bm_word_ent {
    uint64_t word;          /* word_hash.word */
    int32_t w_as_a, w_as_b; /* A + As, B + Bs weights */
    int16_t w_as_c;         /* C weight */
    int16_t ac_max;         /* ACX: the largest AC weight with it as a, >= 0 */
    int16_t pa_max;         /* PAX: the same of PA, with it as a */
    int16_t bc_max;         /* BCX: the same of BC, with it as b */
    uint8_t len;            /* byte length, 0 = empty slot */
    uint16_t tag;           /* the shape hash's top 16 bits */
    char s[BM_WORD_MAX];
} bm_word_ent;
_Static_assert(sizeof(bm_word_ent) == 64, "an entry is one cache line");

/* The model's values that do not depend on the text or only on one word,
 * kept across calls by the kh_doc: the weights of the length features, and
 * the words seen in scored gaps by their shape hash (a few words, की है गया
 * कहा, are in most of them). Everything here is a pure function of the
 * model, so keeping it changes no result. */
struct kh_segcache {
    uint64_t h_start, h_end, h_latin, h_number, h_other; /* <S> <E> ... */
    int32_t c_end, c_latin, c_number, c_other;           /* their C weights */
    bm_word_ent spill; /* a word too long for the cache, just looked up */
    uint8_t len_class[KH_BM_CAP + 1];
    int32_t w_lr[N_LEN_CLASS][N_LEN_CLASS]; /* L + R + LR */
    size_t readable; /* kh_segment_sentences()'s text can be read up to here */
    /* of the subordinating words: their byte lengths (bit n) and their
     * third bytes (bit b & 63), so that most words skip the list */
    uint32_t sub_len;
    uint64_t sub_third;
    bm_word_ent words[BM_WORDS];
};

kh_segcache *kh_segcache_new(void) {
    kh_segcache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->h_start = shash("<S>", 3);
    c->h_end = shash("<E>", 3);
    c->h_latin = shash("<L>", 3);
    c->h_number = shash("<N>", 3);
    c->h_other = shash("<O>", 3);
    for (size_t n = 0; n <= KH_BM_CAP; n++)
        c->len_class[n] = (uint8_t)len_class(n);
    c->c_end = weight(feat1(F_C, c->h_end));
    c->c_latin = weight(feat1(F_C, c->h_latin));
    c->c_number = weight(feat1(F_C, c->h_number));
    c->c_other = weight(feat1(F_C, c->h_other));
    for (const kh_bm_word *w = kh_bm_sub_words; w->s; w++) {
        if (w->n < 3 || w->n > 24)
            continue; /* a word that long or short is never looked for */
        c->sub_len |= 1u << w->n;
        c->sub_third |= 1ull << ((unsigned char)w->s[2] & 63);
    }
    for (unsigned lb = 0; lb < N_LEN_CLASS; lb++)
        for (unsigned la = 0; la < N_LEN_CLASS; la++)
            c->w_lr[lb][la] = weight(feat1(F_L, lb)) + weight(feat1(F_R, la)) +
                              weight(feat2(F_LR, lb, la));
    return c;
}

void kh_segcache_free(kh_segcache *c) {
    free(c);
}

/* What missing_end() carries from one gap to the next, so that each token
 * is looked at a bounded number of times however the gaps are scored. */
typedef struct bm_state {
    size_t next_stop; /* the first token at or after the last scan's start
                       * that is an end mark or starts a line, or n; gaps
                       * come in order, so it holds until passed */
    kh_segcache *c;
    const uint8_t *marks; /* kh_segment_mark()'s, still there after the
                           * token kh_segment_sentences() is at */
} bm_state;

/* bm_entry() for a word not in the cache: hashes and weighs it and,
 * unless it is too long to keep (then it goes to c->spill, good until the
 * next lookup), makes it the newer way of its set e. Out of line, so that
 * the lookups, which mostly hit, stay small where they are inlined. */
static __attribute__((noinline)) const bm_word_ent *
bm_miss(const char *w, size_t n, bm_word_ent *e, uint16_t tag, kh_segcache *c) {
    word_hash h = hash_deva(w, n);
    bm_word_ent x;
    memset(&x, 0, sizeof x);
    x.word = h.word;
    x.w_as_a = weight(feat1(F_A, h.word)) + weight(feat1(F_AS, h.suffix));
    x.w_as_b = weight(feat1(F_B, h.word)) + weight(feat1(F_BS, h.suffix));
    x.w_as_c = (int16_t)weight(feat1(F_C, h.word));
    int32_t acx = weight(feat1(F_ACX, h.word));
    int32_t pax = weight(feat1(F_PAX, h.word));
    int32_t bcx = weight(feat1(F_BCX, h.word));
    x.ac_max = (int16_t)(acx > 0 ? acx : 0);
    x.pa_max = (int16_t)(pax > 0 ? pax : 0);
    x.bc_max = (int16_t)(bcx > 0 ? bcx : 0);
    if (n > BM_WORD_MAX) {
        c->spill = x;
        return &c->spill;
    }
    x.len = (uint8_t)n;
    x.tag = tag;
    memcpy(x.s, w, n);
    e[1] = e[0];
    e[0] = x;
    return e;
}

/* The cache entry of Devanagari word t (c->spill for a word too long to
 * keep). */
static inline const bm_word_ent *bm_entry(const char *text, const kh_segtok *t,
                                          kh_segcache *c) {
    size_t n = t->end - t->start;
    const char *w = text + t->start;
    /* Two ways, the newer first. Both ways hit about as often, so the way
     * is picked without a branch, from the shape hash's top bits and the
     * length: words of the same set rarely agree in both. Then one byte
     * comparison confirms it. */
    bm_word_ent *e = &c->words[t->shape & (BM_WORDS - 2)];
    uint16_t tag = (uint16_t)(t->shape >> 16);
    size_t way = (e[1].tag == tag) & (e[1].len == n) &
                 !((e[0].tag == tag) & (e[0].len == n));
    if (n <= 24 && t->start + 24 <= c->readable) {
        /* the common case, with no branch on the word's length */
        if ((e[way].len == n) & kh_same_short(e[way].s, w, n))
            return &e[way];
        if ((e[!way].len == n) & kh_same_short(e[!way].s, w, n))
            return &e[!way];
        return bm_miss(w, n, e, tag, c);
    }
    if (e[way].len == n && kh_same_bytes(e[way].s, w, n))
        return &e[way];
    if (e[!way].len == n && kh_same_bytes(e[!way].s, w, n))
        return &e[!way];
    return bm_miss(w, n, e, tag, c);
}

/* The key of context token k (the trainer's token_key()), hashed, and in
 * *w_c (when not NULL) the weight of its C feature. */
static uint64_t hash_key(const char *text, const kh_segtok *toks, size_t k,
                         kh_segcache *c, int32_t *w_c) {
    const kh_segtok *t = &toks[k];
    uint64_t h = c->h_other;
    int32_t wc = c->c_other;
    switch (t->type) {
    case KH_TOKEN_WORD:
        if (t->script == KH_SCRIPT_DEVANAGARI) {
            const bm_word_ent *e = bm_entry(text, t, c);
            h = e->word;
            wc = e->w_as_c;
        } else if (t->script == KH_SCRIPT_LATIN) {
            h = c->h_latin;
            wc = c->c_latin;
        }
        break;
    case KH_TOKEN_PUNCT:
        h = shash(text + t->start, t->end - t->start);
        wc = w_c ? weight(feat1(F_C, h)) : 0;
        break;
    case KH_TOKEN_NUMBER:
        h = c->h_number;
        wc = c->c_number;
        break;
    default: break;
    }
    if (w_c)
        *w_c = wc;
    return h;
}

/* Does a sentence end between word i and word i + 1 (both Devanagari,
 * nothing between them, and neither skip bitmap has the gap: the mark
 * pass found that)? `first`: the first token of the sentence. */
static int missing_end(const char *text, const kh_segtok *toks, size_t n,
                       size_t i, size_t first, bm_state *st) {
    const kh_segtok *a = &toks[i], *b = &toks[i + 1];
    kh_segcache *c = st->c;
    const bm_word_ent *we = bm_entry(text, a, c);
    uint64_t ha = we->word;
    int32_t a_as_a = we->w_as_a, a_ac_max = we->ac_max, a_pa_max = we->pa_max;
    we = bm_entry(text, b, c);
    uint64_t hb = we->word;
    int32_t b_as_b = we->w_as_b, b_bc_max = we->bc_max;
    size_t before = i - first + 1, after;
    if (before > KH_BM_CAP)
        before = KH_BM_CAP;
    /* tokens from b to the next end mark or line start (b itself is a word
     * on this line); the scan resumes where the last one stopped, so every
     * token is scanned once */
    if (st->next_stop < i + 2) {
        /* the mark pass flagged those tokens (4): 8 marks at a time */
        size_t e = i + 2;
        const uint8_t *mk = st->marks;
        for (uint64_t w; e + 8 <= n; e += 8) {
            memcpy(&w, mk + e, 8);
            if (w & 0x0404040404040404ull) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                e += (size_t)__builtin_ctzll(w & 0x0404040404040404ull) / 8;
#endif
                break;
            }
        }
        while (e < n && !(mk[e] & 4))
            e++;
        st->next_stop = e;
    }
    after = st->next_stop - (i + 1);
    if (after > KH_BM_CAP)
        after = KH_BM_CAP;
    /* The model's two-step decision, as the trainer makes it: the words'
     * own features first; the context's (they add at most a's bounds on AC
     * and PA, b's on BC and the largest C weight, and cost two more word
     * lookups) only when those do not decide. */
    int32_t w_ab = weight(feat2(F_AB, ha, hb));
    int32_t s = kh_bm_bias + a_as_a + b_as_b + w_ab +
                c->w_lr[c->len_class[before]][c->len_class[after]];
    if (s + a_ac_max + a_pa_max + b_bc_max + KH_BM_C_MAX + KH_BM_SUB_POS <=
        kh_bm_threshold)
        return 0;
    /* the next word's features first (with b, with a, alone): in most
     * gaps they leave the sum so low that the word before cannot lift it
     * (a's PAX bounds its weight with a), and that word is not looked up
     * at all */
    int32_t w_c = c->c_end;
    uint64_t hc = i + 2 < n && !toks[i + 2].newlines_before
                      ? hash_key(text, toks, i + 2, c, &w_c)
                      : c->h_end;
    s += weight(feat2(F_BC, hb, hc)) + weight(feat2(F_AC, ha, hc)) + w_c;
    if (s + a_pa_max + KH_BM_SUB_POS <= kh_bm_threshold)
        return 0;
    uint64_t hp = i > 0 && !a->newlines_before
                      ? hash_key(text, toks, i - 1, c, NULL)
                      : c->h_start;
    s += weight(feat2(F_PA, hp, ha));
    /* subordinating words earlier in the sentence, each counted once;
     * only looked for when they can change the decision */
    if (s + KH_BM_SUB_POS <= kh_bm_threshold)
        return 0;
    if (s + KH_BM_SUB_NEG > kh_bm_threshold)
        return 1;
    uint64_t seen = 0;
    size_t lo = i - first > KH_BM_SEG_BACK ? i - KH_BM_SEG_BACK : first;
    for (size_t k = lo; k < i; k++) {
        const kh_segtok *t = &toks[k];
        size_t tn = t->end - t->start;
        const char *ts = text + t->start;
        if (t->type != KH_TOKEN_WORD || tn < 3 || tn > 24)
            continue;
        /* one test, not one per listed word, for most words */
        if (!((c->sub_len >> tn) &
              (c->sub_third >> ((unsigned char)ts[2] & 63)) & 1))
            continue;
        unsigned j = 0;
        for (const kh_bm_word *w = kh_bm_sub_words; w->s; w++, j++)
            if (w->n == tn && w->s[2] == ts[2] && w->s[tn - 1] == ts[tn - 1] &&
                !memcmp(ts, w->s, tn) && !(seen >> j & 1)) {
                seen |= 1ull << j;
                s += w->w;
            }
    }
    return s > kh_bm_threshold;
}

/* Marks in busy[] the tokens that the loop of kh_segment_sentences() must look
 * at; the others are quiet: words with nothing before them but a space, that
 * are no ambiguous initial and whose gap to the next word the skip bitmaps
 * already decide (or that have no such gap). For a quiet token the loop
 * would do nothing, unless the token before left the sentence ended (the
 * loop then looks at it anyway), so it skips them; this pass has no branch,
 * and only about a quarter of the tokens of news text are busy. It also
 * counts what decides whether the text uses "." as its full stop (". "
 * after Hindi words against dandas), for the ambiguous initials. A busy
 * token whose gap to the next the model must score gets 3, not 1; 4 is
 * added for an end mark the model was trained on (exactly one of । ॥ ? !
 * . |: KH_SEG_STOP) and for a token that starts a line, where the model
 * stops counting the words after a gap (such tokens are busy anyway).
 *
 * The analyzer calls it as tokens come, while their records are in cache:
 * a token is marked once the next one is known, where SSE2 is there in
 * whole groups of 16 (the rest at `final`). */
#if defined(__SSE2__)
/* The sum of the 16 byte lanes of v. */
static inline size_t sum_lanes(__m128i v) {
    __m128i s = _mm_sad_epu8(v, _mm_setzero_si128());
    return (size_t)_mm_cvtsi128_si32(s) +
           (size_t)_mm_cvtsi128_si32(_mm_srli_si128(s, 8));
}
#endif

void kh_segment_mark(const char *text, const kh_segtok *toks, size_t n,
                     int final, kh_segmark *m, uint8_t *busy) {
    (void)text; /* the tokenizer's flags hold what was read from it */
    size_t end = final ? n : n ? n - 1 : 0;
    if (end <= m->next)
        return;
    size_t first = m->next, i = first;
    /* the flags of the token before (busy[first - 1] is marked already,
     * its record still has them) */
    unsigned prev = first ? toks[first - 1].seg : 0;
    size_t dandas = 0, periods = 0;
#if defined(__SSE2__)
    /* 16 tokens at a time, from the flags in busy[i..i + 17): each store
     * overwrites only flags already loaded */
    if (i + 16 < n && i + 16 <= end) {
        const __m128i one = _mm_set1_epi8(1), three = _mm_set1_epi8(3);
        const __m128i f_busy = _mm_set1_epi8(KH_SEG_BUSY);
        const __m128i f_danda = _mm_set1_epi8(KH_SEG_DANDA);
        const __m128i f_period = _mm_set1_epi8(KH_SEG_PERIOD);
        const __m128i f_dev = _mm_set1_epi8(KH_SEG_DEVSCRIPT);
        const __m128i f_gap_b = _mm_set1_epi8((char)KH_SEG_GAP_B);
        const __m128i f_stop = _mm_set1_epi8(KH_SEG_STOP | KH_SEG_LINE);
        const __m128i four = _mm_set1_epi8(4);
        __m128i carry = _mm_cvtsi32_si128((int)prev); /* in byte 0 */
        /* dandas and periods counted per byte lane (a compare gives -1),
         * summed every 255 steps: no popcount, which x86-64 without
         * -mpopcnt makes a library call */
        __m128i n_danda = _mm_setzero_si128(), n_period = n_danda;
        unsigned steps = 0;
        for (; i + 16 < n && i + 16 <= end; i += 16) {
            __m128i f = _mm_loadu_si128((const __m128i *)(busy + i));
            __m128i next = _mm_loadu_si128((const __m128i *)(busy + i + 1));
            __m128i before = _mm_or_si128(_mm_slli_si128(f, 1), carry);
            carry = _mm_srli_si128(f, 15);
            __m128i gap = _mm_and_si128(
                _mm_cmpeq_epi8(_mm_and_si128(f, one), one),
                _mm_cmpeq_epi8(_mm_and_si128(next, f_gap_b), f_gap_b));
            __m128i b = _mm_or_si128(
                _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(f, f_busy), f_busy),
                              one),
                _mm_and_si128(gap, three));
            b = _mm_or_si128(
                b, _mm_andnot_si128(_mm_cmpeq_epi8(_mm_and_si128(f, f_stop),
                                                   _mm_setzero_si128()),
                                    four));
            n_danda = _mm_sub_epi8(
                n_danda, _mm_cmpeq_epi8(_mm_and_si128(f, f_danda), f_danda));
            n_period = _mm_sub_epi8(
                n_period,
                _mm_and_si128(
                    _mm_cmpeq_epi8(_mm_and_si128(f, f_period), f_period),
                    _mm_cmpeq_epi8(_mm_and_si128(before, f_dev), f_dev)));
            _mm_storeu_si128((__m128i *)(busy + i), b);
            if (++steps == 255) {
                dandas += sum_lanes(n_danda);
                periods += sum_lanes(n_period);
                n_danda = n_period = _mm_setzero_si128();
                steps = 0;
            }
        }
        dandas += sum_lanes(n_danda);
        periods += sum_lanes(n_period);
        prev = toks[i - 1].seg;
    }
    /* Until the last call, the tokens short of a whole group of 16 wait
     * for the next call: called after every run of tokens, the byte loop
     * below took a third of them. */
    if (!final) {
        if (i == first)
            return;
        end = i;
    }
#endif
    for (; i < end; i++) {
        unsigned f = busy[i];
        /* a gap the model may have to score: the tokenizer looked both
         * words up in the skip bitmaps */
        unsigned gap =
            i + 1 < n ? f & (unsigned)busy[i + 1] / KH_SEG_GAP_B & 1 : 0;
        busy[i] = (uint8_t)((f / KH_SEG_BUSY & 1) | gap | gap << 1 |
                            ((f & (KH_SEG_STOP | KH_SEG_LINE)) != 0) << 2);
        dandas += f / KH_SEG_DANDA & 1;
        periods += f / KH_SEG_PERIOD & prev / KH_SEG_DEVSCRIPT & 1;
        prev = f;
    }
    if (!first)
        busy[0] |= 1; /* token 0 opens a sentence */
    m->dandas += dandas;
    m->periods += periods;
    m->next = end;
}

void kh_segment_sentences(const char *text, const kh_segtok *toks, size_t n,
                          int wrapped, kh_segcache *cache, kh_segmark *mark,
                          uint8_t *starts) {
    if (!n)
        return;
    kh_segment_mark(text, toks, n, 1, mark, starts);
    int full_stop = mark->periods > mark->dandas;
    cache->readable = toks[n - 1].end;
    size_t sent_first = 0; /* first token of the current sentence */
    bm_state bm = {0, cache, starts};
    int ended = 0;       /* an end mark was seen; closers may follow */
    unsigned quotes = 0; /* straight quotes seen in this sentence */
    for (size_t i = 0;; i++) {
        /* skip the quiet tokens, 8 at a time where they come in runs;
         * after a token that left the sentence ended, the next one is
         * looked at whatever its mark */
        while (!ended && i + 8 <= n) {
            uint64_t w;
            memcpy(&w, starts + i, 8);
            if (w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                i += (size_t)__builtin_ctzll(w) / 8;
#endif
                break;
            }
            i += 8;
        }
        while (!ended && i < n && !starts[i])
            i++;
        if (i >= n)
            break;
        unsigned gap = starts[i] >> 1 & 1; /* the gap after it is scored */
        starts[i] = i ? 0 : 2;
        const kh_segtok *t = &toks[i];
        if (i > 0) {
            int br = 0;
            if (t->blank_before)
                br = 2;
            else if (t->newlines_before && !wrapped)
                br = 1;
            else if (ended) {
                /* After an end mark: closers stay, anything else starts. */
                int attached = t->start == toks[i - 1].end;
                if (is_closer(text, t) ||
                    (is_quote(text, t) && (quotes % 2 == 1 || attached)) ||
                    terminal_punct(text, t, &toks[i - 1]) ||
                    (is_period(text, t) && attached))
                    br = 0;
                else
                    br = 1;
            }
            if (br) {
                starts[i] = (uint8_t)br;
                sent_first = i;
                ended = 0;
                quotes = 0;
            }
        }
        /* is_quote(), without a branch: most busy tokens are no quote */
        quotes += (unsigned)(t->type == KH_TOKEN_PUNCT) &
                  (unsigned)(t->end - t->start == 1) &
                  (unsigned)(text[t->start] == '"' || text[t->start] == '\'');
        if (ended)
            continue;
        /* Words (most tokens) can only end a sentence where the model
         * finds a missing end mark or as an ambiguous initial: test those
         * first and move on. */
        if (t->type == KH_TOKEN_WORD) {
            const kh_segtok *next = i + 1 < n ? &toks[i + 1] : NULL;
            if (gap && missing_end(text, toks, n, i, sent_first, &bm))
                ended = 1;
            else if (t->abbrev == KH_ABBREV_AMBIGUOUS && full_stop) {
                const kh_segtok *prev = i > sent_first ? &toks[i - 1] : NULL;
                int in_run = (prev && prev->abbrev >= KH_ABBREV_INITIAL &&
                              !t->newlines_before) ||
                             (next && next->abbrev >= KH_ABBREV_INITIAL &&
                              !next->newlines_before);
                if (!in_run)
                    ended = 1;
            }
            continue;
        }
        if (t->type != KH_TOKEN_PUNCT)
            continue;
        const kh_segtok *prev = i > sent_first ? &toks[i - 1] : NULL;
        const kh_segtok *next = i + 1 < n ? &toks[i + 1] : NULL;
        if (terminal_punct(text, t, prev)) {
            ended = 1;
        } else if (is_period(text, t)) {
            /* "1." or "क." opening a line is list numbering */
            int numbering =
                i == sent_first + 1 && prev &&
                (prev->type == KH_TOKEN_NUMBER ||
                 (prev->end - prev->start <= 3 && prev->type == KH_TOKEN_WORD));
            int lower_next = next && !next->newlines_before &&
                             starts_lower_latin(text, next) && prev &&
                             prev->script == KH_SCRIPT_LATIN;
            if (!numbering && !lower_next)
                ended = 1;
        } else if (is_ellipsis(text, t)) {
            /* "..." before a new clause ends a sentence; before a lowercase
             * Latin word it is a pause inside one */
            if (!(next && (starts_lower_latin(text, next) ||
                           tok_in(text, next, conjunctions))))
                ended = 1;
        }
    }
}
