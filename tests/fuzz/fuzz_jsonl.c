/*
 * fuzz_jsonl.c — libFuzzer entry point for JSON Lines: the stream reader
 * over the input as a file, record after record, whatever each line holds
 * (broken JSON, wrong types, HTML bodies, invalid UTF-8).
 */
#include "khabar.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!size)
        return 0;
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    kh_cleaner *cl;
    kh_clean_options o = {data[0] & 1 ? KH_CLEAN_REPAIR_UTF8 : 0};
    kh_jsonl_reader *r;
    if (kh_cleaner_new(&o, &cl, NULL) == KH_OK) {
        if (kh_jsonl_reader_new(f, "fuzz", &r, NULL) == KH_OK) {
            for (int i = 0; i < 10000; i++) {
                kh_article *a = NULL;
                kh_status st = kh_jsonl_next(r, cl, &a, NULL);
                if (st == KH_ERR_NOT_FOUND || st == KH_ERR_IO)
                    break;
                if (st == KH_OK) {
                    char *s;
                    if (kh_article_to_json(a, 0, &s, NULL, NULL) == KH_OK)
                        free(s);
                    kh_article_free(a);
                }
            }
            kh_jsonl_reader_free(r);
        }
        kh_cleaner_free(cl);
    }
    fclose(f);
    return 0;
}
