/*
 * enrich.h — internal interface of the enrich stage (src/enrich/): what
 * an article holds beyond its words. Depends on clean (arena, date
 * finder) and analyze (tokens, stems); nothing depends on it but the CLI.
 */
#ifndef KH_ENRICH_H
#define KH_ENRICH_H

#include "clean.h"
#include "khabar.h"

#include <stddef.h>
#include <stdint.h>

/* ==== dates, counts, keywords, summary, fingerprints ===================
 *
 *   calendar.c   day numbers, weekdays, ISO strings
 *   timex.c      date expressions found and resolved (absolute dates from
 *                clean/dates.c, relative ones, weekdays, periods, tense)
 *   counts.c     number + counted noun
 *   closed.c     closed-class words (postpositions, pronouns, auxiliaries)
 *   keywords.c   tf-idf keywords, built-in df table (df_table.inc)
 *   summary.c    extractive summary: centrality, position, redundancy
 *   simhash.c    fingerprints, their distance, grouping
 *   enricher.c   the public calls: units, analysis, assembly
 *   enrich_json.c  JSON output
 */

/* A word and its length, known at compile time: word lists are tried
 * against every token, so a length compare rules most out cheaply. */
typedef struct en_word {
    const char *s;
    size_t n;
} en_word;
#define EN_W(x)                                                                \
    { x, sizeof(x) - 1 }

/* One piece of the article that is enriched: title, standfirst, a
 * heading or a paragraph. */
typedef struct en_unit {
    const char *text;
    size_t len;
    kh_where where;
    size_t section, paragraph;
} en_unit;

/* A token kept after analysis (its strings copied into the arena). */
typedef struct en_tok {
    uint32_t unit, sent;
    uint32_t start, end; /* in the unit's text */
    kh_token_type type;
    kh_script script;
    const char *norm;
    const char *stem;
    const char *key; /* phonetic key: where Latin and Devanagari meet */
    uint32_t norm_len, stem_len, key_len;
} en_tok;

typedef struct en_sent {
    uint32_t unit;
    uint32_t first, n;   /* tokens */
    uint32_t start, end; /* in the unit's text */
} en_sent;

/* A content stem of the article: its weighted frequency (title words
 * count more), inverse document frequency and the form used most. */
typedef struct en_term {
    const char *stem;
    uint32_t stem_len;
    unsigned count;
    double tfw, idf;
    const char *form[4];
    uint32_t form_len[4];
    unsigned form_n[4];
    const char *key; /* of the first form */
    uint32_t key_len;
    kh_script script;
} en_term;

/* The analysed article the stage works on. */
typedef struct en_doc {
    kh_arena *arena;
    en_unit *units;
    size_t n_units;
    en_tok *toks;
    size_t n_toks;
    en_sent *sents;
    size_t n_sents;
    int has_pub;        /* an anchor date is known */
    const char *anchor; /* what it is: "published", or a date the
                           article gives for आज ("आज यानी 5 मई") */
    long pub_day;       /* days since 1970-01-01 */
    int pub_year, pub_month;
    int named_year;   /* the year the article names most, 0 if none */
    int32_t *term_of; /* per token: index into terms, or -1 */
    en_term *terms;
    size_t n_terms;
} en_doc;

/* ---- calendar.c ---- */
long en_days(int y, int m, int d); /* days since 1970-01-01 */
void en_civil(long days, int *y, int *m, int *d);
int en_weekday(long days); /* 0 = Monday .. 6 = Sunday */
int en_month_days(int y, int m);
void en_iso(long days, char out[11]);
/* Parses the leading YYYY-MM-DD of s; returns 1 and the day number. */
int en_parse_iso(const char *s, long *days);

/* ---- timex.c ---- */
int en_find_dates(en_doc *d, kh_resolved_date **out, size_t *n);

/* ---- counts.c ---- */
int en_find_counts(en_doc *d, kh_count **out, size_t *n);
/* A number word ("तीन", "दस") as its value, or 0. */
int en_number_word(const char *norm, size_t n);

/* ---- closed.c ---- */
/* Index of the word (s, n) in a table sorted by bytes whose items of
 * `size` bytes each start with an en_word; count when it is not there. */
size_t en_word_find(const void *table, size_t count, size_t size, const char *s,
                    size_t n);
/* 1 when the normalized word is closed-class or too common to say
 * anything (postpositions, pronouns, auxiliaries, conjunctions, English
 * function words). */
int en_is_closed(const char *norm, size_t n);
/* 1 for words of time ("अगले", "महीने", "आज"): not keywords. */
int en_is_time_word(const char *norm, size_t n);

/* ---- keywords.c ---- */
typedef struct en_df {
    kh_df_fn fn;
    void *ctx;
    uint64_t docs;
} en_df;
/* Inverse document frequency of a stem. */
double en_idf(const en_df *df, const char *stem, size_t n);
/* The built-in table, for kh_df_fn. */
uint64_t en_default_df(void *ctx, const char *stem, size_t n);
extern const uint64_t en_default_df_docs;
/* A token that may be a keyword and counts for centrality. */
int en_content_token(const en_tok *t);
/* Fills d->terms and d->term_of. */
int en_terms(en_doc *d, const en_df *df);
int en_keywords(en_doc *d, size_t max, kh_keyword **out, size_t *n);

/* ---- summary.c ---- */
int en_summary(en_doc *d, size_t max, kh_summary_sentence **out, size_t *n);

/* ---- simhash.c ---- */
uint64_t en_simhash(const en_doc *d);

/* ==== end of dates, counts, keywords, summary, fingerprints ==== */

#endif /* KH_ENRICH_H */
