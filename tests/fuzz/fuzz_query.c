/*
 * fuzz_query.c — libFuzzer entry point for the query language: any bytes
 * are parsed (and printed back), then searched against a small index
 * built once at start-up, so the planner, the iterators and the snippets
 * see every shape of query the parser lets through (with facets and
 * readings on every other input). A malformed query
 * must give an error, never a crash, a leak or a hang.
 */
#include "khabar.h"
#include "search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fuzzer's fixture, built once: fuzz targets are whole programs. */
static kh_index *fixture;

static const char *records[] = {
    "{\"id\":\"p1\",\"title\":\"पहलगाम में आतंकी हमला\",\"date\":\"2025-04-22\","
    "\"source\":\"खबर डेस्क\",\"text\":\"पहलगाम में पर्यटकों पर हमला हुआ। "
    "हमले के बाद भारत-रूस वार्ता में निंदा हुई। ज़िंदगी थम गई।\"}",
    "{\"id\":\"p2\",\"title\":\"इंदौर में बारिश\",\"date\":\"2024-07-15\","
    "\"text\":\"इंदौर में भारी बारिश हुई। India vs Australia test match "
    "रद्द। 5,000 लोग प्रभावित।\"}",
    "{\"id\":\"p3\",\"title\":\"गांव की जिन्दगी\",\"text\":\"गांव में "
    "जिन्दगी खेती के इर्द गिर्द घूमती है। मोदी सरकार की योजना।\"}",
};

static void rm_dir(const char *dir) {
    char p[512];
    const char *names[] = {"MANIFEST", "LOCK", "seg_00000001.kseg",
                           "seg_00000002.kseg", "MANIFEST.tmp"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    char dir[128];
    snprintf(dir, sizeof dir, "/tmp/khabar-fuzz-query-%d", (int)getpid());
    kh_index *w = NULL;
    kh_cleaner *cl = NULL;
    if (kh_index_open(dir, KH_INDEX_WRITE | KH_INDEX_CREATE, &w, NULL) ||
        kh_cleaner_new(NULL, &cl, NULL))
        goto done;
    for (size_t i = 0; i < sizeof records / sizeof records[0]; i++) {
        kh_article *a;
        if (kh_clean_json_record(cl, records[i], strlen(records[i]), &a,
                                 NULL) == KH_OK) {
            kh_index_add(w, a, NULL);
            kh_article_free(a);
        }
        if (i == 1)
            kh_index_commit(w, NULL); /* two segments */
    }
    kh_index_commit(w, NULL);
    kh_index_close(w);
    w = NULL;
    /* the reader keeps its mapped snapshot after the files are gone */
    kh_index_open(dir, KH_INDEX_READ, &fixture, NULL);
done:
    kh_index_close(w);
    kh_cleaner_free(cl);
    rm_dir(dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    kh_qnode *q = NULL;
    kh_error err = {0};
    if (kh_query_parse((const char *)data, size, &q, &err) == KH_OK) {
        kh_buf b = {0};
        kh_query_format(q, &b);
        kh_buf_free(&b);
        kh_query_free(q);
    } else if (!strstr(err.message, "position ") && err.code == KH_ERR_PARSE) {
        abort(); /* every parse error names its position */
    }
    if (fixture) {
        kh_results *r = NULL;
        kh_search_options o = {.limit = 3,
                               .offset = size & 1,
                               .flags = size & 2 ? KH_SEARCH_FACETS : 0};
        if (kh_index_search(fixture, (const char *)data, size, &o, &r, NULL) ==
            KH_OK) {
            while (kh_results_next(r))
                ;
            const kh_facet *f;
            const kh_reading *rd;
            size_t nd = kh_results_facets(r, KH_FACET_DAY, &f);
            for (size_t i = 1; i < nd; i++)
                if (strcmp(f[i - 1].value, f[i].value) >= 0)
                    abort(); /* days come in date order */
            kh_results_facets(r, KH_FACET_SOURCE, &f);
            kh_results_readings(r, &rd);
        }
        kh_results_free(r);
    }
    return 0;
}
