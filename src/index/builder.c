/*
 * builder.c — the in-memory segment a writer fills between flushes: a hash
 * table of terms with their postings already delta- and varint-encoded,
 * the documents' field lengths, ids and dates, the phonetic key map, and
 * the article records packed in store blocks as they arrive. Buffering
 * many documents and writing one segment per flush is what makes bulk
 * indexing fast: each term's postings are written once, sorted.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
    return kh_grow(p, cap, need, elem, 16);
}

kh_status kh_builder_init(kh_builder *b, kh_error *err) {
    memset(b, 0, sizeof *b);
    b->gen = 1; /* word table entries start at 0: no term yet */
    b->nslots = 1u << 16;
    b->slots = calloc(b->nslots, sizeof *b->slots);
    b->nkslots = 1u << 12;
    b->kslots = calloc(b->nkslots, sizeof *b->kslots);
    b->nid_slots = 1u << 10;
    b->id_slots = calloc(b->nid_slots, sizeof *b->id_slots);
    if (!b->slots || !b->kslots || !b->id_slots) {
        kh_builder_free(b);
        return NOMEM(err);
    }
    return KH_OK;
}

/* Frees the postings that malloc holds (past the pool's sizes). */
static void free_large_postings(kh_builder *b) {
    for (uint32_t i = 0; i < b->nterms; i++)
        if (b->terms[i].pcap > KH_POOL_MAX)
            free(b->terms[i].post);
}

void kh_builder_free(kh_builder *b) {
    free_large_postings(b);
    kh_pool_free(&b->pool);
    free(b->terms);
    free(b->slots);
    kh_buf_free(&b->strs);
    kh_buf_free(&b->keys);
    free(b->koffs);
    free(b->kslots);
    free(b->lens);
    free(b->dates);
    kh_buf_free(&b->ids);
    kh_buf_free(&b->hits);
    kh_buf_free(&b->scratch);
    kh_buf_free(&b->marks);
    free(b->hit_off);
    free(b->id_off);
    free(b->dead);
    free(b->id_slots);
    kh_buf_free(&b->store);
    kh_buf_free(&b->sblocks);
    kh_buf_free(&b->cur);
    kh_buf_free(&b->cur_offs);
    free(b->units);
    kh_wt_free(&b->wt);
    kh_docinfo_free(&b->dx);
    memset(b, 0, sizeof *b);
}

void kh_builder_reset(kh_builder *b) {
    free_large_postings(b);
    kh_pool_reset(&b->pool);
    b->nterms = 0;
    memset(b->slots, 0, b->nslots * sizeof *b->slots);
    b->strs.len = 0;
    b->keys.len = 0;
    b->nkeys = 0;
    memset(b->kslots, 0, b->nkslots * sizeof *b->kslots);
    b->ndocs = 0;
    b->ndead = 0;
    b->ids.len = 0;
    b->hits.len = 0;
    memset(b->id_slots, 0, b->nid_slots * sizeof *b->id_slots);
    b->store.len = 0;
    b->sblocks.len = 0;
    b->cur.len = 0;
    b->cur_offs.len = 0;
    b->cur_first = 0;
    b->mem = 0;
    /* the words' term numbers were this segment's */
    if (++b->gen == 0) {
        kh_wt_clear(&b->wt);
        b->gen = 1;
    }
    kh_docinfo_reset(&b->dx);
}

/* ---- terms ------------------------------------------------------------ */

static kh_status rehash_terms(kh_builder *b, kh_error *err) {
    uint32_t n = b->nslots * 2;
    uint64_t *s = calloc(n, sizeof *s);
    if (!s)
        return NOMEM(err);
    for (uint32_t i = 0; i < b->nterms; i++) {
        uint32_t h = b->terms[i].hash;
        uint32_t j = h & (n - 1);
        while (s[j])
            j = (j + 1) & (n - 1);
        s[j] = (uint64_t)h << 32 | (i + 1);
    }
    free(b->slots);
    b->slots = s;
    b->nslots = n;
    return KH_OK;
}

/* The hash of a term of a field (the field byte is not hashed with the
 * bytes, so that callers need not copy the term behind it). */
static inline uint32_t term_hash(unsigned field, const char *term, size_t len) {
    return kh_bhash(term, len) ^ (uint32_t)(field + 1) * 0x9E3779B1u;
}

/* The term number of (field, term bytes), created when new; h is
 * term_hash(). */
static kh_status intern(kh_builder *b, unsigned field, const char *term,
                        size_t len, uint32_t h, uint32_t *out, kh_error *err) {
    uint32_t j = h & (b->nslots - 1);
    uint64_t v;
    while ((v = b->slots[j]) != 0) {
        if ((uint32_t)(v >> 32) == h) {
            const kh_bterm *t = &b->terms[(uint32_t)v - 1];
            const char *s = b->strs.data + t->str;
            if (t->len == len + 1 && (uint8_t)s[0] == field &&
                !memcmp(s + 1, term, len)) {
                *out = (uint32_t)v - 1;
                return KH_OK;
            }
        }
        j = (j + 1) & (b->nslots - 1);
    }
    size_t cap = b->tcap;
    if (grow((void **)&b->terms, &cap, (size_t)b->nterms + 1, sizeof *b->terms))
        return NOMEM(err);
    b->tcap = (uint32_t)cap;
    if (b->strs.len + len + 1 > UINT32_MAX)
        return kh_fail(err, KH_ERR_LIMIT,
                       "too many distinct terms in one segment");
    kh_bterm *t = &b->terms[b->nterms];
    memset(t, 0, sizeof *t);
    t->str = (uint32_t)b->strs.len;
    t->len = (uint32_t)len + 1;
    t->hash = h;
    t->last_doc = UINT32_MAX;
    if (kh_buf_putc(&b->strs, (char)field) ||
        kh_buf_append(&b->strs, term, len))
        return NOMEM(err);
    b->slots[j] = (uint64_t)h << 32 | ++b->nterms;
    *out = b->nterms - 1;
    b->mem += len + 1 + sizeof *t + 8;
    if (b->nterms * 2 > b->nslots)
        return rehash_terms(b, err);
    return KH_OK;
}

/* Grows term t's postings to hold `extra` more bytes: -1 when it cannot. */
static int post_grow(kh_builder *b, kh_bterm *t, size_t extra) {
    size_t n = t->pcap ? t->pcap : KH_POOL_MIN;
    while (n < t->plen + extra)
        n *= 2;
    if (n > UINT32_MAX)
        return -1;
    uint8_t *p;
    if (n > KH_POOL_MAX && t->pcap > KH_POOL_MAX) {
        p = realloc(t->post, n);
    } else {
        /* from the pool, or from malloc for the first time past it */
        p = n <= KH_POOL_MAX ? kh_pool_get(&b->pool, n) : malloc(n);
        if (p && t->plen)
            memcpy(p, t->post, t->plen);
        if (p && t->pcap)
            kh_pool_put(&b->pool, t->post, t->pcap);
    }
    if (!p)
        return -1;
    b->mem += n - t->pcap;
    t->post = p;
    t->pcap = (uint32_t)n;
    return 0;
}

/* Room for `extra` more bytes of postings; inline because it runs for
 * every occurrence and nearly always has the room. */
static inline int post_reserve(kh_builder *b, kh_bterm *t, size_t extra) {
    return t->plen + extra <= t->pcap ? 0 : post_grow(b, t, extra);
}

/* Starts document doc in term t's postings (the format is kh_bterm's):
 * the end of the previous document's positions, the doc delta and the
 * first position. */
static inline kh_status post_doc(kh_builder *b, kh_bterm *t, uint32_t doc,
                                 uint32_t pos, kh_error *err) {
    if (pos == UINT32_MAX)
        return kh_fail(err, KH_ERR_LIMIT, "too many positions in a document");
    if (post_reserve(b, t, 1 + 5 + 5))
        return NOMEM(err);
    uint8_t *p = t->post + t->plen;
    if (t->last_doc != UINT32_MAX)
        *p++ = 0;
    p += kh_varint_put(p, t->last_doc == UINT32_MAX ? doc : doc - t->last_doc);
    p += kh_varint_put(p, pos + 1);
    t->plen = (uint32_t)(p - t->post);
    t->last_doc = doc;
    t->lastpos = pos;
    return KH_OK;
}

/* The next position of term t in the document its postings end with. */
static inline kh_status post_pos(kh_builder *b, kh_bterm *t, uint32_t pos,
                                 kh_error *err) {
    if (pos <= t->lastpos) /* positions strictly increase */
        return pos == t->lastpos ? KH_OK
                                 : kh_fail(err, KH_ERR_INTERNAL,
                                           "a term's positions out of order");
    if (post_reserve(b, t, 5))
        return NOMEM(err);
    t->plen += (uint32_t)kh_varint_put(t->post + t->plen, pos - t->lastpos);
    t->lastpos = pos;
    return KH_OK;
}

/* Prefetch distances, in units, of the term record a unit's word has and
 * of the end of that term's postings, where the occurrence goes: most are
 * cold in a large dictionary. */
#define PF_UNIT_TERM 8
#define PF_UNIT_POST 4

kh_status kh_builder_units(kh_builder *b, unsigned field, const kh_wunit *v,
                           size_t n, kh_error *err) {
    kh_wordtab *wt = &b->wt;
    uint32_t doc = b->ndocs - 1;
    for (size_t i = 0; i < n; i++) {
        if (i + PF_UNIT_TERM < n) {
            const kh_wtent *a = &wt->ent[v[i + PF_UNIT_TERM].ent];
            if (a->gen == b->gen)
                __builtin_prefetch(&b->terms[a->ti]);
        }
        if (i + PF_UNIT_POST < n) {
            const kh_wtent *a = &wt->ent[v[i + PF_UNIT_POST].ent];
            if (a->gen == b->gen) {
                const kh_bterm *u = &b->terms[a->ti];
                if (u->post)
                    __builtin_prefetch(u->post + u->plen, 1);
            }
        }
        kh_wtent *e = &wt->ent[v[i].ent];
        const char *term = wt->arena.data + e->term_off;
        kh_status st;
        if (e->gen != b->gen) {
            st = intern(b, field, term, e->term_len,
                        term_hash(field, term, e->term_len), &e->ti, err);
            if (st)
                return st;
            e->gen = b->gen;
        }
        if (v[i].keyed && e->key_len && e->kgen != b->gen) {
            st = kh_builder_key(b, wt->arena.data + e->key_off, e->key_len,
                                term, e->term_len, err);
            if (st)
                return st;
            e->kgen = b->gen;
        }
        kh_bterm *t = &b->terms[e->ti];
        if (t->odoc != b->ndocs) { /* the term's first in this document */
            st = post_doc(b, t, doc, v[i].pos, err);
            t->odoc = b->ndocs;
        } else {
            st = post_pos(b, t, v[i].pos, err);
        }
        if (st)
            return st;
    }
    return KH_OK;
}

kh_status kh_builder_posting(kh_builder *b, const char *fterm, size_t len,
                             uint32_t doc, const uint32_t *pos, uint32_t tf,
                             kh_error *err) {
    uint32_t ti;
    if (!len || !tf)
        return kh_fail(err, KH_ERR_INTERNAL, "empty term or posting");
    kh_status st =
        intern(b, (uint8_t)fterm[0], fterm + 1, len - 1,
               term_hash((uint8_t)fterm[0], fterm + 1, len - 1), &ti, err);
    if (st)
        return st;
    kh_bterm *t = &b->terms[ti];
    if (t->last_doc != UINT32_MAX && doc <= t->last_doc)
        return kh_fail(err, KH_ERR_INTERNAL, "a term's documents out of order");
    st = post_doc(b, t, doc, pos[0], err);
    for (uint32_t i = 1; i < tf && !st; i++)
        st = post_pos(b, t, pos[i], err);
    return st;
}

void kh_builder_set_lens(kh_builder *b, uint32_t doc, const uint32_t *lens) {
    memcpy(b->lens + (size_t)doc * KH_F_COUNT, lens, KH_F_COUNT * sizeof *lens);
}

/* ---- keys ------------------------------------------------------------- */

static kh_status rehash_keys(kh_builder *b, kh_error *err) {
    uint32_t n = b->nkslots * 2;
    uint32_t *s = calloc(n, sizeof *s);
    if (!s)
        return NOMEM(err);
    for (uint32_t i = 0; i < b->nkeys; i++) {
        const char *p = b->keys.data + b->koffs[i];
        size_t l = (i + 1 < b->nkeys ? b->koffs[i + 1] : b->keys.len) -
                   b->koffs[i] - 1;
        uint32_t j = kh_bhash(p, l) & (n - 1);
        while (s[j])
            j = (j + 1) & (n - 1);
        s[j] = i + 1;
    }
    free(b->kslots);
    b->kslots = s;
    b->nkslots = n;
    return KH_OK;
}

kh_status kh_builder_key(kh_builder *b, const char *key, size_t klen,
                         const char *term, size_t tlen, kh_error *err) {
    char pair[512];
    if (!klen || !tlen || klen + tlen + 1 > sizeof pair)
        return KH_OK;
    memcpy(pair, key, klen);
    pair[klen] = '\0';
    memcpy(pair + klen + 1, term, tlen);
    size_t n = klen + 1 + tlen;
    uint32_t j = kh_bhash(pair, n) & (b->nkslots - 1);
    while (b->kslots[j]) {
        uint32_t i = b->kslots[j] - 1;
        size_t l = (i + 1 < b->nkeys ? b->koffs[i + 1] : b->keys.len) -
                   b->koffs[i] - 1;
        if (l == n && !memcmp(b->keys.data + b->koffs[i], pair, n))
            return KH_OK;
        j = (j + 1) & (b->nkslots - 1);
    }
    size_t cap = b->kcap;
    if (grow((void **)&b->koffs, &cap, (size_t)b->nkeys + 1, sizeof *b->koffs))
        return NOMEM(err);
    b->kcap = (uint32_t)cap;
    b->koffs[b->nkeys] = (uint32_t)b->keys.len;
    /* each pair ends with a NUL so that the next offset gives its length */
    if (kh_buf_append(&b->keys, pair, n) || kh_buf_putc(&b->keys, '\0'))
        return NOMEM(err);
    b->kslots[j] = ++b->nkeys;
    b->mem += n + 9;
    if (b->nkeys * 2 > b->nkslots)
        return rehash_keys(b, err);
    return KH_OK;
}

/* ---- documents -------------------------------------------------------- */

static const char *doc_id(const kh_builder *b, uint32_t d, size_t *len) {
    *len = b->id_off[d + 1] - b->id_off[d];
    return b->ids.data + b->id_off[d];
}

uint32_t kh_builder_find(const kh_builder *b, const char *id, size_t len) {
    uint32_t j = kh_bhash(id, len) & (b->nid_slots - 1);
    while (b->id_slots[j]) {
        uint32_t d = b->id_slots[j] - 1;
        size_t l;
        const char *s = doc_id(b, d, &l);
        if (l == len && !memcmp(s, id, len) && !b->dead[d])
            return d;
        j = (j + 1) & (b->nid_slots - 1);
    }
    return UINT32_MAX;
}

void kh_builder_kill(kh_builder *b, uint32_t doc) {
    if (doc < b->ndocs && !b->dead[doc]) {
        b->dead[doc] = 1;
        b->ndead++;
    }
}

static kh_status id_insert(kh_builder *b, uint32_t doc, kh_error *err) {
    if ((size_t)(b->ndocs + 1) * 2 > b->nid_slots) {
        uint32_t n = b->nid_slots * 2;
        uint32_t *s = calloc(n, sizeof *s);
        if (!s)
            return NOMEM(err);
        for (uint32_t d = 0; d < doc; d++) {
            size_t l;
            const char *p = doc_id(b, d, &l);
            uint32_t j = kh_bhash(p, l) & (n - 1);
            while (s[j])
                j = (j + 1) & (n - 1);
            s[j] = d + 1;
        }
        free(b->id_slots);
        b->id_slots = s;
        b->nid_slots = n;
    }
    size_t l;
    const char *p = doc_id(b, doc, &l);
    uint32_t j = kh_bhash(p, l) & (b->nid_slots - 1);
    while (b->id_slots[j])
        j = (j + 1) & (b->nid_slots - 1);
    b->id_slots[j] = doc + 1;
    return KH_OK;
}

/* Packs the block being filled into the store. */
static kh_status seal_block(kh_builder *b, kh_error *err) {
    uint32_t n = b->ndocs - b->cur_first;
    if (!n)
        return KH_OK;
    uint32_t c, ulen;
    size_t at = b->store.len;
    kh_status st = kh_store_put_block(n, b->cur_offs.data, b->cur.data,
                                      b->cur.len, &b->store, &c, &ulen, err);
    if (st)
        return st;
    uint8_t e[24];
    kh_wr32(e, b->cur_first);
    kh_wr32(e + 4, n);
    kh_wr64(e + 8, at);
    kh_wr32(e + 16, c);
    kh_wr32(e + 20, ulen);
    if (kh_buf_append(&b->sblocks, e, sizeof e))
        return NOMEM(err);
    b->mem += c + sizeof e;
    b->cur.len = 0;
    b->cur_offs.len = 0;
    b->cur_first = b->ndocs;
    return KH_OK;
}

kh_status kh_builder_seal(kh_builder *b, kh_error *err) {
    return seal_block(b, err);
}

kh_status kh_builder_doc(kh_builder *b, const kh_bdoc *in, uint32_t *doc,
                         kh_error *err) {
    if (b->ndocs == UINT32_MAX - 1)
        return kh_fail(err, KH_ERR_LIMIT, "too many documents in a segment");
    if (in->rec_len > UINT32_MAX / 2 ||
        in->title_len + in->published_len > UINT32_MAX / 4)
        return kh_fail(err, KH_ERR_LIMIT, "article too large to store");
    size_t need = (size_t)b->ndocs + 1;
    if (need > b->cap_docs) {
        size_t n = b->cap_docs ? b->cap_docs * 2 : 256;
        uint32_t *lens = realloc(b->lens, n * KH_F_COUNT * sizeof *lens);
        if (lens)
            b->lens = lens;
        int32_t *dates = realloc(b->dates, n * sizeof *dates);
        if (dates)
            b->dates = dates;
        uint32_t *io = realloc(b->id_off, (n + 1) * sizeof *io);
        if (io)
            b->id_off = io;
        uint8_t *dead = realloc(b->dead, n);
        if (dead)
            b->dead = dead;
        uint32_t *ho = realloc(b->hit_off, (2 * n + 1) * sizeof *ho);
        if (ho)
            b->hit_off = ho;
        if (!lens || !dates || !io || !dead || !ho)
            return NOMEM(err);
        b->cap_docs = n;
    }
    if (b->hits.len + in->title_len + in->published_len > UINT32_MAX)
        return kh_fail(err, KH_ERR_LIMIT, "too many titles in one segment");
    uint32_t prev = kh_builder_find(b, in->id, in->id_len);
    if (prev != UINT32_MAX)
        kh_builder_kill(b, prev);
    uint32_t d = b->ndocs;
    if (d == 0)
        b->id_off[0] = b->hit_off[0] = 0;
    if (kh_buf_append(&b->ids, in->id, in->id_len) ||
        kh_buf_append(&b->hits, in->title, in->title_len))
        return NOMEM(err);
    b->hit_off[2 * d + 1] = (uint32_t)b->hits.len;
    if (kh_buf_append(&b->hits, in->published, in->published_len))
        return NOMEM(err);
    b->hit_off[2 * d + 2] = (uint32_t)b->hits.len;
    b->id_off[d + 1] = (uint32_t)b->ids.len;
    b->dates[d] = in->date;
    b->dead[d] = 0;
    memset(b->lens + (size_t)d * KH_F_COUNT, 0, KH_F_COUNT * sizeof *b->lens);
    b->ndocs++;
    kh_status st = id_insert(b, d, err);
    if (st)
        return st;
    b->mem +=
        in->id_len + in->title_len + in->published_len + 64 + KH_F_COUNT * 4;
    *doc = d;
    return in->rec ? kh_builder_doc_record(b, in->rec, in->rec_len, err)
                   : KH_OK;
}

kh_status kh_builder_doc_record_at(kh_builder *b, size_t at, kh_error *err) {
    if (b->cur.len - at > UINT32_MAX / 2) {
        b->cur.len = at;
        return kh_fail(err, KH_ERR_LIMIT, "article too large to store");
    }
    uint8_t off[4];
    kh_wr32(off, (uint32_t)at);
    if (kh_buf_append(&b->cur_offs, off, 4)) {
        b->cur.len = at;
        return NOMEM(err);
    }
    return b->cur.len >= KH_STORE_BLOCK ? seal_block(b, err) : KH_OK;
}

kh_status kh_builder_doc_record(kh_builder *b, const uint8_t *rec, size_t len,
                                kh_error *err) {
    if (len > UINT32_MAX / 2)
        return kh_fail(err, KH_ERR_LIMIT, "article too large to store");
    size_t at = b->cur.len;
    if (kh_buf_append(&b->cur, rec, len))
        return NOMEM(err);
    return kh_builder_doc_record_at(b, at, err);
}
