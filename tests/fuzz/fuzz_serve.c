/*
 * fuzz_serve.c — libFuzzer entry point for what `khabar serve` reads
 * itself. The input's first line is taken as search parameters
 * (k=v&k=v, as the server receives them decoded): they are checked and
 * composed into a query, which must parse whenever the user's q parses
 * alone. The rest is a JSON Lines body: split into records, each cleaned,
 * written as an HTML-safe snippet and checked as an article id.
 */
#include "khabar.h"
#include "search.h"
#include "serve.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARAMS 16

typedef struct params {
    char *k[MAX_PARAMS], *v[MAX_PARAMS];
    int n;
} params;

static const char *param(void *conn, const char *name) {
    params *p = conn;
    for (int i = 0; i < p->n; i++)
        if (!strcmp(p->k[i], name))
            return p->v[i];
    return NULL;
}

static int parses(const char *q, size_t len) {
    kh_qnode *n = NULL;
    kh_status st = kh_query_parse(q, len, &n, NULL);
    kh_query_free(n);
    return st == KH_OK;
}

static int on_line(void *ctx, const char *line, size_t len, size_t lineno) {
    kh_cleaner *cl = ctx;
    if (!len || lineno == 0)
        abort(); /* blank lines are skipped; numbers start at 1 */
    kh_article *a = NULL;
    if (cl && kh_clean_json_record(cl, line, len, &a, NULL) == KH_OK)
        kh_article_free(a);
    char *s = strndup(line, len);
    if (!s)
        return 1;
    kh_buf b = {0};
    if (!kh_json_snippet(&b, s)) {
        /* nothing that opens a tag except the marks */
        for (size_t i = 0; i < b.len; i++)
            if (b.data[i] == '<' && strncmp(b.data + i, "<mark>", 6) &&
                strncmp(b.data + i, "</mark>", 7))
                abort();
    }
    kh_buf_free(&b);
    kh_id_ok(s);
    free(s);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *in = (const char *)data;
    const char *nl = memchr(in, '\n', size);
    size_t qs_len = nl ? (size_t)(nl - in) : size;
    char *qs = strndup(in, qs_len); /* stops at a NUL, as HTTP values do */
    if (!qs)
        return 0;
    params p = {0};
    for (char *tok = qs, *next; tok && p.n < MAX_PARAMS; tok = next) {
        next = strchr(tok, '&');
        if (next)
            *next++ = '\0';
        char *eq = strchr(tok, '=');
        p.k[p.n] = tok;
        p.v[p.n] = eq ? (*eq = '\0', eq + 1) : tok + strlen(tok);
        p.n++;
    }
    kh_search_req req;
    if (kh_search_req_parse(&req, param, &p, NULL) == KH_OK) {
        kh_buf q = {0};
        if (kh_search_req_query(&req, &q, NULL) == KH_OK &&
            parses(req.q, strlen(req.q)) && !parses(q.data, q.len))
            abort(); /* the filters broke a query that parses */
        kh_buf_free(&q);
    }
    free(qs);
    if (nl) {
        kh_cleaner *cl = NULL;
        kh_cleaner_new(NULL, &cl, NULL);
        kh_each_line(nl + 1, size - qs_len - 1, on_line, cl);
        kh_cleaner_free(cl);
    }
    return 0;
}
