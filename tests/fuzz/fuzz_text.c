/*
 * fuzz_text.c — libFuzzer entry point for the plain-text scrape reader and
 * the whole clean pipeline: any bytes must give an article or an error,
 * never a crash, a leak or undefined behaviour; outputs are built too.
 * It also holds the normalizer's one pass (copy, validate, hash words) to
 * the separate steps it stands for, and stops on any difference.
 */
#include "clean.h"
#include "khabar.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one_pass(const char *in, size_t n) {
    char *a = malloc(n + 1), *b = malloc(n + 1);
    kh_arena ar = {0};
    kh_shingle s1, s2;
    size_t la, off;
    int bad1 = 0, bad2 = 0, same = 1;
    if (!a || !b || kh_ws_shingle(&ar, in, n, a, &la, &bad1, &s1))
        goto done;
    size_t lb = kh_ws_normalize(in, n, b, &bad2);
    int valid = kh_utf8_check(in, n, &off) == KH_OK;
    same = la == lb && !memcmp(a, b, la) && bad1 == bad2 && bad1 == !valid &&
           kh_utf8_valid(in, n) == valid;
    if (same && valid && !kh_shingle_make(&ar, b, lb, &s2)) {
        same = s1.n_words == s2.n_words && s1.whole == s2.whole &&
               !memcmp(s1.bits, s2.bits, sizeof s1.bits) &&
               s1.deva == s2.deva && s1.latin == s2.latin &&
               s1.has_digit == s2.has_digit;
        for (size_t i = 0; same && i < s1.n_words; i++)
            same = s1.words[i] == s2.words[i];
    }
done:
    kh_arena_free(&ar);
    free(a);
    free(b);
    if (!same) {
        fprintf(stderr, "the normalizer's one pass disagrees with its steps\n");
        abort();
    }
}

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
    one_pass((const char *)data, size);
    return 0;
}
