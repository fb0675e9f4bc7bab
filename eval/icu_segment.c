/*
 * icu_segment.c — the anchors that khabar's segmentation is scored against.
 *
 * Reads raw text and writes CoNLL-U, so that tools/segeval.py scores these
 * baselines on exactly the raw text khabar receives:
 *
 *   icu_segment FILE          ICU: sentence BreakIterator for sentences, word
 *                             BreakIterator (inside each sentence) for tokens
 *   icu_segment --naive FILE  a danda splitter: a sentence ends after a run of
 *                             । ? ! (and the closing quotes or brackets right
 *                             after it); tokens are split at whitespace and
 *                             every punctuation character is a token of its
 *                             own
 *
 * FILE may be "-" for standard input. FORMs are always the input characters
 * themselves (whitespace-only segments are dropped, and a segment is split at
 * any whitespace inside it, since a CoNLL-U FORM cannot hold a tab or line
 * break), so segeval.py sees the same text as in the gold file.
 *
 * Build: cc -std=c11 -O2 eval/icu_segment.c -o build/icu_segment \
 *           $(pkg-config --cflags --libs icu-uc icu-i18n)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

/* A growing list of byte spans [start, end) in the input. */
typedef struct spans {
    int32_t *v; /* start, end pairs */
    size_t n, cap;
} spans;

static int spans_push(spans *s, int32_t start, int32_t end) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        int32_t *v = realloc(s->v, 2 * cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[2 * s->n] = start;
    s->v[2 * s->n + 1] = end;
    s->n++;
    return 0;
}

/* Reads all of `path` ("-": stdin). Returns NULL with a message on error. */
static char *read_all(const char *path, int32_t *len) {
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t n = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int failed = !buf || ferror(f);
    if (f != stdin)
        fclose(f);
    if (failed || n > INT32_MAX) {
        fprintf(stderr, "%s: %s\n", path,
                !buf ? "out of memory"
                     : (n > INT32_MAX ? "larger than 2 GB" : "read error"));
        free(buf);
        return NULL;
    }
    *len = (int32_t)n;
    return buf;
}

/* ICU positions are int32_t, so is everything that indexes the text. */
static int is_space_at(const char *t, int32_t i, int32_t len, int32_t *next) {
    UChar32 c;
    U8_NEXT(t, i, len, c);
    *next = i;
    return c >= 0 && u_isUWhiteSpace(c);
}

/* Adds the maximal whitespace-free runs of t[start, end) as tokens. */
static int push_runs(spans *tok, const char *t, int32_t start, int32_t end) {
    int32_t i = start, run = -1;
    while (i < end) {
        int32_t next;
        int sp = is_space_at(t, i, end, &next);
        if (sp && run >= 0) {
            if (spans_push(tok, run, i))
                return -1;
            run = -1;
        } else if (!sp && run < 0) {
            run = i;
        }
        i = next;
    }
    return run >= 0 ? spans_push(tok, run, end) : 0;
}

/* Trims whitespace from both ends of [*start, *end). */
static void trim(const char *t, int32_t *start, int32_t *end) {
    int32_t next;
    while (*start < *end && is_space_at(t, *start, *end, &next))
        *start = next;
    while (*end > *start) {
        int32_t i = *end;
        UChar32 c;
        U8_PREV(t, *start, i, c);
        if (c < 0 || !u_isUWhiteSpace(c))
            break;
        *end = i;
    }
}

/* ---- ICU ---------------------------------------------------------------- */

static int icu_sentences(const char *t, int32_t len, spans *out) {
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, t, len, &st);
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "hi", NULL, 0, &st);
    if (U_SUCCESS(st))
        ubrk_setUText(bi, ut, &st);
    int rc = U_SUCCESS(st) ? 0 : -1;
    int32_t prev = rc ? len : ubrk_first(bi);
    for (int32_t b; !rc && (b = ubrk_next(bi)) != UBRK_DONE; prev = b) {
        int32_t s = prev, e = b;
        trim(t, &s, &e);
        if (s < e)
            rc = spans_push(out, s, e);
    }
    if (U_FAILURE(st))
        fprintf(stderr, "icu: %s\n", u_errorName(st));
    ubrk_close(bi);
    utext_close(ut);
    return rc;
}

/* Word segments of t[s, e), measured on that substring alone so that no
 * token crosses a sentence boundary. */
static int icu_words(UBreakIterator *bi, const char *t, int32_t s, int32_t e,
                     spans *out) {
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, t + s, e - s, &st);
    if (U_SUCCESS(st))
        ubrk_setUText(bi, ut, &st);
    int rc = U_SUCCESS(st) ? 0 : -1;
    int32_t prev = rc ? 0 : ubrk_first(bi);
    for (int32_t b; !rc && (b = ubrk_next(bi)) != UBRK_DONE; prev = b)
        rc = push_runs(out, t, s + prev, s + b);
    utext_close(ut);
    return rc;
}

/* ---- naive danda splitter --------------------------------------------- */

static int is_final(UChar32 c) {
    return c == 0x0964 || c == '?' || c == '!';
}

/* Closing quotes and brackets after the final mark belong to the sentence
 * it ends (।” or ?") rather than opening the next one. */
static int is_closing(UChar32 c) {
    int8_t type = c >= 0 ? u_charType(c) : 0;
    return c == '"' || c == '\'' || type == U_END_PUNCTUATION ||
           type == U_FINAL_PUNCTUATION;
}

static int naive_sentences(const char *t, int32_t len, spans *out) {
    int32_t start = 0, i = 0;
    while (i < len) {
        UChar32 c;
        U8_NEXT(t, i, len, c);
        if (!is_final(c))
            continue;
        int32_t j = i; /* take the whole run: "?!" ends one sentence */
        while (j < len) {
            int32_t k = j;
            U8_NEXT(t, k, len, c);
            if (!is_final(c))
                break;
            j = k;
        }
        while (j < len) {
            int32_t k = j;
            U8_NEXT(t, k, len, c);
            if (!is_closing(c))
                break;
            j = k;
        }
        int32_t s = start, e = j;
        trim(t, &s, &e);
        if (s < e && spans_push(out, s, e))
            return -1;
        start = i = j;
    }
    trim(t, &start, &len);
    return start < len ? spans_push(out, start, len) : 0;
}

static int naive_words(const char *t, int32_t s, int32_t e, spans *out) {
    int32_t i = s, run = -1;
    while (i < e) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(t, i, e, c);
        int sp = c >= 0 && u_isUWhiteSpace(c);
        int punct = c >= 0 && u_ispunct(c);
        if ((sp || punct) && run >= 0) {
            if (spans_push(out, run, at))
                return -1;
            run = -1;
        }
        if (punct) {
            if (spans_push(out, at, i))
                return -1;
        } else if (!sp && run < 0) {
            run = at;
        }
    }
    return run >= 0 ? spans_push(out, run, e) : 0;
}

/* ---- output ------------------------------------------------------------- */

static void write_sentence(FILE *out, const char *t, int32_t len,
                           const spans *sent, size_t si, const spans *tok) {
    int32_t s = sent->v[2 * si], e = sent->v[2 * si + 1];
    fputs("# text = ", out);
    for (int32_t i = s; i < e; i++) /* one line: breaks become spaces */
        fputc(t[i] == '\n' || t[i] == '\r' || t[i] == '\t' ? ' ' : t[i], out);
    fputc('\n', out);
    for (size_t k = 0; k < tok->n; k++) {
        int32_t a = tok->v[2 * k], b = tok->v[2 * k + 1];
        int32_t next = k + 1 < tok->n     ? tok->v[2 * k + 2]
                       : si + 1 < sent->n ? sent->v[2 * si + 2]
                                          : len;
        fprintf(out, "%zu\t%.*s\t_\t_\t_\t_\t_\t_\t_\t%s\n", k + 1,
                (int)(b - a), t + a,
                next == b && b < len ? "SpaceAfter=No" : "_");
    }
    fputc('\n', out);
}

static int usage(void) {
    fputs("usage: icu_segment [--naive] FILE|-\n"
          "Writes CoNLL-U for raw UTF-8 text: ICU sentence and word\n"
          "BreakIterators, or with --naive a danda/whitespace splitter.\n",
          stderr);
    return 2;
}

int main(int argc, char **argv) {
    int naive = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--naive"))
            naive = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage();
        else if (!path)
            path = argv[i];
        else
            return usage();
    }
    if (!path)
        return usage();
    int32_t len = 0;
    char *t = read_all(path, &len);
    if (!t)
        return 1;
    for (int32_t i = 0; i < len;) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(t, i, len, c);
        if (c <= 0) { /* FORMs must be the input, so refuse what isn't text */
            fprintf(stderr, "%s: invalid UTF-8 or NUL at byte %ld\n", path,
                    (long)at);
            free(t);
            return 1;
        }
    }

    spans sent = {0}, tok = {0};
    int rc =
        naive ? naive_sentences(t, len, &sent) : icu_sentences(t, len, &sent);
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *wb =
        naive ? NULL : ubrk_open(UBRK_WORD, "hi", NULL, 0, &st);
    if (U_FAILURE(st))
        rc = -1;
    for (size_t si = 0; !rc && si < sent.n; si++) {
        int32_t s = sent.v[2 * si], e = sent.v[2 * si + 1];
        tok.n = 0;
        rc = naive ? naive_words(t, s, e, &tok) : icu_words(wb, t, s, e, &tok);
        if (!rc)
            write_sentence(stdout, t, len, &sent, si, &tok);
    }
    if (rc)
        fprintf(stderr, "icu_segment: failed (out of memory or ICU error)\n");
    if (fflush(stdout) || ferror(stdout)) {
        perror("icu_segment: write");
        rc = -1;
    }
    ubrk_close(wb);
    free(sent.v);
    free(tok.v);
    free(t);
    return rc ? 1 : 0;
}
