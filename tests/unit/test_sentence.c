/*
 * test_sentence.c — unit tests of sentence ends that have no end mark:
 * the learned boundary model in src/analyze/sentence.c must find a missing
 * danda between two clauses, must not cut a sentence at a subordinate,
 * relative or coordinated clause or inside a verb group, must treat
 * spelling variants alike, and must stay bounded on text that has no
 * punctuation at all. The sentences are composed for these tests.
 */
#include "testutil.h"

#include "khabar.h"

typedef struct fixture {
    kh_analyzer *an;
    kh_doc *doc;
} fixture;

static int setup(void **state) {
    static fixture f; /* tests are single-threaded */
    kh_analyzer_options o = {0};
    kh_error err = {0};
    assert_int_equal(kh_analyzer_new(&o, &f.an, &err), KH_OK);
    assert_int_equal(kh_doc_new(&f.doc, &err), KH_OK);
    *state = &f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    kh_analyzer_free(f->an);
    kh_doc_free(f->doc);
    return 0;
}

/* Analyses text and joins the sentence texts with '#' into buf. */
static const char *split(fixture *f, const char *text, char *buf, size_t cap) {
    kh_error err = {0};
    assert_int_equal(kh_analyze(f->an, f->doc, text, strlen(text), 0, &err),
                     KH_OK);
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < kh_doc_sentence_count(f->doc); i++) {
        const kh_sentence *s = kh_doc_sentence(f->doc, i);
        o += (size_t)snprintf(buf + o, cap - o, "%s%.*s", i ? "#" : "",
                              (int)(s->end - s->start), text + s->start);
        if (o >= cap)
            break;
    }
    return buf;
}

#define SENTS(text, want)                                                      \
    do {                                                                       \
        char b_[4096];                                                         \
        assert_string_equal(split(f, text, b_, sizeof b_), want);              \
    } while (0)

/* Two sentences, the danda between them left out. */
static void test_missing_danda_found(void **state) {
    fixture *f = *state;
    SENTS("बैठक में सभी दलों के नेता मौजूद थे उन्होंने सरकार से इस मुद्दे पर "
          "जल्द फैसला लेने की मांग की।",
          "बैठक में सभी दलों के नेता मौजूद थे#उन्होंने सरकार से इस मुद्दे पर "
          "जल्द फैसला लेने की मांग की।");
    SENTS("शहर में पिछले तीन दिनों से लगातार बारिश हो रही है इसके कारण कई "
          "इलाकों में पानी भर गया है और लोग परेशान हैं।",
          "शहर में पिछले तीन दिनों से लगातार बारिश हो रही है#इसके कारण कई "
          "इलाकों में पानी भर गया है और लोग परेशान हैं।");
    /* inside a text that otherwise has its end marks */
    SENTS("नगर निगम ने सफाई अभियान शुरू किया है। अभियान के पहले दिन "
          "कर्मचारियों ने मुख्य सड़कों से कचरा हटा दिया है इस दौरान कई "
          "दुकानदारों पर जुर्माना भी लगाया गया। अगला चरण सोमवार से होगा।",
          "नगर निगम ने सफाई अभियान शुरू किया है।#अभियान के पहले दिन "
          "कर्मचारियों ने मुख्य सड़कों से कचरा हटा दिया है#इस दौरान कई "
          "दुकानदारों पर जुर्माना भी लगाया गया।#अगला चरण सोमवार से होगा।");
}

/* Clauses that belong to one sentence. */
static void test_clause_inside_sentence(void **state) {
    fixture *f = *state;
    const char *one[] = {
        /* a complement clause after कि */
        "मुख्यमंत्री ने कहा है कि सरकार इस पूरे मामले की निष्पक्ष जांच "
        "कराएगी।",
        /* a relative clause after the verb */
        "इस योजना के तहत किसानों को हर साल छह हजार रुपये दिए जाएंगे जो "
        "सीधे उनके बैंक खातों में भेजे जाएंगे।",
        /* a relative clause first, its correlative after */
        "जो लोग यातायात के नियमों का पालन नहीं करेंगे उन पर सख्त कार्रवाई "
        "की जाएगी।",
        /* coordinated clauses */
        "यह सड़क अगले महीने तक पूरी हो जाएगी और इसके बाद शहर का यातायात "
        "सुगम हो जाएगा।",
        "अगर कल बारिश हुई तो मैच रद्द कर दिया जाएगा।",
        /* a verb group: finite forms in a row */
        "आरोपी को अदालत में पेश किया गया है और उसे जेल भेज दिया जाएगा।",
        /* a comma is a clause boundary, not a sentence end */
        "बैठक में सभी दलों के नेता मौजूद थे, उन्होंने सरकार से इस मुद्दे पर "
        "जल्द फैसला लेने की मांग की।",
    };
    for (size_t i = 0; i < sizeof one / sizeof *one; i++)
        SENTS(one[i], one[i]);
}

/* Spellings that fold together (candrabindu, nukta) decide alike. */
static void test_spelling_variants(void **state) {
    fixture *f = *state;
    const char *pairs[][2] = {
        {"मैं इस फैसले से पूरी तरह सहमत हूं इसके बावजूद मेरी कुछ चिंताएं "
         "अभी बाकी हैं।",
         "मैं इस फैसले से पूरी तरह सहमत हूँ इसके बावजूद मेरी कुछ चिंताएं "
         "अभी बाकी हैं।"},
        {"बैठक में सभी दलों के नेता मौजूद थे उन्होंने सरकार से इस मुद्दे पर "
         "जल्द फ़ैसला लेने की मांग की।",
         "बैठक में सभी दलों के नेता मौजूद थे उन्होंने सरकार से इस मुद्दे पर "
         "जल्द फैसला लेने की मांग की।"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        char a[4096], b[4096];
        split(f, pairs[i][0], a, sizeof a);
        size_t na = kh_doc_sentence_count(f->doc);
        split(f, pairs[i][1], b, sizeof b);
        assert_int_equal(kh_doc_sentence_count(f->doc), na);
        assert_non_null(strchr(a, '#')); /* both found the missing end */
        assert_non_null(strchr(b, '#'));
    }
}

/* Text without any punctuation: every gap is scored, work stays linear
 * (each score looks at most a fixed number of tokens around the gap), and
 * the sentences still cover every token once, in order. */
static void test_no_punctuation_at_all(void **state) {
    fixture *f = *state;
    static const char *words[] = {"बैठक",   "में",   "नेता", "मौजूद", "थे",
                                  "उन्होंने", "मांग", "की",  "है",    "इससे",
                                  "पहले",   "जो",  "कि",  "गया",  "दिया"};
    const size_t nw = sizeof words / sizeof *words, n = 200000;
    size_t cap = n * 20, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u; /* fixed pseudo-random word order */
        const char *w = words[(x >> 16) % nw];
        size_t wl = strlen(w);
        memcpy(text + len, w, wl);
        len += wl;
        text[len++] = ' ';
    }
    kh_error err = {0};
    assert_int_equal(kh_analyze(f->an, f->doc, text, len, 0, &err), KH_OK);
    assert_int_equal(kh_doc_token_count(f->doc), n);
    size_t next = 0;
    for (size_t i = 0; i < kh_doc_sentence_count(f->doc); i++) {
        const kh_sentence *s = kh_doc_sentence(f->doc, i);
        assert_int_equal(s->first_token, next);
        assert_true(s->n_tokens > 0);
        next += s->n_tokens;
    }
    assert_int_equal(next, n);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_danda_found),
        cmocka_unit_test(test_clause_inside_sentence),
        cmocka_unit_test(test_spelling_variants),
        cmocka_unit_test(test_no_punctuation_at_all),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
