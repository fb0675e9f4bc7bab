/*
 * ner_train.c — trains and cross-validates khabar's entity tagger on a
 * CoNLL file (token<TAB>BIO tag, blank line between sentences) read from
 * standard input.
 *
 *   ner_train train [OPTIONS] [--c FILE.c] [--bin FILE]
 *       trains on every sentence; writes the model as the generated C
 *       source the library builds in (src/enrich/ner_model_data.c) and/or
 *       as raw bytes for kh_tagger_load()
 *   ner_train cv [OPTIONS] [--folds K] [--only F] [--gold] [--baseline]
 *       K-fold cross-validation: sentence s is in fold s mod K; each fold
 *       is tagged by a model trained on the other folds, and the tags are
 *       written as token<TAB>tag in the input's order (only fold F with
 *       --only; --gold writes that fold's gold tags instead), for
 *       ../shared/tools/nereval.py. No sentence is ever tagged by a model
 *       that saw it. --baseline tags each token with the tag it had most
 *       often in the training folds (O when unseen): the anchor.
 *
 *   ner_train clusters [--k K] --c FILE.c
 *       learns K (default 200) word clusters from unlabelled text (JSON
 *       lines with "title"/"text", CoNLL-U, token<TAB>tag lines or plain
 *       text) and writes them as src/enrich/ner_clusters_data.c
 *
 * OPTIONS: --boost P,L,O (added to the bias weight of B-/I- PERSON,
 * LOCATION, ORGANIZATION; default 0,0,6: organisations are found with
 * precision well above recall, and this evens them out), --epochs N (default
 * 12), --prune Q (drop features whose quantized weights are all within +-Q;
 * default 2), --seed S, --runs R (average R independently shuffled runs;
 * default 1: on HiNER dev three runs moved cross-validated F1 by +0.02, not
 * worth the time). `make model` runs `train`; `make eval` runs `cv`.
 */
#include "core.h"
#include "enrich.h"
#include "khabar.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(FILE *f, size_t *len) {
    size_t cap = 1 << 20, n = 0;
    char *b = malloc(cap);
    for (;;) {
        if (!b)
            return NULL;
        n += fread(b + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *nb = realloc(b, cap * 2);
        if (!nb)
            free(b);
        b = nb;
        cap *= 2;
    }
    *len = n;
    return b;
}

static int write_c(const char *path, const unsigned char *m, size_t n,
                   const char *cmd) {
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f,
            "/*\n"
            " * ner_model_data.c — the entity tagger's built-in model (%zu "
            "bytes),\n"
            " * GENERATED: do not edit. Reproduce with `%s` (the model "
            "format is\n"
            " * described in ner_model.c).\n"
            " */\n"
            "#include \"enrich.h\"\n\n"
            "/* clang-format off */\n"
            "const size_t kh_ner_model_blob_len = %zu;\n"
            "const unsigned char kh_ner_model_blob[] =\n",
            n, cmd, n);
    /* A string literal compiles far faster than an initializer list and
     * takes about 3 characters a byte. Octal escapes are always three
     * digits so a following digit never joins them; '?' is escaped
     * against trigraphs. */
    size_t col = 0;
    fputs("    \"", f);
    for (size_t i = 0; i < n; i++) {
        unsigned c = m[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '?')
            col += (size_t)fprintf(f, "%c", c);
        else
            col += (size_t)fprintf(f, "\\%03o", c);
        if (col >= 72 && i + 1 < n) {
            fputs("\"\n    \"", f);
            col = 0;
        }
    }
    fputs("\";\n/* clang-format on */\n", f);
    return fclose(f);
}

/* The anchor: each token of fold `fo` gets the tag its exact text had
 * most often in the training sentences `use` (O when never seen). */
static void memorize(const kh_conll *c, const size_t *use, size_t nu,
                     unsigned fo, unsigned folds, uint8_t *tags) {
    size_t cap = 1;
    while (cap < 2 * c->n_tokens)
        cap <<= 1;
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t(*cnt)[KH_NER_NTAGS] = calloc(cap, sizeof *cnt);
    for (size_t k = 0; k < nu; k++)
        for (size_t i = c->sent_start[use[k]]; i < c->sent_start[use[k] + 1];
             i++) {
            uint64_t h = kh_ner_hash(c->tok[i], c->tok_len[i], 0);
            size_t s = h & (cap - 1);
            while (keys[s] && keys[s] != h)
                s = (s + 1) & (cap - 1);
            keys[s] = h;
            cnt[s][c->gold[i]]++;
        }
    for (size_t sn = fo; sn < c->n_sents; sn += folds)
        for (size_t i = c->sent_start[sn]; i < c->sent_start[sn + 1]; i++) {
            uint64_t h = kh_ner_hash(c->tok[i], c->tok_len[i], 0);
            size_t s = h & (cap - 1);
            while (keys[s] && keys[s] != h)
                s = (s + 1) & (cap - 1);
            int best = 0;
            for (int t = 1; t < KH_NER_NTAGS; t++)
                if (cnt[s][t] > cnt[s][best])
                    best = t;
            tags[i] = (uint8_t)best;
        }
    free(keys);
    free(cnt);
}

/* Word hashes of unlabelled text for `clusters`, 0 between sentences. */
typedef struct wordbuf {
    uint64_t *w;
    size_t n, cap;
} wordbuf;

static int push_word(wordbuf *wb, const kh_gazetteer *g, const char *s,
                     size_t n) {
    uint64_t h = 0;
    if (n) {
        kh_ner_tok t;
        kh_ner_tok_fill(g, s, n, NULL, 0, &t);
        h = t.word ? t.word : 1;
    } else if (!wb->n || !wb->w[wb->n - 1])
        return 0; /* no empty sentences */
    if (kh_ner_reserve(&wb->w, &wb->cap, wb->n + 1, sizeof *wb->w))
        return -1;
    wb->w[wb->n++] = h;
    return 0;
}

/* Running text: words split at white space; a danda, or a final . ? !,
 * ends a sentence. */
static int push_text(wordbuf *wb, const kh_gazetteer *g, const char *s,
                     size_t n) {
    static const char danda[] = "\xE0\xA5\xA4";
    size_t i = 0;
    while (i < n) {
        size_t b = kh_next_word(s, n, &i);
        size_t e = i;
        int end = 0;
        while (e - b >= 3 && !memcmp(s + e - 3, danda, 3))
            e -= 3, end = 1;
        if (e > b && (s[e - 1] == '?' || s[e - 1] == '!' ||
                      (s[e - 1] == '.' && e - b > 2)))
            end = 1;
        if (e > b && push_word(wb, g, s + b, e - b))
            return -1;
        if (end && push_word(wb, g, NULL, 0))
            return -1;
    }
    return push_word(wb, g, NULL, 0);
}

/* Reads JSON lines ("title" and "text"), CoNLL-U (the FORM column),
 * token<TAB>tag lines or plain text, and writes the cluster table as the
 * generated C source ner_clusters_data.c. */
static int clusters(char *buf, size_t len, const kh_gazetteer *g, unsigned k,
                    const char *out_c) {
    wordbuf wb = {0};
    for (char *line = buf, *end = buf + len; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
        char *tab = memchr(line, '\t', n);
        int rc = 0;
        if (n && line[0] == '{') {
            json_t *j = json_loadb(line, n, 0, NULL);
            const char *fields[] = {"title", "text"};
            for (int f = 0; j && f < 2 && !rc; f++) {
                json_t *v = json_object_get(j, fields[f]);
                if (json_is_string(v))
                    rc = push_text(&wb, g, json_string_value(v),
                                   json_string_length(v));
            }
            json_decref(j);
        } else if (!n || line[0] == '#') {
            rc = push_word(&wb, g, NULL, 0);
        } else if (tab) {
            char *f = line, *fe = tab;
            size_t d = 0;
            while (d < (size_t)(tab - line) && line[d] >= '0' && line[d] <= '9')
                d++;
            if (d == (size_t)(tab - line)) { /* CoNLL-U: ID<TAB>FORM */
                f = tab + 1;
                fe = memchr(f, '\t', (size_t)(line + n - f));
                if (!fe)
                    fe = line + n;
            }
            if (d == 0 || d == (size_t)(tab - line))
                rc = push_word(&wb, g, f, (size_t)(fe - f));
        } else
            rc = push_text(&wb, g, line, n);
        if (rc) {
            fprintf(stderr, "ner_train: out of memory\n");
            return 1;
        }
        line += n + 1;
    }
    uint32_t *keys;
    uint8_t *ids;
    size_t m;
    if (kh_ner_clusters_learn(wb.w, wb.n, k, 20, &keys, &ids, &m)) {
        fprintf(stderr, "ner_train: too little text for %u clusters\n", k);
        return 1;
    }
    fprintf(stderr,
            "ner_train: %zu words of text -> %zu words in %u clusters\n", wb.n,
            m, k);
    FILE *f = fopen(out_c, "w");
    if (!f) {
        fprintf(stderr, "ner_train: %s: %s\n", out_c, strerror(errno));
        return 1;
    }
    fprintf(f,
            "/*\n"
            " * ner_clusters_data.c — the entity tagger's word clusters (%zu "
            "words,\n"
            " * %u clusters), GENERATED: do not edit. Reproduce with `make "
            "model`\n"
            " * (how they are learned: ner_clusters.c).\n"
            " */\n"
            "#include \"enrich.h\"\n\n"
            "/* clang-format off */\n"
            "const size_t kh_ner_cluster_n = %zu;\n"
            "const uint32_t kh_ner_cluster_keys[] = {\n",
            m, k, m);
    for (size_t i = 0; i < m; i++)
        fprintf(f, "%s0x%08x,%s", i % 8 ? " " : "    ", (unsigned)keys[i],
                i % 8 == 7 || i + 1 == m ? "\n" : "");
    fputs("};\nconst uint8_t kh_ner_cluster_ids[] = {\n", f);
    for (size_t i = 0; i < m; i++)
        fprintf(f, "%s%u,%s", i % 16 ? " " : "    ", ids[i],
                i % 16 == 15 || i + 1 == m ? "\n" : "");
    fputs("};\n/* clang-format on */\n", f);
    free(keys);
    free(ids);
    free(wb.w);
    return fclose(f) ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc < 2 || (strcmp(argv[1], "train") && strcmp(argv[1], "cv") &&
                     strcmp(argv[1], "clusters"))) {
        fprintf(stderr, "usage: ner_train train|cv|clusters [OPTIONS] < "
                        "FILE\n");
        return 2;
    }
    int cv = !strcmp(argv[1], "cv"), gold_only = 0, baseline = 0;
    const char *out_c = NULL, *out_bin = NULL;
    unsigned folds = 10, k = 200;
    long only = -1;
    kh_ner_train_opts o = {12, 0, 2, 1, {0, 0, 6}};
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--gold") || !strcmp(a, "--baseline")) {
            *(a[2] == 'g' ? &gold_only : &baseline) = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "ner_train: %s needs a value\n", a);
            return 2;
        }
        i++;
        if (!strcmp(a, "--epochs"))
            o.epochs = (unsigned)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--prune"))
            o.prune = strtod(v, NULL);
        else if (!strcmp(a, "--boost"))
            sscanf(v, "%lf,%lf,%lf", &o.boost[0], &o.boost[1], &o.boost[2]);
        else if (!strcmp(a, "--runs"))
            o.runs = (unsigned)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--seed"))
            o.seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--k"))
            k = (unsigned)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--folds"))
            folds = (unsigned)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--only"))
            only = strtol(v, NULL, 10);
        else if (!strcmp(a, "--c"))
            out_c = v;
        else if (!strcmp(a, "--bin"))
            out_bin = v;
        else {
            fprintf(stderr, "ner_train: unknown option %s\n", a);
            return 2;
        }
    }
    if (folds < 2)
        folds = 2;
    size_t len;
    char *buf = slurp(stdin, &len);
    kh_conll c;
    kh_error err = {0};
    kh_gazetteer g;
    if (!buf || kh_gazetteer_build(&g, &err)) {
        fprintf(stderr, "ner_train: %s\n", buf ? err.message : "out of memory");
        return 1;
    }
    if (!strcmp(argv[1], "clusters")) {
        if (!out_c || k < 2 || k > 255) {
            fprintf(stderr,
                    "ner_train clusters: needs --c FILE.c, --k 2..255\n");
            return 2;
        }
        int rc = clusters(buf, len, &g, k, out_c);
        kh_gazetteer_free(&g);
        free(buf);
        return rc;
    }
    if (kh_conll_parse(&c, buf, len, &err)) {
        fprintf(stderr, "ner_train: %s\n", err.message);
        return 1;
    }
    if (c.n_sents < 2) {
        fprintf(stderr, "ner_train: no training sentences on standard input\n");
        return 1;
    }
    size_t *use = malloc((c.n_sents + 1) * sizeof *use);
    if (!cv) {
        for (size_t s = 0; s < c.n_sents; s++)
            use[s] = s;
        unsigned char *m;
        size_t mn;
        if (kh_ner_train(&g, &c, use, c.n_sents, &o, &m, &mn, &err)) {
            fprintf(stderr, "ner_train: %s\n", err.message);
            return 1;
        }
        fprintf(stderr,
                "ner_train: %zu sentences, %zu tokens -> model of "
                "%zu bytes\n",
                c.n_sents, c.n_tokens, mn);
        if (out_c && write_c(out_c, m, mn, "make model")) {
            fprintf(stderr, "ner_train: %s: %s\n", out_c, strerror(errno));
            return 1;
        }
        if (out_bin) {
            FILE *f = fopen(out_bin, "wb");
            if (!f || fwrite(m, 1, mn, f) != mn || fclose(f)) {
                fprintf(stderr, "ner_train: %s: %s\n", out_bin,
                        strerror(errno));
                return 1;
            }
        }
        free(m);
    } else {
        uint8_t *tags = calloc(c.n_tokens + 1, 1);
        for (unsigned fo = 0; fo < folds; fo++) {
            if (only >= 0 && fo != (unsigned)only)
                continue;
            size_t nu = 0;
            for (size_t s = 0; s < c.n_sents; s++)
                if (s % folds != fo)
                    use[nu++] = s;
            unsigned char *m;
            size_t mn;
            kh_tagger *tg;
            if (baseline) {
                memorize(&c, use, nu, fo, folds, tags);
                continue;
            }
            if (!gold_only) {
                if (kh_ner_train(&g, &c, use, nu, &o, &m, &mn, &err) ||
                    kh_tagger_load(m, mn, &tg, &err)) {
                    fprintf(stderr, "ner_train: %s\n", err.message);
                    return 1;
                }
                fprintf(stderr,
                        "fold %u: trained on %zu sentences, model "
                        "%zu bytes\n",
                        fo, nu, mn);
                free(m);
            }
            for (size_t s = fo; s < c.n_sents; s += folds) {
                size_t b = c.sent_start[s], n = c.sent_start[s + 1] - b;
                if (gold_only)
                    memcpy(tags + b, c.gold + b, n);
                else
                    kh_tag_tokens(tg, c.tok + b, c.tok_len + b, n, tags + b,
                                  NULL);
            }
            if (!gold_only)
                kh_tagger_free(tg);
        }
        kh_buf out = {0};
        for (size_t s = 0; s < c.n_sents; s++) {
            if (only >= 0 && s % folds != (size_t)only)
                continue;
            for (size_t i = c.sent_start[s]; i < c.sent_start[s + 1]; i++) {
                kh_buf_append(&out, c.tok[i], c.tok_len[i]);
                kh_buf_printf(&out, "\t%s\n", kh_ner_tag_name(tags[i]));
            }
            kh_buf_putc(&out, '\n');
        }
        fwrite(out.data, 1, out.len, stdout);
        kh_buf_free(&out);
        free(tags);
    }
    free(use);
    kh_gazetteer_free(&g);
    kh_conll_free(&c);
    free(buf);
    return 0;
}
