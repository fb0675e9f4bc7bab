/*
 * test_fileio.c — the index's file writer: what goes in comes back byte
 * for byte, at the length written, whether the file is written through
 * the page cache or around it (O_DIRECT, whose writes must be whole
 * aligned blocks), on a disk file system and on tmpfs (which refused
 * O_DIRECT at open before Linux 6.6, so that the writer goes through the
 * cache there), and the running checksum is that of the bytes.
 */
#include "index.h"
#include "testutil.h"

#include <sys/stat.h>

/* Lengths around the 4 KB alignment and the 1 MB buffer. */
static const size_t lengths[] = {0,
                                 1,
                                 4095,
                                 4096,
                                 4097,
                                 (1u << 20) - 1,
                                 (1u << 20),
                                 (1u << 20) + 1,
                                 3u << 20 | 77};

static void write_and_check(const char *dir, int direct) {
    size_t max = 3u << 20 | 77;
    uint8_t *data = malloc(max);
    assert_non_null(data);
    uint32_t x = 7;
    for (size_t i = 0; i < max; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (uint8_t)(x >> 16);
    }
    char path[512];
    snprintf(path, sizeof path, "%s/file.bin", dir);
    for (size_t li = 0; li < sizeof lengths / sizeof *lengths; li++) {
        size_t n = lengths[li];
        kh_wfile *w;
        kh_error err = {0};
        assert_int_equal(kh_wfile_open(path, direct, &w, &err), KH_OK);
        /* in uneven pieces, as the segment writer writes */
        size_t done = 0, step = 1;
        while (done < n) {
            size_t k = step < n - done ? step : n - done;
            assert_int_equal(kh_wfile_write(w, data + done, k, &err), KH_OK);
            done += k;
            step = step * 3 + 1;
        }
        assert_int_equal(kh_wfile_offset(w), n);
        assert_true(kh_wfile_digest(w) == kh_hash64(data, n));
        assert_int_equal(kh_wfile_close(w, &err), KH_OK);
        size_t got;
        char *back = kh_test_slurp(path, &got);
        assert_non_null(back);
        assert_int_equal(got, n);
        assert_memory_equal(back, data, n);
        free(back);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal((size_t)st.st_size, n);
        unlink(path);
    }
    free(data);
}

static void test_wfile_direct_and_buffered(void **state) {
    (void)state;
    char tmpl[] = "/tmp/khabar-test-fileio-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    write_and_check(d, 1);
    write_and_check(d, 0);
    rmdir(d);
}

/* tmpfs: O_DIRECT refused at open on older kernels, taken on newer. */
static void test_wfile_direct_tmpfs(void **state) {
    (void)state;
    char tmpl[] = "/dev/shm/khabar-test-fileio-XXXXXX";
    char *d = mkdtemp(tmpl);
    if (!d) {
        printf("skipping: no /dev/shm here\n");
        return;
    }
    write_and_check(d, 1);
    rmdir(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wfile_direct_and_buffered),
        cmocka_unit_test(test_wfile_direct_tmpfs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
