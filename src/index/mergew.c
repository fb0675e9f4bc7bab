/*
 * mergew.c — merges segments into one segment file as a stream: the
 * dictionaries are walked side by side in key order and each term's
 * postings are renumbered and written at once; norms, ids, dates and
 * titles are copied; store blocks without deleted documents are copied
 * as they are, the others rebuilt (packed: storepack.c). Memory holds the new
 * dictionary, the ids and one term's postings, never the whole index (merge.c's
 * builder path holds everything, and stays for segments whose field
 * table differs from this version's).
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")

int kh_merge_streamable(const kh_wseg *segs, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        const kh_segment *s = segs[i].seg;
        if (s->nfields != KH_F_COUNT)
            return 0;
        for (unsigned f = 0; f < KH_F_COUNT; f++)
            if (s->field_of[f] != (int)f)
                return 0;
    }
    return 1;
}

typedef struct mctx {
    const kh_wseg *segs;
    uint32_t n;
    uint32_t **newdoc; /* per segment: new number or UINT32_MAX */
    uint32_t nlive;
    kh_segw *w;
    kh_error *err;
} mctx;

static int cmp_key(const uint8_t *a, size_t al, const uint8_t *b, size_t bl) {
    int r = memcmp(a, b, al < bl ? al : bl);
    return r ? r : (al > bl) - (al < bl);
}

static kh_status write_meta(mctx *m) {
    uint64_t total[KH_F_COUNT] = {0};
    for (uint32_t i = 0; i < m->n; i++) {
        const kh_wseg *g = &m->segs[i];
        for (unsigned f = 0; f < KH_F_COUNT; f++) {
            if (!g->ndel) { /* exact */
                total[f] += g->seg->fields[f].total_len;
                continue;
            }
            for (uint32_t d = 0; d < g->seg->ndocs; d++)
                if (!kh_bit(g->del, d))
                    total[f] += kh_seg_len(g->seg, d, f);
        }
    }
    return kh_segw_meta(m->w, m->nlive, total);
}

/* One term of the output: the postings of every segment holding it, in
 * segment order (new doc numbers grow with the segments). */
static kh_status merge_term(mctx *m, const uint32_t *head, const uint8_t *key,
                            size_t kl, kh_postenc *e) {
    kh_postenc_reset(e);
    for (uint32_t i = 0; i < m->n; i++) {
        const kh_segment *s = m->segs[i].seg;
        if (head[i] >= s->nterms)
            continue;
        size_t hl;
        const uint8_t *h = kh_seg_term_key(s, head[i], &hl);
        if (hl != kl || memcmp(h, key, kl))
            continue;
        kh_cursor c;
        kh_cursor_init(&c, s, head[i]);
        for (uint32_t d = kh_cursor_next(&c); d != KH_NO_DOC;
             d = kh_cursor_next(&c)) {
            if (d >= s->ndocs || m->newdoc[i][d] == UINT32_MAX)
                continue;
            if (c.tf > e->pcap) {
                size_t nc = (size_t)c.tf * 2;
                uint32_t *q = realloc(e->pbuf, nc * sizeof *q);
                if (!q)
                    return NOMEM(m->err);
                e->pbuf = q;
                e->pcap = nc;
            }
            uint32_t np = kh_cursor_positions(&c, e->pbuf, (uint32_t)e->pcap);
            kh_status st =
                kh_postenc_add(e, m->newdoc[i][d], e->pbuf, np, m->err);
            if (st)
                return st;
        }
    }
    return KH_OK;
}

/* ---- walking the segments' sorted lists together -------------------- */

/* The dictionary's terms and the (id, key) pairs are each sorted in every
 * segment; a merge walks them side by side, head[i] being segment i's
 * next entry. */
typedef enum { L_TERMS, L_KEYS } list_kind;

static const uint8_t *pair_at(const kh_segment *s, uint32_t i, size_t *len) {
    uint32_t a = kh_rd32(s->keys_offs + (size_t)i * 4);
    *len = kh_rd32(s->keys_offs + (size_t)i * 4 + 4) - a;
    return s->keys_blob + a;
}

/* Segment i's head entry, or NULL when its list is done. */
static const uint8_t *head_key(const mctx *m, const uint32_t *head, uint32_t i,
                               list_kind k, size_t *len) {
    const kh_segment *s = m->segs[i].seg;
    if (k == L_TERMS)
        return head[i] < s->nterms ? kh_seg_term_key(s, head[i], len) : NULL;
    return head[i] < s->nkeys ? pair_at(s, head[i], len) : NULL;
}

/* The least head entry of all the segments, or NULL when all are done. */
static const uint8_t *least_head(const mctx *m, const uint32_t *head,
                                 list_kind k, size_t *kl) {
    const uint8_t *key = NULL;
    *kl = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        size_t hl;
        const uint8_t *h = head_key(m, head, i, k, &hl);
        if (h && (!key || cmp_key(h, hl, key, *kl) < 0)) {
            key = h;
            *kl = hl;
        }
    }
    return key;
}

/* Moves every segment whose head entry is `key` past it. */
static void move_past(const mctx *m, uint32_t *head, list_kind k,
                      const uint8_t *key, size_t kl) {
    for (uint32_t i = 0; i < m->n; i++) {
        size_t hl;
        const uint8_t *h = head_key(m, head, i, k, &hl);
        if (h && hl == kl && !memcmp(h, key, kl))
            head[i]++;
    }
}

static kh_status write_terms(mctx *m) {
    uint32_t *head = calloc(m->n, sizeof *head);
    kh_buf entries = {0}, blob = {0};
    kh_postenc e = {0};
    uint32_t nterms = 0;
    if (!head)
        return NOMEM(m->err);
    kh_status st = kh_segw_begin(m->w, KH_SEC_POSTINGS);
    uint64_t pbase = kh_wfile_offset(m->w->w);
    while (!st) {
        /* the smallest key among the heads */
        size_t kl;
        const uint8_t *key = least_head(m, head, L_TERMS, &kl);
        if (!key)
            break;
        /* key points into a segment whose head moves on below */
        uint8_t kcopy[512];
        if (kl > sizeof kcopy) {
            st = kh_fail(m->err, KH_ERR_CORRUPT, "term too long");
            break;
        }
        memcpy(kcopy, key, kl);
        key = kcopy;
        st = merge_term(m, head, key, kl, &e);
        uint8_t ent[KH_TERM_ENTRY];
        if (!st && e.n) {
            kh_wr32(ent, (uint32_t)blob.len);
            kh_wr32(ent + 4, e.n);
            kh_wr64(ent + 8, kh_wfile_offset(m->w->w) - pbase);
            kh_wr32(ent + 16, (uint32_t)e.docs.len);
            kh_wr32(ent + 20, (uint32_t)e.pos.len);
            if (kh_buf_append(&entries, ent, sizeof ent) ||
                kh_buf_append(&blob, key, kl))
                st = NOMEM(m->err);
            if (!st)
                st = kh_segw_put(m->w, e.skips.data, e.skips.len);
            if (!st)
                st = kh_segw_put(m->w, e.docs.data, e.docs.len);
            if (!st)
                st = kh_segw_put(m->w, e.pos.data, e.pos.len);
            nterms++;
        }
        /* move past the key in every segment that holds it */
        if (!st)
            move_past(m, head, L_TERMS, kcopy, kl);
    }
    free(head);
    kh_postenc_free(&e);
    if (!st) {
        kh_segw_end(m->w);
        if (blob.len > UINT32_MAX)
            st = kh_fail(m->err, KH_ERR_LIMIT, "dictionary too large");
    }
    if (!st && !(st = kh_segw_begin(m->w, KH_SEC_TERMS)) &&
        !(st = kh_segw_put32(m->w, nterms)) &&
        !(st = kh_segw_put32(m->w, (uint32_t)blob.len)) &&
        !(st = kh_segw_put(m->w, entries.data, entries.len)) &&
        !(st = kh_segw_put(m->w, blob.data, blob.len)))
        kh_segw_end(m->w);
    kh_buf_free(&entries);
    kh_buf_free(&blob);
    return st;
}

/* NORMS, IDS, DATES and TITLES: per live document, in the new order. */
static kh_status write_docs(mctx *m) {
    kh_status st = kh_segw_begin(m->w, KH_SEC_NORMS);
    for (uint32_t i = 0; i < m->n && !st; i++) {
        const kh_wseg *g = &m->segs[i];
        for (uint32_t d = 0; d < g->seg->ndocs && !st; d++)
            if (!kh_bit(g->del, d))
                st = kh_segw_put(m->w, g->seg->norms + (size_t)d * KH_F_COUNT,
                                 KH_F_COUNT);
    }
    if (st)
        return st;
    kh_segw_end(m->w);

    /* IDS */
    uint32_t *ioff = malloc(((size_t)m->nlive + 1) * sizeof *ioff);
    uint32_t *ilen = malloc(((size_t)m->nlive + 1) * sizeof *ilen);
    uint32_t *order = NULL;
    kh_buf ids = {0};
    if (!ioff || !ilen)
        st = NOMEM(m->err);
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->n && !st; i++) {
        const kh_wseg *g = &m->segs[i];
        for (uint32_t d = 0; d < g->seg->ndocs && !st; d++) {
            if (kh_bit(g->del, d))
                continue;
            size_t l;
            const char *id = kh_seg_id(g->seg, d, &l);
            ioff[k] = (uint32_t)ids.len;
            ilen[k++] = (uint32_t)l;
            if (kh_buf_append(&ids, id, l) || ids.len > UINT32_MAX)
                st = NOMEM(m->err);
        }
    }
    if (!st) {
        ioff[m->nlive] = (uint32_t)ids.len;
        st = kh_sorted_order(ids.data, ioff, ilen, m->nlive, &order, m->err);
    }
    if (!st && !(st = kh_segw_begin(m->w, KH_SEC_IDS)) &&
        !(st = kh_segw_put32(m->w, m->nlive)) &&
        !(st = kh_segw_put32(m->w, 0))) {
        for (uint32_t i = 0; i <= m->nlive && !st; i++)
            st = kh_segw_put32(m->w, ioff[i]);
        for (uint32_t i = 0; i < m->nlive && !st; i++)
            st = kh_segw_put32(m->w, order[i]);
        if (!st)
            st = kh_segw_put(m->w, ids.data, ids.len);
        if (!st)
            kh_segw_end(m->w);
    }
    free(order);
    free(ioff);
    free(ilen);
    kh_buf_free(&ids);
    if (st)
        return st;

    /* DATES */
    if ((st = kh_segw_begin(m->w, KH_SEC_DATES)))
        return st;
    for (uint32_t i = 0; i < m->n && !st; i++) {
        const kh_wseg *g = &m->segs[i];
        for (uint32_t d = 0; d < g->seg->ndocs && !st; d++)
            if (!kh_bit(g->del, d))
                st = kh_segw_put(m->w, g->seg->dates + (size_t)d * 4, 4);
    }
    if (st)
        return st;
    kh_segw_end(m->w);

    /* TITLES: the offsets, then the bytes */
    if ((st = kh_segw_begin(m->w, KH_SEC_TITLES)) ||
        (st = kh_segw_put32(m->w, m->nlive)) || (st = kh_segw_put32(m->w, 0)))
        return st;
    uint64_t o = 0;
    for (int pass = 0; pass < 2 && !st; pass++) {
        for (uint32_t i = 0; i < m->n && !st; i++) {
            const kh_wseg *g = &m->segs[i];
            for (uint32_t d = 0; d < g->seg->ndocs && !st; d++) {
                if (kh_bit(g->del, d))
                    continue;
                const char *t, *p;
                size_t tl, pl;
                kh_seg_title(g->seg, d, &t, &tl, &p, &pl);
                if (pass) {
                    st = kh_segw_put(m->w, t, tl + pl); /* back to back */
                    continue;
                }
                if (o + tl + pl > UINT32_MAX)
                    st = kh_fail(m->err, KH_ERR_LIMIT, "titles too large");
                if (!st)
                    st = kh_segw_put32(m->w, (uint32_t)o);
                if (!st)
                    st = kh_segw_put32(m->w, (uint32_t)(o + tl));
                o += tl + pl;
            }
        }
        if (!pass && !st)
            st = kh_segw_put32(m->w, (uint32_t)o);
    }
    if (!st)
        kh_segw_end(m->w);
    return st;
}

/* ---- store ------------------------------------------------------------ */

typedef struct sstate {
    mctx *m;
    kh_buf index;     /* STORE_INDEX entries */
    kh_buf cur, offs; /* a block being rebuilt: records, u32 offsets */
    kh_buf z;         /* its packed bytes */
    uint32_t cur_first, cur_n;
    uint64_t off; /* bytes of STORE written */
    ZSTD_DCtx *dc;
} sstate;

static kh_status put_block(sstate *s, uint32_t first, uint32_t n, const void *z,
                           size_t clen, size_t ulen) {
    uint8_t e[24];
    kh_wr32(e, first);
    kh_wr32(e + 4, n);
    kh_wr64(e + 8, s->off);
    kh_wr32(e + 16, (uint32_t)clen);
    kh_wr32(e + 20, (uint32_t)ulen);
    if (kh_buf_append(&s->index, e, sizeof e))
        return NOMEM(s->m->err);
    s->off += clen;
    return kh_segw_put(s->m->w, z, clen);
}

/* Compresses the block being rebuilt, if any. */
static kh_status flush_block(sstate *s) {
    if (!s->cur_n)
        return KH_OK;
    uint32_t n = s->cur_n, c, ulen;
    s->z.len = 0;
    kh_status st = kh_store_put_block(n, s->offs.data, s->cur.data, s->cur.len,
                                      &s->z, &c, &ulen, s->m->err);
    if (!st)
        st = put_block(s, s->cur_first, n, s->z.data, c, ulen);
    s->cur.len = s->offs.len = 0;
    s->cur_n = 0;
    return st;
}

static kh_status store_segment(sstate *s, uint32_t i) {
    mctx *m = s->m;
    const kh_wseg *g = &m->segs[i];
    const kh_segment *seg = g->seg;
    kh_status st = KH_OK;
    for (uint32_t b = 0; b < seg->nsblocks && !st; b++) {
        const uint8_t *e = seg->sblocks + (size_t)b * 24;
        uint32_t first = kh_rd32(e), n = kh_rd32(e + 4);
        uint64_t off = kh_rd64(e + 8);
        uint32_t clen = kh_rd32(e + 16), ulen = kh_rd32(e + 20);
        if ((uint64_t)first + n > seg->ndocs)
            return kh_fail(m->err, KH_ERR_CORRUPT, "%s: bad store block",
                           seg->path);
        uint32_t live = 0;
        for (uint32_t k = 0; k < n; k++)
            live += !kh_bit(g->del, first + k);
        if (!live)
            continue;
        if (live == n && !s->cur_n) { /* copied as it is */
            st = put_block(s, m->newdoc[i][first], n, seg->store + off, clen,
                           ulen);
            continue;
        }
        uint8_t *raw;
        int r = kh_store_get_block(s->dc, seg->store + off, clen, ulen, &raw);
        size_t head = 4 + ((size_t)n + 1) * 4;
        if (r < 0)
            return NOMEM(m->err);
        if (r || ulen < head) {
            free(raw);
            return kh_fail(m->err, KH_ERR_CORRUPT, "%s: bad store block",
                           seg->path);
        }
        for (uint32_t k = 0; k < n && !st; k++) {
            if (kh_bit(g->del, first + k))
                continue;
            uint32_t a = kh_rd32(raw + 4 + (size_t)k * 4);
            uint32_t z = kh_rd32(raw + 8 + (size_t)k * 4);
            if (a > z || z > ulen - head) {
                st = kh_fail(m->err, KH_ERR_CORRUPT, "%s: bad store block",
                             seg->path);
                break;
            }
            if (!s->cur_n)
                s->cur_first = m->newdoc[i][first + k];
            uint8_t o[4];
            kh_wr32(o, (uint32_t)s->cur.len);
            if (kh_buf_append(&s->offs, o, 4) ||
                kh_buf_append(&s->cur, raw + head + a, z - a))
                st = NOMEM(m->err);
            s->cur_n++;
            if (!st && s->cur.len >= KH_STORE_BLOCK)
                st = flush_block(s);
        }
        free(raw);
        /* a rebuilt tail goes out before the next verbatim block */
        if (!st && b + 1 < seg->nsblocks)
            st = flush_block(s);
    }
    return st;
}

static kh_status write_store(mctx *m) {
    sstate s = {0};
    s.m = m;
    s.dc = ZSTD_createDCtx();
    kh_status st = !s.dc ? NOMEM(m->err) : kh_segw_begin(m->w, KH_SEC_STORE);
    for (uint32_t i = 0; i < m->n && !st; i++)
        st = store_segment(&s, i);
    if (!st)
        st = flush_block(&s);
    if (!st) {
        kh_segw_end(m->w);
        uint32_t nb = (uint32_t)(s.index.len / 24);
        if (!(st = kh_segw_begin(m->w, KH_SEC_STORE_INDEX)) &&
            !(st = kh_segw_put32(m->w, nb)) && !(st = kh_segw_put32(m->w, 0)) &&
            !(st = kh_segw_put(m->w, s.index.data, s.index.len)))
            kh_segw_end(m->w);
    }
    ZSTD_freeDCtx(s.dc);
    kh_buf_free(&s.index);
    kh_buf_free(&s.cur);
    kh_buf_free(&s.offs);
    kh_buf_free(&s.z);
    return st;
}

/* ---- keys ------------------------------------------------------------- */

static kh_status write_keys(mctx *m) {
    uint32_t *head = calloc(m->n, sizeof *head);
    kh_buf offs = {0}, blob = {0};
    uint32_t nk = 0;
    kh_status st = head ? KH_OK : NOMEM(m->err);
    while (!st) {
        size_t kl;
        const uint8_t *key = least_head(m, head, L_KEYS, &kl);
        if (!key)
            break;
        uint8_t o[4];
        kh_wr32(o, (uint32_t)blob.len);
        if (kh_buf_append(&offs, o, 4) || kh_buf_append(&blob, key, kl) ||
            blob.len > UINT32_MAX)
            st = NOMEM(m->err);
        nk++;
        if (!st)
            move_past(m, head, L_KEYS,
                      (const uint8_t *)blob.data + blob.len - kl, kl);
    }
    free(head);
    uint8_t o[4];
    kh_wr32(o, (uint32_t)blob.len);
    if (!st && kh_buf_append(&offs, o, 4))
        st = NOMEM(m->err);
    if (!st && !(st = kh_segw_begin(m->w, KH_SEC_KEYS)) &&
        !(st = kh_segw_put32(m->w, nk)) && !(st = kh_segw_put32(m->w, 0)) &&
        !(st = kh_segw_put(m->w, offs.data, offs.len)) &&
        !(st = kh_segw_put(m->w, blob.data, blob.len)))
        kh_segw_end(m->w);
    kh_buf_free(&offs);
    kh_buf_free(&blob);
    return st;
}

kh_status kh_merge_write(const kh_wseg *segs, uint32_t n, const char *path,
                         uint32_t *ndocs, kh_error *err) {
    mctx m = {segs, n, NULL, 0, NULL, err};
    *ndocs = 0;
    m.newdoc = calloc(n ? n : 1, sizeof *m.newdoc);
    if (!m.newdoc)
        return NOMEM(err);
    kh_status st = KH_OK;
    uint64_t live = 0;
    for (uint32_t i = 0; i < n && !st; i++) {
        const kh_wseg *g = &segs[i];
        m.newdoc[i] = malloc(((size_t)g->seg->ndocs + 1) * sizeof **m.newdoc);
        if (!m.newdoc[i]) {
            st = NOMEM(err);
            break;
        }
        for (uint32_t d = 0; d < g->seg->ndocs; d++)
            m.newdoc[i][d] = kh_bit(g->del, d) ? UINT32_MAX : (uint32_t)live++;
    }
    if (!st && live >= UINT32_MAX - 1)
        st = kh_fail(err, KH_ERR_LIMIT, "too many documents in a segment");
    m.nlive = (uint32_t)live;
    if (!st && m.nlive) {
        kh_segw w;
        st = kh_segw_open(&w, path, err);
        if (!st) {
            m.w = &w;
            st = write_meta(&m);
            if (!st)
                st = write_terms(&m);
            if (!st)
                st = write_docs(&m);
            if (!st)
                st = write_store(&m);
            if (!st)
                st = write_keys(&m);
            if (!st) /* FPRINTS and ENTITIES */
                st = kh_docinfo_merge(segs, n, m.nlive, &w, err);
            st = kh_segw_finish(&w, st);
        }
        if (!st)
            *ndocs = m.nlive;
    }
    for (uint32_t i = 0; i < n; i++)
        free(m.newdoc[i]);
    free(m.newdoc);
    return st;
}
