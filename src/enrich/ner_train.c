/*
 * ner_train.c — trains the entity tagger: a structured averaged perceptron
 * (Collins 2002) over the feature templates of ner_features.c, decoding
 * with the same constrained Viterbi as at run time, then quantizes the
 * averaged weights to int16 and serializes them (format in ner_model.c).
 *
 * The perceptron's updates are +1/-1, so weights stay integers and the
 * training decode shares kh_ner_viterbi() with the tagger. Features are
 * keyed by the same 32-bit key the run-time table uses, so a collision
 * behaves identically in training and in use. Deterministic: the shuffle
 * comes from the seed, and nothing depends on memory addresses.
 */
#include "core.h"
#include "enrich.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { T = KH_NER_NTAGS };

typedef struct trainer {
    uint32_t *keys; /* open addressing, 0 empty */
    uint32_t *slot; /* feature index of each key */
    size_t mask, n;
    int32_t *w;       /* n * T */
    int64_t *u;       /* n * T: sum of c * update, for the average */
    size_t cap;       /* of w and u, in features */
    uint32_t *key_of; /* key of each feature index */
} trainer;

static int feature_index(trainer *tr, uint32_t k, uint32_t *out) {
    if (2 * (tr->n + 1) > tr->mask + 1) {
        size_t cap = (tr->mask + 1) * 2;
        uint32_t *keys = calloc(cap, sizeof *keys);
        uint32_t *slot = calloc(cap, sizeof *slot);
        if (!keys || !slot) {
            free(keys);
            free(slot);
            return -1;
        }
        for (size_t i = 0; i <= tr->mask; i++) {
            if (!tr->keys[i])
                continue;
            size_t s = tr->keys[i] & (cap - 1);
            while (keys[s])
                s = (s + 1) & (cap - 1);
            keys[s] = tr->keys[i];
            slot[s] = tr->slot[i];
        }
        free(tr->keys);
        free(tr->slot);
        tr->keys = keys;
        tr->slot = slot;
        tr->mask = cap - 1;
    }
    size_t s = k & tr->mask;
    while (tr->keys[s]) {
        if (tr->keys[s] == k) {
            *out = tr->slot[s];
            return 0;
        }
        s = (s + 1) & tr->mask;
    }
    if (kh_ner_reserve(&tr->key_of, &tr->cap, tr->n + 1, sizeof *tr->key_of))
        return -1;
    tr->keys[s] = k;
    tr->slot[s] = (uint32_t)tr->n;
    tr->key_of[tr->n] = k;
    *out = (uint32_t)tr->n++;
    return 0;
}

static uint64_t xorshift(uint64_t *s) {
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void put32(kh_buf *b, uint32_t v) {
    unsigned char p[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    kh_buf_append(b, p, 4);
}

static void put_varint(kh_buf *b, uint64_t v) {
    while (v >= 0x80) {
        kh_buf_putc(b, (char)((v & 0x7F) | 0x80));
        v >>= 7;
    }
    kh_buf_putc(b, (char)v);
}

typedef struct qfeat {
    uint32_t key;
    int16_t w[T];
} qfeat;

static int by_key(const void *a, const void *b) {
    uint32_t x = ((const qfeat *)a)->key, y = ((const qfeat *)b)->key;
    return x < y ? -1 : x > y;
}

/* Quantizes, prunes and writes the averaged weights. */
static kh_status serialize(const trainer *tr, const double *avg,
                           const double tavg[T + 1][T], double prune,
                           unsigned char **blob, size_t *blob_len,
                           kh_error *err) {
    double maxabs = 1e-9;
    for (size_t i = 0; i < tr->n * T; i++)
        if (fabs(avg[i]) > maxabs)
            maxabs = fabs(avg[i]);
    double scale = 32000.0 / maxabs;
    qfeat *q = malloc((tr->n ? tr->n : 1) * sizeof *q);
    if (!q)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (model)");
    size_t nq = 0;
    for (size_t f = 0; f < tr->n; f++) {
        int keep = 0;
        for (int t = 0; t < T; t++) {
            long v = lround(avg[f * T + t] * scale);
            q[nq].w[t] = (int16_t)v;
            if (labs(v) > prune)
                keep = 1;
        }
        if (keep)
            q[nq++].key = tr->key_of[f];
    }
    qsort(q, nq, sizeof *q, by_key);
    kh_buf b = {0};
    kh_buf_append(&b, "KHNER1\0\0", 8);
    put32(&b, (uint32_t)nq);
    float fs = (float)scale;
    uint32_t fsb;
    memcpy(&fsb, &fs, 4);
    put32(&b, fsb);
    for (int a = 0; a <= T; a++)
        for (int t = 0; t < T; t++) {
            put32(&b, (uint32_t)(int32_t)lround(tavg[a][t] * scale));
        }
    uint32_t prev = 0;
    for (size_t i = 0; i < nq; i++) {
        put_varint(&b, q[i].key - prev);
        prev = q[i].key;
        unsigned mask = 0;
        for (int t = 0; t < T; t++)
            if (q[i].w[t])
                mask |= 1u << t;
        kh_buf_putc(&b, (char)mask);
        for (int t = 0; t < T; t++)
            if (q[i].w[t]) {
                int32_t v = q[i].w[t];
                put_varint(&b, (uint32_t)((v << 1) ^ (v >> 31)));
            }
    }
    free(q);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < b.len; i++)
        h = (h ^ (unsigned char)b.data[i]) * 16777619u;
    put32(&b, h);
    if (!b.data || b.len < 8) {
        kh_buf_free(&b);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (model)");
    }
    *blob = (unsigned char *)b.data;
    *blob_len = b.len;
    return KH_OK;
}

kh_status kh_ner_train(const kh_gazetteer *g, const kh_conll *c,
                       const size_t *use, size_t n_use,
                       const kh_ner_train_opts *o, unsigned char **blob,
                       size_t *blob_len, kh_error *err) {
    kh_status st = KH_OK;
    trainer tr = {0};
    size_t ntok = 0, maxlen = 1;
    for (size_t k = 0; k < n_use; k++) {
        size_t s = use[k], len = c->sent_start[s + 1] - c->sent_start[s];
        ntok += len;
        if (len > maxlen)
            maxlen = len;
    }
    kh_ner_tok *toks = malloc(maxlen * sizeof *toks);
    size_t *foff = malloc((ntok + 1) * sizeof *foff);
    size_t *soff = malloc((n_use + 1) * sizeof *soff);
    uint8_t *gold = malloc(ntok + 1), *pred = malloc(maxlen);
    int32_t *em = malloc(maxlen * T * sizeof *em);
    int32_t *work = malloc(maxlen * 2 * T * sizeof *work);
    size_t *order = malloc((n_use + 1) * sizeof *order);
    uint32_t *fidx = NULL;
    double *avg = NULL;
    size_t nf_all = 0, fcap = 0;
    tr.keys = calloc(1024, sizeof *tr.keys);
    tr.slot = calloc(1024, sizeof *tr.slot);
    tr.mask = 1023;
    if (!toks || !foff || !soff || !gold || !pred || !em || !work || !order ||
        !tr.keys || !tr.slot)
        goto nomem;
    /* Every token's features, once: indexes into the weight table. */
    size_t at = 0;
    for (size_t k = 0; k < n_use; k++) {
        size_t s = use[k], b = c->sent_start[s], len = c->sent_start[s + 1] - b;
        soff[k] = at;
        for (size_t i = 0; i < len; i++)
            kh_ner_tok_fill(g, c->tok[b + i], c->tok_len[b + i], NULL, 0,
                            &toks[i]);
        kh_ner_mark_phrases(g, toks, len);
        for (size_t i = 0; i < len; i++, at++) {
            /* Gold tags as valid BIO: a stray I-X opens an entity, as
             * entity-level scoring reads it. */
            uint8_t t = c->gold[b + i];
            if (t && !(t & 1) &&
                (i == 0 || (gold[at - 1] != t && gold[at - 1] != t - 1)))
                t = (uint8_t)(t - 1);
            gold[at] = t;
            uint64_t feats[KH_NER_MAXF];
            size_t nf = kh_ner_features(toks, len, i, feats);
            if (kh_ner_reserve(&fidx, &fcap, nf_all + nf, sizeof *fidx))
                goto nomem;
            foff[at] = nf_all;
            for (size_t j = 0; j < nf; j++)
                if (feature_index(&tr, kh_ner_key32(feats[j]), &fidx[nf_all++]))
                    goto nomem;
        }
    }
    foff[at] = nf_all;
    soff[n_use] = at;
    tr.w = calloc(tr.n * T + 1, sizeof *tr.w);
    tr.u = calloc(tr.n * T + 1, sizeof *tr.u);
    avg = calloc(tr.n * T + 1, sizeof *avg);
    if (!tr.w || !tr.u || !avg)
        goto nomem;
    double tavg[T + 1][T] = {{0}};
    uint64_t rng = o->seed ? o->seed : 0x2545F4914F6CDD1Dull;
    unsigned runs = o->runs ? o->runs : 1;
    for (unsigned run = 0; run < runs; run++) {
        /* Each run starts from zero with its own shuffles; the runs' averaged
         * weights are averaged again (a bagged perceptron: less variance). */
        int32_t tw[T + 1][T] = {{0}};
        int64_t tu[T + 1][T] = {{0}};
        int64_t cnt = 1;
        memset(tr.w, 0, tr.n * T * sizeof *tr.w);
        memset(tr.u, 0, tr.n * T * sizeof *tr.u);
        for (size_t k = 0; k < n_use; k++)
            order[k] = k;
        for (unsigned ep = 0; ep < o->epochs; ep++) {
            for (size_t k = n_use; k > 1; k--) {
                size_t j = xorshift(&rng) % k, x = order[k - 1];
                order[k - 1] = order[j];
                order[j] = x;
            }
            for (size_t k = 0; k < n_use; k++, cnt++) {
                size_t si = order[k], b = soff[si], len = soff[si + 1] - b;
                for (size_t i = 0; i < len; i++) {
                    int32_t *e = em + i * T;
                    memset(e, 0, T * sizeof *e);
                    for (size_t j = foff[b + i]; j < foff[b + i + 1]; j++) {
                        const int32_t *w = tr.w + (size_t)fidx[j] * T;
                        for (int t = 0; t < T; t++)
                            e[t] += w[t];
                    }
                }
                kh_ner_viterbi((const int32_t(*)[T])tw, em, len, work, pred);
                for (size_t i = 0; i < len; i++) {
                    int g1 = gold[b + i], p1 = pred[i];
                    int g0 = i ? gold[b + i - 1] : T, p0 = i ? pred[i - 1] : T;
                    if (g1 != p1)
                        for (size_t j = foff[b + i]; j < foff[b + i + 1]; j++) {
                            size_t f = (size_t)fidx[j] * T;
                            tr.w[f + g1]++;
                            tr.u[f + g1] += cnt;
                            tr.w[f + p1]--;
                            tr.u[f + p1] -= cnt;
                        }
                    if (g0 != p0 || g1 != p1) {
                        tw[g0][g1]++;
                        tu[g0][g1] += cnt;
                        tw[p0][p1]--;
                        tu[p0][p1] -= cnt;
                    }
                }
            }
        }
        for (size_t i = 0; i < tr.n * T; i++)
            avg[i] += (tr.w[i] - (double)tr.u[i] / (double)cnt) / runs;
        for (int a = 0; a <= T; a++)
            for (int t = 0; t < T; t++)
                tavg[a][t] +=
                    (tw[a][t] - (double)tu[a][t] / (double)cnt) / runs;
    }
    /* The bias feature is the first of every position's features. */
    if (ntok && fidx)
        for (int t = 1; t < T; t++)
            avg[(size_t)fidx[0] * T + t] += o->boost[(t - 1) / 2];
    st = serialize(&tr, avg, (const double(*)[T])tavg, o->prune, blob, blob_len,
                   err);
    goto done;
nomem:
    st = kh_fail(err, KH_ERR_NOMEM, "out of memory (training)");
done:
    free(toks);
    free(foff);
    free(soff);
    free(gold);
    free(pred);
    free(em);
    free(work);
    free(order);
    free(fidx);
    free(avg);
    free(tr.keys);
    free(tr.slot);
    free(tr.w);
    free(tr.u);
    free(tr.key_of);
    return st;
}
