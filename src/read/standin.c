/*
 * standin.c — text stand-ins for the HTML parser. gumbo tokenizes text one
 * code point at a time, and on a news page most bytes are text: parsing
 * alone ran below the 50 MB/s the HTML reader must reach. So before the
 * parse, each long run of plain text is replaced by a short stand-in (a
 * private-use code point and four ASCII characters naming the run), and
 * the reader puts the run back when it reads a text node (html.c).
 *
 * A run holds no byte that any text state of the HTML tokenizer reacts to
 * ('<', '&', '-', '!', ']', '>', NUL, CR) nor a line break (text nodes
 * keep their line numbers), starts and ends on a non-space, and never
 * starts where the tokenizer is still deciding what the bytes before it
 * are ("<di", "&am"), so the tokenizer and the tree builder treat the
 * stand-in as they treat the run:
 * the page's tree is the same, with the same text, as long as every run
 * the scan below took for text is text to gumbo too. The scan follows the
 * tokenizer (tags with quoted attributes, comments, doctypes, raw-text
 * elements), but cannot know everything the tree builder does (foreign
 * content, escaped scripts); so after the parse kh_standin_check()
 * confirms that each stand-in came out once, whole, in a text node, and
 * the page is parsed again from the original bytes when one did not.
 */
#include "read.h"

#include <stdlib.h>
#include <string.h>

/* U+10FFFD, the last private-use code point: a page that has it is parsed
 * without stand-ins. */
static const char lead[KH_STANDIN_LEAD] = {'\xF4', '\x8F', '\xBF', '\xBD'};

/* The run's number in four characters that no tokenizer state reacts to. */
static const char digits64[65] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

/* Runs shorter than this are left as they are: a stand-in must save more
 * than it costs. */
#define MIN_RUN 24

/* Bytes that end a run: see the top of the file. Control characters
 * too: the parser turns them into U+FFFD, which a stand-in would not. */
static int stop_byte(unsigned char c) {
    return c == '<' || c == '&' || c == '-' || c == '!' || c == ']' ||
           c == '>' || c == 0x7F || (c < 0x20 && c != '\t' && c != '\f');
}

/* Does the character at s[j] (a lead byte; valid UTF-8) end a run? The
 * parser replaces C1 controls and noncharacters (U+FDD0..U+FDEF, U+xFFFE,
 * U+xFFFF) with U+FFFD. */
static int stop_seq(const unsigned char *s, size_t j, size_t e) {
    unsigned char c = s[j];
    if (c == 0xC2)
        return j + 1 < e && s[j + 1] < 0xA0;
    if (c == 0xEF)
        return j + 2 < e &&
               ((s[j + 1] == 0xB7 && s[j + 2] >= 0x90 && s[j + 2] <= 0xAF) ||
                (s[j + 1] == 0xBF && s[j + 2] >= 0xBE));
    if (c >= 0xF0)
        return j + 3 < e && (s[j + 1] & 0x0F) == 0x0F && s[j + 2] == 0xBF &&
               s[j + 3] >= 0xBE;
    return 0;
}

static int html_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r';
}

static int ascii_alpha(unsigned char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int ascii_alnum(unsigned char c) {
    return ascii_alpha(c) || (c >= '0' && c <= '9');
}

/* Elements whose content the tokenizer reads as text up to their end tag
 * (RCDATA, RAWTEXT, script data, PLAINTEXT). */
static const char *const raw_names[] = {"script",   "style",   "xmp",
                                        "iframe",   "noembed", "noframes",
                                        "textarea", "title",   "plaintext"};

static int ieq_n(const char *a, const char *lit, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((char)(a[i] | 0x20) != lit[i])
            return 0;
    return lit[n] == '\0';
}

/* Index of a raw-text element name, or -1. */
static int raw_index(const char *name, size_t n) {
    for (size_t k = 0; k < sizeof raw_names / sizeof *raw_names; k++)
        if (ieq_n(name, raw_names[k], n))
            return (int)k;
    return -1;
}

/* A tag from s[i], just after "<" or "</" (at a letter), to just after
 * its '>' (or the end): the tokenizer's tag states, where only a quote
 * right after '=' opens a value. Sets the name's span. */
static size_t scan_tag(const char *s, size_t n, size_t i, size_t *name,
                       size_t *name_len) {
    enum { NAME, BEFORE_ATTR, ATTR, AFTER_ATTR, BEFORE_VALUE, DQ, SQ, UNQ };
    int st = NAME;
    *name = i;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        switch (st) {
        case NAME:
            if (html_space(c) || c == '/') {
                *name_len = i - *name;
                st = BEFORE_ATTR;
            } else if (c == '>') {
                *name_len = i - *name;
                return i + 1;
            }
            break;
        case BEFORE_ATTR:
            if (c == '>')
                return i + 1;
            if (!html_space(c) && c != '/')
                st = ATTR;
            break;
        case ATTR:
            if (c == '>')
                return i + 1;
            if (c == '=')
                st = BEFORE_VALUE;
            else if (html_space(c) || c == '/')
                st = AFTER_ATTR;
            break;
        case AFTER_ATTR:
            if (c == '>')
                return i + 1;
            if (c == '=')
                st = BEFORE_VALUE;
            else if (!html_space(c) && c != '/')
                st = ATTR;
            break;
        case BEFORE_VALUE:
            if (c == '>')
                return i + 1;
            if (c == '"')
                st = DQ;
            else if (c == '\'')
                st = SQ;
            else if (!html_space(c))
                st = UNQ;
            break;
        case DQ: {
            const char *q = memchr(s + i, '"', n - i);
            if (!q)
                return n;
            i = (size_t)(q - s);
            st = BEFORE_ATTR; /* after a quoted value: as before a name */
            break;
        }
        case SQ: {
            const char *q = memchr(s + i, '\'', n - i);
            if (!q)
                return n;
            i = (size_t)(q - s);
            st = BEFORE_ATTR;
            break;
        }
        case UNQ:
            if (c == '>')
                return i + 1;
            if (html_space(c))
                st = BEFORE_ATTR;
            break;
        }
        i++;
    }
    if (st == NAME)
        *name_len = n - *name;
    return n;
}

/* A comment from just after "<!--" to just after its end: "-->", "--!>",
 * or at once for "<!-->" and "<!--->". */
static size_t scan_comment(const char *s, size_t n, size_t i) {
    if (i < n && s[i] == '>')
        return i + 1;
    if (i + 1 < n && s[i] == '-' && s[i + 1] == '>')
        return i + 2;
    while (i + 1 < n) {
        const char *d = memchr(s + i, '-', n - i - 1);
        if (!d)
            return n;
        i = (size_t)(d - s);
        if (s[i + 1] != '-') {
            i++;
            continue;
        }
        size_t j = i + 2;
        while (j < n && s[j] == '-')
            j++;
        if (j < n && s[j] == '>')
            return j + 1;
        if (j + 1 < n && s[j] == '!' && s[j + 1] == '>')
            return j + 2;
        i = j;
    }
    return n;
}

/* Up to '>' (doctypes, bogus comments, "<!...>", "<?...>"). */
static size_t scan_to_gt(const char *s, size_t n, size_t i) {
    const char *g = memchr(s + i, '>', n - i);
    return g ? (size_t)(g - s) + 1 : n;
}

/* Where the end tag "</name" (followed by a space, '/' or '>') of a
 * raw-text element starts, at or after i; n when it is missing. */
static size_t raw_end(const char *s, size_t n, size_t i, const char *name) {
    size_t m = strlen(name);
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            return n;
        i = (size_t)(lt - s);
        if (i + 2 + m <= n && s[i + 1] == '/' && ieq_n(s + i + 2, name, m) &&
            (i + 2 + m == n || html_space((unsigned char)s[i + 2 + m]) ||
             s[i + 2 + m] == '/' || s[i + 2 + m] == '>'))
            return i;
        i++;
    }
    return n;
}

static int out(kh_standin *x, const char *p, size_t k) {
    if (!k)
        return 0;
    if (x->len + k > x->cap_doc) {
        size_t cap = x->cap_doc ? x->cap_doc * 2 : 4096;
        while (cap < x->len + k)
            cap *= 2;
        char *d = realloc(x->doc, cap);
        if (!d)
            return -1;
        x->doc = d;
        x->cap_doc = cap;
    }
    memcpy(x->doc + x->len, p, k);
    x->len += k;
    return 0;
}

/* Text from s[i, e) that the tokenizer reads as text: long runs become
 * stand-ins, the rest is copied. */
static int text(kh_standin *x, const char *s, size_t i, size_t e) {
    size_t copied = i;
    while (i < e) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&') {
            /* a character reference is the parser's to read: the run may
             * start only after its name */
            i++;
            while (i < e && (ascii_alnum((unsigned char)s[i]) || s[i] == '#' ||
                             s[i] == ';'))
                i++;
            continue;
        }
        if (c == '<') {
            /* what follows decides what '<' is ("<div", "</p", "<!", "<?"):
             * a stand-in there would decide it differently, so the run
             * starts only after the tag name in the making */
            i++;
            if (i < e && (s[i] == '/' || s[i] == '!' || s[i] == '?'))
                i++;
            while (i < e && ascii_alpha((unsigned char)s[i]))
                i++;
            continue;
        }
        if (stop_byte(c) || html_space(c)) {
            i++;
            continue;
        }
        const unsigned char *u = (const unsigned char *)s;
        if (c >= 0x80 && stop_seq(u, i, e)) {
            i += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2; /* the whole character */
            continue;
        }
        size_t j = i, last = i; /* last: after the run's last non-space */
        while (j < e) {
            unsigned char b = u[j];
            if (b == 0xE0 && j + 2 < e) {
                j += 3; /* U+0800..U+0FFF (Devanagari): never a stop */
                last = j;
                continue;
            }
            if (b < 0x80 ? stop_byte(b) : stop_seq(u, j, e))
                break;
            if (!html_space(b))
                last = j + 1;
            j++;
        }
        if (last - i >= MIN_RUN && x->n < KH_STANDIN_MAX) {
            if (x->n == x->cap_runs) {
                size_t cap = x->cap_runs ? x->cap_runs * 2 : 64;
                kh_standin_run *r = realloc(x->runs, cap * sizeof *r);
                if (!r)
                    return -1;
                x->runs = r;
                x->cap_runs = cap;
            }
            x->runs[x->n].off = i;
            x->runs[x->n].len = last - i;
            size_t k = x->n++;
            char mark[KH_STANDIN_SIZE];
            memcpy(mark, lead, KH_STANDIN_LEAD);
            for (int d = 0; d < 4; d++)
                mark[KH_STANDIN_LEAD + d] = digits64[(k >> (6 * d)) & 63];
            if (out(x, s + copied, i - copied) || out(x, mark, sizeof mark))
                return -1;
            copied = last;
        }
        i = j;
    }
    return out(x, s + copied, e - copied);
}

int kh_standin_in(const char *s, size_t n) {
    for (size_t i = 0; i + KH_STANDIN_LEAD <= n;) {
        const char *p = memchr(s + i, lead[0], n - i);
        if (!p || (size_t)(p - s) + KH_STANDIN_LEAD > n)
            return 0;
        if (!memcmp(p, lead, KH_STANDIN_LEAD))
            return 1;
        i = (size_t)(p - s) + 1;
    }
    return 0;
}

int kh_standin_make(const char *s, size_t n, kh_standin *x) {
    memset(x, 0, sizeof *x);
    x->orig = s;
    if (n < 2 * MIN_RUN || kh_standin_in(s, n))
        return 0; /* parse the page as it is */
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t e = lt ? (size_t)(lt - s) : n;
        if (text(x, s, i, e))
            goto nomem;
        if (e >= n)
            break;
        size_t j = e + 1, name = 0, name_len = 0;
        int start_tag = 0;
        if (j < n && ascii_alpha((unsigned char)s[j])) {
            j = scan_tag(s, n, j, &name, &name_len);
            start_tag = 1;
        } else if (j + 1 < n && s[j] == '/' &&
                   ascii_alpha((unsigned char)s[j + 1])) {
            j = scan_tag(s, n, j + 1, &name, &name_len);
        } else if (j + 1 < n && s[j] == '/' && s[j + 1] == '>') {
            j += 2; /* "</>": nothing */
        } else if (j + 2 < n && s[j] == '!' && s[j + 1] == '-' &&
                   s[j + 2] == '-') {
            j = scan_comment(s, n, j + 3);
        } else if (j < n && (s[j] == '!' || s[j] == '/' || s[j] == '?')) {
            j = scan_to_gt(s, n, j);
        } else {
            /* a '<' that opens nothing is text */
            if (out(x, s + e, 1))
                goto nomem;
            i = e + 1;
            continue;
        }
        if (out(x, s + e, j - e))
            goto nomem;
        i = j;
        int raw = start_tag ? raw_index(s + name, name_len) : -1;
        if (raw >= 0) {
            /* the element's text up to its end tag; PLAINTEXT has none */
            size_t end = raw_end(s, n, i, raw_names[raw]);
            if (!strcmp(raw_names[raw], "plaintext"))
                end = n;
            if (text(x, s, i, end))
                goto nomem;
            i = end;
        }
    }
    if (!x->n) {
        free(x->doc);
        x->doc = NULL;
        x->len = 0;
    }
    return 0;
nomem:
    kh_standin_free(x);
    x->orig = s;
    return -1;
}

static size_t run_of(const char *m) {
    size_t k = 0;
    for (int d = 0; d < 4; d++) {
        const char *p = memchr(digits64, m[KH_STANDIN_LEAD + d], 64);
        if (!p)
            return (size_t)-1;
        k |= (size_t)(p - digits64) << (6 * d);
    }
    return k;
}

/* The next stand-in in t[0, n), or NULL. */
static const char *next_mark(const char *t, size_t n) {
    for (size_t i = 0; i + KH_STANDIN_LEAD <= n;) {
        const char *p = memchr(t + i, lead[0], n - i);
        if (!p || (size_t)(p - t) + KH_STANDIN_LEAD > n)
            return NULL;
        if (!memcmp(p, lead, KH_STANDIN_LEAD))
            return p;
        i = (size_t)(p - t) + 1;
    }
    return NULL;
}

size_t kh_standin_len(const kh_standin *x, const char *t) {
    size_t n = strlen(t);
    if (!x || !x->n)
        return n;
    size_t len = n;
    const char *p = t, *end = t + n, *m;
    while ((m = next_mark(p, (size_t)(end - p))) &&
           (size_t)(end - m) >= KH_STANDIN_SIZE) {
        size_t k = run_of(m);
        if (k < x->n)
            len = len - KH_STANDIN_SIZE + x->runs[k].len;
        p = m + KH_STANDIN_SIZE;
    }
    return len;
}

int kh_standin_append(const kh_standin *x, kh_buf *b, const char *t) {
    size_t n = strlen(t);
    if (!x || !x->n)
        return kh_buf_append(b, t, n);
    const char *p = t, *end = t + n, *m;
    while ((m = next_mark(p, (size_t)(end - p))) &&
           (size_t)(end - m) >= KH_STANDIN_SIZE) {
        size_t k = run_of(m);
        if (k >= x->n) {
            if (kh_buf_append(b, p, (size_t)(m - p) + 1))
                return -1;
            p = m + 1;
            continue;
        }
        if (kh_buf_append(b, p, (size_t)(m - p)) ||
            kh_buf_append(b, x->orig + x->runs[k].off, x->runs[k].len))
            return -1;
        p = m + KH_STANDIN_SIZE;
    }
    return kh_buf_append(b, p, (size_t)(end - p));
}

int kh_standin_count(const kh_standin *x, const char *t, unsigned char *seen) {
    if (!t)
        return 0;
    size_t n = strlen(t);
    const char *p = t, *end = t + n, *m;
    int bad = 0;
    while ((m = next_mark(p, (size_t)(end - p)))) {
        size_t k = (size_t)(end - m) >= KH_STANDIN_SIZE ? run_of(m) : x->n;
        if (!seen || k >= x->n || seen[k])
            bad = 1; /* cut short, unknown, twice, or not in text */
        else
            seen[k] = 1;
        p = m + 1;
    }
    return bad;
}

void kh_standin_free(kh_standin *x) {
    free(x->doc);
    free(x->runs);
    memset(x, 0, sizeof *x);
}
