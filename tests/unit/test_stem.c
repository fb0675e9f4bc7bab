/*
 * test_stem.c — unit tests of the Hindi light stemmer (kh_stem_hi) and the
 * stem dispatch (kh_stem): closed-class words stay apart, irregular forms
 * reach their lemma, inflection families meet, known homographs stay
 * apart, English goes through Porter2, and the output contract holds for
 * odd input (empty, invalid bytes, huge words, small buffers).
 */
#include "testutil.h"

#include "analyze.h"

#define CAP 256

/* The stem of the NUL-terminated word w, NUL-terminated in buf[CAP]. */
static void stem_of(const char *w, char *buf) {
    size_t n = kh_stem_hi(w, strlen(w), buf, CAP - 1);
    assert_true(n < CAP);
    buf[n] = '\0';
}

static void assert_same_stem(const char *a, const char *b) {
    char sa[CAP], sb[CAP];
    stem_of(a, sa);
    stem_of(b, sb);
    if (strcmp(sa, sb) != 0) {
        print_error("%s -> %s but %s -> %s\n", a, sa, b, sb);
        fail();
    }
}

static void assert_other_stem(const char *a, const char *b) {
    char sa[CAP], sb[CAP];
    stem_of(a, sa);
    stem_of(b, sb);
    if (strcmp(sa, sb) == 0) {
        print_error("%s and %s both -> %s\n", a, b, sa);
        fail();
    }
}

static void assert_stem(const char *w, const char *want) {
    char s[CAP];
    stem_of(w, s);
    assert_strn_equal(s, strlen(s), want);
}

/* Every word of a NULL-terminated family has the stem of the first. */
static void assert_family(const char *const *family) {
    for (size_t i = 1; family[i]; i++)
        assert_same_stem(family[0], family[i]);
}

/* ---- closed-class words ------------------------------------------------ */

static void test_closed_class_distinct(void **state) {
    (void)state;
    /* distinct lemmas; Snowball's Hindi stemmer maps the first four to क */
    static const char *const words[] = {
        "का", "को", "कि", "कई", "में",  "से",  "है",  "ने",  "पर", "तक",
        "भी", "ही", "तो", "जो", "वो", "और", "या", "एक", "न",  "कुछ",
    };
    size_t n = sizeof words / sizeof words[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_other_stem(words[i], words[j]);
    /* each keeps its own form (वो is a form of वह) */
    for (size_t i = 0; i < n; i++)
        if (strcmp(words[i], "वो") != 0)
            assert_stem(words[i], words[i]);
}

static void test_genitive_forms_meet(void **state) {
    (void)state;
    /* के and की are the oblique and feminine of का (the treebank's lemma) */
    assert_stem("के", "का");
    assert_stem("की", "का");
    assert_other_stem("की", "कि");
    assert_other_stem("के", "को");
}

static void test_hai_hain(void **state) {
    (void)state;
    assert_same_stem("है", "हैं");
    assert_same_stem("है", "हूं");
    assert_stem("हैं", "है");
    assert_other_stem("है", "हो");
    static const char *const tha[] = {"था", "थे", "थी", "थीं", NULL};
    assert_family(tha);
}

/* ---- irregular verbs and pronouns -------------------------------------- */

static void test_irregular_table(void **state) {
    (void)state;
    static const char *const pairs[][2] = {
        {"किया", "कर"},  {"किए", "कर"},    {"किये", "कर"},  {"गया", "जा"},
        {"गई", "जा"},    {"गए", "जा"},     {"गये", "जा"},   {"गयी", "जा"},
        {"गईं", "जा"},    {"हुआ", "हो"},     {"हुई", "हो"},   {"हुए", "हो"},
        {"दिया", "दे"},   {"दी", "दे"},      {"दिए", "दे"},   {"लिया", "ले"},
        {"ली", "ले"},     {"इस", "यह"},     {"इसे", "यह"},   {"इसका", "यह"},
        {"इन्होंने", "यह"}, {"ये", "यह"},      {"उस", "वह"},   {"उन्होंने", "वह"},
        {"उन्हें", "वह"},   {"वे", "वह"},      {"मुझे", "मैं"},    {"मेरा", "मैं"},
        {"हमारे", "हम"},  {"किसी", "कोई"},  {"जिसमें", "जो"}, {"अपनी", "अपना"},
        {"दोनों", "दो"},  {"तुम्हारा", "तुम"}, {"आपकी", "आप"}, {"किन्होंने", "कौन"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        assert_stem(pairs[i][0], pairs[i][1]);
        /* the lemma itself has the same stem, so lemma and form meet */
        assert_same_stem(pairs[i][0], pairs[i][1]);
    }
}

/* ---- regular inflection ------------------------------------------------ */

static void test_families_meet(void **state) {
    (void)state;
    static const char *const f1[] = {"लड़का", "लड़के", "लड़कों", NULL};
    static const char *const f2[] = {"किताब", "किताबें", "किताबों", NULL};
    static const char *const f3[] = {"खेलना", "खेलता", "खेलती", "खेले",  "खेलते", "खेलें",
                                     "खेलेगा", "खेलेगी", "खेलेंगे",  "खेलने", NULL};
    static const char *const f4[] = {"लड़की", "लड़कियां", "लड़कियों", NULL};
    static const char *const f5[] = {"नीति", "नीतियां", "नीतियों", NULL};
    static const char *const f6[] = {"महिला", "महिलाएं", "महिलाओं", NULL};
    static const char *const f7[] = {"भाई", "भाइयों", NULL};
    static const char *const f8[] = {"हिंदू", "हिंदुओं", NULL};
    static const char *const f9[] = {"साधु", "साधुओं", NULL};
    static const char *const f10[] = {"बताना", "बताया",  "बताता", "बताने",
                                      "बताए",  "बताएगा", "बताएंगे", NULL};
    static const char *const f11[] = {"जा",   "जाता", "जाती",  "जाते",
                                      "जाना", "जाने",  "जाएगा", "जाएंगे",
                                      "जाएं",  "जाकर", NULL};
    static const char *const f12[] = {"दे",  "देता", "देने", "देगा",
                                      "देंगे", "देकर", NULL};
    static const char *const f13[] = {"हो",  "होता", "होने",  "होगा",
                                      "होंगे", "होंगी", "होकर", NULL};
    static const char *const f14[] = {"आ",   "आया",  "आए", "आने",
                                      "आता", "आएगा", NULL};
    static const char *const f15[] = {"कर",   "करना", "करता", "करते",
                                      "करेगा", "करेगी", "करेंगे",  "करेंगी",
                                      "करें",   "करो",  NULL};
    static const char *const f16[] = {"रुपया", "रुपये", "रुपए", NULL};
    static const char *const f17[] = {"नया", "नये", "नए", NULL};
    static const char *const f18[] = {"नई", "नयी", NULL};
    static const char *const f19[] = {"रहा", "रहे", "रहीं", "रह", NULL};
    static const char *const *families[] = {
        f1,  f2,  f3,  f4,  f5,  f6,  f7,  f8,  f9,  f10,
        f11, f12, f13, f14, f15, f16, f17, f18, f19,
    };
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        assert_family(families[i]);
    assert_stem("लड़कों", "लड़क");
    assert_stem("किताबों", "किताब");
}

static void test_ya_glide_folds(void **state) {
    (void)state;
    assert_same_stem("किये", "किए");
    assert_same_stem("लिये", "लिए");
    assert_same_stem("इसलिये", "इसलिए");
    assert_same_stem("चाहिये", "चाहिए");
    assert_same_stem("बताये", "बताए");
}

/* ---- words that suffix stripping must not merge ------------------------ */

static void test_homographs_stay_apart(void **state) {
    (void)state;
    static const char *const pairs[][2] = {
        {"नेता", "ने"},     {"एकता", "एक"},  {"सरकारी", "सरकार"},
        {"लड़की", "लड़का"}, {"हिंदी", "हिंदू"}, {"सफलता", "सफल"},
        {"आयकर", "आय"},   {"जाति", "जा"},  {"साथी", "साथ"},
        {"पति", "पता"},   {"नाम", "ना"},   {"कमरा", "कम"},
        {"लड़ाई", "लड़"},   {"सभी", "सभा"},  {"कहीं", "कह"},
        {"आगे", "आग"},     {"बारे", "बार"},  {"कंपनी", "कंप"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        assert_other_stem(pairs[i][0], pairs[i][1]);
}

/* ---- every entry of the word table is reached -------------------------- */

/* The table is written by hand and reached through a generated hash index
 * (eval/stem_hi_slots.py); reading it from the source checks that no entry
 * was added without rebuilding the index. */
static void test_table_entries_found(void **state) {
    (void)state;
    FILE *f = fopen("src/analyze/stem_hi.c", "r");
    if (!f) {
        printf("skipping: src/analyze/stem_hi.c not found (run from the "
               "repository root)\n");
        return;
    }
    char line[4096];
    int inside = 0;
    size_t entries = 0;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "BEGIN WORDS"))
            inside = 1;
        else if (strstr(line, "END WORDS"))
            inside = 0;
        if (!inside)
            continue;
        for (char *p = line; (p = strstr(p, "(\"")) != NULL;) {
            int self = p >= line + 4 && strncmp(p - 4, "SELF", 4) == 0;
            char word[128], want[128];
            char *q = strchr(p + 2, '"');
            assert_non_null(q);
            snprintf(word, sizeof word, "%.*s", (int)(q - p - 2), p + 2);
            if (self) {
                snprintf(want, sizeof want, "%s", word);
                p = q + 1;
            } else {
                char *r = strchr(q + 1, '"');
                char *t = r ? strchr(r + 1, '"') : NULL;
                assert_non_null(t);
                snprintf(want, sizeof want, "%.*s", (int)(t - r - 1), r + 1);
                p = t + 1;
            }
            assert_stem(word, want);
            entries++;
        }
    }
    fclose(f);
    /* the parse itself must have worked */
    assert_true(entries >= 200);
}

/* ---- dispatch ---------------------------------------------------------- */

static void test_dispatch(void **state) {
    (void)state;
    kh_error err = {0};
    kh_stemmer *st = NULL;
    assert_int_equal(kh_stemmer_new(&st, &err), KH_OK);
    assert_non_null(st);
    char out[CAP];
    size_t n = kh_stem(st, KH_SCRIPT_LATIN, "running", 7, out, sizeof out);
    assert_strn_equal(out, n, "run");
    n = kh_stem(st, KH_SCRIPT_LATIN, "connections", 11, out, sizeof out);
    assert_strn_equal(out, n, "connect");
    n = kh_stem(st, KH_SCRIPT_LATIN, "generously", 10, out, sizeof out);
    assert_strn_equal(out, n, "generous");
    /* Devanagari goes to the Hindi stemmer */
    const char *w = "लड़कों";
    n = kh_stem(st, KH_SCRIPT_DEVANAGARI, w, strlen(w), out, sizeof out);
    assert_strn_equal(out, n, "लड़क");
    /* other scripts and mixed tokens come back unchanged */
    static const struct {
        kh_script script;
        const char *text;
    } same[] = {
        {KH_SCRIPT_MIXED, "pm-मोदी"},
        {KH_SCRIPT_OTHER, "Москва"},
        {KH_SCRIPT_NONE, "2025"},
        {KH_SCRIPT_OTHER, "running"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        size_t len = strlen(same[i].text);
        n = kh_stem(st, same[i].script, same[i].text, len, out, sizeof out);
        assert_strn_equal(out, n, same[i].text);
    }
    /* cap too small for the English stem: full length, no overflow */
    char small[4] = {'#', '#', '#', '#'};
    n = kh_stem(st, KH_SCRIPT_LATIN, "connections", 11, small, 2);
    assert_int_equal(n, 7);
    assert_memory_equal(small, "co##", 4);
    assert_int_equal(kh_stem(st, KH_SCRIPT_LATIN, "", 0, out, sizeof out), 0);
    kh_stemmer_free(st);
    kh_stemmer_free(NULL);
    assert_int_equal(kh_stemmer_new(NULL, &err), KH_ERR_ARG);
    assert_int_equal(err.code, KH_ERR_ARG);
}

/* ---- robustness and the output contract ------------------------------- */

static void test_cap_too_small(void **state) {
    (void)state;
    const char *w = "लड़कों"; /* stem लड़क: 12 bytes */
    char buf[16];
    for (size_t cap = 0; cap <= 12; cap++) {
        memset(buf, '#', sizeof buf);
        size_t n = kh_stem_hi(w, strlen(w), buf, cap);
        assert_int_equal(n, 12);
        assert_memory_equal(buf, "लड़क", cap);
        for (size_t i = cap; i < sizeof buf; i++)
            assert_int_equal(buf[i], '#');
    }
    /* NULL output: only the length */
    assert_int_equal(kh_stem_hi(w, strlen(w), NULL, 0), 12);
    /* a table word */
    memset(buf, '#', sizeof buf);
    assert_int_equal(kh_stem_hi("उन्होंने", strlen("उन्होंने"), buf, 2), 6);
    assert_int_equal(buf[2], '#');
}

static void test_odd_input(void **state) {
    (void)state;
    char out[CAP];
    assert_int_equal(kh_stem_hi("", 0, out, sizeof out), 0);
    assert_int_equal(kh_stem_hi(NULL, 0, out, sizeof out), 0);
    /* invalid or truncated UTF-8, stray continuation bytes, NUL, mixed
     * scripts, digits, punctuation, lone signs: returned as they are */
    static const struct {
        const char *s;
        size_t n;
    } odd[] = {
        {"\xE0\xA4", 2},
        {"\xE0\xA4\x95\xE0", 4},
        {"\xFF\xFE\xFD", 3},
        {"\x80\x80\x80", 3},
        {"\xE0\xA4\x95\x00\xE0\xA4\xBE", 7},
        {"\xE0\xA4\x95\xC3\xA9", 5},
        {"abcदेशों", 12},
        {"२०२५", 12},
        {"।", 3},
        {"ा", 3},
        {"ों", 6},
        {"्", 3},
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        size_t n = kh_stem_hi(odd[i].s, odd[i].n, out, sizeof out);
        assert_int_equal(n, odd[i].n);
        assert_memory_equal(out, odd[i].s, n);
    }
}

static void test_huge_word(void **state) {
    (void)state;
    /* a 1 MB "word" of Devanagari: copied unchanged, never overflowed */
    size_t n = 1u << 20;
    n -= n % 3;
    char *w = malloc(n), *out = malloc(n);
    assert_non_null(w);
    assert_non_null(out);
    for (size_t i = 0; i < n; i += 3)
        memcpy(w + i, i + 3 < n ? "क" : "ों", 3);
    assert_int_equal(kh_stem_hi(w, n, out, n), n);
    assert_memory_equal(out, w, n);
    /* and with a tiny buffer */
    char small[8] = {0};
    assert_int_equal(kh_stem_hi(w, n, small, 5), n);
    assert_memory_equal(small, w, 5);
    assert_int_equal(small[5], 0);
    /* long words of plausible length still stem */
    char word[CAP];
    size_t k = 0;
    for (int i = 0; i < 20; i++, k += 3)
        memcpy(word + k, "क", 3);
    memcpy(word + k, "ों", 6);
    k += 6;
    assert_int_equal(kh_stem_hi(word, k, out, n), k - 6);
    free(w);
    free(out);
}

/* ---- data-driven: the treebank's lemmas -------------------------------- */

/* Share of the Devanagari tokens of the HDTB dev treebank whose stem is
 * the stem of their gold lemma (eval/stem_eval.c reports it in full). */
static void test_hdtb_lemma_agreement(void **state) {
    (void)state;
    char path[1024], cmd[1200];
    if (!kh_test_shared("data/hdtb/dev.conllu.gz", path, sizeof path))
        return;
    snprintf(cmd, sizeof cmd, "gzip -dc '%s'", path);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    char line[4096], nf[CAP], nl[CAP], sf[CAP], sl[CAP];
    size_t total = 0, hits = 0;
    while (fgets(line, sizeof line, f)) {
        char *col[3], *p = line;
        int i;
        for (i = 0; i < 3 && p; i++) {
            col[i] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        /* Devanagari words only: the first byte of a Devanagari letter */
        if (i < 3 || !p || (unsigned char)col[1][0] != 0xE0 ||
            strcmp(col[1], "।") == 0)
            continue;
        const char *f2[2] = {col[1], col[2]};
        char *norm[2] = {nf, nl}, *stems[2] = {sf, sl};
        size_t sn[2];
        for (int k = 0; k < 2; k++) {
            int same = 0;
            size_t len = strlen(f2[k]);
            size_t m = kh_norm(f2[k], len, 0, norm[k], CAP, &same);
            const char *s = same ? f2[k] : norm[k];
            if (same)
                m = len;
            assert_true(m < CAP);
            sn[k] = kh_stem_hi(s, m, stems[k], CAP);
            assert_true(sn[k] < CAP);
        }
        total++;
        hits += sn[0] == sn[1] && memcmp(sf, sl, sn[0]) == 0;
    }
    pclose(f);
    assert_true(total > 30000);
    printf("HDTB dev: %zu of %zu Devanagari tokens meet their lemma\n", hits,
           total);
    assert_true((double)hits >= 0.93 * (double)total);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_class_distinct),
        cmocka_unit_test(test_genitive_forms_meet),
        cmocka_unit_test(test_hai_hain),
        cmocka_unit_test(test_irregular_table),
        cmocka_unit_test(test_families_meet),
        cmocka_unit_test(test_ya_glide_folds),
        cmocka_unit_test(test_homographs_stay_apart),
        cmocka_unit_test(test_table_entries_found),
        cmocka_unit_test(test_dispatch),
        cmocka_unit_test(test_cap_too_small),
        cmocka_unit_test(test_odd_input),
        cmocka_unit_test(test_huge_word),
        cmocka_unit_test(test_hdtb_lemma_agreement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
