/*
 * ner_token.c — what the entity tagger's features know of one token: the
 * hashes of its norm, stem, phonetic key, first and last letters, its
 * shape (case, digits, script), its length and its gazetteer bits. Computed
 * once per token so that each feature is a mix of two hashes.
 */
#include "analyze.h"
#include "enrich.h"

#include <string.h>

/* Token shapes. */
enum {
    SH_DEVA = 0,
    SH_LOWER,       /* latin, all lower case */
    SH_CAP,         /* Latin, capitalized */
    SH_UPPER,       /* LATIN, all upper case */
    SH_CAMEL,       /* other Latin case mixes */
    SH_DIGITS,      /* digits only */
    SH_ALNUM,       /* digits and letters */
    SH_PUNCT,       /* no letters or digits */
    SH_MIXED,       /* letters of two scripts */
    SH_OTHER,       /* letters of other scripts */
    SH_HYPHEN = 16, /* flag: holds a hyphen */
    SH_PERIOD = 32, /* flag: ends with a period (an abbreviation) */
    SH_GLUED = 64 /* flag: punctuation glued to a word ("(भारत", ".गोयल") */
};

static unsigned shape_of(const char *s, size_t n, uint8_t *script) {
    unsigned upper = 0, lower = 0, digit = 0, deva = 0, other = 0, first_up = 0;
    unsigned flags = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        unsigned k = kh_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!k) {
            other++;
            i++;
            continue;
        }
        if (cp >= 'A' && cp <= 'Z') {
            if (!upper && !lower)
                first_up = 1;
            upper++;
        } else if (cp >= 'a' && cp <= 'z')
            lower++;
        else if ((cp >= '0' && cp <= '9') || (cp >= 0x0966 && cp <= 0x096F))
            digit++;
        else if (cp >= 0x0900 && cp <= 0x097F && cp != KH_DANDA &&
                 cp != KH_DOUBLE_DANDA)
            deva++;
        else if (cp == '-')
            flags |= SH_HYPHEN;
        else if (cp > 0x7F && cp != KH_DANDA && cp != KH_DOUBLE_DANDA &&
                 !(cp >= 0x2000 && cp <= 0x206F))
            other++;
        i += k;
    }
    if (n > 1 && s[n - 1] == '.')
        flags |= SH_PERIOD;
    unsigned latin = upper + lower;
    unsigned sh;
    if (deva && latin) {
        sh = SH_MIXED;
        *script = KH_SCRIPT_MIXED;
    } else if (deva) {
        sh = SH_DEVA;
        *script = KH_SCRIPT_DEVANAGARI;
    } else if (latin) {
        *script = KH_SCRIPT_LATIN;
        if (digit)
            sh = SH_ALNUM;
        else if (!upper)
            sh = SH_LOWER;
        else if (!lower)
            sh = SH_UPPER;
        else if (first_up && upper == 1)
            sh = SH_CAP;
        else
            sh = SH_CAMEL;
    } else if (other) {
        sh = SH_OTHER;
        *script = KH_SCRIPT_OTHER;
    } else {
        sh = digit ? SH_DIGITS : SH_PUNCT;
        *script = KH_SCRIPT_NONE;
    }
    return sh | flags;
}

static int edge_punct(char c) {
    return c == '.' || c == ',' || c == '(' || c == ')' || c == '"' ||
           c == '\'' || c == ':' || c == ';' || c == '!' || c == '?' ||
           c == '[' || c == ']' || c == '{' || c == '}';
}

void kh_ner_tok_fill(const kh_gazetteer *g, const char *text, size_t n,
                     const char *norm, size_t norm_n, kh_ner_tok *t) {
    char nbuf[512], sbuf[512], kbuf[256];
    memset(t, 0, sizeof *t);
    t->shape = (uint8_t)shape_of(text, n, &t->script);
    /* Pre-tokenized text sometimes leaves punctuation on a word: the word
     * features then look at the word alone, and the shape says so. */
    if (!norm && t->script != KH_SCRIPT_NONE) {
        size_t b = 0, e = n;
        while (b < e && edge_punct(text[b]))
            b++;
        while (
            e > b && edge_punct(text[e - 1]) &&
            !(e - b > 1 && text[e - 1] == '.' && t->script == KH_SCRIPT_LATIN))
            e--;
        if ((b || e < n) && e > b) {
            text += b;
            n = e - b;
            t->shape |= SH_GLUED;
        }
    }
    if (!norm) {
        int same = 0;
        norm_n = kh_norm(text, n, 0, nbuf, sizeof nbuf, &same);
        norm = same ? text : nbuf;
        if (same)
            norm_n = n;
        else if (norm_n > sizeof nbuf)
            norm_n = sizeof nbuf;
    }
    t->word = kh_ner_hash(norm, norm_n, 0);
    /* Stem and key: Hindi stemmer and Devanagari key, or the lowercase
     * Latin word and its key. Long tokens are not worth either. */
    if (norm_n < 160) {
        size_t sn, kn;
        if (t->script == KH_SCRIPT_DEVANAGARI) {
            sn = kh_stem_hi(norm, norm_n, sbuf, sizeof sbuf);
            kn = kh_key_deva(norm, norm_n, kbuf, sizeof kbuf);
        } else {
            sn = norm_n < sizeof sbuf ? norm_n : sizeof sbuf;
            memcpy(sbuf, norm, sn);
            kn = t->script == KH_SCRIPT_LATIN
                     ? kh_key_latin(norm, norm_n, kbuf, sizeof kbuf)
                     : 0;
        }
        t->stem = kh_ner_hash(sbuf, sn < sizeof sbuf ? sn : sizeof sbuf, 1);
        t->key = kh_ner_hash(kbuf, kn < sizeof kbuf ? kn : sizeof kbuf, 2);
    }
    /* Code point boundaries for the affixes. */
    size_t starts[8], ends[8], ns = 0, ne = 0, len = 0;
    for (size_t i = 0; i < norm_n; i++) {
        if (((unsigned char)norm[i] & 0xC0) == 0x80)
            continue;
        if (ns < 8)
            starts[ns++] = i;
        len++;
    }
    for (size_t i = norm_n; i > 0 && ne < 8; i--)
        if (((unsigned char)norm[i - 1] & 0xC0) != 0x80)
            ends[ne++] = i - 1;
    t->len = (uint8_t)(len > 15 ? 15 : len);
    for (size_t k = 0; k < 3; k++) {
        size_t e = k + 1 < ns ? starts[k + 1] : norm_n;
        t->pre[k] = kh_ner_hash(norm, e, 10 + k);
    }
    for (size_t k = 0; k < 4; k++) {
        size_t b = k < ne ? ends[k] : 0;
        t->suf[k] = kh_ner_hash(norm + b, norm_n - b, 20 + k);
    }
    t->gaz = kh_hashset_get(&g->words, kh_ner_hash(norm, norm_n, 0));
    t->cluster = (uint8_t)kh_ner_cluster_of(t->word);
}

void kh_ner_mark_phrases(const kh_gazetteer *g, kh_ner_tok *toks, size_t n) {
    for (size_t i = 0; i < n; i++) {
        size_t max = n - i < KH_GAZ_MAX_WORDS ? n - i : KH_GAZ_MAX_WORDS;
        for (size_t len = max; len >= 2; len--) {
            uint64_t k = toks[i].word;
            for (size_t j = 1; j < len; j++)
                k = kh_ner_mix(k, toks[i + j].word);
            uint32_t bits = kh_hashset_get(&g->phrases, k);
            if (!bits)
                continue;
            unsigned b = 0;
            while (!(bits & (1u << b)))
                b++;
            for (size_t j = 0; j < len; j++)
                toks[i + j].phrase = (uint8_t)(1 + 2 * b + (j > 0));
            i += len - 1;
            break;
        }
    }
}
