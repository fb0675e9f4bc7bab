/*
 * error.c — status names and the kh_fail() helper that fills a kh_error.
 */
#include "core.h"

#include <stdio.h>
#include <string.h>

const char *kh_status_name(kh_status status) {
    switch (status) {
    case KH_OK: return "KH_OK";
    case KH_ERR_NOMEM: return "KH_ERR_NOMEM";
    case KH_ERR_ARG: return "KH_ERR_ARG";
    case KH_ERR_IO: return "KH_ERR_IO";
    case KH_ERR_UTF8: return "KH_ERR_UTF8";
    case KH_ERR_PARSE: return "KH_ERR_PARSE";
    case KH_ERR_CORRUPT: return "KH_ERR_CORRUPT";
    case KH_ERR_LOCKED: return "KH_ERR_LOCKED";
    case KH_ERR_NOT_FOUND: return "KH_ERR_NOT_FOUND";
    case KH_ERR_LIMIT: return "KH_ERR_LIMIT";
    case KH_ERR_INTERNAL: return "KH_ERR_INTERNAL";
    }
    return "KH_ERR_UNKNOWN";
}

void kh_error_clear(kh_error *err) {
    if (err) {
        err->code = KH_OK;
        err->message[0] = '\0';
    }
}

const char *kh_version(void) {
    return KH_VERSION_STRING;
}

kh_status kh_fail(kh_error *err, kh_status code, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}
