/*
 * gazetteer.c — turns the word lists of gazetteer_lists.c into two hash
 * sets the tagger looks words up in: single words (normalized exactly as
 * the analyzer normalizes tokens, so spelling variants meet) and phrases
 * of up to KH_GAZ_MAX_WORDS words (keyed by the combined hashes of their
 * words' norms). Built once per tagger, then read-only.
 */
#include "analyze.h"
#include "core.h"
#include "enrich.h"

#include <stdlib.h>
#include <string.h>

uint64_t kh_ner_hash(const void *s, size_t n, uint64_t seed) {
    /* FNV-1a then a final mix: tokens are short, and this needs no
     * library beyond what the project already has. */
    const unsigned char *p = s;
    uint64_t h = 0xCBF29CE484222325ull ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001B3ull;
    return kh_ner_mix(h, seed);
}

uint32_t kh_hashset_get(const kh_hashset *s, uint64_t key) {
    if (!s->keys)
        return 0;
    for (size_t i = (size_t)key & s->mask;; i = (i + 1) & s->mask) {
        if (s->keys[i] == key)
            return s->vals[i];
        if (!s->keys[i])
            return 0;
    }
}

static int hashset_init(kh_hashset *s, size_t n) {
    size_t cap = 64;
    while (cap < 2 * n)
        cap <<= 1;
    s->keys = calloc(cap, sizeof *s->keys);
    s->vals = calloc(cap, sizeof *s->vals);
    s->mask = cap - 1;
    return s->keys && s->vals ? 0 : -1;
}

static void hashset_or(kh_hashset *s, uint64_t key, uint32_t bits) {
    size_t i = (size_t)key & s->mask;
    while (s->keys[i] && s->keys[i] != key)
        i = (i + 1) & s->mask;
    s->keys[i] = key;
    s->vals[i] |= bits;
}

static void hashset_free(kh_hashset *s) {
    free(s->keys);
    free(s->vals);
    memset(s, 0, sizeof *s);
}

/* Hash of one word's norm: the same value kh_ner_tok.word gets. */
static uint64_t word_hash(const char *w, size_t n) {
    char buf[256];
    int same = 0;
    size_t m = kh_norm(w, n, 0, buf, sizeof buf, &same);
    if (same)
        return kh_ner_hash(w, n, 0);
    return kh_ner_hash(buf, m < sizeof buf ? m : sizeof buf, 0);
}

/* Calls fn for each entry of a list with its words' hashes. */
static void each_entry(const char *list, unsigned bits, kh_gazetteer *g,
                       size_t *count) {
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, '|');
        if (!e)
            e = p + strlen(p);
        uint64_t h[KH_GAZ_MAX_WORDS];
        size_t nw = 0;
        const char *w = p;
        while (w < e && nw < KH_GAZ_MAX_WORDS) {
            const char *sp = memchr(w, ' ', (size_t)(e - w));
            if (!sp)
                sp = e;
            if (sp > w)
                h[nw++] = word_hash(w, (size_t)(sp - w));
            w = sp + 1;
        }
        if (count)
            (*count)++;
        else if (nw == 1)
            hashset_or(&g->words, h[0], bits);
        else if (nw > 1) {
            uint64_t k = h[0];
            for (size_t i = 1; i < nw; i++)
                k = kh_ner_mix(k, h[i]);
            hashset_or(&g->phrases, k, bits);
        }
        p = *e ? e + 1 : e;
    }
}

kh_status kh_gazetteer_build(kh_gazetteer *g, kh_error *err) {
    memset(g, 0, sizeof *g);
    size_t n = 0;
    for (const kh_gaz_list *l = kh_gaz_lists; l->entries; l++)
        each_entry(l->entries, l->bits, g, &n);
    if (hashset_init(&g->words, n) || hashset_init(&g->phrases, n)) {
        kh_gazetteer_free(g);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (gazetteer)");
    }
    for (const kh_gaz_list *l = kh_gaz_lists; l->entries; l++)
        each_entry(l->entries, l->bits, g, NULL);
    return KH_OK;
}

void kh_gazetteer_free(kh_gazetteer *g) {
    hashset_free(&g->words);
    hashset_free(&g->phrases);
}
