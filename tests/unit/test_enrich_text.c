/*
 * test_enrich_text.c — keywords (closed-class words out, title words
 * first, an index's document frequencies through the df callback), the
 * extractive summary (at most the asked number of sentences, article
 * order, never the title, no repeats), options, and the JSON forms.
 */
#include "testutil.h"

#include "khabar.h"

#include <jansson.h>

static const char *const article =
    "{\"id\": \"t1\", \"title\": \"इंदौर में नहर परियोजना को मंजूरी\", "
    "\"date\": \"2025-07-16\", \"text\": \"इंदौर में नहर परियोजना को मंजूरी\\n"
    "राज्य सरकार ने इंदौर की नहर परियोजना को मंजूरी दे दी है और काम अगले "
    "महीने शुरू होगा. नहर से शहर के बीस गांवों के किसानों को सिंचाई का पानी "
    "मिलेगा.\\nपरियोजना पर 120 करोड़ रुपये खर्च होंगे. नहर की लंबाई 40 "
    "किलोमीटर होगी और इसमें तीन बांधों का पानी आएगा.\\nराज्य सरकार ने इंदौर "
    "की नहर परियोजना को मंजूरी दे दी है और काम अगले महीने शुरू होगा.\\n"
    "किसान संगठनों ने नहर परियोजना का स्वागत किया और कहा कि इससे सिंचाई की "
    "पुरानी समस्या दूर होगी.\"}";

static kh_article *clean(void) {
    kh_cleaner *cl;
    kh_clean_options o = {KH_CLEAN_KEEP_DUPLICATES};
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(&o, &cl, &err), KH_OK);
    kh_article *a = NULL;
    assert_int_equal(
        kh_clean_json_record(cl, article, strlen(article), &a, &err), KH_OK);
    kh_cleaner_free(cl);
    return a;
}

static kh_enrichment *enrich(const kh_article *a, const kh_enrich_options *o) {
    kh_enricher *en;
    kh_error err = {0};
    assert_int_equal(kh_enricher_new(o, &en, &err), KH_OK);
    kh_enrichment *e = NULL;
    assert_int_equal(kh_enrich_article(en, NULL, a, &e, &err), KH_OK);
    kh_enricher_free(en);
    return e;
}

static int has_keyword(const kh_enrichment *e, const char *text) {
    for (size_t i = 0; i < e->n_keywords; i++)
        if (!strcmp(e->keywords[i].text, text))
            return 1;
    return 0;
}

static void test_keywords(void **state) {
    (void)state;
    kh_article *a = clean();
    kh_enrichment *e = enrich(a, NULL);
    assert_true(e->n_keywords > 0 && e->n_keywords <= 8);
    assert_true(has_keyword(e, "नहर"));
    assert_true(has_keyword(e, "परियोजना"));
    for (size_t i = 0; i < e->n_keywords; i++) {
        const kh_keyword *k = &e->keywords[i];
        /* closed-class words never, weights best first */
        assert_string_not_equal(k->text, "को");
        assert_string_not_equal(k->text, "है");
        assert_string_not_equal(k->text, "ने");
        assert_string_not_equal(k->text, "महीने"); /* time words neither */
        if (i)
            assert_true(e->keywords[i - 1].weight >= k->weight);
        assert_true(k->count >= 1);
    }
    kh_enrichment_free(e);
    kh_article_free(a);
}

/* A name in Latin letters counts for its Devanagari spelling. */
static void test_latin_names(void **state) {
    (void)state;
    kh_enricher *en;
    kh_error err = {0};
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    const char *t = "Modi ने कहा कि मोदी सरकार किसानों के साथ है. मोदी ने "
                    "किसानों से बात की.";
    kh_enrichment *e;
    assert_int_equal(kh_enrich_text(en, NULL, t, strlen(t), NULL, &e, &err),
                     KH_OK);
    int found = 0;
    for (size_t i = 0; i < e->n_keywords; i++) {
        assert_string_not_equal(e->keywords[i].text, "modi");
        if (!strcmp(e->keywords[i].text, "मोदी")) {
            assert_int_equal(e->keywords[i].count, 3);
            found = 1;
        }
    }
    assert_true(found);
    kh_enrichment_free(e);
    kh_enricher_free(en);
}

/* An index where नहर is in every document: it stops being a keyword. */
static uint64_t common_canal(void *ctx, const char *stem, size_t n) {
    (*(int *)ctx)++;
    if (n == strlen("नहर") && !memcmp(stem, "नहर", n))
        return 1000;
    return 1;
}

static void test_df_callback(void **state) {
    (void)state;
    kh_article *a = clean();
    int calls = 0;
    kh_enrich_options o = {.df = common_canal,
                           .df_ctx = &calls,
                           .df_docs = 1000,
                           .max_keywords = 3};
    kh_enrichment *e = enrich(a, &o);
    assert_true(calls > 0);
    assert_int_equal(e->n_keywords, 3);
    assert_false(has_keyword(e, "नहर"));
    kh_enrichment_free(e);
    kh_article_free(a);
}

static void test_summary(void **state) {
    (void)state;
    kh_article *a = clean();
    kh_enrichment *e = enrich(a, NULL);
    assert_true(e->n_summary >= 1 && e->n_summary <= 3);
    for (size_t i = 0; i < e->n_summary; i++) {
        const kh_summary_sentence *s = &e->summary[i];
        assert_int_not_equal(s->where, KH_WHERE_TITLE);
        assert_int_equal(strlen(s->text), s->len);
        if (i) { /* article order, and the repeated paragraph only once */
            const kh_summary_sentence *p = &e->summary[i - 1];
            assert_true(
                p->paragraph < s->paragraph ||
                (p->paragraph == s->paragraph && p->offset < s->offset));
            assert_string_not_equal(p->text, s->text);
        }
    }
    /* the lead sentence opens the summary */
    assert_memory_equal(e->summary[0].text, "राज्य सरकार ने",
                        strlen("राज्य सरकार ने"));
    kh_enrichment_free(e);
    kh_enrich_options o = {.max_summary = 1};
    e = enrich(a, &o);
    assert_int_equal(e->n_summary, 1);
    kh_enrichment_free(e);
    kh_article_free(a);
}

static void test_options(void **state) {
    (void)state;
    kh_enricher *en = NULL;
    kh_error err = {0};
    kh_enrich_options o = {.max_summary = 11};
    assert_int_equal(kh_enricher_new(&o, &en, &err), KH_ERR_ARG);
    assert_null(en);
    kh_enrich_options o2 = {.df = common_canal};
    assert_int_equal(kh_enricher_new(&o2, &en, &err), KH_ERR_ARG);
    assert_int_equal(kh_enricher_new(NULL, NULL, &err), KH_ERR_ARG);
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    kh_enrichment *e = NULL;
    assert_int_equal(kh_enrich_article(en, NULL, NULL, &e, &err), KH_ERR_ARG);
    assert_int_equal(kh_enrich_text(en, NULL, NULL, 3, NULL, &e, &err),
                     KH_ERR_ARG);
    /* empty text: nothing found, no failure */
    assert_int_equal(kh_enrich_text(en, NULL, "", 0, NULL, &e, &err), KH_OK);
    assert_int_equal(e->n_dates + e->n_keywords + e->n_summary, 0);
    assert_true(e->fingerprint == 0);
    kh_enrichment_free(e);
    /* invalid UTF-8 is an error, not a crash */
    assert_int_equal(kh_enrich_text(en, NULL, "\xff\xfe", 2, NULL, &e, &err),
                     KH_ERR_UTF8);
    assert_null(e);
    kh_enricher_free(en);
    kh_enrichment_free(NULL);
    kh_enricher_free(NULL);
}

/* One workspace reused: the same results as a fresh one each time. */
static void test_workspace(void **state) {
    (void)state;
    kh_article *a = clean();
    kh_enricher *en;
    kh_doc *doc;
    kh_error err = {0};
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    assert_int_equal(kh_doc_new(&doc, &err), KH_OK);
    kh_enrichment *fresh = enrich(a, NULL), *e;
    for (int round = 0; round < 3; round++) {
        const char *other = "कल बैठक हुई थी।";
        assert_int_equal(kh_enrich_text(en, doc, other, strlen(other),
                                        "2025-05-07", &e, &err),
                         KH_OK);
        kh_enrichment_free(e);
        assert_int_equal(kh_enrich_article(en, doc, a, &e, &err), KH_OK);
        assert_true(e->fingerprint == fresh->fingerprint);
        assert_int_equal(e->n_keywords, fresh->n_keywords);
        for (size_t i = 0; i < e->n_keywords; i++)
            assert_string_equal(e->keywords[i].stem, fresh->keywords[i].stem);
        assert_int_equal(e->n_dates, fresh->n_dates);
        assert_int_equal(e->n_summary, fresh->n_summary);
        kh_enrichment_free(e);
    }
    kh_enrichment_free(fresh);
    kh_doc_free(doc);
    kh_enricher_free(en);
    kh_article_free(a);
}

static void test_json(void **state) {
    (void)state;
    kh_article *a = clean();
    kh_enrichment *e = enrich(a, NULL);
    kh_error err = {0};
    char *s;
    size_t n;
    assert_int_equal(kh_enrichment_to_json(e, &s, &n, &err), KH_OK);
    assert_int_equal(strlen(s), n);
    char *wrapped = malloc(n + 3);
    sprintf(wrapped, "{%s}", s);
    json_t *o = json_loads(wrapped, 0, NULL);
    assert_non_null(o);
    assert_true(json_is_array(json_object_get(o, "dates")));
    assert_true(json_is_array(json_object_get(o, "keywords")));
    assert_true(json_is_array(json_object_get(o, "summary")));
    assert_int_equal(
        strlen(json_string_value(json_object_get(o, "fingerprint"))), 16);
    json_decref(o);
    free(wrapped);
    free(s);
    assert_int_equal(kh_article_enriched_to_json(a, e, 0, &s, &n, &err), KH_OK);
    o = json_loads(s, 0, NULL);
    assert_non_null(o);
    /* the article's keys, and dates in the resolved form */
    assert_string_equal(json_string_value(json_object_get(o, "id")), "t1");
    json_t *d0 = json_array_get(json_object_get(o, "dates"), 0);
    assert_non_null(d0);
    assert_string_equal(json_string_value(json_object_get(d0, "text")),
                        "अगले महीने");
    assert_string_equal(json_string_value(json_object_get(d0, "from")),
                        "2025-08-01");
    assert_true(json_is_array(json_object_get(o, "counts")));
    json_decref(o);
    free(s);
    kh_enrichment_free(e);
    kh_article_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keywords),    cmocka_unit_test(test_latin_names),
        cmocka_unit_test(test_df_callback), cmocka_unit_test(test_summary),
        cmocka_unit_test(test_options),     cmocka_unit_test(test_workspace),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
