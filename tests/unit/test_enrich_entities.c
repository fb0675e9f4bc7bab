/*
 * test_enrich_entities.c — named entities in the enrichment: mentions with
 * their type, canonical name and byte offsets into the unit they are in,
 * one name per entity across the article's title and paragraphs, each
 * entity listed once with its mention count, a keyword named by the entity
 * whose name holds it; a borrowed tagger, and no
 * entities when they are not wanted. The seed scrape's golden entities
 * and dates when $SHARED is there, and an original fixture.
 */
#include "testutil.h"

#include "khabar.h"
#include "seed_entities.h"

typedef kh_test_entity want;

/* The article's entity named `name`, or NULL. */
static const kh_article_entity *entity(const kh_enrichment *e,
                                       const char *name) {
    for (size_t i = 0; i < e->n_entities; i++)
        if (!strcmp(e->entities[i].name, name))
            return &e->entities[i];
    return NULL;
}

static const char *unit_text(const kh_article *a, const kh_entity_mention *m) {
    switch (m->where) {
    case KH_WHERE_TITLE: return a->title;
    case KH_WHERE_KICKER: return a->kicker;
    case KH_WHERE_STANDFIRST: return a->standfirst;
    case KH_WHERE_HEADING: return a->sections[m->section].heading;
    default: return a->sections[m->section].paragraphs[m->paragraph].text;
    }
}

/* Every mention: its text is the bytes at its offsets, its entity lists
 * it under the same canonical name, and the counts add up. */
static void check_consistent(const kh_article *a, const kh_enrichment *e) {
    size_t total = 0;
    for (size_t i = 0; i < e->n_entities; i++) {
        total += e->entities[i].mentions;
        assert_true(e->entities[i].first < e->n_mentions);
        assert_int_equal(e->mentions[e->entities[i].first].entity, i);
        if (i)
            assert_true(e->entities[i - 1].mentions >= e->entities[i].mentions);
    }
    assert_int_equal(total, e->n_mentions);
    for (size_t i = 0; i < e->n_mentions; i++) {
        const kh_entity_mention *m = &e->mentions[i];
        assert_true(m->entity < e->n_entities);
        assert_string_equal(m->canonical, e->entities[m->entity].name);
        assert_int_equal(m->end - m->offset, m->len);
        assert_int_equal(strlen(m->text), m->len);
        if (a)
            assert_memory_equal(unit_text(a, m) + m->offset, m->text, m->len);
    }
}

static void check_wanted(const kh_enrichment *e, const want *w, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const kh_article_entity *x = entity(e, w[i].name);
        if (!x)
            print_error("entity '%s' not found\n", w[i].name);
        assert_non_null(x);
        assert_int_equal(x->type, w[i].type);
    }
}

static const char *date_from(const kh_enrichment *e, const char *text) {
    for (size_t i = 0; i < e->n_dates; i++)
        if (!strcmp(e->dates[i].text, text))
            return e->dates[i].from;
    return "";
}

/* Cleans and enriches the text file at path. */
static kh_enrichment *enrich_file(const char *path, const kh_enricher *en,
                                  kh_article **a) {
    size_t len = 0;
    char *buf = kh_test_slurp(path, &len);
    assert_non_null(buf);
    kh_cleaner *cl;
    kh_error err = {0};
    kh_enrichment *e = NULL;
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    assert_int_equal(kh_clean_text(cl, buf, len, NULL, a, &err), KH_OK);
    assert_int_equal(kh_enrich_article(en, NULL, *a, &e, &err), KH_OK);
    kh_cleaner_free(cl);
    free(buf);
    return e;
}

static void test_fixture(void **state) {
    (void)state;
    kh_enricher *en;
    kh_error err = {0};
    kh_article *a;
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    kh_enrichment *e = enrich_file("tests/fixtures/enrich/summit.txt", en, &a);
    static const want w[] = {
        {"एस जयशंकर", KH_ENTITY_PERSON},
        {"एंटनी ब्लिंकन", KH_ENTITY_PERSON},
        {"भारत", KH_ENTITY_LOCATION},
        {"अमेरिका", KH_ENTITY_LOCATION},
        {"जापान", KH_ENTITY_LOCATION},
        {"नई दिल्ली", KH_ENTITY_LOCATION},
        {"विदेश मंत्रालय", KH_ENTITY_ORGANIZATION},
        {"संयुक्त राष्ट्र", KH_ENTITY_ORGANIZATION},
    };
    check_wanted(e, w, sizeof w / sizeof *w);
    check_consistent(a, e);
    /* the title's जयशंकर is named by the body's full name, and the
     * person named in title and two paragraphs comes first */
    assert_int_equal(e->mentions[0].where, KH_WHERE_TITLE);
    assert_string_equal(e->mentions[0].text, "जयशंकर");
    assert_string_equal(e->mentions[0].canonical, "एस जयशंकर");
    assert_string_equal(e->entities[0].name, "एस जयशंकर");
    assert_int_equal(e->entities[0].mentions, 3);
    assert_string_equal(date_from(e, "12 मार्च"), "2024-03-12");
    /* the keyword of जयशंकर, which is always part of that name, is the
     * full name; the word alone is no keyword */
    int named = 0;
    for (size_t i = 0; i < e->n_keywords; i++) {
        assert_string_not_equal(e->keywords[i].text, "जयशंकर");
        if (!strcmp(e->keywords[i].text, "एस जयशंकर")) {
            assert_string_equal(e->keywords[i].stem, "जयशंकर");
            named = 1;
        }
    }
    assert_true(named);
    kh_enrichment_free(e);
    kh_article_free(a);
    kh_enricher_free(en);
}

static void test_seed_golden(void **state) {
    (void)state;
    char path[1024];
    if (!kh_test_shared("seed/000_589a699176fbe262.txt", path, sizeof path))
        skip();
    kh_enricher *en;
    kh_error err = {0};
    kh_article *a;
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    kh_enrichment *e = enrich_file(path, en, &a);
    size_t nw;
    const want *w = kh_test_seed_entities(&nw);
    check_wanted(e, w, nw);
    check_consistent(a, e);
    /* पुतिन, PM Modi, पीएम मोदी: one entity each under the full name */
    for (size_t i = 0; i < e->n_mentions; i++) {
        if (!strcmp(e->mentions[i].text, "पुतिन"))
            assert_string_equal(e->mentions[i].canonical, "व्लादिमीर पुतिन");
        if (!strcmp(e->mentions[i].text, "पीएम मोदी"))
            assert_string_equal(e->mentions[i].canonical, "नरेंद्र मोदी");
    }
    assert_true(entity(e, "व्लादिमीर पुतिन")->mentions >= 5);
    assert_string_equal(date_from(e, "5 मई"), "2025-05-05");
    assert_string_equal(date_from(e, "22 अप्रैल"), "2025-04-22");
    kh_enrichment_free(e);
    kh_article_free(a);
    kh_enricher_free(en);
}

/* kh_enrich_text: offsets are bytes in the text; a lent tagger is used;
 * KH_ENRICH_NO_ENTITIES leaves the entities out and the rest as it was. */
static void test_text_options(void **state) {
    (void)state;
    const char *t = "पुतिन ने कहा कि रूस तैयार है. बाद में व्लादिमीर पुतिन "
                    "मॉस्को लौट गए और संयुक्त राष्ट्र को पत्र लिखा.";
    kh_tagger *tg;
    kh_enricher *en, *plain;
    kh_error err = {0};
    assert_int_equal(kh_tagger_new(&tg, &err), KH_OK);
    kh_enrich_options o = {.tagger = tg};
    kh_enrich_options p = {.flags = KH_ENRICH_NO_ENTITIES};
    assert_int_equal(kh_enricher_new(&o, &en, &err), KH_OK);
    assert_int_equal(kh_enricher_new(&p, &plain, &err), KH_OK);
    kh_enrichment *e, *f;
    assert_int_equal(
        kh_enrich_text(en, NULL, t, strlen(t), "2025-05-07", &e, &err), KH_OK);
    assert_int_equal(
        kh_enrich_text(plain, NULL, t, strlen(t), "2025-05-07", &f, &err),
        KH_OK);
    check_consistent(NULL, e);
    assert_true(e->n_mentions >= 3);
    for (size_t i = 0; i < e->n_mentions; i++) {
        const kh_entity_mention *m = &e->mentions[i];
        assert_int_equal(m->where, KH_WHERE_BODY);
        assert_memory_equal(t + m->offset, m->text, m->len);
    }
    assert_string_equal(e->mentions[0].text, "पुतिन");
    assert_string_equal(e->mentions[0].canonical, "व्लादिमीर पुतिन");
    assert_int_equal(e->entities[0].mentions, 2);
    assert_non_null(entity(e, "मॉस्को"));
    assert_int_equal(f->n_mentions, 0);
    assert_int_equal(f->n_entities, 0);
    assert_int_equal(f->fingerprint, e->fingerprint);
    assert_int_equal(f->n_keywords, e->n_keywords);
    char *js;
    assert_int_equal(kh_enrichment_to_json(f, &js, NULL, &err), KH_OK);
    assert_non_null(strstr(js, "\"entities\":[],\"entity_names\":[]"));
    free(js);
    assert_int_equal(kh_enrichment_to_json(e, &js, NULL, &err), KH_OK);
    assert_non_null(strstr(js, "{\"text\":\"पुतिन\",\"type\":\"PERSON\","
                               "\"canonical\":\"व्लादिमीर पुतिन\",\"entity\":0,"
                               "\"where\":\"body\",\"section\":0,"
                               "\"paragraph\":0,\"offset\":0,\"end\":15}"));
    assert_non_null(strstr(js, "{\"name\":\"व्लादिमीर पुतिन\",\"type\":"
                               "\"PERSON\",\"mentions\":2}"));
    free(js);
    kh_enrichment_free(e);
    kh_enrichment_free(f);
    kh_enricher_free(en);
    kh_enricher_free(plain);
    kh_tagger_free(tg); /* after the enricher that borrowed it */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture),
        cmocka_unit_test(test_seed_golden),
        cmocka_unit_test(test_text_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
