/*
 * entfacets.c — the people, places and organisations of a search's best
 * matches (KH_FACET_PERSON / PLACE / ORG): how many of the candidates
 * ranked for the page name each entity. Counting every match would need
 * a per-document entity column in the segment; the best candidates (at
 * least 50, see kh_collapse_k) are what a reader narrows from, and their
 * stored records are read anyway for collapsing.
 */
#include "search.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ENTITY_FACETS 20 /* values reported per kind */

typedef struct ename {
    unsigned kind; /* 0 person, 1 place, 2 org */
    char *name;
    uint64_t count;
} ename;

static int by_name(const void *a, const void *b) {
    const ename *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int by_count(const void *a, const void *b) {
    const ename *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int kind_of(const char *t) {
    return !t                           ? -1
           : !strcmp(t, "PERSON")       ? 0
           : !strcmp(t, "LOCATION")     ? 1
           : !strcmp(t, "ORGANIZATION") ? 2
                                        : -1;
}

/* Appends the entity names of one stored enrichment (JSON members). */
static int collect(const kh_record *rec, ename **v, size_t *n, size_t *cap) {
    size_t ml = rec->x.enrich_len;
    char *w = malloc(ml + 3);
    if (!w)
        return -1;
    w[0] = '{';
    memcpy(w + 1, rec->x.enrich_json, ml);
    w[ml + 1] = '}';
    w[ml + 2] = '\0';
    json_t *o = json_loadb(w, ml + 2, 0, NULL);
    free(w);
    json_t *names = json_object_get(o, "entity_names");
    size_t i;
    json_t *e;
    int bad = 0;
    json_array_foreach(names, i, e) {
        int k = kind_of(json_string_value(json_object_get(e, "type")));
        const char *nm = json_string_value(json_object_get(e, "name"));
        if (k < 0 || !nm || !*nm)
            continue;
        if (*n == *cap) {
            size_t c = *cap ? *cap * 2 : 64;
            ename *nv = realloc(*v, c * sizeof *nv);
            if (!nv) {
                bad = 1;
                break;
            }
            *v = nv;
            *cap = c;
        }
        char *copy = strdup(nm);
        if (!copy) {
            bad = 1;
            break;
        }
        (*v)[(*n)++] = (ename){(unsigned)k, copy, 1};
    }
    json_decref(o);
    return bad ? -1 : 0;
}

kh_status kh_entity_facets(const kh_plan *p, const kh_scored *top, size_t n,
                           kh_facet *out[3], size_t nout[3], kh_error *err) {
    ename *v = NULL;
    size_t nv = 0, cap = 0;
    kh_status st = KH_OK;
    for (size_t i = 0; i < n && !st; i++) {
        kh_record rec;
        st =
            kh_seg_record(p->snap->segs[top[i].seg].seg, top[i].doc, &rec, err);
        if (st)
            break;
        if (rec.x.enrich_json && collect(&rec, &v, &nv, &cap))
            st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
        kh_record_free(&rec);
    }
    /* one entry per (kind, name) with its count */
    size_t m = 0;
    if (!st && nv) {
        qsort(v, nv, sizeof *v, by_name);
        for (size_t i = 0; i < nv; i++) {
            if (m && v[m - 1].kind == v[i].kind &&
                !strcmp(v[m - 1].name, v[i].name)) {
                v[m - 1].count++;
                free(v[i].name);
                continue;
            }
            v[m++] = v[i];
        }
        qsort(v, m, sizeof *v, by_count);
    } else {
        for (size_t i = 0; i < nv; i++)
            free(v[i].name);
    }
    for (unsigned k = 0; k < 3; k++) {
        out[k] = NULL;
        nout[k] = 0;
    }
    for (unsigned k = 0; k < 3 && !st; k++) {
        out[k] = calloc(MAX_ENTITY_FACETS, sizeof *out[k]);
        if (!out[k])
            st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < m; i++) {
        unsigned k = v[i].kind;
        if (!st && nout[k] < MAX_ENTITY_FACETS) {
            out[k][nout[k]++] = (kh_facet){v[i].name, v[i].count};
            continue;
        }
        free(v[i].name);
    }
    free(v);
    return st;
}
