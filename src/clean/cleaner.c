/*
 * cleaner.c — the clean pipeline and the public kh_clean* calls.
 *
 * From a reader's blocks to a kh_article, in this order (each step sees
 * what the earlier ones left):
 *   1. normalize whitespace of every line (into the article's arena),
 *      validating the UTF-8 and hashing the words for step 7 in the same
 *      pass (ws.c);
 *   2. title: the caller's, the page's h1, or the scrape's first line; the
 *      title repeated at the top of the text is dropped;
 *   3. page furniture, line by line (furniture.c), and page chrome the HTML
 *      reader marked; inside the body, another story's headline and lines
 *      the page also lists as related links;
 *   4. datelines glued to paragraphs, the feed's truncation marker;
 *   5. standfirst: a paragraph that the body repeats (whole or as its
 *      opening), or that furniture separates from the body, or the page's
 *      description; the repeat goes;
 *   6. kicker: a short label ending in ':' that opens the body (prefix.c);
 *   7. paragraphs repeated exactly or nearly are kept once;
 *   8. sub-headings (short lines without end punctuation before prose);
 *   9. sections, language per paragraph, dates with their years settled
 *      (those of removed datelines too).
 * Every line or part of a line dropped is listed in `removed` with why.
 */
#include "clean.h"
#include "read.h"

#include <stdlib.h>
#include <string.h>

struct kh_cleaner {
    unsigned flags;
    kh_furniture_index furn;
};

kh_status kh_cleaner_new(const kh_clean_options *opts, kh_cleaner **out,
                         kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_cleaner_new: out is NULL");
    *out = calloc(1, sizeof **out);
    if (!*out)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (cleaner)");
    (*out)->flags = opts ? opts->flags : 0;
    kh_furniture_index_init(&(*out)->furn);
    return KH_OK;
}

void kh_cleaner_free(kh_cleaner *cl) {
    free(cl);
}

/* ---- working state ---------------------------------------------------- */

enum { U_BODY, U_HEADING, U_DROP, U_TITLE, U_STANDFIRST };

/* Unit flag beside the reader's KH_BLK_*: a dateline was cut off. */
#define KH_BLK_DATELINE_CUT (1u << 15)

typedef struct unit {
    const char *text; /* normalized, NUL-terminated, in the arena */
    size_t len;
    size_t line;
    unsigned flags; /* KH_BLK_* */
    int kind;
    kh_removal why;
    kh_shingle sh;
    int has_sh;
} unit;

typedef struct work {
    const kh_cleaner *cl;
    kh_article_impl *im;
    kh_arena *arena;
    unit *u;
    size_t n;
    kh_removed *rm;
    size_t n_rm, cap_rm;
    const char *title;
    size_t title_len;
    const char *standfirst;
    size_t standfirst_len;
    const char *kicker;
    size_t kicker_len;
    int bad_utf8; /* set by the normalizer: the input is not valid UTF-8 */
    kh_error *err;
} work;

static kh_status nomem(work *w) {
    return kh_fail(w->err, KH_ERR_NOMEM, "out of memory (article)");
}

static kh_status add_removed(work *w, const char *s, size_t n, kh_removal why,
                             size_t line, int partial) {
    if (w->n_rm == w->cap_rm)
        return kh_fail(w->err, KH_ERR_INTERNAL, "removal list overflow");
    kh_removed *r = &w->rm[w->n_rm++];
    r->text = kh_arena_strndup(w->arena, s, n);
    if (!r->text)
        return nomem(w);
    r->len = n;
    r->reason = why;
    r->line = line;
    r->partial = partial;
    return KH_OK;
}

static kh_status drop(work *w, unit *u, kh_removal why) {
    u->kind = U_DROP;
    u->why = why;
    return add_removed(w, u->text, u->len, why, u->line, 0);
}

static int shingle(work *w, unit *u) {
    if (!u->has_sh) {
        if (kh_shingle_make(w->arena, u->text, u->len, &u->sh))
            return -1;
        u->has_sh = 1;
    }
    return 0;
}

/* Cuts the first `skip` bytes off a unit, listing them as removed. */
static kh_status cut_front(work *w, unit *u, size_t skip, size_t keep_len,
                           kh_removal why) {
    kh_status st = add_removed(w, u->text, keep_len, why, u->line, 1);
    if (st)
        return st;
    u->text += skip;
    u->len -= skip;
    u->has_sh = 0;
    return KH_OK;
}

static size_t next_body(const work *w, size_t i) {
    while (i < w->n && w->u[i].kind != U_BODY)
        i++;
    return i;
}

static int ends_sentence(const char *s, size_t n) {
    while (n && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')' ||
                 s[n - 1] == ' '))
        n--;
    if (n >= 3 && (!memcmp(s + n - 3, "\xE2\x80\x9D", 3) ||
                   !memcmp(s + n - 3, "\xE2\x80\x99", 3)))
        n -= 3;
    if (!n)
        return 0;
    char c = s[n - 1];
    if (c == '.' || c == '?' || c == '!')
        return 1;
    return n >= 3 && (!memcmp(s + n - 3, "।", 3) || !memcmp(s + n - 3, "॥", 3));
}

/* ---- steps ------------------------------------------------------------ */

static kh_status load_units(work *w, const kh_rawdoc *d) {
    w->u = kh_arena_alloc(w->arena, (d->n_blocks + 1) * sizeof *w->u);
    w->cap_rm = 4 * d->n_blocks + 8;
    w->rm = kh_arena_alloc(w->arena, w->cap_rm * sizeof *w->rm);
    if (!w->u || !w->rm)
        return nomem(w);
    for (size_t i = 0; i < d->n_blocks; i++) {
        const kh_block *b = &d->blocks[i];
        char *t = kh_arena_alloc(w->arena, b->len + 1);
        if (!t)
            return nomem(w);
        /* the shingle is taken in the same pass as the copy: dedup needs
         * it for nearly every line, and both walk every byte */
        unit *u = &w->u[w->n];
        memset(u, 0, sizeof *u);
        size_t n;
        if (kh_ws_shingle(w->arena, d->base + b->off, b->len, t, &n,
                          &w->bad_utf8, &u->sh))
            return nomem(w);
        if (!n)
            continue;
        w->n++;
        u->has_sh = 1;
        t[n] = '\0';
        u->text = t;
        u->len = n;
        u->line = b->line ? b->line + d->line_offset : 0;
        u->flags = b->flags;
        u->kind = U_BODY;
        if (b->flags & KH_BLK_DROP) {
            kh_status st = drop(w, u, b->reason);
            if (st)
                return st;
        }
    }
    /* No message: the caller validates again to say where (or repairs). */
    return w->bad_utf8 ? KH_ERR_UTF8 : KH_OK;
}

static int same_text(work *w, unit *u, const char *s, size_t n) {
    kh_shingle sh;
    if (kh_shingle_make(w->arena, s, n, &sh) || shingle(w, u))
        return 0;
    return sh.whole == u->sh.whole && sh.n_words == u->sh.n_words;
}

static kh_status find_title(work *w, const char *given, int from_first_line) {
    /* An h1 in the page beats the <title>/og:title the reader stored. */
    for (size_t i = 0; i < w->n && !given; i++)
        if (w->u[i].kind == U_BODY && (w->u[i].flags & KH_BLK_TITLE)) {
            w->u[i].kind = U_TITLE;
            w->title = w->u[i].text;
            w->title_len = w->u[i].len;
            break;
        }
    if (!w->title && given) {
        char *t = kh_arena_alloc(w->arena, strlen(given) + 1);
        if (!t)
            return nomem(w);
        size_t n = kh_ws_normalize(given, strlen(given), t, NULL);
        t[n] = '\0';
        if (n) {
            w->title = t;
            w->title_len = n;
        }
    }
    if (!w->title && from_first_line) {
        size_t i = next_body(w, 0);
        kh_removal why;
        if (i < w->n && w->u[i].len <= 400 &&
            !kh_furniture_line(&w->cl->furn, w->u[i].text, w->u[i].len, &why)) {
            w->u[i].kind = U_TITLE;
            w->title = w->u[i].text;
            w->title_len = w->u[i].len;
        }
        /* and the scrape may repeat it on the next line: as below */
    }
    if (!w->title)
        return KH_OK;
    /* The title repeated at the top of the text. */
    for (size_t i = 0, seen = 0; i < w->n && seen < 2; i++) {
        unit *u = &w->u[i];
        if (u->kind == U_TITLE || u->kind == U_DROP)
            continue;
        seen++;
        if (same_text(w, u, w->title, w->title_len)) {
            kh_status st = drop(w, u, KH_RM_TITLE_REPEAT);
            if (st)
                return st;
            if (u->flags & KH_BLK_TITLE)
                w->title = u->text, w->title_len = u->len;
            break;
        }
    }
    return KH_OK;
}

static size_t words_of(const char *s, size_t n);
static int ends_sentence(const char *s, size_t n);
static const char *find_in(const char *h, size_t hn, const char *nd, size_t nn);

static kh_status furniture(work *w) {
    int after_label = 0;
    for (size_t i = 0; i < w->n; i++) {
        unit *u = &w->u[i];
        kh_removal why;
        if (u->kind != U_BODY)
            continue;
        if (kh_furniture_line(&w->cl->furn, u->text, u->len, &why)) {
            kh_status st = drop(w, u, why);
            if (st)
                return st;
            /* A bare "Also Read" / "ये भी पढ़ें" labels the next line. */
            after_label =
                why == KH_RM_RELATED_LINK && words_of(u->text, u->len) <= 3;
            continue;
        }
        if (after_label && u->len <= 300 && !ends_sentence(u->text, u->len)) {
            kh_status st = drop(w, u, KH_RM_RELATED_LINK);
            if (st)
                return st;
        }
        after_label = 0;
    }
    /* Another story's headline inside the body ("Indore Weather Update:
     * इंदौर में ..."), or a line that the page also lists as a related link:
     * not the first body line (the article's own headline may repeat
     * there), and not a line the markup calls a heading. */
    size_t first = next_body(w, 0);
    for (size_t i = next_body(w, first + 1); i < w->n;
         i = next_body(w, i + 1)) {
        unit *u = &w->u[i];
        if (u->flags & (KH_BLK_HEADING | KH_BLK_TITLE) || u->len > 300 ||
            ends_sentence(u->text, u->len))
            continue;
        size_t nx = next_body(w, i + 1);
        int related = kh_related_headline(u->text, u->len,
                                          nx < w->n ? w->u[nx].text : NULL,
                                          nx < w->n ? w->u[nx].len : 0);
        if (related && w->title &&
            (same_text(w, u, w->title, w->title_len) ||
             find_in(w->title, w->title_len, u->text, u->len)))
            continue; /* the title again: dedup's to drop */
        for (size_t j = 0; j < w->n && !related && u->sh.n_words >= 4; j++) {
            const unit *v = &w->u[j];
            related = v->kind == U_DROP && v->why == KH_RM_RELATED_LINK &&
                      v->has_sh && u->has_sh && v->sh.whole == u->sh.whole &&
                      v->sh.n_words == u->sh.n_words;
        }
        if (related) {
            kh_status st = drop(w, u, KH_RM_RELATED_LINK);
            if (st)
                return st;
        }
    }
    return KH_OK;
}

static kh_status datelines_and_markers(work *w) {
    size_t first = next_body(w, 0), second = next_body(w, first + 1);
    for (size_t i = first; i < w->n; i = next_body(w, i + 1)) {
        unit *u = &w->u[i];
        /* a scrape may repeat it ("पटना : पटना : बिहार ..."): up to thrice */
        for (int k = 0; k < 3; k++) {
            size_t skip =
                kh_dateline_prefix(u->text, u->len, i == first || i == second);
            if (!skip)
                break;
            size_t keep = skip;
            while (keep && u->text[keep - 1] == ' ')
                keep--;
            kh_status st = cut_front(w, u, skip, keep, KH_RM_DATELINE);
            if (st)
                return st;
            u->flags |= KH_BLK_DATELINE_CUT;
        }
    }
    /* A feed's truncation marker ends the last paragraph. */
    for (size_t i = w->n; i-- > 0;) {
        unit *u = &w->u[i];
        if (u->kind != U_BODY)
            continue;
        size_t t = kh_truncation_suffix(u->text, u->len);
        if (t < u->len) {
            kh_status st = add_removed(w, u->text + t, u->len - t,
                                       KH_RM_TRUNCATION, u->line, 1);
            if (st)
                return st;
            size_t e = t;
            while (e && u->text[e - 1] == ' ')
                e--;
            ((char *)u->text)[e] = '\0';
            u->len = e;
            u->has_sh = 0;
            if (!e)
                u->kind = U_DROP;
        }
        break;
    }
    return KH_OK;
}

static kh_status set_standfirst_unit(work *w, unit *u) {
    u->kind = U_STANDFIRST;
    w->standfirst = u->text;
    w->standfirst_len = u->len;
    return KH_OK;
}

static kh_status find_standfirst(work *w, const char *description,
                                 int text_layout) {
    size_t a = next_body(w, 0);
    if (a >= w->n)
        return KH_OK;
    unit *p0 = &w->u[a];
    kh_status st;
    if (description && *description) {
        size_t dl = strlen(description);
        char *d = kh_arena_alloc(w->arena, dl + 1);
        if (!d)
            return nomem(w);
        dl = kh_ws_normalize(description, dl, d, NULL);
        d[dl] = '\0';
        kh_shingle sh;
        if (kh_shingle_make(w->arena, d, dl, &sh))
            return nomem(w);
        for (size_t i = a; i < w->n; i = next_body(w, i + 1)) {
            if (shingle(w, &w->u[i]))
                return nomem(w);
            if (kh_shingle_dup(&sh, &w->u[i].sh)) {
                w->standfirst = d;
                w->standfirst_len = dl;
                return drop(w, &w->u[i], KH_RM_STANDFIRST_REPEAT);
            }
        }
        /* A description cut from the first paragraph is not a standfirst. */
        size_t dn = dl;
        while (dn && (d[dn - 1] == '.' || d[dn - 1] == ' '))
            dn--;
        if (dn >= 3 && !memcmp(d + dn - 3, "…", 3))
            dn -= 3;
        size_t skip;
        if (dn && kh_text_starts_with(p0->text, p0->len, d, dn, &skip))
            return KH_OK;
        w->standfirst = d;
        w->standfirst_len = dl;
        return KH_OK;
    }
    if (p0->flags & KH_BLK_HEADING)
        return KH_OK;
    if (shingle(w, p0))
        return nomem(w);
    /* (a) repeated later in the body */
    for (size_t i = next_body(w, a + 1); i < w->n; i = next_body(w, i + 1)) {
        if (shingle(w, &w->u[i]))
            return nomem(w);
        if (kh_shingle_dup(&p0->sh, &w->u[i].sh) && p0->sh.n_words >= 6) {
            set_standfirst_unit(w, p0);
            return drop(w, &w->u[i], KH_RM_STANDFIRST_REPEAT);
        }
    }
    size_t b = next_body(w, a + 1);
    if (b >= w->n)
        return KH_OK;
    unit *p1 = &w->u[b];
    /* (b) the next paragraph opens with it */
    size_t skip;
    if (p0->len >= 40 && p0->sh.n_words >= 6 &&
        kh_text_starts_with(p1->text, p1->len, p0->text, p0->len, &skip) &&
        skip < p1->len) {
        set_standfirst_unit(w, p0);
        size_t keep = skip;
        while (keep && p1->text[keep - 1] == ' ')
            keep--;
        return cut_front(w, p1, skip, keep, KH_RM_STANDFIRST_REPEAT);
    }
    /* (d) the next paragraph opens with a dateline: the story starts
     * there, so what stands above it is the summary. */
    if (!text_layout)
        return KH_OK; /* (c) and (d) read a scrape's page layout */
    if (p1->flags & KH_BLK_DATELINE_CUT && p0->len >= 60 &&
        ends_sentence(p0->text, p0->len))
        return set_standfirst_unit(w, p0);
    /* (c) furniture (stamps, bylines, share prompts) stands between it and
     * the body, as on a page: headline, summary, furniture, story. */
    int furn = 0;
    for (size_t i = a + 1; i < b; i++)
        if (w->u[i].kind == U_DROP)
            furn++;
    size_t c = next_body(w, b + 1);
    if (furn && p0->len >= 60 && ends_sentence(p0->text, p0->len) && c < w->n &&
        (w->u[a].flags & KH_BLK_GAP)) {
        st = set_standfirst_unit(w, p0);
        return st;
    }
    return KH_OK;
}

static int ascii_only(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

static kh_status find_kicker(work *w) {
    size_t a = next_body(w, 0);
    if (a >= w->n)
        return KH_OK;
    unit *u = &w->u[a];
    size_t kl, skip = kh_kicker_prefix(u->text, u->len, &kl);
    if (!skip)
        return KH_OK;
    /* A Devanagari label opening another paragraph too makes a list
     * ("साबुत अनाज: ...", "मशरूम: ..."), whose first item is no kicker.
     * (Latin labels further down are mostly other stories' headlines.) */
    if (!ascii_only(u->text, kl))
        for (size_t i = next_body(w, a + 1); i < w->n;
             i = next_body(w, i + 1)) {
            size_t kl2;
            if (kh_kicker_prefix(w->u[i].text, w->u[i].len, &kl2) &&
                !ascii_only(w->u[i].text, kl2))
                return KH_OK;
        }
    w->kicker = kh_arena_strndup(w->arena, u->text, kl);
    if (!w->kicker)
        return nomem(w);
    w->kicker_len = kl;
    u->text += skip;
    u->len -= skip;
    u->has_sh = 0;
    return KH_OK;
}

/* memmem() is a GNU extension; this is the portable few lines. */
static const char *find_in(const char *h, size_t hn, const char *nd,
                           size_t nn) {
    if (!nn || nn > hn)
        return NULL;
    const char *end = h + hn - nn + 1;
    for (const char *p = h; p < end;) {
        p = memchr(p, nd[0], (size_t)(end - p));
        if (!p)
            return NULL;
        if (!memcmp(p, nd, nn))
            return p;
        p++;
    }
    return NULL;
}

/* Scrapes of pages that nest paragraphs repeat text as a growing chain:
 * "A.B.C", then "B.C", then "C". A later paragraph found inside an earlier
 * one is a repeat. When it is the end of the paragraph just before and
 * what precedes it there is short and unpunctuated, that part is a
 * sub-heading glued to the paragraph ("शीर्षकपाठ ..."): it becomes the
 * heading and the copy goes. Returns 1 when u was handled. */
static int contained(work *w, size_t i, kh_status *st) {
    unit *u = &w->u[i];
    *st = KH_OK;
    if (u->len < 40)
        return 0;
    for (size_t j = 0; j < i; j++) {
        unit *v = &w->u[j];
        if (v->kind != U_BODY || v->len <= u->len)
            continue;
        if (shingle(w, v) || !kh_shingle_maybe_within(&u->sh, &v->sh))
            continue;
        const char *at = find_in(v->text, v->len, u->text, u->len);
        if (!at)
            continue;
        size_t pre = (size_t)(at - v->text);
        if (pre && pre + u->len == v->len && next_body(w, j + 1) == i &&
            pre <= 150 && !ends_sentence(v->text, pre)) {
            size_t words = 0;
            for (size_t k = 0; k < pre; k++)
                words += v->text[k] == ' ';
            if (words < 12) {
                *st = add_removed(w, at, u->len, KH_RM_DUPLICATE, v->line, 1);
                size_t h = pre;
                while (h && v->text[h - 1] == ' ')
                    h--;
                v->len = h;
                v->has_sh = 0;
                v->kind = U_HEADING;
                return 1;
            }
        }
        *st = drop(w, u, KH_RM_DUPLICATE);
        return 1;
    }
    return 0;
}

static kh_status dedup(work *w) {
    for (size_t i = 0; i < w->n; i++) {
        unit *u = &w->u[i];
        if (u->kind != U_BODY)
            continue;
        if (shingle(w, u))
            return nomem(w);
        /* The same short line twice in a row ("इंदौर के बंद भाव" as a label
         * and as a heading) is one line. */
        size_t prev = i;
        while (prev > 0 && w->u[prev - 1].kind == U_DROP)
            prev--;
        if (prev > 0 && w->u[prev - 1].kind == U_BODY &&
            w->u[prev - 1].len == u->len &&
            !memcmp(w->u[prev - 1].text, u->text, u->len)) {
            kh_status st = drop(w, u, KH_RM_DUPLICATE);
            if (st)
                return st;
            continue;
        }
        kh_status cst;
        if (contained(w, i, &cst)) {
            if (cst)
                return cst;
            continue;
        }
        /* Short lines (headings, table labels) may rightly recur. */
        if (u->sh.n_words < 5)
            continue;
        for (size_t j = 0; j < i; j++) {
            unit *v = &w->u[j];
            if (v->kind != U_BODY && v->kind != U_STANDFIRST &&
                v->kind != U_TITLE && v->kind != U_HEADING)
                continue;
            if (shingle(w, v))
                return nomem(w);
            if (kh_shingle_dup(&v->sh, &u->sh)) {
                kh_status st =
                    drop(w, u,
                         v->kind == U_STANDFIRST ? KH_RM_STANDFIRST_REPEAT
                         : v->kind == U_TITLE    ? KH_RM_TITLE_REPEAT
                                                 : KH_RM_DUPLICATE);
                if (st)
                    return st;
                break;
            }
        }
    }
    return KH_OK;
}

static size_t words_of(const char *s, size_t n) {
    size_t c = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ')
            in = 0;
        else if (!in)
            in = 1, c++;
    }
    return c;
}

/* A plain-text line that heads what follows: short, no end punctuation,
 * not a list item, and followed by a longer prose paragraph. */
static int looks_like_heading(const unit *u, const unit *next) {
    if (!next || u->len > 150)
        return 0;
    size_t words = words_of(u->text, u->len);
    if (words > 12 || words == 0)
        return 0;
    char last = u->text[u->len - 1];
    if (last == ',' || last == ':' || last == ';' || last == '-')
        return 0;
    if (ends_sentence(u->text, u->len)) {
        if (last != '?' || words > 10)
            return 0;
    }
    unsigned char c0 = (unsigned char)u->text[0];
    if (c0 == '-' || c0 == '*' || c0 == '(' || (c0 >= '0' && c0 <= '9') ||
        c0 == '"')
        return 0;
    if (next->len < 80 && next->len < 2 * u->len)
        return 0;
    return ends_sentence(next->text, next->len) || next->len >= 150;
}

static void headings(work *w, kh_input_format fmt) {
    for (size_t i = 0; i < w->n; i++) {
        unit *u = &w->u[i];
        if (u->kind != U_BODY)
            continue;
        if (u->flags & KH_BLK_HEADING) {
            u->kind = U_HEADING;
            continue;
        }
        if (fmt == KH_INPUT_HTML)
            continue; /* markup says what a heading is */
        size_t j = next_body(w, i + 1);
        if (looks_like_heading(u, j < w->n ? &w->u[j] : NULL))
            u->kind = U_HEADING;
    }
}

/* ---- dates ------------------------------------------------------------ */

typedef struct date_ctx {
    work *w;
    kh_date *out;
    size_t n, cap;
    const char *text;
    kh_where where;
    size_t section, paragraph;
    int year_of[64];
} date_ctx;

static int on_date(void *p, const kh_date_hit *h) {
    date_ctx *c = p;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        kh_date *d = kh_arena_alloc(c->w->arena, cap * sizeof *d);
        if (!d)
            return -1;
        if (c->n)
            memcpy(d, c->out, c->n * sizeof *d);
        c->out = d;
        c->cap = cap;
    }
    kh_date *d = &c->out[c->n];
    memset(d, 0, sizeof *d);
    d->text = kh_arena_strndup(c->w->arena, c->text + h->start, h->len);
    if (!d->text)
        return -1;
    d->len = h->len;
    d->where = c->where;
    d->section = c->section;
    d->paragraph = c->paragraph;
    /* Stash the parts in iso until the year is settled. */
    d->iso[0] = (char)h->month;
    d->iso[1] = (char)h->day;
    d->year_inferred = h->year; /* temporarily the written year, or 0 */
    c->n++;
    return 0;
}

static int scan_dates(date_ctx *c, const char *s, size_t n, kh_where where,
                      size_t sec, size_t par, unsigned *years) {
    if (!s)
        return 0;
    c->text = s;
    c->where = where;
    c->section = sec;
    c->paragraph = par;
    (void)years;
    return kh_find_dates(s, n, on_date, c);
}

/* The year for dates written without one: from the publication date
 * (a month well after publication belongs to the year before), else the
 * year the article names most often (the latest on a tie). */
static void settle_years(kh_date *d, size_t n, const char *published,
                         const unsigned *years) {
    int py = 0, pm = 0;
    if (published && strlen(published) >= 7 && published[4] == '-') {
        py = atoi(published);
        pm = atoi(published + 5);
        if (py < 1900 || py > 2099 || pm < 1 || pm > 12)
            py = pm = 0;
    }
    int best = 0;
    unsigned best_n = 0;
    for (int y = 0; y < 200; y++)
        if (years[y] && years[y] >= best_n)
            best = 1900 + y, best_n = years[y];
    for (size_t i = 0; i < n; i++) {
        int m = d[i].iso[0], day = d[i].iso[1], y = d[i].year_inferred;
        int inferred = 0;
        if (!y) {
            if (py) {
                y = m > pm + 1 ? py - 1 : py;
                inferred = 1;
            } else if (best) {
                y = best;
                inferred = 1;
            }
        }
        memset(d[i].iso, 0, sizeof d[i].iso);
        d[i].year_inferred = inferred;
        if (!y)
            continue;
        unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u,
                 ud = (unsigned)day % 100u;
        if (day)
            snprintf(d[i].iso, sizeof d[i].iso, "%04u-%02u-%02u", uy, um, ud);
        else
            snprintf(d[i].iso, sizeof d[i].iso, "%04u-%02u", uy, um);
    }
}

/* ---- assembly --------------------------------------------------------- */

static const char *dup_meta(work *w, const char *s) {
    if (!s || !*s)
        return NULL;
    return kh_arena_strndup(w->arena, s, strlen(s));
}

/* The content hash behind ids: two lanes of 8 bytes per multiply (a
 * byte-at-a-time hash cost a tenth of the cleaner's time), bytes read in
 * little-endian order on any machine so an id is the same everywhere. */
static uint64_t le64(const unsigned char *p) {
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
           (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
           (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static uint64_t id_hash(uint64_t h, const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    const uint64_t k1 = 0x9E3779B97F4A7C15ull, k2 = 0xC2B2AE3D27D4EB4Full;
    uint64_t a = h, b = ~h;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        a = (a ^ le64(s + i)) * k1;
        b = (b ^ le64(s + i + 8)) * k2;
        a ^= a >> 32;
        b ^= b >> 29;
    }
    uint64_t v = (uint64_t)(n - i) << 56; /* the tail, and its length */
    for (; i + 8 <= n; i += 8)
        a = (a ^ le64(s + i)) * k1, a ^= a >> 32;
    for (unsigned j = 0; i + j < n; j++)
        v |= (uint64_t)s[i + j] << (8 * j);
    h = (a ^ (b * k1) ^ v) * k2;
    h ^= h >> 29;
    return h;
}

/* Sorts the removals by input line, keeping the order they were found in
 * within a line: a merge sort, because qsort is not stable (and comparing
 * the elements' addresses, as qsort may move them, is no order at all). */
static int sort_removed(work *w) {
    size_t n = w->n_rm;
    kh_removed *a = w->rm, *t = kh_arena_alloc(w->arena, (n + 1) * sizeof *t);
    if (!t)
        return -1;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                t[k++] = a[j].line < a[i].line ? a[j++] : a[i++];
            while (i < mid)
                t[k++] = a[i++];
            while (j < hi)
                t[k++] = a[j++];
        }
        kh_removed *x = a;
        a = t, t = x;
    }
    if (a != w->rm)
        memcpy(w->rm, a, n * sizeof *a);
    return 0;
}

static kh_status assemble(work *w, const kh_rawdoc *d,
                          const kh_article_meta *meta) {
    kh_article *a = &w->im->pub;
    const char *m[KH_META_COUNT];
    for (int i = 0; i < KH_META_COUNT; i++)
        m[i] = d->meta[i];
    if (meta) {
        if (meta->id)
            m[KH_META_ID] = meta->id;
        if (meta->url)
            m[KH_META_URL] = meta->url;
        if (meta->date)
            m[KH_META_PUBLISHED] = meta->date;
        if (meta->source)
            m[KH_META_SOURCE] = meta->source;
    }
    char iso[40];
    const char *pub = m[KH_META_PUBLISHED], *upd = m[KH_META_UPDATED];
    if (pub && kh_date_to_iso(pub, strlen(pub), iso, sizeof iso))
        a->published = dup_meta(w, iso);
    else
        a->published = dup_meta(w, pub);
    if (upd && kh_date_to_iso(upd, strlen(upd), iso, sizeof iso))
        a->updated = dup_meta(w, iso);
    else
        a->updated = dup_meta(w, upd);
    a->author = dup_meta(w, m[KH_META_AUTHOR]);
    a->section = dup_meta(w, m[KH_META_SECTION]);
    a->source = dup_meta(w, m[KH_META_SOURCE]);
    a->url = dup_meta(w, m[KH_META_URL]);
    a->canonical_url = dup_meta(w, m[KH_META_CANONICAL]);
    a->description = dup_meta(w, m[KH_META_DESCRIPTION]);
    a->extra_json = dup_meta(w, d->extra_json);
    a->format = d->format;
    a->title =
        w->title ? kh_arena_strndup(w->arena, w->title, w->title_len) : NULL;
    a->kicker = w->kicker;
    a->standfirst = w->standfirst ? kh_arena_strndup(w->arena, w->standfirst,
                                                     w->standfirst_len)
                                  : NULL;

    /* Sections: a heading opens one; paragraphs before any heading form the
     * lead section (heading NULL). */
    size_t n_sec = 0, n_par = 0;
    int open = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (w->u[i].kind == U_HEADING)
            n_sec++, open = 1;
        else if (w->u[i].kind == U_BODY) {
            if (!open)
                n_sec++, open = 1;
            n_par++;
        }
    }
    kh_section *sec = kh_arena_alloc(w->arena, (n_sec + 1) * sizeof *sec);
    kh_paragraph *par = kh_arena_alloc(w->arena, (n_par + 1) * sizeof *par);
    if (!sec || !par)
        return nomem(w);
    size_t s = 0, p = 0;
    open = 0;
    size_t lang_bytes[4] = {0, 0, 0, 0};
    /* 0 for a paragraph the shingle pass saw without a digit: it holds no
     * date and no year, and is not scanned for them. */
    unsigned char *digits = kh_arena_alloc(w->arena, n_par + 1);
    if (!digits)
        return nomem(w);
    for (size_t i = 0; i < w->n; i++) {
        unit *u = &w->u[i];
        if (u->kind == U_HEADING || (u->kind == U_BODY && !open)) {
            kh_section *x = &sec[s++];
            x->heading = NULL;
            if (u->kind == U_HEADING) {
                ((char *)u->text)[u->len] = '\0';
                x->heading = u->text;
            }
            x->paragraphs = &par[p];
            x->n_paragraphs = 0;
            open = 1;
        }
        if (u->kind == U_BODY) {
            kh_paragraph *q = &par[p++];
            ((char *)u->text)[u->len] = '\0';
            q->text = u->text;
            q->len = u->len;
            q->line = u->line;
            /* the shingle pass counted the letters when it saw this text */
            q->lang = u->has_sh ? kh_lang_counts(u->sh.deva, u->sh.latin)
                                : kh_lang_of(u->text, u->len);
            digits[p - 1] = !u->has_sh || u->sh.has_digit;
            lang_bytes[q->lang] += u->len;
            sec[s - 1].n_paragraphs++;
        }
    }
    a->sections = sec;
    a->n_sections = n_sec;
    kh_lang best = KH_LANG_NONE;
    for (int l = 1; l < 4; l++)
        if (lang_bytes[l] > lang_bytes[best])
            best = (kh_lang)l;
    a->lang = best;

    /* Dates. */
    date_ctx dc;
    memset(&dc, 0, sizeof dc);
    dc.w = w;
    unsigned *years = kh_arena_alloc(w->arena, 200 * sizeof *years);
    if (!years)
        return nomem(w);
    memset(years, 0, 200 * sizeof *years);
    int rc = scan_dates(&dc, a->title, a->title ? strlen(a->title) : 0,
                        KH_WHERE_TITLE, 0, 0, years);
    if (!rc)
        rc = scan_dates(&dc, a->kicker, a->kicker ? strlen(a->kicker) : 0,
                        KH_WHERE_KICKER, 0, 0, years);
    if (!rc)
        rc = scan_dates(&dc, a->standfirst,
                        a->standfirst ? strlen(a->standfirst) : 0,
                        KH_WHERE_STANDFIRST, 0, 0, years);
    /* A dateline is furniture, but its date is the article's ("लखनऊ, 4
     * जून।"): the removed datelines, in input order, come before the
     * body. */
    if (!rc && sort_removed(w))
        return nomem(w);
    for (size_t i = 0; i < w->n_rm && !rc; i++)
        if (w->rm[i].reason == KH_RM_DATELINE)
            rc = scan_dates(&dc, w->rm[i].text, w->rm[i].len, KH_WHERE_DATELINE,
                            0, 0, years);
    for (size_t i = 0; i < n_sec && !rc; i++) {
        if (sec[i].heading)
            rc = scan_dates(&dc, sec[i].heading, strlen(sec[i].heading),
                            KH_WHERE_HEADING, i, 0, years);
        for (size_t j = 0; j < sec[i].n_paragraphs && !rc; j++)
            if (digits[sec[i].paragraphs + j - par])
                rc = scan_dates(&dc, sec[i].paragraphs[j].text,
                                sec[i].paragraphs[j].len, KH_WHERE_BODY, i, j,
                                years);
    }
    if (rc)
        return nomem(w);
    /* The years the article names are counted only when some date lacks
     * its year and there is no publication date to take it from. */
    int need = 0;
    for (size_t i = 0; i < dc.n; i++)
        need |= !dc.out[i].year_inferred;
    if (need && !(a->published && strlen(a->published) >= 7)) {
        const char *parts[3] = {a->title, a->kicker, a->standfirst};
        for (int k = 0; k < 3; k++)
            if (parts[k])
                kh_count_years(parts[k], strlen(parts[k]), years);
        for (size_t i = 0; i < w->n_rm; i++)
            if (w->rm[i].reason == KH_RM_DATELINE)
                kh_count_years(w->rm[i].text, w->rm[i].len, years);
        for (size_t i = 0; i < n_sec; i++) {
            if (sec[i].heading)
                kh_count_years(sec[i].heading, strlen(sec[i].heading), years);
            for (size_t j = 0; j < sec[i].n_paragraphs; j++)
                if (digits[sec[i].paragraphs + j - par])
                    kh_count_years(sec[i].paragraphs[j].text,
                                   sec[i].paragraphs[j].len, years);
        }
    }
    settle_years(dc.out, dc.n, a->published, years);
    a->dates = dc.out;
    a->n_dates = dc.n;

    /* Removed, in input order (sorted above). */
    a->removed = w->rm;
    a->n_removed = w->n_rm;

    /* id: the input's, else a hash of the clean content. */
    if (m[KH_META_ID] && *m[KH_META_ID]) {
        a->id = dup_meta(w, m[KH_META_ID]);
    } else {
        uint64_t h = 1469598103934665603ull;
        /* the title's slot is hashed even when empty, so a title is never
         * taken for a first paragraph */
        h = id_hash(h, a->title ? a->title : "",
                    a->title ? strlen(a->title) : 0);
        for (size_t i = 0; i < n_par; i++)
            h = id_hash(h, par[i].text, par[i].len);
        char id[24];
        snprintf(id, sizeof id, "h%016llx", (unsigned long long)h);
        a->id = dup_meta(w, id);
    }
    if ((m[KH_META_ID] && !a->id))
        return nomem(w);
    return KH_OK;
}

/* Runs the pipeline over a reader's output. */
static kh_status clean_rawdoc(const kh_cleaner *cl, const kh_rawdoc *d,
                              const kh_article_meta *meta, kh_article **out,
                              kh_error *err) {
    kh_article_impl *im = calloc(1, sizeof *im);
    if (!im)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (article)");
    work w;
    memset(&w, 0, sizeof w);
    w.cl = cl;
    w.im = im;
    w.arena = &im->arena;
    w.err = err;
    const char *given_title = meta && meta->title ? meta->title : NULL;
    int html = d->format == KH_INPUT_HTML;
    kh_status st = load_units(&w, d);
    if (!st)
        st = find_title(&w, given_title ? given_title : d->meta[KH_META_TITLE],
                        !given_title && !html);
    if (!st)
        st = furniture(&w);
    if (!st)
        st = datelines_and_markers(&w);
    if (!st)
        st = find_standfirst(&w, html ? d->meta[KH_META_DESCRIPTION] : NULL,
                             !html);
    if (!st)
        st = find_kicker(&w);
    if (!st && !(cl->flags & KH_CLEAN_KEEP_DUPLICATES))
        st = dedup(&w);
    if (!st) {
        headings(&w, d->format);
        st = assemble(&w, d, meta);
    }
    if (st) {
        kh_article_free(&im->pub);
        return st;
    }
    *out = &im->pub;
    return KH_OK;
}

/* ---- public calls ----------------------------------------------------- */

static size_t line_of(const char *buf, size_t off) {
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += buf[i] == '\n';
    return line;
}

/* Validates (or repairs into *fixed) the input. */
static kh_status check_utf8(const kh_cleaner *cl, const char **buf, size_t *len,
                            char **fixed, kh_error *err) {
    size_t bad;
    *fixed = NULL;
    if (kh_utf8_valid(*buf, *len) || kh_utf8_check(*buf, *len, &bad) == KH_OK)
        return KH_OK;
    if (!(cl->flags & KH_CLEAN_REPAIR_UTF8))
        return kh_fail(err, KH_ERR_UTF8,
                       "%zu: invalid UTF-8 (byte 0x%02X at offset %zu)",
                       line_of(*buf, bad), (unsigned char)(*buf)[bad], bad);
    if (*len > ((size_t)-1) / 3 - 1)
        return kh_fail(err, KH_ERR_LIMIT, "input too large to repair");
    *fixed = malloc(*len * 3 + 1);
    if (!*fixed)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (repair)");
    *len = kh_utf8_repair(*buf, *len, *fixed);
    *buf = *fixed;
    return KH_OK;
}

static kh_status clean_buffer(const kh_cleaner *cl, kh_input_format format,
                              const char *buf, size_t len,
                              const kh_article_meta *meta, kh_rawdoc *d,
                              kh_article **out, kh_error *err) {
    char *fixed = NULL;
    kh_status st;
    if (format == KH_INPUT_AUTO) {
        format = kh_detect_format(buf, len);
        if (format == KH_INPUT_JSONL)
            format = KH_INPUT_TEXT; /* one buffer is one article here */
    }
    if (format == KH_INPUT_HTML) {
        /* gumbo would turn bad bytes into U+FFFD without a word */
        st = check_utf8(cl, &buf, &len, &fixed, err);
        if (!st)
            st = kh_read_html(buf, len, d, err);
        if (!st)
            st = clean_rawdoc(cl, d, meta, out, err);
    } else {
        /* A scrape is validated by the normalizer as it copies each line
         * (blank lines and line ends are checked by the reader): no pass of
         * its own. Only when that fails is the input read again, to say
         * where or to repair it. */
        st = kh_read_text(buf, len, d, err);
        if (!st)
            st = clean_rawdoc(cl, d, meta, out, err);
        if (st == KH_ERR_UTF8) {
            kh_rawdoc_reset(d);
            st = check_utf8(cl, &buf, &len, &fixed, err);
            if (!st && !fixed)
                st = kh_fail(err, KH_ERR_INTERNAL, "UTF-8 validators disagree");
            if (!st)
                st = kh_read_text(buf, len, d, err);
            if (!st)
                st = clean_rawdoc(cl, d, meta, out, err);
        }
    }
    /* A scrape whose headline alone is left is still an article (a brief,
     * a breaking-news stub); an HTML page with only a <title> is not. */
    if (!st && (*out)->n_sections == 0 && !(*out)->standfirst &&
        (format == KH_INPUT_HTML || !((*out)->title && (*out)->title[0]))) {
        kh_article_free(*out);
        *out = NULL;
        st = kh_fail(err, KH_ERR_NOT_FOUND,
                     "1: no article text found (%zu lines, all dropped "
                     "or blank)",
                     d->n_blocks);
    }
    free(fixed);
    return st;
}

kh_status kh_clean(const kh_cleaner *cl, kh_input_format format,
                   const char *buf, size_t len, const kh_article_meta *meta,
                   kh_article **out, kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_clean: out is NULL");
    *out = NULL;
    if (!cl || (!buf && len))
        return kh_fail(err, KH_ERR_ARG, "kh_clean: no cleaner or buffer");
    if (format == KH_INPUT_JSONL)
        return kh_fail(err, KH_ERR_ARG,
                       "kh_clean: use kh_clean_json_record for JSON Lines");
    if (!buf)
        buf = "";
    kh_rawdoc d;
    kh_rawdoc_init(&d);
    kh_status st = clean_buffer(cl, format, buf, len, meta, &d, out, err);
    kh_rawdoc_free(&d);
    return st;
}

kh_status kh_clean_text(const kh_cleaner *cl, const char *buf, size_t len,
                        const kh_article_meta *meta, kh_article **out,
                        kh_error *err) {
    return kh_clean(cl, KH_INPUT_TEXT, buf, len, meta, out, err);
}

kh_status kh_clean_html(const kh_cleaner *cl, const char *buf, size_t len,
                        const kh_article_meta *meta, kh_article **out,
                        kh_error *err) {
    return kh_clean(cl, KH_INPUT_HTML, buf, len, meta, out, err);
}

kh_status kh_clean_json_record(const kh_cleaner *cl, const char *line,
                               size_t len, kh_article **out, kh_error *err) {
    if (!out)
        return kh_fail(err, KH_ERR_ARG, "kh_clean_json_record: out is NULL");
    *out = NULL;
    if (!cl || (!line && len))
        return kh_fail(err, KH_ERR_ARG, "kh_clean_json_record: bad argument");
    char *fixed = NULL;
    kh_status st = KH_OK;
    size_t bad;
    if (!kh_utf8_valid(line, len) && kh_utf8_check(line, len, &bad) != KH_OK) {
        if (!(cl->flags & KH_CLEAN_REPAIR_UTF8))
            return kh_fail(err, KH_ERR_UTF8,
                           "invalid UTF-8 (byte 0x%02X at column %zu)",
                           (unsigned char)line[bad], bad + 1);
        if (!(fixed = malloc(len * 3 + 1)))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory (repair)");
        len = kh_utf8_repair(line, len, fixed);
        line = fixed;
    }
    kh_rawdoc d;
    kh_rawdoc_init(&d);
    char *body = NULL;
    size_t body_len = 0;
    int is_html = 0;
    /* the line was validated (or repaired) above */
    st = kh_read_json_record_utf8(line, len, &d, &body, &body_len, &is_html,
                                  err);
    if (!st) {
        /* The record's own fields act as what the caller knows; the body's
         * reader may add to them (an HTML page's meta tags). */
        char *m[KH_META_COUNT];
        memcpy(m, d.meta, sizeof m);
        memset(d.meta, 0, sizeof d.meta);
        char *extra = d.extra_json;
        d.extra_json = NULL;
        kh_article_meta meta = {m[KH_META_ID], m[KH_META_TITLE], m[KH_META_URL],
                                m[KH_META_PUBLISHED], m[KH_META_SOURCE]};
        if (is_html)
            st = kh_read_html(body, body_len, &d, err);
        else
            st = kh_read_text(body, body_len, &d, err);
        for (int i = 0; i < KH_META_COUNT; i++) {
            if (m[i] && !d.meta[i]) {
                d.meta[i] = m[i];
                m[i] = NULL;
            }
        }
        d.extra_json = extra;
        if (!st)
            st = clean_rawdoc(cl, &d, &meta, out, err);
        if (!st) {
            (*out)->format = KH_INPUT_JSONL;
            if ((*out)->n_sections == 0 && !(*out)->standfirst &&
                !((*out)->title && (*out)->title[0])) {
                kh_article_free(*out);
                *out = NULL;
                st = kh_fail(err, KH_ERR_NOT_FOUND,
                             "no article text found in the record");
            }
        }
        for (int i = 0; i < KH_META_COUNT; i++)
            free(m[i]);
    }
    free(body);
    kh_rawdoc_free(&d);
    free(fixed);
    return st;
}
