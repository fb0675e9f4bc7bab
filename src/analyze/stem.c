/*
 * stem.c — stem dispatch by script: Devanagari words go to the Hindi light
 * stemmer (stem_hi.c), Latin words to Snowball's English (Porter2) stemmer
 * from libstemmer, everything else is returned as it is.
 *
 * English stemming is not the product's edge, so it comes from libstemmer
 * rather than our own code. A libstemmer instance keeps a work buffer and
 * is not thread-safe, so each kh_stemmer (one per kh_doc, i.e. per thread)
 * owns its own.
 */
#include "analyze.h"
#include "core.h"

#include <libstemmer.h>

#include <stdlib.h>
#include <string.h>

/* Longer Latin "words" are not worth stemming (and libstemmer takes an int
 * length): they are returned unchanged. */
#define STEM_LATIN_MAX 256

struct kh_stemmer {
    struct sb_stemmer *english;
};

kh_status kh_stemmer_new(kh_stemmer **out, kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_stemmer_new: out is NULL");
    *out = NULL;
    kh_stemmer *st = calloc(1, sizeof *st);
    if (!st)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory for a stemmer");
    st->english = sb_stemmer_new("english", "UTF_8");
    if (!st->english) {
        free(st);
        /* libstemmer returns NULL both for an unknown algorithm and for a
         * failed allocation; "english" is always built in */
        return kh_fail(err, KH_ERR_NOMEM,
                       "cannot create the English (Porter2) stemmer");
    }
    *out = st;
    return KH_OK;
}

void kh_stemmer_free(kh_stemmer *st) {
    if (!st)
        return;
    sb_stemmer_delete(st->english);
    free(st);
}

static size_t copy_out(const char *s, size_t n, char *out, size_t cap) {
    if (out && cap)
        memcpy(out, s, n < cap ? n : cap);
    return n;
}

size_t kh_stem(kh_stemmer *st, kh_script script, const char *norm, size_t n,
               char *out, size_t cap) {
    if (!norm || n == 0)
        return 0;
    if (!out)
        cap = 0;
    switch (script) {
    case KH_SCRIPT_DEVANAGARI: return kh_stem_hi(norm, n, out, cap);
    case KH_SCRIPT_LATIN:
        if (st && n <= STEM_LATIN_MAX) {
            const sb_symbol *r =
                sb_stemmer_stem(st->english, (const sb_symbol *)norm, (int)n);
            /* NULL only when libstemmer ran out of memory: fall back to the
             * word itself rather than fail a whole document */
            if (r)
                return copy_out((const char *)r,
                                (size_t)sb_stemmer_length(st->english), out,
                                cap);
        }
        return copy_out(norm, n, out, cap);
    case KH_SCRIPT_NONE:
    case KH_SCRIPT_MIXED:
    case KH_SCRIPT_OTHER: break;
    }
    return copy_out(norm, n, out, cap);
}
