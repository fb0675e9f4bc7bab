/*
 * test_analyze_units.c — the index's view of an analysis: kh_doc_unit_at(),
 * the inline accessor over kh_doc_records(), gives every token the unit
 * kh_doc_unit() gives it, and both agree with the public token (start,
 * type, script, parts, norm), for norms that are their text and norms the
 * normalizer wrote (nukta, candrabindu, capitals, digits, compounds).
 */
#include "testutil.h"

#include "analyze.h"

static void check_units(unsigned flags, const char *text) {
    kh_error err = {0};
    kh_analyzer_options o = {flags};
    kh_analyzer *an = NULL;
    kh_doc *d = NULL;
    assert_int_equal(kh_analyzer_new(&o, &an, &err), KH_OK);
    assert_int_equal(kh_doc_new(&d, &err), KH_OK);
    assert_int_equal(kh_analyze(an, d, text, strlen(text), 0, &err), KH_OK);
    size_t n = kh_doc_token_count(d);
    assert_true(n > 10);
    const char *dtext = NULL;
    const kh_segtok *recs = kh_doc_records(d, &dtext);
    assert_ptr_equal(dtext, text);
    for (size_t i = 0; i < n; i++) {
        kh_unit a, b;
        kh_doc_unit(d, i, &a);
        kh_doc_unit_at(d, recs, dtext, i, &b);
        const kh_token *t = kh_doc_token(d, i);
        assert_non_null(t);
        assert_int_equal(a.start, b.start);
        assert_int_equal(a.start, t->start);
        assert_int_equal(a.type, b.type);
        assert_int_equal(a.type, t->type);
        assert_int_equal(a.script, b.script);
        assert_int_equal(a.script, t->script);
        assert_int_equal(a.n_parts, b.n_parts);
        assert_int_equal(a.n_parts, t->n_parts);
        assert_ptr_equal(a.norm, b.norm);
        assert_int_equal(a.norm_len, b.norm_len);
        assert_int_equal(a.norm_len, t->norm_len);
        assert_memory_equal(a.norm, t->norm, t->norm_len);
    }
    kh_doc_free(d);
    kh_analyzer_free(an);
}

static void test_units(void **state) {
    (void)state;
    const char *text =
        "प्रधानमंत्री नरेंद्र मोदी ने ज़िंदगी और पहुँच पर बात की। "
        "भारत-रूस संबंध, प्रधानमन्त्री, Delhi NEWS २०२५ में 5,000 लोग.\n\n"
        "डॉ. एस. के. शर्मा ने कहा कि फ़िल्म बड़ी है ... #टैग @user "
        "https://example.com/a?b=1 क्‍या बात है!\n";
    check_units(KH_ANALYZE_NO_SENTENCES, text);
    check_units(0, text);
    check_units(KH_ANALYZE_STEMS | KH_ANALYZE_KEYS, text);
    check_units(KH_ANALYZE_FOLD_VOWELS | KH_ANALYZE_NO_SENTENCES, text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
