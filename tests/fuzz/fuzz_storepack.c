/*
 * fuzz_storepack.c — libFuzzer entry point for the store's Devanagari
 * packing (src/index/storepack.c): any bytes pack to exactly the bytes
 * of the packing's definition (tests/unit/pack_reference.h) and unpack
 * back to themselves, whole and by slices; any bytes given to the
 * unpackers as a packing are refused or unpacked without reading or
 * writing out of bounds.
 */
#include "index.h"
#include "../unit/pack_reference.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *packed = malloc(2 * size + 1), *out = malloc(3 * size + 1);
    if (!packed || !out)
        abort();
    size_t k = kh_store_pack(data, size, packed);
    if (k > 2 * size || kh_store_unpack(packed, k, out, size) != size ||
        memcmp(out, data, size))
        abort();
    uint8_t *spec = malloc(2 * size + 1);
    if (!spec || kh_reference_pack(data, size, spec) != k ||
        memcmp(spec, packed, k))
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
