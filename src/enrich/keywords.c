/*
 * keywords.c — the article's content stems weighted against corpus
 * statistics: tf-idf, where tf counts a title word three times and a
 * standfirst or heading word twice, and idf comes from document
 * frequencies — an index's own (kh_df_fn) or the small built-in table in
 * df_table.inc (stems of Hindi news with their document frequency;
 * `make df-table` rebuilds it from ../shared/data/news). Stems are
 * kh_analyze's; closed-class words, numbers and one-letter words are
 * left out.
 */
#include "enrich.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

typedef struct df_entry {
    en_word stem; /* first: en_word_find reads it */
    uint32_t df;
} df_entry;

#include "df_table.inc"

uint64_t en_default_df(void *ctx, const char *stem, size_t n) {
    (void)ctx;
    size_t count = sizeof df_table / sizeof *df_table;
    size_t i = en_word_find(df_table, count, sizeof *df_table, stem, n);
    return i < count ? df_table[i].df : 0;
}

double en_idf(const en_df *df, const char *stem, size_t n) {
    double N = (double)df->docs;
    double f = (double)df->fn(df->ctx, stem, n);
    if (f > N)
        f = N;
    return log(1.0 + (N - f + 0.5) / (f + 0.5));
}

int en_content_token(const en_tok *t) {
    if (t->type != KH_TOKEN_WORD || t->script == KH_SCRIPT_NONE ||
        t->script == KH_SCRIPT_OTHER || !t->stem_len)
        return 0;
    /* two letters at least: 2 bytes of Latin, a Devanagari letter and a
     * sign (6 bytes) */
    size_t min = t->script == KH_SCRIPT_LATIN ? 3 : 6;
    if (t->norm_len < min || t->stem_len < (min == 3 ? 2u : 3u))
        return 0;
    return !en_is_closed(t->norm, t->norm_len) &&
           !en_is_time_word(t->norm, t->norm_len);
}

static double unit_weight(kh_where w) {
    switch (w) {
    case KH_WHERE_TITLE: return 3;
    case KH_WHERE_STANDFIRST:
    case KH_WHERE_HEADING:
    case KH_WHERE_KICKER: return 2;
    default: return 1;
    }
}

int en_terms(en_doc *d, const en_df *df) {
    size_t cap = 64;
    while (cap < 2 * d->n_toks)
        cap *= 2;
    int32_t *slot = kh_arena_alloc(d->arena, cap * sizeof *slot);
    d->term_of = kh_arena_alloc(d->arena, (d->n_toks + 1) * sizeof *d->term_of);
    d->terms = kh_arena_alloc(d->arena, (d->n_toks + 1) * sizeof *d->terms);
    if (!slot || !d->term_of || !d->terms)
        return -1;
    memset(slot, 0xFF, cap * sizeof *slot);
    d->n_terms = 0;
    for (size_t i = 0; i < d->n_toks; i++) {
        const en_tok *t = &d->toks[i];
        d->term_of[i] = -1;
        if (!en_content_token(t))
            continue;
        size_t h = (size_t)XXH3_64bits(t->stem, t->stem_len) & (cap - 1);
        while (slot[h] >= 0) {
            const en_term *e = &d->terms[slot[h]];
            if (e->stem_len == t->stem_len &&
                !memcmp(e->stem, t->stem, t->stem_len))
                break;
            h = (h + 1) & (cap - 1);
        }
        if (slot[h] < 0) {
            en_term *e = &d->terms[d->n_terms];
            memset(e, 0, sizeof *e);
            e->stem = t->stem;
            e->stem_len = t->stem_len;
            e->idf = en_idf(df, t->stem, t->stem_len);
            e->key = t->key;
            e->key_len = t->key_len;
            e->script = t->script;
            slot[h] = (int32_t)d->n_terms++;
        }
        en_term *e = &d->terms[slot[h]];
        d->term_of[i] = slot[h];
        e->count++;
        e->tfw += unit_weight(d->units[t->unit].where);
        for (int f = 0; f < 4; f++) {
            if (!e->form[f]) {
                e->form[f] = t->norm;
                e->form_len[f] = t->norm_len;
            }
            if (e->form_len[f] == t->norm_len &&
                !memcmp(e->form[f], t->norm, t->norm_len)) {
                e->form_n[f]++;
                break;
            }
        }
    }
    return 0;
}

static double term_score(const en_term *e) {
    return (1.0 + log(e->tfw)) * e->idf;
}

static int by_score(const void *a, const void *b) {
    const kh_keyword *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight < y->weight ? 1 : -1;
    return strcmp(x->stem, y->stem);
}

/* A name written in Latin letters inside Hindi text ("Putin", "Bharat")
 * counts for the Devanagari word with the same phonetic key (पुतिन,
 * भारत), so one keyword stands for both. Only Latin to Devanagari:
 * between Devanagari words the loose key would merge distinct words. */
static void merge_latin(en_doc *d, unsigned char *merged) {
    for (size_t i = 0; i < d->n_terms; i++) {
        en_term *l = &d->terms[i];
        if (l->script != KH_SCRIPT_LATIN || l->key_len < 3)
            continue;
        for (size_t j = 0; j < d->n_terms; j++) {
            en_term *v = &d->terms[j];
            if (v->script == KH_SCRIPT_DEVANAGARI && v->key_len == l->key_len &&
                !memcmp(v->key, l->key, l->key_len)) {
                v->tfw += l->tfw;
                v->count += l->count;
                merged[i] = 1;
                break;
            }
        }
    }
}

int en_keywords(en_doc *d, size_t max, const char *const *names,
                kh_keyword **out, size_t *n) {
    kh_keyword *k = kh_arena_alloc(d->arena, (d->n_terms + 1) * sizeof *k);
    unsigned char *merged = kh_arena_alloc(d->arena, d->n_terms + 1);
    if (!k || !merged)
        return -1;
    memset(merged, 0, d->n_terms + 1);
    merge_latin(d, merged);
    size_t m = 0;
    for (size_t i = 0; i < d->n_terms; i++) {
        const en_term *e = &d->terms[i];
        if (merged[i])
            continue;
        /* a word said once, outside the title, is not what the article
         * is about, however rare */
        if (e->count < 2 && e->tfw < 3)
            continue;
        int best = 0;
        for (int f = 1; f < 4 && e->form[f]; f++)
            if (e->form_n[f] > e->form_n[best])
                best = f;
        k[m].stem = kh_arena_strndup(d->arena, e->stem, e->stem_len);
        k[m].text =
            names && names[i]
                ? names[i]
                : kh_arena_strndup(d->arena, e->form[best], e->form_len[best]);
        if (!k[m].stem || !k[m].text)
            return -1;
        k[m].weight = term_score(e);
        k[m].count = e->count;
        m++;
    }
    qsort(k, m, sizeof *k, by_score);
    /* the best max, one per text: two words of one name (व्लादिमीर,
     * पुतिन) are one keyword */
    size_t kept = 0;
    for (size_t i = 0; i < m && kept < max; i++) {
        size_t j = 0;
        while (j < kept && strcmp(k[j].text, k[i].text))
            j++;
        if (j == kept)
            k[kept++] = k[i];
    }
    *out = k;
    *n = kept;
    return 0;
}
