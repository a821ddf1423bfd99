/// A file that changes often and is complex: where debt costs the most.
public struct Hotspot: Sendable, Equatable {
  public var history: FileHistory
  public var shape: CodeShape
  /// Revisions × (indentation + lines), the ranking's measure.
  public var weight: Int
  /// `weight` relative to the top hotspot's, 0 to 100.
  public var score: Int = 0
  public var assessment: DebtAssessment?
  /// Why there is no assessment, when a model was asked.
  public var note: String?

  public init(history: FileHistory, shape: CodeShape) {
    self.history = history
    self.shape = shape
    weight = history.revisions * (shape.indentation + shape.lines)
  }
}

/// The result of `git llm debt`.
public struct DebtReport: Sendable {
  public var repository: String
  public var head: String
  /// The window's start as given (`6 months`) and as a date (ISO 8601, UTC).
  public var since: String
  public var sinceDate: String
  /// Non-merge commits read, and the files they changed that still exist.
  public var commits: Int
  public var filesChanged: Int
  /// In a shallow clone, the commits where history was cut (their changes are not counted).
  public var historyCutAt: [String] = []
  public var hotspots: [Hotspot]
  /// Whether a model was asked about the hotspots (not `--no-model`).
  public var modelAsked: Bool
  public var seconds: Double
}
