internal import CGit2

/// What a user typed to name commits, resolved to object ids.
///
/// `A..B` is the commits reachable from B and not from A, and its diff is A against B;
/// `A...B` is the commits on either side since they forked, and its diff is the merge base
/// against B; a single revision `C` is its own change, C's first parent against C (the root
/// commit against the empty tree). An empty side of `..` or `...` means HEAD, as in git.
public struct RevisionRange: Sendable, Equatable {
  /// How the range was written.
  public enum Form: String, Sendable { case single, twoDot = "two-dot", threeDot = "three-dot" }

  /// The text the user typed.
  public let spec: String
  public let form: Form
  /// Commits whose history is excluded from a walk.
  public let excluded: [ObjectID]
  /// Commits whose history is included in a walk.
  public let included: [ObjectID]
  /// The old side of the diff; nil means the empty tree.
  public let diffBase: ObjectID?
  /// The new side of the diff.
  public let diffHead: ObjectID
}

extension Repository {
  /// Resolves `HEAD~3..`, `A..B`, `A...B`, a single commit, a tag or `@{u}`.
  public func resolveRange(_ spec: String) throws(GitError) -> RevisionRange {
    let trimmed = spec.trimmingWhitespace
    guard !trimmed.isEmpty else { throw .unknownRevision(spec: spec, reason: "empty revision") }
    if let split = trimmed.range(of: "...") {
      let left = String(trimmed[..<split.lowerBound]), right = String(trimmed[split.upperBound...])
      let base = try resolveCommit(left.isEmpty ? "HEAD" : left, within: spec)
      let head = try resolveCommit(right.isEmpty ? "HEAD" : right, within: spec)
      let mergeBase = try self.mergeBase(base, head)
      return RevisionRange(
        spec: spec, form: .threeDot, excluded: mergeBase.map { [$0] } ?? [], included: [base, head],
        diffBase: mergeBase, diffHead: head)
    }
    if let split = trimmed.range(of: "..") {
      let left = String(trimmed[..<split.lowerBound]), right = String(trimmed[split.upperBound...])
      let base = try resolveCommit(left.isEmpty ? "HEAD" : left, within: spec)
      let head = try resolveCommit(right.isEmpty ? "HEAD" : right, within: spec)
      return RevisionRange(
        spec: spec, form: .twoDot, excluded: [base], included: [head], diffBase: base, diffHead: head)
    }
    let commit = try resolveCommit(trimmed, within: spec)
    return RevisionRange(
      spec: spec, form: .single, excluded: [], included: [commit],
      diffBase: try firstParent(of: commit), diffHead: commit)
  }

  /// Resolves one revision (`HEAD~2`, a branch, a tag, an abbreviated id, `@{u}`) to a commit,
  /// peeling annotated tags.
  public func resolveCommit(_ revision: String, within spec: String? = nil) throws(GitError) -> ObjectID {
    var out: OpaquePointer?
    let code = git_revparse_single(&out, pointer, revision)
    let object = out.map(OwnedObject.init)
    guard code == 0, let object else {
      let reason: String
      switch code {
      case GIT_ENOTFOUND.rawValue:
        reason =
          isHeadUnborn && revision.hasPrefix("HEAD")
          ? "HEAD has no commits yet" : "'\(revision)' is not a commit, branch or tag here"
      case GIT_EAMBIGUOUS.rawValue: reason = "'\(revision)' is ambiguous; type more of the id"
      default: reason = lastError(code, "git_revparse_single").description
      }
      throw .unknownRevision(spec: spec ?? revision, reason: reason)
    }
    let commit = object.use { object in OwnedObject.attempt { git_object_peel(&$0, object, GIT_OBJECT_COMMIT) } }
    guard let commit else {
      throw .unknownRevision(spec: spec ?? revision, reason: "'\(revision)' does not name a commit")
    }
    guard let id = commit.use({ ObjectID(git_object_id($0)) }) else {
      throw .unknownRevision(spec: spec ?? revision, reason: "no id")
    }
    return id
  }

  /// The best common ancestor of two commits, or nil when their histories never meet.
  public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws(GitError) -> ObjectID? {
    var result = git_oid()
    var first = one.gitOID, second = two.gitOID
    let code = git_merge_base(&result, pointer, &first, &second)
    if code == GIT_ENOTFOUND.rawValue { return nil }
    try check(code, "git_merge_base")
    return ObjectID(result)
  }

  /// A commit's first parent; nil for a root commit (or the edge of a shallow clone).
  public func firstParent(of id: ObjectID) throws(GitError) -> ObjectID? {
    try withCommit(id) { commit throws(GitError) in
      guard git_commit_parentcount(commit) > 0 else { return nil }
      return ObjectID(git_commit_parent_id(commit, 0))
    }
  }

  func withCommit<T>(_ id: ObjectID, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
    var oid = id.gitOID
    let commit = try OwnedCommit.make("git_commit_lookup", missing: "no commit \(id)") { git_commit_lookup(&$0, pointer, &oid) }
    return try commit.use(body)
  }
}

extension String {
  /// Without leading and trailing whitespace and line breaks: the standard library's own
  /// Character check, not Foundation's `trimmingCharacters(in:)` (which bridges to NSString and
  /// showed up in a harvest's profile).
  public var trimmingWhitespace: String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
