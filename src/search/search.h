/*
 * search.h — internal interface of the search stage (src/search/).
 *
 * A query goes through four steps, one file each:
 *
 *   query.c    text -> syntax tree, with the byte position of every node
 *              so that a malformed query is answered with where it broke
 *   plan.c     tree -> plan over a snapshot: each word analysed like the
 *              articles and expanded to (field, term) alternatives: its
 *              stem, Devanagari terms with its phonetic key (romanized
 *              words, respellings), dictionary terms under a prefix*;
 *              global document frequencies and BM25 weights
 *   exec.c     plan -> iterators per segment (document at a time), BM25F
 *              scores, top-k heap, exact total, proximity rerank
 *   flat.c     the same for flat queries (words side by side, dense in
 *              a segment), term at a time into per-document accumulators
 *   snippet.c  the best passage of a hit with the matched words marked
 *   facets.c   counts over every matching article (per source, per day)
 *              and how Latin-letter words were read (kh_results_*)
 *   search.c   kh_index_search() and the result iterator
 *
 * search uses index (segments, cursors) and analyze; nothing upstream
 * knows about search.
 */
#ifndef KH_SEARCH_H
#define KH_SEARCH_H

#include "index.h"
#include "khabar.h"

#include <stddef.h>
#include <stdint.h>

/* ---- query.c ----------------------------------------------------------- */

enum { KQ_TERM, KQ_PHRASE, KQ_BOOL, KQ_DATE };
/* How a parent uses a child. */
enum { KQ_SHOULD = 0, KQ_MUST, KQ_NOT };

#define KQ_MAX_DEPTH 64    /* nesting of parentheses and operators */
#define KQ_MAX_NODES 1024  /* words and operators in one query */
#define KQ_MAX_QUERY 16384 /* bytes */

typedef struct kh_qnode {
    uint8_t kind;    /* KQ_* */
    uint8_t occ;     /* KQ_SHOULD / KQ_MUST / KQ_NOT within the parent */
    uint8_t prefix;  /* TERM ended with '*' */
    uint8_t coord;   /* BOOL: side-by-side words (more matched ranks
                        higher) rather than an explicit OR */
    uint32_t fields; /* mask of KH_F_* bits; 0: the default fields */
    size_t pos;      /* 0-based byte offset in the query */
    char *text;      /* TERM: the word; PHRASE: the quoted text */
    size_t len;
    int32_t lo, hi; /* DATE: day range, inclusive */
    struct kh_qnode **kids;
    size_t nkids;
} kh_qnode;

/* Parses a query. KH_ERR_PARSE with "position N: reason" (1-based) for a
 * malformed one; never aborts. An empty query gives *out = NULL. */
kh_status kh_query_parse(const char *q, size_t len, kh_qnode **out,
                         kh_error *err);
void kh_query_free(kh_qnode *n);
/* The tree as an S-expression, for tests and debugging:
 * (some a (must b) (not c)), (or a b), (and a b), "a b", title:a, x*,
 * (date 2025-05-01 2025-05-31). */
int kh_query_format(const kh_qnode *n, kh_buf *out);

/* ---- plan.c ------------------------------------------------------------ */

/* One (field, term) a word may match, with its weight (1 for the word's
 * own stem and romanized readings, less for respellings). */
typedef struct kh_alt {
    uint8_t field; /* KH_F_* (a segment maps it to its own number) */
    float weight;
    char *term; /* the term bytes, without a field byte */
    size_t len;
    /* per segment of the plan's snapshot: the term's dictionary entry + 1,
     * 0 when the segment lacks it (looked up once, when planning) */
    uint32_t *tid;
} kh_alt;

enum { KP_LEAF, KP_PHRASE, KP_BOOL, KP_DATE, KP_NONE };

typedef struct kh_pnode {
    uint8_t kind, occ, coord;
    /* LEAF */
    kh_alt *alts;
    size_t nalts;
    double idf;
    int prox; /* a top-level word: counts for proximity */
    /* PHRASE: kids are LEAFs; rel[i] is kid i's position in the phrase */
    uint32_t *rel;
    /* BOOL */
    struct kh_pnode **kids;
    size_t nkids;
    /* DATE */
    int32_t lo, hi;
} kh_pnode;

#define KH_NFIELD_W KH_F_COUNT

/* Called by kh_exec with the live matching documents of segment seg, a
 * batch at a time, in increasing doc order within a segment (facets). */
typedef void (*kh_match_fn)(void *ctx, uint32_t seg, const uint32_t *docs,
                            size_t n);

typedef struct kh_plan {
    kh_pnode *root;
    const kh_snapshot *snap;
    double N;                    /* documents, for idf */
    double avg[KH_F_COUNT];      /* average field lengths */
    float fw[KH_F_COUNT];        /* field weights */
    float fb[KH_F_COUNT];        /* BM25 b per field */
    float norm[KH_F_COUNT][256]; /* 1 / (1 - b + b len / avg) */
    kh_pnode **leaves;           /* top-level words, query order */
    size_t nleaves;
    /* every term that counts as a match, for highlighting (no field
     * byte), NUL-separated */
    kh_buf hl;
    size_t nhl;
    /* surface[i]: hl term i as an article wrote it, when a snippet marked
     * it (NULL until then); filled by kh_snippet, read by facets.c */
    char **surface;
    /* Latin-letter words read as Devanagari terms:
     * "word\0term\0df\0key\0" entries */
    kh_buf interp;
    /* want[i]: the phonetic key of the Latin word that reached hl term i
     * (into interp), or NULL; good[i]: surface[i] has that key */
    const char **want;
    uint8_t *good;
    /* when set, kh_exec hands it every live match */
    kh_match_fn on_match;
    void *match_ctx;
    /* tests: every segment document at a time (exec.c), never flat.c */
    int no_flat;
    /* scratch kept between searches (flat.c's accumulators), or NULL */
    kh_workspace *ws;
} kh_plan;

kh_status kh_plan_build(const kh_qnode *q, const kh_snapshot *s,
                        const kh_analyzer *an, kh_doc *doc, kh_plan *p,
                        kh_error *err);
void kh_plan_free(kh_plan *p);
/* Whether a term (no field byte) is one of the plan's match terms. */
int kh_plan_highlights(const kh_plan *p, const char *term, size_t len);
/* The index of a match term in the plan's highlight set, or -1. */
int kh_plan_hl_index(const kh_plan *p, const char *term, size_t len);

/* ---- exec.c ------------------------------------------------------------ */

typedef struct kh_scored {
    double score;
    uint32_t seg, doc;
} kh_scored;

#define KH_BM25_K1 1.2
/* A word's BM25 share for its field-weighted frequency tfw: every scorer
 * (exec.c, flat.c) computes it this one way, so their sums agree bit for
 * bit. */
static inline double kh_bm25_tf(double idf, double tfw) {
    return idf * tfw * (KH_BM25_K1 + 1) / (KH_BM25_K1 + tfw);
}

/* The best k hits seen so far: a min-heap whose root is the worst kept. */
typedef struct kh_topk {
    kh_scored *h;
    size_t n, k;
} kh_topk;

/* Keeps v if it ranks among the best k (ties: newer segment, then lower
 * doc first). */
void kh_topk_push(kh_topk *t, kh_scored v);

/* Runs the plan over every segment of its snapshot: the best `k` hits
 * (proximity included), best first, into out (room for k) and the exact
 * number of matching documents. */
kh_status kh_exec(const kh_plan *p, size_t k, kh_scored *out, size_t *nout,
                  uint64_t *total, kh_error *err);

/* ---- flat.c ------------------------------------------------------------ */

/* Whether segment si is best run term at a time: the plan is flat (one
 * word, or words side by side or OR'ed, with at most date filters) and
 * its words' postings are dense in the segment. */
int kh_flat_worth(const kh_plan *p, uint32_t si);
/* Runs a flat plan over segment si, as kh_exec's document-at-a-time loop
 * would: every live match counted into *tot and handed to on_match in doc
 * order, and pushed with its BM25F score into top. */
kh_status kh_flat_segment(const kh_plan *p, uint32_t si, kh_topk *top,
                          uint64_t *tot, kh_error *err);

/* ---- collapse.c -------------------------------------------------------- */

/* How many candidates to rank for a page of k collapsed hits. */
size_t kh_collapse_k(size_t k);
/* Folds near-duplicates among the candidates top[0..*n) (best first):
 * top keeps the best of each group, in order, and *n becomes their
 * number; hit h's copies are (*similar)[(*sim_off)[h] .. (*sim_off)[h+1])
 * (both malloc'ed). */
kh_status kh_collapse(const kh_plan *p, kh_scored *top, size_t *n,
                      kh_scored **similar, size_t **sim_off, kh_error *err);
/* Sets h->similar, similar_titles and n_similar from the cnt copies m. */
kh_status kh_similar_ids(const kh_plan *p, const kh_scored *m, size_t cnt,
                         kh_hit *h, kh_error *err);

/* ---- entfacets.c ------------------------------------------------------- */

/* The persons, places and organisations (out[0..2], nout of each, most
 * often named first, values malloc'ed) named by the candidates top[0..n). */
kh_status kh_entity_facets(const kh_plan *p, const kh_scored *top, size_t n,
                           kh_facet *out[3], size_t nout[3], kh_error *err);

/* ---- snippet.c --------------------------------------------------------- */

/* What a search's snippets share: the plan's terms in a hash table, their
 * dictionary entries per segment, token scratch. One per search. */
typedef struct kh_snipper kh_snipper;

kh_status kh_snipper_new(const kh_plan *p, const kh_analyzer *an, kh_doc *doc,
                         const char *open, const char *close, size_t words,
                         kh_snipper **out, kh_error *err);
void kh_snipper_free(kh_snipper *sn);
/* The best passage of text (about `words` tokens) with matched words
 * between open and close; "" when text is empty. malloc'ed. text is the
 * standfirst and body (kh_record_body) of document `doc` of the plan's
 * segment `seg`, the body from byte body_off on: the postings' positions
 * choose the window, and the text is read up to it, from the body's
 * snippet mark nearest before it (the record's marks; NULL: none) once the
 * first window is in. seg = UINT32_MAX: any text, read until a window of
 * tokens holds every matched term. */
kh_status kh_snippet(kh_snipper *sn, uint32_t seg, uint32_t doc,
                     const char *text, size_t len, size_t body_off,
                     const uint8_t *marks, size_t marks_len, char **out,
                     kh_error *err);

/* ---- facets.c ---------------------------------------------------------- */

typedef struct kh_facet_acc kh_facet_acc;

/* What a search found besides its hits: facets and readings, owned by the
 * results. */
typedef struct kh_extras {
    kh_facet *sources, *days;
    char *day_text; /* the days' values, back to back (one block) */
    size_t nsources, ndays;
    kh_reading *readings;
    size_t nreadings;
} kh_extras;

/* An accumulator hooked into a plan (sets on_match) before kh_exec. */
kh_status kh_facets_begin(kh_plan *p, kh_facet_acc **out, kh_error *err);
/* After kh_exec: the counts per day and per source into x; frees acc. */
kh_status kh_facets_end(kh_facet_acc *acc, const kh_plan *p, kh_extras *x,
                        kh_error *err);
void kh_facet_acc_free(kh_facet_acc *acc);
/* The readings of the plan's Latin words into x; call after the snippets
 * were made, so that readings show as the articles write them. */
kh_status kh_readings(const kh_plan *p, kh_extras *x, kh_error *err);
void kh_extras_free(kh_extras *x);

#endif /* KH_SEARCH_H */
