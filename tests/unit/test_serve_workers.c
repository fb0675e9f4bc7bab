/*
 * test_serve_workers.c — the server's worker pool (src/serve/workers.c):
 * every job queued runs exactly once, one worker runs them in queue order,
 * jobs queued before the pool is freed still run, and a stopped pool
 * refuses new ones.
 */
#include "testutil.h"
#include "serve.h"

#include <stdatomic.h>
#include <stdlib.h>

#define NJOBS 2000

typedef struct tjob {
    kh_job job; /* first */
    unsigned id;
    atomic_uint *runs; /* runs[id]++ */
    unsigned *order;   /* the order jobs ran in (one worker only) */
    atomic_uint *nrun;
} tjob;

static void run_tjob(kh_job *j) {
    tjob *t = (tjob *)j;
    atomic_fetch_add(&t->runs[t->id], 1);
    unsigned at = atomic_fetch_add(t->nrun, 1);
    if (t->order)
        t->order[at] = t->id;
}

static void queue_all(kh_workers *w, tjob *jobs, atomic_uint *runs,
                      unsigned *order, atomic_uint *nrun) {
    for (unsigned i = 0; i < NJOBS; i++) {
        jobs[i] = (tjob){{NULL, run_tjob}, i, runs, order, nrun};
        assert_int_equal(kh_workers_submit(w, &jobs[i].job), 0);
    }
}

static void test_every_job_once(void **state) {
    (void)state;
    tjob *jobs = calloc(NJOBS, sizeof *jobs);
    atomic_uint *runs = calloc(NJOBS, sizeof *runs);
    atomic_uint nrun = 0;
    assert_non_null(jobs);
    assert_non_null(runs);
    kh_workers *w;
    kh_error err = {0};
    assert_int_equal(kh_workers_new(4, &w, &err), KH_OK);
    queue_all(w, jobs, runs, NULL, &nrun);
    kh_workers_free(w); /* runs what is still queued, then ends */
    assert_int_equal(atomic_load(&nrun), NJOBS);
    for (unsigned i = 0; i < NJOBS; i++)
        assert_int_equal(atomic_load(&runs[i]), 1);
    free(jobs);
    free(runs);
}

static void test_one_worker_in_order(void **state) {
    (void)state;
    tjob *jobs = calloc(NJOBS, sizeof *jobs);
    atomic_uint *runs = calloc(NJOBS, sizeof *runs);
    unsigned *order = calloc(NJOBS, sizeof *order);
    atomic_uint nrun = 0;
    assert_non_null(jobs);
    assert_non_null(runs);
    assert_non_null(order);
    kh_workers *w;
    kh_error err = {0};
    assert_int_equal(kh_workers_new(1, &w, &err), KH_OK);
    queue_all(w, jobs, runs, order, &nrun);
    kh_workers_free(w);
    assert_int_equal(atomic_load(&nrun), NJOBS);
    for (unsigned i = 0; i < NJOBS; i++)
        assert_int_equal(order[i], i);
    free(jobs);
    free(runs);
    free(order);
}

/* A stopped pool takes no job: what a request arriving while the server
 * shuts down meets (it is answered 503). A pool of no threads is refused. */
static void test_stopped_pool_refuses(void **state) {
    (void)state;
    kh_workers *w;
    kh_error err = {0};
    assert_int_equal(kh_workers_new(0, &w, &err), KH_ERR_ARG);
    assert_null(w);
    assert_int_equal(kh_workers_new(2, &w, &err), KH_OK);
    atomic_uint runs[1] = {0}, nrun = 0;
    tjob j = {{NULL, run_tjob}, 0, runs, NULL, &nrun};
    assert_int_equal(kh_workers_submit(w, &j.job), 0);
    kh_workers_stop(w);
    assert_int_equal(atomic_load(&runs[0]), 1); /* ran before the end */
    assert_int_equal(kh_workers_submit(w, &j.job), -1);
    kh_workers_stop(w); /* again: nothing to do */
    kh_workers_free(w);
    assert_int_equal(atomic_load(&runs[0]), 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_job_once),
        cmocka_unit_test(test_one_worker_in_order),
        cmocka_unit_test(test_stopped_pool_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
