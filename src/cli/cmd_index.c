/*
 * cmd_index.c — `khabar index IDX [FILE...|-]`: reads raw news in every
 * format `khabar clean` reads, cleans each article, and adds it to the
 * index (creating it when missing), committing every --commit-every
 * articles and at the end. On a terminal a progress line shows
 * articles/s, MB/s and the time left; a summary ends the run.
 */
#include "cli.h"
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

const char cmd_index_usage[] =
    "usage: khabar index IDX [--plain] [--commit-every N]\n"
    "                    [--input-format auto|text|html|jsonl] [--repair]\n"
    "                    [--quiet] [--verbose] [FILE...|-]\n"
    "\n"
    "Creates the index directory IDX (or opens it) and adds the articles\n"
    "read from the FILEs, or from standard input when none is given or\n"
    "FILE is '-'. Inputs are read as `khabar clean` reads them (text\n"
    "scrapes, HTML pages, JSON Lines; see `khabar help clean`); each\n"
    "article is cleaned, enriched (dates, keywords, summary, near-duplicate\n"
    "fingerprint; see `khabar help clean`) and analysed on the way in. An\n"
    "article whose id is already in the index replaces it.\n"
    "\n"
    "  --commit-every N   commit after every N articles (default 10000);\n"
    "                     a commit is atomic: a crash keeps every article\n"
    "                     committed before it\n"
    "  --plain            index the clean text only: no enrichment (faster;\n"
    "                     `khabar get` shows no keywords or summary and\n"
    "                     `khabar dups` and search collapse skip it)\n"
    "  --input-format F   as in `khabar clean` (default auto)\n"
    "  --repair           replace invalid UTF-8 instead of failing a record\n"
    "  --quiet            no progress line and no summary\n"
    "  --verbose          print a line to standard output after each\n"
    "                     commit: commit GENERATION ARTICLES LAST-ID\n"
    "\n"
    "Only one writer may have an index open: a second one fails with a\n"
    "message saying so. Bad records are reported as FILE:LINE: reason and\n"
    "skipped. Exit status: 0 when every record was indexed, 1 when some\n"
    "record or file failed, 2 on bad usage.\n";

typedef struct run {
    kh_index *ix;
    kh_cleaner *cl;
    kh_enricher *en; /* NULL with --plain */
    kh_doc *work;    /* the enricher's analysis scratch */
    kh_input_format in;
    size_t every;
    int quiet, verbose, progress;
    size_t ok, failed, since_commit;
    const char *last_id;
    char *last_id_buf;
    uint64_t bytes_done, bytes_total; /* bytes_total 0: unknown */
    uint64_t file_base;               /* bytes of finished files */
    FILE *cur;                        /* the file being read, for ftell */
    struct timespec t0, last_draw;
    int fatal;
} run;

static double now_s(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void draw(run *r, int force) {
    if (!r->progress)
        return;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    double since = (double)(t.tv_sec - r->last_draw.tv_sec) +
                   (double)(t.tv_nsec - r->last_draw.tv_nsec) / 1e9;
    if (!force && since < 0.2)
        return;
    r->last_draw = t;
    uint64_t done = r->file_base;
    if (r->cur) {
        long p = ftell(r->cur);
        if (p > 0)
            done += (uint64_t)p;
    }
    double el = now_s(&r->t0);
    if (el <= 0)
        el = 1e-9;
    double aps = (double)r->ok / el, mbs = (double)done / el / 1e6;
    fprintf(stderr, "\r\033[K");
    if (r->bytes_total && done <= r->bytes_total) {
        double frac = (double)done / (double)r->bytes_total;
        int w = 24, fill = (int)(frac * w + 0.5);
        fputc('[', stderr);
        for (int i = 0; i < w; i++)
            fputc(i < fill ? '#' : '.', stderr);
        fprintf(stderr, "] %3d%%  ", (int)(frac * 100 + 0.5));
        fprintf(stderr, "%zu articles  %.0f art/s  %.1f MB/s", r->ok, aps, mbs);
        if (frac > 0.001 && frac < 1) {
            long eta = (long)(el / frac - el + 0.5);
            fprintf(stderr, "  ETA %ld:%02ld", eta / 60, eta % 60);
        }
    } else {
        fprintf(stderr, "%zu articles  %.0f art/s  %.1f MB/s", r->ok, aps, mbs);
    }
    fflush(stderr);
}

static int commit(run *r) {
    kh_error err = {0};
    if (kh_index_commit(r->ix, &err)) {
        if (r->progress)
            fputc('\n', stderr);
        cli_error("commit failed: %s", err.message);
        r->fatal = 1;
        return -1;
    }
    r->since_commit = 0;
    if (r->verbose) {
        kh_index_info info;
        if (kh_index_stats(r->ix, &info, &err) == KH_OK)
            printf("commit %llu %zu %s\n", (unsigned long long)info.generation,
                   r->ok, r->last_id ? r->last_id : "-");
        fflush(stdout);
    }
    return 0;
}

static int add(run *r, kh_article *a) {
    kh_error err = {0};
    kh_enrichment *e = NULL;
    kh_status st =
        r->en ? kh_enrich_article(r->en, r->work, a, &e, &err) : KH_OK;
    if (!st)
        st = kh_index_add_enriched(r->ix, a, e, &err);
    kh_enrichment_free(e);
    if (st) {
        if (r->progress)
            fprintf(stderr, "\r\033[K");
        fprintf(stderr, "%s: %s\n", a->id ? a->id : "?", err.message);
        r->failed++;
        if (err.code == KH_ERR_IO || err.code == KH_ERR_NOMEM) {
            r->fatal = 1;
            return -1;
        }
        return 0;
    }
    r->ok++;
    free(r->last_id_buf);
    r->last_id_buf = strdup(a->id);
    r->last_id = r->last_id_buf;
    if (++r->since_commit >= r->every && commit(r))
        return -1;
    draw(r, 0);
    return 0;
}

static void record_error(run *r, const char *msg) {
    if (r->progress)
        fprintf(stderr, "\r\033[K");
    fprintf(stderr, "%s\n", msg);
    r->failed++;
}

static int index_jsonl(run *r, FILE *f, const char *name) {
    kh_jsonl_reader *rd;
    kh_error err = {0};
    if (kh_jsonl_reader_new(f, name, &rd, &err)) {
        cli_error("%s", err.message);
        return -1;
    }
    int rc = 0;
    while (!rc) {
        kh_article *a;
        kh_error e = {0};
        kh_status st = kh_jsonl_next(rd, r->cl, &a, &e);
        if (st == KH_ERR_NOT_FOUND)
            break;
        if (st) {
            record_error(r, e.message);
            if (st == KH_ERR_IO)
                break;
            continue;
        }
        rc = add(r, a);
        kh_article_free(a);
    }
    kh_jsonl_reader_free(rd);
    return rc;
}

static int read_all(FILE *f, char **out, size_t *len) {
    kh_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (kh_buf_append(&b, tmp, n)) {
            kh_buf_free(&b);
            return -1;
        }
    if (ferror(f) || kh_buf_putc(&b, '\0')) {
        kh_buf_free(&b);
        return -1;
    }
    *out = b.data;
    *len = b.len - 1;
    return 0;
}

static int has_ext(const char *name, const char *ext) {
    size_t n = strlen(name), m = strlen(ext);
    return n > m && !strcmp(name + n - m, ext);
}

static int starts_with_brace(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            continue;
        return s[i] == '{';
    }
    return 0;
}

#define INPUT_BUFFER ((size_t)1 << 20)

static int index_file(run *r, const char *path) {
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    char msg[4200];
    if (!f) {
        snprintf(msg, sizeof msg, "%s:0: cannot open: %s", path,
                 strerror(errno));
        record_error(r, msg);
        return 0;
    }
    /* A file is read 1 MB at a time rather than stdio's 4 KB (glibc
     * takes the size only with a buffer): a read system call per 4 KB of
     * a large JSON Lines file was about 1% of a build. Not for stdin,
     * which outlives this call. */
    char *iobuf = is_stdin ? NULL : malloc(INPUT_BUFFER);
    if (iobuf)
        setvbuf(f, iobuf, _IOFBF, INPUT_BUFFER);
    kh_input_format in = r->in;
    if (in == KH_INPUT_AUTO &&
        (has_ext(path, ".jsonl") || has_ext(path, ".ndjson")))
        in = KH_INPUT_JSONL;
    int rc = 0;
    r->cur = is_stdin ? NULL : f;
    if (in == KH_INPUT_JSONL) {
        rc = index_jsonl(r, f, path);
    } else {
        char *buf;
        size_t len;
        if (read_all(f, &buf, &len)) {
            snprintf(msg, sizeof msg, "%s:0: read error: %s", path,
                     strerror(errno));
            record_error(r, msg);
        } else if (in == KH_INPUT_AUTO && starts_with_brace(buf, len)) {
            FILE *m = fmemopen(buf, len, "r");
            r->cur = NULL;
            if (!m) {
                cli_error("out of memory");
                rc = -1;
            } else {
                rc = index_jsonl(r, m, path);
                fclose(m);
            }
            free(buf);
        } else {
            kh_article *a;
            kh_error e = {0};
            if (kh_clean(r->cl, in, buf, len, NULL, &a, &e)) {
                snprintf(msg, sizeof msg, "%s:%s", path, e.message);
                record_error(r, msg);
            } else {
                rc = add(r, a);
                kh_article_free(a);
            }
            free(buf);
        }
    }
    r->cur = NULL;
    if (!is_stdin) {
        struct stat sb;
        if (!fstat(fileno(f), &sb))
            r->file_base += (uint64_t)sb.st_size;
        fclose(f);
    }
    free(iobuf);
    return rc;
}

static int parse_format(const char *v, kh_input_format *out) {
    static const char *names[] = {"auto", "text", "html", "jsonl"};
    static const kh_input_format fmts[] = {KH_INPUT_AUTO, KH_INPUT_TEXT,
                                           KH_INPUT_HTML, KH_INPUT_JSONL};
    for (int i = 0; i < 4; i++)
        if (!strcmp(v, names[i])) {
            *out = fmts[i];
            return 0;
        }
    return -1;
}

/* Asks glibc's malloc for transparent huge pages (where the system leaves
 * them to madvise, as Debian does) by running this command again with
 * GLIBC_TUNABLES=glibc.malloc.hugetlb=1: the tunable is read only at
 * start-up. Indexing reads and writes its dictionary, postings buffers
 * and the analyser's word cache at random over a few hundred megabytes,
 * and with 4 KB pages much of that time went to TLB misses and page
 * faults: on 20,000 generated articles the build took about 12% less CPU
 * time with huge pages, for the same peak memory. A user's own setting
 * of the tunable is kept; when the command cannot be run again (no
 * /proc, the binary replaced) it goes on as it is. */
static void prefer_huge_pages(int argc, char **argv) {
#if defined(__linux__) && defined(__GLIBC__)
    static const char want[] = "glibc.malloc.hugetlb";
    const char *t = getenv("GLIBC_TUNABLES");
    if (t && strstr(t, want))
        return;
    char env[4096];
    int n = snprintf(env, sizeof env, "%s%s%s=1", t && *t ? t : "",
                     t && *t ? ":" : "", want);
    char **av = calloc((size_t)argc + 2, sizeof *av);
    if (n < 0 || (size_t)n >= sizeof env || !av) {
        free(av);
        return;
    }
    /* the binary's own path rather than /proc/self/exe, so that the
     * process keeps its name (ps, top) */
    char self[4096];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    if (sl <= 0 || (size_t)sl >= sizeof self - 1) {
        free(av);
        return;
    }
    self[sl] = '\0';
    av[0] = (char *)"khabar";
    memcpy(av + 1, argv, (size_t)argc * sizeof *av);
    if (!setenv("GLIBC_TUNABLES", env, 1)) {
        fflush(NULL);
        execv(self, av);
        /* still here: go on with the pages there are (the variable stays,
         * so that nothing tries again) */
    }
    free(av);
#else
    (void)argc;
    (void)argv;
#endif
}

/* Keeps freed memory in the process instead of handing it back at once:
 * without this, glibc serves the large buffers (postings, segment
 * writer, store) with mmap and trims the heap top, and each commit then
 * faults in and zeroes fresh (huge) pages again. On 20,000 generated
 * articles this took about 5% less CPU time for 10% more peak memory. */
static void keep_freed_memory(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

int cmd_index(int argc, char **argv) {
    prefer_huge_pages(argc, argv);
    keep_freed_memory();
    run r;
    memset(&r, 0, sizeof r);
    r.every = 10000;
    r.in = KH_INPUT_AUTO;
    kh_clean_options copts = {0};
    int plain = 0;
    int a = 1;
    const char *dir = NULL;
    /* Options may come before or after the files (khabar index IDX a.jsonl
     * --commit-every 500); after "--" everything is a file. */
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files) {
        cli_error("out of memory");
        return 1;
    }
    for (; a < argc; a++) {
        const char *s = argv[a];
        if (!strcmp(s, "--")) {
            for (a++; a < argc; a++) {
                if (!dir)
                    dir = argv[a];
                else
                    files[nfiles++] = argv[a];
            }
            break;
        }
        if (s[0] != '-' || !s[1]) {
            if (!dir)
                dir = s;
            else
                files[nfiles++] = argv[a];
            continue;
        }
        if (!strcmp(s, "--commit-every") || !strcmp(s, "--input-format")) {
            if (a + 1 >= argc) {
                free(files);
                return cli_usage(cmd_index_usage);
            }
            const char *v = argv[++a];
            if (!strcmp(s, "--input-format")) {
                if (parse_format(v, &r.in)) {
                    cli_error("unknown input format '%s'", v);
                    {
                        free(files);
                        return cli_usage(cmd_index_usage);
                    }
                }
            } else {
                char *end;
                unsigned long long n = strtoull(v, &end, 10);
                if (*end || !n || v[0] == '-') {
                    cli_error("--commit-every needs a positive number");
                    {
                        free(files);
                        return cli_usage(cmd_index_usage);
                    }
                }
                r.every = (size_t)n;
            }
        } else if (!strcmp(s, "--plain")) {
            plain = 1;
        } else if (!strcmp(s, "--repair")) {
            copts.flags |= KH_CLEAN_REPAIR_UTF8;
        } else if (!strcmp(s, "--quiet")) {
            r.quiet = 1;
        } else if (!strcmp(s, "--verbose")) {
            r.verbose = 1;
        } else {
            cli_error("unknown option '%s'", s);
            {
                free(files);
                return cli_usage(cmd_index_usage);
            }
        }
    }
    if (!dir) {
        free(files);
        cli_error("index: which index directory?");
        return cli_usage(cmd_index_usage);
    }
    kh_error err = {0};
    if (kh_index_open(dir, KH_INDEX_WRITE | KH_INDEX_CREATE, &r.ix, &err)) {
        cli_error("%s", err.message);
        free(files);
        return 1;
    }
    if (kh_cleaner_new(&copts, &r.cl, &err) ||
        (!plain &&
         (kh_enricher_new(NULL, &r.en, &err) || kh_doc_new(&r.work, &err)))) {
        cli_error("%s", err.message);
        kh_enricher_free(r.en);
        kh_cleaner_free(r.cl);
        kh_index_close(r.ix);
        free(files);
        return 1;
    }
    r.progress = !r.quiet && isatty(STDERR_FILENO);
    for (int i = 0; i < nfiles; i++) {
        struct stat sb;
        if (strcmp(files[i], "-") && !stat(files[i], &sb))
            r.bytes_total += (uint64_t)sb.st_size;
    }
    clock_gettime(CLOCK_MONOTONIC, &r.t0);
    r.last_draw = r.t0;
    int rc = 0;
    if (!nfiles)
        rc = index_file(&r, "-");
    for (int i = 0; i < nfiles && !rc; i++)
        rc = index_file(&r, files[i]);
    free(files);
    if (!r.fatal && (r.since_commit || r.ok == 0))
        commit(&r);
    draw(&r, 1);
    if (r.progress)
        fputc('\n', stderr);
    double el = now_s(&r.t0);
    if (!r.quiet) {
        kh_index_info info;
        if (kh_index_stats(r.ix, &info, &err) == KH_OK)
            fprintf(stderr,
                    "khabar index: %zu article(s) indexed, %zu failed, in "
                    "%.2f s (%.0f articles/s, %.1f MB/s); %s holds %llu "
                    "articles in %u segment(s), %.1f MB\n",
                    r.ok, r.failed, el, el > 0 ? (double)r.ok / el : 0.0,
                    el > 0 ? (double)r.file_base / el / 1e6 : 0.0, dir,
                    (unsigned long long)info.documents, info.segments,
                    (double)info.bytes / 1e6);
    }
    free(r.last_id_buf);
    kh_doc_free(r.work);
    kh_enricher_free(r.en);
    kh_cleaner_free(r.cl);
    kh_index_close(r.ix);
    return r.fatal || rc ? 1 : r.failed ? 1 : 0;
}
