/*
 * entity.c — entities of an analysed document: tags each sentence of a
 * kh_doc with the tagger, turns the BIO tags into mentions (type, span,
 * text) and groups the mentions with a namebook, so that every mention
 * carries its entity's canonical name and group.
 */
#include "core.h"
#include "enrich.h"

#include <stdlib.h>
#include <string.h>

struct kh_entities {
    kh_entity *e;
    size_t n, cap;
    uint8_t *tags;
    size_t tags_cap;
    kh_ner_tok *toks;
    int32_t *work;
    size_t toks_cap, work_cap;
    size_t *group_of; /* namebook group of each mention */
    size_t *dense;    /* namebook group -> 0-based group in this doc */
    size_t dense_cap;
    kh_namebook *names;
};

kh_status kh_entities_new_with(const kh_gazetteer *g, kh_entities **out,
                               kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_entities_new: out is NULL");
    kh_entities *x = calloc(1, sizeof *x);
    if (!x)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (entities)");
    kh_status st = kh_namebook_new_with(g, &x->names, err);
    if (st) {
        free(x);
        return st;
    }
    *out = x;
    return KH_OK;
}

kh_status kh_entities_new(kh_entities **out, kh_error *err) {
    return kh_entities_new_with(NULL, out, err);
}

void kh_entities_free(kh_entities *x) {
    if (!x)
        return;
    free(x->e);
    free(x->tags);
    free(x->toks);
    free(x->work);
    free(x->group_of);
    free(x->dense);
    kh_namebook_free(x->names);
    free(x);
}

size_t kh_entities_count(const kh_entities *x) {
    return x ? x->n : 0;
}

const kh_entity *kh_entities_get(const kh_entities *x, size_t i) {
    return x && i < x->n ? &x->e[i] : NULL;
}

const uint8_t *kh_entities_tags(const kh_entities *x) {
    return x ? x->tags : NULL;
}

int kh_ner_reserve(void *pp, size_t *cap, size_t need, size_t size) {
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    if (c > SIZE_MAX / size)
        return -1;
    /* the pointer is read and written through memcpy: pp may be the
     * address of any object pointer */
    void *old, *q;
    memcpy(&old, pp, sizeof old);
    q = realloc(old, c * size);
    if (!q)
        return -1;
    memcpy(pp, &q, sizeof q);
    *cap = c;
    return 0;
}

static int add_mention(kh_entities *x, const kh_doc *doc, const char *text,
                       size_t base, size_t first, size_t last, int tag) {
    size_t cap_g = x->cap;
    if (kh_ner_reserve(&x->group_of, &cap_g, x->n + 1, sizeof *x->group_of) ||
        kh_ner_reserve(&x->e, &x->cap, x->n + 1, sizeof *x->e))
        return -1;
    const kh_token *a = kh_doc_token(doc, first), *b = kh_doc_token(doc, last);
    kh_entity *e = &x->e[x->n];
    memset(e, 0, sizeof *e);
    e->type = (kh_entity_type)((tag - 1) / 2);
    e->start = a->start;
    e->end = b->end;
    e->first_token = first;
    e->n_tokens = last - first + 1;
    e->text = text + (a->start - base);
    e->text_len = b->end - a->start;
    if (kh_namebook_add(x->names, e->type, e->text, e->text_len,
                        &x->group_of[x->n], NULL))
        return -1;
    x->n++;
    return 0;
}

kh_status kh_tag_doc(const kh_tagger *tg, const kh_doc *doc, const char *text,
                     size_t base, kh_entities *x, kh_error *err) {
    if (!tg || !doc || !x || (!text && kh_doc_token_count(doc)))
        return kh_fail(err, KH_ERR_ARG, "kh_tag_doc: NULL argument");
    x->n = 0;
    kh_namebook_clear(x->names);
    size_t nt = kh_doc_token_count(doc), longest = 1;
    size_t ns = kh_doc_sentence_count(doc);
    for (size_t s = 0; s < ns; s++) {
        size_t k = kh_doc_sentence(doc, s)->n_tokens;
        if (k > longest)
            longest = k;
    }
    if (kh_ner_reserve(&x->tags, &x->tags_cap, nt + 1, 1) ||
        kh_ner_reserve(&x->toks, &x->toks_cap, longest, sizeof *x->toks) ||
        kh_ner_reserve(&x->work, &x->work_cap, longest * 3 * KH_NER_NTAGS,
                       sizeof *x->work))
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (tagging)");
    for (size_t s = 0; s < ns; s++) {
        const kh_sentence *sen = kh_doc_sentence(doc, s);
        size_t f = sen->first_token, n = sen->n_tokens;
        for (size_t i = 0; i < n; i++) {
            const kh_token *t = kh_doc_token(doc, f + i);
            kh_ner_tok_fill(&tg->gaz, text + (t->start - base),
                            t->end - t->start, t->norm, t->norm_len,
                            &x->toks[i]);
        }
        kh_ner_mark_phrases(&tg->gaz, x->toks, n);
        kh_ner_decode(&tg->model, x->toks, n, x->work, x->tags + f);
        for (size_t i = 0; i < n;) {
            int tag = x->tags[f + i];
            if (!tag) {
                i++;
                continue;
            }
            size_t j = i + 1;
            while (j < n && x->tags[f + j] == ((tag + 1) & ~1))
                j++;
            if (add_mention(x, doc, text, base, f + i, f + j - 1, tag))
                return kh_fail(err, KH_ERR_NOMEM, "out of memory (entities)");
            i = j;
        }
    }
    /* Canonical names once every mention is in: a later full name
     * (व्लादिमीर पुतिन) names the earlier short ones (पुतिन). */
    if (kh_ner_reserve(&x->dense, &x->dense_cap, x->n + 1, sizeof *x->dense))
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (entities)");
    size_t groups = 0;
    for (size_t i = 0; i < x->n; i++)
        x->dense[i] = SIZE_MAX;
    for (size_t i = 0; i < x->n; i++) {
        size_t g = kh_namebook_group(x->names, x->group_of[i]);
        /* namebook groups are entry ids, fewer than the mentions */
        if (x->dense[g] == SIZE_MAX)
            x->dense[g] = groups++;
        x->e[i].group = x->dense[g];
        x->e[i].canonical =
            kh_namebook_name(x->names, g, &x->e[i].canonical_len);
    }
    return KH_OK;
}
