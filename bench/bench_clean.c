/*
 * bench_clean.c — speed of the read and clean stages on one core: plain-
 * text scrapes and HTML pages built in memory from the real news and UD
 * sentences of the shared data (benchutil.c), cut into article-sized
 * pieces of about 4 KB (the median scraped article). Each HTML page wraps
 * its article in the chrome a news site carries (head with meta tags and
 * JSON-LD, navigation, share buttons, related links, footer, scripts).
 *
 * Rates are MB of input per second of this process's CPU time, the best
 * of several rounds: on a machine shared with other work, wall time
 * measures the neighbours as much as the code. Prints PASS/MISS against
 * the goals (text >= 200 MB/s, HTML >= 50 MB/s) and, for HTML, the rate
 * of gumbo's parse alone (below 50 MB/s on these pages) and of the parse
 * the reader makes, of the page with its long text runs swapped for
 * stand-ins (read/standin.c).
 *
 *   bench_clean SHARED_DIR [text|html|parse]   (one stage, for profiling)
 */
#include "benchutil.h"
#include "khabar.h"
#include "read.h"

#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TEXT_GOAL 200.0
#define HTML_GOAL 50.0
#define TARGET (64u << 20) /* bytes of text to clean per round */
#define ROUNDS 5

typedef struct piece {
    size_t off, len;
} piece;

static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int append(char **b, size_t *n, size_t *cap, const char *s, size_t k) {
    if (*n + k + 1 > *cap) {
        size_t c = *cap ? *cap * 2 : 1 << 20;
        while (c < *n + k + 1)
            c *= 2;
        char *p = realloc(*b, c);
        if (!p)
            return -1;
        *b = p;
        *cap = c;
    }
    memcpy(*b + *n, s, k);
    *n += k;
    return 0;
}

#define PUT(s) append(&h, &hn, &hcap, (s), strlen(s))

/* The headline of a synthetic page: the piece's first line when it is
 * headline-sized and more lines follow, else (a piece cut out of one long
 * paragraph) its first words, and then every line is body. Taking a whole
 * 4 KB line as the headline left such pages with an empty body, which the
 * reader rightly reports as "no article". */
static size_t headline(const char *t, size_t len, int *first_is_body) {
    const char *nl = memchr(t, '\n', len);
    size_t tl = nl ? (size_t)(nl - t) : len;
    *first_is_body = 0;
    if (nl && tl <= 200)
        return tl;
    *first_is_body = 1;
    size_t k = 0, words = 0;
    while (k < tl && k < 120 && words < 8)
        if (t[k++] == ' ')
            words++;
    while (k < tl && ((unsigned char)t[k] & 0xC0) == 0x80)
        k++; /* not inside a code point */
    while (k && t[k - 1] == ' ')
        k--;
    return k;
}

/* An HTML page around one article: a headline, a <p> per line. */
static int html_page(const char *t, size_t len, char **out, size_t *out_len) {
    char *h = NULL;
    size_t hn = 0, hcap = 0;
    int first_is_body;
    size_t tl = headline(t, len, &first_is_body);
    int bad =
        PUT("<!DOCTYPE html><html lang=\"hi\"><head><meta charset=\"utf-8\">"
            "<title>") ||
        append(&h, &hn, &hcap, t, tl) ||
        PUT(" | समाचार</title><meta name=\"description\" content=\"सार\">"
            "<meta property=\"article:published_time\" "
            "content=\"2024-03-10T09:15:00+05:30\"><meta name=\"author\" "
            "content=\"संवाददाता\"><link rel=\"canonical\" "
            "href=\"https://example.com/a\"><script "
            "type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
            "\"headline\":\"शीर्षक\",\"datePublished\":\"2024-03-10\"}"
            "</script><style>body{margin:0}</style></head><body>"
            "<nav><a href=\"/\">होम</a> | <a href=\"/d\">देश</a> | <a "
            "href=\"/k\">खेल</a></nav><main><article><h1>") ||
        append(&h, &hn, &hcap, t, tl) ||
        PUT("</h1><div class=\"share\"><a>Facebook</a><a>Twitter</a></div>"
            "<div itemprop=\"articleBody\">");
    const char *p = first_is_body ? t : t + tl + 1, *end = t + len;
    while (!bad && p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        size_t k = e ? (size_t)(e - p) : (size_t)(end - p);
        if (k)
            bad = PUT("<p>") || append(&h, &hn, &hcap, p, k) || PUT("</p>\n");
        p += k + 1;
    }
    if (!bad)
        bad = PUT("</div><div class=\"related-stories\"><ul><li><a>और खबर"
                  "</a></li><li><a>दूसरी खबर</a></li></ul></div></article>"
                  "</main><footer>© समाचार</footer><script>var x=1;</script>"
                  "</body></html>") ||
              append(&h, &hn, &hcap, "", 1);
    if (bad) {
        free(h);
        return -1;
    }
    *out = h;
    *out_len = hn - 1;
    return 0;
}

/* Cleans every piece once; returns CPU seconds. The first failure's
 * message goes to `why` so a MISS of the pages is explained. */
static double run(const kh_cleaner *cl, kh_input_format fmt, const char *buf,
                  const piece *ps, size_t n, size_t *failed, char *why,
                  size_t why_cap) {
    double t0 = cpu_now();
    for (size_t i = 0; i < n; i++) {
        kh_article *a;
        kh_error err = {0};
        if (kh_clean(cl, fmt, buf + ps[i].off, ps[i].len, NULL, &a, &err)) {
            if (!(*failed)++)
                snprintf(why, why_cap, "piece %zu: %.400s", i, err.message);
        } else {
            kh_article_free(a);
        }
    }
    return cpu_now() - t0;
}

/* gumbo's parse and nothing else; with `standins`, of the page with its
 * text runs swapped out (read/standin.c), the scan included. */
static double run_parse(const char *buf, const piece *ps, size_t n,
                        int standins) {
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 0;
    double t0 = cpu_now();
    for (size_t i = 0; i < n; i++) {
        kh_standin x;
        const char *doc = buf + ps[i].off;
        size_t len = ps[i].len;
        if (standins && !kh_standin_make(doc, len, &x) && x.doc)
            doc = x.doc, len = x.len;
        GumboOutput *g = gumbo_parse_with_options(&opts, doc, len);
        if (g)
            gumbo_destroy_output(&opts, g);
        if (standins)
            kh_standin_free(&x);
    }
    return cpu_now() - t0;
}

static double best_of(double a, double b) {
    return a < b ? a : b;
}

int main(int argc, char **argv) {
    const char *shared = argc > 1 ? argv[1] : NULL;
    const char *only = argc > 2 ? argv[2] : "";
    int do_text = !*only || !strcmp(only, "text");
    int do_html = !*only || !strcmp(only, "html");
    int do_parse = !*only || !strcmp(only, "parse");
    if (!do_text && !do_html && !do_parse) {
        fprintf(stderr, "usage: bench_clean SHARED_DIR [text|html|parse]\n");
        return 2;
    }
    bench_text t;
    if (bench_text_build(shared, TARGET, &t))
        return 1;
    char desc[256], cpu[128];
    bench_text_describe(&t, desc, sizeof desc);
    bench_cpu_name(cpu, sizeof cpu);
    printf("input: %s\ncpu: %s (one core; CPU time, best of %d rounds)\n", desc,
           cpu, ROUNDS);

    /* Article-sized pieces. */
    size_t cap = t.len / 2048 + 16, n = 0, off = 0;
    piece *ps = malloc(cap * sizeof *ps);
    if (!ps)
        return 1;
    while (off < t.len && n < cap) {
        size_t k = bench_next_chunk(t.data + off, t.len - off, 4096);
        if (!k)
            break;
        ps[n].off = off;
        ps[n].len = k;
        n++;
        off += k;
    }
    kh_cleaner *cl;
    kh_error err = {0};
    if (kh_cleaner_new(NULL, &cl, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    char why[512] = "";
    size_t failed = 0;
    if (do_text) {
        run(cl, KH_INPUT_TEXT, t.data, ps, n < 200 ? n : 200, &failed, why,
            sizeof why); /* warm-up */
        double s = 1e9;
        for (int r = 0; r < ROUNDS; r++) {
            failed = 0;
            s = best_of(s, run(cl, KH_INPUT_TEXT, t.data, ps, n, &failed, why,
                               sizeof why));
        }
        double mbs = (double)off / 1e6 / s;
        printf("text:  %zu articles, %.1f MB in %.3f s = %.1f MB/s  goal %.0f "
               " %s\n",
               n, off / 1e6, s, mbs, TEXT_GOAL,
               mbs >= TEXT_GOAL ? "PASS" : "MISS");
        if (failed)
            printf("       %zu pieces had no article; first: %s\n", failed,
                   why);
    }

    /* HTML pages of a quarter of the pieces (enough for a steady rate). */
    size_t hn_pieces = n / 4 ? n / 4 : n;
    char *html = NULL;
    size_t hlen = 0, hcap = 0;
    piece *hp = malloc(hn_pieces * sizeof *hp);
    if (!hp)
        return 1;
    for (size_t i = 0; (do_html || do_parse) && i < hn_pieces; i++) {
        char *pg;
        size_t pl;
        if (html_page(t.data + ps[i].off, ps[i].len, &pg, &pl) ||
            append(&html, &hlen, &hcap, pg, pl))
            return 1;
        hp[i].off = hlen - pl;
        hp[i].len = pl;
        free(pg);
    }
    if (do_html) {
        double s = 1e9;
        for (int r = 0; r < ROUNDS; r++) {
            failed = 0;
            s = best_of(s, run(cl, KH_INPUT_HTML, html, hp, hn_pieces, &failed,
                               why, sizeof why));
        }
        double mbs = (double)hlen / 1e6 / s;
        printf("html:  %zu pages, %.1f MB in %.3f s = %.1f MB/s  goal %.0f  "
               "%s\n",
               hn_pieces, hlen / 1e6, s, mbs, HTML_GOAL,
               mbs >= HTML_GOAL ? "PASS" : "MISS");
        if (failed)
            printf("       %zu pages had no article; first: %s\n", failed, why);
    }
    if (do_parse) {
        double s = 1e9, si = 1e9;
        for (int r = 0; r < ROUNDS; r++) {
            s = best_of(s, run_parse(html, hp, hn_pieces, 0));
            si = best_of(si, run_parse(html, hp, hn_pieces, 1));
        }
        printf("html:  gumbo parse alone %.1f MB/s; with text stand-ins "
               "(scan included) %.1f MB/s\n",
               (double)hlen / 1e6 / s, (double)hlen / 1e6 / si);
    }
    free(html);
    free(hp);
    free(ps);
    kh_cleaner_free(cl);
    bench_text_free(&t);
    return 0;
}
