/*
 * enricher.c — the public enrichment calls. An article is cut into units
 * (title, kicker, standfirst, headings, paragraphs), each analysed with
 * stems; tokens and sentences are copied into the enrichment's arena,
 * and the finders of this folder run over them.
 */
#include "enrich.h"

#include <stdlib.h>
#include <string.h>

struct kh_enricher {
    kh_analyzer *an;
    en_df df;
    size_t max_keywords, max_summary;
    const kh_tagger *tagger; /* NULL: no entities */
    kh_tagger *own_tagger;   /* the built-in one when none was lent */
};

typedef struct en_impl {
    kh_enrichment pub;
    kh_arena arena;
} en_impl;

kh_status kh_enricher_new(const kh_enrich_options *opts, kh_enricher **out,
                          kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_enricher_new: out is NULL");
    *out = NULL;
    kh_enrich_options o = {0};
    if (opts)
        o = *opts;
    if (o.max_summary > 10)
        return kh_fail(err, KH_ERR_ARG, "max_summary is at most 10");
    if (o.df && !o.df_docs)
        return kh_fail(err, KH_ERR_ARG, "df given without df_docs");
    kh_enricher *en = calloc(1, sizeof *en);
    if (!en)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    kh_analyzer_options ao = {KH_ANALYZE_STEMS | KH_ANALYZE_KEYS};
    kh_status st = kh_analyzer_new(&ao, &en->an, err);
    if (st) {
        free(en);
        return st;
    }
    en->df.fn = o.df ? o.df : en_default_df;
    en->df.ctx = o.df ? o.df_ctx : NULL;
    en->df.docs = o.df ? o.df_docs : en_default_df_docs;
    en->max_keywords = o.max_keywords ? o.max_keywords : 8;
    en->max_summary = o.max_summary ? o.max_summary : 3;
    if (!(o.flags & KH_ENRICH_NO_ENTITIES)) {
        if (!o.tagger && (st = kh_tagger_new(&en->own_tagger, err))) {
            kh_enricher_free(en);
            return st;
        }
        en->tagger = o.tagger ? o.tagger : en->own_tagger;
    }
    *out = en;
    return KH_OK;
}

void kh_enricher_free(kh_enricher *en) {
    if (!en)
        return;
    kh_analyzer_free(en->an);
    kh_tagger_free(en->own_tagger);
    free(en);
}

void kh_enrichment_free(kh_enrichment *e) {
    if (!e)
        return;
    en_impl *im = (en_impl *)e;
    kh_arena_free(&im->arena);
    free(im);
}

void *en_grow(kh_arena *a, void *p, size_t n, size_t *cap, size_t size) {
    if (n < *cap)
        return p;
    size_t nc = *cap ? 2 * *cap : 64;
    void *q = kh_arena_alloc(a, nc * size);
    if (!q)
        return NULL;
    if (n)
        memcpy(q, p, n * size);
    *cap = nc;
    return q;
}

static int add_unit(en_doc *d, size_t *cap, const char *s, size_t n, kh_where w,
                    size_t sec, size_t par) {
    if (!s || !n)
        return 0;
    en_unit *u = en_grow(d->arena, d->units, d->n_units, cap, sizeof *u);
    if (!u)
        return -1;
    d->units = u;
    u[d->n_units++] = (en_unit){s, n, w, sec, par};
    return 0;
}

/* Analyses every unit; tokens and sentences into the arena, entity
 * mentions into d->ments when ws (the tagger's workspace) is given. */
static kh_status analyse(const kh_enricher *en, kh_doc *work, kh_entities *ws,
                         en_doc *d, kh_error *err) {
    kh_doc *doc = work;
    kh_status st = work ? KH_OK : kh_doc_new(&doc, err);
    if (st)
        return st;
    size_t tcap = 0, scap = 0;
    for (size_t u = 0; u < d->n_units && !st; u++) {
        const en_unit *un = &d->units[u];
        st = kh_analyze(en->an, doc, un->text, un->len, 0, err);
        if (!st && ws)
            st = en_tag_unit(en->tagger, ws, doc, d, u, err);
        if (st)
            break;
        size_t ns = kh_doc_sentence_count(doc);
        for (size_t s = 0; s < ns && !st; s++) {
            const kh_sentence *se = kh_doc_sentence(doc, s);
            en_sent *sp =
                en_grow(d->arena, d->sents, d->n_sents, &scap, sizeof *sp);
            if (!sp) {
                st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
                break;
            }
            d->sents = sp;
            en_sent *o = &sp[d->n_sents];
            o->unit = (uint32_t)u;
            o->first = (uint32_t)d->n_toks;
            o->n = (uint32_t)se->n_tokens;
            o->start = (uint32_t)se->start;
            o->end = (uint32_t)se->end;
            for (size_t i = 0; i < se->n_tokens; i++) {
                const kh_token *t = kh_doc_token(doc, se->first_token + i);
                en_tok *tp =
                    en_grow(d->arena, d->toks, d->n_toks, &tcap, sizeof *tp);
                if (!tp) {
                    st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
                    break;
                }
                d->toks = tp;
                en_tok *k = &tp[d->n_toks++];
                k->unit = (uint32_t)u;
                k->sent = (uint32_t)d->n_sents;
                k->start = (uint32_t)t->start;
                k->end = (uint32_t)t->end;
                k->type = t->type;
                k->script = t->script;
                k->norm = kh_arena_strndup(d->arena, t->norm, t->norm_len);
                k->norm_len = (uint32_t)t->norm_len;
                const char *stem = t->stem ? t->stem : t->norm;
                size_t sl = t->stem ? t->stem_len : t->norm_len;
                k->stem = kh_arena_strndup(d->arena, stem, sl);
                k->stem_len = (uint32_t)sl;
                k->key = kh_arena_strndup(d->arena, t->key ? t->key : "",
                                          t->key ? t->key_len : 0);
                k->key_len = t->key ? (uint32_t)t->key_len : 0;
                if (!k->norm || !k->stem || !k->key) {
                    st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
                    break;
                }
            }
            d->n_sents++;
        }
    }
    if (!work)
        kh_doc_free(doc);
    return st;
}

static kh_status run(const kh_enricher *en, kh_doc *work, en_doc *d,
                     const char *published, en_impl *im, kh_error *err) {
    kh_enrichment *e = &im->pub;
    if (published && en_parse_iso(published, &d->pub_day)) {
        int dd;
        d->has_pub = 1;
        d->anchor = "published";
        en_civil(d->pub_day, &d->pub_year, &d->pub_month, &dd);
    } else {
        /* years for dates written without one: the year named most */
        unsigned years[200] = {0};
        for (size_t u = 0; u < d->n_units; u++)
            kh_count_years(d->units[u].text, d->units[u].len, years);
        unsigned best = 0;
        for (int y = 0; y < 200; y++)
            if (years[y] && years[y] >= best)
                best = years[y], d->named_year = 1900 + y;
    }
    /* The tagger's workspace and the namebook are per call: the enricher
     * is shared between threads and stays immutable. */
    kh_entities *ws = NULL;
    kh_namebook *nb = NULL;
    kh_status st = KH_OK;
    if (en->tagger &&
        ((st = kh_entities_new_with(&en->tagger->gaz, &ws, err)) ||
         (st = kh_namebook_new_with(&en->tagger->gaz, &nb, err))))
        goto done;
    if ((st = analyse(en, work, ws, d, err)) ||
        (ws && (st = en_entities(d, nb, e, err))))
        goto done;
    kh_resolved_date *dates;
    kh_count *counts;
    kh_keyword *kw;
    kh_summary_sentence *sum;
    if (en_find_dates(d, &dates, &e->n_dates) ||
        en_find_counts(d, &counts, &e->n_counts) || en_terms(d, &en->df) ||
        en_keywords(d, en->max_keywords,
                    (const char *const *)en_term_names(d, e), &kw,
                    &e->n_keywords) ||
        en_summary(d, en->max_summary, &sum, &e->n_summary)) {
        st = kh_fail(err, KH_ERR_NOMEM, "out of memory (enrichment)");
        goto done;
    }
    e->dates = dates;
    e->counts = counts;
    e->keywords = kw;
    e->summary = sum;
    e->fingerprint = en_simhash(d);
done:
    kh_entities_free(ws);
    kh_namebook_free(nb);
    return st;
}

static kh_status start(en_impl **im, en_doc *d, kh_enrichment **out,
                       kh_error *err) {
    *out = NULL;
    *im = calloc(1, sizeof **im);
    if (!*im)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    memset(d, 0, sizeof *d);
    d->arena = &(*im)->arena;
    return KH_OK;
}

static kh_status finish(kh_status st, en_impl *im, kh_enrichment **out) {
    if (st) {
        kh_enrichment_free(&im->pub);
        return st;
    }
    *out = &im->pub;
    return KH_OK;
}

kh_status kh_enrich_article(const kh_enricher *en, kh_doc *work,
                            const kh_article *a, kh_enrichment **out,
                            kh_error *err) {
    if (!en || !a || !out)
        return kh_fail(err, KH_ERR_ARG, "kh_enrich_article: bad argument");
    en_impl *im;
    en_doc d;
    kh_status st = start(&im, &d, out, err);
    if (st)
        return st;
    size_t cap = 0;
    int bad = add_unit(&d, &cap, a->title, a->title ? strlen(a->title) : 0,
                       KH_WHERE_TITLE, 0, 0) ||
              add_unit(&d, &cap, a->kicker, a->kicker ? strlen(a->kicker) : 0,
                       KH_WHERE_KICKER, 0, 0) ||
              add_unit(&d, &cap, a->standfirst,
                       a->standfirst ? strlen(a->standfirst) : 0,
                       KH_WHERE_STANDFIRST, 0, 0);
    for (size_t i = 0; i < a->n_sections && !bad; i++) {
        const kh_section *s = &a->sections[i];
        bad =
            add_unit(&d, &cap, s->heading, s->heading ? strlen(s->heading) : 0,
                     KH_WHERE_HEADING, i, 0);
        for (size_t j = 0; j < s->n_paragraphs && !bad; j++)
            bad = add_unit(&d, &cap, s->paragraphs[j].text,
                           s->paragraphs[j].len, KH_WHERE_BODY, i, j);
    }
    st = bad ? kh_fail(err, KH_ERR_NOMEM, "out of memory")
             : run(en, work, &d, a->published, im, err);
    return finish(st, im, out);
}

kh_status kh_enrich_text(const kh_enricher *en, kh_doc *work, const char *text,
                         size_t len, const char *published, kh_enrichment **out,
                         kh_error *err) {
    if (!en || (!text && len) || !out)
        return kh_fail(err, KH_ERR_ARG, "kh_enrich_text: bad argument");
    en_impl *im;
    en_doc d;
    kh_status st = start(&im, &d, out, err);
    if (st)
        return st;
    size_t cap = 0;
    st = add_unit(&d, &cap, text, len, KH_WHERE_BODY, 0, 0)
             ? kh_fail(err, KH_ERR_NOMEM, "out of memory")
             : run(en, work, &d, published, im, err);
    return finish(st, im, out);
}
