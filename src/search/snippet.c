/*
 * snippet.c — the passage shown under a hit. The stored text is analysed
 * again at query time (cheap for ten hits, and it keeps positions out of
 * the index), each token whose stem is one the query matched is marked,
 * and the window of about `words` tokens holding the most distinct
 * matched words (then the most matches) wins. The words appear as the
 * article wrote them: spelling variants and romanized matches are marked
 * in the original script.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")

typedef struct stok {
    size_t start, end;
    int match; /* -1, or the index of the matched term (for distinctness) */
} stok;

/* The plan's highlighted terms in a small hash table: every token of the
 * text is looked up, and a romanized word can bring dozens of terms, too
 * many to compare one by one. idx is the term's kh_plan_hl_index(). */
typedef struct hlent {
    const char *s;
    size_t len;
    int idx;
} hlent;

typedef struct hlset {
    hlent *v;
    size_t mask;
} hlset;

static size_t hl_hash(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 0x100000001b3ull;
    return (size_t)(h ^ (h >> 29));
}

static int hl_build(const kh_plan *p, hlset *hs) {
    size_t n = 0;
    for (size_t i = 0; i < p->hl.len; i++)
        n += p->hl.data[i] == '\0';
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    if (!(hs->v = calloc(cap, sizeof *hs->v)))
        return -1;
    hs->mask = cap - 1;
    if (!p->hl.data)
        return 0; /* no highlighted terms */
    const char *s = p->hl.data, *end = p->hl.data + p->hl.len;
    for (int idx = 0; s < end; idx++) {
        size_t len = strlen(s);
        size_t j = hl_hash(s, len) & hs->mask;
        while (hs->v[j].s &&
               !(hs->v[j].len == len && !memcmp(hs->v[j].s, s, len)))
            j = (j + 1) & hs->mask;
        if (!hs->v[j].s) /* the first of equal terms, as a scan finds it */
            hs->v[j] = (hlent){s, len, idx};
        s += len + 1;
    }
    return 0;
}

static int hl_find(const hlset *hs, const char *s, size_t len) {
    for (size_t j = hl_hash(s, len) & hs->mask; hs->v[j].s;
         j = (j + 1) & hs->mask)
        if (hs->v[j].len == len && !memcmp(hs->v[j].s, s, len))
            return hs->v[j].idx;
    return -1;
}

static int tok_match(const kh_plan *p, const hlset *hs, kh_doc *doc, size_t i,
                     const kh_token *t, const char *text) {
    if (t->type == KH_TOKEN_PUNCT || t->type == KH_TOKEN_SYMBOL)
        return -1;
    const char *term = t->stem && t->stem_len ? t->stem : t->norm;
    size_t tl = t->stem && t->stem_len ? t->stem_len : t->norm_len;
    int m = hl_find(hs, term, tl);
    /* a form an article wrote for a matched term, for the readings: the
     * first one, or one that sounds like the Latin word that reached the
     * term (the plan is the search's own; surface[] is its scratch) */
    if (m >= 0 && (size_t)m < p->nhl && p->surface && !p->good[m]) {
        int good = p->want[m] && t->key && strlen(p->want[m]) == t->key_len &&
                   !memcmp(p->want[m], t->key, t->key_len);
        if (!p->surface[m] || good) {
            free(p->surface[m]);
            p->surface[m] = strndup(text + t->start, t->end - t->start);
            p->good[m] = (uint8_t)good;
        }
    }
    for (unsigned k = 0; m < 0 && t->n_parts > 1 && k < t->n_parts; k++) {
        const kh_part *pt = kh_doc_token_part(doc, i, k);
        if (pt)
            m = hl_find(hs, pt->stem && pt->stem_len ? pt->stem : pt->norm,
                        pt->stem && pt->stem_len ? pt->stem_len : pt->norm_len);
    }
    return m;
}

/* Appends text with runs of whitespace as one space. */
static int put_text(kh_buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            if (b->len && b->data[b->len - 1] == ' ')
                continue;
            c = ' ';
        }
        if (kh_buf_putc(b, c))
            return -1;
    }
    return 0;
}

kh_status kh_snippet(const kh_plan *p, const kh_analyzer *an, kh_doc *doc,
                     const char *text, size_t len, const char *open,
                     const char *close, size_t words, char **out,
                     kh_error *err) {
    *out = NULL;
    kh_buf b = {0};
    if (!text || !len) {
        *out = calloc(1, 1);
        return *out ? KH_OK : NOMEM(err);
    }
    kh_status st = kh_analyze(an, doc, text, len, 0, err);
    if (st)
        return st;
    size_t n = kh_doc_token_count(doc);
    stok *v = malloc((n ? n : 1) * sizeof *v);
    hlset hs = {0};
    if (!v || hl_build(p, &hs)) {
        free(v);
        return NOMEM(err);
    }
    for (size_t i = 0; i < n; i++) {
        const kh_token *t = kh_doc_token(doc, i);
        if (!t) {
            free(v);
            free(hs.v);
            return NOMEM(err);
        }
        v[i].start = t->start;
        v[i].end = t->end;
        v[i].match = tok_match(p, &hs, doc, i, t, text);
    }
    free(hs.v);
    if (!words)
        words = 30;
    /* the best window: most distinct matched terms, then most matches */
    size_t best = 0;
    long best_score = -1;
    for (size_t i = 0; i < n; i++) {
        if (v[i].match < 0 && i > 0)
            continue; /* windows start at a match (or the text's start) */
        uint64_t seen = 0;
        long distinct = 0, count = 0;
        for (size_t j = i; j < n && j < i + words; j++) {
            if (v[j].match < 0)
                continue;
            count++;
            uint64_t bit = 1ull << (v[j].match & 63);
            if (!(seen & bit)) {
                seen |= bit;
                distinct++;
            }
        }
        long score = distinct * 1000 + count;
        if (score > best_score) {
            best_score = score;
            best = i;
        }
    }
    /* a little context before the first match */
    size_t lead = words / 6;
    size_t first = best > lead ? best - lead : 0;
    /* do not start in the middle of nothing: back to a sentence start when
     * it is near */
    size_t last = first + words < n ? first + words : n;
    int bad = 0;
    if (first > 0)
        bad |= kh_buf_append(&b, "… ", strlen("… "));
    for (size_t i = first; i < last && !bad; i++) {
        if (i > first)
            bad |= put_text(&b, text + v[i - 1].end, v[i].start - v[i - 1].end);
        if (v[i].match >= 0 && open)
            bad |= kh_buf_append(&b, open, strlen(open));
        bad |= put_text(&b, text + v[i].start, v[i].end - v[i].start);
        if (v[i].match >= 0 && close)
            bad |= kh_buf_append(&b, close, strlen(close));
    }
    if (last < n)
        bad |= kh_buf_append(&b, " …", strlen(" …"));
    bad |= kh_buf_putc(&b, '\0');
    free(v);
    if (bad) {
        kh_buf_free(&b);
        return NOMEM(err);
    }
    *out = b.data;
    return KH_OK;
}
