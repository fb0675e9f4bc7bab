/*
 * enrich_json.c — an enrichment as JSON (jansson), alone or added to the
 * article's own JSON. Keys keep their order and every key is present.
 */
#include "enrich.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *place(json_t *o, kh_where w, size_t sec, size_t par,
                     size_t off) {
    if (o &&
        (json_object_set_new(o, "where", json_string(kh_where_name(w))) ||
         json_object_set_new(o, "section", json_integer((json_int_t)sec)) ||
         json_object_set_new(o, "paragraph", json_integer((json_int_t)par)) ||
         json_object_set_new(o, "offset", json_integer((json_int_t)off)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const char *tense_name(kh_tense t) {
    switch (t) {
    case KH_TENSE_PAST: return "past";
    case KH_TENSE_FUTURE: return "future";
    default: return NULL;
    }
}

static json_t *iso_or_null(const char *s) {
    return *s ? json_string(s) : json_null();
}

/* Appends v to arr; 0, or -1 when v or the append failed. */
static int append(json_t *arr, json_t *v) {
    return !v || json_array_append_new(arr, v) ? -1 : 0;
}

/* "entities" (every mention) and "entity_names" (each entity once). */
static int entities_json(const kh_enrichment *e, json_t *o) {
    json_t *ms = json_array(), *names = json_array();
    int bad = !ms || !names;
    for (size_t i = 0; i < e->n_mentions && !bad; i++) {
        const kh_entity_mention *m = &e->mentions[i];
        json_t *x =
            place(json_pack("{s:s, s:s, s:s, s:I}", "text", m->text, "type",
                            kh_entity_type_name(m->type), "canonical",
                            m->canonical, "entity", (json_int_t)m->entity),
                  m->where, m->section, m->paragraph, m->offset);
        if (x &&
            json_object_set_new(x, "end", json_integer((json_int_t)m->end))) {
            json_decref(x);
            x = NULL;
        }
        bad = append(ms, x);
    }
    for (size_t i = 0; i < e->n_entities && !bad; i++) {
        const kh_article_entity *a = &e->entities[i];
        bad = append(names, json_pack("{s:s, s:s, s:i}", "name", a->name,
                                      "type", kh_entity_type_name(a->type),
                                      "mentions", (int)a->mentions));
    }
    bad = bad || json_object_set(o, "entities", ms) ||
          json_object_set(o, "entity_names", names);
    json_decref(ms), json_decref(names);
    return bad ? -1 : 0;
}

static json_t *enrichment_json(const kh_enrichment *e) {
    json_t *o = json_object(), *dates = json_array(), *counts = json_array(),
           *kws = json_array(), *sum = json_array();
    int bad = !o || !dates || !counts || !kws || !sum;
    for (size_t i = 0; i < e->n_dates && !bad; i++) {
        const kh_resolved_date *d = &e->dates[i];
        const char *t = tense_name(d->tense);
        bad = append(
            dates, place(json_pack("{s:s, s:o, s:o, s:b, s:o, s:s}", "text",
                                   d->text, "from", iso_or_null(d->from), "to",
                                   iso_or_null(d->to), "relative", d->relative,
                                   "tense", t ? json_string(t) : json_null(),
                                   "reason", d->reason ? d->reason : ""),
                         d->where, d->section, d->paragraph, d->offset));
    }
    for (size_t i = 0; i < e->n_counts && !bad; i++) {
        const kh_count *c = &e->counts[i];
        bad = append(counts,
                     place(json_pack("{s:s, s:f, s:s, s:s}", "text", c->text,
                                     "value", c->value, "noun", c->noun,
                                     "noun_stem", c->noun_stem),
                           c->where, c->section, c->paragraph, c->offset));
    }
    for (size_t i = 0; i < e->n_keywords && !bad; i++) {
        const kh_keyword *k = &e->keywords[i];
        bad = append(kws, json_pack("{s:s, s:s, s:f, s:i}", "text", k->text,
                                    "stem", k->stem, "weight",
                                    (double)(long)(k->weight * 1000) / 1000,
                                    "count", (int)k->count));
    }
    for (size_t i = 0; i < e->n_summary && !bad; i++) {
        const kh_summary_sentence *s = &e->summary[i];
        bad =
            append(sum, place(json_pack("{s:s, s:f}", "text", s->text, "score",
                                        (double)(long)(s->score * 1000) / 1000),
                              s->where, s->section, s->paragraph, s->offset));
    }
    char fp[17];
    snprintf(fp, sizeof fp, "%016" PRIx64, e->fingerprint);
    if (!bad) {
        bad = json_object_set(o, "dates", dates) ||
              json_object_set(o, "counts", counts) ||
              json_object_set(o, "keywords", kws) ||
              json_object_set(o, "summary", sum) ||
              json_object_set_new(o, "fingerprint", json_string(fp)) ||
              entities_json(e, o);
    }
    json_decref(dates), json_decref(counts), json_decref(kws), json_decref(sum);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static kh_status dump(json_t *o, size_t flags, int inner, char **out,
                      size_t *len, kh_error *err) {
    char *s = json_dumps(o, flags | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (JSON output)");
    size_t n = strlen(s);
    if (inner && n >= 2) { /* the members without the braces */
        memmove(s, s + 1, n - 2);
        s[n - 2] = '\0';
        n -= 2;
    }
    *out = s;
    if (len)
        *len = n;
    return KH_OK;
}

kh_status kh_enrichment_to_json(const kh_enrichment *e, char **out, size_t *len,
                                kh_error *err) {
    if (!e || !out)
        return kh_fail(err, KH_ERR_ARG, "kh_enrichment_to_json: bad argument");
    json_t *o = enrichment_json(e);
    if (!o)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (JSON output)");
    return dump(o, JSON_COMPACT, 1, out, len, err);
}

kh_status kh_article_enriched_to_json(const kh_article *a,
                                      const kh_enrichment *e, unsigned flags,
                                      char **out, size_t *len, kh_error *err) {
    if (!a || !e || !out)
        return kh_fail(err, KH_ERR_ARG,
                       "kh_article_enriched_to_json: bad argument");
    char *s;
    kh_status st = kh_article_to_json(a, 0, &s, NULL, err);
    if (st)
        return st;
    json_t *o = json_loads(s, 0, NULL);
    free(s);
    json_t *x = enrichment_json(e);
    if (!o || !x || json_object_update(o, x)) {
        json_decref(o);
        json_decref(x);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (JSON output)");
    }
    json_decref(x);
    size_t jf = (flags & KH_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
    return dump(o, jf, 0, out, len, err);
}
