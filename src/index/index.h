/*
 * index.h — internal interface of the index stage (src/index/).
 *
 * An index is a directory of immutable segments plus one manifest naming
 * the live ones (the Lucene / Tantivy shape):
 *
 *   MANIFEST             generation, next segment id, the segments with
 *                        their deletion generation; replaced atomically
 *                        (write MANIFEST.tmp, fsync, rename, fsync dir)
 *   seg_NNNNNNNN.kseg    one segment: dictionary, postings with positions,
 *                        field lengths, external ids, dates, phonetic keys,
 *                        the clean articles (packed blocks); xxh3 checksum
 *   seg_NNNNNNNN_G.kdel  deletion bitmap of a segment, generation G
 *   LOCK                 flock()ed by the one writer
 *
 * Files, one job each:
 *
 *   fields.c    field names, length quantization, ISO dates as day numbers
 *   fileio.c    checksummed writes, fsync, mmap, file names
 *   builder.c   the in-memory segment a writer fills (terms, postings,
 *               lengths, ids, dates, keys, packed store)
 *   ingest.c    a kh_article -> analysed fields -> builder
 *   wordtab.c   the writer's memo: a field's word -> its term and key
 *   segwrite.c  builder -> segment file
 *   segment.c   segment file -> mmapped, verified, searchable segment
 *   docinfo.c   per-document columns search reads for candidates:
 *               fingerprints and entity names
 *   postings.c  the postings cursor (doc ids, term frequencies, positions)
 *   delfile.c   deletion bitmaps
 *   manifest.c  the manifest
 *   index.c     the kh_index handle: lock, snapshots, add/delete/commit,
 *               get, stats
 *   merge.c     many segments -> one through a builder (any field table)
 *   mergew.c    many segments -> one as a stream (optimize, merges at
 *               commit)
 *
 * The on-disk format is ours rather than a library's because it is where
 * the product's speed and size are decided (postings layout, skip data,
 * field lengths); xxhash does the generic part, and zstd reads the store
 * blocks of segments written by earlier versions.
 */
#ifndef KH_INDEX_H
#define KH_INDEX_H

#include "core.h"
#include "khabar.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- fields.c ---------------------------------------------------------- */

/* The fields of this version. A segment stores its own field table (name
 * -> number), so fields added later (entities, more dates) are new rows
 * in new segments and old segments simply lack them: no rewrite. */
enum {
    KH_F_TITLE = 0,
    KH_F_KICKER,
    KH_F_STANDFIRST,
    KH_F_BODY,
    KH_F_SOURCE,
    KH_F_URL,
    /* the canonical names of the article's entities (enrichment), each
     * name's words analysed as text so that person:मोदी and person:modi
     * find नरेंद्र मोदी; not searched without the field name */
    KH_F_PERSON,
    KH_F_PLACE,
    KH_F_ORG,
    KH_F_COUNT
};
#define KH_MAX_FIELDS 32 /* field numbers are one byte; masks are 32 bits */

const char *kh_field_name(unsigned f);
/* The field number for a name, or -1. */
int kh_field_lookup(const char *name, size_t len);

/* Field lengths are kept as one byte per field per document (as Lucene's
 * norms): exact up to 40 tokens, then about 5% steps. */
uint8_t kh_len_encode(uint32_t len);
uint32_t kh_len_decode(uint8_t b);

#define KH_NO_DATE INT32_MIN
/* Days since 1970-01-01 of an ISO date "YYYY[-MM[-DD]]..." (missing month
 * or day: the first; `end` = 1: the last day of a year or month instead),
 * or KH_NO_DATE. Reads at most n bytes. */
int32_t kh_days_from_iso(const char *s, size_t n, int end);
/* "YYYY-MM-DD" of a day number into out[11]. */
void kh_days_to_iso(int32_t days, char out[11]);

/* ---- byte helpers ---------------------------------------------------- */

static inline uint32_t kh_rd32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static inline uint64_t kh_rd64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}
static inline void kh_wr32(uint8_t *p, uint32_t v) {
    memcpy(p, &v, 4);
}
static inline void kh_wr64(uint8_t *p, uint64_t v) {
    memcpy(p, &v, 8);
}

/* LEB128 varints: postings are deltas, mostly one byte. */
static inline size_t kh_varint_put(uint8_t *p, uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

/* Reads a varint from *p (< end); returns 0 at end or on an overlong one. */
static inline int kh_varint_get(const uint8_t **p, const uint8_t *end,
                                uint32_t *v) {
    const uint8_t *s = *p;
    if (s < end && !(*s & 0x80)) { /* the common case */
        *v = *s;
        *p = s + 1;
        return 1;
    }
    uint32_t r = 0;
    for (unsigned shift = 0; shift < 35 && s < end; shift += 7) {
        uint8_t b = *s++;
        r |= (uint32_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *v = r;
            *p = s;
            return 1;
        }
    }
    return 0;
}

/* Decodes one posting of a doc stream: a varint of (doc delta << 1 | 1
 * when the frequency is 1), then the frequency when it is not. Returns 0
 * at a bad or cut stream. The common posting is a one-byte delta and no
 * or a one-byte frequency; whether a frequency follows is a coin toss in
 * running text, so it is selected, not branched on (a mispredicted branch
 * per posting cost more than the rest of the decode). The second byte may
 * belong to the next posting: it is only read, and a high bit there sends
 * this posting down the general path, which decodes it the same. */
static inline int kh_posting_get(const uint8_t **p, const uint8_t *end,
                                 uint32_t *delta, uint32_t *tf) {
    const uint8_t *s = *p;
    uint32_t v;
    if (end - s >= 2 && !((s[0] | s[1]) & 0x80)) {
        v = s[0];
        uint32_t has = ~v & 1;
        *tf = has ? s[1] : 1;
        *p = s + 1 + has;
        *delta = v >> 1;
        return 1;
    }
    *tf = 1;
    if (!kh_varint_get(p, end, &v) || (!(v & 1) && !kh_varint_get(p, end, tf)))
        return 0;
    *delta = v >> 1;
    return 1;
}

/* Appends a varint to a kh_buf; -1 on out of memory. */
int kh_buf_varint(kh_buf *b, uint64_t v);

/* ---- fileio.c -------------------------------------------------------- */

/* A file being written: buffered, with a running xxh3 of everything
 * written, so the checksum costs no second pass. */
typedef struct kh_wfile kh_wfile;

/* direct: write around the page cache (O_DIRECT) where the system allows,
 * for large files that are written once and read little right after:
 * a segment. Copying it into fresh page-cache pages was about 6% of a
 * --plain build's CPU time on 50,000 generated articles. */
kh_status kh_wfile_open(const char *path, int direct, kh_wfile **out,
                        kh_error *err);
kh_status kh_wfile_write(kh_wfile *w, const void *p, size_t n, kh_error *err);
/* Pads with zero bytes to a multiple of `align`. */
kh_status kh_wfile_align(kh_wfile *w, size_t align, kh_error *err);
uint64_t kh_wfile_offset(const kh_wfile *w);
uint64_t kh_wfile_digest(kh_wfile *w);
/* Flushes, fsyncs and closes (on success and failure). */
kh_status kh_wfile_close(kh_wfile *w, kh_error *err);
/* Closes and removes a file after a failure. */
void kh_wfile_abort(kh_wfile *w);

/* fsync of a directory, so that renames and new names in it are durable. */
kh_status kh_fsync_dir(const char *dir, kh_error *err);

/* A whole file mapped read-only. */
typedef struct kh_map {
    const uint8_t *data;
    size_t size;
} kh_map;

/* Maps path; KH_ERR_NOT_FOUND when it does not exist, KH_ERR_IO else. */
kh_status kh_map_open(const char *path, kh_map *m, kh_error *err);
void kh_map_close(kh_map *m);

uint64_t kh_hash64(const void *p, size_t n);

/* "DIR/seg_00000007.kseg" and "DIR/seg_00000007_3.kdel". */
void kh_seg_path(char *out, size_t cap, const char *dir, uint32_t seg);
void kh_del_path(char *out, size_t cap, const char *dir, uint32_t seg,
                 uint32_t gen);

/* ---- builder.c ------------------------------------------------------- */

/* One term of the in-memory segment: (field, bytes) and its postings in
 * the builder's own format, per document: varint(doc - last_doc) (the
 * first document: varint(doc)), varint(first position + 1), the other
 * positions' varint deltas (each at least 1), and a 0 byte before the
 * next document. Occurrences are appended as a document's units come,
 * in increasing positions; the segment writer turns this into the file's
 * format. */
typedef struct kh_bterm {
    uint32_t str; /* offset in builder.strs: field byte + term bytes */
    uint32_t len; /* with the field byte */
    uint32_t hash;
    uint32_t last_doc; /* UINT32_MAX before the first */
    uint32_t odoc;     /* builder.ndocs when its last document began */
    uint32_t lastpos;  /* the last position written */
    uint8_t *post;
    uint32_t plen, pcap;
} kh_bterm;

/* The builder's hash of short strings (terms, keys, ids): 8 bytes at a
 * time, multiply-xorshift. Inline because it runs once per token; only
 * in memory, never stored. */
static inline uint32_t kh_bhash(const void *p, size_t n) {
    const uint8_t *s = p;
    uint64_t h = 0x243F6A8885A308D3ull ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    /* the 0-7 bytes left as a little-endian word, without a variable-length
     * memcpy (a call, and a store the next load cannot forward from): two
     * overlapping 4-byte loads, or the first, middle and last byte, each
     * shifted to its place (overlapping bytes are equal, so OR is right) */
    uint64_t w = 0;
    if (n >= 4) {
        uint32_t a, z;
        memcpy(&a, s, 4);
        memcpy(&z, s + n - 4, 4);
        w = (uint64_t)a | (uint64_t)z << (8 * (n - 4));
    } else if (n) {
        w = (uint64_t)s[0] | (uint64_t)s[n >> 1] << (8 * (n >> 1)) |
            (uint64_t)s[n - 1] << (8 * (n - 1));
    }
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return (uint32_t)h;
}

/* An entity name of a document: kind (0 person, 1 place, 2 org). */
typedef struct kh_docname {
    uint8_t kind;
    const char *s;
    size_t len;
} kh_docname;

/* The per-document columns of a segment being built (docinfo.c), indexed
 * by its document numbers. */
typedef struct kh_docinfo {
    uint64_t *fp;
    uint32_t *doc_off; /* ndocs + 1 offsets into refs */
    uint32_t *refs;    /* name numbers */
    uint32_t *name_off;
    kh_buf names;    /* kind byte + bytes per name */
    uint32_t *slots; /* name hash -> number + 1 */
    uint32_t ndocs, nnames, nslots;
    size_t nrefs, fp_cap, off_cap, ref_cap, name_cap;
} kh_docinfo;

/* One distinct word of a field, as the word table (wordtab.c) keeps it:
 * 64 bytes, one cache line, with the norm of a short word inside. */
typedef struct kh_wtent {
    uint32_t hash; /* ingest.c's word_hash() */
    uint32_t gen;  /* the builder generation ti is a term number of */
    uint32_t ti;
    uint32_t kgen;     /* the generation whose key map has (key, term) */
    uint32_t norm_len; /* the norm: in head, or at norm_off in the arena */
    uint32_t norm_off;
    uint32_t term_off, key_off; /* in the arena */
    uint16_t term_len, key_len; /* the term is cut at 255 bytes, as the
                                 * dictionary cuts it */
    uint8_t field, kind;        /* kind: token type << 4 | script */
    char head[26];
} kh_wtent;
_Static_assert(sizeof(kh_wtent) == 64, "a word is one cache line");

#define KH_WT_HEAD 26
/* Entries (64 MB) or bytes of strings after which the table is emptied,
 * between documents. */
#define KH_WT_MAX (1u << 20)
#define KH_WT_ARENA_MAX (64u << 20)

typedef struct kh_wordtab {
    kh_wtent *ent;
    uint32_t nent, cap;
    uint64_t *slots; /* hash << 32 | (entry + 1); 0 = empty */
    uint32_t nslots;
    kh_buf arena; /* long norms, terms and keys */
} kh_wordtab;

/* A unit (token or compound part) of the field being ingested: its norm,
 * kind and hash, then the entry it resolves to. */
typedef struct kh_wunit {
    const char *norm;
    uint32_t len, hash, pos, ent;
    uint8_t kind, keyed; /* keyed: its key goes to the key map */
} kh_wunit;

/* The memory term postings grow in (postpool.c): buffers of 2^k bytes,
 * KH_POOL_MIN to KH_POOL_MAX, cut from chunks the pool keeps. */
#define KH_POOL_MIN 16u
#define KH_POOL_MAX (64u << 10)
typedef struct kh_postpool {
    uint8_t **chunks;
    size_t nchunks, cchunks;
    size_t cur, used;   /* the chunk being cut, and its bytes cut */
    uint8_t *free_[13]; /* per size class, buffers given back */
} kh_postpool;

/* A buffer of n bytes (a power of two in the pool's range), or NULL. */
void *kh_pool_get(kh_postpool *p, size_t n);
/* Gives back a buffer of n bytes that kh_pool_get returned. */
void kh_pool_put(kh_postpool *p, void *b, size_t n);
/* Forgets every buffer, keeping the chunks for the next segment. */
void kh_pool_reset(kh_postpool *p);
void kh_pool_free(kh_postpool *p);

typedef struct kh_builder {
    /* terms: open addressing; a slot is hash << 32 | (term number + 1), so
     * that probes compare hashes before touching the term */
    kh_bterm *terms;
    uint32_t nterms, tcap;
    uint64_t *slots;
    uint32_t nslots;
    kh_buf strs;
    /* keys: set of "key\0term" strings (a phonetic key -> a Devanagari
     * term), for romanized queries */
    kh_buf keys;
    uint32_t *koffs; /* offsets of the pairs in keys */
    uint32_t nkeys, kcap;
    uint32_t *kslots;
    uint32_t nkslots;
    /* documents */
    uint32_t ndocs;
    uint32_t *lens; /* ndocs * KH_F_COUNT exact token counts */
    int32_t *dates;
    kh_buf ids;       /* the external ids, back to back */
    uint32_t *id_off; /* ndocs + 1 */
    uint8_t *dead;    /* 1 = replaced by a later add of the same id */
    uint32_t ndead;
    uint32_t *id_slots; /* id hash -> doc + 1 */
    uint32_t nid_slots;
    size_t cap_docs;
    /* what a hit shows: per doc title and published back to back in
     * hits, hit_off[2d], hit_off[2d + 1], hit_off[2d + 2] their bounds */
    kh_buf hits;
    uint32_t *hit_off; /* 2 * cap_docs + 1 */
    /* store: packed blocks of the article records (record.c) */
    kh_buf store;       /* the blocks back to back */
    kh_buf sblocks;     /* per block: first_doc, ndocs, off(8), clen, ulen */
    kh_buf cur;         /* the block being filled: the JSON texts */
    kh_buf cur_offs;    /* u32 offsets of the docs in cur */
    uint32_t cur_first; /* first doc of the block being filled */
    kh_postpool pool;   /* the terms' postings up to KH_POOL_MAX bytes */
    kh_wordtab wt;      /* ingest's words (wordtab.c), across segments */
    uint32_t gen;       /* this segment's generation, for wt's term numbers */
    kh_wunit *units;    /* ingest's units of a field */
    size_t nunits, ucap;
    kh_buf scratch; /* ingest's record and body text, reused */
    kh_buf marks;   /* ingest's snippet marks of the body, reused */
    kh_docinfo dx;  /* fingerprints and entity names (docinfo.c) */
    size_t mem;     /* bytes held, roughly: the flush threshold looks here */
} kh_builder;

kh_status kh_builder_init(kh_builder *b, kh_error *err);
void kh_builder_free(kh_builder *b);
/* Empties the builder for the next segment, keeping its allocations. */
void kh_builder_reset(kh_builder *b);

/* What a document brings besides its terms. */
typedef struct kh_bdoc {
    const char *id;
    size_t id_len;
    int32_t date; /* publication day or KH_NO_DATE */
    const char *title, *published;
    size_t title_len, published_len;
    const uint8_t *rec; /* the stored record (record.c); NULL: given by
                           kh_builder_doc_record before the next doc */
    size_t rec_len;
} kh_bdoc;

/* Starts a document. Marks an earlier document of the builder with the
 * same id dead. Sets *doc. */
kh_status kh_builder_doc(kh_builder *b, const kh_bdoc *in, uint32_t *doc,
                         kh_error *err);
/* The stored record of the document just started (one per document, in
 * order), when kh_builder_doc had none: an article's record holds what
 * its analysis finds (the snippet marks). */
kh_status kh_builder_doc_record(kh_builder *b, const uint8_t *rec, size_t len,
                                kh_error *err);
/* The same for a record the caller has appended to the block being
 * filled, b->cur, from offset `at` on (one copy of every article fewer). */
kh_status kh_builder_doc_record_at(kh_builder *b, size_t at, kh_error *err);
/* The buffered document with this id, or UINT32_MAX. */
uint32_t kh_builder_find(const kh_builder *b, const char *id, size_t len);
/* Marks a buffered document dead. */
void kh_builder_kill(kh_builder *b, uint32_t doc);
/* The occurrences of a field's resolved units (their `ent` set) become
 * the current document's: a word's term is interned and its key paired
 * once per segment. */
kh_status kh_builder_units(kh_builder *b, unsigned field, const kh_wunit *v,
                           size_t n, kh_error *err);
/* Adds the pair (phonetic key, term) to the key map. */
kh_status kh_builder_key(kh_builder *b, const char *key, size_t klen,
                         const char *term, size_t tlen, kh_error *err);
/* Appends a whole posting (doc, positions) to a term: used by merging,
 * which feeds documents in increasing order per term. */
kh_status kh_builder_posting(kh_builder *b, const char *fterm, size_t len,
                             uint32_t doc, const uint32_t *pos, uint32_t tf,
                             kh_error *err);
/* Sets the exact field lengths of a document (at its end, or merging). */
void kh_builder_set_lens(kh_builder *b, uint32_t doc, const uint32_t *lens);
/* Closes the block being filled (before writing). */
kh_status kh_builder_seal(kh_builder *b, kh_error *err);
/* Live (not dead) documents. */
static inline uint32_t kh_builder_live(const kh_builder *b) {
    return b->ndocs - b->ndead;
}

/* ---- record.c -------------------------------------------------------- */

/* A stored article decoded: `a` points into arena and arrays owned here. */
/* What a record keeps beside the article: its enrichment as JSON members
 * (NULL when indexed plain) and its near-duplicate fingerprint. */
typedef struct kh_record_extra {
    const char *enrich_json;
    size_t enrich_len;
    uint64_t fingerprint;
    /* indexed, not stored (the JSON holds them): the canonical entity
     * names of each kind, one per line; NULL for none */
    const char *names[3]; /* person, place, org */
    size_t names_len[3];
    /* indexed, not stored: each entity once, for the ENTITIES column */
    const struct kh_docname *ents;
    size_t nents;
    /* stored (record version 3): where the body's positions are in its
     * text, for snippets (kh_snip_marks_*); NULL for none */
    const uint8_t *marks;
    size_t marks_len;
} kh_record_extra;

typedef struct kh_record {
    kh_article a;
    kh_record_extra x;
    char *arena;
} kh_record;

/* Appends the binary record of an article; -1 on out of memory. */
int kh_record_encode(kh_buf *out, const kh_article *a,
                     const kh_record_extra *x);
/* The same in an older layout (1 to the current), for tests of reading
 * indexes built by earlier versions; -1 also for an unknown version. */
int kh_record_encode_version(kh_buf *out, const kh_article *a,
                             const kh_record_extra *x, unsigned version);
/* Decodes a record (KH_ERR_CORRUPT when it does not parse). */
kh_status kh_record_decode(const uint8_t *data, size_t len, kh_record *rec,
                           kh_error *err);
/* Decodes a record's fields up to its sections (what a snippet reads);
 * the dates, removed text and enrichment are left empty, and data may end
 * anywhere after the sections (KH_ERR_CORRUPT when it ends before). */
kh_status kh_record_decode_text(const uint8_t *data, size_t len, kh_record *rec,
                                kh_error *err);
void kh_record_free(kh_record *rec);
/* The article's body as one text: headings and paragraphs, a blank line
 * between, after the standfirst when with_standfirst; -1 on no memory. */
int kh_record_body(const kh_article *a, int with_standfirst, kh_buf *out);

/* ---- ingest.c -------------------------------------------------------- */

/* ---- stored_json.c --------------------------------------------------- */

/* Adds JSON object members (without braces) to the object in *json (which
 * is replaced, malloc'ed); a member already there takes the new value. */
kh_status kh_json_add_members(char **json, size_t *len, const char *members,
                              size_t mlen, kh_error *err);

/* ---- wordtab.c -------------------------------------------------------- */

void kh_wt_free(kh_wordtab *wt);
/* Forgets every word (between documents: units point at entries). */
void kh_wt_clear(kh_wordtab *wt);
/* Adds a unit's word at *slot (from a probe that missed); its stem (stem_len
 * bytes) and key (key_len bytes) were just appended to wt->arena,
 * starting at `forms`. The entry number in *ent. */
kh_status kh_wt_add(kh_wordtab *wt, uint32_t slot, const kh_wunit *u,
                    unsigned field, size_t forms, size_t stem_len,
                    size_t key_len, uint32_t *ent, kh_error *err);
/* Each of the builder's units (b->units, of field `field`) gets its entry
 * in the word table (`ent`), made when the word is new: its stem and key
 * from doc's analyzer (kh_doc_unit_forms). */
kh_status kh_wt_resolve(kh_builder *b, kh_doc *doc, unsigned field,
                        kh_error *err);

/* Analyses an article's fields into the builder as a new document. `an`
 * gives tokens and norms (stems and keys, which it need not make, come
 * from the builder's word table); `doc` is scratch. */
kh_status kh_ingest(kh_builder *b, const kh_analyzer *an, kh_doc *doc,
                    const kh_article *a, const kh_record_extra *x,
                    kh_error *err);

/* Calls fn for each term a text produces, the way documents are indexed:
 * the stem (else the norm) of words, numbers, hashtags, URLs...;
 * punctuation and symbols are skipped and take no position; a hyphenated
 * compound gives its parts at consecutive positions and the whole at the
 * first one. `key` is the phonetic key (may be empty). Shared with the
 * query side so that queries are analysed exactly like documents. fn
 * returns non-zero to stop (kh_each_term then fails with KH_ERR_NOMEM).
 * *npos receives the number of positions used. */
/* The term a token is indexed under (its stem, else its norm) and the
 * positions it takes (its parts for a compound, else 1); 0 when it takes
 * none (punctuation, symbols, an empty form). kh_each_term's rule, for
 * whoever must count positions the way the index does (snippets). */
unsigned kh_token_term(const kh_token *t, const char **term, size_t *len);
typedef int (*kh_term_fn)(void *ctx, const char *term, size_t len,
                          const char *key, size_t klen, kh_script script,
                          uint32_t pos);
kh_status kh_each_term(const kh_analyzer *an, kh_doc *doc, const char *text,
                       size_t len, kh_term_fn fn, void *ctx, uint32_t *npos,
                       kh_error *err);

/* Snippet marks: where, in an article's body text, its positions are, so
 * that a snippet deep in a long article is read from near its window
 * instead of from the start (the text must be analysed again to find the
 * window's words, and positions are counted, not stored). A mark is a
 * position and the byte offset of the token that takes it, at least
 * KH_MARK_EVERY positions after the last mark, at a token that starts a
 * piece kh_snippet may analyse on its own (after a line break, or after
 * a sentence's end and a space); stored as varint deltas. */
#define KH_MARK_EVERY 32
/* Whether byte `at` of text starts such a piece: it follows a line break,
 * or a space after a full stop, question or exclamation mark or danda.
 * No token crosses white space, so pieces cut there give the tokens the
 * whole text gives. */
static inline int kh_mark_safe(const char *text, size_t at) {
    if (at < 2)
        return 0;
    char c = text[at - 1], p = text[at - 2];
    if (c == '\n')
        return 1;
    return c == ' ' && (p == '.' || p == '?' || p == '!' ||
                        (at >= 4 && !memcmp(text + at - 4, "\xE0\xA5\xA4", 3)));
}
/* The last mark at or before position `pos`: 1 and *mpos, *moff, or 0. */
int kh_mark_before(const uint8_t *marks, size_t len, uint32_t pos,
                   uint32_t *mpos, uint32_t *moff);

/* ---- segwrite.c ------------------------------------------------------ */

/* Writes the builder's live documents as segment file `path`. */
kh_status kh_segment_write(kh_builder *b, const char *path, kh_error *err);

/* The pieces, for writers of segments that do not come from a builder
 * (mergew.c): a file of sections with a table of them and a checksum. */
typedef struct kh_segw {
    kh_wfile *w;
    struct {
        uint32_t id;
        uint64_t off, len;
    } secs[16];
    unsigned nsecs;
    kh_error *err;
} kh_segw;

/* Creates the file and writes the magic. */
kh_status kh_segw_open(kh_segw *c, const char *path, kh_error *err);
kh_status kh_segw_begin(kh_segw *c, uint32_t id); /* a section, aligned */
void kh_segw_end(kh_segw *c);
kh_status kh_segw_put(kh_segw *c, const void *p, size_t n);
kh_status kh_segw_put32(kh_segw *c, uint32_t v);
/* The META section: live documents, then each field's name (32 bytes,
 * NUL-padded) and the total of its lengths over the live documents. */
kh_status kh_segw_meta(kh_segw *c, uint32_t nlive,
                       const uint64_t total[KH_F_COUNT]);
/* With st == KH_OK writes the table, footer and checksum and closes the
 * file (fsync); else (or on failure) removes it. Returns the outcome. */
kh_status kh_segw_finish(kh_segw *c, kh_status st);

/* One term's postings in the file's format (doc stream, position stream,
 * skip entries), fed documents in increasing order. */
typedef struct kh_postenc {
    kh_buf docs, pos, skips;
    uint32_t n, prev; /* postings so far, the last doc */
    uint32_t *pbuf;   /* scratch for callers decoding positions */
    size_t pcap;
} kh_postenc;

void kh_postenc_reset(kh_postenc *e);
void kh_postenc_free(kh_postenc *e);
kh_status kh_postenc_add(kh_postenc *e, uint32_t doc, const uint32_t *pos,
                         uint32_t tf, kh_error *err);

/* The order of n byte strings (base + off[i], len[i]) by memcmp, as a
 * malloc'ed permutation. */
kh_status kh_sorted_order(const char *base, const uint32_t *off,
                          const uint32_t *len, size_t n, uint32_t **out,
                          kh_error *err);

/* ---- segment.c ------------------------------------------------------- */

/* Section ids of a segment file. */
enum {
    KH_SEC_META = 1,
    KH_SEC_TERMS = 2,
    KH_SEC_POSTINGS = 3,
    KH_SEC_NORMS = 4,
    KH_SEC_IDS = 5,
    KH_SEC_DATES = 6,
    KH_SEC_STORE_INDEX = 7,
    KH_SEC_STORE = 8,
    KH_SEC_KEYS = 9,
    KH_SEC_TITLES = 10,
    KH_SEC_FPRINTS = 11,
    KH_SEC_ENTITIES = 12
};

/* Format 4: store blocks Devanagari-packed (storepack.c); format 3 added
 * FPRINTS and ENTITIES columns, format 2 binary article records and a
 * TITLES section. */
#define KH_SEG_MAGIC "KHABARS4"
#define KH_SEG_MAGIC_V3 "KHABARS3"
#define KH_SEG_MAGIC_V2 "KHABARS2"
#define KH_SEG_MAGIC_V1 "KHABARS1"
#define KH_SEG_END "KHSEGEND"
#define KH_TERM_ENTRY 24 /* str_off, df, post_off(8), doc_bytes, pos_bytes */
#define KH_SKIP_BLOCK 128
/* Uncompressed bytes per store block (a block closes at the first record
 * that reaches it, so a news article is mostly a block of its own). A
 * hit's snippet read its whole block when blocks were zstd'd: on 20,000
 * generated articles, with the store packed, 4 KB instead of 16 KB cut a
 * two-word search with snippets and facets from 5.5 to 5.0 million instructions
 * (callgrind) for an index 3.5% larger (before packing: 9.2 to 7.1). */
#define KH_STORE_BLOCK 4096
/* Store blocks (storepack.c): Devanagari packed one byte a character.
 * kh_store_pack writes at most 2n bytes and returns how many;
 * kh_store_unpack returns the bytes written, SIZE_MAX when p is not a
 * packing or would not fit in cap. */
size_t kh_store_pack(const uint8_t *p, size_t n, uint8_t *o);
size_t kh_store_unpack(const uint8_t *p, size_t n, uint8_t *o, size_t cap);
/* Bytes [from, from + len) of what packing p stands for, into o; returns
 * len, or SIZE_MAX when p is shorter or not a packing. */
size_t kh_store_unpack_at(const uint8_t *p, size_t n, size_t from, uint8_t *o,
                          size_t len);
/* Appends the block {u32 n, u32 offs[n], u32 tlen, texts}, packed, to
 * out, with its stored and raw sizes (storepack.c). */
kh_status kh_store_put_block(uint32_t n, const void *offs, const void *texts,
                             size_t tlen, kh_buf *out, uint32_t *clen,
                             uint32_t *ulen, kh_error *err);
/* The raw block (ulen bytes, malloc'd) of stored block z, packed or (as
 * older segments have them) a zstd frame: returns 0, 1 when z is not a
 * block of ulen bytes, -1 out of memory. dc is a ZSTD_DCtx or NULL. */
int kh_store_get_block(void *dc, const uint8_t *z, size_t clen, uint32_t ulen,
                       uint8_t **out);
/* Whether the first `have` of a record's `full` bytes are enough. */
typedef int (*kh_store_enough_fn)(void *ctx, const uint8_t *rec, size_t have,
                                  size_t full);
/* Bytes of a record unpacked first when a caller may need only a prefix. */
#define KH_STORE_FIRST 2048
/* Record k of the n of stored block z alone (malloc'd, *len bytes),
 * as kh_store_get_block answers: a hit needs one record of its block. With
 * `enough` (else NULL), the record is unpacked in pieces, KH_STORE_FIRST
 * bytes and then twice the last, until enough() says the bytes so far
 * will do (*len: how many) or the record is whole. */
int kh_store_get_record(void *dc, const uint8_t *z, size_t clen, uint32_t ulen,
                        uint32_t n, uint32_t k, kh_store_enough_fn enough,
                        void *ctx, uint8_t **rec, size_t *len);

typedef struct kh_segfield {
    char name[32];
    uint64_t total_len; /* sum of the documents' token counts */
} kh_segfield;

/* An opened segment file: immutable, shared by snapshots (refcounted under
 * the index's mutex). */
typedef struct kh_segment {
    uint32_t id;
    int refs;
    kh_map map;
    uint32_t ndocs;
    uint32_t nfields;
    kh_segfield fields[KH_MAX_FIELDS];
    int field_of[KH_F_COUNT]; /* our field -> the segment's number, or -1 */
    const uint8_t *terms;     /* entries */
    uint32_t nterms;
    const uint8_t *term_str;
    size_t term_str_len;
    const uint8_t *post;
    size_t post_len;
    const uint8_t *norms; /* ndocs * nfields */
    const uint8_t *id_offs, *id_sorted, *id_blob;
    size_t id_blob_len;
    const uint8_t *dates;
    const uint8_t *sblocks;
    uint32_t nsblocks;
    const uint8_t *store;
    size_t store_len;
    const uint8_t *title_offs, *title_blob;
    size_t title_blob_len;
    const uint8_t *keys_offs, *keys_blob;
    uint32_t nkeys;
    size_t keys_blob_len;
    /* docinfo.c's columns */
    const uint8_t *fprints, *ent_off, *ent_refs, *name_offs, *name_blob;
    uint32_t nnames;
    char path[4096];
    /* what search derives once per segment (facets.c: the source of each
     * document; entfacets.c: a hash of each entity name); malloc'ed
     * blocks, each set once, freed with the segment */
    _Atomic(void *) derived;
    _Atomic(void *) derived_names;
} kh_segment;

/* Opens, maps and verifies a segment (KH_ERR_CORRUPT naming the file). */
kh_status kh_segment_open(const char *dir, uint32_t id, kh_segment **out,
                          kh_error *err);
/* The same for a segment this process has just written and fsynced, whose
 * bytes are the ones it hashed as it wrote them: not read back to verify.
 * Written around the page cache (kh_wfile_open), verifying would read
 * the whole file from disk. Every other open verifies. */
kh_status kh_segment_open_written(const char *dir, uint32_t id,
                                  kh_segment **out, kh_error *err);
void kh_segment_free(kh_segment *s);

/* Dictionary: the index of term (field byte + bytes) or -1. */
int64_t kh_seg_term_find(const kh_segment *s, const uint8_t *key, size_t len);
/* First entry >= key (nterms when none). */
uint32_t kh_seg_term_lower(const kh_segment *s, const uint8_t *key, size_t len);
/* The key (field byte + term) of entry i. */
const uint8_t *kh_seg_term_key(const kh_segment *s, uint32_t i, size_t *len);
uint32_t kh_seg_term_df(const kh_segment *s, uint32_t i);

/* The document with an external id, or UINT32_MAX. */
uint32_t kh_seg_find_id(const kh_segment *s, const char *id, size_t len);
const char *kh_seg_id(const kh_segment *s, uint32_t doc, size_t *len);
int32_t kh_seg_date(const kh_segment *s, uint32_t doc);
/* Token count of our field f in doc (0 when the segment lacks f). */
uint32_t kh_seg_len(const kh_segment *s, uint32_t doc, unsigned f);
/* What a hit shows without the article: title and published, pointing
 * into the mapped file (not NUL-terminated). */
void kh_seg_title(const kh_segment *s, uint32_t doc, const char **title,
                  size_t *tlen, const char **published, size_t *plen);
/* The raw stored record of doc, malloc'ed into *rec. */
kh_status kh_seg_raw_record(const kh_segment *s, uint32_t doc, uint8_t **rec,
                            size_t *len, kh_error *err);
/* The stored article of doc, decoded. */
kh_status kh_seg_record(const kh_segment *s, uint32_t doc, kh_record *rec,
                        kh_error *err);
/* The same with a caller's zstd decompression context (a ZSTD_DCtx *; NULL:
 * a temporary one), for the zstd blocks of segments written by earlier
 * versions. Searches keep one: zstd otherwise allocates and maps a fresh
 * context of about 100 KB for every such record read. */
kh_status kh_seg_record_dc(const kh_segment *s, uint32_t doc, void *dctx,
                           kh_record *rec, kh_error *err);
/* The fields of doc's record up to its sections (kh_record_decode_text):
 * a hit's snippet and source. Only the record's first bytes are unpacked
 * when they hold them; the enrichment after the text is often larger than
 * the text. */
kh_status kh_seg_record_text(const kh_segment *s, uint32_t doc, void *dctx,
                             kh_record *rec, kh_error *err);
/* The stored article of doc as JSON, malloc'ed and NUL-terminated. */
kh_status kh_seg_stored(const kh_segment *s, uint32_t doc, char **json,
                        size_t *len, kh_error *err);
/* The range [*lo, *hi) of key-map pairs whose key is `key`; pair i is
 * "key\0term". */
void kh_seg_keys(const kh_segment *s, const char *key, size_t len, uint32_t *lo,
                 uint32_t *hi);
const char *kh_seg_key_term(const kh_segment *s, uint32_t i, size_t *len);

/* ---- docinfo.c ------------------------------------------------------- */

void kh_docinfo_reset(kh_docinfo *dx);
void kh_docinfo_free(kh_docinfo *dx);
/* Describes document `doc` (documents are described in increasing order;
 * ones skipped have nothing): its fingerprint (0: none) and names. */
kh_status kh_docinfo_set(kh_docinfo *dx, uint32_t doc, uint64_t fp,
                         const kh_docname *names, size_t n, kh_error *err);
/* Describes `doc` as document `from` of segment s is (merging). */
kh_status kh_docinfo_copy(kh_docinfo *dx, uint32_t doc, const kh_segment *s,
                          uint32_t from, kh_error *err);
/* Writes the FPRINTS and ENTITIES sections for documents 0..ndocs, less
 * those dead[d] marks (dead may be NULL). */
kh_status kh_docinfo_write(const kh_docinfo *dx, kh_segw *c,
                           const uint8_t *dead, uint32_t ndocs);
/* Writes FPRINTS and ENTITIES for the live documents of segs, in order
 * (nlive of them), as a stream (mergew.c). */
struct kh_wseg;
kh_status kh_docinfo_merge(const struct kh_wseg *segs, uint32_t n,
                           uint32_t nlive, kh_segw *c, kh_error *err);
/* Checks the two sections of an opened segment and points s at them
 * (KH_ERR_CORRUPT when they do not hold together). */
kh_status kh_docinfo_open(kh_segment *s, const uint8_t *fp, size_t fplen,
                          const uint8_t *ent, size_t elen);
/* The fingerprint of an enriched article, 0 for none. */
uint64_t kh_seg_fingerprint(const kh_segment *s, uint32_t doc);
/* The entity names of doc: *refs holds that many u32 name numbers. */
uint32_t kh_seg_doc_names(const kh_segment *s, uint32_t doc,
                          const uint8_t **refs);
/* Name number id of the segment: its bytes (not NUL-terminated), kind. */
const char *kh_seg_name(const kh_segment *s, uint32_t id, unsigned *kind,
                        size_t *len);

/* ---- postings.c ------------------------------------------------------ */

#define KH_NO_DOC UINT32_MAX

typedef struct kh_cursor {
    const uint8_t *dp, *dend;  /* doc stream */
    const uint8_t *pp, *pbase; /* position stream */
    const uint8_t *pend;
    const uint8_t *skips;
    uint32_t nskip;
    uint32_t df, idx; /* postings count, index of the current one */
    uint32_t doc, tf;
    uint32_t pos_skip; /* positions of passed documents not yet skipped */
    int pos_read;      /* the current doc's positions were consumed */
} kh_cursor;

/* Positions a cursor before the first posting of term entry i. */
void kh_cursor_init(kh_cursor *c, const kh_segment *s, uint32_t i);
/* Moves to the next document (KH_NO_DOC at the end). */
uint32_t kh_cursor_next(kh_cursor *c);
/* Moves to the first document >= target. */
uint32_t kh_cursor_advance(kh_cursor *c, uint32_t target);
/* The current document's positions (tf of them) into out. Once per doc. */
uint32_t kh_cursor_positions(kh_cursor *c, uint32_t *out, uint32_t cap);

/* ---- delfile.c ------------------------------------------------------- */

/* Reads a deletion bitmap of ndocs bits (malloc'ed into *bits). */
kh_status kh_del_read(const char *path, uint32_t ndocs, uint8_t **bits,
                      uint32_t *ndel, kh_error *err);
kh_status kh_del_write(const char *path, const uint8_t *bits, uint32_t ndocs,
                       uint32_t ndel, kh_error *err);
static inline int kh_bit(const uint8_t *bits, uint32_t i) {
    return bits && (bits[i >> 3] >> (i & 7)) & 1;
}

/* ---- manifest.c ------------------------------------------------------ */

typedef struct kh_mseg {
    uint32_t id, ndocs, delgen, ndel;
} kh_mseg;

typedef struct kh_manifest {
    uint64_t gen;
    uint32_t next_seg;
    kh_mseg *segs;
    uint32_t nsegs;
} kh_manifest;

/* KH_ERR_NOT_FOUND when the directory has no MANIFEST. */
kh_status kh_manifest_read(const char *dir, kh_manifest *m, kh_error *err);
/* Atomic: tmp file, fsync, rename, fsync dir. */
kh_status kh_manifest_write(const char *dir, const kh_manifest *m,
                            kh_error *err);
void kh_manifest_free(kh_manifest *m);

/* ---- index.c --------------------------------------------------------- */

/* A segment as a snapshot sees it: the file and its deletions then. */
typedef struct kh_snapseg {
    kh_segment *seg;
    uint8_t *del; /* NULL: none deleted */
    uint32_t ndel, delgen;
} kh_snapseg;

/* What a reader sees: the segments of one committed generation. Immutable;
 * refcounted under the index's mutex. */
typedef struct kh_snapshot {
    int refs;
    uint64_t gen;
    kh_snapseg *segs;
    uint32_t nsegs;
    uint64_t ndocs; /* live */
} kh_snapshot;

/* The writer's working view: committed segments plus segments flushed
 * since the last commit, with deletions that are not committed yet. */
typedef struct kh_wseg {
    kh_segment *seg;
    uint8_t *del;
    uint32_t ndel, delgen;
    int dirty; /* deletions changed since the last commit */
    int fresh; /* flushed since the last commit */
} kh_wseg;

#define KH_DOC_POOL 4 /* idle workspaces kept: about one per thread */

/* What a search works in besides its snapshot, kept between searches so
 * that the word caches stay warm and a search allocates almost nothing.
 * Two analysis docs, as a cache must not mix the forms of two analyzers. */
typedef struct kh_workspace {
    kh_doc *qdoc; /* queries (kh_index.an) */
    kh_doc *sdoc; /* re-analysing hits' text for snippets (an_snip) */
    void *dctx;   /* ZSTD_DCtx: reading the stored hits */
    void *acc;    /* the search's per-document accumulators (malloc'ed) */
    size_t acc_bytes;
    void *ents; /* entity facets' counting table (malloc'ed, kept zeroed) */
    size_t ents_bytes;
} kh_workspace;

/* A fresh workspace, or NULL when out of memory. */
kh_workspace *kh_workspace_new(void);
void kh_workspace_free(kh_workspace *w);

struct kh_index {
    char *dir;
    unsigned flags;
    pthread_mutex_t mu;
    kh_snapshot *snap;
    /* writer only */
    int lock_fd;
    kh_manifest man;
    kh_wseg *wsegs;
    uint32_t nwsegs, wcap;
    kh_builder bld;
    kh_analyzer *an;      /* stems and keys: queries */
    kh_analyzer *an_snip; /* stems only: re-analysing text for snippets */
    kh_analyzer *an_doc;  /* tokens and norms: documents (the builder's
                           * word table gives their stems and keys) */
    kh_doc *doc;
    /* idle search workspaces (under mu) */
    kh_workspace *pool[KH_DOC_POOL];
    unsigned npool;
    /* ids deleted or re-added since the last flush: applied to the working
     * segments at the next flush */
    kh_buf pend; /* the ids back to back, NUL-separated */
    size_t npend;
    size_t flush_bytes;
    uint64_t uncommitted; /* adds and deletes since the last commit */
};

/* Takes a reference to the current snapshot; release it with
 * kh_snapshot_release(). */
kh_snapshot *kh_snapshot_acquire(kh_index *ix);
void kh_snapshot_release(kh_index *ix, kh_snapshot *s);
/* The field totals of a snapshot for BM25: documents (live + deleted, as
 * Lucene counts) and average length of our field f. */
double kh_snapshot_avglen(const kh_snapshot *s, unsigned f);
uint64_t kh_snapshot_maxdocs(const kh_snapshot *s);

/* ---- merge.c --------------------------------------------------------- */

/* ---- mergew.c -------------------------------------------------------- */

/* Merging at commit (index.c): the newest KH_MERGE_FACTOR segments of one
 * size class (live documents in powers of the factor from
 * KH_MERGE_MIN_DOCS) are merged into one. */
#define KH_MERGE_FACTOR 8
#define KH_MERGE_MIN_DOCS 1000

/* Whether segments can be merged as a stream (their field table is this
 * version's). */
int kh_merge_streamable(const kh_wseg *segs, uint32_t n);
/* Writes the live documents of segs, in order, as segment file `path`;
 * *ndocs = 0 (and no file) when none is live. */
kh_status kh_merge_write(const kh_wseg *segs, uint32_t n, const char *path,
                         uint32_t *ndocs, kh_error *err);

/* Feeds the live documents of the given segments into an empty builder. */
kh_status kh_merge_into(kh_builder *b, kh_wseg *segs, uint32_t n,
                        kh_error *err);

#endif /* KH_INDEX_H */
