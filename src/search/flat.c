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

#include <math.h>
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

/* Documents accumulated at a time. The accumulators of a window stay in
 * the core's cache while every cursor adds its postings for it; arrays
 * for a whole segment did not (Lucene's BooleanScorer works in windows
 * for the same reason). */
#define WINDOW 4096

/* One alternative's postings, decoded as the windows advance. */
typedef struct pcur {
    const uint8_t *dp, *end;
    uint32_t doc, tf, left; /* the current posting; postings left */
    float wf;               /* weight * field weight, in float as exec.c */
    const float *norm;      /* the field's length norms, by norm byte */
    const uint8_t *nb;      /* the field's norm bytes, a doc's every stride */
} pcur;

/* Decodes the next posting (doc = KH_NO_DOC at the end). The doc stream
 * is delta-coded from 0, so the first posting decodes like the others. */
static inline void pc_next(pcur *c) {
    uint32_t delta;
    if (!c->left-- || !kh_posting_get(&c->dp, c->end, &delta, &c->tf)) {
        c->doc = KH_NO_DOC; /* the end (a bad stream cannot pass checks) */
        return;
    }
    c->doc += delta;
}

/* The last words of a query (up to DEFER of them) keep their
 * frequencies until the counting pass, which scores them only for the
 * docs that can still reach the top k: a division per doc and word saved
 * for most matches. Earlier words are scored as they close. */
#define DEFER 4

typedef struct win {
    double tfw[DEFER][WINDOW]; /* field-weighted frequencies: [0] for the
                                  closing words, [k] deferred word k */
    double sum[WINDOW];        /* the closed words' scores */
    uint16_t nword[WINDOW];    /* how many closed words the doc holds */
    uint64_t wbits[DEFER][WINDOW / 64]; /* touched, by tfw row */
    uint64_t any[WINDOW / 64];          /* touched by a closed word */
} win;

/* Adds cursor c's postings below lim into the window at base, as exec.c's
 * leaf_score sums them: w * fw, times tf, times the length norm, one
 * cursor after another in the word's order. */
static void add_postings(double *tfw, uint64_t *bits, pcur *c, uint32_t base,
                         uint32_t lim, size_t stride) {
    /* tfw is 0 wherever no bit is set (the window starts zeroed and every
     * value read is zeroed again), so adding needs no test: 0 + t is
     * exec.c's first step too */
    while (c->doc < lim) {
        uint32_t d = c->doc - base;
        tfw[d] +=
            c->wf * (double)c->tf * c->norm[c->nb[(size_t)c->doc * stride]];
        bits[d >> 6] |= 1ull << (d & 63);
        pc_next(c);
    }
}

/* Turns the word's tfw into its BM25 score, added to sum in word order
 * (exec.c's bool_sum: sum, like tfw, is 0 until a word adds to it), and
 * clears the word's bits and values. */
static void close_word(win *x, const kh_pnode *w) {
    for (size_t j = 0; j < WINDOW / 64; j++) {
        uint64_t m = x->wbits[0][j];
        if (!m)
            continue;
        x->wbits[0][j] = 0;
        x->any[j] |= m;
        while (m) {
            uint32_t d = (uint32_t)(j * 64 + (unsigned)__builtin_ctzll(m));
            m &= m - 1;
            double tfw = x->tfw[0][d];
            x->tfw[0][d] = 0;
            x->sum[d] += kh_bm25_tf(w->idf, tfw);
            x->nword[d]++;
        }
    }
}

/* The window's accumulators: the workspace's (kept between searches, so
 * no page is fresh), else *mine (freed by the caller). They are zero when
 * allocated and every pass leaves them zero (each value is zeroed as it
 * is read, each bit cleared), so a search clears nothing up front. */
static win *get_window(kh_workspace *ws, void **mine) {
    win *x;
    if (ws) {
        if (ws->acc_bytes < sizeof *x) {
            free(ws->acc);
            ws->acc_bytes = 0;
            if (!(ws->acc = calloc(1, sizeof *x)))
                return NULL;
            ws->acc_bytes = sizeof *x;
        }
        x = ws->acc;
    } else if (!(x = *mine = calloc(1, sizeof *x)))
        return NULL;
    return x;
}

/* The cursors of the flat plan's words in segment si, in word and
 * alternative order, as exec.c's leaves make them; wend[i]: the end of
 * word i's cursors. */
static size_t open_cursors(const kh_plan *p, uint32_t si, const kh_pnode **w,
                           size_t nw, pcur *c, size_t *wend) {
    const kh_segment *s = p->snap->segs[si].seg;
    size_t n = 0;
    for (size_t i = 0; i < nw; i++) {
        const kh_pnode *k = w[i];
        for (size_t j = 0; k->kind == KP_LEAF && j < k->nalts; j++) {
            const kh_alt *alt = &k->alts[j];
            int sf = s->field_of[alt->field];
            if (!alt->tid[si] || sf < 0)
                continue;
            kh_cursor kc;
            kh_cursor_init(&kc, s, alt->tid[si] - 1);
            c[n] = (pcur){kc.dp,
                          kc.dend,
                          0,
                          1,
                          kc.df,
                          alt->weight * p->fw[alt->field],
                          p->norm[alt->field],
                          s->norms + sf};
            pc_next(&c[n]);
            n++;
        }
        wend[i] = n;
    }
    return n;
}

/* The deleted bits of docs [d0, d0 + 64) of a segment of n docs (d0 a
 * multiple of 64), bit i for doc d0 + i, as kh_bit reads them. */
static inline uint64_t deleted64(const uint8_t *del, uint32_t n, uint32_t d0) {
    if (!del)
        return 0;
    size_t at = d0 / 8, bytes = ((size_t)n + 7) / 8;
    uint64_t v = 0;
    if (at + 8 <= bytes) {
        memcpy(&v, del + at, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        v = __builtin_bswap64(v);
#endif
        return v;
    }
    for (size_t i = 0; at + i < bytes; i++)
        v |= (uint64_t)del[at + i] << (8 * i);
    return v;
}

/* The counting pass of a window when every word is deferred and no date
 * is checked: the common query (one to four words). A doc's bound then
 * depends only on which words it holds, so whether it can reach a full
 * heap is decided once per pattern of words (pass[], remade when the
 * heap's worst score changes) and applied to 64 docs at a time with bit
 * operations: a branch per doc on it went wrong about as often as not.
 * Counting, on_match, scoring and pushing happen in doc order with the
 * same arithmetic as the general pass, so the results are the same. */
typedef struct fastpass {
    size_t nd;
    const kh_pnode **dw;
    const double *dmax, *share; /* share: NULL without coordination */
    double thr;                 /* the worst score pass[] was made for */
    uint8_t pass[1u << DEFER];
    int made;
} fastpass;

static void fast_patterns(fastpass *fp, double thr) {
    for (unsigned pat = 1; pat < (1u << fp->nd); pat++) {
        double ub = 0;
        unsigned nhas = 0;
        for (size_t k = 0; k < fp->nd; k++)
            if (pat >> k & 1) {
                ub += fp->dmax[k];
                nhas++;
            }
        ub = ub * (fp->share ? fp->share[nhas] : 1);
        fp->pass[pat] = !(ub + fabs(ub) * 1e-9 < thr);
    }
    fp->thr = thr;
    fp->made = 1;
}

/* The docs of one 64-doc word (their word bits dbits) that can reach thr. */
static uint64_t fast_reach(const fastpass *fp, const uint64_t *dbits) {
    uint64_t r = 0;
    for (unsigned pat = 1; pat < (1u << fp->nd); pat++) {
        if (!fp->pass[pat])
            continue;
        uint64_t v = ~0ull;
        for (size_t k = 0; k < fp->nd; k++)
            v &= pat >> k & 1 ? dbits[k] : ~dbits[k];
        r |= v;
    }
    return r;
}

static void fast_window(const kh_plan *p, uint32_t si, win *x, fastpass *fp,
                        uint32_t base, uint32_t n, kh_topk *top, uint64_t *tot,
                        uint32_t *batch, size_t *nb) {
    const kh_snapseg *g = &p->snap->segs[si];
    size_t nd = fp->nd;
    for (size_t j = 0; j < WINDOW / 64; j++) {
        uint64_t dbits[DEFER], m = 0;
        for (size_t k = 0; k < nd; k++) {
            dbits[k] = x->wbits[k][j];
            m |= dbits[k];
            x->wbits[k][j] = 0;
        }
        if (!m)
            continue;
        uint32_t d0 = base + (uint32_t)j * 64;
        uint64_t live = m & ~deleted64(g->del, n, d0);
        *tot += kh_popcount64(live);
        for (uint64_t v = live; p->on_match && v; v &= v - 1) {
            batch[(*nb)++] = d0 + (uint32_t)__builtin_ctzll(v);
            if (*nb == MATCH_BATCH) {
                p->on_match(p->match_ctx, si, batch, *nb);
                *nb = 0;
            }
        }
        uint64_t score = top->k ? live : 0;
        if (score && top->n == top->k) {
            if (!fp->made || top->h[0].score != fp->thr)
                fast_patterns(fp, top->h[0].score);
            score &= fast_reach(fp, dbits);
        }
        for (; score; score &= score - 1) {
            unsigned b = (unsigned)__builtin_ctzll(score);
            size_t o = j * 64 + b;
            double sc = 0;
            unsigned words = 0;
            for (size_t k = 0; k < nd; k++)
                if (dbits[k] >> b & 1) {
                    double tfw = x->tfw[k][o];
                    sc += kh_bm25_tf(fp->dw[k]->idf, tfw);
                    words++;
                }
            if (fp->share)
                sc *= fp->share[words];
            if (top->n < top->k || sc >= top->h[0].score)
                kh_topk_push(top, (kh_scored){sc, si, d0 + b});
        }
        /* the values read back to zero: a dense word's whole row slice
         * at once, a sparse one's docs one by one */
        for (size_t k = 0; k < nd; k++) {
            double *row = &x->tfw[k][j * 64];
            if (kh_popcount64(dbits[k]) >= 16)
                memset(row, 0, 64 * sizeof *row);
            else
                for (uint64_t v = dbits[k]; v; v &= v - 1)
                    row[__builtin_ctzll(v)] = 0;
        }
    }
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
    size_t ncur = 0;
    for (size_t i = 0; i < nw; i++)
        ncur += w[i]->kind == KP_LEAF ? w[i]->nalts : 0;
    void *mine = NULL;
    pcur *cur = malloc((ncur + 1) * sizeof *cur);
    size_t *wend = malloc((nw + 1) * sizeof *wend);
    win *x = get_window(p->ws, &mine);
    double *share = malloc((should_total + 1) * sizeof *share);
    kh_status st = KH_OK;
    if (!cur || !wend || !x || !share ||
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
    ncur = open_cursors(p, si, w, nw, cur, wend);
    int coord = is_bool && root->coord && should_total > 1;
    uint32_t batch[MATCH_BATCH];
    size_t nb = 0;
    /* coordination: the share of the words a doc holds, divided once */
    for (size_t i = 0; coord && i <= should_total; i++)
        share[i] = (double)i / (double)should_total;
    /* the last leaf words (up to DEFER) are scored in the counting pass */
    const kh_pnode *dw[DEFER];
    size_t dwi[DEFER], nd = 0, firstd = nw;
    for (size_t i = nw; i-- > 0 && nd < DEFER;)
        if (w[i]->kind == KP_LEAF)
            firstd = i, nd++;
    double dmax[DEFER];
    for (size_t i = firstd, k = 0; i < nw; i++)
        if (w[i]->kind == KP_LEAF) {
            dw[k] = w[i];
            dwi[k] = i;
            dmax[k++] = w[i]->idf > 0 ? w[i]->idf * (KH_BM25_K1 + 1) : 0;
        }
    int closed = 0; /* a word scored before the counting pass */
    for (size_t i = 0; i < firstd; i++)
        closed |= w[i]->kind == KP_LEAF;
    fastpass fp = {nd, dw, dmax, coord ? share : NULL, 0, {0}, 0};
    int fast = !closed && !f.on && nd > 0;
    for (uint32_t base = 0; base < n; base += WINDOW) {
        uint32_t lim = n - base > WINDOW ? base + WINDOW : n;
        size_t c = 0;
        for (size_t i = 0; i < firstd; i++) {
            if (w[i]->kind != KP_LEAF)
                continue;
            for (; c < wend[i]; c++)
                add_postings(x->tfw[0], x->wbits[0], &cur[c], base, lim,
                             s->nfields);
            close_word(x, w[i]);
        }
        for (size_t k = 0; k < nd; k++)
            for (c = dwi[k] ? wend[dwi[k] - 1] : 0; c < wend[dwi[k]]; c++)
                add_postings(x->tfw[k], x->wbits[k], &cur[c], base, lim,
                             s->nfields);
        if (fast) {
            fast_window(p, si, x, &fp, base, n, top, tot, batch, &nb);
            continue;
        }
        for (size_t j = 0; j < WINDOW / 64; j++) {
            uint64_t m = x->any[j], dbits[DEFER];
            for (size_t k = 0; k < nd; k++) {
                dbits[k] = x->wbits[k][j];
                m |= dbits[k];
                x->wbits[k][j] = 0;
            }
            x->any[j] = 0;
            while (m) {
                unsigned b = (unsigned)__builtin_ctzll(m);
                uint32_t o = (uint32_t)j * 64 + b, d = base + o;
                m &= m - 1;
                /* the closed words' sums; the window's values zeroed for
                 * the next one */
                double sc = x->sum[o], tfw[DEFER], ub = 0;
                unsigned words = x->nword[o], has[DEFER], nhas = 0;
                x->sum[o] = 0;
                x->nword[o] = 0;
                for (size_t k = 0; k < nd; k++) {
                    has[k] = dbits[k] >> b & 1;
                    tfw[k] = x->tfw[k][o];
                    x->tfw[k][o] = 0;
                    nhas += has[k];
                    ub += has[k] ? dmax[k] : 0;
                }
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
                /* a deferred word adds less than its dmax: a doc whose
                 * bound is below a full heap's worst is passed over
                 * without its divisions (the margin covers rounding; the
                 * heap would refuse it anyway) */
                if (top->n == top->k) {
                    ub = (sc + ub) * (coord ? share[words + nhas] : 1);
                    if (ub + fabs(ub) * 1e-9 < top->h[0].score)
                        continue;
                }
                for (size_t k = 0; k < nd; k++)
                    if (has[k])
                        sc += kh_bm25_tf(dw[k]->idf, tfw[k]);
                words += nhas;
                if (coord)
                    sc *= share[words];
                /* most matches rank below a full heap's worst: no call */
                if (top->n < top->k || sc >= top->h[0].score)
                    kh_topk_push(top, (kh_scored){sc, si, d});
            }
        }
    }
    if (nb)
        p->on_match(p->match_ctx, si, batch, nb);
out:
    free(mine);
    free(cur);
    free(wend);
    free(share);
    free(f.nots);
    return st;
}
