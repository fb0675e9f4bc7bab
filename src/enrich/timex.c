/*
 * timex.c — date expressions resolved to ISO days or ranges, each with the
 * reason. Dates written out ("5 मई", "22 अप्रैल 2025", "May 5",
 * "5/5/2025", "मई 2025") come from clean/dates.c and get their year here:
 * written, from the publication date, or the year the article names most.
 * The rest is read from the tokens of each sentence:
 *
 *   day words       आज, कल, परसों, today, yesterday, tomorrow
 *   weekdays        सोमवार .. रविवार, Monday .. Sunday (पिछले/अगले before)
 *   periods         पिछले/इस/अगले हफ्ते, महीने, साल; last/this/next week
 *   spans           पिछले 5 दिनों, last 3 years
 *   offsets         3 दिन पहले, दो साल बाद, 5 days ago
 *   years           साल 2025, 2025 में; narrowed by के अंत / शुरुआत / मध्य
 *
 * कल and परसों mean yesterday or tomorrow: the verb of their clause
 * decides (था, गया, हुआ, ने → past; होगा, करेंगे, वाला → future); with
 * no sign, past is assumed, as news mostly reports what happened, and
 * the reason says so. A bare weekday takes the same rule.
 */
#include "enrich.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tx {
    en_doc *d;
    kh_resolved_date *out;
    size_t n, cap;
    kh_date_hit *hits; /* absolute dates of the current unit */
    size_t n_hits, cap_hits;
} tx;

static int eq_n(const en_tok *t, const char *w, size_t n) {
    return t->norm_len == n && !memcmp(t->norm, w, n);
}
/* Token t is the word literal lit. */
#define eq(t, lit) eq_n(t, lit, sizeof(lit) - 1)

static int in_list(const en_tok *t, const en_word *list) {
    for (; list->s; list++)
        if (eq_n(t, list->s, list->n))
            return 1;
    return 0;
}

static const en_word w_prev[] = {EN_W("पिछले"),     EN_W("पिछला"), EN_W("पिछली"),
                                 EN_W("बीते"),      EN_W("बीता"),  EN_W("बीती"),
                                 EN_W("गत"),       EN_W("last"),  EN_W("past"),
                                 EN_W("previous"), {NULL, 0}};
static const en_word w_this[] = {EN_W("इस"),  EN_W("इसी"),  EN_W("मौजूदा"),
                                 EN_W("चालू"), EN_W("this"), EN_W("current"),
                                 {NULL, 0}};
static const en_word w_next[] = {EN_W("अगले"),   EN_W("अगला"), EN_W("अगली"),
                                 EN_W("आगामी"), EN_W("next"), EN_W("coming"),
                                 {NULL, 0}};
static const en_word w_day[] = {
    EN_W("दिन"), EN_W("दिनों"), EN_W("day"), EN_W("days"), {NULL, 0}};
static const en_word w_week[] = {EN_W("हफ्ते"),   EN_W("हफ्ता"),   EN_W("हफ्तों"),
                                 EN_W("सप्ताह"), EN_W("सप्ताहों"), EN_W("week"),
                                 EN_W("weeks"), {NULL, 0}};
static const en_word w_month[] = {EN_W("महीने"), EN_W("महीना"), EN_W("महीनों"),
                                  EN_W("माह"),  EN_W("month"), EN_W("months"),
                                  {NULL, 0}};
static const en_word w_year[] = {EN_W("साल"),   EN_W("सालों"), EN_W("वर्ष"),
                                 EN_W("वर्षों"),  EN_W("बरस"),  EN_W("year"),
                                 EN_W("years"), {NULL, 0}};
static const en_word w_before[] = {
    EN_W("पहले"), EN_W("पूर्व"), EN_W("ago"), {NULL, 0}};
static const en_word w_after[] = {EN_W("बाद"), EN_W("later"), {NULL, 0}};
static const en_word w_end[] = {EN_W("अंत"),    EN_W("अंतिम"), EN_W("आखिर"),
                                EN_W("आखिरी"), EN_W("end"),  {NULL, 0}};
static const en_word w_start[] = {
    EN_W("शुरुआत"),      EN_W("शुरू"),    EN_W("आरंभ"), EN_W("प्रारंभ"),
    EN_W("beginning"), EN_W("start"), {NULL, 0}};
static const en_word w_mid[] = {EN_W("मध्य"), EN_W("middle"), {NULL, 0}};
static const en_word w_past[] = {
    EN_W("था"),  EN_W("थी"),  EN_W("थे"),     EN_W("थीं"),   EN_W("गया"),
    EN_W("गई"),  EN_W("गए"),  EN_W("गयी"),   EN_W("गये"),   EN_W("गईं"),
    EN_W("हुआ"),  EN_W("हुई"),  EN_W("हुए"),    EN_W("हुईं"),   EN_W("चुका"),
    EN_W("चुकी"), EN_W("चुके"),  EN_W("किया"),  EN_W("दिया"), EN_W("लिया"),
    EN_W("ने"),   EN_W("कहा"), EN_W("बताया"), EN_W("was"),  EN_W("were"),
    EN_W("did"), {NULL, 0}};
static const en_word w_future[] = {EN_W("वाला"), EN_W("वाली"),  EN_W("वाले"),
                                   EN_W("will"), EN_W("shall"), {NULL, 0}};

enum { U_DAY, U_WEEK, U_MONTH, U_YEAR, U_NONE };

static int unit_of(const en_tok *t) {
    if (in_list(t, w_day))
        return U_DAY;
    if (in_list(t, w_week))
        return U_WEEK;
    if (in_list(t, w_month))
        return U_MONTH;
    if (in_list(t, w_year))
        return U_YEAR;
    return U_NONE;
}

static int weekday_of(const en_tok *t) {
    static const en_word names[] = {
        EN_W("सोमवार"), EN_W("monday"),    EN_W("मंगलवार"),    EN_W("tuesday"),
        EN_W("बुधवार"),  EN_W("wednesday"), EN_W("गुरुवार"),     EN_W("thursday"),
        EN_W("शुक्रवार"), EN_W("friday"),    EN_W("शनिवार"),    EN_W("saturday"),
        EN_W("रविवार"), EN_W("sunday"),    EN_W("बृहस्पतिवार"), EN_W("thursday"),
        EN_W("इतवार"),  EN_W("sunday")};
    static const int day[] = {0, 0, 1, 1, 2, 2, 3, 3, 4,
                              4, 5, 5, 6, 6, 3, 3, 6, 6};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (eq_n(t, names[i].s, names[i].n))
            return day[i];
    return -1;
}

/* The value of a small number token ("3", "दो", "तीन"), or -1. */
static int small_number(const en_tok *t) {
    if (t->type == KH_TOKEN_NUMBER) {
        if (t->norm_len > 3)
            return -1;
        int v = 0;
        for (size_t i = 0; i < t->norm_len; i++) {
            if (t->norm[i] < '0' || t->norm[i] > '9')
                return -1;
            v = v * 10 + (t->norm[i] - '0');
        }
        return v;
    }
    if (eq(t, "एक") || eq(t, "one") || eq(t, "a"))
        return 1;
    int v = en_number_word(t->norm, t->norm_len);
    return v ? v : -1;
}

/* Does a normalized verb end like a future form (-एगा, -ेंगे, -ोगी,
 * होगा)? The ending must follow one of ए ओ ऊ or their vowel signs (with
 * an optional anusvara), which keeps out आगे, लगा and the like. */
static int future_form(const char *s, size_t n) {
    uint32_t cp[24];
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n && k < 24;)
        i += kh_cl_decode(p + i, n - i, &cp[k++]);
    if (k < 3)
        return 0;
    size_t e = k;
    if (cp[e - 1] == 0x0902 && e > 3) /* गीं */
        e--;
    uint32_t last = cp[e - 1];
    if (cp[e - 2] != 0x0917 ||
        !(last == 0x093E || last == 0x0940 || last == 0x0947))
        return 0;
    size_t v = e - 3;
    if (cp[v] == 0x0902 && v > 0)
        v--;
    uint32_t c = cp[v];
    return c == 0x0947 || c == 0x094B || c == 0x0942 || c == 0x090F ||
           c == 0x0913 || c == 0x090A;
}

static const en_word w_clause[] = {
    EN_W("और"),  EN_W("लेकिन"), EN_W("जबकि"), EN_W("तथा"),   EN_W("कि"),
    EN_W("मगर"), EN_W("but"),  EN_W("and"),  EN_W("while"), {NULL, 0}};

static kh_tense tense_of(const en_tok *t) {
    if (in_list(t, w_future) || future_form(t->norm, t->norm_len))
        return KH_TENSE_FUTURE;
    if (in_list(t, w_past))
        return KH_TENSE_PAST;
    return KH_TENSE_NONE;
}

static int clause_end(const en_tok *t) {
    return t->type == KH_TOKEN_PUNCT || in_list(t, w_clause);
}

/* The tense of the verb that governs token `at`, and the word that shows
 * it. Hindi puts the verb after the time word, so its clause is read
 * forward first (to a conjunction or punctuation), then backward; then
 * the nearest sign anywhere in the sentence. */
static kh_tense tense_at(const en_doc *d, size_t at, const en_tok **sign) {
    const en_sent *s = &d->sents[d->toks[at].sent];
    size_t first = s->first, end = s->first + s->n;
    *sign = NULL;
    for (size_t i = at + 1; i < end && !clause_end(&d->toks[i]); i++)
        if (tense_of(&d->toks[i]))
            return *sign = &d->toks[i], tense_of(*sign);
    for (size_t i = at; i > first && !clause_end(&d->toks[i - 1]); i--)
        if (tense_of(&d->toks[i - 1]))
            return *sign = &d->toks[i - 1], tense_of(*sign);
    size_t best = (size_t)-1;
    for (size_t i = first; i < end; i++) {
        size_t dist = i > at ? i - at : at - i;
        if (i != at && tense_of(&d->toks[i]) && dist < best) {
            best = dist;
            *sign = &d->toks[i];
        }
    }
    return *sign ? tense_of(*sign) : KH_TENSE_NONE;
}

static kh_resolved_date *push(tx *x, size_t unit, size_t start, size_t end) {
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 16;
        kh_resolved_date *p = kh_arena_alloc(x->d->arena, cap * sizeof *p);
        if (!p)
            return NULL;
        if (x->n)
            memcpy(p, x->out, x->n * sizeof *p);
        x->out = p;
        x->cap = cap;
    }
    const en_unit *u = &x->d->units[unit];
    kh_resolved_date *r = &x->out[x->n];
    memset(r, 0, sizeof *r);
    r->text = kh_arena_strndup(x->d->arena, u->text + start, end - start);
    if (!r->text)
        return NULL;
    r->len = end - start;
    r->where = u->where;
    r->section = u->section;
    r->paragraph = u->paragraph;
    r->offset = start;
    x->n++;
    return r;
}

static int set_reason(tx *x, kh_resolved_date *r, const char *fmt, ...)
    KH_PRINTF(3, 4);
static int set_reason(tx *x, kh_resolved_date *r, const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->reason = kh_arena_strndup(x->d->arena, buf, strlen(buf));
    return r->reason ? 0 : -1;
}

static void set_range(kh_resolved_date *r, long from, long to) {
    en_iso(from, r->from);
    en_iso(to, r->to);
}

/* ---- dates written out ------------------------------------------------ */

static int on_hit(void *p, const kh_date_hit *h) {
    tx *x = p;
    if (x->n_hits == x->cap_hits) {
        size_t cap = x->cap_hits ? 2 * x->cap_hits : 8;
        kh_date_hit *q = kh_arena_alloc(x->d->arena, cap * sizeof *q);
        if (!q)
            return -1;
        if (x->n_hits)
            memcpy(q, x->hits, x->n_hits * sizeof *q);
        x->hits = q;
        x->cap_hits = cap;
    }
    x->hits[x->n_hits++] = *h;
    return 0;
}

static int absolute(tx *x, size_t unit, const kh_date_hit *h) {
    const en_doc *d = x->d;
    kh_resolved_date *r = push(x, unit, h->start, h->start + h->len);
    if (!r)
        return -1;
    int y = h->year, m = h->month;
    const char *why;
    char named[64];
    if (y) {
        why = "year written";
    } else if (d->has_pub && !strcmp(d->anchor, "published")) {
        /* a month well after publication belongs to the year before */
        y = m > d->pub_month + 1 ? d->pub_year - 1 : d->pub_year;
        why = y == d->pub_year ? "year from published"
                               : "year before published (month after it)";
    } else if (d->named_year) {
        y = d->named_year;
        snprintf(named, sizeof named, "year the article names most (%d)", y);
        why = named;
    } else {
        return set_reason(x, r, "no year written or published");
    }
    if (h->day && h->day > en_month_days(y, m))
        return set_reason(x, r, "no such day (%d-%02d-%02d)", y, m, h->day);
    if (h->day) {
        set_range(r, en_days(y, m, h->day), en_days(y, m, h->day));
        return set_reason(x, r, "%s", why);
    }
    set_range(r, en_days(y, m, 1), en_days(y, m, en_month_days(y, m)));
    return set_reason(x, r, "month; %s", why);
}

/* ---- expressions read from tokens ---------------------------------------- */

/* Narrows a year or month range by "के अंत / शुरुआत / मध्य" after token
 * j; returns the last token used. */
static size_t narrow(const en_doc *d, size_t j, size_t end, int unit,
                     long *from, long *to, const char **part) {
    size_t k = j + 1;
    if (k < end && (eq(&d->toks[k], "के") || eq(&d->toks[k], "की") ||
                    eq(&d->toks[k], "of")))
        k++;
    else if (k + 1 < end && eq(&d->toks[k], "the"))
        k++;
    if (k >= end || k == j + 1)
        return j;
    const en_tok *t = &d->toks[k];
    int y, m, dd;
    en_civil(*from, &y, &m, &dd);
    if (unit == U_YEAR) {
        if (in_list(t, w_end))
            *from = en_days(y, 10, 1), *part = "end: October to December";
        else if (in_list(t, w_start))
            *to = en_days(y, 3, 31), *part = "start: January to March";
        else if (in_list(t, w_mid))
            *from = en_days(y, 4, 1), *to = en_days(y, 9, 30),
            *part = "middle: April to September";
        else
            return j;
    } else {
        if (in_list(t, w_end))
            *from = en_days(y, m, 21), *part = "end: from the 21st";
        else if (in_list(t, w_start))
            *to = en_days(y, m, 10), *part = "start: to the 10th";
        else if (in_list(t, w_mid))
            *from = en_days(y, m, 11), *to = en_days(y, m, 20),
            *part = "middle: 11th to 20th";
        else
            return j;
    }
    return k;
}

/* The range of the week, month or year `delta` units from day p. */
static void period(long p, int unit, int delta, long *from, long *to) {
    int y, m, dd;
    en_civil(p, &y, &m, &dd);
    if (unit == U_WEEK) {
        long monday = p - en_weekday(p) + 7L * delta;
        *from = monday, *to = monday + 6;
    } else if (unit == U_MONTH) {
        long mm = (long)y * 12 + (m - 1) + delta;
        int ny = (int)(mm / 12), nm = (int)(mm % 12) + 1;
        *from = en_days(ny, nm, 1);
        *to = en_days(ny, nm, en_month_days(ny, nm));
    } else if (unit == U_YEAR) {
        *from = en_days(y + delta, 1, 1), *to = en_days(y + delta, 12, 31);
    } else {
        *from = *to = p + delta;
    }
}

static const char *unit_name(int unit) {
    static const char *const n[] = {"day", "week", "month", "year"};
    return unit < U_NONE ? n[unit] : "";
}

/* A token inside a date written out, which is already resolved. */
static int in_hit(const tx *x, const en_tok *t) {
    for (size_t i = 0; i < x->n_hits; i++)
        if (t->start < x->hits[i].start + x->hits[i].len &&
            t->end > x->hits[i].start)
            return 1;
    return 0;
}

static int year_token(const en_tok *t) {
    if (t->type != KH_TOKEN_NUMBER || t->norm_len != 4)
        return 0;
    int v = atoi(t->norm);
    for (int i = 0; i < 4; i++)
        if (t->norm[i] < '0' || t->norm[i] > '9')
            return 0;
    return v >= 1900 && v <= 2099 ? v : 0;
}

/* Tries an expression at token i of a sentence ending at token e; adds
 * it and returns the token after it, i when there is none, or -1 when
 * out of memory. */
static long expression(tx *x, size_t i, size_t e) {
    en_doc *d = x->d;
    const en_tok *t = &d->toks[i];
    long p = d->pub_day;
    size_t j = i; /* last token of the expression */
    long from = 0, to = 0;
    int relative = 1, unit, num, wday;
    kh_tense tense = KH_TENSE_NONE;
    char why[200];
    why[0] = '\0';

    if (eq(t, "आज") || eq(t, "today")) {
        from = to = p;
        snprintf(why, sizeof why, "relative to %s: %s = today", d->anchor,
                 t->norm);
    } else if (eq(t, "कल") || eq(t, "परसों")) {
        int k = eq(t, "कल") ? 1 : 2;
        const en_tok *sign;
        tense = tense_at(d, i, &sign);
        int back = tense != KH_TENSE_FUTURE;
        from = to = back ? p - k : p + k;
        if (sign)
            snprintf(why, sizeof why,
                     "relative to %s: %s = %+d day%s (%s tense: %.*s)",
                     d->anchor, t->norm, back ? -k : k, k > 1 ? "s" : "",
                     back ? "past" : "future", (int)sign->norm_len, sign->norm);
        else
            snprintf(why, sizeof why,
                     "relative to %s: %s = %+d day%s (no tense sign, "
                     "past assumed)",
                     d->anchor, t->norm, -k, k > 1 ? "s" : "");
    } else if (eq(t, "yesterday") || eq(t, "tomorrow")) {
        int k = eq(t, "yesterday") ? -1 : 1;
        from = to = p + k;
        snprintf(why, sizeof why, "relative to %s: %s = %+d day", d->anchor,
                 t->norm, k);
    } else if ((in_list(t, w_prev) || in_list(t, w_this) ||
                in_list(t, w_next) ||
                (eq(t, "आने") && i + 1 < e && eq(&d->toks[i + 1], "वाले"))) &&
               i + 1 < e) {
        int dir = in_list(t, w_prev) ? -1 : in_list(t, w_next) ? 1 : 0;
        size_t k = i + 1;
        if (eq(t, "आने"))
            dir = 1, k++;
        if (k >= e)
            return (long)i;
        if ((wday = weekday_of(&d->toks[k])) >= 0) {
            long cur = p - en_weekday(p) + wday; /* this week's */
            if (dir < 0)
                from = to = cur < p ? cur : cur - 7;
            else if (dir > 0)
                from = to = cur > p ? cur : cur + 7;
            else
                from = to = cur;
            j = k;
            snprintf(why, sizeof why, "relative to %s: %s %.*s", d->anchor,
                     dir < 0   ? "the last"
                     : dir > 0 ? "the next"
                               : "this week's",
                     (int)d->toks[k].norm_len, d->toks[k].norm);
        } else if ((unit = unit_of(&d->toks[k])) != U_NONE && unit != U_DAY) {
            period(p, unit, dir, &from, &to);
            j = k;
            snprintf(why, sizeof why, "relative to %s: %s %s", d->anchor,
                     dir < 0   ? "previous"
                     : dir > 0 ? "next"
                               : "this",
                     unit_name(unit));
            const char *part = NULL;
            if (unit == U_YEAR || unit == U_MONTH)
                j = narrow(d, j, e, unit, &from, &to, &part);
            if (part) {
                size_t l = strlen(why);
                snprintf(why + l, sizeof why - l, ", %s", part);
            }
        } else if (dir <= 0 && k + 1 < e &&
                   (num = small_number(&d->toks[k])) > 0 &&
                   (unit = unit_of(&d->toks[k + 1])) != U_NONE) {
            /* पिछले 5 दिनों: the span up to the anchor */
            static const long per[] = {1, 7, 30, 365};
            from = p - per[unit] * num;
            to = p;
            j = k + 1;
            snprintf(why, sizeof why, "relative to %s: the %d %s%s up to it",
                     d->anchor, num, unit_name(unit), num > 1 ? "s" : "");
        } else {
            return (long)i;
        }
    } else if ((num = small_number(t)) > 0 && i + 2 < e &&
               (unit = unit_of(&d->toks[i + 1])) != U_NONE &&
               (in_list(&d->toks[i + 2], w_before) ||
                in_list(&d->toks[i + 2], w_after))) {
        int sign = in_list(&d->toks[i + 2], w_before) ? -1 : 1;
        if (unit == U_DAY || unit == U_WEEK)
            from = to = p + sign * (unit == U_DAY ? 1L : 7L) * num;
        else
            period(p, unit, sign * num, &from, &to);
        j = i + 2;
        snprintf(why, sizeof why, "relative to %s: %+d %s%s", d->anchor,
                 sign * num, unit_name(unit), num > 1 ? "s" : "");
    } else if ((wday = weekday_of(t)) >= 0) {
        const en_tok *sign;
        tense = tense_at(d, i, &sign);
        long cur = p - en_weekday(p) + wday;
        if (tense == KH_TENSE_FUTURE)
            from = to = cur > p ? cur : cur + 7;
        else
            from = to = cur <= p ? cur : cur - 7;
        snprintf(why, sizeof why, "relative to %s: %s %.*s (%s%.*s%s)",
                 d->anchor, tense == KH_TENSE_FUTURE ? "the next" : "the last",
                 (int)t->norm_len, t->norm,
                 tense == KH_TENSE_FUTURE ? "future tense: "
                 : tense == KH_TENSE_PAST ? "past tense: "
                                          : "no tense sign, past assumed",
                 sign ? (int)sign->norm_len : 0, sign ? sign->norm : "", "");
    } else {
        /* a year: "साल 2025", "2025 में", "2025 के अंत में" */
        int y = year_token(t);
        int before =
            i > 0 && d->toks[i - 1].sent == t->sent &&
            (eq(&d->toks[i - 1], "साल") || eq(&d->toks[i - 1], "वर्ष") ||
             eq(&d->toks[i - 1], "सन") || eq(&d->toks[i - 1], "in"));
        int after = i + 1 < e &&
                    (eq(&d->toks[i + 1], "में") || eq(&d->toks[i + 1], "तक") ||
                     eq(&d->toks[i + 1], "के"));
        if (!y || !(before || after))
            return (long)i;
        relative = 0;
        from = en_days(y, 1, 1), to = en_days(y, 12, 31);
        const char *part = NULL;
        j = narrow(d, i, e, U_YEAR, &from, &to, &part);
        if (j == i && !before && eq(&d->toks[i + 1], "के"))
            return (long)i; /* "2025 के" alone: too loose */
        snprintf(why, sizeof why, "year written%s%s", part ? ", " : "",
                 part ? part : "");
    }
    kh_resolved_date *r = push(x, t->unit, t->start, d->toks[j].end);
    if (!r)
        return -1;
    r->relative = relative;
    r->tense = tense;
    if (relative && !d->has_pub) {
        if (set_reason(x, r, "relative, but no publication date"))
            return -1;
    } else {
        set_range(r, from, to);
        if (set_reason(x, r, "%s", why))
            return -1;
    }
    return (long)j + 1;
}

static int cmp_dates(const void *a, const void *b) {
    const kh_resolved_date *x = a, *y = b;
    /* units are numbered in article order; offsets within a unit */
    if (x->where != y->where || x->section != y->section ||
        x->paragraph != y->paragraph)
        return 0;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Without a publication date, "आज यानी 5 मई" (today, that is 5 May)
 * still says what today is: that date becomes the anchor. */
static void anchor_from_text(tx *x) {
    en_doc *d = x->d;
    for (size_t i = 0; i + 2 < d->n_toks; i++) {
        const en_tok *t = &d->toks[i];
        if (!(eq(t, "आज") || eq(t, "today")) ||
            !(eq(&d->toks[i + 1], "यानी") || eq(&d->toks[i + 1], "अर्थात")))
            continue;
        for (size_t k = 0; k < x->n; k++) {
            const kh_resolved_date *r = &x->out[k];
            const en_unit *u = &d->units[t->unit];
            if (r->where == u->where && r->section == u->section &&
                r->paragraph == u->paragraph &&
                r->offset == d->toks[i + 2].start && r->from[0] &&
                !strcmp(r->from, r->to) && en_parse_iso(r->from, &d->pub_day)) {
                int dd;
                d->has_pub = 1;
                en_civil(d->pub_day, &d->pub_year, &d->pub_month, &dd);
                char buf[96];
                snprintf(buf, sizeof buf, "the article's आज (%s)", r->text);
                d->anchor = kh_arena_strndup(d->arena, buf, strlen(buf));
                if (!d->anchor)
                    d->has_pub = 0;
                return;
            }
        }
    }
}

/* The dates written out in unit u, resolved and added; x->hits holds
 * them. */
static int written_dates(tx *x, size_t u) {
    x->n_hits = 0;
    if (kh_find_dates(x->d->units[u].text, x->d->units[u].len, on_hit, x))
        return -1;
    for (size_t h = 0; h < x->n_hits; h++)
        if (absolute(x, u, &x->hits[h]))
            return -1;
    return 0;
}

int en_find_dates(en_doc *d, kh_resolved_date **out, size_t *n) {
    tx x;
    memset(&x, 0, sizeof x);
    x.d = d;
    if (!d->has_pub) {
        /* the dates written out first, to find the anchor */
        for (size_t u = 0; u < d->n_units; u++)
            if (written_dates(&x, u))
                return -1;
        anchor_from_text(&x);
        x.n = 0;
    }
    size_t si = 0;
    for (size_t u = 0; u < d->n_units; u++) {
        size_t first = x.n;
        if (written_dates(&x, u))
            return -1;
        for (; si < d->n_sents && d->sents[si].unit == u; si++) {
            const en_sent *s = &d->sents[si];
            size_t e = s->first + s->n;
            for (size_t i = s->first; i < e;) {
                if (in_hit(&x, &d->toks[i])) {
                    i++;
                    continue;
                }
                long next = expression(&x, i, e);
                if (next < 0)
                    return -1;
                i = (size_t)next > i ? (size_t)next : i + 1;
            }
        }
        /* absolute and token-read dates of a unit, in text order (a stable
         * insertion sort: few per unit) */
        for (size_t a = first + 1; a < x.n; a++) {
            kh_resolved_date t = x.out[a];
            size_t b = a;
            while (b > first && cmp_dates(&x.out[b - 1], &t) > 0) {
                x.out[b] = x.out[b - 1];
                b--;
            }
            x.out[b] = t;
        }
    }
    *out = x.out;
    *n = x.n;
    return 0;
}
