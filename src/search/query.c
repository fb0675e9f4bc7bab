/*
 * query.c — the query language, text to syntax tree:
 *
 *   query   := clause*                  side by side: any may match, more
 *                                       matched words rank higher
 *   clause  := or
 *   or      := and ("OR" and)*
 *   and     := unary ("AND" unary)*
 *   unary   := ("NOT" | "-") unary | "+" unary | primary
 *   primary := "(" query ")" | '"' phrase '"' | FIELD ":" primary
 *            | word["*"] | ("since" | "until") ":" date
 *
 * Operators are upper case (lower-case "and" is a word). Every node keeps
 * its byte position, and every error names the position (1-based, in
 * characters) where the query broke: users type these by hand.
 * The parser never aborts: depth and size are bounded.
 */
#include "search.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    T_EOF,
    T_LP,
    T_RP,
    T_PHRASE,
    T_WORD,
    T_AND,
    T_OR,
    T_NOT,
    T_MINUS,
    T_PLUS,
    T_FIELD,
    T_DATE
};

typedef struct tok {
    int type;
    size_t pos;        /* byte offset of the token */
    size_t start, end; /* WORD / PHRASE text */
    int prefix;        /* WORD ended with '*' */
    uint32_t fields;   /* FIELD */
    int32_t lo, hi;    /* DATE */
} tok;

typedef struct parser {
    const char *q;
    size_t len, i;
    tok t; /* the current token */
    int depth;
    int nodes;
    kh_error *err;
    kh_status st;
} parser;

/* 1-based character position of byte offset `pos`. */
static size_t charpos(const parser *p, size_t pos) {
    size_t n = 1;
    for (size_t i = 0; i < pos && i < p->len; i++)
        if (((unsigned char)p->q[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static void fail_at(parser *p, size_t pos, const char *fmt, ...)
    KH_PRINTF(3, 4);

static void fail_at(parser *p, size_t pos, const char *fmt, ...) {
    if (p->st)
        return;
    char msg[KH_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->st =
        kh_fail(p->err, KH_ERR_PARSE, "position %zu: %s", charpos(p, pos), msg);
}

static int is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int ends_word(char c) {
    return is_ws(c) || c == '(' || c == ')' || c == '"';
}

static uint32_t field_mask(const char *s, size_t n) {
    int f = kh_field_lookup(s, n);
    return f >= 0 ? 1u << f : 0;
}

/* Reads the next token into p->t. */
static void lex(parser *p) {
    const char *q = p->q;
    while (p->i < p->len && is_ws(q[p->i]))
        p->i++;
    tok *t = &p->t;
    memset(t, 0, sizeof *t);
    t->pos = p->i;
    if (p->i >= p->len) {
        t->type = T_EOF;
        return;
    }
    char c = q[p->i];
    if (c == '(' || c == ')') {
        t->type = c == '(' ? T_LP : T_RP;
        p->i++;
        return;
    }
    if (c == '"') {
        const char *z = memchr(q + p->i + 1, '"', p->len - p->i - 1);
        if (!z) {
            fail_at(p, p->i, "unterminated phrase: missing the closing '\"'");
            t->type = T_EOF;
            return;
        }
        t->type = T_PHRASE;
        t->start = p->i + 1;
        t->end = (size_t)(z - q);
        p->i = t->end + 1;
        return;
    }
    if ((c == '-' || c == '+') && p->i + 1 < p->len &&
        !ends_word(q[p->i + 1]) && q[p->i + 1] != '-' && q[p->i + 1] != '+') {
        t->type = c == '-' ? T_MINUS : T_PLUS;
        p->i++;
        return;
    }
    size_t s = p->i, e = s;
    while (e < p->len && !ends_word(q[e]))
        e++;
    size_t n = e - s;
    if ((n == 3 && !memcmp(q + s, "AND", 3)) ||
        (n == 2 && !memcmp(q + s, "OR", 2)) ||
        (n == 3 && !memcmp(q + s, "NOT", 3))) {
        t->type = n == 2 ? T_OR : q[s] == 'A' ? T_AND : T_NOT;
        p->i = e;
        return;
    }
    /* name: — a field, since: or until: */
    size_t k = 0;
    while (k < n && q[s + k] >= 'a' && q[s + k] <= 'z')
        k++;
    if (k > 0 && k < n && q[s + k] == ':') {
        int is_since = k == 5 && !memcmp(q + s, "since", 5);
        int is_until = k == 5 && !memcmp(q + s, "until", 5);
        uint32_t mask = field_mask(q + s, k);
        if (is_since || is_until) {
            size_t vs = s + k + 1;
            int32_t d = kh_days_from_iso(q + vs, e - vs, is_until);
            /* the value must be a date and nothing else */
            size_t vl = e - vs;
            int shape = vl == 4 || vl == 7 || vl == 10;
            if (d == KH_NO_DATE || !shape) {
                fail_at(p, vs,
                        "'%.*s:' needs a date: YYYY, YYYY-MM or YYYY-MM-DD",
                        (int)k, q + s);
                t->type = T_EOF;
                return;
            }
            t->type = T_DATE;
            t->lo = is_since ? d : INT32_MIN;
            t->hi = is_until ? d : INT32_MAX;
            p->i = e;
            return;
        }
        if (mask) {
            if (k + 1 == n && (e >= p->len || is_ws(q[e]) || q[e] == ')')) {
                fail_at(p, s + k + 1, "nothing after '%.*s:'", (int)k, q + s);
                t->type = T_EOF;
                return;
            }
            t->type = T_FIELD;
            t->fields = mask;
            p->i = s + k + 1;
            return;
        }
    }
    t->type = T_WORD;
    t->start = s;
    t->end = e;
    while (t->end > t->start && q[t->end - 1] == '*') {
        t->end--;
        t->prefix = 1;
    }
    if (t->end == t->start) {
        fail_at(p, s, "'*' needs a word before it (as in कोरोना*)");
        t->type = T_EOF;
        return;
    }
    p->i = e;
}

/* ---- nodes ------------------------------------------------------------ */

void kh_query_free(kh_qnode *n) {
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        kh_query_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

static kh_qnode *node(parser *p, int kind, size_t pos) {
    if (p->st)
        return NULL;
    if (++p->nodes > KQ_MAX_NODES) {
        fail_at(p, pos,
                "the query is too long (at most %d words and "
                "operators)",
                KQ_MAX_NODES);
        return NULL;
    }
    kh_qnode *n = calloc(1, sizeof *n);
    if (!n) {
        p->st = kh_fail(p->err, KH_ERR_NOMEM, "out of memory");
        return NULL;
    }
    n->kind = (uint8_t)kind;
    n->pos = pos;
    return n;
}

static int add_kid(parser *p, kh_qnode *n, kh_qnode *kid) {
    kh_qnode **k = realloc(n->kids, (n->nkids + 1) * sizeof *k);
    if (!k) {
        p->st = kh_fail(p->err, KH_ERR_NOMEM, "out of memory");
        return -1;
    }
    n->kids = k;
    n->kids[n->nkids++] = kid;
    return 0;
}

static int set_text(parser *p, kh_qnode *n, size_t s, size_t e) {
    n->text = malloc(e - s + 1);
    if (!n->text) {
        p->st = kh_fail(p->err, KH_ERR_NOMEM, "out of memory");
        return -1;
    }
    memcpy(n->text, p->q + s, e - s);
    n->text[e - s] = '\0';
    n->len = e - s;
    return 0;
}

static void apply_fields(kh_qnode *n, uint32_t mask) {
    if (n->kind == KQ_TERM || n->kind == KQ_PHRASE) {
        if (!n->fields)
            n->fields = mask;
        return;
    }
    for (size_t i = 0; i < n->nkids; i++)
        apply_fields(n->kids[i], mask);
}

static int positive(const kh_qnode *n) {
    return n->occ != KQ_NOT && n->kind != KQ_DATE;
}

/* ---- grammar ---------------------------------------------------------- */

static kh_qnode *parse_seq(parser *p, int in_parens);

static int starts_primary(int type) {
    return type == T_LP || type == T_PHRASE || type == T_WORD ||
           type == T_FIELD || type == T_DATE || type == T_NOT ||
           type == T_MINUS || type == T_PLUS;
}

static const char *tok_name(int type) {
    switch (type) {
    case T_AND: return "AND";
    case T_OR: return "OR";
    case T_NOT: return "NOT";
    case T_RP: return "')'";
    case T_EOF: return "the end of the query";
    default: return "this";
    }
}

static kh_qnode *parse_primary(parser *p) {
    if (p->st)
        return NULL;
    if (++p->depth > KQ_MAX_DEPTH) {
        fail_at(p, p->t.pos, "the query is nested too deeply");
        return NULL;
    }
    tok t = p->t;
    kh_qnode *n = NULL;
    switch (t.type) {
    case T_LP:
        lex(p);
        n = parse_seq(p, 1);
        if (!n && !p->st)
            fail_at(p, t.pos, "empty parentheses");
        if (!n || p->st)
            break;
        if (p->t.type != T_RP) {
            fail_at(p, t.pos, "'(' is never closed");
            break;
        }
        lex(p);
        break;
    case T_PHRASE:
        n = node(p, KQ_PHRASE, t.start);
        if (n && !set_text(p, n, t.start, t.end))
            lex(p);
        break;
    case T_WORD:
        n = node(p, KQ_TERM, t.start);
        if (n && !set_text(p, n, t.start, t.end)) {
            n->prefix = (uint8_t)t.prefix;
            lex(p);
        }
        break;
    case T_DATE:
        n = node(p, KQ_DATE, t.pos);
        if (n) {
            n->lo = t.lo;
            n->hi = t.hi;
            lex(p);
        }
        break;
    case T_FIELD:
        lex(p);
        if (p->t.type != T_LP && p->t.type != T_PHRASE && p->t.type != T_WORD) {
            if (!p->st)
                fail_at(p, p->t.pos,
                        "a field needs a word, a \"phrase\" or a (group) "
                        "after the ':'");
            break;
        }
        n = parse_primary(p);
        if (n)
            apply_fields(n, t.fields);
        break;
    case T_RP: fail_at(p, t.pos, "')' without a '(' before it"); break;
    case T_AND:
    case T_OR:
        fail_at(p, t.pos, "%s needs a word before it", tok_name(t.type));
        break;
    default: fail_at(p, t.pos, "a word was expected here"); break;
    }
    p->depth--;
    if (p->st) {
        kh_query_free(n);
        return NULL;
    }
    return n;
}

static kh_qnode *parse_unary(parser *p) {
    if (p->st)
        return NULL;
    tok t = p->t;
    if (t.type == T_NOT || t.type == T_MINUS || t.type == T_PLUS) {
        if (++p->depth > KQ_MAX_DEPTH) {
            fail_at(p, t.pos, "the query is nested too deeply");
            return NULL;
        }
        lex(p);
        if (!starts_primary(p->t.type)) {
            fail_at(p, p->t.type == T_EOF ? t.pos : p->t.pos,
                    "%s needs a word after it",
                    t.type == T_NOT     ? "NOT"
                    : t.type == T_MINUS ? "'-'"
                                        : "'+'");
            return NULL;
        }
        kh_qnode *n = parse_unary(p);
        p->depth--;
        if (!n)
            return NULL;
        if (t.type == T_PLUS)
            n->occ = n->occ == KQ_NOT ? KQ_NOT : KQ_MUST;
        else
            n->occ = n->occ == KQ_NOT ? KQ_SHOULD : KQ_NOT;
        n->pos = t.pos; /* errors about it point at the operator */
        return n;
    }
    return parse_primary(p);
}

/* a OP b OP c as one BOOL node: AND -> all must, OR -> any should. */
static kh_qnode *parse_binary(parser *p, int op) {
    kh_qnode *first = op == T_OR ? parse_binary(p, T_AND) : parse_unary(p);
    if (!first || p->t.type != op)
        return first;
    kh_qnode *n = node(p, KQ_BOOL, first->pos);
    if (!n || add_kid(p, n, first)) {
        kh_query_free(first);
        kh_query_free(n);
        return NULL;
    }
    while (!p->st && p->t.type == op) {
        size_t at = p->t.pos;
        lex(p);
        if (!starts_primary(p->t.type)) {
            fail_at(p, p->t.type == T_EOF ? at : p->t.pos,
                    "%s needs a word after it", op == T_OR ? "OR" : "AND");
            break;
        }
        kh_qnode *k = op == T_OR ? parse_binary(p, T_AND) : parse_unary(p);
        if (!k || add_kid(p, n, k)) {
            kh_query_free(k);
            break;
        }
    }
    if (p->st) {
        kh_query_free(n);
        return NULL;
    }
    int pos = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        kh_qnode *k = n->kids[i];
        if (op == T_OR) {
            if (k->occ == KQ_NOT) {
                fail_at(p, k->pos, "a negated word cannot be one side of OR");
                break;
            }
            if (k->kind == KQ_DATE) {
                fail_at(p, k->pos, "a date filter cannot be one side of OR");
                break;
            }
            k->occ = KQ_SHOULD;
        } else {
            if (k->occ != KQ_NOT)
                k->occ = KQ_MUST;
            pos += positive(k);
        }
    }
    if (!p->st && op == T_AND && !pos)
        fail_at(p, n->pos, "AND needs at least one word that is not negated");
    if (p->st) {
        kh_query_free(n);
        return NULL;
    }
    return n;
}

static kh_qnode *parse_seq(parser *p, int in_parens) {
    size_t at = p->t.pos;
    kh_qnode *n = node(p, KQ_BOOL, at);
    if (!n)
        return NULL;
    n->coord = 1;
    while (!p->st && p->t.type != T_EOF) {
        if (p->t.type == T_RP) {
            if (in_parens)
                break;
            fail_at(p, p->t.pos, "')' without a '(' before it");
            break;
        }
        kh_qnode *k = parse_binary(p, T_OR);
        if (!k || add_kid(p, n, k)) {
            kh_query_free(k);
            break;
        }
        if (k->kind == KQ_DATE)
            k->occ = k->occ == KQ_NOT ? KQ_NOT : KQ_MUST;
    }
    if (p->st) {
        kh_query_free(n);
        return NULL;
    }
    if (!n->nkids) { /* the caller knows whether that is an error */
        kh_query_free(n);
        return NULL;
    }
    int pos = 0, dates = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        pos += positive(n->kids[i]);
        dates += n->kids[i]->kind == KQ_DATE;
    }
    if (!pos && !dates) {
        fail_at(p, at,
                "only negated words: say what to find too (as in "
                "कोरोना -मौत)");
        kh_query_free(n);
        return NULL;
    }
    /* (x) is x */
    if (n->nkids == 1 && n->kids[0]->occ == KQ_SHOULD) {
        kh_qnode *k = n->kids[0];
        n->nkids = 0;
        kh_query_free(n);
        return k;
    }
    return n;
}

kh_status kh_query_parse(const char *q, size_t len, kh_qnode **out,
                         kh_error *err) {
    *out = NULL;
    if (len > KQ_MAX_QUERY)
        return kh_fail(err, KH_ERR_LIMIT,
                       "the query is too long (%zu bytes, at most %d)", len,
                       KQ_MAX_QUERY);
    size_t bad;
    if (kh_utf8_check(q, len, &bad) != KH_OK) {
        size_t n = 1;
        for (size_t i = 0; i < bad; i++)
            if (((unsigned char)q[i] & 0xC0) != 0x80)
                n++;
        return kh_fail(err, KH_ERR_PARSE,
                       "position %zu: not valid UTF-8 (byte 0x%02x)", n,
                       (unsigned char)q[bad]);
    }
    parser p = {q, len, 0, {0}, 0, 0, err, KH_OK};
    lex(&p);
    kh_qnode *n = p.st ? NULL : parse_seq(&p, 0);
    if (p.st) {
        kh_query_free(n);
        return p.st;
    }
    *out = n;
    return KH_OK;
}

/* ---- formatting (tests) ------------------------------------------------ */

static int fmt(const kh_qnode *n, kh_buf *b) {
    int r = 0;
    if (n->occ == KQ_MUST)
        r |= kh_buf_printf(b, "+");
    else if (n->occ == KQ_NOT)
        r |= kh_buf_printf(b, "-");
    if (n->fields && (n->kind == KQ_TERM || n->kind == KQ_PHRASE))
        for (unsigned f = 0; f < KH_F_COUNT; f++)
            if (n->fields & (1u << f))
                r |= kh_buf_printf(b, "%s:", kh_field_name(f));
    switch (n->kind) {
    case KQ_TERM:
        r |= kh_buf_printf(b, "%s%s", n->text, n->prefix ? "*" : "");
        break;
    case KQ_PHRASE: r |= kh_buf_printf(b, "\"%s\"", n->text); break;
    case KQ_DATE: {
        char lo[11] = "-", hi[11] = "-";
        if (n->lo != INT32_MIN)
            kh_days_to_iso(n->lo, lo);
        if (n->hi != INT32_MAX)
            kh_days_to_iso(n->hi, hi);
        r |= kh_buf_printf(b, "(date %s %s)", lo, hi);
        break;
    }
    default: {
        int all_must = 1, any_should = 0;
        for (size_t i = 0; i < n->nkids; i++) {
            all_must &= n->kids[i]->occ != KQ_SHOULD;
            any_should |= n->kids[i]->occ == KQ_SHOULD;
        }
        r |= kh_buf_printf(b, "(%s",
                           n->coord     ? "some"
                           : any_should ? "or"
                           : all_must   ? "and"
                                        : "bool");
        for (size_t i = 0; i < n->nkids; i++) {
            r |= kh_buf_printf(b, " ");
            r |= fmt(n->kids[i], b);
        }
        r |= kh_buf_printf(b, ")");
    }
    }
    return r;
}

int kh_query_format(const kh_qnode *n, kh_buf *out) {
    if (!n)
        return kh_buf_printf(out, "()");
    return fmt(n, out);
}
