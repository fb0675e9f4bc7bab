/*
 * bench_ner.c — how fast khabar finds named entities on one core, next to
 * the analysis it needs (the anchor, measured in the same run on the same
 * text): Hindi news from the shared data (benchutil.c), fed in ~64 KB
 * chunks with one reused kh_doc and kh_entities.
 *
 *   analyze         kh_analyze alone (tokens, sentences, norms)
 *   analyze + tag   kh_analyze then kh_tag_doc (features, Viterbi,
 *                   mentions, canonical names)
 *   tag tokens      kh_tag_tokens on each sentence's tokens, as
 *                   `khabar entities --conll` does (no analysis)
 *
 * usage: bench_ner [SHARED_DIR [MIN_MB]]   (default 8 MB of text)
 * Figures are tokens per second of CPU time (this process), best of 3.
 * Goal: >= 100,000 tokens/s for tagging.
 */
#include "benchutil.h"

#include "khabar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 3
#define CHUNK ((size_t)1 << 16)
#define GOAL 100000.0

static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

enum { ANALYZE, ANALYZE_TAG, TAG_TOKENS };

/* One pass over the text; returns tokens and adds the timed seconds. */
static size_t pass(int what, const bench_text *t, kh_analyzer *an, kh_doc *doc,
                   kh_tagger *tg, kh_entities *ents, double *secs,
                   size_t *entities) {
    size_t tokens = 0, off = 0;
    const char *toks[4096];
    size_t lens[4096];
    uint8_t tags[4096];
    double timed = 0;
    while (off < t->len) {
        size_t n = bench_next_chunk(t->data + off, t->len - off, CHUNK);
        const char *c = t->data + off;
        double t0 = cpu_now();
        if (kh_analyze(an, doc, c, n, 0, NULL))
            return 0;
        if (what == ANALYZE_TAG) {
            if (kh_tag_doc(tg, doc, c, 0, ents, NULL))
                return 0;
            *entities += kh_entities_count(ents);
        }
        if (what == TAG_TOKENS) {
            /* the analysis only stands in for a CoNLL reader: untimed */
            size_t ns = kh_doc_sentence_count(doc);
            for (size_t s = 0; s < ns; s++) {
                const kh_sentence *se = kh_doc_sentence(doc, s);
                size_t k = se->n_tokens < 4096 ? se->n_tokens : 4096;
                for (size_t i = 0; i < k; i++) {
                    const kh_token *tk = kh_doc_token(doc, se->first_token + i);
                    toks[i] = c + tk->start;
                    lens[i] = tk->end - tk->start;
                }
                double t2 = cpu_now();
                kh_tag_tokens(tg, toks, lens, k, tags, NULL);
                timed += cpu_now() - t2;
                for (size_t i = 0; i < k; i++)
                    *entities += tags[i] & 1;
            }
        } else {
            timed += cpu_now() - t0;
        }
        tokens += kh_doc_token_count(doc);
        off += n;
    }
    *secs = timed;
    return tokens;
}

int main(int argc, char **argv) {
    const char *shared = argc > 1 ? argv[1] : NULL;
    double mb = argc > 2 ? atof(argv[2]) : 8;
    bench_text t;
    if (bench_text_build(shared, (size_t)(mb * 1e6), &t))
        return 1;
    char desc[512], cpu[256];
    bench_text_describe(&t, desc, sizeof desc);
    bench_cpu_name(cpu, sizeof cpu);
    printf("text: %s\ncpu: %s (one core; CPU time, best of %d)\n", desc, cpu,
           RUNS);
    kh_analyzer *an;
    kh_doc *doc;
    kh_tagger *tg;
    kh_entities *ents;
    kh_error err = {0};
    double l0 = cpu_now();
    if (kh_tagger_new(&tg, &err)) {
        fprintf(stderr, "bench_ner: %s\n", err.message);
        return 1;
    }
    printf("tagger load: %.1f ms\n", (cpu_now() - l0) * 1e3);
    if (kh_analyzer_new(NULL, &an, &err) || kh_doc_new(&doc, &err) ||
        kh_entities_new(&ents, &err)) {
        fprintf(stderr, "bench_ner: %s\n", err.message);
        return 1;
    }
    static const char *const names[] = {"analyze", "analyze + tag",
                                        "tag tokens"};
    double best[3] = {0};
    size_t tokens = 0, found = 0;
    for (int r = 0; r < RUNS; r++)
        for (int w = 0; w < 3; w++) {
            double s = 0;
            size_t e = 0;
            tokens = pass(w, &t, an, doc, tg, ents, &s, &e);
            if (!tokens) {
                fprintf(stderr, "bench_ner: a pass failed\n");
                return 1;
            }
            if (w == ANALYZE_TAG)
                found = e;
            double rate = (double)tokens / s;
            if (rate > best[w])
                best[w] = rate;
        }
    printf("%zu tokens, %zu entity mentions\n", tokens, found);
    printf("%-16s %14s\n", "", "tokens/s");
    for (int w = 0; w < 3; w++)
        printf("%-16s %14.0f\n", names[w], best[w]);
    /* tagging alone: the difference of the first two */
    double tag_only = 1.0 / (1.0 / best[ANALYZE_TAG] - 1.0 / best[ANALYZE]);
    printf("%-16s %14.0f   (goal >= %.0f: %s)\n", "tagging alone", tag_only,
           GOAL, best[TAG_TOKENS] >= GOAL ? "met" : "missed");
    kh_entities_free(ents);
    kh_tagger_free(tg);
    kh_doc_free(doc);
    kh_analyzer_free(an);
    bench_text_free(&t);
    return 0;
}
