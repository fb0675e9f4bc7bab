/*
 * storepack.c — the store's blocks on disk: the block's bytes with each
 * Devanagari character packed into one byte.
 *
 * Hindi text is almost all three-byte characters E0 A4 xx / E0 A5 xx.
 * Packing the 128 code points U+0900..U+097F into one byte each leaves
 * about 0.42 of a news record's bytes. Blocks used to be compressed with
 * zstd after packing; on generated news records in 7 KB blocks (a block
 * is mostly one article), its fastest levels took another 15% off
 * (level -5: 1.175x, at 350 MB/s of packed bytes) for about 5% of a
 * --plain build's CPU time, and its stronger levels, which take off 45%
 * (level 1: 1.83x), compress at 140 MB/s (zstd -b on the same blocks).
 * Blocks are now written packed only; a block that is a zstd frame (its
 * magic number cannot begin a packed block, below) is still read, so
 * segments written before read as they did.
 *
 * The packing, byte-exact for any input:
 *   00..7E            itself
 *   E0 A4 80..BF      80..BF  (U+0900..U+093F)
 *   E0 A5 80..BF      C0..FF  (U+0940..U+097F)
 *   any other byte b  7F b
 * A packed block begins with the packing of its u32 count, little-endian:
 * a byte 28 then B5 would need B5 as the count's second byte, which packs
 * as 7F B5, so no packed block begins with zstd's magic 28 B5 2F FD.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

/* One character at p[*i] packed to o; returns the bytes written. */
static inline size_t pack_one(const uint8_t *p, size_t n, size_t *i,
                              uint8_t *o) {
    unsigned c = p[*i];
    if (c == 0xE0 && *i + 2 < n && (p[*i + 1] & 0xFE) == 0xA4 &&
        (p[*i + 2] & 0xC0) == 0x80) {
        o[0] = (uint8_t)(0x80 | (p[*i + 1] & 1) << 6 | (p[*i + 2] & 0x3F));
        *i += 3;
        return 1;
    }
    *i += 1;
    if (c < 0x7F) {
        o[0] = (uint8_t)c;
        return 1;
    }
    o[0] = 0x7F;
    o[1] = (uint8_t)c;
    return 2;
}

/* A block of a SIMD packer that holds some other character, a character
 * at a time: from *i, past the `carry` bytes that end the character the
 * block before packed, up to `end` (or past it, when a character crosses
 * it). Returns the bytes written. */
static inline size_t pack_stretch(const uint8_t *p, size_t n, size_t *i,
                                  size_t end, unsigned carry, uint8_t *o) {
    uint8_t *q = o;
    *i += carry;
    while (*i < end)
        q += pack_one(p, n, i, q);
    return (size_t)(q - o);
}

static size_t pack_scalar(const uint8_t *p, size_t n, size_t i, uint8_t *o) {
    uint8_t *q = o;
    while (i < n)
        q += pack_one(p, n, &i, q);
    return (size_t)(q - o);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h> /* SSSE3 and, in target("avx2") functions, AVX2 */

/* For each 8-bit mask, the indexes of its set bits in order, then 80
 * (pshufb's zero byte): the shuffle that gathers the bytes the mask marks
 * to the front. Spelled out by the preprocessor. */
#define POP8(m)                                                                \
    (((m)&1) + ((m) >> 1 & 1) + ((m) >> 2 & 1) + ((m) >> 3 & 1) +              \
     ((m) >> 4 & 1) + ((m) >> 5 & 1) + ((m) >> 6 & 1) + ((m) >> 7 & 1))
#define BIT_AT(m, k, b)                                                        \
    (((m) >> (b)&1) && POP8((m) & ((1u << (b)) - 1)) == (k) ? (b) : 0)
#define GATHER(m, k)                                                           \
    (POP8(m) > (k) ? BIT_AT(m, k, 0) + BIT_AT(m, k, 1) + BIT_AT(m, k, 2) +     \
                         BIT_AT(m, k, 3) + BIT_AT(m, k, 4) + BIT_AT(m, k, 5) + \
                         BIT_AT(m, k, 6) + BIT_AT(m, k, 7)                     \
                   : 0x80)
#define ROW1(m)                                                                \
    {                                                                          \
        GATHER(m, 0), GATHER(m, 1), GATHER(m, 2), GATHER(m, 3), GATHER(m, 4),  \
            GATHER(m, 5), GATHER(m, 6), GATHER(m, 7)                           \
    }
#define ROW4(m) ROW1(m), ROW1((m) + 1), ROW1((m) + 2), ROW1((m) + 3)
#define ROW16(m) ROW4(m), ROW4((m) + 4), ROW4((m) + 8), ROW4((m) + 12)
#define ROW64(m) ROW16(m), ROW16((m) + 16), ROW16((m) + 32), ROW16((m) + 48)
static const uint8_t gather[256][8] = {ROW64(0u), ROW64(64u), ROW64(128u),
                                       ROW64(192u)};

/* 16 bytes at a time, 16 to 18 consumed, where every character is ASCII
 * below 7F or Devanagari: the lead bytes' packed values are computed for
 * all 16 positions at once and gathered to the front with pshufb, a
 * table of 8-byte gathers for each half. Any other character in a block
 * sends that block through pack_one. On generated news records, in 7 KB
 * blocks, it packs about 1.9 GB/s where the byte loop, whose branches
 * mispredict at every switch between a word and a space, packed 0.5; the
 * byte loop was about 6% of a --plain build. popcnt comes with every CPU
 * since 2008; both are checked at run time. */
__attribute__((target("ssse3,popcnt"))) static size_t
pack_ssse3(const uint8_t *p, size_t n, uint8_t *o) {
    uint8_t *q = o;
    size_t i = 0;
    const __m128i x80 = _mm_set1_epi8((char)0x80), x7f = _mm_set1_epi8(0x7F),
                  one = _mm_set1_epi8(1), x40 = _mm_set1_epi8(0x40),
                  x3f = _mm_set1_epi8(0x3F), neg1 = _mm_set1_epi8(-1),
                  eight = _mm_set1_epi8(8);
    /* a block reads 18 bytes and writes 16 (the room for 2n covers it:
     * so far at most 2i bytes went out). Blocks start every 16 bytes, so
     * that the next block's loads need not wait for this one's masks: a
     * character that starts in a block's last two bytes is packed there,
     * and its `carry` bytes at the start of the next block are passed
     * over (they are continuation bytes, never a lead). */
    unsigned carry = 0;
    while (i + 18 <= n) {
        __m128i v[3], deva = kh_deva_leads16(p + i, v);
        __m128i v0 = v[0], v1 = v[1], v2 = v[2];
        __m128i ascii =
            _mm_and_si128(_mm_cmpgt_epi8(v0, neg1), _mm_cmpgt_epi8(x7f, v0));
        __m128i lead = _mm_or_si128(deva, ascii);
        unsigned m = (unsigned)_mm_movemask_epi8(lead);
        unsigned dm = (unsigned)_mm_movemask_epi8(deva);
        unsigned covered = m | dm << 1 | dm << 2 | ((1u << carry) - 1);
        if ((covered & 0xFFFF) != 0xFFFF) {
            q += pack_stretch(p, n, &i, i + 16, carry, q);
            carry = 0;
            continue;
        }
        __m128i hi =
            _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(v1, one), one), x40);
        __m128i dv =
            _mm_or_si128(x80, _mm_or_si128(hi, _mm_and_si128(v2, x3f)));
        __m128i val =
            _mm_or_si128(_mm_and_si128(deva, dv), _mm_andnot_si128(deva, v0));
        unsigned lo = m & 0xFF, hm = m >> 8;
        __m128i glo = _mm_loadl_epi64((const __m128i *)gather[lo]);
        __m128i ghi =
            _mm_add_epi8(_mm_loadl_epi64((const __m128i *)gather[hm]), eight);
        /* the high half's zero-byte marker (80) plus 8 stays negative */
        _mm_storeu_si128((__m128i *)q, _mm_shuffle_epi8(val, glo));
        q += __builtin_popcount(lo);
        _mm_storeu_si128((__m128i *)q, _mm_shuffle_epi8(val, ghi));
        q += __builtin_popcount(hm);
        i += 16;
        carry = dm >> 15 ? 2 : dm >> 14 & 1;
    }
    i += carry;
    return (size_t)(q - o) + pack_scalar(p, n, i, q);
}

/* pack_ssse3 32 bytes at a time, where the CPU has AVX2: the same masks
 * over 32 bytes, and the four 8-byte groups gathered by one shuffle (each
 * 16-byte lane holds two groups) and stored 8 bytes each. The 16-byte
 * loop was 4% of a --plain build; on 100 MB of generated news in 7 KB
 * blocks this packs 2.7 GB/s where it packed 1.8-1.9. */
__attribute__((target("avx2,popcnt"))) static size_t
pack_avx2(const uint8_t *p, size_t n, uint8_t *o) {
    uint8_t *q = o;
    size_t i = 0;
    const __m256i e0 = _mm256_set1_epi8((char)0xE0),
                  fe = _mm256_set1_epi8((char)0xFE),
                  a4 = _mm256_set1_epi8((char)0xA4),
                  c0 = _mm256_set1_epi8((char)0xC0),
                  x80 = _mm256_set1_epi8((char)0x80),
                  x7f = _mm256_set1_epi8(0x7F), one = _mm256_set1_epi8(1),
                  x40 = _mm256_set1_epi8(0x40), x3f = _mm256_set1_epi8(0x3F),
                  neg1 = _mm256_set1_epi8(-1);
    /* as in pack_ssse3: a block reads 34 bytes and writes at most 32 (in
     * four 8-byte stores), blocks start every 32 bytes, and a character
     * that starts in a block's last two bytes is packed there */
    unsigned carry = 0;
    while (i + 34 <= n) {
        __m256i v0 = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i v1 = _mm256_loadu_si256((const __m256i *)(p + i + 1));
        __m256i v2 = _mm256_loadu_si256((const __m256i *)(p + i + 2));
        __m256i deva = _mm256_and_si256(
            _mm256_cmpeq_epi8(v0, e0),
            _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(v1, fe), a4),
                             _mm256_cmpeq_epi8(_mm256_and_si256(v2, c0), x80)));
        __m256i ascii = _mm256_and_si256(_mm256_cmpgt_epi8(v0, neg1),
                                         _mm256_cmpgt_epi8(x7f, v0));
        uint32_t m =
            (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(deva, ascii));
        uint32_t dm = (uint32_t)_mm256_movemask_epi8(deva);
        uint64_t covered = (uint64_t)m | (uint64_t)dm << 1 | (uint64_t)dm << 2 |
                           ((1u << carry) - 1);
        if ((covered & 0xFFFFFFFFu) != 0xFFFFFFFFu) {
            q += pack_stretch(p, n, &i, i + 32, carry, q);
            carry = 0;
            continue;
        }
        __m256i hi = _mm256_and_si256(
            _mm256_cmpeq_epi8(_mm256_and_si256(v1, one), one), x40);
        __m256i dv = _mm256_or_si256(
            x80, _mm256_or_si256(hi, _mm256_and_si256(v2, x3f)));
        __m256i val = _mm256_blendv_epi8(v0, dv, deva);
        unsigned g0 = m & 0xFF, g1 = m >> 8 & 0xFF, g2 = m >> 16 & 0xFF,
                 g3 = m >> 24;
        uint64_t c[4];
        memcpy(&c[0], gather[g0], 8);
        memcpy(&c[1], gather[g1], 8);
        memcpy(&c[2], gather[g2], 8);
        memcpy(&c[3], gather[g3], 8);
        /* the second group of a lane takes the lane's bytes 8..15 (its
         * zero-byte marker 80 plus 8 stays negative) */
        const uint64_t eight = 0x0808080808080808ull;
        __m256i ctl =
            _mm256_set_epi64x((long long)(c[3] + eight), (long long)c[2],
                              (long long)(c[1] + eight), (long long)c[0]);
        __m256i r = _mm256_shuffle_epi8(val, ctl);
        __m128i lo = _mm256_castsi256_si128(r),
                hi2 = _mm256_extracti128_si256(r, 1);
        _mm_storel_epi64((__m128i *)q, lo);
        q += __builtin_popcount(g0);
        _mm_storel_epi64((__m128i *)q, _mm_srli_si128(lo, 8));
        q += __builtin_popcount(g1);
        _mm_storel_epi64((__m128i *)q, hi2);
        q += __builtin_popcount(g2);
        _mm_storel_epi64((__m128i *)q, _mm_srli_si128(hi2, 8));
        q += __builtin_popcount(g3);
        i += 32;
        carry = dm >> 31 ? 2 : dm >> 30 & 1;
    }
    i += carry;
    /* the rest 16 bytes at a time, then byte by byte */
    return (size_t)(q - o) + pack_ssse3(p + i, n - i, q);
}
#endif

size_t kh_store_pack(const uint8_t *p, size_t n, uint8_t *o) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
        return pack_avx2(p, n, o);
    if (__builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt"))
        return pack_ssse3(p, n, o);
#endif
    return pack_scalar(p, n, 0, o);
}

/* The word-at-a-time path reads and writes words as little-endian. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORDS 1
#else
#define WORDS 0
#endif

/* One packed byte c (not 7F) as the 1 or 3 bytes it stands for, in the
 * low bytes of the value, first byte lowest; the count is
 * 1 + 2 * (c >> 7). A table: a hit's snippet unpacks its record at
 * search time, and a load is cheaper than the bit work per byte. */
#define UNPACKED(c)                                                            \
    ((c) < 0x80 ? (uint32_t)(c)                                                \
                : 0x80A4E0u | ((c) >> 6 & 1u) << 8 | ((c)&0x3Fu) << 16)
#define U4(c) UNPACKED(c), UNPACKED(c + 1), UNPACKED(c + 2), UNPACKED(c + 3)
#define U16(c) U4(c), U4(c + 4), U4(c + 8), U4(c + 12)
#define U64(c) U16(c), U16(c + 16), U16(c + 32), U16(c + 48)
static const uint32_t unpacked_table[256] = {U64(0u), U64(64u), U64(128u),
                                             U64(192u)};

static inline uint32_t unpacked(uint32_t c) {
    return unpacked_table[c & 0xFF];
}

/* Unpacks p[*ip, n) to o while what comes fits in cap bytes: eight
 * bytes without an escape at a time, each written as four bytes whatever
 * it stands for (no branch on the byte), the rest one by one. Returns the
 * bytes written; *ip is where it stopped. A hit's snippet unpacks its
 * record with this, so it runs at search time too. */
static size_t unpack_run(const uint8_t *p, size_t n, size_t *ip, uint8_t *o,
                         size_t cap) {
    size_t i = *ip, j = 0;
    while (i < n) {
        if (WORDS && n - i >= 8 && cap - j >= 8 * 3 + 4) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            uint64_t x = w ^ 0x7F7F7F7F7F7F7F7Full; /* a zero byte: a 7F */
            if (!((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull)) {
                for (int k = 0; k < 8; k++) {
                    uint32_t c = (uint32_t)(w >> (8 * k)) & 0xFF;
                    uint32_t v = unpacked(c);
                    memcpy(o + j, &v, 4);
                    j += 1 + 2 * (c >> 7);
                }
                i += 8;
                continue;
            }
        }
        unsigned c = p[i];
        if (c == 0x7F) {
            if (i + 1 == n || j == cap)
                break;
            o[j++] = p[i + 1];
            i += 2;
            continue;
        }
        size_t k = 1 + 2 * (c >> 7);
        if (cap - j < k)
            break;
        uint32_t v = unpacked(c);
        for (size_t q = 0; q < k; q++)
            o[j++] = (uint8_t)(v >> (8 * q));
        i++;
    }
    *ip = i;
    return j;
}

size_t kh_store_unpack(const uint8_t *p, size_t n, uint8_t *o, size_t cap) {
    size_t i = 0, j = unpack_run(p, n, &i, o, cap);
    return i == n ? j : SIZE_MAX;
}

/* The bytes the packed character at p[*i] stands for, into b; returns
 * how many (0: an escape cut off) and moves *i past it. */
static size_t one_char(const uint8_t *p, size_t n, size_t *i, uint8_t b[3]) {
    unsigned c = p[(*i)++];
    if (c == 0x7F) {
        if (*i == n)
            return 0;
        b[0] = p[(*i)++];
        return 1;
    }
    uint32_t v = unpacked(c);
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    return 1 + 2 * (c >> 7);
}

size_t kh_store_unpack_at(const uint8_t *p, size_t n, size_t from, uint8_t *o,
                          size_t len) {
    size_t i = 0, pos = 0; /* pos: where p[i]'s bytes go in the block */
    /* to the character that holds byte `from`: eight packed bytes at a
     * time, by their high bits, where no escape is among them */
    while (i < n) {
        if (WORDS && n - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            uint64_t x = w ^ 0x7F7F7F7F7F7F7F7Full;
            uint64_t hi = w & 0x8080808080808080ull;
            /* a multiply sums the high bits (no popcnt in baseline x86-64) */
            size_t adv =
                8 + 2 * (size_t)(((hi >> 7) * 0x0101010101010101ull) >> 56);
            if (!((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull) &&
                pos + adv <= from) {
                pos += adv;
                i += 8;
                continue;
            }
        }
        size_t k = p[i] == 0x7F ? 1 : 1 + 2 * (size_t)(p[i] >> 7);
        if (pos + k > from)
            break;
        pos += k;
        i += p[i] == 0x7F ? 2 : 1;
    }
    uint8_t b[3];
    size_t out = 0;
    if (from > pos) { /* `from` falls inside a character */
        size_t k = i < n ? one_char(p, n, &i, b) : 0;
        for (size_t q = from - pos; q < k && out < len; q++)
            o[out++] = b[q];
    }
    out += unpack_run(p, n, &i, o + out, len - out);
    if (out < len && i < n) { /* the last character goes past the end */
        size_t k = one_char(p, n, &i, b);
        for (size_t q = 0; q < k && out < len; q++)
            o[out++] = b[q];
    }
    return out == len ? len : SIZE_MAX;
}

kh_status kh_store_put_block(uint32_t n, const void *offs, const void *texts,
                             size_t tlen, kh_buf *out, uint32_t *clen,
                             uint32_t *ulen, kh_error *err) {
    /* block = u32 n, u32 offsets[n + 1] (into the texts), the texts */
    size_t head = 4 + ((size_t)n + 1) * 4, raw = head + tlen;
    if (raw > UINT32_MAX / 2)
        return kh_fail(err, KH_ERR_LIMIT, "store block too large");
    if (kh_buf_reserve(out, 2 * raw))
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    uint8_t *q = (uint8_t *)out->data + out->len, w[4];
    size_t k = 0;
    kh_wr32(w, n);
    k += kh_store_pack(w, 4, q + k);
    k += kh_store_pack(offs, (size_t)n * 4, q + k);
    kh_wr32(w, (uint32_t)tlen);
    k += kh_store_pack(w, 4, q + k);
    k += kh_store_pack(texts, tlen, q + k);
    out->len += k;
    *clen = (uint32_t)k;
    *ulen = (uint32_t)raw;
    return KH_OK;
}

static int zstd_frame(const uint8_t *z, size_t clen) {
    return clen >= 4 && z[0] == 0x28 && z[1] == 0xB5 && z[2] == 0x2F &&
           z[3] == 0xFD;
}

/* The packed bytes of stored block z: *pk points into z for a packed
 * block, or into a new buffer (*owned) for a zstd frame: 0, 1 when z is
 * not a block of ulen bytes, -1 out of memory. */
static int packed_of(void *dc, const uint8_t *z, size_t clen, uint32_t ulen,
                     const uint8_t **pk, size_t *plen, uint8_t **owned) {
    *owned = NULL;
    if (!zstd_frame(z, clen)) {
        if (clen > 2 * (size_t)ulen)
            return 1;
        *pk = z;
        *plen = clen;
        return 0;
    }
    /* the packed size is in the zstd frame; it is at most twice ulen */
    unsigned long long n = ZSTD_getFrameContentSize(z, clen);
    if (n == ZSTD_CONTENTSIZE_UNKNOWN || n == ZSTD_CONTENTSIZE_ERROR ||
        n > 2 * (unsigned long long)ulen)
        return 1;
    uint8_t *b = malloc((size_t)n + 1);
    if (!b)
        return -1;
    size_t r = dc ? ZSTD_decompressDCtx(dc, b, (size_t)n, z, clen)
                  : ZSTD_decompress(b, (size_t)n, z, clen);
    if (ZSTD_isError(r) || r != n) {
        free(b);
        return 1;
    }
    *pk = *owned = b;
    *plen = (size_t)n;
    return 0;
}

int kh_store_get_block(void *dc, const uint8_t *z, size_t clen, uint32_t ulen,
                       uint8_t **out) {
    const uint8_t *pk;
    uint8_t *owned;
    size_t plen;
    *out = NULL;
    int r = packed_of(dc, z, clen, ulen, &pk, &plen, &owned);
    if (r)
        return r;
    *out = malloc((size_t)ulen + 1);
    if (!*out)
        r = -1;
    else if (kh_store_unpack(pk, plen, *out, ulen) != ulen)
        r = 1;
    free(owned);
    if (r) {
        free(*out);
        *out = NULL;
    }
    return r;
}

int kh_store_get_record(void *dc, const uint8_t *z, size_t clen, uint32_t ulen,
                        uint32_t n, uint32_t k, kh_store_enough_fn enough,
                        void *ctx, uint8_t **rec, size_t *len) {
    const uint8_t *pk;
    uint8_t *owned, h[8];
    size_t plen, head = 4 + ((size_t)n + 1) * 4;
    *rec = NULL;
    if (k >= n || head > ulen)
        return 1;
    int r = packed_of(dc, z, clen, ulen, &pk, &plen, &owned);
    if (r)
        return r;
    /* only the record is unpacked: its offsets, then its bytes, in pieces
     * that double while `enough` wants more */
    r = 1;
    if (kh_store_unpack_at(pk, plen, 0, h, 4) == 4 && kh_rd32(h) == n &&
        kh_store_unpack_at(pk, plen, 4 + (size_t)k * 4, h, 8) == 8) {
        uint32_t a = kh_rd32(h), e = kh_rd32(h + 4);
        if (a <= e && e <= ulen - head) {
            size_t full = e - a, have = 0,
                   step = enough ? KH_STORE_FIRST : full;
            *rec = malloc(full + 1);
            r = *rec ? 0 : -1;
            while (!r) {
                size_t piece = full - have < step ? full - have : step;
                if (kh_store_unpack_at(pk, plen, head + a + have, *rec + have,
                                       piece) != piece) {
                    r = 1;
                    break;
                }
                have += piece;
                step *= 2;
                if ((enough && enough(ctx, *rec, have, full)) || have == full)
                    break;
            }
            *len = have;
        }
    }
    free(owned);
    if (r) {
        free(*rec);
        *rec = NULL;
    }
    return r;
}
