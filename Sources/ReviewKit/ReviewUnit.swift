import GitKit

/// One request's worth of a review: several small files, or part of a large one.
public struct ReviewUnit: Sendable, Equatable, Codable {
  /// One file's part of the unit.
  public struct File: Sendable, Equatable, Codable {
    public var path: String
    /// New-side line numbers of the added lines shown in this unit: findings must land on one.
    public var addedLines: [Int]
    /// New-side text of every line shown (added and context), for quoting code in reports.
    public var newLines: [Int: String]
  }

  public var id: String
  public var files: [File]
  /// The unified diff of these files (or hunks), as git prints it.
  public var diffText: String
  /// True when a file was split across units, or a hunk too large for any model was cut.
  public var isPartial: Bool
  /// Set when a hunk alone exceeded the budget and was cut at line boundaries.
  public var oversizedHunk: Bool
}
