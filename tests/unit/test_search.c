/*
 * test_search.c — search over a small index of original articles
 * (tests/fixtures/index/articles.jsonl): romanized words find Devanagari
 * ones, spelling variants meet, more matched words rank higher, phrases,
 * AND / OR / NOT, fields, prefixes, date ranges, paging, snippets with
 * the matched words marked in the original script, facets over every
 * match (sources, days) and the readings of romanized words, and one
 * reader handle searched by several threads while it reloads.
 */
#include "testutil.h"

#include "khabar.h"

#include <dirent.h>
#include <pthread.h>

static char dir[64];

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/khabar-test-search-%d", (int)getpid());
    kh_test_rm_rf(dir);
    kh_index *w;
    kh_cleaner *cl;
    kh_error err = {0};
    if (kh_index_open(dir, KH_INDEX_WRITE | KH_INDEX_CREATE, &w, &err) ||
        kh_cleaner_new(NULL, &cl, &err))
        return -1;
    FILE *f = fopen("tests/fixtures/index/articles.jsonl", "rb");
    kh_jsonl_reader *r;
    if (!f || kh_jsonl_reader_new(f, "articles.jsonl", &r, &err))
        return -1;
    kh_article *a;
    int n = 0;
    while (kh_jsonl_next(r, cl, &a, &err) == KH_OK) {
        if (kh_index_add(w, a, &err))
            return -1;
        kh_article_free(a);
        /* two segments, so that every query also crosses segments */
        if (++n == 4 && kh_index_commit(w, &err))
            return -1;
    }
    kh_jsonl_reader_free(r);
    fclose(f);
    int rc = kh_index_commit(w, &err) ? -1 : 0;
    kh_index_close(w);
    kh_cleaner_free(cl);
    return n == 8 ? rc : -1;
}

static int teardown(void **state) {
    (void)state;
    kh_test_rm_rf(dir);
    return 0;
}

/* Runs q; returns the total and writes the ids, space-separated. */
static uint64_t run(const char *q, char *ids, size_t cap) {
    kh_index *ix;
    kh_error err = {0};
    assert_int_equal(kh_index_open(dir, KH_INDEX_READ, &ix, &err), KH_OK);
    kh_results *r = NULL;
    kh_status st = kh_index_search(ix, q, strlen(q), NULL, &r, &err);
    if (st) {
        print_error("query '%s': %s\n", q, err.message);
        fail();
    }
    ids[0] = '\0';
    const kh_hit *h;
    while ((h = kh_results_next(r))) {
        if (*ids)
            strncat(ids, " ", cap - strlen(ids) - 1);
        strncat(ids, h->id, cap - strlen(ids) - 1);
    }
    uint64_t n = kh_results_total(r);
    kh_results_free(r);
    kh_index_close(ix);
    return n;
}

#define EXPECT(q, total, want)                                                 \
    do {                                                                       \
        char ids_[512];                                                        \
        uint64_t n_ = run(q, ids_, sizeof ids_);                               \
        if (n_ != (total) || strcmp(ids_, want)) {                             \
            print_error("query '%s': got %llu [%s], want %d [%s]\n", q,        \
                        (unsigned long long)n_, ids_, (int)(total), want);     \
            fail();                                                            \
        }                                                                      \
    } while (0)

/* The first id of the result list starts with `first`. */
#define TOP(q, first)                                                          \
    do {                                                                       \
        char ids_[512];                                                        \
        run(q, ids_, sizeof ids_);                                             \
        if (strncmp(ids_, first, strlen(first))) {                             \
            print_error("query '%s': got [%s], want %s first\n", q, ids_,      \
                        first);                                                \
            fail();                                                            \
        }                                                                      \
    } while (0)

static void test_words_and_variants(void **state) {
    (void)state;
    /* romanized words reach Devanagari through the phonetic key; the
     * article with both words comes first */
    TOP("pahalgam hamla", "pahalgam-1 ");
    EXPECT("pahalgam", 1, "pahalgam-1");
    /* ज़िंदगी and जिन्दगी meet through the normalized form, from either
     * spelling and from the romanized one */
    char a[512], b[512], c[512];
    assert_int_equal(run("ज़िंदगी", a, sizeof a), 2);
    assert_int_equal(run("जिन्दगी", b, sizeof b), 2);
    assert_int_equal(run("zindagi", c, sizeof c), 2);
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    /* inflections meet on the stem: हमला finds हमले */
    EXPECT("हमला", 3, "pahalgam-1 hamla-2 modi-1");
    /* a Latin word of the index matches as itself */
    EXPECT("india", 1, "cricket-1");
    EXPECT("कोई_ऐसा_शब्द_नहीं", 0, "");
}

static void test_operators(void **state) {
    (void)state;
    EXPECT("\"भारत रूस\"", 1, "modi-1");
    EXPECT("\"रूस भारत\"", 0, "");
    EXPECT("बारिश -इंदौर", 1, "zindagi-2");
    EXPECT("बारिश AND NOT इंदौर", 1, "zindagi-2");
    EXPECT("(बारिश OR झील) AND सफाई", 1, "lake-1");
    EXPECT("बारिश AND किसान", 1, "zindagi-2");
    EXPECT("title:बारिश", 1, "rain-1");
    EXPECT("title:(इंदौर बारिश)", 1, "rain-1");
    char all[512];
    assert_int_equal(run("source:नगर", all, sizeof all), 4);
    assert_non_null(strstr(all, "zindagi-1"));
    assert_non_null(strstr(all, "lake-1"));
    EXPECT("+पहलगाम हमला", 1, "pahalgam-1");
    TOP("हमल*", "pahalgam-1");
    EXPECT("since:2025-05 हमला", 2, "hamla-2 modi-1");
    EXPECT("until:2024-12-31 बारिश", 2, "rain-1 zindagi-2");
    /* a date filter alone: every article of the range (lake-1 has no
     * date and is never in a range) */
    char ids[512];
    assert_int_equal(run("since:2025", ids, sizeof ids), 4);
    assert_null(strstr(ids, "lake-1"));
}

static void test_paging_snippets_errors(void **state) {
    (void)state;
    kh_index *ix;
    kh_error err = {0};
    assert_int_equal(kh_index_open(dir, KH_INDEX_READ, &ix, &err), KH_OK);
    /* paging: offset 1, limit 2 gives the 2nd and 3rd of the full list */
    const char *q = "source:नगर";
    char all[512], want[512];
    assert_int_equal(run(q, all, sizeof all), 4);
    char *second = strchr(all, ' ') + 1;
    char *fourth = strrchr(all, ' ');
    snprintf(want, sizeof want, "%.*s", (int)(fourth - second), second);
    kh_search_options o = {.limit = 2, .offset = 1};
    kh_results *r;
    assert_int_equal(kh_index_search(ix, q, strlen(q), &o, &r, &err), KH_OK);
    assert_int_equal(kh_results_total(r), 4);
    char got[512];
    snprintf(got, sizeof got, "%s", kh_results_next(r)->id);
    strncat(got, " ", sizeof got - strlen(got) - 1);
    strncat(got, kh_results_next(r)->id, sizeof got - strlen(got) - 1);
    assert_string_equal(got, want);
    assert_null(kh_results_next(r));
    kh_results_free(r);

    q = "pahalgam hamla";
    o = (kh_search_options){.mark_open = "<b>", .mark_close = "</b>"};
    assert_int_equal(kh_index_search(ix, q, strlen(q), &o, &r, &err), KH_OK);
    const kh_hit *h = kh_results_next(r);
    assert_string_equal(h->title, "पहलगाम में आतंकी हमला, पर्यटकों में दहशत");
    assert_string_equal(h->published, "2025-04-22");
    assert_true(h->score > 0);
    assert_non_null(strstr(h->snippet, "<b>पहलगाम</b>"));
    assert_non_null(strstr(h->snippet, "<b>हमला</b>"));
    assert_non_null(strstr(h->snippet, "<b>हमले</b>"));
    assert_null(strstr(h->snippet, "<b>पर्यटकों</b>"));
    double first = h->score;
    while ((h = kh_results_next(r)))
        assert_true(h->score <= first);
    kh_results_free(r);

    /* malformed and empty queries: KH_ERR_PARSE with the position */
    q = "पहलगाम AND";
    assert_int_equal(kh_index_search(ix, q, strlen(q), NULL, &r, &err),
                     KH_ERR_PARSE);
    assert_non_null(strstr(err.message, "position 8"));
    assert_int_equal(kh_index_search(ix, "", 0, NULL, &r, &err), KH_ERR_PARSE);
    kh_index_close(ix);
}

typedef struct job {
    kh_index *ix;
    int bad;
} job;

/* Facets count every match, not only the page; readings show romanized
 * words as the articles write them. */
static void test_facets_readings(void **state) {
    (void)state;
    kh_index *ix;
    kh_error err = {0};
    assert_int_equal(kh_index_open(dir, KH_INDEX_READ, &ix, &err), KH_OK);
    kh_search_options o = {.limit = 1, .flags = KH_SEARCH_FACETS};
    kh_results *r = NULL;
    const char *q = "pahalgam hamla";
    assert_int_equal(kh_index_search(ix, q, strlen(q), &o, &r, &err), KH_OK);
    assert_int_equal(kh_results_total(r), 3);
    const kh_facet *f;
    assert_int_equal(kh_results_facets(r, KH_FACET_SOURCE, &f), 1);
    assert_string_equal(f[0].value, "खबर डेस्क");
    assert_int_equal(f[0].count, 3);
    assert_int_equal(kh_results_facets(r, KH_FACET_DAY, &f), 3);
    assert_string_equal(f[0].value, "2025-04-22");
    assert_string_equal(f[2].value, "2025-05-05");
    assert_int_equal(f[0].count + f[1].count + f[2].count, 3);
    const kh_reading *rd;
    assert_int_equal(kh_results_readings(r, &rd), 2);
    assert_string_equal(rd[0].word, "pahalgam");
    assert_string_equal(rd[0].as, "पहलगाम");
    assert_string_equal(rd[1].word, "hamla");
    assert_string_equal(rd[1].as, "हमला");
    const kh_hit *h = kh_results_next(r);
    assert_non_null(h);
    assert_string_equal(h->source, "खबर डेस्क");
    kh_results_free(r);
    /* no facets unless asked; a source filter narrows the counts */
    q = "source:\"नगर समाचार\"";
    o.flags = 0;
    assert_int_equal(kh_index_search(ix, q, strlen(q), &o, &r, &err), KH_OK);
    assert_int_equal(kh_results_total(r), 4);
    assert_int_equal(kh_results_facets(r, KH_FACET_SOURCE, &f), 0);
    kh_results_free(r);
    o.flags = KH_SEARCH_FACETS;
    assert_int_equal(kh_index_search(ix, q, strlen(q), &o, &r, &err), KH_OK);
    assert_int_equal(kh_results_facets(r, KH_FACET_SOURCE, &f), 1);
    assert_int_equal(f[0].count, 4);
    /* lake-1 has no date: three days for four articles */
    assert_int_equal(kh_results_facets(r, KH_FACET_DAY, &f), 3);
    kh_results_free(r);
    kh_index_close(ix);
}

static void *searcher(void *arg) {
    job *j = arg;
    const char *qs[] = {"pahalgam hamla", "बारिश -इंदौर", "\"भारत रूस\"", "हमल*"};
    const uint64_t want[] = {3, 1, 1, 3};
    for (int i = 0; i < 40; i++) {
        kh_results *r = NULL;
        kh_error err = {0};
        const char *q = qs[i % 4];
        if (kh_index_search(j->ix, q, strlen(q), NULL, &r, &err) ||
            kh_results_total(r) < want[i % 4])
            j->bad = 1;
        kh_results_free(r);
    }
    return NULL;
}

static void test_threads(void **state) {
    (void)state;
    kh_index *ix;
    kh_error err = {0};
    assert_int_equal(kh_index_open(dir, KH_INDEX_READ, &ix, &err), KH_OK);
    pthread_t t[4];
    job j[4];
    for (int i = 0; i < 4; i++) {
        j[i] = (job){ix, 0};
        assert_int_equal(pthread_create(&t[i], NULL, searcher, &j[i]), 0);
    }
    /* meanwhile a writer commits and the handle moves to new snapshots */
    kh_index *w;
    kh_cleaner *cl;
    assert_int_equal(kh_index_open(dir, KH_INDEX_WRITE, &w, &err), KH_OK);
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    for (int i = 0; i < 10; i++) {
        char rec[256];
        snprintf(rec, sizeof rec,
                 "{\"id\":\"t%d\",\"title\":\"हमला %d\",\"text\":\"पहलगाम "
                 "हमला खबर %d\"}",
                 i % 3, i, i);
        kh_article *a;
        assert_int_equal(kh_clean_json_record(cl, rec, strlen(rec), &a, &err),
                         KH_OK);
        assert_int_equal(kh_index_add(w, a, &err), KH_OK);
        kh_article_free(a);
        if (kh_index_commit(w, &err) || kh_index_reload(ix, &err)) {
            print_error("%s\n", err.message);
            fail();
        }
    }
    kh_cleaner_free(cl);
    kh_index_close(w);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_false(j[i].bad);
    }
    /* the replaced ids count once each */
    kh_index_info info;
    assert_int_equal(kh_index_stats(ix, &info, &err), KH_OK);
    assert_int_equal(info.documents, 8 + 3);
    kh_index_close(ix);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_variants),
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_paging_snippets_errors),
        cmocka_unit_test(test_facets_readings),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
