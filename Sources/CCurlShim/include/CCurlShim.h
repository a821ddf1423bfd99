#ifndef GITLLM_CURL_SHIM_H
#define GITLLM_CURL_SHIM_H
#include <curl/curl.h>

// libcurl is loaded with dlopen the first time git-llm makes an HTTP request, not when the
// program starts: libcurl pulls in some 25 more shared libraries (TLS, Kerberos, LDAP, …) and
// loading them costs a few milliseconds on every run, which a pre-commit hook that finds nothing
// to review would pay for nothing. Every curl function git-llm uses goes through this shim.
//
// Swift also cannot call C variadic functions, so each argument kind of curl_easy_setopt and
// curl_easy_getinfo gets a typed entry point. Each returns curl's own code.

/// Loads libcurl if needed; 0 on success, else -1 with a message from dlerror in `gitllm_curl_load_error`.
int gitllm_curl_load(void);
/// Why loading failed, or NULL.
const char *gitllm_curl_load_error(void);

typedef size_t (*gitllm_curl_data_callback)(char *data, size_t size, size_t nmemb, void *userdata);
typedef int (*gitllm_curl_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                             curl_off_t ultotal, curl_off_t ulnow);

CURLcode gitllm_curl_global_init(long flags);
CURL *gitllm_curl_easy_init(void);
void gitllm_curl_easy_cleanup(CURL *handle);
CURLcode gitllm_curl_easy_perform(CURL *handle);
CURLcode gitllm_curl_easy_pause(CURL *handle, int bitmask);
const char *gitllm_curl_easy_strerror(CURLcode code);
struct curl_slist *gitllm_curl_slist_append(struct curl_slist *list, const char *string);
void gitllm_curl_slist_free_all(struct curl_slist *list);

CURLcode gitllm_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode gitllm_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode gitllm_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode gitllm_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode gitllm_curl_setopt_data_callback(CURL *handle, CURLoption option, gitllm_curl_data_callback cb);
CURLcode gitllm_curl_setopt_progress_callback(CURL *handle, gitllm_curl_progress_callback cb);

CURLcode gitllm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode gitllm_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode gitllm_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

CURLM *gitllm_curl_multi_init(void);
CURLMcode gitllm_curl_multi_cleanup(CURLM *multi);
CURLMcode gitllm_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode gitllm_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode gitllm_curl_multi_perform(CURLM *multi, int *running);
CURLMcode gitllm_curl_multi_poll(CURLM *multi, int timeout_ms, int *numfds);
CURLMcode gitllm_curl_multi_wakeup(CURLM *multi);
CURLMsg *gitllm_curl_multi_info_read(CURLM *multi, int *remaining);
const char *gitllm_curl_multi_strerror(CURLMcode code);
CURLMcode gitllm_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// The libcurl version string, e.g. "7.88.1"; NULL when libcurl cannot be loaded.
const char *gitllm_curl_version(void);
/// The TLS backend curl was built with, e.g. "OpenSSL/3.0.11"; NULL when none or not loaded.
const char *gitllm_curl_ssl_version(void);

#endif
