/*
 * test_flat.c — the term-at-a-time path for flat queries (flat.c) must
 * give exactly what the document-at-a-time iterators (exec.c) give: the
 * same total, the same matches handed to on_match in the same order, the
 * same top hits with bit-identical scores. The index is made of generated
 * short articles over a small invented vocabulary (Zipf-like, so some
 * words are dense and some rare), in several segments, with deletions,
 * replacements and dates; every query runs both ways.
 */
#include "testutil.h"

#include "index.h"
#include "khabar.h"
#include "search.h"

#include <dirent.h>

static char dir[64];

static const char *vocab[] = {
    "सरकार", "पुलिस",  "जांच",   "किसान",      "बारिश",     "चुनाव",   "अस्पताल",
    "मंत्री",  "ज़मीन",  "अदालत", "फ़ैसला",       "सड़क",       "हादसा",  "स्कूल",
    "बच्चे",   "पानी",  "बिजली", "योजना",      "बाज़ार",     "व्यापार", "नदी",
    "पुल",    "गांव",   "शहर",   "प्रधानमन्त्री", "प्रधानमंत्री", "हिंदी",   "हिन्दी",
    "मौसम",  "विभाग", "रेल",    "यात्री",      "परीक्षा",    "नतीजे",   "खेल",
    "टीम",   "जीत",   "हार",   "दिल्ली",      "लखनऊ"};
#define NV (sizeof vocab / sizeof *vocab)

static uint32_t rnd(uint32_t *s) {
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* A word index with a Zipf-like law: low indexes are much more common. */
static size_t zipf(uint32_t *s) {
    double u = (double)(rnd(s) % 10000 + 1) / 10001.0;
    size_t i = (size_t)((double)NV * u * u * u);
    return i < NV ? i : NV - 1;
}

static void words(uint32_t *s, char *out, size_t cap, size_t n) {
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strncat(out, i % 9 ? " " : "। ", cap - strlen(out) - 1);
        strncat(out, vocab[zipf(s)], cap - strlen(out) - 1);
    }
}

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/khabar-test-flat-%d", (int)getpid());
    kh_test_rm_rf(dir);
    kh_index *w;
    kh_error err = {0};
    if (kh_index_open(dir, KH_INDEX_WRITE | KH_INDEX_CREATE, &w, &err))
        return -1;
    uint32_t s = 7;
    static char title[512], body[8192], id[32], date[32];
    /* one segment larger than flat.c's window of 4,096 docs, two small */
    for (int i = 0; i < 5600; i++) {
        /* some ids come back: the older copy is deleted */
        int n = i % 7 == 3 ? (int)(rnd(&s) % (unsigned)i) : i;
        snprintf(id, sizeof id, "a%04d", n);
        snprintf(date, sizeof date, "2025-%02u-%02uT10:00:00+05:30",
                 1 + rnd(&s) % 6, 1 + rnd(&s) % 28);
        words(&s, title, sizeof title, 3 + rnd(&s) % 5);
        words(&s, body, sizeof body, 10 + rnd(&s) % (i % 50 ? 40 : 300));
        kh_paragraph para = {body, strlen(body), KH_LANG_HI, 0};
        kh_section sec = {NULL, &para, 1};
        kh_article a = {0};
        a.id = id;
        a.title = title;
        a.sections = &sec;
        a.n_sections = 1;
        a.source = i % 3 ? "समाचार एक" : "समाचार दो";
        a.published = i % 11 ? date : NULL;
        if (kh_index_add(w, &a, &err))
            return -1;
        if ((i == 4999 || i == 5299) && kh_index_commit(w, &err))
            return -1;
    }
    int found = 0;
    if (kh_index_delete(w, "a0005", &found, &err) || kh_index_commit(w, &err) ||
        !found)
        return -1;
    kh_index_close(w);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    kh_test_rm_rf(dir);
    return 0;
}

typedef struct seen {
    uint32_t *v; /* seg, doc pairs */
    size_t n, cap;
} seen;

static void on_match(void *ctx, uint32_t seg, const uint32_t *docs, size_t n) {
    seen *s = ctx;
    for (size_t i = 0; i < n; i++) {
        if (s->n + 2 > s->cap) {
            s->cap = s->cap ? s->cap * 2 : 1024;
            s->v = realloc(s->v, s->cap * sizeof *s->v);
            assert_non_null(s->v);
        }
        s->v[s->n++] = seg;
        s->v[s->n++] = docs[i];
    }
}

/* Runs q both ways on one snapshot and compares everything. Returns the
 * total, so that callers can check the query matched something. */
/* One workspace for every flat run, as a server thread keeps one: the
 * window's accumulators must come back clean from each search. */
static kh_workspace *ws;

static uint64_t both_ways(kh_index *ix, const char *q, size_t k) {
    kh_error err = {0};
    kh_qnode *qn = NULL;
    assert_int_equal(kh_query_parse(q, strlen(q), &qn, &err), KH_OK);
    kh_doc *doc;
    assert_int_equal(kh_doc_new(&doc, &err), KH_OK);
    kh_snapshot *snap = kh_snapshot_acquire(ix);
    kh_scored out[2][64];
    size_t nout[2];
    uint64_t tot[2];
    seen m[2] = {{0}, {0}};
    for (int way = 0; way < 2; way++) {
        kh_plan p;
        assert_int_equal(kh_plan_build(qn, snap, ix->an, doc, &p, &err), KH_OK);
        p.no_flat = way;
        p.ws = ws;
        p.on_match = on_match;
        p.match_ctx = &m[way];
        assert_int_equal(kh_exec(&p, k, out[way], &nout[way], &tot[way], &err),
                         KH_OK);
        kh_plan_free(&p);
    }
    if (tot[0] != tot[1] || nout[0] != nout[1] || m[0].n != m[1].n ||
        (m[0].n && memcmp(m[0].v, m[1].v, m[0].n * sizeof *m[0].v))) {
        print_error("%s: flat %llu matches, %zu hits; iterators %llu, %zu\n", q,
                    (unsigned long long)tot[0], nout[0],
                    (unsigned long long)tot[1], nout[1]);
        fail();
    }
    for (size_t i = 0; i < nout[0]; i++)
        if (out[0][i].seg != out[1][i].seg || out[0][i].doc != out[1][i].doc ||
            memcmp(&out[0][i].score, &out[1][i].score, sizeof(double))) {
            print_error("%s: hit %zu differs: %u/%u %.17g vs %u/%u %.17g\n", q,
                        i, out[0][i].seg, out[0][i].doc, out[0][i].score,
                        out[1][i].seg, out[1][i].doc, out[1][i].score);
            fail();
        }
    free(m[0].v);
    free(m[1].v);
    kh_snapshot_release(ix, snap);
    kh_doc_free(doc);
    kh_query_free(qn);
    return tot[0];
}

static void test_same_results(void **state) {
    (void)state;
    kh_index *ix;
    kh_error err = {0};
    assert_int_equal(kh_index_open(dir, KH_INDEX_READ, &ix, &err), KH_OK);
    const char *queries[] = {
        "सरकार",
        "पुलिस जांच",
        "किसान बारिश चुनाव",
        "प्रधानमंत्री",
        "प्रधानमन्त्री योजना",
        "हिन्दी",
        "zameen",
        "pulis jaanch",
        "सरकार OR लखनऊ",
        "सरकार पुलिस since:2025-03-01",
        "सरकार until:2025-02-15",
        "पानी -since:2025-04-01",
        "title:सरकार",
        "title:पुलिस body:जांच",
        "दिल्ली लखनऊ टीम जीत हार",
        "नदीपुल",
        "सरकार नदीपुल",
    };
    uint64_t any = 0;
    ws = kh_workspace_new();
    assert_non_null(ws);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
            for (size_t k = 0; k <= 64; k += 16)
                any += both_ways(ix, queries[i], k ? k : 1);
    kh_workspace_free(ws);
    ws = NULL;
    assert_true(any > 0);
    kh_index_close(ix);
}

/* The flat path must be the one taken for a dense word, or the test above
 * would compare the iterators with themselves. */
static void test_flat_is_taken(void **state) {
    (void)state;
    kh_index *ix;
    kh_error err = {0};
    assert_int_equal(kh_index_open(dir, KH_INDEX_READ, &ix, &err), KH_OK);
    kh_qnode *qn = NULL;
    assert_int_equal(
        kh_query_parse("सरकार पुलिस", strlen("सरकार पुलिस"), &qn, &err), KH_OK);
    kh_doc *doc;
    assert_int_equal(kh_doc_new(&doc, &err), KH_OK);
    kh_snapshot *snap = kh_snapshot_acquire(ix);
    kh_plan p;
    assert_int_equal(kh_plan_build(qn, snap, ix->an, doc, &p, &err), KH_OK);
    assert_true(snap->nsegs >= 3);
    assert_true(kh_flat_worth(&p, 0));
    p.no_flat = 1;
    assert_false(kh_flat_worth(&p, 0));
    kh_plan_free(&p);
    kh_snapshot_release(ix, snap);
    kh_doc_free(doc);
    kh_query_free(qn);
    kh_index_close(ix);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flat_is_taken),
        cmocka_unit_test(test_same_results),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
