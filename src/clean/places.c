/*
 * places.c — the names that make up datelines and agency credits: cities
 * and states that Hindi papers file from, world capitals in the news, wire
 * agencies and desks. Written in folded form (see fold.c: no nukta,
 * lowercase Latin). A dateline is judged by shape first (a short line, or
 * a prefix ending in '।' or ':'); these lists only confirm it, so a list
 * that misses a town costs recall, never a body sentence.
 */
#include "clean.h"

#include <string.h>

static const char *const places[] = {
    /* India: capitals, big cities, datelines common in Hindi papers */
    "नई दिल्ली",
    "नयी दिल्ली",
    "दिल्ली",
    "मुंबई",
    "कोलकाता",
    "चेन्नई",
    "बेंगलुरु",
    "बंगलुरु",
    "बेंगलुरू",
    "हैदराबाद",
    "अहमदाबाद",
    "पुणे",
    "लखनऊ",
    "कानपुर",
    "आगरा",
    "वाराणसी",
    "प्रयागराज",
    "इलाहाबाद",
    "गोरखपुर",
    "मेरठ",
    "नोएडा",
    "ग्रेटर नोएडा",
    "गाजियाबाद",
    "गुरुग्राम",

    "गुडगांव",
    "फरीदाबाद",
    "चंडीगढ",
    "जयपुर",
    "जोधपुर",
    "उदयपुर",
    "कोटा",
    "अजमेर",
    "बीकानेर",
    "भोपाल",
    "इंदौर",
    "ग्वालियर",
    "जबलपुर",
    "उज्जैन",
    "रीवा",
    "सागर",
    "देवास",
    "रतलाम",
    "पटना",
    "गया",
    "भागलपुर",
    "मुजफ्फरपुर",
    "दरभंगा",
    "रांची",
    "जमशेदपुर",
    "धनबाद",
    "बोकारो",
    "रायपुर",
    "बिलासपुर",
    "देहरादून",
    "हरिद्वार",
    "शिमला",
    "श्रीनगर",
    "जम्मू",
    "लेह",
    "अमृतसर",
    "लुधियाना",
    "जालंधर",
    "पटियाला",
    "भुवनेश्वर",
    "कटक",
    "गुवाहाटी",
    "शिलांग",
    "इंफाल",
    "अगरतला",
    "आइजोल",
    "कोहिमा",
    "ईटानगर",
    "गंगटोक",
    "तिरुवनंतपुरम",
    "कोच्चि",
    "मदुरै",
    "विशाखापत्तनम",
    "विजयवाडा",
    "अमरावती",
    "नागपुर",
    "नासिक",
    "औरंगाबाद",
    "सूरत",
    "वडोदरा",
    "राजकोट",
    "गांधीनगर",
    "पणजी",
    "गोवा",
    "बरेली",
    "मुरादाबाद",
    "अलीगढ",
    "मथुरा",
    "झांसी",
    "अयोध्या",
    "फैजाबाद",
    "सहारनपुर",
    "बस्ती",
    "बलिया",
    "आजमगढ",
    "बुलंदशहर",
    "हापुड",
    "शामली",
    "बागपत",
    "रोहतक",
    "हिसार",
    "पानीपत",
    "करनाल",
    "अंबाला",
    "सोनीपत",
    /* abroad */
    "वाशिंगटन",
    "वॉशिंगटन",
    "न्यूयॉर्क",
    "लंदन",
    "पेरिस",
    "बर्लिन",
    "मॉस्को",
    "मास्को",
    "बीजिंग",
    "पेइचिंग",
    "वुहान",
    "टोक्यो",
    "तोक्यो",
    "सियोल",
    "इस्लामाबाद",
    "लाहौर",
    "कराची",
    "काठमांडू",
    "ढाका",
    "कोलंबो",
    "काबुल",
    "तेहरान",
    "दुबई",
    "रियाद",
    "जिनेवा",
    "रोम",
    "मैड्रिड",
    "सिडनी",
    "मेलबर्न",
    "ब्रिसबेन",
    "ओटावा",
    "टोरंटो",
    "सिंगापुर",
    "बैंकॉक",
    "हांगकांग",
    "यरुशलम",
    "तेल अवीव",
    "संयुक्त राष्ट्र",
    "कीव",
    "ब्रसेल्स",
    "new delhi",
    "delhi",
    "mumbai",
    "kolkata",
    "chennai",
    "bengaluru",
    "bangalore",
    "hyderabad",
    "lucknow",
    "patna",
    "bhopal",
    "indore",
    "jaipur",
    "washington",
    "london",
    "beijing",
    "moscow",
    "new york",
    "islamabad",
    "kathmandu",
    "dhaka",
    "brisbane",
    "sydney",
};

static const char *const agencies[] = {
    "पीटीआई",       "पीटीआइ",
    "आईएएनएस",      "आइएएनएस",
    "एएनआई",        "एएनआइ",
    "भाषा",         "यूएनआई",
    "यूएनआइ",        "वार्ता",
    "एजेंसी",         "एजेंसियां",
    "एनबीटी",       "नवभारतटाइम्स.कॉम",
    "नवभारत टाइम्स", "रायटर",
    "रॉयटर्स",       "एएफपी",
    "एपी",          "डिजिटल डेस्क",
    "न्यूज डेस्क",      "वेब डेस्क",
    "ऑनलाइन डेस्क",   "जागरण",
    "जेएनएन",        "नईदुनिया",
    "नई दुनिया",     "jnn",
    "pti",          "ians",
    "ani",          "uni",
    "afp",          "ap",
    "reuters",      "nbt",
    "agency",       "agencies",
    "news desk",    "web desk",
    "digital desk", "bureau",
};

static const char *const reporter_words[] = {
    "प्रतिनिधि", "संवाददाता",      "ब्यूरो",   "रिपोर्टर",  "डेस्क",
    "एजेंसी",     "correspondent", "bureau", "reporter", "desk",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int in_list(const char *const *list, size_t count, const char *s,
                   size_t n) {
    if (n < 2)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (list[i][0] == s[0] && list[i][1] == s[1] &&
            (n < 3 || list[i][2] == s[2]) && strlen(list[i]) == n &&
            !memcmp(list[i], s, n))
            return 1;
    return 0;
}

int kh_is_place(const char *folded, size_t n) {
    return n >= 2 && n <= 40 && in_list(places, N(places), folded, n);
}

int kh_is_agency(const char *folded, size_t n) {
    return n >= 2 && n <= 40 && in_list(agencies, N(agencies), folded, n);
}

static const char *find(const char *h, size_t hn, const char *needle) {
    size_t m = strlen(needle);
    if (m > hn)
        return NULL;
    for (size_t i = 0; i + m <= hn; i++)
        if (h[i] == needle[0] && !memcmp(h + i, needle, m))
            return h + i;
    return NULL;
}

int kh_has_reporter_word(const char *folded, size_t n) {
    for (size_t i = 0; i < N(reporter_words); i++)
        if (find(folded, n, reporter_words[i]))
            return 1;
    return 0;
}
