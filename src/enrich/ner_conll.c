/*
 * ner_conll.c — reads CoNLL-style token files: one token per line, a blank
 * line between sentences, TAB-separated extra columns of which the last is
 * read as a BIO tag when there are two or more (HiNER's token<TAB>tag, or
 * a system's output). Any bytes are accepted: the reader never fails on
 * content, only on memory.
 */
#include "core.h"
#include "enrich.h"

#include <stdlib.h>
#include <string.h>

int kh_ner_tag_parse(const char *s, size_t n) {
    if (n == 1 && s[0] == 'O')
        return KH_TAG_O;
    if (n < 3 || (s[0] != 'B' && s[0] != 'I') || (s[1] != '-' && s[1] != '_'))
        return -1;
    int inside = s[0] == 'I';
    const char *t = s + 2;
    size_t m = n - 2;
#define IS(lit) (m == sizeof lit - 1 && !memcmp(t, lit, m))
    if (IS("PER") || IS("PERSON"))
        return KH_TAG_B_PERSON + inside;
    if (IS("LOC") || IS("LOCATION"))
        return KH_TAG_B_LOCATION + inside;
    if (IS("ORG") || IS("ORGANIZATION") || IS("ORGANISATION"))
        return KH_TAG_B_ORGANIZATION + inside;
#undef IS
    return KH_TAG_O; /* another type (MISC, DATE, ...) */
}

static int add_token(kh_conll *c, const char *s, size_t n, int tag) {
    /* three parallel arrays: each grows from the same capacity */
    size_t need = c->n_tokens + 1, c1 = c->cap_tokens, c2 = c1;
    if (kh_ner_reserve(&c->tok_len, &c1, need, sizeof *c->tok_len) ||
        kh_ner_reserve(&c->gold, &c2, need, sizeof *c->gold) ||
        kh_ner_reserve(&c->tok, &c->cap_tokens, need, sizeof *c->tok))
        return -1;
    c->tok[c->n_tokens] = s;
    c->tok_len[c->n_tokens] = n;
    c->gold[c->n_tokens] = (uint8_t)(tag < 0 ? 0 : tag);
    c->n_tokens++;
    return 0;
}

/* Closes the open sentence, if it has tokens. */
static int end_sentence(kh_conll *c) {
    size_t open = c->n_sents ? c->sent_start[c->n_sents] : 0;
    if (c->n_tokens == open)
        return 0;
    if (kh_ner_reserve(&c->sent_start, &c->cap_sents, c->n_sents + 2,
                       sizeof *c->sent_start))
        return -1;
    c->sent_start[0] = 0;
    c->sent_start[++c->n_sents] = c->n_tokens;
    return 0;
}

kh_status kh_conll_parse(kh_conll *c, const char *buf, size_t len,
                         kh_error *err) {
    memset(c, 0, sizeof *c);
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        const char *line = buf + pos;
        size_t n = end - pos;
        pos = nl ? end + 1 : len;
        while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' ||
                     line[n - 1] == '\t'))
            n--;
        size_t lead = 0;
        while (lead < n && line[lead] == ' ')
            lead++;
        if (lead == n) {
            if (end_sentence(c))
                goto nomem;
            continue;
        }
        const char *tab = memchr(line, '\t', n);
        size_t tok_n = tab ? (size_t)(tab - line) : n;
        int tag = -1;
        if (tab) {
            size_t k = n;
            while (k > 0 && line[k - 1] != '\t')
                k--;
            size_t tn = n - k;
            while (tn && line[k] == ' ')
                k++, tn--;
            tag = kh_ner_tag_parse(line + k, tn);
        }
        if (add_token(c, line, tok_n, tag))
            goto nomem;
    }
    if (end_sentence(c))
        goto nomem;
    return KH_OK;
nomem:
    kh_conll_free(c);
    return kh_fail(err, KH_ERR_NOMEM, "out of memory (reading CoNLL)");
}

void kh_conll_free(kh_conll *c) {
    free(c->tok);
    free(c->tok_len);
    free(c->gold);
    free(c->sent_start);
    memset(c, 0, sizeof *c);
}
