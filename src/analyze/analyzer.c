/*
 * analyzer.c — the public analysis API: kh_analyzer (configuration, shared
 * between threads) and kh_doc (the per-thread result and workspace).
 *
 * kh_analyze() runs tokenize -> segment -> normalize -> stem/romanize/key
 * over one buffer. Derived strings live in one arena per doc; a token
 * whose norm equals its text (most Hindi words) points into the input and
 * costs no copy. Arrays grow geometrically and are reused across calls, so
 * steady-state analysis allocates nothing.
 */
#include "analyze.h"
#include "core.h"

#include <stdlib.h>
#include <string.h>

struct kh_analyzer {
    unsigned flags;
};

enum { F_NORM, F_STEM, F_ROMAN, F_KEY, N_FIELDS };

struct kh_doc {
    kh_token *tok;
    kh_segtok *seg;
    uint8_t *starts;
    size_t *aoff; /* N_FIELDS arena offsets per token, SIZE_MAX = none */
    size_t *part_first;
    size_t ntok, captok;

    kh_part *part;
    size_t *paoff; /* N_FIELDS arena offsets per part */
    size_t npart, cappart;

    kh_sentence *sent;
    size_t nsent, capsent;

    kh_buf arena;
    kh_stemmer *stemmer;
};

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
    unsigned known =
        KH_ANALYZE_WRAPPED | KH_ANALYZE_ALL | KH_ANALYZE_FOLD_VOWELS;
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
    free(doc->seg);
    free(doc->starts);
    free(doc->aoff);
    free(doc->part_first);
    free(doc->part);
    free(doc->paoff);
    free(doc->sent);
    kh_buf_free(&doc->arena);
    kh_stemmer_free(doc->stemmer);
    free(doc);
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

const kh_token *kh_doc_token(const kh_doc *doc, size_t i) {
    return doc && i < doc->ntok ? &doc->tok[i] : NULL;
}

const kh_part *kh_doc_token_part(const kh_doc *doc, size_t token,
                                 unsigned part) {
    if (!doc || token >= doc->ntok || part >= doc->tok[token].n_parts)
        return NULL;
    return &doc->part[doc->part_first[token] + part];
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
    return 0;
}

static int grow_tokens(kh_doc *d, size_t need) {
    if (need <= d->captok)
        return 0;
    size_t c = d->captok ? d->captok : 256;
    while (c < need)
        c *= 2;
    size_t c0 = d->captok;
    if (grow((void **)&d->tok, &c0, c, sizeof *d->tok))
        return -1;
    c0 = d->captok;
    if (grow((void **)&d->seg, &c0, c, sizeof *d->seg))
        return -1;
    c0 = d->captok;
    if (grow((void **)&d->starts, &c0, c, 1))
        return -1;
    c0 = d->captok;
    if (grow((void **)&d->aoff, &c0, c, sizeof *d->aoff * N_FIELDS))
        return -1;
    c0 = d->captok;
    if (grow((void **)&d->part_first, &c0, c, sizeof *d->part_first))
        return -1;
    d->captok = c;
    return 0;
}

static int grow_parts(kh_doc *d, size_t need) {
    if (need <= d->cappart)
        return 0;
    size_t c = d->cappart ? d->cappart : 64;
    while (c < need)
        c *= 2;
    size_t c0 = d->cappart;
    if (grow((void **)&d->part, &c0, c, sizeof *d->part))
        return -1;
    c0 = d->cappart;
    if (grow((void **)&d->paoff, &c0, c, sizeof *d->paoff * N_FIELDS))
        return -1;
    d->cappart = c;
    return 0;
}

/* ---- derived forms ---------------------------------------------------- */

typedef size_t (*word_fn)(const char *, size_t, char *, size_t);

/* Runs fn into the arena; returns the arena offset (length in *len), or
 * SIZE_MAX on out of memory. */
static size_t arena_put(kh_buf *a, word_fn fn, const char *s, size_t n,
                        size_t *len) {
    size_t room = n * 3 + 32;
    if (kh_buf_reserve(a, room))
        return SIZE_MAX;
    size_t need = fn(s, n, a->data + a->len, a->cap - a->len);
    if (need > a->cap - a->len) {
        if (kh_buf_reserve(a, need))
            return SIZE_MAX;
        need = fn(s, n, a->data + a->len, a->cap - a->len);
    }
    size_t off = a->len;
    a->len += need;
    *len = need;
    return off;
}

/* The forms of one word span: norm, stem, roman, key. `ptr` and `len`
 * receive pointers into the input (when the form equals the text) and
 * `off` arena offsets (SIZE_MAX when not in the arena). */
typedef struct forms {
    const char *ptr[N_FIELDS];
    size_t len[N_FIELDS];
    size_t off[N_FIELDS];
} forms;

static int compute_forms(const kh_analyzer *an, kh_doc *d, const char *text,
                         size_t start, size_t end, int type, int script,
                         forms *f) {
    const char *s = text + start;
    size_t n = end - start;
    kh_buf *a = &d->arena;
    for (int k = 0; k < N_FIELDS; k++) {
        f->ptr[k] = NULL;
        f->len[k] = 0;
        f->off[k] = SIZE_MAX;
    }
    /* norm */
    int same = 0;
    if (kh_buf_reserve(a, n * 3 + 32))
        return -1;
    size_t need =
        kh_norm(s, n, an->flags, a->data + a->len, a->cap - a->len, &same);
    if (same) {
        f->ptr[F_NORM] = s;
        f->len[F_NORM] = n;
    } else {
        if (need > a->cap - a->len) {
            if (kh_buf_reserve(a, need))
                return -1;
            need = kh_norm(s, n, an->flags, a->data + a->len, a->cap - a->len,
                           &same);
        }
        f->off[F_NORM] = a->len;
        f->len[F_NORM] = need;
        a->len += need;
    }
    const char *norm = f->ptr[F_NORM];
    size_t norm_len = f->len[F_NORM];
    int has_letters = script != KH_SCRIPT_NONE &&
                      (type == KH_TOKEN_WORD || type == KH_TOKEN_HASHTAG ||
                       type == KH_TOKEN_NUMBER);
    if (an->flags & KH_ANALYZE_STEMS) {
        if (type == KH_TOKEN_WORD && norm_len) {
            if (kh_buf_reserve(a, norm_len * 2 + 32))
                return -1;
            /* the arena may have moved: re-derive the norm pointer */
            if (!norm)
                norm = a->data + f->off[F_NORM];
            size_t cap = a->cap - a->len;
            char *out = a->data + a->len;
            /* copy the norm first if it lives in the arena (no aliasing) */
            need = kh_stem(d->stemmer, (kh_script)script, norm, norm_len, out,
                           cap);
            if (need > cap) {
                size_t noff = f->off[F_NORM];
                if (kh_buf_reserve(a, need))
                    return -1;
                if (noff != SIZE_MAX)
                    norm = a->data + noff;
                need = kh_stem(d->stemmer, (kh_script)script, norm, norm_len,
                               a->data + a->len, a->cap - a->len);
            }
            f->off[F_STEM] = a->len;
            f->len[F_STEM] = need;
            a->len += need;
            norm = f->ptr[F_NORM];
        } else {
            f->ptr[F_STEM] = f->ptr[F_NORM];
            f->off[F_STEM] = f->off[F_NORM];
            f->len[F_STEM] = f->len[F_NORM];
        }
    }
    if (an->flags & KH_ANALYZE_ROMAN) {
        if (script == KH_SCRIPT_DEVANAGARI || script == KH_SCRIPT_MIXED) {
            size_t len, off = arena_put(a, kh_roman_iso, s, n, &len);
            if (off == SIZE_MAX)
                return -1;
            f->off[F_ROMAN] = off;
            f->len[F_ROMAN] = len;
        } else {
            f->ptr[F_ROMAN] = s;
            f->len[F_ROMAN] = n;
        }
    }
    if (an->flags & KH_ANALYZE_KEYS) {
        if (has_letters && norm_len &&
            (script == KH_SCRIPT_DEVANAGARI || script == KH_SCRIPT_LATIN)) {
            /* keys are computed from the norm; copy it out of the arena
             * first since arena_put may move the arena */
            char stack[512];
            const char *src = f->ptr[F_NORM];
            if (!src) {
                if (norm_len > sizeof stack) {
                    /* rare: very long word; key the raw text instead */
                    src = s;
                    norm_len = n;
                } else {
                    memcpy(stack, a->data + f->off[F_NORM], norm_len);
                    src = stack;
                }
            }
            size_t len,
                off = arena_put(a,
                                script == KH_SCRIPT_DEVANAGARI ? kh_key_deva
                                                               : kh_key_latin,
                                src, norm_len, &len);
            if (off == SIZE_MAX)
                return -1;
            f->off[F_KEY] = off;
            f->len[F_KEY] = len;
        } else {
            f->ptr[F_KEY] = "";
            f->len[F_KEY] = 0;
        }
    }
    return 0;
}

/* ---- the driver ------------------------------------------------------- */

kh_status kh_analyze(const kh_analyzer *an, kh_doc *d, const char *text,
                     size_t len, size_t base_offset, kh_error *err) {
    if (!an || !d || (!text && len))
        return kh_fail(err, KH_ERR_ARG, "kh_analyze: NULL argument");
    d->ntok = d->npart = d->nsent = 0;
    d->arena.len = 0;
    if ((an->flags & KH_ANALYZE_STEMS) && !d->stemmer) {
        kh_status st = kh_stemmer_new(&d->stemmer, err);
        if (st)
            return st;
    }
    /* 1. tokens */
    size_t pos = 0;
    while (pos < len) {
        kh_rawtok rt;
        pos = kh_next_token(text, len, pos, &rt);
        if (rt.end == rt.start)
            break;
        if (rt.invalid)
            return kh_fail(err, KH_ERR_UTF8,
                           "invalid UTF-8 byte 0x%02X at byte offset %zu",
                           (unsigned)(unsigned char)text[rt.start],
                           base_offset + rt.start);
        if (d->ntok == d->captok && grow_tokens(d, d->ntok + 1))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        kh_segtok *sg = &d->seg[d->ntok];
        sg->start = rt.start;
        sg->end = rt.end;
        sg->type = rt.type;
        sg->script = rt.script;
        sg->abbrev = rt.abbrev;
        sg->newlines_before = rt.newlines_before;
        sg->blank_before = rt.blank_before;
        kh_token *t = &d->tok[d->ntok];
        memset(t, 0, sizeof *t);
        t->start = rt.start;
        t->end = rt.end;
        t->type = (kh_token_type)rt.type;
        t->script = (kh_script)rt.script;
        t->n_parts = rt.n_parts;
        d->part_first[d->ntok] = d->npart;
        forms f;
        if (compute_forms(an, d, text, rt.start, rt.end, rt.type, rt.script,
                          &f))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        size_t *ao = &d->aoff[d->ntok * N_FIELDS];
        for (int k = 0; k < N_FIELDS; k++)
            ao[k] = f.off[k];
        t->norm = f.ptr[F_NORM];
        t->norm_len = f.len[F_NORM];
        t->stem = f.ptr[F_STEM];
        t->stem_len = f.len[F_STEM];
        t->roman = f.ptr[F_ROMAN];
        t->roman_len = f.len[F_ROMAN];
        t->key = f.ptr[F_KEY];
        t->key_len = f.len[F_KEY];
        for (unsigned p = 0; p < rt.n_parts; p++) {
            if (grow_parts(d, d->npart + 1))
                return kh_fail(err, KH_ERR_NOMEM, "out of memory");
            int sc = KH_SCRIPT_NONE;
            /* a part's script: from its first byte (parts rarely mix) */
            unsigned char c0 = (unsigned char)text[rt.part_start[p]];
            sc = c0 < 0x80 ? (((c0 | 0x20) >= 'a' && (c0 | 0x20) <= 'z')
                                  ? KH_SCRIPT_LATIN
                                  : KH_SCRIPT_NONE)
                           : (c0 == 0xE0 ? KH_SCRIPT_DEVANAGARI : rt.script);
            int ptype = sc == KH_SCRIPT_NONE ? KH_TOKEN_NUMBER : KH_TOKEN_WORD;
            if (compute_forms(an, d, text, rt.part_start[p], rt.part_end[p],
                              ptype, sc, &f))
                return kh_fail(err, KH_ERR_NOMEM, "out of memory");
            kh_part *pp = &d->part[d->npart];
            pp->start = base_offset + rt.part_start[p];
            pp->end = base_offset + rt.part_end[p];
            pp->norm = f.ptr[F_NORM];
            pp->norm_len = f.len[F_NORM];
            pp->stem = f.ptr[F_STEM];
            pp->stem_len = f.len[F_STEM];
            pp->roman = f.ptr[F_ROMAN];
            pp->roman_len = f.len[F_ROMAN];
            pp->key = f.ptr[F_KEY];
            pp->key_len = f.len[F_KEY];
            for (int k = 0; k < N_FIELDS; k++)
                d->paoff[d->npart * N_FIELDS + k] = f.off[k];
            d->npart++;
        }
        d->ntok++;
    }
    /* 2. sentences */
    kh_segment(text, d->seg, d->ntok, (an->flags & KH_ANALYZE_WRAPPED) != 0,
               d->starts);
    for (size_t i = 0; i < d->ntok; i++) {
        if (d->starts[i]) {
            if (grow((void **)&d->sent, &d->capsent, d->nsent + 1,
                     sizeof *d->sent))
                return kh_fail(err, KH_ERR_NOMEM, "out of memory");
            kh_sentence *s = &d->sent[d->nsent++];
            s->start = base_offset + d->tok[i].start;
            s->first_token = i;
            s->n_tokens = 0;
            s->paragraph_start = d->starts[i] == 2;
        }
        kh_sentence *s = &d->sent[d->nsent - 1];
        s->n_tokens++;
        s->end = base_offset + d->tok[i].end;
        d->tok[i].sentence_start = d->starts[i] != 0;
    }
    /* 3. fix up: arena offsets -> pointers, spans -> absolute offsets */
    for (size_t i = 0; i < d->ntok; i++) {
        kh_token *t = &d->tok[i];
        const size_t *ao = &d->aoff[i * N_FIELDS];
        if (ao[F_NORM] != SIZE_MAX)
            t->norm = d->arena.data + ao[F_NORM];
        if (ao[F_STEM] != SIZE_MAX)
            t->stem = d->arena.data + ao[F_STEM];
        if (ao[F_ROMAN] != SIZE_MAX)
            t->roman = d->arena.data + ao[F_ROMAN];
        if (ao[F_KEY] != SIZE_MAX)
            t->key = d->arena.data + ao[F_KEY];
        t->space_after = i + 1 < d->ntok ? d->tok[i + 1].start > t->end : 1;
        t->start += base_offset;
        t->end += base_offset;
    }
    for (size_t i = 0; i < d->npart; i++) {
        kh_part *p = &d->part[i];
        const size_t *ao = &d->paoff[i * N_FIELDS];
        if (ao[F_NORM] != SIZE_MAX)
            p->norm = d->arena.data + ao[F_NORM];
        if (ao[F_STEM] != SIZE_MAX)
            p->stem = d->arena.data + ao[F_STEM];
        if (ao[F_ROMAN] != SIZE_MAX)
            p->roman = d->arena.data + ao[F_ROMAN];
        if (ao[F_KEY] != SIZE_MAX)
            p->key = d->arena.data + ao[F_KEY];
    }
    return KH_OK;
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
