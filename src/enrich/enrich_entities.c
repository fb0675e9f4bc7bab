/*
 * enrich_entities.c — named entities in the enrichment. The tagger runs on
 * each unit (title, paragraph, ...) right after the unit is analysed, so
 * the analysis is shared with dates, keywords and the summary; the
 * mentions of all units are then grouped by one namebook, so that a name
 * written in full in one paragraph (व्लादिमीर पुतिन) names the short
 * mentions of the others (पुतिन) and the article lists each entity once.
 */
#include "enrich.h"

#include <stdlib.h>
#include <string.h>

kh_status en_tag_unit(const kh_tagger *tg, kh_entities *ws, const kh_doc *doc,
                      en_doc *d, size_t u, kh_error *err) {
    kh_status st = kh_tag_doc(tg, doc, d->units[u].text, 0, ws, err);
    if (st)
        return st;
    size_t n = kh_entities_count(ws);
    for (size_t i = 0; i < n; i++) {
        const kh_entity *x = kh_entities_get(ws, i);
        en_mention *m =
            en_grow(d->arena, d->ments, d->n_ments, &d->cap_ments, sizeof *m);
        if (!m)
            return kh_fail(err, KH_ERR_NOMEM, "out of memory (entities)");
        d->ments = m;
        m[d->n_ments++] = (en_mention){(uint32_t)u, (uint32_t)x->start,
                                       (uint32_t)x->end, x->type};
    }
    return KH_OK;
}

/* Most mentioned first, then the one the article names first. */
static int by_mentions(const void *pa, const void *pb) {
    const kh_article_entity *a = pa, *b = pb;
    if (a->mentions != b->mentions)
        return a->mentions > b->mentions ? -1 : 1;
    return a->first < b->first ? -1 : a->first > b->first;
}

kh_status en_entities(en_doc *d, kh_namebook *nb, kh_enrichment *e,
                      kh_error *err) {
    size_t n = d->n_ments;
    if (!n)
        return KH_OK;
    kh_namebook_clear(nb);
    size_t *gid = kh_arena_alloc(d->arena, n * sizeof *gid);
    size_t *dense = kh_arena_alloc(d->arena, n * sizeof *dense);
    size_t *first_of = kh_arena_alloc(d->arena, n * sizeof *first_of);
    kh_article_entity *ents = kh_arena_alloc(d->arena, n * sizeof *ents);
    kh_entity_mention *out = kh_arena_alloc(d->arena, n * sizeof *out);
    if (!gid || !dense || !first_of || !ents || !out)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (entities)");
    for (size_t i = 0; i < n; i++) {
        const en_mention *m = &d->ments[i];
        kh_status st =
            kh_namebook_add(nb, m->type, d->units[m->unit].text + m->start,
                            m->end - m->start, &gid[i], err);
        if (st)
            return st;
        dense[i] = SIZE_MAX;
    }
    /* Every mention is in: groups and canonical names are final now.
     * Namebook groups are entry ids, fewer than the mentions. */
    size_t ne = 0;
    for (size_t i = 0; i < n; i++) {
        size_t g = kh_namebook_group(nb, gid[i]);
        if (dense[g] == SIZE_MAX) {
            size_t len;
            const char *name = kh_namebook_name(nb, g, &len);
            char *copy = kh_arena_strndup(d->arena, name, len);
            if (!copy)
                return kh_fail(err, KH_ERR_NOMEM, "out of memory (entities)");
            ents[ne] = (kh_article_entity){copy, len, d->ments[i].type, 0, i};
            dense[g] = ne++;
        }
        ents[dense[g]].mentions++;
        first_of[i] = ents[dense[g]].first;
    }
    /* Sort, then send each mention to its entity's new place: the first
     * mention of an entity identifies it across the sort. */
    qsort(ents, ne, sizeof *ents, by_mentions);
    size_t *place = dense; /* done with: first mention -> sorted index */
    for (size_t k = 0; k < ne; k++)
        place[ents[k].first] = k;
    for (size_t i = 0; i < n; i++) {
        const en_mention *m = &d->ments[i];
        const en_unit *un = &d->units[m->unit];
        size_t k = place[first_of[i]];
        size_t len = m->end - m->start;
        char *text = kh_arena_strndup(d->arena, un->text + m->start, len);
        if (!text)
            return kh_fail(err, KH_ERR_NOMEM, "out of memory (entities)");
        out[i] = (kh_entity_mention){
            text,      len,         m->type,       ents[k].name, k,
            un->where, un->section, un->paragraph, m->start,     m->end};
    }
    e->mentions = out;
    e->n_mentions = n;
    e->entities = ents;
    e->n_entities = ne;
    return KH_OK;
}

const char **en_term_names(en_doc *d, const kh_enrichment *e) {
    if (!e->n_mentions || !d->n_terms)
        return NULL;
    const char **name = kh_arena_alloc(d->arena, d->n_terms * sizeof *name);
    const char **in = kh_arena_alloc(d->arena, d->n_toks * sizeof *in);
    unsigned *votes = kh_arena_alloc(d->arena, d->n_terms * sizeof *votes);
    if (!name || !in || !votes)
        return NULL;
    memset(name, 0, d->n_terms * sizeof *name);
    memset(votes, 0, d->n_terms * sizeof *votes);
    /* The name each token is part of. Mentions and tokens are both in
     * article order: one pass over each. */
    size_t m = 0;
    for (size_t i = 0; i < d->n_toks; i++) {
        const en_tok *t = &d->toks[i];
        while (m < d->n_ments &&
               (d->ments[m].unit < t->unit ||
                (d->ments[m].unit == t->unit && d->ments[m].end <= t->start)))
            m++;
        in[i] = m < d->n_ments && d->ments[m].unit == t->unit &&
                        t->start >= d->ments[m].start &&
                        t->end <= d->ments[m].end
                    ? e->mentions[m].canonical
                    : NULL;
    }
    /* A term's candidate name by majority vote (Boyer-Moore; outside any
     * name votes against), then kept only if it holds most occurrences
     * (a word mostly used on its own stays itself) and says more than the
     * word: a name of one word is the word in another spelling. */
    for (size_t i = 0; i < d->n_toks; i++) {
        int32_t k = d->term_of[i];
        if (k < 0)
            continue;
        if (in[i] && in[i] == name[k])
            votes[k]++;
        else if (!votes[k])
            name[k] = in[i], votes[k] = in[i] != NULL;
        else
            votes[k]--;
    }
    memset(votes, 0, d->n_terms * sizeof *votes);
    for (size_t i = 0; i < d->n_toks; i++)
        if (d->term_of[i] >= 0 && in[i] && in[i] == name[d->term_of[i]])
            votes[d->term_of[i]]++;
    for (size_t i = 0; i < d->n_terms; i++)
        if (2 * votes[i] <= d->terms[i].count ||
            (name[i] && !strchr(name[i], ' ')))
            name[i] = NULL;
    return name;
}
