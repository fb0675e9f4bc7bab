/*
 * cmd_entities.c — `khabar entities`: people, places and organisations.
 * Plain text is analysed and tagged, and its entities are written as JSON
 * with their canonical names; --conll reads one token per line and writes
 * token<TAB>BIO-tag, for entity-level scoring against a gold file.
 */
#include "cli.h"
#include "core.h"
#include "enrich.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_entities_usage[] =
    "usage: khabar entities [--conll | --tags | --across] [--wrapped]\n"
    "                       [--repair] [FILE...|-]\n"
    "\n"
    "Finds the people (PERSON), places (LOCATION) and organisations\n"
    "(ORGANIZATION) named in Hindi text, in Devanagari or Latin letters,\n"
    "with a statistical sequence tagger, and groups the ways one entity is\n"
    "named (पुतिन, व्लादिमीर पुतिन, Vladimir Putin) under one canonical name.\n"
    "Reads the FILEs, or standard input when none is given or FILE is '-'.\n"
    "\n"
    "  (default)  each FILE is one document; writes one JSON object per\n"
    "             file, one per line: {file, entities:[{text, type,\n"
    "             canonical, group, start, end}]}; offsets are bytes in the\n"
    "             file, mentions with one group are one entity\n"
    "  --conll    the input is pre-tokenized: one token per line (extra\n"
    "             TAB-separated columns are ignored), a blank line between\n"
    "             sentences; writes token<TAB>tag (BIO: B-PERSON, I-PERSON,\n"
    "             B-LOCATION, ..., O) in the same shape\n"
    "  --across   as the default, but one entity is one name across all the\n"
    "             files: canonical and group are shared by every file (the\n"
    "             output is written once every file is read)\n"
    "  --tags     plain text in, token<TAB>tag out: the analyzer's tokens,\n"
    "             a blank line after each sentence\n"
    "  --wrapped  the text is hard-wrapped prose: a single line break is a\n"
    "             space (by default it also ends a sentence)\n"
    "  --repair   replace invalid UTF-8 by U+FFFD (by default an error)\n"
    "\n"
    "Exit status: 0 on success, 1 if an input could not be read or held\n"
    "invalid UTF-8 (other inputs are still processed), 2 on bad usage.\n";

enum mode { MODE_JSON, MODE_CONLL, MODE_TAGS };

/* A mention kept for --across until every file is read. */
typedef struct held {
    size_t file, start, end, text_off, text_len, group;
    kh_entity_type type;
} held;

typedef struct run {
    enum mode mode;
    int repair, across;
    kh_namebook *book; /* --across */
    held *held;
    size_t n_held, cap_held;
    kh_buf texts; /* the held mentions' texts */
    kh_tagger *tg;
    kh_analyzer *an;
    kh_doc *doc;
    kh_entities *ents;
    kh_buf out;
} run;

static int flush(run *r) {
    if (r->out.len &&
        fwrite(r->out.data, 1, r->out.len, stdout) != r->out.len) {
        cli_error("write error: %s", strerror(errno));
        return -1;
    }
    r->out.len = 0;
    return 0;
}

static int slurp(FILE *f, kh_buf *b) {
    b->len = 0;
    for (;;) {
        if (kh_buf_reserve(b, 1 << 16))
            return -1;
        size_t k = fread(b->data + b->len, 1, b->cap - b->len, f);
        b->len += k;
        if (k == 0)
            return ferror(f) ? -1 : 0;
    }
}

static int do_conll(run *r, const char *buf, size_t len) {
    kh_conll c;
    kh_error err = {0};
    if (kh_conll_parse(&c, buf, len, &err)) {
        cli_error("%s", err.message);
        return 1;
    }
    uint8_t *tags = malloc(c.n_tokens + 1);
    if (!tags) {
        kh_conll_free(&c);
        cli_error("out of memory");
        return 1;
    }
    for (size_t s = 0; s < c.n_sents; s++) {
        size_t b = c.sent_start[s], n = c.sent_start[s + 1] - b;
        if (kh_tag_tokens(r->tg, c.tok + b, c.tok_len + b, n, tags, &err)) {
            cli_error("%s", err.message);
            break;
        }
        for (size_t i = 0; i < n; i++) {
            kh_buf_append(&r->out, c.tok[b + i], c.tok_len[b + i]);
            kh_buf_putc(&r->out, '\t');
            const char *t = kh_ner_tag_name(tags[i]);
            kh_buf_append(&r->out, t, strlen(t));
            kh_buf_putc(&r->out, '\n');
        }
        kh_buf_putc(&r->out, '\n');
        if (r->out.len >= 1 << 16 && flush(r))
            break;
    }
    free(tags);
    kh_conll_free(&c);
    return 0;
}

static void write_tags(run *r, const char *text) {
    const uint8_t *tags = kh_entities_tags(r->ents);
    size_t ns = kh_doc_sentence_count(r->doc);
    for (size_t s = 0; s < ns; s++) {
        const kh_sentence *sen = kh_doc_sentence(r->doc, s);
        for (size_t i = sen->first_token; i < sen->first_token + sen->n_tokens;
             i++) {
            const kh_token *t = kh_doc_token(r->doc, i);
            kh_buf_append(&r->out, text + t->start, t->end - t->start);
            kh_buf_printf(&r->out, "\t%s\n", kh_ner_tag_name(tags[i]));
        }
        kh_buf_putc(&r->out, '\n');
    }
}

/* One entity object of the JSON output, after a comma unless first. */
static void put_entity(kh_buf *b, int first, const char *text, size_t len,
                       kh_entity_type type, const char *canon, size_t canon_len,
                       size_t group, size_t start, size_t end) {
    kh_buf_append(b, first ? "{\"text\":" : ",{\"text\":", first ? 8 : 9);
    kh_buf_json_string(b, text, len);
    kh_buf_printf(b,
                  ",\"type\":\"%s\",\"canonical\":", kh_entity_type_name(type));
    kh_buf_json_string(b, canon, canon_len);
    kh_buf_printf(b, ",\"group\":%zu,\"start\":%zu,\"end\":%zu}", group, start,
                  end);
}

static void open_file(kh_buf *b, const char *name) {
    kh_buf_append(b, "{\"file\":", 8);
    kh_buf_json_string(b, name, strlen(name));
    kh_buf_append(b, ",\"entities\":[", 13);
}

static int hold(run *r, size_t file) {
    size_t n = kh_entities_count(r->ents);
    for (size_t i = 0; i < n; i++) {
        const kh_entity *e = kh_entities_get(r->ents, i);
        if (kh_ner_reserve(&r->held, &r->cap_held, r->n_held + 1,
                           sizeof *r->held))
            return -1;
        held *h = &r->held[r->n_held++];
        *h = (held){file,        e->start, e->end, r->texts.len,
                    e->text_len, 0,        e->type};
        if (kh_buf_append(&r->texts, e->text, e->text_len) ||
            kh_namebook_add(r->book, e->type, e->text, e->text_len, &h->group,
                            NULL))
            return -1;
    }
    return 0;
}

/* --across: every file's line, with names resolved over all files. */
static int write_held(run *r, const char *const *files,
                      const unsigned char *done, int nfiles) {
    size_t *dense = malloc((r->n_held + 1) * sizeof *dense), groups = 0;
    if (!dense)
        return -1;
    for (size_t i = 0; i < r->n_held; i++)
        dense[i] = SIZE_MAX;
    size_t at = 0;
    for (int f = 0; f < nfiles; f++) {
        if (!done[f])
            continue; /* reported already, as without --across */
        kh_buf *b = &r->out;
        open_file(b, files[f]);
        for (size_t k = 0; at < r->n_held && r->held[at].file == (size_t)f;
             at++, k++) {
            const held *h = &r->held[at];
            size_t g = kh_namebook_group(r->book, h->group), len;
            if (dense[g] == SIZE_MAX)
                dense[g] = groups++;
            const char *canon = kh_namebook_name(r->book, g, &len);
            put_entity(b, !k, r->texts.data + h->text_off, h->text_len, h->type,
                       canon, len, dense[g], h->start, h->end);
        }
        kh_buf_append(b, "]}\n", 3);
        if (flush(r)) {
            free(dense);
            return -1;
        }
    }
    free(dense);
    return 0;
}

static void write_json(run *r, const char *name) {
    open_file(&r->out, name);
    size_t n = kh_entities_count(r->ents);
    for (size_t i = 0; i < n; i++) {
        const kh_entity *e = kh_entities_get(r->ents, i);
        put_entity(&r->out, !i, e->text, e->text_len, e->type, e->canonical,
                   e->canonical_len, e->group, e->start, e->end);
    }
    kh_buf_append(&r->out, "]}\n", 3);
}

static int do_text(run *r, const char *name, size_t file, kh_buf *in) {
    kh_error err = {0};
    size_t bad;
    if (kh_utf8_check(in->data, in->len, &bad)) {
        if (!r->repair) {
            cli_error("%s: invalid UTF-8 at byte %zu (use --repair)", name,
                      bad);
            return 1;
        }
        char *fixed = malloc(3 * in->len + 1);
        if (!fixed) {
            cli_error("out of memory");
            return 1;
        }
        size_t n = kh_utf8_repair(in->data, in->len, fixed);
        free(in->data);
        in->data = fixed;
        in->len = n;
        in->cap = 3 * in->len + 1;
    }
    if (kh_analyze(r->an, r->doc, in->data ? in->data : "", in->len, 0, &err) ||
        kh_tag_doc(r->tg, r->doc, in->data ? in->data : "", 0, r->ents, &err)) {
        cli_error("%s: %s", name, err.message);
        return 1;
    }
    if (r->mode == MODE_TAGS)
        write_tags(r, in->data);
    else if (r->across) {
        if (hold(r, file)) {
            cli_error("out of memory");
            return 1;
        }
    } else
        write_json(r, name);
    return 0;
}

int cmd_entities(int argc, char **argv) {
    run r = {0};
    int wrapped = 0, a = 1, rc = 0;
    const char *files[argc > 0 ? argc : 1];
    unsigned char done[argc > 0 ? argc : 1];
    memset(done, 0, sizeof done);
    int nfiles = 0, dashdash = 0;
    for (; a < argc; a++) {
        const char *s = argv[a];
        if (dashdash || s[0] != '-' || !s[1])
            files[nfiles++] = s;
        else if (!strcmp(s, "--"))
            dashdash = 1;
        else if (!strcmp(s, "--conll"))
            r.mode = MODE_CONLL;
        else if (!strcmp(s, "--tags"))
            r.mode = MODE_TAGS;
        else if (!strcmp(s, "--across"))
            r.across = 1;
        else if (!strcmp(s, "--wrapped"))
            wrapped = 1;
        else if (!strcmp(s, "--repair"))
            r.repair = 1;
        else {
            cli_error("unknown option '%s'", s);
            return cli_usage(cmd_entities_usage);
        }
    }
    if (!nfiles)
        files[nfiles++] = "-";
    if (r.across && r.mode != MODE_JSON) {
        cli_error("--across goes with the JSON output only");
        return cli_usage(cmd_entities_usage);
    }
    kh_error err = {0};
    kh_analyzer_options o = {wrapped ? KH_ANALYZE_WRAPPED : 0};
    if (kh_tagger_new(&r.tg, &err) ||
        (r.mode != MODE_CONLL &&
         (kh_analyzer_new(&o, &r.an, &err) || kh_doc_new(&r.doc, &err) ||
          kh_entities_new(&r.ents, &err))) ||
        (r.across && kh_namebook_new(&r.book, &err))) {
        cli_error("%s", err.message);
        rc = 1;
        goto done;
    }
    kh_buf in = {0};
    for (int i = 0; i < nfiles; i++) {
        const char *name = files[i];
        int std = !strcmp(name, "-");
        FILE *f = std ? stdin : fopen(name, "rb");
        if (!f) {
            cli_error("%s: %s", name, strerror(errno));
            rc = 1;
            continue;
        }
        int bad = slurp(f, &in);
        if (!std)
            fclose(f);
        if (bad) {
            cli_error("%s: read error", name);
            rc = 1;
            continue;
        }
        if (r.mode == MODE_CONLL ? do_conll(&r, in.data ? in.data : "", in.len)
                                 : do_text(&r, name, (size_t)i, &in))
            rc = 1;
        else
            done[i] = 1;
        if (flush(&r)) {
            rc = 1;
            break;
        }
    }
    kh_buf_free(&in);
    if (r.across && write_held(&r, files, done, nfiles))
        rc = 1;
done:
    kh_buf_free(&r.texts);
    free(r.held);
    kh_namebook_free(r.book);
    kh_buf_free(&r.out);
    kh_entities_free(r.ents);
    kh_doc_free(r.doc);
    kh_analyzer_free(r.an);
    kh_tagger_free(r.tg);
    return rc;
}
