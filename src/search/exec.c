/*
 * exec.c — runs a plan over a snapshot, one segment at a time, document
 * at a time: every node of the plan becomes an iterator over matching
 * documents (leaf: union of its term cursors; phrase: conjunction with a
 * position check; bool: conjunction of musts, union of shoulds, minus
 * nots, date filters). Conjunctions leapfrog with the cursors' skip data,
 * so a rare word bounds the work, and no step visits documents that match
 * nothing. Scores are BM25F: per word, the field-weighted, length-
 * normalized term frequencies are summed before saturation, so a word in
 * the title and the body is not counted as two words. Side-by-side words
 * are scaled by the share of them a document holds (coordination). The
 * best hits then get a proximity boost from the positions of neighbouring
 * query words.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")
#define RERANK_MIN 100  /* hits re-scored with proximity */
#define PROX_WEIGHT 0.6 /* boost of adjacent words, times their idf */
#define PROX_WINDOW 30  /* farther apart than this: no boost */
#define MAX_POS 4096    /* positions of one term in one field looked at */
#define MATCH_BATCH 256 /* matches handed to on_match at a time */

typedef struct it it;

typedef struct tcur {
    kh_cursor c;
    uint8_t field; /* ours */
    uint8_t sf;    /* the segment's */
    float w;
} tcur;

struct it {
    int kind; /* KP_* */
    uint32_t doc;
    const kh_pnode *pn;
    const kh_plan *plan;
    const kh_segment *seg;
    /* leaf */
    tcur *cur;
    size_t ncur;
    uint32_t pos_doc; /* positions below are for this doc */
    uint32_t *pos[KH_F_COUNT];
    uint32_t npos[KH_F_COUNT], cpos[KH_F_COUNT];
    /* phrase and bool */
    it **kids;
    size_t nkids;
    uint32_t pf[KH_F_COUNT]; /* phrase: matches per field at doc */
    uint32_t *at;            /* phrase: a position pointer per word */
    /* bool */
    it **must, **should, **nots;
    size_t nmust, nshould, nnot;
    size_t should_total; /* for coordination, including empty ones */
    int mode;            /* 0: conjunction, 1: union, 2: all docs */
    int32_t lo, hi;      /* date range the doc must fall in */
    int has_date;
    int32_t *nlo, *nhi; /* date ranges the doc must not fall in */
    size_t nndates;
    int empty;    /* a must that matches nothing */
    int filters;  /* bool: dates or nots to check (accept) */
    double bound; /* leaf, phrase: it_bound, which does not change */
};

static uint32_t it_next(it *x);
static uint32_t it_advance(it *x, uint32_t t);
static double it_score(it *x);

static void it_free(it *x) {
    if (!x)
        return;
    free(x->cur);
    free(x->at);
    for (unsigned f = 0; f < KH_F_COUNT; f++)
        free(x->pos[f]);
    for (size_t i = 0; i < x->nkids; i++)
        it_free(x->kids[i]);
    free(x->kids);
    free(x->must);
    free(x->should);
    free(x->nots);
    free(x->nlo);
    free(x->nhi);
    free(x);
}

/* ---- leaf ------------------------------------------------------------- */

/* What a word or phrase can score at most, whatever its frequencies: BM25
 * saturates below idf * (k1 + 1) (see it_bound). */
static double node_bound(const kh_pnode *n) {
    return n->idf > 0 ? n->idf * (KH_BM25_K1 + 1) * (1 + 1e-9) : 0;
}

static uint32_t leaf_min(it *x) {
    uint32_t d = KH_NO_DOC;
    for (size_t i = 0; i < x->ncur; i++)
        if (x->cur[i].c.doc < d)
            d = x->cur[i].c.doc;
    return x->doc = d;
}

static uint32_t leaf_next(it *x) {
    uint32_t d = x->doc, m = KH_NO_DOC;
    for (size_t i = 0; i < x->ncur; i++) { /* moves and takes the least */
        kh_cursor *c = &x->cur[i].c;
        uint32_t cd = c->doc == d ? kh_cursor_next(c) : c->doc;
        if (cd < m)
            m = cd;
    }
    return x->doc = m;
}

static uint32_t leaf_advance(it *x, uint32_t t) {
    for (size_t i = 0; i < x->ncur; i++)
        if (x->cur[i].c.doc < t)
            kh_cursor_advance(&x->cur[i].c, t);
    return leaf_min(x);
}

static double leaf_score(it *x) {
    const kh_plan *p = x->plan;
    const kh_segment *s = x->seg;
    double tfw = 0;
    for (size_t i = 0; i < x->ncur; i++) {
        const tcur *c = &x->cur[i];
        if (c->c.doc != x->doc)
            continue;
        uint8_t nb = s->norms[(size_t)x->doc * s->nfields + c->sf];
        tfw += c->w * p->fw[c->field] * (double)c->c.tf * p->norm[c->field][nb];
    }
    return kh_bm25_tf(x->pn->idf, tfw);
}

/* Merges the sorted runs v[0, a) and v[a, n) in place through tmp (room
 * for n), dropping duplicates; returns the new length. */
static uint32_t merge_runs(uint32_t *v, uint32_t a, uint32_t n, uint32_t *tmp) {
    uint32_t i = 0, j = a, k = 0;
    while (i < a || j < n) {
        uint32_t x = j >= n || (i < a && v[i] <= v[j]) ? v[i++] : v[j++];
        if (!k || tmp[k - 1] != x)
            tmp[k++] = x;
    }
    memcpy(v, tmp, (size_t)k * sizeof *v);
    return k;
}

/* Reads the positions of the current doc into pos[field], sorted and
 * unique. Each alternative's positions come sorted from its cursor, so
 * several alternatives in one field are merged, not re-sorted. Returns -1
 * on OOM. */
static int leaf_positions(it *x) {
    if (x->pos_doc == x->doc && x->doc != KH_NO_DOC)
        return 0;
    for (unsigned f = 0; f < KH_F_COUNT; f++)
        x->npos[f] = 0;
    for (size_t i = 0; i < x->ncur; i++) {
        tcur *c = &x->cur[i];
        if (c->c.doc != x->doc)
            continue;
        unsigned f = c->field;
        uint32_t tf = c->c.tf < MAX_POS ? c->c.tf : MAX_POS;
        /* room for the old and new runs, and as much again to merge */
        if (2 * (x->npos[f] + tf) > x->cpos[f]) {
            uint32_t n = (x->npos[f] + tf) * 4;
            uint32_t *p = realloc(x->pos[f], n * sizeof *p);
            if (!p)
                return -1;
            x->pos[f] = p;
            x->cpos[f] = n;
        }
        uint32_t a = x->npos[f];
        uint32_t got = kh_cursor_positions(&c->c, x->pos[f] + a, tf);
        x->npos[f] = a + got;
        if (a && got && x->pos[f][a] <= x->pos[f][a - 1])
            x->npos[f] = merge_runs(x->pos[f], a, a + got, x->pos[f] + a + got);
    }
    x->pos_doc = x->doc;
    return 0;
}

static it *leaf_new(const kh_plan *p, const kh_pnode *n, uint32_t si) {
    const kh_segment *s = p->snap->segs[si].seg;
    it *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->kind = KP_LEAF;
    x->pn = n;
    x->bound = node_bound(n);
    x->plan = p;
    x->seg = s;
    x->pos_doc = KH_NO_DOC;
    x->cur = calloc(n->nalts + 1, sizeof *x->cur);
    if (!x->cur) {
        free(x);
        return NULL;
    }
    for (size_t i = 0; i < n->nalts; i++) {
        const kh_alt *a = &n->alts[i];
        int sf = s->field_of[a->field];
        if (sf < 0 || !a->tid[si])
            continue;
        tcur *c = &x->cur[x->ncur++];
        kh_cursor_init(&c->c, s, a->tid[si] - 1);
        kh_cursor_next(&c->c);
        c->field = a->field;
        c->sf = (uint8_t)sf;
        c->w = a->weight;
    }
    leaf_min(x);
    return x;
}

/* ---- phrase ----------------------------------------------------------- */

/* Counts the phrase's occurrences at the current doc, per field: the
 * sorted position lists are intersected with one forward pointer per word
 * (word i must be at p0 + rel[i] - rel[0] for each position p0 of the
 * first), so a field costs the sum of the lists' lengths. */
static int phrase_check(it *x) {
    int any = 0;
    uint32_t *at = x->at;
    for (size_t i = 0; i < x->nkids; i++)
        if (leaf_positions(x->kids[i]))
            return 0; /* out of memory: treat as no match */
    for (unsigned f = 0; f < KH_F_COUNT; f++) {
        x->pf[f] = 0;
        it *k0 = x->kids[0];
        for (size_t i = 1; i < x->nkids; i++)
            at[i] = 0;
        for (uint32_t j = 0; j < k0->npos[f]; j++) {
            uint32_t p0 = k0->pos[f][j];
            size_t i = 1;
            for (; i < x->nkids; i++) {
                it *k = x->kids[i];
                uint64_t want = (uint64_t)p0 + x->pn->rel[i] - x->pn->rel[0];
                while (at[i] < k->npos[f] && k->pos[f][at[i]] < want)
                    at[i]++;
                if (at[i] >= k->npos[f] || k->pos[f][at[i]] != want)
                    break;
            }
            if (i == x->nkids)
                x->pf[f]++;
        }
        any |= x->pf[f] > 0;
    }
    return any;
}

/* Brings every kid to the same doc >= d, then checks positions. */
static uint32_t phrase_align(it *x, uint32_t d) {
    for (;;) {
        if (d == KH_NO_DOC)
            return x->doc = KH_NO_DOC;
        int same = 1;
        for (size_t i = 0; i < x->nkids; i++) {
            uint32_t k = it_advance(x->kids[i], d);
            if (k != d) {
                d = k;
                same = 0;
                break;
            }
        }
        if (!same)
            continue;
        x->doc = d;
        if (phrase_check(x))
            return d;
        d = it_next(x->kids[0]);
    }
}

static double phrase_score(it *x) {
    const kh_plan *p = x->plan;
    const kh_segment *s = x->seg;
    double tfw = 0;
    for (unsigned f = 0; f < KH_F_COUNT; f++) {
        if (!x->pf[f] || s->field_of[f] < 0)
            continue;
        uint8_t nb =
            s->norms[(size_t)x->doc * s->nfields + (unsigned)s->field_of[f]];
        tfw += p->fw[f] * (double)x->pf[f] * p->norm[f][nb];
    }
    return kh_bm25_tf(x->pn->idf, tfw);
}

/* ---- bool ------------------------------------------------------------- */

static int accept(it *x, uint32_t d) {
    if (!x->filters)
        return 1;
    if (x->has_date || x->nndates) {
        int32_t day = kh_seg_date(x->seg, d);
        if (x->has_date && (day == KH_NO_DATE || day < x->lo || day > x->hi))
            return 0;
        for (size_t i = 0; i < x->nndates; i++)
            if (day != KH_NO_DATE && day >= x->nlo[i] && day <= x->nhi[i])
                return 0;
    }
    for (size_t i = 0; i < x->nnot; i++)
        if (it_advance(x->nots[i], d) == d)
            return 0;
    return 1;
}

static uint32_t conj_align(it *x, uint32_t d) {
    for (;;) {
        if (d == KH_NO_DOC)
            return x->doc = KH_NO_DOC;
        int same = 1;
        for (size_t i = 0; i < x->nmust; i++) {
            uint32_t k = it_advance(x->must[i], d);
            if (k != d) {
                d = k;
                same = 0;
                break;
            }
        }
        if (!same)
            continue;
        if (accept(x, d)) {
            for (size_t i = 0; i < x->nshould; i++)
                it_advance(x->should[i], d);
            return x->doc = d;
        }
        d = it_next(x->must[0]);
    }
}

static uint32_t disj_settle(it *x) {
    for (;;) {
        uint32_t d = KH_NO_DOC;
        for (size_t i = 0; i < x->nshould; i++)
            if (x->should[i]->doc < d)
                d = x->should[i]->doc;
        if (d == KH_NO_DOC || accept(x, d))
            return x->doc = d;
        for (size_t i = 0; i < x->nshould; i++)
            if (x->should[i]->doc == d)
                it_next(x->should[i]);
    }
}

static uint32_t all_from(it *x, uint32_t d) {
    for (; d < x->seg->ndocs; d++)
        if (accept(x, d))
            return x->doc = d;
    return x->doc = KH_NO_DOC;
}

/* Sums f over the musts and the shoulds at the doc, scaled by the share
 * of side-by-side words the doc holds (coordination). */
static double bool_sum(it *x, double (*f)(it *)) {
    double sum = 0;
    size_t matched = 0;
    for (size_t i = 0; i < x->nmust; i++)
        sum += f(x->must[i]);
    for (size_t i = 0; i < x->nshould; i++)
        if (x->should[i]->doc == x->doc) {
            sum += f(x->should[i]);
            matched++;
        }
    if (x->pn->coord && x->should_total > 1)
        sum *=
            (double)(matched + x->nmust) / (double)(x->should_total + x->nmust);
    return sum;
}

static double bool_score(it *x) {
    return bool_sum(x, it_score);
}

/* ---- dispatch --------------------------------------------------------- */

static uint32_t it_next(it *x) {
    if (x->doc == KH_NO_DOC)
        return KH_NO_DOC;
    switch (x->kind) {
    case KP_LEAF: return leaf_next(x);
    case KP_PHRASE: return phrase_align(x, it_next(x->kids[0]));
    case KP_BOOL:
        if (x->mode == 0)
            return conj_align(x, it_next(x->must[0]));
        if (x->mode == 1) {
            uint32_t d = x->doc;
            for (size_t i = 0; i < x->nshould; i++)
                if (x->should[i]->doc == d)
                    it_next(x->should[i]);
            return disj_settle(x);
        }
        return all_from(x, x->doc + 1);
    default: return x->doc = KH_NO_DOC;
    }
}

static uint32_t it_advance(it *x, uint32_t t) {
    if (x->doc >= t)
        return x->doc;
    switch (x->kind) {
    case KP_LEAF: return leaf_advance(x, t);
    case KP_PHRASE: return phrase_align(x, it_advance(x->kids[0], t));
    case KP_BOOL:
        if (x->mode == 0)
            return conj_align(x, it_advance(x->must[0], t));
        if (x->mode == 1) {
            for (size_t i = 0; i < x->nshould; i++)
                it_advance(x->should[i], t);
            return disj_settle(x);
        }
        return all_from(x, t);
    default: return x->doc = KH_NO_DOC;
    }
}

static double it_score(it *x) {
    switch (x->kind) {
    case KP_LEAF: return leaf_score(x);
    case KP_PHRASE: return phrase_score(x);
    case KP_BOOL: return bool_score(x);
    default: return 0;
    }
}

/* An upper bound of it_score(x) at the current doc, from the words the
 * doc matches but none of their frequencies: BM25 saturates below
 * idf * (k1 + 1). kh_exec skips scoring a doc whose bound cannot reach the
 * top k (MaxScore's idea): with two common words most docs hold only one,
 * whose bound is well under the hits that hold both. The margin covers
 * rounding, so a skipped doc could never have entered the top k. */
static double it_bound(it *x) {
    switch (x->kind) {
    case KP_LEAF:
    case KP_PHRASE: return x->bound;
    case KP_BOOL: return bool_sum(x, it_bound);
    default: return 0;
    }
}

static it *build(const kh_plan *p, const kh_pnode *n, uint32_t si);

static int push(it ***v, size_t *n, it *k) {
    it **q = realloc(*v, (*n + 1) * sizeof *q);
    if (!q)
        return -1;
    *v = q;
    (*v)[(*n)++] = k;
    return 0;
}

static it *bool_new(const kh_plan *p, const kh_pnode *n, uint32_t si) {
    const kh_segment *s = p->snap->segs[si].seg;
    it *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->kind = KP_BOOL;
    x->pn = n;
    x->plan = p;
    x->seg = s;
    x->lo = INT32_MIN;
    x->hi = INT32_MAX;
    x->kids = calloc(n->nkids + 1, sizeof *x->kids);
    if (!x->kids) {
        free(x);
        return NULL;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        const kh_pnode *k = n->kids[i];
        if (k->kind == KP_DATE) {
            if (k->occ == KQ_NOT) {
                int32_t *a = realloc(x->nlo, (x->nndates + 1) * sizeof *a);
                if (a)
                    x->nlo = a;
                int32_t *b = realloc(x->nhi, (x->nndates + 1) * sizeof *b);
                if (b)
                    x->nhi = b;
                if (!a || !b) {
                    it_free(x);
                    return NULL;
                }
                x->nlo[x->nndates] = k->lo;
                x->nhi[x->nndates++] = k->hi;
            } else {
                x->has_date = 1;
                if (k->lo > x->lo)
                    x->lo = k->lo;
                if (k->hi < x->hi)
                    x->hi = k->hi;
            }
            continue;
        }
        if (k->kind == KP_NONE) {
            if (k->occ == KQ_MUST)
                x->empty = 1;
            continue;
        }
        if (k->occ == KQ_SHOULD)
            x->should_total++;
        it *c = build(p, k, si);
        if (!c) {
            it_free(x);
            return NULL;
        }
        x->kids[x->nkids++] = c;
        int r = k->occ == KQ_MUST  ? push(&x->must, &x->nmust, c)
                : k->occ == KQ_NOT ? push(&x->nots, &x->nnot, c)
                                   : push(&x->should, &x->nshould, c);
        if (r) {
            it_free(x);
            return NULL;
        }
    }
    if (x->empty) {
        x->doc = KH_NO_DOC;
        return x;
    }
    x->filters = x->has_date || x->nndates || x->nnot;
    x->mode = x->nmust ? 0 : x->nshould ? 1 : 2;
    if (x->mode == 0)
        conj_align(x, x->must[0]->doc);
    else if (x->mode == 1)
        disj_settle(x);
    else if (x->has_date)
        all_from(x, 0);
    else
        x->doc = KH_NO_DOC; /* only negations: nothing to find */
    return x;
}

static it *build(const kh_plan *p, const kh_pnode *n, uint32_t si) {
    const kh_segment *s = p->snap->segs[si].seg;
    switch (n->kind) {
    case KP_LEAF: return leaf_new(p, n, si);
    case KP_PHRASE: {
        it *x = calloc(1, sizeof *x);
        if (!x)
            return NULL;
        x->kind = KP_PHRASE;
        x->pn = n;
        x->bound = node_bound(n);
        x->plan = p;
        x->seg = s;
        x->kids = calloc(n->nkids + 1, sizeof *x->kids);
        x->at = calloc(n->nkids + 1, sizeof *x->at);
        if (!x->kids || !x->at) {
            free(x->kids);
            free(x->at);
            free(x);
            return NULL;
        }
        for (size_t i = 0; i < n->nkids; i++) {
            x->kids[i] = build(p, n->kids[i], si);
            if (!x->kids[i]) {
                it_free(x);
                return NULL;
            }
            x->nkids++;
        }
        phrase_align(x, x->kids[0]->doc);
        return x;
    }
    case KP_BOOL: return bool_new(p, n, si);
    default: {
        it *x = calloc(1, sizeof *x);
        if (x) {
            x->kind = KP_NONE;
            x->pn = n;
            x->doc = KH_NO_DOC;
        }
        return x;
    }
    }
}

/* ---- top k ------------------------------------------------------------ */

/* a ranks before b */
static int better(const kh_scored *a, const kh_scored *b) {
    if (a->score != b->score)
        return a->score > b->score;
    if (a->seg != b->seg)
        return a->seg > b->seg; /* newer segments first */
    return a->doc < b->doc;
}

/* A min-heap on `better`: the root is the worst kept hit. */
void kh_topk_push(kh_topk *top, kh_scored v) {
    kh_scored *h = top->h;
    size_t *n = &top->n, k = top->k;
    if (*n == k) {
        if (!better(&v, &h[0]))
            return;
        size_t i = 0;
        h[0] = v;
        for (;;) { /* sift down */
            size_t l = 2 * i + 1, r = l + 1, m = i;
            if (l < *n && better(&h[m], &h[l]))
                m = l;
            if (r < *n && better(&h[m], &h[r]))
                m = r;
            if (m == i)
                break;
            kh_scored t = h[i];
            h[i] = h[m];
            h[m] = t;
            i = m;
        }
        return;
    }
    size_t i = (*n)++;
    h[i] = v;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!better(&h[up], &h[i]))
            break;
        kh_scored t = h[i];
        h[i] = h[up];
        h[up] = t;
        i = up;
    }
}

static int cmp_rank(const void *a, const void *b) {
    const kh_scored *x = a, *y = b;
    return better(x, y) ? -1 : better(y, x) ? 1 : 0;
}

static int cmp_doc(const void *a, const void *b) {
    const kh_scored *x = a, *y = b;
    if (x->seg != y->seg)
        return x->seg < y->seg ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* Smallest distance from a position in a to one in b (b after a counts
 * as it is; b before a counts one more: order matters a little). */
static uint32_t min_dist(const uint32_t *a, uint32_t na, const uint32_t *b,
                         uint32_t nb) {
    uint32_t best = UINT32_MAX, i = 0, j = 0;
    while (i < na && j < nb) {
        uint32_t d;
        if (a[i] < b[j]) {
            d = b[j] - a[i];
            i++;
        } else if (a[i] > b[j]) {
            d = a[i] - b[j] + 1;
            j++;
        } else {
            i++, j++;
            continue; /* the same word twice in the query */
        }
        if (d < best)
            best = d;
    }
    return best;
}

/* Adds the proximity boost to hits[0..n) (all in segment `si`). */
static kh_status proximity(const kh_plan *p, uint32_t si, kh_scored *hits,
                           size_t n, kh_error *err) {
    size_t nl = p->nleaves;
    it **l = calloc(nl, sizeof *l);
    if (!l)
        return NOMEM(err);
    kh_status st = KH_OK;
    for (size_t i = 0; i < nl && !st; i++)
        if (!(l[i] = leaf_new(p, p->leaves[i], si)))
            st = NOMEM(err);
    for (size_t h = 0; h < n && !st; h++) {
        uint32_t d = hits[h].doc;
        for (size_t i = 0; i < nl; i++)
            if (leaf_advance(l[i], d) == d && leaf_positions(l[i]))
                st = NOMEM(err);
        double boost = 0;
        for (size_t i = 0; i + 1 < nl && !st; i++) {
            it *a = l[i], *b = l[i + 1];
            if (a->doc != d || b->doc != d)
                continue;
            double best = 0;
            for (unsigned f = 0; f <= KH_F_BODY; f++) {
                uint32_t dist =
                    min_dist(a->pos[f], a->npos[f], b->pos[f], b->npos[f]);
                if (dist <= PROX_WINDOW && p->fw[f] / dist > best)
                    best = p->fw[f] / dist;
            }
            double idf = a->pn->idf < b->pn->idf ? a->pn->idf : b->pn->idf;
            boost += PROX_WEIGHT * best * idf;
        }
        hits[h].score += boost;
    }
    for (size_t i = 0; i < nl; i++)
        it_free(l[i]);
    free(l);
    return st;
}

kh_status kh_exec(const kh_plan *p, size_t k, kh_scored *out, size_t *nout,
                  uint64_t *total, kh_error *err) {
    *nout = 0;
    *total = 0;
    size_t kc = k < RERANK_MIN && p->nleaves > 1 ? RERANK_MIN : k;
    kh_scored *heap = malloc((kc ? kc : 1) * sizeof *heap);
    if (!heap)
        return NOMEM(err);
    kh_topk top = {heap, 0, kc};
    uint64_t tot = 0;
    for (uint32_t si = 0; si < p->snap->nsegs; si++) {
        if (kh_flat_worth(p, si)) {
            kh_status st = kh_flat_segment(p, si, &top, &tot, err);
            if (st) {
                free(heap);
                return st;
            }
            continue;
        }
        const kh_snapseg *g = &p->snap->segs[si];
        it *root = build(p, p->root, si);
        if (!root) {
            free(heap);
            return NOMEM(err);
        }
        /* matches go to on_match in batches: one call per batch, and a
         * tight loop there, instead of a call per match */
        uint32_t batch[MATCH_BATCH];
        size_t nb = 0;
        for (uint32_t d = root->doc; d != KH_NO_DOC; d = it_next(root)) {
            if (kh_bit(g->del, d))
                continue;
            tot++;
            if (p->on_match) {
                batch[nb++] = d;
                if (nb == MATCH_BATCH) {
                    p->on_match(p->match_ctx, si, batch, nb);
                    nb = 0;
                }
            }
            if (kc && (top.n < kc || it_bound(root) >= heap[0].score))
                kh_topk_push(&top, (kh_scored){it_score(root), si, d});
        }
        if (nb)
            p->on_match(p->match_ctx, si, batch, nb);
        it_free(root);
    }
    size_t n = top.n;
    kh_status st = KH_OK;
    if (p->nleaves > 1 && n) {
        qsort(heap, n, sizeof *heap, cmp_doc);
        for (size_t a = 0; a < n && !st;) {
            size_t b = a;
            while (b < n && heap[b].seg == heap[a].seg)
                b++;
            st = proximity(p, heap[a].seg, heap + a, b - a, err);
            a = b;
        }
    }
    if (st) {
        free(heap);
        return st;
    }
    qsort(heap, n, sizeof *heap, cmp_rank);
    *nout = n < k ? n : k;
    memcpy(out, heap, *nout * sizeof *out);
    *total = tot;
    free(heap);
    return KH_OK;
}
