/*
 * article.c — kh_article storage (one arena per article) and the names of
 * the enums that appear in its JSON form. The names are part of the
 * output format: the index stores them, so they never change.
 */
#include "clean.h"

#include <stdlib.h>

void kh_article_free(kh_article *a) {
    if (!a)
        return;
    kh_article_impl *im = (kh_article_impl *)a;
    kh_arena_free(&im->arena);
    free(im);
}

const char *kh_input_format_name(kh_input_format format) {
    switch (format) {
    case KH_INPUT_AUTO: return "auto";
    case KH_INPUT_TEXT: return "text";
    case KH_INPUT_HTML: return "html";
    case KH_INPUT_JSONL: return "jsonl";
    }
    return "unknown";
}

const char *kh_lang_name(kh_lang lang) {
    switch (lang) {
    case KH_LANG_NONE: return "";
    case KH_LANG_HI: return "hi";
    case KH_LANG_EN: return "en";
    case KH_LANG_MIXED: return "mixed";
    }
    return "";
}

const char *kh_where_name(kh_where where) {
    switch (where) {
    case KH_WHERE_TITLE: return "title";
    case KH_WHERE_KICKER: return "kicker";
    case KH_WHERE_STANDFIRST: return "standfirst";
    case KH_WHERE_HEADING: return "heading";
    case KH_WHERE_BODY: return "body";
    case KH_WHERE_DATELINE: return "dateline";
    }
    return "body";
}

const char *kh_removal_name(kh_removal reason) {
    switch (reason) {
    case KH_RM_SHARE_PROMPT: return "share_prompt";
    case KH_RM_RELATED_LINK: return "related_link";
    case KH_RM_BYLINE: return "byline";
    case KH_RM_DATELINE: return "dateline";
    case KH_RM_CREDIT: return "credit";
    case KH_RM_CAPTION: return "caption";
    case KH_RM_TIMESTAMP: return "timestamp";
    case KH_RM_ADVERT: return "advertisement";
    case KH_RM_APP_PROMPT: return "app_prompt";
    case KH_RM_SOCIAL_EMBED: return "social_embed";
    case KH_RM_COPYRIGHT: return "copyright";
    case KH_RM_COMMENT_PROMPT: return "comment_prompt";
    case KH_RM_NAVIGATION: return "navigation";
    case KH_RM_TAGS: return "tags";
    case KH_RM_UPDATE_NOTE: return "update_note";
    case KH_RM_TITLE_REPEAT: return "title_repeat";
    case KH_RM_STANDFIRST_REPEAT: return "standfirst_repeat";
    case KH_RM_DUPLICATE: return "duplicate";
    case KH_RM_TRUNCATION: return "truncation_marker";
    case KH_RM_PAGE_CHROME: return "page_chrome";
    }
    return "unknown";
}
