import ConfigKit
import FileSelectionKit

/// One problem a reviewer (a model or the built-in rules) found, validated against the diff.
public struct Finding: Sendable, Equatable, Codable {
  /// The file, as its new path in the diff (repository-relative, `/`-separated).
  public var path: String
  /// First and last line on the new side, 1-based, both inside the diff's changed lines (or
  /// moved to the nearest changed line, see `note`).
  public var startLine: Int
  public var endLine: Int
  public var severity: Severity
  /// One of `FindingSchema.categories`.
  public var category: String
  public var title: String
  public var explanation: String
  /// A suggested replacement for the lines, when the reviewer gave one.
  public var suggestion: String?
  /// Who produced it.
  public var alias: String
  public var provider: String
  public var model: String
  /// What validation changed, e.g. "line 120 is not in the diff; moved to 118".
  public var note: String?

  public init(
    path: String, startLine: Int, endLine: Int, severity: Severity, category: String, title: String, explanation: String,
    suggestion: String? = nil, alias: String, provider: String, model: String, note: String? = nil
  ) {
    self.path = path
    self.startLine = startLine
    self.endLine = endLine
    self.severity = severity
    self.category = category
    self.title = title
    self.explanation = explanation
    self.suggestion = suggestion
    self.alias = alias
    self.provider = provider
    self.model = model
    self.note = note
  }
}

extension Severity: Codable {}

/// Why a file was not reviewed.
public struct SkippedFile: Sendable, Equatable, Codable {
  public var path: String
  /// A `SkipReason`'s text: "binary", "lock file", "generated (linguist-generated)", "vendored",
  /// "minified", "deletion only", "excluded by review.exclude (dist/**)", …. Kept as the words
  /// rather than the enum because run logs store reports: one written by another version, with
  /// a reason this one doesn't know, must still load (and nothing reads the reason but to print it).
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public init(path: String, reason: SkipReason) { self.init(path: path, reason: reason.text) }
}

/// One request of a review: which files (or part of a file) it covered and how it went.
public struct ReviewUnitRecord: Sendable, Equatable, Codable {
  public var id: String
  /// Files in the unit (a split file appears in several units).
  public var paths: [String]
  public var alias: String?
  public var provider: String?
  public var model: String?
  public var promptTokens: Int?
  public var completionTokens: Int?
  public var estimatedTokens: Int
  public var milliseconds: Int
  /// Answered from `.git/llm/cache`.
  public var cached: Bool
  /// nil when it succeeded; otherwise why the unit could not be reviewed.
  public var failure: String?
  /// Every provider attempt (alias, provider, model, outcome) as one line each.
  public var attempts: [String]

  public init(
    id: String, paths: [String], alias: String? = nil, provider: String? = nil, model: String? = nil, promptTokens: Int? = nil,
    completionTokens: Int? = nil, estimatedTokens: Int, milliseconds: Int, cached: Bool, failure: String? = nil, attempts: [String] = []
  ) {
    self.id = id
    self.paths = paths
    self.alias = alias
    self.provider = provider
    self.model = model
    self.promptTokens = promptTokens
    self.completionTokens = completionTokens
    self.estimatedTokens = estimatedTokens
    self.milliseconds = milliseconds
    self.cached = cached
    self.failure = failure
    self.attempts = attempts
  }
}

/// The outcome of `git llm review`: findings plus what was and was not covered.
public struct ReviewReport: Sendable, Equatable, Codable {
  /// What was reviewed: "HEAD~3..", "staged", "worktree".
  public var target: String
  /// Commit ids of the two sides when they are commits.
  public var base: String?
  public var head: String?
  /// ISO 8601 start time.
  public var startedAt: String
  public var milliseconds: Int
  public var findings: [Finding]
  /// Files whose changes were sent to a reviewer (all their units succeeded).
  public var reviewedFiles: [String]
  public var skippedFiles: [SkippedFile]
  /// Files some part of which could not be reviewed (a unit failed): the review is incomplete.
  public var failedFiles: [String]
  public var units: [ReviewUnitRecord]
  /// True when every reviewed unit was answered by the built-in rules, not a model.
  public var builtinOnly: Bool
  /// Notes for the user: findings moved or dropped in validation, a malformed answer retried…
  public var notes: [String]

  public init(
    target: String, base: String? = nil, head: String? = nil, startedAt: String, milliseconds: Int, findings: [Finding],
    reviewedFiles: [String], skippedFiles: [SkippedFile], failedFiles: [String], units: [ReviewUnitRecord], builtinOnly: Bool,
    notes: [String]
  ) {
    self.target = target
    self.base = base
    self.head = head
    self.startedAt = startedAt
    self.milliseconds = milliseconds
    self.findings = findings
    self.reviewedFiles = reviewedFiles
    self.skippedFiles = skippedFiles
    self.failedFiles = failedFiles
    self.units = units
    self.builtinOnly = builtinOnly
    self.notes = notes
  }

  /// Complete when no part failed; an incomplete review exits 3 and is never reported as clean.
  public var isComplete: Bool { failedFiles.isEmpty && units.allSatisfy { $0.failure == nil } }

  /// The highest severity found, or nil when there are no findings.
  public var highestSeverity: Severity? { findings.map(\.severity).max() }
}
