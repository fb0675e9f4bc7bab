/*
 * fuzz_text.c — libFuzzer entry point for the plain-text scrape reader and
 * the whole clean pipeline: any bytes must give an article or an error,
 * never a crash, a leak or undefined behaviour; outputs are built too.
 */
#include "khabar.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    kh_cleaner *cl;
    /* the first byte picks the options, so both paths are explored */
    kh_clean_options o = {size && (data[0] & 1) ? KH_CLEAN_REPAIR_UTF8 : 0};
    if (kh_cleaner_new(&o, &cl, NULL))
        return 0;
    kh_article *a = NULL;
    if (kh_clean_text(cl, (const char *)data, size, NULL, &a, NULL) == KH_OK) {
        char *s;
        if (kh_article_to_json(a, 0, &s, NULL, NULL) == KH_OK)
            free(s);
        if (kh_article_to_text(a, &s, NULL, NULL) == KH_OK)
            free(s);
        kh_article_free(a);
    }
    kh_cleaner_free(cl);
    return 0;
}
