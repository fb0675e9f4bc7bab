/*
 * postpool.c — the memory a builder's term postings grow in. Every term's
 * postings start at 16 bytes and double; most terms of a segment are met
 * once or twice, so a segment holds a million or more small buffers.
 *
 * malloc gave each of them a 16-byte header (a 16-byte buffer took 32),
 * spent a call and a realloc copy per doubling, and scattered the buffers
 * among everything else on the heap. Here buffers of 2^k bytes are cut
 * from large chunks one after the other, a buffer given back goes on a
 * free list of its size, and emptying the pool between segments keeps
 * the chunks: the next segment's postings land in memory that is already
 * faulted in. Buffers past KH_POOL_MAX come from malloc (a few frequent
 * terms).
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>

/* Under AddressSanitizer the bytes of a chunk that no live buffer holds
 * are poisoned, so that postings written past their buffer are still
 * caught although the neighbouring bytes are the pool's own. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Bytes per chunk: large enough that the waste at a chunk's end (less
 * than KH_POOL_MAX) is small, and that huge pages can back it. */
#define CHUNK (8u << 20)

/* The size class of n (a power of two from KH_POOL_MIN to KH_POOL_MAX). */
static unsigned class_of(size_t n) {
    return (unsigned)__builtin_ctzll((unsigned long long)n) - 4;
}

void kh_pool_free(kh_postpool *p) {
    for (size_t i = 0; i < p->nchunks; i++) {
        UNPOISON(p->chunks[i], CHUNK);
        free(p->chunks[i]);
    }
    free(p->chunks);
    memset(p, 0, sizeof *p);
}

void kh_pool_reset(kh_postpool *p) {
    for (size_t i = 0; i < p->nchunks; i++)
        POISON(p->chunks[i], CHUNK);
    p->cur = 0;
    p->used = 0;
    memset(p->free_, 0, sizeof p->free_);
}

void *kh_pool_get(kh_postpool *p, size_t n) {
    unsigned k = class_of(n);
    uint8_t *b = p->free_[k];
    if (b) {
        UNPOISON(b, n);
        memcpy(&p->free_[k], b, sizeof p->free_[k]); /* the next free one */
        return b;
    }
    if (p->cur < p->nchunks && p->used + n > CHUNK) {
        p->cur++;
        p->used = 0;
    }
    if (p->cur == p->nchunks) {
        if (p->nchunks == p->cchunks) {
            size_t c = p->cchunks ? p->cchunks * 2 : 16;
            uint8_t **v = realloc(p->chunks, c * sizeof *v);
            if (!v)
                return NULL;
            p->chunks = v;
            p->cchunks = c;
        }
        uint8_t *c = malloc(CHUNK);
        if (!c)
            return NULL;
        POISON(c, CHUNK);
        p->chunks[p->nchunks++] = c;
        p->used = 0;
    }
    b = p->chunks[p->cur] + p->used;
    p->used += n;
    UNPOISON(b, n);
    return b;
}

void kh_pool_put(kh_postpool *p, void *b, size_t n) {
    unsigned k = class_of(n);
    memcpy(b, &p->free_[k], sizeof p->free_[k]);
    p->free_[k] = b;
    POISON(b, n);
}
