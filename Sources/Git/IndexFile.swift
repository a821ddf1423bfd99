import Foundation
internal import CGit2

/// A libgit2 index handle, freed when the last Swift reference goes.
final class IndexHandle {
  let pointer: OpaquePointer

  /// Opens the index file at `path` (an absent file is an empty index, as git reads it).
  init(path: String) throws(GitError) {
    var handle: OpaquePointer?
    try check(git_index_open(&handle, path), "git_index_open")
    guard let handle else { throw .library(code: -1, function: "git_index_open", message: "no index at \(path)") }
    pointer = handle
  }

  /// The index `repository` uses (a new reference to it).
  init(of repository: OpaquePointer) throws(GitError) {
    var handle: OpaquePointer?
    try check(git_repository_index(&handle, repository), "git_repository_index")
    guard let handle else { throw .library(code: -1, function: "git_repository_index", message: "no index") }
    pointer = handle
  }

  deinit { git_index_free(pointer) }
}

/// A libgit2 tree handle, freed when the last Swift reference goes.
final class TreeHandle {
  let pointer: OpaquePointer

  init(_ id: ObjectID, in repository: OpaquePointer) throws(GitError) {
    var oid = id.gitOID
    var handle: OpaquePointer?
    let code = git_tree_lookup(&handle, repository, &oid)
    if code == GIT_ENOTFOUND.rawValue { throw .unknownRevision(spec: id.hex, reason: "no such tree") }
    try check(code, "git_tree_lookup")
    guard let handle else { throw .library(code: -1, function: "git_tree_lookup", message: "no tree \(id)") }
    pointer = handle
  }

  deinit { git_tree_free(pointer) }
}

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
  func useIndex(at path: String) throws(GitError) -> IndexHandle {
    let index = try IndexHandle(path: path)
    try check(git_repository_set_index(pointer, index.pointer), "git_repository_set_index")
    return index
  }

  /// Writes the index (the one `GIT_INDEX_FILE` names, when set) as tree objects and returns the
  /// top tree's id: the staged change as it is now, which stays readable after the index moves on.
  public func writeIndexTree() throws(GitError) -> ObjectID {
    if isBare { throw .unsupported("the staged change needs a work tree; this repository is bare") }
    let index = try IndexHandle(of: pointer)
    var oid = git_oid()
    try check(git_index_write_tree_to(&oid, index.pointer, pointer), "git_index_write_tree_to")
    return ObjectID(oid)
  }
}
