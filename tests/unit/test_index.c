/*
 * test_index.c — the index on disk: articles added and committed are seen
 * by readers opened afterwards and not before (snapshots), re-adding an id
 * replaces the article, deletes land at commit, a second writer is turned
 * away, optimize and the merges at commit join segments without changing
 * what is found, and a
 * damaged file is reported with its name. Also the small encodings the
 * format relies on (varints, field lengths, day numbers).
 */
#include "pack_reference.h"
#include "testutil.h"

#include "index.h"
#include "khabar.h"

#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <sys/stat.h>
#include <zstd.h>

/* A clean article from a JSON Lines record. */
static kh_article *art(const kh_cleaner *cl, const char *id, const char *title,
                       const char *text, const char *date) {
    char rec[4096];
    snprintf(rec, sizeof rec,
             "{\"id\":\"%s\",\"title\":\"%s\",\"text\":\"%s\",\"date\":\"%s\"}",
             id, title, text, date);
    kh_article *a = NULL;
    kh_error err = {0};
    assert_int_equal(kh_clean_json_record(cl, rec, strlen(rec), &a, &err),
                     KH_OK);
    return a;
}

static void add(kh_index *ix, const kh_cleaner *cl, const char *id,
                const char *title, const char *text) {
    kh_article *a = art(cl, id, title, text, "2025-05-05");
    kh_error err = {0};
    assert_int_equal(kh_index_add(ix, a, &err), KH_OK);
    kh_article_free(a);
}

static uint64_t docs(kh_index *ix) {
    kh_index_info info;
    kh_error err = {0};
    assert_int_equal(kh_index_stats(ix, &info, &err), KH_OK);
    return info.documents;
}

static uint64_t hits(kh_index *ix, const char *q) {
    kh_results *r = NULL;
    kh_error err = {0};
    kh_search_options o = {.flags = KH_SEARCH_NO_SNIPPETS};
    assert_int_equal(kh_index_search(ix, q, strlen(q), &o, &r, &err), KH_OK);
    uint64_t n = kh_results_total(r);
    kh_results_free(r);
    return n;
}

static void test_encodings(void **state) {
    (void)state;
    uint8_t b[16];
    const uint64_t vals[] = {0, 1, 127, 128, 300, 16383, 16384, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        size_t n = kh_varint_put(b, vals[i]);
        const uint8_t *p = b;
        uint32_t v;
        assert_true(kh_varint_get(&p, b + n, &v));
        assert_int_equal(v, (uint32_t)vals[i]);
        assert_ptr_equal(p, b + n);
        p = b; /* truncated: refused, not read past the end */
        if (n > 1)
            assert_false(kh_varint_get(&p, b + n - 1, &v));
    }
    /* the stored length table is the formula of fields.c: segments
     * written before it was stored must keep their meaning */
    for (unsigned lb = 0; lb < 256; lb++) {
        uint32_t want =
            lb < 40
                ? lb
                : (uint32_t)(60.0 * pow(1.05, (double)lb - 40) - 20.0 + 1e-9);
        assert_int_equal(kh_len_decode((uint8_t)lb), want);
    }
    /* lengths: exact when short, monotone, within ~5% when long */
    uint32_t prev = 0;
    for (uint32_t len = 0; len < 200000; len += len < 100 ? 1 : 97) {
        uint32_t d = kh_len_decode(kh_len_encode(len));
        assert_true(d <= len);
        assert_true(d >= prev);
        if (len < 40)
            assert_int_equal(d, len);
        else
            assert_true((double)d >= len * 0.94);
        prev = d;
    }
    char iso[11];
    int32_t d = kh_days_from_iso("2025-05-05T10:00:00+05:30", 25, 0);
    kh_days_to_iso(d, iso);
    assert_string_equal(iso, "2025-05-05");
    assert_int_equal(kh_days_from_iso("1970-01-01", 10, 0), 0);
    kh_days_to_iso(kh_days_from_iso("2024-02", 7, 1), iso);
    assert_string_equal(iso, "2024-02-29");
    kh_days_to_iso(kh_days_from_iso("2023", 4, 1), iso);
    assert_string_equal(iso, "2023-12-31");
    /* every day of three centuries goes to text and back */
    for (int32_t z = kh_days_from_iso("1900-01-01", 10, 0);
         z <= kh_days_from_iso("2199-12-31", 10, 0); z++) {
        kh_days_to_iso(z, iso);
        assert_int_equal(kh_days_from_iso(iso, 10, 0), z);
    }
    assert_int_equal(kh_days_from_iso("2023-13-01", 10, 0), KH_NO_DATE);
    assert_int_equal(kh_days_from_iso("2023-02-29", 10, 0), KH_NO_DATE);
    assert_int_equal(kh_days_from_iso("कल", strlen("कल"), 0), KH_NO_DATE);
}

/* Positions read back from the postings, whatever documents a cursor
 * passed over without reading theirs (the skip counts varint ends eight
 * bytes at a time), with gaps that take one, two and three bytes; every
 * document's first position takes two, so that a skip often stops just
 * before a varint of several bytes. */
static void test_positions(void **state) {
    (void)state;
    char *idx = kh_test_index_dir("index");
    kh_index *ix;
    kh_error err = {0};
    assert_int_equal(
        kh_index_open(idx, KH_INDEX_WRITE | KH_INDEX_CREATE, &ix, &err), KH_OK);
    enum { NDOC = 200, MAXP = 64 };
    static uint32_t want[NDOC][MAXP];
    static uint32_t nwant[NDOC];
    uint32_t r = 12345;
    kh_buf text = {0};
    for (int i = 0; i < NDOC; i++) {
        text.len = 0;
        uint32_t ntok = 1 + (r = r * 1103515245u + 12345u) % 20000;
        nwant[i] = 0;
        for (uint32_t t = 0; t < ntok; t++) {
            r = r * 1103515245u + 12345u;
            int hit = t >= 130 && nwant[i] < MAXP &&
                      (r >> 16) % (i % 2 ? 3 : 150) == 0;
            if (hit)
                want[i][nwant[i]++] = t;
            assert_int_equal(
                kh_buf_append(&text, hit ? "zqx " : "ab ", hit ? 4 : 3), 0);
        }
        char id[16];
        snprintf(id, sizeof id, "p%03d", i);
        kh_paragraph para = {text.data, text.len, KH_LANG_EN, 0};
        kh_section sec = {NULL, &para, 1};
        kh_article a = {0};
        a.id = id;
        a.title = "t";
        a.sections = &sec;
        a.n_sections = 1;
        assert_int_equal(kh_index_add(ix, &a, &err), KH_OK);
    }
    kh_buf_free(&text);
    assert_int_equal(kh_index_commit(ix, &err), KH_OK);
    kh_snapshot *snap = kh_snapshot_acquire(ix);
    assert_int_equal(snap->nsegs, 1);
    const kh_segment *seg = snap->segs[0].seg;
    uint8_t key[8] = {(uint8_t)seg->field_of[KH_F_BODY], 'z', 'q', 'x'};
    int64_t e = kh_seg_term_find(seg, key, 4);
    assert_true(e >= 0);
    static uint32_t got[20000];
    for (int round = 0; round < 16; round++) {
        kh_cursor c;
        kh_cursor_init(&c, seg, (uint32_t)e);
        uint32_t d = kh_cursor_next(&c);
        while (d != KH_NO_DOC) {
            r = r * 1103515245u + 12345u;
            /* round 0 reads every doc; later rounds pass over some */
            if (round == 0 || (r >> 16) % 3 == 0) {
                assert_true(d < NDOC);
                uint32_t n = kh_cursor_positions(&c, got, 20000);
                assert_int_equal(n, nwant[d]);
                for (uint32_t k = 0; k < n; k++)
                    assert_int_equal(got[k], want[d][k]);
            }
            d = (r >> 20) % 5 == 0 ? kh_cursor_advance(&c, d + 1 + (r >> 8) % 9)
                                   : kh_cursor_next(&c);
        }
    }
    kh_snapshot_release(ix, snap);
    kh_index_close(ix);
    kh_test_index_done(idx);
}

/* The store's packing gives back every byte string it was given: Hindi
 * text, bytes around Devanagari's (E0 A3 xx, E0 A6 xx, a cut E0 A4),
 * the escape byte 7F itself and arbitrary binary; it makes Hindi
 * smaller, and refuses a packing that is cut or would overflow. */
static void test_store_packing(void **state) {
    (void)state;
    const char *hi = "पहलगाम हमला: भारत-रूस \x7f {\"id\": 7} ज़िंदगी…";
    uint8_t in[600], packed[1200], out[600];
    size_t n = strlen(hi);
    memcpy(in, hi, n);
    size_t k = kh_store_pack(in, n, packed);
    assert_true(k < n * 2 / 3);
    assert_int_equal(kh_store_unpack(packed, k, out, sizeof out), n);
    assert_memory_equal(in, out, n);
    assert_int_equal(kh_store_unpack(packed, k, out, n - 1), SIZE_MAX);
    const uint8_t edge[] = {0xE0, 0xA3, 0xBF, 0xE0, 0xA6, 0x80, 0x7F, 0x7E,
                            0xE0, 0xA4, 0x41, 0xE0, 0xA5, 0xFF, 0xE0, 0xA4};
    k = kh_store_pack(edge, sizeof edge, packed);
    assert_int_equal(kh_store_unpack(packed, k, out, sizeof out), sizeof edge);
    assert_memory_equal(edge, out, sizeof edge);
    uint32_t x = 12345;
    for (int round = 0; round < 200; round++) {
        size_t len = (size_t)(x % sizeof in);
        for (size_t i = 0; i < len; i++) {
            x = x * 1103515245u + 12345u;
            /* mostly the bytes that matter, some of any kind */
            static const uint8_t pick[] = {0xE0, 0xA4, 0xA5, 0x80, 0xBF, 0x7F};
            in[i] = (x >> 16) & 1 ? pick[(x >> 20) % 6] : (uint8_t)(x >> 24);
        }
        k = kh_store_pack(in, len, packed);
        assert_true(k <= 2 * len);
        assert_int_equal(kh_store_unpack(packed, k, out, sizeof out), len);
        assert_memory_equal(in, out, len);
        /* any slice alone, also one that cuts a character */
        size_t from = len ? (x >> 3) % len : 0, part = len - from;
        part = part ? (x >> 13) % part + 1 : 0;
        assert_int_equal(kh_store_unpack_at(packed, k, from, out, part), part);
        assert_memory_equal(in + from, out, part);
        assert_int_equal(
            kh_store_unpack_at(packed, k, from, out, len - from + 1), SIZE_MAX);
    }
    const uint8_t cut[] = {0x41, 0x7F}; /* an escape without its byte */
    assert_int_equal(kh_store_unpack(cut, 2, out, sizeof out), SIZE_MAX);
}

/* The packer's fast paths (16 or 32 bytes at a time where all is ASCII
 * or Devanagari) pack exactly as the format says, writes no more than 2n
 * bytes (the buffers are exactly that long, for the sanitizer), and falls
 * back correctly around any other character, wherever it falls. */
static void test_store_packing_blocks(void **state) {
    (void)state;
    static const char *pieces[] = {"क",        "़",     "ा",
                                   "ं",         "्",     "॥",
                                   "ॿ",        " ",    "a",
                                   "7",        ".",    "\n",
                                   "\x7f",     "é",    "\xE2\x80\x8D",
                                   "\xE0\xA4", "\xE0", "\xF0\x9F\x98\x80",
                                   "\xA4\x80"};
    uint32_t x = 99;
    for (int round = 0; round < 400; round++) {
        size_t cap = 40 + round % 200, n = 0;
        uint8_t *in = malloc(cap + 4);
        assert_non_null(in);
        while (n < cap) {
            /* long clean stretches, the other pieces rarely */
            const char *pc = kh_test_piece(&x, pieces, 9, 10, 100);
            size_t l = strlen(pc);
            memcpy(in + n, pc, l);
            n += l;
        }
        uint8_t *got = malloc(2 * n), *want = malloc(2 * n);
        assert_true(got && want);
        size_t k = kh_store_pack(in, n, got),
               kw = kh_reference_pack(in, n, want);
        assert_int_equal(k, kw);
        assert_memory_equal(got, want, k);
        free(in);
        free(got);
        free(want);
    }
}

/* A store block as written now (packed) and as older segments have it
 * (packed, then a zstd frame) reads back the same, whole and one record
 * at a time; a block cut short or claiming another size is refused. */
static void test_store_blocks_both_kinds(void **state) {
    (void)state;
    const char *recs[] = {"पहलगाम हमले के बाद बातचीत", "", "{\"id\": 7} x",
                          "मोदी-पुतिन"};
    uint32_t n = 4, offs[5] = {0};
    kh_buf texts = {0}, blk = {0};
    for (uint32_t i = 0; i < n; i++) {
        offs[i] = (uint32_t)texts.len;
        assert_int_equal(kh_buf_append(&texts, recs[i], strlen(recs[i])), 0);
    }
    offs[n] = (uint32_t)texts.len;
    uint32_t clen, ulen;
    kh_error err = {0};
    assert_int_equal(kh_store_put_block(n, offs, texts.data, texts.len, &blk,
                                        &clen, &ulen, &err),
                     KH_OK);
    assert_int_equal(clen, blk.len);
    assert_true(clen < ulen);
    /* the older kind: the same packed bytes in a zstd frame */
    size_t bound = ZSTD_compressBound(clen);
    uint8_t *z = malloc(bound);
    assert_non_null(z);
    size_t zl = ZSTD_compress(z, bound, blk.data, clen, 1);
    assert_false(ZSTD_isError(zl));
    const uint8_t *kinds[] = {(const uint8_t *)blk.data, z};
    size_t lens[] = {clen, zl};
    for (int kind = 0; kind < 2; kind++) {
        uint8_t *raw;
        assert_int_equal(
            kh_store_get_block(NULL, kinds[kind], lens[kind], ulen, &raw), 0);
        assert_int_equal(kh_rd32(raw), n);
        assert_memory_equal(raw + 4 + (n + 1) * 4, texts.data, texts.len);
        free(raw);
        for (uint32_t k = 0; k < n; k++) {
            uint8_t *rec;
            size_t len;
            assert_int_equal(kh_store_get_record(NULL, kinds[kind], lens[kind],
                                                 ulen, n, k, NULL, NULL, &rec,
                                                 &len),
                             0);
            assert_int_equal(len, strlen(recs[k]));
            assert_memory_equal(rec, recs[k], len);
            free(rec);
        }
        assert_int_equal(
            kh_store_get_block(NULL, kinds[kind], lens[kind], ulen + 1, &raw),
            1);
        assert_null(raw);
    }
    uint8_t *raw;
    assert_int_equal(kh_store_get_block(NULL, (const uint8_t *)blk.data,
                                        clen - 1, ulen, &raw),
                     1);
    assert_int_equal(kh_store_get_block(NULL, z, zl - 1, ulen, &raw), 1);
    free(z);
    kh_buf_free(&texts);
    kh_buf_free(&blk);
}

static void test_commit_snapshot_replace_delete(void **state) {
    (void)state;
    char *idx = kh_test_index_dir("index");
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_index *w, *r;
    /* no index yet: a reader is told so */
    assert_int_equal(kh_index_open(idx, KH_INDEX_READ, &r, &err),
                     KH_ERR_NOT_FOUND);
    assert_int_equal(
        kh_index_open(idx, KH_INDEX_WRITE | KH_INDEX_CREATE, &w, &err), KH_OK);
    add(w, cl, "a1", "पहलगाम में हमला", "पहलगाम में आतंकियों ने हमला किया।");
    add(w, cl, "a2", "इंदौर में बारिश", "इंदौर में भारी बारिश हुई।");
    /* a reader opened before the commit sees the empty index */
    assert_int_equal(kh_index_open(idx, KH_INDEX_READ, &r, &err), KH_OK);
    assert_int_equal(docs(r), 0);
    assert_int_equal(kh_index_commit(w, &err), KH_OK);
    assert_int_equal(docs(w), 2);
    assert_int_equal(docs(r), 0); /* its snapshot */
    assert_int_equal(kh_index_reload(r, &err), KH_OK);
    assert_int_equal(docs(r), 2);
    assert_int_equal(hits(r, "बारिश"), 1);

    /* a second writer is refused with a clear message */
    kh_index *w2 = NULL;
    assert_int_equal(kh_index_open(idx, KH_INDEX_WRITE, &w2, &err),
                     KH_ERR_LOCKED);
    assert_non_null(strstr(err.message, "another writer"));
    assert_null(w2);

    /* re-adding an id replaces the article, in the buffer and on disk */
    add(w, cl, "a2", "इंदौर में धूप", "इंदौर में आज धूप खिली।");
    add(w, cl, "a3", "झील की सफाई", "लोगों ने झील साफ की।");
    add(w, cl, "a3", "झील की सफाई पूरी", "लोगों ने झील साफ कर दी।");
    assert_int_equal(kh_index_commit(w, &err), KH_OK);
    assert_int_equal(docs(w), 3);
    assert_int_equal(hits(w, "बारिश"), 0);
    assert_int_equal(hits(w, "धूप"), 1);
    char *json;
    size_t len;
    assert_int_equal(kh_index_get(w, "a3", &json, &len, &err), KH_OK);
    assert_non_null(strstr(json, "झील की सफाई पूरी"));
    assert_int_equal(strlen(json), len);
    free(json);
    assert_int_equal(kh_index_get(w, "zz", &json, &len, &err),
                     KH_ERR_NOT_FOUND);

    /* deletes: invisible until commit, gone after */
    int found = 0;
    assert_int_equal(kh_index_delete(w, "a1", &found, &err), KH_OK);
    assert_true(found);
    assert_int_equal(kh_index_delete(w, "nope", &found, &err), KH_OK);
    assert_false(found);
    assert_int_equal(hits(w, "पहलगाम"), 1);
    assert_int_equal(kh_index_commit(w, &err), KH_OK);
    assert_int_equal(hits(w, "पहलगाम"), 0);
    assert_int_equal(kh_index_get(w, "a1", &json, &len, &err),
                     KH_ERR_NOT_FOUND);

    /* a reader cannot write */
    kh_article *a = art(cl, "x", "t", "पाठ", "2025-01-01");
    assert_int_equal(kh_index_add(r, a, &err), KH_ERR_ARG);
    kh_article_free(a);

    /* uncommitted work is dropped at close; the lock goes with it */
    add(w, cl, "a9", "अधूरा", "यह कभी कमिट नहीं हुआ।");
    kh_index_close(w);
    assert_int_equal(kh_index_open(idx, KH_INDEX_WRITE, &w, &err), KH_OK);
    assert_int_equal(docs(w), 2);
    assert_int_equal(kh_index_get(w, "a9", &json, &len, &err),
                     KH_ERR_NOT_FOUND);
    kh_index_close(w);
    kh_index_close(r);
    kh_cleaner_free(cl);
    kh_test_index_done(idx);
}

static void test_optimize(void **state) {
    (void)state;
    char *idx = kh_test_index_dir("index");
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_index *w;
    assert_int_equal(
        kh_index_open(idx, KH_INDEX_WRITE | KH_INDEX_CREATE, &w, &err), KH_OK);
    char id[32], text[256];
    for (int c = 0; c < 3; c++) { /* three commits: three segments */
        for (int i = 0; i < 150; i++) {
            snprintf(id, sizeof id, "d%d-%d", c, i);
            snprintf(text, sizeof text,
                     "खबर संख्या %d में बारिश %s और बाजार %s की बात है।", i,
                     i % 3 ? "कम" : "ज्यादा", i % 2 ? "बंद" : "खुला");
            add(w, cl, id, i % 5 ? "दिन की खबर" : "बारिश की खबर", text);
        }
        assert_int_equal(kh_index_commit(w, &err), KH_OK);
    }
    int found;
    assert_int_equal(kh_index_delete(w, "d1-0", &found, &err), KH_OK);
    assert_int_equal(kh_index_commit(w, &err), KH_OK);
    kh_index_info before, after;
    assert_int_equal(kh_index_stats(w, &before, &err), KH_OK);
    assert_int_equal(before.segments, 3);
    assert_int_equal(before.documents, 449);
    assert_int_equal(before.deleted, 1);
    const char *qs[] = {"बारिश", "\"बाजार बंद\"", "title:बारिश ज्यादा",
                        "कम AND खुला", "बाज*"};
    uint64_t n0[5];
    for (int i = 0; i < 5; i++) {
        n0[i] = hits(w, qs[i]);
        assert_true(n0[i] > 0);
    }
    assert_int_equal(kh_index_optimize(w, &err), KH_OK);
    assert_int_equal(kh_index_stats(w, &after, &err), KH_OK);
    assert_int_equal(after.segments, 1);
    assert_int_equal(after.documents, 449);
    assert_int_equal(after.deleted, 0);
    for (int i = 0; i < 5; i++)
        assert_int_equal(hits(w, qs[i]), n0[i]);
    char *json;
    assert_int_equal(kh_index_get(w, "d1-0", &json, NULL, &err),
                     KH_ERR_NOT_FOUND);
    assert_int_equal(kh_index_get(w, "d2-149", &json, NULL, &err), KH_OK);
    free(json);
    kh_index_close(w);
    /* a fresh reader sees the merged index */
    kh_index *r;
    assert_int_equal(kh_index_open(idx, KH_INDEX_READ, &r, &err), KH_OK);
    assert_int_equal(docs(r), 449);
    assert_int_equal(hits(r, "बारिश"), n0[0]);
    kh_index_close(r);
    kh_cleaner_free(cl);
    kh_test_index_done(idx);
}

/* Commit after commit, segments are merged: their number stays bounded,
 * replaced and deleted articles stay so through the merges, and a reader
 * opened before keeps its snapshot. */
static void test_merge_at_commit(void **state) {
    (void)state;
    char *idx = kh_test_index_dir("index");
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_index *w;
    assert_int_equal(
        kh_index_open(idx, KH_INDEX_WRITE | KH_INDEX_CREATE, &w, &err), KH_OK);
    char id[32], text[256];
    kh_index *early = NULL;
    kh_index_info info;
    for (int c = 0; c < 40; c++) {
        for (int i = 0; i < 5; i++) {
            snprintf(id, sizeof id, "m%d-%d", c, i);
            snprintf(text, sizeof text, "संदेश %d में %s की बात है।", c * 5 + i,
                     i % 2 ? "नदी" : "पहाड़");
            add(w, cl, id, "खबर", text);
        }
        if (c == 20) { /* replace an article of the first segment */
            add(w, cl, "m0-0", "खबर", "अब इसमें समुद्र की बात है।");
            int found;
            assert_int_equal(kh_index_delete(w, "m1-1", &found, &err), KH_OK);
            assert_true(found);
        }
        assert_int_equal(kh_index_commit(w, &err), KH_OK);
        assert_int_equal(kh_index_stats(w, &info, &err), KH_OK);
        assert_true(info.segments < KH_MERGE_FACTOR);
        if (c == 3) {
            assert_int_equal(kh_index_open(idx, KH_INDEX_READ, &early, &err),
                             KH_OK);
            assert_int_equal(docs(early), 20);
        }
    }
    assert_int_equal(docs(w), 199);
    assert_int_equal(hits(w, "समुद्र"), 1);
    assert_int_equal(hits(w, "नदी"), 80 - 1);
    char *json;
    assert_int_equal(kh_index_get(w, "m1-1", &json, NULL, &err),
                     KH_ERR_NOT_FOUND);
    assert_int_equal(kh_index_get(w, "m0-0", &json, NULL, &err), KH_OK);
    assert_non_null(strstr(json, "समुद्र"));
    free(json);
    /* the early reader still sees its 20 articles, on files since merged */
    assert_int_equal(docs(early), 20);
    assert_int_equal(hits(early, "पहाड़"), 12);
    kh_index_close(early);
    kh_index_close(w);
    kh_cleaner_free(cl);
    kh_test_index_done(idx);
}

/* Flips one byte of a file. */
static void damage(const char *path, long off) {
    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    struct stat sb;
    assert_int_equal(fstat(fd, &sb), 0);
    if (off < 0)
        off += sb.st_size;
    unsigned char c;
    assert_int_equal(pread(fd, &c, 1, off), 1);
    c ^= 0x20;
    assert_int_equal(pwrite(fd, &c, 1, off), 1);
    close(fd);
}

static void test_corruption(void **state) {
    (void)state;
    char *idx = kh_test_index_dir("index");
    kh_cleaner *cl;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_index *w;
    assert_int_equal(
        kh_index_open(idx, KH_INDEX_WRITE | KH_INDEX_CREATE, &w, &err), KH_OK);
    add(w, cl, "c1", "पहला लेख", "पहले लेख का पाठ यहां है।");
    add(w, cl, "c2", "दूसरा लेख", "दूसरे लेख का पाठ।");
    assert_int_equal(kh_index_commit(w, &err), KH_OK);
    int found;
    assert_int_equal(kh_index_delete(w, "c2", &found, &err), KH_OK);
    assert_int_equal(kh_index_commit(w, &err), KH_OK);
    kh_index_close(w);
    char seg[4096], del[4096], man[4096];
    kh_seg_path(seg, sizeof seg, idx, 1);
    kh_del_path(del, sizeof del, idx, 1, 1);
    snprintf(man, sizeof man, "%s/MANIFEST", idx);
    const char *files[] = {seg, seg, del, man};
    const long offs[] = {100, -40, 20, 20};
    for (int i = 0; i < 4; i++) {
        kh_index *r = NULL;
        assert_int_equal(kh_index_open(idx, KH_INDEX_READ, &r, &err), KH_OK);
        kh_index_close(r);
        damage(files[i], offs[i]);
        assert_int_equal(kh_index_open(idx, KH_INDEX_READ, &r, &err),
                         KH_ERR_CORRUPT);
        assert_null(r);
        /* the message names the damaged file */
        assert_non_null(strstr(err.message, strrchr(files[i], '/') + 1));
        damage(files[i], offs[i]); /* repaired */
    }
    /* a missing segment file is reported too */
    char moved[4200];
    snprintf(moved, sizeof moved, "%s.away", seg);
    assert_int_equal(rename(seg, moved), 0);
    kh_index *r = NULL;
    assert_int_equal(kh_index_open(idx, KH_INDEX_READ, &r, &err),
                     KH_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "seg_00000001.kseg"));
    assert_int_equal(rename(moved, seg), 0);
    /* a segment of an older format (2: no fingerprint and entity columns;
     * 3: store blocks not packed) is named with its format and what to
     * do, not called damaged */
    for (char v = '2'; v <= '3'; v++) {
        char magic[9] = "KHABARS?", want[64];
        magic[7] = v;
        FILE *f = fopen(seg, "r+b");
        assert_non_null(f);
        assert_int_equal(fwrite(magic, 1, 8, f), 8);
        fclose(f);
        assert_int_equal(kh_index_open(idx, KH_INDEX_READ, &r, &err),
                         KH_ERR_CORRUPT);
        snprintf(want, sizeof want, "seg_00000001.kseg: segment format %c", v);
        assert_non_null(strstr(err.message, want));
        assert_non_null(strstr(err.message, "index the articles again"));
    }
    kh_cleaner_free(cl);
    kh_test_index_done(idx);
}

/* The FPRINTS and ENTITIES columns of segment s say what its stored
 * records say: the fingerprint of an enriched article (0 for a plain one)
 * and its entity_names, in order. */
static void check_columns(const kh_segment *s) {
    for (uint32_t d = 0; d < s->ndocs; d++) {
        kh_record rec;
        kh_error err = {0};
        assert_int_equal(kh_seg_record(s, d, &rec, &err), KH_OK);
        assert_true(kh_seg_fingerprint(s, d) ==
                    (rec.x.enrich_json ? rec.x.fingerprint : 0));
        const uint8_t *refs;
        uint32_t n = kh_seg_doc_names(s, d, &refs);
        if (!rec.x.enrich_json) {
            assert_int_equal(n, 0);
            kh_record_free(&rec);
            continue;
        }
        char *w = malloc(rec.x.enrich_len + 3);
        sprintf(w, "{%.*s}", (int)rec.x.enrich_len, rec.x.enrich_json);
        json_t *o = json_loads(w, 0, NULL);
        free(w);
        json_t *names = json_object_get(o, "entity_names");
        assert_true(json_array_size(names) == n);
        static const char *const kinds[] = {"PERSON", "LOCATION",
                                            "ORGANIZATION"};
        for (uint32_t i = 0; i < n; i++) {
            json_t *e = json_array_get(names, i);
            unsigned kind;
            size_t len;
            const char *nm = kh_seg_name(s, kh_rd32(refs + i * 4), &kind, &len);
            assert_true(kind < 3);
            assert_string_equal(json_string_value(json_object_get(e, "type")),
                                kinds[kind]);
            const char *want = json_string_value(json_object_get(e, "name"));
            assert_int_equal(strlen(want), len);
            assert_memory_equal(want, nm, len);
        }
        json_decref(o);
        kh_record_free(&rec);
    }
}

static void check_all_columns(kh_index *ix, uint32_t want_segs) {
    kh_snapshot *snap = kh_snapshot_acquire(ix);
    assert_int_equal(snap->nsegs, want_segs);
    for (uint32_t i = 0; i < snap->nsegs; i++)
        check_columns(snap->segs[i].seg);
    kh_snapshot_release(ix, snap);
}

/* Enriched articles keep their enrichment in the record (kh_index_get
 * shows it) and their fingerprints group near-duplicates; an article
 * added plain has neither. Records written before enrichment (version 1)
 * still decode. */
static void test_enriched_and_dups(void **state) {
    (void)state;
    char *dir = kh_test_index_dir("index");
    kh_index *ix = NULL;
    kh_cleaner *cl = NULL;
    kh_enricher *en = NULL;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    assert_int_equal(kh_enricher_new(NULL, &en, &err), KH_OK);
    assert_int_equal(
        kh_index_open(dir, KH_INDEX_WRITE | KH_INDEX_CREATE, &ix, &err), KH_OK);
    const char *story =
        "नगर निगम ने पुराने बाजार की सड़कों को चौड़ा करने की योजना मंजूर की है। "
        "योजना के तहत दुकानों के आगे के अतिक्रमण हटाए जाएंगे और नालियां ढकी "
        "जाएंगी। व्यापारी संघ ने कहा कि काम रात में हो ताकि दिन का कारोबार न "
        "रुके। अधिकारियों के अनुसार काम तीन महीने में पूरा होगा और इसके लिए "
        "बजट जारी हो चुका है। पार्किंग के लिए पास के मैदान में नई जगह बनाई "
        "जाएगी।";
    char edited[2048];
    snprintf(edited, sizeof edited, "%s %s", story,
             "यह भी पढ़ें: शहर की दूसरी खबरें।");
    const char *other =
        "जिले के सरकारी स्कूलों में इस साल दाखिले पिछले साल से अधिक हुए हैं। "
        "शिक्षा विभाग ने नई कक्षाओं के लिए शिक्षकों की भर्ती शुरू की है। "
        "अभिभावकों ने मुफ्त किताबें समय पर मिलने की मांग की है।";
    struct {
        const char *id, *text;
        int enrich;
    } in[] = {
        {"a", story, 1}, {"b", edited, 1}, {"c", other, 1}, {"d", story, 0}};
    for (size_t i = 0; i < 4; i++) {
        kh_article *a = art(cl, in[i].id, "बाजार", in[i].text, "2025-05-05");
        kh_enrichment *e = NULL;
        if (in[i].enrich)
            assert_int_equal(kh_enrich_article(en, NULL, a, &e, &err), KH_OK);
        assert_int_equal(kh_index_add_enriched(ix, a, e, &err), KH_OK);
        kh_enrichment_free(e);
        kh_article_free(a);
    }
    assert_int_equal(kh_index_commit(ix, &err), KH_OK);
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(kh_index_get(ix, "a", &json, &len, &err), KH_OK);
    assert_non_null(strstr(json, "\"keywords\":[{"));
    assert_non_null(strstr(json, "\"summary\":[{"));
    assert_non_null(strstr(json, "\"fingerprint\":\""));
    free(json);
    assert_int_equal(kh_index_get(ix, "d", &json, &len, &err), KH_OK);
    assert_null(strstr(json, "\"keywords\""));
    free(json);
    kh_dups *d = NULL;
    assert_int_equal(kh_index_dups(ix, KH_FINGERPRINT_NEAR, &d, &err), KH_OK);
    assert_int_equal(d->n_groups, 1);
    assert_int_equal(d->start[1], 2);
    assert_string_equal(d->ids[0], "a");
    assert_string_equal(d->ids[1], "b");
    kh_dups_free(d);
    assert_int_equal(kh_index_dups(ix, 0, &d, &err), KH_OK);
    assert_int_equal(d->n_groups, 0);
    kh_dups_free(d);
    assert_int_equal(kh_index_dups(ix, 65, &d, &err), KH_ERR_ARG);

    /* search folds b into a (d, plain, stays apart); NO_COLLAPSE does not */
    for (int nc = 0; nc < 2; nc++) {
        kh_search_options o = {.flags = nc ? KH_SEARCH_NO_COLLAPSE : 0};
        kh_results *r = NULL;
        const char *q = "व्यापारी";
        assert_int_equal(kh_index_search(ix, q, strlen(q), &o, &r, &err),
                         KH_OK);
        assert_int_equal(kh_results_total(r), 3);
        size_t n = 0, sim = 0;
        const kh_hit *h;
        while ((h = kh_results_next(r))) {
            n++;
            sim += h->n_similar;
            if (h->n_similar) {
                assert_string_equal(h->similar[0],
                                    strcmp(h->id, "a") ? "a" : "b");
                assert_true(!strcmp(h->id, "a") || !strcmp(h->id, "b"));
            }
        }
        assert_int_equal(n, nc ? 3 : 2);
        assert_int_equal(sim, nc ? 0 : 1);
        kh_results_free(r);
    }

    /* the columns hold what the records hold, through merges of both kinds
     * (streamed, and through a builder), and search still folds a into b */
    kh_article *p = art(cl, "p", "मोदी",
                        "प्रधानमंत्री नरेंद्र मोदी ने दिल्ली "
                        "में भारतीय रिज़र्व बैंक के गवर्नर से मुलाकात की।",
                        "2025-05-06");
    kh_enrichment *pe = NULL;
    assert_int_equal(kh_enrich_article(en, NULL, p, &pe, &err), KH_OK);
    assert_true(pe->n_entities > 0);
    assert_int_equal(kh_index_add_enriched(ix, p, pe, &err), KH_OK);
    kh_enrichment_free(pe);
    kh_article_free(p);
    assert_int_equal(kh_index_commit(ix, &err), KH_OK);
    check_all_columns(ix, 2);
    kh_snapshot *snap = kh_snapshot_acquire(ix);
    kh_wseg ws[2] = {{.seg = snap->segs[0].seg}, {.seg = snap->segs[1].seg}};
    kh_builder mb;
    assert_int_equal(kh_builder_init(&mb, &err), KH_OK);
    assert_int_equal(kh_merge_into(&mb, ws, 2, &err), KH_OK);
    char mpath[4200];
    snprintf(mpath, sizeof mpath, "%s/merged.kseg", dir);
    assert_int_equal(kh_segment_write(&mb, mpath, &err), KH_OK);
    kh_builder_free(&mb);
    kh_snapshot_release(ix, snap);
    char sdir[4200];
    snprintf(sdir, sizeof sdir, "%s/m", dir);
    mkdir(sdir, 0700);
    char spath[4300];
    kh_seg_path(spath, sizeof spath, sdir, 1);
    assert_int_equal(rename(mpath, spath), 0);
    kh_segment *ms = NULL;
    assert_int_equal(kh_segment_open(sdir, 1, &ms, &err), KH_OK);
    assert_int_equal(ms->ndocs, 5);
    check_columns(ms);
    kh_segment_free(ms);
    unlink(spath);
    rmdir(sdir);
    int found = 0;
    assert_int_equal(kh_index_delete(ix, "c", &found, &err), KH_OK);
    assert_int_equal(kh_index_optimize(ix, &err), KH_OK);
    check_all_columns(ix, 1);
    {
        kh_search_options o = {.flags = KH_SEARCH_FACETS};
        kh_results *r = NULL;
        const char *q = "व्यापारी OR मोदी";
        assert_int_equal(kh_index_search(ix, q, strlen(q), &o, &r, &err),
                         KH_OK);
        assert_int_equal(kh_results_total(r), 4);
        size_t sim = 0;
        const kh_hit *h;
        while ((h = kh_results_next(r)))
            sim += h->n_similar;
        assert_int_equal(sim, 1);
        const kh_facet *f;
        size_t nf = kh_results_facets(r, KH_FACET_PERSON, &f);
        int modi = 0;
        for (size_t i = 0; i < nf; i++)
            modi |= strstr(f[i].value, "मोदी") != NULL;
        assert_true(modi);
        kh_results_free(r);
    }

    /* records of every version decode: 1 (no enrichment), 2 (no snippet
     * marks), 3 */
    kh_article *a = art(cl, "v1", "शीर्षक", other, "2025-05-05");
    const uint8_t marks[] = {5, 40, 7, 90};
    kh_record_extra x = {.enrich_json = "\"k\":1",
                         .enrich_len = 5,
                         .fingerprint = 9,
                         .marks = marks,
                         .marks_len = sizeof marks};
    for (unsigned v = 1; v <= 4; v++) {
        kh_buf b = {0};
        if (v == 4) { /* not a version */
            assert_int_equal(kh_record_encode_version(&b, a, &x, v), -1);
            kh_buf_free(&b);
            continue;
        }
        assert_int_equal(kh_record_encode_version(&b, a, &x, v), 0);
        assert_int_equal((unsigned char)b.data[0], v);
        kh_record rec;
        assert_int_equal(
            kh_record_decode((const uint8_t *)b.data, b.len, &rec, &err),
            KH_OK);
        assert_string_equal(rec.a.id, "v1");
        assert_true(rec.a.n_sections > 0);
        if (v >= 2)
            assert_string_equal(rec.x.enrich_json, "\"k\":1");
        else
            assert_null(rec.x.enrich_json);
        if (v >= 3) {
            assert_int_equal(rec.x.marks_len, sizeof marks);
            assert_memory_equal(rec.x.marks, marks, sizeof marks);
        } else
            assert_null(rec.x.marks);
        kh_record_free(&rec);
        kh_buf_free(&b);
    }
    kh_article_free(a);

    kh_index_close(ix);
    kh_enricher_free(en);
    kh_cleaner_free(cl);
    kh_test_index_done(dir);
}

/* A record's text alone (kh_record_decode_text, kh_seg_record_text): the
 * fields up to the sections, the same as a full decode gives them, from
 * any prefix that holds them, and never from one that does not; in a
 * segment, from a short record and from one whose text is longer than the
 * prefix first unpacked. */
static void same_text(const kh_record *x, const kh_record *y) {
    kh_buf bx = {0}, by = {0};
    assert_int_equal(kh_record_body(&x->a, 1, &bx), 0);
    assert_int_equal(kh_record_body(&y->a, 1, &by), 0);
    assert_int_equal(bx.len, by.len);
    assert_memory_equal(bx.data, by.data, bx.len);
    assert_string_equal(x->a.id, y->a.id);
    assert_string_equal(x->a.title, y->a.title);
    kh_buf_free(&bx);
    kh_buf_free(&by);
}

static void test_record_text(void **state) {
    (void)state;
    kh_cleaner *cl = NULL;
    kh_error err = {0};
    assert_int_equal(kh_cleaner_new(NULL, &cl, &err), KH_OK);
    kh_article *a = art(cl, "t1", "बारिश से सड़कें डूबीं",
                        "शहर में रात भर बारिश हुई। कई सड़कों पर पानी भरा रहा। "
                        "नगर निगम ने पंप लगाए।\\n\\nदूसरे दिन धूप निकली।",
                        "2025-07-01");
    const char enrich[] = "\"keywords\":[\"बारिश\",\"सड़क\"],\"summary\":"
                          "\"शहर में रात भर बारिश हुई।\"";
    kh_record_extra x = {.enrich_json = enrich,
                         .enrich_len = sizeof enrich - 1,
                         .fingerprint = 77};
    kh_buf b = {0};
    assert_int_equal(kh_record_encode(&b, a, &x), 0);
    kh_record full, part;
    assert_int_equal(
        kh_record_decode((const uint8_t *)b.data, b.len, &full, &err), KH_OK);
    assert_non_null(full.x.enrich_json);
    size_t first_ok = SIZE_MAX;
    for (size_t n = 0; n <= b.len; n++) {
        kh_status st =
            kh_record_decode_text((const uint8_t *)b.data, n, &part, &err);
        if (first_ok == SIZE_MAX && st == KH_OK)
            first_ok = n;
        if (n < first_ok) {
            assert_int_equal(st, KH_ERR_CORRUPT);
            continue;
        }
        assert_int_equal(st, KH_OK);
        same_text(&full, &part);
        assert_null(part.x.enrich_json);
        assert_int_equal(part.a.n_dates, 0);
        kh_record_free(&part);
    }
    /* the text ends before the enrichment, so a prefix without it does */
    assert_true(first_ok <= b.len - x.enrich_len);
    assert_true(first_ok > 20);
    kh_record_free(&full);
    kh_buf_free(&b);
    kh_article_free(a);

    /* in a segment: a short article and one of some 30 KB of text */
    char *dir = kh_test_index_dir("index");
    kh_index *ix = NULL;
    assert_int_equal(
        kh_index_open(dir, KH_INDEX_WRITE | KH_INDEX_CREATE, &ix, &err), KH_OK);
    add(ix, cl, "short", "छोटी ख़बर", "एक पंक्ति की ख़बर।");
    size_t big = 30000, at = 0;
    char *json = malloc(big + 200), *text = malloc(big + 1);
    assert_non_null(json);
    assert_non_null(text);
    /* numbered sentences: repeated paragraphs would be cleaned away */
    for (int k = 0; at + 200 < big; k++) {
        at += (size_t)snprintf(text + at, big + 1 - at,
                               "बाज़ार में आज सब्ज़ियों के दाम %d रुपये बढ़े। ", k);
        if (k % 5 == 4) {
            memcpy(text + at, "\\n\\n", 4);
            at += 4;
        }
    }
    text[at] = 0;
    snprintf(json, big + 200,
             "{\"id\":\"long\",\"title\":\"लंबी ख़बर\",\"text\":\"%s\","
             "\"date\":\"2025-07-02\"}",
             text);
    kh_article *la = NULL;
    assert_int_equal(kh_clean_json_record(cl, json, strlen(json), &la, &err),
                     KH_OK);
    assert_int_equal(kh_index_add(ix, la, &err), KH_OK);
    kh_article_free(la);
    free(json);
    free(text);
    assert_int_equal(kh_index_commit(ix, &err), KH_OK);
    kh_snapshot *snap = kh_snapshot_acquire(ix);
    const kh_segment *seg = snap->segs[0].seg;
    for (uint32_t d = 0; d < seg->ndocs; d++) {
        assert_int_equal(kh_seg_record(seg, d, &full, &err), KH_OK);
        assert_int_equal(kh_seg_record_text(seg, d, NULL, &part, &err), KH_OK);
        same_text(&full, &part);
        kh_buf body = {0};
        assert_int_equal(kh_record_body(&part.a, 1, &body), 0);
        if (!strcmp(part.a.id, "long"))
            assert_true(body.len > 20000); /* past the first prefix */
        kh_buf_free(&body);
        kh_record_free(&full);
        kh_record_free(&part);
    }
    kh_snapshot_release(ix, snap);
    kh_index_close(ix);
    kh_cleaner_free(cl);
    kh_test_index_done(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_store_packing),
        cmocka_unit_test(test_store_packing_blocks),
        cmocka_unit_test(test_store_blocks_both_kinds),
        cmocka_unit_test(test_commit_snapshot_replace_delete),
        cmocka_unit_test(test_optimize),
        cmocka_unit_test(test_merge_at_commit),
        cmocka_unit_test(test_corruption),
        cmocka_unit_test(test_enriched_and_dups),
        cmocka_unit_test(test_record_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
