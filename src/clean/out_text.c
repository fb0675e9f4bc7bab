/*
 * out_text.c — the clean article for people to read: the headline, the
 * kicker and standfirst, then each section's heading and paragraphs, with
 * blank lines between them. Nothing dropped appears here.
 */
#include "clean.h"

#include <stdlib.h>
#include <string.h>

static int para(kh_buf *b, const char *s) {
    if (!s)
        return 0;
    if (b->len && kh_buf_append(b, "\n", 1))
        return -1;
    return kh_buf_append(b, s, strlen(s)) || kh_buf_putc(b, '\n');
}

kh_status kh_article_to_text(const kh_article *a, char **out, size_t *len,
                             kh_error *err) {
    if (!a || !out)
        return kh_fail(err, KH_ERR_ARG, "kh_article_to_text: bad argument");
    *out = NULL;
    kh_buf b = {0};
    int bad = para(&b, a->title);
    if (!bad && a->kicker)
        bad = (b.len && kh_buf_append(&b, "\n", 1)) ||
              kh_buf_printf(&b, "[%s]\n", a->kicker);
    if (!bad)
        bad = para(&b, a->standfirst);
    for (size_t i = 0; i < a->n_sections && !bad; i++) {
        const kh_section *s = &a->sections[i];
        if (s->heading)
            bad = (b.len && kh_buf_append(&b, "\n", 1)) ||
                  kh_buf_printf(&b, "## %s\n", s->heading);
        for (size_t j = 0; j < s->n_paragraphs && !bad; j++)
            bad = para(&b, s->paragraphs[j].text);
    }
    if (!bad)
        bad = kh_buf_putc(&b, '\0');
    if (bad) {
        kh_buf_free(&b);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory (text output)");
    }
    *out = b.data;
    if (len)
        *len = b.len - 1;
    return KH_OK;
}
