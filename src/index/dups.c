/*
 * dups.c — the near-duplicate groups of an index (`khabar dups`): the
 * fingerprint of every live enriched article is read from the segments'
 * fingerprint column (docinfo.c), with its id and title, and
 * kh_fingerprint_groups() links those within the distance.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>

typedef struct dups_impl {
    kh_dups pub;
    size_t *start;
    const char **ids, **titles;
    uint64_t *fps;
    kh_buf text; /* ids and titles, NUL-terminated, back to back */
} dups_impl;

void kh_dups_free(kh_dups *d) {
    dups_impl *m = (dups_impl *)d;
    if (!m)
        return;
    free(m->start);
    free(m->ids);
    free(m->titles);
    free(m->fps);
    kh_buf_free(&m->text);
    free(m);
}

/* Every live article with a fingerprint: its fingerprint and the offsets
 * of its id and title in text. */
typedef struct col {
    uint64_t *fp;
    size_t *off; /* 2 per article */
    size_t n, cap;
    kh_buf text;
} col;

static int col_put(col *c, uint64_t fp, const char *id, size_t idl,
                   const char *t, size_t tl) {
    if (c->n == c->cap) {
        size_t n = c->cap ? c->cap * 2 : 256;
        uint64_t *f = realloc(c->fp, n * sizeof *f);
        if (!f)
            return -1;
        c->fp = f;
        size_t *o = realloc(c->off, 2 * n * sizeof *o);
        if (!o)
            return -1;
        c->off = o;
        c->cap = n;
    }
    c->fp[c->n] = fp;
    c->off[2 * c->n] = c->text.len;
    if (kh_buf_append(&c->text, id, idl) || kh_buf_putc(&c->text, '\0'))
        return -1;
    c->off[2 * c->n + 1] = c->text.len;
    if (kh_buf_append(&c->text, t, tl) || kh_buf_putc(&c->text, '\0'))
        return -1;
    c->n++;
    return 0;
}

static kh_status collect(kh_index *ix, col *c, kh_error *err) {
    kh_snapshot *s = kh_snapshot_acquire(ix);
    kh_status st = KH_OK;
    for (uint32_t i = 0; i < s->nsegs && !st; i++) {
        const kh_snapseg *g = &s->segs[i];
        for (uint32_t d = 0; d < g->seg->ndocs && !st; d++) {
            if (g->del && kh_bit(g->del, d))
                continue;
            /* from the segment's columns, not the stored records: an
             * article indexed plain has fingerprint 0 there, as has one
             * without words, and is a duplicate of nothing */
            uint64_t fp = kh_seg_fingerprint(g->seg, d);
            if (!fp)
                continue;
            size_t idl, tl, pl;
            const char *id = kh_seg_id(g->seg, d, &idl), *t, *pub;
            kh_seg_title(g->seg, d, &t, &tl, &pub, &pl);
            if (col_put(c, fp, id, idl, t, tl))
                st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
        }
    }
    kh_snapshot_release(ix, s);
    return st;
}

typedef struct gsize {
    size_t root, n, first;
} gsize;

static int by_size(const void *a, const void *b) {
    const gsize *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

static kh_status build(dups_impl *m, col *c, const size_t *group,
                       kh_error *err) {
    /* count per root; group[i] <= i, so roots are met before members */
    size_t *cnt = calloc(c->n ? c->n : 1, sizeof *cnt);
    if (!cnt)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    size_t ng = 0, items = 0;
    for (size_t i = 0; i < c->n; i++)
        cnt[group[i]]++;
    for (size_t i = 0; i < c->n; i++)
        if (group[i] == i && cnt[i] > 1) {
            ng++;
            items += cnt[i];
        }
    gsize *gs = malloc((ng ? ng : 1) * sizeof *gs);
    size_t *slot = calloc(c->n ? c->n : 1, sizeof *slot);
    m->start = malloc((ng + 1) * sizeof *m->start);
    m->ids = malloc((items ? items : 1) * sizeof *m->ids);
    m->titles = malloc((items ? items : 1) * sizeof *m->titles);
    m->fps = malloc((items ? items : 1) * sizeof *m->fps);
    if (!gs || !slot || !m->start || !m->ids || !m->titles || !m->fps) {
        free(cnt);
        free(gs);
        free(slot);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        if (group[i] == i && cnt[i] > 1)
            gs[k++] = (gsize){i, cnt[i], i};
    qsort(gs, ng, sizeof *gs, by_size);
    size_t at = 0;
    for (size_t g = 0; g < ng; g++) {
        m->start[g] = at;
        slot[gs[g].root] = at;
        at += gs[g].n;
    }
    m->start[ng] = at;
    /* the texts move to the result; pointers into it are stable now */
    m->text = c->text;
    memset(&c->text, 0, sizeof c->text);
    for (size_t i = 0; i < c->n; i++) {
        size_t r = group[i];
        if (cnt[r] < 2)
            continue;
        size_t p = slot[r]++;
        m->ids[p] = m->text.data + c->off[2 * i];
        m->titles[p] = m->text.data + c->off[2 * i + 1];
        m->fps[p] = c->fp[i];
    }
    free(cnt);
    free(gs);
    free(slot);
    m->pub.n_groups = ng;
    m->pub.start = m->start;
    m->pub.ids = m->ids;
    m->pub.titles = m->titles;
    m->pub.fingerprints = m->fps;
    return KH_OK;
}

kh_status kh_index_dups(kh_index *ix, unsigned max_distance, kh_dups **out,
                        kh_error *err) {
    if (!ix || !out)
        return kh_fail(err, KH_ERR_ARG, "kh_index_dups: missing argument");
    *out = NULL;
    if (max_distance > 64)
        return kh_fail(err, KH_ERR_ARG, "distance %u is over 64 bits",
                       max_distance);
    col c = {0};
    dups_impl *m = calloc(1, sizeof *m);
    size_t *group = NULL;
    kh_status st =
        m ? collect(ix, &c, err) : kh_fail(err, KH_ERR_NOMEM, "out of memory");
    if (!st) {
        group = malloc((c.n ? c.n : 1) * sizeof *group);
        st = group ? kh_fingerprint_groups(c.fp, c.n, max_distance, group, err)
                   : kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    if (!st)
        st = build(m, &c, group, err);
    free(group);
    free(c.fp);
    free(c.off);
    kh_buf_free(&c.text);
    if (st) {
        if (m)
            kh_dups_free(&m->pub);
        return st;
    }
    *out = &m->pub;
    return KH_OK;
}
