#ifndef GITLLM_CURL_SHIM_H
#define GITLLM_CURL_SHIM_H
#include <curl/curl.h>

// Swift cannot call C variadic functions, so each argument kind of curl_easy_setopt and
// curl_easy_getinfo gets a typed entry point here. Each returns curl's own CURLcode.

typedef size_t (*gitllm_curl_data_callback)(char *data, size_t size, size_t nmemb, void *userdata);
typedef int (*gitllm_curl_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                             curl_off_t ultotal, curl_off_t ulnow);

CURLcode gitllm_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode gitllm_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode gitllm_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode gitllm_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode gitllm_curl_setopt_data_callback(CURL *handle, CURLoption option, gitllm_curl_data_callback cb);
CURLcode gitllm_curl_setopt_progress_callback(CURL *handle, gitllm_curl_progress_callback cb);

CURLcode gitllm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode gitllm_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode gitllm_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

CURLMcode gitllm_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// The libcurl version string, e.g. "7.88.1", from curl_version_info.
const char *gitllm_curl_version(void);
/// The TLS backend curl was built with, e.g. "OpenSSL/3.0.11"; NULL when built without TLS.
const char *gitllm_curl_ssl_version(void);

#endif
