/*
 * cmd_delete.c — `khabar delete IDX ID...`: removes articles by id and
 * commits, atomically (all of them or, on failure, none).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

const char cmd_delete_usage[] =
    "usage: khabar delete IDX ID...\n"
    "\n"
    "Deletes the articles with these ids from the index IDX and commits.\n"
    "An id that is not in the index is reported on standard error.\n"
    "Exit status: 0 when every id was found and deleted, 1 when some id\n"
    "was not found or the index could not be written, 2 on bad usage.\n";

int cmd_delete(int argc, char **argv) {
    int a = 1;
    if (a < argc && !strcmp(argv[a], "--"))
        a++;
    if (argc - a < 2)
        return cli_usage(cmd_delete_usage);
    const char *dir = argv[a++];
    kh_index *ix = NULL;
    kh_error err = {0};
    if (kh_index_open(dir, KH_INDEX_WRITE, &ix, &err)) {
        cli_error("%s", err.message);
        return 1;
    }
    int missing = 0;
    size_t deleted = 0;
    for (; a < argc; a++) {
        int found = 0;
        if (kh_index_delete(ix, argv[a], &found, &err)) {
            cli_error("%s", err.message);
            kh_index_close(ix);
            return 1;
        }
        if (found)
            deleted++;
        else {
            cli_error("no article with id '%s' in %s", argv[a], dir);
            missing = 1;
        }
    }
    if (kh_index_commit(ix, &err)) {
        cli_error("%s", err.message);
        kh_index_close(ix);
        return 1;
    }
    kh_index_close(ix);
    fprintf(stderr, "khabar delete: %zu article(s) deleted\n", deleted);
    return missing;
}
