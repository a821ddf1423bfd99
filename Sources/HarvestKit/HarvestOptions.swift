import ConfigKit

/// Everything a harvest run needs to know, resolved from flags and `finetune.*` configuration.
public struct HarvestOptions: Sendable {
  /// A revision or range to walk; nil walks HEAD's history.
  public var range: String?
  /// Only commits after this: a date (`2024-01-31`, ISO 8601) or a revision whose history is left out.
  public var since: String?
  /// The folder the dataset goes to (absolute).
  public var outputDirectory: String
  public var kinds: [DatasetKind]
  public var format: DatasetFormat
  /// Share of pairs (by commit, newest after the test slice) for validation.
  public var valRatio: Double
  /// Share of pairs (by commit, the newest) held out for testing.
  public var testRatio: Double
  /// Cap on pairs written; 0 means none.
  public var maxPairs: Int
  /// Cap on a pair's estimated tokens (about 3 bytes of UTF-8 a token).
  public var maxTokens: Int
  /// Commits touching more kept files than this are dropped (a sweeping refactor teaches little).
  public var maxFiles: Int
  /// Commits changing more lines (added + removed, kept files) than this are dropped.
  public var maxChangedLines: Int
  /// Lines longer than this (in characters) mark a file as data or generated output.
  public var maxLineLength: Int
  /// Files of at most this many lines go whole into `edit` pairs; longer ones as changed regions.
  public var wholeFileLines: Int
  public var includeMerges: Bool
  public var includeBots: Bool
  public var includeReverts: Bool
  /// Keep commits whose subject is "wip", "update", "fix typo" and the like.
  public var keepTrivial: Bool
  /// Append only commits newer than the last harvest recorded in `<git dir>/llm/harvest.json`.
  public var incremental: Bool
  /// `review.exclude` globs, applied as the review applies them.
  public var excludes: [String]
  /// Worker threads for diffing; defaults to the active processor count.
  public var workers: Int

  public init(
    outputDirectory: String, kinds: [DatasetKind] = DatasetKind.allCases, format: DatasetFormat = .chat,
    range: String? = nil, since: String? = nil, valRatio: Double = 0.1, testRatio: Double = 0.05,
    maxPairs: Int = 0, maxTokens: Int = 4096, maxFiles: Int = 20, maxChangedLines: Int = 600,
    maxLineLength: Int = 1000, wholeFileLines: Int = 120, includeMerges: Bool = false,
    includeBots: Bool = false, includeReverts: Bool = false, keepTrivial: Bool = false,
    incremental: Bool = false, excludes: [String] = [], workers: Int = 0
  ) {
    self.outputDirectory = outputDirectory
    self.kinds = kinds
    self.format = format
    self.range = range
    self.since = since
    self.valRatio = valRatio
    self.testRatio = testRatio
    self.maxPairs = maxPairs
    self.maxTokens = maxTokens
    self.maxFiles = maxFiles
    self.maxChangedLines = maxChangedLines
    self.maxLineLength = maxLineLength
    self.wholeFileLines = wholeFileLines
    self.includeMerges = includeMerges
    self.includeBots = includeBots
    self.includeReverts = includeReverts
    self.keepTrivial = keepTrivial
    self.incremental = incremental
    self.excludes = excludes
    self.workers = workers
  }
}
