/*
 * counts.c — counts: a number and the noun it counts ("26 लोगों", "2.5
 * लाख रुपये", "तीन दिन", "1,200 cases"). The number is digits (Latin or
 * Devanagari, normalized to ASCII by the analyzer, with , and . inside)
 * or a number word from दो up; a scale word (हजार, लाख, करोड़, million)
 * multiplies it. The noun is the next word when it is an open-class word
 * of the sentence: "2025 में" and "5 मई" are not counts (years and dates
 * are left to timex.c).
 */
#include "enrich.h"

#include <stdlib.h>
#include <string.h>

int en_number_word(const char *s, size_t n) {
    static const struct {
        en_word w;
        int v;
    } words[] = {{EN_W("दो"), 2},    {EN_W("तीन"), 3},    {EN_W("चार"), 4},
                 {EN_W("पांच"), 5},   {EN_W("छह"), 6},     {EN_W("छः"), 6},
                 {EN_W("सात"), 7},   {EN_W("आठ"), 8},     {EN_W("नौ"), 9},
                 {EN_W("दस"), 10},   {EN_W("ग्यारह"), 11}, {EN_W("बारह"), 12},
                 {EN_W("पंद्रह"), 15}, {EN_W("बीस"), 20},   {EN_W("पचास"), 50},
                 {EN_W("सौ"), 100},  {EN_W("two"), 2},    {EN_W("three"), 3},
                 {EN_W("four"), 4},  {EN_W("five"), 5},   {EN_W("six"), 6},
                 {EN_W("seven"), 7}, {EN_W("eight"), 8},  {EN_W("nine"), 9},
                 {EN_W("ten"), 10}};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (words[i].w.n == n && !memcmp(words[i].w.s, s, n))
            return words[i].v;
    return 0;
}

static double scale_of(const en_tok *t) {
    static const struct {
        en_word w;
        double v;
    } scales[] = {
        {EN_W("हजार"), 1e3},   {EN_W("लाख"), 1e5},     {EN_W("करोड़"), 1e7},
        {EN_W("करोड"), 1e7},   {EN_W("अरब"), 1e9},     {EN_W("thousand"), 1e3},
        {EN_W("lakh"), 1e5},   {EN_W("lakhs"), 1e5},   {EN_W("crore"), 1e7},
        {EN_W("crores"), 1e7}, {EN_W("million"), 1e6}, {EN_W("billion"), 1e9}};
    for (size_t i = 0; i < sizeof scales / sizeof *scales; i++)
        if (scales[i].w.n == t->norm_len &&
            !memcmp(scales[i].w.s, t->norm, t->norm_len))
            return scales[i].v;
    return 0;
}

/* A plain number ("26", "1,200", "2.5") as its value; 0 when the token is
 * something else (5/5/2025, 10:30, 80वीं). */
static int number_value(const en_tok *t, double *v) {
    if (t->type != KH_TOKEN_NUMBER || t->norm_len > 20)
        return 0;
    char buf[24];
    size_t k = 0;
    int dot = 0;
    for (size_t i = 0; i < t->norm_len; i++) {
        char c = t->norm[i];
        if (c >= '0' && c <= '9')
            buf[k++] = c;
        else if (c == ',' && i > 0)
            continue;
        else if (c == '.' && !dot && i > 0)
            buf[k++] = c, dot = 1;
        else
            return 0;
    }
    buf[k] = '\0';
    *v = strtod(buf, NULL);
    return 1;
}

static int month_word(const en_tok *t) {
    static const en_word m[] = {
        EN_W("जनवरी"),     EN_W("फरवरी"),    EN_W("मार्च"),     EN_W("अप्रैल"),
        EN_W("मई"),        EN_W("जून"),       EN_W("जुलाई"),     EN_W("अगस्त"),
        EN_W("सितंबर"),     EN_W("अक्टूबर"),    EN_W("नवंबर"),     EN_W("दिसंबर"),
        EN_W("january"),   EN_W("february"), EN_W("march"),    EN_W("april"),
        EN_W("may"),       EN_W("june"),     EN_W("july"),     EN_W("august"),
        EN_W("september"), EN_W("october"),  EN_W("november"), EN_W("december"),
        {NULL, 0}};
    for (size_t i = 0; m[i].s; i++)
        if (m[i].n == t->norm_len && !memcmp(m[i].s, t->norm, t->norm_len))
            return 1;
    return 0;
}

int en_find_counts(en_doc *d, kh_count **out, size_t *n) {
    size_t cap = 0, k = 0;
    kh_count *c = NULL;
    for (size_t si = 0; si < d->n_sents; si++) {
        const en_sent *s = &d->sents[si];
        size_t e = s->first + s->n;
        for (size_t i = s->first; i + 1 < e; i++) {
            const en_tok *t = &d->toks[i];
            double v = 0;
            if (!number_value(t, &v)) {
                int w = t->type == KH_TOKEN_WORD
                            ? en_number_word(t->norm, t->norm_len)
                            : 0;
                if (!w)
                    continue;
                v = w;
            }
            size_t j = i + 1;
            double sc = scale_of(&d->toks[j]);
            if (sc && j + 1 < e)
                v *= sc, j++;
            const en_tok *noun = &d->toks[j];
            if (noun->type != KH_TOKEN_WORD || noun->script == KH_SCRIPT_NONE ||
                en_is_closed(noun->norm, noun->norm_len) || month_word(noun) ||
                scale_of(noun) || en_number_word(noun->norm, noun->norm_len) ||
                t->start >= noun->start)
                continue;
            if (k == cap) {
                size_t nc = cap ? 2 * cap : 16;
                kh_count *p = kh_arena_alloc(d->arena, nc * sizeof *p);
                if (!p)
                    return -1;
                if (k)
                    memcpy(p, c, k * sizeof *p);
                c = p, cap = nc;
            }
            const en_unit *u = &d->units[t->unit];
            kh_count *r = &c[k++];
            memset(r, 0, sizeof *r);
            r->text = kh_arena_strndup(d->arena, u->text + t->start,
                                       noun->end - t->start);
            r->len = noun->end - t->start;
            r->value = v;
            r->noun = kh_arena_strndup(d->arena, u->text + noun->start,
                                       noun->end - noun->start);
            r->noun_stem =
                kh_arena_strndup(d->arena, noun->stem, noun->stem_len);
            if (!r->text || !r->noun || !r->noun_stem)
                return -1;
            r->where = u->where;
            r->section = u->section;
            r->paragraph = u->paragraph;
            r->offset = t->start;
            i = j;
        }
    }
    *out = c;
    *n = k;
    return 0;
}
