/*
 * bench_clean.c — speed of the read and clean stages on one core: plain-
 * text scrapes and HTML pages built in memory from the real news and UD
 * sentences of the shared data (benchutil.c), cut into article-sized
 * pieces of about 4 KB (the median scraped article). Each HTML page wraps
 * its article in the chrome a news site carries (head with meta tags and
 * JSON-LD, navigation, share buttons, related links, footer, scripts).
 * Prints MB/s of input and PASS/MISS against the goals: text >= 200 MB/s,
 * HTML >= 50 MB/s.
 *
 *   bench_clean SHARED_DIR
 */
#include "benchutil.h"
#include "khabar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_GOAL 200.0
#define HTML_GOAL 50.0
#define TARGET (64u << 20) /* bytes of text to clean per round */

typedef struct piece {
    size_t off, len;
} piece;

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

/* An HTML page around one article: title from its first line, a <p> per
 * following line. */
static int html_page(const char *t, size_t len, char **out, size_t *out_len) {
    char *h = NULL;
    size_t hn = 0, hcap = 0;
    const char *nl = memchr(t, '\n', len);
    size_t tl = nl ? (size_t)(nl - t) : len;
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
    const char *p = nl ? nl + 1 : t + len, *end = t + len;
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

/* Cleans every piece `rounds` times; returns seconds. */
static double run(const kh_cleaner *cl, kh_input_format fmt, const char *buf,
                  const piece *ps, size_t n, int rounds, size_t *failed) {
    double t0 = bench_now();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < n; i++) {
            kh_article *a;
            if (kh_clean(cl, fmt, buf + ps[i].off, ps[i].len, NULL, &a, NULL))
                (*failed)++;
            else
                kh_article_free(a);
        }
    return bench_now() - t0;
}

int main(int argc, char **argv) {
    const char *shared = argc > 1 ? argv[1] : NULL;
    bench_text t;
    if (bench_text_build(shared, TARGET, &t))
        return 1;
    char desc[256], cpu[128];
    bench_text_describe(&t, desc, sizeof desc);
    bench_cpu_name(cpu, sizeof cpu);
    printf("input: %s\ncpu: %s (one core)\n", desc, cpu);

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
    size_t failed = 0;
    run(cl, KH_INPUT_TEXT, t.data, ps, n < 200 ? n : 200, 1, &failed);
    failed = 0;
    double s = run(cl, KH_INPUT_TEXT, t.data, ps, n, 1, &failed);
    double text_mbs = (double)off / 1e6 / s;
    printf("text:  %zu articles, %.1f MB in %.3f s = %.1f MB/s  goal %.0f  "
           "%s%s\n",
           n, off / 1e6, s, text_mbs, TEXT_GOAL,
           text_mbs >= TEXT_GOAL ? "PASS" : "MISS",
           failed ? "  (some pieces had no article)" : "");

    /* HTML pages of a quarter of the pieces (enough for a steady rate). */
    size_t hn_pieces = n / 4 ? n / 4 : n;
    char *html = NULL;
    size_t hlen = 0, hcap = 0;
    piece *hp = malloc(hn_pieces * sizeof *hp);
    if (!hp)
        return 1;
    for (size_t i = 0; i < hn_pieces; i++) {
        char *pg;
        size_t pl;
        if (html_page(t.data + ps[i].off, ps[i].len, &pg, &pl) ||
            append(&html, &hlen, &hcap, pg, pl))
            return 1;
        hp[i].off = hlen - pl;
        hp[i].len = pl;
        free(pg);
    }
    failed = 0;
    s = run(cl, KH_INPUT_HTML, html, hp, hn_pieces, 1, &failed);
    double html_mbs = (double)hlen / 1e6 / s;
    printf("html:  %zu pages, %.1f MB in %.3f s = %.1f MB/s  goal %.0f  %s%s\n",
           hn_pieces, hlen / 1e6, s, html_mbs, HTML_GOAL,
           html_mbs >= HTML_GOAL ? "PASS" : "MISS",
           failed ? "  (some pages had no article)" : "");
    free(html);
    free(hp);
    free(ps);
    kh_cleaner_free(cl);
    bench_text_free(&t);
    return 0;
}
