#include "CGit2Shim.h"
#include <git2.h>

int gitllm_git_disable_strict_hash_verification(void) {
  return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

int gitllm_git_cache_objects(size_t tree_limit, size_t blob_limit, size_t max_total) {
  int error = git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)max_total);
  if (error == 0) error = git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, tree_limit);
  if (error == 0) error = git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, blob_limit);
  return error;
}

// libgit2 as Debian and Ubuntu build it uses mbedTLS, and git_libgit2_init parses the whole
// system CA bundle (/etc/ssl/certs/ca-certificates.crt) so that libgit2's own HTTPS transport
// could verify servers. git-llm never uses libgit2's network transports (it reads local
// repositories; all HTTP goes through libcurl, built with OpenSSL), yet every run paid about
// 5 ms for that parse, a quarter of a pre-commit hook's budget (research/git-diff-compatibility.md).
//
// Defining the two mbedTLS loaders here makes the dynamic linker resolve libgit2's calls to
// them, since the executable comes first in symbol lookup. They load nothing: libgit2 ends up
// with an empty trust store, so any TLS it were asked to do would fail verification (fail
// closed), never succeed unverified. On a libgit2 built with OpenSSL or on macOS (two-level
// namespaces) nothing calls them and they have no effect.
typedef struct mbedtls_x509_crt mbedtls_x509_crt;
int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path);
int mbedtls_x509_crt_parse_path(mbedtls_x509_crt *chain, const char *path);

int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path) {
  (void)chain;
  (void)path;
  return 0;
}

int mbedtls_x509_crt_parse_path(mbedtls_x509_crt *chain, const char *path) {
  (void)chain;
  (void)path;
  return 0;
}
