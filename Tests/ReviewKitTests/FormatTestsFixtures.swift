import ConfigKit
import ReviewKit

/// Reports the format tests render: findings across files and severities, a non-ASCII path with
/// a space, skipped and failed files, a built-in-only run and an empty one.
enum FormatFixtures {
  static let ollama = (alias: "ollama.default", provider: "ollama", model: "qwen2.5-coder:7b")
  static let accentedPath = "docs/ré sumé.md"

  static func finding(
    _ path: String, _ start: Int, _ end: Int, _ severity: Severity, _ category: String, _ title: String,
    explanation: String = "Explained.", suggestion: String? = nil, builtin: Bool = false, note: String? = nil
  ) -> Finding {
    Finding(
      path: path, startLine: start, endLine: end, severity: severity, category: category, title: title,
      explanation: explanation, suggestion: suggestion,
      alias: builtin ? "builtin" : ollama.alias, provider: builtin ? "builtin" : ollama.provider,
      model: builtin ? "rules" : ollama.model, note: note)
  }

  static func unit(
    _ id: String, _ paths: [String], builtin: Bool = false, tokens: (Int, Int)? = nil, cached: Bool = false, failure: String? = nil
  ) -> ReviewUnitRecord {
    let answered = failure == nil
    return ReviewUnitRecord(
      id: id, paths: paths,
      alias: answered ? (builtin ? "builtin" : ollama.alias) : nil,
      provider: answered ? (builtin ? "builtin" : ollama.provider) : nil,
      model: answered ? (builtin ? "rules" : ollama.model) : nil,
      promptTokens: tokens?.0, completionTokens: tokens?.1, estimatedTokens: 150, milliseconds: 900, cached: cached,
      failure: failure,
      attempts: answered
        ? ["\(builtin ? "builtin (builtin/rules)" : "ollama.default (ollama/qwen2.5-coder:7b)"): answered"]
        : ["ollama.default (ollama/qwen2.5-coder:7b): timeout"])
  }

  /// Three files with findings (given out of order), two skipped files, one cached unit, a note.
  static let mixed = ReviewReport(
    target: "HEAD~2..", base: String(repeating: "a", count: 40), head: String(repeating: "b", count: 40),
    startedAt: "2026-05-01T10:00:00Z", milliseconds: 4200,
    findings: [
      finding("src/db.swift", 40, 40, .low, "style", "Line too long"),
      finding(
        "src/db.swift", 12, 13, .high, "security", "Query built from user input",
        explanation: "The name is pasted into the SQL text,\nso a quote in it changes the query.",
        suggestion: "let q = db.prepare(\"SELECT * FROM t WHERE n = ?\", name)"),
      finding(accentedPath, 3, 3, .medium, "documentation", "Broken link"),
      finding("src/app.swift", 7, 7, .low, "correctness", "Result ignored", builtin: true, note: "line 9 is not in the diff; moved to 7"),
    ],
    reviewedFiles: ["src/db.swift", "src/app.swift", accentedPath],
    skippedFiles: [SkippedFile(path: "assets/logo.png", reason: "binary"), SkippedFile(path: "Package.resolved", reason: "lock file")],
    failedFiles: [],
    units: [
      unit("u10", ["src/app.swift"], builtin: true),
      unit("u2", [accentedPath], tokens: (300, 40), cached: true),
      unit("u1", ["src/db.swift"], tokens: (900, 200)),
    ],
    builtinOnly: false, notes: ["1 finding moved to the nearest changed line"])

  /// One file failed: the review is incomplete, whatever was found elsewhere.
  static let incomplete = ReviewReport(
    target: "staged", startedAt: "2026-05-01T10:00:00Z", milliseconds: 61000,
    findings: [finding("src/a.swift", 5, 5, .low, "style", "Odd name")],
    reviewedFiles: ["src/a.swift"], skippedFiles: [], failedFiles: ["src/big.swift"],
    units: [
      unit("u1", ["src/a.swift"], tokens: (100, 10)),
      unit("u2", ["src/big.swift"], failure: "every provider failed: ollama.default timed out after 60s"),
    ],
    builtinOnly: false, notes: [])

  /// Incomplete and no findings: the case most easily mistaken for clean.
  static let incompleteEmpty = ReviewReport(
    target: "staged", startedAt: "2026-05-01T10:00:00Z", milliseconds: 61000,
    findings: [], reviewedFiles: [], skippedFiles: [], failedFiles: ["src/big.swift"],
    units: [unit("u1", ["src/big.swift"], failure: "every provider failed: ollama.default timed out after 60s")],
    builtinOnly: false, notes: [])

  /// Only the built-in rules answered.
  static let builtinOnly = ReviewReport(
    target: "worktree", startedAt: "2026-05-01T10:00:00Z", milliseconds: 12,
    findings: [finding("config.py", 2, 2, .critical, "security", "Secret in source", explanation: "A token is committed.", builtin: true)],
    reviewedFiles: ["config.py"], skippedFiles: [], failedFiles: [],
    units: [unit("u1", ["config.py"], builtin: true)], builtinOnly: true, notes: [])

  /// Nothing found, everything reviewed.
  static let empty = ReviewReport(
    target: "HEAD~1..", startedAt: "2026-05-01T10:00:00Z", milliseconds: 800,
    findings: [], reviewedFiles: ["README.md"], skippedFiles: [], failedFiles: [],
    units: [unit("u1", ["README.md"], tokens: (50, 5))], builtinOnly: false, notes: [])

  static let all: [(String, ReviewReport)] = [
    ("mixed", mixed), ("incomplete", incomplete), ("incompleteEmpty", incompleteEmpty), ("builtinOnly", builtinOnly), ("empty", empty),
  ]

  /// Source lines for `codeLine`.
  static let source: [String: [Int: String]] = [
    "src/db.swift": [12: "let q = \"SELECT * FROM t WHERE n = '\" + name + \"'\"", 13: "return db.run(q)"]
  ]

  static func options(color: Bool = false, failOn: Severity? = nil) -> RenderOptions {
    RenderOptions(color: color, toolVersion: "1.2.3", informationURI: "https://example.com/git-llm", failOn: failOn) { path, line in
      source[path]?[line]
    }
  }

  static func render(_ report: ReviewReport, _ format: ReportFormat, color: Bool = false, failOn: Severity? = nil) -> String {
    ReportRenderer.render(report, format: format, options: options(color: color, failOn: failOn))
  }
}
