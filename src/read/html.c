/*
 * html.c — the HTML page reader, on gumbo's HTML5 parser (a real parser:
 * saved pages are tag soup, and regular expressions over markup break on
 * it). It finds
 *   - metadata: <title>, <meta> (Open Graph, article:*, name=...),
 *     <link rel=canonical>, JSON-LD (NewsArticle and kin), <time>;
 *   - the element that holds the article: itemprop=articleBody, else the
 *     <article> with most paragraph text, else the element whose <p>
 *     children carry the most text (a small readability-style score);
 *   - its lines: one block per block-level element, h1 as the headline,
 *     h2-h6 as headings, and page chrome inside it (nav, aside, footer,
 *     forms, share/related/ad/tag/comment containers by class or id)
 *     marked to drop with a reason, so every dropped line is listed.
 * Trees are walked with explicit stacks: a page may nest deeper than the C
 * stack allows. gumbo parses the page with its long text runs swapped for
 * stand-ins (standin.c); every text read here puts them back.
 */
#include "read.h"

#include <gumbo.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---------------------------------------------------- */

static const char *attr(const GumboNode *n, const char *name) {
    if (n->type != GUMBO_NODE_ELEMENT)
        return NULL;
    GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

static int is_el(const GumboNode *n, GumboTag t) {
    return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == t;
}

static int ieq(const char *a, const char *b) {
    if (!a)
        return 0;
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return *a == *b;
}

static const GumboVector *children(const GumboNode *n) {
    if (n->type == GUMBO_NODE_ELEMENT)
        return &n->v.element.children;
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    return NULL;
}

/* A growable stack of nodes for pre-order walks. */
typedef struct nstack {
    const GumboNode **v;
    size_t n, cap;
} nstack;

static int npush(nstack *s, const GumboNode *n) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        const GumboNode **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = n;
    return 0;
}

/* Pushes n's children in reverse so they pop in document order. */
static int npush_children(nstack *s, const GumboNode *n) {
    const GumboVector *c = children(n);
    if (!c)
        return 0;
    for (size_t i = c->length; i-- > 0;)
        if (npush(s, c->data[i]))
            return -1;
    return 0;
}

static int skipped_tag(GumboTag t) {
    return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE ||
           t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE ||
           t == GUMBO_TAG_SVG || t == GUMBO_TAG_IFRAME ||
           t == GUMBO_TAG_OBJECT || t == GUMBO_TAG_EMBED ||
           t == GUMBO_TAG_BUTTON || t == GUMBO_TAG_SELECT ||
           t == GUMBO_TAG_TEXTAREA || t == GUMBO_TAG_INPUT ||
           t == GUMBO_TAG_HEAD || t == GUMBO_TAG_MATH ||
           t == GUMBO_TAG_CANVAS || t == GUMBO_TAG_AUDIO ||
           t == GUMBO_TAG_VIDEO;
}

/* Text length under n (text nodes only, skipped tags ignored), with the
 * stand-ins of sx put back. */
static size_t text_len(const GumboNode *root, nstack *s, const kh_standin *sx) {
    size_t total = 0, base = s->n;
    if (npush(s, root))
        return 0;
    while (s->n > base) {
        const GumboNode *n = s->v[--s->n];
        if (n->type == GUMBO_NODE_TEXT) {
            total += kh_standin_len(sx, n->v.text.text);
        } else if (n->type == GUMBO_NODE_ELEMENT &&
                   !skipped_tag(n->v.element.tag)) {
            if (npush_children(s, n)) {
                s->n = base;
                return total;
            }
        }
    }
    return total;
}

/* Concatenated text under n into b, with the stand-ins of sx put back. */
static int text_into(const GumboNode *root, nstack *s, kh_buf *b,
                     const kh_standin *sx) {
    size_t base = s->n;
    if (npush(s, root))
        return -1;
    while (s->n > base) {
        const GumboNode *n = s->v[--s->n];
        if (n->type == GUMBO_NODE_TEXT) {
            if (kh_standin_append(sx, b, n->v.text.text))
                return -1;
        } else if (n->type == GUMBO_NODE_ELEMENT &&
                   !skipped_tag(n->v.element.tag)) {
            if (npush_children(s, n))
                return -1;
        }
    }
    return 0;
}

/* ---- metadata --------------------------------------------------------- */

/* Candidates gathered in one pass, then set in order of trust. */
typedef struct cands {
    const char *og_title, *tw_title, *ld_title;
    const char *desc, *og_desc;
    const char *pub, *upd, *author, *section, *site, *og_url, *canonical;
    char *title_tag;  /* malloc'd */
    char *ld_strings; /* JSON-LD values copied, NUL-separated (malloc'd) */
    const GumboNode *first_time;
} cands;

typedef struct meta_key {
    const char *key; /* lowercase */
    int field;       /* KH_META_*; DESCRIPTION from og:description too */
    int pri;         /* 0 first choice, 1 fallback */
} meta_key;

static const meta_key meta_keys[] = {
    {"article:published_time", KH_META_PUBLISHED, 0},
    {"og:article:published_time", KH_META_PUBLISHED, 0},
    {"datepublished", KH_META_PUBLISHED, 0},
    {"publish-date", KH_META_PUBLISHED, 1},
    {"publishdate", KH_META_PUBLISHED, 1},
    {"pubdate", KH_META_PUBLISHED, 1},
    {"date", KH_META_PUBLISHED, 1},
    {"dc.date", KH_META_PUBLISHED, 1},
    {"dc.date.issued", KH_META_PUBLISHED, 1},
    {"sailthru.date", KH_META_PUBLISHED, 1},
    {"parsely-pub-date", KH_META_PUBLISHED, 1},
    {"article:modified_time", KH_META_UPDATED, 0},
    {"og:updated_time", KH_META_UPDATED, 0},
    {"datemodified", KH_META_UPDATED, 0},
    {"last-modified", KH_META_UPDATED, 1},
    {"author", KH_META_AUTHOR, 0},
    {"article:author", KH_META_AUTHOR, 1},
    {"dc.creator", KH_META_AUTHOR, 1},
    {"byl", KH_META_AUTHOR, 1},
    {"parsely-author", KH_META_AUTHOR, 1},
    {"article:section", KH_META_SECTION, 0},
    {"section", KH_META_SECTION, 1},
    {"parsely-section", KH_META_SECTION, 1},
    {"og:site_name", KH_META_SOURCE, 0},
    {"application-name", KH_META_SOURCE, 1},
    {"description", KH_META_DESCRIPTION, 0},
    {"og:description", KH_META_DESCRIPTION, 1},
    {"twitter:description", KH_META_DESCRIPTION, 1},
    {"og:url", KH_META_URL, 0},
    {"og:title", KH_META_TITLE, 0},
    {"twitter:title", KH_META_TITLE, 1},
};

/* Two-slot candidates per field: [field][pri]. */
typedef struct slots {
    const char *v[KH_META_COUNT][2];
} slots;

static void meta_tag(const GumboNode *n, slots *sl) {
    const char *content = attr(n, "content");
    if (!content)
        return;
    const char *names[3] = {attr(n, "property"), attr(n, "name"),
                            attr(n, "itemprop")};
    for (int k = 0; k < 3; k++) {
        if (!names[k])
            continue;
        for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++)
            if (ieq(names[k], meta_keys[i].key)) {
                const char **slot =
                    &sl->v[meta_keys[i].field][meta_keys[i].pri];
                if (!*slot)
                    *slot = content;
            }
    }
}

/* ---- JSON-LD ---------------------------------------------------------- */

static int is_article_type(json_t *t) {
    static const char *const types[] = {
        "NewsArticle",         "Article",
        "ReportageNews",       "BlogPosting",
        "AnalysisNewsArticle", "LiveBlogPosting",
        "OpinionNewsArticle",  "BackgroundNewsArticle",
        "ReviewNewsArticle"};
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (is_article_type(v)) return 1;
        return 0;
    }
    if (!json_is_string(t))
        return 0;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (!strcmp(json_string_value(t), types[i]))
            return 1;
    return 0;
}

static const char *ld_name(json_t *v) {
    if (json_is_array(v))
        v = json_array_get(v, 0);
    if (json_is_object(v))
        v = json_object_get(v, "name");
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Finds the first article object in a JSON-LD value (object, array or
 * @graph), breadth-limited to what pages use. */
static json_t *ld_article(json_t *v, int depth) {
    if (depth > 4 || !v)
        return NULL;
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            json_t *r = ld_article(x, depth + 1);
            if (r)
                return r;
        }
        return NULL;
    }
    if (!json_is_object(v))
        return NULL;
    if (is_article_type(json_object_get(v, "@type")))
        return v;
    return ld_article(json_object_get(v, "@graph"), depth + 1);
}

static kh_status ld_apply(json_t *art, kh_rawdoc *d, kh_error *err) {
    struct {
        const char *key;
        int field;
    } const map[] = {
        {"headline", KH_META_TITLE},
        {"datePublished", KH_META_PUBLISHED},
        {"dateModified", KH_META_UPDATED},
        {"author", KH_META_AUTHOR},
        {"articleSection", KH_META_SECTION},
        {"description", KH_META_DESCRIPTION},
        {"publisher", KH_META_SOURCE},
        {"url", KH_META_URL},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
        json_t *v = json_object_get(art, map[i].key);
        const char *s = json_is_string(v) ? json_string_value(v) : ld_name(v);
        if (!s && json_is_array(v) && json_is_string(json_array_get(v, 0)))
            s = json_string_value(json_array_get(v, 0));
        if (s) {
            kh_status st = kh_rawdoc_meta(d, map[i].field, s, strlen(s), err);
            if (st)
                return st;
        }
    }
    return KH_OK;
}

/* ---- body root -------------------------------------------------------- */

typedef struct score {
    const GumboNode *node;
    size_t score;
} score;

typedef struct scores {
    score *v;
    size_t n, cap;
} scores;

static int add_score(scores *s, const GumboNode *node, size_t add) {
    for (size_t i = s->n; i-- > 0;)
        if (s->v[i].node == node) {
            s->v[i].score += add;
            return 0;
        }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        score *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n].node = node;
    s->v[s->n++].score = add;
    return 0;
}

/* ---- chrome by class / id --------------------------------------------- */

typedef struct hint {
    const char *word; /* matched against class/id tokens split on " -_" */
    kh_removal why;
} hint;

static const hint hints[] = {
    {"share", KH_RM_SHARE_PROMPT},
    {"social", KH_RM_SHARE_PROMPT},
    {"sharing", KH_RM_SHARE_PROMPT},
    {"newsletter", KH_RM_SHARE_PROMPT},
    {"subscribe", KH_RM_SHARE_PROMPT},
    {"follow", KH_RM_SHARE_PROMPT},
    {"related", KH_RM_RELATED_LINK},
    {"recommended", KH_RM_RELATED_LINK},
    {"recommend", KH_RM_RELATED_LINK},
    {"readmore", KH_RM_RELATED_LINK},
    {"alsoread", KH_RM_RELATED_LINK},
    {"trending", KH_RM_RELATED_LINK},
    {"ad", KH_RM_ADVERT},
    {"ads", KH_RM_ADVERT},
    {"advert", KH_RM_ADVERT},
    {"advertisement", KH_RM_ADVERT},
    {"adsbygoogle", KH_RM_ADVERT},
    {"sponsored", KH_RM_ADVERT},
    {"promo", KH_RM_ADVERT},
    {"breadcrumb", KH_RM_NAVIGATION},
    {"breadcrumbs", KH_RM_NAVIGATION},
    {"menu", KH_RM_NAVIGATION},
    {"nav", KH_RM_NAVIGATION},
    {"pagination", KH_RM_NAVIGATION},
    {"tags", KH_RM_TAGS},
    {"tag", KH_RM_TAGS},
    {"topics", KH_RM_TAGS},
    {"comments", KH_RM_COMMENT_PROMPT},
    {"comment", KH_RM_COMMENT_PROMPT},
    {"byline", KH_RM_BYLINE},
    {"author", KH_RM_BYLINE},
    {"caption", KH_RM_CAPTION},
    {"credit", KH_RM_CREDIT},
    {"copyright", KH_RM_COPYRIGHT},
    {"twitter", KH_RM_SOCIAL_EMBED},
    {"tweet", KH_RM_SOCIAL_EMBED},
    {"instagram", KH_RM_SOCIAL_EMBED},
    {"embed", KH_RM_SOCIAL_EMBED},
    {"app", KH_RM_APP_PROMPT},
    {"download", KH_RM_APP_PROMPT},
};

static int hint_in(const char *s, kh_removal *why) {
    if (!s)
        return 0;
    char tok[32];
    while (*s) {
        size_t n = 0;
        while (*s && (*s == ' ' || *s == '-' || *s == '_' || *s == '\t'))
            s++;
        while (*s && *s != ' ' && *s != '-' && *s != '_' && *s != '\t') {
            if (n + 1 < sizeof tok) {
                char c = *s;
                tok[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            }
            s++;
        }
        tok[n] = '\0';
        for (size_t i = 0; n && i < sizeof hints / sizeof *hints; i++)
            if (!strcmp(tok, hints[i].word)) {
                *why = hints[i].why;
                return 1;
            }
    }
    return 0;
}

static int block_tag(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CAPTION: return 1;
    default: return 0;
    }
}

/* ---- line extraction -------------------------------------------------- */

typedef struct frame {
    const GumboNode *node;
    unsigned flags;    /* KH_BLK_* in effect */
    kh_removal reason; /* with KH_BLK_DROP */
    int post;          /* 1: leaving the node */
} frame;

typedef struct extract {
    kh_rawdoc *d;
    frame *st;
    size_t n, cap;
    size_t line_start; /* offset in store where the current line began */
    size_t line_no;
    unsigned flags;
    kh_removal reason;
    int have_text;
    unsigned gap;
} extract;

static int fpush(extract *x, frame f) {
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 256;
        frame *v = realloc(x->st, cap * sizeof *v);
        if (!v)
            return -1;
        x->st = v;
        x->cap = cap;
    }
    x->st[x->n++] = f;
    return 0;
}

static kh_status flush(extract *x, kh_error *err) {
    kh_rawdoc *d = x->d;
    if (x->have_text) {
        size_t len = d->store.len - x->line_start;
        kh_status st = kh_rawdoc_push(d, x->line_start, len, x->line_no,
                                      x->flags | x->gap, err);
        if (st)
            return st;
        d->blocks[d->n_blocks - 1].reason = x->reason;
        if (kh_buf_putc(&d->store, '\n'))
            return kh_fail(err, KH_ERR_NOMEM, "out of memory (HTML)");
        x->gap = 0;
    }
    x->line_start = d->store.len;
    x->have_text = 0;
    return KH_OK;
}

static int only_space(const char *s) {
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r' && *s != '\f')
            return 0;
    return 1;
}

static kh_status extract_lines(const GumboNode *root, size_t root_text,
                               kh_rawdoc *d, nstack *tmp, const kh_standin *sx,
                               kh_error *err) {
    extract x;
    memset(&x, 0, sizeof x);
    x.d = d;
    x.line_start = d->store.len;
    kh_status st = KH_OK;
    if (fpush(&x, (frame){root, 0, KH_RM_PAGE_CHROME, 0}))
        goto nomem;
    while (x.n) {
        frame f = x.st[--x.n];
        const GumboNode *n = f.node;
        if (f.post) {
            if ((st = flush(&x, err)))
                goto done;
            continue;
        }
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
            n->type == GUMBO_NODE_CDATA) {
            const char *t = n->v.text.text;
            if (!x.have_text) {
                if (only_space(t))
                    continue;
                x.have_text = 1;
                x.flags = f.flags;
                x.reason = f.reason;
                x.line_no = n->v.text.start_pos.line;
            }
            if (kh_standin_append(sx, &d->store, t))
                goto nomem;
            continue;
        }
        if (n->type != GUMBO_NODE_ELEMENT)
            continue;
        GumboTag tag = n->v.element.tag;
        if (skipped_tag(tag))
            continue;
        unsigned flags = f.flags;
        kh_removal reason = f.reason;
        if (n != root && !(flags & KH_BLK_DROP)) {
            kh_removal why = KH_RM_PAGE_CHROME;
            int chrome = 0;
            if (tag == GUMBO_TAG_NAV)
                chrome = 1, why = KH_RM_NAVIGATION;
            else if (tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_FOOTER ||
                     tag == GUMBO_TAG_FORM)
                chrome = 1;
            else if (tag == GUMBO_TAG_FIGCAPTION)
                chrome = 1, why = KH_RM_CAPTION;
            else if (hint_in(attr(n, "class"), &why) ||
                     hint_in(attr(n, "id"), &why))
                chrome = 1;
            /* A container that holds most of the article is not chrome,
             * whatever its class says ("article-author-wrap"). */
            if (chrome && tag != GUMBO_TAG_FIGCAPTION && tag != GUMBO_TAG_NAV &&
                tag != GUMBO_TAG_ASIDE && tag != GUMBO_TAG_FOOTER &&
                tag != GUMBO_TAG_FORM &&
                text_len(n, tmp, sx) * 5 > root_text * 2)
                chrome = 0;
            if (chrome) {
                flags |= KH_BLK_DROP;
                reason = why;
            }
        }
        if (tag == GUMBO_TAG_H1)
            flags |= KH_BLK_TITLE;
        else if (tag >= GUMBO_TAG_H2 && tag <= GUMBO_TAG_H6)
            flags |= KH_BLK_HEADING;
        else if (tag == GUMBO_TAG_LI)
            flags |= KH_BLK_LIST;
        if (block_tag(tag)) {
            if ((st = flush(&x, err)))
                goto done;
            if (tag == GUMBO_TAG_P || tag == GUMBO_TAG_HR)
                x.gap = KH_BLK_GAP;
            if (fpush(&x, (frame){n, flags, reason, 1}))
                goto nomem;
        }
        const GumboVector *c = &n->v.element.children;
        for (size_t i = c->length; i-- > 0;)
            if (fpush(&x, (frame){c->data[i], flags, reason, 0}))
                goto nomem;
    }
    st = flush(&x, err);
    goto done;
nomem:
    st = kh_fail(err, KH_ERR_NOMEM, "out of memory (HTML)");
done:
    free(x.st);
    return st;
}

/* ---- the reader ------------------------------------------------------- */

static const char *strip_site_suffix(char *t) {
    /* "खबर का शीर्षक | साइट" -> "खबर का शीर्षक": pages append the site. */
    static const char *const seps[] = {" | ", " - ", " – ", " — ", " :: "};
    char *best = NULL;
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
        char *p = t, *last = NULL;
        while ((p = strstr(p, seps[i])))
            last = p, p += strlen(seps[i]);
        if (last && (!best || last > best))
            best = last;
    }
    if (best && best - t >= 10 && strlen(best) < 60)
        *best = '\0';
    return t;
}

/* Did every stand-in come out of the parse once, whole, in a text node,
 * and none anywhere else? Then the tree is the one the original page
 * gives (standin.c). 0 when so, 1 when not, -1 when out of memory. */
static int standins_bad(const GumboOutput *g, const kh_standin *sx) {
    unsigned char *seen = calloc(sx->n, 1);
    nstack s = {0};
    int bad = !seen || npush(&s, g->document) ? -1 : 0;
    const GumboDocument *doc = &g->document->v.document;
    if (!bad && (kh_standin_count(sx, doc->name, NULL) ||
                 kh_standin_count(sx, doc->public_identifier, NULL) ||
                 kh_standin_count(sx, doc->system_identifier, NULL)))
        bad = 1;
    while (!bad && s.n) {
        const GumboNode *n = s.v[--s.n];
        switch (n->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
            bad = kh_standin_count(sx, n->v.text.text, seen);
            break;
        case GUMBO_NODE_COMMENT:
            bad = kh_standin_count(sx, n->v.text.text, NULL);
            break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: {
            const GumboElement *e = &n->v.element;
            if (e->tag == GUMBO_TAG_UNKNOWN &&
                kh_standin_in(e->original_tag.data, e->original_tag.length))
                bad = 1;
            for (size_t i = 0; !bad && i < e->attributes.length; i++) {
                const GumboAttribute *a = e->attributes.data[i];
                bad = kh_standin_count(sx, a->name, NULL) ||
                      kh_standin_count(sx, a->value, NULL);
            }
            if (!bad && npush_children(&s, n))
                bad = -1;
            break;
        }
        case GUMBO_NODE_DOCUMENT:
            if (npush_children(&s, n))
                bad = -1;
            break;
        }
    }
    for (size_t k = 0; !bad && k < sx->n; k++)
        bad = !seen[k]; /* dropped by the tree builder */
    free(seen);
    free(s.v);
    return bad;
}

kh_status kh_read_html(const char *buf, size_t len, kh_rawdoc *d,
                       kh_error *err) {
    return kh_read_html_with(buf, len, 1, d, err);
}

kh_status kh_read_html_with(const char *buf, size_t len, int standins,
                            kh_rawdoc *d, kh_error *err) {
    d->format = KH_INPUT_HTML;
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 0; /* recording parse errors costs time and memory */
    kh_standin stand;
    if (!standins)
        memset(&stand, 0, sizeof stand);
    else if (kh_standin_make(buf, len, &stand))
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (HTML)");
    const kh_standin *sx = stand.doc ? &stand : NULL;
    GumboOutput *g = gumbo_parse_with_options(&opts, sx ? stand.doc : buf,
                                              sx ? stand.len : len);
    if (g && sx) {
        int bad = standins_bad(g, sx);
        if (bad) {
            /* the scan misjudged the page somewhere: parse it as it is */
            gumbo_destroy_output(&opts, g);
            kh_standin_free(&stand);
            sx = NULL;
            g = bad < 0 ? NULL : gumbo_parse_with_options(&opts, buf, len);
        }
    }
    if (!g) {
        kh_standin_free(&stand);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (HTML parser)");
    }
    kh_status st = KH_OK;
    nstack s = {0}, tmp = {0};
    scores sc = {0};
    slots sl;
    memset(&sl, 0, sizeof sl);
    kh_buf title = {0};
    const GumboNode *article_body = NULL, *time_el = NULL, *body = NULL;
    const GumboNode *best_article = NULL;
    size_t best_article_len = 0;

    /* One pass: metadata, JSON-LD, candidates for the body root, scores. */
    if (npush(&s, g->document))
        goto nomem;
    while (s.n) {
        const GumboNode *n = s.v[--s.n];
        if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT)
            continue;
        if (n->type == GUMBO_NODE_ELEMENT) {
            GumboTag t = n->v.element.tag;
            if (t == GUMBO_TAG_META) {
                meta_tag(n, &sl);
                continue;
            }
            if (t == GUMBO_TAG_LINK) {
                const char *rel = attr(n, "rel"), *href = attr(n, "href");
                if (href && ieq(rel, "canonical") &&
                    (st = kh_rawdoc_meta(d, KH_META_CANONICAL, href,
                                         strlen(href), err)))
                    goto done;
                continue;
            }
            if (t == GUMBO_TAG_TITLE) {
                if (!title.len && text_into(n, &tmp, &title, sx))
                    goto nomem;
                continue;
            }
            if (t == GUMBO_TAG_SCRIPT) {
                const char *type = attr(n, "type");
                if (ieq(type, "application/ld+json")) {
                    kh_buf js = {0};
                    const GumboVector *c = &n->v.element.children;
                    for (size_t i = 0; i < c->length; i++) {
                        const GumboNode *k = c->data[i];
                        if (k->type == GUMBO_NODE_TEXT &&
                            kh_standin_append(sx, &js, k->v.text.text)) {
                            kh_buf_free(&js);
                            goto nomem;
                        }
                    }
                    json_t *j =
                        js.len ? json_loadb(js.data, js.len, 0, NULL) : NULL;
                    kh_buf_free(&js);
                    json_t *art = ld_article(j, 0);
                    if (art)
                        st = ld_apply(art, d, err);
                    json_decref(j);
                    if (st)
                        goto done;
                }
                continue;
            }
            if (t != GUMBO_TAG_HEAD && skipped_tag(t))
                continue;
            if (t == GUMBO_TAG_BODY && !body)
                body = n;
            if (t == GUMBO_TAG_TIME && !time_el)
                time_el = n;
            const char *ip = attr(n, "itemprop");
            if (!article_body && ip && ieq(ip, "articlebody"))
                article_body = n;
            if (t == GUMBO_TAG_ARTICLE) {
                size_t l = text_len(n, &tmp, sx);
                if (l > best_article_len)
                    best_article = n, best_article_len = l;
            }
            if (t == GUMBO_TAG_P && n->parent) {
                size_t l = text_len(n, &tmp, sx);
                if (l >= 25) {
                    if (add_score(&sc, n->parent, l))
                        goto nomem;
                    if (n->parent->parent &&
                        add_score(&sc, n->parent->parent, l / 2))
                        goto nomem;
                }
            }
        }
        if (npush_children(&s, n))
            goto nomem;
    }

    /* Metadata in order of trust: JSON-LD (already set), meta tags, then
     * <title> and <time>. */
    for (int f = 0; f < KH_META_COUNT; f++)
        for (int p = 0; p < 2; p++)
            if (sl.v[f][p] && (st = kh_rawdoc_meta(d, f, sl.v[f][p],
                                                   strlen(sl.v[f][p]), err)))
                goto done;
    int title_from_tag = !d->meta[KH_META_TITLE];
    if (title.len) {
        if (kh_buf_putc(&title, '\0'))
            goto nomem;
        const char *t = strip_site_suffix(title.data);
        if ((st = kh_rawdoc_meta(d, KH_META_TITLE, t, strlen(t), err)))
            goto done;
    }
    if (time_el && !d->meta[KH_META_PUBLISHED]) {
        const char *dt = attr(time_el, "datetime");
        if (dt &&
            (st = kh_rawdoc_meta(d, KH_META_PUBLISHED, dt, strlen(dt), err)))
            goto done;
    }

    /* The article's root. */
    const GumboNode *root = article_body;
    /* an empty articleBody is filled by script on the live page: look on */
    if (root && !text_len(root, &tmp, sx))
        root = NULL;
    if (!root && best_article && best_article_len >= 100)
        root = best_article;
    if (!root) {
        size_t best = 0;
        for (size_t i = 0; i < sc.n; i++)
            if (sc.v[i].score > best)
                best = sc.v[i].score, root = sc.v[i].node;
    }
    if (!root)
        root = body;
    size_t root_text = root ? text_len(root, &tmp, sx) : 0;
    if (!root || !root_text) {
        st = kh_fail(err, KH_ERR_NOT_FOUND,
                     "1: no article text found in the HTML page");
        goto done;
    }
    /* The headline usually sits above the body container: take the page's
     * first h1 as the title block when the root has none. */
    st = extract_lines(root, root_text, d, &tmp, sx, err);
    if (!st) {
        int has_h1 = 0;
        for (size_t i = 0; i < d->n_blocks; i++)
            if (d->blocks[i].flags & KH_BLK_TITLE)
                has_h1 = 1;
        if (!has_h1 && body && title_from_tag) {
            s.n = 0;
            if (npush(&s, body))
                goto nomem;
            while (s.n) {
                const GumboNode *n = s.v[--s.n];
                if (is_el(n, GUMBO_TAG_H1)) {
                    kh_buf h = {0};
                    if (text_into(n, &tmp, &h, sx)) {
                        kh_buf_free(&h);
                        goto nomem;
                    }
                    /* h1 text replaces a <title> with site decorations */
                    free(d->meta[KH_META_TITLE]);
                    d->meta[KH_META_TITLE] = NULL;
                    st = kh_rawdoc_meta(d, KH_META_TITLE, h.data, h.len, err);
                    kh_buf_free(&h);
                    break;
                }
                if (n->type == GUMBO_NODE_ELEMENT &&
                    !skipped_tag(n->v.element.tag) && npush_children(&s, n))
                    goto nomem;
            }
        }
    }
    d->base = d->store.data;
    goto done;
nomem:
    st = kh_fail(err, KH_ERR_NOMEM, "out of memory (HTML)");
done:
    if (!d->base)
        d->base = d->store.data ? d->store.data : "";
    free(s.v);
    free(tmp.v);
    free(sc.v);
    kh_buf_free(&title);
    gumbo_destroy_output(&opts, g);
    kh_standin_free(&stand); /* after gumbo: its tree points into doc */
    return st;
}
