/*
 * postings.c — the cursor over one term's postings in a segment: next,
 * advance (using the skip entries, one per 128 documents, so that a
 * conjunction with a rare term does not decode a common term's whole
 * list), and the positions of the current document, decoded only when
 * asked (phrases, proximity).
 */
#include "index.h"

#include <string.h>

void kh_cursor_init(kh_cursor *c, const kh_segment *s, uint32_t i) {
    const uint8_t *e = s->terms + (size_t)i * KH_TERM_ENTRY;
    c->df = kh_rd32(e + 4);
    c->nskip = c->df ? (c->df - 1) / KH_SKIP_BLOCK : 0;
    c->skips = s->post + kh_rd64(e + 8);
    c->dp = c->skips + (size_t)c->nskip * 12;
    c->dend = c->dp + kh_rd32(e + 16);
    c->pbase = c->pp = c->dend;
    c->pend = c->pbase + kh_rd32(e + 20);
    c->idx = UINT32_MAX; /* before the first */
    c->doc = 0;
    c->tf = 0;
    c->pos_skip = 0;
    c->pos_read = 1;
}

uint32_t kh_cursor_next(kh_cursor *c) {
    if (c->doc == KH_NO_DOC)
        return KH_NO_DOC;
    uint32_t next = c->idx + 1; /* UINT32_MAX + 1 == 0 */
    if (next >= c->df) {
        c->doc = KH_NO_DOC;
        return KH_NO_DOC;
    }
    if (!c->pos_read)
        c->pos_skip += c->tf;
    uint32_t delta, tf;
    if (!kh_posting_get(&c->dp, c->dend, &delta, &tf)) {
        c->doc = KH_NO_DOC; /* cannot happen in a verified file */
        return KH_NO_DOC;
    }
    c->doc = next == 0 ? delta : c->doc + delta;
    c->tf = tf;
    c->idx = next;
    c->pos_read = 0;
    return c->doc;
}

uint32_t kh_cursor_advance(kh_cursor *c, uint32_t target) {
    if (c->doc == KH_NO_DOC)
        return KH_NO_DOC;
    if (c->idx != UINT32_MAX && c->doc >= target)
        return c->doc;
    /* jump over whole blocks whose last document is < target */
    uint32_t cur_block = c->idx == UINT32_MAX ? 0 : c->idx / KH_SKIP_BLOCK;
    /* the first block whose last document is >= target: galloping from
     * the current block, then halving, so that a fresh cursor sent far
     * into a common word's list (snippets, proximity) reads a few skip
     * entries, not hundreds */
    uint32_t lo = cur_block, step = 1, hi = cur_block;
    while (hi < c->nskip && kh_rd32(c->skips + (size_t)hi * 12) < target) {
        lo = hi + 1;
        hi = c->nskip - hi > step ? hi + step : c->nskip;
        step *= 2;
    }
    while (lo < hi) { /* entries before lo are < target; hi is >= or end */
        uint32_t mid = lo + (hi - lo) / 2;
        if (kh_rd32(c->skips + (size_t)mid * 12) < target)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t b = lo;
    if (b > cur_block) {
        const uint8_t *e = c->skips + (size_t)(b - 1) * 12;
        c->doc = kh_rd32(e); /* the last doc of the block before */
        c->dp = c->skips + (size_t)c->nskip * 12 + kh_rd32(e + 4);
        c->pp = c->pbase + kh_rd32(e + 8);
        c->pos_skip = 0;
        c->pos_read = 1;
        c->idx = b * KH_SKIP_BLOCK - 1;
    }
    /* kh_cursor_next to the target, with the cursor's state in locals: a
     * proximity pass sends a common word's cursors to a hundred hits,
     * each some sixty postings into its block */
    uint32_t idx = c->idx, doc = c->doc, tf = c->tf, skip = c->pos_skip;
    int read = c->pos_read;
    const uint8_t *dp = c->dp;
    for (;;) {
        uint32_t next = idx + 1, delta, ntf;
        if (next >= c->df || !kh_posting_get(&dp, c->dend, &delta, &ntf)) {
            doc = KH_NO_DOC; /* the end (a bad stream cannot pass checks) */
            break;
        }
        if (!read)
            skip += tf;
        doc = next == 0 ? delta : doc + delta;
        tf = ntf;
        idx = next;
        read = 0;
        if (doc >= target)
            break;
    }
    c->idx = idx;
    c->doc = doc;
    c->tf = tf;
    c->pos_skip = skip;
    c->pos_read = read;
    c->dp = dp;
    return doc;
}

uint32_t kh_cursor_positions(kh_cursor *c, uint32_t *out, uint32_t cap) {
    if (c->pos_read || c->doc == KH_NO_DOC)
        return 0;
    /* skip the positions of documents passed over: a varint ends at each
     * byte below 0x80, counted eight bytes at a time (a dense word's
     * positions between two hits of a page run to kilobytes). Eight bytes
     * hold at most eight ends, so while eight or more are left a whole
     * word never goes past the last one to skip. */
    uint32_t left = c->pos_skip;
    const uint8_t *q = c->pp;
    while (left >= 8 && c->pend - q >= 8) {
        uint64_t w;
        memcpy(&w, q, 8);
        /* one bit per ending byte, summed by a multiply (no popcnt in
         * the baseline x86-64 instruction set) */
        uint64_t ends = (~w & 0x8080808080808080ull) >> 7;
        left -= (uint32_t)((ends * 0x0101010101010101ull) >> 56);
        q += 8;
    }
    while (left && q < c->pend) {
        if (!(*q++ & 0x80))
            left--;
    }
    c->pp = q;
    c->pos_skip = 0;
    uint32_t last = 0, n = 0;
    for (uint32_t i = 0; i < c->tf; i++) {
        uint32_t d;
        if (!kh_varint_get(&c->pp, c->pend, &d))
            break;
        last += d;
        if (n < cap)
            out[n++] = last;
    }
    c->pos_read = 1;
    return n;
}
