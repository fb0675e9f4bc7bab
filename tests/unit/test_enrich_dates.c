/*
 * test_enrich_dates.c — date expressions resolved by the enricher: dates
 * written out with their year settled (written, from the publication
 * date, from the year the article names), relative ones (आज, कल with the
 * tense of its sentence, परसों, weekdays, पिछले हफ्ते, अगले महीने के
 * अंत में, 3 दिन पहले, last week), years and parts of years; counts. The
 * seed scrape's golden dates when $SHARED is there, and an original
 * fixture with the same cases.
 */
#include "testutil.h"

#include "khabar.h"

static kh_enrichment *enrich_text(const char *text, const char *published) {
    kh_enricher *en;
    kh_error err = {0};
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    kh_enrichment *e = NULL;
    assert_int_equal(
        kh_enrich_text(en, NULL, text, strlen(text), published, &e, &err),
        KH_OK);
    kh_enricher_free(en);
    return e;
}

static const kh_resolved_date *date_of(const kh_enrichment *e,
                                       const char *text) {
    for (size_t i = 0; i < e->n_dates; i++)
        if (!strcmp(e->dates[i].text, text))
            return &e->dates[i];
    print_error("no date '%s'\n", text);
    fail();
    return NULL;
}

#define assert_date(e, text, want_from, want_to)                               \
    do {                                                                       \
        const kh_resolved_date *d_ = date_of(e, text);                         \
        assert_string_equal(d_->from, want_from);                              \
        assert_string_equal(d_->to, want_to);                                  \
    } while (0)

static void test_relative(void **state) {
    (void)state;
    const char *t = "कल बैठक होगी और मंत्री परसों दिल्ली पहुंचेंगे।\n"
                    "कल रात हुए हादसे में 12 लोगों की मौत हो गई थी।\n"
                    "पिछले हफ्ते सोमवार को 2.5 लाख रुपये दिए गए। "
                    "अगले महीने के अंत में चुनाव होंगे। "
                    "वह 3 दिन पहले लौटे। पिछले 5 दिनों में बारिश हुई। "
                    "इस साल के अंत तक काम पूरा होगा। साल 2019 में योजना "
                    "शुरू हुई। आज फैसला आया। Last week he said so.";
    kh_enrichment *e = enrich_text(t, "2025-05-07"); /* a Wednesday */
    const kh_resolved_date *d = date_of(e, "कल");
    /* the first कल is in a future sentence, the second in a past one */
    assert_string_equal(e->dates[0].from, "2025-05-08");
    assert_int_equal(e->dates[0].tense, KH_TENSE_FUTURE);
    assert_non_null(strstr(e->dates[0].reason, "future tense"));
    assert_true(e->dates[0].relative);
    (void)d;
    size_t second = 0;
    for (size_t i = 1; i < e->n_dates; i++)
        if (!strcmp(e->dates[i].text, "कल"))
            second = i;
    assert_true(second > 0);
    assert_string_equal(e->dates[second].from, "2025-05-06");
    assert_int_equal(e->dates[second].tense, KH_TENSE_PAST);
    assert_non_null(strstr(e->dates[second].reason, "कल = -1 day"));
    assert_date(e, "परसों", "2025-05-09", "2025-05-09");
    assert_date(e, "पिछले हफ्ते", "2025-04-28", "2025-05-04");
    assert_date(e, "सोमवार", "2025-05-05", "2025-05-05");
    assert_date(e, "अगले महीने के अंत", "2025-06-21", "2025-06-30");
    assert_date(e, "3 दिन पहले", "2025-05-04", "2025-05-04");
    assert_date(e, "पिछले 5 दिनों", "2025-05-02", "2025-05-07");
    assert_date(e, "इस साल के अंत", "2025-10-01", "2025-12-31");
    assert_date(e, "2019", "2019-01-01", "2019-12-31");
    assert_date(e, "आज", "2025-05-07", "2025-05-07");
    assert_date(e, "Last week", "2025-04-28", "2025-05-04");
    /* in text order */
    for (size_t i = 1; i < e->n_dates; i++)
        assert_true(e->dates[i - 1].offset <= e->dates[i].offset);
    kh_enrichment_free(e);
}

/* The verb of the clause decides, not the nearest verb of the sentence;
 * a weekday with a future verb is the next one. */
static void test_tense(void **state) {
    (void)state;
    kh_enrichment *e = enrich_text("कल बैठक हुई थी और परसों फिर होगी। "
                                   "शुक्रवार को नतीजे आएंगे। "
                                   "अगले सोमवार को सुनवाई है।",
                                   "2025-05-07");
    assert_date(e, "कल", "2025-05-06", "2025-05-06");
    assert_date(e, "परसों", "2025-05-09", "2025-05-09");
    assert_int_equal(date_of(e, "परसों")->tense, KH_TENSE_FUTURE);
    assert_date(e, "शुक्रवार", "2025-05-09", "2025-05-09");
    assert_date(e, "अगले सोमवार", "2025-05-12", "2025-05-12");
    kh_enrichment_free(e);
    /* no sign at all: past, and the reason says it was assumed */
    e = enrich_text("कल दिल्ली में बैठक।", "2025-05-07");
    assert_date(e, "कल", "2025-05-06", "2025-05-06");
    assert_int_equal(date_of(e, "कल")->tense, KH_TENSE_NONE);
    assert_non_null(strstr(date_of(e, "कल")->reason, "past assumed"));
    kh_enrichment_free(e);
}

static void test_written(void **state) {
    (void)state;
    kh_enrichment *e = enrich_text("बैठक 5 मई को हुई, फिर May 5, 2024 और "
                                   "5/5/2025 को। 25 दिसंबर को मेला लगा। "
                                   "29 फरवरी को कुछ नहीं हुआ। मार्च 2020 में "
                                   "तालाबंदी हुई।",
                                   "2025-06-10");
    assert_date(e, "5 मई", "2025-05-05", "2025-05-05");
    assert_string_equal(date_of(e, "5 मई")->reason, "year from published");
    assert_date(e, "May 5, 2024", "2024-05-05", "2024-05-05");
    assert_string_equal(date_of(e, "May 5, 2024")->reason, "year written");
    assert_date(e, "5/5/2025", "2025-05-05", "2025-05-05");
    /* December, well after a June publication: the year before */
    assert_date(e, "25 दिसंबर", "2024-12-25", "2024-12-25");
    assert_non_null(strstr(date_of(e, "25 दिसंबर")->reason, "year before"));
    /* 2025 is no leap year */
    assert_date(e, "29 फरवरी", "", "");
    assert_non_null(strstr(date_of(e, "29 फरवरी")->reason, "no such day"));
    assert_date(e, "मार्च 2020", "2020-03-01", "2020-03-31");
    assert_false(date_of(e, "मार्च 2020")->relative);
    kh_enrichment_free(e);
}

static void test_no_anchor(void **state) {
    (void)state;
    /* no publication date: relative dates say why they stay open, years
     * come from the year the text names */
    kh_enrichment *e = enrich_text("कल बैठक हुई थी। 2023 में योजना बनी थी और "
                                   "12 जून को शुरू हुई।",
                                   NULL);
    assert_date(e, "कल", "", "");
    assert_non_null(strstr(date_of(e, "कल")->reason, "no publication date"));
    assert_date(e, "12 जून", "2023-06-12", "2023-06-12");
    assert_non_null(strstr(date_of(e, "12 जून")->reason, "names most (2023)"));
    kh_enrichment_free(e);
    /* a bad published value is no anchor either */
    e = enrich_text("आज बैठक है।", "2025-13-45");
    assert_date(e, "आज", "", "");
    kh_enrichment_free(e);
}

static void test_counts(void **state) {
    (void)state;
    kh_enrichment *e = enrich_text("हादसे में 26 लोगों की मौत हुई और 2.5 लाख "
                                   "रुपये का नुकसान हुआ। 5 मई को तीन दिन की "
                                   "बैठक 2025 में हुई। 1,200 cases.",
                                   "2025-05-07");
    assert_int_equal(e->n_counts, 4);
    assert_string_equal(e->counts[0].text, "26 लोगों");
    assert_true(e->counts[0].value == 26);
    assert_string_equal(e->counts[0].noun_stem, "लोग");
    assert_string_equal(e->counts[1].text, "2.5 लाख रुपये");
    assert_true(e->counts[1].value == 250000);
    assert_string_equal(e->counts[2].noun, "दिन");
    assert_true(e->counts[2].value == 3);
    assert_true(e->counts[3].value == 1200);
    kh_enrichment_free(e);
}

/* A text scrape cleaned and enriched: 5 मई and 22 अप्रैल resolve to
 * 2025-05-05 and 2025-04-22 (the year from the one the article names, आज
 * from "आज यानी 5 मई"). */
static void check_article(const char *path) {
    size_t len = 0;
    char *buf = kh_test_slurp(path, &len);
    assert_non_null(buf);
    kh_cleaner *cl;
    kh_enricher *en;
    kh_error err = {0};
    kh_article *a;
    kh_enrichment *e;
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    assert_int_equal(kh_clean_text(cl, buf, len, NULL, &a, &err), KH_OK);
    assert_int_equal(kh_enrich_article(en, NULL, a, &e, &err), KH_OK);
    assert_date(e, "5 मई", "2025-05-05", "2025-05-05");
    assert_date(e, "22 अप्रैल", "2025-04-22", "2025-04-22");
    assert_date(e, "आज", "2025-05-05", "2025-05-05");
    assert_non_null(strstr(date_of(e, "आज")->reason, "आज (5 मई)"));
    assert_date(e, "2025 के अंत", "2025-10-01", "2025-12-31");
    assert_int_equal(date_of(e, "5 मई")->where, KH_WHERE_BODY);
    kh_enrichment_free(e);
    kh_article_free(a);
    kh_enricher_free(en);
    kh_cleaner_free(cl);
    free(buf);
}

static void test_fixture(void **state) {
    (void)state;
    check_article("tests/fixtures/enrich/visit.txt");
}

static void test_seed_golden(void **state) {
    (void)state;
    char path[1024];
    if (!kh_test_shared("seed/000_589a699176fbe262.txt", path, sizeof path))
        skip();
    check_article(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relative),    cmocka_unit_test(test_tense),
        cmocka_unit_test(test_written),     cmocka_unit_test(test_no_anchor),
        cmocka_unit_test(test_counts),      cmocka_unit_test(test_fixture),
        cmocka_unit_test(test_seed_golden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
