/*
 * test_read_jsonl.c — JSON Lines input: the stream reader cleans record
 * after record, reports a malformed line with its number and goes on; known
 * fields become metadata, unknown ones stay under `extra`; a record may
 * carry HTML instead of text; invalid UTF-8 fails only its record.
 */
#include "testutil.h"

#include "khabar.h"

static void test_stream(void **state) {
    (void)state;
    FILE *f = fopen("tests/fixtures/clean/records.jsonl", "rb");
    assert_non_null(f);
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_jsonl_reader *r;
    assert_int_equal(kh_jsonl_reader_new(f, "records.jsonl", &r, &err), KH_OK);
    kh_article *a;
    /* line 1: a text record */
    assert_int_equal(kh_jsonl_next(r, cl, &a, &err), KH_OK);
    assert_int_equal(kh_jsonl_line(r), 1);
    assert_int_equal(a->record_line, 1);
    assert_int_equal(a->format, KH_INPUT_JSONL);
    assert_string_equal(a->id, "gaon-1");
    assert_string_equal(a->title, "गांव में पहुंची पक्की सड़क");
    assert_string_equal(a->url, "https://example.com/gaon-1");
    assert_string_equal(a->source, "ग्राम समाचार");
    assert_string_equal(a->published, "2024-06-04T10:30:00+05:30");
    assert_non_null(a->extra_json);
    assert_non_null(strstr(a->extra_json, "\"reporter\""));
    assert_non_null(strstr(a->extra_json, "\"tags\""));
    assert_null(strstr(a->extra_json, "\"title\""));
    /* the title repeated, the dateline and the related link are gone */
    assert_int_equal(a->n_sections, 1);
    assert_int_equal(a->sections[0].n_paragraphs, 2);
    assert_memory_equal(a->sections[0].paragraphs[0].text, "जिले के", 10);
    kh_article_free(a);
    /* line 2: malformed JSON, reported with the file and line */
    assert_int_equal(kh_jsonl_next(r, cl, &a, &err), KH_ERR_PARSE);
    assert_null(a);
    assert_true(!strncmp(err.message, "records.jsonl:2: ", 17));
    /* line 3 is blank; line 4: a record with html */
    assert_int_equal(kh_jsonl_next(r, cl, &a, &err), KH_OK);
    assert_int_equal(kh_jsonl_line(r), 4);
    assert_string_equal(a->id, "gaon-2");
    assert_string_equal(a->published, "2024-06-05");
    assert_int_equal(a->n_sections, 1);
    assert_int_equal(a->sections[0].n_paragraphs, 1);
    assert_null(a->extra_json);
    kh_article_free(a);
    /* line 5: not an object; line 6: no text */
    assert_int_equal(kh_jsonl_next(r, cl, &a, &err), KH_ERR_PARSE);
    assert_true(!strncmp(err.message, "records.jsonl:5: ", 17));
    assert_int_equal(kh_jsonl_next(r, cl, &a, &err), KH_ERR_PARSE);
    assert_true(!strncmp(err.message, "records.jsonl:6: ", 17));
    assert_int_equal(kh_jsonl_next(r, cl, &a, &err), KH_ERR_NOT_FOUND);
    kh_jsonl_reader_free(r);
    fclose(f);
    kh_cleaner_free(cl);
}

static void test_record_errors(void **state) {
    (void)state;
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_article *a = NULL;
    const char bad[] = "{\"text\":\"शीर्षक\\nपहला \xFF वाक्य यहां है.\"}";
    assert_int_equal(kh_clean_json_record(cl, bad, sizeof bad - 1, &a, &err),
                     KH_ERR_UTF8);
    assert_null(a);
    const char num[] = "{\"text\": 42}";
    assert_int_equal(kh_clean_json_record(cl, num, sizeof num - 1, &a, &err),
                     KH_ERR_PARSE);
    const char nul[] = "{\"text\": \"a\\u0000b\"}";
    assert_int_equal(kh_clean_json_record(cl, nul, sizeof nul - 1, &a, &err),
                     KH_ERR_PARSE);
    kh_cleaner_free(cl);
    kh_clean_options o = {KH_CLEAN_REPAIR_UTF8};
    assert_int_equal(kh_cleaner_new(&o, &cl, &err), KH_OK);
    assert_int_equal(kh_clean_json_record(cl, bad, sizeof bad - 1, &a, &err),
                     KH_OK);
    kh_article_free(a);
    /* numeric ids and a source object are read too */
    const char rec[] = "{\"id\": 7, \"source\": {\"name\": \"पत्र\"}, \"text\":"
                       " \"शीर्षक\\nपहला वाक्य यहां है और पूरा है.\"}";
    assert_int_equal(kh_clean_json_record(cl, rec, sizeof rec - 1, &a, &err),
                     KH_OK);
    assert_string_equal(a->id, "7");
    assert_string_equal(a->source, "पत्र");
    kh_article_free(a);
    kh_cleaner_free(cl);
}

/* Titles with an escape, a quote or a raw control byte after every
 * length of plain text, so that the string scan meets it at each place
 * of its 16- and 8-byte blocks: escapes decode, the control byte fails
 * the record. */
static void test_string_scan_offsets(void **state) {
    (void)state;
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    for (int bad = 0; bad < 2; bad++)
        for (int k = 0; k < 40; k++) {
            char line[512], want[128];
            char pad[64];
            for (int j = 0; j < k; j++)
                pad[j] = (char)('a' + j % 26);
            pad[k] = '\0';
            snprintf(line, sizeof line,
                     "{\"id\": \"s%d\", \"title\": \"%s%sx\", \"text\": "
                     "\"पहला अनुच्छेद यहां है और यह काफी लंबा है।\"}\n",
                     k, pad, bad ? "\x01" : "\\\"");
            snprintf(want, sizeof want, "%s\"x", pad);
            FILE *f = fmemopen(line, strlen(line), "rb");
            assert_non_null(f);
            kh_jsonl_reader *r;
            assert_int_equal(kh_jsonl_reader_new(f, "s.jsonl", &r, &err),
                             KH_OK);
            kh_article *a = NULL;
            kh_status st = kh_jsonl_next(r, cl, &a, &err);
            if (bad) {
                assert_int_equal(st, KH_ERR_PARSE);
            } else {
                assert_int_equal(st, KH_OK);
                assert_string_equal(a->title, want);
                kh_article_free(a);
            }
            kh_jsonl_reader_free(r);
            fclose(f);
        }
    kh_cleaner_free(cl);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_record_errors),
        cmocka_unit_test(test_string_scan_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
