/*
 * api.c — the JSON endpoints. Searches run on the index handle's current
 * snapshot, so they go on while a write holds write_mu; a write (POST or
 * DELETE) cleans, adds and commits under write_mu, and the commit swaps
 * the snapshot in whole: what the answer reports is searchable as soon as
 * it is sent.
 */
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE_ERRORS 100 /* per-line errors listed in a POST answer */

static void maybe_reload(kh_server *s) {
    if (!(s->o.flags & KH_SERVER_READ_ONLY))
        return;
    if (pthread_mutex_trylock(&s->reload_mu))
        return; /* another thread is at it */
    if (kh_since(&s->last_reload) >= 1.0) {
        kh_error err = {0};
        kh_index_reload(s->ix, &err); /* on failure: keep the old snapshot */
        clock_gettime(CLOCK_MONOTONIC, &s->last_reload);
    }
    pthread_mutex_unlock(&s->reload_mu);
}

static int json_str(kh_buf *b, const char *s) {
    if (!s)
        return kh_buf_append(b, "null", 4);
    return kh_buf_json_string(b, s, strlen(s));
}

/* The answer is built with appends, not printf: a search's facets are
 * hundreds of small objects (a year of days), and formatting them was a
 * visible part of a request's time. */
#define LIT(b, s) kh_buf_append(b, s, sizeof s - 1)

static int put_u64(kh_buf *b, uint64_t v) {
    char t[20];
    size_t n = 0;
    do
        t[sizeof t - ++n] = (char)('0' + v % 10);
    while ((v /= 10));
    return kh_buf_append(b, t + sizeof t - n, n);
}

static int write_hits(kh_buf *b, kh_results *res) {
    int bad = LIT(b, "\"hits\":[");
    const kh_hit *h;
    int first = 1;
    while ((h = kh_results_next(res))) {
        bad |= first ? LIT(b, "{\"id\":") : LIT(b, ",{\"id\":");
        first = 0;
        bad |= json_str(b, h->id);
        bad |= kh_buf_printf(b, ",\"score\":%.4f", h->score);
        bad |= LIT(b, ",\"title\":");
        bad |= json_str(b, h->title);
        bad |= LIT(b, ",\"snippet\":");
        bad |= kh_json_snippet(b, h->snippet);
        bad |= LIT(b, ",\"date\":");
        bad |= json_str(b, h->published);
        bad |= LIT(b, ",\"source\":");
        bad |= json_str(b, h->source);
        if (h->n_similar) {
            bad |= LIT(b, ",\"similar\":");
            bad |= put_u64(b, h->n_similar);
            bad |= LIT(b, ",\"similar_ids\":[");
            for (size_t i = 0; i < h->n_similar; i++)
                bad |=
                    (i ? kh_buf_putc(b, ',') : 0) | json_str(b, h->similar[i]);
            bad |= LIT(b, "],\"similar_titles\":[");
            for (size_t i = 0; i < h->n_similar; i++)
                bad |= (i ? kh_buf_putc(b, ',') : 0) |
                       json_str(b, h->similar_titles[i]);
            bad |= kh_buf_putc(b, ']');
        }
        bad |= kh_buf_putc(b, '}');
    }
    return bad | kh_buf_putc(b, ']');
}

static int write_facets(kh_buf *b, const kh_results *res) {
    /* each kind: its name and the start of its entries */
    static const char *const heads[] = {"\"sources\":[", "\"days\":[",
                                        "\"persons\":[", "\"places\":[",
                                        "\"orgs\":["};
    static const kh_facet_kind kinds[] = {KH_FACET_SOURCE, KH_FACET_DAY,
                                          KH_FACET_PERSON, KH_FACET_PLACE,
                                          KH_FACET_ORG};
    int bad = LIT(b, ",\"facets\":{");
    for (int k = 0; k < 5; k++) {
        const kh_facet *f;
        size_t n = kh_results_facets(res, kinds[k], &f);
        if (k)
            bad |= kh_buf_putc(b, ',');
        bad |= kh_buf_append(b, heads[k], strlen(heads[k]));
        for (size_t i = 0; i < n; i++) {
            if (i)
                bad |= kh_buf_putc(b, ',');
            bad |= k == 1 ? LIT(b, "{\"date\":") : LIT(b, "{\"value\":");
            bad |= json_str(b, f[i].value);
            bad |= LIT(b, ",\"count\":");
            bad |= put_u64(b, f[i].count);
            bad |= kh_buf_putc(b, '}');
        }
        bad |= kh_buf_putc(b, ']');
    }
    return bad | kh_buf_putc(b, '}');
}

static int write_readings(kh_buf *b, const kh_results *res) {
    const kh_reading *rd;
    size_t n = kh_results_readings(res, &rd);
    int bad = LIT(b, ",\"interpreted\":[");
    for (size_t i = 0; i < n; i++) {
        bad |= i ? LIT(b, ",{\"word\":") : LIT(b, "{\"word\":");
        bad |= json_str(b, rd[i].word);
        bad |= LIT(b, ",\"as\":");
        bad |= json_str(b, rd[i].as);
        bad |= LIT(b, ",\"articles\":");
        bad |= put_u64(b, rd[i].articles);
        bad |= kh_buf_putc(b, '}');
    }
    return bad | kh_buf_putc(b, ']');
}

/* The status a failed search answers with. */
static int search_status(kh_status st) {
    return st == KH_ERR_PARSE || st == KH_ERR_LIMIT || st == KH_ERR_ARG ? 400
                                                                        : 500;
}

void kh_api_search(kh_server *s, kh_param_fn param, void *conn, kh_reply *r) {
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    atomic_fetch_add(&s->searches, 1);
    kh_search_req req;
    kh_error err = {0};
    if (kh_search_req_parse(&req, param, conn, &err)) {
        kh_reply_error(r, 400, "%s", err.message);
        return;
    }
    kh_buf q = {0};
    if (kh_search_req_query(&req, &q, &err)) {
        kh_reply_error(r, 500, "%s", err.message);
        return;
    }
    maybe_reload(s);
    kh_search_options o = {.limit = req.limit,
                           .offset = req.offset,
                           .flags = (req.facets ? KH_SEARCH_FACETS : 0) |
                                    (req.collapse ? 0 : KH_SEARCH_NO_COLLAPSE),
                           .mark_open = KH_MARK_OPEN,
                           .mark_close = KH_MARK_CLOSE};
    kh_results *res = NULL;
    kh_status st = kh_index_search(s->ix, q.data, q.len, &o, &res, &err);
    if (st == KH_ERR_PARSE && q.len != strlen(req.q)) {
        /* report the error where the user typed it, not in the query the
         * filters made */
        kh_search_options o1 = {.limit = 1, .flags = KH_SEARCH_NO_SNIPPETS};
        kh_results *r1 = NULL;
        kh_error e1 = {0};
        if (*req.q && kh_index_search(s->ix, req.q, strlen(req.q), &o1, &r1,
                                      &e1) == KH_ERR_PARSE)
            err = e1;
        kh_results_free(r1);
    }
    kh_buf_free(&q);
    if (st) {
        kh_reply_error(r, search_status(st), "query: %s", err.message);
        return;
    }
    kh_buf *b = &r->body;
    int bad = kh_buf_printf(b, "{\"query\":");
    bad |= json_str(b, req.q);
    bad |= kh_buf_printf(b, ",\"total\":%llu,\"offset\":%zu,\"limit\":%zu,",
                         (unsigned long long)kh_results_total(res), req.offset,
                         req.limit);
    bad |= write_hits(b, res);
    if (req.facets)
        bad |= write_facets(b, res);
    bad |= write_readings(b, res);
    bad |= kh_buf_printf(b, ",\"took_ms\":%.3f}\n", kh_since(&t0) * 1000.0);
    kh_results_free(res);
    if (bad) {
        kh_buf_free(b);
        kh_reply_error(r, 500, "out of memory");
        return;
    }
    r->status = 200;
}

void kh_api_get(kh_server *s, const char *id, kh_reply *r) {
    if (!kh_id_ok(id)) {
        kh_reply_error(r, 400, "not an article id");
        return;
    }
    maybe_reload(s);
    char *json = NULL;
    size_t len = 0;
    kh_error err = {0};
    kh_status st = kh_index_get(s->ix, id, &json, &len, &err);
    if (st) {
        kh_reply_error(r, st == KH_ERR_NOT_FOUND ? 404 : 500, "%s",
                       err.message);
        return;
    }
    r->status = 200;
    r->body.data = json;
    r->body.len = r->body.cap = len;
}

static int write_generation(kh_server *s, kh_buf *b) {
    kh_index_info info;
    kh_error err = {0};
    if (kh_index_stats(s->ix, &info, &err))
        return kh_buf_printf(b, "}\n");
    return kh_buf_printf(b, ",\"generation\":%llu,\"documents\":%llu}\n",
                         (unsigned long long)info.generation,
                         (unsigned long long)info.documents);
}

void kh_api_delete(kh_server *s, const char *id, kh_reply *r) {
    if (!kh_id_ok(id)) {
        kh_reply_error(r, 400, "not an article id");
        return;
    }
    atomic_fetch_add(&s->writes, 1);
    kh_error err = {0};
    int found = 0;
    pthread_mutex_lock(&s->write_mu);
    kh_status st = kh_index_delete(s->ix, id, &found, &err);
    if (!st && found)
        st = kh_index_commit(s->ix, &err);
    if (st || !found) {
        pthread_mutex_unlock(&s->write_mu);
        if (st)
            kh_reply_error(r, 500, "%s", err.message);
        else
            kh_reply_error(r, 404, "no article with id '%s'", id);
        return;
    }
    int bad = kh_buf_printf(&r->body, "{\"deleted\":");
    bad |= json_str(&r->body, id);
    bad |= write_generation(s, &r->body);
    pthread_mutex_unlock(&s->write_mu);
    r->status = bad ? 500 : 200;
}

typedef struct post_ctx {
    kh_server *s;
    size_t indexed, failed;
    kh_buf errors; /* JSON objects, comma-separated */
    kh_status fatal;
    kh_error err;
} post_ctx;

static int post_error(post_ctx *c, size_t lineno, const char *id,
                      const char *msg) {
    c->failed++;
    if (c->failed > MAX_LINE_ERRORS)
        return 0;
    int bad = kh_buf_printf(&c->errors,
                            "%s{\"line\":%zu,\"id\":", c->failed > 1 ? "," : "",
                            lineno);
    bad |= json_str(&c->errors, id);
    bad |= kh_buf_printf(&c->errors, ",\"error\":");
    bad |= json_str(&c->errors, msg);
    bad |= kh_buf_putc(&c->errors, '}');
    return bad;
}

static int post_line(void *ctx, const char *line, size_t len, size_t lineno) {
    post_ctx *c = ctx;
    kh_article *a = NULL;
    kh_error err = {0};
    kh_status st = kh_clean_json_record(c->s->cl, line, len, &a, &err);
    if (st == KH_ERR_NOMEM) {
        c->fatal = st;
        c->err = err;
        return 1;
    }
    if (st)
        return post_error(c, lineno, NULL, err.message);
    kh_enrichment *e = NULL;
    if (c->s->en)
        st = kh_enrich_article(c->s->en, c->s->en_work, a, &e, &err);
    if (!st)
        st = kh_index_add_enriched(c->s->ix, a, e, &err);
    kh_enrichment_free(e);
    int rc = 0;
    if (st == KH_ERR_IO || st == KH_ERR_NOMEM) {
        c->fatal = st;
        c->err = err;
        rc = 1;
    } else if (st) {
        rc = post_error(c, lineno, a->id, err.message);
    } else {
        c->indexed++;
    }
    kh_article_free(a);
    return rc;
}

void kh_api_post(kh_server *s, const char *body, size_t len, kh_reply *r) {
    atomic_fetch_add(&s->writes, 1);
    post_ctx c = {.s = s};
    pthread_mutex_lock(&s->write_mu);
    int rc = kh_each_line(body, len, post_line, &c);
    if (!rc && !c.fatal && c.indexed)
        c.fatal = kh_index_commit(s->ix, &c.err);
    if (c.fatal || rc) {
        pthread_mutex_unlock(&s->write_mu);
        kh_buf_free(&c.errors);
        kh_reply_error(r, 500, "%s", c.fatal ? c.err.message : "out of memory");
        return;
    }
    kh_buf *b = &r->body;
    int bad = kh_buf_printf(b, "{\"indexed\":%zu,\"failed\":%zu,\"errors\":[",
                            c.indexed, c.failed);
    if (c.errors.len)
        bad |= kh_buf_append(b, c.errors.data, c.errors.len);
    bad |= kh_buf_putc(b, ']');
    bad |= write_generation(s, b);
    pthread_mutex_unlock(&s->write_mu);
    kh_buf_free(&c.errors);
    if (bad) {
        kh_buf_free(b);
        kh_reply_error(r, 500, "out of memory");
        return;
    }
    /* nothing indexed: the request was wrong (no records, or only bad
     * ones); the body still lists why */
    r->status = c.indexed ? 200 : 400;
    if (!c.indexed && !c.failed) {
        kh_buf_free(b);
        kh_reply_error(r, 400, "the body holds no JSON Lines records");
    }
}

void kh_api_stats(kh_server *s, kh_reply *r) {
    maybe_reload(s);
    kh_index_info i;
    kh_error err = {0};
    if (kh_index_stats(s->ix, &i, &err)) {
        kh_reply_error(r, 500, "%s", err.message);
        return;
    }
    int bad = kh_buf_printf(
        &r->body,
        "{\"version\":\"%s\",\"documents\":%llu,\"deleted\":%llu,"
        "\"segments\":%u,\"terms\":%llu,\"bytes\":%llu,\"generation\":%llu,"
        "\"dictionary_bytes\":%llu,\"postings_bytes\":%llu,"
        "\"store_bytes\":%llu,\"avg_title_tokens\":%.2f,"
        "\"avg_body_tokens\":%.2f,\"read_only\":%s,\"uptime_s\":%.0f,"
        "\"requests\":%llu,\"searches\":%llu,\"writes\":%llu}\n",
        kh_version(), (unsigned long long)i.documents,
        (unsigned long long)i.deleted, i.segments, (unsigned long long)i.terms,
        (unsigned long long)i.bytes, (unsigned long long)i.generation,
        (unsigned long long)i.dictionary_bytes,
        (unsigned long long)i.postings_bytes, (unsigned long long)i.store_bytes,
        i.avg_title, i.avg_body,
        s->o.flags & KH_SERVER_READ_ONLY ? "true" : "false",
        kh_since(&s->started), (unsigned long long)atomic_load(&s->requests),
        (unsigned long long)atomic_load(&s->searches),
        (unsigned long long)atomic_load(&s->writes));
    r->status = bad ? 500 : 200;
}

void kh_api_health(kh_server *s, kh_reply *r) {
    kh_index_info i;
    kh_error err = {0};
    if (kh_index_stats(s->ix, &i, &err)) {
        kh_reply_error(r, 503, "%s", err.message);
        return;
    }
    r->status =
        kh_buf_printf(&r->body, "{\"status\":\"ok\",\"documents\":%llu}\n",
                      (unsigned long long)i.documents)
            ? 500
            : 200;
}
