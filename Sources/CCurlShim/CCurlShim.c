#include "CCurlShim.h"

CURLcode gitllm_curl_setopt_long(CURL *handle, CURLoption option, long value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode gitllm_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode gitllm_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode gitllm_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode gitllm_curl_setopt_data_callback(CURL *handle, CURLoption option, gitllm_curl_data_callback cb) {
  return curl_easy_setopt(handle, option, cb);
}
CURLcode gitllm_curl_setopt_progress_callback(CURL *handle, gitllm_curl_progress_callback cb) {
  return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, cb);
}
CURLcode gitllm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
  return curl_easy_getinfo(handle, info, value);
}
CURLcode gitllm_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
  return curl_easy_getinfo(handle, info, value);
}
CURLcode gitllm_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
  return curl_easy_getinfo(handle, info, value);
}
CURLMcode gitllm_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
  return curl_multi_setopt(multi, option, value);
}
const char *gitllm_curl_version(void) {
  return curl_version_info(CURLVERSION_NOW)->version;
}
const char *gitllm_curl_ssl_version(void) {
  return curl_version_info(CURLVERSION_NOW)->ssl_version;
}
