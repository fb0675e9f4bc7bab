/*
 * sentence.c — decides where sentences start, over a run of tokens.
 *
 * A sentence ends after । ॥ ? ! (and | used as a danda) and after a "."
 * used as a full stop, which Hindi web news writes instead of ।. The
 * tokenizer already keeps the period inside abbreviations and initials
 * (डॉ. एस. U.S.) and inside numbers (2.5), so a lone "." token is a full
 * stop unless it closes list numbering ("1." at the start of a line).
 * A period after a letter name that is also a common word (के. जी.) ends
 * the sentence only in texts that use "." as their full stop, and not
 * inside a run of initials (बी. के. शर्मा).
 *
 * Closing quotes and brackets after the end mark stay with the sentence.
 * A blank line always ends a sentence and a paragraph; a single line break
 * ends a sentence unless the text is hard-wrapped prose.
 *
 * ICU's rule ("." before any letter ends a sentence) is what this replaces:
 * it splits after every initial, which costs 7 points of F1 on news.
 */
#include "analyze.h"

#include <string.h>

static int tok_is(const char *text, const kh_segtok *t, const char *lit) {
    size_t k = strlen(lit);
    return t->end - t->start == k && memcmp(text + t->start, lit, k) == 0;
}

/* Is the whole token a run of one terminal mark? */
static int terminal_punct(const char *text, const kh_segtok *t,
                          const kh_segtok *prev) {
    if (t->type != KH_TOKEN_PUNCT)
        return 0;
    const unsigned char *s = (const unsigned char *)text + t->start;
    size_t n = t->end - t->start;
    if (s[0] == '?' || s[0] == '!')
        return 1;
    if (n >= 3 && s[0] == 0xE0 && s[1] == 0xA5 &&
        (s[2] == 0xA4 || s[2] == 0xA5))
        return 1;    /* । ॥ */
    if (s[0] == '|') /* a pipe typed for a danda, after a Hindi word */
        return prev && prev->script == KH_SCRIPT_DEVANAGARI;
    return 0;
}

static int is_period(const char *text, const kh_segtok *t) {
    return t->type == KH_TOKEN_PUNCT && tok_is(text, t, ".");
}

static int is_ellipsis(const char *text, const kh_segtok *t) {
    return t->type == KH_TOKEN_PUNCT &&
           ((t->end - t->start >= 2 && text[t->start] == '.') ||
            tok_is(text, t, "\xE2\x80\xA6"));
}

/* Quotes that may close a quotation. */
static int is_quote(const char *text, const kh_segtok *t) {
    return t->type == KH_TOKEN_PUNCT &&
           (tok_is(text, t, "\"") || tok_is(text, t, "'"));
}

static int is_closer(const char *text, const kh_segtok *t) {
    if (t->type != KH_TOKEN_PUNCT)
        return 0;
    return tok_is(text, t, ")") || tok_is(text, t, "]") ||
           tok_is(text, t, "}") || tok_is(text, t, "\xE2\x80\x9D") || /* ” */
           tok_is(text, t, "\xE2\x80\x99") ||                         /* ’ */
           tok_is(text, t, "\xC2\xBB");                               /* » */
}

static int starts_lower_latin(const char *text, const kh_segtok *t) {
    unsigned char c = (unsigned char)text[t->start];
    return t->type == KH_TOKEN_WORD && c >= 'a' && c <= 'z';
}

/* ---- sentences without an end mark ----------------------------------
 * News text sometimes drops the danda between two sentences ("... कोई
 * संदेह नहीं है इससे पहले आज ..."). Hindi is verb-final, so a finite
 * auxiliary or future form followed by a word that can only open a new
 * clause (not a conjunction, relative, correlative, postposition or another
 * verb form) marks a boundary. The lists are closed-class words of Hindi
 * grammar, not words of any corpus. */

static const char *const clause_final_words[] = {
    "है",     "हैं",    "था",   "थे",   "थी",  "थीं", "हूं",  "हूँ",
    "चाहिए", "होगा", "होगी", "होंगे", "पड़ा", "सके", "सकें", NULL};
static const char *const future_endings[] = {"ेगा", "ेगी", "ेंगे",  "ेंगी", "ूंगा",
                                             "ूँगा", "ूंगी", "ोगे", NULL};
/* Words that continue a clause after a verb: conjunctions, relatives,
 * correlatives, postpositions, particles. */
static const char *const continuers[] = {
    "कि",    "और",    "तो",    "जो",   "जिस",    "जिसे",   "जिसमें",  "जिसके",
    "जिसकी", "जिसका", "जिससे",  "जिसने", "जिसपर",  "जिसको", "जिन",   "जिनमें",
    "जिनके",  "जिनकी", "जिनका", "जिन्हें", "जिन्होंने", "जिनपर", "जिनको", "जहां",
    "जहाँ",   "जब",    "तब",    "जबकि", "क्योंकि",  "लेकिन",  "किंतु",   "किन्तु",
    "परंतु",   "परन्तु",  "मगर",   "पर",   "या",     "अथवा",  "तथा",   "एवं",
    "व",     "बल्कि",  "ताकि",  "वरना", "यानी",   "अर्थात", "यदि",   "अगर",
    "चाहे",   "वह",    "वे",     "उस",   "उसे",     "उन",    "उन्हें",   "उनको",
    "उनके",   "उनका",  "उनकी",  "उसका", "उसके",    "उसकी",  "उससे",   "उनसे",
    "वही",   "वहीं",   "वहां",   "वहाँ",  "इसलिए",  "जैसे",    "जितना", "जितने",
    "जितनी", "उतना",  "उतने",   "उतनी", "तभी",    "भी",    "ही",    "न",
    "नहीं",   "का",    "के",     "की",   "को",     "में",     "से",     "ने",
    "तक",    "लिए",   "द्वारा", "साथ",  "बाद",    "पहले",   NULL};
/* Verb forms that continue a verb group. */
static const char *const verb_group[] = {
    "है",    "हैं",     "था",    "थे",    "थी",   "थीं",   "हो",   "हों",
    "जा",   "जाने",   "गया",   "गई",   "गए",   "गये",   "रहा",  "रही",
    "रहे",   "जाएगा", "जाएगी", "जाएंगे", "जाता", "जाती", "जाते",  "जाए",
    "सकता", "सकती",  "सकते",   "चुका",  "चुकी",  "चुके",   "दिया", "दी",
    "दिए",  "लिया",  "ली",    "कर",   NULL};

static int tok_in(const char *text, const kh_segtok *t,
                  const char *const *list) {
    size_t n = t->end - t->start;
    for (; *list; list++)
        if (strlen(*list) == n && !memcmp(text + t->start, *list, n))
            return 1;
    return 0;
}

static int deva_word(const kh_segtok *t) {
    return t->type == KH_TOKEN_WORD && t->script == KH_SCRIPT_DEVANAGARI;
}

static int clause_final(const char *text, const kh_segtok *t) {
    if (!deva_word(t))
        return 0;
    if (tok_in(text, t, clause_final_words))
        return 1;
    size_t n = t->end - t->start;
    for (const char *const *e = future_endings; *e; e++) {
        size_t k = strlen(*e);
        /* at least two letters before the ending: करेगा, not मेगा */
        if (n >= k + 6 && !memcmp(text + t->end - k, *e, k))
            return 1;
    }
    return 0;
}

static int clause_initial(const char *text, const kh_segtok *y,
                          const kh_segtok *y2) {
    if (!deva_word(y) || y->newlines_before)
        return 0;
    if (tok_in(text, y, continuers) || tok_in(text, y, verb_group))
        return 0;
    if (y2 && deva_word(y2) && tok_in(text, y2, verb_group))
        return 0; /* "है भेजा गया": still one verb group */
    return 1;
}

/* Does the text use "." as its full stop (more ". " after Hindi words than
 * dandas)? Decides the ambiguous initials. */
static int period_is_full_stop(const char *text, const kh_segtok *toks,
                               size_t n) {
    size_t dandas = 0, periods = 0;
    for (size_t i = 0; i < n; i++) {
        const kh_segtok *t = &toks[i];
        if (t->type != KH_TOKEN_PUNCT)
            continue;
        const unsigned char *s = (const unsigned char *)text + t->start;
        if (s[0] == 0xE0 && t->end - t->start >= 3 && s[2] == 0xA4)
            dandas++;
        else if (s[0] == '.' && t->end - t->start == 1 && i > 0 &&
                 toks[i - 1].script == KH_SCRIPT_DEVANAGARI)
            periods++;
    }
    return periods > dandas;
}

void kh_segment(const char *text, const kh_segtok *toks, size_t n, int wrapped,
                uint8_t *starts) {
    if (!n)
        return;
    int full_stop = period_is_full_stop(text, toks, n);
    size_t sent_first = 0; /* first token of the current sentence */
    int ended = 0;         /* an end mark was seen; closers may follow */
    unsigned quotes = 0;   /* straight quotes seen in this sentence */
    memset(starts, 0, n);
    starts[0] = 2;
    for (size_t i = 0; i < n; i++) {
        const kh_segtok *t = &toks[i];
        if (i > 0) {
            int br = 0;
            if (t->blank_before)
                br = 2;
            else if (t->newlines_before && !wrapped)
                br = 1;
            else if (ended) {
                /* After an end mark: closers stay, anything else starts. */
                int attached = t->start == toks[i - 1].end;
                if (is_closer(text, t) ||
                    (is_quote(text, t) && (quotes % 2 == 1 || attached)) ||
                    terminal_punct(text, t, &toks[i - 1]) ||
                    (is_period(text, t) && attached))
                    br = 0;
                else
                    br = 1;
            }
            if (br) {
                starts[i] = (uint8_t)br;
                sent_first = i;
                ended = 0;
                quotes = 0;
            }
        }
        if (is_quote(text, t))
            quotes++;
        if (ended)
            continue;
        const kh_segtok *prev = i > sent_first ? &toks[i - 1] : NULL;
        const kh_segtok *next = i + 1 < n ? &toks[i + 1] : NULL;
        if (terminal_punct(text, t, prev)) {
            ended = 1;
        } else if (next && clause_final(text, t) &&
                   clause_initial(text, next,
                                  i + 2 < n ? &toks[i + 2] : NULL)) {
            ended = 1;
        } else if (is_period(text, t)) {
            /* "1." or "क." opening a line is list numbering */
            int numbering =
                i == sent_first + 1 && prev &&
                (prev->type == KH_TOKEN_NUMBER ||
                 (prev->end - prev->start <= 3 && prev->type == KH_TOKEN_WORD));
            int lower_next = next && !next->newlines_before &&
                             starts_lower_latin(text, next) && prev &&
                             prev->script == KH_SCRIPT_LATIN;
            if (!numbering && !lower_next)
                ended = 1;
        } else if (is_ellipsis(text, t)) {
            /* "..." before a new clause ends a sentence; before a lowercase
             * Latin word it is a pause inside one */
            if (!(next && (starts_lower_latin(text, next) ||
                           tok_in(text, next, continuers))))
                ended = 1;
        } else if (t->abbrev == KH_ABBREV_AMBIGUOUS && full_stop) {
            int in_run = (prev && prev->abbrev >= KH_ABBREV_INITIAL &&
                          !t->newlines_before) ||
                         (next && next->abbrev >= KH_ABBREV_INITIAL &&
                          !next->newlines_before);
            if (!in_run)
                ended = 1;
        }
    }
}
