/*
 * test_wordtab.c — documents are indexed through the builder's word table
 * (wordtab.c), queries through kh_each_term and the analyzer's stems and
 * keys. The two must agree, or a query would miss the documents it
 * names: for texts with compounds, spelling variants, Latin, numbers,
 * URLs, very long words and invisible characters, the terms, positions
 * and key pairs the builder holds after kh_ingest are compared with those
 * kh_each_term gives, over two segments (the second finds every word
 * already in the table) and after the table is emptied; then the same
 * for hundreds of random texts made of the pieces that trouble tokenizers.
 */
#include "testutil.h"

#include "index.h"
#include "khabar.h"

/* Original texts, written for this test. */
static const char *const texts[] = {
    "प्रधानमन्त्री मोदी ने भारत-रूस संबंधों पर ज़ोर दिया और कहा कि 2,500 "
    "करोड़ रुपये की योजना 80वीं बार आई। प्रधानमंत्री ने सम्बन्ध दोहराए।",
    "Putin ने PM Modi से बात की: https://example.com/a?b=1 पर #पहलगाम "
    "@newsdesk और info@example.org पर लिखें। Running runners ran.",
    "जम्मू-कश्मीर-लद्दाख में १२.५ प्रतिशत वृद्धि; कोविड-19 के मामले, "
    "COVID-19 cases, ज़िंदगी जिंदगी पहुँच पहुंच हिन्दी हिंदी।",
    "अंतर्राष्ट्रीयकरणवादियों का सम्मेलन भारत-USA और UN-महासभा में हुआ। "
    "क\xe2\x80\x8dष और \xe2\x80\x8c अकेला, दिल\xe2\x80\x8dली।",
    NULL, /* a very long Devanagari word and a very long Latin word */
};

/* Lines "field|term|doc|pos" and "K|key|term", as the expected side and
 * the builder give them. */
typedef struct lines {
    char **v;
    size_t n, cap;
} lines;

static void add_line(lines *l, const char *s, size_t n) {
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        assert_non_null(l->v);
    }
    l->v[l->n] = malloc(n + 1);
    assert_non_null(l->v[l->n]);
    memcpy(l->v[l->n], s, n);
    l->v[l->n][n] = '\0';
    l->n++;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, each line once (the builder keeps one of equal positions). */
static void normalize(lines *l) {
    qsort(l->v, l->n, sizeof *l->v, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (k && !strcmp(l->v[k - 1], l->v[i])) {
            free(l->v[i]);
            continue;
        }
        l->v[k++] = l->v[i];
    }
    l->n = k;
}

static void free_lines(lines *l) {
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

typedef struct expect_ctx {
    lines *terms, *keys;
    unsigned field;
    uint32_t doc;
} expect_ctx;

static int on_expected(void *ctx, const char *term, size_t len, const char *key,
                       size_t klen, kh_script script, uint32_t pos) {
    expect_ctx *c = ctx;
    char buf[1024];
    size_t tl = len < 255 ? len : 255; /* the dictionary's cut */
    int n = snprintf(buf, sizeof buf, "%u|%.*s|%u|%u", c->field, (int)tl, term,
                     c->doc, pos);
    add_line(c->terms, buf, (size_t)n);
    if (script == KH_SCRIPT_DEVANAGARI && klen && klen + tl + 1 <= 512) {
        n = snprintf(buf, sizeof buf, "K|%.*s|%.*s", (int)klen, key, (int)tl,
                     term);
        add_line(c->keys, buf, (size_t)n);
    }
    return 0;
}

/* What kh_each_term gives for text as field f of document doc. */
static void expected(const kh_analyzer *an, kh_doc *d, const char *text,
                     unsigned f, uint32_t doc, lines *terms, lines *keys) {
    expect_ctx c = {terms, keys, f, doc};
    kh_error err = {0};
    assert_int_equal(
        kh_each_term(an, d, text, strlen(text), on_expected, &c, NULL, &err),
        KH_OK);
}

/* The builder's postings and key pairs as lines. */
static void held(const kh_builder *b, lines *terms, lines *keys) {
    char buf[1024];
    for (uint32_t i = 0; i < b->nterms; i++) {
        const kh_bterm *t = &b->terms[i];
        const char *s = b->strs.data + t->str;
        const uint8_t *p = t->post, *end = t->post + t->plen;
        uint32_t doc = 0, first = 1;
        /* kh_bterm's format: doc delta, first position + 1, deltas, and
         * a 0 before the next document */
        while (p < end) {
            uint32_t dd = 0, v = 0, pos = 0;
            assert_true(kh_varint_get(&p, end, &dd));
            doc = first ? dd : doc + dd;
            first = 0;
            assert_true(kh_varint_get(&p, end, &v));
            assert_true(v > 0);
            pos = v - 1;
            for (;;) {
                int n = snprintf(buf, sizeof buf, "%u|%.*s|%u|%u",
                                 (unsigned)(uint8_t)s[0], (int)(t->len - 1),
                                 s + 1, doc, pos);
                add_line(terms, buf, (size_t)n);
                if (p == end)
                    break;
                assert_true(kh_varint_get(&p, end, &v));
                if (!v)
                    break;
                pos += v;
            }
        }
    }
    for (uint32_t i = 0; i < b->nkeys; i++) {
        const char *k = b->keys.data + b->koffs[i];
        size_t kl = strlen(k);
        const char *term = k + kl + 1;
        size_t end = i + 1 < b->nkeys ? b->koffs[i + 1] : b->keys.len;
        size_t tl = end - b->koffs[i] - kl - 2;
        int n = snprintf(buf, sizeof buf, "K|%s|%.*s", k, (int)tl, term);
        add_line(keys, buf, (size_t)n);
    }
}

static void assert_same(lines *want, lines *got) {
    normalize(want);
    normalize(got);
    size_t n = want->n < got->n ? want->n : got->n;
    for (size_t i = 0; i < n; i++)
        if (strcmp(want->v[i], got->v[i])) {
            print_error("line %zu: want %s, got %s\n", i, want->v[i],
                        got->v[i]);
            fail();
        }
    assert_int_equal(want->n, got->n);
}

/* The two roads to terms: documents (tokens and norms, the builder's
 * word table) and queries (stems and keys from the analyzer). */
typedef struct paths {
    kh_analyzer *an_doc, *an_query;
    kh_doc *d;
    kh_builder b;
} paths;

static void paths_open(paths *ps) {
    kh_error err = {0};
    kh_analyzer_options od = {KH_ANALYZE_NO_SENTENCES};
    kh_analyzer_options oq = {KH_ANALYZE_STEMS | KH_ANALYZE_KEYS |
                              KH_ANALYZE_NO_SENTENCES};
    assert_int_equal(kh_analyzer_new(&od, &ps->an_doc, &err), KH_OK);
    assert_int_equal(kh_analyzer_new(&oq, &ps->an_query, &err), KH_OK);
    assert_int_equal(kh_doc_new(&ps->d, &err), KH_OK);
    assert_int_equal(kh_builder_init(&ps->b, &err), KH_OK);
}

static void paths_close(paths *ps) {
    kh_builder_free(&ps->b);
    kh_doc_free(ps->d);
    kh_analyzer_free(ps->an_doc);
    kh_analyzer_free(ps->an_query);
}

/* Ingests every text as a document (title and body the same text) and
 * compares the builder with kh_each_term's terms. */
static void one_segment(paths *ps, const char *const *docs, size_t ndocs) {
    kh_builder *b = &ps->b;
    kh_doc *d = ps->d;
    lines want = {0}, got = {0}, want_k = {0}, got_k = {0};
    for (size_t i = 0; i < ndocs; i++) {
        char id[32];
        snprintf(id, sizeof id, "doc-%zu", i);
        kh_paragraph para = {docs[i], strlen(docs[i]), KH_LANG_HI, 1};
        kh_section sec = {NULL, &para, 1};
        kh_article a = {0};
        a.id = id;
        a.title = docs[i];
        a.sections = &sec;
        a.n_sections = 1;
        kh_error err = {0};
        assert_int_equal(kh_ingest(b, ps->an_doc, d, &a, NULL, &err), KH_OK);
        expected(ps->an_query, d, docs[i], KH_F_TITLE, (uint32_t)i, &want,
                 &want_k);
        expected(ps->an_query, d, docs[i], KH_F_BODY, (uint32_t)i, &want,
                 &want_k);
    }
    held(b, &got, &got_k);
    assert_true(want.n > 100);
    assert_same(&want, &got);
    assert_true(want_k.n > 20);
    assert_same(&want_k, &got_k);
    free_lines(&want);
    free_lines(&got);
    free_lines(&want_k);
    free_lines(&got_k);
}

static void test_ingest_matches_each_term(void **state) {
    (void)state;
    /* the long words: 120 Devanagari letters, 300 Latin ones */
    char long_text[2048];
    size_t o = 0;
    for (int i = 0; i < 120; i++)
        o += (size_t)snprintf(long_text + o, sizeof long_text - o, "%s",
                              i % 2 ? "क" : "ख़");
    long_text[o++] = ' ';
    for (int i = 0; i < 300; i++)
        long_text[o++] = (char)('a' + i % 26);
    snprintf(long_text + o, sizeof long_text - o, " और छोटे शब्द।");
    const char *docs[8];
    size_t n = 0;
    for (; texts[n]; n++)
        docs[n] = texts[n];
    docs[n++] = long_text;

    paths ps;
    paths_open(&ps);

    one_segment(&ps, docs, n);
    uint32_t words = ps.b.wt.nent;
    assert_true(words > 50);
    /* the next segment: every word is in the table, with an old term
     * number and key generation */
    kh_builder_reset(&ps.b);
    one_segment(&ps, docs, n);
    assert_int_equal(ps.b.wt.nent, words);
    /* and once it has been emptied */
    kh_builder_reset(&ps.b);
    kh_wt_clear(&ps.b.wt);
    one_segment(&ps, docs, n);
    assert_int_equal(ps.b.wt.nent, words);

    paths_close(&ps);
}

/* Pieces that random texts are made of: letters, vowel signs, virama,
 * nukta (combining and precomposed), candrabindu, ZWJ/ZWNJ, digits of
 * both scripts, Latin, hyphens, punctuation and spaces. */
static const char *const pieces[] = {"क",
                                     "ख़",
                                     "ज",
                                     "ड़",
                                     "प",
                                     "र",
                                     "स",
                                     "ह",
                                     "अ",
                                     "इ",
                                     "ा",
                                     "ि",
                                     "ी",
                                     "ु",
                                     "े",
                                     "ो",
                                     "ं",
                                     "ँ",
                                     "्",
                                     "़",
                                     "\xe2\x80\x8d",
                                     "\xe2\x80\x8c",
                                     "१",
                                     "२",
                                     "0",
                                     "7",
                                     ",",
                                     ".",
                                     "-",
                                     "-",
                                     " ",
                                     " ",
                                     " ",
                                     " ",
                                     "\n",
                                     "।",
                                     "a",
                                     "B",
                                     "z",
                                     "#",
                                     "@",
                                     "http://",
                                     "/",
                                     ":",
                                     "'",
                                     "(",
                                     ")",
                                     "80वीं"};

/* Hundreds of random texts through both paths: whatever the tokenizer
 * makes of odd sequences, documents and queries must agree on it. */
static void test_random_texts_match(void **state) {
    (void)state;
    enum { NDOCS = 300, MAXLEN = 400 };
    static char buf[NDOCS][MAXLEN + 32];
    const char *docs[NDOCS];
    uint32_t x = 2026;
    size_t npieces = sizeof pieces / sizeof *pieces;
    for (int d = 0; d < NDOCS; d++) {
        size_t o = 0;
        x = x * 1103515245u + 12345u;
        size_t want = (x >> 16) % MAXLEN;
        while (o < want) {
            x = x * 1103515245u + 12345u;
            const char *p = pieces[(x >> 16) % npieces];
            size_t n = strlen(p);
            memcpy(buf[d] + o, p, n);
            o += n;
        }
        buf[d][o] = '\0';
        docs[d] = buf[d];
    }
    paths ps;
    paths_open(&ps);
    one_segment(&ps, docs, NDOCS);
    kh_builder_reset(&ps.b);
    one_segment(&ps, docs, NDOCS);
    paths_close(&ps);
}

/* Merging's way in, kh_builder_posting: positions strictly increase (an
 * equal one is kept once), a term's documents must come in order, and a
 * posting without positions is refused; every posting reads back. */
static void test_builder_posting_rules(void **state) {
    (void)state;
    kh_builder b;
    kh_error err = {0};
    assert_int_equal(kh_builder_init(&b, &err), KH_OK);
    const uint32_t p1[] = {0, 4, 4, 200}, p2[] = {7}, p3[] = {130, 131};
    assert_int_equal(kh_builder_posting(&b,
                                        "\x01"
                                        "ab",
                                        3, 2, p1, 4, &err),
                     KH_OK);
    assert_int_equal(kh_builder_posting(&b,
                                        "\x01"
                                        "ab",
                                        3, 300, p2, 1, &err),
                     KH_OK);
    assert_int_equal(kh_builder_posting(&b,
                                        "\x02"
                                        "ab",
                                        3, 0, p3, 2, &err),
                     KH_OK);
    assert_int_equal(kh_builder_posting(&b,
                                        "\x01"
                                        "ab",
                                        3, 300, p2, 1, &err),
                     KH_ERR_INTERNAL);
    assert_int_equal(kh_builder_posting(&b,
                                        "\x01"
                                        "ab",
                                        3, 301, p2, 0, &err),
                     KH_ERR_INTERNAL);
    const uint32_t back[] = {9, 8};
    assert_int_equal(kh_builder_posting(&b,
                                        "\x02"
                                        "ab",
                                        3, 5, back, 2, &err),
                     KH_ERR_INTERNAL);
    lines got = {0}, keys = {0};
    held(&b, &got, &keys);
    normalize(&got);
    static const char *want[] = {"1|ab|2|0",   "1|ab|2|200", "1|ab|2|4",
                                 "1|ab|300|7", "2|ab|0|130", "2|ab|0|131",
                                 "2|ab|5|9"};
    assert_int_equal(got.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < got.n; i++)
        assert_string_equal(got.v[i], want[i]);
    free_lines(&got);
    free_lines(&keys);
    kh_builder_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ingest_matches_each_term),
        cmocka_unit_test(test_random_texts_match),
        cmocka_unit_test(test_builder_posting_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
