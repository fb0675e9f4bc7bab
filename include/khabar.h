/*
 * khabar.h — the one public header of khabar, an engine that turns raw Hindi
 * news into clean, structured, searchable knowledge.
 *
 * Conventions (the same in every part of the API):
 *   - Every name starts with kh_ (types, functions) or KH_ (constants).
 *   - Every call that can fail returns a kh_status and, when given a non-NULL
 *     kh_error*, fills it with the status and a human-readable message.
 *     KH_OK (0) means success.
 *   - There is no global mutable state. Handles (kh_analyzer, ...) are
 *     immutable once created and may be shared by any number of threads;
 *     per-call workspaces (kh_doc, ...) belong to one thread at a time.
 *   - Strings are UTF-8 and are passed with explicit byte lengths; returned
 *     strings are NOT NUL-terminated unless documented otherwise.
 *   - Offsets are byte offsets into the caller's input buffer.
 */
#ifndef KHABAR_H
#define KHABAR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KH_VERSION_MAJOR 0
#define KH_VERSION_MINOR 1
#define KH_VERSION_PATCH 0
#define KH_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------------ */
/* Status and errors                                                        */
/* ------------------------------------------------------------------------ */

typedef enum kh_status {
    KH_OK = 0,
    KH_ERR_NOMEM,     /* out of memory */
    KH_ERR_ARG,       /* invalid argument from the caller */
    KH_ERR_IO,        /* a read or write failed; message names the file */
    KH_ERR_UTF8,      /* input is not valid UTF-8 (or holds NUL bytes) */
    KH_ERR_PARSE,     /* malformed input: JSON, HTML, query, ... */
    KH_ERR_CORRUPT,   /* stored data failed its checksum or is inconsistent */
    KH_ERR_LOCKED,    /* another writer holds the lock */
    KH_ERR_NOT_FOUND, /* no such item */
    KH_ERR_LIMIT,     /* a configured limit was exceeded */
    KH_ERR_INTERNAL   /* a bug: please report it */
} kh_status;

#define KH_ERROR_MESSAGE_MAX 512

/* Filled by failing calls. Zero-initialise it (kh_error e = {0};) or call
 * kh_error_clear(). */
typedef struct kh_error {
    kh_status code;
    char message[KH_ERROR_MESSAGE_MAX]; /* NUL-terminated, one line */
} kh_error;

/* A short constant name for a status, e.g. "KH_ERR_UTF8". */
const char *kh_status_name(kh_status status);

/* Resets an error to KH_OK with an empty message. NULL is allowed. */
void kh_error_clear(kh_error *err);

/* The library version, e.g. "0.1.0". */
const char *kh_version(void);

/* ------------------------------------------------------------------------ */
/* Analysis: sentences, tokens, normalization, stems, romanization          */
/* ------------------------------------------------------------------------ */

/* What a token is. */
typedef enum kh_token_type {
    KH_TOKEN_WORD = 0, /* letters (any script), incl. hyphenated compounds */
    KH_TOKEN_NUMBER, /* digits with separators, 80वीं, २०२५, 5/5/2025 */
    KH_TOKEN_PUNCT,   /* punctuation: । ॥ . , ? ! " ( ) - ... */
    KH_TOKEN_SYMBOL,  /* symbols: % ₹ $ + = © ... */
    KH_TOKEN_URL,     /* http://..., www.example.com */
    KH_TOKEN_EMAIL,   /* name@example.com */
    KH_TOKEN_HASHTAG, /* #पहलगाम */
    KH_TOKEN_MENTION, /* @handle */
    KH_TOKEN_OTHER    /* anything else (emoji, other scripts' signs) */
} kh_token_type;

/* The script of a token's letters. */
typedef enum kh_script {
    KH_SCRIPT_NONE = 0, /* no letters: numbers, punctuation, symbols */
    KH_SCRIPT_DEVANAGARI,
    KH_SCRIPT_LATIN,
    KH_SCRIPT_MIXED, /* letters of more than one script (PM-मोदी) */
    KH_SCRIPT_OTHER
} kh_script;

/* Short lowercase names: "word", "number", ...; "devanagari", "latin", ... */
const char *kh_token_type_name(kh_token_type type);
const char *kh_script_name(kh_script script);

/* Flags for kh_analyzer_options.flags. */
enum {
    /* Text is hard-wrapped prose: a single line break is a space, only a
     * blank line (or sentence punctuation) ends a sentence. Without it a
     * single line break also ends a sentence, as scraped news puts one unit
     * (heading, byline, caption) per line. */
    KH_ANALYZE_WRAPPED = 1u << 0,
    /* Compute stems (Hindi light stemmer, Porter2 for English). */
    KH_ANALYZE_STEMS = 1u << 1,
    /* Compute ISO 15919 romanization of Devanagari tokens. */
    KH_ANALYZE_ROMAN = 1u << 2,
    /* Compute phonetic keys (romanized and Devanagari spellings meet). */
    KH_ANALYZE_KEYS = 1u << 3,
    /* Also fold long vowels into short ones in `norm` (ी→ि, ू→ु, ...), as
     * Lucene's Hindi normalizer does. Off by default: it merges many
     * unrelated words (see `make eval`). */
    KH_ANALYZE_FOLD_VOWELS = 1u << 4,
    /* Tokens only: no sentence boundaries are looked for, and the text is
     * one sentence. For callers that need only the tokens (an index, a
     * snippet): the sentence pass is a good part of plain analysis. */
    KH_ANALYZE_NO_SENTENCES = 1u << 5,
    /* Everything a search index needs. */
    KH_ANALYZE_ALL = KH_ANALYZE_STEMS | KH_ANALYZE_ROMAN | KH_ANALYZE_KEYS
};

typedef struct kh_analyzer_options {
    unsigned flags; /* KH_ANALYZE_* */
} kh_analyzer_options;

/* A configured analyzer. Immutable after creation: share it freely between
 * threads. */
typedef struct kh_analyzer kh_analyzer;

/* The result of analysing one buffer, and the reusable workspace that holds
 * it. One kh_doc per thread; reuse it across calls to avoid allocation. */
typedef struct kh_doc kh_doc;

/* One token. All strings point into the analysed buffer or into the kh_doc
 * and stay valid until the next kh_analyze() on that doc or kh_doc_free().
 * They are not NUL-terminated; use the *_len fields. */
typedef struct kh_token {
    size_t start, end; /* byte span in the input: text = input+start */
    kh_token_type type;
    kh_script script;
    int space_after;    /* 1 if whitespace (or end of input) follows */
    int sentence_start; /* 1 for the first token of a sentence */
    const char *norm;   /* normalized form for matching */
    size_t norm_len;
    const char *stem; /* stem of norm (KH_ANALYZE_STEMS), else NULL */
    size_t stem_len;
    const char *roman; /* ISO 15919 (KH_ANALYZE_ROMAN), else NULL; for
                          non-Devanagari tokens, the text itself */
    size_t roman_len;
    const char *key; /* phonetic key (KH_ANALYZE_KEYS), else NULL;
                        empty for tokens without letters */
    size_t key_len;
    unsigned n_parts; /* >1 for hyphenated compounds (भारत-रूस): the
                         words between hyphens; see kh_doc_token_part() */
} kh_token;

/* One sentence: a span of tokens. */
typedef struct kh_sentence {
    size_t start, end;  /* byte span in the input, first to last token */
    size_t first_token; /* index of its first token */
    size_t n_tokens;
    int paragraph_start; /* 1 if it opens a paragraph */
} kh_sentence;

/* Creates an analyzer. `opts` may be NULL (defaults: no stems, roman or
 * keys). Returns KH_OK and sets *out, or fails with KH_ERR_NOMEM / KH_ERR_ARG.
 */
kh_status kh_analyzer_new(const kh_analyzer_options *opts, kh_analyzer **out,
                          kh_error *err);
void kh_analyzer_free(kh_analyzer *an);

/* Creates an empty result/workspace. */
kh_status kh_doc_new(kh_doc **out, kh_error *err);
void kh_doc_free(kh_doc *doc);

/* Splits `text` (len bytes of UTF-8) into sentences and tokens and computes
 * the forms the analyzer was configured for, replacing doc's previous
 * content. The text must stay alive while the doc's tokens are used.
 * Invalid UTF-8 gives KH_ERR_UTF8 with the byte offset in the message (the
 * analyzer never reads past len, never aborts). `base_offset` is added to
 * every offset reported (useful when analysing a stream in pieces). */
kh_status kh_analyze(const kh_analyzer *an, kh_doc *doc, const char *text,
                     size_t len, size_t base_offset, kh_error *err);

size_t kh_doc_sentence_count(const kh_doc *doc);
const kh_sentence *kh_doc_sentence(const kh_doc *doc, size_t i);
size_t kh_doc_token_count(const kh_doc *doc);
const kh_token *kh_doc_token(const kh_doc *doc, size_t i);

/* One part of a hyphenated compound token (भारत-रूस -> भारत, रूस), with
 * the same forms as a token. Strings follow kh_token's lifetime rules. */
typedef struct kh_part {
    size_t start, end; /* byte span in the input */
    const char *norm;
    size_t norm_len;
    const char *stem; /* NULL without KH_ANALYZE_STEMS */
    size_t stem_len;
    const char *roman; /* NULL without KH_ANALYZE_ROMAN */
    size_t roman_len;
    const char *key; /* NULL without KH_ANALYZE_KEYS */
    size_t key_len;
} kh_part;

/* Part `part` (0-based, < n_parts) of token `token`, or NULL when either is
 * out of range. */
const kh_part *kh_doc_token_part(const kh_doc *doc, size_t token,
                                 unsigned part);

/* Checks that buf is valid UTF-8 without NUL bytes. Returns KH_OK, or
 * KH_ERR_UTF8 with *bad_offset set to the first offending byte. */
kh_status kh_utf8_check(const char *buf, size_t len, size_t *bad_offset);

/* Copies buf to out, replacing every invalid sequence and NUL byte by
 * U+FFFD. out must hold 3*len bytes. Returns the bytes written. */
size_t kh_utf8_repair(const char *buf, size_t len, char *out);

/* Single-word helpers (thread-safe, no handle needed). Each writes at most
 * `cap` bytes to `out` and returns the length the full result needs; when
 * that is more than cap, call again with a larger buffer. The result is not
 * NUL-terminated. `word` is one token's text. */
size_t kh_normalize_word(const char *word, size_t len, unsigned flags,
                         char *out, size_t cap);
size_t kh_romanize_word(const char *word, size_t len, char *out, size_t cap);
size_t kh_phonetic_key(const char *word, size_t len, char *out, size_t cap);

/* ------------------------------------------------------------------------ */
/* Reading and cleaning: raw news in, structured articles out               */
/* ------------------------------------------------------------------------ */

/* The kinds of input the cleaner reads. */
typedef enum kh_input_format {
    KH_INPUT_AUTO = 0, /* sniff: '<' markup is HTML, '{' lines JSON Lines */
    KH_INPUT_TEXT,     /* a plain-text scrape: title line, paragraphs */
    KH_INPUT_HTML,     /* a saved HTML page */
    KH_INPUT_JSONL     /* JSON Lines: one article object per line */
} kh_input_format;

/* "auto", "text", "html", "jsonl". */
const char *kh_input_format_name(kh_input_format format);

/* The language of a paragraph, judged from its letters. */
typedef enum kh_lang {
    KH_LANG_NONE = 0, /* no letters */
    KH_LANG_HI,       /* Devanagari, a few Latin words at most */
    KH_LANG_EN,       /* Latin letters */
    KH_LANG_MIXED     /* both in good measure */
} kh_lang;

/* "", "hi", "en", "mixed". */
const char *kh_lang_name(kh_lang lang);

/* Why the cleaner dropped a line (or part of one). */
typedef enum kh_removal {
    KH_RM_SHARE_PROMPT = 0, /* share / follow / subscribe / like prompts */
    KH_RM_RELATED_LINK, /* "यह भी पढ़ें", "Also Read" and the like */
    KH_RM_BYLINE,   /* author and desk lines */
    KH_RM_DATELINE, /* "नई दिल्ली", "नईदुनिया प्रतिनिधि, इंदौर।" */
    KH_RM_CREDIT,   /* photo / video credits: "Courtesy:", "फोटो:" */
    KH_RM_CAPTION,  /* figure captions (HTML figcaption) */
    KH_RM_TIMESTAMP,      /* "Updated", "Published" stamps, bare times */
    KH_RM_ADVERT,         /* advertisement markers */
    KH_RM_APP_PROMPT,     /* "download the app" prompts */
    KH_RM_SOCIAL_EMBED,   /* embedded posts: pic.twitter.com, "(@x)" */
    KH_RM_COPYRIGHT,      /* copyright lines */
    KH_RM_COMMENT_PROMPT, /* "write a comment" prompts */
    KH_RM_NAVIGATION,     /* menus, breadcrumbs, section labels */
    KH_RM_TAGS,           /* tag and topic lists */
    KH_RM_UPDATE_NOTE, /* "खबर अपडेट की जा रही है" */
    KH_RM_TITLE_REPEAT,      /* the title again at the top of the text */
    KH_RM_STANDFIRST_REPEAT, /* the standfirst again in the body */
    KH_RM_DUPLICATE,         /* a paragraph seen before in the article */
    KH_RM_TRUNCATION,        /* a feed's truncation marker ("[1506 chars]") */
    KH_RM_PAGE_CHROME        /* HTML header/footer/aside/form inside the body */
} kh_removal;

/* A stable snake_case name for a removal reason, e.g. "related_link". */
const char *kh_removal_name(kh_removal reason);

/* Strings inside a kh_article are owned by it, are NUL-terminated (unlike
 * the rest of this header) and have their byte length beside them where it
 * matters. Absent values are NULL. */

/* One body paragraph. */
typedef struct kh_paragraph {
    const char *text; /* whitespace-normalized, words as in the input */
    size_t len;
    kh_lang lang;
    size_t line; /* 1-based input line it came from; 0 if unknown */
} kh_paragraph;

/* A run of paragraphs under one sub-heading. */
typedef struct kh_section {
    const char *heading; /* NULL for the lead section */
    const kh_paragraph *paragraphs;
    size_t n_paragraphs;
} kh_section;

/* Where a date mention was found. */
typedef enum kh_where {
    KH_WHERE_TITLE = 0,
    KH_WHERE_KICKER,
    KH_WHERE_STANDFIRST,
    KH_WHERE_HEADING,
    KH_WHERE_BODY,
    KH_WHERE_DATELINE /* a dateline the cleaner removed ("लखनऊ, 4 जून।") */
} kh_where;

/* "title", "kicker", "standfirst", "heading", "body", "dateline". */
const char *kh_where_name(kh_where where);

/* A date mentioned in the article ("5 मई", "22 अप्रैल 2025", "May 5"). */
typedef struct kh_date {
    const char *text; /* as written */
    size_t len;
    char iso[11];      /* "2025-05-05" or "2025-05"; "" when no year is
                          written and none can be inferred */
    int year_inferred; /* 1 when the year in iso was not written */
    kh_where where;
    size_t section, paragraph; /* for KH_WHERE_BODY / KH_WHERE_HEADING */
} kh_date;

/* A line (or part of a line) the cleaner dropped, and why. */
typedef struct kh_removed {
    const char *text;
    size_t len;
    kh_removal reason;
    size_t line; /* 1-based input line; 0 if unknown */
    int partial; /* 1 when only this part of the line was dropped */
} kh_removed;

/* A cleaned article. Created by the kh_clean_* calls and freed with
 * kh_article_free(); callers read it but never build one. Later versions
 * only append fields. */
typedef struct kh_article {
    const char *id;         /* from the input, else a stable content hash */
    const char *title;      /* headline */
    const char *kicker;     /* label split off the first paragraph */
    const char *standfirst; /* summary paragraph above the body */
    const char *published;  /* ISO 8601 when parseable, else as given */
    const char *updated;
    const char *author;
    const char *section; /* the site's section ("देश", "sports") */
    const char *source;  /* publication */
    const char *url;
    const char *canonical_url;
    const char *description; /* HTML meta description, when present */
    kh_lang lang;            /* of the body as a whole */
    const kh_section *sections;
    size_t n_sections;
    const kh_date *dates;
    size_t n_dates;
    const kh_removed *removed;
    size_t n_removed;
    const char *extra_json; /* unknown JSON Lines fields, a JSON object */
    kh_input_format format; /* what was read: text, html or jsonl */
    size_t record_line;     /* JSON Lines: line of the record; else 0 */
} kh_article;

/* What the caller already knows about an article; every field optional
 * (NUL-terminated or NULL). Values found in the input (HTML meta tags)
 * fill only what is NULL here. `date` is the publication date. */
typedef struct kh_article_meta {
    const char *id, *title, *url, *date, *source;
} kh_article_meta;

/* Flags for kh_clean_options.flags. */
enum {
    /* Replace invalid UTF-8 by U+FFFD instead of failing with KH_ERR_UTF8. */
    KH_CLEAN_REPAIR_UTF8 = 1u << 0,
    /* Keep repeated paragraphs (no in-article de-duplication). */
    KH_CLEAN_KEEP_DUPLICATES = 1u << 1
};

typedef struct kh_clean_options {
    unsigned flags; /* KH_CLEAN_* */
} kh_clean_options;

/* A configured cleaner: immutable, share it between threads. */
typedef struct kh_cleaner kh_cleaner;

/* Creates a cleaner; `opts` may be NULL for the defaults. */
kh_status kh_cleaner_new(const kh_clean_options *opts, kh_cleaner **out,
                         kh_error *err);
void kh_cleaner_free(kh_cleaner *cl);

/* Cleans one article held in buf (len bytes) read as `format` (TEXT, HTML,
 * or AUTO to sniff between them; JSONL is refused: use
 * kh_clean_json_record). Sets *out to a new article on KH_OK. Fails with
 * KH_ERR_UTF8 (invalid UTF-8 or a NUL byte; the message names the line)
 * unless KH_CLEAN_REPAIR_UTF8 is set, KH_ERR_NOT_FOUND when no article text
 * is found (an empty file, an HTML page without an article), KH_ERR_NOMEM.
 * Never aborts on any input. */
kh_status kh_clean(const kh_cleaner *cl, kh_input_format format,
                   const char *buf, size_t len, const kh_article_meta *meta,
                   kh_article **out, kh_error *err);

/* The same as kh_clean() with KH_INPUT_TEXT and KH_INPUT_HTML. */
kh_status kh_clean_text(const kh_cleaner *cl, const char *buf, size_t len,
                        const kh_article_meta *meta, kh_article **out,
                        kh_error *err);
kh_status kh_clean_html(const kh_cleaner *cl, const char *buf, size_t len,
                        const kh_article_meta *meta, kh_article **out,
                        kh_error *err);

/* Cleans one JSON Lines record: a JSON object with `text` or `html` and
 * optional `id`, `title`, `url`, `date` (or `published`), `updated`,
 * `source`, `author`, `section` (or `category`); other fields are kept in
 * extra_json. Fails with KH_ERR_PARSE for malformed JSON, a non-object or
 * a record without text/html, plus the errors of kh_clean(). */
kh_status kh_clean_json_record(const kh_cleaner *cl, const char *line,
                               size_t len, kh_article **out, kh_error *err);

void kh_article_free(kh_article *a);

/* Reads JSON Lines from a stream, one record at a time, so that a bad
 * record is reported and skipped while the others go on. */
typedef struct kh_jsonl_reader kh_jsonl_reader;

/* `name` (may be NULL: "-") is used in messages; the stream stays the
 * caller's. */
kh_status kh_jsonl_reader_new(FILE *in, const char *name, kh_jsonl_reader **out,
                              kh_error *err);
void kh_jsonl_reader_free(kh_jsonl_reader *r);

/* Cleans the next non-blank line. KH_OK: *out is its article (free it).
 * KH_ERR_NOT_FOUND: end of input. KH_ERR_IO: reading failed (stop). Any
 * other status: this record failed, err says "NAME:LINE: reason", and the
 * next call goes on with the following line. */
kh_status kh_jsonl_next(kh_jsonl_reader *r, const kh_cleaner *cl,
                        kh_article **out, kh_error *err);

/* 1-based line number of the record kh_jsonl_next() last returned. */
size_t kh_jsonl_line(const kh_jsonl_reader *r);

/* Flags for kh_article_to_json(). */
enum {
    KH_JSON_PRETTY = 1u << 0 /* indented, for people; else one line */
};

/* The article as one JSON object (UTF-8, NUL-terminated, *len bytes
 * without the NUL). Every key is always present (null when absent):
 * id, title, kicker, standfirst, published, updated, author, section,
 * source, url, canonical_url, description, lang, format,
 * sections [{heading, paragraphs [{text, lang, line}]}],
 * dates [{text, iso, year_inferred, where, section, paragraph}],
 * removed [{text, reason, line, partial}], extra. Release with free(). */
kh_status kh_article_to_json(const kh_article *a, unsigned flags, char **out,
                             size_t *len, kh_error *err);

/* The clean article for people to read: title, kicker, standfirst,
 * sections with their headings, blank lines between paragraphs. Release
 * with free(). */
kh_status kh_article_to_text(const kh_article *a, char **out, size_t *len,
                             kh_error *err);

/* ------------------------------------------------------------------------ */
/* Index and search                                                         */
/* ------------------------------------------------------------------------ */

/* An index: a directory of immutable segments and a manifest naming them.
 * One process at a time may write (KH_INDEX_WRITE takes a lock; a second
 * writer gets KH_ERR_LOCKED); any number may read, each handle seeing the
 * snapshot it opened (or last reloaded). A commit lands whole or not at
 * all, even when the writer is killed. Every file carries a checksum: a
 * damaged file gives KH_ERR_CORRUPT naming it, never wrong results.
 * A handle may be shared by threads for search, get and stats; add,
 * delete, commit and optimize belong to one thread at a time. */
typedef struct kh_index kh_index;

/* Flags for kh_index_open(). */
enum {
    KH_INDEX_READ = 0,        /* search, get, stats */
    KH_INDEX_WRITE = 1u << 0, /* also add, delete, commit, optimize */
    KH_INDEX_CREATE = 1u << 1 /* with WRITE: create a missing index */
};

/* Opens the index at directory `path`. KH_ERR_NOT_FOUND when there is no
 * index there (and no KH_INDEX_CREATE), KH_ERR_LOCKED when another writer
 * holds it, KH_ERR_CORRUPT naming a damaged file. */
kh_status kh_index_open(const char *path, unsigned flags, kh_index **out,
                        kh_error *err);
/* Closes the handle; changes not committed are discarded. NULL is OK. */
void kh_index_close(kh_index *ix);

/* Adds a clean article (kh_clean_*), analysed on the way in. An article
 * whose id is already in the index replaces it. Visible after commit. */
kh_status kh_index_add(kh_index *ix, const kh_article *a, kh_error *err);
/* Adds an article with its enrichment (kh_enrich_article; NULL is
 * kh_index_add): kh_index_get shows the enrichment's keys, and the
 * fingerprint groups near-duplicates (kh_index_dups, search collapse). */
struct kh_enrichment;
kh_status kh_index_add_enriched(kh_index *ix, const kh_article *a,
                                const struct kh_enrichment *e, kh_error *err);
/* Deletes the article with this id (NUL-terminated); *found (may be NULL)
 * says whether there was one. Visible after commit. */
kh_status kh_index_delete(kh_index *ix, const char *id, int *found,
                          kh_error *err);
/* Makes every add and delete so far durable and visible, atomically. */
kh_status kh_index_commit(kh_index *ix, kh_error *err);
/* Commits, then merges all segments into one (dropping deleted
 * articles). */
kh_status kh_index_optimize(kh_index *ix, kh_error *err);
/* A reader moves to the latest commit (a writer always sees its own). */
kh_status kh_index_reload(kh_index *ix, kh_error *err);

/* The stored clean article with this id as JSON (kh_article_to_json's
 * shape, one line), NUL-terminated; release with free(). KH_ERR_NOT_FOUND
 * when there is none. */
kh_status kh_index_get(kh_index *ix, const char *id, char **json, size_t *len,
                       kh_error *err);

/* The near-duplicate groups of an index: live articles whose fingerprints
 * are within max_distance bits (KH_FINGERPRINT_NEAR), linked
 * transitively; only groups of two or more, largest first, each in index
 * order. Articles indexed without enrichment have no fingerprint and are
 * left out. Release with kh_dups_free(). */
typedef struct kh_dups {
    size_t n_groups;
    const size_t *start;    /* group g is items start[g] .. start[g+1]-1 */
    const char *const *ids; /* per item */
    const char *const *titles;
    const uint64_t *fingerprints;
} kh_dups;
kh_status kh_index_dups(kh_index *ix, unsigned max_distance, kh_dups **out,
                        kh_error *err);
void kh_dups_free(kh_dups *d);

/* Figures of the snapshot a handle sees. */
typedef struct kh_index_info {
    uint64_t generation; /* commits so far */
    uint64_t documents;  /* live articles */
    uint64_t deleted;    /* deleted, still taking room until optimize */
    uint32_t segments;
    uint64_t terms; /* dictionary entries, summed over segments */
    uint64_t bytes; /* size of the snapshot's files */
    uint64_t dictionary_bytes, postings_bytes, store_bytes;
    double avg_title, avg_body; /* average tokens per article */
} kh_index_info;

kh_status kh_index_stats(kh_index *ix, kh_index_info *info, kh_error *err);

/* Flags for kh_search_options.flags. */
enum {
    KH_SEARCH_NO_SNIPPETS = 1u << 0, /* ids, scores and titles only */
    KH_SEARCH_FACETS = 1u << 1,      /* count every match per source and
                                        per day: kh_results_facets() */
    KH_SEARCH_NO_COLLAPSE = 1u << 2  /* keep near-duplicates apart (by
                                        default each group is one hit) */
};

typedef struct kh_search_options {
    size_t limit;           /* hits to return; 0 means 10 */
    size_t offset;          /* hits to skip first (paging) */
    unsigned flags;         /* KH_SEARCH_* */
    const char *mark_open;  /* put around matched words in snippets; */
    const char *mark_close; /* NULL: "«" and "»" */
} kh_search_options;

/* One hit. Strings are NUL-terminated and owned by the results. */
typedef struct kh_hit {
    const char *id;
    double score;
    const char *title;     /* "" when the article has none */
    const char *snippet;   /* best passage, matched words marked; "" when
                              KH_SEARCH_NO_SNIPPETS */
    const char *published; /* ISO date or NULL */
    const char *source;    /* publication; NULL when none, and with
                              KH_SEARCH_NO_SNIPPETS */
    /* near-duplicates folded into this hit (enriched articles whose
     * fingerprints are within KH_FINGERPRINT_NEAR bits, among the best
     * candidates of the search), best first; 0 and NULL when none or with
     * KH_SEARCH_NO_COLLAPSE */
    size_t n_similar;
    const char *const *similar;        /* their ids */
    const char *const *similar_titles; /* and titles ("" for none) */
} kh_hit;

typedef struct kh_results kh_results;

/* Runs a query (len bytes of UTF-8) against the handle's snapshot.
 * Query language: words (analysed like the articles: spelling variants
 * match through the normalized form, romanized words also match
 * Devanagari ones through the phonetic key); "a phrase"; AND, OR, NOT
 * (upper case), -word, +word; title: kicker: standfirst: body: source:
 * url: person: place: org: (entity names, enriched articles) before a
 * word, phrase or group; prefix*; since:YYYY[-MM[-DD]] and
 * until:...; parentheses. Words side by side match articles holding any
 * of them, those holding more ranking higher. A malformed query gives
 * KH_ERR_PARSE with "position N: reason" (N counts characters from 1). */
kh_status kh_index_search(kh_index *ix, const char *query, size_t len,
                          const kh_search_options *opts, kh_results **out,
                          kh_error *err);
/* The number of articles matching (not only those returned). */
uint64_t kh_results_total(const kh_results *r);
/* The next hit, best first, or NULL after the last. */
const kh_hit *kh_results_next(kh_results *r);
void kh_results_free(kh_results *r);

/* A facet value and the number of matching articles that have it. */
typedef struct kh_facet {
    const char *value;
    uint64_t count;
} kh_facet;

typedef enum kh_facet_kind {
    KH_FACET_SOURCE = 0, /* publications, most articles first (at most 100) */
    KH_FACET_DAY = 1,    /* publication days "YYYY-MM-DD", in date order;
                            articles without a date are not counted */
    /* the canonical names of the entities of the best matches (the
     * candidates ranked for the page, at least 50; not every match),
     * most often named first, at most 20 */
    KH_FACET_PERSON = 2,
    KH_FACET_PLACE = 3,
    KH_FACET_ORG = 4
} kh_facet_kind;

/* The counts over every matching article (not only the hits returned),
 * when the search had KH_SEARCH_FACETS; else 0. *out is owned by r. */
size_t kh_results_facets(const kh_results *r, kh_facet_kind kind,
                         const kh_facet **out);

/* How a Latin-letter query word was read: `word` (as analysed) also
 * matched `as`, a Devanagari word of the index (as an article in the hits
 * writes it, else its indexed stem), found in `articles` articles. */
typedef struct kh_reading {
    const char *word;
    const char *as;
    uint64_t articles;
} kh_reading;

/* The readings of the query's Latin-letter words, most frequent first
 * per word; *out is owned by r. */
size_t kh_results_readings(const kh_results *r, const kh_reading **out);

/* ------------------------------------------------------------------------ */
/* Named entities: people, places, organisations, one name per entity        */
/* ------------------------------------------------------------------------ */

/* What an entity is. */
typedef enum kh_entity_type {
    KH_ENTITY_PERSON = 0,
    KH_ENTITY_LOCATION,
    KH_ENTITY_ORGANIZATION
} kh_entity_type;

/* "PERSON", "LOCATION", "ORGANIZATION". */
const char *kh_entity_type_name(kh_entity_type type);

/* BIO tags, one per token: B- opens an entity, I- continues it. */
typedef enum kh_ner_tag {
    KH_TAG_O = 0,
    KH_TAG_B_PERSON,
    KH_TAG_I_PERSON,
    KH_TAG_B_LOCATION,
    KH_TAG_I_LOCATION,
    KH_TAG_B_ORGANIZATION,
    KH_TAG_I_ORGANIZATION
} kh_ner_tag;

/* "O", "B-PERSON", "I-PERSON", ... */
const char *kh_ner_tag_name(kh_ner_tag tag);

/* An entity tagger: a statistical sequence model (averaged perceptron,
 * Viterbi decoding) with its gazetteers. Immutable after creation: share it
 * between threads. */
typedef struct kh_tagger kh_tagger;

/* The tagger with the model built into the library. */
kh_status kh_tagger_new(kh_tagger **out, kh_error *err);
/* A tagger with a serialized model (as `make model` trains one); the
 * bytes are copied. KH_ERR_CORRUPT when they are not a model. */
kh_status kh_tagger_load(const void *model, size_t len, kh_tagger **out,
                         kh_error *err);
void kh_tagger_free(kh_tagger *tg);

/* Tags one sentence given as n tokens (tokens[i], lens[i] bytes each, as
 * in a CoNLL file): tags[i] gets a kh_ner_tag, and the tags always form
 * valid BIO. Thread-safe. */
kh_status kh_tag_tokens(const kh_tagger *tg, const char *const *tokens,
                        const size_t *lens, size_t n, uint8_t *tags,
                        kh_error *err);

/* One entity mention. Strings are owned by the kh_entities that holds it
 * and stay valid until its next use; text is NOT NUL-terminated (the
 * input's bytes), canonical is. */
typedef struct kh_entity {
    kh_entity_type type;
    size_t start, end;            /* byte span in the input */
    size_t first_token, n_tokens; /* tokens of the kh_doc */
    const char *text;             /* input + start, end - start bytes */
    size_t text_len;
    const char *canonical; /* the entity's name: titles stripped,
                              the fullest form the group has */
    size_t canonical_len;
    size_t group; /* mentions with one group are one entity (0-based) */
} kh_entity;

/* The entities of one document, and the workspace that finds them. One
 * per thread; reuse it across documents. */
typedef struct kh_entities kh_entities;

kh_status kh_entities_new(kh_entities **out, kh_error *err);
void kh_entities_free(kh_entities *ents);

/* Finds the entities of an analysed doc (`text` is the buffer given to
 * kh_analyze with the same base_offset) and groups variants of one name
 * (पुतिन / व्लादिमीर पुतिन / Vladimir Putin; मोदी / PM मोदी / प्रधानमंत्री
 * नरेंद्र मोदी) under one canonical name. */
kh_status kh_tag_doc(const kh_tagger *tg, const kh_doc *doc, const char *text,
                     size_t base_offset, kh_entities *out, kh_error *err);

size_t kh_entities_count(const kh_entities *ents);
/* Entity i, in text order, or NULL when out of range. */
const kh_entity *kh_entities_get(const kh_entities *ents, size_t i);
/* The tag of every token of the last doc (kh_doc_token_count of them). */
const uint8_t *kh_entities_tags(const kh_entities *ents);

/* Groups names across documents: each name added gets the id of the group
 * of names that denote one entity (same phonetic key once titles are
 * stripped; a lone surname joins the one full name that ends with it).
 * Belongs to one thread at a time. */
typedef struct kh_namebook kh_namebook;

kh_status kh_namebook_new(kh_namebook **out, kh_error *err);
void kh_namebook_free(kh_namebook *nb);
/* Adds one mention of a name; *group (may be NULL) gets its group. Group
 * ids stay valid, though later additions may merge two groups: ask
 * kh_namebook_group() for the current one. */
kh_status kh_namebook_add(kh_namebook *nb, kh_entity_type type,
                          const char *name, size_t len, size_t *group,
                          kh_error *err);
/* The current group of a group id handed out before. */
size_t kh_namebook_group(kh_namebook *nb, size_t group);
/* The canonical name of a group (NUL-terminated, owned by the namebook,
 * valid until the next kh_namebook_add). */
const char *kh_namebook_name(kh_namebook *nb, size_t group, size_t *len);

/* ------------------------------------------------------------------------ */
/* Enrichment: dates resolved, counts, keywords, summary, fingerprint       */
/* ------------------------------------------------------------------------ */

/* Document frequency of a stem (len bytes, as kh_analyze's `stem`): in how
 * many of the `df_docs` documents behind the statistics it occurs. An
 * index passes its own; without one the enricher uses a small built-in
 * table derived from Hindi news (`make df-table` rebuilds it). */
typedef uint64_t (*kh_df_fn)(void *ctx, const char *stem, size_t len);

/* kh_enrich_options.flags */
#define KH_ENRICH_NO_ENTITIES 1u /* skip the entity tagger (faster) */

typedef struct kh_enrich_options {
    unsigned flags;      /* KH_ENRICH_* bits, 0 for everything */
    size_t max_keywords; /* 0 means 8 */
    size_t max_summary;  /* summary sentences, 0 means 3 (at most 10) */
    kh_df_fn df;         /* NULL: the built-in table */
    void *df_ctx;        /* passed to df */
    uint64_t df_docs;    /* documents behind df (ignored without df) */
    /* The entity tagger, borrowed: it must outlive the enricher. NULL:
     * the enricher loads the built-in one and owns it. */
    const kh_tagger *tagger;
} kh_enrich_options;

/* A configured enricher: immutable, share it between threads. */
typedef struct kh_enricher kh_enricher;

kh_status kh_enricher_new(const kh_enrich_options *opts, kh_enricher **out,
                          kh_error *err);
void kh_enricher_free(kh_enricher *en);

/* How sure a resolved date's tense is, for words such as कल (yesterday or
 * tomorrow) whose meaning depends on the verb of their sentence. */
typedef enum kh_tense {
    KH_TENSE_NONE = 0, /* not needed or not found */
    KH_TENSE_PAST,
    KH_TENSE_FUTURE
} kh_tense;

/* A date expression of the article resolved to a day or a range of days:
 * "5 मई", "22 अप्रैल 2025", "5/5/2025", "May 5", "आज", "कल", "परसों",
 * "पिछले हफ्ते", "अगले महीने", "सोमवार", "3 दिन पहले", "2025 के अंत में",
 * "मई 2025", "last week". Strings are NUL-terminated and owned by the
 * enrichment. */
typedef struct kh_resolved_date {
    const char *text; /* as written */
    size_t len;
    kh_where where;            /* title, standfirst, body, ... */
    size_t section, paragraph; /* for KH_WHERE_BODY / KH_WHERE_HEADING */
    size_t offset;             /* byte offset in that title or paragraph */
    char from[11], to[11];     /* ISO days, equal for one day; both ""
                                  when it cannot be resolved */
    int relative;              /* 1 when counted from the anchor date */
    kh_tense tense;            /* the tense that decided it, if any */
    const char *reason;        /* how: "year from published", "relative to
                                  published: कल = -1 day (past tense: थी)" */
} kh_resolved_date;

/* A count: a number and the noun it counts ("26 लोगों", "2.5 लाख
 * रुपये", "तीन दिन"). */
typedef struct kh_count {
    const char *text; /* number through noun, as written */
    size_t len;
    double value; /* with लाख, करोड़, हजार, million ... applied */
    const char *noun; /* the counted word, as written */
    const char *noun_stem;
    kh_where where;
    size_t section, paragraph, offset;
} kh_count;

/* A keyword: a stem with the form the article uses most, and its weight
 * (term frequency, title counted more, times inverse document
 * frequency). */
typedef struct kh_keyword {
    const char *stem;
    const char *text; /* most frequent normalized form */
    double weight;
    unsigned count; /* occurrences in the article */
} kh_keyword;

/* One sentence of the extractive summary, in article order. */
typedef struct kh_summary_sentence {
    const char *text; /* NUL-terminated copy */
    size_t len;
    kh_where where;
    size_t section, paragraph, offset;
    double score;
} kh_summary_sentence;

/* One mention of a named entity, in article order. Strings are
 * NUL-terminated and owned by the enrichment. */
typedef struct kh_entity_mention {
    const char *text; /* as written */
    size_t len;
    kh_entity_type type;
    const char *canonical; /* the entity's name in this article */
    size_t entity;         /* index into kh_enrichment.entities */
    kh_where where;        /* title, standfirst, body, ... */
    size_t section, paragraph;
    size_t offset, end; /* bytes in that title or paragraph (for
                           kh_enrich_text: in the text) */
} kh_entity_mention;

/* An entity of the article, once: its canonical name (variants such as
 * पुतिन / व्लादिमीर पुतिन / Vladimir Putin grouped by the namebook), type
 * and how often it is mentioned. */
typedef struct kh_article_entity {
    const char *name;
    size_t len;
    kh_entity_type type;
    unsigned mentions;
    size_t first; /* index of its first mention */
} kh_article_entity;

/* What kh_enrich_article() finds. Free with kh_enrichment_free(). */
typedef struct kh_enrichment {
    const kh_resolved_date *dates; /* in article order */
    size_t n_dates;
    const kh_count *counts;
    size_t n_counts;
    const kh_keyword *keywords; /* best first */
    size_t n_keywords;
    const kh_summary_sentence *summary;
    size_t n_summary;
    /* 64-bit SimHash of the body's normalized word pairs: near-duplicate
     * articles (syndicated copies, light edits) differ in few bits; see
     * kh_fingerprint_distance(). 0 for an article without words. */
    uint64_t fingerprint;
    /* Named entities (none with KH_ENRICH_NO_ENTITIES): every mention,
     * and every entity once, most mentioned first (ties: first seen). */
    const kh_entity_mention *mentions;
    size_t n_mentions;
    const kh_article_entity *entities;
    size_t n_entities;
} kh_enrichment;

/* Enriches a clean article. Relative dates are counted from its
 * publication date; without one, years come from the years the article
 * names and relative expressions stay unresolved (reason says so).
 * `work` is a kh_doc the caller reuses call after call on one thread
 * (the analysis runs in it; its previous content is replaced), or NULL
 * for one made and freed by the call, which is slower. */
kh_status kh_enrich_article(const kh_enricher *en, kh_doc *work,
                            const kh_article *a, kh_enrichment **out,
                            kh_error *err);
/* Enriches plain text (len bytes of UTF-8, one body), with `published`
 * (ISO date, NUL-terminated, may be NULL) as the anchor. */
kh_status kh_enrich_text(const kh_enricher *en, kh_doc *work, const char *text,
                         size_t len, const char *published, kh_enrichment **out,
                         kh_error *err);
void kh_enrichment_free(kh_enrichment *e);

/* The enrichment as the members of a JSON object, without the braces:
 * "dates":[{text, from, to, relative, tense, reason, where, section,
 * paragraph, offset}], "counts":[{text, value, noun, noun_stem, ...}],
 * "keywords":[{text, stem, weight, count}], "summary":[{text, where,
 * section, paragraph, offset, score}], "fingerprint":"16 hex digits",
 * "entities":[{text, type, canonical, entity, where, section, paragraph,
 * offset, end}], "entity_names":[{name, type, mentions}] (entity is the
 * index into entity_names). NUL-terminated; release with free(). */
kh_status kh_enrichment_to_json(const kh_enrichment *e, char **out, size_t *len,
                                kh_error *err);
/* The article as kh_article_to_json() writes it, with the enrichment's
 * keys added (its `dates` replace the article's plain date list). */
kh_status kh_article_enriched_to_json(const kh_article *a,
                                      const kh_enrichment *e, unsigned flags,
                                      char **out, size_t *len, kh_error *err);

/* Bits in which two fingerprints differ (0..64). Near-duplicates are
 * within KH_FINGERPRINT_NEAR bits: on real articles edited by a seeded
 * program (furniture added, sentences dropped or moved, typos) 94% of the
 * copies are that close, and 5 of ~500,000 unrelated pairs (`make
 * eval`). */
unsigned kh_fingerprint_distance(uint64_t a, uint64_t b);
#define KH_FINGERPRINT_NEAR 12

/* Groups near-duplicates: pairs within max_distance bits are linked
 * (transitively) and group[i] is set to the smallest index of i's group
 * (i itself when it has no near-duplicate). Exact: every pair within
 * max_distance is found. Multi-index hashing over four 16-bit blocks:
 * each fingerprint visits the buckets within max_distance / 4 bits of
 * each block (4, 68, 548 or 2788 buckets for distances up to 3, 7, 11,
 * 15), so the cost is about n x visits x (1 + n / 65536) comparisons
 * and grows with n squared past ~65,000 fingerprints: at distance 12,
 * 100,000 take ~6 s of CPU and 200,000 ~24 s; at distance 7, 1,000,000
 * take ~20 s (seeded clusters, one core of a loaded machine). */
kh_status kh_fingerprint_groups(const uint64_t *fp, size_t n,
                                unsigned max_distance, size_t *group,
                                kh_error *err);

/* ------------------------------------------------------------------------ */
/* HTTP server                                                              */
/* ------------------------------------------------------------------------ */

/* An HTTP server over one index (libmicrohttpd): a JSON API (/api/search,
 * /api/articles, /api/stats, /healthz) and the web page at /. It holds the
 * index's write lock (unless KH_SERVER_READ_ONLY); writes are serialized,
 * and searches keep answering from the last commit while a write commits. */
typedef struct kh_server kh_server;

/* Flags for kh_server_options.flags. */
enum {
    /* Open the index read-only: writes answer 403, and the server follows
     * commits made by another process (checked about once a second). */
    KH_SERVER_READ_ONLY = 1u << 0
};

typedef struct kh_server_options {
    const char *bind;        /* numeric address; NULL: "127.0.0.1" */
    uint16_t port;           /* 0: a free port (kh_server_port) */
    unsigned threads;        /* worker threads; 0: one per CPU */
    const char *write_token; /* NULL: no token needed to write; else
                                writes need "Authorization: Bearer TOKEN" */
    size_t max_body;         /* bytes of a request body; 0: 32 MB */
    unsigned timeout_s;      /* idle connection timeout; 0: 30 */
    unsigned flags;          /* KH_SERVER_* */
    FILE *log;               /* one line per request; NULL: none */
} kh_server_options;

/* Opens the index at `dir` (created when missing, unless read-only) for a
 * server; nothing listens yet. `opts` may be NULL. */
kh_status kh_server_new(const char *dir, const kh_server_options *opts,
                        kh_server **out, kh_error *err);
/* Starts listening (KH_ERR_IO when the address cannot be bound). */
kh_status kh_server_start(kh_server *s, kh_error *err);
/* The port listened on (after kh_server_start). */
uint16_t kh_server_port(const kh_server *s);
/* Stops listening and waits for the requests in flight. */
void kh_server_stop(kh_server *s);
/* Stops if needed and closes the index. NULL is OK. */
void kh_server_free(kh_server *s);

/* ---- end of public API sections ---- */

#ifdef __cplusplus
}
#endif
#endif /* KHABAR_H */
