#include "CCurlShim.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

// Function pointers into the dlopen'ed libcurl, filled once by load_library.
static struct {
  CURLcode (*global_init)(long);
  CURL *(*easy_init)(void);
  void (*easy_cleanup)(CURL *);
  CURLcode (*easy_perform)(CURL *);
  CURLcode (*easy_pause)(CURL *, int);
  const char *(*easy_strerror)(CURLcode);
  CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
  CURLM *(*multi_init)(void);
  CURLMcode (*multi_cleanup)(CURLM *);
  CURLMcode (*multi_add_handle)(CURLM *, CURL *);
  CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
  CURLMcode (*multi_perform)(CURLM *, int *);
  CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
  CURLMcode (*multi_wakeup)(CURLM *);
  CURLMsg *(*multi_info_read)(CURLM *, int *);
  const char *(*multi_strerror)(CURLMcode);
  CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
  curl_version_info_data *(*version_info)(CURLversion);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static const char *load_error = NULL;

#define RESOLVE(field, name)                      \
  do {                                            \
    *(void **)(&api.field) = dlsym(library, name); \
    if (api.field == NULL) {                      \
      load_error = "libcurl lacks " name;         \
      return;                                     \
    }                                             \
  } while (0)

static void load_library(void) {
  const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.4.dylib", "libcurl.dylib", "libcurl.so"};
  void *library = NULL;
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && library == NULL; i++) {
    library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  }
  if (library == NULL) {
    load_error = dlerror();
    if (load_error == NULL) load_error = "libcurl not found";
    return;
  }
  RESOLVE(global_init, "curl_global_init");
  RESOLVE(easy_init, "curl_easy_init");
  RESOLVE(easy_cleanup, "curl_easy_cleanup");
  RESOLVE(easy_perform, "curl_easy_perform");
  RESOLVE(easy_pause, "curl_easy_pause");
  RESOLVE(easy_strerror, "curl_easy_strerror");
  RESOLVE(easy_setopt, "curl_easy_setopt");
  RESOLVE(easy_getinfo, "curl_easy_getinfo");
  RESOLVE(slist_append, "curl_slist_append");
  RESOLVE(slist_free_all, "curl_slist_free_all");
  RESOLVE(multi_init, "curl_multi_init");
  RESOLVE(multi_cleanup, "curl_multi_cleanup");
  RESOLVE(multi_add_handle, "curl_multi_add_handle");
  RESOLVE(multi_remove_handle, "curl_multi_remove_handle");
  RESOLVE(multi_perform, "curl_multi_perform");
  RESOLVE(multi_poll, "curl_multi_poll");
  RESOLVE(multi_wakeup, "curl_multi_wakeup");
  RESOLVE(multi_info_read, "curl_multi_info_read");
  RESOLVE(multi_strerror, "curl_multi_strerror");
  RESOLVE(multi_setopt, "curl_multi_setopt");
  RESOLVE(version_info, "curl_version_info");
  load_status = 0;
}

int gitllm_curl_load(void) {
  pthread_once(&load_once, load_library);
  return load_status;
}

const char *gitllm_curl_load_error(void) { return load_status == 0 ? NULL : load_error; }

// Every entry point below is only reached after gitllm_curl_load() succeeded (the Swift side
// checks), but each still guards so that a misuse fails with an error code instead of a crash.
#define READY (gitllm_curl_load() == 0)

CURLcode gitllm_curl_global_init(long flags) { return READY ? api.global_init(flags) : CURLE_FAILED_INIT; }
CURL *gitllm_curl_easy_init(void) { return READY ? api.easy_init() : NULL; }
void gitllm_curl_easy_cleanup(CURL *handle) { if (READY) api.easy_cleanup(handle); }
CURLcode gitllm_curl_easy_perform(CURL *handle) { return READY ? api.easy_perform(handle) : CURLE_FAILED_INIT; }
CURLcode gitllm_curl_easy_pause(CURL *handle, int bitmask) { return READY ? api.easy_pause(handle, bitmask) : CURLE_FAILED_INIT; }
const char *gitllm_curl_easy_strerror(CURLcode code) { return READY ? api.easy_strerror(code) : "libcurl is not loaded"; }
struct curl_slist *gitllm_curl_slist_append(struct curl_slist *list, const char *string) {
  return READY ? api.slist_append(list, string) : NULL;
}
void gitllm_curl_slist_free_all(struct curl_slist *list) { if (READY && list) api.slist_free_all(list); }

CURLcode gitllm_curl_setopt_long(CURL *handle, CURLoption option, long value) {
  return READY ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode gitllm_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  return READY ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode gitllm_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
  return READY ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode gitllm_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
  return READY ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode gitllm_curl_setopt_data_callback(CURL *handle, CURLoption option, gitllm_curl_data_callback cb) {
  return READY ? api.easy_setopt(handle, option, cb) : CURLE_FAILED_INIT;
}
CURLcode gitllm_curl_setopt_progress_callback(CURL *handle, gitllm_curl_progress_callback cb) {
  return READY ? api.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, cb) : CURLE_FAILED_INIT;
}
CURLcode gitllm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
  return READY ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}
CURLcode gitllm_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
  return READY ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}
CURLcode gitllm_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
  return READY ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}

CURLM *gitllm_curl_multi_init(void) { return READY ? api.multi_init() : NULL; }
CURLMcode gitllm_curl_multi_cleanup(CURLM *multi) { return READY ? api.multi_cleanup(multi) : CURLM_INTERNAL_ERROR; }
CURLMcode gitllm_curl_multi_add_handle(CURLM *multi, CURL *handle) {
  return READY ? api.multi_add_handle(multi, handle) : CURLM_INTERNAL_ERROR;
}
CURLMcode gitllm_curl_multi_remove_handle(CURLM *multi, CURL *handle) {
  return READY ? api.multi_remove_handle(multi, handle) : CURLM_INTERNAL_ERROR;
}
CURLMcode gitllm_curl_multi_perform(CURLM *multi, int *running) {
  return READY ? api.multi_perform(multi, running) : CURLM_INTERNAL_ERROR;
}
CURLMcode gitllm_curl_multi_poll(CURLM *multi, int timeout_ms, int *numfds) {
  return READY ? api.multi_poll(multi, NULL, 0, timeout_ms, numfds) : CURLM_INTERNAL_ERROR;
}
CURLMcode gitllm_curl_multi_wakeup(CURLM *multi) { return READY ? api.multi_wakeup(multi) : CURLM_INTERNAL_ERROR; }
CURLMsg *gitllm_curl_multi_info_read(CURLM *multi, int *remaining) {
  return READY ? api.multi_info_read(multi, remaining) : NULL;
}
const char *gitllm_curl_multi_strerror(CURLMcode code) { return READY ? api.multi_strerror(code) : "libcurl is not loaded"; }
CURLMcode gitllm_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
  return READY ? api.multi_setopt(multi, option, value) : CURLM_INTERNAL_ERROR;
}

const char *gitllm_curl_version(void) { return READY ? api.version_info(CURLVERSION_NOW)->version : NULL; }
const char *gitllm_curl_ssl_version(void) { return READY ? api.version_info(CURLVERSION_NOW)->ssl_version : NULL; }
