/*
 * facets.c — what a search reports besides its hits: how many matching
 * articles each publication and each day has (over every match, not only
 * the page shown), and how the query's Latin-letter words were read in
 * Devanagari ("pahalgam" -> पहलगाम).
 *
 * Matches are collected per segment as kh_exec finds them (in doc order).
 * Days come from the segment's date column. Sources have no column: the
 * source field's terms are few, so their postings are intersected with
 * the matches (skipping with the skip data), and each article gets a
 * signature of its source terms and their counts; articles with the
 * same signature have the same source, and one of them per signature is
 * fetched from the store for the name as written. This keeps the segment
 * format unchanged and costs about one posting walk of the source field.
 */
#include "search.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")
#define MAX_SOURCES 100 /* source facet values reported */
#define READINGS_PER_WORD 3

typedef struct segdocs {
    uint32_t *doc;
    size_t n, cap;
} segdocs;

struct kh_facet_acc {
    segdocs *segs;
    uint32_t nsegs;
    int failed; /* out of memory while collecting */
};

static void on_match(void *ctx, uint32_t seg, uint32_t doc) {
    kh_facet_acc *a = ctx;
    if (seg >= a->nsegs || a->failed)
        return;
    segdocs *s = &a->segs[seg];
    if (s->n == s->cap) {
        size_t c = s->cap ? s->cap * 2 : 256;
        uint32_t *v = realloc(s->doc, c * sizeof *v);
        if (!v) {
            a->failed = 1;
            return;
        }
        s->doc = v;
        s->cap = c;
    }
    s->doc[s->n++] = doc;
}

kh_status kh_facets_begin(kh_plan *p, kh_facet_acc **out, kh_error *err) {
    kh_facet_acc *a = calloc(1, sizeof *a);
    if (!a)
        return NOMEM(err);
    a->nsegs = p->snap->nsegs;
    a->segs = calloc(a->nsegs + 1, sizeof *a->segs);
    if (!a->segs) {
        free(a);
        return NOMEM(err);
    }
    p->on_match = on_match;
    p->match_ctx = a;
    *out = a;
    return KH_OK;
}

void kh_facet_acc_free(kh_facet_acc *a) {
    if (!a)
        return;
    for (uint32_t i = 0; i < a->nsegs; i++)
        free(a->segs[i].doc);
    free(a->segs);
    free(a);
}

/* ---- a small open-addressing counter keyed by 64-bit values ---------- */

typedef struct cslot {
    uint64_t key; /* 0: empty (keys are never 0) */
    uint64_t count;
    uint32_t seg, doc; /* a representative article */
} cslot;

typedef struct counter {
    cslot *v;
    size_t n, cap; /* cap: a power of two */
} counter;

static cslot *counter_add(counter *c, uint64_t key, uint32_t seg,
                          uint32_t doc) {
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
        c->v[j] = (cslot){key, 0, seg, doc};
        c->n++;
    }
    c->v[j].count++;
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

static int by_count(const void *a, const void *b) {
    const cslot *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* ---- days ------------------------------------------------------------ */

/* Days are counted in a dense array over the span of the matches' dates
 * (news spans years, not millennia), falling back to nothing for dates
 * beyond MAX_SPAN from the first one seen. */
#define MAX_SPAN (366 * 200)

static kh_status days(const kh_facet_acc *a, const kh_plan *p, kh_extras *x,
                      kh_error *err) {
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (uint32_t si = 0; si < a->nsegs; si++) {
        const kh_segment *g = p->snap->segs[si].seg;
        for (size_t i = 0; i < a->segs[si].n; i++) {
            int32_t d = kh_seg_date(g, a->segs[si].doc[i]);
            if (d == KH_NO_DATE)
                continue;
            if (d < lo)
                lo = d;
            if (d > hi)
                hi = d;
        }
    }
    if (lo > hi)
        return KH_OK;
    if ((int64_t)hi - lo >= MAX_SPAN)
        hi = lo + MAX_SPAN - 1;
    uint64_t *cnt = calloc((size_t)(hi - lo) + 1, sizeof *cnt);
    if (!cnt)
        return NOMEM(err);
    size_t ndays = 0;
    for (uint32_t si = 0; si < a->nsegs; si++) {
        const kh_segment *g = p->snap->segs[si].seg;
        for (size_t i = 0; i < a->segs[si].n; i++) {
            int32_t d = kh_seg_date(g, a->segs[si].doc[i]);
            if (d != KH_NO_DATE && d >= lo && d <= hi && !cnt[d - lo]++)
                ndays++;
        }
    }
    x->days = calloc(ndays + 1, sizeof *x->days);
    if (!x->days) {
        free(cnt);
        return NOMEM(err);
    }
    for (int32_t d = lo; d <= hi; d++) {
        if (!cnt[d - lo])
            continue;
        char iso[11];
        kh_days_to_iso(d, iso);
        char *s = strdup(iso);
        if (!s) {
            free(cnt);
            return NOMEM(err);
        }
        x->days[x->ndays++] = (kh_facet){s, cnt[d - lo]};
    }
    free(cnt);
    return KH_OK;
}

/* ---- sources --------------------------------------------------------- */

/* The first index >= i in v[0..n) whose value is >= want (galloping). */
static size_t gallop(const uint32_t *v, size_t n, size_t i, uint32_t want) {
    size_t step = 1, lo = i, hi = i;
    while (hi < n && v[hi] < want) {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    if (hi > n)
        hi = n;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (v[m] < want)
            lo = m + 1;
        else
            hi = m;
    }
    return lo;
}

/* Adds each matching article's source signature in segment si to c. */
static int source_sigs(const kh_segment *g, uint32_t si, const segdocs *m,
                       counter *c) {
    int f = g->field_of[KH_F_SOURCE];
    if (f < 0 || !m->n)
        return 0;
    uint64_t *sig = calloc(m->n, sizeof *sig);
    if (!sig)
        return -1;
    uint8_t fb = (uint8_t)f;
    for (uint32_t t = kh_seg_term_lower(g, &fb, 1); t < g->nterms; t++) {
        size_t kl;
        const uint8_t *key = kh_seg_term_key(g, t, &kl);
        if (!kl || key[0] != fb)
            break;
        uint64_t h = kh_hash64(key + 1, kl - 1) | 1;
        kh_cursor cur;
        kh_cursor_init(&cur, g, t);
        uint32_t d = kh_cursor_next(&cur);
        size_t i = 0;
        while (d != KH_NO_DOC && i < m->n) {
            if (d < m->doc[i]) {
                d = kh_cursor_advance(&cur, m->doc[i]);
            } else if (d > m->doc[i]) {
                i = gallop(m->doc, m->n, i, d);
            } else {
                /* the source's words and how often, not their order: two
                 * sources made of the same words in another order are
                 * rare enough, and positions cost a decode */
                sig[i] += h * cur.tf;
                i++;
                d = kh_cursor_next(&cur);
            }
        }
    }
    int rc = 0;
    for (size_t i = 0; i < m->n && !rc; i++)
        if (sig[i] && !counter_add(c, sig[i], si, m->doc[i]))
            rc = -1;
    free(sig);
    return rc;
}

/* The source an article's stored JSON names, malloc'ed, or NULL. */
static char *stored_source(const kh_segment *g, uint32_t doc) {
    kh_stored rec;
    kh_error e = {0};
    if (kh_seg_fetch(g, doc, &rec, &e))
        return NULL;
    json_t *o = json_loadb(rec.json, rec.json_len, 0, NULL);
    free(rec.buf);
    json_t *v = o ? json_object_get(o, "source") : NULL;
    char *s = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
    json_decref(o);
    return s;
}

static kh_status sources(const kh_facet_acc *a, const kh_plan *p, kh_extras *x,
                         kh_error *err) {
    counter c = {0};
    for (uint32_t si = 0; si < a->nsegs; si++)
        if (source_sigs(p->snap->segs[si].seg, si, &a->segs[si], &c)) {
            free(c.v);
            return NOMEM(err);
        }
    size_t n = counter_pack(&c);
    if (n)
        qsort(c.v, n, sizeof *c.v, by_count);
    x->sources =
        calloc((n < MAX_SOURCES ? n : MAX_SOURCES) + 1, sizeof *x->sources);
    if (!x->sources) {
        free(c.v);
        return NOMEM(err);
    }
    for (size_t i = 0; i < n && x->nsources < MAX_SOURCES; i++) {
        char *s = stored_source(p->snap->segs[c.v[i].seg].seg, c.v[i].doc);
        if (!s || !*s) {
            free(s);
            continue;
        }
        /* two signatures may name one source (spelled in other case) */
        size_t j = 0;
        while (j < x->nsources && strcmp(x->sources[j].value, s))
            j++;
        if (j < x->nsources) {
            x->sources[j].count += c.v[i].count;
            free(s);
            continue;
        }
        x->sources[x->nsources++] = (kh_facet){s, c.v[i].count};
    }
    free(c.v);
    return KH_OK;
}

kh_status kh_facets_end(kh_facet_acc *a, const kh_plan *p, kh_extras *x,
                        kh_error *err) {
    kh_status st = a->failed ? NOMEM(err) : KH_OK;
    if (!st)
        st = days(a, p, x, err);
    if (!st)
        st = sources(a, p, x, err);
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
    n /= 3;
    if (!n)
        return KH_OK;
    x->readings = calloc(n, sizeof *x->readings);
    if (!x->readings)
        return NOMEM(err);
    const char *s = p->interp.data, *end = s + p->interp.len;
    size_t word_start = 0;
    while (s < end) {
        const char *w = s, *t = w + strlen(w) + 1, *df = t + strlen(t) + 1;
        s = df + strlen(df) + 1;
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
    for (size_t i = 0; i < x->ndays; i++)
        free((char *)x->days[i].value);
    for (size_t i = 0; i < x->nreadings; i++) {
        free((char *)x->readings[i].word);
        free((char *)x->readings[i].as);
    }
    free(x->sources);
    free(x->days);
    free(x->readings);
    memset(x, 0, sizeof *x);
}
