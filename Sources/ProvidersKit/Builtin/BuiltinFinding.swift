/// One finding of the built-in reviewer, shaped exactly like an item of `FindingSchema.schema`
/// (snake_case keys in JSON), so its answer reads like any model's.
public struct BuiltinFinding: Codable, Sendable, Equatable {
  public var path: String
  /// New-side line numbers, 1-based and inclusive.
  public var startLine: Int
  public var endLine: Int
  /// One of `FindingSchema.severities`.
  public var severity: String
  /// One of `FindingSchema.categories`.
  public var category: String
  public var title: String
  public var explanation: String
  public var suggestion: String?

  public init(
    path: String, startLine: Int, endLine: Int, severity: String, category: String, title: String, explanation: String,
    suggestion: String? = nil
  ) {
    self.path = path
    self.startLine = startLine
    self.endLine = endLine
    self.severity = severity
    self.category = category
    self.title = title
    self.explanation = explanation
    self.suggestion = suggestion
  }

  enum CodingKeys: String, CodingKey {
    case path
    case startLine = "start_line"
    case endLine = "end_line"
    case severity, category, title, explanation, suggestion
  }
}

/// The whole answer, `{"findings": [...]}`.
struct BuiltinAnswer: Codable, Sendable, Equatable {
  var findings: [BuiltinFinding]
}
