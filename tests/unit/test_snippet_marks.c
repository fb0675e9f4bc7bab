/*
 * test_snippet_marks.c — snippets read from the body's snippet marks
 * (ingest.c writes them into each record, snippet.c jumps to them) are
 * the snippets read from the text's start: for every hit of many queries
 * over long articles (headings, long and short paragraphs, sentences
 * without an end mark, hyphenated compounds of up to 16 parts that take
 * several positions in one token), kh_snippet with the record's marks and
 * with none must give the same bytes. Also: marks are written for long
 * bodies, decoded in order, and each one points at a piece start.
 */
#include "testutil.h"
#include "index.h"
#include "khabar.h"
#include "search.h"

#include <stdlib.h>
#include <string.h>

static const char *const words[] = {
    "सरकार", "पुलिस", "जांच",   "बारिश", "किसान", "बाजार",   "अस्पताल",
    "स्कूल",   "चुनाव", "मौसम",  "सड़क",   "पानी",  "बिजली",   "नगर",
    "निगम",  "भारत", "दिल्ली", "मंत्री",  "योजना", "अधिकारी", "गांव"};
#define NWORDS (sizeof words / sizeof *words)

static uint32_t rnd(uint32_t *x) {
    *x = *x * 1103515245u + 12345u;
    return *x >> 8;
}

/* A long article body as JSON-escaped text: paragraphs of sentences,
 * some without an end mark, some words in compounds of 2-6 parts. */
static void body(kh_buf *b, uint32_t *x) {
    int paras = 6 + (int)(rnd(x) % 10);
    for (int p = 0; p < paras; p++) {
        if (p)
            kh_buf_append(b, "\\n\\n", 4);
        int sents = 1 + (int)(rnd(x) % 6);
        for (int s = 0; s < sents; s++) {
            int n = 4 + (int)(rnd(x) % 14);
            for (int w = 0; w < n; w++) {
                const char *word = words[rnd(x) % NWORDS];
                kh_buf_append(b, word, strlen(word));
                if (rnd(x) % 3 == 0) { /* a compound of several parts */
                    int parts = 1 + (int)(rnd(x) % 15);
                    for (int k = 0; k < parts; k++) {
                        const char *more = words[rnd(x) % NWORDS];
                        kh_buf_putc(b, '-');
                        kh_buf_append(b, more, strlen(more));
                    }
                }
                if (w + 1 < n)
                    kh_buf_putc(b, rnd(x) % 11 == 0 ? ',' : ' ');
                if (w + 1 < n && rnd(x) % 11 == 0)
                    kh_buf_putc(b, ' ');
            }
            static const char *const ends[] = {"। ", ". ", "? ", " ", "\\n"};
            const char *e = ends[rnd(x) % 5];
            kh_buf_append(b, e, strlen(e));
        }
    }
}

static void test_marks_same_snippets(void **state) {
    (void)state;
    char *dir = kh_test_index_dir("marks");
    kh_error err = {0};
    kh_index *ix = NULL;
    kh_cleaner *cl = NULL;
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    assert_int_equal(
        kh_index_open(dir, KH_INDEX_WRITE | KH_INDEX_CREATE, &ix, &err), KH_OK);
    uint32_t x = 7;
    for (int i = 0; i < 60; i++) {
        kh_buf rec = {0}, text = {0};
        body(&text, &x);
        kh_buf_putc(&text, '\0');
        kh_buf_printf(&rec,
                      "{\"id\":\"a%d\",\"title\":\"ख़बर %d\",\"text\":\"%s\","
                      "\"date\":\"2025-06-%02d\"}",
                      i, i, text.data, 1 + i % 28);
        kh_article *a = NULL;
        assert_int_equal(kh_clean_json_record(cl, rec.data, rec.len, &a, &err),
                         KH_OK);
        assert_int_equal(kh_index_add(ix, a, &err), KH_OK);
        kh_article_free(a);
        kh_buf_free(&rec);
        kh_buf_free(&text);
    }
    assert_int_equal(kh_index_commit(ix, &err), KH_OK);

    kh_snapshot *snap = kh_snapshot_acquire(ix);
    const kh_segment *seg = snap->segs[0].seg;
    /* the marks: written for long bodies, each at a piece start */
    size_t with_marks = 0;
    for (uint32_t d = 0; d < seg->ndocs; d++) {
        kh_record r;
        assert_int_equal(kh_seg_record(seg, d, &r, &err), KH_OK);
        kh_buf t = {0};
        assert_int_equal(kh_record_body(&r.a, 0, &t), 0);
        if (r.x.marks) {
            with_marks++;
            uint32_t prev = 0, mp, mo;
            for (uint32_t pos = 0; pos < 100000; pos += 7)
                if (kh_mark_before(r.x.marks, r.x.marks_len, pos, &mp, &mo)) {
                    assert_true(mp <= pos);
                    assert_true(mp >= prev);
                    assert_true(mo < t.len);
                    assert_true(kh_mark_safe(t.data, mo));
                    prev = mp;
                }
        }
        kh_buf_free(&t);
        kh_record_free(&r);
    }
    assert_true(with_marks > 40);

    static const char *const queries[] = {
        "सरकार",       "पुलिस जांच", "बारिश किसान", "अस्पताल स्कूल",
        "गांव अधिकारी", "नगर निगम", "भारत-दिल्ली",  "योजना मंत्री बिजली",
        "पानी",        "सड़क मौसम"};
    size_t compared = 0, differ = 0;
    for (size_t qi = 0; qi < sizeof queries / sizeof *queries; qi++) {
        kh_qnode *qn = NULL;
        assert_int_equal(
            kh_query_parse(queries[qi], strlen(queries[qi]), &qn, &err), KH_OK);
        kh_doc *qdoc = NULL, *sdoc = NULL;
        assert_int_equal(kh_doc_new(&qdoc, &err), KH_OK);
        assert_int_equal(kh_doc_new(&sdoc, &err), KH_OK);
        kh_plan p;
        assert_int_equal(kh_plan_build(qn, snap, ix->an, qdoc, &p, &err),
                         KH_OK);
        kh_snipper *sn = NULL;
        assert_int_equal(
            kh_snipper_new(&p, ix->an_snip, sdoc, "«", "»", 30, &sn, &err),
            KH_OK);
        for (uint32_t si = 0; si < snap->nsegs; si++) {
            const kh_segment *s = snap->segs[si].seg;
            for (uint32_t d = 0; d < s->ndocs; d++) {
                kh_record r;
                assert_int_equal(kh_seg_record_text(s, d, NULL, &r, &err),
                                 KH_OK);
                kh_buf t = {0};
                assert_int_equal(kh_record_body(&r.a, 1, &t), 0);
                size_t body_off = r.a.standfirst && *r.a.standfirst
                                      ? strlen(r.a.standfirst) + 2
                                      : 0;
                char *with = NULL, *without = NULL;
                assert_int_equal(kh_snippet(sn, si, d, t.data, t.len, body_off,
                                            r.x.marks, r.x.marks_len, &with,
                                            &err),
                                 KH_OK);
                assert_int_equal(kh_snippet(sn, si, d, t.data, t.len, body_off,
                                            NULL, 0, &without, &err),
                                 KH_OK);
                assert_string_equal(with, without);
                differ += strcmp(with, "") != 0;
                compared++;
                free(with);
                free(without);
                kh_buf_free(&t);
                kh_record_free(&r);
            }
        }
        kh_snipper_free(sn);
        kh_plan_free(&p);
        kh_query_free(qn);
        kh_doc_free(qdoc);
        kh_doc_free(sdoc);
    }
    assert_int_equal(compared, 600);
    assert_true(differ > 300); /* most hits have a snippet to compare */
    kh_snapshot_release(ix, snap);
    kh_index_close(ix);
    kh_cleaner_free(cl);
    kh_test_index_done(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marks_same_snippets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
