/*
 * server.c — kh_server: the index handle, the libmicrohttpd daemon (one
 * thread on epoll for the sockets; the requests run on the worker pools of
 * workers.c, their connections suspended meanwhile), routing, and the manners
 * of a public endpoint: limits on headers (connection memory), bodies
 * (max_body, checked against Content-Length before reading) and idle time, the
 * write token compared in constant time, JSON errors with the right status, and
 * the web page's files served from the binary by exact name (no file system, so
 * no path can reach outside them).
 */
#include "serve.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_MAX_BODY ((size_t)32 << 20)
#define HEADER_MEMORY ((size_t)64 << 10) /* request line + headers */
#define MAX_CONNECTIONS 1024

double kh_since(const struct timespec *t) {
    struct timespec n;
    clock_gettime(CLOCK_MONOTONIC, &n);
    return (double)(n.tv_sec - t->tv_sec) +
           (double)(n.tv_nsec - t->tv_nsec) / 1e9;
}

void kh_reply_error(kh_reply *r, int status, const char *fmt, ...) {
    char msg[KH_ERROR_MESSAGE_MAX + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->body.len = 0;
    r->status = status;
    if (kh_buf_printf(&r->body,
                      "{\"error\":{\"status\":%d,\"message\":", status) ||
        kh_buf_json_string(&r->body, msg, strlen(msg)) ||
        kh_buf_printf(&r->body, "}}\n"))
        r->body.len = 0; /* out of memory: an empty body, still the status */
}

/* ---- per request -------------------------------------------------------- */

typedef struct req {
    kh_job job; /* first: the job is the request */
    kh_buf body;
    int too_big;
    struct timespec t0;
    /* a queued request: where it goes, and its answer once done */
    kh_server *s;
    struct MHD_Connection *c;
    const char *url, *method; /* the connection's, valid until it ends */
    kh_reply r;
    atomic_int done;
} req;

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
    (void)cls;
    (void)c;
    (void)toe;
    req *q = *con_cls;
    if (q) {
        kh_buf_free(&q->body);
        kh_buf_free(&q->r.body); /* an answer the connection died before */
        free(q);
        *con_cls = NULL;
    }
}

static const char *get_param(void *conn, const char *name) {
    return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

/* Whether the request carries the write token (always, with none set). */
static int authorized(const kh_server *s, struct MHD_Connection *c) {
    if (!s->token)
        return 1;
    const char *h =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h || strncmp(h, "Bearer ", 7))
        return 0;
    h += 7;
    size_t n = strlen(h), m = strlen(s->token);
    unsigned char diff = n != m;
    for (size_t i = 0; i < m; i++) /* constant time in the token */
        diff |= (unsigned char)(s->token[i] ^ (i < n ? h[i] : 0));
    return !diff;
}

static const kh_www_file *www_find(const char *path) {
    for (size_t i = 0; i < kh_www_nfiles; i++)
        if (!strcmp(kh_www_files[i].path, path))
            return &kh_www_files[i];
    return NULL;
}

static void serve_file(const char *path, kh_reply *r) {
    const kh_www_file *f = www_find(path);
    if (!f) {
        r->status = 404;
        r->type = "text/html; charset=utf-8";
        kh_buf_printf(&r->body, "<!doctype html><meta charset=utf-8>"
                                "<title>404</title><p>Not found. "
                                "<a href=\"/\">khabar</a></p>\n");
        return;
    }
    r->status = 200;
    r->type = f->type;
    r->fixed = f->data;
    r->fixed_len = f->len;
    r->cache = strncmp(path, "/static/", 8) == 0;
}

static int is_get(const char *m) {
    return !strcmp(m, MHD_HTTP_METHOD_GET) || !strcmp(m, MHD_HTTP_METHOD_HEAD);
}

/* Routes a complete request. */
static void route(kh_server *s, struct MHD_Connection *c, const char *url,
                  const char *method, req *q, kh_reply *r) {
    static const char art[] = "/api/articles";
    if (!strcmp(url, "/api/search")) {
        if (!is_get(method))
            goto not_allowed_get;
        kh_api_search(s, get_param, c, r);
    } else if (!strcmp(url, art) || !strcmp(url, "/api/articles/")) {
        if (strcmp(method, MHD_HTTP_METHOD_POST)) {
            r->allow = "POST";
            kh_reply_error(r, 405, "%s takes POST (a JSON Lines body)", art);
            return;
        }
        if (q->too_big) {
            kh_reply_error(r, 413, "the body is larger than %zu bytes",
                           s->o.max_body);
            return;
        }
        kh_api_post(s, q->body.data ? q->body.data : "", q->body.len, r);
    } else if (!strncmp(url, "/api/articles/", 14)) {
        const char *id = url + 14;
        if (is_get(method))
            kh_api_get(s, id, r);
        else if (!strcmp(method, MHD_HTTP_METHOD_DELETE))
            kh_api_delete(s, id, r);
        else {
            r->allow = "GET, HEAD, DELETE";
            kh_reply_error(r, 405, "articles take GET and DELETE");
        }
    } else if (!strcmp(url, "/api/stats")) {
        if (!is_get(method))
            goto not_allowed_get;
        kh_api_stats(s, r);
    } else if (!strcmp(url, "/healthz")) {
        if (!is_get(method))
            goto not_allowed_get;
        kh_api_health(s, r);
    } else if (!strncmp(url, "/api", 4) && (!url[4] || url[4] == '/')) {
        kh_reply_error(r, 404, "no such endpoint: %s", url);
    } else if (!is_get(method)) {
        goto not_allowed_get;
    } else if (!strcmp(url, "/") || !strncmp(url, "/article/", 9)) {
        serve_file("/index.html", r); /* the page routes these itself */
    } else {
        serve_file(url, r);
    }
    return;
not_allowed_get:
    r->allow = "GET, HEAD";
    kh_reply_error(r, 405, "%s takes GET", url);
}

static enum MHD_Result send_reply(kh_server *s, struct MHD_Connection *c,
                                  const char *method, const char *url,
                                  const req *q, kh_reply *r) {
    struct MHD_Response *resp;
    if (r->fixed)
        resp = MHD_create_response_from_buffer(r->fixed_len, (void *)r->fixed,
                                               MHD_RESPMEM_PERSISTENT);
    else {
        resp = MHD_create_response_from_buffer(r->body.len, r->body.data,
                                               MHD_RESPMEM_MUST_FREE);
        if (resp)
            r->body.data = NULL; /* MHD frees it */
    }
    kh_buf_free(&r->body);
    if (!resp)
        return MHD_NO;
    const char *type = r->type ? r->type : "application/json; charset=utf-8";
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (!strncmp(type, "text/html", 9))
        MHD_add_response_header(
            resp, "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "script-src 'self'; frame-ancestors 'none'");
    if (!r->type)
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            r->cache ? "public, max-age=300" : "no-cache");
    if (r->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->status == 401)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Bearer realm=\"khabar\"");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    if (s->o.log) {
        double ms = q ? kh_since(&q->t0) * 1000.0 : 0.0;
        fprintf(s->o.log, "%s %s %d %.2fms\n", method, url, r->status, ms);
        fflush(s->o.log);
    }
    return ret;
}

/* A queued request, on a worker: routed, then handed back to the daemon,
 * which calls handler() again to send the answer. q is not touched after
 * the resume: the daemon may have sent and freed it. */
static void run_request(kh_job *j) {
    req *q = (req *)j;
    route(q->s, q->c, q->url, q->method, q, &q->r);
    atomic_store(&q->done, 1);
    MHD_resume_connection(q->c);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
                               const char *url, const char *method,
                               const char *version, const char *upload,
                               size_t *upload_size, void **con_cls) {
    (void)version;
    kh_server *s = cls;
    req *q = *con_cls;
    kh_reply r = {0};
    if (!q) { /* headers are in; the body (if any) is not */
        q = calloc(1, sizeof *q);
        if (!q)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &q->t0);
        *con_cls = q;
        atomic_fetch_add(&s->requests, 1);
        int write = !strcmp(method, MHD_HTTP_METHOD_POST) ||
                    !strcmp(method, MHD_HTTP_METHOD_DELETE) ||
                    !strcmp(method, MHD_HTTP_METHOD_PUT) ||
                    !strcmp(method, MHD_HTTP_METHOD_PATCH);
        /* only the articles take writes; elsewhere a write is a 405 */
        int api = !strncmp(url, "/api/articles", 13);
        if (write && api && (s->o.flags & KH_SERVER_READ_ONLY)) {
            kh_reply_error(&r, 403, "this server is read-only");
            return send_reply(s, c, method, url, q, &r);
        }
        if (write && api && !authorized(s, c)) {
            kh_reply_error(&r, 401,
                           "writes need the header 'Authorization: Bearer "
                           "TOKEN'");
            return send_reply(s, c, method, url, q, &r);
        }
        const char *cl = MHD_lookup_connection_value(
            c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->o.max_body) {
            kh_reply_error(&r, 413, "the body is larger than %zu bytes",
                           s->o.max_body);
            return send_reply(s, c, method, url, q, &r);
        }
        return MHD_YES;
    }
    if (*upload_size) { /* a piece of the body */
        if (!q->too_big && q->body.len + *upload_size > s->o.max_body)
            q->too_big = 1;
        if (!q->too_big && kh_buf_append(&q->body, upload, *upload_size))
            q->too_big = 1;
        if (q->too_big)
            kh_buf_free(&q->body);
        *upload_size = 0;
        return MHD_YES;
    }
    if (atomic_load(&q->done)) /* back from a worker */
        return send_reply(s, c, method, url, q, &q->r);
    /* the API runs on the workers; the page's files and the health check
     * are answered here, at once, however busy the workers are */
    if (strncmp(url, "/api/", 5)) {
        route(s, c, url, method, q, &r);
        return send_reply(s, c, method, url, q, &r);
    }
    q->s = s;
    q->c = c;
    q->url = url;
    q->method = method;
    q->job.run = run_request;
    /* suspended before it is queued: a worker resumes it when done, which
     * may be before kh_workers_submit returns */
    MHD_suspend_connection(c);
    int write = strcmp(method, MHD_HTTP_METHOD_GET) &&
                strcmp(method, MHD_HTTP_METHOD_HEAD);
    if (kh_workers_submit(write ? s->writer : s->readers, &q->job)) {
        kh_reply_error(&q->r, 503, "the server is stopping");
        atomic_store(&q->done, 1);
        MHD_resume_connection(c);
    }
    return MHD_YES;
}

/* ---- the handle ---------------------------------------------------------- */

static char *dup_str(const char *s) {
    return s ? strdup(s) : NULL;
}

kh_status kh_server_new(const char *dir, const kh_server_options *opts,
                        kh_server **out, kh_error *err) {
    if (!dir || !out)
        return kh_fail(err, KH_ERR_ARG, "kh_server_new: missing argument");
    *out = NULL;
    kh_server *s = calloc(1, sizeof *s);
    if (!s)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    if (opts)
        s->o = *opts;
    if (!s->o.max_body)
        s->o.max_body = DEFAULT_MAX_BODY;
    if (!s->o.timeout_s)
        s->o.timeout_s = 30;
    if (!s->o.threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        s->o.threads = n > 0 && n < 256 ? (unsigned)n : 2;
    }
    s->dir = strdup(dir);
    s->bind = strdup(s->o.bind ? s->o.bind : "127.0.0.1");
    s->token = dup_str(s->o.write_token);
    s->o.bind = s->bind;
    s->o.write_token = s->token;
    pthread_mutex_init(&s->write_mu, NULL);
    pthread_mutex_init(&s->reload_mu, NULL);
    clock_gettime(CLOCK_MONOTONIC, &s->started);
    s->last_reload = s->started;
    kh_status st = KH_OK;
    if (!s->dir || !s->bind || (s->o.write_token && !s->token))
        st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
    if (!st && s->token && !*s->token)
        st = kh_fail(err, KH_ERR_ARG, "the write token is empty");
    unsigned flags = s->o.flags & KH_SERVER_READ_ONLY
                         ? KH_INDEX_READ
                         : KH_INDEX_WRITE | KH_INDEX_CREATE;
    if (!st)
        st = kh_index_open(dir, flags, &s->ix, err);
    if (!st)
        st = kh_cleaner_new(NULL, &s->cl, err);
    if (!st && !(s->o.flags & KH_SERVER_READ_ONLY))
        st = kh_enricher_new(NULL, &s->en, err);
    if (!st && s->en)
        st = kh_doc_new(&s->en_work, err);
    if (st) {
        kh_server_free(s);
        return st;
    }
    *out = s;
    return KH_OK;
}

kh_status kh_server_start(kh_server *s, kh_error *err) {
    if (!s)
        return kh_fail(err, KH_ERR_ARG, "no server");
    if (s->d)
        return KH_OK;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_ALLOW_SUSPEND_RESUME;
    if (inet_pton(AF_INET, s->bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(s->o.port);
    } else if (inet_pton(AF_INET6, s->bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(s->o.port);
        flags |= MHD_USE_IPv6;
    } else {
        return kh_fail(err, KH_ERR_ARG,
                       "'%s' is not a numeric IPv4 or IPv6 address", s->bind);
    }
    kh_status st = kh_workers_new(s->o.threads, &s->readers, err);
    if (!st)
        st = kh_workers_new(1, &s->writer, err);
    if (st) {
        kh_server_stop(s);
        return st;
    }
    s->d = MHD_start_daemon(
        flags, s->o.port, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        HEADER_MEMORY, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)s->o.timeout_s, MHD_OPTION_NOTIFY_COMPLETED, completed,
        NULL, MHD_OPTION_END);
    if (!s->d) {
        kh_server_stop(s);
        return kh_fail(err, KH_ERR_IO, "cannot listen on %s port %u", s->bind,
                       (unsigned)s->o.port);
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : s->o.port;
    return KH_OK;
}

uint16_t kh_server_port(const kh_server *s) {
    return s ? s->port : 0;
}

void kh_server_stop(kh_server *s) {
    if (!s)
        return;
    /* the workers finish what is queued (the daemon still sends it), and
     * requests arriving meanwhile are answered 503; then the daemon ends */
    kh_workers_stop(s->readers);
    kh_workers_stop(s->writer);
    if (s->d) {
        MHD_stop_daemon(s->d);
        s->d = NULL;
    }
    kh_workers_free(s->readers);
    kh_workers_free(s->writer);
    s->readers = s->writer = NULL;
}

void kh_server_free(kh_server *s) {
    if (!s)
        return;
    kh_server_stop(s);
    kh_cleaner_free(s->cl);
    kh_enricher_free(s->en);
    kh_doc_free(s->en_work);
    kh_index_close(s->ix);
    pthread_mutex_destroy(&s->write_mu);
    pthread_mutex_destroy(&s->reload_mu);
    free(s->dir);
    free(s->bind);
    free(s->token);
    free(s);
}
