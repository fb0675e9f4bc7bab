/*
 * ner_features.c — the feature templates of the entity tagger. A feature
 * is a 64-bit hash of a template number and the values it looks at (the
 * word, its neighbours, affixes, shape, gazetteer bits ...); the model maps
 * hashes to one weight per tag, so no feature strings are ever built.
 *
 * Hindi names carry few surface cues (no capitals), so context does most
 * of the work: the postpositions and verbs after a name (ने, के, में,
 * ने कहा), the titles and place words around it (प्रधानमंत्री, जिले), and
 * the gazetteers. Latin names inside Hindi text get their case shape.
 */
#include "enrich.h"

/* Template numbers: changing any of them changes every feature hash, so
 * the model must be retrained (`make model`). */
enum {
    F_BIAS = 1,
    F_W0,
    F_WM1,
    F_WP1,
    F_WM2,
    F_WP2,
    F_STEM0,
    F_KEY0,
    F_PRE,
    F_SUF = F_PRE + 3,
    F_SHAPE = F_SUF + 4,
    F_SHAPE3,
    F_BI_L,
    F_BI_R,
    F_STEMM1,
    F_STEMP1,
    F_SUF2M1,
    F_SUF2P1,
    F_GAZ0,
    F_GAZM1 = F_GAZ0 + KH_GAZ_NBITS,
    F_GAZP1 = F_GAZM1 + KH_GAZ_NBITS,
    F_GAZMASK = F_GAZP1 + KH_GAZ_NBITS,
    F_PHRASE,
    F_PHRASE_L,
    F_FIRST,
    F_RIGHT2,
    F_LEFT2,
    F_LEN,
    F_GAZ_W1,
    F_WM3,
    F_WP3,
    F_CL0,
    F_CLM1,
    F_CLP1,
    F_CL_L,
    F_CL_R,
    F_CLM2,
    F_CLP2,
    F_AHEAD,
    F_BEHIND
};

static const kh_ner_tok edge = {0};

static inline uint64_t f(unsigned tmpl, uint64_t v) {
    return kh_ner_mix((uint64_t)tmpl * 0x9E3779B97F4A7C15ull, v);
}

size_t kh_ner_features(const kh_ner_tok *toks, size_t n, size_t i,
                       uint64_t *out) {
    const kh_ner_tok *t = &toks[i];
    const kh_ner_tok *m1 = i >= 1 ? &toks[i - 1] : &edge;
    const kh_ner_tok *m2 = i >= 2 ? &toks[i - 2] : &edge;
    const kh_ner_tok *p1 = i + 1 < n ? &toks[i + 1] : &edge;
    const kh_ner_tok *p2 = i + 2 < n ? &toks[i + 2] : &edge;
    /* Beyond the sentence the word hashes are 0 and differ by side. */
    uint64_t wm1 = i >= 1 ? m1->word : 11, wm2 = i >= 2 ? m2->word : 12;
    uint64_t wp1 = i + 1 < n ? p1->word : 13, wp2 = i + 2 < n ? p2->word : 14;
    size_t k = 0;
    out[k++] = f(F_BIAS, 0);
    out[k++] = f(F_W0, t->word);
    out[k++] = f(F_WM1, wm1);
    out[k++] = f(F_WP1, wp1);
    out[k++] = f(F_WM2, wm2);
    out[k++] = f(F_WP2, wp2);
    out[k++] = f(F_STEM0, t->stem);
    out[k++] = f(F_KEY0, t->key);
    for (unsigned j = 0; j < 3; j++)
        out[k++] = f(F_PRE + j, t->pre[j]);
    for (unsigned j = 0; j < 4; j++)
        out[k++] = f(F_SUF + j, t->suf[j]);
    out[k++] = f(F_SHAPE, t->shape);
    out[k++] = f(F_SHAPE3, ((uint64_t)(i >= 1 ? m1->shape : 255) << 16) |
                               ((uint64_t)t->shape << 8) |
                               (i + 1 < n ? p1->shape : 255));
    out[k++] = f(F_BI_L, kh_ner_mix(wm1, t->word));
    out[k++] = f(F_BI_R, kh_ner_mix(t->word, wp1));
    out[k++] = f(F_STEMM1, i >= 1 ? m1->stem : 11);
    out[k++] = f(F_STEMP1, i + 1 < n ? p1->stem : 13);
    out[k++] = f(F_SUF2M1, i >= 1 ? m1->suf[1] : 11);
    out[k++] = f(F_SUF2P1, i + 1 < n ? p1->suf[1] : 13);
    for (unsigned b = 0; b < KH_GAZ_NBITS; b++) {
        if (t->gaz & (1u << b))
            out[k++] = f(F_GAZ0 + b, 1);
        if (m1->gaz & (1u << b))
            out[k++] = f(F_GAZM1 + b, 1);
        if (p1->gaz & (1u << b))
            out[k++] = f(F_GAZP1 + b, 1);
    }
    out[k++] = f(F_GAZMASK,
                 ((uint64_t)m1->gaz << 16) | ((uint64_t)t->gaz << 8) | p1->gaz);
    if (t->gaz)
        out[k++] = f(F_GAZ_W1, kh_ner_mix(t->gaz, wp1));
    out[k++] = f(F_PHRASE, t->phrase);
    out[k++] = f(F_PHRASE_L, ((uint64_t)m1->phrase << 8) | t->phrase);
    out[k++] = f(F_FIRST, ((uint64_t)(i == 0) << 8) | t->shape);
    out[k++] = f(F_RIGHT2, kh_ner_mix(wp1, wp2));
    out[k++] = f(F_LEFT2, kh_ner_mix(wm2, wm1));
    out[k++] = f(F_LEN, ((uint64_t)t->len << 8) | t->script);
    out[k++] = f(F_WM3, i >= 3 ? toks[i - 3].word : 15);
    out[k++] = f(F_WP3, i + 3 < n ? toks[i + 3].word : 16);
    /* Word clusters (ner_clusters.c): what a rare name shares with the
     * names seen in training. 0 = no cluster, 256/257 = beyond the edge. */
    unsigned cm1 = i >= 1 ? m1->cluster : 256,
             cp1 = i + 1 < n ? p1->cluster : 257;
    out[k++] = f(F_CL0, t->cluster);
    out[k++] = f(F_CLM1, cm1);
    out[k++] = f(F_CLP1, cp1);
    out[k++] = f(F_CL_L, ((uint64_t)cm1 << 16) | t->cluster);
    out[k++] = f(F_CL_R, ((uint64_t)t->cluster << 16) | cp1);
    out[k++] = f(F_CLM2, i >= 2 ? m2->cluster : 256);
    out[k++] = f(F_CLP2, i + 2 < n ? p2->cluster : 257);
    /* Gazetteer bits of the next (previous) three words together: an
     * organisation or place head word (मंत्रालय, पार्टी, जिले) a few words on
     * opens the name; a title a few words back sits before a person. */
    uint32_t ahead = 0, behind = 0;
    for (size_t j = i + 1; j < n && j <= i + 3; j++)
        ahead |= toks[j].gaz;
    for (size_t j = i >= 3 ? i - 3 : 0; j < i; j++)
        behind |= toks[j].gaz;
    out[k++] = f(F_AHEAD, ahead & (KH_GAZ_ORGWORD | KH_GAZ_PLACEWORD));
    out[k++] = f(F_BEHIND, behind & (KH_GAZ_TITLE | KH_GAZ_GIVEN));
    return k;
}
