/*
 * summary_eval.c — ROUGE-1 and ROUGE-2 of khabar's extractive summary
 * against the real headlines of news articles, next to the lead-1 and
 * lead-3 baselines computed in the same run.
 *
 * Each record is cleaned with its title given, so the cleaner removes the
 * headline where the text repeats it at the top; the summary and the
 * baselines read only the standfirst and body (never the title). The
 * `leaks` line counts articles whose first body sentence is still close
 * to the headline (ROUGE-1 F1 >= 0.9), where a lead baseline scores
 * because of the scrape, not the sentence choice.
 *
 * Tokens are khabar's normalized tokens (kh_analyze `norm`) of words and
 * numbers; punctuation is left out. ROUGE-N recall, precision and F1 per
 * article with clipped n-gram counts, averaged over articles (macro).
 *
 *   summary_eval FILE.jsonl.gz...
 */
#define _GNU_SOURCE
#include "news_records.h"

#include <jansson.h>
#include <khabar.h>
#include <stdint.h>

typedef struct toks {
    uint64_t *h; /* token hashes */
    size_t n, cap;
} toks;

static uint64_t hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Appends the normalized word and number tokens of (s, n). */
static void tokens(const kh_analyzer *an, kh_doc *doc, const char *s, size_t n,
                   toks *t) {
    kh_error err = {0};
    if (kh_analyze(an, doc, s, n, 0, &err))
        return;
    for (size_t i = 0; i < kh_doc_token_count(doc); i++) {
        const kh_token *k = kh_doc_token(doc, i);
        if (k->type != KH_TOKEN_WORD && k->type != KH_TOKEN_NUMBER)
            continue;
        if (t->n == t->cap) {
            t->cap = t->cap ? 2 * t->cap : 256;
            t->h = realloc(t->h, t->cap * sizeof *t->h);
        }
        t->h[t->n++] = hash(k->norm, k->norm_len);
    }
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* n-grams (n = 1, 2) of t as sorted hashes; returns the count. */
static size_t grams(const toks *t, int n, uint64_t *out) {
    size_t k = 0;
    for (size_t i = 0; i + (size_t)n <= t->n; i++)
        out[k++] =
            n == 1 ? t->h[i] : t->h[i] * 0x9E3779B97F4A7C15ull ^ t->h[i + 1];
    qsort(out, k, sizeof *out, cmp_u64);
    return k;
}

/* ROUGE-N of candidate c against reference r: recall, precision, F1. */
static void rouge(const toks *c, const toks *r, int n, double *R, double *P,
                  double *F) {
    uint64_t *a = malloc((c->n + 1) * sizeof *a),
             *b = malloc((r->n + 1) * sizeof *b);
    size_t na = grams(c, n, a), nb = grams(r, n, b), i = 0, j = 0, hit = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j])
            hit++, i++, j++;
        else if (a[i] < b[j])
            i++;
        else
            j++;
    }
    *R = nb ? (double)hit / (double)nb : 0;
    *P = na ? (double)hit / (double)na : 0;
    *F = *R + *P > 0 ? 2 * *R * *P / (*R + *P) : 0;
    free(a);
    free(b);
}

enum { LEAD1, LEAD3, KH1, KH3, NSYS };
static const char *const names[NSYS] = {"lead-1", "lead-3", "khabar-1",
                                        "khabar-3"};

int main(int argc, char **argv) {
    news_records rec = {argv + 1, argc - 1, 0, NULL, NULL, 0};
    kh_error err = {0};
    kh_cleaner *cl;
    kh_enricher *en1, *en3;
    kh_analyzer *an;
    kh_doc *doc;
    kh_enrich_options o1 = {.max_summary = 1}, o3 = {.max_summary = 3};
    if (kh_cleaner_new(NULL, &cl, &err) || kh_enricher_new(&o1, &en1, &err) ||
        kh_enricher_new(&o3, &en3, &err) || kh_analyzer_new(NULL, &an, &err) ||
        kh_doc_new(&doc, &err)) {
        fprintf(stderr, "summary_eval: %s\n", err.message);
        return 1;
    }
    double sum[NSYS][6] = {{0}}, len[NSYS] = {0};
    size_t n = 0, leaks = 0, skipped = 0;
    char *line;
    size_t ll;
    while ((line = news_next(&rec, &ll))) {
        json_t *j = json_loadb(line, ll, 0, NULL);
        const char *title =
            j ? json_string_value(json_object_get(j, "title")) : NULL;
        kh_article *a = NULL;
        if (!title || !*title || kh_clean_json_record(cl, line, ll, &a, &err)) {
            skipped++;
            json_decref(j);
            continue;
        }
        toks ref = {0}, sys[NSYS] = {{0}};
        tokens(an, doc, title, strlen(title), &ref);
        /* lead-k: the first sentences of the standfirst and body */
        size_t lead = 0;
        for (int part = 0; part < 2 && lead < 3; part++)
            for (size_t s = 0; s < (part ? a->n_sections : 1) && lead < 3; s++)
                for (size_t p = 0;
                     p < (part ? a->sections[s].n_paragraphs : 1) && lead < 3;
                     p++) {
                    const char *t = part ? a->sections[s].paragraphs[p].text
                                         : a->standfirst;
                    if (!t)
                        continue;
                    size_t tl = strlen(t);
                    if (kh_analyze(an, doc, t, tl, 0, &err))
                        continue;
                    size_t ns = kh_doc_sentence_count(doc);
                    for (size_t k = 0; k < ns && lead < 3; k++, lead++) {
                        const kh_sentence *se = kh_doc_sentence(doc, k);
                        const char *st = t + se->start;
                        size_t sl = se->end - se->start;
                        kh_doc *d2;
                        kh_doc_new(&d2, &err);
                        if (lead == 0)
                            tokens(an, d2, st, sl, &sys[LEAD1]);
                        tokens(an, d2, st, sl, &sys[LEAD3]);
                        kh_doc_free(d2);
                    }
                }
        kh_enrichment *e1 = NULL, *e3 = NULL;
        if (!lead || kh_enrich_article(en1, doc, a, &e1, &err) ||
            kh_enrich_article(en3, doc, a, &e3, &err)) {
            skipped++;
        } else {
            for (size_t k = 0; k < e1->n_summary; k++)
                tokens(an, doc, e1->summary[k].text, e1->summary[k].len,
                       &sys[KH1]);
            for (size_t k = 0; k < e3->n_summary; k++)
                tokens(an, doc, e3->summary[k].text, e3->summary[k].len,
                       &sys[KH3]);
            for (int s = 0; s < NSYS; s++) {
                double v[6];
                rouge(&sys[s], &ref, 1, &v[0], &v[1], &v[2]);
                rouge(&sys[s], &ref, 2, &v[3], &v[4], &v[5]);
                for (int k = 0; k < 6; k++)
                    sum[s][k] += v[k];
                len[s] += (double)sys[s].n;
                if (s == LEAD1 && v[2] >= 0.9)
                    leaks++;
            }
            n++;
        }
        kh_enrichment_free(e1);
        kh_enrichment_free(e3);
        for (int s = 0; s < NSYS; s++)
            free(sys[s].h);
        free(ref.h);
        kh_article_free(a);
        json_decref(j);
    }
    printf("articles %zu (skipped %zu: no title, no body or a failed record)\n",
           n, skipped);
    printf("leaks    %zu (first body sentence with ROUGE-1 F1 >= 0.9 against "
           "the headline)\n",
           leaks);
    printf("%-9s %7s | %6s %6s %6s | %6s %6s %6s\n", "system", "tokens", "R1-R",
           "R1-P", "R1-F", "R2-R", "R2-P", "R2-F");
    for (int s = 0; s < NSYS && n; s++)
        printf("%-9s %7.1f | %6.2f %6.2f %6.2f | %6.2f %6.2f %6.2f\n", names[s],
               len[s] / (double)n, 100 * sum[s][0] / (double)n,
               100 * sum[s][1] / (double)n, 100 * sum[s][2] / (double)n,
               100 * sum[s][3] / (double)n, 100 * sum[s][4] / (double)n,
               100 * sum[s][5] / (double)n);
    news_close(&rec);
    kh_doc_free(doc);
    kh_analyzer_free(an);
    kh_enricher_free(en1);
    kh_enricher_free(en3);
    kh_cleaner_free(cl);
    return 0;
}
