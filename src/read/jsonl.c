/*
 * jsonl.c — JSON Lines input: one record parsed (jsonscan.c's fast path,
 * else jansson) into metadata,
 * unknown fields (kept verbatim under `extra`) and the body to clean; and a
 * stream reader that cleans record after record, reporting a bad line as
 * "NAME:LINE: reason" and going on with the next.
 */
#include "read.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const kh_json_field kh_json_fields[] = {
    {"id", KH_META_ID},
    {"title", KH_META_TITLE},
    {"url", KH_META_URL},
    {"date", KH_META_PUBLISHED},
    {"published", KH_META_PUBLISHED},
    {"updated", KH_META_UPDATED},
    {"source", KH_META_SOURCE},
    {"author", KH_META_AUTHOR},
    {"section", KH_META_SECTION},
    {"category", KH_META_SECTION},
    {"text", -1},
    {"html", -2},
    {NULL, 0},
};

#define N_FIELDS (sizeof kh_json_fields / sizeof kh_json_fields[0] - 1)
#define fields kh_json_fields

/* A printable value for a metadata field: strings as they are, numbers as
 * written, {"name": ...} objects by name, arrays by their first element. */
static const char *scalar(json_t *v, char *tmp, size_t cap) {
    if (json_is_array(v))
        v = json_array_get(v, 0);
    if (json_is_object(v))
        v = json_object_get(v, "name");
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(tmp, cap, "%lld", (long long)json_integer_value(v));
        return tmp;
    }
    return NULL;
}

static kh_status read_record(const char *line, size_t len, int utf8_checked,
                             kh_rawdoc *d, char **body, size_t *body_len,
                             int *is_html, kh_error *err) {
    kh_status st;
    *body = NULL;
    *body_len = 0;
    *is_html = 0;
    if (kh_read_json_simple(line, len, utf8_checked, d, body, body_len, is_html,
                            &st, err))
        return st;
    return kh_read_json_jansson(line, len, d, body, body_len, is_html, err);
}

kh_status kh_read_json_record(const char *line, size_t len, kh_rawdoc *d,
                              char **body, size_t *body_len, int *is_html,
                              kh_error *err) {
    return read_record(line, len, 0, d, body, body_len, is_html, err);
}

kh_status kh_read_json_record_utf8(const char *line, size_t len, kh_rawdoc *d,
                                   char **body, size_t *body_len, int *is_html,
                                   kh_error *err) {
    return read_record(line, len, 1, d, body, body_len, is_html, err);
}

kh_status kh_read_json_jansson(const char *line, size_t len, kh_rawdoc *d,
                               char **body, size_t *body_len, int *is_html,
                               kh_error *err) {
    *body = NULL;
    *body_len = 0;
    *is_html = 0;
    json_error_t jerr;
    json_t *root = json_loadb(line, len, 0, &jerr);
    if (!root)
        return kh_fail(err, KH_ERR_PARSE, "malformed JSON at column %d: %s",
                       jerr.column, jerr.text);
    kh_status st = KH_OK;
    json_t *extra = NULL;
    const char *text = NULL, *html = NULL;
    size_t text_len = 0, html_len = 0;
    if (!json_is_object(root)) {
        st = kh_fail(err, KH_ERR_PARSE, "a record must be a JSON object");
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        size_t k = 0;
        while (k < N_FIELDS && strcmp(fields[k].name, key))
            k++;
        if (k == N_FIELDS) {
            if (!extra && !(extra = json_object())) {
                st = kh_fail(err, KH_ERR_NOMEM, "out of memory (JSON)");
                goto done;
            }
            json_object_set(extra, key, v);
            continue;
        }
        if (fields[k].meta < 0) {
            if (json_is_null(v))
                continue;
            if (!json_is_string(v)) {
                st = kh_fail(err, KH_ERR_PARSE, "field \"%s\" is not a string",
                             key);
                goto done;
            }
            if (fields[k].meta == -1) {
                text = json_string_value(v);
                text_len = json_string_length(v);
            } else {
                html = json_string_value(v);
                html_len = json_string_length(v);
            }
            continue;
        }
        char tmp[32];
        const char *s = scalar(v, tmp, sizeof tmp);
        if (s && (st = kh_rawdoc_meta(d, fields[k].meta, s, strlen(s), err)))
            goto done;
    }
    if (html && html_len) {
        text = html;
        text_len = html_len;
        *is_html = 1;
    }
    if (!text) {
        st = kh_fail(err, KH_ERR_PARSE, "record has no \"text\" or \"html\"");
        goto done;
    }
    if (memchr(text, '\0', text_len)) {
        st = kh_fail(err, KH_ERR_UTF8, "NUL character in the article text");
        goto done;
    }
    if (!(*body = malloc(text_len + 1))) {
        st = kh_fail(err, KH_ERR_NOMEM, "out of memory (record)");
        goto done;
    }
    memcpy(*body, text, text_len);
    (*body)[text_len] = '\0';
    *body_len = text_len;
    if (extra) {
        d->extra_json = json_dumps(extra, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!d->extra_json) {
            free(*body);
            *body = NULL;
            st = kh_fail(err, KH_ERR_NOMEM, "out of memory (JSON)");
        }
    }
done:
    json_decref(extra);
    json_decref(root);
    return st;
}

/* ---- the stream reader ------------------------------------------------ */

struct kh_jsonl_reader {
    FILE *in;
    char *name;
    char *line;
    size_t cap;
    size_t lineno;      /* lines read so far */
    size_t record_line; /* line of the record last returned */
};

kh_status kh_jsonl_reader_new(FILE *in, const char *name, kh_jsonl_reader **out,
                              kh_error *err) {
    *out = NULL;
    if (!in)
        return kh_fail(err, KH_ERR_ARG, "kh_jsonl_reader_new: no stream");
    kh_jsonl_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name ? name : "-"))) {
        free(r);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (reader)");
    }
    r->in = in;
    *out = r;
    return KH_OK;
}

void kh_jsonl_reader_free(kh_jsonl_reader *r) {
    if (!r)
        return;
    free(r->line);
    free(r->name);
    free(r);
}

size_t kh_jsonl_line(const kh_jsonl_reader *r) {
    return r ? r->record_line : 0;
}

kh_status kh_jsonl_next(kh_jsonl_reader *r, const kh_cleaner *cl,
                        kh_article **out, kh_error *err) {
    *out = NULL;
    if (!r || !cl)
        return kh_fail(err, KH_ERR_ARG, "kh_jsonl_next: no reader or cleaner");
    for (;;) {
        ssize_t n = getline(&r->line, &r->cap, r->in);
        if (n < 0) {
            if (ferror(r->in))
                return kh_fail(err, KH_ERR_IO, "%s:%zu: read error", r->name,
                               r->lineno + 1);
            return KH_ERR_NOT_FOUND;
        }
        r->lineno++;
        size_t len = (size_t)n;
        while (len && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r' ||
                       r->line[len - 1] == ' ' || r->line[len - 1] == '\t'))
            len--;
        size_t s = 0;
        while (s < len && (r->line[s] == ' ' || r->line[s] == '\t'))
            s++;
        if (s == len)
            continue; /* blank lines separate nothing; skip them */
        r->record_line = r->lineno;
        kh_error e = {0};
        kh_status st = kh_clean_json_record(cl, r->line + s, len - s, out, &e);
        /* KH_ERR_NOT_FOUND means "end of input" to callers: a record with
         * no article in it is a failed record, reported as such. */
        if (st == KH_ERR_NOT_FOUND)
            st = KH_ERR_PARSE;
        if (st)
            return kh_fail(err, st, "%s:%zu: %s", r->name, r->lineno,
                           e.message);
        (*out)->record_line = r->lineno;
        return KH_OK;
    }
}
