/*
 * stem_eval.c — accuracy and speed of the Hindi light stemmer (kh_stem_hi)
 * on a gold CoNLL-U treebank, with Snowball Hindi (libstemmer "hindi")
 * computed in the same run as the anchor.
 *
 * A stemmer is good for search when the inflected forms of one word meet
 * (recall) and different words stay apart (precision). The treebank's
 * LEMMA column measures both:
 *
 *   hits    the share of tokens whose stem equals the stem of their gold
 *           lemma;
 *   merged  the share of lemma types whose stem (the stem of the lemma
 *           string) is also the stem of another lemma type. Two wider
 *           readings are shown as well: a lemma type stands for the stems
 *           of its tokens (with or without its own stem) and is merged
 *           when one of them is in another lemma type's set.
 *
 * The primary figures are over the Devanagari words, FORM and LEMMA
 * normalized with kh_norm() as the analyzer does. The same figures over
 * every token as it stands in the file check the definitions: in that
 * setting Snowball Hindi gives the anchor measured elsewhere (89.5% hits,
 * 13.1% merged).
 *
 *   stem_eval [-v N] [-t SECONDS] [FILE.conllu.gz | SHARED_DIR]
 *
 * The treebank defaults to $SHARED/data/hdtb/dev.conllu.gz ($SHARED
 * defaults to ../shared); a directory argument is taken as SHARED. -v N
 * lists the N most frequent misses and merged stems of each stemmer; -t
 * sets how long the speed measurement runs per stemmer (default 1 s): it
 * stems the treebank's normalized Devanagari tokens over and over.
 */
#include "analyze.h"
#include "core.h"

#include <libstemmer.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- string interning: string -> dense id ------------------------------ */

/* Open addressing over an arena of bytes; the eval holds a few tens of
 * thousands of strings, so a plain FNV-1a hash and linear probing do. */
typedef struct intern {
    kh_buf arena;
    size_t *off, *len; /* per id */
    size_t n, cap_ids;
    uint32_t *slots; /* id + 1, 0 = empty */
    size_t n_slots;
} intern;

static uint64_t fnv1a(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static const char *intern_str(const intern *t, size_t id, size_t *n) {
    *n = t->len[id];
    return t->arena.data + t->off[id];
}

static int intern_grow(intern *t) {
    size_t ns = t->n_slots ? t->n_slots * 2 : 1024;
    uint32_t *slots = calloc(ns, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t id = 0; id < t->n; id++) {
        size_t n;
        const char *s = intern_str(t, id, &n);
        size_t i = fnv1a(s, n) & (ns - 1);
        while (slots[i])
            i = (i + 1) & (ns - 1);
        slots[i] = (uint32_t)id + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = ns;
    return 0;
}

/* Returns the id of (s, n), adding it when new; -1 on out of memory. */
static long intern_add(intern *t, const char *s, size_t n) {
    if ((t->n + 1) * 2 > t->n_slots && intern_grow(t) != 0)
        return -1;
    size_t i = fnv1a(s, n) & (t->n_slots - 1);
    while (t->slots[i]) {
        size_t id = t->slots[i] - 1, m;
        const char *u = intern_str(t, id, &m);
        if (m == n && memcmp(u, s, n) == 0)
            return (long)id;
        i = (i + 1) & (t->n_slots - 1);
    }
    if (t->n == t->cap_ids) {
        size_t nc = t->cap_ids ? t->cap_ids * 2 : 1024;
        size_t *o = realloc(t->off, nc * sizeof *o);
        if (!o)
            return -1;
        t->off = o;
        size_t *l = realloc(t->len, nc * sizeof *l);
        if (!l)
            return -1;
        t->len = l;
        t->cap_ids = nc;
    }
    t->off[t->n] = t->arena.len;
    t->len[t->n] = n;
    if (kh_buf_append(&t->arena, s, n) != 0)
        return -1;
    t->slots[i] = (uint32_t)t->n + 1;
    return (long)t->n++;
}

static void intern_free(intern *t) {
    kh_buf_free(&t->arena);
    free(t->off);
    free(t->len);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/* ---- the gold data ----------------------------------------------------- */

typedef struct gold {
    intern forms, lemmas; /* normalized FORM and LEMMA types */
    uint32_t *tok_form;   /* per Devanagari token */
    uint32_t *tok_lemma;
    size_t n_tok, cap_tok;
    size_t n_lines;    /* token lines read, all scripts */
    size_t form_bytes; /* bytes of all Devanagari token forms */
} gold;

/* A Devanagari word: valid UTF-8, only U+0900..U+097F (and ZWJ/ZWNJ), at
 * least one letter (not the danda, digits or the abbreviation sign). */
static int is_deva_word(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    int letters = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        unsigned k = kh_utf8_decode(p + i, n - i, &cp);
        if (!k)
            return 0;
        if (cp == KH_ZWJ || cp == KH_ZWNJ) {
            i += k;
            continue;
        }
        if (cp < KH_DEVA_FIRST || cp > KH_DEVA_LAST)
            return 0;
        if (cp <= 0x0963 || cp >= 0x0971)
            letters = 1;
        i += k;
    }
    return letters;
}

/* The normalized form of (s, n) in *buf (grown as needed). */
static int normalize(const char *s, size_t n, char **buf, size_t *cap,
                     const char **res, size_t *res_n) {
    for (;;) {
        int same = 0;
        size_t need = kh_norm(s, n, 0, *buf, *cap, &same);
        if (same) {
            *res = s;
            *res_n = n;
            return 0;
        }
        if (need <= *cap) {
            *res = *buf;
            *res_n = need;
            return 0;
        }
        char *nb = realloc(*buf, need);
        if (!nb)
            return -1;
        *buf = nb;
        *cap = need;
    }
}

/* Reads the token lines of `path`. With `all_raw` every token is kept with
 * its FORM and LEMMA as they are (the setting the Snowball anchor figures
 * were measured in); otherwise only Devanagari words, normalized. */
static kh_status gold_read(gold *g, const char *path, int all_raw,
                           kh_error *err) {
    char cmd[4200];
    if (strlen(path) > 4000 || strchr(path, '\''))
        return kh_fail(err, KH_ERR_ARG, "unsupported file name: %s", path);
    snprintf(cmd, sizeof cmd, "gzip -dc '%s'", path);
    FILE *f = popen(cmd, "r");
    if (!f)
        return kh_fail(err, KH_ERR_IO, "cannot run: %s", cmd);
    char *line = NULL, *nbuf = NULL;
    size_t line_cap = 0, nbuf_cap = 0;
    ssize_t got;
    kh_status st = KH_OK;
    while ((got = getline(&line, &line_cap, f)) >= 0) {
        if (got == 0 || line[0] == '#' || line[0] == '\n')
            continue;
        char *col[4];
        char *p = line;
        int i;
        for (i = 0; i < 4; i++) {
            col[i] = p;
            p = strchr(p, '\t');
            if (!p)
                break;
            *p++ = '\0';
        }
        if (i < 3)
            continue; /* not a token line */
        if (strchr(col[0], '-') || strchr(col[0], '.'))
            continue; /* multiword or empty node */
        g->n_lines++;
        size_t fn = strlen(col[1]), ln = strlen(col[2]);
        if (!all_raw && !is_deva_word(col[1], fn))
            continue;
        const char *s;
        size_t sn;
        long fid = -1, lid = -1;
        if (all_raw) {
            fid = intern_add(&g->forms, col[1], fn);
            lid = fid < 0 ? -1 : intern_add(&g->lemmas, col[2], ln);
        } else if (normalize(col[1], fn, &nbuf, &nbuf_cap, &s, &sn) == 0 &&
                   (fid = intern_add(&g->forms, s, sn)) >= 0 &&
                   normalize(col[2], ln, &nbuf, &nbuf_cap, &s, &sn) == 0)
            lid = intern_add(&g->lemmas, s, sn);
        if (fid < 0 || lid < 0) {
            st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
            break;
        }
        if (g->n_tok == g->cap_tok) {
            size_t nc = g->cap_tok ? g->cap_tok * 2 : 4096;
            uint32_t *a = realloc(g->tok_form, nc * sizeof *a);
            if (a)
                g->tok_form = a;
            uint32_t *b = a ? realloc(g->tok_lemma, nc * sizeof *b) : NULL;
            if (!b) {
                st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
                break;
            }
            g->tok_lemma = b;
            g->cap_tok = nc;
        }
        g->tok_form[g->n_tok] = (uint32_t)fid;
        g->tok_lemma[g->n_tok] = (uint32_t)lid;
        g->n_tok++;
        g->form_bytes += g->forms.len[fid];
    }
    free(line);
    free(nbuf);
    int rc = pclose(f);
    if (st == KH_OK && (rc != 0 || g->n_lines == 0))
        st = kh_fail(err, KH_ERR_IO, "cannot read %s (gzip status %d)", path,
                     rc);
    return st;
}

static void gold_free(gold *g) {
    intern_free(&g->forms);
    intern_free(&g->lemmas);
    free(g->tok_form);
    free(g->tok_lemma);
}

/* ---- stemmers under test ----------------------------------------------- */

typedef size_t (*stem_fn)(void *ctx, const char *s, size_t n, char *out,
                          size_t cap);

static size_t stem_khabar(void *ctx, const char *s, size_t n, char *out,
                          size_t cap) {
    (void)ctx;
    return kh_stem_hi(s, n, out, cap);
}

static size_t stem_snowball(void *ctx, const char *s, size_t n, char *out,
                            size_t cap) {
    struct sb_stemmer *sb = ctx;
    const sb_symbol *r = sb_stemmer_stem(sb, (const sb_symbol *)s, (int)n);
    if (!r)
        return 0;
    size_t m = (size_t)sb_stemmer_length(sb);
    memcpy(out, r, m < cap ? m : cap);
    return m;
}

/* ---- the figures ------------------------------------------------------- */

typedef struct result {
    size_t hits;      /* tokens: stem(form) == stem(lemma) */
    size_t merged[3]; /* lemma types merged, by definition below */
    double mb_per_s;
    intern stems;
    uint32_t *form_stem;  /* per form type */
    uint32_t *lemma_stem; /* per lemma type */
} result;

enum { DEF_ALL, DEF_LEMMAS, DEF_TOKENS };

static const char *const def_names[3] = {
    "token stems + lemma stem",
    "lemma stems (primary)",
    "token stems only",
};

#define OWNER_NONE UINT32_MAX
#define OWNER_MANY (UINT32_MAX - 1)

static void own(uint32_t *owner, uint32_t stem, uint32_t lemma) {
    if (owner[stem] == OWNER_NONE)
        owner[stem] = lemma;
    else if (owner[stem] != lemma)
        owner[stem] = OWNER_MANY;
}

/* Counts the lemma types that share a stem with another lemma type, or
 * returns SIZE_MAX when out of memory. With
 * DEF_ALL a lemma type L stands for the set of the stems of its tokens plus
 * the stem of L itself; L is merged when any stem of that set is also in
 * the set of another lemma type. DEF_LEMMAS uses the stem of L alone,
 * DEF_TOKENS the stems of its tokens alone. */
static size_t count_merged(const gold *g, const result *r, int def) {
    size_t ns = r->stems.n, nl = g->lemmas.n;
    uint32_t *owner = malloc(ns * sizeof *owner);
    unsigned char *merged = calloc(nl ? nl : 1, 1);
    unsigned char *seen = calloc(nl ? nl : 1, 1);
    size_t count = SIZE_MAX;
    if (!owner || !merged || !seen)
        goto done;
    count = 0;
    for (size_t i = 0; i < ns; i++)
        owner[i] = OWNER_NONE;
    if (def != DEF_LEMMAS)
        for (size_t t = 0; t < g->n_tok; t++)
            own(owner, r->form_stem[g->tok_form[t]], g->tok_lemma[t]);
    for (size_t t = 0; t < g->n_tok; t++)
        seen[g->tok_lemma[t]] = 1;
    if (def != DEF_TOKENS)
        for (size_t l = 0; l < nl; l++)
            own(owner, r->lemma_stem[l], (uint32_t)l);
    if (def != DEF_LEMMAS)
        for (size_t t = 0; t < g->n_tok; t++)
            if (owner[r->form_stem[g->tok_form[t]]] == OWNER_MANY)
                merged[g->tok_lemma[t]] = 1;
    if (def != DEF_TOKENS)
        for (size_t l = 0; l < nl; l++)
            if (owner[r->lemma_stem[l]] == OWNER_MANY)
                merged[l] = 1;
    for (size_t l = 0; l < nl; l++)
        count += seen[l] && merged[l];
done:
    free(owner);
    free(merged);
    free(seen);
    return count;
}

/* CPU time of this process: the figure holds on a busy machine too */
static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Stems every token form again and again for about `secs` seconds. */
static double measure_speed(const gold *g, stem_fn fn, void *ctx, double secs) {
    char out[1024];
    size_t bytes = 0, sink = 0;
    double t0 = now_s(), t1 = t0;
    do {
        for (size_t t = 0; t < g->n_tok; t++) {
            size_t n;
            const char *s = intern_str(&g->forms, g->tok_form[t], &n);
            sink += fn(ctx, s, n, out, sizeof out);
            bytes += n;
        }
        t1 = now_s();
    } while (t1 - t0 < secs);
    if (sink == 0)
        fprintf(stderr, "no output from the stemmer\n");
    return (double)bytes / (t1 - t0) / 1e6;
}

static kh_status stem_all(const gold *g, stem_fn fn, void *ctx, result *r,
                          kh_error *err) {
    char out[1024];
    r->form_stem = malloc((g->forms.n + 1) * sizeof *r->form_stem);
    r->lemma_stem = malloc((g->lemmas.n + 1) * sizeof *r->lemma_stem);
    if (!r->form_stem || !r->lemma_stem)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    for (int pass = 0; pass < 2; pass++) {
        const intern *src = pass ? &g->lemmas : &g->forms;
        uint32_t *dst = pass ? r->lemma_stem : r->form_stem;
        for (size_t i = 0; i < src->n; i++) {
            size_t n;
            const char *s = intern_str(src, i, &n);
            size_t m = fn(ctx, s, n, out, sizeof out);
            if (m > sizeof out)
                return kh_fail(err, KH_ERR_LIMIT, "stem longer than %zu",
                               sizeof out);
            long id = intern_add(&r->stems, out, m);
            if (id < 0)
                return kh_fail(err, KH_ERR_NOMEM, "out of memory");
            dst[i] = (uint32_t)id;
        }
    }
    for (size_t t = 0; t < g->n_tok; t++)
        r->hits +=
            r->form_stem[g->tok_form[t]] == r->lemma_stem[g->tok_lemma[t]];
    for (int d = 0; d < 3; d++)
        if ((r->merged[d] = count_merged(g, r, d)) == SIZE_MAX)
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    return KH_OK;
}

static void result_free(result *r) {
    intern_free(&r->stems);
    free(r->form_stem);
    free(r->lemma_stem);
}

/* ---- verbose listings -------------------------------------------------- */

typedef struct pair_count {
    uint32_t form, lemma;
    size_t count;
} pair_count;

static int by_count_desc(const void *a, const void *b) {
    const pair_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    if (x->form != y->form)
        return x->form < y->form ? -1 : 1;
    return x->lemma < y->lemma ? -1 : x->lemma > y->lemma;
}

static void print_str(const intern *t, uint32_t id) {
    size_t n;
    const char *s = intern_str(t, id, &n);
    printf("%.*s", (int)n, s);
}

/* The most frequent (form, lemma) pairs whose stems differ. */
static void list_misses(const gold *g, const result *r, size_t top) {
    intern pairs = {0};
    size_t *counts = calloc(g->n_tok + 1, sizeof *counts);
    pair_count *pc = calloc(g->n_tok + 1, sizeof *pc);
    if (!counts || !pc)
        goto done;
    for (size_t t = 0; t < g->n_tok; t++) {
        uint32_t f = g->tok_form[t], l = g->tok_lemma[t];
        if (r->form_stem[f] == r->lemma_stem[l])
            continue;
        uint32_t key[2] = {f, l};
        long id = intern_add(&pairs, (const char *)key, sizeof key);
        if (id < 0)
            goto done;
        pc[id].form = f;
        pc[id].lemma = l;
        pc[id].count = ++counts[id];
    }
    qsort(pc, pairs.n, sizeof *pc, by_count_desc);
    printf("  most frequent misses (count form lemma -> stem(form) "
           "stem(lemma)):\n");
    for (size_t i = 0; i < pairs.n && i < top; i++) {
        printf("    %zu ", pc[i].count);
        print_str(&g->forms, pc[i].form);
        printf(" ");
        print_str(&g->lemmas, pc[i].lemma);
        printf(" -> ");
        print_str(&r->stems, r->form_stem[pc[i].form]);
        printf(" ");
        print_str(&r->stems, r->lemma_stem[pc[i].lemma]);
        printf("\n");
    }
done:
    intern_free(&pairs);
    free(counts);
    free(pc);
}

/* The stems that most lemma types share (primary definition: the stems
 * of the lemmas themselves). */
static void list_merges(const gold *g, const result *r, size_t top) {
    size_t nl = g->lemmas.n, ns = r->stems.n;
    pair_count *pc = calloc(nl + 1, sizeof *pc);
    size_t *per_stem = calloc(ns + 1, sizeof *per_stem);
    if (!pc || !per_stem)
        goto done;
    for (size_t l = 0; l < nl; l++)
        per_stem[r->lemma_stem[l]]++;
    for (size_t l = 0; l < nl; l++) {
        pc[l].form = r->lemma_stem[l];
        pc[l].lemma = (uint32_t)l;
        pc[l].count = per_stem[r->lemma_stem[l]];
    }
    qsort(pc, nl, sizeof *pc, by_count_desc);
    printf("  stems shared by the most lemma types (stem: lemmas):\n");
    size_t shown = 0;
    for (size_t i = 0; i < nl && shown < top;) {
        if (pc[i].count < 2)
            break;
        uint32_t st = pc[i].form;
        printf("    %zu ", pc[i].count);
        print_str(&r->stems, st);
        printf(":");
        for (; i < nl && pc[i].form == st; i++) {
            printf(" ");
            print_str(&g->lemmas, pc[i].lemma);
        }
        printf("\n");
        shown++;
    }
done:
    free(pc);
    free(per_stem);
}

/* ---- main -------------------------------------------------------------- */

static void report(const char *name, const gold *g, const result *r,
                   int speed) {
    size_t nl = g->lemmas.n;
    printf("  %-20s tokens with stem(form) == stem(lemma): %6.2f%% "
           "(%zu/%zu)\n",
           name, 100.0 * (double)r->hits / (double)g->n_tok, r->hits, g->n_tok);
    static const int order[3] = {DEF_LEMMAS, DEF_TOKENS, DEF_ALL};
    for (int d = 0; d < 3; d++) {
        int k = order[d]; /* the primary definition first */
        printf("  %-20s lemma types merged, %-27s %6.2f%% (%zu/%zu)\n", "",
               def_names[k], 100.0 * (double)r->merged[k] / (double)nl,
               r->merged[k], nl);
    }
    if (speed)
        printf("  %-20s speed: %.1f MB/s of token text, CPU time (%zu "
               "bytes per round)\n",
               "", r->mb_per_s, g->form_bytes);
}

/* Reads the gold file in one setting and reports both stemmers. */
static int run_setting(const char *path, int all_raw, struct sb_stemmer *sb,
                       size_t top, double secs) {
    kh_error err = {0};
    gold g = {0};
    result r[2] = {{0}};
    int rc = 1;
    if (gold_read(&g, path, all_raw, &err) != KH_OK ||
        stem_all(&g, stem_khabar, NULL, &r[0], &err) != KH_OK ||
        stem_all(&g, stem_snowball, sb, &r[1], &err) != KH_OK) {
        fprintf(stderr, "stem_eval: %s\n", err.message);
        goto out;
    }
    if (!all_raw) {
        r[0].mb_per_s = measure_speed(&g, stem_khabar, NULL, secs);
        r[1].mb_per_s = measure_speed(&g, stem_snowball, sb, secs);
        printf("Devanagari words: %zu tokens (%zu form types, %zu lemma "
               "types) of %zu token lines,\nFORM and LEMMA normalized with "
               "kh_norm (primary figures):\n",
               g.n_tok, g.forms.n, g.lemmas.n, g.n_lines);
    } else {
        printf("\nEvery token, FORM and LEMMA as in the file (the setting "
               "of the anchor figures,\nSnowball 89.5%% / 13.1%%): %zu "
               "tokens, %zu lemma types:\n",
               g.n_tok, g.lemmas.n);
    }
    report("khabar (kh_stem_hi)", &g, &r[0], !all_raw);
    report("snowball hindi", &g, &r[1], !all_raw);
    if (!all_raw)
        printf("  (goal for khabar: hits >= 93%%, lemma types merged <= "
               "5%%)\n");
    if (top && !all_raw) {
        static const char *const names[2] = {"khabar", "snowball hindi"};
        for (int k = 0; k < 2; k++) {
            printf("\n%s:\n", names[k]);
            list_misses(&g, &r[k], top);
            list_merges(&g, &r[k], top);
        }
    }
    rc = 0;
out:
    result_free(&r[0]);
    result_free(&r[1]);
    gold_free(&g);
    return rc;
}

int main(int argc, char **argv) {
    size_t top = 0;
    double secs = 1.0;
    const char *path = NULL;
    char def_path[4096];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0 && i + 1 < argc)
            top = (size_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
            secs = strtod(argv[++i], NULL);
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: stem_eval [-v N] [-t SECONDS] "
                            "[FILE.conllu.gz | SHARED_DIR]\n");
            return 2;
        } else
            path = argv[i];
    }
    struct stat sb_dir;
    if (!path || (stat(path, &sb_dir) == 0 && S_ISDIR(sb_dir.st_mode))) {
        const char *root = path ? path : getenv("SHARED");
        snprintf(def_path, sizeof def_path, "%s/data/hdtb/dev.conllu.gz",
                 root && *root ? root : "../shared");
        path = def_path;
    }
    struct sb_stemmer *sb = sb_stemmer_new("hindi", "UTF_8");
    if (!sb) {
        fprintf(stderr, "stem_eval: libstemmer has no Hindi stemmer\n");
        return 1;
    }
    printf("stem_eval: %s\n", path);
    printf("hit: a token whose stem equals the stem of its gold lemma.\n"
           "merged (primary): a lemma type whose stem is also the stem of "
           "another lemma type.\nAlso shown: a lemma type L stands for the "
           "stems of its tokens (and of L); L is\nmerged when one of them "
           "is in the set of another lemma type.\n\n");
    int rc = run_setting(path, 0, sb, top, secs);
    if (rc == 0)
        rc = run_setting(path, 1, sb, 0, secs);
    sb_stemmer_delete(sb);
    return rc;
}
