/*
 * segwrite.c — writes a builder's live documents as one immutable segment
 * file. Layout (all integers little-endian; sections 8-byte aligned):
 *
 *   "KHABARS4"   (format 4; format 3 stored unpacked store blocks, format
 *                2 had no FPRINTS and ENTITIES, format 1 stored JSON and had
 *                no TITLES)
 *   META         u32 ndocs, u32 nfields, per field: name[32], u64 total_len
 *   POSTINGS     per term: skip entries, doc stream, position stream
 *   TERMS        u32 nterms, u32 blob_len, entries {u32 str_off, u32 df,
 *                u64 post_off, u32 doc_bytes, u32 pos_bytes}, the term keys
 *                (field byte + bytes) sorted by memcmp
 *   NORMS        ndocs * nfields one-byte lengths (fields.c)
 *   IDS          u32 n, u32 0, u32 offs[n + 1], u32 by_id[n] (docs sorted by
 *                id, for lookups), the ids
 *   DATES        i32 day per doc (KH_NO_DATE when unknown)
 *   STORE_INDEX  u32 nblocks, u32 0, {u32 first_doc, u32 ndocs, u64 off,
 *                u32 clen, u32 ulen} per block
 *   TITLES       u32 n, u32 0, u32 offs[2n + 1], the bytes: doc d's title
 *                is [offs[2d], offs[2d+1]), its published [offs[2d+1],
 *                offs[2d+2]): a hit shows them without the store
 *   STORE        blocks of u32 n, u32 offs[n + 1], the article records
 *                (record.c), Devanagari packed (storepack.c; segments
 *                written before also have blocks packed and then zstd'd)
 *   KEYS         u32 n, u32 0, u32 offs[n + 1], sorted "key\0term" pairs
 *   FPRINTS      u64 near-duplicate fingerprint per doc (docinfo.c)
 *   ENTITIES     per doc the entity names it holds (docinfo.c)
 *   TOC          {u32 id, u32 0, u64 off, u64 len} per section
 *   footer       u64 toc_off, u32 nsections, u32 version (4), u64 xxh3 of every
 *                byte before it, "KHSEGEND"
 *
 * Postings of a term: documents in blocks of 128; for df > 128 the stream
 * starts with one skip entry {u32 last_doc, u32 doc_off, u32 pos_off} per
 * block after the first, so a cursor can jump without decoding. Doc
 * stream: varint(delta << 1 | (tf == 1)) [varint(tf)]; position stream:
 * per document tf varint deltas. Varints keep most entries to one byte;
 * the skip entries keep conjunctions from reading whole long lists.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")

typedef kh_segw wctx;

kh_status kh_segw_begin(wctx *c, uint32_t id) {
    kh_status st = kh_wfile_align(c->w, 8, c->err);
    if (st)
        return st;
    c->secs[c->nsecs].id = id;
    c->secs[c->nsecs].off = kh_wfile_offset(c->w);
    return KH_OK;
}

void kh_segw_end(wctx *c) {
    c->secs[c->nsecs].len = kh_wfile_offset(c->w) - c->secs[c->nsecs].off;
    c->nsecs++;
}

kh_status kh_segw_put(wctx *c, const void *p, size_t n) {
    return kh_wfile_write(c->w, p, n, c->err);
}

kh_status kh_segw_put32(wctx *c, uint32_t v) {
    uint8_t b[4];
    kh_wr32(b, v);
    return kh_segw_put(c, b, 4);
}

#define sec_begin kh_segw_begin
#define sec_end kh_segw_end
#define put kh_segw_put
#define put32 kh_segw_put32

/* ---- sorting ---------------------------------------------------------- */

typedef struct sort_ctx {
    const char *base;
    const uint32_t *off;
    const uint32_t *len;
} sort_ctx;

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl) {
    int r = memcmp(a, b, al < bl ? al : bl);
    return r ? r : (al > bl) - (al < bl);
}

/* A string to sort and its first 16 bytes as two big-endian numbers
 * (zero padded): keys that differ order their strings as cmp_bytes does,
 * so only equal keys need the strings, which lie at random places in a
 * large buffer. 16 bytes: a field byte and five Devanagari letters. */
typedef struct sort_item {
    uint64_t key[2];
    uint32_t idx;
} sort_item;

static uint64_t sort_key(const char *s, size_t n, size_t from) {
    uint64_t k = 0;
    for (size_t i = from; i < from + 8; i++)
        k = k << 8 | (i < n ? (uint8_t)s[i] : 0);
    return k;
}

static int item_le(const sort_item *a, const sort_item *b, const sort_ctx *c) {
    if (a->key[0] != b->key[0])
        return a->key[0] < b->key[0];
    if (a->key[1] != b->key[1])
        return a->key[1] < b->key[1];
    return cmp_bytes(c->base + c->off[a->idx], c->len[a->idx],
                     c->base + c->off[b->idx], c->len[b->idx]) <= 0;
}

/* The sorted runs a[0..na) and b[0..nb) merged into out (stable). */
static void merge_runs(const sort_item *a, size_t na, const sort_item *b,
                       size_t nb, sort_item *out, const sort_ctx *c) {
    size_t i = 0, j = 0, k = 0;
    while (i < na && j < nb)
        out[k++] = item_le(&a[i], &b[j], c) ? a[i++] : b[j++];
    while (i < na)
        out[k++] = a[i++];
    while (j < nb)
        out[k++] = b[j++];
}

/* Merge sort (stable; qsort has no context argument in C11), the runs
 * going back and forth between v and tmp rather than being copied back
 * at every level: msort sorts v in place, msort_to sorts v into out. */
static void msort(sort_item *v, sort_item *tmp, size_t n, const sort_ctx *c);

static void msort_to(sort_item *v, sort_item *out, size_t n,
                     const sort_ctx *c) {
    if (n < 2) {
        if (n)
            out[0] = v[0];
        return;
    }
    size_t h = n / 2;
    msort(v, out, h, c);
    msort(v + h, out + h, n - h, c);
    merge_runs(v, h, v + h, n - h, out, c);
}

static void msort(sort_item *v, sort_item *tmp, size_t n, const sort_ctx *c) {
    if (n < 2)
        return;
    size_t h = n / 2;
    msort_to(v, tmp, h, c);
    msort_to(v + h, tmp + h, n - h, c);
    merge_runs(tmp, h, tmp + h, n - h, v, c);
}

kh_status kh_sorted_order(const char *base, const uint32_t *off,
                          const uint32_t *len, size_t n, uint32_t **out,
                          kh_error *err) {
    uint32_t *v = malloc((n ? n : 1) * sizeof *v);
    sort_item *items = malloc((n ? n : 1) * 2 * sizeof *items);
    if (!v || !items) {
        free(v);
        free(items);
        return NOMEM(err);
    }
    for (size_t i = 0; i < n; i++)
        items[i] = (sort_item){{sort_key(base + off[i], len[i], 0),
                                sort_key(base + off[i], len[i], 8)},
                               (uint32_t)i};
    sort_ctx c = {base, off, len};
    msort(items, items + n, n, &c);
    for (size_t i = 0; i < n; i++)
        v[i] = items[i].idx;
    free(items);
    *out = v;
    return KH_OK;
}

/* ---- postings --------------------------------------------------------- */

void kh_postenc_reset(kh_postenc *e) {
    e->docs.len = e->pos.len = e->skips.len = 0;
    e->n = e->prev = 0;
}

void kh_postenc_free(kh_postenc *e) {
    kh_buf_free(&e->docs);
    kh_buf_free(&e->pos);
    kh_buf_free(&e->skips);
    free(e->pbuf);
    memset(e, 0, sizeof *e);
}

/* Writes the (n + 1)-th document of a term, doc with frequency tf after
 * prev: its skip entry when a block starts with it (at *sq, 12 bytes),
 * then its entry in the doc stream (at *dq, up to 20 bytes); the caller
 * has the room. docs_len and pos_len are the streams' lengths so far. */
static inline void put_doc(uint8_t **sq, uint8_t **dq, uint32_t n,
                           uint32_t prev, uint32_t doc, uint32_t tf,
                           size_t docs_len, size_t pos_len) {
    if (n && n % KH_SKIP_BLOCK == 0) {
        kh_wr32(*sq, prev);
        kh_wr32(*sq + 4, (uint32_t)docs_len);
        kh_wr32(*sq + 8, (uint32_t)pos_len);
        *sq += 12;
    }
    *dq +=
        kh_varint_put(*dq, (uint64_t)(doc - (n ? prev : 0)) << 1 | (tf == 1));
    if (tf != 1)
        *dq += kh_varint_put(*dq, tf);
}

/* The skip entry before a block and the document's entry in the doc
 * stream; room for pos_room more bytes in the position stream. */
static kh_status postenc_doc(kh_postenc *e, uint32_t doc, uint32_t tf,
                             size_t pos_room, kh_error *err) {
    if (kh_buf_reserve(&e->skips, 12) || kh_buf_reserve(&e->docs, 20) ||
        kh_buf_reserve(&e->pos, pos_room))
        return NOMEM(err);
    uint8_t *sq = (uint8_t *)e->skips.data + e->skips.len;
    uint8_t *dq = (uint8_t *)e->docs.data + e->docs.len;
    put_doc(&sq, &dq, e->n, e->prev, doc, tf, e->docs.len, e->pos.len);
    e->skips.len = (size_t)(sq - (uint8_t *)e->skips.data);
    e->docs.len = (size_t)(dq - (uint8_t *)e->docs.data);
    e->prev = doc;
    e->n++;
    return KH_OK;
}

static kh_status postenc_check(const kh_postenc *e, kh_error *err) {
    if (e->docs.len > UINT32_MAX || e->pos.len > UINT32_MAX)
        return kh_fail(err, KH_ERR_LIMIT, "postings of one term too large");
    return KH_OK;
}

kh_status kh_postenc_add(kh_postenc *e, uint32_t doc, const uint32_t *pos,
                         uint32_t tf, kh_error *err) {
    kh_status st = postenc_doc(e, doc, tf, (size_t)tf * 5, err);
    if (st)
        return st;
    uint8_t *p = (uint8_t *)e->pos.data + e->pos.len;
    uint32_t lp = 0;
    for (uint32_t i = 0; i < tf; i++) {
        p += kh_varint_put(p, pos[i] - lp);
        lp = pos[i];
    }
    e->pos.len = (size_t)(p - (uint8_t *)e->pos.data);
    return postenc_check(e, err);
}

/* Re-encodes a builder term's postings (kh_bterm's format) for the file,
 * dropping dead docs and renumbering. Returns df = 0 when no live doc is
 * left.
 *
 * Room for the whole term is taken first, so that the loop checks no
 * capacity and calls nothing per posting (it runs once per posting of
 * every segment). A posting's file bytes never outgrow its builder bytes:
 * the doc entry's varint(delta << 1 | 1) is at most one byte longer than
 * the builder's varint(delta), which the builder's varint(first position
 * + 1) outweighs, and a frequency tf > 1 takes no more bytes than the
 * tf - 1 position bytes after it; the position entry is varint(first
 * position), no longer than the builder's varint(first position + 1),
 * and the same other bytes. So each stream needs at most plen bytes, and
 * a posting of at least two bytes means at most plen / 256 + 1 skip
 * entries. */
static kh_status encode_term(const kh_bterm *t, const uint8_t *dead,
                             const uint32_t *remap, kh_postenc *ps,
                             uint32_t *df, kh_error *err) {
    kh_postenc_reset(ps);
    size_t plen = t->plen;
    if (kh_buf_reserve(&ps->docs, plen) || kh_buf_reserve(&ps->pos, plen) ||
        kh_buf_reserve(&ps->skips, (plen / 256 + 1) * 12))
        return NOMEM(err);
    uint8_t *dq = (uint8_t *)ps->docs.data, *pq = (uint8_t *)ps->pos.data;
    uint8_t *sq = (uint8_t *)ps->skips.data;
    const uint8_t *dbase = dq, *pbase = pq;
    const uint8_t *p = t->post, *end = t->post + plen;
    uint32_t doc = 0, n = 0, prev = 0;
    while (p < end) {
        uint32_t delta, pos0;
        if (!kh_varint_get(&p, end, &delta) || !kh_varint_get(&p, end, &pos0) ||
            !pos0)
            return kh_fail(err, KH_ERR_INTERNAL, "bad builder postings");
        doc += delta; /* the first delta is from 0 */
        /* the other positions' deltas are the file's bytes: they end at
         * the 0 byte (a varint's last byte, the only one without the
         * continuation bit, is 0 only for the value 0) */
        const uint8_t *rest = p;
        uint32_t tf = 1;
        for (; p < end && *p; p++)
            tf += !(*p & 0x80);
        if (p > rest && (p[-1] & 0x80))
            return kh_fail(err, KH_ERR_INTERNAL, "bad builder postings");
        size_t nrest = (size_t)(p - rest);
        if (p < end)
            p++; /* the 0 byte */
        if (dead[doc])
            continue;
        uint32_t nd = remap[doc];
        put_doc(&sq, &dq, n, prev, nd, tf, (size_t)(dq - dbase),
                (size_t)(pq - pbase));
        /* the file's first position is from 0 */
        pq += kh_varint_put(pq, pos0 - 1);
        if (nrest) {
            memcpy(pq, rest, nrest);
            pq += nrest;
        }
        prev = nd;
        n++;
    }
    ps->docs.len = (size_t)(dq - dbase);
    ps->pos.len = (size_t)(pq - pbase);
    ps->skips.len = (size_t)(sq - (uint8_t *)ps->skips.data);
    ps->n = n;
    ps->prev = prev;
    *df = n;
    return postenc_check(ps, err);
}

/* ---- store ------------------------------------------------------------ */

/* Rewrites the store without dead documents (rare: an id added twice in
 * one batch), so that store blocks count live documents only. */
static kh_status compact_store(kh_builder *b, const uint8_t *dead,
                               kh_error *err) {
    kh_buf store = {0}, sblocks = {0}, cur = {0}, offs = {0};
    kh_status st = KH_OK;
    uint32_t nb = (uint32_t)(b->sblocks.len / 24), newdoc = 0, first = 0;
    ZSTD_DCtx *dc = ZSTD_createDCtx();
    if (!dc)
        return NOMEM(err);
    for (uint32_t i = 0; i <= nb && !st; i++) {
        uint8_t *raw = NULL;
        if (i < nb) {
            const uint8_t *e = (const uint8_t *)b->sblocks.data + i * 24;
            uint32_t d0 = kh_rd32(e), n = kh_rd32(e + 4);
            uint64_t off = kh_rd64(e + 8);
            uint32_t clen = kh_rd32(e + 16), ulen = kh_rd32(e + 20);
            int r = kh_store_get_block(dc, (const uint8_t *)b->store.data + off,
                                       clen, ulen, &raw);
            if (r) {
                st = r < 0 ? NOMEM(err)
                           : kh_fail(err, KH_ERR_INTERNAL, "store block");
                break;
            }
            const uint8_t *texts = raw + 4 + ((size_t)n + 1) * 4;
            for (uint32_t k = 0; k < n && !st; k++) {
                if (dead[d0 + k])
                    continue;
                uint32_t a = kh_rd32(raw + 4 + k * 4),
                         z = kh_rd32(raw + 8 + k * 4);
                uint8_t o[4];
                kh_wr32(o, (uint32_t)cur.len);
                if (kh_buf_append(&offs, o, 4) ||
                    kh_buf_append(&cur, texts + a, z - a))
                    st = NOMEM(err);
                newdoc++;
            }
            free(raw);
        }
        if (st)
            break;
        uint32_t n = newdoc - first;
        if (n && (cur.len >= KH_STORE_BLOCK || i == nb)) {
            uint32_t c, ulen;
            size_t at = store.len;
            st = kh_store_put_block(n, offs.data, cur.data, cur.len, &store, &c,
                                    &ulen, err);
            if (st)
                break;
            uint8_t e[24];
            kh_wr32(e, first);
            kh_wr32(e + 4, n);
            kh_wr64(e + 8, at);
            kh_wr32(e + 16, c);
            kh_wr32(e + 20, ulen);
            if (kh_buf_append(&sblocks, e, 24))
                st = NOMEM(err);
            cur.len = offs.len = 0;
            first = newdoc;
        }
    }
    ZSTD_freeDCtx(dc);
    kh_buf_free(&cur);
    kh_buf_free(&offs);
    if (st) {
        kh_buf_free(&store);
        kh_buf_free(&sblocks);
        return st;
    }
    kh_buf_free(&b->store);
    kh_buf_free(&b->sblocks);
    b->store = store;
    b->sblocks = sblocks;
    return KH_OK;
}

/* ---- the file --------------------------------------------------------- */

kh_status kh_segw_meta(kh_segw *c, uint32_t nlive,
                       const uint64_t total[KH_F_COUNT]) {
    kh_status st;
    if ((st = sec_begin(c, KH_SEC_META)) || (st = put32(c, nlive)) ||
        (st = put32(c, KH_F_COUNT)))
        return st;
    for (unsigned f = 0; f < KH_F_COUNT; f++) {
        char name[32] = {0};
        strncpy(name, kh_field_name(f), sizeof name - 1);
        uint8_t t[8];
        kh_wr64(t, total[f]);
        if ((st = put(c, name, sizeof name)) || (st = put(c, t, 8)))
            return st;
    }
    sec_end(c);
    return KH_OK;
}

/* Prefetch distances, in terms, of write_sections' loads. */
#define PF_TERM 8
#define PF_POST 4

static kh_status write_sections(wctx *c, kh_builder *b, const uint32_t *remap,
                                uint32_t nlive) {
    kh_error *err = c->err;
    kh_status st;
    /* META */
    uint64_t total[KH_F_COUNT] = {0};
    for (uint32_t d = 0; d < b->ndocs; d++)
        if (!b->dead[d])
            for (unsigned f = 0; f < KH_F_COUNT; f++)
                total[f] += b->lens[(size_t)d * KH_F_COUNT + f];
    if ((st = kh_segw_meta(c, nlive, total)))
        return st;

    /* POSTINGS, collecting the TERMS entries */
    uint32_t *toff = malloc(((size_t)b->nterms + 1) * sizeof *toff);
    uint32_t *tlen = malloc(((size_t)b->nterms + 1) * sizeof *tlen);
    if (!toff || !tlen) {
        free(toff);
        free(tlen);
        return NOMEM(err);
    }
    for (uint32_t i = 0; i < b->nterms; i++) {
        toff[i] = b->terms[i].str;
        tlen[i] = b->terms[i].len;
    }
    uint32_t *order = NULL;
    st = kh_sorted_order(b->strs.data, toff, tlen, b->nterms, &order, err);
    kh_buf entries = {0}, blob = {0};
    kh_postenc ps = {0};
    uint32_t nterms = 0;
    if (!st)
        st = sec_begin(c, KH_SEC_POSTINGS);
    uint64_t pbase = kh_wfile_offset(c->w);
    for (uint32_t k = 0; k < b->nterms && !st; k++) {
        /* in sorted order the term records, their postings and their
         * strings are at random places: ask for them a few terms ahead */
        if (k + PF_TERM < b->nterms)
            __builtin_prefetch(&b->terms[order[k + PF_TERM]]);
        if (k + PF_POST < b->nterms) {
            const kh_bterm *u = &b->terms[order[k + PF_POST]];
            __builtin_prefetch(u->post);
            __builtin_prefetch(b->strs.data + u->str);
        }
        const kh_bterm *t = &b->terms[order[k]];
        uint32_t df = 0;
        st = encode_term(t, b->dead, remap, &ps, &df, err);
        if (st || !df)
            continue;
        uint8_t e[KH_TERM_ENTRY];
        kh_wr32(e, (uint32_t)blob.len);
        kh_wr32(e + 4, df);
        kh_wr64(e + 8, kh_wfile_offset(c->w) - pbase);
        kh_wr32(e + 16, (uint32_t)ps.docs.len);
        kh_wr32(e + 20, (uint32_t)ps.pos.len);
        if (kh_buf_append(&entries, e, sizeof e) ||
            kh_buf_append(&blob, b->strs.data + t->str, t->len)) {
            st = NOMEM(err);
            break;
        }
        nterms++;
        if (!st)
            st = put(c, ps.skips.data, ps.skips.len);
        if (!st)
            st = put(c, ps.docs.data, ps.docs.len);
        if (!st)
            st = put(c, ps.pos.data, ps.pos.len);
    }
    kh_postenc_free(&ps);
    free(order);
    free(toff);
    free(tlen);
    if (!st) {
        sec_end(c);
        if (blob.len > UINT32_MAX)
            st = kh_fail(err, KH_ERR_LIMIT, "dictionary too large");
    }
    if (!st && !(st = sec_begin(c, KH_SEC_TERMS)) && !(st = put32(c, nterms)) &&
        !(st = put32(c, (uint32_t)blob.len)) &&
        !(st = put(c, entries.data, entries.len)) &&
        !(st = put(c, blob.data, blob.len)))
        sec_end(c);
    kh_buf_free(&entries);
    kh_buf_free(&blob);
    if (st)
        return st;

    /* NORMS */
    if ((st = sec_begin(c, KH_SEC_NORMS)))
        return st;
    for (uint32_t d = 0; d < b->ndocs; d++) {
        if (b->dead[d])
            continue;
        uint8_t n[KH_F_COUNT];
        for (unsigned f = 0; f < KH_F_COUNT; f++)
            n[f] = kh_len_encode(b->lens[(size_t)d * KH_F_COUNT + f]);
        if ((st = put(c, n, sizeof n)))
            return st;
    }
    sec_end(c);

    /* IDS */
    uint32_t *ioff = malloc(((size_t)nlive + 1) * sizeof *ioff);
    uint32_t *ilen = malloc(((size_t)nlive + 1) * sizeof *ilen);
    kh_buf ids = {0};
    if (!ioff || !ilen) {
        free(ioff);
        free(ilen);
        return NOMEM(err);
    }
    for (uint32_t d = 0, n = 0; d < b->ndocs && !st; d++) {
        if (b->dead[d])
            continue;
        uint32_t a = b->id_off[d], z = b->id_off[d + 1];
        ioff[n] = (uint32_t)ids.len;
        ilen[n] = z - a;
        if (kh_buf_append(&ids, b->ids.data + a, z - a))
            st = NOMEM(err);
        n++;
    }
    ioff[nlive] = (uint32_t)ids.len;
    order = NULL;
    if (!st)
        st = kh_sorted_order(ids.data, ioff, ilen, nlive, &order, err);
    if (!st && !(st = sec_begin(c, KH_SEC_IDS)) && !(st = put32(c, nlive)) &&
        !(st = put32(c, 0))) {
        for (uint32_t i = 0; i <= nlive && !st; i++)
            st = put32(c, ioff[i]);
        for (uint32_t i = 0; i < nlive && !st; i++)
            st = put32(c, order[i]);
        if (!st)
            st = put(c, ids.data, ids.len);
        if (!st)
            sec_end(c);
    }
    free(order);
    free(ioff);
    free(ilen);
    kh_buf_free(&ids);
    if (st)
        return st;

    /* DATES */
    if ((st = sec_begin(c, KH_SEC_DATES)))
        return st;
    for (uint32_t d = 0; d < b->ndocs && !st; d++)
        if (!b->dead[d])
            st = put32(c, (uint32_t)b->dates[d]);
    if (st)
        return st;
    sec_end(c);

    /* TITLES */
    if ((st = sec_begin(c, KH_SEC_TITLES)) || (st = put32(c, nlive)) ||
        (st = put32(c, 0)))
        return st;
    uint32_t to = 0;
    for (uint32_t d = 0; d < b->ndocs && !st; d++) {
        if (b->dead[d])
            continue;
        st = put32(c, to);
        if (!st)
            st = put32(c, to + b->hit_off[2 * d + 1] - b->hit_off[2 * d]);
        to += b->hit_off[2 * d + 2] - b->hit_off[2 * d];
    }
    if (!st)
        st = put32(c, to);
    for (uint32_t d = 0; d < b->ndocs && !st; d++)
        if (!b->dead[d])
            st = put(c, b->hits.data + b->hit_off[2 * d],
                     b->hit_off[2 * d + 2] - b->hit_off[2 * d]);
    if (st)
        return st;
    sec_end(c);

    /* STORE_INDEX and STORE */
    uint32_t nb = (uint32_t)(b->sblocks.len / 24);
    if ((st = sec_begin(c, KH_SEC_STORE_INDEX)) || (st = put32(c, nb)) ||
        (st = put32(c, 0)) || (st = put(c, b->sblocks.data, b->sblocks.len)))
        return st;
    sec_end(c);
    if ((st = sec_begin(c, KH_SEC_STORE)) ||
        (st = put(c, b->store.data, b->store.len)))
        return st;
    sec_end(c);

    /* KEYS */
    uint32_t *klen = malloc(((size_t)b->nkeys + 1) * sizeof *klen);
    if (!klen)
        return NOMEM(err);
    for (uint32_t i = 0; i < b->nkeys; i++)
        klen[i] = (i + 1 < b->nkeys ? b->koffs[i + 1] : (uint32_t)b->keys.len) -
                  b->koffs[i] - 1;
    order = NULL;
    st = kh_sorted_order(b->keys.data, b->koffs, klen, b->nkeys, &order, err);
    if (!st && !(st = sec_begin(c, KH_SEC_KEYS)) &&
        !(st = put32(c, b->nkeys)) && !(st = put32(c, 0))) {
        uint32_t o = 0;
        for (uint32_t i = 0; i < b->nkeys && !st; i++) {
            st = put32(c, o);
            o += klen[order[i]];
        }
        if (!st)
            st = put32(c, o);
        for (uint32_t i = 0; i < b->nkeys && !st; i++)
            st = put(c, b->keys.data + b->koffs[order[i]], klen[order[i]]);
        if (!st)
            sec_end(c);
    }
    free(order);
    free(klen);
    if (!st)
        st = kh_docinfo_write(&b->dx, c, b->dead, b->ndocs);
    return st;
}

kh_status kh_segw_open(kh_segw *c, const char *path, kh_error *err) {
    memset(c, 0, sizeof *c);
    c->err = err;
    kh_status st = kh_wfile_open(path, 1, &c->w, err);
    if (!st)
        st = put(c, KH_SEG_MAGIC, 8);
    if (st && c->w)
        kh_wfile_abort(c->w);
    return st;
}

kh_status kh_segw_finish(kh_segw *c, kh_status st) {
    kh_error *err = c->err;
    if (!st)
        st = kh_wfile_align(c->w, 8, err);
    uint64_t toc = kh_wfile_offset(c->w);
    for (unsigned i = 0; i < c->nsecs && !st; i++) {
        uint8_t e[24] = {0};
        kh_wr32(e, c->secs[i].id);
        kh_wr64(e + 8, c->secs[i].off);
        kh_wr64(e + 16, c->secs[i].len);
        st = put(c, e, sizeof e);
    }
    if (!st) {
        uint8_t f[16];
        kh_wr64(f, toc);
        kh_wr32(f + 8, c->nsecs);
        kh_wr32(f + 12, 4);
        st = put(c, f, sizeof f);
    }
    if (!st) {
        uint8_t h[16];
        kh_wr64(h, kh_wfile_digest(c->w));
        memcpy(h + 8, KH_SEG_END, 8);
        st = put(c, h, sizeof h);
    }
    if (st) {
        kh_wfile_abort(c->w);
        return st;
    }
    return kh_wfile_close(c->w, err);
}

kh_status kh_segment_write(kh_builder *b, const char *path, kh_error *err) {
    kh_status st = kh_builder_seal(b, err);
    if (st)
        return st;
    if (b->ndead) {
        st = compact_store(b, b->dead, err);
        if (st)
            return st;
    }
    uint32_t *remap = malloc(((size_t)b->ndocs + 1) * sizeof *remap);
    if (!remap)
        return NOMEM(err);
    uint32_t nlive = 0;
    for (uint32_t d = 0; d < b->ndocs; d++)
        remap[d] = b->dead[d] ? UINT32_MAX : nlive++;
    wctx c;
    st = kh_segw_open(&c, path, err);
    if (st) {
        free(remap);
        return st;
    }
    st = write_sections(&c, b, remap, nlive);
    free(remap);
    return kh_segw_finish(&c, st);
}
