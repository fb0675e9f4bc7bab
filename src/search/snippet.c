/*
 * snippet.c — the passage shown under a hit. The stored text (standfirst,
 * then the body) is analysed again at query time (it keeps positions and
 * offsets out of the index), each token whose stem is one the query
 * matched is marked, and the earliest window of about `words` tokens
 * holding the most distinct matched terms wins: in news the lead holds
 * the story. The words appear as the article wrote them: spelling
 * variants and romanized matches are marked in the original script.
 *
 * Analysing a whole article was most of a snippet's cost, so the text is
 * analysed a few sentences at a time and analysis stops as soon as a window
 * holds every matched term the article has: the postings of the hit's
 * standfirst and body say which of the query's terms it holds (a few
 * skip-list reads per term), and no later window can hold more. An
 * article whose terms never meet in one window is read to its end.
 *
 * A window deep in a long article still cost the analysis of everything
 * before it. The record keeps the body's snippet marks (ingest.c: a
 * position and the byte where it is, every 32 positions or so, at the
 * start of a piece that may be analysed on its own), so once the text's
 * first window is in (the snippet prefers the text's start when it is as
 * good) the reading jumps to the last mark a window's width before the
 * spot. Should the jump leave the window short of tokens, the text is read
 * again from its start, as without marks.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")
#define CHUNK_MIN 512 /* bytes analysed at a time, at least */

typedef struct stok {
    size_t start, end;
    int match; /* -1, or the index of the matched term (for distinctness) */
    /* where the index put it: positions [pos, pos + npos) of the body
     * (body = 1) or the standfirst; npos 0: no position */
    uint32_t pos;
    uint8_t npos, body;
} stok;

/* A matched term's position in the hit, from the postings. */
typedef struct spot {
    uint32_t pos;
    uint8_t body;
    int term;
} spot;

/* The plan's highlighted terms in a small hash table: every token of the
 * text is looked up, and a romanized word can bring dozens of terms, too
 * many to compare one by one. idx is the term's kh_plan_hl_index(). */
typedef struct hlent {
    const char *s;
    size_t len;
    int idx;
} hlent;

struct kh_snipper {
    const kh_plan *p;
    const kh_analyzer *an;
    kh_doc *doc;
    const char *open, *close;
    size_t words;
    hlent *v;
    size_t mask;
    const char **terms; /* hl term i */
    size_t *lens;
    size_t nhl;
    /* per segment, per term, per field (standfirst, body): the term's
     * dictionary entry + 1, 0 when absent, UINT32_MAX when not looked up */
    uint32_t *tid;
    stok *toks;
    size_t ntoks, cap;
    /* the hit being read: where its body starts in the text, and the
     * position the next indexed token takes, counted as the index did */
    size_t body_off;
    uint32_t pos;
    uint8_t in_body;
    spot *spots;
    size_t nspots, spot_cap;
    uint32_t *pbuf;
    size_t pcap;
    /* the hit's snippet marks, and the first token read after a jump
     * (SIZE_MAX: no jump) */
    const uint8_t *marks;
    size_t marks_len;
    size_t jumped_at;
};

static size_t hl_hash(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 0x100000001b3ull;
    return (size_t)(h ^ (h >> 29));
}

static int hl_find(const kh_snipper *sn, const char *s, size_t len) {
    for (size_t j = hl_hash(s, len) & sn->mask; sn->v[j].s;
         j = (j + 1) & sn->mask)
        if (sn->v[j].len == len && !memcmp(sn->v[j].s, s, len))
            return sn->v[j].idx;
    return -1;
}

void kh_snipper_free(kh_snipper *sn) {
    if (!sn)
        return;
    free(sn->v);
    free(sn->terms);
    free(sn->lens);
    free(sn->tid);
    free(sn->toks);
    free(sn->spots);
    free(sn->pbuf);
    free(sn);
}

kh_status kh_snipper_new(const kh_plan *p, const kh_analyzer *an, kh_doc *doc,
                         const char *open, const char *close, size_t words,
                         kh_snipper **out, kh_error *err) {
    *out = NULL;
    kh_snipper *sn = calloc(1, sizeof *sn);
    if (!sn)
        return NOMEM(err);
    *sn = (kh_snipper){.p = p,
                       .an = an,
                       .doc = doc,
                       .open = open,
                       .close = close,
                       .words = words ? words : 30};
    size_t n = 0;
    for (size_t i = 0; i < p->hl.len; i++)
        n += p->hl.data[i] == '\0';
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    sn->v = calloc(cap, sizeof *sn->v);
    sn->terms = calloc(n + 1, sizeof *sn->terms);
    sn->lens = calloc(n + 1, sizeof *sn->lens);
    size_t nt = (size_t)(p->snap ? p->snap->nsegs : 0) * n * 2;
    sn->tid = malloc((nt ? nt : 1) * sizeof *sn->tid);
    if (!sn->v || !sn->terms || !sn->lens || !sn->tid) {
        kh_snipper_free(sn);
        return NOMEM(err);
    }
    memset(sn->tid, 0xFF, (nt ? nt : 1) * sizeof *sn->tid);
    sn->mask = cap - 1;
    sn->nhl = n;
    /* no highlighted terms: no table to fill (an empty plan has no hl
     * buffer) */
    const char *s = p->hl.data, *end = s ? s + p->hl.len : NULL;
    for (int idx = 0; s && s < end; idx++) {
        size_t len = strlen(s);
        sn->terms[idx] = s;
        sn->lens[idx] = len;
        size_t j = hl_hash(s, len) & sn->mask;
        while (sn->v[j].s &&
               !(sn->v[j].len == len && !memcmp(sn->v[j].s, s, len)))
            j = (j + 1) & sn->mask;
        if (!sn->v[j].s) /* the first of equal terms, as a scan finds it */
            sn->v[j] = (hlent){s, len, idx};
        s += len + 1;
    }
    *out = sn;
    return KH_OK;
}

/* Term i's dictionary entry + 1 in field k (0: standfirst, 1: body) of
 * segment si, 0 when absent; looked up once per search. */
static uint32_t term_entry(kh_snipper *sn, uint32_t si, size_t i, unsigned k) {
    static const unsigned fields[2] = {KH_F_STANDFIRST, KH_F_BODY};
    const kh_segment *s = sn->p->snap->segs[si].seg;
    uint32_t *t = &sn->tid[((size_t)si * sn->nhl + i) * 2 + k];
    if (*t == UINT32_MAX) {
        uint8_t key[260];
        int sf = s->field_of[fields[k]];
        int64_t e = -1;
        if (sf >= 0 && sn->lens[i] + 1 <= sizeof key) {
            key[0] = (uint8_t)sf;
            memcpy(key + 1, sn->terms[i], sn->lens[i]);
            e = kh_seg_term_find(s, key, sn->lens[i] + 1);
        }
        *t = e < 0 ? 0 : (uint32_t)e + 1;
    }
    return *t;
}

/* Whether term i is in field k of document doc of segment si; the cursor
 * c is then at the doc. */
static int term_at(kh_snipper *sn, uint32_t si, size_t i, unsigned k,
                   uint32_t doc, kh_cursor *c) {
    uint32_t t = term_entry(sn, si, i, k);
    if (!t)
        return 0;
    kh_cursor_init(c, sn->p->snap->segs[si].seg, t - 1);
    return kh_cursor_advance(c, doc) == doc;
}

/* How many distinct terms (as windows count them: by index mod 64) the
 * standfirst and body of document `doc` of segment si hold, from the
 * postings. */
static int doc_distinct(kh_snipper *sn, uint32_t si, uint32_t doc) {
    uint64_t seen = 0;
    kh_cursor c;
    for (size_t i = 0; i < sn->nhl; i++)
        for (unsigned k = 0; k < 2; k++)
            if (term_at(sn, si, i, k, doc, &c)) {
                seen |= 1ull << (i & 63);
                break;
            }
    return __builtin_popcountll(seen);
}

static int by_place(const void *a, const void *b) {
    const spot *x = a, *y = b;
    if (x->body != y->body)
        return x->body < y->body ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The best window of the hit by the postings' positions: the first
 * matched position of the earliest window of `words` positions (in the
 * standfirst or in the body) holding the most distinct matched terms.
 * Returns 0 when the hit's standfirst and body hold none, -1 when out of
 * memory. Reading the text only up to that window is what makes a
 * snippet cheap: the text is analysed again, and articles are long. */
static int best_spot(kh_snipper *sn, uint32_t si, uint32_t doc, spot *out,
                     uint32_t *last) {
    sn->nspots = 0;
    for (size_t i = 0; i < sn->nhl; i++) {
        for (unsigned k = 0; k < 2; k++) {
            kh_cursor c;
            if (!term_at(sn, si, i, k, doc, &c))
                continue;
            if (c.tf > sn->pcap) {
                uint32_t *v = realloc(sn->pbuf, c.tf * sizeof *v);
                if (!v)
                    return -1;
                sn->pbuf = v;
                sn->pcap = c.tf;
            }
            uint32_t n = kh_cursor_positions(&c, sn->pbuf, c.tf);
            if (sn->nspots + n > sn->spot_cap) {
                size_t cap = sn->spot_cap ? sn->spot_cap : 64;
                while (cap < sn->nspots + n)
                    cap *= 2;
                spot *v = realloc(sn->spots, cap * sizeof *v);
                if (!v)
                    return -1;
                sn->spots = v;
                sn->spot_cap = cap;
            }
            for (uint32_t j = 0; j < n; j++)
                sn->spots[sn->nspots++] =
                    (spot){sn->pbuf[j], (uint8_t)k, (int)i};
        }
    }
    if (!sn->nspots)
        return 0;
    qsort(sn->spots, sn->nspots, sizeof *sn->spots, by_place);
    const spot *v = sn->spots;
    int best_d = 0;
    /* positions leave punctuation out: a window of positions a fifth
     * narrower fits the window of tokens shown */
    uint64_t span = sn->words - sn->words / 5;
    for (size_t a = 0, n = sn->nspots; a < n; a++) {
        uint64_t seen = 0;
        size_t b = a;
        for (; b < n && v[b].body == v[a].body && v[b].pos < v[a].pos + span;
             b++)
            seen |= 1ull << (v[b].term & 63);
        int d = __builtin_popcountll(seen);
        if (d > best_d) {
            best_d = d;
            *out = v[a];
            *last = v[b - 1].pos;
        }
    }
    return 1;
}

static int tok_match(const kh_snipper *sn, size_t i, const kh_token *t,
                     const char *text) {
    const kh_plan *p = sn->p;
    if (t->type == KH_TOKEN_PUNCT || t->type == KH_TOKEN_SYMBOL)
        return -1;
    const char *term = t->stem && t->stem_len ? t->stem : t->norm;
    size_t tl = t->stem && t->stem_len ? t->stem_len : t->norm_len;
    int m = hl_find(sn, term, tl);
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
        const kh_part *pt = kh_doc_token_part(sn->doc, i, k);
        if (pt)
            m = hl_find(sn, pt->stem && pt->stem_len ? pt->stem : pt->norm,
                        pt->stem && pt->stem_len ? pt->stem_len : pt->norm_len);
    }
    return m;
}

/* Analyses text[a, b) (offsets kept relative to text) and appends its
 * tokens. */
static kh_status add_tokens(kh_snipper *sn, const char *text, size_t a,
                            size_t b, kh_error *err) {
    kh_status st = kh_analyze(sn->an, sn->doc, text + a, b - a, a, err);
    if (st)
        return st;
    size_t n = kh_doc_token_count(sn->doc);
    if (sn->ntoks + n > sn->cap) {
        size_t c = sn->cap ? sn->cap : 256;
        while (c < sn->ntoks + n)
            c *= 2;
        stok *v = realloc(sn->toks, c * sizeof *v);
        if (!v)
            return NOMEM(err);
        sn->toks = v;
        sn->cap = c;
    }
    for (size_t i = 0; i < n; i++) {
        const kh_token *t = kh_doc_token(sn->doc, i);
        if (!t)
            return NOMEM(err);
        /* the text handed to the analyzer starts at a: its offsets are
         * base-shifted, its token strings point into text + a */
        kh_token local = *t;
        local.start -= a;
        local.end -= a;
        stok *o = &sn->toks[sn->ntoks++];
        o->start = t->start;
        o->end = t->end;
        o->match = tok_match(sn, i, &local, text + a);
        if (!sn->in_body && t->start >= sn->body_off) {
            sn->in_body = 1; /* the body's positions start again at 0 */
            sn->pos = 0;
        }
        const char *term;
        size_t tl;
        unsigned take = kh_token_term(t, &term, &tl);
        o->pos = sn->pos;
        o->npos = (uint8_t)take;
        o->body = sn->in_body;
        sn->pos += take;
    }
    return KH_OK;
}

/* Distinct matched terms in the window of tokens starting at i. */
static int window_distinct(const kh_snipper *sn, size_t i) {
    uint64_t seen = 0;
    for (size_t j = i; j < sn->ntoks && j < i + sn->words; j++)
        if (sn->toks[j].match >= 0)
            seen |= 1ull << (sn->toks[j].match & 63);
    return __builtin_popcountll(seen);
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

/* The end of the next piece to analyse from `a`: at least CHUNK_MIN bytes
 * on, where a piece may start (kh_mark_safe: after a line break, or after
 * a sentence's end and the space after it), or the end. */
static size_t chunk_end(const char *text, size_t len, size_t a) {
    for (size_t i = a + CHUNK_MIN; i < len; i++)
        if (kh_mark_safe(text, i + 1))
            return i + 1;
    return len;
}

/* Whether token t holds position pos of the standfirst or the body. */
static int holds(const stok *t, uint8_t body, uint32_t pos) {
    return t->npos && t->body == body && t->pos <= pos &&
           pos < t->pos + t->npos;
}

/* Reads the text up to the tokens holding the best window's first and
 * last matched positions (at->pos, last) and a window's worth of tokens
 * after the first; their indexes into hit[0], hit[1], SIZE_MAX when the
 * text ended without them (it is not the text indexed). */
static kh_status read_to_spot(kh_snipper *sn, const char *text, size_t len,
                              const spot *at, uint32_t last, size_t *done,
                              size_t hit[2], kh_error *err) {
    size_t scan = 0;
    hit[0] = hit[1] = SIZE_MAX;
    for (;;) {
        for (; hit[1] == SIZE_MAX && scan < sn->ntoks; scan++) {
            if (hit[0] == SIZE_MAX && holds(&sn->toks[scan], at->body, at->pos))
                hit[0] = scan;
            if (holds(&sn->toks[scan], at->body, last))
                hit[1] = scan;
        }
        if ((hit[1] != SIZE_MAX && sn->ntoks >= hit[0] + sn->words) ||
            *done >= len)
            return KH_OK;
        /* the jump: once, forward, with the first window in, to a mark
         * some positions more than a window before the spot */
        uint32_t mpos, moff, margin = (uint32_t)sn->words + 8;
        if (sn->marks && at->body && hit[0] == SIZE_MAX &&
            sn->jumped_at == SIZE_MAX && sn->ntoks >= sn->words &&
            at->pos >= margin &&
            kh_mark_before(sn->marks, sn->marks_len, at->pos - margin, &mpos,
                           &moff) &&
            sn->body_off + moff > *done && sn->body_off + moff < len &&
            kh_mark_safe(text, sn->body_off + moff) &&
            (!sn->in_body || mpos > sn->pos)) {
            *done = sn->body_off + moff;
            sn->pos = mpos;
            sn->in_body = 1;
            sn->jumped_at = sn->ntoks;
        }
        size_t z = chunk_end(text, len, *done);
        kh_status st = add_tokens(sn, text, *done, z, err);
        if (st)
            return st;
        *done = z;
    }
}

kh_status kh_snippet(kh_snipper *sn, uint32_t seg, uint32_t doc,
                     const char *text, size_t len, size_t body_off,
                     const uint8_t *marks, size_t marks_len, char **out,
                     kh_error *err) {
    *out = NULL;
    sn->marks = marks;
    sn->marks_len = marks_len;
again:
    sn->jumped_at = SIZE_MAX;
    if (!text || !len) {
        *out = calloc(1, 1);
        return *out ? KH_OK : NOMEM(err);
    }
    int postings = seg != UINT32_MAX && sn->p->snap && seg < sn->p->snap->nsegs;
    size_t words = sn->words;
    sn->ntoks = 0;
    sn->body_off = body_off;
    sn->pos = 0;
    sn->in_body = body_off == 0;
    size_t done = 0; /* bytes analysed */
    size_t best = 0;
    kh_status st = KH_OK;
    size_t lead = words / 6; /* a little context before the first match */
    size_t first = SIZE_MAX; /* the first token shown */
    spot at = {0, 0, -1};
    uint32_t end_pos = 0;
    int r = postings ? best_spot(sn, seg, doc, &at, &end_pos) : 0;
    if (r < 0)
        return NOMEM(err);
    size_t hit[2] = {SIZE_MAX, SIZE_MAX};
    if (r > 0 &&
        (st = read_to_spot(sn, text, len, &at, end_pos, &done, hit, err)))
        return st;
    if (hit[0] != SIZE_MAX && hit[1] != SIZE_MAX) {
        first = hit[0] > lead ? hit[0] - lead : 0;
        if (hit[1] >= first + words) /* less lead, so that all show */
            first = hit[1] + 1 - words < hit[0] ? hit[1] + 1 - words : hit[0];
    }
    if (sn->jumped_at != SIZE_MAX &&
        (hit[0] == SIZE_MAX || hit[1] == SIZE_MAX || first < sn->jumped_at)) {
        sn->marks = NULL; /* the jump fell short: from the start, no marks */
        goto again;
    }
    if (hit[0] != SIZE_MAX && hit[1] != SIZE_MAX) {
        /* the text's own start, when its first window is as good */
        if (first && window_distinct(sn, 0) >= window_distinct(sn, first))
            first = 0;
    } else {
        /* no postings to go by: windows of tokens, read until one holds
         * every matched term the hit has (or to the end) */
        int want = postings ? doc_distinct(sn, seg, doc) : 65;
        size_t next = 0; /* the next window start to look at */
        int best_d = -1;
        while (best_d < want) {
            int more = done < len;
            if (more) {
                size_t z = chunk_end(text, len, done);
                st = add_tokens(sn, text, done, z, err);
                if (st)
                    return st;
                done = z;
                more = done < len;
            }
            /* windows start at a match (or the text's start); one is looked
             * at once its tokens are in, or the text has ended */
            for (; next < sn->ntoks && best_d < want; next++) {
                if (sn->toks[next].match < 0 && next > 0)
                    continue;
                if (more && next + words > sn->ntoks)
                    break;
                int d = window_distinct(sn, next);
                if (d > best_d) {
                    best_d = d;
                    best = next;
                }
            }
            if (!more)
                break;
        }
    }
    size_t n = sn->ntoks;
    if (first == SIZE_MAX)
        first = best > lead ? best - lead : 0;
    size_t last = first + words < n ? first + words : n;
    /* text not analysed holds more words (a paragraph has some) */
    int cut = last < n || (done < len && n);
    kh_buf b = {0};
    int bad = 0;
    if (first > 0)
        bad |= kh_buf_append(&b, "… ", strlen("… "));
    const stok *v = sn->toks;
    for (size_t i = first; i < last && !bad; i++) {
        if (i > first)
            bad |= put_text(&b, text + v[i - 1].end, v[i].start - v[i - 1].end);
        if (v[i].match >= 0 && sn->open)
            bad |= kh_buf_append(&b, sn->open, strlen(sn->open));
        bad |= put_text(&b, text + v[i].start, v[i].end - v[i].start);
        if (v[i].match >= 0 && sn->close)
            bad |= kh_buf_append(&b, sn->close, strlen(sn->close));
    }
    if (cut)
        bad |= kh_buf_append(&b, " …", strlen(" …"));
    bad |= kh_buf_putc(&b, '\0');
    if (bad) {
        kh_buf_free(&b);
        return NOMEM(err);
    }
    *out = b.data;
    return KH_OK;
}
