/*
 * benchutil.c — builds the large Hindi benchmark text from the shared data
 * (news articles read through `gzip -dc` and jansson, UD sentences), cuts it
 * into the chunks khabar is fed, and reads the clock. See benchutil.h.
 */
#include "benchutil.h"

#include "khabar.h"

#include <glob.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Original Hindi written for the benchmarks, used when the shared data is
 * not there: local news in the shape scraped articles have (headline line,
 * dateline, numbers, a quote, a web address). */
static const char fallback_text[] =
    "नगर निगम ने बारिश से पहले सड़कों की मरम्मत का काम तेज़ किया\n"
    "\n"
    "शहर संवाददाता, बुधवार, 4 जून 2025\n"
    "नगर निगम ने बुधवार को घोषणा की कि मानसून से पहले शहर की 120 किलोमीटर "
    "सड़कों की मरम्मत पूरी कर ली जाएगी। महापौर ने बताया कि इस काम पर लगभग "
    "₹45 करोड़ ख़र्च होंगे और इसके लिए राज्य सरकार से अनुदान मिल चुका है। "
    "नागरिक अपनी शिकायतें www.example.org पर या हेल्पलाइन 1800-000-000 पर दर्ज "
    "करा सकते हैं। विपक्ष के पार्षदों ने कहा, \"यह घोषणा हर साल होती है, पर "
    "गड्ढे वहीं के वहीं रहते हैं।\" अधिकारियों के अनुसार पहले चरण का काम 15 "
    "जून तक और दूसरे चरण का काम 30 जून तक पूरा होगा।\n"
    "\n"
    "मौसम विभाग के मुताबिक अगले दो दिनों में हल्की से मध्यम बारिश हो सकती है। "
    "किसानों को सलाह दी गई है कि वे कटी हुई फ़सल को खुले में न छोड़ें। क्या "
    "इस बार समय पर बारिश होगी? विशेषज्ञों का कहना है कि प्रशांत महासागर में "
    "बन रही परिस्थितियाँ अनुकूल हैं, इसलिए औसत से 5% अधिक वर्षा की उम्मीद "
    "है।\n"
    "\n";

/* A growing byte buffer; `failed` sticks once an allocation fails. */
typedef struct growbuf {
    char *p;
    size_t len, cap;
    int failed;
} growbuf;

static void gb_add(growbuf *b, const char *s, size_t n) {
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 20;
        while (cap < b->len + n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

/* Opens `gzip -dc PATH` for reading; NULL when the path cannot be quoted
 * simply or gzip cannot start. */
static FILE *open_gz(const char *path) {
    if (strchr(path, '\''))
        return NULL;
    size_t n = strlen(path) + 32;
    char *cmd = malloc(n);
    if (!cmd)
        return NULL;
    snprintf(cmd, n, "gzip -dc -- '%s' 2>/dev/null", path);
    FILE *f = popen(cmd, "r");
    free(cmd);
    return f;
}

/* Appends the "text" of every JSON line of one .jsonl.gz file. */
static size_t add_news_file(growbuf *b, const char *path) {
    FILE *f = open_gz(path);
    if (!f)
        return 0;
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        json_error_t jerr;
        json_t *root = json_loadb(line, (size_t)got, 0, &jerr);
        json_t *text = root ? json_object_get(root, "text") : NULL;
        const char *s = json_string_value(text);
        size_t len = json_string_length(text);
        size_t bad;
        if (s && len && kh_utf8_check(s, len, &bad) == KH_OK) {
            gb_add(b, s, len);
            gb_add(b, "\n\n", 2);
            n++;
        }
        json_decref(root);
    }
    free(line);
    pclose(f);
    return n;
}

static size_t add_news(growbuf *b, const char *shared) {
    char pattern[4096];
    snprintf(pattern, sizeof pattern, "%s/data/news/*.jsonl.gz", shared);
    glob_t g;
    if (glob(pattern, 0, NULL, &g))
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < g.gl_pathc; i++)
        n += add_news_file(b, g.gl_pathv[i]);
    globfree(&g);
    return n;
}

/* Appends one sentence; paragraphs end at each `# newdoc`, or every eight
 * sentences in files without documents (HDTB), as news paragraphs do. */
static void add_sentence(growbuf *b, growbuf *s, size_t *in_para) {
    size_t bad;
    if (!s->len || kh_utf8_check(s->p, s->len, &bad) != KH_OK)
        return;
    if (*in_para)
        gb_add(b, " ", 1);
    gb_add(b, s->p, s->len);
    if (++*in_para == 8) {
        gb_add(b, "\n\n", 2);
        *in_para = 0;
    }
}

/* Appends the sentences of a CoNLL-U file: the `# text` line when there
 * is one, else the FORMs joined by spaces. */
static size_t add_conllu(growbuf *b, const char *path) {
    FILE *f = open_gz(path);
    if (!f)
        return 0;
    growbuf sent = {0};
    char *line = NULL;
    size_t cap = 0, n = 0, in_para = 0;
    int have_text = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) >= 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0) { /* end of a sentence */
            n += sent.len > 0;
            add_sentence(b, &sent, &in_para);
            sent.len = 0;
            have_text = 0;
        } else if (!strncmp(line, "# newdoc", 8)) {
            if (in_para)
                gb_add(b, "\n\n", 2);
            in_para = 0;
        } else if (!strncmp(line, "# text = ", 9)) {
            sent.len = 0;
            gb_add(&sent, line + 9, (size_t)got - 9);
            have_text = 1;
        } else if (line[0] != '#' && !have_text) {
            char *id_end = strchr(line, '\t');
            char *form = id_end ? id_end + 1 : NULL;
            char *form_end = form ? strchr(form, '\t') : NULL;
            /* ranges (1-2) and empty nodes (1.1) are not surface words */
            if (form_end && !memchr(line, '-', (size_t)(id_end - line)) &&
                !memchr(line, '.', (size_t)(id_end - line))) {
                if (sent.len)
                    gb_add(&sent, " ", 1);
                gb_add(&sent, form, (size_t)(form_end - form));
            }
        }
    }
    n += sent.len > 0;
    add_sentence(b, &sent, &in_para);
    if (in_para)
        gb_add(b, "\n\n", 2);
    b->failed |= sent.failed;
    free(sent.p);
    free(line);
    pclose(f);
    return n;
}

int bench_text_build(const char *shared, size_t min_bytes, bench_text *out) {
    memset(out, 0, sizeof *out);
    growbuf base = {0};
    if (shared) {
        char path[4096];
        out->n_news = add_news(&base, shared);
        snprintf(path, sizeof path, "%s/data/hdtb/dev.conllu.gz", shared);
        out->n_sentences = add_conllu(&base, path);
        snprintf(path, sizeof path, "%s/data/ud-pud/dev.conllu.gz", shared);
        out->n_sentences += add_conllu(&base, path);
    }
    if (!base.failed && base.len == 0) {
        out->fallback = 1;
        gb_add(&base, fallback_text, sizeof fallback_text - 1);
    }
    if (base.failed) {
        free(base.p);
        fprintf(stderr, "bench: out of memory reading the corpus\n");
        return -1;
    }
    out->base_len = base.len;
    out->copies = (unsigned)((min_bytes + base.len - 1) / base.len);
    if (out->copies == 0)
        out->copies = 1;
    out->len = base.len * out->copies;
    out->data = malloc(out->len + 1);
    if (!out->data) {
        free(base.p);
        fprintf(stderr, "bench: out of memory (%zu bytes)\n", out->len);
        return -1;
    }
    for (unsigned i = 0; i < out->copies; i++)
        memcpy(out->data + (size_t)i * base.len, base.p, base.len);
    out->data[out->len] = '\0';
    free(base.p);
    return 0;
}

void bench_text_free(bench_text *t) {
    free(t->data);
    memset(t, 0, sizeof *t);
}

void bench_text_describe(const bench_text *t, char *buf, size_t cap) {
    if (t->fallback)
        snprintf(buf, cap,
                 "%.1f MB: the built-in Hindi paragraph (%zu bytes) x %u "
                 "(shared data not found)",
                 t->len / 1e6, t->base_len, t->copies);
    else
        snprintf(buf, cap,
                 "%.1f MB: %zu news articles + %zu UD sentences (%.1f MB) "
                 "x %u",
                 t->len / 1e6, t->n_news, t->n_sentences, t->base_len / 1e6,
                 t->copies);
}

/* Last position p in text[from, to) just after `needle`, or 0. */
static size_t cut_after(const char *text, size_t from, size_t to,
                        const char *needle, size_t n) {
    for (size_t i = from; i + n <= to; i++)
        if (text[i] == needle[0] && !memcmp(text + i, needle, n))
            return i + n;
    return 0;
}

size_t bench_next_chunk(const char *text, size_t len, size_t target) {
    if (len <= target)
        return len;
    /* look a little further than the target for a good cut */
    size_t limit = target + target / 4 < len ? target + target / 4 : len;
    size_t p;
    if ((p = cut_after(text, target, limit, "\n\n", 2)) ||
        (p = cut_after(text, target, limit, "\n", 1)) ||
        (p = cut_after(text, target, limit, " ", 1)))
        return p;
    p = target;
    while (p < len && ((unsigned char)text[p] & 0xC0) == 0x80)
        p++;
    return p;
}

double bench_now(void) {
    /* CPU time of this process: the benchmarks run on one thread, and on a
     * shared machine wall time counts the other users' work too */
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_cpu_name(char *buf, size_t cap) {
    snprintf(buf, cap, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) || !colon)
            continue;
        colon += 1 + (colon[1] == ' ');
        colon[strcspn(colon, "\n")] = '\0';
        snprintf(buf, cap, "%s", colon);
        break;
    }
    fclose(f);
}
