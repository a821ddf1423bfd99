internal import CGit2
import Foundation

/// Who made a commit and when.
public struct Signature: Sendable, Equatable {
  public let name: String
  public let email: String
  /// Seconds since 1970-01-01 UTC.
  public let time: Int64
  /// The author's or committer's UTC offset in minutes.
  public let offsetMinutes: Int

  /// ISO 8601 in the signature's own time zone, as `git log --date=iso-strict` prints it.
  public var isoDate: String {
    // Both numbers come from the commit as written: a forged one may sit at Int64's ends.
    let shift = Int64(offsetMinutes).multipliedReportingOverflow(by: 60)
    let local = time.addingReportingOverflow(shift.partialValue)
    var seconds = time_t(shift.overflow || local.overflow ? time : local.partialValue)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    let sign = offsetMinutes < 0 ? "-" : "+"
    let offset = abs(offsetMinutes)
    return String(
      format: "%04ld-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", Int(parts.tm_year) + 1900, parts.tm_mon + 1,
      parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, sign, offset / 60, offset % 60)
  }
}

/// One commit of a history walk, copied out of libgit2.
public struct CommitInfo: Sendable {
  public let id: ObjectID
  public let parents: [ObjectID]
  public let author: Signature
  public let committer: Signature
  /// The full message, decoded from the encoding its header names.
  public let message: String
  /// The message's bytes as stored.
  public let rawMessage: GitBytes
  /// The `encoding` header, when the commit has one.
  public let encoding: String?
  /// True when this commit's parents are not in the repository (the edge of a shallow clone).
  public let historyCut: Bool

  /// More than one parent.
  public var isMerge: Bool { parents.count > 1 }
  /// The first paragraph of the message, joined onto one line, as git's `%s` shows it.
  /// Lines end at LF or CRLF: Swift reads "\r\n" as one character, so splitting at "\n" alone
  /// would leave a message written on Windows whole, carriage returns and all.
  public var summary: String {
    let lines = message.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
      .map { String($0).trimmingWhitespace }
    let paragraph = lines.drop { $0.isEmpty }.prefix { !$0.isEmpty }
    return paragraph.joined(separator: " ")
  }
}

/// How to walk history.
public struct HistoryOptions: Sendable {
  /// Follow only the first parent of merges, as `git log --first-parent`.
  public var firstParent = false
  /// Only commits that change one of these paths (files or folders, relative to the top).
  public var paths: [String] = []
  /// Leave out merge commits.
  public var skipMerges = false
  /// Stop after this many commits.
  public var limit: Int?

  public init(firstParent: Bool = false, paths: [String] = [], skipMerges: Bool = false, limit: Int? = nil) {
    self.firstParent = firstParent
    self.paths = paths
    self.skipMerges = skipMerges
    self.limit = limit
  }
}

extension Repository {
  /// Walks commits newest first (by commit date, as `git log`), handing each to `body` as it is
  /// read so that a long history never sits in memory. Return false from `body` to stop.
  ///
  /// The walk is git's own algorithm rather than libgit2's revwalk, because libgit2 1.5 stops with
  /// "object not found" at the edge of a shallow clone; here a grafted commit (listed in the
  /// `shallow` file) or a missing parent simply ends that line of history, flagged `historyCut`.
  public func walkHistory(
    including included: [ObjectID], excluding excluded: [ObjectID] = [],
    options: HistoryOptions = HistoryOptions(), _ body: (CommitInfo) throws -> Bool
  ) throws {
    let filter = try options.paths.isEmpty ? nil : PathFilter(paths: options.paths)
    var walker = HistoryWalker(repository: self, firstParent: options.firstParent)
    var emitted = 0
    try walker.walk(including: included, excluding: excluded) { id, isCut throws -> Bool in
      let keep: CommitInfo? = try withCommit(id) { commit throws(GitError) in
        let parentCount = Int(git_commit_parentcount(commit))
        if options.skipMerges && parentCount > 1 { return nil }
        if let filter, try !filter.touches(commit, firstParentOnly: options.firstParent) { return nil }
        return commitInfo(commit, historyCut: isCut)
      }
      guard let info = keep else { return true }
      emitted += 1
      if try !body(info) { return false }
      if let limit = options.limit, emitted >= limit { return false }
      return true
    }
  }

  /// The commits listed in the `shallow` file: their parents are not in this clone.
  var shallowGrafts: Set<ObjectID> {
    guard isShallow, let text = try? String(contentsOfFile: commonDirectory + "/shallow", encoding: .utf8) else { return [] }
    return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
  }

  /// Reads one commit.
  public func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
    try withCommit(id) { commitInfo($0, historyCut: false) }
  }

  private func commitInfo(_ commit: OpaquePointer, historyCut: Bool) -> CommitInfo {
    let encoding = git_commit_message_encoding(commit).map { String(cString: $0) }
    let raw = GitBytes(cString: git_commit_message(commit))
    var parents: [ObjectID] = []
    let count = git_commit_parentcount(commit)
    for index in 0..<count {
      if let parent = ObjectID(git_commit_parent_id(commit, index)) { parents.append(parent) }
    }
    return CommitInfo(
      id: ObjectID(git_commit_id(commit)) ?? .zero,
      parents: parents,
      author: signature(git_commit_author(commit), encoding: encoding),
      committer: signature(git_commit_committer(commit), encoding: encoding),
      message: TextDecoding.decode(raw.bytes, encoding: encoding),
      rawMessage: raw,
      encoding: encoding,
      historyCut: historyCut)
  }

  private func signature(_ pointer: UnsafePointer<git_signature>?, encoding: String?) -> Signature {
    guard let value = pointer?.pointee else { return Signature(name: "", email: "", time: 0, offsetMinutes: 0) }
    return Signature(
      name: TextDecoding.decode(GitBytes(cString: value.name).bytes, encoding: encoding),
      email: TextDecoding.decode(GitBytes(cString: value.email).bytes, encoding: encoding),
      time: Int64(value.when.time), offsetMinutes: Int(value.when.offset))
  }
}

/// Decides whether a commit changes any of a set of paths by comparing tree entries with its
/// parents, which is much cheaper than a diff. A merge counts only when it differs from every
/// parent, as in git's default history simplification.
private struct PathFilter {
  let paths: [String]

  init(paths: [String]) throws(GitError) {
    self.paths = paths.map { path in
      var trimmed = path
      while trimmed.hasSuffix("/") { trimmed.removeLast() }
      while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
      return trimmed
    }
  }

  func touches(_ commit: OpaquePointer, firstParentOnly: Bool) throws(GitError) -> Bool {
    let own = try entries(of: commit)
    var parentCount = Int(git_commit_parentcount(commit))
    if firstParentOnly { parentCount = min(parentCount, 1) }
    if parentCount == 0 { return own.contains { $0 != nil } }
    for index in 0..<parentCount {
      // A parent missing from a shallow clone counts as different: history was cut there.
      guard let parent = OwnedCommit.attempt({ git_commit_parent(&$0, commit, UInt32(index)) }) else { return true }
      if try parent.use({ parent throws(GitError) in try entries(of: parent) }) == own { return false }
    }
    return true
  }

  private func entries(of commit: OpaquePointer) throws(GitError) -> [ObjectID?] {
    try OwnedTree.make("git_commit_tree") { git_commit_tree(&$0, commit) }.use { tree in
      paths.map { path in
        if path.isEmpty || path == "." { return ObjectID(git_tree_id(tree)) }
        let entry = OwnedTreeEntry.attempt { git_tree_entry_bypath(&$0, tree, path) }
        return entry?.use { ObjectID(git_tree_entry_id($0)) } ?? nil
      }
    }
  }
}
