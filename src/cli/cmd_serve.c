/*
 * cmd_serve.c — `khabar serve IDX`: the HTTP API and the web page over an
 * index (kh_server), until SIGINT or SIGTERM. The signals are blocked
 * before the server's threads start, so they all inherit the mask and the
 * main thread alone takes them with sigwait(): no handler runs inside a
 * request, and the stop is the ordinary kh_server_stop().
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_serve_usage[] =
    "usage: khabar serve IDX [--port N] [--bind ADDR] [--threads N]\n"
    "                    [--write-token FILE] [--read-only] [--max-body N]\n"
    "                    [--quiet]\n"
    "\n"
    "Serves the index IDX (created when missing) over HTTP until\n"
    "interrupted (Ctrl-C, SIGTERM):\n"
    "\n"
    "  GET    /                    the web page: search, filters, timeline,\n"
    "                              articles (/article/ID)\n"
    "  GET    /api/search          q, limit (1-100), offset, since, until\n"
    "                              (YYYY-MM-DD), source, facets=0: hits with\n"
    "                              id, score, title, snippet (HTML, matched\n"
    "                              words in <mark>), date, source; total,\n"
    "                              took_ms, facets (sources, days),\n"
    "                              interpreted (romanized words read)\n"
    "  GET    /api/articles/ID     the clean article as JSON\n"
    "  DELETE /api/articles/ID     delete it (committed)\n"
    "  POST   /api/articles        JSON Lines body: each record cleaned,\n"
    "                              indexed, then committed; answers counts\n"
    "                              and per-line errors\n"
    "  GET    /api/stats           index figures;  GET /healthz\n"
    "\n"
    "  --port N           port (default 8080; 0: any free port)\n"
    "  --bind ADDR        numeric address to listen on (default 127.0.0.1;\n"
    "                     0.0.0.0 for every interface)\n"
    "  --threads N        worker threads (default: one per CPU)\n"
    "  --write-token FILE writes need 'Authorization: Bearer TOKEN', TOKEN\n"
    "                     being the file's first line; else 401\n"
    "  --read-only        open the index read-only (writes get 403) and\n"
    "                     follow commits another process makes\n"
    "  --max-body N       largest request body in bytes (default 32 MB)\n"
    "  --quiet            no access log on standard error\n"
    "\n"
    "Searches go on while a write commits; they see the last commit.\n"
    "Errors are JSON: {\"error\": {\"status\": N, \"message\": \"...\"}}.\n"
    "Exit status: 0 after a clean stop, 1 when the index cannot be opened\n"
    "or the address bound, 2 on bad usage.\n";

static int parse_u(const char *v, unsigned long long max,
                   unsigned long long *out) {
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (!*v || *end || v[0] == '-' || errno || n > max)
        return -1;
    *out = n;
    return 0;
}

/* The token: the first line of the file, without trailing blanks. */
static char *read_token(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("%s: %s", path, strerror(errno));
        return NULL;
    }
    char line[4096];
    char *t = fgets(line, sizeof line, f) ? line : NULL;
    fclose(f);
    if (t) {
        size_t n = strlen(t);
        while (n && (t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == ' ' ||
                     t[n - 1] == '\t'))
            t[--n] = '\0';
    }
    if (!t || !*t) {
        cli_error("%s: the write token file is empty", path);
        return NULL;
    }
    return strdup(t);
}

int cmd_serve(int argc, char **argv) {
    kh_server_options o = {.port = 8080, .log = stderr};
    const char *dir = NULL, *token_file = NULL;
    for (int a = 1; a < argc; a++) {
        const char *s = argv[a];
        unsigned long long v = 0;
        int takes = !strcmp(s, "--port") || !strcmp(s, "--bind") ||
                    !strcmp(s, "--threads") || !strcmp(s, "--write-token") ||
                    !strcmp(s, "--max-body");
        if (takes && a + 1 >= argc) {
            cli_error("%s needs a value", s);
            return cli_usage(cmd_serve_usage);
        }
        if (!strcmp(s, "--port")) {
            if (parse_u(argv[++a], 65535, &v)) {
                cli_error("--port needs a number from 0 to 65535");
                return cli_usage(cmd_serve_usage);
            }
            o.port = (uint16_t)v;
        } else if (!strcmp(s, "--threads")) {
            if (parse_u(argv[++a], 256, &v) || !v) {
                cli_error("--threads needs a number from 1 to 256");
                return cli_usage(cmd_serve_usage);
            }
            o.threads = (unsigned)v;
        } else if (!strcmp(s, "--max-body")) {
            if (parse_u(argv[++a], (unsigned long long)1 << 40, &v) || !v) {
                cli_error("--max-body needs a positive number of bytes");
                return cli_usage(cmd_serve_usage);
            }
            o.max_body = (size_t)v;
        } else if (!strcmp(s, "--bind")) {
            o.bind = argv[++a];
        } else if (!strcmp(s, "--write-token")) {
            token_file = argv[++a];
        } else if (!strcmp(s, "--read-only")) {
            o.flags |= KH_SERVER_READ_ONLY;
        } else if (!strcmp(s, "--quiet")) {
            o.log = NULL;
        } else if (s[0] == '-' && s[1]) {
            cli_error("unknown option '%s'", s);
            return cli_usage(cmd_serve_usage);
        } else if (!dir) {
            dir = s;
        } else {
            cli_error("serve takes one index directory");
            return cli_usage(cmd_serve_usage);
        }
    }
    if (!dir) {
        cli_error("serve: which index directory?");
        return cli_usage(cmd_serve_usage);
    }
    char *token = NULL;
    if (token_file && !(token = read_token(token_file)))
        return 1;
    o.write_token = token;
    /* before any thread exists: every thread inherits the blocked mask */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    kh_server *srv = NULL;
    kh_error err = {0};
    if (kh_server_new(dir, &o, &srv, &err) || kh_server_start(srv, &err)) {
        cli_error("%s%s", err.message,
                  err.code == KH_ERR_LOCKED
                      ? "; to serve it meanwhile: --read-only"
                      : "");
        kh_server_free(srv);
        free(token);
        return 1;
    }
    const char *host = o.bind ? o.bind : "127.0.0.1";
    int v6 = strchr(host, ':') != NULL;
    printf("khabar serve: %s on http://%s%s%s:%u/ (Ctrl-C stops)\n", dir,
           v6 ? "[" : "", host, v6 ? "]" : "", (unsigned)kh_server_port(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "khabar serve: %s, stopping\n",
            sig == SIGINT ? "interrupted" : "terminated");
    kh_server_free(srv); /* waits for the requests in flight */
    free(token);
    return 0;
}
