/*
 * cli.h — the khabar command-line tool: one function per subcommand
 * (cmd_<name>.c), dispatched from main.c, plus helpers they share for
 * reading inputs and reporting errors.
 */
#ifndef KH_CLI_H
#define KH_CLI_H

#include "khabar.h"

#include <stddef.h>
#include <stdio.h>

/* A subcommand: argv[0] is the subcommand's name. Returns the exit status. */
typedef int (*kh_cmd_fn)(int argc, char **argv);

typedef struct kh_command {
    const char *name;
    kh_cmd_fn run;
    const char *summary; /* one line for `khabar help` */
    const char *usage;   /* full usage text for `khabar help NAME` */
} kh_command;

int cmd_analyze(int argc, char **argv);
extern const char cmd_analyze_usage[];
int cmd_clean(int argc, char **argv);
extern const char cmd_clean_usage[];
int cmd_index(int argc, char **argv);
extern const char cmd_index_usage[];
int cmd_search(int argc, char **argv);
extern const char cmd_search_usage[];
int cmd_get(int argc, char **argv);
extern const char cmd_get_usage[];
int cmd_dups(int argc, char **argv);
extern const char cmd_dups_usage[];
int cmd_delete(int argc, char **argv);
extern const char cmd_delete_usage[];
int cmd_stats(int argc, char **argv);
extern const char cmd_stats_usage[];
int cmd_optimize(int argc, char **argv);
extern const char cmd_optimize_usage[];
int cmd_entities(int argc, char **argv);
extern const char cmd_entities_usage[];
int cmd_serve(int argc, char **argv);
extern const char cmd_serve_usage[];

/* Prints "khabar: " + message to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Prints a subcommand's usage to stderr and returns exit status 2. */
int cli_usage(const char *usage);

#endif
