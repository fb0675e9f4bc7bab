/*
 * merge.c — optimize: feeds the live documents of several segments into a
 * fresh builder (renumbered in segment order), which is then written as
 * one segment. Postings are copied term by term, not re-analysed, so a
 * merge costs decoding and encoding only.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")

/* Adds the segment's live documents (id, date, title, stored record, lengths)
 * to the builder; newdoc[d] receives the new number or UINT32_MAX. */
static kh_status add_docs(kh_builder *b, const kh_wseg *w, uint32_t *newdoc,
                          kh_error *err) {
    const kh_segment *s = w->seg;
    ZSTD_DCtx *dc = ZSTD_createDCtx();
    if (!dc)
        return NOMEM(err);
    kh_status st = KH_OK;
    for (uint32_t i = 0; i < s->nsblocks && !st; i++) {
        const uint8_t *e = s->sblocks + (size_t)i * 24;
        uint32_t first = kh_rd32(e), n = kh_rd32(e + 4);
        uint64_t off = kh_rd64(e + 8);
        uint32_t clen = kh_rd32(e + 16), ulen = kh_rd32(e + 20);
        uint8_t *raw;
        int r = kh_store_get_block(dc, s->store + off, clen, ulen, &raw);
        size_t head = 4 + ((size_t)n + 1) * 4;
        if (r < 0) {
            st = NOMEM(err);
            break;
        }
        if (r || ulen < head) {
            free(raw);
            st = kh_fail(err, KH_ERR_CORRUPT, "%s: bad store block", s->path);
            break;
        }
        for (uint32_t k = 0; k < n && !st; k++) {
            uint32_t d = first + k;
            if (kh_bit(w->del, d)) {
                newdoc[d] = UINT32_MAX;
                continue;
            }
            uint32_t a = kh_rd32(raw + 4 + (size_t)k * 4);
            uint32_t z = kh_rd32(raw + 8 + (size_t)k * 4);
            if (a > z || z > ulen - head) {
                st = kh_fail(err, KH_ERR_CORRUPT, "%s: bad store block",
                             s->path);
                break;
            }
            size_t idl;
            const char *id = kh_seg_id(s, d, &idl);
            kh_bdoc in = {.id = id,
                          .id_len = idl,
                          .date = kh_seg_date(s, d),
                          .rec = raw + head + a,
                          .rec_len = z - a};
            kh_seg_title(s, d, &in.title, &in.title_len, &in.published,
                         &in.published_len);
            st = kh_builder_doc(b, &in, &newdoc[d], err);
            if (!st)
                st = kh_docinfo_copy(&b->dx, newdoc[d], s, d, err);
            if (st)
                break;
            uint32_t lens[KH_F_COUNT];
            for (unsigned f = 0; f < KH_F_COUNT; f++)
                lens[f] = kh_seg_len(s, d, f);
            kh_builder_set_lens(b, newdoc[d], lens);
        }
        free(raw);
    }
    ZSTD_freeDCtx(dc);
    return st;
}

static kh_status add_postings(kh_builder *b, const kh_wseg *w,
                              const uint32_t *newdoc, kh_error *err) {
    const kh_segment *s = w->seg;
    uint32_t *pos = NULL;
    size_t pcap = 0;
    uint8_t key[260];
    kh_status st = KH_OK;
    for (uint32_t t = 0; t < s->nterms && !st; t++) {
        size_t kl;
        const uint8_t *k = kh_seg_term_key(s, t, &kl);
        if (kl < 2 || kl > sizeof key || k[0] >= s->nfields)
            continue;
        int ours =
            kh_field_lookup(s->fields[k[0]].name, strlen(s->fields[k[0]].name));
        if (ours < 0)
            continue; /* a field this version does not know */
        key[0] = (uint8_t)ours;
        memcpy(key + 1, k + 1, kl - 1);
        kh_cursor c;
        kh_cursor_init(&c, s, t);
        for (uint32_t d = kh_cursor_next(&c); d != KH_NO_DOC && !st;
             d = kh_cursor_next(&c)) {
            if (d >= s->ndocs || newdoc[d] == UINT32_MAX)
                continue;
            if (c.tf > pcap) {
                size_t n = (size_t)c.tf * 2;
                uint32_t *p = realloc(pos, n * sizeof *p);
                if (!p) {
                    st = NOMEM(err);
                    break;
                }
                pos = p;
                pcap = n;
            }
            uint32_t np = kh_cursor_positions(&c, pos, (uint32_t)pcap);
            st = kh_builder_posting(b, (const char *)key, kl, newdoc[d], pos,
                                    np, err);
        }
    }
    free(pos);
    for (uint32_t i = 0; i < s->nkeys && !st; i++) {
        uint32_t a = kh_rd32(s->keys_offs + (size_t)i * 4);
        uint32_t z = kh_rd32(s->keys_offs + (size_t)i * 4 + 4);
        const char *p = (const char *)s->keys_blob + a;
        const char *nul = memchr(p, '\0', z - a);
        if (nul)
            st = kh_builder_key(b, p, (size_t)(nul - p), nul + 1,
                                (size_t)(z - a) - (size_t)(nul - p) - 1, err);
    }
    return st;
}

kh_status kh_merge_into(kh_builder *b, kh_wseg *segs, uint32_t n,
                        kh_error *err) {
    kh_status st = KH_OK;
    for (uint32_t i = 0; i < n && !st; i++) {
        uint32_t *newdoc =
            malloc(((size_t)segs[i].seg->ndocs + 1) * sizeof *newdoc);
        if (!newdoc)
            return NOMEM(err);
        st = add_docs(b, &segs[i], newdoc, err);
        if (!st)
            st = add_postings(b, &segs[i], newdoc, err);
        free(newdoc);
    }
    return st;
}
