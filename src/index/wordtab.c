/*
 * wordtab.c — the writer's memo of analysis: what each distinct word of a
 * field becomes in the segment being built. A word (its norm, token type
 * and script, in one field) is stemmed, keyed and interned once; each of
 * its later occurrences (nearly all of them: news repeats a few hundred
 * thousand words) costs one probe here, which gives its term number.
 *
 * Without it every occurrence went through the analyzer's word cache for
 * its stem and key, a pass that built the public token array, the
 * dictionary's hash for its term and the key map's memo: three lookups
 * where one does. The query side still analyses through kh_each_term;
 * test_wordtab checks that both give the same terms, positions and keys.
 *
 * Entries outlive a segment (a word's stem and key do not change); the
 * term number is good only in the builder generation it was found in
 * (kh_wtent.gen), and the key is paired once per generation (kgen).
 */
#include "analyze.h"
#include "index.h"

#include <stdlib.h>
#include <string.h>

void kh_wt_free(kh_wordtab *wt) {
    free(wt->ent);
    free(wt->slots);
    kh_buf_free(&wt->arena);
    memset(wt, 0, sizeof *wt);
}

void kh_wt_clear(kh_wordtab *wt) {
    if (wt->slots)
        memset(wt->slots, 0, wt->nslots * sizeof *wt->slots);
    wt->nent = 0;
    wt->arena.len = 0;
}

/* Where a word's norm is: in its entry, or in the arena. */
static const char *norm_of(const kh_wordtab *wt, const kh_wtent *e) {
    return e->norm_len <= KH_WT_HEAD ? e->head : wt->arena.data + e->norm_off;
}

/* The entry number of a unit's word + 1, or 0 with *slot where it would
 * go. */
static uint32_t find(const kh_wordtab *wt, const kh_wunit *u, unsigned field,
                     uint32_t *slot) {
    *slot = UINT32_MAX;
    if (!wt->nslots)
        return 0;
    uint32_t mask = wt->nslots - 1;
    for (uint32_t j = u->hash & mask;; j = (j + 1) & mask) {
        uint64_t v = wt->slots[j];
        if (!v) {
            *slot = j;
            return 0;
        }
        if ((uint32_t)(v >> 32) != u->hash)
            continue;
        const kh_wtent *e = &wt->ent[(uint32_t)v - 1];
        if (e->norm_len == u->len && e->field == field && e->kind == u->kind &&
            kh_same_bytes(norm_of(wt, e), u->norm, u->len))
            return (uint32_t)v;
    }
}

static int rehash(kh_wordtab *wt) {
    uint32_t n = wt->nslots ? wt->nslots * 2 : 1u << 16;
    uint64_t *s = calloc(n, sizeof *s);
    if (!s)
        return -1;
    for (uint32_t i = 0; i < wt->nent; i++) {
        uint32_t j = wt->ent[i].hash & (n - 1);
        while (s[j])
            j = (j + 1) & (n - 1);
        s[j] = (uint64_t)wt->ent[i].hash << 32 | (i + 1);
    }
    free(wt->slots);
    wt->slots = s;
    wt->nslots = n;
    return 0;
}

kh_status kh_wt_add(kh_wordtab *wt, uint32_t slot, const kh_wunit *u,
                    unsigned field, size_t forms, size_t stem_len,
                    size_t key_len, uint32_t *ent, kh_error *err) {
    if (wt->nent == wt->cap) {
        uint32_t c = wt->cap ? wt->cap * 2 : 1u << 14;
        kh_wtent *v = realloc(wt->ent, (size_t)c * sizeof *v);
        if (!v)
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        wt->ent = v;
        wt->cap = c;
    }
    if (wt->arena.len + u->len * 2 > UINT32_MAX / 2)
        return kh_fail(err, KH_ERR_LIMIT, "too many distinct words");
    kh_wtent *e = &wt->ent[wt->nent];
    memset(e, 0, sizeof *e);
    e->hash = u->hash;
    e->field = (uint8_t)field;
    e->kind = u->kind;
    e->norm_len = u->len;
    e->key_off = (uint32_t)(forms + stem_len);
    e->key_len = (uint16_t)(key_len < UINT16_MAX ? key_len : UINT16_MAX);
    /* the term is the stem, else the norm (kh_token_term's rule) */
    size_t tl = stem_len ? stem_len : u->len;
    e->term_len = (uint16_t)(tl < 255 ? tl : 255);
    e->term_off = (uint32_t)forms;
    if (!stem_len) {
        e->term_off = (uint32_t)wt->arena.len;
        if (kh_buf_append(&wt->arena, u->norm, e->term_len))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    if (u->len <= KH_WT_HEAD) {
        memcpy(e->head, u->norm, u->len);
    } else {
        e->norm_off = (uint32_t)wt->arena.len;
        if (kh_buf_append(&wt->arena, u->norm, u->len))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    if (slot == UINT32_MAX) { /* no table yet */
        if (rehash(wt))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory");
        find(wt, u, field, &slot);
    }
    wt->slots[slot] = (uint64_t)u->hash << 32 | ++wt->nent;
    *ent = wt->nent - 1;
    if (wt->nent * 2 > wt->nslots && rehash(wt)) {
        wt->nent--; /* the slot was taken: leave the table as it was */
        wt->slots[slot] = 0;
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    return KH_OK;
}

/* Prefetch distances, in units, of a word's slot and entry. */
#define PF_WSLOT 12
#define PF_WENT 6

/* Each unit's entry in the word table, made (stem, key) when new. */
kh_status kh_wt_resolve(kh_builder *b, kh_doc *doc, unsigned field,
                        kh_error *err) {
    kh_wordtab *wt = &b->wt;
    kh_wunit *v = b->units;
    size_t n = b->nunits;
    for (size_t i = 0; i < n; i++) {
        if (wt->nslots) {
            uint32_t mask = wt->nslots - 1;
            if (i + PF_WSLOT < n)
                __builtin_prefetch(&wt->slots[v[i + PF_WSLOT].hash & mask]);
            if (i + PF_WENT < n) {
                uint64_t sv = wt->slots[v[i + PF_WENT].hash & mask];
                if (sv)
                    __builtin_prefetch(&wt->ent[(uint32_t)sv - 1]);
            }
        }
        uint32_t slot, e = find(wt, &v[i], field, &slot);
        if (e) {
            /* the word's term record, which kh_builder_units updates
             * next: a field's few hundred stay in cache until then */
            const kh_wtent *we = &wt->ent[e - 1];
            if (we->gen == b->gen)
                __builtin_prefetch(&b->terms[we->ti], 1);
            v[i].ent = e - 1;
            continue;
        }
        size_t forms = wt->arena.len, sl, kl;
        kh_status st =
            kh_doc_unit_forms(doc, v[i].kind >> 4, v[i].kind & 15, v[i].norm,
                              v[i].len, &wt->arena, &sl, &kl, err);
        if (!st)
            st = kh_wt_add(wt, slot, &v[i], field, forms, sl, kl, &v[i].ent,
                           err);
        if (st)
            return st;
    }
    return KH_OK;
}
