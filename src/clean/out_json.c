/*
 * out_json.c — a kh_article as one JSON object, built with jansson. The
 * shape is stable for the index stage: every key is present (null when
 * absent), keys keep their order, text stays UTF-8 (not \u-escaped).
 */
#include "clean.h"

#include <jansson.h>
#include <string.h>

static json_t *str_or_null(const char *s) {
    return s ? json_string(s) : json_null();
}

/* Sets key to v; returns -1 when v is NULL (out of memory). */
static int put(json_t *o, const char *key, json_t *v) {
    if (!v)
        return -1;
    return json_object_set_new(o, key, v) ? -1 : 0;
}

static int put_str(json_t *o, const char *key, const char *s) {
    return put(o, key, str_or_null(s));
}

static json_t *sections_json(const kh_article *a) {
    json_t *arr = json_array();
    if (!arr)
        return NULL;
    for (size_t i = 0; i < a->n_sections; i++) {
        const kh_section *s = &a->sections[i];
        json_t *so = json_object(), *ps = json_array();
        if (!so || !ps || put_str(so, "heading", s->heading) ||
            json_object_set(so, "paragraphs", ps) ||
            json_array_append_new(arr, so)) {
            json_decref(so);
            json_decref(ps);
            json_decref(arr);
            return NULL;
        }
        for (size_t j = 0; j < s->n_paragraphs; j++) {
            const kh_paragraph *p = &s->paragraphs[j];
            json_t *po = json_object();
            if (!po || put(po, "text", json_stringn(p->text, p->len)) ||
                put(po, "lang", json_string(kh_lang_name(p->lang))) ||
                put(po, "line", json_integer((json_int_t)p->line)) ||
                json_array_append_new(ps, po)) {
                json_decref(po);
                json_decref(ps);
                json_decref(arr);
                return NULL;
            }
        }
        json_decref(ps);
    }
    return arr;
}

static json_t *dates_json(const kh_article *a) {
    json_t *arr = json_array();
    if (!arr)
        return NULL;
    for (size_t i = 0; i < a->n_dates; i++) {
        const kh_date *d = &a->dates[i];
        json_t *o = json_object();
        int body = d->where == KH_WHERE_BODY || d->where == KH_WHERE_HEADING;
        if (!o || put(o, "text", json_stringn(d->text, d->len)) ||
            put_str(o, "iso", d->iso[0] ? d->iso : NULL) ||
            put(o, "year_inferred", json_boolean(d->year_inferred)) ||
            put(o, "where", json_string(kh_where_name(d->where))) ||
            put(o, "section",
                body ? json_integer((json_int_t)d->section) : json_null()) ||
            put(o, "paragraph",
                d->where == KH_WHERE_BODY
                    ? json_integer((json_int_t)d->paragraph)
                    : json_null()) ||
            json_array_append_new(arr, o)) {
            json_decref(o);
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

static json_t *removed_json(const kh_article *a) {
    json_t *arr = json_array();
    if (!arr)
        return NULL;
    for (size_t i = 0; i < a->n_removed; i++) {
        const kh_removed *r = &a->removed[i];
        json_t *o = json_object();
        if (!o || put(o, "text", json_stringn(r->text, r->len)) ||
            put(o, "reason", json_string(kh_removal_name(r->reason))) ||
            put(o, "line",
                r->line ? json_integer((json_int_t)r->line) : json_null()) ||
            put(o, "partial", json_boolean(r->partial)) ||
            json_array_append_new(arr, o)) {
            json_decref(o);
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

kh_status kh_article_to_json(const kh_article *a, unsigned flags, char **out,
                             size_t *len, kh_error *err) {
    if (!a || !out)
        return kh_fail(err, KH_ERR_ARG, "kh_article_to_json: bad argument");
    *out = NULL;
    json_t *o = json_object();
    json_t *extra = NULL;
    if (a->extra_json) {
        extra = json_loads(a->extra_json, 0, NULL);
        if (!extra) {
            json_decref(o);
            return kh_fail(err, KH_ERR_INTERNAL, "extra fields unreadable");
        }
    }
    int bad =
        !o || put_str(o, "id", a->id) || put_str(o, "title", a->title) ||
        put_str(o, "kicker", a->kicker) ||
        put_str(o, "standfirst", a->standfirst) ||
        put_str(o, "published", a->published) ||
        put_str(o, "updated", a->updated) || put_str(o, "author", a->author) ||
        put_str(o, "section", a->section) || put_str(o, "source", a->source) ||
        put_str(o, "url", a->url) ||
        put_str(o, "canonical_url", a->canonical_url) ||
        put_str(o, "description", a->description) ||
        put_str(o, "lang", a->lang ? kh_lang_name(a->lang) : NULL) ||
        put(o, "format", json_string(kh_input_format_name(a->format))) ||
        put(o, "sections", sections_json(a)) ||
        put(o, "dates", dates_json(a)) || put(o, "removed", removed_json(a)) ||
        json_object_set(o, "extra", extra ? extra : json_null());
    json_decref(extra); /* o holds its own reference */
    if (bad) {
        json_decref(o);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (JSON output)");
    }
    size_t jf = JSON_PRESERVE_ORDER |
                ((flags & KH_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT);
    char *s = json_dumps(o, jf);
    json_decref(o);
    if (!s)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (JSON output)");
    *out = s;
    if (len)
        *len = strlen(s);
    return KH_OK;
}
