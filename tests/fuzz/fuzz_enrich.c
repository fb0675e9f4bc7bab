/*
 * fuzz_enrich.c — libFuzzer entry point for the enricher, whose date
 * expression reader (timex.c) is a parser of its own: any bytes, with or
 * without a publication date, must give an enrichment or an error, never
 * a crash, a leak or undefined behaviour; every resolved date must be a
 * valid ISO day (or empty) with from <= to, every entity mention must be
 * the bytes of the text at its offsets and belong to a listed entity, and
 * the JSON form is built.
 */
#include "khabar.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_iso(const char *s) {
    if (!*s)
        return;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        fprintf(stderr, "bad ISO date '%s'\n", s);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* the first byte picks the anchor: none, or a day in 1990..2059 */
    const char *pub = NULL;
    char buf[16];
    if (size && data[0] & 1) {
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", 1990 + data[0] % 70,
                 1 + data[0] % 12, 1 + data[0] % 28);
        pub = buf;
    }
    /* one enricher for every input: loading the tagger takes longer than
     * enriching a short input (shared, as in a real program) */
    static kh_enricher *en;
    if (!en && kh_enricher_new(NULL, &en, NULL))
        return 0;
    kh_enrichment *e = NULL;
    const char *text = size ? (const char *)data + 1 : "";
    size_t n = size ? size - 1 : 0;
    if (kh_enrich_text(en, NULL, text, n, pub, &e, NULL) == KH_OK) {
        for (size_t i = 0; i < e->n_dates; i++) {
            check_iso(e->dates[i].from);
            check_iso(e->dates[i].to);
            if (!!*e->dates[i].from != !!*e->dates[i].to ||
                strcmp(e->dates[i].from, e->dates[i].to) > 0 ||
                !e->dates[i].reason) {
                fprintf(stderr, "bad range %s..%s\n", e->dates[i].from,
                        e->dates[i].to);
                abort();
            }
        }
        if (e->n_summary > 3)
            abort();
        for (size_t i = 0; i < e->n_mentions; i++) {
            const kh_entity_mention *m = &e->mentions[i];
            if (m->end > n || m->offset >= m->end ||
                m->end - m->offset != m->len ||
                memcmp(text + m->offset, m->text, m->len) ||
                m->entity >= e->n_entities ||
                strcmp(m->canonical, e->entities[m->entity].name)) {
                fprintf(stderr, "bad mention %zu..%zu\n", m->offset, m->end);
                abort();
            }
        }
        char *s;
        if (kh_enrichment_to_json(e, &s, NULL, NULL) == KH_OK)
            free(s);
        kh_enrichment_free(e);
    }
    return 0;
}
