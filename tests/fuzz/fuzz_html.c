/*
 * fuzz_html.c — libFuzzer entry point for the HTML reader (gumbo, meta
 * tags, JSON-LD, body detection, chrome marking) and the pipeline after
 * it: any bytes must give an article or an error, never a crash.
 */
#include "khabar.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    return 0;
}
