/*
 * test_read_html.c — the HTML reader through kh_clean_html(): metadata from
 * meta tags, JSON-LD and <link rel=canonical>; the article body found among
 * page chrome; chrome inside the body listed as removed; scripts never read
 * as text; pages without an article reported, broken and deeply nested
 * markup survived; text stand-ins (read/standin.c) put back exactly and
 * never changing what is read, on tricky pages and on thousands of pages
 * assembled at random from fragments of markup. Fixtures are our own
 * pages.
 */
#include "testutil.h"

#include "khabar.h"
#include "read.h"

static int has_removed(const kh_article *a, const char *text, kh_removal why) {
    for (size_t i = 0; i < a->n_removed; i++)
        if (!strcmp(a->removed[i].text, text) && a->removed[i].reason == why)
            return 1;
    return 0;
}

static void test_page(void **state) {
    (void)state;
    size_t len;
    char *buf = kh_test_slurp("tests/fixtures/clean/lake.html", &len);
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
    char *buf = kh_test_slurp("tests/fixtures/clean/empty.html", &len);
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

/* Reads the page with and without stand-ins; fails on any difference. */
static void read_both(const char *page, size_t len) {
    kh_rawdoc a, b;
    kh_rawdoc_init(&a);
    kh_rawdoc_init(&b);
    kh_status sa = kh_read_html_with(page, len, 1, &a, NULL);
    kh_status sb = kh_read_html_with(page, len, 0, &b, NULL);
    int same = sa == sb && a.n_blocks == b.n_blocks;
    for (size_t i = 0; same && i < a.n_blocks; i++) {
        const kh_block *x = &a.blocks[i], *y = &b.blocks[i];
        same = x->len == y->len && x->line == y->line && x->flags == y->flags &&
               x->reason == y->reason &&
               !memcmp(a.base + x->off, b.base + y->off, x->len);
    }
    for (int f = 0; same && f < KH_META_COUNT; f++)
        same = (!a.meta[f] && !b.meta[f]) ||
               (a.meta[f] && b.meta[f] && !strcmp(a.meta[f], b.meta[f]));
    if (!same)
        print_error("stand-ins changed the reading of: %.*s\n", (int)len, page);
    assert_true(same);
    kh_rawdoc_free(&a);
    kh_rawdoc_free(&b);
}

#define LONG_HI "नगर निगम ने आज शहर के सभी पार्कों में नई बेंचें लगाने का काम शुरू किया"
#define LONG_EN "The council began fixing the benches in every park of the city"

static void test_standins(void **state) {
    (void)state;
    /* a plain page: runs are swapped out, and put back byte for byte */
    const char page[] =
        "<html><head><title>" LONG_HI "</title></head><body>"
        "<article><h1>" LONG_HI "</h1><p>" LONG_HI " &amp; " LONG_EN
        "</p><p>" LONG_EN "</p></article></body></html>";
    kh_standin x;
    assert_int_equal(kh_standin_make(page, sizeof page - 1, &x), 0);
    assert_non_null(x.doc);
    assert_true(x.n >= 4);
    assert_true(x.len < sizeof page - 1);
    for (size_t k = 0; k < x.n; k++)
        assert_true(x.runs[k].len >= 24); /* only runs worth a stand-in */
    const char *m = memchr(x.doc, '\xF4', x.len);
    assert_non_null(m);
    char t[KH_STANDIN_SIZE + 1];
    memcpy(t, m, KH_STANDIN_SIZE);
    t[KH_STANDIN_SIZE] = '\0';
    kh_buf b = {0};
    assert_int_equal(kh_standin_append(&x, &b, t), 0);
    assert_int_equal(kh_standin_len(&x, t), b.len);
    assert_strn_equal(b.data, b.len, LONG_HI); /* the title, first */
    kh_buf_free(&b);
    kh_standin_free(&x);
    read_both(page, sizeof page - 1);

    /* pages where a stand-in could change the tree: each must read the
     * same as without stand-ins (the reader checks and parses again) */
    static const char *const tricky[] = {
        "<svg><style><a title=\"x>" LONG_HI "\">q</a></style></svg><p>" LONG_HI,
        "<svg><title>" LONG_EN "<div class=\"" LONG_EN "\">" LONG_HI "</div>"
        "</title></svg><p>" LONG_HI "</p>",
        "<script><!--<script>var a='" LONG_EN "';</script> " LONG_HI
        " <div class='a>b'>" LONG_HI "</div></script><p>" LONG_HI "</p>",
        "<svg><![CDATA[ " LONG_HI " > " LONG_EN " ]]></svg><p>" LONG_HI "</p>",
        "<p>" LONG_HI "</p><frameset>" LONG_HI "</frameset>",
        "<table>" LONG_HI "<tr><td>" LONG_HI "</td></tr></table><p>" LONG_EN,
        "<p>&amp" LONG_EN " &nbsp" LONG_HI " &#x915;" LONG_HI "</p>",
        "<p>" LONG_HI "<!-->" LONG_HI "--><p title='" LONG_HI "'>" LONG_EN,
        "<title>" LONG_HI "<meta charset=\"" LONG_EN "\"></title><p>" LONG_HI,
        "<p>" LONG_HI "\x01\xC2\x85 " LONG_EN " \xEF\xB7\x90 " LONG_HI "</p>",
        "<!DOCTYPE " LONG_EN "><p>" LONG_HI "</p>",
        "<p>a < " LONG_HI " </" LONG_EN " <?" LONG_EN "> <" LONG_HI "</p>",
        "<textarea>" LONG_HI "</textarea><plaintext>" LONG_HI "</p>" LONG_EN,
        "<math><mi>" LONG_HI "<style>" LONG_EN
        "</style></mi></math><p>" LONG_HI,
    };
    for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++)
        read_both(tricky[i], strlen(tricky[i]));

    /* pages assembled from fragments by a fixed pseudo-random sequence */
    static const char *const frag[] = {
        "<p>",
        "</p>",
        "<div class=\"a\">",
        "</div>",
        "<svg>",
        "</svg>",
        "<math>",
        "</math>",
        "<title>",
        "</title>",
        "<style>",
        "</style>",
        "<script>",
        "</script>",
        "<textarea>",
        "</textarea>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<table>",
        "<tr><td>",
        "</td></tr></table>",
        "&amp;",
        "&nbsp",
        "&#2325;",
        "<a title=\"x>y\">",
        "<a title='",
        "'>",
        "\"",
        "=",
        "<!DOCTYPE html>",
        "<br/>",
        "</",
        "<",
        ">",
        "-",
        "!",
        "<foreignObject>",
        "<h1>",
        "</h1>",
        "<article>",
        "</article>",
        "<div itemprop=\"articleBody\">",
        " ",
        "\n",
        "\t",
        "\xC2\xA0",
        LONG_HI,
        LONG_HI,
        LONG_HI,
        LONG_EN,
        LONG_EN,
        "\xF0\x9F\x98\x80",
        "<plaintext>",
        "<noscript>",
        "</noscript>",
        "<iframe>",
        "</iframe>",
    };
    size_t nf = sizeof frag / sizeof *frag;
    char *buf = malloc(64 * 256);
    assert_non_null(buf);
    uint32_t r = 20250505u;
    for (int k = 0; k < 1500; k++) {
        size_t n = 0;
        r = r * 1664525u + 1013904223u;
        int parts = 5 + (int)(r >> 26);
        for (int j = 0; j < parts; j++) {
            r = r * 1664525u + 1013904223u;
            const char *f = frag[(r >> 8) % nf];
            size_t fl = strlen(f);
            memcpy(buf + n, f, fl);
            n += fl;
        }
        read_both(buf, n);
    }
    free(buf);
}

/* An articleBody container with no text (filled by script on the live
 * page) is passed over for the element that holds the paragraphs. */
static void test_empty_article_body(void **state) {
    (void)state;
    const char page[] = "<html><body><div itemprop=\"articleBody\"></div>"
                        "<div class=\"story\"><p>" LONG_HI "।</p><p>" LONG_HI
                        " और दूसरा वाक्य भी।</p></div></body></html>";
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_article *a = NULL;
    assert_int_equal(kh_clean_html(cl, page, sizeof page - 1, NULL, &a, &err),
                     KH_OK);
    assert_true(a->n_sections >= 1);
    assert_true(a->sections[0].n_paragraphs >= 1);
    kh_article_free(a);
    kh_cleaner_free(cl);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_no_article),
        cmocka_unit_test(test_broken_markup),
        cmocka_unit_test(test_dates_to_iso),
        cmocka_unit_test(test_standins),
        cmocka_unit_test(test_empty_article_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
