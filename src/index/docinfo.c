/*
 * docinfo.c — the per-document columns search reads for every candidate
 * of a page: the near-duplicate fingerprint (FPRINTS) and the entities an
 * article names (ENTITIES). Collapsing and the entity facets look at
 * dozens of candidates per search; reading them from the stored records
 * meant decompressing a store block and decoding a record (and parsing
 * the enrichment JSON) per candidate, most of a search's time. A column
 * costs 8 bytes per document plus a few entity references, written once.
 *
 * Sections (format 3, see segwrite.c):
 *   FPRINTS   u64 per doc: the SimHash fingerprint of an enriched article,
 *             0 for one indexed plain (or without words): nobody's copy
 *   ENTITIES  u32 ndocs, u32 nnames, u32 doc_off[ndocs + 1] into refs,
 *             u32 refs[], u32 name_off[nnames + 1], the names back to back,
 *             each a kind byte (0 person, 1 place, 2 org) and its bytes;
 *             a name is stored once per segment
 *
 * A kh_docinfo gathers them while a segment is built or merged, indexed
 * by the new segment's document numbers.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")

static int grow(void **v, size_t *cap, size_t need, size_t size) {
    return kh_grow(v, cap, need, size, 64);
}

void kh_docinfo_reset(kh_docinfo *dx) {
    dx->ndocs = 0;
    dx->nrefs = 0;
    dx->nnames = 0;
    dx->names.len = 0;
    if (dx->slots)
        memset(dx->slots, 0, dx->nslots * sizeof *dx->slots);
}

void kh_docinfo_free(kh_docinfo *dx) {
    free(dx->fp);
    free(dx->doc_off);
    free(dx->refs);
    free(dx->name_off);
    free(dx->slots);
    kh_buf_free(&dx->names);
    memset(dx, 0, sizeof *dx);
}

static uint32_t name_hash(uint8_t kind, const char *s, size_t n) {
    return kh_bhash(s, n) * 31u + kind;
}

/* The number of (kind, name) in the segment's table, added when new;
 * UINT32_MAX on out of memory. */
static uint32_t intern(kh_docinfo *dx, uint8_t kind, const char *s, size_t n) {
    if ((dx->nnames + 1) * 2 > dx->nslots) {
        uint32_t ns = dx->nslots ? dx->nslots * 2 : 256;
        uint32_t *v = calloc(ns, sizeof *v);
        if (!v)
            return UINT32_MAX;
        for (uint32_t i = 0; i < dx->nnames; i++) {
            uint32_t a = dx->name_off[i], z = dx->name_off[i + 1];
            const char *p = dx->names.data + a;
            uint32_t j = name_hash((uint8_t)p[0], p + 1, z - a - 1) & (ns - 1);
            while (v[j])
                j = (j + 1) & (ns - 1);
            v[j] = i + 1;
        }
        free(dx->slots);
        dx->slots = v;
        dx->nslots = ns;
    }
    uint32_t j = name_hash(kind, s, n) & (dx->nslots - 1);
    for (; dx->slots[j]; j = (j + 1) & (dx->nslots - 1)) {
        uint32_t i = dx->slots[j] - 1;
        uint32_t a = dx->name_off[i], z = dx->name_off[i + 1];
        const char *p = dx->names.data + a;
        if (z - a - 1 == n && (uint8_t)p[0] == kind && !memcmp(p + 1, s, n))
            return i;
    }
    if (grow((void **)&dx->name_off, &dx->name_cap, dx->nnames + 2,
             sizeof *dx->name_off) ||
        kh_buf_putc(&dx->names, (char)kind) ||
        kh_buf_append(&dx->names, s, n) || dx->names.len > UINT32_MAX)
        return UINT32_MAX;
    if (!dx->nnames)
        dx->name_off[0] = 0;
    dx->name_off[dx->nnames + 1] = (uint32_t)dx->names.len;
    dx->slots[j] = ++dx->nnames;
    return dx->nnames - 1;
}

kh_status kh_docinfo_set(kh_docinfo *dx, uint32_t doc, uint64_t fp,
                         const kh_docname *names, size_t n, kh_error *err) {
    if (doc < dx->ndocs)
        return kh_fail(err, KH_ERR_ARG, "document %u described twice", doc);
    if (grow((void **)&dx->fp, &dx->fp_cap, (size_t)doc + 1, sizeof *dx->fp) ||
        grow((void **)&dx->doc_off, &dx->off_cap, (size_t)doc + 2,
             sizeof *dx->doc_off) ||
        grow((void **)&dx->refs, &dx->ref_cap, dx->nrefs + n, sizeof *dx->refs))
        return NOMEM(err);
    if (!dx->ndocs)
        dx->doc_off[0] = 0;
    while (dx->ndocs < doc) { /* documents never described: nothing */
        dx->fp[dx->ndocs] = 0;
        dx->doc_off[dx->ndocs + 1] = (uint32_t)dx->nrefs;
        dx->ndocs++;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t id = intern(dx, names[i].kind, names[i].s, names[i].len);
        if (id == UINT32_MAX)
            return NOMEM(err);
        dx->refs[dx->nrefs++] = id;
    }
    dx->fp[doc] = fp;
    dx->doc_off[doc + 1] = (uint32_t)dx->nrefs;
    dx->ndocs = doc + 1;
    return KH_OK;
}

kh_status kh_docinfo_copy(kh_docinfo *dx, uint32_t doc, const kh_segment *s,
                          uint32_t from, kh_error *err) {
    const uint8_t *refs;
    uint32_t n = kh_seg_doc_names(s, from, &refs);
    kh_docname small[16], *v = small;
    if (n > 16 && !(v = malloc(n * sizeof *v)))
        return NOMEM(err);
    for (uint32_t i = 0; i < n; i++) {
        size_t len;
        unsigned kind;
        v[i].s = kh_seg_name(s, kh_rd32(refs + (size_t)i * 4), &kind, &len);
        v[i].kind = (uint8_t)kind;
        v[i].len = len;
    }
    kh_status st =
        kh_docinfo_set(dx, doc, kh_seg_fingerprint(s, from), v, n, err);
    if (v != small)
        free(v);
    return st;
}

/* The name table at the end of ENTITIES: offsets, then the bytes. */
static kh_status write_names(const kh_docinfo *dx, kh_segw *c) {
    kh_status st = KH_OK;
    for (uint32_t i = 0; i <= dx->nnames && !st; i++)
        st = kh_segw_put32(c, dx->nnames ? dx->name_off[i] : 0);
    if (!st && dx->names.len)
        st = kh_segw_put(c, dx->names.data, dx->names.len);
    return st;
}

kh_status kh_docinfo_write(const kh_docinfo *dx, kh_segw *c,
                           const uint8_t *dead, uint32_t ndocs) {
    kh_status st = kh_segw_begin(c, KH_SEC_FPRINTS);
    uint32_t nlive = 0;
    for (uint32_t d = 0; d < ndocs && !st; d++) {
        if (dead && dead[d])
            continue;
        uint8_t b[8];
        kh_wr64(b, d < dx->ndocs ? dx->fp[d] : 0);
        st = kh_segw_put(c, b, 8);
        nlive++;
    }
    if (st)
        return st;
    kh_segw_end(c);
    if ((st = kh_segw_begin(c, KH_SEC_ENTITIES)) ||
        (st = kh_segw_put32(c, nlive)) || (st = kh_segw_put32(c, dx->nnames)))
        return st;
    uint32_t o = 0;
    st = kh_segw_put32(c, 0);
    for (uint32_t d = 0; d < ndocs && !st; d++) {
        if (dead && dead[d])
            continue;
        if (d < dx->ndocs)
            o += dx->doc_off[d + 1] - dx->doc_off[d];
        st = kh_segw_put32(c, o);
    }
    for (uint32_t d = 0; d < ndocs && d < dx->ndocs && !st; d++) {
        if (dead && dead[d])
            continue;
        for (uint32_t i = dx->doc_off[d]; i < dx->doc_off[d + 1] && !st; i++)
            st = kh_segw_put32(c, dx->refs[i]);
    }
    if (!st)
        st = write_names(dx, c);
    if (!st)
        kh_segw_end(c);
    return st;
}

kh_status kh_docinfo_merge(const kh_wseg *segs, uint32_t n, uint32_t nlive,
                           kh_segw *c, kh_error *err) {
    /* FPRINTS straight from the segments */
    kh_status st = kh_segw_begin(c, KH_SEC_FPRINTS);
    for (uint32_t i = 0; i < n && !st; i++)
        for (uint32_t d = 0; d < segs[i].seg->ndocs && !st; d++)
            if (!kh_bit(segs[i].del, d)) {
                uint8_t b[8];
                kh_wr64(b, kh_seg_fingerprint(segs[i].seg, d));
                st = kh_segw_put(c, b, 8);
            }
    if (st)
        return st;
    kh_segw_end(c);
    /* ENTITIES: the names first (the table, each name once), then the
     * offsets and the references, renumbered; memory holds the names, not
     * a reference per document */
    kh_docinfo dx = {0};
    for (int pass = 0; pass < 3 && !st; pass++) {
        if (pass == 1 && !(st = kh_segw_begin(c, KH_SEC_ENTITIES)) &&
            !(st = kh_segw_put32(c, nlive)) &&
            !(st = kh_segw_put32(c, dx.nnames)))
            st = kh_segw_put32(c, 0);
        uint32_t o = 0;
        for (uint32_t i = 0; i < n && !st; i++) {
            const kh_segment *s = segs[i].seg;
            for (uint32_t d = 0; d < s->ndocs && !st; d++) {
                if (kh_bit(segs[i].del, d))
                    continue;
                const uint8_t *r;
                uint32_t m = kh_seg_doc_names(s, d, &r);
                if (pass == 1) { /* the offsets */
                    o += m;
                    st = kh_segw_put32(c, o);
                    continue;
                }
                for (uint32_t j = 0; j < m && !st; j++) {
                    unsigned kind;
                    size_t len;
                    const char *nm =
                        kh_seg_name(s, kh_rd32(r + (size_t)j * 4), &kind, &len);
                    /* pass 0 adds the name, pass 2 finds its number */
                    uint32_t id = intern(&dx, (uint8_t)kind, nm, len);
                    if (id == UINT32_MAX)
                        st = NOMEM(err);
                    else if (pass == 2)
                        st = kh_segw_put32(c, id);
                }
            }
        }
    }
    if (!st)
        st = write_names(&dx, c);
    if (!st)
        kh_segw_end(c);
    kh_docinfo_free(&dx);
    return st;
}

/* ---- reading ---------------------------------------------------------- */

kh_status kh_docinfo_open(kh_segment *s, const uint8_t *fp, size_t fplen,
                          const uint8_t *ent, size_t elen) {
    if (fplen < (size_t)s->ndocs * 8 || elen < 8 || kh_rd32(ent) != s->ndocs)
        return KH_ERR_CORRUPT;
    uint32_t nn = kh_rd32(ent + 4);
    size_t head = 8 + ((size_t)s->ndocs + 1) * 4;
    if (head > elen)
        return KH_ERR_CORRUPT;
    const uint8_t *off = ent + 8;
    uint32_t nrefs = kh_rd32(off + (size_t)s->ndocs * 4);
    for (uint32_t d = 0; d < s->ndocs; d++)
        if (kh_rd32(off + (size_t)d * 4) > kh_rd32(off + (size_t)d * 4 + 4))
            return KH_ERR_CORRUPT;
    if (kh_rd32(off) != 0 ||
        (uint64_t)nrefs * 4 + ((uint64_t)nn + 1) * 4 > elen - head)
        return KH_ERR_CORRUPT;
    const uint8_t *refs = ent + head;
    const uint8_t *noff = refs + (size_t)nrefs * 4;
    const uint8_t *blob = noff + ((size_t)nn + 1) * 4;
    size_t blen = elen - (size_t)(blob - ent);
    for (uint32_t i = 0; i < nrefs; i++)
        if (kh_rd32(refs + (size_t)i * 4) >= nn)
            return KH_ERR_CORRUPT;
    for (uint32_t i = 0; i < nn; i++) { /* each name: a kind byte at least */
        uint32_t a = kh_rd32(noff + (size_t)i * 4);
        uint32_t z = kh_rd32(noff + (size_t)i * 4 + 4);
        if (a >= z || z > blen || blob[a] > 2)
            return KH_ERR_CORRUPT;
    }
    s->fprints = fp;
    s->ent_off = off;
    s->ent_refs = refs;
    s->name_offs = noff;
    s->name_blob = blob;
    s->nnames = nn;
    return KH_OK;
}

uint64_t kh_seg_fingerprint(const kh_segment *s, uint32_t doc) {
    return kh_rd64(s->fprints + (size_t)doc * 8);
}

uint32_t kh_seg_doc_names(const kh_segment *s, uint32_t doc,
                          const uint8_t **refs) {
    uint32_t a = kh_rd32(s->ent_off + (size_t)doc * 4);
    uint32_t z = kh_rd32(s->ent_off + (size_t)doc * 4 + 4);
    *refs = s->ent_refs + (size_t)a * 4;
    return z - a;
}

const char *kh_seg_name(const kh_segment *s, uint32_t id, unsigned *kind,
                        size_t *len) {
    uint32_t a = kh_rd32(s->name_offs + (size_t)id * 4);
    uint32_t z = kh_rd32(s->name_offs + (size_t)id * 4 + 4);
    *kind = s->name_blob[a];
    *len = z - a - 1;
    return (const char *)s->name_blob + a + 1;
}
