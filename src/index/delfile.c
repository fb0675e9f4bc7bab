/*
 * delfile.c — a segment's deletions: a bitmap of its documents, written as
 * a new file (new generation) at each commit that changes it, never
 * modified in place. Layout: "KHDEL001", u32 ndocs, u32 ndel, the bitmap,
 * u64 xxh3 of everything before.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>

kh_status kh_del_read(const char *path, uint32_t ndocs, uint8_t **bits,
                      uint32_t *ndel, kh_error *err) {
    kh_map m;
    kh_status st = kh_map_open(path, &m, err);
    if (st)
        return st;
    size_t nb = ((size_t)ndocs + 7) / 8;
    if (m.size != 16 + nb + 8 || memcmp(m.data, "KHDEL001", 8) ||
        kh_rd32(m.data + 8) != ndocs) {
        kh_map_close(&m);
        return kh_fail(err, KH_ERR_CORRUPT,
                       "%s: not the deletion file of its segment (the index "
                       "is damaged)",
                       path);
    }
    if (kh_hash64(m.data, 16 + nb) != kh_rd64(m.data + 16 + nb)) {
        kh_map_close(&m);
        return kh_fail(err, KH_ERR_CORRUPT,
                       "%s: checksum mismatch (the index is damaged)", path);
    }
    uint8_t *b = malloc(nb ? nb : 1);
    if (!b) {
        kh_map_close(&m);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    memcpy(b, m.data + 16, nb);
    *ndel = kh_rd32(m.data + 12);
    kh_map_close(&m);
    *bits = b;
    return KH_OK;
}

kh_status kh_del_write(const char *path, const uint8_t *bits, uint32_t ndocs,
                       uint32_t ndel, kh_error *err) {
    kh_wfile *w;
    kh_status st = kh_wfile_open(path, 0, &w, err);
    if (st)
        return st;
    uint8_t h[16];
    memcpy(h, "KHDEL001", 8);
    kh_wr32(h + 8, ndocs);
    kh_wr32(h + 12, ndel);
    st = kh_wfile_write(w, h, sizeof h, err);
    if (!st)
        st = kh_wfile_write(w, bits, ((size_t)ndocs + 7) / 8, err);
    if (!st) {
        uint8_t t[8];
        kh_wr64(t, kh_wfile_digest(w));
        st = kh_wfile_write(w, t, 8, err);
    }
    if (st) {
        kh_wfile_abort(w);
        return st;
    }
    return kh_wfile_close(w, err);
}
