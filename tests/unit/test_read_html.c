/*
 * test_read_html.c — the HTML reader through kh_clean_html(): metadata from
 * meta tags, JSON-LD and <link rel=canonical>; the article body found among
 * page chrome; chrome inside the body listed as removed; scripts never read
 * as text; pages without an article reported, broken and deeply nested
 * markup survived. Fixtures are our own pages.
 */
#include "testutil.h"

#include "khabar.h"
#include "read.h"

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) {
        b[n] = '\0';
        *len = (size_t)n;
    }
    return b;
}

static int has_removed(const kh_article *a, const char *text, kh_removal why) {
    for (size_t i = 0; i < a->n_removed; i++)
        if (!strcmp(a->removed[i].text, text) && a->removed[i].reason == why)
            return 1;
    return 0;
}

static void test_page(void **state) {
    (void)state;
    size_t len;
    char *buf = slurp("tests/fixtures/clean/lake.html", &len);
    assert_non_null(buf);
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_article *a;
    assert_int_equal(kh_clean(cl, KH_INPUT_AUTO, buf, len, NULL, &a, &err),
                     KH_OK);
    assert_int_equal(a->format, KH_INPUT_HTML);
    assert_string_equal(a->title, "शहर की झील में फिर खिले कमल, सफाई मुहिम शुरू");
    assert_string_equal(a->published, "2024-03-10T09:15:00+05:30");
    assert_string_equal(a->updated, "2024-03-11T18:00:00+05:30");
    assert_string_equal(a->author, "राधा वर्मा");
    assert_string_equal(a->section, "शहर");
    assert_string_equal(a->source, "नगर समाचार");
    assert_string_equal(a->canonical_url,
                        "https://example.com/shahar/jheel-kamal");
    assert_non_null(a->standfirst); /* the meta description */
    assert_int_equal(a->n_sections, 2);
    assert_null(a->sections[0].heading);
    assert_string_equal(a->sections[1].heading, "लोगों की राय");
    /* inline markup joins its text: "<b>पांच सौ</b>" */
    assert_non_null(
        strstr(a->sections[0].paragraphs[1].text, "इसके लिए पांच सौ पौधे"));
    assert_true(
        has_removed(a, "झील का किनारा (फोटो: नगर निगम)", KH_RM_CAPTION));
    assert_true(has_removed(a, "Advertisement", KH_RM_ADVERT));
    assert_true(has_removed(a, "नया पुल खुला", KH_RM_RELATED_LINK));
    assert_true(
        has_removed(a, "यह भी पढ़ें: शहर में नई बस सेवा शुरू", KH_RM_RELATED_LINK));
    /* neither script nor style text, nor the nav outside the article */
    char *js;
    assert_int_equal(kh_article_to_json(a, 0, &js, NULL, &err), KH_OK);
    assert_null(strstr(js, "not text"));
    assert_null(strstr(js, "color:red"));
    assert_null(strstr(js, "होम"));
    free(js);
    kh_article_free(a);
    kh_cleaner_free(cl);
    free(buf);
}

static void test_no_article(void **state) {
    (void)state;
    size_t len;
    char *buf = slurp("tests/fixtures/clean/empty.html", &len);
    assert_non_null(buf);
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_article *a = NULL;
    assert_int_equal(kh_clean_html(cl, buf, len, NULL, &a, &err),
                     KH_ERR_NOT_FOUND);
    assert_null(a);
    assert_non_null(strstr(err.message, "no article"));
    assert_int_equal(kh_clean_html(cl, "", 0, NULL, &a, &err),
                     KH_ERR_NOT_FOUND);
    kh_cleaner_free(cl);
    free(buf);
}

static void test_broken_markup(void **state) {
    (void)state;
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    const char soup[] = "<p>पहला अनुच्छेद यहां है और यह काफी लंबा है ताकि गिना जाए"
                        "<p>दूसरा अनुच्छेद भी यहां है, बिना बंद टैग के लिखा गया"
                        "<div><b>तीसरा <i>हिस्सा</b> अधूरा</i>";
    kh_article *a = NULL;
    assert_int_equal(kh_clean_html(cl, soup, sizeof soup - 1, NULL, &a, &err),
                     KH_OK);
    assert_true(a->n_sections >= 1);
    assert_true(a->sections[0].n_paragraphs >= 2);
    kh_article_free(a);
    /* very deep nesting: no recursion to overflow */
    size_t depth = 20000;
    char *deep = malloc(depth * 5 + 200);
    size_t n = 0;
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(deep + n, "<div>");
    n += (size_t)sprintf(deep + n, "<p>गहराई में छिपा हुआ एक लंबा वाक्य यहां है।</p>");
    kh_status st = kh_clean_html(cl, deep, n, NULL, &a, &err);
    assert_true(st == KH_OK || st == KH_ERR_NOT_FOUND);
    kh_article_free(a);
    free(deep);
    kh_cleaner_free(cl);
}

static void test_dates_to_iso(void **state) {
    (void)state;
    char out[40];
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Wed, 16 Jul 2025 21:25:41 +0530", "2025-07-16T21:25:41+05:30"},
        {"2021-01-17T09:14:05Z", "2021-01-17T09:14:05Z"},
        {"2020-03-01", "2020-03-01"},
        {"01 Mar 2020, 02:53:00 PM IST", "2020-03-01T14:53:00+05:30"},
        {"Sat, 14 Mar 2020 12:05 AM GMT", "2020-03-14T00:05:00Z"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(
            kh_date_to_iso(cases[i].in, strlen(cases[i].in), out, sizeof out),
            1);
        assert_string_equal(out, cases[i].want);
    }
    assert_int_equal(
        kh_date_to_iso("कल शाम", strlen("कल शाम"), out, sizeof out), 0);
    assert_int_equal(kh_date_to_iso("31 Feb 2020 99:00", 17, out, sizeof out),
                     0);
    assert_int_equal(kh_detect_format("  <!DOCTYPE html><p>", 20),
                     KH_INPUT_HTML);
    assert_int_equal(kh_detect_format("{\"id\":1}\n", 9), KH_INPUT_JSONL);
    assert_int_equal(kh_detect_format("<3 दिल", 8), KH_INPUT_TEXT);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_no_article),
        cmocka_unit_test(test_broken_markup),
        cmocka_unit_test(test_dates_to_iso),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
