/*
 * test_clean_furniture.c — the line rules one by one: furniture in Hindi
 * and English is dropped with the right reason, and ordinary news lines
 * that merely share a word with furniture are kept (precision first).
 * Also the glued prefixes (dateline, kicker, truncation marker), date
 * mentions and whitespace normalization. All lines are our own writing.
 */
#include "testutil.h"

#include "clean.h"

static void test_furniture_dropped(void **state) {
    (void)state;
    static const struct {
        const char *line;
        kh_removal why;
    } cases[] = {
        {"ये भी पढ़ें- बाजार में आई नई रौनक", KH_RM_RELATED_LINK},
        {"इसे भी पढ़ें...शहर में तेज बारिश", KH_RM_RELATED_LINK},
        {"यह भी पढ़ें : पुल का काम पूरा", KH_RM_RELATED_LINK},
        {"यहां भी क्लिक करें - मौसम का हाल", KH_RM_RELATED_LINK},
        {"Also Read: New bridge opens", KH_RM_RELATED_LINK},
        {"पढ़ें: कहां कितनी बारिश हुई", KH_RM_RELATED_LINK},
        {"फॉलो करें:", KH_RM_SHARE_PROMPT},
        {"Follow us on Google News", KH_RM_SHARE_PROMPT},
        {"facebooktwitterwhatsappemail", KH_RM_SHARE_PROMPT},
        {"ताजा खबरों के लिए बने रहें हमारे साथ.", KH_RM_SHARE_PROMPT},
        {"Courtesy: Social Media", KH_RM_CREDIT},
        {"फोटो: नगर निगम", KH_RM_CREDIT},
        {"Image: Reuters", KH_RM_CREDIT},
        {"Photo credit: स्थानीय लोग", KH_RM_CREDIT},
        {"नदी का किनारा - फोटो : संवाददाता", KH_RM_CREDIT},
        {"Date Updated", KH_RM_TIMESTAMP},
        {"Updated: 12 Jan 2024, 10:05 AM IST", KH_RM_TIMESTAMP},
        {"08:15 PM, 03-FEB-2022", KH_RM_TIMESTAMP},
        {"अपडेटेड: 5 मई 2025", KH_RM_TIMESTAMP},
        {"Edited By Ravi Kumar | Updated: 01 Mar 2021", KH_RM_BYLINE},
        {"By: नगर डेस्क | 20 Jan 2021 08:04 AM (IST)", KH_RM_BYLINE},
        {"भागलपुर, वरीय संवाददाता", KH_RM_DATELINE},
        {"सीमा वर्मा, संवाददाता", KH_RM_BYLINE},
        {"नई दिल्ली", KH_RM_DATELINE},
        {"लखनऊ/कानपुर", KH_RM_DATELINE},
        {"Advertisement", KH_RM_ADVERT},
        {"विज्ञापन", KH_RM_ADVERT},
        {"ऐप डाउनलोड करें और खबरें पढ़ें", KH_RM_APP_PROMPT},
        {"बहुत अच्छी पहल…pic.twitter.com/abc123", KH_RM_SOCIAL_EMBED},
        {"© 2024 कोई प्रकाशन", KH_RM_COPYRIGHT},
        {"अपनी राय हमें कमेंट बॉक्स में लिखकर बताएं", KH_RM_COMMENT_PROMPT},
        {"Tags: बारिश, मौसम", KH_RM_TAGS},
        {"#मौसम #बारिश #शहर", KH_RM_TAGS},
        {"होम | देश | शहर | खेल", KH_RM_NAVIGATION},
        {"खबर अपडेट की जा रही है...", KH_RM_UPDATE_NOTE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kh_removal why = (kh_removal)-1;
        int got = kh_furniture_line(cases[i].line, strlen(cases[i].line), &why);
        if (!got || why != cases[i].why)
            print_error("line '%s': got %d reason %d, want reason %d\n",
                        cases[i].line, got, (int)why, (int)cases[i].why);
        assert_true(got);
        assert_int_equal(why, cases[i].why);
    }
}

static void test_article_lines_kept(void **state) {
    (void)state;
    static const char *const keep[] = {
        "भारत-रूस शिखर सम्मेलन",
        "पुलिस ने बताया कि आरोपी को सोमवार को पकड़ा गया.",
        "संवाददाता सम्मेलन में मंत्री ने नई योजना की घोषणा की",
        "गैस एजेंसी पर लंबी कतार",
        "पेट्रोल पंप, एलपीजी और गैस एजेंसी खुली रहेंगी",
        "इस एप को अब तक लाखों लोग डाउनलोड कर चुके हैं.",
        "फोटो खींचने पर रोक लगाई गई है.",
        "2 मार्च 6",
        "2016 - 44 - 17 सितंबर 77.7",
        "अप्रैल : 3625",
        "विज्ञापनों का बकाया भुगतान किया गया",
        "उन्होंने कहा: हम तैयार हैं और काम शुरू होगा.",
        "By the end of the year the road will be ready for use by all.",
        "देश / राज्यों में टीकाकरण तेज, जानें आंकड़े",
        "लोगों की राय",
    };
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        kh_removal why;
        int got = kh_furniture_line(keep[i], strlen(keep[i]), &why);
        if (got)
            print_error("dropped '%s' as %d\n", keep[i], (int)why);
        assert_false(got);
    }
}

static void test_prefixes(void **state) {
    (void)state;
    const char *p = "नईदुनिया प्रतिनिधि, इंदौर।शहर में आज से नई बस सेवा शुरू हुई।";
    size_t skip = kh_dateline_prefix(p, strlen(p), 0);
    assert_true(skip > 0);
    assert_string_equal(p + skip, "शहर में आज से नई बस सेवा शुरू हुई।");
    p = "नयी दिल्ली, 12 मई (भाषा) सरकार ने आज नई नीति की घोषणा की।";
    skip = kh_dateline_prefix(p, strlen(p), 0);
    assert_string_equal(p + skip, "सरकार ने आज नई नीति की घोषणा की।");
    p = "उन्होंने कहा: सरकार ने आज नई नीति की घोषणा की है।";
    assert_int_equal(kh_dateline_prefix(p, strlen(p), 1), 0);
    p = "इस बार फसल अच्छी हुई। किसानों ने खुशी जताई और मिठाई बांटी।";
    assert_int_equal(kh_dateline_prefix(p, strlen(p), 1), 0);

    size_t kl;
    p = "City Lake Cleanup: नगर निगम ने झील की सफाई शुरू कर दी है.";
    skip = kh_kicker_prefix(p, strlen(p), &kl);
    assert_int_equal(kl, strlen("City Lake Cleanup"));
    assert_string_equal(p + skip, "नगर निगम ने झील की सफाई शुरू कर दी है.");
    p = "सुबह 10:30 बजे बैठक शुरू हुई और देर तक चली.";
    assert_int_equal(kh_kicker_prefix(p, strlen(p), &kl), 0);
    p = "See https://example.com for details about the plan here.";
    assert_int_equal(kh_kicker_prefix(p, strlen(p), &kl), 0);

    p = "मैच में दोनों टीमों ने शानदार खेल दिखा... [1506 chars]";
    size_t t = kh_truncation_suffix(p, strlen(p));
    assert_string_equal(p + t, "... [1506 chars]");
    p = "यह वाक्य पूरा है [1] और संदर्भ भी.";
    assert_int_equal(kh_truncation_suffix(p, strlen(p)), strlen(p));
}

typedef struct hits {
    kh_date_hit h[8];
    size_t n;
} hits;

static int collect(void *ctx, const kh_date_hit *h) {
    hits *x = ctx;
    if (x->n < 8)
        x->h[x->n++] = *h;
    return 0;
}

static void test_dates(void **state) {
    (void)state;
    const char *s = "बैठक 5 मई को हुई, फिर 22 अप्रैल 2024 और May 7, 2023 को. "
                    "रिपोर्ट 2025-01-09 और 05/06/2021 की है, मार्च 2020 की "
                    "भी. ३० जून को अंतिम तिथि. कमरा 12 में 300 लोग.";
    hits x = {0};
    kh_find_dates(s, strlen(s), collect, &x);
    assert_int_equal(x.n, 7);
    int want[7][3] = {{0, 5, 5},    {2024, 4, 22}, {2023, 5, 7}, {2025, 1, 9},
                      {2021, 6, 5}, {2020, 3, 0},  {0, 6, 30}};
    for (size_t i = 0; i < x.n; i++) {
        assert_int_equal(x.h[i].year, want[i][0]);
        assert_int_equal(x.h[i].month, want[i][1]);
        assert_int_equal(x.h[i].day, want[i][2]);
    }
    assert_memory_equal(s + x.h[0].start, "5 मई", x.h[0].len);
    /* no 31st of April, no 13th month */
    const char *bad = "31 अप्रैल को और 13/13/2020 को कुछ नहीं";
    x.n = 0;
    kh_find_dates(bad, strlen(bad), collect, &x);
    assert_int_equal(x.n, 0);
    unsigned years[200] = {0};
    kh_count_years("साल 2025 के अंत में, 2025-26 सत्र और 1024 लोग", 71, years);
    assert_int_equal(years[2025 - 1900], 2);
}

static void test_ws_and_fold(void **state) {
    (void)state;
    const char in[] = "\t एक\xC2\xA0\xC2\xA0दो\xE2\x80\x8Bतीन\xC2\xAD "
                      "दिल्\xE2\x80\x8Dली \r\n";
    char out[sizeof in];
    size_t n = kh_ws_normalize(in, sizeof in - 1, out);
    out[n] = '\0';
    /* ZWJ in दिल्‍ली stays: it shapes the conjunct */
    assert_string_equal(out, "एक दोतीन दिल्\xE2\x80\x8Dली");
    char f[64];
    const char *a = "पढ़ें यहाँ"; /* precomposed or combining nukta */
    n = kh_fold(a, strlen(a), f, sizeof f);
    f[n] = '\0';
    assert_string_equal(f, "पढें यहां");
    n = kh_fold("ALSO Read", 9, f, sizeof f);
    assert_strn_equal(f, n, "also read");
    assert_int_equal(kh_lang_of("यह PM की बैठक है", strlen("यह PM की बैठक है")),
                     KH_LANG_HI);
    assert_int_equal(kh_lang_of("The meeting was held", 20), KH_LANG_EN);
    assert_int_equal(kh_lang_of("Stock Market Live: बाजार ऊपर", 33),
                     KH_LANG_MIXED);
    assert_int_equal(kh_lang_of("123 456", 7), KH_LANG_NONE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_furniture_dropped),
        cmocka_unit_test(test_article_lines_kept),
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_ws_and_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
