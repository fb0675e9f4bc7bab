/*
 * request.c — the parts of a request khabar reads itself, kept apart from
 * the HTTP plumbing so that they can be fuzzed (tests/fuzz/fuzz_serve.c):
 * the /api/search parameters (numbers, days, the source filter) and the
 * query they make, the lines of a JSON Lines body, the ids in URL paths,
 * and snippets turned into HTML-safe JSON strings.
 */
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decimal number <= max; -1 when v is not one. */
static int parse_num(const char *v, size_t max, size_t *out) {
    size_t n = 0;
    if (!v || !*v)
        return -1;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (size_t)(*p - '0');
        if (n > max)
            return -1;
    }
    *out = n;
    return 0;
}

static int leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD", "YYYY-MM" or "YYYY", a real date; written into out as
 * given. */
static int parse_day(const char *v, char out[11]) {
    size_t n = strlen(v);
    if (n != 4 && n != 7 && n != 10)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? v[i] != '-' : (v[i] < '0' || v[i] > '9'))
            return -1;
    }
    int y = atoi(v), m = n >= 7 ? atoi(v + 5) : 1,
        d = n == 10 ? atoi(v + 8) : 1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || m < 1 || m > 12 || d < 1 || /* as the query language */
        d > mdays[m - 1] + (m == 2 && leap(y)))
        return -1;
    memcpy(out, v, n + 1);
    return 0;
}

kh_status kh_search_req_parse(kh_search_req *req, kh_param_fn param, void *conn,
                              kh_error *err) {
    memset(req, 0, sizeof *req);
    req->limit = 10;
    req->facets = 1;
    req->collapse = 1;
    req->q = param(conn, "q");
    if (!req->q)
        req->q = "";
    const char *v = param(conn, "limit");
    if (v && (parse_num(v, KH_SERVE_MAX_LIMIT, &req->limit) || !req->limit))
        return kh_fail(err, KH_ERR_ARG, "limit must be a number from 1 to %d",
                       KH_SERVE_MAX_LIMIT);
    v = param(conn, "offset");
    if (v && parse_num(v, KH_SERVE_MAX_OFFSET, &req->offset))
        return kh_fail(err, KH_ERR_ARG, "offset must be a number from 0 to %d",
                       KH_SERVE_MAX_OFFSET);
    static const char *const days[] = {"since", "until"};
    for (int i = 0; i < 2; i++) {
        v = param(conn, days[i]);
        if (v && *v && parse_day(v, i ? req->until : req->since))
            return kh_fail(err, KH_ERR_ARG,
                           "%s must be a date YYYY-MM-DD (or YYYY-MM, YYYY)",
                           days[i]);
    }
    v = param(conn, "source");
    if (v && *v)
        req->source = v;
    static const char *const ents[3] = {"person", "place", "org"};
    for (int k = 0; k < 3; k++) {
        v = param(conn, ents[k]);
        if (v && *v && kh_utf8_check(v, strlen(v), NULL))
            return kh_fail(err, KH_ERR_ARG, "%s must be UTF-8 text", ents[k]);
        if (v && *v)
            req->ent[k] = v;
    }
    v = param(conn, "facets");
    if (v && (!strcmp(v, "0") || !strcmp(v, "false")))
        req->facets = 0;
    v = param(conn, "collapse");
    if (v && (!strcmp(v, "0") || !strcmp(v, "false")))
        req->collapse = 0;
    size_t bad;
    if (kh_utf8_check(req->q, strlen(req->q), &bad) ||
        (req->source && kh_utf8_check(req->source, strlen(req->source), &bad)))
        return kh_fail(err, KH_ERR_ARG, "q and source must be UTF-8 text");
    if (!*req->q && !req->source && !req->ent[0] && !req->ent[1] &&
        !req->ent[2] && !*req->since && !*req->until)
        return kh_fail(err, KH_ERR_ARG, "q is empty: give a query");
    return KH_OK;
}

kh_status kh_search_req_query(const kh_search_req *req, kh_buf *out,
                              kh_error *err) {
    int bad = 0;
    int has_q = 0;
    /* white space as the query parser reads it: a query of nothing else
     * is empty, and "( )" would not parse */
    for (const char *p = req->q; *p && !has_q; p++)
        has_q = !strchr(" \t\n\r\f\v", *p);
    /* the user's query as one group, AND each filter as a phrase in its
     * field (quotes and backslashes dropped: they cannot be inside one) */
    static const char *const fields[4] = {"source", "person", "place", "org"};
    const char *filters[4] = {req->source, req->ent[0], req->ent[1],
                              req->ent[2]};
    int nf = 0;
    for (int k = 0; k < 4; k++)
        if (filters[k]) {
            if (!nf && has_q)
                bad |= kh_buf_printf(out, "(%s)", req->q);
            bad |= kh_buf_printf(out, "%s%s:\"", nf || has_q ? " AND " : "",
                                 fields[k]);
            for (const char *p = filters[k]; *p; p++)
                if (*p != '"' && *p != '\\')
                    bad |= kh_buf_putc(out, (unsigned char)*p < ' ' ? ' ' : *p);
            bad |= kh_buf_putc(out, '"');
            nf++;
        }
    if (!nf && has_q)
        bad |= kh_buf_printf(out, "%s", req->q);
    if (*req->since)
        bad |= kh_buf_printf(out, " since:%s", req->since);
    if (*req->until)
        bad |= kh_buf_printf(out, " until:%s", req->until);
    bad |= kh_buf_putc(out, '\0');
    if (bad)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    out->len--; /* the NUL is not part of the query */
    return KH_OK;
}

int kh_json_snippet(kh_buf *b, const char *s) {
    const size_t mo = sizeof KH_MARK_OPEN - 1, mc = sizeof KH_MARK_CLOSE - 1;
    static const char hex[] = "0123456789abcdef";
    int bad = kh_buf_putc(b, '"');
    size_t run = 0; /* start of the current run of bytes copied as they are */
    size_t i = 0;
    for (; s[i] && !bad; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t skip = 0;
        if (c == 0xEE && !strncmp(s + i, KH_MARK_OPEN, mo)) {
            rep = "<mark>";
            skip = mo - 1;
        } else if (c == 0xEE && !strncmp(s + i, KH_MARK_CLOSE, mc)) {
            rep = "</mark>";
            skip = mc - 1;
        } else {
            switch (c) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            case '\'': rep = "&#39;"; break;
            case '\\': rep = "\\\\"; break;
            default:
                if (c >= 0x20)
                    continue; /* part of the run */
            }
        }
        bad |= kh_buf_append(b, s + run, i - run);
        if (rep) {
            bad |= kh_buf_append(b, rep, strlen(rep));
        } else { /* a control character */
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            bad |= kh_buf_append(b, u, sizeof u);
        }
        i += skip;
        run = i + 1;
    }
    if (!bad)
        bad = kh_buf_append(b, s + run, i - run);
    return bad || kh_buf_putc(b, '"');
}

int kh_each_line(const char *body, size_t len, kh_line_fn fn, void *ctx) {
    size_t lineno = 0, i = 0;
    while (i < len) {
        const char *nl = memchr(body + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - body) : len;
        size_t n = end - i;
        lineno++;
        if (n && body[i + n - 1] == '\r')
            n--;
        int blank = 1;
        for (size_t k = 0; k < n && blank; k++)
            blank = body[i + k] == ' ' || body[i + k] == '\t' ||
                    body[i + k] == '\r';
        if (!blank) {
            int rc = fn(ctx, body + i, n, lineno);
            if (rc)
                return rc;
        }
        i = end + 1;
    }
    return 0;
}

int kh_id_ok(const char *id) {
    size_t n = strlen(id), bad;
    if (!n || n > 512 || kh_utf8_check(id, n, &bad))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)id[i] < 0x20 || id[i] == 0x7F)
            return 0;
    return 1;
}
