/*
 * buf.c — a growable byte buffer used for output assembly and scratch space.
 * Growth doubles capacity so appends are amortised O(1).
 */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kh_buf_grow(kh_buf *b, size_t extra) {
    if (b->cap - b->len >= extra)
        return 0;
    size_t need = b->len + extra;
    if (need < b->len)
        return -1; /* overflow */
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > (size_t)-1 / 2)
            return -1;
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int kh_grow(void **p, size_t *cap, size_t need, size_t elem, size_t first) {
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : first ? first : 1;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return -1;
        n *= 2;
    }
    if (elem && n > SIZE_MAX / elem)
        return -1;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

int kh_buf_append(kh_buf *b, const void *p, size_t n) {
    if (kh_buf_reserve(b, n))
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

int kh_buf_putc(kh_buf *b, char c) {
    if (kh_buf_reserve(b, 1))
        return -1;
    b->data[b->len++] = c;
    return 0;
}

int kh_buf_printf(kh_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || kh_buf_reserve(b, (size_t)n + 1))
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void kh_buf_free(kh_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
