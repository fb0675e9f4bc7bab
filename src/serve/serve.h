/*
 * serve.h — internal interface of the server stage (src/serve/): the
 * kh_server handle, the HTTP plumbing on libmicrohttpd, the API handlers
 * and the request pieces khabar parses itself.
 *
 *   server.c   kh_server_*: the index, the daemon, routing, limits, the
 *              write token, replies and the access log
 *   workers.c  the threads that run the requests, from one queue
 *   api.c      the JSON endpoints: search, articles, stats, health
 *   request.c  parameter checks, filters composed into a query, article
 *              lines of a JSON Lines body, snippets made HTML-safe
 *              (fuzzed: tests/fuzz/fuzz_serve.c)
 *   www.c      the web page's files, generated from src/serve/www/ at
 *              build time (scripts/embed.sh) into $(BUILD)/gen/
 *
 * serve uses the public API only (index, search, clean).
 */
#ifndef KH_SERVE_H
#define KH_SERVE_H

#include "core.h"
#include "khabar.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct MHD_Connection;
struct MHD_Daemon;

/* ---- workers.c ---------------------------------------------------------- */

/* A job: lives in the caller's struct; run() is called on a worker. */
typedef struct kh_job {
    struct kh_job *next;
    void (*run)(struct kh_job *j);
} kh_job;

typedef struct kh_workers kh_workers;

/* Starts n threads serving one first-in, first-out queue. */
kh_status kh_workers_new(unsigned n, kh_workers **out, kh_error *err);
/* Queues a job; -1 when the pool is stopping (the job will not run). */
int kh_workers_submit(kh_workers *w, kh_job *j);
/* Refuses new jobs, runs those still queued, then ends the threads. */
void kh_workers_stop(kh_workers *w);
/* Stops the pool (if not yet) and frees it. */
void kh_workers_free(kh_workers *w);

struct kh_server {
    char *dir;
    kh_index *ix; /* writes under write_mu; searches on its snapshots */
    kh_cleaner *cl;
    kh_enricher *en; /* POSTed articles are enriched as `khabar index` */
    kh_doc *en_work; /* its scratch, used under write_mu */
    kh_server_options o;
    char *bind, *token;
    pthread_mutex_t write_mu;
    pthread_mutex_t reload_mu; /* read-only: one reload at a time */
    struct timespec last_reload;
    struct MHD_Daemon *d; /* one thread: reads requests, writes replies */
    kh_workers *readers;  /* o.threads: searches and other reads */
    kh_workers *writer;   /* one: writes are one at a time anyway, and a
                             long commit must not hold a search's thread */
    uint16_t port;
    struct timespec started;
    atomic_ullong requests, searches, writes;
};

/* An answer being built: status, body, content type. */
typedef struct kh_reply {
    int status;
    kh_buf body;
    const char *type;           /* NULL: application/json */
    const char *allow;          /* 405: the methods allowed */
    const unsigned char *fixed; /* a static file instead of body */
    size_t fixed_len;
    int cache; /* static: may be cached */
} kh_reply;

/* ---- server.c ----------------------------------------------------------- */

/* An error answer: {"error": {"status": N, "message": "..."}}. */
void kh_reply_error(kh_reply *r, int status, const char *fmt, ...)
    KH_PRINTF(3, 4);
/* Seconds since `t`. */
double kh_since(const struct timespec *t);

/* ---- api.c -------------------------------------------------------------- */

/* A query parameter of the request, or NULL. */
typedef const char *(*kh_param_fn)(void *conn, const char *name);

void kh_api_search(kh_server *s, kh_param_fn param, void *conn, kh_reply *r);
void kh_api_get(kh_server *s, const char *id, kh_reply *r);
void kh_api_delete(kh_server *s, const char *id, kh_reply *r);
void kh_api_post(kh_server *s, const char *body, size_t len, kh_reply *r);
void kh_api_stats(kh_server *s, kh_reply *r);
void kh_api_health(kh_server *s, kh_reply *r);

/* ---- request.c ---------------------------------------------------------- */

#define KH_SERVE_MAX_LIMIT 100
#define KH_SERVE_MAX_OFFSET 10000

/* The parameters of /api/search, checked. */
typedef struct kh_search_req {
    const char *q;
    size_t limit, offset;
    char since[11], until[11]; /* "" when absent */
    const char *source;        /* NULL when absent */
    const char *ent[3];        /* person=, place=, org=; NULL when absent */
    int facets;                /* facets=0 turns them off */
    int collapse;              /* collapse=0: near-duplicates apart */
} kh_search_req;

/* Reads and checks the parameters (KH_ERR_ARG with a message naming the
 * bad one). */
kh_status kh_search_req_parse(kh_search_req *req, kh_param_fn param, void *conn,
                              kh_error *err);
/* The query the index runs: q with the filters added. */
kh_status kh_search_req_query(const kh_search_req *req, kh_buf *out,
                              kh_error *err);

/* Snippet markers the search is asked to put around matched words (two
 * private-use characters) and their HTML. */
#define KH_MARK_OPEN "\xEE\x80\x80"
#define KH_MARK_CLOSE "\xEE\x80\x81"
/* Appends s as a JSON string, HTML-escaped, with the markers as
 * <mark>...</mark>. -1 on out of memory. */
int kh_json_snippet(kh_buf *b, const char *s);

/* Calls fn for every non-blank line of a JSON Lines body, with its 1-based
 * number (a CR before the LF is dropped). Stops when fn returns non-zero
 * and returns that. */
typedef int (*kh_line_fn)(void *ctx, const char *line, size_t len,
                          size_t lineno);
int kh_each_line(const char *body, size_t len, kh_line_fn fn, void *ctx);

/* Whether the id from a URL path is one we accept: 1..512 bytes of
 * UTF-8 without control characters. */
int kh_id_ok(const char *id);

/* ---- www.c (generated) -------------------------------------------------- */

typedef struct kh_www_file {
    const char *path; /* "/static/app.js" */
    const char *type; /* content type */
    const unsigned char *data;
    size_t len;
} kh_www_file;

extern const kh_www_file kh_www_files[];
extern const size_t kh_www_nfiles;

#endif /* KH_SERVE_H */
