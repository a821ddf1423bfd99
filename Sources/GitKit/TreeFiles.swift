internal import CGit2

/// One file (blob) in a commit's tree.
public struct TreeFile: Sendable, Equatable {
  /// The path from the top of the tree.
  public let path: GitBytes
  /// The blob's id.
  public let id: ObjectID
  /// Regular, executable or symlink (submodules and folders are not listed).
  public let mode: FileMode
}

extension Repository {
  /// Every file of a commit's tree, in git's tree order, without reading any blob.
  public func treeFiles(ofCommit id: ObjectID) throws(GitError) -> [TreeFile] {
    try tree(ofCommit: id).use { tree throws(GitError) in try files(of: tree) }
  }

  private func files(of tree: OpaquePointer) throws(GitError) -> [TreeFile] {
    let collector = TreeCollector()
    let context = Unmanaged.passUnretained(collector).toOpaque()
    // A non-capturing callback: the collector comes back through the payload pointer.
    let code = git_tree_walk(
      tree, GIT_TREEWALK_PRE,
      { root, entry, payload in
        guard let entry, let payload else { return 0 }
        let mode = FileMode(rawValue: UInt32(git_tree_entry_filemode(entry).rawValue))
        guard mode == .regular || mode == .executable || mode == .symlink,
          let id = ObjectID(git_tree_entry_id(entry))
        else { return 0 }
        let folder = GitBytes(cString: root).bytes
        let name = GitBytes(cString: git_tree_entry_name(entry)).bytes
        let collector = Unmanaged<TreeCollector>.fromOpaque(payload).takeUnretainedValue()
        collector.files.append(TreeFile(path: GitBytes(folder + name), id: id, mode: mode))
        return 0
      }, context)
    try check(code, "git_tree_walk")
    return collector.files
  }

  /// The bytes of a blob; nil when the object is missing (a partial clone).
  public func blob(_ id: ObjectID) -> GitBytes? {
    blobContent(id).map(GitBytes.init)
  }

  /// A blob as text: as stored when it is valid UTF-8, else converted from `encoding` (a commit's
  /// `encoding` header) when that conversion is clean; nil when neither works or the blob is missing.
  public func blobText(_ id: ObjectID, encoding: String?) -> String? {
    guard let bytes = blobContent(id) else { return nil }
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    guard let encoding else { return nil }
    let converted = TextDecoding.decode(bytes, encoding: encoding)
    // TextDecoding falls back to lossy UTF-8 when iconv fails: a replacement character means it did.
    return converted.contains("\u{FFFD}") ? nil : converted
  }
}

/// Gathers the walk's entries; lives only for one `treeFiles` call on one thread.
private final class TreeCollector {
  var files: [TreeFile] = []
}
