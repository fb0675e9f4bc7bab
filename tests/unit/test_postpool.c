/*
 * test_postpool.c — the builder's postings pool: buffers of every size
 * class hold what was written in them while others are taken and given
 * back, a buffer given back is handed out again for its size, no two
 * live buffers overlap, and a reset pool reuses its chunks.
 */
#include "index.h"
#include "testutil.h"

#define LIVE 4000

typedef struct live {
    uint8_t *p;
    size_t n;
    uint8_t fill;
} live;

static void check(const live *l) {
    for (size_t k = 0; k < l->n; k++)
        assert_int_equal(l->p[k], l->fill);
}

static int by_address(const void *a, const void *b) {
    const live *x = a, *y = b;
    return x->p < y->p ? -1 : x->p > y->p;
}

/* No two live buffers share a byte. */
static void check_apart(const live *v, size_t n) {
    live *s = malloc(n * sizeof *s);
    assert_non_null(s);
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, by_address);
    for (size_t i = 1; i < n; i++)
        assert_true(s[i - 1].p + s[i - 1].n <= s[i].p);
    free(s);
}

static void test_pool_buffers_keep_their_bytes(void **state) {
    (void)state;
    kh_postpool pool = {0};
    live *v = calloc(LIVE, sizeof *v);
    assert_non_null(v);
    uint32_t x = 12345;
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < LIVE; i++) {
            x = x * 1103515245u + 12345u;
            size_t n = (size_t)KH_POOL_MIN << ((x >> 16) % 13);
            v[i].p = kh_pool_get(&pool, n);
            assert_non_null(v[i].p);
            v[i].n = n;
            v[i].fill = (uint8_t)(i * 7 + (size_t)round);
            memset(v[i].p, v[i].fill, n);
        }
        /* give back every other one, take as many again, as postings
         * that grow do */
        for (size_t i = 0; i < LIVE; i += 2) {
            check(&v[i]);
            kh_pool_put(&pool, v[i].p, v[i].n);
            uint8_t *again = kh_pool_get(&pool, v[i].n);
            assert_ptr_equal(again, v[i].p); /* the free list's first */
            v[i].fill ^= 0x5A;
            memset(again, v[i].fill, v[i].n);
        }
        for (size_t i = 0; i < LIVE; i++)
            check(&v[i]);
        check_apart(v, LIVE);
        size_t chunks = pool.nchunks;
        kh_pool_reset(&pool);
        if (round)
            assert_int_equal(pool.nchunks, chunks); /* kept */
    }
    /* the largest buffers, past several chunks: apart, and whole */
    kh_pool_reset(&pool);
    for (size_t i = 0; i < 1000; i++) {
        v[i].n = KH_POOL_MAX;
        v[i].p = kh_pool_get(&pool, KH_POOL_MAX);
        assert_non_null(v[i].p);
        v[i].fill = (uint8_t)i;
        memset(v[i].p, v[i].fill, KH_POOL_MAX);
    }
    for (size_t i = 0; i < 1000; i++)
        check(&v[i]);
    check_apart(v, 1000);
    kh_pool_free(&pool);
    assert_int_equal(pool.nchunks, 0);
    free(v);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_buffers_keep_their_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
