/*
 * ingest.c — how an article becomes terms: each field's text is cut into
 * tokens and their norms (kh_analyze), and every word's stem is indexed
 * with its position. A word's stem, phonetic key and term number come
 * from the builder's word table (wordtab.c), made the first time the word
 * is met; queries get the same stems and keys from kh_each_term, below.
 * Spelling variants meet because the stem is taken from the normalized
 * form; romanized queries meet Devanagari words through the key map
 * (phonetic key -> term) kept beside the dictionary.
 */
#include "analyze.h"
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

/* Collects the marks of a body as it is indexed, at the tokens that take
 * positions. */
typedef struct marker {
    kh_buf *out;
    const char *text;
    uint32_t next, pos, off; /* the next position due; the last mark */
} marker;

static void mark(marker *m, size_t start, uint32_t pos) {
    if (!m || pos < m->next || start > UINT32_MAX ||
        !kh_mark_safe(m->text, start))
        return;
    size_t had = m->out->len;
    if (kh_buf_varint(m->out, pos - m->pos) ||
        kh_buf_varint(m->out, (uint32_t)start - m->off)) {
        /* out of memory: no half pair is left, and the marks stop (the
         * index is still right; snippets read from the top) */
        m->out->len = had;
        m->next = UINT32_MAX;
        return;
    }
    m->pos = pos;
    m->off = (uint32_t)start;
    m->next = pos + KH_MARK_EVERY;
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

/* ---- documents: through the word table --------------------------------- */

/* The word table's hash of a unit: its field, kind and norm (n bytes at
 * p, of which `avail` can be read). A norm of up to 24 bytes (nearly
 * every word: eight Devanagari letters) is three masked 8-byte words when
 * 24 bytes can be read, mixed by three independent multiplies: no branch
 * on the length, which changes from word to word and was mispredicted in
 * a loop over 8-byte chunks. Only in memory, never stored. */
static inline uint32_t word_hash(unsigned field, unsigned kind, const char *p,
                                 size_t n, size_t avail) {
    const unsigned char *u = (const unsigned char *)p;
    uint64_t w[3];
    size_t m = n < 24 ? n : 24;
    if (avail >= 24)
        kh_load24(u, m, w);
    else
        kh_load24_exact(u, m, w);
    uint64_t h =
        (w[0] * 0x9E3779B97F4A7C15ull) ^ (w[1] * 0xC2B2AE3D27D4EB4Full) ^
        (w[2] * 0x165667B19E3779F9ull) ^
        (((uint64_t)n << 16 | field << 8 | kind) * 0xFF51AFD7ED558CCDull);
    for (size_t k = 24; k < n; k += 8) /* a long word's other bytes */
        h = (h ^ kh_load_le(u + k, n - k < 8 ? n - k : 8)) *
            0xC4CEB9FE1A85EC53ull;
    h ^= h >> 31;
    h *= 0xD6E8FEB86659FD93ull;
    return (uint32_t)(h ^ h >> 32);
}

/* Inline (one caller): it runs for every token, and the call cost about
 * a fifth of it. `avail` bytes can be read at the unit's norm. */
static inline kh_status push_unit(kh_builder *b, const kh_unit *u, uint32_t pos,
                                  int keyed, unsigned field, size_t avail,
                                  kh_error *err) {
    if (b->nunits == b->ucap && kh_grow((void **)&b->units, &b->ucap,
                                        b->nunits + 1, sizeof *b->units, 1024))
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    if (u->norm_len > UINT32_MAX / 4)
        return kh_fail(err, KH_ERR_LIMIT, "a word of %zu bytes", u->norm_len);
    kh_wunit *w = &b->units[b->nunits++];
    w->norm = u->norm;
    w->len = (uint32_t)u->norm_len;
    w->kind = (uint8_t)(u->type << 4 | u->script);
    w->hash = word_hash(field, w->kind, u->norm, u->norm_len, avail);
    w->pos = pos;
    w->keyed = (uint8_t)keyed;
    return KH_OK;
}

static kh_status field(kh_builder *b, const kh_analyzer *an, kh_doc *doc,
                       unsigned f, const char *text, size_t len, uint32_t *lens,
                       marker *mk, kh_error *err) {
    uint32_t pos = 0;
    lens[f] = 0;
    if (!text || !len)
        return KH_OK;
    kh_status st = kh_analyze(an, doc, text, len, 0, err);
    if (st)
        return st;
    /* kh_each_term's rule: the whole token, then a compound's parts from
     * its position on; a unit with an empty norm takes no position */
    b->nunits = 0;
    size_t n = kh_doc_token_count(doc);
    const char *dtext;
    const kh_segtok *recs = kh_doc_records(doc, &dtext);
    for (size_t i = 0; i < n && !st; i++) {
        kh_unit u;
        kh_doc_unit_at(doc, recs, dtext, i, &u);
        if (!indexable(u.type) || !u.norm_len)
            continue;
        unsigned np = u.n_parts > 1 ? u.n_parts : 0;
        int keyed = u.script == KH_SCRIPT_DEVANAGARI;
        mark(mk, u.start, pos);
        /* the token, then its parts: one call of push_unit, inlined */
        for (unsigned k = 0; k <= np && !st; k++) {
            kh_unit p;
            if (k && (kh_doc_unit_part(doc, i, k - 1, &p) || !p.norm_len))
                continue;
            /* the token's own norm, when it is its text, has the rest of
             * the field's text after it */
            size_t avail =
                !k && recs[i].norm_off == KH_SAME ? len - u.start : 0;
            st = push_unit(b, k ? &p : &u, pos + (k ? k - 1 : 0), keyed, f,
                           avail, err);
        }
        pos += np ? np : 1;
    }
    lens[f] = pos;
    if (!st)
        st = kh_wt_resolve(b, doc, f, err);
    if (!st)
        st = kh_builder_units(b, f, b->units, b->nunits, err);
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
    /* a full word table is emptied between documents, never inside one:
     * the units of a field point at its entries */
    if (b->wt.nent >= KH_WT_MAX || b->wt.arena.len >= KH_WT_ARENA_MAX)
        kh_wt_clear(&b->wt);
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
    /* encoded straight into the store block being filled */
    size_t at = b->cur.len;
    kh_status rst = KH_OK;
    if (kh_record_encode(&b->cur, a, &rx)) {
        b->cur.len = at;
        rst = kh_fail(err, KH_ERR_NOMEM, "out of memory");
    } else {
        rst = kh_builder_doc_record_at(b, at, err);
    }
    if (!st)
        st = rst;
    if (!st)
        kh_builder_set_lens(b, d, lens);
    if (st) {
        /* a half-built document must not be served: drop it */
        kh_builder_kill(b, d);
    }
    return st;
}
