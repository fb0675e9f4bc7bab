/*
 * news_records.h — for the enrichment evals: every JSON Lines record of
 * the gzipped news files named on the command line, one at a time, read
 * through `gzip -dc`.
 */
#ifndef KH_NEWS_RECORDS_H
#define KH_NEWS_RECORDS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct news_records {
    char **files;
    int n_files, at;
    FILE *cur;
    char *line;
    size_t cap;
} news_records;

/* The next record's line (without its newline) and length, or NULL at
 * the end. */
static inline char *news_next(news_records *r, size_t *len) {
    for (;;) {
        if (!r->cur) {
            if (r->at >= r->n_files)
                return NULL;
            char cmd[4096];
            snprintf(cmd, sizeof cmd, "gzip -dc '%s'", r->files[r->at++]);
            if (!(r->cur = popen(cmd, "r")))
                return NULL;
        }
        ssize_t n = getline(&r->line, &r->cap, r->cur);
        if (n < 0) {
            pclose(r->cur);
            r->cur = NULL;
            continue;
        }
        while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r'))
            r->line[--n] = '\0';
        if (n == 0)
            continue;
        *len = (size_t)n;
        return r->line;
    }
}

static inline void news_close(news_records *r) {
    if (r->cur)
        pclose(r->cur);
    free(r->line);
}

#endif
