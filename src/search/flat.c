/*
 * flat.c — term-at-a-time evaluation of flat queries: one word, or words
 * side by side (or OR'ed), with at most date filters. These are most of
 * what people type, and with common words they match most of the index,
 * so the exact total and the facets make every match a visit. Document
 * at a time (exec.c), each visit steps every cursor of every word (a
 * word has a cursor per field and spelling); here each cursor's postings
 * are decoded in one tight loop into per-document accumulators, and one
 * pass over a bitmap of the touched documents then counts, filters, hands
 * matches to on_match and fills the top-k heap — in the same doc order,
 * with the same floating-point sums in the same order as exec.c, so that
 * scores, ties and results are identical whichever way a query runs.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")
#define MATCH_BATCH 256
/* Below this share of a segment's documents in postings, walking the
 * cursors document at a time is cheaper than a pass over the segment. */
#define FLAT_MIN_DENSITY 16

/* A flat plan's words: the root itself, or the root's SHOULD leaves. */
static int flat_words(const kh_plan *p, const kh_pnode ***w, size_t *nw) {
    const kh_pnode *r = p->root;
    if (!r)
        return 0;
    if (r->kind == KP_LEAF) {
        *w = (const kh_pnode **)&p->root;
        *nw = 1;
        return 1;
    }
    if (r->kind != KP_BOOL)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < r->nkids; i++) {
        const kh_pnode *k = r->kids[i];
        if (k->kind == KP_DATE)
            continue;
        if (k->kind == KP_NONE && k->occ != KQ_MUST)
            continue;
        if (k->kind != KP_LEAF || k->occ != KQ_SHOULD)
            return 0;
        n++;
    }
    if (!n)
        return 0;
    *w = (const kh_pnode **)r->kids;
    *nw = r->nkids;
    return 1;
}

int kh_flat_worth(const kh_plan *p, uint32_t si) {
    const kh_pnode **w;
    size_t nw;
    if (p->no_flat || !flat_words(p, &w, &nw))
        return 0;
    const kh_segment *s = p->snap->segs[si].seg;
    uint64_t postings = 0;
    for (size_t i = 0; i < nw; i++) {
        if (w[i]->kind != KP_LEAF)
            continue;
        for (size_t a = 0; a < w[i]->nalts; a++) {
            const kh_alt *alt = &w[i]->alts[a];
            if (alt->tid[si] && s->field_of[alt->field] >= 0)
                postings += kh_seg_term_df(s, alt->tid[si] - 1);
        }
    }
    return postings * FLAT_MIN_DENSITY >= s->ndocs;
}

/* The date ranges of a flat root: docs must fall in [lo, hi] and in none
 * of the excluded ranges (exec.c's accept, without the negated words a
 * flat plan has none of). */
typedef struct dates {
    int on;       /* any date to check */
    int has_date; /* a range the doc must fall in */
    int32_t lo, hi;
    const kh_pnode **nots;
    size_t nnots;
} dates;

static int dates_ok(const dates *f, const kh_segment *s, uint32_t d) {
    if (!f->on)
        return 1;
    int32_t day = kh_seg_date(s, d);
    if (f->has_date && (day == KH_NO_DATE || day < f->lo || day > f->hi))
        return 0;
    for (size_t i = 0; i < f->nnots; i++)
        if (day != KH_NO_DATE && day >= f->nots[i]->lo && day <= f->nots[i]->hi)
            return 0;
    return 1;
}

typedef struct acc {
    const kh_plan *p;
    const kh_segment *s;
    uint32_t si;
    double *tfw;     /* a word's field-weighted frequencies, per doc */
    double *sum;     /* the words' scores so far, per doc */
    uint16_t *nword; /* how many words the doc holds */
    uint64_t *wbits; /* docs the current word touched */
    uint64_t *any;   /* docs any word touched */
    size_t nwords64;
} acc;

/* Adds one cursor's postings into tfw, as exec.c's leaf_score sums them:
 * w * fw (in float), times tf, times the length norm, in cursor order. */
static void add_cursor(acc *a, const kh_alt *alt, uint32_t tid) {
    const kh_plan *p = a->p;
    const kh_segment *s = a->s;
    int sf = s->field_of[alt->field];
    kh_cursor c;
    kh_cursor_init(&c, s, tid);
    float wf = alt->weight * p->fw[alt->field];
    const float *norm = p->norm[alt->field];
    const uint8_t *nb = s->norms + sf;
    size_t stride = s->nfields;
    const uint8_t *dp = c.dp, *end = c.dend;
    uint32_t doc = 0;
    for (uint32_t i = 0; i < c.df; i++) {
        uint32_t v, tf = 1;
        if (!kh_varint_get(&dp, end, &v) ||
            (!(v & 1) && !kh_varint_get(&dp, end, &tf)))
            break; /* cannot happen in a verified file */
        doc = i ? doc + (v >> 1) : v >> 1;
        if (doc >= s->ndocs)
            break;
        double t = wf * (double)tf * norm[nb[(size_t)doc * stride]];
        uint64_t bit = 1ull << (doc & 63);
        uint64_t *wb = &a->wbits[doc >> 6];
        if (*wb & bit) {
            a->tfw[doc] += t;
        } else {
            *wb |= bit;
            a->tfw[doc] = 0 + t; /* 0 + t: exec.c's sum starts at 0 */
        }
    }
}

/* Turns the current word's tfw into its BM25 score, added to sum in word
 * order (exec.c's bool_sum), and clears the word's bitmap. */
static void close_word(acc *a, const kh_pnode *w) {
    for (size_t j = 0; j < a->nwords64; j++) {
        uint64_t m = a->wbits[j];
        if (!m)
            continue;
        a->wbits[j] = 0;
        uint64_t fresh = m & ~a->any[j];
        a->any[j] |= m;
        while (m) {
            uint32_t d = (uint32_t)(j * 64 + (unsigned)__builtin_ctzll(m));
            m &= m - 1;
            double tfw = a->tfw[d];
            double sc = w->idf * tfw * (KH_BM25_K1 + 1) / (KH_BM25_K1 + tfw);
            if (fresh >> (d & 63) & 1) {
                a->sum[d] = 0 + sc;
                a->nword[d] = 1;
            } else {
                a->sum[d] += sc;
                a->nword[d]++;
            }
        }
    }
}

/* Lays the accumulators for n documents out in one block: the
 * workspace's, grown when too small, else *mine (freed by the caller).
 * Reusing one block matters: fresh pages cost a fault each, more than
 * the work done in them. Only the bitmaps need zeroing; an accumulator
 * is written before it is read, as its doc's bit says. */
static int carve(kh_workspace *ws, acc *a, uint32_t n, void **mine) {
    size_t nd = (size_t)n + 1, nw = a->nwords64 + 1;
    size_t need = nd * (2 * sizeof(double) + sizeof(uint16_t)) +
                  2 * nw * sizeof(uint64_t) + 64;
    uint8_t *b;
    if (ws) {
        if (ws->acc_bytes < need) {
            free(ws->acc);
            ws->acc_bytes = 0;
            if (!(ws->acc = malloc(need)))
                return -1;
            ws->acc_bytes = need;
        }
        b = ws->acc;
    } else if (!(b = *mine = malloc(need)))
        return -1;
    a->tfw = (double *)b;
    a->sum = a->tfw + nd;
    a->wbits = (uint64_t *)(a->sum + nd);
    a->any = a->wbits + nw;
    a->nword = (uint16_t *)(a->any + nw);
    memset(a->wbits, 0, 2 * nw * sizeof(uint64_t));
    return 0;
}

kh_status kh_flat_segment(const kh_plan *p, uint32_t si, kh_topk *top,
                          uint64_t *tot, kh_error *err) {
    const kh_pnode **w;
    size_t nw;
    if (!flat_words(p, &w, &nw))
        return kh_fail(err, KH_ERR_ARG, "not a flat query");
    const kh_snapseg *g = &p->snap->segs[si];
    const kh_segment *s = g->seg;
    uint32_t n = s->ndocs;
    const kh_pnode *root = p->root;
    int is_bool = root->kind == KP_BOOL;
    dates f = {0, 0, INT32_MIN, INT32_MAX, NULL, 0};
    size_t should_total = 0;
    for (size_t i = 0; i < nw; i++) {
        const kh_pnode *k = w[i];
        if (!is_bool)
            break;
        if (k->kind == KP_LEAF)
            should_total++;
        else if (k->kind == KP_DATE && k->occ == KQ_NOT)
            f.nnots++;
        else if (k->kind == KP_DATE) {
            f.on = f.has_date = 1;
            if (k->lo > f.lo)
                f.lo = k->lo;
            if (k->hi < f.hi)
                f.hi = k->hi;
        }
    }
    acc a = {p, s, si, NULL, NULL, NULL, NULL, NULL, ((size_t)n + 63) / 64};
    void *mine = NULL;
    kh_status st = KH_OK;
    if (carve(p->ws, &a, n, &mine) ||
        (f.nnots && !(f.nots = calloc(f.nnots, sizeof *f.nots)))) {
        st = NOMEM(err);
        goto out;
    }
    if (f.nnots) {
        size_t j = 0;
        for (size_t i = 0; i < nw; i++)
            if (w[i]->kind == KP_DATE && w[i]->occ == KQ_NOT)
                f.nots[j++] = w[i];
        f.on = 1;
    }
    for (size_t i = 0; i < nw; i++) {
        const kh_pnode *k = w[i];
        if (k->kind != KP_LEAF)
            continue;
        for (size_t j = 0; j < k->nalts; j++) {
            const kh_alt *alt = &k->alts[j];
            if (alt->tid[si] && s->field_of[alt->field] >= 0)
                add_cursor(&a, alt, alt->tid[si] - 1);
        }
        close_word(&a, k);
    }
    int coord = is_bool && root->coord && should_total > 1;
    uint32_t batch[MATCH_BATCH];
    size_t nb = 0;
    for (size_t j = 0; j < a.nwords64; j++) {
        uint64_t m = a.any[j];
        while (m) {
            uint32_t d = (uint32_t)(j * 64 + (unsigned)__builtin_ctzll(m));
            m &= m - 1;
            if (kh_bit(g->del, d) || !dates_ok(&f, s, d))
                continue;
            (*tot)++;
            if (p->on_match) {
                batch[nb++] = d;
                if (nb == MATCH_BATCH) {
                    p->on_match(p->match_ctx, si, batch, nb);
                    nb = 0;
                }
            }
            if (!top->k)
                continue;
            double sc = a.sum[d];
            if (coord)
                sc *= (double)a.nword[d] / (double)should_total;
            /* most matches rank below a full heap's worst: no call */
            if (top->n < top->k || sc >= top->h[0].score)
                kh_topk_push(top, (kh_scored){sc, si, d});
        }
    }
    if (nb)
        p->on_match(p->match_ctx, si, batch, nb);
out:
    free(mine);
    free(f.nots);
    return st;
}
