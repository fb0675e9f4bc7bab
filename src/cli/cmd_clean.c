/*
 * cmd_clean.c — `khabar clean`: raw news (plain-text scrapes, HTML pages,
 * JSON Lines) in, clean structured articles out as JSON, JSON Lines or
 * readable text. A bad record is reported as FILE:LINE: reason and skipped;
 * the rest go on (unless --strict).
 */
#include "cli.h"
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_clean_usage[] =
    "usage: khabar clean [--format json|jsonl|text]\n"
    "                    [--input-format auto|text|html|jsonl]\n"
    "                    [--strict] [--repair] [--keep-duplicates] [--enrich]\n"
    "                    [FILE...|-]\n"
    "\n"
    "Reads raw news and writes clean articles: page furniture removed (and\n"
    "listed with the reason), title, kicker, standfirst, sections with\n"
    "headings, dates mentioned (ISO where the year is known or inferred),\n"
    "language per paragraph, repeated paragraphs kept once.\n"
    "Reads the FILEs, or standard input when none is given or FILE is '-'.\n"
    "\n"
    "Input (--input-format, default auto):\n"
    "  text   a plain-text scrape: one article per file, the first line is\n"
    "         the title\n"
    "  html   a saved HTML page: one article per file\n"
    "  jsonl  JSON Lines, one article per line: {id, title, text or html,\n"
    "         url, date, source, author, section, ...}; unknown fields are\n"
    "         kept under \"extra\"\n"
    "  auto   .jsonl/.ndjson files and content starting with '{' are JSON\n"
    "         Lines, markup is HTML, anything else text\n"
    "\n"
    "Output (--format):\n"
    "  json   one JSON object per article, an array when there are several\n"
    "         (default): {id, title, kicker, standfirst, published, updated,\n"
    "         author, section, source, url, canonical_url, description,\n"
    "         lang, format, sections:[{heading, paragraphs:[{text, lang,\n"
    "         line}]}], dates:[{text, iso, year_inferred, where, section,\n"
    "         paragraph}], removed:[{text, reason, line, partial}], extra};\n"
    "         a date's where is title, kicker, standfirst, heading, body or\n"
    "         dateline (the date of a dateline that was removed)\n"
    "  jsonl  the same objects, one per line\n"
    "  text   the clean article for people to read\n"
    "\n"
    "  --strict           stop at the first record that fails\n"
    "  --repair           replace invalid UTF-8 by U+FFFD instead of\n"
    "                     failing the record\n"
    "  --keep-duplicates  keep paragraphs the article repeats\n"
    "  --enrich           (json, jsonl) also resolve dates (relative ones\n"
    "                     too: आज, कल, पिछले हफ्ते, सोमवार; from/to, reason),\n"
    "                     and add counts, keywords, a summary of up to 3\n"
    "                     sentences, a near-duplicate fingerprint, named\n"
    "                     entities (entities: text, type, canonical, entity,\n"
    "                     place, offset, end; entity_names: name, type,\n"
    "                     mentions); the resolved dates replace the plain\n"
    "                     date list\n"
    "\n"
    "Errors go to standard error as FILE:LINE: reason; the record is\n"
    "skipped and counted and the others are still written.\n"
    "Exit status: 0 when every record was cleaned, 1 when some record or\n"
    "file failed (invalid UTF-8, malformed JSON, no article found, read\n"
    "error), 2 on bad usage.\n";

enum fmt { OUT_JSON, OUT_JSONL, OUT_TEXT };

typedef struct run {
    enum fmt fmt;
    kh_input_format in;
    int strict;
    kh_cleaner *cl;
    kh_enricher *en; /* --enrich */
    kh_doc *work;    /* its workspace, reused article after article */
    size_t ok, failed;
    char *held; /* first JSON object, held until we know if an array */
    int array;  /* "[" written */
    int stop;
} run;

static int write_all(const char *s, size_t n) {
    if (fwrite(s, 1, n, stdout) != n) {
        cli_error("write error: %s", strerror(errno));
        return -1;
    }
    return 0;
}

static int emit(run *r, kh_article *a) {
    kh_error err = {0};
    char *s = NULL;
    size_t n = 0;
    int rc = 0;
    if (r->fmt == OUT_TEXT) {
        if (kh_article_to_text(a, &s, &n, &err)) {
            cli_error("%s", err.message);
            return -1;
        }
        if (r->ok && write_all("\n----\n\n", 7))
            rc = -1;
        if (!rc)
            rc = write_all(s, n);
        free(s);
        r->ok++;
        return rc;
    }
    unsigned flags = r->fmt == OUT_JSON ? KH_JSON_PRETTY : 0;
    kh_enrichment *e = NULL;
    kh_status st =
        r->en ? kh_enrich_article(r->en, r->work, a, &e, &err) : KH_OK;
    if (!st)
        st = e ? kh_article_enriched_to_json(a, e, flags, &s, &n, &err)
               : kh_article_to_json(a, flags, &s, &n, &err);
    kh_enrichment_free(e);
    if (st) {
        cli_error("%s", err.message);
        return -1;
    }
    r->ok++;
    if (r->fmt == OUT_JSONL) {
        rc = write_all(s, n) || write_all("\n", 1);
        free(s);
        return rc;
    }
    if (!r->held && !r->array) {
        r->held = s;
        return 0;
    }
    if (!r->array) {
        rc = write_all("[\n", 2) || write_all(r->held, strlen(r->held));
        free(r->held);
        r->held = NULL;
        r->array = 1;
    }
    if (!rc)
        rc = write_all(",\n", 2) || write_all(s, n);
    free(s);
    return rc;
}

static void finish(run *r) {
    if (r->fmt != OUT_JSON)
        return;
    if (r->array)
        write_all("\n]\n", 3);
    else if (r->held) {
        write_all(r->held, strlen(r->held));
        write_all("\n", 1);
        free(r->held);
        r->held = NULL;
    } else {
        write_all("[]\n", 3);
    }
}

static void record_failed(run *r) {
    r->failed++;
    if (r->strict)
        r->stop = 1;
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
    if (ferror(f)) {
        kh_buf_free(&b);
        return -1;
    }
    if (kh_buf_putc(&b, '\0')) {
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

static int first_char_is(const char *s, size_t n, char c) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            continue;
        return s[i] == c;
    }
    return 0;
}

static int clean_jsonl(run *r, FILE *f, const char *name) {
    kh_jsonl_reader *rd;
    kh_error err = {0};
    if (kh_jsonl_reader_new(f, name, &rd, &err)) {
        cli_error("%s", err.message);
        return -1;
    }
    int rc = 0;
    while (!r->stop) {
        kh_article *a;
        kh_error e = {0};
        kh_status st = kh_jsonl_next(rd, r->cl, &a, &e);
        if (st == KH_ERR_NOT_FOUND)
            break;
        if (st == KH_ERR_IO) {
            fprintf(stderr, "%s\n", e.message);
            record_failed(r);
            break;
        }
        if (st) {
            fprintf(stderr, "%s\n", e.message);
            record_failed(r);
            continue;
        }
        rc = emit(r, a);
        kh_article_free(a);
        if (rc)
            break;
    }
    kh_jsonl_reader_free(rd);
    return rc;
}

static int clean_file(run *r, const char *path) {
    int is_stdin = !strcmp(path, "-");
    const char *name = is_stdin ? "-" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s:0: cannot open: %s\n", name, strerror(errno));
        record_failed(r);
        return 0;
    }
    kh_input_format in = r->in;
    if (in == KH_INPUT_AUTO &&
        (has_ext(name, ".jsonl") || has_ext(name, ".ndjson")))
        in = KH_INPUT_JSONL;
    int rc = 0;
    if (in == KH_INPUT_JSONL) {
        rc = clean_jsonl(r, f, name);
    } else {
        char *buf;
        size_t len;
        if (read_all(f, &buf, &len)) {
            fprintf(stderr, "%s:0: read error: %s\n", name, strerror(errno));
            record_failed(r);
        } else if (in == KH_INPUT_AUTO && first_char_is(buf, len, '{')) {
            FILE *m = fmemopen(buf, len, "r"); /* len > 0: it has a '{' */
            if (!m) {
                cli_error("out of memory");
                rc = -1;
            } else {
                rc = clean_jsonl(r, m, name);
                fclose(m);
            }
            free(buf);
        } else {
            kh_article *a;
            kh_error e = {0};
            if (kh_clean(r->cl, in, buf, len, NULL, &a, &e)) {
                /* messages of kh_clean start with the line number */
                fprintf(stderr, "%s:%s\n", name, e.message);
                record_failed(r);
            } else {
                rc = emit(r, a);
                kh_article_free(a);
            }
            free(buf);
        }
    }
    if (!is_stdin)
        fclose(f);
    return rc;
}

int cmd_clean(int argc, char **argv) {
    run r;
    memset(&r, 0, sizeof r);
    r.fmt = OUT_JSON;
    r.in = KH_INPUT_AUTO;
    kh_clean_options opts = {0};
    int a = 1, enrich = 0;
    for (; a < argc; a++) {
        const char *s = argv[a];
        if (!strcmp(s, "--")) {
            a++;
            break;
        }
        if (s[0] != '-' || !s[1])
            break;
        const char *val = NULL;
        if (!strcmp(s, "--format") || !strcmp(s, "--input-format")) {
            if (a + 1 >= argc)
                return cli_usage(cmd_clean_usage);
            val = argv[++a];
        } else if (!strncmp(s, "--format=", 9)) {
            val = s + 9;
            s = "--format";
        } else if (!strncmp(s, "--input-format=", 15)) {
            val = s + 15;
            s = "--input-format";
        }
        if (val && !strcmp(s, "--format")) {
            if (!strcmp(val, "json"))
                r.fmt = OUT_JSON;
            else if (!strcmp(val, "jsonl"))
                r.fmt = OUT_JSONL;
            else if (!strcmp(val, "text"))
                r.fmt = OUT_TEXT;
            else {
                cli_error("unknown output format '%s'", val);
                return cli_usage(cmd_clean_usage);
            }
        } else if (val) {
            if (!strcmp(val, "auto"))
                r.in = KH_INPUT_AUTO;
            else if (!strcmp(val, "text"))
                r.in = KH_INPUT_TEXT;
            else if (!strcmp(val, "html"))
                r.in = KH_INPUT_HTML;
            else if (!strcmp(val, "jsonl"))
                r.in = KH_INPUT_JSONL;
            else {
                cli_error("unknown input format '%s'", val);
                return cli_usage(cmd_clean_usage);
            }
        } else if (!strcmp(s, "--strict")) {
            r.strict = 1;
        } else if (!strcmp(s, "--repair")) {
            opts.flags |= KH_CLEAN_REPAIR_UTF8;
        } else if (!strcmp(s, "--keep-duplicates")) {
            opts.flags |= KH_CLEAN_KEEP_DUPLICATES;
        } else if (!strcmp(s, "--enrich")) {
            enrich = 1;
        } else {
            cli_error("unknown option '%s'", s);
            return cli_usage(cmd_clean_usage);
        }
    }
    if (enrich && r.fmt == OUT_TEXT) {
        cli_error("--enrich needs --format json or jsonl");
        return cli_usage(cmd_clean_usage);
    }
    kh_error err = {0};
    if (kh_cleaner_new(&opts, &r.cl, &err) ||
        (enrich &&
         (kh_enricher_new(NULL, &r.en, &err) || kh_doc_new(&r.work, &err)))) {
        cli_error("%s", err.message);
        kh_cleaner_free(r.cl);
        kh_enricher_free(r.en);
        return 1;
    }
    int rc = 0;
    if (a >= argc)
        rc = clean_file(&r, "-");
    for (; a < argc && !rc && !r.stop; a++)
        rc = clean_file(&r, argv[a]);
    finish(&r);
    free(r.held);
    kh_cleaner_free(r.cl);
    kh_enricher_free(r.en);
    kh_doc_free(r.work);
    if (fflush(stdout)) {
        cli_error("write error: %s", strerror(errno));
        rc = -1;
    }
    if (r.failed)
        fprintf(stderr, "khabar clean: %zu record(s) failed, %zu cleaned\n",
                r.failed, r.ok);
    return rc || r.failed ? 1 : 0;
}
