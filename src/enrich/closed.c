/*
 * closed.c — closed-class and empty words that are never keywords and do
 * not count for a sentence's content: postpositions, pronouns,
 * auxiliaries, conjunctions, light verbs, reporting verbs ("कहा",
 * "बताया"), English function words. Written in khabar's normalized form
 * (nukta folded, candrabindu as anusvara, Latin lowercased) and kept
 * sorted by bytes for a binary search.
 */
#include "enrich.h"

#include <string.h>

static const char *const closed_words[] = {
    "a",       "about", "after",  "all",   "also",   "an",    "and",
    "any",     "are",   "as",     "at",    "be",     "been",  "before",
    "being",   "but",   "by",     "can",   "could",  "did",   "do",
    "does",    "for",   "from",   "had",   "has",    "have",  "he",
    "her",     "here",  "his",    "how",   "i",      "if",    "in",
    "into",    "is",    "it",     "its",   "just",   "may",   "might",
    "more",    "most",  "no",     "not",   "of",     "on",    "or",
    "other",   "our",   "over",   "said",  "says",   "she",   "should",
    "so",      "some",  "such",   "than",  "that",   "the",   "their",
    "then",    "there", "these",  "they",  "this",   "those", "to",
    "was",     "we",    "were",   "what",  "when",   "where", "which",
    "who",     "whom",  "whose",  "why",   "will",   "with",  "would",
    "you",     "your",  "अंदर",    "अगर",   "अत:",    "अतः",   "अधिक",
    "अनुसार",   "अन्य",   "अपना",   "अपनी",  "अपने",    "अब",    "आदि",
    "आप",      "आपका",  "आपकी",   "आपके",   "इत्यादि", "इन",    "इनका",
    "इनकी",    "इनके",   "इन्हीं",   "इन्हें",   "इन्होंने",  "इस",    "इसका",
    "इसकी",    "इसके",   "इसलिए",  "इसी",   "इसे",     "उन",    "उनका",
    "उनकी",    "उनके",   "उन्हीं",   "उन्हें",   "उन्होंने",  "उस",    "उसका",
    "उसकी",    "उसके",   "उसी",    "उसे",    "ऊपर",    "एंव",    "एक",
    "एवं",      "ऐसा",   "ऐसी",    "ऐसे",    "ओर",     "और",    "कई",
    "कब",      "कम",    "कर",     "करता",  "करती",   "करते",   "करना",
    "करने",     "कराया", "करीब",   "करें",    "करेंगे",    "कहती",  "कहते",
    "कहना",    "कहा",   "कहां",    "का",    "कि",     "किंतु",   "किए",
    "किया",    "किये",   "किस",    "किसी",  "किसे",    "की",    "कुछ",
    "कुल",      "के",     "केवल",    "कैसे",    "को",     "कोई",   "कौन",
    "क्या",     "क्यों",   "क्योंकि",  "खुद",    "गई",     "गईं",    "गए",
    "गया",     "गयी",   "गये",     "चाहिए", "चूंकि",    "जब",    "जहां",
    "जा",      "जाएंगे",  "जाएगा",  "जाएगी", "जाता",   "जाती",  "जाते",
    "जानकारी", "जाने",   "जिन",    "जिनका", "जिनकी",  "जिनके",  "जिन्हें",
    "जिन्होंने",  "जिस",   "जिसका",  "जिसकी", "जिसके",   "जिसे",   "जैसा",
    "जैसी",     "जैसे",    "जो",     "ज्यादा", "तक",     "तथा",   "तब",
    "तरफ",     "तरह",   "ताकि",   "तुम",    "तो",     "था",    "थी",
    "थीं",      "थे",     "दिए",    "दिया",  "दी",     "दूसरा",  "दूसरी",
    "दूसरे",     "देने",    "दौरान",  "द्वारा", "न",      "नहीं",   "ना",
    "नीचे",     "ने",     "पर",     "परंतु",   "पहले",    "पास",   "फिर",
    "बताती",   "बताते",  "बताया",  "बल्कि",  "बस",     "बहुत",   "बात",
    "बातें",     "बाद",   "बारे",    "बाहर",  "बीच",    "भी",    "मगर",
    "मत",      "मात्र",  "मुताबिक", "में",     "मेरा",    "मेरी",   "मेरे",
    "मैं",       "यदि",   "यह",     "यहां",   "यही",    "यहीं",   "या",
    "यानी",    "ये",     "रहने",    "रहा",   "रही",    "रहीं",   "रहे",
    "रूप",      "लगभग",  "लिए",    "लिया",  "लिये",    "ली",    "लेकिन",
    "लेने",      "व",     "वगैरह",   "वरना",  "वह",     "वहां",   "वही",
    "वहीं",     "वाला",  "वाली",   "वाले",   "वे",      "सकता",  "सकती",
    "सकते",     "सके",    "सब",     "सबसे",   "सभी",    "साथ",   "साथ-साथ",
    "सिर्फ",    "से",     "स्वयं",    "हम",    "हमारा",  "हमारी", "हमारे",
    "हर",      "ही",    "हुआ",     "हुई",    "हुईं",     "हुए",    "है",
    "हैं",       "हो",    "होंगी",   "होंगे",   "होगा",   "होगी",  "होता",
    "होती",    "होते",   "होने",
};

int en_is_closed(const char *s, size_t n) {
    size_t lo = 0, hi = sizeof closed_words / sizeof *closed_words;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *w = closed_words[mid];
        size_t wn = strlen(w);
        int c = memcmp(w, s, wn < n ? wn : n);
        if (!c)
            c = wn < n ? -1 : wn > n;
        if (!c)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Words of time that say when, not what: never keywords ("अगले महीने"
 * is a date, not a topic). Counts still take them ("3 दिन"). */
int en_is_time_word(const char *s, size_t n) {
    static const char *const words[] = {
        "अगले",   "अगला",  "अगली",  "पिछले", "पिछला", "पिछली", "बीते",
        "आज",    "कल",    "परसों",  "दिन",  "दिनों",  "हफ्ते",   "हफ्ता",
        "सप्ताह", "महीने",  "महीना", "माह",  "साल",   "सालों",  "वर्ष",
        "घंटे",    "घंटों",   "सुबह",   "शाम",  "रात",   "today", "yesterday",
        "week",  "month", "year",  NULL};
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !memcmp(words[i], s, n))
            return 1;
    return 0;
}
