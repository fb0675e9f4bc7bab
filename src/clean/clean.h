/*
 * clean.h — internal interface of the clean stage (src/clean/).
 *
 * The stage takes the blocks a reader delivered (src/read/) and builds a
 * kh_article: page furniture out (every drop listed with its reason),
 * structure in (title, kicker, standfirst, sections), dates found, language
 * per paragraph, repeated paragraphs kept once.
 *
 *   arena.c      chunked allocator that owns an article's strings
 *   ws.c         whitespace and invisible-character normalization, with
 *                UTF-8 validation and word hashes in the same pass
 *   shingle.h    the word-hash state machine ws.c and dedup.c share
 *   fold.c       folded keys for keyword matching (nukta, case, ZWJ)
 *   furniture.c  is a line page furniture, and why (keyword tables)
 *   places.c     place and agency names that make up datelines
 *   prefix.c     furniture and labels glued to a paragraph: datelines,
 *                kickers, truncation markers; other stories' headlines
 *   lang.c       hi / en / mixed from a paragraph's letters
 *   dedup.c      paragraph keys and near-duplicate tests
 *   dates.c      dates mentioned in the text, years inferred
 *   cleaner.c    the pipeline and the public kh_clean* calls
 *   article.c    kh_article storage and names of enums
 *   out_json.c   kh_article_to_json (jansson)
 *   out_text.c   kh_article_to_text
 */
#ifndef KH_CLEAN_H
#define KH_CLEAN_H

#include "core.h"
#include "khabar.h"

#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 ------------------------------------------------------------ */

/* Decodes one code point of valid UTF-8 (the cleaner validates its input
 * first) at s[0..n); returns its length, or 1 with *cp = 0xFFFD on a
 * broken sequence so callers always make progress. */
static inline unsigned kh_cl_decode(const unsigned char *s, size_t n,
                                    uint32_t *cp) {
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c < 0xE0 && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c < 0xF0 && n >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
              (s[2] & 0x3F);
        return 3;
    }
    if (c >= 0xF0 && c < 0xF5 && n >= 4 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
              ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return 4;
    }
    *cp = 0xFFFD;
    return 1;
}

static inline int kh_cl_is_deva_letter(uint32_t cp) {
    return cp >= 0x0900 && cp <= 0x097F && !(cp >= 0x0964 && cp <= 0x096F);
}

/* ---- arena.c ---------------------------------------------------------- */

/* Memory that lives as long as one article; pointers never move. */
typedef struct kh_arena {
    struct kh_arena_chunk *head;
} kh_arena;

void *kh_arena_alloc(kh_arena *a, size_t n);
/* A NUL-terminated copy of (s, n), or NULL on out of memory. */
char *kh_arena_strndup(kh_arena *a, const char *s, size_t n);
void kh_arena_free(kh_arena *a);

/* ---- article.c -------------------------------------------------------- */

/* The article as allocated: the public struct first, so a kh_article*
 * is a kh_article_impl*; everything it points to lives in the arena. */
typedef struct kh_article_impl {
    kh_article pub;
    kh_arena arena;
} kh_article_impl;

/* ---- ws.c ------------------------------------------------------------- */

/* Writes s with whitespace normalized to out (which must hold n bytes: the
 * result is never longer) and returns its length: NBSP and the other
 * Unicode spaces and tabs become a space, zero-width spaces, soft hyphens,
 * BOMs, word joiners and control characters go, runs of spaces become one,
 * and the ends are trimmed. Letters, marks, ZWJ and ZWNJ (which shape
 * Devanagari conjuncts) are left as they are. Validates as it goes: sets
 * *bad (when bad is not NULL) if s is not valid UTF-8 or holds a NUL; the
 * output is then only a best effort. */
size_t kh_ws_normalize(const char *s, size_t n, char *out, int *bad);

/* 1 when s is valid UTF-8 without NUL (what kh_utf8_check accepts), with
 * a short path for ASCII and Devanagari; 0 otherwise. */
int kh_utf8_valid(const char *s, size_t n);

/* ---- fold.c ----------------------------------------------------------- */

/* A key for matching furniture keywords: ASCII lowercased, nukta removed
 * (precomposed nukta letters to their base), candrabindu to anusvara,
 * ZWJ/ZWNJ dropped. Writes at most cap bytes; returns the length written
 * (a prefix of the key when cap is short). */
size_t kh_fold(const char *s, size_t n, char *out, size_t cap);

/* ---- furniture.c ------------------------------------------------------ */

/* The opening-keyword rules grouped by the bucket of their first
 * character (ASCII byte, Devanagari letter, other), so a line is tried
 * only against the rules that can open it; and the filter for the phrases
 * searched anywhere in a line. Built once per cleaner; read-only
 * afterwards. */
#define KH_FURN_BUCKETS 256
#define KH_FURN_MAX_RULES 512
#define KH_FURN_MAX_PHRASES 64
typedef struct kh_furniture_index {
    uint16_t start[KH_FURN_BUCKETS + 1]; /* rules of bucket b: start[b].. */
    uint16_t rule[KH_FURN_MAX_RULES];    /* rule numbers, table order */
    /* the phrases' first six bytes, and a 4096-bit filter of them */
    uint64_t phrase_key[KH_FURN_MAX_PHRASES];
    uint64_t phrase_filter[64];
} kh_furniture_index;

void kh_furniture_index_init(kh_furniture_index *x);

/* Is a whole (normalized) line page furniture? Returns 1 and sets *why, or
 * 0 for article text. Built to err towards keeping: a line is dropped only
 * on a clear sign. */
int kh_furniture_line(const kh_furniture_index *x, const char *s, size_t n,
                      kh_removal *why);

/* ---- places.c --------------------------------------------------------- */

/* 1 if the folded words (s, n) are a place name used in datelines
 * ("नई दिल्ली", "इंदौर", "Mumbai"). */
int kh_is_place(const char *folded, size_t n);
/* 1 if they are a news agency or desk name ("पीटीआई", "IANS", "NBT"). */
int kh_is_agency(const char *folded, size_t n);
/* 1 if they contain a reporter word ("प्रतिनिधि", "संवाददाता", "ब्यूरो"). */
int kh_has_reporter_word(const char *folded, size_t n);

/* ---- prefix.c --------------------------------------------------------- */

/* Length of a dateline glued to the start of a paragraph ("नईदुनिया
 * प्रतिनिधि, इंदौर।", "नई दिल्ली:"), including the separator and spaces
 * after it, or 0. `first` is 1 for the article's first body paragraph,
 * where a lone place name before a colon is enough. */
size_t kh_dateline_prefix(const char *s, size_t n, int first);

/* If the paragraph starts with a kicker ending in ':' ("Vladimir Putin
 * Talk to PM Modi: रूसी ...", "राजस्थान समाचार: ..."), sets *kick_len to
 * the kicker's length (without the colon) and returns the bytes to skip to
 * the text after it; else 0. A label in Devanagari or mixed script must be
 * at most four words shaped like a label and be followed by a full
 * sentence. */
size_t kh_kicker_prefix(const char *s, size_t n, size_t *kick_len);

/* 1 when a whole line is another story's headline: a Latin title-case
 * kicker, ':', and a Devanagari headline of 8 to 30 words with no
 * sentence end ("Indore Weather Update: इंदौर में अलसुबह से तेज बारिश,
 * ..."), that shares at most one subject word with the start of the next
 * paragraph (next, NULL when there is none): sharing more, it heads that
 * paragraph. Only for lines inside the body: the article's own headline
 * has this shape too. */
int kh_related_headline(const char *s, size_t n, const char *next,
                        size_t next_len);

/* Offset where a feed's truncation marker ("... [1506 chars]") starts at
 * the end of the text, or n when there is none. */
size_t kh_truncation_suffix(const char *s, size_t n);

/* ---- lang.c ----------------------------------------------------------- */

kh_lang kh_lang_of(const char *s, size_t n);
/* The same from letter counts already taken (kh_shingle). */
kh_lang kh_lang_counts(size_t deva, size_t latin);

/* ---- dedup.c ---------------------------------------------------------- */

/* A paragraph's words as hashes of their folded letters, sorted, for
 * near-duplicate tests; plus one hash of the whole normalized paragraph
 * (punctuation and spacing ignored) for exact repeats. The same pass
 * counts what kh_lang_counts() needs and whether a digit occurs. */
typedef struct kh_shingle {
    uint64_t whole;
    uint64_t bits[4];  /* a 256-bit set of the word hashes: a cheap filter */
    uint64_t inner[4]; /* the same without the first and the last word */
    uint32_t *words;   /* word hashes; sorted once a full test needs it */
    size_t n_words;
    size_t deva, latin; /* Devanagari and Latin letters, as kh_lang_of */
    int has_digit;      /* an ASCII or Devanagari digit */
    int sorted;
} kh_shingle;

/* Fills sh (words allocated in the arena). Returns 0, or -1 when out of
 * memory. */
int kh_shingle_make(kh_arena *a, const char *s, size_t n, kh_shingle *sh);
/* kh_ws_normalize and kh_shingle_make of its output in one pass (both
 * walk every byte of every paragraph): writes the normalized text to out
 * and its length to *len, sets *bad as kh_ws_normalize does, fills sh.
 * Returns 0, or -1 when out of memory. */
int kh_ws_shingle(kh_arena *a, const char *s, size_t n, char *out, size_t *len,
                  int *bad, kh_shingle *sh);
/* 1 when b repeats a exactly or nearly (>= 90% of words shared). May sort
 * the word arrays. */
int kh_shingle_dup(kh_shingle *a, kh_shingle *b);
/* 1 when every word of `part` but its first and last may be in `whole`
 * (the bit sets say so): a filter before a substring search that never
 * rules out a real match. */
int kh_shingle_maybe_within(const kh_shingle *part, const kh_shingle *whole);
/* 1 when the words of `head` are the first words of `para`: head repeated
 * as the opening of a longer paragraph. */
int kh_text_starts_with(const char *para, size_t pn, const char *head,
                        size_t hn, size_t *skip);

/* ---- dates.c ---------------------------------------------------------- */

/* A date found in a piece of text, before the year is settled. */
typedef struct kh_date_hit {
    size_t start, len; /* in the text searched */
    int year, month, day; /* year 0 when not written; day 0 for "मार्च 2020" */
} kh_date_hit;

/* Calls `found` for each date written in (s, n): "5 मई", "22 अप्रैल
 * 2025", "May 5, 2025", "5 May", "2025-05-05", "05/05/2025",
 * "29-MAR-2020", Devanagari digits too. Returns 0, or the first non-zero
 * value `found` returns. */
int kh_find_dates(const char *s, size_t n,
                  int (*found)(void *ctx, const kh_date_hit *hit), void *ctx);

/* Standalone years (1900..2099) written in (s, n), counted into
 * counts[year - 1900] (200 slots): evidence for the year of dates that
 * omit it ("2025 के अंत में"). */
void kh_count_years(const char *s, size_t n, unsigned *counts);

#endif /* KH_CLEAN_H */
