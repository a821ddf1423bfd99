import ConfigKit

/// `git llm review --format text`: findings grouped by file, then the verdict and the coverage.
///
///     src/db.swift:12-13: high [security] Query built from user input
///       The name is pasted into the SQL text.
///         12 | let q = "SELECT * FROM t WHERE n = '" + name + "'"
///       suggestion:
///         let q = db.prepare("SELECT * FROM t WHERE n = ?", name)
///       (by ollama.default: ollama/qwen2.5-coder:7b)
enum TextReport {
  static func render(_ facts: ReportFacts, options: RenderOptions) -> String {
    let paint = Paint(enabled: options.color)
    var out: [String] = []
    // Findings arrive sorted by path, so each file's findings are together.
    for finding in facts.findings {
      if !out.isEmpty { out.append("") }
      out += block(finding, paint: paint, options: options)
    }
    if !out.isEmpty { out.append("") }

    if let incomplete = ReportPhrases.incomplete(facts) { out.append(paint.alarm(incomplete)) }
    out.append(ReportPhrases.findings(facts))
    if let threshold = ReportPhrases.threshold(facts) { out.append(threshold) }
    out.append("")
    out += coverage(facts, paint: paint)
    return out.joined(separator: "\n") + "\n"
  }

  private static func block(_ finding: Finding, paint: Paint, options: RenderOptions) -> [String] {
    let clean = { ReportEscaping.terminal($0) }
    let location = paint.bold("\(clean(finding.path)):\(ReportPhrases.lines(finding))")
    let severity = paint.severity(finding.severity, finding.severity.rawValue)
    var lines = ["\(location): \(severity) [\(clean(finding.category))] \(ReportEscaping.terminal(finding.title, singleLine: true))"]
    lines += indent(clean(finding.explanation), by: 2)
    if let code = ReportPhrases.code(finding, options: options) {
      let width = String(code.lines[code.lines.count - 1].0).count
      for (number, text) in code.lines {
        let digits = String(number)
        lines.append(
          "    " + String(repeating: " ", count: width - digits.count) + digits + " | " + ReportEscaping.terminal(text, singleLine: true))
      }
      if code.more > 0 {
        lines.append("    " + String(repeating: " ", count: width) + " | … \(ReportPhrases.count(code.more, "more line"))")
      }
    }
    if let suggestion = finding.suggestion {
      lines.append("  suggestion:")
      lines += indent(clean(suggestion), by: 4)
    }
    if let note = finding.note { lines.append("  note: " + ReportEscaping.terminal(note, singleLine: true)) }
    lines.append("  " + ReportEscaping.terminal(ReportPhrases.author(finding), singleLine: true))
    return lines
  }

  private static func coverage(_ facts: ReportFacts, paint: Paint) -> [String] {
    let clean = { ReportEscaping.terminal($0, singleLine: true) }
    var out = ["coverage:", "  reviewed: \(ReportPhrases.count(facts.reviewed.count, "file"))"]
    if !facts.skipped.isEmpty {
      out.append("  skipped: \(ReportPhrases.count(facts.skipped.count, "file"))")
      out += facts.skipped.map { "    \(clean($0.path)): \(clean($0.reason))" }
    }
    if let failure = ReportPhrases.failure(facts) {
      out.append("  " + paint.alarm("failed: \(failure); the review is INCOMPLETE"))
      for file in facts.failed {
        let why = file.reasons.isEmpty ? "" : ": " + file.reasons.joined(separator: "; ")
        out.append("    \(clean(file.path))\(clean(why))")
      }
      out += facts.failedUnitsWithoutPaths.map { "    unit \(clean($0.id)): \(clean($0.failure ?? "unknown"))" }
    }
    if facts.report.builtinOnly { out.append("  " + ReportPhrases.builtinOnly) }
    if facts.reviewers.isEmpty {
      out.append("  answered by: nobody")
    } else {
      out.append("  answered by:")
      out += facts.reviewers.map { "    " + clean(ReportPhrases.reviewer($0)) }
    }
    out.append("  tokens: \(ReportPhrases.tokens(facts))")
    out.append("  cached: \(ReportPhrases.cached(facts))")
    if !facts.report.notes.isEmpty {
      out.append("  notes:")
      out += ReportPhrases.folded(facts.report.notes).map { "    " + clean($0) }
    }
    return out
  }

  private static func indent(_ text: String, by spaces: Int) -> [String] {
    let pad = String(repeating: " ", count: spaces)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
  }
}

/// ANSI styling, or none: every method returns its text unchanged when colour is off.
struct Paint: Sendable {
  let enabled: Bool

  func bold(_ text: String) -> String { style("1", text) }
  /// Failures stand out: bold red.
  func alarm(_ text: String) -> String { style("1;31", text) }

  /// critical/high red, medium yellow, low/info cyan.
  func severity(_ severity: Severity, _ text: String) -> String {
    switch severity {
    case .critical, .high: return style("31", text)
    case .medium: return style("33", text)
    case .low, .info, .none: return style("36", text)
    }
  }

  private func style(_ code: String, _ text: String) -> String {
    enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
