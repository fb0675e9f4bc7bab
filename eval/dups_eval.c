/*
 * dups_eval.c — precision and recall of khabar's near-duplicate
 * fingerprints on pairs built by editing real articles, against pairs of
 * unrelated articles.
 *
 * For every article a seeded generator (splitmix64, seed 20250505) makes
 * five edited copies of its raw text:
 *
 *   furniture  2 to 4 lines of page furniture inserted at random places
 *              (share prompts, "यह भी पढ़ें" with another article's title,
 *              time stamps, photo credits, tags, advertisement markers)
 *   drop       10 to 25% of the sentences removed (at least one)
 *   reorder    one sentence moved elsewhere and two paragraphs swapped
 *   typos      one word in 30 changed: a character deleted, doubled or
 *              swapped with its neighbour
 *   all        all four at once
 *
 * Original and copy are cleaned (as JSON Lines records, title given) and
 * enriched; a pair is called a near-duplicate when the fingerprints are
 * within the threshold. Unrelated pairs: every pair of different
 * originals (all of them, so the false-positive rate is measured over
 * ~500,000 pairs). Recall is per kind of edit and over all edited pairs;
 * precision is over the pool of all edited and all unrelated pairs, with
 * the count of unrelated pairs called near-duplicates beside it. The grouping
 * routine (kh_fingerprint_groups) is checked against a brute-force pass over
 * the same fingerprints.
 *
 *   dups_eval FILE.jsonl.gz...
 */
#define _GNU_SOURCE
#include "news_records.h"

#include <jansson.h>
#include <khabar.h>
#include <stdint.h>
#include <time.h>

static uint64_t rng_state = 20250505;
static uint64_t rnd(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static size_t below(size_t n) {
    return n ? (size_t)(rnd() % n) : 0;
}

typedef struct span {
    size_t s, e;
} span;

/* Sentences of raw text: ends after । ? ! or ". ", and at line breaks
 * (which are kept as their own pieces so paragraphs survive). */
static size_t sentences(const char *t, size_t n, span *out) {
    size_t k = 0, start = 0;
    for (size_t i = 0; i < n; i++) {
        int end = 0;
        size_t stop = i + 1;
        if (t[i] == '\n')
            end = 1;
        else if ((unsigned char)t[i] == 0xE0 && i + 2 < n &&
                 (unsigned char)t[i + 1] == 0xA5 &&
                 (unsigned char)t[i + 2] == 0xA4)
            end = 1, stop = i + 3;
        else if ((t[i] == '.' || t[i] == '?' || t[i] == '!') &&
                 (i + 1 == n || t[i + 1] == ' '))
            end = 1;
        if (end) {
            while (stop < n && t[stop] == ' ')
                stop++;
            out[k++] = (span){start, stop};
            start = stop;
            i = stop - 1;
        }
    }
    if (start < n)
        out[k++] = (span){start, n};
    return k;
}

static const char *const furniture[] = {
    "शेयर करें: Facebook Twitter WhatsApp",
    "फॉलो करें:",
    "Updated: 14 Jun 2025, 09:40 AM IST",
    "फोटो: सोशल मीडिया",
    "Advertisement",
    "ऐप डाउनलोड करें और पढ़ें ताज़ा खबरें",
    "Tags: देश, राज्य, ताज़ा खबर",
    "कमेंट लिखें",
};

enum { K_FURN = 1, K_DROP = 2, K_REORDER = 4, K_TYPOS = 8 };

static void put(char **b, size_t *n, size_t *cap, const char *s, size_t l) {
    if (*n + l + 1 > *cap) {
        *cap = 2 * (*n + l + 1);
        *b = realloc(*b, *cap);
    }
    memcpy(*b + *n, s, l);
    *n += l;
    (*b)[*n] = '\0';
}

/* Length of the UTF-8 character at s. */
static size_t cplen(unsigned char c) {
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static char *typos(const char *t, size_t n) {
    char *b = NULL;
    size_t bn = 0, cap = 0;
    size_t i = 0;
    while (i < n) {
        size_t l = cplen((unsigned char)t[i]);
        if (i + l > n)
            l = n - i;
        int word_start = (i == 0 || t[i - 1] == ' ') && t[i] != ' ';
        if (word_start && below(30) == 0) {
            /* change this word's second character */
            size_t w = i + l;
            if (w < n && t[w] != ' ' && t[w] != '\n') {
                size_t l2 = cplen((unsigned char)t[w]);
                if (w + l2 > n)
                    l2 = n - w;
                int op = (int)below(3);
                put(&b, &bn, &cap, t + i, l);
                if (op == 1)
                    put(&b, &bn, &cap, t + w, l2),
                        put(&b, &bn, &cap, t + w, l2);
                else if (op == 2 && w + l2 < n && t[w + l2] != ' ' &&
                         t[w + l2] != '\n') {
                    size_t l3 = cplen((unsigned char)t[w + l2]);
                    if (w + l2 + l3 > n)
                        l3 = n - w - l2;
                    put(&b, &bn, &cap, t + w + l2, l3);
                    put(&b, &bn, &cap, t + w, l2);
                    l2 += l3;
                } else if (op == 2) {
                    put(&b, &bn, &cap, t + w, l2);
                }
                i = w + l2;
                continue;
            }
        }
        put(&b, &bn, &cap, t + i, l);
        i += l;
    }
    if (!b)
        put(&b, &bn, &cap, "", 0);
    return b;
}

/* The edited copy of text t (n bytes); `other` is another title. */
static char *edit(const char *t, size_t n, unsigned kinds, const char *other) {
    span *sp = malloc((n + 2) * sizeof *sp);
    size_t ns = sentences(t, n, sp);
    size_t *ord = malloc((ns + 1) * sizeof *ord);
    size_t no = 0;
    for (size_t i = 0; i < ns; i++)
        ord[no++] = i;
    if (kinds & K_DROP) {
        size_t real = 0;
        for (size_t i = 0; i < ns; i++)
            real += sp[i].e - sp[i].s > 2;
        size_t drop = real * (10 + below(16)) / 100;
        if (!drop)
            drop = 1;
        for (size_t d = 0; d < drop && no > 1; d++) {
            size_t k = below(no);
            if (sp[ord[k]].e - sp[ord[k]].s <= 2)
                continue; /* a bare line break */
            memmove(ord + k, ord + k + 1, (no - k - 1) * sizeof *ord);
            no--;
        }
    }
    if ((kinds & K_REORDER) && no > 2) {
        size_t a = below(no), b = below(no);
        size_t x = ord[a];
        memmove(ord + a, ord + a + 1, (no - a - 1) * sizeof *ord);
        if (b > no - 1)
            b = no - 1;
        memmove(ord + b + 1, ord + b, (no - 1 - b) * sizeof *ord);
        ord[b] = x;
    }
    char *b = NULL;
    size_t bn = 0, cap = 0;
    size_t furn = (kinds & K_FURN) ? 2 + below(3) : 0;
    for (size_t i = 0; i < no; i++) {
        const span *s = &sp[ord[i]];
        put(&b, &bn, &cap, t + s->s, s->e - s->s);
        if (furn && below(no) < furn + 1) {
            char line[1024];
            if (below(4) == 0 && other)
                snprintf(line, sizeof line, "\nयह भी पढ़ें: %s\n", other);
            else
                snprintf(
                    line, sizeof line, "\n%s\n",
                    furniture[below(sizeof furniture / sizeof *furniture)]);
            put(&b, &bn, &cap, line, strlen(line));
            furn--;
        }
    }
    if (!b)
        put(&b, &bn, &cap, "", 0);
    if ((kinds & K_REORDER) && bn) {
        /* swap two paragraphs: cut at two line breaks */
        char *p1 = strchr(b, '\n');
        char *p2 = p1 ? strchr(p1 + 1, '\n') : NULL;
        if (p1 && p2 && p2 > p1 + 1) {
            size_t la = (size_t)(p1 - b), lb = (size_t)(p2 - p1 - 1);
            char *tmp = malloc(bn + 1);
            memcpy(tmp, p1 + 1, lb);
            tmp[lb] = '\n';
            memcpy(tmp + lb + 1, b, la);
            memcpy(tmp + lb + 1 + la, p2, bn - (size_t)(p2 - b));
            tmp[bn] = '\0';
            free(b);
            b = tmp;
        }
    }
    if (kinds & K_TYPOS) {
        char *c = typos(b, bn);
        free(b);
        b = c;
    }
    free(sp);
    free(ord);
    return b;
}

/* The fingerprint of a record with this text (-1 on failure). */
static int fingerprint(const kh_cleaner *cl, const kh_enricher *en, json_t *rec,
                       const char *text, uint64_t *fp) {
    json_t *r = json_deep_copy(rec);
    json_object_set_new(r, "text", json_string(text));
    char *line = json_dumps(r, JSON_COMPACT);
    json_decref(r);
    kh_article *a = NULL;
    kh_enrichment *e = NULL;
    kh_error err = {0};
    int rc = -1;
    if (line && !kh_clean_json_record(cl, line, strlen(line), &a, &err) &&
        !kh_enrich_article(en, NULL, a, &e, &err)) {
        *fp = e->fingerprint;
        rc = 0;
    }
    kh_enrichment_free(e);
    kh_article_free(a);
    free(line);
    return rc;
}

#define NKIND 5
static const unsigned kind_bits[NKIND] = {
    K_FURN, K_DROP, K_REORDER, K_TYPOS, K_FURN | K_DROP | K_REORDER | K_TYPOS};
static const char *const kind_name[NKIND] = {"furniture", "drop", "reorder",
                                             "typos", "all"};

int main(int argc, char **argv) {
    news_records rec = {argv + 1, argc - 1, 0, NULL, NULL, 0};
    kh_error err = {0};
    kh_cleaner *cl;
    kh_enricher *en;
    if (kh_cleaner_new(NULL, &cl, &err) || kh_enricher_new(NULL, &en, &err)) {
        fprintf(stderr, "dups_eval: %s\n", err.message);
        return 1;
    }
    json_t *recs = json_array();
    char *line;
    size_t ll;
    while ((line = news_next(&rec, &ll))) {
        json_t *j = json_loadb(line, ll, 0, NULL);
        if (j && json_is_string(json_object_get(j, "text")))
            json_array_append_new(recs, j);
        else
            json_decref(j);
    }
    size_t n = json_array_size(recs);
    uint64_t *orig = calloc(n + 1, sizeof *orig);
    int *ok = calloc(n + 1, sizeof *ok);
    unsigned(*dist)[NKIND] = calloc(n + 1, sizeof *dist);
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(recs, i);
        const char *text = json_string_value(json_object_get(r, "text"));
        ok[i] = !fingerprint(cl, en, r, text, &orig[i]);
        const char *other = json_string_value(json_object_get(
            json_array_get(recs, (i + 1 + below(n - 1)) % n), "title"));
        for (int k = 0; k < NKIND; k++) {
            char *copy = edit(text, strlen(text), kind_bits[k], other);
            uint64_t fp = 0;
            dist[i][k] = ok[i] && !fingerprint(cl, en, r, copy, &fp)
                             ? kh_fingerprint_distance(orig[i], fp)
                             : 65;
            free(copy);
        }
    }
    /* unrelated: all pairs of different originals */
    size_t hist[66] = {0}, pairs = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (ok[i] && ok[j]) {
                hist[kh_fingerprint_distance(orig[i], orig[j])]++;
                pairs++;
            }
    size_t good = 0;
    for (size_t i = 0; i < n; i++)
        good += ok[i];
    printf("articles %zu (fingerprinted %zu), edited pairs %zu, unrelated "
           "pairs %zu\n",
           n, good, good * NKIND, pairs);
    printf("%-5s", "bits");
    for (int k = 0; k < NKIND; k++)
        printf(" %9s", kind_name[k]);
    printf(" | %9s %12s %9s\n", "recall", "false pairs", "precision");
    size_t below_t = 0;
    for (unsigned t = 0; t <= 24; t++) {
        below_t += hist[t];
        size_t hit[NKIND] = {0}, tot = 0;
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < NKIND; k++)
                if (ok[i] && dist[i][k] <= t)
                    hit[k]++, tot++;
        if (t % 2 && t != 3)
            continue;
        /* precision over the pool of all edited and all unrelated pairs */
        double prec = tot + below_t ? (double)tot / (double)(tot + below_t) : 1;
        printf("%-5u", t);
        for (int k = 0; k < NKIND; k++)
            printf(" %8.2f%%",
                   good ? 100.0 * (double)hit[k] / (double)good : 0);
        printf(" | %8.2f%% %12zu %8.2f%%\n",
               good ? 100.0 * (double)tot / (double)(good * NKIND) : 0, below_t,
               100 * prec);
    }
    /* grouping: kh_fingerprint_groups against brute force */
    unsigned th = KH_FINGERPRINT_NEAR;
    size_t *g = malloc((n + 1) * sizeof *g), *bf = malloc((n + 1) * sizeof *bf);
    clock_t c0 = clock();
    if (kh_fingerprint_groups(orig, n, th, g, &err)) {
        fprintf(stderr, "dups_eval: %s\n", err.message);
        return 1;
    }
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    for (size_t i = 0; i < n; i++)
        bf[i] = i;
    for (size_t i = 0; i < n; i++) /* naive union: the smallest index */
        for (size_t j = i + 1; j < n; j++)
            if (kh_fingerprint_distance(orig[i], orig[j]) <= th) {
                size_t a = bf[i], b = bf[j], lo = a < b ? a : b;
                for (size_t k = 0; k < n; k++)
                    if (bf[k] == a || bf[k] == b)
                        bf[k] = lo;
            }
    size_t diff = 0, groups = 0;
    for (size_t i = 0; i < n; i++) {
        diff += g[i] != bf[i];
        groups += g[i] == i;
    }
    printf("grouping at %u bits: %zu groups for %zu articles, %zu differ from "
           "brute force, %.3f s\n",
           th, groups, n, diff, secs);
    free(g), free(bf), free(orig), free(ok), free(dist);
    json_decref(recs);
    news_close(&rec);
    kh_enricher_free(en);
    kh_cleaner_free(cl);
    return diff ? 1 : 0;
}
