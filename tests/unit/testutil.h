/*
 * testutil.h — helpers shared by the cmocka unit tests: locating the shared
 * data directory (tests that need it skip with a message when it is absent),
 * comparing non-NUL-terminated strings and removing a test's index folder.
 */
#ifndef KH_TESTUTIL_H
#define KH_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Path of a file under the shared data directory ($SHARED, default
 * ../shared), or NULL (after printing why) when it is not there. */
static inline const char *kh_test_shared(const char *rel, char *buf,
                                         size_t cap) {
    const char *root = getenv("SHARED");
    if (!root || !*root)
        root = "../shared";
    snprintf(buf, cap, "%s/%s", root, rel);
    if (access(buf, R_OK) != 0) {
        printf("skipping: %s not found (data-driven case)\n", buf);
        return NULL;
    }
    return buf;
}

/* A random piece of text for tests that string pieces together: one of
 * the `common` first pieces, or one in `rare_per_1000` times one of the
 * `rare` after them. *x is the generator's state. */
static inline const char *kh_test_piece(uint32_t *x, const char *const *pieces,
                                        unsigned common, unsigned rare,
                                        unsigned rare_per_1000) {
    *x = *x * 1103515245u + 12345u;
    unsigned q = (*x >> 16) % 1000;
    return q >= rare_per_1000 ? pieces[q % common] : pieces[common + q % rare];
}

/* Removes a folder of plain files (an index a test made), if it exists. */
static inline void kh_test_rm_rf(const char *dir) {
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    closedir(d);
    rmdir(dir);
}

/* A fresh path for a test's index: <tmp>/khabar-test-NAME-XXXXXX/idx,
 * the folder made and the index not; malloc'ed, for kh_test_index_done. */
static inline char *kh_test_index_dir(const char *name) {
    char tmpl[256];
    snprintf(tmpl, sizeof tmpl, "/tmp/khabar-test-%s-XXXXXX", name);
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    char *idx = malloc(strlen(d) + 8);
    assert_non_null(idx);
    sprintf(idx, "%s/idx", d);
    return idx;
}

/* Removes an index made at kh_test_index_dir's path, and its folder. */
static inline void kh_test_index_done(char *idx) {
    kh_test_rm_rf(idx);
    char *slash = strrchr(idx, '/');
    *slash = '\0';
    rmdir(idx);
    free(idx);
}

/* The whole file at path, NUL-terminated (its length in *len), or NULL;
 * release with free(). */
static inline char *kh_test_slurp(const char *path, size_t *len) {
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = NULL;
    long n = -1;
    if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
        !fseek(f, 0, SEEK_SET) && (b = malloc((size_t)n + 1)) &&
        fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) {
        b[n] = '\0';
        *len = (size_t)n;
    }
    return b;
}

/* Asserts that (s, n) equals the NUL-terminated `want`. */
#define assert_strn_equal(s, n, want)                                          \
    do {                                                                       \
        const char *want_ = (want);                                            \
        size_t n_ = (n);                                                       \
        if (n_ != strlen(want_) || memcmp((s), want_, n_) != 0) {              \
            print_error("got '%.*s', want '%s'\n", (int)n_, (const char *)(s), \
                        want_);                                                \
            fail();                                                            \
        }                                                                      \
    } while (0)

#endif
