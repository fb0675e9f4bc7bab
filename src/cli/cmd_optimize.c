/*
 * cmd_optimize.c — `khabar optimize IDX`: merges all segments into one,
 * dropping deleted articles; readers keep their snapshot meanwhile.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

const char cmd_optimize_usage[] =
    "usage: khabar optimize IDX\n"
    "\n"
    "Merges the segments of the index IDX into one and drops deleted\n"
    "articles for good, so that searches read one dictionary. Like every\n"
    "commit it is atomic; readers keep the snapshot they opened.\n";

int cmd_optimize(int argc, char **argv) {
    int a = 1;
    if (a < argc && !strcmp(argv[a], "--"))
        a++;
    if (argc - a != 1)
        return cli_usage(cmd_optimize_usage);
    kh_index *ix = NULL;
    kh_error err = {0};
    kh_index_info before, after;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (kh_index_open(argv[a], KH_INDEX_WRITE, &ix, &err) ||
        kh_index_stats(ix, &before, &err) || kh_index_optimize(ix, &err) ||
        kh_index_stats(ix, &after, &err)) {
        cli_error("%s", err.message);
        kh_index_close(ix);
        return 1;
    }
    kh_index_close(ix);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr,
            "khabar optimize: %u segment(s) -> %u, %llu deleted article(s) "
            "dropped, %.1f MB -> %.1f MB, %.2f s\n",
            before.segments, after.segments, (unsigned long long)before.deleted,
            (double)before.bytes / 1e6, (double)after.bytes / 1e6,
            (double)(t1.tv_sec - t0.tv_sec) +
                (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
