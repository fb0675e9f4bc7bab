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
    kh_furniture_index furn;
    kh_furniture_index_init(&furn);
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
        int got = kh_furniture_line(&furn, cases[i].line, strlen(cases[i].line),
                                    &why);
        if (!got || why != cases[i].why)
            print_error("line '%s': got %d reason %d, want reason %d\n",
                        cases[i].line, got, (int)why, (int)cases[i].why);
        assert_true(got);
        assert_int_equal(why, cases[i].why);
    }
}

static void test_article_lines_kept(void **state) {
    (void)state;
    kh_furniture_index furn;
    kh_furniture_index_init(&furn);
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
        int got = kh_furniture_line(&furn, keep[i], strlen(keep[i]), &why);
        if (got)
            print_error("dropped '%s' as %d\n", keep[i], (int)why);
        assert_false(got);
    }
}

/* A dateline whose separator (a colon, a dash between spaces, a danda)
 * falls at every offset around the 16-byte blocks the scan reads and the
 * 120 bytes it looks at: found before that limit, not after it, and the
 * same whether or not text follows the paragraph's end. */
static void test_dateline_separator_offsets(void **state) {
    (void)state;
    static const char *const seps[] = {":", " -", " –", "।"};
    const char *rest = " सरकार ने आज शहर में नई बस सेवा शुरू करने की घोषणा की।";
    for (size_t si = 0; si < sizeof seps / sizeof *seps; si++)
        for (size_t pad = 0; pad < 130; pad++) {
            char buf[512];
            /* the place, spaces up to the offset, the separator */
            size_t n = (size_t)snprintf(buf, sizeof buf, "पटना");
            memset(buf + n, ' ', pad);
            n += pad;
            size_t at = n + (seps[si][0] == ' '); /* where the mark is */
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", seps[si],
                                  rest);
            size_t start = seps[si][0] == ' ' ? at - 1 : at;
            size_t skip = kh_dateline_prefix(buf, n, 0);
            if (start < 120) {
                assert_true(skip > at);
                assert_string_equal(buf + skip, rest + 1);
            } else {
                assert_int_equal(skip, 0);
            }
        }
}

/* A line of hashtags is a tag list when it has at most 16 words: counted
 * right whatever the words' lengths and the spaces between them, so that
 * the count's 16-byte blocks split words at every place. */
static void test_tag_lines_counted(void **state) {
    (void)state;
    kh_furniture_index furn;
    kh_furniture_index_init(&furn);
    for (int k = 1; k <= 40; k++)
        for (int variant = 0; variant < 6; variant++) {
            char buf[400];
            size_t n = 0;
            for (int i = 0; i < k; i++) {
                /* tags of 2 to 7 bytes, one or two spaces between */
                size_t len = 1 + (size_t)((i * 7 + variant) % 6);
                if (i)
                    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s",
                                          (i + variant) % 5 ? " " : "  ");
                buf[n++] = '#';
                for (size_t j = 0; j < len; j++)
                    buf[n++] = (char)('a' + (i + (int)j) % 26);
            }
            kh_removal why;
            int got = kh_furniture_line(&furn, buf, n, &why);
            if (got != (k <= 16))
                print_error("%d tags (variant %d): got %d\n", k, variant, got);
            assert_int_equal(got, k <= 16);
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

    /* kickers in Devanagari or mixed script: short labels before a full
     * sentence */
    static const char *const kickers[][2] = {
        {"राजस्थान समाचार", "राजस्थान समाचार: जयपुर में आज सुबह से हल्की बारिश हो "
                           "रही है और तापमान गिर गया है।"},
        {"MP न्यूज", "MP न्यूज: प्रदेश सरकार ने किसानों के लिए नई बीमा योजना की "
                   "घोषणा आज विधानसभा में की।"},
        {"झील की सफाई", "झील की सफाई : नगर निगम ने आज से झील के किनारे कचरा "
                        "हटाने का अभियान शुरू किया।"},
        {"COVID-19 अपडेट", "COVID-19 अपडेट: जिले में आज कोई नया मामला सामने नहीं "
                          "आया और सभी मरीज ठीक हैं।"},
    };
    for (size_t i = 0; i < sizeof kickers / sizeof *kickers; i++) {
        p = kickers[i][1];
        skip = kh_kicker_prefix(p, strlen(p), &kl);
        if (!skip)
            print_error("no kicker in '%s'\n", p);
        assert_true(skip > 0);
        assert_strn_equal(p, kl, kickers[i][0]);
        assert_true((unsigned char)p[skip] == 0xE0); /* the sentence */
    }
    /* a colon inside a sentence, a time, a dateline, a clause, a long
     * label, and a label with no full sentence after it stay whole */
    static const char *const not_kickers[] = {
        "मंत्री ने कहा: हम किसानों की हर मांग पर विचार करेंगे और जल्द फैसला लेंगे।",
        "घटना रात करीब 2:15 बजे की है जब सभी लोग अपने घरों में सो रहे थे।",
        "नवादा/पटना: जिले में आज दो नए मरीज मिले और प्रशासन ने इलाका सील किया।",
        "सूत्रों के अनुसार: बैठक में कई बड़े फैसले लिए गए और सभी ने सहमति दी।",
        "शहर की सबसे पुरानी झील की सफाई: नगर निगम ने आज से अभियान शुरू किया।",
        "झील की सफाई: नगर निगम का नया अभियान",
    };
    for (size_t i = 0; i < sizeof not_kickers / sizeof *not_kickers; i++) {
        p = not_kickers[i];
        if (kh_kicker_prefix(p, strlen(p), &kl))
            print_error("kicker cut from '%s'\n", p);
        assert_int_equal(kh_kicker_prefix(p, strlen(p), &kl), 0);
    }

    /* another story's headline in the body: dropped only when the text
     * after it is about something else */
    const char *h = "City Water News: झील के पास नया जल शोधन संयंत्र शुरू, "
                    "हजारों घरों को मिलेगा साफ पानी";
    const char *other = "बैठक में स्कूलों की छुट्टियों पर चर्चा हुई और शिक्षकों "
                        "के तबादलों की सूची भी जारी की गई।";
    const char *same = "नगर निगम ने बताया कि संयंत्र से रोज लाखों लीटर साफ पानी "
                       "हजारों घरों तक पहुंचेगा।";
    assert_int_equal(kh_related_headline(h, strlen(h), other, strlen(other)),
                     1);
    assert_int_equal(kh_related_headline(h, strlen(h), NULL, 0), 1);
    /* it heads the paragraph after it: a heading, kept */
    assert_int_equal(kh_related_headline(h, strlen(h), same, strlen(same)), 0);
    static const char *const not_headlines[] = {
        /* a sentence: it ends like one */
        "City Water News: झील के पास नया जल शोधन संयंत्र शुरू हुआ और हजारों "
        "घरों को साफ पानी मिलेगा।",
        /* not title case, a Devanagari label, too short */
        "city water news: झील के पास नया जल शोधन संयंत्र शुरू, हजारों घरों को "
        "मिलेगा साफ पानी",
        "जल समाचार: झील के पास नया जल शोधन संयंत्र शुरू, हजारों घरों को मिलेगा "
        "साफ पानी",
        "City Water News: नया संयंत्र शुरू",
        "कुल वर्षा : (57.5 मिमी)",
    };
    for (size_t i = 0; i < sizeof not_headlines / sizeof *not_headlines; i++) {
        h = not_headlines[i];
        assert_int_equal(
            kh_related_headline(h, strlen(h), other, strlen(other)), 0);
    }

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

/* A date in ASCII or Devanagari digits after every length of text before
 * it, so that its first digit falls at each place of the 16- and 8-byte
 * blocks the digit search reads, and at the text's end. */
static void test_dates_at_every_offset(void **state) {
    (void)state;
    static const char *const dates[] = {"5 मई 2025", "५ मई २०२५"};
    for (size_t di = 0; di < 2; di++)
        for (size_t pad = 0; pad < 40; pad++) {
            char buf[256];
            size_t n = 0;
            for (size_t k = 0; k < pad; k++) /* "क" or a space, 3 or 1 */
                n += (size_t)snprintf(buf + n, sizeof buf - n, "%s",
                                      k % 4 == 3 ? " " : "क");
            size_t at = n;
            n += (size_t)snprintf(buf + n, sizeof buf - n, " %s", dates[di]);
            for (int tail = 0; tail < 2; tail++) {
                size_t len = n;
                if (tail)
                    len += (size_t)snprintf(buf + n, sizeof buf - n,
                                            " को बैठक हुई और फैसला लिया गया");
                hits x = {0};
                kh_find_dates(buf, len, collect, &x);
                assert_int_equal(x.n, 1);
                assert_int_equal(x.h[0].start, at + 1);
                assert_int_equal(x.h[0].year, 2025);
                assert_int_equal(x.h[0].day, 5);
            }
        }
}

static void test_ws_and_fold(void **state) {
    (void)state;
    const char in[] = "\t एक\xC2\xA0\xC2\xA0दो\xE2\x80\x8Bतीन\xC2\xAD "
                      "दिल्\xE2\x80\x8Dली \r\n";
    char out[sizeof in];
    size_t n = kh_ws_normalize(in, sizeof in - 1, out, NULL);
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

/* Folding 16 bytes at a time gives what folding each character alone
 * gives, strung together, for long texts of letters that fold and that
 * do not, capitals, and characters cut by the blocks' edges; with a small
 * cap it stops before the first character that does not fit. */
static void test_fold_blocks(void **state) {
    (void)state;
    static const char *pieces[] = {
        "क", "ा", "ं",  " ", "a", "7", ".", "म", "ी",
        "्", /* common */
        "़",  "ँ",  "क़", "ड़", "य़", "Q", "Z", "é", "\xE2\x80\x8D",
        "ॐ", "ৎ"};
    uint32_t x = 5;
    char in[900], want[1000], got[1000];
    for (int round = 0; round < 3000; round++) {
        size_t n = 0, w = 0, cap = round % 3 ? 1000 : 40 + round % 300;
        int full = 1;
        while (n < 800) {
            /* the others rarely, so that most blocks hold one at most */
            const char *pc = kh_test_piece(&x, pieces, 10, 11, 15);
            size_t l = strlen(pc);
            memcpy(in + n, pc, l);
            n += l;
            char one[8];
            size_t k = kh_fold(pc, l, one, sizeof one);
            if (full && w + k <= cap) {
                memcpy(want + w, one, k);
                w += k;
            } else {
                full = 0;
            }
        }
        size_t k = kh_fold(in, n, got, cap);
        assert_int_equal(k, w);
        assert_memory_equal(got, want, w);
    }
}

/* The normalizer's one pass (copy, validate, hash words) against the
 * separate steps it stands for: kh_ws_normalize, kh_shingle_make of its
 * output, and core/utf8.c's validator. */
static int check_one_pass(const char *in, size_t n) {
    char *a = malloc(n + 1), *b = malloc(n + 1);
    assert_non_null(a);
    assert_non_null(b);
    kh_arena ar = {0};
    kh_shingle s1, s2;
    size_t la;
    int bad1 = 0, bad2 = 0;
    assert_int_equal(kh_ws_shingle(&ar, in, n, a, &la, &bad1, &s1), 0);
    size_t lb = kh_ws_normalize(in, n, b, &bad2);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    assert_int_equal(bad1, bad2);
    size_t off;
    int valid = kh_utf8_check(in, n, &off) == KH_OK;
    assert_int_equal(bad1, !valid);
    assert_int_equal(kh_utf8_valid(in, n), valid);
    if (!valid) { /* the cleaner repairs or refuses such input, and redoes */
        kh_arena_free(&ar);
        free(a);
        free(b);
        return 0;
    }
    assert_int_equal(kh_shingle_make(&ar, b, lb, &s2), 0);
    assert_int_equal(s1.n_words, s2.n_words);
    assert_true(s1.whole == s2.whole);
    for (size_t i = 0; i < s1.n_words; i++)
        assert_int_equal(s1.words[i], s2.words[i]);
    assert_memory_equal(s1.bits, s2.bits, sizeof s1.bits);
    assert_memory_equal(s1.inner, s2.inner, sizeof s1.inner);
    assert_int_equal(s1.deva, s2.deva);
    assert_int_equal(s1.latin, s2.latin);
    assert_int_equal(s1.has_digit, s2.has_digit);
    assert_int_equal(kh_lang_counts(s1.deva, s1.latin), kh_lang_of(b, lb));
    kh_arena_free(&ar);
    free(a);
    free(b);
    return 1;
}

static void test_one_pass(void **state) {
    (void)state;
    static const char *const frag[] = {
        "नगर",
        " ",
        "निगम",
        "।",
        "॥",
        "\xE0\xA4\xBC",
        "ज़",
        "यहाँ",
        "॰",
        "१२",
        "12",
        "Abc",
        "XYZ",
        ",",
        "\"",
        "\xC2\xA0",
        "\xE2\x80\x8B",
        "\xC2\xAD",
        "\xE2\x80\x8D",
        "\xE2\x80\x8C",
        "\t",
        "\r\n",
        "\x01",
        "\xC2\x85",
        "\xEF\xBB\xBF",
        "\xF0\x9F\x98\x80",
        "\xE2\x80\x9C",
        "\xE0\xA6\x95",
        "\xC3\xA9",
        "\xE3\x80\x80",
        "  ",
        "\xE0\xA4",
        "\xFF",
        "\xC0\xAF",
        "\xED\xA0\x80",
        "",
        "\xE0\xA5\xA6",
    };
    size_t nf = sizeof frag / sizeof *frag;
    char buf[512];
    uint32_t r = 4242u;
    int valid = 0;
    for (int k = 0; k < 3000; k++) {
        size_t n = 0;
        r = r * 1664525u + 1013904223u;
        int parts = (int)(r >> 27);
        for (int j = 0; j < parts; j++) {
            r = r * 1664525u + 1013904223u;
            const char *f = frag[(r >> 8) % nf];
            size_t fl = strlen(f);
            memcpy(buf + n, f, fl);
            n += fl;
        }
        valid += check_one_pass(buf, n);
    }
    assert_true(valid > 300); /* enough valid text to compare the hashes */
    assert_int_equal(check_one_pass("a\0b", 3), 0); /* NUL is not text */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_furniture_dropped),
        cmocka_unit_test(test_article_lines_kept),
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_tag_lines_counted),
        cmocka_unit_test(test_dateline_separator_offsets),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_dates_at_every_offset),
        cmocka_unit_test(test_ws_and_fold),
        cmocka_unit_test(test_fold_blocks),
        cmocka_unit_test(test_one_pass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
