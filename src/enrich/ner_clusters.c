/*
 * ner_clusters.c — word clusters for the entity tagger, learned from
 * unlabelled text. Names are rare words: a name never seen in training
 * still shares its neighbours (ने कहा, के अध्यक्ष, जिले में) with names
 * that were, so its cluster carries what the word itself cannot.
 *
 * Learning (kh_ner_clusters_learn, run by `make model`): each word seen at
 * least KH_NER_CLUSTER_MIN times gets a vector of the square roots of its
 * left and right neighbour counts over the most frequent words (plus the
 * sentence edges), normalized; spherical k-means, seeded with the most
 * frequent words, groups them. Everything is ordered by count then hash,
 * so the same text gives the same clusters.
 *
 * Use (kh_ner_cluster_of): a binary search over the sorted 32-bit word
 * keys of the generated table (ner_clusters_data.c); 0 = no cluster.
 */
#include "enrich.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

unsigned kh_ner_cluster_of(uint64_t word) {
    uint32_t k = kh_ner_key32(word);
    size_t lo = 0, hi = kh_ner_cluster_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (kh_ner_cluster_keys[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < kh_ner_cluster_n && kh_ner_cluster_keys[lo] == k
               ? kh_ner_cluster_ids[lo]
               : 0;
}

enum { NCTX = 400 }; /* context words (each side), besides the edge */

typedef struct wtype {
    uint64_t h;
    size_t count;
} wtype;

static int by_count(const void *a, const void *b) {
    const wtype *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->h < y->h ? -1 : x->h > y->h;
}

static int by_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* hash -> index of types[] (or -1), open addressing over hashes */
static size_t slot_of(const uint64_t *keys, size_t mask, uint64_t h) {
    size_t s = (size_t)(h ^ (h >> 29)) & mask;
    while (keys[s] && keys[s] != h)
        s = (s + 1) & mask;
    return s;
}

int kh_ner_clusters_learn(const uint64_t *words, size_t n, unsigned k,
                          unsigned iters, uint32_t **keys_out,
                          uint8_t **ids_out, size_t *n_out) {
    int rc = -1;
    size_t cap = 1024;
    while (cap < 2 * n + 2)
        cap <<= 1;
    uint64_t *hk = calloc(cap, sizeof *hk);
    size_t *hv = calloc(cap, sizeof *hv);
    wtype *ty = NULL;
    uint64_t *pairs = NULL;
    size_t *vstart = NULL;
    uint16_t *vdim = NULL;
    float *vval = NULL, *cent = NULL, *csum = NULL;
    uint8_t *assign = NULL;
    size_t nty = 0, ntgt = 0, np = 0, nnz = 0;
    if (!hk || !hv)
        goto out;
    /* Count word types (0 marks a sentence edge). */
    for (size_t i = 0; i < n; i++) {
        if (!words[i])
            continue;
        size_t s = slot_of(hk, cap - 1, words[i]);
        if (!hk[s]) {
            hk[s] = words[i];
            nty++;
        }
        hv[s]++;
    }
    ty = malloc((nty + 1) * sizeof *ty);
    if (!ty)
        goto out;
    nty = 0;
    for (size_t s = 0; s < cap; s++)
        if (hk[s])
            ty[nty++] = (wtype){hk[s], hv[s]};
    qsort(ty, nty, sizeof *ty, by_count);
    /* Rank of each type, back in the table. */
    for (size_t i = 0; i < nty; i++)
        hv[slot_of(hk, cap - 1, ty[i].h)] = i;
    for (ntgt = 0; ntgt < nty && ty[ntgt].count >= KH_NER_CLUSTER_MIN; ntgt++)
        ;
    if (ntgt < k)
        goto out;
    /* (target, context dimension) pairs: dimension d < NCTX+1 is the left
     * neighbour, NCTX+1 + d the right one; d = NCTX is the edge. */
    pairs = malloc((2 * n + 1) * sizeof *pairs);
    if (!pairs)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (!words[i])
            continue;
        size_t r = hv[slot_of(hk, cap - 1, words[i])];
        if (r >= ntgt)
            continue;
        for (int side = 0; side < 2; side++) {
            uint64_t nb =
                side ? (i + 1 < n ? words[i + 1] : 0) : (i ? words[i - 1] : 0);
            size_t d = nb ? hv[slot_of(hk, cap - 1, nb)] : NCTX;
            if (d > NCTX)
                continue;
            pairs[np++] = ((uint64_t)r << 32) | (side * (NCTX + 1) + d);
        }
    }
    qsort(pairs, np, sizeof *pairs, by_u64);
    vstart = calloc(ntgt + 1, sizeof *vstart);
    vdim = malloc((np + 1) * sizeof *vdim);
    vval = malloc((np + 1) * sizeof *vval);
    if (!vstart || !vdim || !vval)
        goto out;
    for (size_t i = 0, r = 0; r < ntgt; r++) {
        vstart[r] = nnz;
        double norm = 0;
        while (i < np && (pairs[i] >> 32) == r) {
            size_t j = i;
            while (j < np && pairs[j] == pairs[i])
                j++;
            vdim[nnz] = (uint16_t)(pairs[i] & 0xFFFF);
            vval[nnz] = (float)sqrt((double)(j - i));
            norm += (double)(j - i);
            nnz++;
            i = j;
        }
        for (size_t q = vstart[r]; q < nnz; q++)
            vval[q] = (float)(vval[q] / sqrt(norm > 0 ? norm : 1));
    }
    vstart[ntgt] = nnz;
    /* Spherical k-means; centroids stored dimension-major. */
    size_t D = 2 * (NCTX + 1);
    cent = calloc(D * k, sizeof *cent);
    csum = calloc(D * k, sizeof *csum);
    assign = calloc(ntgt, 1);
    float *sc = malloc(k * sizeof *sc);
    if (!cent || !csum || !assign || !sc) {
        free(sc);
        goto out;
    }
    for (unsigned c = 0; c < k; c++)
        for (size_t q = vstart[c]; q < vstart[c + 1]; q++)
            cent[(size_t)vdim[q] * k + c] = vval[q];
    for (unsigned it = 0; it < iters; it++) {
        memset(csum, 0, D * k * sizeof *csum);
        for (size_t r = 0; r < ntgt; r++) {
            memset(sc, 0, k * sizeof *sc);
            for (size_t q = vstart[r]; q < vstart[r + 1]; q++) {
                const float *cd = cent + (size_t)vdim[q] * k;
                float v = vval[q];
                for (unsigned c = 0; c < k; c++)
                    sc[c] += v * cd[c];
            }
            unsigned best = 0;
            for (unsigned c = 1; c < k; c++)
                if (sc[c] > sc[best])
                    best = c;
            assign[r] = (uint8_t)best;
            for (size_t q = vstart[r]; q < vstart[r + 1]; q++)
                csum[(size_t)vdim[q] * k + best] += vval[q];
        }
        for (unsigned c = 0; c < k; c++) {
            double norm = 0;
            for (size_t d = 0; d < D; d++)
                norm += (double)csum[d * k + c] * csum[d * k + c];
            if (norm <= 0)
                continue; /* an empty cluster keeps its centroid */
            float inv = (float)(1 / sqrt(norm));
            for (size_t d = 0; d < D; d++)
                cent[d * k + c] = csum[d * k + c] * inv;
        }
    }
    free(sc);
    /* Output sorted by key; ids 1..k (0 = none). */
    uint64_t *kv = malloc((ntgt + 1) * sizeof *kv);
    uint32_t *ko = malloc((ntgt + 1) * sizeof *ko);
    uint8_t *io = malloc(ntgt + 1);
    if (!kv || !ko || !io) {
        free(kv);
        free(ko);
        free(io);
        goto out;
    }
    for (size_t r = 0; r < ntgt; r++)
        kv[r] = ((uint64_t)kh_ner_key32(ty[r].h) << 32) | (assign[r] + 1u);
    qsort(kv, ntgt, sizeof *kv, by_u64);
    size_t m = 0;
    for (size_t r = 0; r < ntgt; r++) {
        if (m && ko[m - 1] == (uint32_t)(kv[r] >> 32))
            continue; /* a 32-bit key collision: the first wins */
        ko[m] = (uint32_t)(kv[r] >> 32);
        io[m++] = (uint8_t)kv[r];
    }
    free(kv);
    *keys_out = ko;
    *ids_out = io;
    *n_out = m;
    rc = 0;
out:
    free(hk);
    free(hv);
    free(ty);
    free(pairs);
    free(vstart);
    free(vdim);
    free(vval);
    free(cent);
    free(csum);
    free(assign);
    return rc;
}
