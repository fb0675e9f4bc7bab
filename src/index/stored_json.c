/*
 * stored_json.c — a stored article's JSON with its enrichment's members
 * added (as `clean --enrich` writes them: the enrichment's resolved
 * `dates` replace the article's plain list).
 */
#include "index.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

kh_status kh_json_add_members(char **json, size_t *len, const char *members,
                              size_t mlen, kh_error *err) {
    json_t *o = json_loadb(*json, *len, 0, NULL);
    char *wrapped = malloc(mlen + 3);
    json_t *x = NULL;
    if (wrapped) {
        wrapped[0] = '{';
        memcpy(wrapped + 1, members, mlen);
        wrapped[mlen + 1] = '}';
        wrapped[mlen + 2] = '\0';
        x = json_loadb(wrapped, mlen + 2, 0, NULL);
        free(wrapped);
    }
    kh_status st = KH_OK;
    if (!o || !json_is_object(o) || !x || !json_is_object(x))
        st = kh_fail(err, KH_ERR_CORRUPT, "bad stored enrichment");
    else if (json_object_update(o, x))
        st = kh_fail(err, KH_ERR_NOMEM, "out of memory");
    char *s = st ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    json_decref(x);
    if (st)
        return st;
    if (!s)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (JSON output)");
    free(*json);
    *json = s;
    *len = strlen(s);
    return KH_OK;
}
