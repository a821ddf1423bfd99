#ifndef GITLLM_GIT2_SHIM_H
#define GITLLM_GIT2_SHIM_H

#include <stddef.h>

// git_libgit2_opts is variadic, which Swift cannot call; these are the settings git-llm uses.

/// Stops libgit2 from re-hashing every object it reads. git itself only verifies hashes in
/// fsck, and re-hashing made a 2,000-file diff 40% slower than git (bench/). Returns 0 or a
/// libgit2 error code.
int gitllm_git_disable_strict_hash_verification(void);

/// Lets libgit2's object cache keep trees up to `tree_limit` bytes and blobs up to `blob_limit`
/// bytes each, within `max_total` bytes for all cached objects. By default trees over 4 KB and
/// all blobs go uncached; a harvest diffs commit after commit over mostly the same trees, and
/// reads each blob for the diff and again for its text. Returns 0 or a libgit2 error code.
int gitllm_git_cache_objects(size_t tree_limit, size_t blob_limit, size_t max_total);

#endif
