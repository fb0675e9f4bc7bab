/*
 * arena.c — a chunked bump allocator that owns all strings and arrays of
 * one article, so kh_article_free() is one walk over a few chunks and the
 * cleaner makes no per-line malloc calls.
 */
#include "clean.h"

#include <stdlib.h>
#include <string.h>

struct kh_arena_chunk {
    struct kh_arena_chunk *next;
    size_t used, cap;
    max_align_t data[]; /* aligned storage */
};

#define CHUNK_MIN ((size_t)16384)

void *kh_arena_alloc(kh_arena *a, size_t n) {
    size_t al = sizeof(max_align_t);
    n = (n + al - 1) / al * al;
    if (!n)
        n = al;
    struct kh_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;
        if (c && c->cap * 2 > cap && c->cap < (size_t)1 << 24)
            cap = c->cap * 2;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

char *kh_arena_strndup(kh_arena *a, const char *s, size_t n) {
    char *p = kh_arena_alloc(a, n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void kh_arena_free(kh_arena *a) {
    struct kh_arena_chunk *c = a->head;
    while (c) {
        struct kh_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}
