/*
 * gen.c — the seeded corpus generator of `make bench-index`.
 *
 * Writes N synthetic news articles as JSON Lines
 *
 *   {"id": "g0000001", "title": "...", "text": "...", "date": "2024-...",
 *    "source": "..."}
 *
 * built only from real Hindi sentences in SHARED/data: the UD Hindi-HDTB and
 * UD Hindi-PUD sentences, the HiNER sentences and the sentences of the real
 * news articles (news/ *.jsonl.gz). The same seed and data give the same
 * bytes.
 *
 * How an article is made:
 *
 *   - its text length (bytes) is the length of a real news article drawn at
 *     random, so sizes are distributed as in real news (median ~5 KB);
 *   - the text is paragraphs of 1-4 sentences; a sentence is either drawn
 *     with a Zipf-like law over the whole sentence pool (P(rank r) ~
 *     1/(r + Q)^S over a seeded shuffle of the pool: a few sentences are
 *     frequent, most are rare) or, with probability P_NEXT, the sentence
 *     that follows the previous one in its source document, so articles
 *     keep stretches of real running text (word co-occurrence, phrases);
 *   - the title is a short real sentence or real headline, drawn the same
 *     way over the pool of short sentences and headlines;
 *   - dates are spread over a year (2024-07-01 .. 2025-06-30), sources
 *     are six papers with Zipf-like shares.
 *
 * Vocabulary growth. Reusing a fixed pool of sentences would cap the
 * vocabulary at the pool's ~50,000 words, while real news keeps meeting
 * new words (names, places, spellings): types grow with tokens as Heaps'
 * law V ~ n^b, b ~ 0.54 on the real articles here. So each content word
 * (a Devanagari word of 4+ code points) is, with probability P_NEW,
 * replaced by a draw from a Pitman-Yor-like process: a new word type with
 * probability (THETA + D*K) / (THETA + n) (K types made so far, n draws so
 * far), else a word drawn in proportion to how often it was drawn before
 * (rich get richer, hence Zipf). A new type is the replaced word with one
 * or two consonants changed, so it still looks like Hindi. The new types
 * grow as n^D; `--stats` prints the growth of types against tokens.
 *
 * usage: gen [-n N] [-s SEED] [--shared DIR] [-o FILE] [--stats]
 *
 * Needs zlib (gzip input) and jansson (the news JSON Lines).
 */
#include <errno.h>
#include <glob.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ------------------------------------------------------------ knobs */

#ifndef ZIPF_S
#define ZIPF_S 0.9 /* sentence law exponent */
#endif
#ifndef ZIPF_Q
#define ZIPF_Q 10.0 /* sentence law offset: flattens the very top */
#endif
#ifndef TITLE_S
#define TITLE_S 0.6 /* title law exponent */
#endif
#ifndef P_NEXT
#define P_NEXT 0.6 /* continue the source document */
#endif
#ifndef P_NEW
#define P_NEW 0.04 /* content word replaced by the new-word process */
#endif
#ifndef PY_D
#define PY_D 0.75 /* new-word discount: types ~ draws^D */
#endif
#ifndef PY_THETA
#define PY_THETA 1000.0 /* new-word concentration */
#endif
#ifndef MIN_CONTENT
#define MIN_CONTENT 4 /* code points of a word the process may replace */
#endif

static const char *const SOURCES[] = {"Dainik Jagran",  "Amar Ujala",
                                      "Hindustan",      "Navbharat Times",
                                      "Prabhat Khabar", "Naidunia"};
#define NSOURCES (sizeof SOURCES / sizeof SOURCES[0])

/* --------------------------------------------------------- helpers */

static void die(const char *fmt, const char *arg) {
    fprintf(stderr, "gen: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p)
        die("%s", "out of memory");
    return p;
}

/* xoshiro256** seeded with splitmix64: the same numbers on every platform */
static uint64_t rs[4];

static uint64_t splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(uint64_t seed) {
    for (int i = 0; i < 4; i++)
        rs[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng(void) {
    uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
    rs[2] ^= rs[0];
    rs[3] ^= rs[1];
    rs[1] ^= rs[2];
    rs[0] ^= rs[3];
    rs[2] ^= t;
    rs[3] = rotl(rs[3], 45);
    return r;
}

static double unif(void) {
    return (double)(rng() >> 11) * (1.0 / 9007199254740992.0);
}

static uint64_t below(uint64_t n) {
    return n ? rng() % n : 0;
}

/* a growable byte buffer */
typedef struct {
    char *p;
    size_t len, cap;
} buf;

static void bput(buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void bputs(buf *b, const char *s) {
    bput(b, s, strlen(s));
}

/* ------------------------------------------------------ sentence pool */

typedef struct {
    uint32_t off, len; /* in pool.text */
    int32_t next;      /* the following sentence of the same document, or -1 */
} sent;

static buf text;    /* all sentences, NUL-separated */
static sent *sents; /* the pool */
static size_t nsents, capsents;
static uint32_t *titles; /* sentence numbers usable as titles */
static size_t ntitles, captitles;
static uint32_t *reallen; /* byte lengths of the real news texts */
static size_t nreal, capreal;

static size_t count_words(const char *s, size_t n) {
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        int sp = s[i] == ' ';
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

/* Adds a sentence (whitespace collapsed, trimmed); `cont` says whether it
 * follows the previous one added in its document. Returns 1 when added. */
static int add_sent(const char *s, size_t n, int cont) {
    size_t start = text.len;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* NBSP (C2 A0) counts as a space too */
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
            (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (c == 0xC2)
                i++;
            space = text.len > start;
            continue;
        }
        if (c < 0x20)
            continue;
        if (space)
            bput(&text, " ", 1);
        space = 0;
        bput(&text, (const char *)&c, 1);
    }
    size_t len = text.len - start;
    if (len < 2) {
        text.len = start;
        return 0;
    }
    bput(&text, "", 1); /* the NUL */
    if (nsents == capsents) {
        capsents = capsents ? capsents * 2 : 4096;
        sents = xrealloc(sents, capsents * sizeof *sents);
    }
    if (cont && nsents && sents[nsents - 1].next == -2)
        sents[nsents - 1].next = (int32_t)nsents;
    else if (nsents && sents[nsents - 1].next == -2)
        sents[nsents - 1].next = -1;
    sents[nsents] = (sent){(uint32_t)start, (uint32_t)len, -2}; /* -2: open */
    size_t w = count_words(text.p + start, len);
    if (w >= 3 && w <= 14 && len <= 160) {
        if (ntitles == captitles) {
            captitles = captitles ? captitles * 2 : 4096;
            titles = xrealloc(titles, captitles * sizeof *titles);
        }
        titles[ntitles++] = (uint32_t)nsents;
    }
    nsents++;
    return 1;
}

/* Closes the document being read: its last sentence has no successor. */
static void end_doc(void) {
    if (nsents && sents[nsents - 1].next == -2)
        sents[nsents - 1].next = -1;
}

/* Reads a gzip file line by line; calls fn(line, len) for each. */
static void each_line(const char *path, void (*fn)(const char *, size_t)) {
    gzFile f = gzopen(path, "rb");
    if (!f)
        die("cannot open %s", path);
    gzbuffer(f, 1 << 17);
    buf line = {0};
    char chunk[65536];
    for (;;) {
        int got = gzread(f, chunk, sizeof chunk);
        if (got < 0)
            die("cannot read %s", path);
        if (got == 0)
            break;
        for (int i = 0; i < got; i++) {
            if (chunk[i] == '\n') {
                fn(line.p ? line.p : "", line.len);
                line.len = 0;
            } else {
                bput(&line, chunk + i, 1);
            }
        }
    }
    if (line.len)
        fn(line.p, line.len);
    fn("", 0); /* the end of the file ends a sentence too */
    gzclose(f);
    free(line.p);
}

/* CoNLL-U (HDTB) and token-per-line (HiNER): tokens of the first column
 * that holds the word form, joined by spaces, up to a blank line. */
static buf tokens;
static int form_col, cont_docs;

static void tokline(const char *s, size_t n) {
    if (n == 0) {
        if (tokens.len)
            add_sent(tokens.p, tokens.len, cont_docs);
        tokens.len = 0;
        return;
    }
    if (s[0] == '#')
        return;
    int col = 0;
    size_t a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '\t') {
            if (col == form_col) {
                if (form_col == 1) { /* CoNLL-U: skip multiword ranges */
                    size_t k = 0;
                    while (k < a && s[k] != '-' && s[k] != '.')
                        k++;
                    if (k < a - 1)
                        return;
                }
                if (tokens.len)
                    bput(&tokens, " ", 1);
                bput(&tokens, s + a, i - a);
                return;
            }
            col++;
            a = i + 1;
        }
    }
}

/* UD PUD: "# text = ..." lines; "# newdoc" starts a document. */
static void pudline(const char *s, size_t n) {
    static const char tx[] = "# text = ", nd[] = "# newdoc";
    if (n >= sizeof nd - 1 && !memcmp(s, nd, sizeof nd - 1))
        end_doc();
    else if (n > sizeof tx - 1 && !memcmp(s, tx, sizeof tx - 1))
        add_sent(s + sizeof tx - 1, n - (sizeof tx - 1), 1);
}

/* Splits a news text into sentences: at line breaks, and after । ॥ ? !
 * or a '.' that is followed by a space (Hindi web news often writes '.'
 * for the danda). */
static void split_text(const char *s, size_t n) {
    size_t a = 0;
    int cont = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t cut = 0; /* the end of a sentence before i, exclusive */
        int brk = i == n || s[i] == '\n';
        if (brk) {
            cut = i;
        } else if (i + 3 <= n && (unsigned char)s[i] == 0xE0 &&
                   (unsigned char)s[i + 1] == 0xA5 &&
                   ((unsigned char)s[i + 2] == 0xA4 ||
                    (unsigned char)s[i + 2] == 0xA5)) {
            cut = i + 3; /* । or ॥ */
        } else if ((s[i] == '?' || s[i] == '!' || s[i] == '.') && i + 1 < n &&
                   s[i + 1] == ' ') {
            cut = i + 1;
        }
        if (!cut)
            continue;
        if (cut > a)
            cont = add_sent(s + a, cut - a, cont) || cont;
        a = cut;
        if (brk)
            a = i + 1;
        i = a - 1;
    }
    end_doc();
}

static void newsline(const char *s, size_t n) {
    if (n == 0)
        return;
    json_error_t je;
    json_t *o = json_loadb(s, n, 0, &je);
    if (!o)
        die("bad JSON line in the news: %s", je.text);
    json_t *t = json_object_get(o, "text"), *h = json_object_get(o, "title");
    if (json_is_string(t)) {
        size_t len = json_string_length(t);
        if (nreal == capreal) {
            capreal = capreal ? capreal * 2 : 1024;
            reallen = xrealloc(reallen, capreal * sizeof *reallen);
        }
        reallen[nreal++] = (uint32_t)len;
        split_text(json_string_value(t), len);
    }
    if (json_is_string(h)) { /* the headline: a title candidate of its own */
        size_t before = ntitles;
        if (add_sent(json_string_value(h), json_string_length(h), 0) &&
            ntitles == before) {
            if (ntitles == captitles) {
                captitles = captitles ? captitles * 2 : 4096;
                titles = xrealloc(titles, captitles * sizeof *titles);
            }
            titles[ntitles++] = (uint32_t)(nsents - 1);
        }
        end_doc();
    }
    json_decref(o);
}

static void load(const char *shared) {
    char path[4096];
    snprintf(path, sizeof path, "%s/data/hdtb/dev.conllu.gz", shared);
    form_col = 1, cont_docs = 1; /* HDTB keeps its documents' order */
    each_line(path, tokline);
    end_doc();
    snprintf(path, sizeof path, "%s/data/ud-pud/dev.conllu.gz", shared);
    each_line(path, pudline);
    end_doc();
    snprintf(path, sizeof path, "%s/data/hiner/dev.conll.gz", shared);
    form_col = 0, cont_docs = 0; /* HiNER is shuffled: no successors */
    each_line(path, tokline);
    end_doc();
    snprintf(path, sizeof path, "%s/data/news/*.jsonl.gz", shared);
    glob_t g;
    if (glob(path, 0, NULL, &g) || g.gl_pathc == 0)
        die("no %s", path);
    for (size_t i = 0; i < g.gl_pathc; i++) /* glob sorts: a fixed order */
        each_line(g.gl_pathv[i], newsline);
    globfree(&g);
    free(tokens.p);
    if (nsents < 1000 || !nreal || !ntitles)
        die("%s", "too few sentences in the shared data");
}

/* ------------------------------------------------------------ laws */

/* A Zipf-like law over n items in a seeded random order: cumulative
 * weights 1/(r+q)^s by rank, and the item at each rank. */
typedef struct {
    double *cum;
    uint32_t *item;
    size_t n;
} zipf;

static void zipf_init(zipf *z, const uint32_t *items, size_t n, double s,
                      double q) {
    z->n = n;
    z->cum = xrealloc(NULL, n * sizeof *z->cum);
    z->item = xrealloc(NULL, n * sizeof *z->item);
    memcpy(z->item, items, n * sizeof *items);
    for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
        size_t j = below(i);
        uint32_t t = z->item[i - 1];
        z->item[i - 1] = z->item[j];
        z->item[j] = t;
    }
    double acc = 0;
    for (size_t r = 0; r < n; r++) {
        acc += pow((double)r + 1.0 + q, -s);
        z->cum[r] = acc;
    }
}

static uint32_t zipf_draw(const zipf *z) {
    double u = unif() * z->cum[z->n - 1];
    size_t lo = 0, hi = z->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (z->cum[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return z->item[lo];
}

/* --------------------------------------------------- new-word process */

static buf nw_text;      /* the new types, NUL-separated */
static uint32_t *nw_off; /* offset of each type */
static size_t nw_k, nw_cap;
static uint32_t *nw_hist; /* the type of every draw so far */
static size_t nw_n, nw_hcap;

/* the 33 consonants U+0915..U+0939 minus ङ ञ (rare), as the last byte
 * after E0 A4 */
static const unsigned char CONS[] = {
    0x95, 0x96, 0x97, 0x98, 0x9a, 0x9b, 0x9c, 0x9d, 0x9f, 0xa0, 0xa1,
    0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xaa, 0xab, 0xac, 0xad,
    0xae, 0xaf, 0xb0, 0xb2, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9};

static int is_cons(const unsigned char *p) {
    return p[0] == 0xE0 && p[1] == 0xA4 && p[2] >= 0x95 && p[2] <= 0xB9;
}

/* A new type from word w (n bytes, all Devanagari): one or two of its
 * consonants replaced by others. */
static uint32_t new_type(const char *w, size_t n) {
    uint32_t off = (uint32_t)nw_text.len;
    bput(&nw_text, w, n);
    unsigned char *p = (unsigned char *)nw_text.p + off;
    size_t cons[64], nc = 0;
    for (size_t i = 0; i + 3 <= n && nc < 64; i += 3)
        if (is_cons(p + i))
            cons[nc++] = i;
    int edits = unif() < 0.5 ? 3 : 2;
    for (int e = 0; e < edits && nc; e++) {
        unsigned char *c = p + cons[below(nc)];
        unsigned char r;
        do
            r = CONS[below(sizeof CONS)];
        while (r == c[2]);
        c[2] = r;
    }
    bput(&nw_text, "", 1);
    if (nw_k == nw_cap) {
        nw_cap = nw_cap ? nw_cap * 2 : 65536;
        nw_off = xrealloc(nw_off, nw_cap * sizeof *nw_off);
    }
    nw_off[nw_k] = off;
    return (uint32_t)nw_k++;
}

/* The word that replaces w: a new type or an earlier draw. */
static const char *new_word(const char *w, size_t n) {
    uint32_t t;
    if (nw_n == 0 ||
        unif() * (PY_THETA + (double)nw_n) < PY_THETA + PY_D * (double)nw_k)
        t = new_type(w, n);
    else
        t = nw_hist[below(nw_n)];
    if (nw_n == nw_hcap) {
        nw_hcap = nw_hcap ? nw_hcap * 2 : 1 << 20;
        nw_hist = xrealloc(nw_hist, nw_hcap * sizeof *nw_hist);
    }
    nw_hist[nw_n++] = t;
    return nw_text.p + nw_off[t];
}

/* Appends sentence s to b, content words replaced with probability P_NEW.
 * A word here is a maximal run of Devanagari letters and signs
 * (U+0900..U+0963, U+0970..U+097F: not the dandas nor the digits). */
static void put_sentence(buf *b, const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        size_t j = i, cps = 0;
        while (j + 3 <= n && (unsigned char)s[j] == 0xE0 &&
               (((unsigned char)s[j + 1] == 0xA4) ||
                ((unsigned char)s[j + 1] == 0xA5 &&
                 ((unsigned char)s[j + 2] <= 0xA3 ||
                  (unsigned char)s[j + 2] >= 0xB0)))) {
            j += 3;
            cps++;
        }
        if (cps >= MIN_CONTENT && unif() < P_NEW) {
            const char *r = new_word(s + i, j - i);
            bputs(b, r);
            i = j;
        } else if (j > i) {
            bput(b, s + i, j - i);
            i = j;
        } else {
            bput(b, s + i, 1);
            i++;
        }
    }
}

/* ------------------------------------------------------------ output */

static void put_json_string(buf *b, const char *s, size_t n) {
    bput(b, "\"", 1);
    size_t a = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char tmp[8];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c < 0x20) {
            snprintf(tmp, sizeof tmp, "\\u%04x", c);
            esc = tmp;
        }
        if (esc) {
            bput(b, s + a, i - a);
            bputs(b, esc);
            a = i + 1;
        }
    }
    bput(b, s + a, n - a);
    bput(b, "\"", 1);
}

/* the words of a text, for --stats: runs of Devanagari letters and signs,
 * or of ASCII letters and digits; hashed into an open-addressing set */
static uint64_t *set;
static size_t setcap, setn;
static uint64_t ntok;

static void set_add(uint64_t h) {
    if (!h)
        h = 1;
    if (2 * (setn + 1) > setcap) {
        size_t oc = setcap;
        uint64_t *old = set;
        setcap = setcap ? setcap * 2 : 1 << 16;
        set = calloc(setcap, sizeof *set);
        if (!set)
            die("%s", "out of memory");
        setn = 0;
        for (size_t i = 0; i < oc; i++)
            if (old[i])
                set_add(old[i]);
        free(old);
    }
    size_t m = setcap - 1, i = h & m;
    while (set[i] && set[i] != h)
        i = (i + 1) & m;
    if (!set[i]) {
        set[i] = h;
        setn++;
    }
}

static void count_types(const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint64_t h = 1469598103934665603ULL;
        size_t j = i;
        while (j < n) {
            unsigned char c = (unsigned char)s[j];
            size_t k;
            if (j + 3 <= n && c == 0xE0 &&
                ((unsigned char)s[j + 1] == 0xA4 ||
                 ((unsigned char)s[j + 1] == 0xA5 &&
                  ((unsigned char)s[j + 2] <= 0xA3 ||
                   (unsigned char)s[j + 2] >= 0xB0))))
                k = 3;
            else if (((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9')))
                k = 1;
            else
                break;
            for (size_t x = 0; x < k; x++)
                h = (h ^ (unsigned char)s[j + x]) * 1099511628211ULL;
            j += k;
        }
        if (j > i) {
            set_add(h ^ (h >> 29));
            ntok++;
            i = j;
        } else {
            i++;
        }
    }
}

static int is_checkpoint(size_t k) {
    /* 1, 3, 10, 30, ... and the last */
    for (size_t p = 1; p <= k; p *= 10)
        if (k == p || k == 3 * p)
            return 1;
    return 0;
}

int main(int argc, char **argv) {
    size_t n = 200000;
    uint64_t seed = 1;
    const char *shared = "../shared", *out = NULL;
    int stats = 0;
    for (int a = 1; a < argc; a++) {
        const char *s = argv[a];
        if (!strcmp(s, "-n") && a + 1 < argc)
            n = strtoull(argv[++a], NULL, 10);
        else if (!strcmp(s, "-s") && a + 1 < argc)
            seed = strtoull(argv[++a], NULL, 10);
        else if (!strcmp(s, "--shared") && a + 1 < argc)
            shared = argv[++a];
        else if (!strcmp(s, "-o") && a + 1 < argc)
            out = argv[++a];
        else if (!strcmp(s, "--stats"))
            stats = 1;
        else {
            fprintf(stderr, "usage: gen [-n N] [-s SEED] [--shared DIR] [-o "
                            "FILE] [--stats]\n");
            return 2;
        }
    }
    load(shared);
    rng_seed(seed);

    uint32_t *all = xrealloc(NULL, nsents * sizeof *all);
    for (size_t i = 0; i < nsents; i++)
        all[i] = (uint32_t)i;
    zipf body, head;
    zipf_init(&body, all, nsents, ZIPF_S, ZIPF_Q);
    zipf_init(&head, titles, ntitles, TITLE_S, ZIPF_Q);
    free(all);
    /* source shares 1/(i+1) */
    double scum[NSOURCES], sacc = 0;
    for (size_t i = 0; i < NSOURCES; i++)
        scum[i] = (sacc += 1.0 / (double)(i + 1));

    FILE *f = out ? fopen(out, "wb") : stdout;
    if (!f)
        die("cannot write %s", out);
    static char obuf[1 << 20];
    setvbuf(f, obuf, _IOFBF, sizeof obuf);

    buf line = {0}, body_txt = {0}, title = {0};
    uint64_t bytes = 0;
    const int64_t day0 = 19905; /* 2024-07-01 in days since 1970-01-01 */
    for (size_t k = 1; k <= n; k++) {
        /* title: a short sentence, final danda or full stop dropped */
        title.len = 0;
        const sent *ts = &sents[zipf_draw(&head)];
        put_sentence(&title, text.p + ts->off, ts->len);
        while (title.len &&
               (title.p[title.len - 1] == ' ' || title.p[title.len - 1] == '.'))
            title.len--;
        if (title.len >= 3 &&
            !memcmp(title.p + title.len - 3, "\xe0\xa5\xa4", 3))
            title.len -= 3;
        while (title.len && title.p[title.len - 1] == ' ')
            title.len--;

        /* text: paragraphs of 1-4 sentences up to a real article's length */
        size_t want = reallen[below(nreal)];
        body_txt.len = 0;
        int32_t prev = -1;
        while (body_txt.len < want) {
            if (body_txt.len)
                bput(&body_txt, "\n\n", 2);
            int ns = 1 + (int)below(4);
            for (int i = 0; i < ns && body_txt.len < want; i++) {
                int32_t s =
                    (prev >= 0 && sents[prev].next >= 0 && unif() < P_NEXT)
                        ? sents[prev].next
                        : (int32_t)zipf_draw(&body);
                if (i)
                    bput(&body_txt, " ", 1);
                put_sentence(&body_txt, text.p + sents[s].off, sents[s].len);
                prev = s;
            }
        }

        /* a date in the year, a time of day, a source */
        int64_t day = day0 + (int64_t)below(365);
        int64_t z = day + 719468, era = z / 146097; /* civil from days */
        int64_t doe = z - era * 146097;
        int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100),
                mp = (5 * doy + 2) / 153;
        int dd = (int)(doy - (153 * mp + 2) / 5 + 1),
            mm = (int)(mp < 10 ? mp + 3 : mp - 9);
        int yy = (int)(yoe + era * 400 + (mm <= 2));
        unsigned secs = (unsigned)below(86400);
        double u = unif() * scum[NSOURCES - 1];
        size_t src = 0;
        while (src + 1 < NSOURCES && scum[src] < u)
            src++;

        char head_s[160];
        line.len = 0;
        snprintf(head_s, sizeof head_s, "{\"id\": \"g%07zu\", \"title\": ", k);
        bputs(&line, head_s);
        put_json_string(&line, title.p ? title.p : "", title.len);
        bputs(&line, ", \"text\": ");
        put_json_string(&line, body_txt.p, body_txt.len);
        snprintf(head_s, sizeof head_s,
                 ", \"date\": \"%04d-%02d-%02dT%02u:%02u:%02u+05:30\", "
                 "\"source\": \"%s\"}\n",
                 yy, mm, dd, secs / 3600, secs / 60 % 60, secs % 60,
                 SOURCES[src]);
        bputs(&line, head_s);
        if (fwrite(line.p, 1, line.len, f) != line.len)
            die("%s", "write error");
        bytes += line.len;
        if (stats) {
            count_types(title.p ? title.p : "", title.len);
            count_types(body_txt.p, body_txt.len);
            if (is_checkpoint(k) || k == n)
                fprintf(stderr, "gen: %zu articles %llu tokens %zu types\n", k,
                        (unsigned long long)ntok, setn);
        }
    }
    if (fflush(f) || (out && fclose(f)))
        die("%s", "write error");
    fprintf(stderr,
            "gen: %zu articles, %.1f MB, seed %llu; pool: %zu sentences "
            "(%zu titles), %zu real lengths; %zu new word types in %zu draws\n",
            n, (double)bytes / 1e6, (unsigned long long)seed, nsents, ntitles,
            nreal, nw_k, nw_n);
    free(line.p);
    free(body_txt.p);
    free(title.p);
    return 0;
}
