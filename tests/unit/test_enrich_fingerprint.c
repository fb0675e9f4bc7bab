/*
 * test_enrich_fingerprint.c — near-duplicate fingerprints: the same body
 * gives the same fingerprint whatever the title, a light edit moves it a
 * few bits, an unrelated article lands far; grouping matches a
 * brute-force pass on seeded clusters at several distances.
 */
#include "testutil.h"

#include "khabar.h"

static uint64_t fp_of(const char *text) {
    kh_enricher *en;
    kh_error err = {0};
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    kh_enrichment *e;
    assert_int_equal(
        kh_enrich_text(en, NULL, text, strlen(text), NULL, &e, &err), KH_OK);
    uint64_t fp = e->fingerprint;
    kh_enrichment_free(e);
    kh_enricher_free(en);
    return fp;
}

static const char *const story =
    "शहर के पुराने तालाब की सफाई का काम सोमवार से शुरू हुआ. नगर निगम के "
    "कर्मचारियों ने सुबह से तालाब के किनारे जमा कचरा हटाया और पानी में उगी "
    "जलकुंभी निकाली. निगम आयुक्त ने बताया कि सफाई का पहला चरण दस दिन में पूरा "
    "होगा और इसके बाद किनारों पर पौधे लगाए जाएंगे. मोहल्ले के लोगों ने भी "
    "श्रमदान में हिस्सा लिया और बच्चों ने तालाब को साफ रखने की शपथ ली. "
    "अधिकारियों के अनुसार बारिश से पहले तालाब की गहराई बढ़ाई जाएगी ताकि "
    "ज्यादा पानी जमा हो सके.";

static const char *const edited = /* a word changed, a comma added */
    "शहर के पुराने तालाब की सफाई का काम सोमवार से शुरू हुआ. नगर निगम के "
    "कर्मचारियों ने सुबह से तालाब के किनारे जमा कचरा हटाया और पानी में उगी "
    "जलकुंभी निकाली. निगम आयुक्त ने बताया कि सफाई का पहला चरण दस दिन में पूरा "
    "होगा और इसके बाद किनारों पर पौधे लगाए जाएंगे. मोहल्ले के लोगों ने भी "
    "श्रमदान में हिस्सा लिया और बच्चों ने तालाब को साफ रखने की शपथ ली. "
    "अधिकारियों के मुताबिक, बारिश से पहले तालाब की गहराई बढ़ाई जाएगी ताकि "
    "ज्यादा पानी जमा हो सके.";

static const char *const other =
    "राज्य के स्कूलों में नया शैक्षणिक सत्र एक जुलाई से शुरू होगा. शिक्षा "
    "विभाग ने सभी जिलों को किताबें समय पर पहुंचाने के निर्देश दिए हैं. इस बार "
    "छात्रों को मुफ्त साइकिल और वर्दी भी दी जाएगी. शिक्षकों का प्रशिक्षण अगले "
    "सप्ताह से जिला मुख्यालयों पर होगा, जिसमें नई पढ़ाई की पद्धति सिखाई जाएगी. "
    "विभाग ने अभिभावकों से बच्चों का नामांकन जल्द कराने की अपील की है.";

static void test_distance(void **state) {
    (void)state;
    uint64_t a = fp_of(story), b = fp_of(edited), c = fp_of(other);
    assert_true(a != 0);
    assert_true(a == fp_of(story));
    printf("edited %u bits, unrelated %u bits\n", kh_fingerprint_distance(a, b),
           kh_fingerprint_distance(a, c));
    assert_true(kh_fingerprint_distance(a, b) <= KH_FINGERPRINT_NEAR);
    assert_true(kh_fingerprint_distance(a, c) > KH_FINGERPRINT_NEAR);
    assert_int_equal(kh_fingerprint_distance(0, ~0ull), 64);
    assert_int_equal(kh_fingerprint_distance(5, 6), 2);
}

static void test_title_ignored(void **state) {
    (void)state;
    /* syndicated copies retitle: the fingerprint reads the body only */
    kh_cleaner *cl;
    kh_enricher *en;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    uint64_t fp[2];
    const char *titles[2] = {"तालाब की सफाई शुरू", "पुराने तालाब को मिलेगा नया रूप"};
    for (int i = 0; i < 2; i++) {
        char buf[4096];
        snprintf(buf, sizeof buf, "%s\n\n%s\n", titles[i], story);
        kh_article *a;
        kh_enrichment *e;
        assert_int_equal(kh_clean_text(cl, buf, strlen(buf), NULL, &a, &err),
                         KH_OK);
        assert_int_equal(kh_enrich_article(en, NULL, a, &e, &err), KH_OK);
        fp[i] = e->fingerprint;
        kh_enrichment_free(e);
        kh_article_free(a);
    }
    assert_true(fp[0] == fp[1]);
    kh_enricher_free(en);
    kh_cleaner_free(cl);
}

static uint64_t rng = 7;
static uint64_t next(void) {
    uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t root(size_t *p, size_t i) {
    while (p[i] != i)
        i = p[i];
    return i;
}

static void test_groups(void **state) {
    (void)state;
    enum { N = 3000 };
    uint64_t *fp = malloc(N * sizeof *fp);
    size_t *g = malloc(N * sizeof *g), *bf = malloc(N * sizeof *bf);
    /* clusters: a base and copies with up to 14 bits flipped */
    for (size_t i = 0; i < N; i++) {
        if (i % 5 == 0) {
            fp[i] = next();
        } else {
            fp[i] = fp[i - i % 5];
            unsigned flips = (unsigned)(next() % 15);
            for (unsigned k = 0; k < flips; k++)
                fp[i] ^= 1ull << (next() % 64);
        }
    }
    kh_error err = {0};
    const unsigned dists[] = {0, 3, 7, 12, 15};
    for (size_t t = 0; t < sizeof dists / sizeof *dists; t++) {
        assert_int_equal(kh_fingerprint_groups(fp, N, dists[t], g, &err),
                         KH_OK);
        for (size_t i = 0; i < N; i++)
            bf[i] = i;
        for (size_t i = 0; i < N; i++)
            for (size_t j = i + 1; j < N; j++)
                if (kh_fingerprint_distance(fp[i], fp[j]) <= dists[t]) {
                    size_t a = root(bf, i), b = root(bf, j);
                    if (a < b)
                        bf[b] = a;
                    else if (b < a)
                        bf[a] = b;
                }
        for (size_t i = 0; i < N; i++)
            assert_int_equal(g[i], root(bf, i));
    }
    assert_int_equal(kh_fingerprint_groups(fp, 1, 12, g, &err), KH_OK);
    assert_int_equal(g[0], 0);
    assert_int_equal(kh_fingerprint_groups(NULL, 0, 12, NULL, &err), KH_OK);
    assert_int_equal(kh_fingerprint_groups(NULL, 3, 12, g, &err), KH_ERR_ARG);
    free(fp), free(g), free(bf);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_title_ignored),
        cmocka_unit_test(test_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
