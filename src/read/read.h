/*
 * read.h — internal interface of the read stage (src/read/).
 *
 * Readers turn one input format into a kh_rawdoc: the article's lines
 * ("blocks") in reading order, with what the format itself says about
 * them (a heading tag, a blank line before, a page-chrome container), and
 * the metadata the format carries (meta tags, JSON-LD, JSON fields). They
 * do not judge content: page furniture, standfirsts and duplicates are the
 * clean stage's job (src/clean/).
 *
 *   rawdoc.c   kh_rawdoc storage
 *   detect.c   sniffing text / HTML / JSON Lines
 *   text.c     plain-text scrapes: one block per line
 *   html.c     HTML pages through gumbo: body, title, dates, author, ...
 *   standin.c  long text runs swapped for short stand-ins while gumbo parses
 *   jsonl.c    one JSON Lines record through jansson; the stream reader
 *   jsonscan.c the fast path for flat records of known string fields
 *   date.c     publication dates (ISO 8601, RFC 822) to ISO 8601
 */
#ifndef KH_READ_H
#define KH_READ_H

#include "core.h"
#include "khabar.h"

#include <stddef.h>

/* Block flags. */
enum {
    KH_BLK_GAP = 1u << 0,     /* a blank line (or block break) before it */
    KH_BLK_HEADING = 1u << 1, /* marked up as a heading (h2..h6) */
    KH_BLK_TITLE = 1u << 2,   /* marked up as the headline (h1) */
    KH_BLK_LIST = 1u << 3,    /* a list item */
    KH_BLK_DROP = 1u << 4,    /* inside page chrome: drop with `reason` */
    KH_BLK_PRE = 1u << 5      /* preformatted (keeps its line breaks) */
};

/* One line of the article as the format delivers it (not yet cleaned). */
typedef struct kh_block {
    size_t off, len;   /* bytes at rawdoc->base + off */
    size_t line;       /* 1-based input line, 0 if unknown */
    unsigned flags;    /* KH_BLK_* */
    kh_removal reason; /* with KH_BLK_DROP */
} kh_block;

/* Metadata fields a reader may fill (indexes into kh_rawdoc.meta). */
enum {
    KH_META_ID = 0,
    KH_META_TITLE,
    KH_META_URL,
    KH_META_PUBLISHED,
    KH_META_UPDATED,
    KH_META_SOURCE,
    KH_META_AUTHOR,
    KH_META_SECTION,
    KH_META_CANONICAL,
    KH_META_DESCRIPTION,
    KH_META_COUNT
};

typedef struct kh_rawdoc {
    const char *base; /* the input buffer (text) or `store.data` */
    kh_buf store;     /* text the reader produced (HTML, JSON) */
    kh_block *blocks;
    size_t n_blocks, cap_blocks;
    char *meta[KH_META_COUNT]; /* malloc'd, NUL-terminated, or NULL */
    char *extra_json;          /* unknown JSON fields, a JSON object */
    kh_input_format format;
    size_t line_offset; /* added to reported lines (JSON record lines) */
} kh_rawdoc;

void kh_rawdoc_init(kh_rawdoc *d);
void kh_rawdoc_free(kh_rawdoc *d);
/* Empties blocks, store and metadata but keeps allocations. */
void kh_rawdoc_reset(kh_rawdoc *d);
kh_status kh_rawdoc_push(kh_rawdoc *d, size_t off, size_t len, size_t line,
                         unsigned flags, kh_error *err);
/* Sets meta[field] to a copy of (s, n) unless already set (first wins);
 * empty values are ignored. */
kh_status kh_rawdoc_meta(kh_rawdoc *d, int field, const char *s, size_t n,
                         kh_error *err);

/* ---- detect.c --------------------------------------------------------- */

/* TEXT, HTML or JSONL for a buffer (never AUTO). */
kh_input_format kh_detect_format(const char *buf, size_t len);

/* ---- text.c ----------------------------------------------------------- */

/* One block per non-blank line of a plain-text scrape. Blocks point into
 * buf (d->base = buf), which must outlive d. Line ends: LF, CRLF, CR. */
kh_status kh_read_text(const char *buf, size_t len, kh_rawdoc *d,
                       kh_error *err);

/* ---- html.c ----------------------------------------------------------- */

/* The article of an HTML page: metadata from <title>, <meta>, <link
 * rel=canonical>, JSON-LD and <time>; blocks from the element that holds
 * the article body. KH_ERR_NOT_FOUND when no article text is there. */
kh_status kh_read_html(const char *buf, size_t len, kh_rawdoc *d,
                       kh_error *err);

/* The same, with text stand-ins (standin.c) on or off: the two give the
 * same result, which the HTML fuzzer checks. */
kh_status kh_read_html_with(const char *buf, size_t len, int standins,
                            kh_rawdoc *d, kh_error *err);

/* ---- standin.c -------------------------------------------------------- */

#define KH_STANDIN_LEAD 4 /* bytes of U+10FFFD that open a stand-in */
#define KH_STANDIN_SIZE 8 /* and four characters number the run */
#define KH_STANDIN_MAX ((size_t)1 << 24)

typedef struct kh_standin_run {
    size_t off, len; /* in the original page */
} kh_standin_run;

/* A page prepared for the parser: `doc` (len bytes) is the page with long
 * text runs replaced by stand-ins, or NULL when the page is to be parsed
 * as it is (short, no long runs, or it holds U+10FFFD itself). */
typedef struct kh_standin {
    const char *orig;
    char *doc;
    size_t len, cap_doc;
    kh_standin_run *runs;
    size_t n, cap_runs;
} kh_standin;

/* Fills x for the page s (n bytes; s must outlive x). Returns 0, or -1
 * when out of memory. */
int kh_standin_make(const char *s, size_t n, kh_standin *x);
/* The length of the NUL-terminated parser text t with its stand-ins put
 * back; and t put back, appended to b (0, or -1 when out of memory). */
size_t kh_standin_len(const kh_standin *x, const char *t);
int kh_standin_append(const kh_standin *x, kh_buf *b, const char *t);
/* For the check after the parse: marks in seen[] the runs whose stand-ins
 * t holds; returns 1 when t holds one that is cut short, unknown, already
 * seen, or (seen NULL) any at all: text where no stand-in may be. */
int kh_standin_count(const kh_standin *x, const char *t, unsigned char *seen);
/* 1 when s[0, n) holds the start of a stand-in. */
int kh_standin_in(const char *s, size_t n);
void kh_standin_free(kh_standin *x);

/* ---- jsonl.c ---------------------------------------------------------- */

/* Parses one JSON object: metadata fields into d->meta, unknown fields into
 * d->extra_json, and the `text` or `html` body into *body (malloc'd copy,
 * *body_len bytes) with *is_html set. KH_ERR_PARSE when malformed. */
kh_status kh_read_json_record(const char *line, size_t len, kh_rawdoc *d,
                              char **body, size_t *body_len, int *is_html,
                              kh_error *err);
/* The same for a line the caller has already checked to be valid UTF-8
 * without NUL (kh_utf8_check): the line is not validated a second time. */
kh_status kh_read_json_record_utf8(const char *line, size_t len, kh_rawdoc *d,
                                   char **body, size_t *body_len, int *is_html,
                                   kh_error *err);
/* The same through jansson alone (the general path; tests compare). */
kh_status kh_read_json_jansson(const char *line, size_t len, kh_rawdoc *d,
                               char **body, size_t *body_len, int *is_html,
                               kh_error *err);

/* The known record fields: name -> KH_META_*, or -1 text, -2 html;
 * ends with a NULL name. */
typedef struct kh_json_field {
    const char *name;
    int meta;
} kh_json_field;
extern const kh_json_field kh_json_fields[];

/* ---- jsonscan.c ------------------------------------------------------- */

/* The fast path of kh_read_json_record for flat records of known string
 * fields: returns 1 with the result in *st, or 0 (nothing changed) when
 * the record needs the general parser. utf8_checked: the caller has
 * validated the line already. */
int kh_read_json_simple(const char *line, size_t len, int utf8_checked,
                        kh_rawdoc *d, char **body, size_t *body_len,
                        int *is_html, kh_status *st, kh_error *err);

/* ---- date.c ----------------------------------------------------------- */

/* Writes an ISO 8601 form of a date string ("2025-07-16T21:25:41+05:30",
 * "2020-03-01") to out (cap >= 32) and returns 1, or returns 0 when the
 * string is not a date it knows (ISO 8601, RFC 822, "01 Mar 2020, 02:53 PM
 * IST"). */
int kh_date_to_iso(const char *s, size_t n, char *out, size_t cap);

#endif /* KH_READ_H */
