/*
 * test_query.c — the query parser: what each construct becomes (as an
 * S-expression), and that malformed queries are refused with the position
 * where they broke, never with a crash.
 */
#include "testutil.h"

#include "search.h"

static void parses_as(const char *q, const char *want) {
    kh_qnode *n = NULL;
    kh_error err = {0};
    kh_status st = kh_query_parse(q, strlen(q), &n, &err);
    if (st) {
        print_error("query '%s': %s\n", q, err.message);
        fail();
    }
    kh_buf b = {0};
    assert_int_equal(kh_query_format(n, &b), 0);
    assert_int_equal(kh_buf_putc(&b, '\0'), 0);
    if (strcmp(b.data, want)) {
        print_error("query '%s': got %s, want %s\n", q, b.data, want);
        fail();
    }
    kh_buf_free(&b);
    kh_query_free(n);
}

/* The query fails with a message starting "position POS:" and holding
 * `words`. */
static void fails_at(const char *q, int pos, const char *words) {
    kh_qnode *n = NULL;
    kh_error err = {0};
    kh_status st = kh_query_parse(q, strlen(q), &n, &err);
    assert_null(n);
    if (st != KH_ERR_PARSE) {
        print_error("query '%s' should fail, got %d\n", q, st);
        fail();
    }
    char want[64];
    snprintf(want, sizeof want, "position %d: ", pos);
    if (strncmp(err.message, want, strlen(want)) ||
        !strstr(err.message, words)) {
        print_error("query '%s': got '%s', want '%s...%s'\n", q, err.message,
                    want, words);
        fail();
    }
}

static void test_constructs(void **state) {
    (void)state;
    parses_as("पहलगाम", "पहलगाम");
    parses_as("pahalgam hamla", "(some pahalgam hamla)");
    parses_as("\"आतंकी हमला\"", "\"आतंकी हमला\"");
    parses_as("a AND b", "(and +a +b)");
    parses_as("a OR b c", "(some (or a b) c)");
    parses_as("a OR b AND c", "(or a (and +b +c))");
    parses_as("a -b +c", "(some a -b +c)");
    parses_as("a NOT b", "(some a -b)");
    parses_as("a AND NOT b", "(and +a -b)");
    parses_as("title:मोदी body:\"भारत रूस\"",
              "(some title:मोदी body:\"भारत रूस\")");
    parses_as("title:(a b)", "(some title:a title:b)");
    parses_as("कोरोना*", "कोरोना*");
    parses_as("since:2025-04 until:2025", "(some +(date 2025-04-01 -) "
                                          "+(date - 2025-12-31))");
    parses_as("(a)", "a");
    parses_as("((a b))", "(some a b)");
    /* lower-case and/or are words; unknown "x:" is a word; lone '-' too */
    parses_as("a and b", "(some a and b)");
    parses_as("10:30 http://x.in", "(some 10:30 http://x.in)");
    parses_as("भारत - रूस", "(some भारत - रूस)");
    parses_as("   ", "()");
}

static void test_errors(void **state) {
    (void)state;
    fails_at("\"आतंकी हमला", 1, "unterminated phrase");
    fails_at("(a b", 1, "never closed");
    fails_at("a b)", 4, "without a '('");
    fails_at("a AND", 3, "AND needs a word after");
    fails_at("OR b", 1, "OR needs a word before");
    fails_at("a OR -b", 6, "negated word cannot be one side of OR");
    fails_at("-a -b", 1, "only negated words");
    fails_at("title: x", 7, "nothing after 'title:'");
    fails_at("since:कल", 7, "needs a date");
    fails_at("until:2025-13", 7, "needs a date");
    fails_at("मोदी ()", 6, "empty parentheses");
    fails_at("**", 1, "'*' needs a word");
    fails_at("-b AND NOT c", 1, "at least one word");
    parses_as("a AND -b AND NOT c", "(and +a -b -c)");
    /* positions count characters, not bytes */
    fails_at("पहलगाम (हमला", 8, "never closed");
    /* invalid UTF-8 */
    fails_at("ab\xff", 3, "not valid UTF-8");
}

static void test_limits(void **state) {
    (void)state;
    /* deep nesting and long queries are refused, not a stack overflow */
    char deep[4096];
    size_t n = 0;
    for (int i = 0; i < 1000; i++)
        deep[n++] = '(';
    deep[n++] = 'a';
    for (int i = 0; i < 1000; i++)
        deep[n++] = ')';
    kh_qnode *q = NULL;
    kh_error err = {0};
    assert_int_equal(kh_query_parse(deep, n, &q, &err), KH_ERR_PARSE);
    assert_non_null(strstr(err.message, "nested too deeply"));
    n = 0;
    for (int i = 0; i < 1500; i++) {
        deep[n++] = 'a';
        deep[n++] = ' ';
    }
    assert_int_equal(kh_query_parse(deep, n, &q, &err), KH_ERR_PARSE);
    assert_non_null(strstr(err.message, "too long"));
    n = 0;
    for (int i = 0; i < 300; i++) {
        memcpy(deep + n, "NOT ", 4);
        n += 4;
    }
    deep[n++] = 'a';
    assert_int_equal(kh_query_parse(deep, n, &q, &err), KH_ERR_PARSE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constructs),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
