/*
 * collapse.c — near-duplicates folded into one hit. Among the best
 * candidates of a search, in score order, a candidate whose fingerprint
 * is within KH_FINGERPRINT_NEAR bits of a better hit joins its group; the best
 * of each group is the hit and the others are listed as its similar articles.
 * Only the candidates are looked at (kh_collapse_k of them), and only their
 * entries in the segment's fingerprint column, so a query costs a few memory
 * reads, not a pass over the index; `khabar dups` finds every group.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

size_t kh_collapse_k(size_t k) {
    /* room for each hit of the page to bring a couple of copies, and a
     * floor so small pages of a story syndicated widely still fold */
    size_t extra = k * 2 + 30;
    return k + (extra < 1000 ? extra : 1000);
}

/* lead[i]: i for the best of its group, else the index of that best. */
static kh_status leads(const kh_plan *p, const kh_scored *top, size_t n,
                       size_t *lead, kh_error *err) {
    uint64_t *fp = malloc((n ? n : 1) * sizeof *fp);
    if (!fp)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    /* from the segment's fingerprint column: 0 for an article indexed
     * plain (no enrichment), which is nobody's copy */
    for (size_t i = 0; i < n; i++)
        fp[i] = kh_seg_fingerprint(p->snap->segs[top[i].seg].seg, top[i].doc);
    for (size_t i = 0; i < n; i++) {
        lead[i] = i;
        if (!fp[i])
            continue;
        /* against the best of each group only: linking through members
         * would chain unrelated articles a few bits apart each */
        for (size_t j = 0; j < i; j++)
            if (fp[j] && lead[j] == j &&
                kh_fingerprint_distance(fp[i], fp[j]) <= KH_FINGERPRINT_NEAR) {
                lead[i] = lead[j];
                break;
            }
    }
    free(fp);
    return KH_OK;
}

kh_status kh_collapse(const kh_plan *p, kh_scored *top, size_t *n,
                      kh_scored **similar, size_t **sim_off, kh_error *err) {
    size_t m = *n;
    size_t *lead = malloc((m ? m : 1) * sizeof *lead);
    size_t *slot = malloc((m ? m : 1) * sizeof *slot);
    size_t *off = calloc(m + 1, sizeof *off);
    kh_scored *sim = malloc((m ? m : 1) * sizeof *sim);
    kh_status st = lead && slot && off && sim
                       ? leads(p, top, m, lead, err)
                       : kh_fail(err, KH_ERR_NOMEM, "out of memory");
    if (st) {
        free(lead);
        free(slot);
        free(off);
        free(sim);
        return st;
    }
    /* the leads keep their order; slot[i] is the hit a lead becomes */
    size_t h = 0;
    for (size_t i = 0; i < m; i++)
        if (lead[i] == i)
            slot[i] = h++;
    for (size_t i = 0; i < m; i++)
        if (lead[i] != i)
            off[slot[lead[i]] + 1]++;
    for (size_t g = 0; g < h; g++)
        off[g + 1] += off[g];
    for (size_t i = 0, k = 0; i < m; i++) {
        if (lead[i] == i) {
            top[k++] = top[i];
            continue;
        }
        size_t g = slot[lead[i]];
        sim[off[g]++] = top[i];
    }
    /* off[g] moved to the end of group g: shift back */
    for (size_t g = h; g > 0; g--)
        off[g] = off[g - 1];
    off[0] = 0;
    free(lead);
    free(slot);
    *n = h;
    *similar = sim;
    *sim_off = off;
    return KH_OK;
}

static char *dupn(const char *s, size_t n) {
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

kh_status kh_similar_ids(const kh_plan *p, const kh_scored *m, size_t cnt,
                         kh_hit *h, kh_error *err) {
    if (!cnt)
        return KH_OK;
    char **ids = calloc(cnt, sizeof *ids);
    char **titles = calloc(cnt, sizeof *titles);
    h->similar = (const char *const *)ids;
    h->similar_titles = (const char *const *)titles;
    if (!ids || !titles)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    h->n_similar = cnt;
    for (size_t i = 0; i < cnt; i++) {
        const kh_segment *s = p->snap->segs[m[i].seg].seg;
        size_t len, tl, pl;
        const char *id = kh_seg_id(s, m[i].doc, &len), *t, *pub;
        kh_seg_title(s, m[i].doc, &t, &tl, &pub, &pl);
        ids[i] = dupn(id, len);
        titles[i] = dupn(t, tl);
        if (!ids[i] || !titles[i])
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    return KH_OK;
}
