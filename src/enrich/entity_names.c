/*
 * entity_names.c — one entity, one name: the kh_namebook groups the ways a
 * name is written (पुतिन / व्लादिमीर पुतिन / Vladimir Putin; मोदी /
 * PM मोदी / प्रधानमंत्री नरेंद्र मोदी) and picks the group's canonical name.
 *
 * A name is reduced to the phonetic keys of its words (kh_phonetic_key:
 * Devanagari and romanized spellings meet) after the titles around it are
 * dropped (श्री, PM, प्रधानमंत्री, ... जी). Names with the same keys and
 * type are one entry. Entries are joined into groups (union-find):
 *   - a PERSON of one word joins the full name that ends with it (पुतिन ->
 *     व्लादिमीर पुतिन), but only when exactly one group has such a full
 *     name: गांधी beside सोनिया गांधी and राहुल गांधी stays on its own;
 *   - two PERSON names with the same first and last words are one
 *     (नरेंद्र मोदी, नरेंद्र दामोदरदास मोदी).
 * The canonical name is the group's entry with the most words, Devanagari
 * before Latin, then the most mentions, then the first seen.
 */
#include "core.h"
#include "enrich.h"

#include <stdlib.h>
#include <string.h>

typedef struct name_entry {
    char *text; /* title-stripped, words joined by one space, NUL-ended */
    size_t len;
    kh_entity_type type;
    uint64_t key;         /* of all words' keys */
    uint64_t first, last; /* keys of the first and last word */
    unsigned nwords;
    int deva;
    size_t count, order;
    size_t parent, best;        /* union-find; best entry of a root's group */
    size_t next_key, next_last; /* hash chains */
} name_entry;

struct kh_namebook {
    kh_gazetteer own;        /* built by kh_namebook_new */
    const kh_gazetteer *gaz; /* for the titles: own, or a tagger's */
    name_entry *e;
    size_t n, cap;
    size_t *by_key, *by_last; /* bucket heads (index + 1; 0 = empty) */
    size_t mask;
};

#define NIL ((size_t)0)

kh_status kh_namebook_new_with(const kh_gazetteer *g, kh_namebook **out,
                               kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_namebook_new: out is NULL");
    kh_namebook *nb = calloc(1, sizeof *nb);
    if (!nb)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (namebook)");
    kh_status st = g ? KH_OK : kh_gazetteer_build(&nb->own, err);
    if (st) {
        free(nb);
        return st;
    }
    nb->gaz = g ? g : &nb->own;
    *out = nb;
    return KH_OK;
}

kh_status kh_namebook_new(kh_namebook **out, kh_error *err) {
    return kh_namebook_new_with(NULL, out, err);
}

void kh_namebook_clear(kh_namebook *nb) {
    for (size_t i = 0; i < nb->n; i++)
        free(nb->e[i].text);
    nb->n = 0;
    if (nb->by_key) {
        memset(nb->by_key, 0, (nb->mask + 1) * sizeof *nb->by_key);
        memset(nb->by_last, 0, (nb->mask + 1) * sizeof *nb->by_last);
    }
}

void kh_namebook_free(kh_namebook *nb) {
    if (!nb)
        return;
    kh_namebook_clear(nb);
    free(nb->e);
    free(nb->by_key);
    free(nb->by_last);
    kh_gazetteer_free(&nb->own);
    free(nb);
}

static size_t find(kh_namebook *nb, size_t i) {
    while (nb->e[i].parent != i) {
        nb->e[i].parent = nb->e[nb->e[i].parent].parent;
        i = nb->e[i].parent;
    }
    return i;
}

/* Is entry a a better canonical name than entry b? */
static int better(const name_entry *a, const name_entry *b) {
    if (a->nwords != b->nwords)
        return a->nwords > b->nwords;
    if (a->deva != b->deva)
        return a->deva;
    if (a->count != b->count)
        return a->count > b->count;
    return a->order < b->order;
}

static void unite(kh_namebook *nb, size_t a, size_t b) {
    a = find(nb, a);
    b = find(nb, b);
    if (a == b)
        return;
    /* the older root stays the root, so group ids handed out stay put */
    if (b < a) {
        size_t t = a;
        a = b;
        b = t;
    }
    nb->e[b].parent = a;
    if (better(&nb->e[nb->e[b].best], &nb->e[nb->e[a].best]))
        nb->e[a].best = nb->e[b].best;
}

static int rehash(kh_namebook *nb) {
    size_t cap = nb->mask ? 2 * (nb->mask + 1) : 64;
    size_t *k = calloc(cap, sizeof *k), *l = calloc(cap, sizeof *l);
    if (!k || !l) {
        free(k);
        free(l);
        return -1;
    }
    free(nb->by_key);
    free(nb->by_last);
    nb->by_key = k;
    nb->by_last = l;
    nb->mask = cap - 1;
    for (size_t i = 0; i < nb->n; i++) {
        name_entry *e = &nb->e[i];
        e->next_key = k[e->key & nb->mask];
        k[e->key & nb->mask] = i + 1;
        e->next_last = l[e->last & nb->mask];
        l[e->last & nb->mask] = i + 1;
    }
    return 0;
}

typedef struct word {
    const char *s;
    size_t n;
    uint64_t key;
} word;

#define MAX_WORDS 16

/* Is the word a title (श्री, PM, प्रधानमंत्री, जी; डॉ. and Dr. with their
 * period too)? */
static int is_title(const kh_namebook *nb, const word *w) {
    char buf[256];
    size_t m = kh_normalize_word(w->s, w->n, 0, buf, sizeof buf);
    if (m > sizeof buf)
        return 0;
    if (kh_hashset_get(&nb->gaz->words, kh_ner_hash(buf, m, 0)) & KH_GAZ_TITLE)
        return 1;
    return m > 1 && buf[m - 1] == '.' &&
           (kh_hashset_get(&nb->gaz->words, kh_ner_hash(buf, m - 1, 0)) &
            KH_GAZ_TITLE);
}

/* Splits a name into words and drops the titles before and after it
 * (keeping at least one word). Returns the number of words kept. */
static size_t name_words(const kh_namebook *nb, const char *s, size_t n,
                         word *w) {
    size_t nw = 0;
    for (size_t i = 0; i < n && nw < MAX_WORDS;) {
        size_t b = kh_next_word(s, n, &i);
        if (i > b) {
            w[nw].s = s + b;
            w[nw].n = i - b;
            nw++;
        }
    }
    size_t b = 0, e = nw;
    while (b + 1 < e && is_title(nb, &w[b]))
        b++;
    while (e > b + 1 && is_title(nb, &w[e - 1]))
        e--;
    memmove(w, w + b, (e - b) * sizeof *w);
    nw = e - b;
    for (size_t i = 0; i < nw; i++) {
        char k[256];
        size_t kn = kh_phonetic_key(w[i].s, w[i].n, k, sizeof k);
        if (kn > sizeof k)
            kn = sizeof k;
        /* no letters: the word itself is the key */
        w[i].key = kn ? kh_ner_hash(k, kn, 5) : kh_ner_hash(w[i].s, w[i].n, 6);
    }
    return nw;
}

static int is_deva(const char *s, size_t n) {
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xE0 && ((unsigned char)s[i + 1] == 0xA4 ||
                                            (unsigned char)s[i + 1] == 0xA5))
            return 1;
    return 0;
}

kh_status kh_namebook_add(kh_namebook *nb, kh_entity_type type,
                          const char *name, size_t len, size_t *group,
                          kh_error *err) {
    if (!nb || (!name && len) || (unsigned)type > KH_ENTITY_ORGANIZATION)
        return kh_fail(err, KH_ERR_ARG, "kh_namebook_add: bad argument");
    word w[MAX_WORDS];
    size_t nw = name_words(nb, name, len, w);
    if (!nw)
        return kh_fail(err, KH_ERR_ARG, "kh_namebook_add: empty name");
    uint64_t key = kh_ner_mix((uint64_t)type + 1, w[0].key);
    for (size_t i = 1; i < nw; i++)
        key = kh_ner_mix(key, w[i].key);
    uint64_t last = kh_ner_mix((uint64_t)type + 1, w[nw - 1].key);
    if (nb->by_key)
        for (size_t i = nb->by_key[key & nb->mask]; i != NIL;
             i = nb->e[i - 1].next_key) {
            name_entry *e = &nb->e[i - 1];
            if (e->key != key)
                continue;
            e->count++;
            size_t r = find(nb, i - 1);
            if (better(e, &nb->e[nb->e[r].best]))
                nb->e[r].best = i - 1;
            if (group)
                *group = r;
            return KH_OK;
        }
    if (kh_ner_reserve(&nb->e, &nb->cap, nb->n + 1, sizeof *nb->e) ||
        (2 * (nb->n + 1) > nb->mask + 1 && rehash(nb)))
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (namebook)");
    size_t tl = nw - 1;
    for (size_t i = 0; i < nw; i++)
        tl += w[i].n;
    char *text = malloc(tl + 1);
    if (!text)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (namebook)");
    size_t at = 0;
    for (size_t i = 0; i < nw; i++) {
        if (i)
            text[at++] = ' ';
        memcpy(text + at, w[i].s, w[i].n);
        at += w[i].n;
    }
    text[at] = '\0';
    size_t id = nb->n++;
    name_entry *e = &nb->e[id];
    *e = (name_entry){.text = text,
                      .len = at,
                      .type = type,
                      .key = key,
                      .first = kh_ner_mix((uint64_t)type + 1, w[0].key),
                      .last = last,
                      .nwords = (unsigned)nw,
                      .deva = is_deva(text, at),
                      .count = 1,
                      .order = id,
                      .parent = id,
                      .best = id};
    e->next_key = nb->by_key[key & nb->mask];
    nb->by_key[key & nb->mask] = id + 1;
    e->next_last = nb->by_last[last & nb->mask];
    nb->by_last[last & nb->mask] = id + 1;
    if (type == KH_ENTITY_PERSON) {
        /* Entries ending with the same word: a lone surname and the full
         * names it may stand for. */
        size_t full_root = SIZE_MAX;
        int ambiguous = 0;
        for (size_t i = nb->by_last[last & nb->mask]; i != NIL;
             i = nb->e[i - 1].next_last) {
            name_entry *o = &nb->e[i - 1];
            if (i - 1 == id || o->last != last)
                continue;
            if (nw == 1 && o->nwords > 1) {
                size_t r = find(nb, i - 1);
                if (full_root != SIZE_MAX && full_root != r)
                    ambiguous = 1;
                full_root = r;
            } else if (nw > 1 && o->nwords > 1 && o->first == e->first) {
                unite(nb, id, i - 1);
            }
        }
        if (nw == 1 && full_root != SIZE_MAX && !ambiguous)
            unite(nb, id, full_root);
        if (nw > 1) {
            /* lone surnames seen before, not yet given to another name */
            for (size_t i = nb->by_last[last & nb->mask]; i != NIL;
                 i = nb->e[i - 1].next_last) {
                name_entry *o = &nb->e[i - 1];
                if (o->last == last && o->nwords == 1 &&
                    find(nb, i - 1) == i - 1 && nb->e[i - 1].best == i - 1)
                    unite(nb, id, i - 1);
            }
        }
    }
    if (group)
        *group = find(nb, id);
    return KH_OK;
}

size_t kh_namebook_group(kh_namebook *nb, size_t group) {
    if (!nb || group >= nb->n)
        return group;
    return find(nb, group);
}

const char *kh_namebook_name(kh_namebook *nb, size_t group, size_t *len) {
    if (!nb || group >= nb->n) {
        if (len)
            *len = 0;
        return NULL;
    }
    const name_entry *b = &nb->e[nb->e[find(nb, group)].best];
    if (len)
        *len = b->len;
    return b->text;
}
