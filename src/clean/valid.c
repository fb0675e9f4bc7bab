/*
 * valid.c — kh_utf8_valid: is a whole input record valid UTF-8 without
 * NUL? Every byte of every indexed article passes here once, and the
 * byte-by-byte check spent most of its time on branches mispredicted at
 * each switch between ASCII (spaces, punctuation) and Devanagari, so on
 * x86-64 with SSSE3 it checks 16 bytes at a time with the table lookups
 * of Keiser and Lemire ("Validating UTF-8 in less than one instruction
 * per byte", 2021): three 16-entry tables, indexed by the high and low
 * nibbles of each byte and the high nibble of the next, flag every
 * invalid pair of bytes; a saturating subtraction finds the bytes that
 * must be the third or fourth of a sequence. Elsewhere the scalar check
 * runs. Both accept exactly what kh_utf8_check accepts.
 */
#include "clean.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define KH_VALID_SSSE3 1
#include <tmmintrin.h>
#endif

/* The scalar check: ASCII 8 bytes at a time, then Devanagari (E0 A4/A5
 * xx), then any sequence through kh_utf8_check. */
static int valid_scalar(const unsigned char *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if (!(w & 0x8080808080808080ull) &&
                    !((w - 0x0101010101010101ull) & ~w &
                      0x8080808080808080ull)) {
                    i += 8;
                    continue;
                }
            }
            if (!c)
                return 0;
            i++;
            continue;
        }
        if (c == 0xE0 && i + 2 < n && (p[i + 1] & 0xFE) == 0xA4 &&
            (p[i + 2] & 0xC0) == 0x80) {
            i += 3; /* Devanagari */
            continue;
        }
        /* one sequence of at most 4 bytes, checked by the reference */
        size_t k = n - i < 4 ? n - i : 4;
        size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        if (len > k || kh_utf8_check((const char *)p + i, len, NULL) != KH_OK)
            return 0;
        i += len;
    }
    return 1;
}

#ifdef KH_VALID_SSSE3

/* The error flags of a pair of bytes (previous, current). */
#define TOO_SHORT (1 << 0)  /* 11______ then 0_______ or 11______ */
#define TOO_LONG (1 << 1)   /* 0_______ then 10______ */
#define OVERLONG_3 (1 << 2) /* 11100000 100_____ */
#define TOO_LARGE (1 << 3)  /* above U+10FFFF */
#define SURROGATE (1 << 4)  /* 11101101 101_____ */
#define OVERLONG_2 (1 << 5) /* 1100000_ 10______ */
#define TOO_LARGE_1000 (1 << 6)
#define OVERLONG_4 (1 << 6) /* 11110000 1000____ */
#define TWO_CONTS (1 << 7)  /* 10______ 10______ */
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

__attribute__((target("ssse3"))) static inline __m128i
prev_bytes(__m128i cur, __m128i prev, int k) {
    /* the 16 bytes ending k bytes before the end of cur */
    switch (k) {
    case 1: return _mm_alignr_epi8(cur, prev, 15);
    case 2: return _mm_alignr_epi8(cur, prev, 14);
    default: return _mm_alignr_epi8(cur, prev, 13);
    }
}

__attribute__((target("ssse3"))) static inline __m128i
block_errors(__m128i in, __m128i prev_in) {
    const __m128i b1_high = _mm_setr_epi8(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TOO_LONG, (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS,
        (char)TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m128i b1_low = _mm_setr_epi8(
        (char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4),
        (char)(CARRY | OVERLONG_2), (char)CARRY, (char)CARRY,
        (char)(CARRY | TOO_LARGE), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000));
    const __m128i b2_high = _mm_setr_epi8(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_SHORT, TOO_SHORT,
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 |
               OVERLONG_4),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
    const __m128i nib = _mm_set1_epi8(0x0F);
    __m128i prev1 = prev_bytes(in, prev_in, 1);
    __m128i sc = _mm_and_si128(
        _mm_and_si128(
            _mm_shuffle_epi8(b1_high,
                             _mm_and_si128(_mm_srli_epi16(prev1, 4), nib)),
            _mm_shuffle_epi8(b1_low, _mm_and_si128(prev1, nib))),
        _mm_shuffle_epi8(b2_high, _mm_and_si128(_mm_srli_epi16(in, 4), nib)));
    /* bytes 2 or 3 after a 3- or 4-byte lead must be continuations: there
     * TWO_CONTS is expected, and the XOR clears it */
    __m128i third = _mm_subs_epu8(prev_bytes(in, prev_in, 2),
                                  _mm_set1_epi8((char)(0xE0 - 0x80)));
    __m128i fourth = _mm_subs_epu8(prev_bytes(in, prev_in, 3),
                                   _mm_set1_epi8((char)(0xF0 - 0x80)));
    __m128i must23 =
        _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    __m128i err = _mm_xor_si128(must23, sc);
    /* and NUL is not text */
    return _mm_or_si128(err, _mm_cmpeq_epi8(in, _mm_setzero_si128()));
}

__attribute__((target("ssse3"))) static int valid_ssse3(const unsigned char *p,
                                                        size_t n) {
    __m128i prev = _mm_setzero_si128(), err = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i in = _mm_loadu_si128((const __m128i *)(p + i));
        if (!_mm_movemask_epi8(in) && !_mm_movemask_epi8(prev)) {
            /* ASCII after ASCII: only NUL can be wrong */
            err = _mm_or_si128(err, _mm_cmpeq_epi8(in, _mm_setzero_si128()));
        } else {
            err = _mm_or_si128(err, block_errors(in, prev));
        }
        prev = in;
    }
    /* the last bytes, padded with spaces: a sequence cut by the end of the
     * text meets ASCII and is flagged as too short */
    unsigned char tail[16];
    memset(tail, ' ', sizeof tail);
    memcpy(tail, p + i, n - i);
    __m128i in = _mm_loadu_si128((const __m128i *)tail);
    err = _mm_or_si128(err, block_errors(in, prev));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(err, _mm_setzero_si128())) ==
           0xFFFF;
}

#endif

int kh_utf8_valid(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    if (!n)
        return 1; /* s may then be NULL */
#ifdef KH_VALID_SSSE3
    if (__builtin_cpu_supports("ssse3"))
        return valid_ssse3(p, n);
#endif
    return valid_scalar(p, n);
}
