/*
 * search.c — kh_index_search() and the result iterator: parse, plan over
 * the handle's current snapshot, execute, then fetch what the hits show
 * (id, title, date, snippet) from the store. The snapshot is held only
 * for the call; results own copies of their strings, so they outlive
 * later commits and reloads.
 */
#include "search.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")
#define MAX_LIMIT 10000

struct kh_results {
    kh_hit *hits;
    size_t n, next;
    uint64_t total;
    kh_extras x;       /* facets and readings */
    kh_facet *ents[3]; /* entity facets (entfacets.c) */
    size_t nents[3];
};

size_t kh_results_facets(const kh_results *r, kh_facet_kind kind,
                         const kh_facet **out) {
    if (out)
        *out = NULL;
    if (!r || !out)
        return 0;
    if (kind >= KH_FACET_PERSON && kind <= KH_FACET_ORG) {
        *out = r->ents[kind - KH_FACET_PERSON];
        return r->nents[kind - KH_FACET_PERSON];
    }
    *out = kind == KH_FACET_DAY ? r->x.days : r->x.sources;
    return kind == KH_FACET_DAY ? r->x.ndays : r->x.nsources;
}

size_t kh_results_readings(const kh_results *r, const kh_reading **out) {
    if (out)
        *out = r ? r->x.readings : NULL;
    return r && out ? r->x.nreadings : 0;
}

uint64_t kh_results_total(const kh_results *r) {
    return r ? r->total : 0;
}

const kh_hit *kh_results_next(kh_results *r) {
    if (!r || r->next >= r->n)
        return NULL;
    return &r->hits[r->next++];
}

void kh_results_free(kh_results *r) {
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free((char *)r->hits[i].id);
        free((char *)r->hits[i].title);
        free((char *)r->hits[i].snippet);
        free((char *)r->hits[i].published);
        free((char *)r->hits[i].source);
        for (size_t j = 0; j < r->hits[i].n_similar; j++) {
            free((char *)r->hits[i].similar[j]);
            free((char *)r->hits[i].similar_titles[j]);
        }
        free((void *)r->hits[i].similar);
        free((void *)r->hits[i].similar_titles);
    }
    free(r->hits);
    for (unsigned k = 0; k < 3; k++) {
        for (size_t i = 0; i < r->nents[k]; i++)
            free((char *)r->ents[k][i].value);
        free(r->ents[k]);
    }
    kh_extras_free(&r->x);
    free(r);
}

static char *dupn(const char *s, size_t n) {
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s ? s : "", n);
        c[n] = '\0';
    }
    return c;
}

static kh_status fill_hit(const kh_plan *p, kh_snipper *sn, void *dc,
                          kh_buf *text, const kh_search_options *o,
                          const kh_scored *sc, kh_hit *h, kh_error *err) {
    const kh_segment *s = p->snap->segs[sc->seg].seg;
    size_t idl;
    const char *id = kh_seg_id(s, sc->doc, &idl);
    h->id = dupn(id, idl);
    h->score = sc->score;
    if (!h->id)
        return NOMEM(err);
    const char *t, *pub;
    size_t tl, pl;
    kh_seg_title(s, sc->doc, &t, &tl, &pub, &pl);
    h->title = dupn(t, tl);
    h->published = pl ? dupn(pub, pl) : NULL;
    if (!h->title || (pl && !h->published))
        return NOMEM(err);
    if (o->flags & KH_SEARCH_NO_SNIPPETS) {
        h->snippet = dupn("", 0);
        return h->snippet ? KH_OK : NOMEM(err);
    }
    /* only snippets need the article itself: standfirst, then the body */
    kh_record rec;
    kh_status st = kh_seg_record_text(s, sc->doc, dc, &rec, err);
    if (st)
        return st;
    if (rec.a.source && *rec.a.source &&
        !(h->source = dupn(rec.a.source, strlen(rec.a.source)))) {
        kh_record_free(&rec);
        return NOMEM(err);
    }
    char *snip = NULL;
    text->len = 0;
    if (kh_record_body(&rec.a, 1, text))
        st = NOMEM(err);
    /* kh_record_body puts a blank line between standfirst and body */
    size_t body_off = rec.a.standfirst && *rec.a.standfirst
                          ? strlen(rec.a.standfirst) + 2
                          : 0;
    if (!st)
        st = kh_snippet(sn, sc->seg, sc->doc, text->data, text->len, body_off,
                        rec.x.marks, rec.x.marks_len, &snip, err);
    kh_record_free(&rec);
    h->snippet = snip;
    return st;
}

/* A workspace from the index's pool, or a new one (NULL: out of memory):
 * a fresh kh_doc costs a word cache to clear and starts cold, and fresh
 * accumulators cost page faults, a good part of a search's time. */
static kh_workspace *take_workspace(kh_index *ix) {
    kh_workspace *w = NULL;
    pthread_mutex_lock(&ix->mu);
    if (ix->npool)
        w = ix->pool[--ix->npool];
    pthread_mutex_unlock(&ix->mu);
    return w ? w : kh_workspace_new();
}

/* Back to the pool, or freed when the pool is full. */
static void put_workspace(kh_index *ix, kh_workspace *w) {
    pthread_mutex_lock(&ix->mu);
    if (ix->npool < KH_DOC_POOL) {
        ix->pool[ix->npool++] = w;
        w = NULL;
    }
    pthread_mutex_unlock(&ix->mu);
    kh_workspace_free(w);
}

kh_status kh_index_search(kh_index *ix, const char *query, size_t len,
                          const kh_search_options *opts, kh_results **out,
                          kh_error *err) {
    if (!ix || !out || (!query && len))
        return kh_fail(err, KH_ERR_ARG, "kh_index_search: missing argument");
    *out = NULL;
    kh_search_options o = {0};
    if (opts)
        o = *opts;
    if (!o.limit)
        o.limit = 10;
    if (o.limit > MAX_LIMIT || o.offset > MAX_LIMIT * 10)
        return kh_fail(err, KH_ERR_LIMIT,
                       "limit is at most %d and offset at most %d", MAX_LIMIT,
                       MAX_LIMIT * 10);
    kh_qnode *q = NULL;
    kh_status st = kh_query_parse(query ? query : "", len, &q, err);
    if (st)
        return st;
    if (!q)
        return kh_fail(err, KH_ERR_PARSE, "position 1: the query is empty");
    kh_results *r = calloc(1, sizeof *r);
    kh_workspace *ws = r ? take_workspace(ix) : NULL;
    if (!ws) {
        free(r);
        kh_query_free(q);
        return NOMEM(err);
    }
    kh_snapshot *snap = kh_snapshot_acquire(ix);
    kh_plan plan;
    st = kh_plan_build(q, snap, ix->an, ws->qdoc, &plan, err);
    plan.ws = ws;
    kh_query_free(q);
    size_t k = o.offset + o.limit, n = 0;
    /* collapsing and entity facets rank more candidates than the page
     * shows (collapse.c) */
    int collapse = !(o.flags & KH_SEARCH_NO_COLLAPSE);
    if (collapse || (o.flags & KH_SEARCH_FACETS))
        k = kh_collapse_k(k);
    kh_scored *top = NULL, *sim = NULL;
    size_t *sim_off = NULL;
    kh_facet_acc *acc = NULL;
    if (!st && (o.flags & KH_SEARCH_FACETS))
        st = kh_facets_begin(&plan, &acc, err);
    if (!st) {
        top = malloc(k * sizeof *top);
        if (!top)
            st = NOMEM(err);
    }
    if (!st)
        st = kh_exec(&plan, k, top, &n, &r->total, err);
    if (!st && acc) {
        st = kh_facets_end(acc, &plan, &r->x, err);
        acc = NULL;
    }
    kh_facet_acc_free(acc);
    if (!st && (o.flags & KH_SEARCH_FACETS))
        st = kh_entity_facets(&plan, top, n, r->ents, r->nents, err);
    if (!st && collapse)
        st = kh_collapse(&plan, top, &n, &sim, &sim_off, err);
    if (n > o.offset + o.limit)
        n = o.offset + o.limit;
    kh_snipper *sn = NULL;
    kh_buf text = {0};
    if (!st && n > o.offset && !(o.flags & KH_SEARCH_NO_SNIPPETS))
        st = kh_snipper_new(&plan, ix->an_snip, ws->sdoc,
                            o.mark_open ? o.mark_open : "«",
                            o.mark_close ? o.mark_close : "»", 30, &sn, err);
    if (!st && n > o.offset) {
        r->hits = calloc(n - o.offset, sizeof *r->hits);
        if (!r->hits)
            st = NOMEM(err);
        for (size_t i = o.offset; i < n && !st; i++) {
            kh_hit *h = &r->hits[r->n++];
            st = fill_hit(&plan, sn, ws->dctx, &text, &o, &top[i], h, err);
            if (!st && sim)
                st = kh_similar_ids(&plan, sim + sim_off[i],
                                    sim_off[i + 1] - sim_off[i], h, err);
        }
    }
    kh_snipper_free(sn);
    kh_buf_free(&text);
    free(top);
    free(sim);
    free(sim_off);
    if (!st)
        st = kh_readings(&plan, &r->x, err);
    if (plan.root || plan.leaves)
        kh_plan_free(&plan);
    kh_snapshot_release(ix, snap);
    put_workspace(ix, ws);
    if (st) {
        kh_results_free(r);
        return st;
    }
    *out = r;
    return KH_OK;
}
