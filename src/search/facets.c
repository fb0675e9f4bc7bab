/*
 * facets.c — what a search reports besides its hits: how many matching
 * articles each publication and each day has (over every match, not only
 * the page shown), and how the query's Latin-letter words were read in
 * Devanagari ("pahalgam" -> पहलगाम).
 *
 * Counting happens as kh_exec finds the matches (the plan's on_match
 * hook, a batch of matches at a time), so it costs a few memory reads per
 * match. Days come from the
 * segment's date column. Sources have no column in the segment file, so
 * search derives one the first time a segment is faceted and keeps it on
 * the segment (kh_segment.derived, freed with it): the source field's
 * terms are few, so their postings give each document a signature of its
 * source words; documents with the same signature share a source, whose
 * name as written is read once from one of them in the store. This keeps
 * the segment format unchanged.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")
#define MAX_SOURCES 100 /* source facet values reported */
#define READINGS_PER_WORD 3
/* days counted: news spans years, not millennia */
#define MAX_SPAN (366 * 200)

/* ---- a small open-addressing map from 64-bit keys (never 0) ---------- */

typedef struct cslot {
    uint64_t key;
    uint64_t count;
    uint32_t id;  /* the value the caller keeps with the key */
    uint32_t doc; /* a representative document */
    const char *name;
} cslot;

typedef struct counter {
    cslot *v;
    size_t n, cap; /* cap: a power of two */
} counter;

static cslot *counter_get(counter *c, uint64_t key) {
    if ((c->n + 1) * 2 > c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        cslot *nv = calloc(nc, sizeof *nv);
        if (!nv)
            return NULL;
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->v[i].key)
                continue;
            size_t j = (size_t)(c->v[i].key * 0x9E3779B97F4A7C15ull) & (nc - 1);
            while (nv[j].key)
                j = (j + 1) & (nc - 1);
            nv[j] = c->v[i];
        }
        free(c->v);
        c->v = nv;
        c->cap = nc;
    }
    size_t j = (size_t)(key * 0x9E3779B97F4A7C15ull) & (c->cap - 1);
    while (c->v[j].key && c->v[j].key != key)
        j = (j + 1) & (c->cap - 1);
    if (!c->v[j].key) {
        memset(&c->v[j], 0, sizeof c->v[j]);
        c->v[j].key = key;
        c->n++;
    }
    return &c->v[j];
}

/* Packs the used slots to the front; returns how many. */
static size_t counter_pack(counter *c) {
    size_t n = 0;
    for (size_t i = 0; i < c->cap; i++)
        if (c->v[i].key)
            c->v[n++] = c->v[i];
    return n;
}

/* ---- the per-segment source column ------------------------------------ */

/* One malloc'ed block: this header, then the arrays it points into. */
typedef struct srccol {
    uint32_t ndocs, nsrc;
    const uint32_t *sid;      /* per document: 0 (none) or 1..nsrc */
    const uint64_t *sig;      /* per source id: its signature */
    const uint32_t *name_off; /* nsrc + 2 offsets into names */
    const char *names;        /* NUL-terminated names, back to back */
} srccol;

/* The source an article's stored record names, malloc'ed, or NULL. */
static char *stored_source(const kh_segment *g, uint32_t doc) {
    kh_record rec;
    kh_error e = {0};
    if (kh_seg_record(g, doc, &rec, &e))
        return NULL;
    char *s = rec.a.source && *rec.a.source ? strdup(rec.a.source) : NULL;
    kh_record_free(&rec);
    return s;
}

/* Builds the column of segment g. */
static srccol *srccol_build(const kh_segment *g) {
    uint32_t nd = g->ndocs;
    uint64_t *dsig = calloc((size_t)nd + 1, sizeof *dsig);
    if (!dsig)
        return NULL;
    int f = g->field_of[KH_F_SOURCE];
    if (f >= 0) {
        uint8_t fb = (uint8_t)f;
        for (uint32_t t = kh_seg_term_lower(g, &fb, 1); t < g->nterms; t++) {
            size_t kl;
            const uint8_t *key = kh_seg_term_key(g, t, &kl);
            if (!kl || key[0] != fb)
                break;
            /* the source's words and how often, not their order: two
             * sources of the same words in another order are rare, and
             * positions would cost a decode */
            uint64_t h = kh_hash64(key + 1, kl - 1) | 1;
            kh_cursor cur;
            kh_cursor_init(&cur, g, t);
            for (uint32_t d = kh_cursor_next(&cur); d != KH_NO_DOC && d < nd;
                 d = kh_cursor_next(&cur))
                dsig[d] += h * cur.tf;
        }
    }
    counter ids = {0};
    int bad = 0;
    for (uint32_t d = 0; d < nd && !bad; d++) {
        if (!dsig[d])
            continue;
        cslot *c = counter_get(&ids, dsig[d]);
        if (!c)
            bad = 1;
        else if (!c->id) {
            c->id = (uint32_t)ids.n;
            c->doc = d;
        }
    }
    uint32_t nsrc = (uint32_t)ids.n;
    char **names = bad ? NULL : calloc((size_t)nsrc + 1, sizeof *names);
    uint64_t *sigs = bad ? NULL : calloc((size_t)nsrc + 1, sizeof *sigs);
    size_t names_len = 0;
    for (size_t i = 0; names && sigs && i < ids.cap; i++) {
        cslot *c = &ids.v[i];
        if (!c->key)
            continue;
        sigs[c->id] = c->key;
        names[c->id] = stored_source(g, c->doc);
        names_len += (names[c->id] ? strlen(names[c->id]) : 0) + 1;
    }
    srccol *col = NULL;
    if (names && sigs) {
        size_t sz = sizeof *col + (size_t)nd * 4 + ((size_t)nsrc + 1) * 8 +
                    ((size_t)nsrc + 2) * 4 + names_len + 1;
        col = malloc(sz);
    }
    if (col) {
        char *p = (char *)(col + 1);
        uint64_t *sg = (uint64_t *)p; /* 8-aligned: the header is */
        p += ((size_t)nsrc + 1) * 8;
        uint32_t *sid = (uint32_t *)p;
        p += (size_t)nd * 4;
        uint32_t *off = (uint32_t *)p;
        p += ((size_t)nsrc + 2) * 4;
        char *nm = p;
        memcpy(sg, sigs, ((size_t)nsrc + 1) * 8);
        uint32_t at = 0;
        for (uint32_t i = 0; i <= nsrc; i++) {
            off[i] = at;
            const char *n = i && names[i] ? names[i] : "";
            size_t l = strlen(n) + 1;
            memcpy(nm + at, n, l);
            at += (uint32_t)l;
        }
        off[nsrc + 1] = at;
        for (uint32_t d = 0; d < nd; d++) {
            cslot *c = dsig[d] ? counter_get(&ids, dsig[d]) : NULL;
            sid[d] = c ? c->id : 0;
        }
        *col = (srccol){nd, nsrc, sid, sg, off, nm};
    }
    for (uint32_t i = 0; names && i <= nsrc; i++)
        free(names[i]);
    free(names);
    free(sigs);
    free(ids.v);
    free(dsig);
    return col;
}

/* The column of g, built on first use and kept on the segment. */
static const srccol *srccol_of(kh_segment *g) {
    void *have = atomic_load(&g->derived);
    if (have)
        return have;
    srccol *col = srccol_build(g);
    if (!col)
        return NULL;
    void *expected = NULL;
    if (!atomic_compare_exchange_strong(&g->derived, &expected, col)) {
        free(col); /* another search built it first */
        return expected;
    }
    return col;
}

/* ---- counting the matches --------------------------------------------- */

struct kh_facet_acc {
    uint32_t nsegs;
    kh_segment **segs;
    const srccol **cols;
    uint64_t **scount; /* per segment, per source id */
    int32_t lo;        /* day of dcount[0] */
    uint64_t *dcount;
    size_t dspan;
    int failed; /* out of memory while counting */
};

/* Makes dcount cover day d, doubling its span (room is added on the side
 * d lies); 0 when it cannot (beyond MAX_SPAN, out of memory). */
static int day_room(kh_facet_acc *a, int32_t d) {
    int64_t lo = a->lo, hi = (int64_t)a->lo + (int64_t)a->dspan - 1;
    if (a->dcount && d >= lo && d <= hi)
        return 1;
    if (!a->dcount)
        lo = hi = d;
    int down = d < lo;
    if (down)
        lo = d;
    else if (d > hi)
        hi = d;
    size_t span = a->dspan ? a->dspan : 64;
    while ((int64_t)span < hi - lo + 1)
        span *= 2;
    if (span > MAX_SPAN)
        return 0;
    if (down)
        lo = hi - (int64_t)span + 1;
    else if (!a->dcount)
        lo = d - (int64_t)span / 2;
    uint64_t *n = calloc(span, sizeof *n);
    if (!n) {
        a->failed = 1;
        return 0;
    }
    if (a->dcount)
        memcpy(n + (a->lo - lo), a->dcount, a->dspan * sizeof *n);
    free(a->dcount);
    a->dcount = n;
    a->lo = (int32_t)lo;
    a->dspan = span;
    return 1;
}

static void on_match(void *ctx, uint32_t seg, const uint32_t *docs, size_t n) {
    kh_facet_acc *a = ctx;
    const srccol *c = a->cols[seg];
    uint64_t *sc = a->scount[seg];
    for (size_t i = 0; c && i < n; i++)
        if (docs[i] < c->ndocs)
            sc[c->sid[docs[i]]]++;
    const uint8_t *dates = a->segs[seg]->dates;
    for (size_t i = 0; i < n; i++) {
        int32_t d = (int32_t)kh_rd32(dates + (size_t)docs[i] * 4);
        /* the day's counter, when it is in the span (the common case: no
         * call), else after making room */
        uint64_t off = (uint64_t)((int64_t)d - a->lo);
        if (a->dcount && off < a->dspan)
            a->dcount[off]++;
        else if (d != KH_NO_DATE && day_room(a, d))
            a->dcount[d - a->lo]++;
    }
}

void kh_facet_acc_free(kh_facet_acc *a) {
    if (!a)
        return;
    for (uint32_t i = 0; a->scount && i < a->nsegs; i++)
        free(a->scount[i]);
    free(a->scount);
    free(a->cols);
    free(a->segs);
    free(a->dcount);
    free(a);
}

kh_status kh_facets_begin(kh_plan *p, kh_facet_acc **out, kh_error *err) {
    kh_facet_acc *a = calloc(1, sizeof *a);
    if (!a)
        return NOMEM(err);
    uint32_t n = a->nsegs = p->snap->nsegs;
    a->segs = calloc(n + 1, sizeof *a->segs);
    a->cols = calloc(n + 1, sizeof *a->cols);
    a->scount = calloc(n + 1, sizeof *a->scount);
    if (!a->segs || !a->cols || !a->scount) {
        kh_facet_acc_free(a);
        return NOMEM(err);
    }
    for (uint32_t i = 0; i < n; i++) {
        a->segs[i] = p->snap->segs[i].seg;
        a->cols[i] = srccol_of(a->segs[i]);
        if (!a->cols[i] || !(a->scount[i] = calloc(a->cols[i]->nsrc + 1,
                                                   sizeof **a->scount))) {
            kh_facet_acc_free(a);
            return NOMEM(err);
        }
    }
    p->on_match = on_match;
    p->match_ctx = a;
    *out = a;
    return KH_OK;
}

static int by_count(const void *a, const void *b) {
    const cslot *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static kh_status sources(const kh_facet_acc *a, kh_extras *x, kh_error *err) {
    counter c = {0};
    for (uint32_t si = 0; si < a->nsegs; si++) {
        const srccol *col = a->cols[si];
        for (uint32_t id = 1; id <= col->nsrc; id++) {
            if (!a->scount[si][id])
                continue;
            cslot *s = counter_get(&c, col->sig[id]);
            if (!s) {
                free(c.v);
                return NOMEM(err);
            }
            s->count += a->scount[si][id];
            s->name = col->names + col->name_off[id];
        }
    }
    size_t n = counter_pack(&c);
    if (n)
        qsort(c.v, n, sizeof *c.v, by_count);
    x->sources = calloc(n + 1, sizeof *x->sources);
    if (!x->sources) {
        free(c.v);
        return NOMEM(err);
    }
    for (size_t i = 0; i < n; i++) {
        if (!*c.v[i].name)
            continue;
        /* two signatures may name one source (its words in other case):
         * they are counted as one */
        size_t j = 0;
        while (j < x->nsources && strcmp(x->sources[j].value, c.v[i].name))
            j++;
        if (j < x->nsources) {
            x->sources[j].count += c.v[i].count;
            continue;
        }
        if (x->nsources == MAX_SOURCES)
            continue;
        char *s = strdup(c.v[i].name);
        if (!s) {
            free(c.v);
            return NOMEM(err);
        }
        x->sources[x->nsources++] = (kh_facet){s, c.v[i].count};
    }
    free(c.v);
    return KH_OK;
}

static kh_status days(const kh_facet_acc *a, kh_extras *x, kh_error *err) {
    size_t n = 0;
    for (size_t i = 0; i < a->dspan; i++)
        n += a->dcount[i] != 0;
    x->days = calloc(n + 1, sizeof *x->days);
    /* a year of days: their "YYYY-MM-DD" strings in one block */
    x->day_text = malloc(n * 11 + 1);
    if (!x->days || !x->day_text)
        return NOMEM(err);
    for (size_t i = 0; i < a->dspan; i++) {
        if (!a->dcount[i])
            continue;
        char *s = x->day_text + x->ndays * 11;
        kh_days_to_iso(a->lo + (int32_t)i, s);
        x->days[x->ndays++] = (kh_facet){s, a->dcount[i]};
    }
    return KH_OK;
}

kh_status kh_facets_end(kh_facet_acc *a, const kh_plan *p, kh_extras *x,
                        kh_error *err) {
    (void)p;
    kh_status st = a->failed ? NOMEM(err) : KH_OK;
    if (!st)
        st = days(a, x, err);
    if (!st)
        st = sources(a, x, err);
    kh_facet_acc_free(a);
    return st;
}

/* ---- readings ---------------------------------------------------------- */

static int by_articles(const void *a, const void *b) {
    const kh_reading *x = a, *y = b;
    return x->articles > y->articles ? -1 : x->articles < y->articles;
}

/* Keeps the most frequent readings of the word starting at `from`: at
 * most a few, and none far rarer than the first (a key-mate seen once is
 * noise, not a reading). */
static void best_few(kh_extras *x, size_t from) {
    qsort(x->readings + from, x->nreadings - from, sizeof *x->readings,
          by_articles);
    while (x->nreadings - from > READINGS_PER_WORD ||
           (x->nreadings - from > 1 &&
            x->readings[x->nreadings - 1].articles * 20 <
                x->readings[from].articles)) {
        x->nreadings--;
        free((char *)x->readings[x->nreadings].word);
        free((char *)x->readings[x->nreadings].as);
    }
}

kh_status kh_readings(const kh_plan *p, kh_extras *x, kh_error *err) {
    size_t n = 0;
    for (size_t i = 0; i < p->interp.len; i++)
        n += p->interp.data[i] == '\0';
    n /= 4;
    if (!n)
        return KH_OK;
    x->readings = calloc(n, sizeof *x->readings);
    if (!x->readings)
        return NOMEM(err);
    const char *s = p->interp.data, *end = s + p->interp.len;
    size_t word_start = 0;
    while (s < end) {
        const char *w = s, *t = w + strlen(w) + 1, *df = t + strlen(t) + 1;
        const char *key = df + strlen(df) + 1;
        s = key + strlen(key) + 1;
        if (x->nreadings > word_start &&
            strcmp(x->readings[word_start].word, w)) {
            best_few(x, word_start); /* a new word: the last one's best */
            word_start = x->nreadings;
        }
        int hi = kh_plan_hl_index(p, t, strlen(t));
        const char *as = hi >= 0 && p->surface[hi] ? p->surface[hi] : t;
        kh_reading *r = &x->readings[x->nreadings];
        r->word = strdup(w);
        r->as = strdup(as);
        r->articles = strtoull(df, NULL, 10);
        if (!r->word || !r->as) {
            free((char *)r->word);
            free((char *)r->as);
            return NOMEM(err);
        }
        x->nreadings++;
    }
    best_few(x, word_start);
    return KH_OK;
}

void kh_extras_free(kh_extras *x) {
    for (size_t i = 0; i < x->nsources; i++)
        free((char *)x->sources[i].value);
    free(x->day_text);
    for (size_t i = 0; i < x->nreadings; i++) {
        free((char *)x->readings[i].word);
        free((char *)x->readings[i].as);
    }
    free(x->sources);
    free(x->days);
    free(x->readings);
    memset(x, 0, sizeof *x);
}
