/*
 * roman_eval.c — accuracy and speed figures for the phonetic keys and the
 * ISO 15919 romanization (src/analyze/phonetic.c, src/analyze/roman.c).
 *
 *   roman_eval [-v] [--speed] [SHARED_DIR] [PAIRS.tsv] [HDTB.conllu.gz]
 *
 * PAIRS (default tests/data/roman_pairs.tsv): romanized <TAB> Devanagari
 * [<TAB> x]. SHARED_DIR (default $SHARED, else ../shared) locates HDTB when
 * it is not given. Prints
 *   - the match rate: pairs whose kh_key_latin(roman) == kh_key_deva(deva),
 *     over all pairs and over the pairs not marked x (English spellings);
 *   - the false-match rate: each romanized entry against the Devanagari of
 *     the entry k lines away, for several k, skipping pairs that are the
 *     same word (equal Devanagari after folding nukta and candrabindu);
 *   - when SHARED_DIR/data/hdtb/dev.conllu.gz exists: how many distinct
 *     Devanagari word types share their key with another type, and how
 *     many types fail the round trip to_deva(iso(w)) == NFC(w).
 * -v lists every miss, false match and key group; --speed times
 * kh_key_deva, kh_roman_iso and kh_key_latin over the HDTB words.
 */
#include "analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utf8proc.h>

typedef struct {
    char *roman, *deva;
    int exonym;
} pair;

typedef struct {
    char *s;
    size_t n;
} str;

static int verbose;

static char *dup_n(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (!d) {
        fprintf(stderr, "roman_eval: out of memory\n");
        exit(2);
    }
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* Key of (s, n) into a caller buffer, retried once if it does not fit. */
static str key_of(int deva, const char *s, size_t n) {
    char small[256];
    size_t need = deva ? kh_key_deva(s, n, small, sizeof small)
                       : kh_key_latin(s, n, small, sizeof small);
    char *k = malloc(need + 1);
    if (!k)
        exit(2);
    if (need <= sizeof small)
        memcpy(k, small, need);
    else if (deva)
        kh_key_deva(s, n, k, need);
    else
        kh_key_latin(s, n, k, need);
    k[need] = 0;
    return (str){k, need};
}

/* The Devanagari spelling with nukta removed (precomposed nukta letters to
 * their base) and candrabindu as anusvara: two entries with equal folded
 * spellings are the same word, not a false match. */
static char *fold_same(const char *s) {
    size_t n = strlen(s), j = 0;
    char *d = dup_n(s, n);
    for (size_t i = 0; i < n;) {
        const unsigned char *p = (const unsigned char *)s + i;
        if (n - i >= 3 && p[0] == 0xE0 && p[1] == 0xA4 && p[2] == 0xBC) {
            i += 3; /* nukta */
            continue;
        }
        if (n - i >= 3 && p[0] == 0xE0 && p[1] == 0xA4 && p[2] == 0x81) {
            memcpy(d + j, "\xE0\xA4\x82", 3); /* candrabindu -> anusvara */
            i += 3, j += 3;
            continue;
        }
        if (n - i >= 3 && p[0] == 0xE0 && p[1] == 0xA5 && p[2] >= 0x98 &&
            p[2] <= 0x9F) {
            static const unsigned char base[8] = {0x95, 0x96, 0x97, 0x9C,
                                                  0xA1, 0xA2, 0xAB, 0xAF};
            d[j++] = (char)0xE0, d[j++] = (char)0xA4;
            d[j++] = (char)base[p[2] - 0x98];
            i += 3;
            continue;
        }
        d[j++] = s[i++];
    }
    d[j] = 0;
    return d;
}

static pair *read_pairs(const char *path, size_t *count) {
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 0, n = 0;
    pair *v = NULL;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == '#' || line[0] == 0)
            continue;
        char *t1 = strchr(line, '\t');
        if (!t1)
            continue;
        *t1 = 0;
        char *t2 = strchr(t1 + 1, '\t');
        if (t2)
            *t2 = 0;
        if (n == cap) {
            cap = cap ? 2 * cap : 512;
            v = realloc(v, cap * sizeof *v);
            if (!v)
                exit(2);
        }
        v[n].roman = dup_n(line, strlen(line));
        v[n].deva = dup_n(t1 + 1, strlen(t1 + 1));
        v[n].exonym = t2 && strcmp(t2 + 1, "x") == 0;
        n++;
    }
    fclose(f);
    *count = n;
    return v;
}

static void eval_pairs(const char *path) {
    size_t n;
    pair *v = read_pairs(path, &n);
    if (n == 0) {
        fprintf(stderr, "roman_eval: no pairs in %s\n", path);
        exit(2);
    }
    str *kr = malloc(n * sizeof *kr), *kd = malloc(n * sizeof *kd);
    char **fold = malloc(n * sizeof *fold);
    if (!kr || !kd || !fold)
        exit(2);
    size_t hit = 0, nx = 0, hit_nx = 0;
    for (size_t i = 0; i < n; i++) {
        kr[i] = key_of(0, v[i].roman, strlen(v[i].roman));
        kd[i] = key_of(1, v[i].deva, strlen(v[i].deva));
        fold[i] = fold_same(v[i].deva);
        int ok = kr[i].n == kd[i].n && memcmp(kr[i].s, kd[i].s, kr[i].n) == 0;
        hit += ok;
        if (!v[i].exonym) {
            nx++;
            hit_nx += ok;
        }
        if (!ok && verbose)
            printf("miss  %-18s %-18s %s%s != %s\n", v[i].roman, v[i].deva,
                   v[i].exonym ? "(x) " : "", kr[i].s, kd[i].s);
    }
    static const size_t K[] = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233};
    size_t tried = 0, false_hit = 0;
    for (size_t k = 0; k < sizeof K / sizeof K[0]; k++)
        for (size_t i = 0; i < n; i++) {
            size_t j = (i + K[k]) % n;
            if (strcmp(fold[i], fold[j]) == 0)
                continue;
            tried++;
            if (kr[i].n == kd[j].n && memcmp(kr[i].s, kd[j].s, kr[i].n) == 0) {
                false_hit++;
                if (verbose)
                    printf("false %-18s %-18s key %s\n", v[i].roman, v[j].deva,
                           kr[i].s);
            }
        }
    printf("pairs: %zu (%zu English spellings marked x)\n", n, n - nx);
    printf("match rate: %.2f%% (%zu/%zu); without x: %.2f%% (%zu/%zu)\n",
           100.0 * (double)hit / (double)n, hit, n,
           nx ? 100.0 * (double)hit_nx / (double)nx : 0.0, hit_nx, nx);
    printf("false-match rate: %.3f%% (%zu/%zu shifted pairs)\n",
           tried ? 100.0 * (double)false_hit / (double)tried : 0.0, false_hit,
           tried);
    for (size_t i = 0; i < n; i++) {
        free(kr[i].s), free(kd[i].s), free(fold[i]);
        free(v[i].roman), free(v[i].deva);
    }
    free(kr), free(kd), free(fold), free(v);
}

/* ---- HDTB word types ---------------------------------------------------- */

typedef struct {
    char *word, *key;
} wkey;

static int by_key(const void *a, const void *b) {
    const wkey *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->word, y->word);
}

static int by_word(const void *a, const void *b) {
    return strcmp(((const wkey *)a)->word, ((const wkey *)b)->word);
}

static int by_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A Devanagari word: only U+0900..U+097F letters and signs (no digits,
 * danda or other characters). */
static int deva_word(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    if (!*p)
        return 0;
    while (*p) {
        if (!(p[0] == 0xE0 && (p[1] == 0xA4 || p[1] == 0xA5) && p[2]))
            return 0;
        unsigned cp = 0x900 + ((unsigned)(p[1] - 0xA4) << 6) + (p[2] & 0x3F);
        if (cp == 0x964 || cp == 0x965 || (cp >= 0x966 && cp <= 0x96F) ||
            cp == 0x970)
            return 0;
        p += 3;
    }
    return 1;
}

/* Reads the FORM column of a CoNLL-U file (gzip) into tokens (all of them,
 * in order) and returns the count. */
static size_t read_forms(const char *path, char ***out) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "gzip -dc '%s'", path);
    FILE *f = popen(cmd, "r");
    if (!f)
        return 0;
    size_t n = 0, cap = 0;
    char **v = NULL, line[8192];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *t1 = strchr(line, '\t');
        if (!t1)
            continue;
        char *t2 = strchr(t1 + 1, '\t');
        if (!t2)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            v = realloc(v, cap * sizeof *v);
            if (!v)
                exit(2);
        }
        v[n++] = dup_n(t1 + 1, (size_t)(t2 - t1 - 1));
    }
    pclose(f);
    *out = v;
    return n;
}

static void eval_hdtb(char **forms, size_t nf) {
    /* distinct Devanagari types, folded so that spelling variants of one
     * word (nukta, candrabindu) are one type */
    char **t = malloc((nf ? nf : 1) * sizeof *t);
    size_t nt = 0, round_bad = 0, round_n = 0;
    if (!t)
        exit(2);
    for (size_t i = 0; i < nf; i++)
        if (deva_word(forms[i]))
            t[nt++] = forms[i];
    qsort(t, nt, sizeof *t, by_str);
    size_t u = 0;
    for (size_t i = 0; i < nt; i++)
        if (u == 0 || strcmp(t[u - 1], t[i]) != 0)
            t[u++] = t[i];
    nt = u;
    /* ISO round trip over the raw types: the inverse gives the NFC */
    for (size_t i = 0; i < nt; i++) {
        char a[1024], b[1024];
        size_t n = strlen(t[i]);
        size_t la = kh_roman_iso(t[i], n, a, sizeof a);
        size_t lb =
            la <= sizeof a ? kh_roman_iso_to_deva(a, la, b, sizeof b) : 0;
        char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)t[i]);
        if (!nfc)
            exit(2);
        size_t nn = strlen(nfc);
        int bad = lb != nn || memcmp(b, nfc, nn) != 0;
        free(nfc);
        round_n++;
        if (bad) {
            round_bad++;
            if (verbose)
                printf("round %s -> %.*s -> %.*s\n", t[i], (int)la, a, (int)lb,
                       b);
        }
    }
    /* fold spelling variants of one word together, then key each word */
    wkey *w = malloc((nt ? nt : 1) * sizeof *w);
    if (!w)
        exit(2);
    for (size_t i = 0; i < nt; i++)
        w[i].word = fold_same(t[i]);
    qsort(w, nt, sizeof *w, by_word);
    size_t nw = 0;
    for (size_t i = 0; i < nt; i++) {
        if (nw > 0 && strcmp(w[nw - 1].word, w[i].word) == 0) {
            free(w[i].word);
            continue;
        }
        w[nw++].word = w[i].word;
    }
    for (size_t i = 0; i < nw; i++)
        w[i].key = key_of(1, w[i].word, strlen(w[i].word)).s;
    qsort(w, nw, sizeof *w, by_key);
    size_t shared = 0, groups = 0;
    for (size_t i = 0; i < nw;) {
        size_t j = i;
        while (j < nw && strcmp(w[j].key, w[i].key) == 0)
            j++;
        if (j - i > 1) {
            shared += j - i;
            groups++;
            if (verbose) {
                printf("group %s:", w[i].key);
                for (size_t k = i; k < j; k++)
                    printf(" %s", w[k].word);
                printf("\n");
            }
        }
        i = j;
    }
    printf("HDTB dev types: %zu distinct Devanagari words (%zu after folding "
           "nukta/candrabindu)\n",
           nt, nw);
    printf("key collisions: %zu types (%.2f%%) share a key with another type, "
           "in %zu keys\n",
           shared, nw ? 100.0 * (double)shared / (double)nw : 0.0, groups);
    printf("ISO round trip: %zu/%zu types fail\n", round_bad, round_n);
    for (size_t i = 0; i < nw; i++)
        free(w[i].word), free(w[i].key);
    free(w), free(t);
}

/* ---- speed ----------------------------------------------------------------
 */

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID,
                  &ts); /* CPU time: fair on a busy machine */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef size_t (*word_fn)(const char *, size_t, char *, size_t);

/* Runs fn over every word of the list until about `target` bytes were
 * processed; returns MB/s of input. */
static double time_fn(word_fn fn, char **v, size_t *len, size_t n,
                      size_t target, size_t *sink) {
    char buf[1024];
    double best = 0;
    for (int round = 0; round < 5; round++) { /* best of 5: a shared machine */
        size_t done = 0;
        double t0 = now();
        while (done < target / 5)
            for (size_t i = 0; i < n; i++) {
                *sink += fn(v[i], len[i], buf, sizeof buf);
                done += len[i];
            }
        double r = (double)done / (now() - t0) / 1e6;
        if (r > best)
            best = r;
    }
    return best;
}

static void eval_speed(char **forms, size_t nf) {
    size_t *len = malloc((nf ? nf : 1) * sizeof *len);
    char **dv = malloc((nf ? nf : 1) * sizeof *dv);
    char **lat = malloc((nf ? nf : 1) * sizeof *lat);
    size_t *llen = malloc((nf ? nf : 1) * sizeof *llen);
    size_t nd = 0, sink = 0, bytes = 0, lbytes = 0;
    if (!len || !dv || !lat || !llen)
        exit(2);
    for (size_t i = 0; i < nf; i++)
        if (deva_word(forms[i])) {
            dv[nd] = forms[i];
            len[nd] = strlen(forms[i]);
            bytes += len[nd];
            /* a Latin spelling of the same word to time kh_key_latin */
            str k = key_of(1, forms[i], len[nd]);
            for (size_t j = 0; j < k.n; j++)
                if (k.s[j] >= 'A' && k.s[j] <= 'Z')
                    k.s[j] = (char)(k.s[j] - 'A' + 'a');
            lat[nd] = k.s;
            llen[nd] = k.n;
            lbytes += k.n;
            nd++;
        }
    if (nd == 0 || lbytes == 0) {
        printf("speed: no Devanagari words to time\n");
        free(len), free(dv), free(lat), free(llen);
        return;
    }
    size_t target = 64u << 20;
    printf("speed over %zu HDTB tokens (%zu bytes) repeated to ~64 MB (best of "
           "5 rounds):\n",
           nd, bytes);
    printf("  kh_key_deva   %.0f MB/s\n",
           time_fn(kh_key_deva, dv, len, nd, target, &sink));
    printf("  kh_roman_iso  %.0f MB/s\n",
           time_fn(kh_roman_iso, dv, len, nd, target, &sink));
    printf("  kh_key_latin  %.0f MB/s (on %zu bytes of Latin spellings)\n",
           time_fn(kh_key_latin, lat, llen, nd, target, &sink), lbytes);
    if (sink == 1)
        printf("\n");
    for (size_t i = 0; i < nd; i++)
        free(lat[i]);
    free(len), free(dv), free(lat), free(llen);
}

int main(int argc, char **argv) {
    const char *pairs = "tests/data/roman_pairs.tsv";
    const char *hdtb = NULL, *shared = getenv("SHARED");
    int speed = 0;
    for (int i = 1; i < argc; i++) {
        size_t n = strlen(argv[i]);
        struct stat st;
        if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[i], "--speed") == 0)
            speed = 1;
        else if (n > 3 && strcmp(argv[i] + n - 3, ".gz") == 0)
            hdtb = argv[i];
        else if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            shared = argv[i]; /* the shared data directory */
        else
            pairs = argv[i];
    }
    char def[4096];
    if (!hdtb) {
        snprintf(def, sizeof def, "%s/data/hdtb/dev.conllu.gz",
                 shared && *shared ? shared : "../shared");
        hdtb = def;
    }
    eval_pairs(pairs);
    FILE *probe = fopen(hdtb, "rb");
    if (!probe) {
        printf("HDTB: %s not found, collision figure skipped\n", hdtb);
        return 0;
    }
    fclose(probe);
    char **forms = NULL;
    size_t nf = read_forms(hdtb, &forms);
    eval_hdtb(forms, nf);
    if (speed)
        eval_speed(forms, nf);
    for (size_t i = 0; i < nf; i++)
        free(forms[i]);
    free(forms);
    return 0;
}
