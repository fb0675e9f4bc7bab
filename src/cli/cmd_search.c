/*
 * cmd_search.c — `khabar search IDX QUERY`: the best articles for a query,
 * as readable text (matched words in bold on a terminal) or JSON; and
 * `--batch`, one query per input line, one JSON line per query, for
 * scripts and benchmarks (the index is opened once).
 */
#include "cli.h"
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_search_usage[] =
    "usage: khabar search IDX QUERY... [--limit N] [--offset N] [--json]\n"
    "                    [--no-snippets] [--no-collapse]\n"
    "       khabar search IDX --batch [--limit N] [--no-snippets]\n"
    "                    [--no-collapse]\n"
    "\n"
    "Searches the index IDX. QUERY (several arguments are joined with\n"
    "spaces) is written in this language:\n"
    "\n"
    "  पहलगाम हमला        articles with any of the words; those with more\n"
    "                     of them, closer together, rank higher\n"
    "  pahalgam hamla     romanized words also find Devanagari ones\n"
    "  \"आतंकी हमला\"        a phrase: the words next to each other\n"
    "  a AND b, a OR b    both; either\n"
    "  NOT a, -a, +a      without a; a is required\n"
    "  title:a            in a field: title kicker standfirst body source url\n"
    "  title:(a b)        a field for a group; title:\"a phrase\"\n"
    "  person:modi        an entity's name: person: place: org: (enriched\n"
    "                     articles; person:मोदी finds नरेंद्र मोदी)\n"
    "  कोरोना*             words starting with कोरोना\n"
    "  since:2025-04 until:2025-05-10   published in a date range\n"
    "  ( ... )            grouping\n"
    "\n"
    "Words are analysed like the articles, so spelling variants match\n"
    "(ज़िंदगी, जिंदगी, ज़िन्दगी). A malformed query is reported with its\n"
    "position.\n"
    "\n"
    "  --limit N    hits to show (default 10)\n"
    "  --offset N   hits to skip first\n"
    "  --json       {\"query\", \"total\", \"hits\": [{\"id\", \"score\",\n"
    "               \"title\", \"snippet\", \"published\"}]}; matched words\n"
    "               in snippets are between « and »\n"
    "  --no-snippets  ids, scores and titles only (faster)\n"
    "  --no-collapse  show near-duplicates as hits of their own; by default\n"
    "               copies of one story (see `khabar dups`) are one hit,\n"
    "               the best, listing the others as similar (JSON:\n"
    "               \"similar\": N, \"similar_ids\": [...])\n"
    "  --batch      read one query per line from standard input and write\n"
    "               one JSON line per query (a query that fails gives\n"
    "               {\"query\", \"error\"})\n"
    "\n"
    "Exit status: 0 on success, 1 when a query fails or the index cannot\n"
    "be read, 2 on bad usage.\n";

static int write_json(kh_buf *b, const char *q, size_t qlen, kh_results *r,
                      const char *error) {
    int bad = kh_buf_printf(b, "{\"query\":");
    bad |= kh_buf_json_string(b, q, qlen);
    if (error) {
        bad |= kh_buf_printf(b, ",\"error\":");
        bad |= kh_buf_json_string(b, error, strlen(error));
        bad |= kh_buf_printf(b, ",\"total\":0,\"hits\":[]}\n");
        return bad;
    }
    bad |= kh_buf_printf(b, ",\"total\":%llu,\"hits\":[",
                         (unsigned long long)kh_results_total(r));
    const kh_hit *h;
    int first = 1;
    while ((h = kh_results_next(r))) {
        bad |= kh_buf_printf(b, "%s{\"id\":", first ? "" : ",");
        first = 0;
        bad |= kh_buf_json_string(b, h->id, strlen(h->id));
        bad |= kh_buf_printf(b, ",\"score\":%.4f,\"title\":", h->score);
        bad |= kh_buf_json_string(b, h->title, strlen(h->title));
        bad |= kh_buf_printf(b, ",\"snippet\":");
        bad |= kh_buf_json_string(b, h->snippet, strlen(h->snippet));
        bad |= kh_buf_printf(b, ",\"published\":");
        if (h->published)
            bad |= kh_buf_json_string(b, h->published, strlen(h->published));
        else
            bad |= kh_buf_printf(b, "null");
        if (h->n_similar) {
            bad |= kh_buf_printf(b, ",\"similar\":%zu,\"similar_ids\":[",
                                 h->n_similar);
            for (size_t i = 0; i < h->n_similar; i++) {
                bad |= i ? kh_buf_putc(b, ',') : 0;
                bad |=
                    kh_buf_json_string(b, h->similar[i], strlen(h->similar[i]));
            }
            bad |= kh_buf_putc(b, ']');
        }
        bad |= kh_buf_printf(b, "}");
    }
    bad |= kh_buf_printf(b, "]}\n");
    return bad;
}

static void write_text(kh_results *r, size_t offset) {
    unsigned long long total = kh_results_total(r);
    printf("%llu result%s\n", total, total == 1 ? "" : "s");
    const kh_hit *h;
    size_t i = offset;
    while ((h = kh_results_next(r))) {
        printf("\n%zu. %s\n   %s  score %.3f%s%.10s\n", ++i,
               *h->title ? h->title : "(no title)", h->id, h->score,
               h->published ? "  " : "", h->published ? h->published : "");
        if (*h->snippet)
            printf("   %s\n", h->snippet);
        if (h->n_similar) {
            printf("   + %zu similar:", h->n_similar);
            for (size_t k = 0; k < h->n_similar; k++)
                printf(" %s", h->similar[k]);
            printf("\n");
        }
    }
}

static int parse_size(const char *v, size_t *out) {
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (!*v || *end || v[0] == '-' || errno)
        return -1;
    *out = (size_t)n;
    return 0;
}

static int batch(kh_index *ix, kh_search_options *o) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int failed = 0;
    kh_buf b = {0};
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        kh_results *r = NULL;
        kh_error err = {0};
        b.len = 0;
        /* queries must be text: a NUL would cut the JSON string short */
        size_t qlen = strnlen(line, (size_t)n);
        kh_status st = kh_index_search(ix, line, qlen, o, &r, &err);
        char msg[KH_ERROR_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", err.message);
        size_t badoff;
        int bad = kh_utf8_check(line, qlen, &badoff) == KH_OK
                      ? write_json(&b, line, qlen, r, st ? msg : NULL)
                      : write_json(&b, "", 0, r, st ? msg : "not UTF-8");
        kh_results_free(r);
        if (bad || fwrite(b.data, 1, b.len, stdout) != b.len) {
            cli_error("write error");
            failed = 1;
            break;
        }
        if (st)
            failed = 1;
    }
    free(line);
    kh_buf_free(&b);
    if (fflush(stdout))
        failed = 1;
    return failed;
}

int cmd_search(int argc, char **argv) {
    kh_search_options o = {0};
    int json = 0, is_batch = 0;
    const char *dir = NULL;
    kh_buf q = {0};
    for (int a = 1; a < argc; a++) {
        const char *s = argv[a];
        if (!strcmp(s, "--limit") || !strcmp(s, "--offset")) {
            size_t v;
            if (a + 1 >= argc || parse_size(argv[a + 1], &v)) {
                cli_error("%s needs a number", s);
                kh_buf_free(&q);
                return cli_usage(cmd_search_usage);
            }
            a++;
            if (s[2] == 'l')
                o.limit = v;
            else
                o.offset = v;
        } else if (!strcmp(s, "--json")) {
            json = 1;
        } else if (!strcmp(s, "--no-snippets")) {
            o.flags |= KH_SEARCH_NO_SNIPPETS;
        } else if (!strcmp(s, "--no-collapse")) {
            o.flags |= KH_SEARCH_NO_COLLAPSE;
        } else if (!strcmp(s, "--batch")) {
            is_batch = 1;
        } else if (s[0] == '-' && s[1] == '-') {
            cli_error("unknown option '%s'", s);
            kh_buf_free(&q);
            return cli_usage(cmd_search_usage);
        } else if (!dir) {
            dir = s;
        } else {
            /* query words; a leading '-' is the query's NOT */
            if ((q.len && kh_buf_putc(&q, ' ')) ||
                kh_buf_append(&q, s, strlen(s))) {
                cli_error("out of memory");
                kh_buf_free(&q);
                return 1;
            }
        }
    }
    if (!dir || (!is_batch && !q.len) || (is_batch && q.len)) {
        kh_buf_free(&q);
        return cli_usage(cmd_search_usage);
    }
    kh_index *ix = NULL;
    kh_error err = {0};
    if (kh_index_open(dir, KH_INDEX_READ, &ix, &err)) {
        cli_error("%s", err.message);
        kh_buf_free(&q);
        return 1;
    }
    int rc = 0;
    if (is_batch) {
        rc = batch(ix, &o);
    } else {
        int tty = !json && isatty(STDOUT_FILENO);
        o.mark_open = tty ? "\033[1m" : "«";
        o.mark_close = tty ? "\033[0m" : "»";
        kh_results *r = NULL;
        if (kh_index_search(ix, q.data, q.len, &o, &r, &err)) {
            cli_error("query: %s", err.message);
            rc = 1;
        } else if (json) {
            kh_buf b = {0};
            if (write_json(&b, q.data, q.len, r, NULL) ||
                fwrite(b.data, 1, b.len, stdout) != b.len)
                rc = 1;
            kh_buf_free(&b);
        } else {
            write_text(r, o.offset);
        }
        kh_results_free(r);
        if (fflush(stdout)) {
            cli_error("write error: %s", strerror(errno));
            rc = 1;
        }
    }
    kh_index_close(ix);
    kh_buf_free(&q);
    return rc;
}
