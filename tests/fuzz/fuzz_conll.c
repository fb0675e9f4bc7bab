/*
 * fuzz_conll.c — libFuzzer entry point for the CoNLL token reader and the
 * entity tagger behind `khabar entities`: any bytes must be read, tagged
 * (valid BIO every time) and, when they are valid UTF-8, analysed, tagged
 * as a document and grouped into names, without a crash, a leak or
 * undefined behaviour.
 */
#include "enrich.h"
#include "khabar.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_bio(const uint8_t *tags, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (tags[i] >= KH_NER_NTAGS ||
            (tags[i] && !(tags[i] & 1) &&
             (i == 0 ||
              (tags[i - 1] != tags[i] && tags[i - 1] != tags[i] - 1)))) {
            fprintf(stderr, "invalid BIO at token %zu\n", i);
            abort();
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* Loading the model takes milliseconds: the harness loads it once and
     * shares it, read-only, as any caller may. */
    static kh_tagger *tg;
    if (!tg && kh_tagger_new(&tg, NULL))
        return 0;
    const char *buf = (const char *)data;
    kh_conll c;
    if (kh_conll_parse(&c, buf, size, NULL) == KH_OK) {
        uint8_t *tags = malloc(c.n_tokens + 1);
        for (size_t s = 0; tags && s < c.n_sents; s++) {
            size_t b = c.sent_start[s], n = c.sent_start[s + 1] - b;
            if (kh_tag_tokens(tg, c.tok + b, c.tok_len + b, n, tags, NULL))
                abort();
            check_bio(tags, n);
        }
        free(tags);
        kh_conll_free(&c);
    }
    size_t bad;
    if (kh_utf8_check(buf, size, &bad) == KH_OK) {
        kh_analyzer *an;
        kh_doc *doc;
        kh_entities *ents;
        if (!kh_analyzer_new(NULL, &an, NULL)) {
            if (!kh_doc_new(&doc, NULL)) {
                if (!kh_entities_new(&ents, NULL)) {
                    if (!kh_analyze(an, doc, buf, size, 0, NULL) &&
                        !kh_tag_doc(tg, doc, buf, 0, ents, NULL))
                        check_bio(kh_entities_tags(ents),
                                  kh_doc_token_count(doc));
                    kh_entities_free(ents);
                }
                kh_doc_free(doc);
            }
            kh_analyzer_free(an);
        }
        kh_namebook *nb;
        if (!kh_namebook_new(&nb, NULL)) {
            size_t g;
            for (size_t i = 0, start = 0; i <= size; i++)
                if (i == size || buf[i] == '\n') {
                    if (!kh_namebook_add(nb, (kh_entity_type)(i % 3),
                                         buf + start, i - start, &g, NULL))
                        (void)kh_namebook_name(nb, g, NULL);
                    start = i + 1;
                }
            kh_namebook_free(nb);
        }
    }
    return 0;
}
