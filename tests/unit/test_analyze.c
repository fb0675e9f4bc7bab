/*
 * test_analyze.c — unit tests of the analysis core through the public API:
 * tokens (Devanagari words whole, numbers, compounds, URLs, abbreviations),
 * sentences (danda, full stop, initials, quotes, lines, paragraphs),
 * normalization for matching, offsets, bad input and the API contract.
 */
#include "testutil.h"

#include "khabar.h"

typedef struct fixture {
    kh_analyzer *an;
    kh_doc *doc;
    const char *text;
} fixture;

static fixture *run_flags(const char *text, unsigned flags) {
    static fixture f; /* tests are single-threaded */
    kh_analyzer_options o = {flags};
    kh_error err = {0};
    kh_analyzer_free(f.an);
    kh_doc_free(f.doc);
    f.an = NULL;
    f.doc = NULL;
    assert_int_equal(kh_analyzer_new(&o, &f.an, &err), KH_OK);
    assert_int_equal(kh_doc_new(&f.doc, &err), KH_OK);
    assert_int_equal(kh_analyze(f.an, f.doc, text, strlen(text), 0, &err),
                     KH_OK);
    f.text = text;
    return &f;
}

static fixture *run(const char *text) {
    return run_flags(text, 0);
}

static int teardown(void **state) {
    (void)state;
    fixture *f = run("");
    kh_analyzer_free(f->an);
    kh_doc_free(f->doc);
    f->an = NULL;
    f->doc = NULL;
    return 0;
}

/* Joins the token texts with '|' into buf. */
static const char *tokens(fixture *f, char *buf, size_t cap) {
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < kh_doc_token_count(f->doc); i++) {
        const kh_token *t = kh_doc_token(f->doc, i);
        o += (size_t)snprintf(buf + o, cap - o, "%s%.*s", i ? "|" : "",
                              (int)(t->end - t->start), f->text + t->start);
        if (o >= cap)
            break;
    }
    return buf;
}

/* Joins the sentence texts with '#' into buf. */
static const char *sentences(fixture *f, char *buf, size_t cap) {
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < kh_doc_sentence_count(f->doc); i++) {
        const kh_sentence *s = kh_doc_sentence(f->doc, i);
        o += (size_t)snprintf(buf + o, cap - o, "%s%.*s", i ? "#" : "",
                              (int)(s->end - s->start), f->text + s->start);
        if (o >= cap)
            break;
    }
    return buf;
}

#define TOKS(text, want)                                                       \
    do {                                                                       \
        char b_[2048];                                                         \
        assert_string_equal(tokens(run(text), b_, sizeof b_), want);           \
    } while (0)

#define SENTS(text, want)                                                      \
    do {                                                                       \
        char b_[4096];                                                         \
        assert_string_equal(sentences(run(text), b_, sizeof b_), want);        \
    } while (0)

static void test_devanagari_words_whole(void **state) {
    (void)state;
    TOKS("मोदी ने कहा", "मोदी|ने|कहा");
    TOKS("प्रधानमंत्री", "प्रधानमंत्री");
    TOKS("पहुँचे।", "पहुँचे|।");
    /* ZWJ / ZWNJ inside a word stay in it */
    TOKS("क्\xE2\x80\x8Dष", "क्\xE2\x80\x8Dष");
    fixture *f = run("मोदी");
    assert_int_equal(kh_doc_token(f->doc, 0)->type, KH_TOKEN_WORD);
    assert_int_equal(kh_doc_token(f->doc, 0)->script, KH_SCRIPT_DEVANAGARI);
}

static void test_numbers(void **state) {
    (void)state;
    TOKS("5,000 लोग", "5,000|लोग");
    TOKS("2.5 प्रतिशत", "2.5|प्रतिशत");
    TOKS("वर्ष २०२५ में", "वर्ष|२०२५|में");
    TOKS("80वीं वर्षगांठ", "80वीं|वर्षगांठ");
    TOKS("5/5/2025 को", "5/5/2025|को");
    TOKS("1,00,000 रुपये", "1,00,000|रुपये");
    TOKS("50% वोट", "50|%|वोट");
    TOKS("₹500 करोड़", "₹|500|करोड़");
    TOKS("साल 2025.", "साल|2025|.");
    fixture *f = run("80वीं");
    assert_int_equal(kh_doc_token(f->doc, 0)->type, KH_TOKEN_NUMBER);
}

static void test_compounds(void **state) {
    (void)state;
    fixture *f = run("भारत-रूस शिखर");
    assert_int_equal(kh_doc_token_count(f->doc), 2);
    const kh_token *t = kh_doc_token(f->doc, 0);
    assert_int_equal(t->n_parts, 2);
    const kh_part *p0 = kh_doc_token_part(f->doc, 0, 0);
    const kh_part *p1 = kh_doc_token_part(f->doc, 0, 1);
    assert_non_null(p0);
    assert_non_null(p1);
    assert_null(kh_doc_token_part(f->doc, 0, 2));
    assert_strn_equal(f->text + p0->start, p0->end - p0->start, "भारत");
    assert_strn_equal(f->text + p1->start, p1->end - p1->start, "रूस");
    TOKS("जम्मू-कश्मीर के", "जम्मू-कश्मीर|के");
    /* a part in Devanagari digits */
    f = run("कोविड-१९ से");
    assert_int_equal(kh_doc_token(f->doc, 0)->n_parts, 2);
    p1 = kh_doc_token_part(f->doc, 0, 1);
    assert_strn_equal(p1->norm, p1->norm_len, "19");
    /* a dash between spaces is punctuation, not a compound */
    TOKS("भारत - रूस", "भारत|-|रूस");
    TOKS("अभी -- बाद", "अभी|--|बाद");
}

static void test_urls_emails_tags(void **state) {
    (void)state;
    TOKS("देखें https://example.com/a?b=1. फिर",
         "देखें|https://example.com/a?b=1|.|फिर");
    TOKS("www.khabar.in पर", "www.khabar.in|पर");
    TOKS("लिखें news@example.org पर", "लिखें|news@example.org|पर");
    TOKS("#पहलगाम और @PMOIndia", "#पहलगाम|और|@PMOIndia");
    fixture *f = run("a@b.co");
    assert_int_equal(kh_doc_token(f->doc, 0)->type, KH_TOKEN_EMAIL);
    f = run("#पहलगाम");
    assert_int_equal(kh_doc_token(f->doc, 0)->type, KH_TOKEN_HASHTAG);
}

static void test_abbreviations(void **state) {
    (void)state;
    TOKS("डॉ. शर्मा", "डॉ.|शर्मा");
    TOKS("एस. के. वर्मा", "एस.|के.|वर्मा");
    TOKS("the U.S. and Dr. Rao", "the|U.S.|and|Dr.|Rao");
    SENTS("डॉ. शर्मा आए. वे बोले.", "डॉ. शर्मा आए.#वे बोले.");
    SENTS("श्री एस. के. वर्मा ने कहा. बैठक हुई.", "श्री एस. के. वर्मा ने कहा.#बैठक हुई.");
    /* के. as a word before a full stop, in a text that uses full stops */
    SENTS("यह उनके घर के. फिर वे गए. सब ठीक है.",
          "यह उनके घर के.#फिर वे गए.#सब ठीक है.");
}

static void test_sentence_marks(void **state) {
    (void)state;
    SENTS("वह आया। वह गया॥ क्या? हाँ!", "वह आया।#वह गया॥#क्या?#हाँ!");
    SENTS("उसने कहा, “मैं आऊँगा।” फिर चला गया।", "उसने कहा, “मैं आऊँगा।”#फिर चला गया।");
    SENTS("उसने कहा \"चलो।\" सब चले।", "उसने कहा \"चलो।\"#सब चले।");
    SENTS("(यह सही है।) आगे बढ़ें।", "(यह सही है।)#आगे बढ़ें।");
    SENTS("कीमत 2.5 प्रतिशत बढ़ी. बाजार गिरा.",
          "कीमत 2.5 प्रतिशत बढ़ी.#बाजार गिरा.");
    SENTS("मत पूछो... वह नहीं आया।", "मत पूछो...#वह नहीं आया।");
    /* list numbering at a line start is not a sentence */
    SENTS("1. पहला बिंदु\n2. दूसरा बिंदु", "1. पहला बिंदु#2. दूसरा बिंदु");
    /* decimals and URLs never end sentences */
    SENTS("देखें www.a.com/x.html और 3.14 को।", "देखें www.a.com/x.html और 3.14 को।");
}

static void test_lines_and_paragraphs(void **state) {
    (void)state;
    fixture *f = run("शीर्षक यहां\nदूसरी पंक्ति\n\nनया पैरा। दूसरा वाक्य।");
    assert_int_equal(kh_doc_sentence_count(f->doc), 4);
    assert_int_equal(kh_doc_sentence(f->doc, 0)->paragraph_start, 1);
    assert_int_equal(kh_doc_sentence(f->doc, 1)->paragraph_start, 0);
    assert_int_equal(kh_doc_sentence(f->doc, 2)->paragraph_start, 1);
    assert_int_equal(kh_doc_sentence(f->doc, 3)->paragraph_start, 0);
    /* wrapped prose: a single line break is a space */
    f = run_flags("यह एक लंबा\nवाक्य है।\n\nदूसरा।", KH_ANALYZE_WRAPPED);
    assert_int_equal(kh_doc_sentence_count(f->doc), 2);
    /* spaces-only line counts as blank */
    f = run("एक\n \t\nदो");
    assert_int_equal(kh_doc_sentence(f->doc, 1)->paragraph_start, 1);
}

static void test_missing_danda(void **state) {
    (void)state;
    /* The learned model's positive cases are in test_sentence.c; here:
     * no end before a conjunction or a relative. */
    SENTS("उसने कहा है कि वह आएगा।", "उसने कहा है कि वह आएगा।");
    SENTS("यह वही है जो हमने देखा।", "यह वही है जो हमने देखा।");
}

static size_t norm_of(const char *w, unsigned flags, char *out, size_t cap) {
    size_t n = kh_normalize_word(w, strlen(w), flags, out, cap);
    assert_true(n <= cap);
    out[n] = 0;
    return n;
}

#define SAME_NORM(a, b)                                                        \
    do {                                                                       \
        char x_[256], y_[256];                                                 \
        norm_of(a, 0, x_, sizeof x_ - 1);                                      \
        norm_of(b, 0, y_, sizeof y_ - 1);                                      \
        assert_string_equal(x_, y_);                                           \
    } while (0)

#define DIFF_NORM(a, b)                                                        \
    do {                                                                       \
        char x_[256], y_[256];                                                 \
        norm_of(a, 0, x_, sizeof x_ - 1);                                      \
        norm_of(b, 0, y_, sizeof y_ - 1);                                      \
        assert_string_not_equal(x_, y_);                                       \
    } while (0)

static void test_normalization(void **state) {
    (void)state;
    SAME_NORM("प्रधानमन्त्री", "प्रधानमंत्री");
    SAME_NORM("हिन्दी", "हिंदी");
    SAME_NORM("सम्बन्ध", "संबंध");
    SAME_NORM("ज़िंदगी", "जिंदगी");
    SAME_NORM("ज़िंदगी", "ज\xE0\xA4\xBCिंदगी"); /* decomposed nukta */
    SAME_NORM("\xE0\xA5\x9B"
              "िंदगी",
              "जिंदगी"); /* precomposed ज़ */
    SAME_NORM("पहुँच", "पहुंच");
    SAME_NORM("फ़िल्म", "फिल्म");
    SAME_NORM("२०२५", "2025");
    SAME_NORM("Modi", "modi");
    SAME_NORM("मो\xE2\x80\x8Dदी", "मोदी"); /* ZWJ removed */
    /* distinct letters and non-variants stay apart */
    DIFF_NORM("पढ़", "पढ");
    DIFF_NORM("बड़ा", "बडा");
    DIFF_NORM("अन्न", "अंन");
    DIFF_NORM("उन्हें", "उंहें");
    DIFF_NORM("दिन", "दीन");
    /* vowel folding only on request */
    char x[64], y[64];
    norm_of("दीन", KH_ANALYZE_FOLD_VOWELS, x, sizeof x - 1);
    norm_of("दिन", KH_ANALYZE_FOLD_VOWELS, y, sizeof y - 1);
    assert_string_equal(x, y);
    /* Latin NFC + case folding */
    SAME_NORM("CAFE\xCC\x81", "caf\xC3\xA9");
    /* text is never changed: token spans are the input bytes */
    fixture *f = run("प्रधानमन्त्री ज़िंदगी");
    const kh_token *t = kh_doc_token(f->doc, 0);
    assert_strn_equal(f->text + t->start, t->end - t->start, "प्रधानमन्त्री");
    assert_strn_equal(t->norm, t->norm_len, "प्रधानमंत्री");
    t = kh_doc_token(f->doc, 1);
    assert_strn_equal(t->norm, t->norm_len, "जिंदगी");
}

static void test_forms_and_offsets(void **state) {
    (void)state;
    fixture *f = run_flags("PM मोदी, भारत-रूस।", KH_ANALYZE_ALL);
    size_t n = kh_doc_token_count(f->doc);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        const kh_token *t = kh_doc_token(f->doc, i);
        assert_true(t->start < t->end);
        assert_true(t->end <= strlen(f->text));
        assert_non_null(t->norm);
        assert_non_null(t->stem);
        assert_non_null(t->roman);
        assert_non_null(t->key);
    }
    const kh_token *modi = kh_doc_token(f->doc, 1);
    assert_int_equal(modi->space_after, 0); /* comma follows */
    assert_true(modi->key_len > 0);
    assert_int_equal(kh_doc_token(f->doc, 0)->space_after, 1);
    /* base offset shifts every span */
    kh_error err = {0};
    assert_int_equal(
        kh_analyze(f->an, f->doc, "एक दो", strlen("एक दो"), 100, &err), KH_OK);
    assert_int_equal(kh_doc_token(f->doc, 1)->start, 100 + strlen("एक "));
    assert_int_equal(kh_doc_sentence(f->doc, 0)->start, 100);
}

static void test_bad_input(void **state) {
    (void)state;
    kh_analyzer *an = NULL;
    kh_doc *doc = NULL;
    kh_error err = {0};
    assert_int_equal(kh_analyzer_new(NULL, &an, &err), KH_OK);
    assert_int_equal(kh_doc_new(&doc, &err), KH_OK);
    const char bad[] = "ठीक \xFF है";
    assert_int_equal(kh_analyze(an, doc, bad, sizeof bad - 1, 0, &err),
                     KH_ERR_UTF8);
    assert_non_null(strstr(err.message, "0xFF"));
    const char nul[] = "एक\0दो";
    assert_int_equal(kh_analyze(an, doc, nul, sizeof nul - 1, 0, &err),
                     KH_ERR_UTF8);
    /* truncated sequence at the end */
    const char cut[] = "मो\xE0\xA4";
    assert_int_equal(kh_analyze(an, doc, cut, sizeof cut - 1, 0, &err),
                     KH_ERR_UTF8);
    /* empty input is fine */
    assert_int_equal(kh_analyze(an, doc, "", 0, 0, &err), KH_OK);
    assert_int_equal(kh_doc_sentence_count(doc), 0);
    assert_null(kh_doc_sentence(doc, 0));
    assert_null(kh_doc_token(doc, 0));
    /* NULL arguments are errors, not crashes */
    assert_int_equal(kh_analyze(NULL, doc, "x", 1, 0, &err), KH_ERR_ARG);
    assert_int_equal(kh_analyzer_new(NULL, NULL, &err), KH_ERR_ARG);
    kh_analyzer_options o = {1u << 30};
    kh_analyzer *an2 = NULL;
    assert_int_equal(kh_analyzer_new(&o, &an2, &err), KH_ERR_ARG);
    /* utf8 helpers */
    size_t off = 0;
    assert_int_equal(kh_utf8_check(bad, sizeof bad - 1, &off), KH_ERR_UTF8);
    assert_int_equal(off, strlen("ठीक "));
    char fixed[64];
    size_t m = kh_utf8_repair(bad, sizeof bad - 1, fixed);
    assert_int_equal(kh_utf8_check(fixed, m, &off), KH_OK);
    assert_int_equal(m, sizeof bad - 1 + 2); /* one byte became U+FFFD */
    kh_doc_free(doc);
    kh_analyzer_free(an);
}

static void test_long_token_bounded(void **state) {
    (void)state;
    size_t n = 100000;
    char *big = malloc(n * 3 + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        memcpy(big + 3 * i, "क", 3);
    big[3 * n] = 0;
    fixture *f = run_flags(big, KH_ANALYZE_ALL);
    /* cut into pieces of bounded length, all bytes covered */
    size_t nt = kh_doc_token_count(f->doc), covered = 0;
    assert_true(nt > 1);
    for (size_t i = 0; i < nt; i++) {
        const kh_token *t = kh_doc_token(f->doc, i);
        assert_true(t->end - t->start <= 8192);
        covered += t->end - t->start;
    }
    assert_int_equal(covered, 3 * n);
    free(big);
}

/* Without the sentence pass the tokens and their forms are the same and
 * the text is one sentence. */
static void test_no_sentences(void **state) {
    (void)state;
    const char *text =
        "डॉ. एस. के. वर्मा ने कहा कि भारत-रूस वार्ता 2.5 घंटे चली। क्या यह "
        "ज़रूरी था? हाँ!\n\nनई पंक्ति में www.example.com और #खबर भी, "
        "प्रधानमन्त्री Modi's visit.";
    enum { MAXT = 128 };
    static kh_token want[MAXT];
    static char forms[MAXT][3][64];
    unsigned flags = KH_ANALYZE_STEMS | KH_ANALYZE_KEYS;
    fixture *f = run_flags(text, flags);
    size_t n = kh_doc_token_count(f->doc);
    assert_true(n > 20 && n < MAXT);
    assert_true(kh_doc_sentence_count(f->doc) > 3);
    for (size_t i = 0; i < n; i++) {
        want[i] = *kh_doc_token(f->doc, i);
        snprintf(forms[i][0], 64, "%.*s", (int)want[i].norm_len, want[i].norm);
        snprintf(forms[i][1], 64, "%.*s", (int)want[i].stem_len,
                 want[i].stem ? want[i].stem : "");
        snprintf(forms[i][2], 64, "%.*s", (int)want[i].key_len,
                 want[i].key ? want[i].key : "");
    }
    f = run_flags(text, flags | KH_ANALYZE_NO_SENTENCES);
    assert_int_equal(kh_doc_token_count(f->doc), n);
    assert_int_equal(kh_doc_sentence_count(f->doc), 1);
    assert_int_equal(kh_doc_sentence(f->doc, 0)->n_tokens, n);
    for (size_t i = 0; i < n; i++) {
        const kh_token *t = kh_doc_token(f->doc, i);
        assert_int_equal(t->start, want[i].start);
        assert_int_equal(t->end, want[i].end);
        assert_int_equal(t->type, want[i].type);
        assert_int_equal(t->n_parts, want[i].n_parts);
        assert_int_equal(t->sentence_start, i == 0);
        assert_strn_equal(t->norm, t->norm_len, forms[i][0]);
        assert_strn_equal(t->stem ? t->stem : "", t->stem_len, forms[i][1]);
        assert_strn_equal(t->key ? t->key : "", t->key_len, forms[i][2]);
    }
}

static void test_seed_sentences(void **state) {
    (void)state;
    char path[512];
    if (!kh_test_shared("seed/000_589a699176fbe262.txt", path, sizeof path)) {
        skip();
        return;
    }
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = 0;
    fixture *f = run(buf);
    assert_int_equal(kh_doc_sentence_count(f->doc), 26);
    const kh_sentence *s = kh_doc_sentence(f->doc, 7);
    assert_strn_equal(buf + s->start, s->end - s->start,
                      "इस दौरान उन्होंने जम्मू-कश्मीर के पहलगाम में 22 अप्रैल "
                      "को हुए आतंकी हमले की कड़े शब्दों में निंदा की.");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devanagari_words_whole),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_compounds),
        cmocka_unit_test(test_urls_emails_tags),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_sentence_marks),
        cmocka_unit_test(test_lines_and_paragraphs),
        cmocka_unit_test(test_missing_danda),
        cmocka_unit_test(test_normalization),
        cmocka_unit_test(test_forms_and_offsets),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_long_token_bounded),
        cmocka_unit_test(test_seed_sentences),
        cmocka_unit_test(test_no_sentences),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
