/*
 * fuzz_storepack.c — libFuzzer entry point for the store's Devanagari
 * packing (src/index/storepack.c): any bytes pack to exactly the bytes
 * of the packing's definition and unpack back to themselves, whole and
 * by slices; any bytes given to the unpackers as a
 * packing are refused or unpacked without reading or writing out of
 * bounds.
 */
#include "index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The packing as storepack.c's header defines it, a byte at a time: the
 * packers (16 and 32 bytes at a time where the CPU has SSSE3 or AVX2)
 * must give exactly these bytes. */
static size_t spec_pack(const uint8_t *p, size_t n, uint8_t *o) {
    size_t i = 0, k = 0;
    while (i < n) {
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *packed = malloc(2 * size + 1), *out = malloc(3 * size + 1);
    if (!packed || !out)
        abort();
    size_t k = kh_store_pack(data, size, packed);
    if (k > 2 * size || kh_store_unpack(packed, k, out, size) != size ||
        memcmp(out, data, size))
        abort();
    uint8_t *spec = malloc(2 * size + 1);
    if (!spec || spec_pack(data, size, spec) != k || memcmp(spec, packed, k))
        abort();
    free(spec);
    /* a slice chosen by the first bytes */
    size_t from = size ? (size_t)data[0] * 131 % size : 0;
    size_t len = size > 1 ? (size_t)data[1] * 257 % (size - from + 1) : 0;
    if (kh_store_unpack_at(packed, k, from, out, len) != len ||
        memcmp(out, data + from, len))
        abort();
    /* the input as a packing: exact buffers, so that ASan sees overruns */
    uint8_t *exact = malloc(size ? size : 1);
    if (!exact)
        abort();
    memcpy(exact, data, size);
    size_t n = kh_store_unpack(exact, size, out, 3 * size);
    if (n != SIZE_MAX && n > 3 * size)
        abort();
    if (n != SIZE_MAX && n) {
        uint8_t *slice = malloc(n);
        if (!slice)
            abort();
        size_t f = (size_t)data[0] % n;
        if (kh_store_unpack_at(exact, size, f, slice, n - f) != n - f ||
            memcmp(slice, out + f, n - f))
            abort();
        free(slice);
    }
    free(exact);
    free(packed);
    free(out);
    return 0;
}
