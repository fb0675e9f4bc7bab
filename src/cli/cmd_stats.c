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
    if (json)
        printf("{\"generation\":%llu,\"documents\":%llu,\"deleted\":%llu,"
               "\"segments\":%u,\"terms\":%llu,\"bytes\":%llu,"
               "\"dictionary_bytes\":%llu,\"postings_bytes\":%llu,"
               "\"store_bytes\":%llu,\"avg_title\":%.2f,\"avg_body\":%.2f}"
               "\n",
               (unsigned long long)i.generation,
               (unsigned long long)i.documents, (unsigned long long)i.deleted,
               i.segments, (unsigned long long)i.terms,
               (unsigned long long)i.bytes,
               (unsigned long long)i.dictionary_bytes,
               (unsigned long long)i.postings_bytes,
               (unsigned long long)i.store_bytes, i.avg_title, i.avg_body);
    else
        printf("generation\t%llu\ndocuments\t%llu\ndeleted\t%llu\n"
               "segments\t%u\nterms\t%llu\nbytes\t%llu\n"
               "dictionary_bytes\t%llu\npostings_bytes\t%llu\n"
               "store_bytes\t%llu\navg_title_tokens\t%.2f\n"
               "avg_body_tokens\t%.2f\n",
               (unsigned long long)i.generation,
               (unsigned long long)i.documents, (unsigned long long)i.deleted,
               i.segments, (unsigned long long)i.terms,
               (unsigned long long)i.bytes,
               (unsigned long long)i.dictionary_bytes,
               (unsigned long long)i.postings_bytes,
               (unsigned long long)i.store_bytes, i.avg_title, i.avg_body);
    return 0;
}
