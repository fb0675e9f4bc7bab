/*
 * simhash.c — near-duplicate fingerprints. An article's fingerprint is
 * the 64-bit SimHash (Charikar) of its body's word pairs: each pair of
 * neighbouring normalized words is hashed, and bit b of the fingerprint
 * is set when more pairs have bit b set than not. Pairs rather than
 * single words make reordering and a few changed words cost a few bits,
 * while unrelated Hindi articles, which share most of their function
 * words, still land about half the bits apart. The title is left out
 * (syndicated copies retitle a story) unless there is no body.
 *
 * Grouping is exact multi-index hashing (Norouzi et al.): the 64 bits
 * are four 16-bit blocks, and two fingerprints within d bits agree on
 * some block to within floor(d / 4) bits (pigeonhole), so each
 * fingerprint only visits the buckets that near its four blocks.
 */
#include "enrich.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static int pair_token(const en_tok *t) {
    return t->type == KH_TOKEN_WORD || t->type == KH_TOKEN_NUMBER;
}

static int body_unit(kh_where w) {
    return w == KH_WHERE_BODY || w == KH_WHERE_STANDFIRST ||
           w == KH_WHERE_HEADING;
}

uint64_t en_simhash(const en_doc *d) {
    int32_t v[64] = {0};
    int body = 0;
    for (size_t i = 0; i < d->n_toks && !body; i++)
        body = body_unit(d->units[d->toks[i].unit].where) &&
               pair_token(&d->toks[i]);
    uint64_t prev = 0;
    size_t words = 0, pairs = 0;
    for (size_t i = 0; i < d->n_toks; i++) {
        const en_tok *t = &d->toks[i];
        if (!pair_token(t) || body != body_unit(d->units[t->unit].where))
            continue;
        uint64_t h = XXH3_64bits(t->norm, t->norm_len);
        if (words++) {
            uint64_t f = XXH3_64bits_withSeed(&h, sizeof h, prev);
            for (int b = 0; b < 64; b++)
                v[b] += (int32_t)((f >> b) & 1) * 2 - 1;
            pairs++;
        }
        prev = h;
    }
    if (!pairs && words) /* one word: its own hash */
        return prev;
    uint64_t fp = 0;
    for (int b = 0; b < 64; b++)
        if (v[b] > 0)
            fp |= 1ull << b;
    return fp;
}

unsigned kh_fingerprint_distance(uint64_t a, uint64_t b) {
    return (unsigned)__builtin_popcountll(a ^ b);
}

static size_t find(size_t *p, size_t i) {
    while (p[i] != i) {
        p[i] = p[p[i]];
        i = p[i];
    }
    return i;
}

static void unite(size_t *p, size_t a, size_t b) {
    a = find(p, a), b = find(p, b);
    if (a < b)
        p[b] = a;
    else if (b < a)
        p[a] = b;
}

kh_status kh_fingerprint_groups(const uint64_t *fp, size_t n,
                                unsigned max_distance, size_t *group,
                                kh_error *err) {
    if ((!fp || !group) && n)
        return kh_fail(err, KH_ERR_ARG, "kh_fingerprint_groups: bad argument");
    if (max_distance > 64)
        max_distance = 64;
    for (size_t i = 0; i < n; i++)
        group[i] = i;
    if (n < 2)
        return KH_OK;
    unsigned r = max_distance / 4;
    /* the 16-bit masks within r bits, fewest bits first */
    uint16_t *mask = malloc(65536 * sizeof *mask);
    uint32_t *start = malloc(4 * 65537 * sizeof *start);
    size_t *idx = malloc(4 * n * sizeof *idx);
    if (!mask || !start || !idx) {
        free(mask), free(start), free(idx);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (grouping)");
    }
    size_t nm = 0;
    for (unsigned bits = 0; bits <= r && bits <= 16; bits++)
        for (uint32_t m = 0; m < 65536; m++)
            if ((unsigned)__builtin_popcount(m) == bits)
                mask[nm++] = (uint16_t)m;
    /* a counting sort of the fingerprints by each block */
    for (int b = 0; b < 4; b++) {
        uint32_t *st = start + (size_t)b * 65537;
        size_t *ix = idx + (size_t)b * n;
        memset(st, 0, 65537 * sizeof *st);
        for (size_t i = 0; i < n; i++)
            st[((fp[i] >> (16 * b)) & 0xFFFF) + 1]++;
        for (size_t k = 0; k < 65536; k++)
            st[k + 1] += st[k];
        for (size_t i = 0; i < n; i++) {
            size_t key = (fp[i] >> (16 * b)) & 0xFFFF;
            ix[st[key]++] = i;
        }
        for (size_t k = 65536; k > 0; k--)
            st[k] = st[k - 1];
        st[0] = 0;
    }
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 4; b++) {
            const uint32_t *st = start + (size_t)b * 65537;
            const size_t *ix = idx + (size_t)b * n;
            uint32_t key = (uint32_t)(fp[i] >> (16 * b)) & 0xFFFF;
            for (size_t m = 0; m < nm; m++) {
                uint32_t k = key ^ mask[m];
                for (uint32_t e = st[k]; e < st[k + 1]; e++) {
                    size_t j = ix[e];
                    if (j > i &&
                        kh_fingerprint_distance(fp[i], fp[j]) <= max_distance)
                        unite(group, i, j);
                }
            }
        }
    for (size_t i = 0; i < n; i++)
        group[i] = find(group, i);
    free(mask), free(start), free(idx);
    return KH_OK;
}
