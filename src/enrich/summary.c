/*
 * summary.c — an extractive summary of at most a few sentences, taken
 * from the standfirst and the body (never the title: the summary must
 * stand without it). Each sentence is scored by
 *
 *   centrality  cosine between the sentence's content stems (idf
 *               weights) and the article's (frequency x idf), and
 *   position    news puts the gist first: 1.5 / sqrt(1 + rank) (the
 *               weight was chosen among 0.35, 0.7, 1.5 and 3 on the
 *               dev news against headlines: `make eval`),
 *
 * then sentences are picked best first, skipping any that repeats one
 * already picked (cosine above 0.5), and given back in article order.
 * Sentences of fewer than 5 content words (captions, labels, stray
 * lines) are only used when there is nothing else.
 */
#include "enrich.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef POSITION_WEIGHT
#define POSITION_WEIGHT 1.5
#endif
#define REDUNDANT 0.5
#ifndef MIN_CONTENT
#define MIN_CONTENT 5
#endif

typedef struct cand {
    size_t sent;
    int32_t *terms; /* distinct, sorted */
    size_t n_terms;
    double norm, score;
    int short_one;
} cand;

static int cmp_i32(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

static double cosine(const en_doc *d, const cand *a, const cand *b) {
    double dot = 0;
    size_t i = 0, j = 0;
    while (i < a->n_terms && j < b->n_terms) {
        if (a->terms[i] == b->terms[j]) {
            double w = d->terms[a->terms[i]].idf;
            dot += w * w;
            i++, j++;
        } else if (a->terms[i] < b->terms[j]) {
            i++;
        } else {
            j++;
        }
    }
    return a->norm > 0 && b->norm > 0 ? dot / (a->norm * b->norm) : 0;
}

static int by_score(const void *a, const void *b) {
    const cand *x = *(const cand *const *)a, *y = *(const cand *const *)b;
    if (x->short_one != y->short_one)
        return x->short_one - y->short_one;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

static int by_sent(const void *a, const void *b) {
    const cand *x = *(const cand *const *)a, *y = *(const cand *const *)b;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

int en_summary(en_doc *d, size_t max, kh_summary_sentence **out, size_t *n) {
    *out = NULL;
    *n = 0;
    cand *c = kh_arena_alloc(d->arena, (d->n_sents + 1) * sizeof *c);
    double *weight =
        kh_arena_alloc(d->arena, (d->n_terms + 1) * sizeof *weight);
    if (!c || !weight)
        return -1;
    memset(weight, 0, (d->n_terms + 1) * sizeof *weight);
    size_t nc = 0;
    for (size_t s = 0; s < d->n_sents; s++) {
        const en_sent *se = &d->sents[s];
        kh_where w = d->units[se->unit].where;
        if (w != KH_WHERE_BODY && w != KH_WHERE_STANDFIRST)
            continue;
        cand *k = &c[nc];
        memset(k, 0, sizeof *k);
        k->sent = s;
        k->terms = kh_arena_alloc(d->arena, (se->n + 1) * sizeof *k->terms);
        if (!k->terms)
            return -1;
        size_t words = 0;
        for (size_t i = se->first; i < se->first + se->n; i++)
            if (d->term_of[i] >= 0) {
                k->terms[k->n_terms++] = d->term_of[i];
                weight[d->term_of[i]] += 1;
                words++;
            }
        qsort(k->terms, k->n_terms, sizeof *k->terms, cmp_i32);
        size_t u = 0;
        for (size_t i = 0; i < k->n_terms; i++)
            if (!u || k->terms[u - 1] != k->terms[i])
                k->terms[u++] = k->terms[i];
        k->n_terms = u;
        for (size_t i = 0; i < u; i++)
            k->norm += d->terms[k->terms[i]].idf * d->terms[k->terms[i]].idf;
        k->norm = sqrt(k->norm);
        k->short_one = words < MIN_CONTENT;
        nc++;
    }
    if (!nc)
        return 0;
    /* the article's centroid, from the same sentences */
    double dnorm = 0;
    for (size_t t = 0; t < d->n_terms; t++) {
        weight[t] *= d->terms[t].idf;
        dnorm += weight[t] * weight[t];
    }
    dnorm = sqrt(dnorm);
    cand **order = kh_arena_alloc(d->arena, nc * sizeof *order);
    if (!order)
        return -1;
    for (size_t i = 0; i < nc; i++) {
        cand *k = &c[i];
        double dot = 0;
        for (size_t j = 0; j < k->n_terms; j++)
            dot += d->terms[k->terms[j]].idf * weight[k->terms[j]];
        double cen = k->norm > 0 && dnorm > 0 ? dot / (k->norm * dnorm) : 0;
        k->score = cen + POSITION_WEIGHT / sqrt(1.0 + (double)i);
        order[i] = k;
    }
    qsort(order, nc, sizeof *order, by_score);
    cand **pick = kh_arena_alloc(d->arena, max * sizeof *pick);
    if (!pick)
        return -1;
    size_t np = 0;
    for (size_t i = 0; i < nc && np < max; i++) {
        int dup = 0;
        for (size_t j = 0; j < np && !dup; j++)
            dup = cosine(d, order[i], pick[j]) > REDUNDANT;
        if (!dup)
            pick[np++] = order[i];
    }
    qsort(pick, np, sizeof *pick, by_sent);
    kh_summary_sentence *r = kh_arena_alloc(d->arena, np * sizeof *r);
    if (!r)
        return -1;
    for (size_t i = 0; i < np; i++) {
        const en_sent *se = &d->sents[pick[i]->sent];
        const en_unit *u = &d->units[se->unit];
        r[i].len = se->end - se->start;
        r[i].text = kh_arena_strndup(d->arena, u->text + se->start, r[i].len);
        if (!r[i].text)
            return -1;
        r[i].where = u->where;
        r[i].section = u->section;
        r[i].paragraph = u->paragraph;
        r[i].offset = se->start;
        r[i].score = pick[i]->score;
    }
    *out = r;
    *n = np;
    return 0;
}
