/*
 * ingest.c — how an article becomes terms: each field's text is analysed
 * (kh_analyze with stems and phonetic keys) and every word's stem is
 * indexed with its position. Spelling variants meet because the stem is
 * taken from the normalized form; romanized queries meet Devanagari words
 * through the key map (phonetic key -> term) kept beside the dictionary.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>

static int indexable(kh_token_type t) {
    return t == KH_TOKEN_WORD || t == KH_TOKEN_NUMBER ||
           t == KH_TOKEN_HASHTAG || t == KH_TOKEN_MENTION ||
           t == KH_TOKEN_URL || t == KH_TOKEN_EMAIL;
}

unsigned kh_token_term(const kh_token *t, const char **term, size_t *len) {
    if (!indexable(t->type))
        return 0;
    int stem = t->stem && t->stem_len;
    *term = stem ? t->stem : t->norm;
    *len = stem ? t->stem_len : t->norm_len;
    return !*len ? 0 : t->n_parts > 1 ? t->n_parts : 1;
}

kh_status kh_each_term(const kh_analyzer *an, kh_doc *doc, const char *text,
                       size_t len, kh_term_fn fn, void *ctx, uint32_t *npos,
                       kh_error *err) {
    uint32_t pos = 0;
    if (npos)
        *npos = 0;
    if (!text || !len)
        return KH_OK;
    kh_status st = kh_analyze(an, doc, text, len, 0, err);
    if (st)
        return st;
    size_t n = kh_doc_token_count(doc);
    for (size_t i = 0; i < n; i++) {
        const kh_token *t = kh_doc_token(doc, i);
        if (!t)
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        const char *term;
        size_t tl;
        unsigned take = kh_token_term(t, &term, &tl);
        if (!take)
            continue;
        if (fn(ctx, term, tl, t->key ? t->key : "", t->key ? t->key_len : 0,
               t->script, pos))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        unsigned np = take > 1 ? take : 0;
        for (unsigned k = 0; k < np; k++) {
            const kh_part *p = kh_doc_token_part(doc, i, k);
            if (!p)
                continue;
            const char *pt = p->stem && p->stem_len ? p->stem : p->norm;
            size_t pl = p->stem && p->stem_len ? p->stem_len : p->norm_len;
            if (pl && fn(ctx, pt, pl, p->key ? p->key : "",
                         p->key ? p->key_len : 0, t->script, pos + k))
                return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        }
        pos += take;
    }
    if (npos)
        *npos = pos;
    return KH_OK;
}

typedef struct ingest_ctx {
    kh_builder *b;
    unsigned field;
    kh_error *err;
    kh_status st;
} ingest_ctx;

static int on_term(void *ctx, const char *term, size_t len, const char *key,
                   size_t klen, kh_script script, uint32_t pos) {
    ingest_ctx *c = ctx;
    kh_builder *b = c->b;
    if (b->ninbuf == b->incap) {
        size_t n = b->incap ? b->incap * 2 : 1024;
        kh_occ_in *v = realloc(b->inbuf, n * sizeof *v);
        if (!v) {
            c->st = kh_fail(c->err, KH_ERR_NOMEM, "out of memory");
            return 1;
        }
        b->inbuf = v;
        b->incap = n;
    }
    b->inbuf[b->ninbuf++] =
        (kh_occ_in){term,
                    key,
                    (uint32_t)(len < 0xFFFF ? len : 0xFFFF),
                    script == KH_SCRIPT_DEVANAGARI ? (uint32_t)klen : 0,
                    pos,
                    0};
    return 0;
}

static kh_status field(kh_builder *b, const kh_analyzer *an, kh_doc *doc,
                       unsigned f, const char *text, size_t len, uint32_t *lens,
                       kh_error *err) {
    ingest_ctx c = {b, f, err, KH_OK};
    b->ninbuf = 0;
    /* the occurrences point into doc: into the builder before the next
     * field is analysed */
    kh_status st = kh_each_term(an, doc, text, len, on_term, &c, &lens[f], err);
    if (c.st)
        return c.st;
    if (!st)
        st = kh_builder_occs(b, f, b->inbuf, b->ninbuf, err);
    return st;
}

static size_t slen(const char *s) {
    return s ? strlen(s) : 0;
}

kh_status kh_ingest(kh_builder *b, const kh_analyzer *an, kh_doc *doc,
                    const kh_article *a, const kh_record_extra *x,
                    kh_error *err) {
    if (!a || !a->id || !*a->id)
        return kh_fail(err, KH_ERR_ARG, "article without an id");
    /* the record is encoded once into a buffer kept by the builder */
    kh_buf *rec = &b->scratch;
    rec->len = 0;
    if (kh_record_encode(rec, a, x))
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    kh_bdoc in = {a->id,
                  strlen(a->id),
                  kh_days_from_iso(a->published, slen(a->published), 0),
                  a->title ? a->title : "",
                  a->published ? a->published : "",
                  slen(a->title),
                  slen(a->published),
                  (const uint8_t *)rec->data,
                  rec->len};
    uint32_t d;
    kh_status st = kh_builder_doc(b, &in, &d, err);
    if (st)
        return st;
    st = kh_docinfo_set(&b->dx, d, x && x->enrich_json ? x->fingerprint : 0,
                        x ? x->ents : NULL, x ? x->nents : 0, err);
    uint32_t lens[KH_F_COUNT] = {0};
    kh_buf *body = &b->scratch;
    body->len = 0;
    if (!st && kh_record_body(a, 0, body))
        st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
    if (!st)
        st = field(b, an, doc, KH_F_TITLE, a->title, slen(a->title), lens, err);
    if (!st)
        st = field(b, an, doc, KH_F_KICKER, a->kicker, slen(a->kicker), lens,
                   err);
    if (!st)
        st = field(b, an, doc, KH_F_STANDFIRST, a->standfirst,
                   slen(a->standfirst), lens, err);
    if (!st)
        st = field(b, an, doc, KH_F_BODY, body->data, body->len, lens, err);
    if (!st)
        st = field(b, an, doc, KH_F_SOURCE, a->source, slen(a->source), lens,
                   err);
    const char *url = a->url ? a->url : a->canonical_url;
    if (!st)
        st = field(b, an, doc, KH_F_URL, url, slen(url), lens, err);
    for (unsigned k = 0; k < 3 && !st && x; k++)
        if (x->names[k])
            st = field(b, an, doc, KH_F_PERSON + k, x->names[k],
                       x->names_len[k], lens, err);
    if (!st)
        st = kh_builder_doc_end(b, lens, err);
    if (st) {
        /* a half-built document must not be served: drop it */
        b->nocc = 0;
        b->ntouched = 0;
        kh_builder_kill(b, d);
    }
    return st;
}
