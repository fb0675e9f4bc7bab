/*
 * fuzz_record.c — libFuzzer entry point for the stored article records of
 * the index (src/index/record.c): any bytes decode or fail cleanly, and a
 * record that decodes encodes back to the same bytes. Its text alone
 * (kh_record_decode_text) decodes from any bytes a full decode takes, to
 * the same text. (Records are
 * written from clean articles and checksummed; the JSON of one is not
 * made here, since its strings may be any bytes.)
 */
#include "index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    kh_record rec, text;
    int text_ok = kh_record_decode_text(data, size, &text, NULL) == KH_OK;
    if (kh_record_decode(data, size, &rec, NULL) != KH_OK) {
        if (text_ok)
            kh_record_free(&text);
        return 0;
    }
    if (!text_ok)
        abort();
    kh_buf body = {0}, tbody = {0};
    if (kh_record_body(&rec.a, 1, &body) ||
        kh_record_body(&text.a, 1, &tbody) || body.len != tbody.len ||
        (body.len && memcmp(body.data, tbody.data, body.len)))
        abort();
    kh_buf_free(&body);
    kh_buf_free(&tbody);
    kh_record_free(&text);
    kh_buf again = {0};
    if (kh_record_encode(&again, &rec.a, &rec.x))
        abort();
    /* varints may be written longer than needed in the input: compare the
     * decoded forms instead of the bytes */
    kh_record rec2;
    if (kh_record_decode((const uint8_t *)again.data, again.len, &rec2, NULL) !=
        KH_OK)
        abort();
    kh_buf again2 = {0};
    if (kh_record_encode(&again2, &rec2.a, &rec2.x) ||
        again2.len != again.len || memcmp(again.data, again2.data, again.len))
        abort();
    kh_buf_free(&again);
    kh_buf_free(&again2);
    kh_record_free(&rec2);
    kh_record_free(&rec);
    return 0;
}
