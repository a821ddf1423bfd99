internal import CGit2
internal import CGit2Shim

/// libgit2's process-wide set-up, done once before the first call (an immutable lazy global,
/// so no mutable state is shared).
let libgit2Initialized: Void = {
  git_libgit2_init()
  // Read objects the way git does: trust the object database instead of re-hashing every
  // object on each read (git verifies only in fsck).
  _ = gitllm_git_disable_strict_hash_verification()
}()

extension Repository {
  /// Keeps trees of up to `treeLimit` bytes and blobs of up to `blobLimit` bytes in libgit2's
  /// object cache, within `maxTotal` bytes of cached objects in all (a process-wide setting): for
  /// a reader that goes back to the same objects, such as a harvest diffing commit after commit
  /// (mostly the same trees) and reading each diff's files whole.
  public static func cacheObjects(treesUpTo treeLimit: Int, blobsUpTo blobLimit: Int, maxTotal: Int) {
    _ = libgit2Initialized
    _ = gitllm_git_cache_objects(treeLimit, blobLimit, maxTotal)
  }

  /// The cache for a reader that diffs commit after commit (a harvest, `git llm debt`):
  /// consecutive commits share most of their trees, and a blob read for the diff is read again
  /// for its text, so cached each is inflated once (by default libgit2 caches no blob and no tree
  /// over 4 KB). 32 MB in all keeps that without pushing such a run's memory.
  public static func cacheObjectsForHistoryReads() {
    cacheObjects(treesUpTo: 1024 * 1024, blobsUpTo: 256 * 1024, maxTotal: 32 * 1024 * 1024)
  }
}

/// Version facts about the linked libgit2, for `git llm doctor`.
public enum GitLibrary {
  /// "major.minor.revision" of the libgit2 actually loaded at run time.
  public static var version: String {
    var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
    _ = git_libgit2_version(&major, &minor, &revision)
    return "\(major).\(minor).\(revision)"
  }

  /// Features compiled into libgit2 (threads, https, ssh).
  public static var features: [String] {
    let bits = UInt32(bitPattern: git_libgit2_features())
    var names: [String] = []
    if bits & GIT_FEATURE_THREADS.rawValue != 0 { names.append("threads") }
    if bits & GIT_FEATURE_HTTPS.rawValue != 0 { names.append("https") }
    if bits & GIT_FEATURE_SSH.rawValue != 0 { names.append("ssh") }
    return names
  }
}
