/*
 * fuzz_html.c — libFuzzer entry point for the HTML reader (gumbo, meta
 * tags, JSON-LD, body detection, chrome marking) and the pipeline after
 * it: any bytes must give an article or an error, never a crash. It also
 * reads each input twice, with text stand-ins (read/standin.c) and
 * without, and stops on any difference: the stand-ins may speed the parse
 * but never change what is read.
 */
#include "khabar.h"
#include "read.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_str(const char *a, const char *b) {
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The two reads of the page agree in status, blocks and metadata. */
static void compare_reads(const char *buf, size_t len) {
    if (memchr(buf, 0, len))
        return; /* the reader is only given validated UTF-8 text */
    kh_rawdoc a, b;
    kh_rawdoc_init(&a);
    kh_rawdoc_init(&b);
    kh_status sa = kh_read_html_with(buf, len, 1, &a, NULL);
    kh_status sb = kh_read_html_with(buf, len, 0, &b, NULL);
    int same = sa == sb;
    if (same && sa == KH_OK) {
        same = a.n_blocks == b.n_blocks;
        for (size_t i = 0; same && i < a.n_blocks; i++) {
            const kh_block *x = &a.blocks[i], *y = &b.blocks[i];
            same = x->len == y->len && x->line == y->line &&
                   x->flags == y->flags && x->reason == y->reason &&
                   !memcmp(a.base + x->off, b.base + y->off, x->len);
        }
        for (int f = 0; same && f < KH_META_COUNT; f++)
            same = same_str(a.meta[f], b.meta[f]);
    }
    if (!same) {
        fprintf(stderr, "stand-ins changed the reading (%d vs %d)\n", (int)sa,
                (int)sb);
        abort();
    }
    kh_rawdoc_free(&a);
    kh_rawdoc_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    kh_cleaner *cl;
    kh_clean_options o = {KH_CLEAN_REPAIR_UTF8};
    if (kh_cleaner_new(&o, &cl, NULL))
        return 0;
    kh_article *a = NULL;
    if (kh_clean_html(cl, (const char *)data, size, NULL, &a, NULL) == KH_OK) {
        char *s;
        if (kh_article_to_json(a, KH_JSON_PRETTY, &s, NULL, NULL) == KH_OK)
            free(s);
        kh_article_free(a);
    }
    kh_cleaner_free(cl);
    /* the reader gets valid UTF-8: repair first, as the cleaner does */
    char *fixed = malloc(size * 3 + 1);
    if (fixed) {
        size_t n = kh_utf8_repair((const char *)data, size, fixed);
        compare_reads(fixed, n);
        free(fixed);
    }
    return 0;
}
