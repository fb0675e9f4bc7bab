/*
 * fuzz_json_record.c — libFuzzer entry point checking the JSON Lines fast
 * path (jsonscan.c) against jansson: on every input the two must agree on
 * success or failure, the metadata, the extra fields and the body.
 */
#include "read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const char *a, const char *b) {
    return (!a && !b) || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    kh_rawdoc a, b;
    kh_rawdoc_init(&a);
    kh_rawdoc_init(&b);
    char *ba = NULL, *bb = NULL;
    size_t la = 0, lb = 0;
    int ha = 0, hb = 0;
    kh_status sa =
        kh_read_json_record((const char *)data, size, &a, &ba, &la, &ha, NULL);
    kh_status sb =
        kh_read_json_jansson((const char *)data, size, &b, &bb, &lb, &hb, NULL);
    if ((sa == KH_OK) != (sb == KH_OK))
        abort();
    if (sa == KH_OK) {
        if (la != lb || ha != hb || memcmp(ba, bb, la) ||
            !same(a.extra_json, b.extra_json))
            abort();
        for (int k = 0; k < KH_META_COUNT; k++)
            if (!same(a.meta[k], b.meta[k]))
                abort();
    }
    free(ba);
    free(bb);
    kh_rawdoc_free(&a);
    kh_rawdoc_free(&b);
    return 0;
}
