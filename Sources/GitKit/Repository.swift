internal import CGit2
import Foundation

/// An open git repository: a work tree, a linked worktree or a bare repository.
///
/// Owns the libgit2 handle and frees it in `deinit`. Not `Sendable`: libgit2 handles stay on the
/// task that opened them, and only value snapshots (diffs, commits) cross tasks.
public final class Repository {
  let pointer: OpaquePointer
  /// How `index` lines abbreviate object names; read on first use (it lists the pack indexes).
  lazy var abbreviation = Abbreviation(repository: self)
  /// The index named by `GIT_INDEX_FILE`, when the repository reads that one instead of its own.
  private var environmentIndex: OwnedIndex?

  /// Opens the repository containing `path` (searching parent folders, like git).
  ///
  /// - Parameter honourGitEnvironment: read `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`,
  ///   `GIT_CEILING_DIRECTORIES` and friends as git does; git sets these when it runs a hook, and
  ///   `GIT_INDEX_FILE` is how `git commit -a` and `git commit <path>` show a hook the index they
  ///   are about to commit. git sets `GIT_INDEX_FILE` without `GIT_DIR` in an ordinary work tree,
  ///   so it is read on its own (a relative path from the top of the work tree).
  public init(discoveringFrom path: String, honourGitEnvironment: Bool = true) throws(GitError) {
    _ = libgit2Initialized
    var handle: OpaquePointer?
    var flags = UInt32(0)
    let environment = ProcessInfo.processInfo.environment
    let useEnvironment = honourGitEnvironment && environment["GIT_DIR"] != nil
    if useEnvironment { flags |= GIT_REPOSITORY_OPEN_FROM_ENV.rawValue }
    // With OPEN_FROM_ENV libgit2 takes the path from GIT_DIR and requires NULL here.
    let code =
      useEnvironment
      ? git_repository_open_ext(&handle, nil, flags, nil)
      : git_repository_open_ext(&handle, path, flags, nil)
    if code == GIT_ENOTFOUND.rawValue { throw .notARepository(path: path) }
    try check(code, "git_repository_open_ext")
    guard let handle else { throw .notARepository(path: path) }
    pointer = handle
    try refuseDamagedPacks()
    if honourGitEnvironment && !isBare,
      let index = Self.indexFileFromEnvironment(workTreeRoot: workTreeRoot, environment: environment)
    {
      environmentIndex = try useIndex(at: index)
    }
  }

  /// Opens exactly the repository at `path` (a `.git` folder, a bare repository or a work tree).
  public init(at path: String) throws(GitError) {
    _ = libgit2Initialized
    var handle: OpaquePointer?
    let code = git_repository_open_ext(&handle, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
    if code == GIT_ENOTFOUND.rawValue { throw .notARepository(path: path) }
    try check(code, "git_repository_open_ext")
    guard let handle else { throw .notARepository(path: path) }
    pointer = handle
    try refuseDamagedPacks()
  }

  /// Opens the repository whose git folder is `gitDirectory` without its work tree, for reading
  /// history only: libgit2 then never looks at work-tree files (a diff otherwise stats every
  /// folder's .gitattributes for every changed file to pick its diff driver). Attributes from
  /// the work tree are not applied; look them up through a repository opened with `init(at:)`.
  public init(historyOf gitDirectory: String) throws(GitError) {
    _ = libgit2Initialized
    var handle: OpaquePointer?
    let code = git_repository_open_bare(&handle, gitDirectory)
    if code == GIT_ENOTFOUND.rawValue { throw .notARepository(path: gitDirectory) }
    try check(code, "git_repository_open_bare")
    guard let handle else { throw .notARepository(path: gitDirectory) }
    pointer = handle
    try refuseDamagedPacks()
  }

  deinit { git_repository_free(pointer) }

  /// A damaged pack index is an error here rather than a crash inside libgit2 later.
  private func refuseDamagedPacks() throws(GitError) {
    guard let path = ObjectNames.damagedPackIndex(objectsFolder: commonDirectory + "/objects") else { return }
    throw .library(
      code: -1, function: "pack index check",
      message: "\(path) is damaged (cut short or corrupt); git fsck says more, and git gc or a fresh clone rebuilds it")
  }

  /// True for a repository without a work tree.
  public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

  /// True for a shallow clone, whose history stops at grafted commits.
  public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

  /// True when HEAD points at a branch with no commits yet.
  public var isHeadUnborn: Bool { git_repository_head_unborn(pointer) == 1 }

  /// True when HEAD names a commit directly rather than a branch.
  public var isHeadDetached: Bool { git_repository_head_detached(pointer) == 1 }

  /// True for a linked worktree made by `git worktree add`.
  public var isLinkedWorktree: Bool { git_repository_is_worktree(pointer) == 1 }

  /// The repository's own git folder (for a linked worktree, `.git/worktrees/<name>`), no trailing slash.
  public var gitDirectory: String { trimmedPath(git_repository_path(pointer)) ?? "" }

  /// The folder shared by all worktrees (objects, refs, config, hooks), no trailing slash.
  public var commonDirectory: String { trimmedPath(git_repository_commondir(pointer)) ?? gitDirectory }

  /// The top of the work tree, no trailing slash; nil for a bare repository.
  public var workTreeRoot: String? { trimmedPath(git_repository_workdir(pointer)) }

  /// The folder git runs hooks from: `core.hooksPath` when set (relative to the work tree root,
  /// or the git folder in a bare repository, as git resolves it), else `<common dir>/hooks`.
  public var hooksDirectory: String {
    if let configured = configString("core.hooksPath"), !configured.isEmpty {
      let expanded =
        configured.hasPrefix("~/")
        ? (ProcessInfo.processInfo.environment["HOME"] ?? "") + configured.dropFirst(1)
        : configured
      if expanded.hasPrefix("/") { return expanded }
      let base = workTreeRoot ?? gitDirectory
      return URL(fileURLWithPath: expanded, relativeTo: URL(fileURLWithPath: base + "/")).standardizedFileURL.path
    }
    return commonDirectory + "/hooks"
  }

  /// The state git would report for an operation in progress (rebase, merge, cherry-pick…).
  public var operationInProgress: OperationInProgress {
    OperationInProgress(rawState: git_repository_state(pointer))
  }

  /// Reads one value from the repository's configuration (system, global, local, worktree).
  public func configString(_ name: String) -> String? {
    guard let config = OwnedConfig.attempt({ git_repository_config_snapshot(&$0, pointer) }) else { return nil }
    // The value lives in the snapshot, so it is copied out while the snapshot is held.
    return config.use { config in
      var value: UnsafePointer<CChar>?
      guard git_config_get_string(&value, config, name) == 0, let value else { return nil }
      return String(cString: value)
    }
  }

  /// The branch HEAD points to (short name), or nil when detached.
  public var currentBranch: String? {
    guard let reference = OwnedReference.attempt({ git_repository_head(&$0, pointer) }) else {
      // An unborn branch still has a name: read the symbolic target of HEAD.
      guard let head = OwnedReference.attempt({ git_reference_lookup(&$0, pointer, "HEAD") }) else { return nil }
      return head.use { head in
        guard let target = git_reference_symbolic_target(head) else { return nil }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : name
      }
    }
    return reference.use { reference in
      guard git_reference_is_branch(reference) == 1, let name = git_reference_shorthand(reference) else { return nil }
      return String(cString: name)
    }
  }

  /// The commit HEAD points to; nil on an unborn branch.
  public func headCommit() throws(GitError) -> ObjectID? {
    if isHeadUnborn { return nil }
    var oid = git_oid()
    let code = git_reference_name_to_id(&oid, pointer, "HEAD")
    if code == GIT_ENOTFOUND.rawValue || code == GIT_EUNBORNBRANCH.rawValue { return nil }
    try check(code, "git_reference_name_to_id")
    return ObjectID(oid)
  }
}

/// An operation git has started and not finished, during which hooks should stay out of the way.
public enum OperationInProgress: String, Sendable {
  case none, merge, revert, cherryPick = "cherry-pick", bisect, rebase, applyMailbox = "am"

  init(rawState: Int32) {
    switch git_repository_state_t(UInt32(bitPattern: rawState)) {
    case GIT_REPOSITORY_STATE_MERGE: self = .merge
    case GIT_REPOSITORY_STATE_REVERT, GIT_REPOSITORY_STATE_REVERT_SEQUENCE: self = .revert
    case GIT_REPOSITORY_STATE_CHERRYPICK, GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: self = .cherryPick
    case GIT_REPOSITORY_STATE_BISECT: self = .bisect
    case GIT_REPOSITORY_STATE_REBASE, GIT_REPOSITORY_STATE_REBASE_INTERACTIVE, GIT_REPOSITORY_STATE_REBASE_MERGE:
      self = .rebase
    case GIT_REPOSITORY_STATE_APPLY_MAILBOX, GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: self = .applyMailbox
    default: self = .none
    }
  }
}

private func trimmedPath(_ pointer: UnsafePointer<CChar>?) -> String? {
  guard let pointer else { return nil }
  var path = String(cString: pointer)
  while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
  return path
}
