/*
 * cmd_analyze.c — `khabar analyze`: sentences and tokens of UTF-8 text as
 * CoNLL-U, JSON, plain text or bare counts.
 *
 * Input is streamed: it is read in blocks of about 1 MB cut at a paragraph
 * break (or a line break, or a sentence end, or a space), validated,
 * analysed and written before the next block is read, so memory stays flat
 * on inputs of any size, including a 100 MB line.
 */
#include "cli.h"
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_analyze_usage[] =
    "usage: khabar analyze [--format conllu|json|text|count] [--wrapped]\n"
    "                      [--stems] [--repair] [--fold-vowels] [--enrich]\n"
    "                      [--published YYYY-MM-DD] [FILE...|-]\n"
    "\n"
    "Splits UTF-8 text into sentences and tokens and computes for each token\n"
    "its normalized form, stem, ISO 15919 romanization and phonetic key.\n"
    "Reads the FILEs, or standard input when none is given or FILE is '-'.\n"
    "\n"
    "  --format conllu  one block per sentence (# sent_id, # text, # newpar);\n"
    "                   FORM = the input characters, LEMMA = stem, MISC has\n"
    "                   SpaceAfter=No, Norm=, Roman=, Key=. Hyphenated\n"
    "                   compounds are written as their parts and hyphens,\n"
    "                   as Universal Dependencies tokenizes them (default)\n"
    "  --format json    one JSON object per input file, one per line:\n"
    "                   {file, bytes, sentences:[{start, end, "
    "paragraph_start,\n"
    "                   text, tokens:[{text, start, end, type, script, norm,\n"
    "                   stem, roman, key, space_after, parts}]}]}\n"
    "  --format text    one sentence per line, tokens separated by spaces,\n"
    "                   a blank line between paragraphs\n"
    "  --format count   only the counts of bytes, sentences and tokens\n"
    "                   (sentence splitting, tokenization, normalization;\n"
    "                   with --stems also stems and phonetic keys)\n"
    "  --wrapped        the text is hard-wrapped prose: a single line break\n"
    "                   is a space (by default it also ends a sentence)\n"
    "  --stems          with --format count: also compute stems and keys\n"
    "  --repair         replace invalid UTF-8 and NUL bytes by U+FFFD and go\n"
    "                   on (by default they are an error)\n"
    "  --fold-vowels    also fold long vowels into short ones in Norm\n"
    "  --enrich         with --format json: add the file's dates resolved\n"
    "                   (from, to, reason), counts, keywords, a summary, a\n"
    "                   near-duplicate fingerprint and named entities\n"
    "                   (entities, entity_names) to its object (the whole\n"
    "                   file is held in memory for it)\n"
    "  --published D    the date relative dates count from (ISO YYYY-MM-DD)\n"
    "\n"
    "A blank line separates paragraphs. Offsets are byte offsets in the\n"
    "input. Errors name the place: FILE:LINE:COLUMN (column in bytes).\n"
    "Exit status: 0 on success, 1 if an input could not be read or held\n"
    "invalid UTF-8 (other inputs are still processed), 2 on bad usage.\n";

enum fmt { FMT_CONLLU, FMT_JSON, FMT_TEXT, FMT_COUNT };

#define BLOCK                                                                  \
    (1u << 16) /* bytes per analysed block: the token arrays of a              \
                * block stay in the L2 cache */

typedef struct run {
    enum fmt fmt;
    int wrapped, repair;
    kh_analyzer *an;
    kh_doc *doc;
    kh_buf out;
    kh_enricher *en;       /* --enrich */
    const char *published; /* --published */
    kh_buf whole;          /* the file's text, for --enrich */
    size_t sent_id;
    /* per-file state */
    const char *name;
    size_t nsent_file;
    size_t bytes, sentences, tokens; /* totals for count */
} run;

static int flush_out(run *r, int force) {
    if (r->out.len && (force || r->out.len >= (1u << 16))) {
        if (fwrite(r->out.data, 1, r->out.len, stdout) != r->out.len) {
            cli_error("write error: %s", strerror(errno));
            return -1;
        }
        r->out.len = 0;
    }
    return 0;
}

/* ---- writers ------------------------------------------------------------ */

static void put_escaped_line(kh_buf *b, const char *s, size_t n) {
    /* # text must stay on one line */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        kh_buf_putc(b, (c == '\n' || c == '\r' || c == '\t') ? ' ' : c);
    }
}

static void conllu_misc(kh_buf *b, int space_after, const char *norm,
                        size_t norm_len, const char *roman, size_t roman_len,
                        const char *key, size_t key_len, int word) {
    size_t mark = b->len;
    if (!space_after)
        kh_buf_append(b, "SpaceAfter=No", 13);
    if (word) {
        if (b->len > mark)
            kh_buf_putc(b, '|');
        kh_buf_append(b, "Norm=", 5);
        kh_buf_append(b, norm, norm_len);
        if (roman && roman_len) {
            kh_buf_append(b, "|Roman=", 7);
            kh_buf_append(b, roman, roman_len);
        }
        if (key && key_len) {
            kh_buf_append(b, "|Key=", 5);
            kh_buf_append(b, key, key_len);
        }
    }
    if (b->len == mark)
        kh_buf_putc(b, '_');
}

static int conllu_safe(const char *s, size_t n) {
    /* MISC values must not hold | or spaces */
    for (size_t i = 0; i < n; i++)
        if (s[i] == '|' || s[i] == ' ' || s[i] == '\t')
            return 0;
    return n > 0;
}

static void conllu_line(kh_buf *b, size_t id, const char *form, size_t form_len,
                        const char *lemma, size_t lemma_len) {
    kh_buf_printf(b, "%zu\t", id);
    kh_buf_append(b, form, form_len);
    kh_buf_putc(b, '\t');
    if (lemma && lemma_len && conllu_safe(lemma, lemma_len))
        kh_buf_append(b, lemma, lemma_len);
    else
        kh_buf_append(b, form, form_len);
    kh_buf_append(b, "\t_\t_\t_\t_\t_\t_\t", 13);
}

static void write_conllu(run *r, const char *text, size_t base,
                         int first_continues) {
    kh_buf *b = &r->out;
    size_t ns = kh_doc_sentence_count(r->doc);
    for (size_t si = 0; si < ns; si++) {
        const kh_sentence *s = kh_doc_sentence(r->doc, si);
        if (s->paragraph_start && !(si == 0 && first_continues))
            kh_buf_append(b, "# newpar\n", 9);
        kh_buf_printf(b, "# sent_id = %zu\n# text = ", ++r->sent_id);
        put_escaped_line(b, text + (s->start - base), s->end - s->start);
        kh_buf_putc(b, '\n');
        size_t id = 0;
        for (size_t ti = s->first_token; ti < s->first_token + s->n_tokens;
             ti++) {
            const kh_token *t = kh_doc_token(r->doc, ti);
            const char *form = text + (t->start - base);
            int word = t->type == KH_TOKEN_WORD || t->type == KH_TOKEN_NUMBER ||
                       t->type == KH_TOKEN_HASHTAG;
            if (t->n_parts > 1) {
                /* UD tokenization: part, hyphen, part, ... */
                for (unsigned p = 0; p < t->n_parts; p++) {
                    const kh_part *pt = kh_doc_token_part(r->doc, ti, p);
                    conllu_line(b, ++id, text + (pt->start - base),
                                pt->end - pt->start, pt->stem, pt->stem_len);
                    int last = p + 1 == t->n_parts;
                    conllu_misc(b, last ? t->space_after : 0, pt->norm,
                                pt->norm_len, pt->roman, pt->roman_len, pt->key,
                                pt->key_len,
                                conllu_safe(pt->norm, pt->norm_len));
                    kh_buf_putc(b, '\n');
                    if (!last) {
                        const kh_part *nx =
                            kh_doc_token_part(r->doc, ti, p + 1);
                        size_t hs = pt->end, he = nx->start;
                        conllu_line(b, ++id, text + (hs - base), he - hs, NULL,
                                    0);
                        kh_buf_append(b, "SpaceAfter=No\n", 14);
                    }
                }
                continue;
            }
            conllu_line(b, ++id, form, t->end - t->start, t->stem, t->stem_len);
            conllu_misc(b, t->space_after, t->norm, t->norm_len, t->roman,
                        t->roman_len, t->key, t->key_len,
                        word && conllu_safe(t->norm, t->norm_len));
            kh_buf_putc(b, '\n');
        }
        kh_buf_putc(b, '\n');
    }
}

static void json_field(kh_buf *b, const char *name, const char *s, size_t n) {
    kh_buf_printf(b, ",\"%s\":", name);
    if (s)
        kh_buf_json_string(b, s, n);
    else
        kh_buf_append(b, "null", 4);
}

static void write_json(run *r, const char *text, size_t base) {
    kh_buf *b = &r->out;
    size_t ns = kh_doc_sentence_count(r->doc);
    for (size_t si = 0; si < ns; si++) {
        const kh_sentence *s = kh_doc_sentence(r->doc, si);
        if (r->nsent_file++)
            kh_buf_putc(b, ',');
        kh_buf_printf(b,
                      "{\"start\":%zu,\"end\":%zu,\"paragraph_start\":%s,"
                      "\"text\":",
                      s->start, s->end, s->paragraph_start ? "true" : "false");
        kh_buf_json_string(b, text + (s->start - base), s->end - s->start);
        kh_buf_append(b, ",\"tokens\":[", 11);
        for (size_t ti = s->first_token; ti < s->first_token + s->n_tokens;
             ti++) {
            const kh_token *t = kh_doc_token(r->doc, ti);
            if (ti > s->first_token)
                kh_buf_putc(b, ',');
            kh_buf_append(b, "{\"text\":", 8);
            kh_buf_json_string(b, text + (t->start - base), t->end - t->start);
            kh_buf_printf(b,
                          ",\"start\":%zu,\"end\":%zu,\"type\":\"%s\","
                          "\"script\":\"%s\"",
                          t->start, t->end, kh_token_type_name(t->type),
                          kh_script_name(t->script));
            json_field(b, "norm", t->norm, t->norm_len);
            json_field(b, "stem", t->stem, t->stem_len);
            json_field(b, "roman", t->roman, t->roman_len);
            json_field(b, "key", t->key, t->key_len);
            kh_buf_printf(b, ",\"space_after\":%s",
                          t->space_after ? "true" : "false");
            if (t->n_parts > 1) {
                kh_buf_append(b, ",\"parts\":[", 10);
                for (unsigned p = 0; p < t->n_parts; p++) {
                    const kh_part *pt = kh_doc_token_part(r->doc, ti, p);
                    kh_buf_printf(b, "%s{\"text\":", p ? "," : "");
                    kh_buf_json_string(b, text + (pt->start - base),
                                       pt->end - pt->start);
                    kh_buf_printf(b, ",\"start\":%zu,\"end\":%zu", pt->start,
                                  pt->end);
                    json_field(b, "norm", pt->norm, pt->norm_len);
                    json_field(b, "stem", pt->stem, pt->stem_len);
                    json_field(b, "roman", pt->roman, pt->roman_len);
                    json_field(b, "key", pt->key, pt->key_len);
                    kh_buf_putc(b, '}');
                }
                kh_buf_putc(b, ']');
            }
            kh_buf_putc(b, '}');
        }
        kh_buf_append(b, "]}", 2);
        if (flush_out(r, 0))
            return;
    }
}

static void write_text(run *r, const char *text, size_t base,
                       int first_continues) {
    kh_buf *b = &r->out;
    size_t ns = kh_doc_sentence_count(r->doc);
    for (size_t si = 0; si < ns; si++) {
        const kh_sentence *s = kh_doc_sentence(r->doc, si);
        if (s->paragraph_start && r->nsent_file &&
            !(si == 0 && first_continues))
            kh_buf_putc(b, '\n');
        r->nsent_file++;
        for (size_t ti = s->first_token; ti < s->first_token + s->n_tokens;
             ti++) {
            const kh_token *t = kh_doc_token(r->doc, ti);
            if (ti > s->first_token)
                kh_buf_putc(b, ' ');
            kh_buf_append(b, text + (t->start - base), t->end - t->start);
        }
        kh_buf_putc(b, '\n');
    }
}

/* ---- input ------------------------------------------------------------ */

/* Where to cut buf[0..len) so that the block ends at a natural break:
 * after a blank line, else after a line break (unless wrapped), else after
 * a sentence end + space, else after a space, else at a character start. */
static size_t find_cut(const char *buf, size_t len, int wrapped,
                       int *paragraph) {
    size_t lo = len / 2;
    *paragraph = 0;
    for (size_t i = len - 1; i > lo; i--)
        if (buf[i] == '\n' && buf[i - 1] == '\n') {
            *paragraph = 1;
            return i + 1;
        }
    if (!wrapped)
        for (size_t i = len - 1; i > lo; i--)
            if (buf[i] == '\n')
                return i + 1;
    for (size_t i = len - 1; i > lo + 3; i--)
        if (buf[i] == ' ' && i + 1 < len && buf[i + 1] != '"' &&
            buf[i + 1] != '\'' && buf[i + 1] != ')' && buf[i + 1] != '\xE2' &&
            (buf[i - 1] == '?' || buf[i - 1] == '!' ||
             (buf[i - 1] == '\xA4' && buf[i - 2] == '\xA5' &&
              buf[i - 3] == '\xE0')))
            return i + 1;
    for (size_t i = len - 1; i > lo; i--)
        if (buf[i] == ' ' || buf[i] == '\n')
            return i + 1;
    size_t i = len;
    while (i > lo && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > lo && (unsigned char)buf[i - 1] >= 0xC0)
        i--; /* don't split a multi-byte character */
    return i > lo ? i : len;
}

static size_t count_lines(const char *s, size_t n) {
    size_t c = 0;
    const char *p = s, *e = s + n;
    while ((p = memchr(p, '\n', (size_t)(e - p)))) {
        c++;
        p++;
    }
    return c;
}

/* Reports the first bad byte of block with its line and column. */
static void report_bad(const char *name, const char *block, size_t bad,
                       size_t line0) {
    size_t line = line0 + count_lines(block, bad) + 1;
    size_t col = bad;
    for (size_t i = bad; i > 0; i--)
        if (block[i - 1] == '\n') {
            col = bad - i;
            break;
        }
    unsigned char c = (unsigned char)block[bad];
    if (c == 0)
        fprintf(stderr, "%s:%zu:%zu: NUL byte (binary file?)\n", name, line,
                col + 1);
    else
        fprintf(stderr, "%s:%zu:%zu: invalid UTF-8 byte 0x%02X\n", name, line,
                col + 1, c);
}

/* The enrichment of the whole file, as more members of its object. */
static int enrich_json(run *r, const char *name) {
    kh_error err = {0};
    kh_enrichment *e = NULL;
    char *s = NULL;
    size_t n = 0;
    if (kh_enrich_text(r->en, r->doc, r->whole.data ? r->whole.data : "",
                       r->whole.len, r->published, &e, &err) ||
        kh_enrichment_to_json(e, &s, &n, &err)) {
        cli_error("%s: %s", name, err.message);
        kh_enrichment_free(e);
        return -1;
    }
    kh_buf_putc(&r->out, ',');
    kh_buf_append(&r->out, s, n);
    free(s);
    kh_enrichment_free(e);
    return 0;
}

static int analyze_file(run *r, FILE *f, const char *name) {
    char *buf = malloc(2 * BLOCK + 16);
    char *fixed = NULL;
    if (!buf) {
        cli_error("out of memory");
        return 1;
    }
    size_t len = 0, consumed = 0, lines = 0, repaired = 0;
    int eof = 0, status = 0, continues = 0;
    r->nsent_file = 0;
    if (r->fmt == FMT_JSON) {
        kh_buf_append(&r->out, "{\"file\":", 8);
        kh_buf_json_string(&r->out, name, strlen(name));
        kh_buf_append(&r->out, ",\"sentences\":[", 14);
    }
    for (;;) {
        while (!eof && len < BLOCK) {
            size_t got = fread(buf + len, 1, 2 * BLOCK - len, f);
            len += got;
            if (got == 0) {
                if (ferror(f)) {
                    cli_error("%s: read error: %s", name, strerror(errno));
                    status = 1;
                }
                eof = 1;
            }
        }
        if (len == 0)
            break;
        int para = 0;
        size_t cut =
            eof && len <= BLOCK ? len : find_cut(buf, len, r->wrapped, &para);
        if (eof && cut == len)
            para = 1;
        /* The analyzer validates UTF-8 as it tokenizes; only when it
         * finds a bad byte is the block checked again to locate it. */
        const char *block = buf;
        size_t blen = cut, bad;
        kh_error err = {0};
        kh_status st = kh_analyze(r->an, r->doc, block, blen, consumed, &err);
        if (st == KH_ERR_UTF8 && kh_utf8_check(buf, cut, &bad) != KH_OK) {
            if (!r->repair) {
                report_bad(name, buf, bad, lines);
                status = 1;
                break;
            }
            if (!fixed && !(fixed = malloc(6 * BLOCK + 48))) {
                cli_error("out of memory");
                status = 1;
                break;
            }
            blen = kh_utf8_repair(buf, cut, fixed);
            repaired += (blen - cut) / 2; /* each bad byte grows by 2 */
            block = fixed;
            st = kh_analyze(r->an, r->doc, block, blen, consumed, &err);
        }
        if (st != KH_OK) {
            cli_error("%s: %s", name, err.message);
            status = 1;
            break;
        }
        r->bytes += cut;
        r->sentences += kh_doc_sentence_count(r->doc);
        r->tokens += kh_doc_token_count(r->doc);
        /* A block that does not start a paragraph continues a sentence of
         * the previous one only when cut inside a line (wrapped text): the
         * count is close enough, the split is rare and documented. */
        switch (r->fmt) {
        case FMT_CONLLU: write_conllu(r, block, consumed, continues); break;
        case FMT_JSON:
            write_json(r, block, consumed);
            if (r->en && kh_buf_append(&r->whole, block, blen)) {
                cli_error("out of memory");
                status = 1;
            }
            break;
        case FMT_TEXT: write_text(r, block, consumed, continues); break;
        case FMT_COUNT: break;
        }
        if (flush_out(r, 0)) {
            status = 1;
            break;
        }
        continues = !para;
        lines += count_lines(buf, cut);
        consumed += blen;
        memmove(buf, buf + cut, len - cut);
        len -= cut;
    }
    if (r->fmt == FMT_JSON) {
        kh_buf_printf(&r->out, "],\"bytes\":%zu", consumed);
        if (r->en && !status && enrich_json(r, name))
            status = 1;
        kh_buf_append(&r->out, "}\n", 2);
        r->whole.len = 0;
    }
    if (repaired)
        fprintf(stderr, "%s: replaced %zu invalid byte%s by U+FFFD\n", name,
                repaired, repaired == 1 ? "" : "s");
    if (consumed == 0 && status == 0)
        fprintf(stderr, "%s: empty input\n", name);
    free(buf);
    free(fixed);
    return status;
}

int cmd_analyze(int argc, char **argv) {
    run r = {0};
    int stems = 0, fold = 0, enrich = 0;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[0] != '-' || !strcmp(a, "-"))
            break;
        if (!strcmp(a, "--format") || !strncmp(a, "--format=", 9)) {
            const char *v =
                a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : "");
            if (!strcmp(v, "conllu"))
                r.fmt = FMT_CONLLU;
            else if (!strcmp(v, "json"))
                r.fmt = FMT_JSON;
            else if (!strcmp(v, "text"))
                r.fmt = FMT_TEXT;
            else if (!strcmp(v, "count"))
                r.fmt = FMT_COUNT;
            else {
                cli_error("unknown format '%s' (conllu, json, text, count)", v);
                return 2;
            }
        } else if (!strcmp(a, "--wrapped"))
            r.wrapped = 1;
        else if (!strcmp(a, "--repair"))
            r.repair = 1;
        else if (!strcmp(a, "--stems"))
            stems = 1;
        else if (!strcmp(a, "--fold-vowels"))
            fold = 1;
        else if (!strcmp(a, "--enrich"))
            enrich = 1;
        else if (!strcmp(a, "--published") && i + 1 < argc)
            r.published = argv[++i];
        else {
            cli_error("analyze: unknown option '%s'", a);
            return cli_usage(cmd_analyze_usage);
        }
    }
    kh_analyzer_options opts = {0};
    if (r.wrapped)
        opts.flags |= KH_ANALYZE_WRAPPED;
    if (fold)
        opts.flags |= KH_ANALYZE_FOLD_VOWELS;
    if (r.fmt != FMT_COUNT)
        opts.flags |= KH_ANALYZE_ALL;
    else if (stems)
        opts.flags |= KH_ANALYZE_STEMS | KH_ANALYZE_KEYS;
    if (enrich && r.fmt != FMT_JSON) {
        cli_error("analyze: --enrich needs --format json");
        return cli_usage(cmd_analyze_usage);
    }
    kh_error err = {0};
    if (enrich && kh_enricher_new(NULL, &r.en, &err)) {
        cli_error("%s", err.message);
        return 1;
    }
    if (kh_analyzer_new(&opts, &r.an, &err) || kh_doc_new(&r.doc, &err)) {
        cli_error("%s", err.message);
        kh_analyzer_free(r.an);
        kh_enricher_free(r.en);
        return 1;
    }
    int status = 0;
    if (i >= argc) {
        status |= analyze_file(&r, stdin, "<stdin>");
    } else {
        for (; i < argc; i++) {
            const char *name = argv[i];
            if (!strcmp(name, "-")) {
                status |= analyze_file(&r, stdin, "<stdin>");
                continue;
            }
            FILE *f = fopen(name, "rb");
            if (!f) {
                cli_error("%s: %s", name, strerror(errno));
                status = 1;
                continue;
            }
            status |= analyze_file(&r, f, name);
            fclose(f);
        }
    }
    if (r.fmt == FMT_COUNT)
        kh_buf_printf(&r.out, "bytes\t%zu\nsentences\t%zu\ntokens\t%zu\n",
                      r.bytes, r.sentences, r.tokens);
    if (flush_out(&r, 1))
        status = 1;
    kh_buf_free(&r.out);
    kh_buf_free(&r.whole);
    kh_enricher_free(r.en);
    kh_doc_free(r.doc);
    kh_analyzer_free(r.an);
    return status;
}
