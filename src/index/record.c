/*
 * record.c — the stored form of a clean article: a compact binary record
 * (varints and length-prefixed strings, every kh_article field) instead of
 * its JSON. Writing JSON for every article cost about a tenth of indexing
 * time and reading it back cost a JSON parse per snippet; the record is
 * written with appends and read with bounds-checked walks, and JSON is
 * made only when someone asks for it (kh_index_get).
 *
 * Layout (all integers LEB128 varints, a string is varint(len + 1) then
 * its bytes, 0 for NULL):
 *   version(1), id, title, kicker, standfirst, published, updated, author,
 *   section, source, url, canonical_url, description, extra_json,
 *   lang, format, record_line,
 *   n_sections, { heading, n_paragraphs, { text, lang, line } },
 *   n_dates, { text, iso, year_inferred, where, section, paragraph },
 *   n_removed, { text, reason, line, partial }
 * and from version 2 the enrichment (NULL for an article indexed plain):
 *   enrichment JSON members (kh_enrichment_to_json), fingerprint
 * From version 3 the snippet marks (a string, possibly empty: see
 * kh_snip_marks_add) come right after the sections, so that reading an
 * article's text for a snippet reads them too. Version 1 and 2 records
 * (indexes built before enrichment, before marks) still decode.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>

#define RECORD_VERSION 3

static int put_u(kh_buf *b, uint64_t v) {
    return kh_buf_varint(b, v);
}

static int put_sn(kh_buf *b, const char *s, size_t n) {
    if (!s)
        return put_u(b, 0);
    return put_u(b, (uint64_t)n + 1) || kh_buf_append(b, s, n);
}

static int put_s(kh_buf *b, const char *s) {
    return put_sn(b, s, s ? strlen(s) : 0);
}

int kh_record_encode(kh_buf *b, const kh_article *a, const kh_record_extra *x) {
    return kh_record_encode_version(b, a, x, RECORD_VERSION);
}

int kh_record_encode_version(kh_buf *b, const kh_article *a,
                             const kh_record_extra *x, unsigned version) {
    const char *strs[] = {a->id,         a->title,         a->kicker,
                          a->standfirst, a->published,     a->updated,
                          a->author,     a->section,       a->source,
                          a->url,        a->canonical_url, a->description,
                          a->extra_json};
    if (version < 1 || version > RECORD_VERSION || put_u(b, version))
        return -1;
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        if (put_s(b, strs[i]))
            return -1;
    if (put_u(b, (uint64_t)a->lang) || put_u(b, (uint64_t)a->format) ||
        put_u(b, a->record_line) || put_u(b, a->n_sections))
        return -1;
    for (size_t s = 0; s < a->n_sections; s++) {
        const kh_section *sec = &a->sections[s];
        if (put_s(b, sec->heading) || put_u(b, sec->n_paragraphs))
            return -1;
        for (size_t p = 0; p < sec->n_paragraphs; p++) {
            const kh_paragraph *pa = &sec->paragraphs[p];
            if (put_sn(b, pa->text ? pa->text : "", pa->len) ||
                put_u(b, (uint64_t)pa->lang) || put_u(b, pa->line))
                return -1;
        }
    }
    if (version >= 3 && put_sn(b, x && x->marks ? (const char *)x->marks : "",
                               x && x->marks ? x->marks_len : 0))
        return -1;
    if (put_u(b, a->n_dates))
        return -1;
    for (size_t i = 0; i < a->n_dates; i++) {
        const kh_date *d = &a->dates[i];
        if (put_sn(b, d->text ? d->text : "", d->len) ||
            put_sn(b, d->iso, strnlen(d->iso, sizeof d->iso - 1)) ||
            put_u(b, d->year_inferred != 0) || put_u(b, (uint64_t)d->where) ||
            put_u(b, d->section) || put_u(b, d->paragraph))
            return -1;
    }
    if (put_u(b, a->n_removed))
        return -1;
    for (size_t i = 0; i < a->n_removed; i++) {
        const kh_removed *r = &a->removed[i];
        if (put_sn(b, r->text ? r->text : "", r->len) ||
            put_u(b, (uint64_t)r->reason) || put_u(b, r->line) ||
            put_u(b, r->partial != 0))
            return -1;
    }
    if (version < 2)
        return 0;
    if (x && x->enrich_json)
        return put_sn(b, x->enrich_json, x->enrich_len) ||
               put_u(b, x->fingerprint);
    return put_u(b, 0) || put_u(b, 0);
}

/* ---- decoding ---------------------------------------------------------- */

typedef struct rd {
    const uint8_t *p, *end;
    char *arena; /* strings copied NUL-terminated; never outgrows the
                    record: each string has at least one header byte */
    size_t used;
    int bad;
} rd;

static uint64_t get_u(rd *r) {
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->bad = 1;
            return 0;
        }
        uint8_t c = *r->p++;
        v |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

static const char *get_s(rd *r, size_t *len) {
    uint64_t n = get_u(r);
    if (len)
        *len = 0;
    if (r->bad || !n)
        return NULL;
    n--;
    if (n > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        return NULL;
    }
    char *s = r->arena + r->used;
    memcpy(s, r->p, (size_t)n);
    s[n] = '\0';
    r->used += (size_t)n + 1;
    r->p += n;
    if (len)
        *len = (size_t)n;
    return s;
}

/* A count of items that take at least `min` bytes each: more than the
 * bytes left is a damaged record, not an allocation to try. */
static size_t get_count(rd *r, size_t min) {
    uint64_t n = get_u(r);
    if (r->bad || n > (uint64_t)(r->end - r->p) / min) {
        r->bad = 1;
        return 0;
    }
    return (size_t)n;
}

/* A count (as get_count) and a zeroed array of that many elements of
 * `elem` bytes: NULL with *n > 0 means out of memory. */
static void *get_array(rd *r, size_t min, size_t elem, size_t *n) {
    *n = get_count(r, min);
    return *n ? calloc(*n, elem) : NULL;
}

void kh_record_free(kh_record *rec) {
    if (!rec)
        return;
    if (rec->a.sections)
        for (size_t s = 0; s < rec->a.n_sections; s++)
            free((void *)rec->a.sections[s].paragraphs);
    free((void *)rec->a.sections);
    free((void *)rec->a.dates);
    free((void *)rec->a.removed);
    free(rec->arena);
    memset(rec, 0, sizeof *rec);
}

/* Decodes a record, or with text_only its prefix up to the sections (the
 * rest, dates to enrichment, left empty; the bytes after them unread). */
static kh_status decode(const uint8_t *data, size_t len, int text_only,
                        kh_record *rec, kh_error *err) {
    memset(rec, 0, sizeof *rec);
    rd r = {data, data + len, malloc(len + 1), 0, 0};
    if (!r.arena)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    rec->arena = r.arena;
    kh_article *a = &rec->a;
    uint64_t version = get_u(&r);
    if (version < 1 || version > RECORD_VERSION)
        r.bad = 1;
    const char **strs[] = {&a->id,         &a->title,         &a->kicker,
                           &a->standfirst, &a->published,     &a->updated,
                           &a->author,     &a->section,       &a->source,
                           &a->url,        &a->canonical_url, &a->description,
                           &a->extra_json};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        *strs[i] = get_s(&r, NULL);
    a->lang = (kh_lang)get_u(&r);
    a->format = (kh_input_format)get_u(&r);
    a->record_line = (size_t)get_u(&r);
    size_t ns;
    kh_section *secs = get_array(&r, 2, sizeof *secs, &ns);
    if (ns && !secs)
        goto nomem;
    a->sections = secs;
    a->n_sections = ns;
    for (size_t s = 0; s < ns && !r.bad; s++) {
        secs[s].heading = get_s(&r, NULL);
        size_t np;
        kh_paragraph *ps = get_array(&r, 3, sizeof *ps, &np);
        if (np && !ps)
            goto nomem;
        secs[s].paragraphs = ps;
        secs[s].n_paragraphs = np;
        for (size_t p = 0; p < np && !r.bad; p++) {
            ps[p].text = get_s(&r, &ps[p].len);
            ps[p].lang = (kh_lang)get_u(&r);
            ps[p].line = (size_t)get_u(&r);
        }
    }
    size_t nd = 0, nr = 0;
    kh_date *ds = NULL;
    kh_removed *rs = NULL;
    if (version >= 3) {
        rec->x.marks = (const uint8_t *)get_s(&r, &rec->x.marks_len);
        if (rec->x.marks && !rec->x.marks_len)
            rec->x.marks = NULL;
    }
    if (text_only)
        goto done;
    ds = get_array(&r, 6, sizeof *ds, &nd);
    if (nd && !ds)
        goto nomem;
    a->dates = ds;
    a->n_dates = nd;
    for (size_t i = 0; i < nd && !r.bad; i++) {
        ds[i].text = get_s(&r, &ds[i].len);
        size_t il;
        const char *iso = get_s(&r, &il);
        if (iso && il < sizeof ds[i].iso)
            memcpy(ds[i].iso, iso, il + 1);
        ds[i].year_inferred = get_u(&r) != 0;
        ds[i].where = (kh_where)get_u(&r);
        ds[i].section = (size_t)get_u(&r);
        ds[i].paragraph = (size_t)get_u(&r);
    }
    rs = get_array(&r, 4, sizeof *rs, &nr);
    if (nr && !rs)
        goto nomem;
    a->removed = rs;
    a->n_removed = nr;
    for (size_t i = 0; i < nr && !r.bad; i++) {
        rs[i].text = get_s(&r, &rs[i].len);
        rs[i].reason = (kh_removal)get_u(&r);
        rs[i].line = (size_t)get_u(&r);
        rs[i].partial = get_u(&r) != 0;
    }
    if (version >= 2) {
        rec->x.enrich_json = get_s(&r, &rec->x.enrich_len);
        rec->x.fingerprint = get_u(&r);
    }
done:
    if (r.bad || (!text_only && r.p != r.end) || !a->id) {
        kh_record_free(rec);
        return kh_fail(err, KH_ERR_CORRUPT, "bad stored record");
    }
    /* text fields that the article promises: never NULL */
    for (size_t s = 0; s < ns; s++)
        for (size_t p = 0; p < secs[s].n_paragraphs; p++)
            if (!secs[s].paragraphs[p].text)
                ((kh_paragraph *)secs[s].paragraphs)[p].text = "";
    for (size_t i = 0; i < nd; i++)
        if (!ds[i].text)
            ds[i].text = "";
    for (size_t i = 0; i < nr; i++)
        if (!rs[i].text)
            rs[i].text = "";
    return KH_OK;
nomem:
    kh_record_free(rec);
    return kh_fail(err, KH_ERR_NOMEM, "out of memory");
}

kh_status kh_record_decode(const uint8_t *data, size_t len, kh_record *rec,
                           kh_error *err) {
    return decode(data, len, 0, rec, err);
}

kh_status kh_record_decode_text(const uint8_t *data, size_t len, kh_record *rec,
                                kh_error *err) {
    return decode(data, len, 1, rec, err);
}

int kh_record_body(const kh_article *a, int with_standfirst, kh_buf *out) {
    if (with_standfirst && a->standfirst &&
        kh_buf_append(out, a->standfirst, strlen(a->standfirst)))
        return -1;
    for (size_t s = 0; s < a->n_sections; s++) {
        const kh_section *sec = &a->sections[s];
        if (sec->heading &&
            ((out->len && kh_buf_append(out, "\n\n", 2)) ||
             kh_buf_append(out, sec->heading, strlen(sec->heading))))
            return -1;
        for (size_t p = 0; p < sec->n_paragraphs; p++) {
            const kh_paragraph *para = &sec->paragraphs[p];
            if ((out->len && kh_buf_append(out, "\n\n", 2)) ||
                kh_buf_append(out, para->text, para->len))
                return -1;
        }
    }
    return 0;
}
