/*
 * ner_model.c — the entity tagger at run time: loads a serialized model
 * into an open-addressing table (feature hash -> 7 int16 weights), scores
 * each token's features and finds the best BIO sequence with Viterbi under
 * the BIO constraint (I-X only after B-X or I-X). Also the kh_tagger
 * handle, kh_tag_tokens() and the tag and type names.
 *
 * Model bytes (little-endian), written by ner_train.c:
 *   "KHNER1\0\0"  magic
 *   u32 n         features
 *   f32 scale     weight units per 1.0 (for reports only)
 *   i32 trans[8][7] transition scores, row 7 = sentence start
 *   n entries, sorted by key: varint (key - previous key), u8 mask of the
 *   tags with a weight, then one zigzag varint weight per set bit
 *   u32 checksum  FNV-1a of everything before it
 */
#include "core.h"
#include "enrich.h"

#include <stdlib.h>
#include <string.h>

#define MAGIC "KHNER1\0\0"
#define NEG_INF (-0x3FFFFFFF)

const char *kh_entity_type_name(kh_entity_type type) {
    switch (type) {
    case KH_ENTITY_PERSON: return "PERSON";
    case KH_ENTITY_LOCATION: return "LOCATION";
    case KH_ENTITY_ORGANIZATION: return "ORGANIZATION";
    }
    return "?";
}

const char *kh_ner_tag_name(kh_ner_tag tag) {
    static const char *const names[] = {
        "O",          "B-PERSON",       "I-PERSON",      "B-LOCATION",
        "I-LOCATION", "B-ORGANIZATION", "I-ORGANIZATION"};
    return (unsigned)tag < KH_NER_NTAGS ? names[tag] : "O";
}

static uint32_t rd32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static int varint(const unsigned char **p, const unsigned char *end,
                  uint64_t *v) {
    uint64_t x = 0;
    for (unsigned s = 0; s < 64 && *p < end; s += 7) {
        unsigned char c = *(*p)++;
        x |= (uint64_t)(c & 0x7F) << s;
        if (!(c & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

static uint32_t checksum(const unsigned char *p, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

kh_status kh_ner_model_load(kh_ner_model *m, const unsigned char *blob,
                            size_t len, kh_error *err) {
    memset(m, 0, sizeof *m);
    size_t head = 8 + 4 + 4 + 4 * (KH_NER_NTAGS + 1) * KH_NER_NTAGS;
    if (len < head + 4 || memcmp(blob, MAGIC, 8) ||
        checksum(blob, len - 4) != rd32(blob + len - 4))
        return kh_fail(err, KH_ERR_CORRUPT,
                       "not an entity model (bad magic "
                       "or checksum)");
    size_t n = rd32(blob + 8);
    uint32_t sc = rd32(blob + 12);
    memcpy(&m->scale, &sc, 4);
    const unsigned char *p = blob + 16;
    for (int a = 0; a <= KH_NER_NTAGS; a++)
        for (int b = 0; b < KH_NER_NTAGS; b++, p += 4)
            m->trans[a][b] = (int32_t)rd32(p);
    if (n > (len - head) / 2)
        return kh_fail(err, KH_ERR_CORRUPT, "entity model: bad feature count");
    size_t cap = 1024;
    while (cap < n + n / 2)
        cap <<= 1;
    m->keys = calloc(cap, sizeof *m->keys);
    m->w = calloc(cap * KH_NER_NTAGS, sizeof *m->w);
    if (!m->keys || !m->w) {
        kh_ner_model_free(m);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (entity model)");
    }
    m->mask = cap - 1;
    const unsigned char *end = blob + len - 4;
    uint64_t key = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t d, v;
        if (varint(&p, end, &d) || p >= end)
            goto corrupt;
        key += d;
        unsigned mask = *p++;
        if (!key || key > UINT32_MAX || mask >= 1u << KH_NER_NTAGS)
            goto corrupt;
        size_t s = (size_t)key & m->mask;
        while (m->keys[s]) {
            if (m->keys[s] == key)
                goto corrupt;
            s = (s + 1) & m->mask;
        }
        m->keys[s] = (uint32_t)key;
        for (int t = 0; t < KH_NER_NTAGS; t++) {
            if (!(mask & (1u << t)))
                continue;
            if (varint(&p, end, &v) || v > 0xFFFF)
                goto corrupt;
            m->w[s * KH_NER_NTAGS + t] = (int16_t)((v >> 1) ^ -(v & 1));
        }
    }
    if (p != end)
        goto corrupt;
    m->n_features = n;
    return KH_OK;
corrupt:
    kh_ner_model_free(m);
    return kh_fail(err, KH_ERR_CORRUPT, "entity model: malformed entries");
}

void kh_ner_model_free(kh_ner_model *m) {
    free(m->keys);
    free(m->w);
    memset(m, 0, sizeof *m);
}

static inline const int16_t *lookup(const kh_ner_model *m, uint64_t h) {
    uint32_t k = kh_ner_key32(h);
    for (size_t s = k & m->mask;; s = (s + 1) & m->mask) {
        if (m->keys[s] == k)
            return m->w + s * KH_NER_NTAGS;
        if (!m->keys[s])
            return NULL;
    }
}

/* I-X (2, 4, 6) may only follow B-X or I-X. */
static inline int allowed(int prev, int cur) {
    return !(cur && !(cur & 1)) || prev == cur || prev == cur - 1;
}

void kh_ner_viterbi(const int32_t trans[KH_NER_NTAGS + 1][KH_NER_NTAGS],
                    const int32_t *em, size_t n, int32_t *work, uint8_t *tags) {
    enum { T = KH_NER_NTAGS };
    if (!n)
        return;
    int32_t *delta = work, *back = work + n * T;
    for (size_t i = 0; i < n; i++) {
        for (int t = 0; t < T; t++) {
            int32_t best = NEG_INF, arg = 0;
            if (i == 0) {
                /* a sentence cannot open inside an entity */
                best = (t && !(t & 1)) ? NEG_INF : trans[T][t];
            } else {
                for (int p = 0; p < T; p++) {
                    if (!allowed(p, t) || delta[(i - 1) * T + p] == NEG_INF)
                        continue;
                    int32_t s = delta[(i - 1) * T + p] + trans[p][t];
                    if (s > best) {
                        best = s;
                        arg = p;
                    }
                }
            }
            delta[i * T + t] = best == NEG_INF ? NEG_INF : best + em[i * T + t];
            back[i * T + t] = arg;
        }
    }
    int best = 0;
    for (int t = 1; t < T; t++)
        if (delta[(n - 1) * T + t] > delta[(n - 1) * T + best])
            best = t;
    for (size_t i = n; i-- > 0;) {
        tags[i] = (uint8_t)best;
        best = back[i * T + best];
    }
}

void kh_ner_decode(const kh_ner_model *m, const kh_ner_tok *toks, size_t n,
                   int32_t *work, uint8_t *tags) {
    enum { T = KH_NER_NTAGS };
    int32_t *em = work + 2 * n * T;
    uint64_t feats[KH_NER_MAXF];
    for (size_t i = 0; i < n; i++) {
        int32_t *e = em + i * T;
        for (int t = 0; t < T; t++)
            e[t] = 0;
        size_t nf = kh_ner_features(toks, n, i, feats);
        for (size_t j = 0; j < nf; j++) {
            const int16_t *w = lookup(m, feats[j]);
            if (w)
                for (int t = 0; t < T; t++)
                    e[t] += w[t];
        }
    }
    kh_ner_viterbi((const int32_t(*)[T])m->trans, em, n, work, tags);
    kh_ner_gazetteer_fill(toks, n, tags);
}

void kh_ner_gazetteer_fill(const kh_ner_tok *toks, size_t n, uint8_t *tags) {
    /* A multi-word place or organisation from the gazetteer (विदेश
     * मंत्रालय, नई दिल्ली) that the model left wholly untagged is tagged as
     * the list says: the training data marks such phrases inconsistently,
     * the lists do not. */
    for (size_t i = 0; i < n;) {
        unsigned p = toks[i].phrase;
        if (!p || !(p & 1)) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && toks[j].phrase == p + 1)
            j++;
        unsigned bit = 1u << ((p - 1) / 2);
        int type = bit == KH_GAZ_ORG   ? KH_TAG_B_ORGANIZATION
                   : bit == KH_GAZ_LOC ? KH_TAG_B_LOCATION
                                       : 0;
        int untagged = 1;
        for (size_t k = i; k < j; k++)
            untagged &= tags[k] == KH_TAG_O;
        if (type && untagged && (j == n || tags[j] != type + 1))
            for (size_t k = i; k < j; k++)
                tags[k] = (uint8_t)(k == i ? type : type + 1);
        i = j;
    }
}

static kh_status tagger_make(const unsigned char *blob, size_t len,
                             kh_tagger **out, kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_tagger_new: out is NULL");
    *out = NULL;
    kh_tagger *tg = calloc(1, sizeof *tg);
    if (!tg)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (tagger)");
    kh_status st = kh_gazetteer_build(&tg->gaz, err);
    if (!st)
        st = kh_ner_model_load(&tg->model, blob, len, err);
    if (st) {
        kh_tagger_free(tg);
        return st;
    }
    *out = tg;
    return KH_OK;
}

kh_status kh_tagger_new(kh_tagger **out, kh_error *err) {
    return tagger_make(kh_ner_model_blob, kh_ner_model_blob_len, out, err);
}

kh_status kh_tagger_load(const void *model, size_t len, kh_tagger **out,
                         kh_error *err) {
    if (!model)
        return kh_fail(err, KH_ERR_ARG, "kh_tagger_load: model is NULL");
    return tagger_make(model, len, out, err);
}

void kh_tagger_free(kh_tagger *tg) {
    if (!tg)
        return;
    kh_gazetteer_free(&tg->gaz);
    kh_ner_model_free(&tg->model);
    free(tg);
}

kh_status kh_tag_tokens(const kh_tagger *tg, const char *const *tokens,
                        const size_t *lens, size_t n, uint8_t *tags,
                        kh_error *err) {
    if (!tg || (n && (!tokens || !lens || !tags)))
        return kh_fail(err, KH_ERR_ARG, "kh_tag_tokens: NULL argument");
    if (!n)
        return KH_OK;
    /* A sentence fits on the stack; a runaway one goes to the heap. */
    enum { STACK = 128 };
    kh_ner_tok stoks[STACK];
    int32_t swork[STACK * KH_NER_NTAGS * 3];
    kh_ner_tok *toks = stoks;
    int32_t *work = swork;
    if (n > STACK) {
        if (n > SIZE_MAX / (sizeof *toks + 3 * KH_NER_NTAGS * sizeof *work))
            return kh_fail(err, KH_ERR_LIMIT, "sentence too long");
        toks = malloc(n * sizeof *toks);
        work = malloc(n * 3 * KH_NER_NTAGS * sizeof *work);
        if (!toks || !work) {
            free(toks);
            free(work);
            return kh_fail(err, KH_ERR_NOMEM, "out of memory (tagging)");
        }
    }
    for (size_t i = 0; i < n; i++)
        kh_ner_tok_fill(&tg->gaz, tokens[i], lens[i], NULL, 0, &toks[i]);
    kh_ner_mark_phrases(&tg->gaz, toks, n);
    kh_ner_decode(&tg->model, toks, n, work, tags);
    if (toks != stoks) {
        free(toks);
        free(work);
    }
    return KH_OK;
}
