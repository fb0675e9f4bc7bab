/*
 * furniture.c — is a line page furniture? Share/follow prompts, related
 * links ("यह भी पढ़ें", "Also Read"), bylines, datelines, photo credits,
 * update stamps, ads, app and comment prompts, social embeds, copyright,
 * navigation and tag lists, in Hindi and English.
 *
 * A line is judged on its folded form (fold.c) by three kinds of rule:
 * keywords that open the line (with how the keyword must end and how long
 * the line may be), phrases that occur anywhere in a short line, and line
 * shapes (only share-button names, only a date and time, only a place or
 * an agency, a breadcrumb). Body text is long and ends in punctuation;
 * furniture is short and formulaic, so length limits carry much of the
 * precision. Long lines (> 400 bytes) are never furniture.
 */
#include "clean.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* How an opening keyword must end. */
enum {
    M_ANY,  /* anything may follow */
    M_WORD, /* end of line, space or punctuation */
    M_SEP   /* end of line or a separator: ':' '-' '–' '—' 'ः' '|' '.' */
};

typedef struct rule {
    const char *kw; /* folded */
    size_t len;     /* strlen(kw) */
    kh_removal why;
    unsigned char max_words; /* 0: any length (up to the 400-byte cap) */
    unsigned char mode;
} rule;

#define REL KH_RM_RELATED_LINK
#define TS KH_RM_TIMESTAMP
#define BY KH_RM_BYLINE
#define CR KH_RM_CREDIT
#define SH KH_RM_SHARE_PROMPT
#define APP KH_RM_APP_PROMPT
#define AD KH_RM_ADVERT
#define CP KH_RM_COPYRIGHT
#define CM KH_RM_COMMENT_PROMPT
#define TAGS KH_RM_TAGS
#define NAV KH_RM_NAVIGATION
#define UPD KH_RM_UPDATE_NOTE
#define EMB KH_RM_SOCIAL_EMBED

static const rule openers[] = {
    /* related links */
    {"यह भी पढें", sizeof("यह भी पढें") - 1, REL, 0, M_ANY},
    {"ये भी पढें", sizeof("ये भी पढें") - 1, REL, 0, M_ANY},
    {"इसे भी पढें", sizeof("इसे भी पढें") - 1, REL, 0, M_ANY},
    {"इन्हें भी पढें", sizeof("इन्हें भी पढें") - 1, REL, 0, M_ANY},
    {"यह भी पढे", sizeof("यह भी पढे") - 1, REL, 0, M_ANY},
    {"ये भी पढे", sizeof("ये भी पढे") - 1, REL, 0, M_ANY},
    {"इसे भी पढे", sizeof("इसे भी पढे") - 1, REL, 0, M_ANY},
    {"यह भी देखें", sizeof("यह भी देखें") - 1, REL, 0, M_ANY},
    {"ये भी देखें", sizeof("ये भी देखें") - 1, REL, 0, M_ANY},
    {"इसे भी देखें", sizeof("इसे भी देखें") - 1, REL, 0, M_ANY},
    {"यहां भी क्लिक करें", sizeof("यहां भी क्लिक करें") - 1, REL, 0, M_ANY},
    {"यहां क्लिक करें", sizeof("यहां क्लिक करें") - 1, REL, 0, M_ANY},
    {"यहां पढें", sizeof("यहां पढें") - 1, REL, 0, M_WORD},
    {"पढें", sizeof("पढें") - 1, REL, 0, M_SEP},
    {"जरूर पढें", sizeof("जरूर पढें") - 1, REL, 0, M_ANY},
    {"और पढें", sizeof("और पढें") - 1, REL, 0, M_SEP},
    {"संबंधित खबर", sizeof("संबंधित खबर") - 1, REL, 0, M_ANY},
    {"सम्बंधित खबर", sizeof("सम्बंधित खबर") - 1, REL, 0, M_ANY},
    {"वीडियो देखें", sizeof("वीडियो देखें") - 1, REL, 8, M_ANY},
    {"देखें वीडियो", sizeof("देखें वीडियो") - 1, REL, 8, M_ANY},
    {"also read", sizeof("also read") - 1, REL, 0, M_ANY},
    {"read also", sizeof("read also") - 1, REL, 0, M_ANY},
    {"read more", sizeof("read more") - 1, REL, 0, M_ANY},
    {"must read", sizeof("must read") - 1, REL, 0, M_ANY},
    {"also watch", sizeof("also watch") - 1, REL, 0, M_ANY},
    {"related", sizeof("related") - 1, REL, 0, M_SEP},
    /* stamps */
    {"updated", sizeof("updated") - 1, TS, 0, M_SEP},
    {"last updated", sizeof("last updated") - 1, TS, 0, M_ANY},
    {"published", sizeof("published") - 1, TS, 0, M_SEP},
    {"published on", sizeof("published on") - 1, TS, 0, M_ANY},
    {"first published", sizeof("first published") - 1, TS, 0, M_ANY},
    {"posted on", sizeof("posted on") - 1, TS, 0, M_ANY},
    {"date updated", sizeof("date updated") - 1, TS, 0, M_ANY},
    {"date published", sizeof("date published") - 1, TS, 0, M_ANY},
    {"अपडेटेड", sizeof("अपडेटेड") - 1, TS, 0, M_SEP},
    {"अपडेट किया गया", sizeof("अपडेट किया गया") - 1, TS, 12, M_ANY},
    {"प्रकाशित", sizeof("प्रकाशित") - 1, TS, 0, M_SEP},
    {"प्रकाशन तिथि", sizeof("प्रकाशन तिथि") - 1, TS, 0, M_ANY},
    {"अंतिम अपडेट", sizeof("अंतिम अपडेट") - 1, TS, 0, M_ANY},
    {"लास्ट अपडेट", sizeof("लास्ट अपडेट") - 1, TS, 0, M_ANY},
    /* bylines */
    {"edited by", sizeof("edited by") - 1, BY, 0, M_ANY},
    {"written by", sizeof("written by") - 1, BY, 0, M_ANY},
    {"reported by", sizeof("reported by") - 1, BY, 0, M_ANY},
    {"posted by", sizeof("posted by") - 1, BY, 0, M_ANY},
    {"by", sizeof("by") - 1, BY, 6, M_WORD},
    {"by:", sizeof("by:") - 1, BY, 16, M_ANY},
    {"author", sizeof("author") - 1, BY, 8, M_SEP},
    {"edited", sizeof("edited") - 1, BY, 10, M_SEP},
    {"लेखक", sizeof("लेखक") - 1, BY, 10, M_SEP},
    {"रिपोर्ट", sizeof("रिपोर्ट") - 1, BY, 8, M_SEP},
    {"रिपोर्टर", sizeof("रिपोर्टर") - 1, BY, 8, M_SEP},
    {"संपादक", sizeof("संपादक") - 1, BY, 8, M_SEP},
    {"संपादित", sizeof("संपादित") - 1, BY, 10, M_SEP},
    {"संपादन", sizeof("संपादन") - 1, BY, 10, M_SEP},
    /* photo and video credits */
    {"courtesy", sizeof("courtesy") - 1, CR, 12, M_ANY},
    {"image", sizeof("image") - 1, CR, 12, M_SEP},
    {"images", sizeof("images") - 1, CR, 12, M_SEP},
    {"image credit", sizeof("image credit") - 1, CR, 12, M_ANY},
    {"image source", sizeof("image source") - 1, CR, 12, M_ANY},
    {"photo", sizeof("photo") - 1, CR, 12, M_SEP},
    {"photos", sizeof("photos") - 1, CR, 12, M_SEP},
    {"photo credit", sizeof("photo credit") - 1, CR, 12, M_ANY},
    {"photo courtesy", sizeof("photo courtesy") - 1, CR, 12, M_ANY},
    {"picture", sizeof("picture") - 1, CR, 12, M_SEP},
    {"pic credit", sizeof("pic credit") - 1, CR, 12, M_ANY},
    {"file photo", sizeof("file photo") - 1, CR, 12, M_ANY},
    {"representative image", sizeof("representative image") - 1, CR, 12, M_ANY},
    {"video", sizeof("video") - 1, CR, 12, M_SEP},
    {"फोटो", sizeof("फोटो") - 1, CR, 12, M_SEP},
    {"फोटो साभार", sizeof("फोटो साभार") - 1, CR, 12, M_ANY},
    {"फोटो क्रेडिट", sizeof("फोटो क्रेडिट") - 1, CR, 12, M_ANY},
    {"फोटो सोर्स", sizeof("फोटो सोर्स") - 1, CR, 12, M_ANY},
    {"फोटो सौजन्य", sizeof("फोटो सौजन्य") - 1, CR, 12, M_ANY},
    {"फाइल फोटो", sizeof("फाइल फोटो") - 1, CR, 12, M_ANY},
    {"तस्वीर", sizeof("तस्वीर") - 1, CR, 12, M_SEP},
    {"तस्वीरें", sizeof("तस्वीरें") - 1, CR, 12, M_SEP},
    {"चित्र", sizeof("चित्र") - 1, CR, 12, M_SEP},
    {"साभार", sizeof("साभार") - 1, CR, 12, M_ANY},
    {"सौजन्य", sizeof("सौजन्य") - 1, CR, 12, M_ANY},
    {"स्रोत", sizeof("स्रोत") - 1, CR, 10, M_SEP},
    {"source", sizeof("source") - 1, CR, 10, M_SEP},
    {"(फोटो", sizeof("(फोटो") - 1, CR, 12, M_ANY},
    {"(प्रतीकात्मक", sizeof("(प्रतीकात्मक") - 1, CR, 12, M_ANY},
    {"प्रतीकात्मक तस्वीर", sizeof("प्रतीकात्मक तस्वीर") - 1, CR, 12, M_ANY},
    {"प्रतीकात्मक फोटो", sizeof("प्रतीकात्मक फोटो") - 1, CR, 12, M_ANY},
    {"प्रतीकात्मक चित्र", sizeof("प्रतीकात्मक चित्र") - 1, CR, 12, M_ANY},
    {"वीडियो", sizeof("वीडियो") - 1, CR, 12, M_SEP},
    /* share, follow, subscribe */
    {"share", sizeof("share") - 1, SH, 6, M_WORD},
    {"share this", sizeof("share this") - 1, SH, 10, M_ANY},
    {"शेयर करें", sizeof("शेयर करें") - 1, SH, 10, M_ANY},
    {"follow", sizeof("follow") - 1, SH, 8, M_WORD},
    {"follow us", sizeof("follow us") - 1, SH, 12, M_ANY},
    {"फॉलो करें", sizeof("फॉलो करें") - 1, SH, 10, M_ANY},
    {"फालो करें", sizeof("फालो करें") - 1, SH, 10, M_ANY},
    {"हमें फॉलो करें", sizeof("हमें फॉलो करें") - 1, SH, 16, M_ANY},
    {"subscribe", sizeof("subscribe") - 1, SH, 10, M_WORD},
    {"सब्सक्राइब", sizeof("सब्सक्राइब") - 1, SH, 12, M_ANY},
    {"like us", sizeof("like us") - 1, SH, 10, M_ANY},
    {"join us", sizeof("join us") - 1, SH, 12, M_ANY},
    {"ज्वाइन करें", sizeof("ज्वाइन करें") - 1, SH, 12, M_ANY},
    {"जॉइन करें", sizeof("जॉइन करें") - 1, SH, 12, M_ANY},
    {"हमसे जुडें", sizeof("हमसे जुडें") - 1, SH, 12, M_ANY},
    /* apps */
    {"download the", sizeof("download the") - 1, APP, 12, M_ANY},
    {"download app", sizeof("download app") - 1, APP, 12, M_ANY},
    {"get the app", sizeof("get the app") - 1, APP, 12, M_ANY},
    {"install", sizeof("install") - 1, APP, 8, M_WORD},
    {"ऐप डाउनलोड", sizeof("ऐप डाउनलोड") - 1, APP, 14, M_ANY},
    {"एप डाउनलोड", sizeof("एप डाउनलोड") - 1, APP, 14, M_ANY},
    {"डाउनलोड करें", sizeof("डाउनलोड करें") - 1, APP, 14, M_ANY},
    /* ads */
    {"advertisement", sizeof("advertisement") - 1, AD, 2, M_WORD},
    {"विज्ञापन", sizeof("विज्ञापन") - 1, AD, 2, M_WORD},
    {"sponsored", sizeof("sponsored") - 1, AD, 3, M_WORD},
    {"प्रायोजित", sizeof("प्रायोजित") - 1, AD, 3, M_WORD},
    {"ads by", sizeof("ads by") - 1, AD, 6, M_ANY},
    {"ad", sizeof("ad") - 1, AD, 1, M_WORD},
    {"story continues below", sizeof("story continues below") - 1, AD, 8,
     M_ANY},
    {"scroll to continue", sizeof("scroll to continue") - 1, AD, 8, M_ANY},
    /* copyright */
    {"©", sizeof("©") - 1, CP, 0, M_ANY},
    {"copyright", sizeof("copyright") - 1, CP, 20, M_ANY},
    {"(c)", sizeof("(c)") - 1, CP, 20, M_ANY},
    {"सर्वाधिकार", sizeof("सर्वाधिकार") - 1, CP, 20, M_ANY},
    {"कॉपीराइट", sizeof("कॉपीराइट") - 1, CP, 20, M_ANY},
    /* comments */
    {"comments", sizeof("comments") - 1, CM, 4, M_WORD},
    {"comment", sizeof("comment") - 1, CM, 4, M_WORD},
    {"leave a comment", sizeof("leave a comment") - 1, CM, 0, M_ANY},
    {"post a comment", sizeof("post a comment") - 1, CM, 0, M_ANY},
    {"add a comment", sizeof("add a comment") - 1, CM, 0, M_ANY},
    {"write a comment", sizeof("write a comment") - 1, CM, 0, M_ANY},
    {"सभी कमेंट्स", sizeof("सभी कमेंट्स") - 1, CM, 0, M_ANY},
    {"सभी कॉमेंट्स", sizeof("सभी कॉमेंट्स") - 1, CM, 0, M_ANY},
    {"अपना कमेंट", sizeof("अपना कमेंट") - 1, CM, 0, M_ANY},
    {"अपना कॉमेंट", sizeof("अपना कॉमेंट") - 1, CM, 0, M_ANY},
    {"कमेंट करें", sizeof("कमेंट करें") - 1, CM, 10, M_ANY},
    {"कमेंट्स", sizeof("कमेंट्स") - 1, CM, 3, M_WORD},
    {"टिप्पणियां", sizeof("टिप्पणियां") - 1, CM, 3, M_WORD},
    {"अपनी टिप्पणी", sizeof("अपनी टिप्पणी") - 1, CM, 12, M_ANY},
    /* tags */
    {"tags", sizeof("tags") - 1, TAGS, 0, M_SEP},
    {"tag", sizeof("tag") - 1, TAGS, 0, M_SEP},
    {"टैग्स", sizeof("टैग्स") - 1, TAGS, 0, M_SEP},
    {"टैग", sizeof("टैग") - 1, TAGS, 0, M_SEP},
    {"topics", sizeof("topics") - 1, TAGS, 0, M_SEP},
    {"keywords", sizeof("keywords") - 1, TAGS, 0, M_SEP},
    {"कीवर्ड्स", sizeof("कीवर्ड्स") - 1, TAGS, 0, M_SEP},
    /* navigation and labels */
    {"skip to", sizeof("skip to") - 1, NAV, 8, M_ANY},
    {"you are here", sizeof("you are here") - 1, NAV, 12, M_ANY},
    {"आप यहां हैं", sizeof("आप यहां हैं") - 1, NAV, 12, M_ANY},
    {"back to top", sizeof("back to top") - 1, NAV, 6, M_ANY},
    {"next story", sizeof("next story") - 1, NAV, 12, M_ANY},
    {"previous story", sizeof("previous story") - 1, NAV, 12, M_ANY},
    {"next article", sizeof("next article") - 1, NAV, 12, M_ANY},
    {"अगली खबर", sizeof("अगली खबर") - 1, NAV, 12, M_ANY},
    {"पिछली खबर", sizeof("पिछली खबर") - 1, NAV, 12, M_ANY},
    {"हाइलाइट्स", sizeof("हाइलाइट्स") - 1, NAV, 1, M_WORD},
    {"highlights", sizeof("highlights") - 1, NAV, 1, M_WORD},
    {"लाइव अपडेट", sizeof("लाइव अपडेट") - 1, NAV, 3, M_ANY},
    {"live updates", sizeof("live updates") - 1, NAV, 3, M_ANY},
    {"live", sizeof("live") - 1, NAV, 1, M_WORD},
    {"breaking news", sizeof("breaking news") - 1, NAV, 2, M_WORD},
    {"ब्रेकिंग न्यूज", sizeof("ब्रेकिंग न्यूज") - 1, NAV, 2, M_WORD},
    {"trending", sizeof("trending") - 1, NAV, 2, M_WORD},
    {"ट्रेंडिंग", sizeof("ट्रेंडिंग") - 1, NAV, 2, M_WORD},
    /* update notes */
    {"खबर अपडेट की जा रही", sizeof("खबर अपडेट की जा रही") - 1, UPD, 12, M_ANY},
    {"अपडेट जारी है", sizeof("अपडेट जारी है") - 1, UPD, 8, M_ANY},
    {"यह खबर अपडेट", sizeof("यह खबर अपडेट") - 1, UPD, 14, M_ANY},
    {"खबर लगातार अपडेट", sizeof("खबर लगातार अपडेट") - 1, UPD, 14, M_ANY},
    {"(यह खबर अपडेट", sizeof("(यह खबर अपडेट") - 1, UPD, 14, M_ANY},
    {"this story is being updated", sizeof("this story is being updated") - 1,
     UPD, 0, M_ANY},
    {"this is a developing story", sizeof("this is a developing story") - 1,
     UPD, 0, M_ANY},
    {"developing story", sizeof("developing story") - 1, UPD, 6, M_ANY},
};

/* Phrases that make a short line furniture wherever they stand. Each is
 * at least 6 bytes long: the search keys on its first six. */
typedef struct phrase {
    const char *kw; /* folded */
    size_t len;
    kh_removal why;
} phrase;

#define P(s, why)                                                              \
    { s, sizeof(s) - 1, why }
static const phrase phrases[] = {
    P("pic.twitter.com", EMB),
    P("instagram.com/p/", EMB),
    P("view this post on instagram", EMB),
    P("a post shared by", EMB),
    P("बने रहें हमारे साथ", SH),
    P("हमारे साथ बने रहें", SH),
    P("पेज को लाइक करें", SH),
    P("हमें फॉलो करें", SH),
    P("हमें फेसबुक", SH),
    P("follow us on", SH),
    P("चैनल को सब्सक्राइब", SH),
    P("subscribe to our", SH),
    P("व्हाट्सएप चैनल", SH),
    P("whatsapp channel", SH),
    P("कमेंट बॉक्स में", CM),
    P("कमेंट करके बताएं", CM),
    P("कमेंट कर बताएं", CM),
    P("comment box", CM),
    P("all rights reserved", CP),
    P("सर्वाधिकार सुरक्षित", CP),
    P("- फोटो :", CR),
    P("- फोटो:", CR),
    P("| फोटो", CR),
    P("ऐप डाउनलोड करें", APP),
    P("एप डाउनलोड करें", APP),
    P("download the app", APP),
    P("खबर अपडेट की जा रही", UPD),
};
#undef P

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int is_sep_byte(const char *s, size_t n) {
    unsigned char c = (unsigned char)s[0];
    if (c == ':' || c == '-' || c == '|' || c == '.' || c == '>' || c == ',' ||
        c == ';')
        return 1;
    /* – — … ः */
    if (n >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94 ||
         (unsigned char)s[2] == 0xA6))
        return 1;
    if (n >= 3 && c == 0xE0 && (unsigned char)s[1] == 0xA4 &&
        (unsigned char)s[2] == 0x83)
        return 1;
    return 0;
}

/* Does the folded line f open with rule r's keyword, ending as it must? */
static int opens(const char *f, size_t n, const rule *r) {
    /* Most keywords are Devanagari and share their first byte: compare
     * the second one before anything else. */
    size_t m = r->len;
    if (n < m || f[0] != r->kw[0] || f[1] != r->kw[1] ||
        (m > 2 && f[2] != r->kw[2]) || (m > 5 && f[5] != r->kw[5]))
        return 0;
    if (n < m || memcmp(f, r->kw, m))
        return 0;
    if (r->mode == M_ANY || m == n)
        return 1;
    const char *rest = f + m;
    size_t rn = n - m;
    if (r->mode == M_WORD) {
        unsigned char c = (unsigned char)rest[0];
        if (c == ' ' || is_sep_byte(rest, rn) || c == '!' || c == '?')
            return 1;
        /* a Devanagari mark right after means a longer word */
        return 0;
    }
    while (rn && *rest == ' ')
        rest++, rn--;
    return !rn || is_sep_byte(rest, rn);
}

static const char *find(const char *h, size_t hn, const char *needle) {
    size_t m = strlen(needle);
    if (m > hn)
        return NULL;
    for (size_t i = 0; i + m <= hn; i++)
        if (h[i] == needle[0] &&
            (m < 3 || (h[i + 1] == needle[1] && h[i + 2] == needle[2])) &&
            !memcmp(h + i, needle, m))
            return h + i;
    return NULL;
}

/* The first six bytes at p (which has at least eight readable) as a
 * number, and its slot in the phrase filter. */
static uint64_t key6(const char *p) {
    const unsigned char *u = (const unsigned char *)p;
    return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
           (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 | (uint64_t)u[5] << 40;
}

static unsigned slot6(uint64_t key) {
    return (unsigned)((key * 0x9E3779B97F4A7C15ull) >> (64 - 12));
}

_Static_assert(sizeof(((kh_furniture_index *)0)->phrase_filter) * 8 == 4096,
               "slot6 gives 12 bits");

/* Does one of the phrases occur in f (fn bytes, 8 readable past the end)?
 * Sets *why to the reason of the first in table order, as a search phrase
 * by phrase would. One pass over the line instead of one per phrase: each
 * character start is looked up by its first six bytes in a filter of the
 * phrases' first six (4096 bits, so that few of an article's characters
 * pass it), and only a hit is compared in full. */
static int find_phrase(const kh_furniture_index *x, const char *f, size_t fn,
                       kh_removal *why) {
    size_t best = N(phrases);
    for (size_t i = 0; i + 6 <= fn;) {
        unsigned char c = (unsigned char)f[i];
        uint64_t key = key6(f + i);
        unsigned sl = slot6(key);
        if (x->phrase_filter[sl >> 6] >> (sl & 63) & 1)
            for (size_t k = 0; k < best; k++)
                if (x->phrase_key[k] == key && phrases[k].len <= fn - i &&
                    !memcmp(f + i, phrases[k].kw, phrases[k].len)) {
                    best = k;
                    break;
                }
        i += 1u + (c >= 0xC0) + (c >= 0xE0) + (c >= 0xF0);
    }
    if (best == N(phrases))
        return 0;
    *why = phrases[best].why;
    return 1;
}

/* The words of s, counted only as far as it takes to tell that there are
 * more than `limit`: the count, or a number above limit. Every line of up
 * to 400 bytes is counted, most of them body paragraphs of more than 16
 * words; words begin where a non-space follows a space (or the start). */
static size_t count_words_upto(const char *s, size_t n, size_t limit) {
    size_t w = 0, i = 0;
    unsigned prev_space = 1;
#if defined(__SSE2__)
    /* 16 bytes at a time: the starts as a bit mask, counted */
    while (i + 16 <= n && w <= limit) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        unsigned sp =
            (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
        w += kh_popcount64(~sp & (sp << 1 | prev_space) & 0xFFFFu);
        prev_space = sp >> 15;
        i += 16;
    }
#endif
    /* the rest without a branch per byte, the limit tested between pieces
     * of 32 bytes */
    while (i < n && w <= limit) {
        size_t end = n - i > 32 ? i + 32 : n;
        for (; i < end; i++) {
            unsigned space = s[i] == ' ';
            w += prev_space & (space ^ 1u);
            prev_space = space;
        }
    }
    return w;
}

static size_t count_words(const char *s, size_t n) {
    return count_words_upto(s, n, (size_t)-1);
}

/* Ends like a sentence: . । ? ! ॥ (and closing quotes after them). */
static int ends_sentence(const char *s, size_t n) {
    while (n && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')'))
        n--;
    if (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x9D", 3)) /* ” */
        n -= 3;
    if (!n)
        return 0;
    char c = s[n - 1];
    if (c == '.' || c == '?' || c == '!')
        return 1;
    return n >= 3 && (!memcmp(s + n - 3, "।", 3) || !memcmp(s + n - 3, "॥", 3));
}

/* ---- shapes ----------------------------------------------------------- */

static const char *const social[] = {
    "facebook", "twitter",  "whatsapp",  "e-mail",    "email",   "mail",
    "linkedin", "telegram", "koo",       "instagram", "youtube", "pinterest",
    "reddit",   "print",    "copy",      "link",      "shares",  "share",
    "tweet",    "sms",      "messenger", "फेसबुक",      "ट्विटर",   "व्हाट्सएप",
    "व्हाट्सऐप",  "वॉट्सऐप",   "ईमेल",       "इंस्टाग्राम",  "टेलीग्राम", "यूट्यूब",
    "लिंक्डइन",   "शेयर",      "कॉपी",      "लिंक",       "प्रिंट",
};

/* Only the names of share buttons, glued or spaced: "TwitterFacebookemail". */
static int only_social(const char *f, size_t n) {
    size_t i = 0, hits = 0;
    while (i < n) {
        unsigned char c = (unsigned char)f[i];
        if (c == ' ' || c == '|' || c == '/' || c == ',' || c == '.' ||
            c == '-' || c == ':' || (c >= '0' && c <= '9')) {
            i++;
            continue;
        }
        size_t k = 0;
        for (; k < N(social); k++) {
            if (social[k][0] != f[i])
                continue;
            size_t m = strlen(social[k]);
            if (m <= n - i && !memcmp(f + i, social[k], m)) {
                i += m;
                hits++;
                break;
            }
        }
        if (k == N(social))
            return 0;
    }
    return hits > 0;
}

static const char *const months[] = {
    "जनवरी",    "फरवरी",     "मार्च",    "अप्रैल",     "अप्रेल",     "मई",
    "जून",       "जुलाई",      "अगस्त",    "सितंबर",    "सितम्बर",   "अक्टूबर",
    "अक्तूबर",    "नवंबर",      "नवम्बर",   "दिसंबर",    "दिसम्बर",   "january",
    "february", "march",     "april",   "may",      "june",     "july",
    "august",   "september", "october", "november", "december", "jan",
    "feb",      "mar",       "apr",     "jun",      "jul",      "aug",
    "sep",      "sept",      "oct",     "nov",      "dec",
};

static const char *const stamp_words[] = {
    "updated", "update",   "published", "date",     "last",      "on",
    "at",      "posted",   "edited",    "modified", "ist",       "gmt",
    "utc",     "am",       "pm",        "hrs",      "अपडेटेड",     "अपडेट",
    "प्रकाशित", "तारीख",    "दिनांक",     "समय",      "तिथि",      "बजे",
    "पूर्वाह्न",  "अपराह्न",   "monday",    "tuesday",  "wednesday", "thursday",
    "friday",  "saturday", "sunday",    "mon",      "tue",       "wed",
    "thu",     "fri",      "sat",       "sun",      "सोमवार",    "मंगलवार",
    "बुधवार",   "गुरुवार",    "बृहस्पतिवार", "शुक्रवार",   "शनिवार",    "रविवार",
};

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

static int is_digits(const char *s, size_t n, size_t *ndig) {
    size_t i = 0;
    *ndig = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') {
            i++;
            (*ndig)++;
        } else if (c == 0xE0 && i + 2 < n && (unsigned char)s[i + 1] == 0xA5 &&
                   (unsigned char)s[i + 2] >= 0xA6 &&
                   (unsigned char)s[i + 2] <= 0xAF) {
            i += 3; /* Devanagari digit */
            (*ndig)++;
        } else {
            return 0;
        }
    }
    return n > 0;
}

static int tok_sep(unsigned char c) {
    return c == ' ' || c == ',' || c == '|' || c == ':' || c == ';' ||
           c == '(' || c == ')' || c == '[' || c == ']' || c == '/' ||
           c == '-' || c == '.';
}

/* Only a date and/or time, possibly with stamp words: "Date Updated",
 * "29 मई 2020", "11:08 AM, 29-MAR-2020", "Updated: 01 Mar 2020 IST". */
static int only_stamp(const char *f, size_t n) {
    size_t i = 0, toks = 0, stamp = 0, year = 0, colon = 0;
    for (size_t k = 1; k + 1 < n; k++)
        if (f[k] == ':' && f[k - 1] >= '0' && f[k - 1] <= '9' &&
            f[k + 1] >= '0' && f[k + 1] <= '9')
            colon = 1;
    while (i < n) {
        while (i < n && tok_sep((unsigned char)f[i]))
            i++;
        if (i >= n)
            break;
        size_t s = i;
        while (i < n && !tok_sep((unsigned char)f[i]))
            i++;
        size_t m = i - s, nd;
        toks++;
        if (is_digits(f + s, m, &nd)) {
            /* days, hours and minutes have two digits, years four (and
             * one at most): anything else is a figure in a table row */
            /* (not atoi: the token is not NUL-terminated) */
            int v = nd == 4 && m == 4
                        ? ((f[s] - '0') * 10 + (f[s + 1] - '0')) * 100 +
                              (f[s + 2] - '0') * 10 + (f[s + 3] - '0')
                        : 0;
            if (v >= 1990 && v <= 2039 && !year)
                year = 1;
            else if (nd > 2)
                return 0;
            /* "20.7": a decimal figure, not a time */
            if (i + 1 < n && f[i] == '.' && f[i + 1] >= '0' && f[i + 1] <= '9')
                return 0;
            continue;
        }
        if (in_list(stamp_words, N(stamp_words), f + s, m)) {
            stamp++;
            continue;
        }
        if (in_list(months, N(months), f + s, m))
            continue;
        return 0;
    }
    if (!toks)
        return 0;
    return stamp > 0 || colon || year;
}

/* A day and a month, and maybe a year: "4 जून", "12 मई 2025". After a
 * place it is a dateline ("लखनऊ, 4 जून"); alone it could be a table's. */
static int day_month(const char *f, size_t n) {
    size_t i = 0, nd;
    while (i < n && f[i] != ' ')
        i++;
    if (!is_digits(f, i, &nd) || nd > 2)
        return 0;
    size_t s = ++i;
    while (i < n && f[i] != ' ')
        i++;
    if (s >= n || !in_list(months, N(months), f + s, i - s))
        return 0;
    if (i >= n)
        return 1;
    s = ++i;
    while (i < n && f[i] != ' ')
        i++;
    return i == n && is_digits(f + s, n - s, &nd) && nd == 4;
}

static const char *const sections[] = {
    "देश",        "विदेश",          "दुनिया",    "राज्य",   "खेल",
    "मनोरंजन",    "बिजनेस",         "कारोबार",  "व्यापार", "टेक",
    "टेक्नोलॉजी",  "लाइफस्टाइल",     "ऑटो",      "शहर",    "राजनीति",
    "करियर",     "शिक्षा",         "धर्म",      "ज्योतिष", "स्वास्थ्य",
    "बॉलीवुड",    "क्रिकेट",         "वायरल",    "india",  "world",
    "sports",    "entertainment", "business", "tech",   "lifestyle",
    "bollywood", "cricket",       "politics", "nation", "states",
    "cities",
};

/* Strips a trailing "(एजेंसी)" / "(PTI)" and punctuation from a short
 * folded line, for the place and agency tests. */
static size_t core_len(const char *f, size_t n) {
    while (n && (f[n - 1] == ' ' || f[n - 1] == ':' || f[n - 1] == ',' ||
                 f[n - 1] == '.' || f[n - 1] == '-' || f[n - 1] == '|'))
        n--;
    if (n >= 3 && !memcmp(f + n - 3, "।", 3))
        n -= 3;
    if (n && f[n - 1] == ')') {
        size_t k = n;
        while (k && f[k - 1] != '(')
            k--;
        if (k && kh_is_agency(f + k, n - 1 - k)) {
            n = k - 1;
            while (n && f[n - 1] == ' ')
                n--;
        }
    }
    return n;
}

/* Length of a separator " | ", " > ", " » ", " • ", " · ", " / " at
 * f[i] (a space), or 0. */
static size_t seg_sep(const char *f, size_t n, size_t i) {
    if (i + 3 > n)
        return 0;
    unsigned char c = (unsigned char)f[i + 1];
    if ((c == '|' || c == '>' || c == '/') && f[i + 2] == ' ')
        return 3;
    if (i + 4 <= n && f[i + 3] == ' ' &&
        (!memcmp(f + i + 1, "»", 2) || !memcmp(f + i + 1, "·", 2)))
        return 4;
    if (i + 5 <= n && f[i + 4] == ' ' && !memcmp(f + i + 1, "•", 3))
        return 5;
    return 0;
}

/* Splits a line on " | ", " > ", " » ", " • ", " · ", " / " and reports
 * the number of segments and the longest one in words. */
static size_t segments(const char *f, size_t n, size_t *max_words) {
    size_t segs = 1, start = 0;
    *max_words = 0;
    for (size_t i = 0; i < n; i++) {
        size_t m;
        if (f[i] != ' ' || !(m = seg_sep(f, n, i)))
            continue;
        size_t w = count_words(f + start, i - start);
        if (w > *max_words)
            *max_words = w;
        segs++;
        i += m - 1;
        start = i + 1;
    }
    size_t w = count_words(f + start, n - start);
    if (w > *max_words)
        *max_words = w;
    return segs;
}

/* A comma- or bar-separated part of at most three words holds a reporter
 * word: "भागलपुर, वरीय संवाददाता", not "..., एलपीजी और ऑइल एजेंसी खुली
 * रहेंगी". */
static int reporter_segment(const char *f, size_t n) {
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && f[i] != ',' && f[i] != '|')
            continue;
        if (count_words(f + start, i - start) <= 3 &&
            kh_has_reporter_word(f + start, i - start))
            return 1;
        start = i + 1;
    }
    return 0;
}

/* Every '/'-separated part a place: "नई दिल्ली/मुंबई". */
static int all_places(const char *f, size_t n) {
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && f[i] != '/')
            continue;
        size_t a = start, b = i;
        while (a < b && f[a] == ' ')
            a++;
        while (b > a && f[b - 1] == ' ')
            b--;
        if (!kh_is_place(f + a, b - a))
            return 0;
        start = i + 1;
    }
    return 1;
}

/* The part after the last " | " is only a date/time stamp. */
static int last_bar_stamp(const char *f, size_t n) {
    size_t i = n;
    while (i >= 3 && memcmp(f + i - 3, " | ", 3))
        i--;
    if (i < 3)
        return 0;
    return only_stamp(f + i, n - i);
}

_Static_assert(N(openers) <= KH_FURN_MAX_RULES,
               "raise KH_FURN_MAX_RULES in clean.h");
_Static_assert(N(phrases) <= KH_FURN_MAX_PHRASES,
               "raise KH_FURN_MAX_PHRASES in clean.h");

/* The bucket of a folded text by its first character: ASCII by its byte,
 * Devanagari (U+0900..U+097F) by its offset from U+0900, anything else
 * in bucket 0. Only an opener in the line's bucket can open it. */
static unsigned bucket_of(const char *f, size_t n) {
    unsigned char c = (unsigned char)f[0];
    if (c < 0x80)
        return c;
    if (c == 0xE0 && n >= 3 && ((unsigned char)f[1] & 0xFE) == 0xA4)
        return 128u + ((((unsigned char)f[1] & 1u) << 6) |
                       ((unsigned char)f[2] & 0x3Fu));
    return 0;
}

void kh_furniture_index_init(kh_furniture_index *x) {
    size_t count[KH_FURN_BUCKETS + 1] = {0};
    for (size_t i = 0; i < N(openers); i++)
        count[bucket_of(openers[i].kw, openers[i].len) + 1]++;
    for (size_t b = 0; b < KH_FURN_BUCKETS; b++)
        count[b + 1] += count[b];
    for (size_t b = 0; b <= KH_FURN_BUCKETS; b++)
        x->start[b] = (uint16_t)count[b];
    /* in table order within a bucket: the first rule that matches wins */
    for (size_t i = 0; i < N(openers); i++)
        x->rule[count[bucket_of(openers[i].kw, openers[i].len)]++] =
            (uint16_t)i;
    memset(x->phrase_filter, 0, sizeof x->phrase_filter);
    for (size_t k = 0; k < N(phrases); k++) {
        x->phrase_key[k] = key6(phrases[k].kw);
        unsigned sl = slot6(x->phrase_key[k]);
        x->phrase_filter[sl >> 6] |= 1ull << (sl & 63);
    }
}

int kh_furniture_line(const kh_furniture_index *x, const char *s, size_t n,
                      kh_removal *why) {
    if (n == 0 || n > 400)
        return 0;
    char buf[512 + 8];
    size_t fn = kh_fold(s, n, buf, 512);
    memset(buf + fn, 0, 8); /* find_phrase reads eight bytes at a time */
    const char *f = buf;
    /* Bullets and arrows before the words do not change what a line is. */
    for (;;) {
        if (fn && (*f == '-' || *f == '*' || *f == '>' || *f == '|' ||
                   *f == ' ' || *f == ':')) {
            f++, fn--;
        } else if (fn >= 3 && (!memcmp(f, "•", 3) || !memcmp(f, "–", 3) ||
                               !memcmp(f, "—", 3))) {
            f += 3, fn -= 3;
        } else if (fn >= 2 && (!memcmp(f, "»", 2) || !memcmp(f, "·", 2))) {
            f += 2, fn -= 2;
        } else {
            break;
        }
    }
    if (!fn)
        return 0;
    /* Past 16 words only an opener can make the line furniture, and only
     * an opener that matches needs the exact count: the words are counted
     * as far as the 17th, and on only when such an opener asks. */
    size_t words = count_words_upto(f, fn, 16);
    unsigned b = bucket_of(f, fn);
    for (size_t k = x->start[b]; k < x->start[b + 1]; k++) {
        const rule *r = &openers[x->rule[k]];
        if (!opens(f, fn, r))
            continue;
        if (words > 16 && r->max_words)
            words = count_words(f, fn);
        if (r->max_words == 0 || words <= r->max_words) {
            *why = r->why;
            return 1;
        }
    }
    if (fn <= 300 && find_phrase(x, f, fn, why))
        return 1;
    if (words > 16)
        return 0;
    int sentence = ends_sentence(f, fn);
    if (only_social(f, fn)) {
        *why = SH;
        return 1;
    }
    if (words <= 10 && only_stamp(f, fn)) {
        *why = TS;
        return 1;
    }
    size_t core = core_len(f, fn);
    if (words <= 4 && all_places(f, core)) {
        *why = KH_RM_DATELINE;
        return 1;
    }
    if (words <= 4 && kh_is_agency(f, core)) {
        *why = BY;
        return 1;
    }
    /* "नई दिल्ली, 5 मई" / "लखनऊ, (भाषा)": a place, then a stamp or agency. */
    const char *comma = memchr(f, ',', core);
    if (comma && words <= 8) {
        size_t pl = (size_t)(comma - f);
        size_t rest = core - pl - 1;
        const char *r = comma + 1;
        while (rest && *r == ' ')
            r++, rest--;
        if (kh_is_place(f, pl) && (only_stamp(r, rest) || day_month(r, rest) ||
                                   kh_is_agency(r, core_len(r, rest)) ||
                                   kh_has_reporter_word(r, rest))) {
            *why = KH_RM_DATELINE;
            return 1;
        }
    }
    /* "भागलपुर, वरीय संवाददाता": a reporter word in a short unpunctuated
     * line with a comma or bar; without one only when the line is tiny and
     * not about an agency in the ordinary sense ("गैस एजेंसी"). */
    /* "नीलकमल, पटना": a name and the place the report is filed from. */
    if (comma && !sentence && words <= 4 &&
        !memchr(comma + 1, ',', core - (size_t)(comma + 1 - f))) {
        const char *r = comma + 1;
        size_t rest = core - (size_t)(r - f);
        while (rest && *r == ' ')
            r++, rest--;
        if (kh_is_place(r, rest) && count_words(f, (size_t)(comma - f)) <= 2) {
            *why = BY;
            return 1;
        }
    }
    if (!sentence && words <= 8 && reporter_segment(f, fn) &&
        (comma || memchr(f, '|', fn) || (words <= 3 && !find(f, fn, "एजेंसी")))) {
        *why = BY;
        return 1;
    }
    size_t seg_words;
    size_t segs = segments(f, fn, &seg_words);
    if (!sentence && segs >= 3 && seg_words <= 4) {
        *why = NAV;
        return 1;
    }
    /* "एबीपी न्यूज | 20 Jan 2021 08:04 AM (IST)": a source and a stamp. */
    if (segs >= 2 && !sentence && words <= 14 && last_bar_stamp(f, fn)) {
        *why = BY;
        return 1;
    }
    if (words <= 2 && in_list(sections, N(sections), f, core)) {
        *why = NAV;
        return 1;
    }
    /* Only hashtags: a tag list. */
    if (f[0] == '#') {
        size_t tags = 0;
        for (size_t i = 0; i < fn; i++)
            if (f[i] == '#' && (i == 0 || f[i - 1] == ' '))
                tags++;
        if (tags == words) {
            *why = TAGS;
            return 1;
        }
    }
    return 0;
}
