/// What the history says about one file over the window read: how often and how much it
/// changed, by how many people, and how many of those changes were fixes.
public struct FileHistory: Sendable, Equatable {
  /// The file's path now (earlier names are followed through renames).
  public var path: String
  /// Commits that changed it.
  public var revisions = 0
  public var linesAdded = 0
  public var linesRemoved = 0
  /// Author e-mail addresses, lower-cased.
  public var authors: Set<String> = []
  /// Commits whose message says they fix something.
  public var fixes = 0
  /// Committer times (seconds since 1970) of the oldest and newest change.
  public var firstChange: Int64 = .max
  public var lastChange: Int64 = .min

  public init(path: String) { self.path = path }

  /// Lines added plus removed.
  public var churn: Int { linesAdded + linesRemoved }
}
