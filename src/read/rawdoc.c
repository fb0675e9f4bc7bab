/*
 * rawdoc.c — storage for what a reader delivers: blocks (lines) and
 * metadata. Blocks hold offsets, not pointers, because HTML and JSON
 * readers grow their text store while they add blocks.
 */
#include "read.h"

#include <stdlib.h>
#include <string.h>

void kh_rawdoc_init(kh_rawdoc *d) {
    memset(d, 0, sizeof *d);
}

void kh_rawdoc_reset(kh_rawdoc *d) {
    d->store.len = 0;
    d->n_blocks = 0;
    for (int i = 0; i < KH_META_COUNT; i++) {
        free(d->meta[i]);
        d->meta[i] = NULL;
    }
    free(d->extra_json);
    d->extra_json = NULL;
    d->base = NULL;
    d->line_offset = 0;
}

void kh_rawdoc_free(kh_rawdoc *d) {
    kh_rawdoc_reset(d);
    kh_buf_free(&d->store);
    free(d->blocks);
    memset(d, 0, sizeof *d);
}

kh_status kh_rawdoc_push(kh_rawdoc *d, size_t off, size_t len, size_t line,
                         unsigned flags, kh_error *err) {
    if (kh_grow((void **)&d->blocks, &d->cap_blocks, d->n_blocks + 1,
                sizeof *d->blocks, 64))
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (blocks)");
    kh_block *b = &d->blocks[d->n_blocks++];
    b->off = off;
    b->len = len;
    b->line = line;
    b->flags = flags;
    b->reason = KH_RM_PAGE_CHROME;
    return KH_OK;
}

kh_status kh_rawdoc_meta(kh_rawdoc *d, int field, const char *s, size_t n,
                         kh_error *err) {
    if (field < 0 || field >= KH_META_COUNT || d->meta[field] || !s)
        return KH_OK;
    while (n && (unsigned char)*s <= ' ')
        s++, n--;
    while (n && (unsigned char)s[n - 1] <= ' ')
        n--;
    if (!n)
        return KH_OK;
    char *p = malloc(n + 1);
    if (!p)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (metadata)");
    memcpy(p, s, n);
    p[n] = '\0';
    /* Metadata is one line: fold any line break or tab into a space. */
    for (size_t i = 0; i < n; i++)
        if (p[i] == '\n' || p[i] == '\r' || p[i] == '\t')
            p[i] = ' ';
    d->meta[field] = p;
    return KH_OK;
}
