/*
 * segment.c — opens a segment file: maps it, verifies its xxh3 checksum
 * (a damaged file is reported with its name, never searched), checks that
 * every section lies inside the file, and answers the lookups search and
 * the writer need: dictionary, ids, dates, lengths, stored articles, keys.
 * Nothing here writes; an opened segment is shared by threads as is.
 */
#include "index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

static kh_status corrupt(kh_error *err, const kh_segment *s, const char *why) {
    return kh_fail(err, KH_ERR_CORRUPT, "%s: %s (the index is damaged)",
                   s->path, why);
}

/* Finds section id; its bytes in [*p, *p + *len). */
static int section(const kh_segment *s, const uint8_t *toc, uint32_t nsec,
                   uint32_t id, const uint8_t **p, size_t *len) {
    for (uint32_t i = 0; i < nsec; i++) {
        const uint8_t *e = toc + (size_t)i * 24;
        if (kh_rd32(e) != id)
            continue;
        uint64_t off = kh_rd64(e + 8), l = kh_rd64(e + 16);
        if (off > s->map.size || l > s->map.size - off)
            return -1;
        *p = s->map.data + off;
        *len = (size_t)l;
        return 0;
    }
    return -1;
}

static kh_status parse(kh_segment *s, int verify, kh_error *err) {
    const uint8_t *d = s->map.data;
    size_t n = s->map.size;
    if (n >= 8 &&
        (!memcmp(d, KH_SEG_MAGIC_V1, 8) || !memcmp(d, KH_SEG_MAGIC_V2, 8) ||
         !memcmp(d, KH_SEG_MAGIC_V3, 8)))
        return kh_fail(err, KH_ERR_CORRUPT,
                       "%s: segment format %c, which this version no longer "
                       "reads: index the articles again into a new index",
                       s->path, d[7]);
    if (n < 8 + 32 || memcmp(d, KH_SEG_MAGIC, 8))
        return corrupt(err, s, "not a segment file");
    if (memcmp(d + n - 8, KH_SEG_END, 8))
        return corrupt(err, s, "truncated");
    uint64_t want = kh_rd64(d + n - 16);
    if (verify && kh_hash64(d, n - 16) != want)
        return corrupt(err, s, "checksum mismatch");
    uint64_t toc_off = kh_rd64(d + n - 32);
    uint32_t nsec = kh_rd32(d + n - 24);
    if (toc_off > n - 32 || (uint64_t)nsec * 24 > n - 32 - toc_off)
        return corrupt(err, s, "bad table of sections");
    const uint8_t *toc = d + toc_off, *p;
    size_t len;

    if (section(s, toc, nsec, KH_SEC_META, &p, &len) || len < 8)
        return corrupt(err, s, "no META section");
    s->ndocs = kh_rd32(p);
    s->nfields = kh_rd32(p + 4);
    if (s->nfields > KH_MAX_FIELDS || len < 8 + (size_t)s->nfields * 40)
        return corrupt(err, s, "bad field table");
    for (unsigned f = 0; f < KH_F_COUNT; f++)
        s->field_of[f] = -1;
    for (uint32_t f = 0; f < s->nfields; f++) {
        const uint8_t *e = p + 8 + (size_t)f * 40;
        memcpy(s->fields[f].name, e, 31);
        s->fields[f].name[31] = '\0';
        s->fields[f].total_len = kh_rd64(e + 32);
        int ours =
            kh_field_lookup(s->fields[f].name, strlen(s->fields[f].name));
        if (ours >= 0)
            s->field_of[ours] = (int)f;
    }

    if (section(s, toc, nsec, KH_SEC_TERMS, &p, &len) || len < 8)
        return corrupt(err, s, "no TERMS section");
    s->nterms = kh_rd32(p);
    s->term_str_len = kh_rd32(p + 4);
    if ((uint64_t)s->nterms * KH_TERM_ENTRY + s->term_str_len > len - 8)
        return corrupt(err, s, "bad TERMS section");
    s->terms = p + 8;
    s->term_str = s->terms + (size_t)s->nterms * KH_TERM_ENTRY;

    if (section(s, toc, nsec, KH_SEC_POSTINGS, &s->post, &s->post_len))
        return corrupt(err, s, "no POSTINGS section");
    for (uint32_t i = 0; i < s->nterms; i++) {
        const uint8_t *e = s->terms + (size_t)i * KH_TERM_ENTRY;
        uint32_t so = kh_rd32(e), df = kh_rd32(e + 4);
        uint64_t po = kh_rd64(e + 8);
        uint64_t need = (uint64_t)(df ? (df - 1) / KH_SKIP_BLOCK : 0) * 12 +
                        kh_rd32(e + 16) + kh_rd32(e + 20);
        uint32_t next = i + 1 < s->nterms ? kh_rd32(e + KH_TERM_ENTRY)
                                          : (uint32_t)s->term_str_len;
        if (so > next || next > s->term_str_len || so == next ||
            po > s->post_len || need > s->post_len - po || df > s->ndocs || !df)
            return corrupt(err, s, "bad dictionary entry");
    }

    if (section(s, toc, nsec, KH_SEC_NORMS, &s->norms, &len) ||
        len < (size_t)s->ndocs * s->nfields)
        return corrupt(err, s, "bad NORMS section");

    if (section(s, toc, nsec, KH_SEC_IDS, &p, &len) || len < 8 ||
        kh_rd32(p) != s->ndocs || len - 8 < ((size_t)s->ndocs * 2 + 1) * 4)
        return corrupt(err, s, "bad IDS section");
    s->id_offs = p + 8;
    s->id_sorted = s->id_offs + ((size_t)s->ndocs + 1) * 4;
    s->id_blob = s->id_sorted + (size_t)s->ndocs * 4;
    s->id_blob_len = len - 8 - ((size_t)s->ndocs * 2 + 1) * 4;
    for (uint32_t i = 0; i < s->ndocs; i++)
        if (kh_rd32(s->id_offs + i * 4) > kh_rd32(s->id_offs + i * 4 + 4) ||
            kh_rd32(s->id_sorted + i * 4) >= s->ndocs)
            return corrupt(err, s, "bad IDS section");
    if (kh_rd32(s->id_offs + (size_t)s->ndocs * 4) > s->id_blob_len)
        return corrupt(err, s, "bad IDS section");

    if (section(s, toc, nsec, KH_SEC_DATES, &s->dates, &len) ||
        len < (size_t)s->ndocs * 4)
        return corrupt(err, s, "bad DATES section");

    if (section(s, toc, nsec, KH_SEC_STORE_INDEX, &p, &len) || len < 8)
        return corrupt(err, s, "bad STORE_INDEX section");
    s->nsblocks = kh_rd32(p);
    if ((size_t)s->nsblocks * 24 > len - 8)
        return corrupt(err, s, "bad STORE_INDEX section");
    s->sblocks = p + 8;
    if (section(s, toc, nsec, KH_SEC_STORE, &s->store, &s->store_len))
        return corrupt(err, s, "no STORE section");
    uint32_t expect = 0;
    for (uint32_t i = 0; i < s->nsblocks; i++) {
        const uint8_t *e = s->sblocks + (size_t)i * 24;
        uint64_t off = kh_rd64(e + 8);
        if (kh_rd32(e) != expect || off > s->store_len ||
            kh_rd32(e + 16) > s->store_len - off)
            return corrupt(err, s, "bad STORE_INDEX section");
        expect += kh_rd32(e + 4);
    }
    if (expect != s->ndocs)
        return corrupt(err, s, "store does not hold every document");

    if (section(s, toc, nsec, KH_SEC_TITLES, &p, &len) || len < 8 ||
        kh_rd32(p) != s->ndocs || len - 8 < ((size_t)s->ndocs * 2 + 1) * 4)
        return corrupt(err, s, "bad TITLES section");
    s->title_offs = p + 8;
    s->title_blob = s->title_offs + ((size_t)s->ndocs * 2 + 1) * 4;
    s->title_blob_len = len - 8 - ((size_t)s->ndocs * 2 + 1) * 4;
    for (uint32_t i = 0; i < s->ndocs * 2; i++)
        if (kh_rd32(s->title_offs + (size_t)i * 4) >
            kh_rd32(s->title_offs + (size_t)i * 4 + 4))
            return corrupt(err, s, "bad TITLES section");
    if (kh_rd32(s->title_offs + (size_t)s->ndocs * 8) > s->title_blob_len)
        return corrupt(err, s, "bad TITLES section");

    if (section(s, toc, nsec, KH_SEC_KEYS, &p, &len) || len < 8)
        return corrupt(err, s, "bad KEYS section");
    s->nkeys = kh_rd32(p);
    if (((size_t)s->nkeys + 1) * 4 > len - 8)
        return corrupt(err, s, "bad KEYS section");
    s->keys_offs = p + 8;
    s->keys_blob = s->keys_offs + ((size_t)s->nkeys + 1) * 4;
    s->keys_blob_len = len - 8 - ((size_t)s->nkeys + 1) * 4;
    if (kh_rd32(s->keys_offs + (size_t)s->nkeys * 4) > s->keys_blob_len)
        return corrupt(err, s, "bad KEYS section");
    for (uint32_t i = 0; i < s->nkeys; i++)
        if (kh_rd32(s->keys_offs + i * 4) > kh_rd32(s->keys_offs + i * 4 + 4))
            return corrupt(err, s, "bad KEYS section");

    const uint8_t *fp;
    size_t fplen;
    if (section(s, toc, nsec, KH_SEC_FPRINTS, &fp, &fplen) ||
        section(s, toc, nsec, KH_SEC_ENTITIES, &p, &len) ||
        kh_docinfo_open(s, fp, fplen, p, len))
        return corrupt(err, s, "bad FPRINTS or ENTITIES section");
    return KH_OK;
}

static kh_status segment_open(const char *dir, uint32_t id, int verify,
                              kh_segment **out, kh_error *err) {
    kh_segment *s = calloc(1, sizeof *s);
    if (!s)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    s->id = id;
    s->refs = 1;
    kh_seg_path(s->path, sizeof s->path, dir, id);
    kh_status st = kh_map_open(s->path, &s->map, err);
    if (!st)
        st = parse(s, verify, err);
    if (st) {
        kh_segment_free(s);
        return st;
    }
    *out = s;
    return KH_OK;
}

kh_status kh_segment_open(const char *dir, uint32_t id, kh_segment **out,
                          kh_error *err) {
    return segment_open(dir, id, 1, out, err);
}

kh_status kh_segment_open_written(const char *dir, uint32_t id,
                                  kh_segment **out, kh_error *err) {
    return segment_open(dir, id, 0, out, err);
}

void kh_segment_free(kh_segment *s) {
    if (!s)
        return;
    kh_map_close(&s->map);
    free(atomic_load(&s->derived));
    free(atomic_load(&s->derived_names));
    free(s);
}

/* ---- dictionary ------------------------------------------------------- */

const uint8_t *kh_seg_term_key(const kh_segment *s, uint32_t i, size_t *len) {
    const uint8_t *e = s->terms + (size_t)i * KH_TERM_ENTRY;
    uint32_t a = kh_rd32(e);
    uint32_t z = i + 1 < s->nterms ? kh_rd32(e + KH_TERM_ENTRY)
                                   : (uint32_t)s->term_str_len;
    *len = z - a;
    return s->term_str + a;
}

uint32_t kh_seg_term_df(const kh_segment *s, uint32_t i) {
    return kh_rd32(s->terms + (size_t)i * KH_TERM_ENTRY + 4);
}

static int cmp_key(const uint8_t *a, size_t al, const uint8_t *b, size_t bl) {
    int r = memcmp(a, b, al < bl ? al : bl);
    return r ? r : (al > bl) - (al < bl);
}

uint32_t kh_seg_term_lower(const kh_segment *s, const uint8_t *key,
                           size_t len) {
    uint32_t lo = 0, hi = s->nterms;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        size_t ml;
        const uint8_t *m = kh_seg_term_key(s, mid, &ml);
        if (cmp_key(m, ml, key, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int64_t kh_seg_term_find(const kh_segment *s, const uint8_t *key, size_t len) {
    uint32_t i = kh_seg_term_lower(s, key, len);
    if (i >= s->nterms)
        return -1;
    size_t ml;
    const uint8_t *m = kh_seg_term_key(s, i, &ml);
    return ml == len && !memcmp(m, key, len) ? (int64_t)i : -1;
}

/* ---- documents -------------------------------------------------------- */

const char *kh_seg_id(const kh_segment *s, uint32_t doc, size_t *len) {
    uint32_t a = kh_rd32(s->id_offs + (size_t)doc * 4);
    uint32_t z = kh_rd32(s->id_offs + (size_t)doc * 4 + 4);
    *len = z - a;
    return (const char *)s->id_blob + a;
}

uint32_t kh_seg_find_id(const kh_segment *s, const char *id, size_t len) {
    uint32_t lo = 0, hi = s->ndocs;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t d = kh_rd32(s->id_sorted + (size_t)mid * 4);
        size_t ml;
        const char *m = kh_seg_id(s, d, &ml);
        int c = cmp_key((const uint8_t *)m, ml, (const uint8_t *)id, len);
        if (c == 0)
            return d;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

int32_t kh_seg_date(const kh_segment *s, uint32_t doc) {
    return (int32_t)kh_rd32(s->dates + (size_t)doc * 4);
}

uint32_t kh_seg_len(const kh_segment *s, uint32_t doc, unsigned f) {
    int sf = f < KH_F_COUNT ? s->field_of[f] : -1;
    if (sf < 0)
        return 0;
    return kh_len_decode(s->norms[(size_t)doc * s->nfields + (unsigned)sf]);
}

/* Doc's record, or as much of it as enough() asks for (see
 * kh_store_get_record). */
static kh_status raw_record(const kh_segment *s, uint32_t doc, ZSTD_DCtx *dc,
                            kh_store_enough_fn enough, void *ctx, uint8_t **rec,
                            size_t *len, kh_error *err) {
    uint32_t lo = 0, hi = s->nsblocks;
    while (hi - lo > 1) { /* the last block whose first doc <= doc */
        uint32_t mid = lo + (hi - lo) / 2;
        if (kh_rd32(s->sblocks + (size_t)mid * 24) <= doc)
            lo = mid;
        else
            hi = mid;
    }
    if (doc >= s->ndocs || lo >= s->nsblocks)
        return kh_fail(err, KH_ERR_NOT_FOUND, "no document %u", doc);
    const uint8_t *e = s->sblocks + (size_t)lo * 24;
    uint32_t first = kh_rd32(e), n = kh_rd32(e + 4);
    uint64_t off = kh_rd64(e + 8);
    uint32_t clen = kh_rd32(e + 16), ulen = kh_rd32(e + 20);
    if (doc - first >= n || ulen < 4 + ((size_t)n + 1) * 4)
        return corrupt(err, s, "bad store block");
    int r = kh_store_get_record(dc, s->store + off, clen, ulen, n, doc - first,
                                enough, ctx, rec, len);
    if (r < 0)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    if (r)
        return corrupt(err, s, "bad store block");
    return KH_OK;
}

kh_status kh_seg_raw_record(const kh_segment *s, uint32_t doc, uint8_t **rec,
                            size_t *len, kh_error *err) {
    return raw_record(s, doc, NULL, NULL, NULL, rec, len, err);
}

kh_status kh_seg_record(const kh_segment *s, uint32_t doc, kh_record *rec,
                        kh_error *err) {
    return kh_seg_record_dc(s, doc, NULL, rec, err);
}

kh_status kh_seg_record_dc(const kh_segment *s, uint32_t doc, void *dctx,
                           kh_record *rec, kh_error *err) {
    uint8_t *raw;
    size_t n;
    memset(rec, 0, sizeof *rec);
    kh_status st = raw_record(s, doc, dctx, NULL, NULL, &raw, &n, err);
    if (st)
        return st;
    st = kh_record_decode(raw, n, rec, err);
    free(raw);
    if (st == KH_ERR_CORRUPT)
        return corrupt(err, s, "bad stored record");
    return st;
}

/* kh_store_enough_fn of kh_seg_record_text: the prefix holds the text
 * when its text decodes (a cut inside the text does not), and the record
 * decoded is kept. */
typedef struct text_ctx {
    kh_record *rec;
    kh_status st;
    kh_error *err;
} text_ctx;

static int text_enough(void *ctx, const uint8_t *raw, size_t have,
                       size_t full) {
    text_ctx *t = ctx;
    t->st = kh_record_decode_text(raw, have, t->rec, t->err);
    return t->st != KH_ERR_CORRUPT || have == full;
}

kh_status kh_seg_record_text(const kh_segment *s, uint32_t doc, void *dctx,
                             kh_record *rec, kh_error *err) {
    uint8_t *raw;
    size_t n;
    memset(rec, 0, sizeof *rec);
    text_ctx t = {rec, KH_ERR_CORRUPT, err};
    kh_status st = raw_record(s, doc, dctx, text_enough, &t, &raw, &n, err);
    if (st)
        return st;
    free(raw);
    if (t.st == KH_ERR_CORRUPT)
        return corrupt(err, s, "bad stored record");
    return t.st;
}

kh_status kh_seg_stored(const kh_segment *s, uint32_t doc, char **json,
                        size_t *len, kh_error *err) {
    kh_record rec;
    kh_status st = kh_seg_record(s, doc, &rec, err);
    if (st)
        return st;
    size_t n = 0;
    st = kh_article_to_json(&rec.a, 0, json, &n, err);
    if (!st && rec.x.enrich_json)
        st = kh_json_add_members(json, &n, rec.x.enrich_json, rec.x.enrich_len,
                                 err);
    kh_record_free(&rec);
    if (!st && len)
        *len = n;
    return st;
}

void kh_seg_title(const kh_segment *s, uint32_t doc, const char **title,
                  size_t *tlen, const char **published, size_t *plen) {
    const uint8_t *o = s->title_offs + (size_t)doc * 8;
    uint32_t a = kh_rd32(o), m = kh_rd32(o + 4), z = kh_rd32(o + 8);
    *title = (const char *)s->title_blob + a;
    *tlen = m - a;
    *published = (const char *)s->title_blob + m;
    *plen = z - m;
}

/* ---- keys ------------------------------------------------------------- */

static const uint8_t *pair(const kh_segment *s, uint32_t i, size_t *len) {
    uint32_t a = kh_rd32(s->keys_offs + (size_t)i * 4);
    *len = kh_rd32(s->keys_offs + (size_t)i * 4 + 4) - a;
    return s->keys_blob + a;
}

void kh_seg_keys(const kh_segment *s, const char *key, size_t len,
                 uint32_t *lo_out, uint32_t *hi_out) {
    /* pairs are "key\0term": those of `key` sort between key\0 and key\1 */
    uint8_t probe[260];
    if (len + 1 > sizeof probe) {
        *lo_out = *hi_out = 0;
        return;
    }
    memcpy(probe, key, len);
    uint32_t bound[2];
    for (int k = 0; k < 2; k++) {
        probe[len] = (uint8_t)k;
        uint32_t lo = 0, hi = s->nkeys;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            size_t ml;
            const uint8_t *m = pair(s, mid, &ml);
            if (cmp_key(m, ml, probe, len + 1) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        bound[k] = lo;
    }
    *lo_out = bound[0];
    *hi_out = bound[1];
}

const char *kh_seg_key_term(const kh_segment *s, uint32_t i, size_t *len) {
    size_t n;
    const uint8_t *p = pair(s, i, &n);
    const uint8_t *z = memchr(p, '\0', n);
    if (!z) {
        *len = 0;
        return "";
    }
    *len = n - (size_t)(z + 1 - p);
    return (const char *)z + 1;
}
