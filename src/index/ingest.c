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

int kh_mark_before(const uint8_t *marks, size_t len, uint32_t pos,
                   uint32_t *mpos, uint32_t *moff) {
    const uint8_t *p = marks, *end = marks ? marks + len : NULL;
    uint32_t ap = 0, ao = 0, dp, dof;
    int found = 0;
    while (p && p < end && kh_varint_get(&p, end, &dp) &&
           kh_varint_get(&p, end, &dof)) {
        if (dp > UINT32_MAX - ap || dof > UINT32_MAX - ao || ap + dp > pos)
            break;
        ap += dp;
        ao += dof;
        *mpos = ap;
        *moff = ao;
        found = 1;
    }
    return found;
}

/* Collects the marks of a body as it is indexed (kh_each_term's tokens). */
typedef struct marker {
    kh_buf *out;
    const char *text;
    uint32_t next, pos, off; /* the next position due; the last mark */
} marker;

static void mark(marker *m, const kh_token *t, uint32_t pos) {
    if (!m || pos < m->next || t->start > UINT32_MAX ||
        !kh_mark_safe(m->text, t->start))
        return;
    size_t had = m->out->len;
    if (kh_buf_varint(m->out, pos - m->pos) ||
        kh_buf_varint(m->out, (uint32_t)t->start - m->off)) {
        /* out of memory: no half pair is left, and the marks stop (the
         * index is still right; snippets read from the top) */
        m->out->len = had;
        m->next = UINT32_MAX;
        return;
    }
    m->pos = pos;
    m->off = (uint32_t)t->start;
    m->next = pos + KH_MARK_EVERY;
}

static kh_status each_term(const kh_analyzer *an, kh_doc *doc, const char *text,
                           size_t len, kh_term_fn fn, void *ctx, uint32_t *npos,
                           marker *mk, kh_error *err) {
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
        mark(mk, t, pos);
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

kh_status kh_each_term(const kh_analyzer *an, kh_doc *doc, const char *text,
                       size_t len, kh_term_fn fn, void *ctx, uint32_t *npos,
                       kh_error *err) {
    return each_term(an, doc, text, len, fn, ctx, npos, NULL, err);
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
                       marker *mk, kh_error *err) {
    ingest_ctx c = {b, f, err, KH_OK};
    b->ninbuf = 0;
    /* the occurrences point into doc: into the builder before the next
     * field is analysed */
    kh_status st =
        each_term(an, doc, text, len, on_term, &c, &lens[f], mk, err);
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
    kh_bdoc in = {a->id,
                  strlen(a->id),
                  kh_days_from_iso(a->published, slen(a->published), 0),
                  a->title ? a->title : "",
                  a->published ? a->published : "",
                  slen(a->title),
                  slen(a->published),
                  NULL, /* the record comes last: it holds the body's marks */
                  0};
    uint32_t d;
    kh_status st = kh_builder_doc(b, &in, &d, err);
    if (st)
        return st;
    st = kh_docinfo_set(&b->dx, d, x && x->enrich_json ? x->fingerprint : 0,
                        x ? x->ents : NULL, x ? x->nents : 0, err);
    uint32_t lens[KH_F_COUNT] = {0};
    kh_buf *body = &b->scratch, *marks = &b->marks;
    body->len = marks->len = 0;
    marker mk = {marks, NULL, KH_MARK_EVERY, 0, 0};
    if (!st && kh_record_body(a, 0, body))
        st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
    mk.text = body->data;
    if (!st)
        st = field(b, an, doc, KH_F_TITLE, a->title, slen(a->title), lens, NULL,
                   err);
    if (!st)
        st = field(b, an, doc, KH_F_KICKER, a->kicker, slen(a->kicker), lens,
                   NULL, err);
    if (!st)
        st = field(b, an, doc, KH_F_STANDFIRST, a->standfirst,
                   slen(a->standfirst), lens, NULL, err);
    if (!st)
        st =
            field(b, an, doc, KH_F_BODY, body->data, body->len, lens, &mk, err);
    if (!st)
        st = field(b, an, doc, KH_F_SOURCE, a->source, slen(a->source), lens,
                   NULL, err);
    const char *url = a->url ? a->url : a->canonical_url;
    if (!st)
        st = field(b, an, doc, KH_F_URL, url, slen(url), lens, NULL, err);
    for (unsigned k = 0; k < 3 && !st && x; k++)
        if (x->names[k])
            st = field(b, an, doc, KH_F_PERSON + k, x->names[k],
                       x->names_len[k], lens, NULL, err);
    /* the record, also for a document being dropped: the store keeps one
     * per document, in order */
    kh_record_extra rx = {0};
    if (x)
        rx = *x;
    rx.marks = !st && marks->len ? (const uint8_t *)marks->data : NULL;
    rx.marks_len = rx.marks ? marks->len : 0;
    kh_buf *rec = body; /* the body text is no longer needed */
    rec->len = 0;
    kh_status rst = kh_record_encode(rec, a, &rx)
                        ? kh_fail(err, KH_ERR_NOMEM, "out of memory")
                        : kh_builder_doc_record(b, (const uint8_t *)rec->data,
                                                rec->len, err);
    if (!st)
        st = rst;
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
