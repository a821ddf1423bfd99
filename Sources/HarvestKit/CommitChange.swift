import GitKit

/// A commit with the text of every file it changed that the filters kept: the value a diff
/// worker hands back, so no libgit2 handle crosses tasks.
struct CommitChange: Sendable {
  var commit: CommitInfo
  var files: [ChangedFile]

  var changedLines: Int { files.reduce(0) { $0 + $1.additions + $1.deletions } }
}

/// One kept file of a commit.
struct ChangedFile: Sendable {
  var path: String
  var status: FileChange.Status
  /// The whole file before and after; nil for a side that does not exist.
  var before: String?
  var after: String?
  /// The file's unified patch, as `git diff` prints it.
  var patch: String
  /// Each hunk's old side and new side (context included).
  var regions: [Region]
  var additions: Int
  var deletions: Int
}

/// The two sides of one hunk.
struct Region: Sendable, Equatable {
  var before: String
  var after: String
  var oldStart: Int
  var newStart: Int
}
