/*
 * cmd_get.c — `khabar get IDX ID`: the stored clean article as JSON.
 */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_get_usage[] =
    "usage: khabar get [--pretty] IDX ID\n"
    "\n"
    "Prints the clean article with this id, as stored in the index IDX, as\n"
    "one line of JSON (the shape `khabar clean` writes), or indented with\n"
    "--pretty. Exit status: 0 when found, 1 when not (or on error), 2 on\n"
    "bad usage.\n";

int cmd_get(int argc, char **argv) {
    int pretty = 0, a = 1;
    const char *pos[2];
    int npos = 0;
    for (; a < argc; a++) {
        if (!strcmp(argv[a], "--pretty"))
            pretty = 1;
        else if (argv[a][0] == '-' && argv[a][1] && strcmp(argv[a], "--")) {
            cli_error("unknown option '%s'", argv[a]);
            return cli_usage(cmd_get_usage);
        } else if (!strcmp(argv[a], "--")) {
            continue;
        } else if (npos < 2) {
            pos[npos++] = argv[a];
        } else {
            return cli_usage(cmd_get_usage);
        }
    }
    if (npos != 2)
        return cli_usage(cmd_get_usage);
    kh_index *ix = NULL;
    kh_error err = {0};
    if (kh_index_open(pos[0], KH_INDEX_READ, &ix, &err)) {
        cli_error("%s", err.message);
        return 1;
    }
    char *json = NULL;
    size_t len = 0;
    kh_status st = kh_index_get(ix, pos[1], &json, &len, &err);
    kh_index_close(ix);
    if (st) {
        cli_error("%s", err.message);
        return 1;
    }
    int rc = 0;
    if (pretty) {
        json_error_t je;
        json_t *o = json_loadb(json, len, 0, &je);
        char *s =
            o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        if (s)
            printf("%s\n", s);
        else
            rc = 1;
        free(s);
        json_decref(o);
    } else {
        printf("%s\n", json);
    }
    free(json);
    if (fflush(stdout))
        rc = 1;
    return rc;
}
