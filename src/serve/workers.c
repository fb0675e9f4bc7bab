/*
 * workers.c — a fixed pool of threads serving one first-in, first-out
 * queue of jobs: what the server runs its requests on.
 *
 * Why not libmicrohttpd's own thread pool: each of its threads serves the
 * connections it accepted, and the first thread to wake accepts most of
 * them (under a load test, one thread held 15 of 16 connections while the
 * other idled), so a request waits behind its own thread's queue while a
 * core stands still. Here the daemon's thread only reads and writes the
 * sockets; a request, once read, is queued, and whichever worker is free
 * takes the oldest one. Waiting time is then shared evenly.
 *
 * Jobs are intrusive (the caller's struct holds the kh_job) so queueing
 * allocates nothing. kh_workers_stop runs every job already queued before
 * the threads end, so no queued request is left hanging; a stopped pool
 * refuses new jobs (the server answers those 503).
 */
#include "serve.h"

#include <stdlib.h>

struct kh_workers {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    kh_job *head, *tail;
    int stopping;
    unsigned n, joined;
    pthread_t *t;
};

static void *work(void *arg) {
    kh_workers *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->cv, &w->mu);
        kh_job *j = w->head;
        if (!j)
            break; /* stopping, and nothing left to run */
        w->head = j->next;
        if (!w->head)
            w->tail = NULL;
        pthread_mutex_unlock(&w->mu);
        j->run(j);
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

kh_status kh_workers_new(unsigned n, kh_workers **out, kh_error *err) {
    *out = NULL;
    if (!n)
        return kh_fail(err, KH_ERR_ARG, "a worker pool needs a thread");
    kh_workers *w = calloc(1, sizeof *w);
    pthread_t *t = calloc(n, sizeof *t);
    if (!w || !t) {
        free(w);
        free(t);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    w->t = t;
    for (; w->n < n; w->n++)
        if (pthread_create(&w->t[w->n], NULL, work, w)) {
            kh_workers_free(w);
            return kh_fail(err, KH_ERR_IO, "cannot start a worker thread");
        }
    *out = w;
    return KH_OK;
}

int kh_workers_submit(kh_workers *w, kh_job *j) {
    j->next = NULL;
    pthread_mutex_lock(&w->mu);
    int ok = !w->stopping;
    if (ok) {
        if (w->tail)
            w->tail->next = j;
        else
            w->head = j;
        w->tail = j;
        pthread_cond_signal(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return ok ? 0 : -1;
}

void kh_workers_stop(kh_workers *w) {
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    for (; w->joined < w->n; w->joined++)
        pthread_join(w->t[w->joined], NULL);
}

void kh_workers_free(kh_workers *w) {
    if (!w)
        return;
    kh_workers_stop(w);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w->t);
    free(w);
}
