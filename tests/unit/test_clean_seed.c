/*
 * test_clean_seed.c — the cleaner on whole articles: the shared seed scrape
 * (golden expectations from the issue, read from $SHARED at test time so no
 * copy of it lives here), our own seed-like fixture, whitespace and
 * invisible characters, bad UTF-8 and empty input.
 */
#include "testutil.h"

#include "khabar.h"

static kh_article *clean_text(const char *buf, size_t len, unsigned flags) {
    kh_cleaner *cl;
    kh_clean_options o = {flags};
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(&o, &cl, &err), KH_OK);
    kh_article *a = NULL;
    kh_status st = kh_clean_text(cl, buf, len, NULL, &a, &err);
    if (st)
        print_error("%s\n", err.message);
    assert_int_equal(st, KH_OK);
    kh_cleaner_free(cl);
    return a;
}

/* All the article's kept text, for "every sentence kept" checks. */
static char *kept_text(const kh_article *a) {
    size_t cap = 1;
    if (a->standfirst)
        cap += strlen(a->standfirst) + 1;
    for (size_t i = 0; i < a->n_sections; i++)
        for (size_t j = 0; j < a->sections[i].n_paragraphs; j++)
            cap += a->sections[i].paragraphs[j].len + 1;
    char *s = calloc(cap, 1);
    if (a->standfirst)
        strcat(strcat(s, a->standfirst), "\n");
    for (size_t i = 0; i < a->n_sections; i++)
        for (size_t j = 0; j < a->sections[i].n_paragraphs; j++)
            strcat(strcat(s, a->sections[i].paragraphs[j].text), "\n");
    return s;
}

static const kh_removed *find_removed(const kh_article *a, const char *text) {
    for (size_t i = 0; i < a->n_removed; i++)
        if (!strcmp(a->removed[i].text, text))
            return &a->removed[i];
    return NULL;
}

static const kh_date *find_date(const kh_article *a, const char *text) {
    for (size_t i = 0; i < a->n_dates; i++)
        if (!strcmp(a->dates[i].text, text))
            return &a->dates[i];
    return NULL;
}

/* Trims ASCII space and NBSP from both ends, in place. */
static char *trim(char *s) {
    for (;;) {
        if (*s == ' ')
            s++;
        else if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
            s += 2;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n && s[n - 1] == ' ')
            n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 &&
                 (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

static void test_seed_golden(void **state) {
    (void)state;
    char path[1024];
    if (!kh_test_shared("seed/000_589a699176fbe262.txt", path, sizeof path))
        skip();
    size_t len;
    char *buf = kh_test_slurp(path, &len);
    assert_non_null(buf);
    kh_article *a = clean_text(buf, len, 0);

    /* title = the first line */
    char *nl = strchr(buf, '\n');
    assert_non_null(nl);
    assert_int_equal(strlen(a->title), (size_t)(nl - buf));
    assert_memory_equal(a->title, buf, (size_t)(nl - buf));

    /* standfirst = the paragraph beginning "पुतिन ने मृतकों", once */
    assert_non_null(a->standfirst);
    assert_memory_equal(a->standfirst, "पुतिन ने मृतकों", strlen("पुतिन ने मृतकों"));
    for (size_t i = 0; i < a->n_sections; i++)
        for (size_t j = 0; j < a->sections[i].n_paragraphs; j++)
            assert_null(strstr(a->sections[i].paragraphs[j].text,
                               "पुतिन ने मृतकों के प्रति"));

    /* kicker split off its paragraph */
    assert_non_null(a->kicker);
    assert_string_equal(a->kicker, "Vladimir Putin Talk to PM Modi");
    assert_true(a->n_sections >= 1 && a->sections[0].n_paragraphs >= 1);
    assert_null(strstr(a->sections[0].paragraphs[0].text, "Vladimir"));

    /* the three furniture lines, each with its reason */
    const kh_removed *r = find_removed(a, "Date Updated");
    assert_non_null(r);
    assert_int_equal(r->reason, KH_RM_TIMESTAMP);
    assert_int_equal(r->line, 5);
    r = find_removed(a, "फॉलो करें:");
    assert_non_null(r);
    assert_int_equal(r->reason, KH_RM_SHARE_PROMPT);
    r = find_removed(a, "Courtesy: Social Media");
    assert_non_null(r);
    assert_int_equal(r->reason, KH_RM_CREDIT);
    size_t furniture = 0;
    for (size_t i = 0; i < a->n_removed; i++)
        furniture += a->removed[i].reason != KH_RM_STANDFIRST_REPEAT;
    assert_int_equal(furniture, 3);

    /* the two sections */
    assert_int_equal(a->n_sections, 3);
    assert_null(a->sections[0].heading);
    assert_string_equal(a->sections[1].heading, "भारत-रूस शिखर सम्मेलन");
    assert_string_equal(a->sections[2].heading, "आतंकवाद के खिलाफ वैश्विक एकजुटता");

    /* every body sentence kept word for word: each sentence of each body
     * line of the file appears in the kept text */
    char *kept = kept_text(a);
    char *copy = strdup(buf);
    int lineno = 0;
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        lineno++;
        char *t = trim(line);
        if (!*t || !strcmp(t, a->title) || find_removed(a, t) ||
            !strcmp(t, a->sections[1].heading) ||
            !strcmp(t, a->sections[2].heading))
            continue;
        if (!strncmp(t, a->kicker, strlen(a->kicker)))
            t = trim(t + strlen(a->kicker) + 1);
        for (char *s = t; *s;) {
            char *end = strstr(s, ". ");
            size_t n = end ? (size_t)(end - s) + 1 : strlen(s);
            char *sent = strndup(s, n);
            if (!strstr(kept, sent))
                print_error("sentence lost: %s\n", sent);
            assert_non_null(strstr(kept, sent));
            free(sent);
            s += n;
            while (*s == ' ')
                s++;
        }
    }
    assert_true(lineno > 10);
    free(copy);
    free(kept);

    /* dates, with the year inferred from "2025 के अंत में" */
    const kh_date *d = find_date(a, "5 मई");
    assert_non_null(d);
    assert_string_equal(d->iso, "2025-05-05");
    assert_true(d->year_inferred);
    d = find_date(a, "22 अप्रैल");
    assert_non_null(d);
    assert_string_equal(d->iso, "2025-04-22");
    kh_article_free(a);
    free(buf);
}

static void test_own_fixture(void **state) {
    (void)state;
    size_t len;
    char *buf = kh_test_slurp("tests/fixtures/clean/lake.txt", &len);
    assert_non_null(buf);
    kh_article *a = clean_text(buf, len, 0);
    assert_string_equal(a->title,
                        "शहर की झील में फिर खिले कमल, नगर निगम ने शुरू की सफाई मुहिम");
    assert_string_equal(a->kicker, "City Lake Cleanup");
    assert_non_null(a->standfirst);
    /* the NBSP at the end of the standfirst line is gone */
    assert_int_equal(a->standfirst[strlen(a->standfirst) - 1], '.');
    assert_int_equal(a->n_sections, 2);
    assert_string_equal(a->sections[1].heading, "लोगों की राय");
    /* a tab inside the paragraph became one space */
    assert_non_null(strstr(a->sections[0].paragraphs[0].text, "जाएगी. किनारे"));
    assert_int_equal(a->sections[0].paragraphs[0].lang, KH_LANG_HI);
    /* the repeated paragraph (danda instead of full stop, two spaces) is
     * kept once */
    assert_int_equal(a->sections[1].n_paragraphs, 1);
    static const struct {
        const char *text;
        kh_removal why;
    } want[] = {
        {"Published: 10 Mar 2024, 09:15 AM IST", KH_RM_TIMESTAMP},
        {"हमें फॉलो करें", KH_RM_SHARE_PROMPT},
        {"फोटो: नगर निगम", KH_RM_CREDIT},
        {"यह भी पढ़ें: शहर में नई बस सेवा शुरू", KH_RM_RELATED_LINK},
        {"TwitterFacebookWhatsApp", KH_RM_SHARE_PROMPT},
        {"© 2024 नगर समाचार. सर्वाधिकार सुरक्षित.", KH_RM_COPYRIGHT},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const kh_removed *r = find_removed(a, want[i].text);
        if (!r)
            print_error("not removed: %s\n", want[i].text);
        assert_non_null(r);
        assert_int_equal(r->reason, want[i].why);
    }
    size_t dups = 0, sf = 0;
    for (size_t i = 0; i < a->n_removed; i++) {
        dups += a->removed[i].reason == KH_RM_DUPLICATE;
        sf += a->removed[i].reason == KH_RM_STANDFIRST_REPEAT;
    }
    assert_int_equal(dups, 1);
    assert_int_equal(sf, 1);
    /* "12 मार्च" takes its year from the "2024" the article names */
    const kh_date *d = find_date(a, "12 मार्च");
    assert_non_null(d);
    assert_string_equal(d->iso, "2024-03-12");

    /* JSON and text forms */
    char *js;
    size_t jl;
    kh_error err = {0};
    assert_int_equal(kh_article_to_json(a, 0, &js, &jl, &err), KH_OK);
    assert_int_equal(strlen(js), jl);
    assert_non_null(strstr(js, "\"kicker\":\"City Lake Cleanup\""));
    assert_non_null(strstr(js, "\"reason\":\"copyright\""));
    free(js);
    char *tx;
    assert_int_equal(kh_article_to_text(a, &tx, NULL, &err), KH_OK);
    assert_null(strstr(tx, "फॉलो"));
    assert_non_null(strstr(tx, "## लोगों की राय"));
    free(tx);
    kh_article_free(a);
    free(buf);
}

static void test_whitespace(void **state) {
    (void)state;
    /* CRLF, NBSP, zero-width space, soft hyphen, tabs, trailing spaces */
    const char in[] = "शीर्षक यहां है\r\n\r\n"
                      "पहला\xC2\xA0वाक्य\tयहां   है.\xE2\x80\x8B "
                      "दूसरा वा\xC2\xADक्य भी है.  \r\n";
    kh_article *a = clean_text(in, sizeof in - 1, 0);
    assert_string_equal(a->title, "शीर्षक यहां है");
    assert_int_equal(a->n_sections, 1);
    assert_string_equal(a->sections[0].paragraphs[0].text,
                        "पहला वाक्य यहां है. दूसरा वाक्य भी है.");
    kh_article_free(a);
}

static void test_bad_input(void **state) {
    (void)state;
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_article *a = NULL;
    const char bad[] = "शीर्षक\nदूसरी \xFF पंक्ति यहां है.\n";
    assert_int_equal(kh_clean_text(cl, bad, sizeof bad - 1, NULL, &a, &err),
                     KH_ERR_UTF8);
    assert_null(a);
    assert_true(!strncmp(err.message, "2: ", 3)); /* the line comes first */
    assert_int_equal(kh_clean_text(cl, "", 0, NULL, &a, &err),
                     KH_ERR_NOT_FOUND);
    assert_int_equal(kh_clean_text(cl, "\n \n\t\n", 5, NULL, &a, &err),
                     KH_ERR_NOT_FOUND);
    assert_int_equal(kh_clean(cl, KH_INPUT_JSONL, "{}", 2, NULL, &a, &err),
                     KH_ERR_ARG);
    kh_cleaner_free(cl);
    /* with repair the record goes through */
    a = clean_text(bad, sizeof bad - 1, KH_CLEAN_REPAIR_UTF8);
    assert_non_null(strstr(a->sections[0].paragraphs[0].text, "\xEF\xBF\xBD"));
    kh_article_free(a);
}

static void test_meta_and_id(void **state) {
    (void)state;
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    const char in[] = "पहला वाक्य लिखा गया है और यह लंबा भी है. "
                      "उसने 3 जनवरी को यह बात कही थी.\n";
    kh_article_meta m = {"x-1", "दिया गया शीर्षक", "https://example.com/1",
                         "Sat, 02 Feb 2019 10:00:00 +0530", "स्रोत"};
    kh_article *a;
    assert_int_equal(kh_clean_text(cl, in, sizeof in - 1, &m, &a, &err), KH_OK);
    assert_string_equal(a->id, "x-1");
    assert_string_equal(a->title, "दिया गया शीर्षक");
    assert_string_equal(a->published, "2019-02-02T10:00:00+05:30");
    /* the year comes from the publication date */
    const kh_date *d = find_date(a, "3 जनवरी");
    assert_non_null(d);
    assert_string_equal(d->iso, "2019-01-03");
    kh_article_free(a);
    /* without an id: a stable hash of the content */
    const char in2[] = "शीर्षक\nपहला वाक्य लिखा गया है और यह लंबा भी है.\n";
    kh_article *b, *c;
    assert_int_equal(kh_clean_text(cl, in2, sizeof in2 - 1, NULL, &b, &err),
                     KH_OK);
    assert_int_equal(kh_clean_text(cl, in2, sizeof in2 - 1, NULL, &c, &err),
                     KH_OK);
    assert_string_equal(b->id, c->id);
    assert_int_equal(b->id[0], 'h');
    assert_int_equal(strlen(b->id), 17);
    kh_article_free(b);
    kh_article_free(c);
    kh_cleaner_free(cl);
}

/* Our fixture for the cleaner's finer cuts: a dateline line whose date is
 * listed, a kicker in Devanagari, another story's headline dropped into
 * the text, and a headline that opens what follows (kept). */
static void test_gaps_fixture(void **state) {
    (void)state;
    size_t len;
    char *buf = kh_test_slurp("tests/fixtures/clean/gaps.txt", &len);
    assert_non_null(buf);
    kh_article *a = clean_text(buf, len, 0);
    assert_non_null(a->kicker);
    assert_string_equal(a->kicker, "जल योजना");
    assert_true(a->n_sections >= 1 && a->sections[0].n_paragraphs >= 1);
    const char *p0 = a->sections[0].paragraphs[0].text;
    assert_memory_equal(p0, "नगर निगम ने", strlen("नगर निगम ने"));

    /* the dateline is removed, and its date listed with the year the
     * article names */
    int dateline = 0, related = 0;
    for (size_t i = 0; i < a->n_removed; i++) {
        dateline |= a->removed[i].reason == KH_RM_DATELINE &&
                    !strcmp(a->removed[i].text, "लखनऊ, 4 जून");
        related |= a->removed[i].reason == KH_RM_RELATED_LINK &&
                   !strncmp(a->removed[i].text, "City Bus News:", 14);
    }
    assert_true(dateline);
    assert_true(related);
    int found = 0;
    for (size_t i = 0; i < a->n_dates; i++)
        if (a->dates[i].where == KH_WHERE_DATELINE) {
            assert_strn_equal(a->dates[i].text, a->dates[i].len, "4 जून");
            assert_string_equal(a->dates[i].iso, "2024-06-04");
            assert_int_equal(a->dates[i].year_inferred, 1);
            found++;
        }
    assert_int_equal(found, 1);
    assert_string_equal(kh_where_name(KH_WHERE_DATELINE), "dateline");

    /* the headline of the paragraph after it stays */
    char *kept = kept_text(a);
    assert_non_null(strstr(kept, "Water Plan Update: पुराने मोहल्लों में"));
    assert_null(strstr(kept, "City Bus News"));
    free(kept);
    kh_article_free(a);
    free(buf);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_golden), cmocka_unit_test(test_own_fixture),
        cmocka_unit_test(test_whitespace),  cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_meta_and_id), cmocka_unit_test(test_gaps_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
