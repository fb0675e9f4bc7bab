/*
 * test_ner.c — named entities: the CoNLL reader, the tagger (valid BIO,
 * offsets, a corrupt model refused, shared between threads), one entity
 * one name (the namebook), and golden tests on the shared seed article
 * (read from $SHARED at test time; skipped when absent) and on our own
 * fixture article.
 */
#include "seed_entities.h"
#include "testutil.h"

#include "enrich.h"
#include "khabar.h"

#include <pthread.h>

static void test_names(void **state) {
    (void)state;
    assert_string_equal(kh_ner_tag_name(KH_TAG_O), "O");
    assert_string_equal(kh_ner_tag_name(KH_TAG_I_ORGANIZATION),
                        "I-ORGANIZATION");
    assert_string_equal(kh_entity_type_name(KH_ENTITY_LOCATION), "LOCATION");
    assert_int_equal(kh_ner_tag_parse("B-PER", 5), KH_TAG_B_PERSON);
    assert_int_equal(kh_ner_tag_parse("I-LOCATION", 10), KH_TAG_I_LOCATION);
    assert_int_equal(kh_ner_tag_parse("B-MISC", 6), KH_TAG_O);
    assert_int_equal(kh_ner_tag_parse("NN", 2), -1);
}

static void test_conll_reader(void **state) {
    (void)state;
    const char *in = "\n\nराम\tNNP\tB-PER\r\nने\tO\n  \n\n"
                     "दिल्ली\tB-LOC\nमें\nx\tB-MISC";
    kh_conll c;
    assert_int_equal(kh_conll_parse(&c, in, strlen(in), NULL), KH_OK);
    assert_int_equal(c.n_sents, 2);
    assert_int_equal(c.n_tokens, 5);
    assert_strn_equal(c.tok[0], c.tok_len[0], "राम");
    assert_int_equal(c.gold[0], KH_TAG_B_PERSON);
    assert_int_equal(c.gold[1], KH_TAG_O);
    assert_int_equal(c.sent_start[1], 2);
    assert_strn_equal(c.tok[2], c.tok_len[2], "दिल्ली");
    assert_int_equal(c.gold[2], KH_TAG_B_LOCATION);
    assert_int_equal(c.gold[3], KH_TAG_O); /* no tag column */
    assert_int_equal(c.gold[4], KH_TAG_O); /* another type */
    kh_conll_free(&c);
    assert_int_equal(kh_conll_parse(&c, "", 0, NULL), KH_OK);
    assert_int_equal(c.n_sents, 0);
    kh_conll_free(&c);
}

static kh_tagger *tagger(void) {
    kh_tagger *tg = NULL;
    kh_error err = {0};
    kh_status st = kh_tagger_new(&tg, &err);
    if (st)
        print_error("%s\n", err.message);
    assert_int_equal(st, KH_OK);
    return tg;
}

/* Tags a space-separated sentence. */
static void tag_words(const kh_tagger *tg, const char *s, uint8_t *tags,
                      size_t *n) {
    const char *tok[64];
    size_t len[64];
    *n = 0;
    while (*s && *n < 64) {
        while (*s == ' ')
            s++;
        const char *e = strchr(s, ' ');
        if (!e)
            e = s + strlen(s);
        if (e > s) {
            tok[*n] = s;
            len[(*n)++] = (size_t)(e - s);
        }
        s = e;
    }
    assert_int_equal(kh_tag_tokens(tg, tok, len, *n, tags, NULL), KH_OK);
}

static void test_tag_tokens(void **state) {
    (void)state;
    kh_tagger *tg = tagger();
    uint8_t tags[64];
    size_t n;
    tag_words(tg,
              "प्रधानमंत्री नरेंद्र मोदी ने शनिवार को लखनऊ में भारतीय जनता "
              "पार्टी के कार्यकर्ताओं से बात की .",
              tags, &n);
    assert_int_equal(tags[0], KH_TAG_O);
    assert_int_equal(tags[1], KH_TAG_B_PERSON);
    assert_int_equal(tags[2], KH_TAG_I_PERSON);
    assert_int_equal(tags[6], KH_TAG_B_LOCATION);
    assert_int_equal(tags[8], KH_TAG_B_ORGANIZATION);
    /* always valid BIO */
    for (size_t i = 0; i < n; i++)
        if (tags[i] && !(tags[i] & 1))
            assert_true(i > 0 &&
                        (tags[i - 1] == tags[i] || tags[i - 1] == tags[i] - 1));
    assert_int_equal(kh_tag_tokens(tg, NULL, NULL, 0, tags, NULL), KH_OK);
    kh_error err = {0};
    assert_int_equal(kh_tag_tokens(NULL, NULL, NULL, 1, tags, &err),
                     KH_ERR_ARG);
    /* a sentence longer than the stack buffers */
    const char *many[300];
    size_t lens[300];
    uint8_t big[300];
    for (int i = 0; i < 300; i++) {
        many[i] = i % 3 ? "और" : "दिल्ली";
        lens[i] = strlen(many[i]);
    }
    assert_int_equal(kh_tag_tokens(tg, many, lens, 300, big, NULL), KH_OK);
    kh_tagger_free(tg);
}

static void test_corrupt_model(void **state) {
    (void)state;
    kh_tagger *tg = NULL;
    kh_error err = {0};
    assert_int_equal(kh_tagger_load("nonsense", 8, &tg, &err), KH_ERR_CORRUPT);
    assert_null(tg);
    assert_int_equal(
        kh_tagger_load(kh_ner_model_blob, kh_ner_model_blob_len - 1, &tg, &err),
        KH_ERR_CORRUPT);
    unsigned char *copy = malloc(kh_ner_model_blob_len);
    memcpy(copy, kh_ner_model_blob, kh_ner_model_blob_len);
    copy[kh_ner_model_blob_len / 2] ^= 0x55;
    assert_int_equal(kh_tagger_load(copy, kh_ner_model_blob_len, &tg, &err),
                     KH_ERR_CORRUPT);
    assert_int_equal(
        kh_tagger_load(kh_ner_model_blob, kh_ner_model_blob_len, &tg, &err),
        KH_OK);
    assert_true(tg->model.n_features > 1000);
    kh_tagger_free(tg);
    free(copy);
}

static size_t group_of(kh_namebook *nb, kh_entity_type t, const char *name) {
    size_t g;
    assert_int_equal(kh_namebook_add(nb, t, name, strlen(name), &g, NULL),
                     KH_OK);
    return g;
}

static void test_namebook(void **state) {
    (void)state;
    kh_namebook *nb;
    assert_int_equal(kh_namebook_new(&nb, NULL), KH_OK);
    size_t p1 = group_of(nb, KH_ENTITY_PERSON, "पुतिन");
    size_t p2 = group_of(nb, KH_ENTITY_PERSON, "व्लादिमीर पुतिन");
    size_t p3 = group_of(nb, KH_ENTITY_PERSON, "Vladimir Putin");
    size_t m1 = group_of(nb, KH_ENTITY_PERSON, "मोदी");
    size_t m2 = group_of(nb, KH_ENTITY_PERSON, "PM मोदी");
    size_t m3 = group_of(nb, KH_ENTITY_PERSON, "प्रधानमंत्री नरेंद्र मोदी");
    size_t m4 = group_of(nb, KH_ENTITY_PERSON, "नरेंद्र मोदी");
    size_t m5 = group_of(nb, KH_ENTITY_PERSON, "Narendra Modi");
    size_t m6 = group_of(nb, KH_ENTITY_PERSON, "मोदी जी");
    assert_int_equal(kh_namebook_group(nb, p1), kh_namebook_group(nb, p2));
    assert_int_equal(kh_namebook_group(nb, p1), kh_namebook_group(nb, p3));
    size_t m = kh_namebook_group(nb, m1);
    assert_int_equal(kh_namebook_group(nb, m2), m);
    assert_int_equal(kh_namebook_group(nb, m3), m);
    assert_int_equal(kh_namebook_group(nb, m4), m);
    assert_int_equal(kh_namebook_group(nb, m5), m);
    assert_int_equal(kh_namebook_group(nb, m6), m);
    assert_int_not_equal(m, kh_namebook_group(nb, p1));
    size_t len;
    assert_string_equal(kh_namebook_name(nb, p3, &len), "व्लादिमीर पुतिन");
    assert_int_equal(len, strlen("व्लादिमीर पुतिन"));
    assert_string_equal(kh_namebook_name(nb, m2, NULL), "नरेंद्र मोदी");
    /* a surname shared by two people joins neither */
    size_t s1 = group_of(nb, KH_ENTITY_PERSON, "सोनिया गांधी");
    size_t s2 = group_of(nb, KH_ENTITY_PERSON, "राहुल गांधी");
    size_t s3 = group_of(nb, KH_ENTITY_PERSON, "गांधी");
    assert_int_not_equal(kh_namebook_group(nb, s1), kh_namebook_group(nb, s2));
    assert_int_not_equal(kh_namebook_group(nb, s3), kh_namebook_group(nb, s1));
    assert_int_not_equal(kh_namebook_group(nb, s3), kh_namebook_group(nb, s2));
    /* types never mix */
    size_t l1 = group_of(nb, KH_ENTITY_LOCATION, "मोदी");
    assert_int_not_equal(kh_namebook_group(nb, l1), m);
    assert_int_equal(kh_namebook_add(nb, KH_ENTITY_PERSON, " ", 1, NULL, NULL),
                     KH_ERR_ARG);
    kh_namebook_free(nb);
}

typedef kh_test_entity want;

/* Tags text as one document. */
static kh_entities *entities_of(const kh_tagger *tg, const char *text,
                                size_t len, kh_doc **doc_out) {
    kh_analyzer *an;
    kh_doc *doc;
    kh_entities *ents;
    assert_int_equal(kh_analyzer_new(NULL, &an, NULL), KH_OK);
    assert_int_equal(kh_doc_new(&doc, NULL), KH_OK);
    assert_int_equal(kh_entities_new(&ents, NULL), KH_OK);
    assert_int_equal(kh_analyze(an, doc, text, len, 0, NULL), KH_OK);
    assert_int_equal(kh_tag_doc(tg, doc, text, 0, ents, NULL), KH_OK);
    for (size_t i = 0; i < kh_entities_count(ents); i++) {
        const kh_entity *e = kh_entities_get(ents, i);
        assert_ptr_equal(e->text, text + e->start);
        assert_int_equal(e->text_len, e->end - e->start);
        assert_true(e->canonical && e->canonical_len > 0);
    }
    kh_analyzer_free(an);
    *doc_out = doc;
    return ents;
}

static const kh_entity *find_entity(const kh_entities *ents, const char *text) {
    for (size_t i = 0; i < kh_entities_count(ents); i++) {
        const kh_entity *e = kh_entities_get(ents, i);
        if (e->text_len == strlen(text) && !memcmp(e->text, text, e->text_len))
            return e;
    }
    return NULL;
}

static void test_seed_golden(void **state) {
    (void)state;
    char path[1024];
    if (!kh_test_shared("seed/000_589a699176fbe262.txt", path, sizeof path))
        return;
    size_t len;
    char *raw = kh_test_slurp(path, &len);
    assert_non_null(raw);
    kh_cleaner *cl;
    kh_article *a;
    assert_int_equal(kh_cleaner_new(NULL, &cl, NULL), KH_OK);
    assert_int_equal(kh_clean_text(cl, raw, len, NULL, &a, NULL), KH_OK);
    char *text;
    size_t tlen;
    assert_int_equal(kh_article_to_text(a, &text, &tlen, NULL), KH_OK);
    kh_tagger *tg = tagger();
    kh_doc *doc;
    kh_entities *ents = entities_of(tg, text, tlen, &doc);
    size_t nwants;
    const want *wants = kh_test_seed_entities(&nwants);
    for (size_t i = 0; i < nwants; i++) {
        const kh_entity *e = find_entity(ents, wants[i].name);
        if (!e)
            print_error("missing: %s\n", wants[i].name);
        assert_non_null(e);
        assert_int_equal(e->type, wants[i].type);
    }
    /* one entity, one name */
    const kh_entity *putin = find_entity(ents, "पुतिन");
    const kh_entity *full = find_entity(ents, "व्लादिमीर पुतिन");
    assert_non_null(putin);
    assert_int_equal(putin->group, full->group);
    assert_string_equal(putin->canonical, "व्लादिमीर पुतिन");
    const kh_entity *modi = find_entity(ents, "नरेंद्र मोदी");
    for (size_t i = 0; i < kh_entities_count(ents); i++) {
        const kh_entity *e = kh_entities_get(ents, i);
        if (e->type == KH_ENTITY_PERSON && strstr(e->canonical, "मोदी") != NULL)
            assert_int_equal(e->group, modi->group);
    }
    assert_string_equal(modi->canonical, "नरेंद्र मोदी");
    kh_entities_free(ents);
    kh_doc_free(doc);
    kh_tagger_free(tg);
    free(text);
    kh_article_free(a);
    kh_cleaner_free(cl);
    free(raw);
}

static void test_fixture_article(void **state) {
    (void)state;
    size_t len;
    char *text = kh_test_slurp("tests/fixtures/ner/article.txt", &len);
    assert_non_null(text);
    kh_tagger *tg = tagger();
    kh_doc *doc;
    kh_entities *ents = entities_of(tg, text, len, &doc);
    /* Every entity of the article (by hand). The tagger must find most of
     * them with the right type and never give one of them a wrong type. */
    static const want gold[] = {
        {"मोहन यादव", KH_ENTITY_PERSON},
        {"कैलाश विजयवर्गीय", KH_ENTITY_PERSON},
        {"शंकर लालवानी", KH_ENTITY_PERSON},
        {"यादव", KH_ENTITY_PERSON},
        {"विजयवर्गीय", KH_ENTITY_PERSON},
        {"इंदौर", KH_ENTITY_LOCATION},
        {"मध्य प्रदेश", KH_ENTITY_LOCATION},
        {"भोपाल", KH_ENTITY_LOCATION},
        {"जबलपुर", KH_ENTITY_LOCATION},
        {"विश्व बैंक", KH_ENTITY_ORGANIZATION},
        {"भारत सरकार", KH_ENTITY_ORGANIZATION},
        {"नगर निगम", KH_ENTITY_ORGANIZATION},
    };
    size_t found = 0, n = sizeof gold / sizeof *gold;
    for (size_t i = 0; i < n; i++) {
        const kh_entity *e = find_entity(ents, gold[i].name);
        if (!e) {
            printf("not found: %s\n", gold[i].name);
            continue;
        }
        assert_int_equal(e->type, gold[i].type);
        found++;
    }
    assert_true(found * 10 >= n * 8);
    const kh_entity *y = find_entity(ents, "यादव");
    assert_non_null(y);
    assert_string_equal(y->canonical, "मोहन यादव");
    assert_int_equal(y->group, find_entity(ents, "मोहन यादव")->group);
    /* the tags are those of the doc's tokens */
    const uint8_t *tags = kh_entities_tags(ents);
    const kh_entity *e0 = kh_entities_get(ents, 0);
    assert_int_equal(tags[e0->first_token] & 1, 1);
    assert_null(kh_entities_get(ents, kh_entities_count(ents)));
    kh_entities_free(ents);
    kh_doc_free(doc);
    kh_tagger_free(tg);
    free(text);
}

typedef struct job {
    const kh_tagger *tg;
    uint8_t tags[64];
    size_t n;
} job;

static void *tag_job(void *p) {
    job *j = p;
    for (int r = 0; r < 50; r++)
        tag_words(j->tg,
                  "रूसी राष्ट्रपति व्लादिमीर पुतिन ने कहा कि भारत और रूस "
                  "मिलकर काम करेंगे",
                  j->tags, &j->n);
    return NULL;
}

/* a word hash whose 32-bit key is x */
#define H(x) ((uint64_t)(x) << 32)

/* Words seen between the same neighbours share a cluster; words of other
 * neighbours do not; the built-in table knows a common word. */
static void test_clusters(void **state) {
    (void)state;
    enum { N = 4000 };
    uint64_t *w = malloc(N * sizeof *w);
    assert_non_null(w);
    size_t n = 0;
    /* two groups of two words, each between five left and five right
     * neighbours of its own */
    for (unsigned r = 0; n + 4 <= N; r++) {
        int person = r % 2;
        w[n++] = H((person ? 100 : 200) + r % 5);
        w[n++] = H((person ? 1000 : 2000) + (r / 2) % 2);
        w[n++] = H((person ? 110 : 210) + (r / 3) % 5);
        w[n++] = 0; /* sentence edge */
    }
    uint32_t *keys;
    uint8_t *ids;
    size_t m;
    assert_int_equal(kh_ner_clusters_learn(w, n, 2, 10, &keys, &ids, &m), 0);
    unsigned c[2][2] = {{0}};
    for (size_t i = 0; i < m; i++)
        for (int p = 0; p < 2; p++)
            for (unsigned j = 0; j < 2; j++)
                if (keys[i] == kh_ner_key32(H((p ? 1000u : 2000u) + j)))
                    c[p][j] = ids[i];
    for (unsigned j = 0; j < 2; j++) {
        assert_int_not_equal(c[0][j], 0);
        assert_int_equal(c[0][j], c[0][0]);
        assert_int_equal(c[1][j], c[1][0]);
    }
    assert_int_not_equal(c[0][0], c[1][0]);
    free(keys);
    free(ids);
    free(w);
    /* too few frequent words for the clusters asked */
    uint64_t few[] = {H(5), H(6), 0};
    assert_int_equal(kh_ner_clusters_learn(few, 3, 2, 5, &keys, &ids, &m), -1);
    kh_ner_tok t;
    kh_gazetteer g;
    kh_error err = {0};
    assert_int_equal(kh_gazetteer_build(&g, &err), KH_OK);
    kh_ner_tok_fill(&g, "ने", strlen("ने"), NULL, 0, &t);
    assert_int_not_equal(t.cluster, 0);
    kh_gazetteer_free(&g);
}

static void test_threads(void **state) {
    (void)state;
    kh_tagger *tg = tagger();
    job a = {.tg = tg}, b = {.tg = tg};
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, tag_job, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, tag_job, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.tags, b.tags, a.n);
    assert_int_equal(a.tags[2], KH_TAG_B_PERSON);
    kh_tagger_free(tg);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_conll_reader),
        cmocka_unit_test(test_tag_tokens),
        cmocka_unit_test(test_corrupt_model),
        cmocka_unit_test(test_namebook),
        cmocka_unit_test(test_seed_golden),
        cmocka_unit_test(test_fixture_article),
        cmocka_unit_test(test_clusters),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
