/*
 * plan.c — turns a parsed query into what the executor runs, against one
 * snapshot. Each word is analysed exactly as the articles were (same
 * analyzer, same kh_each_term), so spelling variants meet on the stem of
 * the normalized form. Then the word grows alternatives:
 *
 *   - a Latin-letter word also matches the Devanagari terms with its
 *     phonetic key ("pahalgam" -> पहलगाम), unless it is an English word
 *     of the index: one that occurs as a Latin token at least as often as
 *     all its Devanagari key-mates together (then the Devanagari reading
 *     is the unlikely one). A Latin word seen a few times in quotes does
 *     not stop "modi" from finding मोदी.
 *   - a Devanagari word also matches other spellings with its phonetic
 *     key, at half weight, so the spelling typed ranks first.
 *   - prefix* expands to the dictionary terms under the prefix (bounded).
 *
 * Document frequencies are summed over the snapshot's segments, so scores
 * do not depend on how the index happens to be cut into segments.
 */
#include "search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")
#define DEFAULT_FIELDS                                                         \
    ((1u << KH_F_TITLE) | (1u << KH_F_KICKER) | (1u << KH_F_STANDFIRST) |      \
     (1u << KH_F_BODY))
#define MAX_EXPAND 64 /* key-mates or prefix terms per word */
#define RESPELL_WEIGHT 0.5f

/* BM25F field weights: a word in the headline says more about what an
 * article is about than the same word in its tenth paragraph. */
static const float field_weight[KH_F_COUNT] = {2.5f, 1.5f, 1.5f, 1.0f, 1.0f,
                                               1.0f, 1.0f, 1.0f, 1.0f};
static const float field_b[KH_F_COUNT] = {0.5f, 0.5f, 0.5f, 0.75f, 0.3f,
                                          0.3f, 0.3f, 0.3f, 0.3f};

/* ---- analysis of a query word ----------------------------------------- */

typedef struct qtok {
    char *term, *key;
    size_t tlen, klen;
    kh_script script;
    uint32_t pos;
} qtok;

typedef struct qtoks {
    qtok *v;
    size_t n, cap;
} qtoks;

static void qtoks_free(qtoks *t) {
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].term);
        free(t->v[i].key);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

static char *dup(const char *s, size_t n) {
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

static int on_tok(void *ctx, const char *term, size_t len, const char *key,
                  size_t klen, kh_script script, uint32_t pos) {
    qtoks *t = ctx;
    if (t->n == t->cap) {
        size_t n = t->cap ? t->cap * 2 : 8;
        qtok *v = realloc(t->v, n * sizeof *v);
        if (!v)
            return -1;
        t->v = v;
        t->cap = n;
    }
    qtok *q = &t->v[t->n];
    q->term = dup(term, len);
    q->key = dup(key, klen);
    if (!q->term || !q->key) {
        free(q->term);
        free(q->key);
        return -1;
    }
    q->tlen = len;
    q->klen = klen;
    q->script = script;
    q->pos = pos;
    t->n++;
    return 0;
}

/* ---- dictionary statistics ------------------------------------------- */

/* Documents holding term in field f, over the snapshot. */
static uint64_t df_field(const kh_snapshot *s, unsigned f, const char *term,
                         size_t len) {
    uint8_t key[260];
    if (len + 1 > sizeof key)
        return 0;
    memcpy(key + 1, term, len);
    uint64_t df = 0;
    for (uint32_t i = 0; i < s->nsegs; i++) {
        const kh_segment *g = s->segs[i].seg;
        if (g->field_of[f] < 0)
            continue;
        key[0] = (uint8_t)g->field_of[f];
        int64_t t = kh_seg_term_find(g, key, len + 1);
        if (t >= 0)
            df += kh_seg_term_df(g, (uint32_t)t);
    }
    return df;
}

/* Documents holding term in any of the fields (approximated by the
 * largest field: the fields overlap heavily). */
static uint64_t df_any(const kh_snapshot *s, uint32_t mask, const char *term,
                       size_t len) {
    uint64_t best = 0;
    for (unsigned f = 0; f < KH_F_COUNT; f++)
        if (mask & (1u << f)) {
            uint64_t d = df_field(s, f, term, len);
            if (d > best)
                best = d;
        }
    return best;
}

/* ---- a set of candidate terms ----------------------------------------- */

typedef struct tset {
    char **v;
    size_t *len;
    float *w;
    size_t n, cap;
} tset;

static void tset_free(tset *t) {
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
    free(t->len);
    free(t->w);
    memset(t, 0, sizeof *t);
}

/* Adds a term (keeping the higher weight when present); -1 on OOM. */
static int tset_add(tset *t, const char *s, size_t n, float w) {
    for (size_t i = 0; i < t->n; i++)
        if (t->len[i] == n && !memcmp(t->v[i], s, n)) {
            if (w > t->w[i])
                t->w[i] = w;
            return 0;
        }
    if (t->n == t->cap) {
        size_t c = t->cap ? t->cap * 2 : 8;
        char **v = realloc(t->v, c * sizeof *v);
        if (v)
            t->v = v;
        size_t *l = realloc(t->len, c * sizeof *l);
        if (l)
            t->len = l;
        float *ww = realloc(t->w, c * sizeof *ww);
        if (ww)
            t->w = ww;
        if (!v || !l || !ww)
            return -1;
        t->cap = c;
    }
    t->v[t->n] = dup(s, n);
    if (!t->v[t->n])
        return -1;
    t->len[t->n] = n;
    t->w[t->n] = w;
    t->n++;
    return 0;
}

/* Terms sharing a phonetic key, over the snapshot. */
static int key_mates(const kh_snapshot *s, const char *key, size_t klen,
                     float w, tset *out) {
    for (uint32_t i = 0; i < s->nsegs; i++) {
        uint32_t lo, hi;
        kh_seg_keys(s->segs[i].seg, key, klen, &lo, &hi);
        for (uint32_t k = lo; k < hi && out->n < MAX_EXPAND; k++) {
            size_t tl;
            const char *t = kh_seg_key_term(s->segs[i].seg, k, &tl);
            if (tl && tset_add(out, t, tl, w))
                return -1;
        }
    }
    return 0;
}

/* Dictionary terms of the fields that start with prefix. */
static int prefix_terms(const kh_snapshot *s, uint32_t mask, const char *pre,
                        size_t plen, tset *out) {
    uint8_t key[260];
    if (plen + 1 > sizeof key)
        return 0;
    memcpy(key + 1, pre, plen);
    for (uint32_t i = 0; i < s->nsegs; i++) {
        const kh_segment *g = s->segs[i].seg;
        for (unsigned f = 0; f < KH_F_COUNT; f++) {
            if (!(mask & (1u << f)) || g->field_of[f] < 0)
                continue;
            key[0] = (uint8_t)g->field_of[f];
            for (uint32_t t = kh_seg_term_lower(g, key, plen + 1);
                 t < g->nterms && out->n < MAX_EXPAND; t++) {
                size_t kl;
                const uint8_t *k = kh_seg_term_key(g, t, &kl);
                if (kl < plen + 1 || memcmp(k, key, plen + 1))
                    break;
                if (tset_add(out, (const char *)k + 1, kl - 1, 1.0f))
                    return -1;
            }
        }
    }
    return 0;
}

/* ---- plan nodes ------------------------------------------------------- */

static void pnode_free(kh_pnode *n) {
    if (!n)
        return;
    for (size_t i = 0; i < n->nalts; i++) {
        free(n->alts[i].term);
        free(n->alts[i].tid);
    }
    free(n->alts);
    for (size_t i = 0; i < n->nkids; i++)
        pnode_free(n->kids[i]);
    free(n->kids);
    free(n->rel);
    free(n);
}

static kh_pnode *pnode(int kind, int occ) {
    kh_pnode *n = calloc(1, sizeof *n);
    if (n) {
        n->kind = (uint8_t)kind;
        n->occ = (uint8_t)occ;
    }
    return n;
}

static int hl_add(kh_plan *p, const char *t, size_t n) {
    if (kh_plan_highlights(p, t, n))
        return 0;
    return kh_buf_append(&p->hl, t, n) || kh_buf_putc(&p->hl, '\0');
}

int kh_plan_hl_index(const kh_plan *p, const char *term, size_t len) {
    if (!p->hl.data)
        return -1;
    const char *s = p->hl.data, *end = p->hl.data + p->hl.len;
    int i = 0;
    while (s && s < end) {
        size_t n = strlen(s);
        if (n == len && !memcmp(s, term, len))
            return i;
        s += n + 1;
        i++;
    }
    return -1;
}

int kh_plan_highlights(const kh_plan *p, const char *term, size_t len) {
    return kh_plan_hl_index(p, term, len) >= 0;
}

/* A leaf from a set of terms over the fields; its idf from their df. */
static kh_pnode *make_leaf(kh_plan *p, const tset *terms, uint32_t mask,
                           int occ) {
    kh_pnode *n = pnode(KP_LEAF, occ);
    if (!n)
        return NULL;
    unsigned nf = 0;
    for (unsigned f = 0; f < KH_F_COUNT; f++)
        nf += (mask >> f) & 1;
    n->alts = calloc(terms->n * nf + 1, sizeof *n->alts);
    if (!n->alts) {
        free(n);
        return NULL;
    }
    double df = 0;
    const kh_snapshot *snap = p->snap;
    for (size_t i = 0; i < terms->n; i++) {
        /* documents holding the term in any field, approximated by the
         * largest field (they overlap heavily), as df_any counts */
        uint64_t best = 0;
        for (unsigned f = 0; f < KH_F_COUNT; f++) {
            if (!(mask & (1u << f)))
                continue;
            kh_alt *a = &n->alts[n->nalts];
            a->field = (uint8_t)f;
            a->weight = terms->w[i];
            a->term = dup(terms->v[i], terms->len[i]);
            a->len = terms->len[i];
            a->tid = calloc(snap->nsegs + 1, sizeof *a->tid);
            n->nalts++;
            if (!a->term || !a->tid) {
                pnode_free(n);
                return NULL;
            }
            /* the dictionary entries of every segment, once: execution
             * (per segment, again for proximity) reuses them */
            uint8_t key[260];
            uint64_t fdf = 0;
            for (uint32_t g = 0; g < snap->nsegs && a->len + 1 <= sizeof key;
                 g++) {
                const kh_segment *s = snap->segs[g].seg;
                if (s->field_of[f] < 0)
                    continue;
                key[0] = (uint8_t)s->field_of[f];
                memcpy(key + 1, a->term, a->len);
                int64_t t = kh_seg_term_find(s, key, a->len + 1);
                if (t >= 0) {
                    a->tid[g] = (uint32_t)t + 1;
                    fdf += kh_seg_term_df(s, (uint32_t)t);
                }
            }
            if (fdf > best)
                best = fdf;
        }
        df += terms->w[i] * (double)best;
        if (occ != KQ_NOT && hl_add(p, terms->v[i], terms->len[i])) {
            pnode_free(n);
            return NULL;
        }
    }
    if (df > p->N)
        df = p->N;
    n->idf = log(1.0 + (p->N - df + 0.5) / (df + 0.5));
    return n;
}

/* Notes that Latin word `w` (phonetic key k) was read as Devanagari term
 * `t` (df articles), for kh_results_readings():
 * "word\0term\0df\0key\0". */
static int interp_add(kh_plan *p, const char *w, size_t wl, const char *t,
                      size_t tl, uint64_t df, const char *k, size_t kl) {
    return kh_buf_append(&p->interp, w, wl) || kh_buf_putc(&p->interp, '\0') ||
           kh_buf_append(&p->interp, t, tl) || kh_buf_putc(&p->interp, '\0') ||
           kh_buf_printf(&p->interp, "%llu", (unsigned long long)df) ||
           kh_buf_putc(&p->interp, '\0') || kh_buf_append(&p->interp, k, kl) ||
           kh_buf_putc(&p->interp, '\0');
}

/* The alternatives of one analysed token. `word` is the query word as
 * typed (NULL: the token's term). */
static int token_terms(kh_plan *p, const qtok *t, const char *word, size_t wlen,
                       uint32_t mask, tset *out) {
    if (tset_add(out, t->term, t->tlen, 1.0f))
        return -1;
    if (!t->klen)
        return 0;
    if (t->script == KH_SCRIPT_LATIN) {
        tset mates = {0};
        if (key_mates(p->snap, t->key, t->klen, 1.0f, &mates)) {
            tset_free(&mates);
            return -1;
        }
        uint64_t latin = df_any(p->snap, mask, t->term, t->tlen), deva = 0;
        uint64_t mdf[MAX_EXPAND];
        for (size_t i = 0; i < mates.n; i++)
            deva += mdf[i] = df_any(p->snap, mask, mates.v[i], mates.len[i]);
        int english = latin > 0 && latin >= deva;
        if (!word) {
            word = t->term;
            wlen = t->tlen;
        }
        for (size_t i = 0; i < mates.n && !english; i++)
            if (tset_add(out, mates.v[i], mates.len[i], 1.0f) ||
                (mdf[i] && interp_add(p, word, wlen, mates.v[i], mates.len[i],
                                      mdf[i], t->key, t->klen))) {
                tset_free(&mates);
                return -1;
            }
        tset_free(&mates);
    } else if (t->script == KH_SCRIPT_DEVANAGARI) {
        if (key_mates(p->snap, t->key, t->klen, RESPELL_WEIGHT, out))
            return -1;
    }
    return 0;
}

static kh_status compile(kh_plan *p, const kh_qnode *q, const kh_analyzer *an,
                         kh_doc *doc, kh_pnode **out, kh_error *err);

/* A word or a phrase: analysed; one position gives a leaf, several a
 * phrase of leaves (a compound, or words written together). */
static kh_status compile_text(kh_plan *p, const kh_qnode *q,
                              const kh_analyzer *an, kh_doc *doc,
                              kh_pnode **out, kh_error *err) {
    uint32_t mask = q->fields ? q->fields : DEFAULT_FIELDS;
    *out = NULL;
    if (q->kind == KQ_TERM && q->prefix) {
        char norm[1024];
        size_t n = kh_normalize_word(q->text, q->len, 0, norm, sizeof norm);
        tset terms = {0};
        if (n > sizeof norm || !n) {
            *out = pnode(KP_NONE, q->occ);
            return *out ? KH_OK : NOMEM(err);
        }
        if (prefix_terms(p->snap, mask, norm, n, &terms)) {
            tset_free(&terms);
            return NOMEM(err);
        }
        *out = terms.n ? make_leaf(p, &terms, mask, q->occ)
                       : pnode(KP_NONE, q->occ);
        tset_free(&terms);
        return *out ? KH_OK : NOMEM(err);
    }
    qtoks toks = {0};
    kh_status st =
        kh_each_term(an, doc, q->text, q->len, on_tok, &toks, NULL, err);
    if (st) {
        qtoks_free(&toks);
        return st == KH_ERR_UTF8
                   ? kh_fail(err, KH_ERR_PARSE, "position %zu: %s", q->pos + 1,
                             err ? err->message : "")
                   : st;
    }
    if (!toks.n) { /* punctuation only: matches nothing, harms nothing */
        qtoks_free(&toks);
        *out = pnode(KP_NONE, q->occ);
        return *out ? KH_OK : NOMEM(err);
    }
    uint32_t maxpos = 0;
    for (size_t i = 0; i < toks.n; i++)
        if (toks.v[i].pos > maxpos)
            maxpos = toks.v[i].pos;
    kh_pnode *ph = NULL;
    if (maxpos > 0) {
        ph = pnode(KP_PHRASE, q->occ);
        if (ph) {
            ph->kids = calloc((size_t)maxpos + 1, sizeof *ph->kids);
            ph->rel = calloc((size_t)maxpos + 1, sizeof *ph->rel);
        }
        if (!ph || !ph->kids || !ph->rel) {
            pnode_free(ph);
            qtoks_free(&toks);
            return NOMEM(err);
        }
    }
    st = KH_OK;
    for (uint32_t pos = 0; pos <= maxpos && !st; pos++) {
        tset terms = {0};
        for (size_t i = 0; i < toks.n && !st; i++)
            if (toks.v[i].pos == pos &&
                token_terms(p, &toks.v[i],
                            q->kind == KQ_TERM && toks.n == 1 ? q->text : NULL,
                            q->len, mask, &terms))
                st = NOMEM(err);
        if (!st && terms.n) {
            kh_pnode *leaf = make_leaf(p, &terms, mask, q->occ);
            if (!leaf)
                st = NOMEM(err);
            else if (!ph)
                *out = leaf;
            else {
                ph->rel[ph->nkids] = pos;
                ph->kids[ph->nkids++] = leaf;
            }
        }
        tset_free(&terms);
    }
    qtoks_free(&toks);
    if (st) {
        pnode_free(ph);
        pnode_free(*out);
        *out = NULL;
        return st;
    }
    if (ph) {
        if (ph->nkids == 1) { /* cannot happen, but a phrase of one is a word */
            *out = ph->kids[0];
            ph->nkids = 0;
            pnode_free(ph);
        } else {
            for (size_t i = 0; i < ph->nkids; i++)
                ph->idf += ph->kids[i]->idf;
            *out = ph;
        }
    }
    return KH_OK;
}

static kh_status compile(kh_plan *p, const kh_qnode *q, const kh_analyzer *an,
                         kh_doc *doc, kh_pnode **out, kh_error *err) {
    *out = NULL;
    switch (q->kind) {
    case KQ_TERM:
    case KQ_PHRASE: return compile_text(p, q, an, doc, out, err);
    case KQ_DATE: {
        kh_pnode *n = pnode(KP_DATE, q->occ);
        if (!n)
            return NOMEM(err);
        n->lo = q->lo;
        n->hi = q->hi;
        *out = n;
        return KH_OK;
    }
    default: {
        kh_pnode *n = pnode(KP_BOOL, q->occ);
        if (!n || !(n->kids = calloc(q->nkids + 1, sizeof *n->kids))) {
            free(n);
            return NOMEM(err);
        }
        n->coord = q->coord;
        for (size_t i = 0; i < q->nkids; i++) {
            kh_pnode *k;
            kh_status st = compile(p, q->kids[i], an, doc, &k, err);
            if (st) {
                pnode_free(n);
                return st;
            }
            n->kids[n->nkids++] = k;
        }
        *out = n;
        return KH_OK;
    }
    }
}

kh_status kh_plan_build(const kh_qnode *q, const kh_snapshot *s,
                        const kh_analyzer *an, kh_doc *doc, kh_plan *p,
                        kh_error *err) {
    memset(p, 0, sizeof *p);
    p->snap = s;
    p->N = (double)(s->ndocs ? s->ndocs : 1);
    for (unsigned f = 0; f < KH_F_COUNT; f++) {
        p->avg[f] = kh_snapshot_avglen(s, f);
        p->fw[f] = field_weight[f];
        p->fb[f] = field_b[f];
        for (unsigned b = 0; b < 256; b++)
            p->norm[f][b] =
                (float)(1.0 /
                        (1.0 - p->fb[f] +
                         p->fb[f] * kh_len_decode((uint8_t)b) / p->avg[f]));
    }
    kh_status st = compile(p, q, an, doc, &p->root, err);
    if (st) {
        kh_plan_free(p);
        return st;
    }
    /* room for the surface forms snippets will find */
    for (size_t i = 0; i < p->hl.len; i++)
        p->nhl += p->hl.data[i] == '\0';
    p->surface = calloc(p->nhl + 1, sizeof *p->surface);
    p->want = calloc(p->nhl + 1, sizeof *p->want);
    p->good = calloc(p->nhl + 1, 1);
    if (!p->surface || !p->want || !p->good) {
        kh_plan_free(p);
        return NOMEM(err);
    }
    /* a term a Latin word reached is best shown in the form that sounds
     * like it (hamla: हमला rather than हमले, both stem हमल) */
    for (size_t at = 0; at < p->interp.len;) {
        const char *e = p->interp.data + at;
        const char *t = e + strlen(e) + 1, *df = t + strlen(t) + 1;
        const char *k = df + strlen(df) + 1;
        int i = kh_plan_hl_index(p, t, strlen(t));
        if (i >= 0 && !p->want[i])
            p->want[i] = k;
        at = (size_t)(k + strlen(k) + 1 - p->interp.data);
    }
    /* the words whose nearness to each other counts */
    kh_pnode *r = p->root;
    if (r->kind == KP_BOOL) {
        p->leaves = calloc(r->nkids + 1, sizeof *p->leaves);
        if (!p->leaves) {
            kh_plan_free(p);
            return NOMEM(err);
        }
        for (size_t i = 0; i < r->nkids; i++)
            if (r->kids[i]->kind == KP_LEAF && r->kids[i]->occ != KQ_NOT) {
                r->kids[i]->prox = 1;
                p->leaves[p->nleaves++] = r->kids[i];
            }
    }
    return KH_OK;
}

void kh_plan_free(kh_plan *p) {
    pnode_free(p->root);
    free(p->leaves);
    kh_buf_free(&p->hl);
    for (size_t i = 0; p->surface && i < p->nhl; i++)
        free(p->surface[i]);
    free(p->surface);
    free(p->want);
    free(p->good);
    kh_buf_free(&p->interp);
    memset(p, 0, sizeof *p);
}
