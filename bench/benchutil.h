/*
 * benchutil.h — what the benchmark programs share: a large Hindi text built
 * from the shared data sets (so every benchmark measures the same kind of
 * input), a monotonic clock, and the cut points khabar is fed at.
 *
 * benchutil.c is linked into every bench/bench_*.c program.
 */
#ifndef KH_BENCHUTIL_H
#define KH_BENCHUTIL_H

#include <stddef.h>

/* A text held in memory: valid UTF-8, documents separated by blank lines. */
typedef struct bench_text {
    char *data;
    size_t len;
    size_t n_news;      /* news articles in one copy of the base text */
    size_t n_sentences; /* UD sentences in one copy of the base text */
    size_t base_len;    /* bytes of one copy before repetition */
    unsigned copies;    /* how often the base text is repeated */
    int fallback;       /* 1 when the built-in paragraph was used */
} bench_text;

/* Builds at least `min_bytes` of Hindi text: the "text" of every article
 * in the .jsonl.gz files of SHARED/data/news, then the sentences of the UD
 * Hindi HDTB and PUD dev files, repeated in the same order until long
 * enough. When `shared` is NULL or holds none of these, an original Hindi
 * paragraph is repeated instead. Returns 0, or -1 (message on stderr) when
 * out of memory. */
int bench_text_build(const char *shared, size_t min_bytes, bench_text *out);
void bench_text_free(bench_text *t);

/* One line describing where the text came from, for the report. */
void bench_text_describe(const bench_text *t, char *buf, size_t cap);

/* Length of the next chunk of text[0, len): at least `target` bytes (or all
 * that is left), cut just after a blank line, else after a line break, else
 * at a space, else at a code point boundary, so that no sentence or token
 * straddles two chunks when the text allows it. */
size_t bench_next_chunk(const char *text, size_t len, size_t target);

/* The processor's model name (from /proc/cpuinfo), or "unknown CPU". */
void bench_cpu_name(char *buf, size_t cap);

/* CPU seconds used by this process. */
double bench_now(void);

#endif
