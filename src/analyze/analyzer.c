/*
 * analyzer.c — the public analysis API: kh_analyzer (configuration, shared
 * between threads) and kh_doc (the per-thread result and workspace).
 *
 * kh_analyze() runs tokenize -> normalize (-> stem, romanize, key) ->
 * segment over one buffer. It keeps only a compact record per token
 * (kh_segtok, ~28 bytes) and builds the public kh_token array on first
 * access: counting sentences and tokens never pays for it, and a block's
 * records stay in cache. Derived strings live in one arena per doc; a form
 * equal to its text (most Hindi words' norm) points into the input and
 * costs no copy. Arrays are reused across calls, so steady-state analysis
 * allocates nothing.
 */
#include "analyze.h"
#include "core.h"

#include <stdlib.h>
#include <string.h>

struct kh_analyzer {
    unsigned flags;
};

enum { F_NORM, F_STEM, F_ROMAN, F_KEY, N_FIELDS };

#define KH_ABSENT (UINT32_MAX - 1) /* form not computed: NULL pointer */
#define KH_CACHED 0x80000000u      /* offset into the word cache's arena */
#define KH_ARENA_MAX 0x7FFFFFFFu   /* both arenas stay below this */

/* Where a derived string lives: the text of the record's span (KH_SAME),
 * the arena (an offset), or nowhere (KH_ABSENT). */
typedef struct form_ref {
    uint32_t off, len;
} form_ref;

/* The forms of a token (when stems, roman or keys are on, or when it is a
 * compound) and of each compound part, which follow their token's record. */
typedef struct forms_rec {
    uint32_t start, end;
    form_ref f[N_FIELDS];
} forms_rec;

struct kh_doc {
    const char *text;
    size_t len; /* of text */
    size_t base;

    kh_segtok *tok;
    uint8_t *starts;
    size_t ntok, captok;

    forms_rec *forms;
    size_t nforms, capforms;

    kh_sentence *sent;
    size_t nsent, capsent;

    /* public views, built on first access by materialize() */
    kh_token *pub;
    kh_part *pubpart; /* parallel to forms */
    size_t cappub, cappubpart;
    int pub_ready;

    kh_buf arena;
    kh_stemmer *stemmer;
    kh_segcache *segcache;

    /* Word cache: the stem, romanization and key of words already seen.
     * News repeats its words (a few thousand types per hundred thousand
     * tokens), so most tokens skip the stemmer and key builders. Entries
     * live across calls; the cache is emptied when it fills. The hash
     * table holds 4-byte slots (16 bits of the hash and the entry's index)
     * and the entries sit in the order they came: the frequent words come
     * early, so the entries most tokens read share a few cache lines. */
    uint32_t *cache_slot; /* CACHE_SLOTS; 0 = empty */
    struct cache_ent *cache;
    size_t cache_n;
    kh_buf carena;
};

#define CACHE_HEAD 24 /* words up to this many bytes are kept in the entry */

/* One cached word: 64 bytes, one cache line. A word of up to CACHE_HEAD
 * bytes (7 Devanagari letters: most words) is compared with the copy in
 * its entry, so that a lookup reads no other line than the entry's. */
typedef struct cache_ent {
    uint64_t hash;
    uint32_t text_off; /* in the cache's arena, for a longer word */
    uint16_t text_len;
    uint8_t type, script;
    form_ref f[N_FIELDS - F_STEM]; /* stem, roman, key: KH_CACHED offsets */
    char head[CACHE_HEAD];         /* the text of a short word */
} cache_ent;
_Static_assert(sizeof(cache_ent) == 64, "a cache entry is one cache line");

#ifndef KH_WORD_CACHE
#define KH_WORD_CACHE 1 /* -DKH_WORD_CACHE=0 to compare without it */
#endif
#define CACHE_SLOTS 65536 /* at most half of them used */
#define CACHE_BYTES (8u << 20)

static const char *const type_names[] = {"word",    "number",  "punct",
                                         "symbol",  "url",     "email",
                                         "hashtag", "mention", "other"};
static const char *const script_names[] = {"none", "devanagari", "latin",
                                           "mixed", "other"};

const char *kh_token_type_name(kh_token_type type) {
    return (unsigned)type < sizeof type_names / sizeof *type_names
               ? type_names[type]
               : "other";
}

const char *kh_script_name(kh_script script) {
    return (unsigned)script < sizeof script_names / sizeof *script_names
               ? script_names[script]
               : "other";
}

kh_status kh_analyzer_new(const kh_analyzer_options *opts, kh_analyzer **out,
                          kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_analyzer_new: out is NULL");
    *out = NULL;
    unsigned known = KH_ANALYZE_WRAPPED | KH_ANALYZE_ALL |
                     KH_ANALYZE_FOLD_VOWELS | KH_ANALYZE_NO_SENTENCES;
    if (opts && (opts->flags & ~known))
        return kh_fail(err, KH_ERR_ARG, "kh_analyzer_new: unknown flags 0x%x",
                       opts->flags & ~known);
    kh_analyzer *an = calloc(1, sizeof *an);
    if (!an)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    an->flags = opts ? opts->flags : 0;
    *out = an;
    return KH_OK;
}

void kh_analyzer_free(kh_analyzer *an) {
    free(an);
}

kh_status kh_doc_new(kh_doc **out, kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_doc_new: out is NULL");
    *out = calloc(1, sizeof **out);
    return *out ? KH_OK : kh_fail(err, KH_ERR_NOMEM, "out of memory");
}

void kh_doc_free(kh_doc *doc) {
    if (!doc)
        return;
    free(doc->tok);
    free(doc->starts);
    free(doc->forms);
    free(doc->sent);
    free(doc->pub);
    free(doc->pubpart);
    kh_buf_free(&doc->arena);
    kh_buf_free(&doc->carena);
    free(doc->cache);
    free(doc->cache_slot);
    kh_stemmer_free(doc->stemmer);
    kh_segcache_free(doc->segcache);
    free(doc);
}

/* ---- growth ----------------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int grow_tokens(kh_doc *d, size_t need) {
    if (need <= d->captok)
        return 0;
    size_t c = d->captok ? d->captok : 1024;
    while (c < need)
        c *= 2;
    size_t c1 = d->captok, c2 = d->captok;
    if (grow((void **)&d->tok, &c1, c, sizeof *d->tok) ||
        grow((void **)&d->starts, &c2, c, 1))
        return -1;
    d->captok = c;
    return 0;
}

/* ---- public views ------------------------------------------------------ */

/* Where a stored form's bytes are. */
static const char *ref_ptr(const kh_doc *d, form_ref r, uint32_t start) {
    /* an empty form may sit at offset 0 of an arena never allocated */
    const char *base = r.off == KH_SAME      ? d->text
                       : (r.off & KH_CACHED) ? d->carena.data
                                             : d->arena.data;
    size_t off = r.off == KH_SAME ? start : r.off & ~KH_CACHED;
    return base ? base + off : "";
}

static void view(const kh_doc *d, form_ref r, uint32_t start, const char **p,
                 size_t *n) {
    if (r.off == KH_ABSENT) {
        *p = NULL;
        *n = 0;
    } else {
        *p = ref_ptr(d, r, start);
        *n = r.len;
    }
}

/* Builds the public kh_token / kh_part arrays from the compact records,
 * once per analysis, on first access. */
static int materialize(kh_doc *d) {
    if (d->pub_ready)
        return 0;
    if (grow((void **)&d->pub, &d->cappub, d->ntok, sizeof *d->pub) ||
        grow((void **)&d->pubpart, &d->cappubpart, d->nforms,
             sizeof *d->pubpart))
        return -1;
    for (size_t i = 0; i < d->ntok; i++) {
        const kh_segtok *r = &d->tok[i];
        kh_token *t = &d->pub[i];
        memset(t, 0, sizeof *t);
        t->start = d->base + r->start;
        t->end = d->base + r->end;
        t->type = (kh_token_type)r->type;
        t->script = (kh_script)r->script;
        t->sentence_start = d->starts[i] != 0;
        t->space_after = i + 1 < d->ntok ? d->tok[i + 1].start > r->end : 1;
        form_ref nr = {r->norm_off, r->norm_len};
        view(d, nr, r->start, &t->norm, &t->norm_len);
        t->n_parts = r->n_parts;
        if (r->extra == KH_NONE)
            continue;
        const forms_rec *fr = &d->forms[r->extra];
        view(d, fr->f[F_STEM], r->start, &t->stem, &t->stem_len);
        view(d, fr->f[F_ROMAN], r->start, &t->roman, &t->roman_len);
        view(d, fr->f[F_KEY], r->start, &t->key, &t->key_len);
        for (unsigned p = 0; p < r->n_parts; p++) {
            const forms_rec *pr = &d->forms[r->extra + 1 + p];
            kh_part *pp = &d->pubpart[r->extra + 1 + p];
            pp->start = d->base + pr->start;
            pp->end = d->base + pr->end;
            view(d, pr->f[F_NORM], pr->start, &pp->norm, &pp->norm_len);
            view(d, pr->f[F_STEM], pr->start, &pp->stem, &pp->stem_len);
            view(d, pr->f[F_ROMAN], pr->start, &pp->roman, &pp->roman_len);
            view(d, pr->f[F_KEY], pr->start, &pp->key, &pp->key_len);
        }
    }
    d->pub_ready = 1;
    return 0;
}

size_t kh_doc_sentence_count(const kh_doc *doc) {
    return doc ? doc->nsent : 0;
}

const kh_sentence *kh_doc_sentence(const kh_doc *doc, size_t i) {
    return doc && i < doc->nsent ? &doc->sent[i] : NULL;
}

size_t kh_doc_token_count(const kh_doc *doc) {
    return doc ? doc->ntok : 0;
}

/* The views are a cache of the records: building them on a const doc is
 * safe because a kh_doc belongs to one thread. */
const kh_token *kh_doc_token(const kh_doc *doc, size_t i) {
    if (!doc || i >= doc->ntok || materialize((kh_doc *)doc))
        return NULL;
    return &doc->pub[i];
}

const kh_part *kh_doc_token_part(const kh_doc *doc, size_t token,
                                 unsigned part) {
    if (!doc || token >= doc->ntok || part >= doc->tok[token].n_parts ||
        materialize((kh_doc *)doc))
        return NULL;
    return &doc->pubpart[doc->tok[token].extra + 1 + part];
}

/* ---- derived forms ---------------------------------------------------- */

typedef size_t (*word_fn)(const char *, size_t, char *, size_t);

/* Keeps the `need` bytes just written at the arena's end as a form. */
static int arena_commit(kh_buf *a, size_t need, form_ref *out) {
    if (a->len + need >= KH_ARENA_MAX)
        return -1;
    out->off = (uint32_t)a->len;
    out->len = (uint32_t)need;
    a->len += need;
    return 0;
}

/* Runs fn(src) into the arena. `src` is given as a ref so that it can be
 * re-read after the arena grows. */
static int arena_fn(kh_doc *d, word_fn fn, form_ref src, uint32_t start,
                    form_ref *out) {
    kh_buf *a = &d->arena;
    if (kh_buf_reserve(a, (size_t)src.len * 3 + 32))
        return -1;
    size_t need =
        fn(ref_ptr(d, src, start), src.len, a->data + a->len, a->cap - a->len);
    if (need > a->cap - a->len) {
        if (kh_buf_reserve(a, need))
            return -1;
        need = fn(ref_ptr(d, src, start), src.len, a->data + a->len,
                  a->cap - a->len);
    }
    return arena_commit(a, need, out);
}

static int norm_fn(kh_doc *d, unsigned flags, uint32_t start, uint32_t end,
                   form_ref *out) {
    kh_buf *a = &d->arena;
    size_t n = end - start;
    int same = 0;
    if (kh_buf_reserve(a, n * 3 + 32))
        return -1;
    size_t need = kh_norm(d->text + start, n, flags, a->data + a->len,
                          a->cap - a->len, &same);
    if (same) {
        out->off = KH_SAME;
        out->len = (uint32_t)n;
        return 0;
    }
    if (need > a->cap - a->len) {
        if (kh_buf_reserve(a, need))
            return -1;
        need = kh_norm(d->text + start, n, flags, a->data + a->len,
                       a->cap - a->len, &same);
    }
    return arena_commit(a, need, out);
}

/* Stem, romanization and key of one span whose norm is already known. */
/* Which units get a stem from the stemmer (the others' stem is their
 * norm), and which key function a unit's norm goes through (NULL: the key
 * is empty). The analyzer's forms and the index's word table
 * (kh_doc_unit_forms) both follow these rules, so that queries and
 * documents meet. */
static int stemmed(int type, size_t norm_len) {
    return type == KH_TOKEN_WORD && norm_len;
}

static word_fn key_fn(int type, int script, size_t norm_len) {
    int letters = type == KH_TOKEN_WORD || type == KH_TOKEN_HASHTAG;
    if (!letters || !norm_len)
        return NULL;
    return script == KH_SCRIPT_DEVANAGARI ? kh_key_deva
           : script == KH_SCRIPT_LATIN    ? kh_key_latin
                                          : NULL;
}

static int other_forms(const kh_analyzer *an, kh_doc *d, forms_rec *fr,
                       int type, int script) {
    form_ref norm = fr->f[F_NORM];
    uint32_t start = fr->start;
    kh_buf *a = &d->arena;
    fr->f[F_STEM].off = fr->f[F_ROMAN].off = fr->f[F_KEY].off = KH_ABSENT;
    fr->f[F_STEM].len = fr->f[F_ROMAN].len = fr->f[F_KEY].len = 0;
    if (an->flags & KH_ANALYZE_STEMS) {
        if (stemmed(type, norm.len)) {
            if (kh_buf_reserve(a, (size_t)norm.len * 2 + 32))
                return -1;
            size_t cap = a->cap - a->len;
            size_t need =
                kh_stem(d->stemmer, (kh_script)script, ref_ptr(d, norm, start),
                        norm.len, a->data + a->len, cap);
            if (need > cap) {
                if (kh_buf_reserve(a, need))
                    return -1;
                need = kh_stem(d->stemmer, (kh_script)script,
                               ref_ptr(d, norm, start), norm.len,
                               a->data + a->len, a->cap - a->len);
            }
            fr->f[F_STEM].off = (uint32_t)a->len;
            fr->f[F_STEM].len = (uint32_t)need;
            a->len += need;
        } else {
            fr->f[F_STEM] = norm;
        }
    }
    if (an->flags & KH_ANALYZE_ROMAN) {
        if (script == KH_SCRIPT_DEVANAGARI || script == KH_SCRIPT_MIXED) {
            form_ref text = {KH_SAME, fr->end - fr->start};
            if (arena_fn(d, kh_roman_iso, text, start, &fr->f[F_ROMAN]))
                return -1;
        } else {
            fr->f[F_ROMAN].off = KH_SAME;
            fr->f[F_ROMAN].len = fr->end - fr->start;
        }
    }
    if (an->flags & KH_ANALYZE_KEYS) {
        word_fn kf = key_fn(type, script, norm.len);
        if (kf) {
            if (arena_fn(d, kf, norm, start, &fr->f[F_KEY]))
                return -1;
        } else {
            fr->f[F_KEY].off = (uint32_t)a->len; /* empty string */
            fr->f[F_KEY].len = 0;
        }
    }
    return 0;
}

static forms_rec *new_forms(kh_doc *d, uint32_t start, uint32_t end) {
    if (d->nforms == d->capforms &&
        grow((void **)&d->forms, &d->capforms, d->nforms + 1, sizeof *d->forms))
        return NULL;
    forms_rec *fr = &d->forms[d->nforms++];
    fr->start = start;
    fr->end = end;
    for (int k = 0; k < N_FIELDS; k++) {
        fr->f[k].off = KH_ABSENT;
        fr->f[k].len = 0;
    }
    return fr;
}

/* The script of a compound part, from its letters. */
static int part_script(const char *s, size_t n) {
    int sc = KH_SCRIPT_NONE;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int x = c == 0xE0 ? KH_SCRIPT_DEVANAGARI
                : ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? KH_SCRIPT_LATIN
                : c >= 0xC0                                ? KH_SCRIPT_OTHER
                                                           : KH_SCRIPT_NONE;
        if (x == KH_SCRIPT_NONE || x == sc)
            continue;
        sc = sc == KH_SCRIPT_NONE ? x : KH_SCRIPT_MIXED;
    }
    return sc;
}

/* ---- word cache --------------------------------------------------------- */

/* Hash of a word for the cache: 8 bytes at a time (a word is ~12 bytes),
 * multiply-xorshift mixing. Not cryptographic; collisions are resolved by
 * comparing the bytes. A word of up to 24 bytes (nearly all) is read as
 * three words with no branch on its length; its hash is the same whether
 * the text after it could be read (kh_load24) or not. */
static uint64_t hash_word(const kh_doc *d, const char *s, size_t n, int type) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ ((uint64_t)n << 8) ^ (uint64_t)type;
    if (n <= 24) {
        const unsigned char *u = (const unsigned char *)s;
        uint64_t w[3];
        if ((size_t)(s - d->text) + 24 <= d->len)
            kh_load24(u, n, w);
        else
            kh_load24_exact(u, n, w);
        for (int k = 0; k < 2; k++) {
            h = (h ^ w[k]) * 0xBF58476D1CE4E5B9ull;
            h ^= h >> 31;
        }
        h = (h ^ w[2]) * 0x94D049BB133111EBull;
        h ^= h >> 29;
        return h ? h : 1;
    }
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    uint64_t w = kh_load_le((const unsigned char *)s, n);
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h ? h : 1;
}

/* The cached entry of a word, or NULL; then *slot is the empty slot where
 * it would go (UINT32_MAX when there is no table yet). */
static cache_ent *cache_find(kh_doc *d, uint64_t h, const char *s, size_t n,
                             int type, uint32_t *slot) {
    *slot = UINT32_MAX;
    if (!d->cache_slot)
        return NULL;
    uint32_t tag = (uint32_t)(h >> 48);
    for (uint32_t i = (uint32_t)h & (CACHE_SLOTS - 1);;
         i = (i + 1) & (CACHE_SLOTS - 1)) {
        uint32_t v = d->cache_slot[i];
        if (!v) {
            *slot = i;
            return NULL;
        }
        if (v >> 16 != tag)
            continue;
        cache_ent *e = &d->cache[(v & 0xFFFF) - 1];
        if (e->hash != h || e->text_len != n || e->type != type)
            continue;
        /* a short word with 24 bytes of text after its start (nearly all)
         * is compared with no branch on its length */
        if (((n <= CACHE_HEAD) & ((size_t)(s - d->text) + CACHE_HEAD <= d->len))
                ? kh_same_short(e->head, s, n)
                : kh_same_bytes(n <= CACHE_HEAD ? e->head
                                                : d->carena.data + e->text_off,
                                s, n))
            return e;
    }
}

/* Copies a form computed into the doc arena (or the text) to the cache's
 * arena; returns the cached ref. */
static form_ref cache_copy(kh_doc *d, form_ref r, uint32_t start) {
    form_ref c = {KH_ABSENT, 0};
    if (r.off == KH_ABSENT)
        return c;
    size_t off = d->carena.len;
    if (kh_buf_append(&d->carena, ref_ptr(d, r, start), r.len))
        return c;
    c.off = (uint32_t)off | KH_CACHED;
    c.len = r.len;
    return c;
}

/* Remembers the forms of one word; silently does nothing when full or out
 * of memory (the cache is only a speed-up). */
static void cache_put(kh_doc *d, uint32_t slot, uint64_t h, const forms_rec *fr,
                      int type, int script) {
    if (!d->cache_slot) {
        d->cache_slot = calloc(CACHE_SLOTS, sizeof *d->cache_slot);
        d->cache = aligned_alloc(64, CACHE_SLOTS / 2 * sizeof *d->cache);
        if (!d->cache_slot || !d->cache) {
            free(d->cache_slot);
            free(d->cache);
            d->cache_slot = NULL;
            d->cache = NULL;
            return;
        }
        cache_find(d, h, d->text + fr->start, fr->end - fr->start, type, &slot);
    }
    /* Full: stop adding until the next call empties it (tokens of this
     * call may point into the cache's arena). */
    if (d->cache_n >= CACHE_SLOTS / 2 || d->carena.len >= CACHE_BYTES)
        return;
    uint32_t n = fr->end - fr->start;
    if (n > UINT16_MAX)
        return;
    cache_ent e;
    memset(&e, 0, sizeof e);
    e.hash = h;
    e.text_len = (uint16_t)n;
    e.type = (uint8_t)type;
    e.script = (uint8_t)script;
    if (n <= CACHE_HEAD) {
        memcpy(e.head, d->text + fr->start, n);
    } else {
        e.text_off = (uint32_t)d->carena.len;
        if (kh_buf_append(&d->carena, d->text + fr->start, n))
            return;
    }
    for (int k = F_STEM; k < N_FIELDS; k++) {
        e.f[k - F_STEM] = cache_copy(d, fr->f[k], fr->start);
        if (fr->f[k].off != KH_ABSENT && e.f[k - F_STEM].off == KH_ABSENT)
            return;
    }
    d->cache[d->cache_n++] = e;
    /* the index fits in 16 bits: at most CACHE_SLOTS / 2 entries */
    d->cache_slot[slot] = (uint32_t)(h >> 48) << 16 | (uint32_t)d->cache_n;
}

/* The norm and (when asked for) the other forms of token t, whose
 * record holds its span, type and script; `rt` is the tokenizer's view of
 * it, or NULL for a token of the fast loop (no parts; its norm is its text
 * unless KH_NORM_PENDING). */
static int token_forms(const kh_analyzer *an, kh_doc *d, kh_segtok *t,
                       const kh_rawtok *rt) {
    const unsigned more = KH_ANALYZE_STEMS | KH_ANALYZE_ROMAN | KH_ANALYZE_KEYS;
    int clean = rt ? rt->clean : t->norm_off != KH_NORM_PENDING;
    unsigned n_parts = rt ? rt->n_parts : 0;
    form_ref norm = {KH_SAME, t->end - t->start};
    if ((!clean || (an->flags & KH_ANALYZE_FOLD_VOWELS)) &&
        norm_fn(d, an->flags, t->start, t->end, &norm))
        return -1;
    t->norm_off = norm.off;
    t->norm_len = norm.len;
    if (!(an->flags & more) && !n_parts)
        return 0;
    t->extra = (uint32_t)d->nforms;
    forms_rec *fr = new_forms(d, t->start, t->end);
    if (!fr)
        return -1;
    fr->f[F_NORM] = norm;
    if ((an->flags & more) && !n_parts && KH_WORD_CACHE &&
        t->type == KH_TOKEN_WORD) {
        const char *w = d->text + t->start;
        size_t wn = t->end - t->start;
        uint64_t h = hash_word(d, w, wn, t->type);
        uint32_t slot;
        cache_ent *ce = cache_find(d, h, w, wn, t->type, &slot);
        if (ce) {
            for (int k = F_STEM; k < N_FIELDS; k++)
                fr->f[k] = ce->f[k - F_STEM];
        } else {
            if (other_forms(an, d, fr, t->type, t->script))
                return -1;
            cache_put(d, slot, h, fr, t->type, t->script);
        }
    } else if ((an->flags & more) && other_forms(an, d, fr, t->type, t->script))
        return -1;
    for (unsigned p = 0; p < n_parts; p++) {
        uint32_t ps = (uint32_t)rt->part_start[p];
        uint32_t pe = (uint32_t)rt->part_end[p];
        int sc = part_script(d->text + ps, pe - ps);
        int type = sc == KH_SCRIPT_NONE ? KH_TOKEN_NUMBER : KH_TOKEN_WORD;
        fr = new_forms(d, ps, pe);
        if (!fr || norm_fn(d, an->flags, ps, pe, &fr->f[F_NORM]) ||
            ((an->flags & more) && other_forms(an, d, fr, type, sc)))
            return -1;
    }
    return 0;
}

/* ---- the driver ------------------------------------------------------- */

kh_status kh_analyze(const kh_analyzer *an, kh_doc *d, const char *text,
                     size_t len, size_t base_offset, kh_error *err) {
    if (!an || !d || (!text && len))
        return kh_fail(err, KH_ERR_ARG, "kh_analyze: NULL argument");
    if (len >= ((size_t)1 << 29))
        return kh_fail(err, KH_ERR_LIMIT,
                       "kh_analyze: %zu bytes in one call (the limit is "
                       "512 MiB; analyse large input in pieces)",
                       len);
    d->text = text ? text : "";
    d->len = len;
    d->base = base_offset;
    d->ntok = d->nforms = d->nsent = 0;
    d->pub_ready = 0;
    d->arena.len = 0;
    if (d->cache_slot &&
        (d->cache_n >= CACHE_SLOTS / 2 || d->carena.len >= CACHE_BYTES)) {
        memset(d->cache_slot, 0, CACHE_SLOTS * sizeof *d->cache_slot);
        d->cache_n = 0;
        d->carena.len = 0;
    }
    const unsigned more = KH_ANALYZE_STEMS | KH_ANALYZE_ROMAN | KH_ANALYZE_KEYS;
    if ((an->flags & KH_ANALYZE_STEMS) && !d->stemmer) {
        kh_status st = kh_stemmer_new(&d->stemmer, err);
        if (st)
            return st;
    }
    /* 1. tokens and their forms: runs of plain tokens straight into the
     * records, the others one at a time */
    const int plain_only = !(an->flags & (more | KH_ANALYZE_FOLD_VOWELS));
    size_t pos = 0;
    kh_segmark mark = {0, 0, 0};
    const int sentences = !(an->flags & KH_ANALYZE_NO_SENTENCES);
    kh_plainscan scan;
    kh_plainscan_start(&scan);
    scan.no_shapes = !sentences;
    while (pos < len) {
        if (sentences)
            kh_segment_mark(d->text, d->tok, d->ntok, 0, &mark, d->starts);
        if (d->ntok == d->captok && grow_tokens(d, d->ntok + 1))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        size_t first = d->ntok, got;
        /* beside the records: mark's input (nothing reads it without
         * sentences; the store is skipped) */
        scan.segs = sentences ? d->starts + first : NULL;
        pos = kh_next_plain_tokens(d->text, len, pos, d->tok + first,
                                   d->captok - first, &got, &scan);
        d->ntok += got;
        int pending = got && d->tok[d->ntok - 1].norm_off == KH_NORM_PENDING;
        if (!plain_only) {
            for (size_t i = first; i < d->ntok; i++)
                if (token_forms(an, d, &d->tok[i], NULL))
                    return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        } else if (pending && token_forms(an, d, &d->tok[d->ntok - 1], NULL))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        if (d->ntok == d->captok || pending)
            continue; /* the run filled the array, or stopped after a word
                       * whose norm it left to us: go on with a run */
        kh_rawtok rt;
        pos = kh_next_token(d->text, len, pos, &rt);
        if (rt.end == rt.start)
            break;
        if (rt.invalid)
            return kh_fail(err, KH_ERR_UTF8,
                           "invalid UTF-8 byte 0x%02X at byte offset %zu",
                           (unsigned)(unsigned char)text[rt.start],
                           base_offset + rt.start);
        kh_segtok *t = &d->tok[d->ntok];
        t->start = (uint32_t)rt.start;
        t->end = (uint32_t)rt.end;
        t->type = rt.type;
        t->script = rt.script;
        t->abbrev = rt.abbrev;
        t->newlines_before = rt.newlines_before;
        t->blank_before = rt.blank_before;
        t->n_parts = rt.n_parts;
        t->extra = KH_NONE;
        t->norm_off = KH_SAME;
        t->norm_len = t->end - t->start;
        t->shape = rt.type == KH_TOKEN_WORD && rt.script == KH_SCRIPT_DEVANAGARI
                       ? kh_shape_hash((const unsigned char *)text + t->start,
                                       t->end - t->start)
                       : 0;
        t->seg = kh_seg_flags(text, t);
        d->starts[d->ntok] = t->seg;
        if (token_forms(an, d, t, &rt))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        d->ntok++;
    }
    /* 2. sentences */
    if (!sentences) {
        if (d->ntok) { /* one sentence, one paragraph */
            memset(d->starts, 0, d->ntok);
            d->starts[0] = 2;
        }
    } else {
        if (!d->segcache && !(d->segcache = kh_segcache_new()))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        kh_segment_sentences(d->text, d->tok, d->ntok,
                             (an->flags & KH_ANALYZE_WRAPPED) != 0, d->segcache,
                             &mark, d->starts);
    }
    /* starts[0] is set whenever there are tokens */
    for (size_t i = 0, j; i < d->ntok; i = j) {
        /* without sentences the one sentence takes all: no scan of starts */
        j = sentences ? i + 1 : d->ntok;
        /* sentences run for dozens of tokens: skip 8 at a time */
        for (uint64_t w; j + 8 <= d->ntok; j += 8) {
            memcpy(&w, d->starts + j, 8);
            if (w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                j += (size_t)__builtin_ctzll(w) / 8; /* no byte loop */
#endif
                break;
            }
        }
        for (; j < d->ntok && !d->starts[j]; j++)
            ;
        if (grow((void **)&d->sent, &d->capsent, d->nsent + 1, sizeof *d->sent))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        kh_sentence *s = &d->sent[d->nsent++];
        s->start = base_offset + d->tok[i].start;
        s->end = base_offset + d->tok[j - 1].end;
        s->first_token = i;
        s->n_tokens = j - i;
        s->paragraph_start = d->starts[i] == 2;
    }
    return KH_OK;
}

/* ---- the index's view ------------------------------------------------- */

void kh_doc_unit(const kh_doc *d, size_t i, kh_unit *u) {
    const kh_segtok *r = &d->tok[i];
    kh_unit_same(r, d->text, u); /* most norms: no branch of view() */
    if (r->norm_off != KH_SAME) {
        form_ref nr = {r->norm_off, r->norm_len};
        view(d, nr, r->start, &u->norm, &u->norm_len);
    }
}

const kh_segtok *kh_doc_records(const kh_doc *d, const char **text) {
    *text = d->text;
    return d->tok;
}

int kh_doc_unit_part(const kh_doc *d, size_t i, unsigned p, kh_unit *u) {
    const kh_segtok *r = &d->tok[i];
    if (p >= r->n_parts || r->extra == KH_NONE)
        return -1;
    /* token_forms' rule for a part's type and script */
    const forms_rec *pr = &d->forms[r->extra + 1 + p];
    int sc = part_script(d->text + pr->start, pr->end - pr->start);
    u->start = pr->start;
    u->script = (uint8_t)sc;
    u->type = sc == KH_SCRIPT_NONE ? KH_TOKEN_NUMBER : KH_TOKEN_WORD;
    u->n_parts = 0;
    view(d, pr->f[F_NORM], pr->start, &u->norm, &u->norm_len);
    return 0;
}

/* Appends what a word function (or the stemmer, when st is not NULL)
 * makes of s; its length in *len. */
static int append_form(kh_buf *out, kh_stemmer *st, int script, word_fn fn,
                       const char *s, size_t n, size_t *len) {
    size_t room = n * 3 + 32;
    for (int round = 0; round < 2; round++) {
        if (kh_buf_reserve(out, room))
            return -1;
        size_t cap = out->cap - out->len;
        char *to = out->data + out->len;
        size_t need = st ? kh_stem(st, (kh_script)script, s, n, to, cap)
                         : fn(s, n, to, cap);
        if (need <= cap) {
            out->len += need;
            *len = need;
            return 0;
        }
        room = need;
    }
    return -1;
}

kh_status kh_doc_unit_forms(kh_doc *d, int type, int script, const char *norm,
                            size_t n, kh_buf *out, size_t *stem_len,
                            size_t *key_len, kh_error *err) {
    if (!d->stemmer) {
        kh_status st = kh_stemmer_new(&d->stemmer, err);
        if (st)
            return st;
    }
    /* other_forms' rules, for an analyzer with stems and keys */
    *stem_len = *key_len = 0;
    int fail;
    if (stemmed(type, n))
        fail = append_form(out, d->stemmer, script, NULL, norm, n, stem_len);
    else if ((fail = kh_buf_append(out, norm, n)) == 0)
        *stem_len = n;
    word_fn kf = key_fn(type, script, n);
    if (!fail && kf)
        fail = append_form(out, NULL, script, kf, norm, n, key_len);
    return fail ? kh_fail(err, KH_ERR_NOMEM, "out of memory") : KH_OK;
}

/* ---- single-word helpers ---------------------------------------------- */

size_t kh_romanize_word(const char *word, size_t len, char *out, size_t cap) {
    return kh_roman_iso(word, len, out, cap);
}

size_t kh_phonetic_key(const char *word, size_t len, char *out, size_t cap) {
    /* The key is built from the norm, and from the Devanagari or the Latin
     * rules depending on the word's letters. */
    char stack[256];
    int same = 0;
    if (len > sizeof stack / 4)
        return kh_key_deva(word, len, out, cap);
    size_t n = kh_norm(word, len, 0, stack, sizeof stack, &same);
    const char *norm = same ? word : stack;
    if (same)
        n = len;
    int deva = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)norm[i] == 0xE0 &&
            ((unsigned char)norm[i + 1] == 0xA4 ||
             (unsigned char)norm[i + 1] == 0xA5))
            deva = 1;
    return deva ? kh_key_deva(norm, n, out, cap)
                : kh_key_latin(norm, n, out, cap);
}
