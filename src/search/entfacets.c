/*
 * entfacets.c — the people, places and organisations of a search's best
 * matches (KH_FACET_PERSON / PLACE / ORG): how many of the candidates
 * ranked for the page name each entity. The names come from the
 * segments' ENTITIES column (docinfo.c), a few memory reads per
 * candidate; the best candidates (at least 50, see kh_collapse_k) are
 * what a reader narrows from, and counting every match would cost a pass
 * over all of them.
 *
 * A page's candidates name about a thousand distinct entities, scattered
 * over the segment's name table: reading each name to learn its kind and
 * to merge it across segments was most of the cost, in cache misses. So
 * each segment gets, on first use, a table of one 64-bit word per name
 * (a hash of its bytes, its kind in the low bits); names are merged by
 * that word, compared byte for byte only to confirm a merge, and read only
 * where the ranking compares equal counts.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ENTITY_FACETS 20 /* values reported per kind */

typedef struct ename {
    unsigned kind;    /* 0 person, 1 place, 2 org */
    const char *name; /* into a mapped segment, not NUL-terminated; NULL
                         until read (see name_of) */
    size_t len;
    uint64_t count;
    uint64_t word; /* the segment's name word: hash | kind */
    const kh_segment *seg;
    uint32_t id;
} ename;

/* The name's bytes, read from its segment when first needed. */
static void name_of(ename *e) {
    if (!e->name) {
        unsigned kind;
        e->name = kh_seg_name(e->seg, e->id, &kind, &e->len);
    }
}

static int cmp_name(ename *x, ename *y) {
    name_of(x);
    name_of(y);
    int r = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);
    return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* The low bits of a name word: its kind, or NO_KIND for a name that is not
 * counted (empty, or of a kind beyond the three). */
#define KIND_BITS 3u
#define NO_KIND 7u

/* Segment s's name words, built on first use and kept on the segment (as
 * facets.c keeps its source column); NULL when out of memory. */
static const uint64_t *name_words(kh_segment *s) {
    void *have = atomic_load(&s->derived_names);
    if (have)
        return have;
    uint64_t *v = malloc(((size_t)s->nnames + 1) * sizeof *v);
    if (!v)
        return NULL;
    for (uint32_t i = 0; i < s->nnames; i++) {
        unsigned kind;
        size_t len;
        const char *n = kh_seg_name(s, i, &kind, &len);
        if (!len || kind >= 3)
            kind = NO_KIND;
        v[i] = (len ? kh_hash64(n, len) : 0) << KIND_BITS | kind;
    }
    void *expected = NULL;
    if (!atomic_compare_exchange_strong(&s->derived_names, &expected, v)) {
        free(v); /* another search built it first */
        return expected;
    }
    return v;
}

static int by_count(ename *x, ename *y) {
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return cmp_name(x, y);
}

/* Name numbers are per segment: candidates are counted per (segment,
 * number) in a small hash table first, and names compared as bytes only
 * for the distinct ones, across segments. */
typedef struct nslot {
    uint64_t key; /* segment << 32 | number, + 1; 0: empty */
    uint32_t count;
} nslot;

kh_status kh_entity_facets(const kh_plan *p, const kh_scored *top, size_t n,
                           kh_facet *out[3], size_t nout[3], kh_error *err) {
    for (unsigned k = 0; k < 3; k++) {
        out[k] = NULL;
        nout[k] = 0;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *refs;
        total +=
            kh_seg_doc_names(p->snap->segs[top[i].seg].seg, top[i].doc, &refs);
    }
    size_t cap = 16;
    while (cap < 2 * total + 2)
        cap *= 2;
    /* the counting table: the workspace's, kept zeroed between searches
     * (a fresh one was a 128 KB calloc per search), else one of our own */
    kh_workspace *ws = p->ws;
    nslot *h = NULL;
    if (ws && ws->ents_bytes < cap * sizeof *h) {
        free(ws->ents);
        ws->ents = calloc(cap, sizeof *h);
        ws->ents_bytes = ws->ents ? cap * sizeof *h : 0;
    }
    h = ws ? ws->ents : calloc(cap, sizeof *h);
    /* the slots taken, in the order taken: read and cleared without a
     * pass over the whole table */
    uint32_t *used = malloc((total ? total : 1) * sizeof *used);
    ename *v = malloc((total ? total : 1) * sizeof *v);
    if (!h || !v || !used) {
        if (!ws)
            free(h);
        free(v);
        free(used);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    size_t nused = 0;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *refs;
        uint32_t m =
            kh_seg_doc_names(p->snap->segs[top[i].seg].seg, top[i].doc, &refs);
        for (uint32_t j = 0; j < m; j++) {
            uint64_t key =
                ((uint64_t)top[i].seg << 32 | kh_rd32(refs + (size_t)j * 4)) +
                1;
            size_t x = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1);
            while (h[x].key && h[x].key != key)
                x = (x + 1) & (cap - 1);
            if (!h[x].key)
                used[nused++] = (uint32_t)x;
            h[x].key = key;
            h[x].count++;
        }
    }
    /* the distinct (segment, number) as name words, merged across
     * segments by the word (and, to be sure, the bytes: a second table, in
     * place of h) */
    size_t nv = 0;
    int nomem = 0;
    for (size_t u = 0; u < nused; u++) {
        size_t x = used[u];
        uint64_t key = h[x].key - 1;
        uint32_t count = h[x].count;
        h[x].key = 0; /* the table left zeroed */
        h[x].count = 0;
        if (nomem)
            continue;
        kh_segment *s = p->snap->segs[key >> 32].seg;
        uint32_t id = (uint32_t)key;
        const uint64_t *words = name_words(s);
        if (!words) {
            nomem = 1;
            continue;
        }
        uint64_t w = id < s->nnames ? words[id] : NO_KIND;
        if ((w & NO_KIND) == NO_KIND)
            continue;
        v[nv++] = (ename){(unsigned)(w & NO_KIND), NULL, 0, count, w, s, id};
    }
    free(used);
    if (nomem) {
        if (!ws)
            free(h);
        free(v);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    size_t m = nv;
    if (p->snap->nsegs > 1 && nv) {
        uint32_t *slot = (uint32_t *)h;      /* 16 bytes a slot: room enough */
        memset(slot, 0, cap * sizeof *slot); /* zeroed again below */
        m = 0;
        for (size_t i = 0; i < nv; i++) {
            size_t x =
                (size_t)(v[i].word * 0x9E3779B97F4A7C15ull >> 24) & (cap - 1);
            for (; slot[x]; x = (x + 1) & (cap - 1)) {
                ename *o = &v[slot[x] - 1];
                if (o->word == v[i].word && !cmp_name(o, &v[i]))
                    break;
            }
            if (slot[x]) {
                v[slot[x] - 1].count += v[i].count;
            } else {
                v[m] = v[i];
                slot[x] = (uint32_t)++m;
            }
        }
    }
    if (p->snap->nsegs > 1 && nv) /* the table left zeroed */
        memset(h, 0, cap * sizeof(uint32_t));
    if (!ws)
        free(h);
    /* the best MAX_ENTITY_FACETS of each kind (most counted, then by name),
     * kept sorted by insertion: most names are counted once and lose
     * against the last kept one without a byte compared */
    ename best[3][MAX_ENTITY_FACETS];
    size_t nb[3] = {0, 0, 0};
    for (size_t i = 0; i < m; i++) {
        unsigned k = v[i].kind;
        ename *b = best[k];
        if (nb[k] == MAX_ENTITY_FACETS && by_count(&v[i], &b[nb[k] - 1]) >= 0)
            continue;
        size_t j = nb[k] < MAX_ENTITY_FACETS ? nb[k]++ : MAX_ENTITY_FACETS - 1;
        for (; j > 0 && by_count(&v[i], &b[j - 1]) < 0; j--)
            b[j] = b[j - 1];
        b[j] = v[i];
    }
    kh_status st = KH_OK;
    for (unsigned k = 0; k < 3 && !st; k++) {
        if (!(out[k] = calloc(MAX_ENTITY_FACETS, sizeof *out[k])))
            st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < nb[k] && !st; i++) {
            name_of(&best[k][i]);
            char *s = strndup(best[k][i].name, best[k][i].len);
            if (!s)
                st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
            else
                out[k][nout[k]++] = (kh_facet){s, best[k][i].count};
        }
    }
    free(v);
    return st;
}
