/*
 * cmd_dups.c — `khabar dups IDX`: the near-duplicate groups of an index.
 */
#include "cli.h"
#include "core.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_dups_usage[] =
    "usage: khabar dups [--distance BITS] [--json] IDX\n"
    "\n"
    "Lists the groups of near-duplicate articles in the index IDX (copies\n"
    "of one story with different furniture, light edits): articles whose\n"
    "64-bit fingerprints differ in at most BITS bits (default 12), linked\n"
    "transitively. Largest group first; each group is a line `group N:\n"
    "COUNT articles` followed by one line per article: ID<TAB>FINGERPRINT\n"
    "<TAB>TITLE. Articles indexed with --plain have no fingerprint and are\n"
    "not listed.\n"
    "\n"
    "  --distance BITS   the most differing bits (0..64) of near-duplicates\n"
    "  --json            one JSON object per group per line:\n"
    "                    {\"size\":N,\"articles\":[{\"id\",\"title\",\n"
    "                    \"fingerprint\"}]}\n"
    "\n"
    "Exit status: 0 on success (also when there is no group), 1 on error,\n"
    "2 on bad usage.\n";

static void print_json(const kh_dups *d, size_t g) {
    kh_buf b = {0};
    size_t a = d->start[g], z = d->start[g + 1];
    kh_buf_printf(&b, "{\"size\":%zu,\"articles\":[", z - a);
    for (size_t i = a; i < z; i++) {
        kh_buf_append(&b, i > a ? ",{\"id\":" : "{\"id\":", i > a ? 7 : 6);
        kh_buf_json_string(&b, d->ids[i], strlen(d->ids[i]));
        kh_buf_append(&b, ",\"title\":", 9);
        kh_buf_json_string(&b, d->titles[i], strlen(d->titles[i]));
        kh_buf_printf(&b, ",\"fingerprint\":\"%016" PRIx64 "\"}",
                      d->fingerprints[i]);
    }
    kh_buf_append(&b, "]}", 2);
    if (b.data)
        printf("%.*s\n", (int)b.len, b.data);
    kh_buf_free(&b);
}

int cmd_dups(int argc, char **argv) {
    unsigned dist = KH_FINGERPRINT_NEAR;
    int json = 0;
    const char *dir = NULL;
    for (int a = 1; a < argc; a++) {
        const char *s = argv[a];
        if (!strcmp(s, "--json")) {
            json = 1;
        } else if (!strcmp(s, "--distance")) {
            char *end;
            if (a + 1 >= argc)
                return cli_usage(cmd_dups_usage);
            unsigned long v = strtoul(argv[++a], &end, 10);
            if (*end || argv[a][0] == '-' || !argv[a][0] || v > 64) {
                cli_error("--distance needs a number of bits, 0 to 64");
                return cli_usage(cmd_dups_usage);
            }
            dist = (unsigned)v;
        } else if (s[0] == '-' && s[1]) {
            cli_error("unknown option '%s'", s);
            return cli_usage(cmd_dups_usage);
        } else if (!dir) {
            dir = s;
        } else {
            return cli_usage(cmd_dups_usage);
        }
    }
    if (!dir)
        return cli_usage(cmd_dups_usage);
    kh_index *ix = NULL;
    kh_error err = {0};
    kh_dups *d = NULL;
    if (kh_index_open(dir, KH_INDEX_READ, &ix, &err) ||
        kh_index_dups(ix, dist, &d, &err)) {
        cli_error("%s", err.message);
        kh_index_close(ix);
        return 1;
    }
    for (size_t g = 0; g < d->n_groups; g++) {
        if (json) {
            print_json(d, g);
            continue;
        }
        printf("group %zu: %zu articles\n", g + 1,
               d->start[g + 1] - d->start[g]);
        for (size_t i = d->start[g]; i < d->start[g + 1]; i++)
            printf("%s\t%016" PRIx64 "\t%s\n", d->ids[i], d->fingerprints[i],
                   d->titles[i]);
    }
    kh_dups_free(d);
    kh_index_close(ix);
    return fflush(stdout) ? 1 : 0;
}
