internal import CGit2
import Foundation

enum IndexObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_index_free(pointer) } }
typealias OwnedIndex = Owned<IndexObject>

extension Repository {
  /// The index file git names in `GIT_INDEX_FILE`, resolved as git does: an absolute path as is,
  /// a relative one from the top of the work tree (where git runs hooks). nil when unset.
  static func indexFileFromEnvironment(workTreeRoot: String?, environment: [String: String]) -> String? {
    guard let value = environment["GIT_INDEX_FILE"], !value.isEmpty else { return nil }
    if value.hasPrefix("/") { return value }
    let base = workTreeRoot ?? FileManager.default.currentDirectoryPath
    return URL(fileURLWithPath: value, relativeTo: URL(fileURLWithPath: base + "/")).standardizedFileURL.path
  }

  /// Makes the repository read `path` as its index (what `GIT_INDEX_FILE` asks for): `git commit -a`
  /// and `git commit <path>` show their hooks a temporary index, not `.git/index`.
  func useIndex(at path: String) throws(GitError) -> OwnedIndex {
    // An absent file is an empty index, as git reads it.
    let index = try OwnedIndex.make("git_index_open", missing: "no index at \(path)") { git_index_open(&$0, path) }
    try index.use { index throws(GitError) in try check(git_repository_set_index(pointer, index), "git_repository_set_index") }
    return index
  }

  /// The tree object `id`; an id that names no tree is an unknown revision.
  func tree(_ id: ObjectID) throws(GitError) -> OwnedTree {
    var oid = id.gitOID
    var out: OpaquePointer?
    let code = git_tree_lookup(&out, pointer, &oid)
    let tree = out.map { OwnedTree($0) }
    if code == GIT_ENOTFOUND.rawValue { throw .unknownRevision(spec: id.hex, reason: "no such tree") }
    try check(code, "git_tree_lookup")
    guard let tree else { throw .library(code: -1, function: "git_tree_lookup", message: "no tree \(id)") }
    return tree
  }

  /// Writes the index (the one `GIT_INDEX_FILE` names, when set) as tree objects and returns the
  /// top tree's id: the staged change as it is now, which stays readable after the index moves on.
  public func writeIndexTree() throws(GitError) -> ObjectID {
    if isBare { throw .unsupported("the staged change needs a work tree; this repository is bare") }
    let index = try OwnedIndex.make("git_repository_index", missing: "no index") { git_repository_index(&$0, pointer) }
    var oid = git_oid()
    try index.use { index throws(GitError) in try check(git_index_write_tree_to(&oid, index, pointer), "git_index_write_tree_to") }
    return ObjectID(oid)
  }
}
