/*
 * pack_reference.h — the store's packing as storepack.c's header defines
 * it, a byte at a time: the packers (16 and 32 bytes at a time where the
 * CPU has SSSE3 or AVX2) must give exactly these bytes. Shared by the
 * unit tests and the fuzz target.
 */
#ifndef KH_PACK_REFERENCE_H
#define KH_PACK_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

static inline size_t kh_reference_pack(const uint8_t *p, size_t n, uint8_t *o) {
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (p[i] == 0xE0 && i + 2 < n && (p[i + 1] & 0xFE) == 0xA4 &&
            (p[i + 2] & 0xC0) == 0x80) {
            o[k++] = (uint8_t)(0x80 | (p[i + 1] & 1) << 6 | (p[i + 2] & 0x3F));
            i += 3;
        } else if (p[i] < 0x7F) {
            o[k++] = p[i++];
        } else {
            o[k++] = 0x7F;
            o[k++] = p[i++];
        }
    }
    return k;
}

#endif /* KH_PACK_REFERENCE_H */
