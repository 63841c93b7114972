#ifndef MAILD_CCURL_SHIM_H
#define MAILD_CCURL_SHIM_H
// Swift cannot call C variadic functions, so each curl_easy_setopt/getinfo use gets a typed wrapper.
#include <curl/curl.h>

static inline CURLcode maild_curl_setopt_long(CURL *h, CURLoption opt, long value) {
    return curl_easy_setopt(h, opt, value);
}
static inline CURLcode maild_curl_setopt_string(CURL *h, CURLoption opt, const char *value) {
    return curl_easy_setopt(h, opt, value);
}
static inline CURLcode maild_curl_setopt_pointer(CURL *h, CURLoption opt, void *value) {
    return curl_easy_setopt(h, opt, value);
}
static inline CURLcode maild_curl_setopt_slist(CURL *h, CURLoption opt, struct curl_slist *value) {
    return curl_easy_setopt(h, opt, value);
}
typedef size_t (*maild_curl_data_callback)(char *, size_t, size_t, void *);
static inline CURLcode maild_curl_setopt_data_callback(CURL *h, CURLoption opt, maild_curl_data_callback cb) {
    return curl_easy_setopt(h, opt, cb);
}
typedef int (*maild_curl_debug_callback)(CURL *, curl_infotype, char *, size_t, void *);
static inline CURLcode maild_curl_setopt_debug_callback(CURL *h, maild_curl_debug_callback cb) {
    return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, cb);
}
static inline CURLcode maild_curl_setopt_off(CURL *h, CURLoption opt, curl_off_t value) {
    return curl_easy_setopt(h, opt, value);
}
static inline CURLcode maild_curl_getinfo_socket(CURL *h, curl_socket_t *out) {
    return curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, out);
}
static inline CURLcode maild_curl_getinfo_long(CURL *h, CURLINFO info, long *out) {
    return curl_easy_getinfo(h, info, out);
}
#endif
