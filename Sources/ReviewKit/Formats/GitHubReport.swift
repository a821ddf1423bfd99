import ConfigKit

/// `git llm review --format github`: GitHub Actions workflow commands. Each finding becomes an
/// annotation on its lines (`::error file=…,line=…,endLine=…,title=…::message`); a last command
/// carries the coverage, as a warning when the review is incomplete so it is never taken for a
/// clean pass.
enum GitHubReport {
  static func render(_ facts: ReportFacts) -> String {
    var out = facts.findings.map(annotation)
    var summary = [ReportPhrases.incomplete(facts), ReportPhrases.findings(facts), ReportPhrases.threshold(facts)].compactMap { $0 }
    summary += coverage(facts)
    let command = facts.isComplete ? "notice" : "warning"
    let title = facts.isComplete ? "git-llm review" : "git-llm review INCOMPLETE"
    out.append(
      "::\(command) title=\(ReportEscaping.workflowProperty(title))::\(ReportEscaping.workflowMessage(summary.joined(separator: "\n")))")
    return out.joined(separator: "\n") + "\n"
  }

  /// error for critical/high, warning for medium, notice for low/info.
  static func command(_ severity: Severity) -> String {
    switch severity {
    case .critical, .high: return "error"
    case .medium: return "warning"
    case .low, .info, .none: return "notice"
    }
  }

  private static func annotation(_ finding: Finding) -> String {
    let start = max(finding.startLine, 1), end = max(finding.endLine, start)
    let properties = [
      "file=" + ReportEscaping.workflowProperty(finding.path),
      "line=\(start)",
      "endLine=\(end)",
      "title=" + ReportEscaping.workflowProperty("\(finding.severity.rawValue) [\(finding.category)] \(finding.title)"),
    ].joined(separator: ",")
    var message = finding.explanation
    if let suggestion = finding.suggestion { message += "\n\nSuggestion:\n" + suggestion }
    if let note = finding.note { message += "\n\nNote: " + note }
    message += "\n\n" + ReportPhrases.author(finding)
    return "::\(command(finding.severity)) \(properties)::\(ReportEscaping.workflowMessage(ReportEscaping.terminal(message)))"
  }

  private static func coverage(_ facts: ReportFacts) -> [String] {
    var out = ["reviewed: \(ReportPhrases.count(facts.reviewed.count, "file"))"]
    if !facts.skipped.isEmpty {
      out.append("skipped: " + facts.skipped.map { "\($0.path) (\($0.reason))" }.joined(separator: ", "))
    }
    for file in facts.failed {
      out.append("failed: \(file.path)" + (file.reasons.isEmpty ? "" : " (\(file.reasons.joined(separator: "; ")))"))
    }
    out += facts.failedUnitsWithoutPaths.map { "failed: unit \($0.id) (\($0.failure ?? "unknown"))" }
    if facts.report.builtinOnly { out.append(ReportPhrases.builtinOnly) }
    let reviewers = facts.reviewers.map(ReportPhrases.reviewer)
    out.append("answered by: " + (reviewers.isEmpty ? "nobody" : reviewers.joined(separator: "; ")))
    out.append("tokens: \(ReportPhrases.tokens(facts)); cached: \(ReportPhrases.cached(facts))")
    out += ReportPhrases.folded(facts.report.notes).map { "note: " + $0 }
    return out.map { ReportEscaping.terminal($0, singleLine: true) }
  }
}
