/*
 * main.c — entry point of the khabar tool: finds the subcommand and runs it.
 * Adding a subcommand means adding a cmd_<name>.c and one row to `commands`.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const kh_command commands[] = {
    {"analyze", cmd_analyze,
     "split text into sentences and tokens; normalize, stem, romanize",
     cmd_analyze_usage},
    {"clean", cmd_clean,
     "read raw news (text, HTML, JSON Lines); drop page furniture, add "
     "structure",
     cmd_clean_usage},
    {"entities", cmd_entities,
     "find people, places and organisations; one canonical name each",
     cmd_entities_usage},
    {"index", cmd_index,
     "add articles to an index (created when missing), cleaning and "
     "analysing them",
     cmd_index_usage},
    {"search", cmd_search, "search an index: words, phrases, fields, dates",
     cmd_search_usage},
    {"get", cmd_get, "print an indexed article as JSON", cmd_get_usage},
    {"dups", cmd_dups, "list the groups of near-duplicate articles of an index",
     cmd_dups_usage},
    {"delete", cmd_delete, "delete articles from an index by id",
     cmd_delete_usage},
    {"stats", cmd_stats, "figures of an index: articles, segments, size",
     cmd_stats_usage},
    {"optimize", cmd_optimize, "merge an index's segments into one",
     cmd_optimize_usage},
    {"serve", cmd_serve,
     "serve an index over HTTP: a JSON API and a web page to search and "
     "read",
     cmd_serve_usage},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

void cli_error(const char *fmt, ...) {
    va_list ap;
    fputs("khabar: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage(const char *usage) {
    fputs(usage, stderr);
    return 2;
}

static void print_help(FILE *out) {
    fprintf(out,
            "khabar %s — clean, analyze and search Hindi news\n\n"
            "usage: khabar COMMAND [OPTIONS] [ARGS]\n\ncommands:\n",
            kh_version());
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "  %-10s %s\n", "help", "list commands, or `help COMMAND`");
    fprintf(out, "  %-10s %s\n", "version", "print the version");
    fprintf(out, "\n`khabar COMMAND --help` describes a command.\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (!strcmp(name, "help") || !strcmp(name, "--help") ||
        !strcmp(name, "-h")) {
        if (argc > 2) {
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (!strcmp(argv[2], commands[i].name)) {
                    fputs(commands[i].usage, stdout);
                    return 0;
                }
            cli_error("no such command '%s'", argv[2]);
            return 2;
        }
        print_help(stdout);
        return 0;
    }
    if (!strcmp(name, "version") || !strcmp(name, "--version")) {
        printf("khabar %s\n", kh_version());
        return 0;
    }
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(name, commands[i].name))
            continue;
        for (int a = 2; a < argc; a++) {
            if (!strcmp(argv[a], "--"))
                break;
            if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
                fputs(commands[i].usage, stdout);
                return 0;
            }
        }
        return commands[i].run(argc - 1, argv + 1);
    }
    cli_error("unknown command '%s' (try 'khabar help')", name);
    return 2;
}
