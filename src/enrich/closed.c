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

static const en_word closed_words[] = {
    EN_W("a"),       EN_W("about"),  EN_W("after"),  EN_W("all"),
    EN_W("also"),    EN_W("an"),     EN_W("and"),    EN_W("any"),
    EN_W("are"),     EN_W("as"),     EN_W("at"),     EN_W("be"),
    EN_W("been"),    EN_W("before"), EN_W("being"),  EN_W("but"),
    EN_W("by"),      EN_W("can"),    EN_W("could"),  EN_W("did"),
    EN_W("do"),      EN_W("does"),   EN_W("for"),    EN_W("from"),
    EN_W("had"),     EN_W("has"),    EN_W("have"),   EN_W("he"),
    EN_W("her"),     EN_W("here"),   EN_W("his"),    EN_W("how"),
    EN_W("i"),       EN_W("if"),     EN_W("in"),     EN_W("into"),
    EN_W("is"),      EN_W("it"),     EN_W("its"),    EN_W("just"),
    EN_W("may"),     EN_W("might"),  EN_W("more"),   EN_W("most"),
    EN_W("no"),      EN_W("not"),    EN_W("of"),     EN_W("on"),
    EN_W("or"),      EN_W("other"),  EN_W("our"),    EN_W("over"),
    EN_W("said"),    EN_W("says"),   EN_W("she"),    EN_W("should"),
    EN_W("so"),      EN_W("some"),   EN_W("such"),   EN_W("than"),
    EN_W("that"),    EN_W("the"),    EN_W("their"),  EN_W("then"),
    EN_W("there"),   EN_W("these"),  EN_W("they"),   EN_W("this"),
    EN_W("those"),   EN_W("to"),     EN_W("was"),    EN_W("we"),
    EN_W("were"),    EN_W("what"),   EN_W("when"),   EN_W("where"),
    EN_W("which"),   EN_W("who"),    EN_W("whom"),   EN_W("whose"),
    EN_W("why"),     EN_W("will"),   EN_W("with"),   EN_W("would"),
    EN_W("you"),     EN_W("your"),   EN_W("अंदर"),    EN_W("अगर"),
    EN_W("अत:"),     EN_W("अतः"),    EN_W("अधिक"),   EN_W("अनुसार"),
    EN_W("अन्य"),     EN_W("अपना"),   EN_W("अपनी"),   EN_W("अपने"),
    EN_W("अब"),      EN_W("आदि"),    EN_W("आप"),     EN_W("आपका"),
    EN_W("आपकी"),    EN_W("आपके"),    EN_W("इत्यादि"), EN_W("इन"),
    EN_W("इनका"),    EN_W("इनकी"),   EN_W("इनके"),    EN_W("इन्हीं"),
    EN_W("इन्हें"),     EN_W("इन्होंने"),  EN_W("इस"),     EN_W("इसका"),
    EN_W("इसकी"),    EN_W("इसके"),    EN_W("इसलिए"),  EN_W("इसी"),
    EN_W("इसे"),      EN_W("उन"),     EN_W("उनका"),   EN_W("उनकी"),
    EN_W("उनके"),     EN_W("उन्हीं"),   EN_W("उन्हें"),    EN_W("उन्होंने"),
    EN_W("उस"),      EN_W("उसका"),   EN_W("उसकी"),   EN_W("उसके"),
    EN_W("उसी"),     EN_W("उसे"),     EN_W("ऊपर"),    EN_W("एंव"),
    EN_W("एक"),      EN_W("एवं"),     EN_W("ऐसा"),    EN_W("ऐसी"),
    EN_W("ऐसे"),      EN_W("ओर"),     EN_W("और"),     EN_W("कई"),
    EN_W("कब"),      EN_W("कम"),     EN_W("कर"),     EN_W("करता"),
    EN_W("करती"),    EN_W("करते"),    EN_W("करना"),   EN_W("करने"),
    EN_W("कराया"),   EN_W("करीब"),   EN_W("करें"),     EN_W("करेंगे"),
    EN_W("कहती"),    EN_W("कहते"),    EN_W("कहना"),   EN_W("कहा"),
    EN_W("कहां"),     EN_W("का"),     EN_W("कि"),     EN_W("किंतु"),
    EN_W("किए"),     EN_W("किया"),   EN_W("किये"),    EN_W("किस"),
    EN_W("किसी"),    EN_W("किसे"),    EN_W("की"),     EN_W("कुछ"),
    EN_W("कुल"),      EN_W("के"),      EN_W("केवल"),    EN_W("कैसे"),
    EN_W("को"),      EN_W("कोई"),    EN_W("कौन"),    EN_W("क्या"),
    EN_W("क्यों"),     EN_W("क्योंकि"),  EN_W("खुद"),     EN_W("गई"),
    EN_W("गईं"),      EN_W("गए"),     EN_W("गया"),    EN_W("गयी"),
    EN_W("गये"),      EN_W("चाहिए"),  EN_W("चूंकि"),    EN_W("जब"),
    EN_W("जहां"),     EN_W("जा"),     EN_W("जाएंगे"),   EN_W("जाएगा"),
    EN_W("जाएगी"),   EN_W("जाता"),   EN_W("जाती"),   EN_W("जाते"),
    EN_W("जानकारी"), EN_W("जाने"),    EN_W("जिन"),    EN_W("जिनका"),
    EN_W("जिनकी"),   EN_W("जिनके"),   EN_W("जिन्हें"),   EN_W("जिन्होंने"),
    EN_W("जिस"),     EN_W("जिसका"),  EN_W("जिसकी"),  EN_W("जिसके"),
    EN_W("जिसे"),     EN_W("जैसा"),    EN_W("जैसी"),    EN_W("जैसे"),
    EN_W("जो"),      EN_W("ज्यादा"),  EN_W("तक"),     EN_W("तथा"),
    EN_W("तब"),      EN_W("तरफ"),    EN_W("तरह"),    EN_W("ताकि"),
    EN_W("तुम"),      EN_W("तो"),     EN_W("था"),     EN_W("थी"),
    EN_W("थीं"),      EN_W("थे"),      EN_W("दिए"),    EN_W("दिया"),
    EN_W("दी"),      EN_W("दूसरा"),   EN_W("दूसरी"),   EN_W("दूसरे"),
    EN_W("देने"),      EN_W("दौरान"),  EN_W("द्वारा"),  EN_W("न"),
    EN_W("नहीं"),     EN_W("ना"),     EN_W("नीचे"),    EN_W("ने"),
    EN_W("पर"),      EN_W("परंतु"),    EN_W("पहले"),    EN_W("पास"),
    EN_W("फिर"),     EN_W("बताती"),  EN_W("बताते"),   EN_W("बताया"),
    EN_W("बल्कि"),    EN_W("बस"),     EN_W("बहुत"),    EN_W("बात"),
    EN_W("बातें"),     EN_W("बाद"),    EN_W("बारे"),    EN_W("बाहर"),
    EN_W("बीच"),     EN_W("भी"),     EN_W("मगर"),    EN_W("मत"),
    EN_W("मात्र"),    EN_W("मुताबिक"), EN_W("में"),      EN_W("मेरा"),
    EN_W("मेरी"),     EN_W("मेरे"),     EN_W("मैं"),      EN_W("यदि"),
    EN_W("यह"),      EN_W("यहां"),    EN_W("यही"),    EN_W("यहीं"),
    EN_W("या"),      EN_W("यानी"),   EN_W("ये"),      EN_W("रहने"),
    EN_W("रहा"),     EN_W("रही"),    EN_W("रहीं"),    EN_W("रहे"),
    EN_W("रूप"),      EN_W("लगभग"),   EN_W("लिए"),    EN_W("लिया"),
    EN_W("लिये"),     EN_W("ली"),     EN_W("लेकिन"),   EN_W("लेने"),
    EN_W("व"),       EN_W("वगैरह"),   EN_W("वरना"),   EN_W("वह"),
    EN_W("वहां"),     EN_W("वही"),    EN_W("वहीं"),    EN_W("वाला"),
    EN_W("वाली"),    EN_W("वाले"),    EN_W("वे"),      EN_W("सकता"),
    EN_W("सकती"),    EN_W("सकते"),    EN_W("सके"),     EN_W("सब"),
    EN_W("सबसे"),     EN_W("सभी"),    EN_W("साथ"),    EN_W("साथ-साथ"),
    EN_W("सिर्फ"),    EN_W("से"),      EN_W("स्वयं"),    EN_W("हम"),
    EN_W("हमारा"),   EN_W("हमारी"),  EN_W("हमारे"),   EN_W("हर"),
    EN_W("ही"),      EN_W("हुआ"),     EN_W("हुई"),     EN_W("हुईं"),
    EN_W("हुए"),      EN_W("है"),      EN_W("हैं"),      EN_W("हो"),
    EN_W("होंगी"),    EN_W("होंगे"),    EN_W("होगा"),   EN_W("होगी"),
    EN_W("होता"),    EN_W("होती"),   EN_W("होते"),    EN_W("होने"),
};

size_t en_word_find(const void *table, size_t count, size_t size, const char *s,
                    size_t n) {
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const en_word *w = (const en_word *)((const char *)table + mid * size);
        int c = memcmp(w->s, s, w->n < n ? w->n : n);
        if (!c)
            c = w->n < n ? -1 : w->n > n;
        if (!c)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return count;
}

int en_is_closed(const char *s, size_t n) {
    size_t count = sizeof closed_words / sizeof *closed_words;
    return en_word_find(closed_words, count, sizeof *closed_words, s, n) <
           count;
}

/* Words of time that say when, not what: never keywords ("अगले महीने"
 * is a date, not a topic). Counts still take them ("3 दिन"). */
int en_is_time_word(const char *s, size_t n) {
    static const en_word words[] = {
        EN_W("अगले"),   EN_W("अगला"),  EN_W("अगली"),  EN_W("पिछले"),
        EN_W("पिछला"), EN_W("पिछली"), EN_W("बीते"),   EN_W("आज"),
        EN_W("कल"),    EN_W("परसों"),  EN_W("दिन"),   EN_W("दिनों"),
        EN_W("हफ्ते"),   EN_W("हफ्ता"),  EN_W("सप्ताह"), EN_W("महीने"),
        EN_W("महीना"), EN_W("माह"),   EN_W("साल"),   EN_W("सालों"),
        EN_W("वर्ष"),   EN_W("घंटे"),    EN_W("घंटों"),   EN_W("सुबह"),
        EN_W("शाम"),   EN_W("रात"),   EN_W("today"), EN_W("yesterday"),
        EN_W("week"),  EN_W("month"), EN_W("year"),  {NULL, 0}};
    for (size_t i = 0; words[i].s; i++)
        if (words[i].n == n && !memcmp(words[i].s, s, n))
            return 1;
    return 0;
}
