/*
 * cmd_stats.c — `khabar stats IDX`: what the index holds and its size.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

const char cmd_stats_usage[] =
    "usage: khabar stats [--json] IDX\n"
    "\n"
    "Prints the figures of the index IDX: commits, articles (live and\n"
    "deleted), segments, dictionary terms, bytes on disk by part, average\n"
    "title and body length in tokens. --json prints them as one object.\n";

int cmd_stats(int argc, char **argv) {
    int json = 0;
    const char *dir = NULL;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--json"))
            json = 1;
        else if (argv[a][0] == '-' && argv[a][1]) {
            cli_error("unknown option '%s'", argv[a]);
            return cli_usage(cmd_stats_usage);
        } else if (!dir)
            dir = argv[a];
        else
            return cli_usage(cmd_stats_usage);
    }
    if (!dir)
        return cli_usage(cmd_stats_usage);
    kh_index *ix = NULL;
    kh_error err = {0};
    kh_index_info i;
    if (kh_index_open(dir, KH_INDEX_READ, &ix, &err) ||
        kh_index_stats(ix, &i, &err)) {
        cli_error("%s", err.message);
        kh_index_close(ix);
        return 1;
    }
    kh_index_close(ix);
    /* one row per count: its name (JSON key and text label) and value */
    const struct {
        const char *name;
        unsigned long long n;
    } rows[] = {
        {"generation", i.generation},
        {"documents", i.documents},
        {"deleted", i.deleted},
        {"segments", i.segments},
        {"terms", i.terms},
        {"bytes", i.bytes},
        {"dictionary_bytes", i.dictionary_bytes},
        {"postings_bytes", i.postings_bytes},
        {"store_bytes", i.store_bytes},
    };
    size_t nrows = sizeof rows / sizeof *rows;
    for (size_t r = 0; r < nrows; r++)
        printf(json ? "%s\"%s\":%llu" : "%s%s\t%llu\n",
               json ? (r ? "," : "{") : "", rows[r].name, rows[r].n);
    if (json)
        printf(",\"avg_title\":%.2f,\"avg_body\":%.2f}\n", i.avg_title,
               i.avg_body);
    else
        printf("avg_title_tokens\t%.2f\navg_body_tokens\t%.2f\n", i.avg_title,
               i.avg_body);
    return 0;
}
