/*
 * manifest.c — the one file that says which segments make up the index.
 * A commit is the atomic replacement of this file (write MANIFEST.tmp,
 * fsync it, rename it over MANIFEST, fsync the directory): a reader sees
 * the old list or the new one, never a mix, and a crash at any moment
 * leaves one of the two. It is short text, checksummed:
 *
 *   khabar-index 1
 *   generation G
 *   next-segment N
 *   segment ID NDOCS DELGEN NDEL      (one line per segment)
 *   checksum XXH3-OF-THE-LINES-ABOVE
 */
#include "index.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kh_manifest_free(kh_manifest *m) {
    free(m->segs);
    memset(m, 0, sizeof *m);
}

static kh_status bad(kh_error *err, const char *path, const char *why) {
    return kh_fail(err, KH_ERR_CORRUPT, "%s: %s (the index is damaged)", path,
                   why);
}

kh_status kh_manifest_read(const char *dir, kh_manifest *m, kh_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    memset(m, 0, sizeof *m);
    kh_map map;
    kh_status st = kh_map_open(path, &map, err);
    if (st == KH_ERR_NOT_FOUND)
        return kh_fail(err, KH_ERR_NOT_FOUND,
                       "%s: not a khabar index (no MANIFEST)", dir);
    if (st)
        return st;
    const char *s = (const char *)map.data;
    size_t n = map.size;
    /* the checksum line is last; it covers everything before it */
    const char *ck = NULL;
    for (size_t i = n; i-- > 1;)
        if (s[i - 1] == '\n' && n - i >= 10 && !memcmp(s + i, "checksum ", 9)) {
            ck = s + i;
            break;
        }
    if (!ck) {
        kh_map_close(&map);
        return bad(err, path, "no checksum");
    }
    char hex[24] = {0}; /* the mapping is not NUL-terminated */
    size_t hl = n - (size_t)(ck + 9 - s);
    memcpy(hex, ck + 9, hl < sizeof hex - 1 ? hl : sizeof hex - 1);
    unsigned long long want = strtoull(hex, NULL, 16);
    if (kh_hash64(s, (size_t)(ck - s)) != (uint64_t)want) {
        kh_map_close(&map);
        return bad(err, path, "checksum mismatch");
    }
    char *text = malloc((size_t)(ck - s) + 1);
    if (!text) {
        kh_map_close(&map);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    memcpy(text, s, (size_t)(ck - s));
    text[ck - s] = '\0';
    kh_map_close(&map);
    st = KH_OK;
    int version = 0;
    uint32_t cap = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && !st;
         line = strtok_r(NULL, "\n", &save)) {
        unsigned long long a, b, c, d;
        if (sscanf(line, "khabar-index %d", &version) == 1) {
            if (version != 1)
                st = kh_fail(err, KH_ERR_CORRUPT,
                             "%s: index version %d is not supported", path,
                             version);
        } else if (sscanf(line, "generation %llu", &a) == 1) {
            m->gen = a;
        } else if (sscanf(line, "next-segment %llu", &a) == 1) {
            m->next_seg = (uint32_t)a;
        } else if (sscanf(line, "segment %llu %llu %llu %llu", &a, &b, &c,
                          &d) == 4) {
            if (m->nsegs == cap) {
                cap = cap ? cap * 2 : 8;
                kh_mseg *ns = realloc(m->segs, cap * sizeof *ns);
                if (!ns) {
                    st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
                    break;
                }
                m->segs = ns;
            }
            kh_mseg *g = &m->segs[m->nsegs++];
            g->id = (uint32_t)a;
            g->ndocs = (uint32_t)b;
            g->delgen = (uint32_t)c;
            g->ndel = (uint32_t)d;
            if (g->ndel > g->ndocs || g->id >= m->next_seg)
                st = bad(err, path, "bad segment line");
        } else {
            st = bad(err, path, "unknown line");
        }
    }
    free(text);
    if (!st && version != 1)
        st = bad(err, path, "no header");
    if (st)
        kh_manifest_free(m);
    return st;
}

kh_status kh_manifest_write(const char *dir, const kh_manifest *m,
                            kh_error *err) {
    kh_buf b = {0};
    int bad_mem = kh_buf_printf(&b,
                                "khabar-index 1\ngeneration %llu\n"
                                "next-segment %u\n",
                                (unsigned long long)m->gen, m->next_seg);
    for (uint32_t i = 0; i < m->nsegs && !bad_mem; i++)
        bad_mem =
            kh_buf_printf(&b, "segment %u %u %u %u\n", m->segs[i].id,
                          m->segs[i].ndocs, m->segs[i].delgen, m->segs[i].ndel);
    if (!bad_mem)
        bad_mem = kh_buf_printf(&b, "checksum %016llx\n",
                                (unsigned long long)kh_hash64(b.data, b.len));
    if (bad_mem) {
        kh_buf_free(&b);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    char tmp[4096], path[4096];
    snprintf(tmp, sizeof tmp, "%s/MANIFEST.tmp", dir);
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    kh_wfile *w;
    kh_status st = kh_wfile_open(tmp, 0, &w, err);
    if (!st) {
        st = kh_wfile_write(w, b.data, b.len, err);
        if (st)
            kh_wfile_abort(w);
        else
            st = kh_wfile_close(w, err);
    }
    kh_buf_free(&b);
    /* the new segment and deletion files must be durable names before
     * the manifest that points at them is */
    if (!st)
        st = kh_fsync_dir(dir, err);
    if (!st && rename(tmp, path))
        st = kh_fail(err, KH_ERR_IO, "%s: cannot rename to MANIFEST: %s", tmp,
                     strerror(errno));
    if (!st)
        st = kh_fsync_dir(dir, err);
    return st;
}
