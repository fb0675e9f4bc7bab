/*
 * core.h — small shared utilities every stage uses: error reporting, a
 * growable byte buffer and white-space word splitting. Nothing here knows
 * about Hindi or news.
 */
#ifndef KH_CORE_H
#define KH_CORE_H

#include "khabar.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define KH_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define KH_PRINTF(a, b)
#endif

/* Fills err (if non-NULL) with code and a printf-formatted message and
 * returns code, so callers can write `return kh_fail(err, KH_ERR_IO, ...)`. */
kh_status kh_fail(kh_error *err, kh_status code, const char *fmt, ...)
    KH_PRINTF(3, 4);

/* A growable byte buffer (like Redis's sds, but plain struct). */
typedef struct kh_buf {
    char *data;
    size_t len, cap;
} kh_buf;

/* Ensures room for `extra` more bytes. Returns 0, or -1 on out of memory.
 * Inline, with the growth out of line: writers call it for nearly every
 * posting and token, and nearly always there is room. */
int kh_buf_grow(kh_buf *b, size_t extra);
static inline int kh_buf_reserve(kh_buf *b, size_t extra) {
    return b->cap - b->len >= extra ? 0 : kh_buf_grow(b, extra);
}
/* Makes *p (an array of *cap elements of `elem` bytes) hold at least
 * `need`, doubling from `first`. Returns 0, or -1 on out of memory or
 * when the size would overflow. */
int kh_grow(void **p, size_t *cap, size_t need, size_t elem, size_t first);
int kh_buf_append(kh_buf *b, const void *p, size_t n);
int kh_buf_putc(kh_buf *b, char c);
int kh_buf_printf(kh_buf *b, const char *fmt, ...) KH_PRINTF(2, 3);
void kh_buf_free(kh_buf *b);

/* Appends s[0..n) as a JSON string literal (quotes included; control
 * characters escaped; the bytes are assumed to be valid UTF-8). */
int kh_buf_json_string(kh_buf *b, const char *s, size_t n);

/* The next word of s[0..n) at or after *pos, a word being a run of bytes
 * other than ASCII space, tab, CR and LF: returns its start and sets *pos
 * to its end. When no word is left, returns n and sets *pos to n. */
size_t kh_next_word(const char *s, size_t n, size_t *pos);

#if defined(__SSE2__)
#include <emmintrin.h>
/* For loops that take text 16 bytes at a time (storepack.c, fold.c): the
 * 16 bytes at p, p + 1 and p + 2 in v[0..2] (18 bytes are read), and a
 * byte mask of those of the 16 that start a Devanagari character: E0,
 * then A4 or A5, then a continuation byte. */
static inline __m128i kh_deva_leads16(const unsigned char *p, __m128i v[3]) {
    v[0] = _mm_loadu_si128((const __m128i *)p);
    v[1] = _mm_loadu_si128((const __m128i *)(p + 1));
    v[2] = _mm_loadu_si128((const __m128i *)(p + 2));
    return _mm_and_si128(
        _mm_cmpeq_epi8(v[0], _mm_set1_epi8((char)0xE0)),
        _mm_and_si128(
            _mm_cmpeq_epi8(_mm_and_si128(v[1], _mm_set1_epi8((char)0xFE)),
                           _mm_set1_epi8((char)0xA4)),
            _mm_cmpeq_epi8(_mm_and_si128(v[2], _mm_set1_epi8((char)0xC0)),
                           _mm_set1_epi8((char)0x80))));
}
#endif

/* 4 bytes at u as a little-endian number (one load on x86 and arm64). */
static inline uint32_t kh_load32(const unsigned char *u) {
    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
           (uint32_t)u[3] << 24;
}

/* Bits set in v (baseline x86-64 has no popcnt instruction, and the
 * builtin then calls a library routine). */
static inline unsigned kh_popcount64(uint64_t v) {
    v -= v >> 1 & 0x5555555555555555ull;
    v = (v & 0x3333333333333333ull) + (v >> 2 & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((v * 0x0101010101010101ull) >> 56);
}

#endif /* KH_CORE_H */
