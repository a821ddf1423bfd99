import ConfigKit

/// The sentences the human-readable formats share, so `text`, `markdown` and `github` word the
/// verdict and the coverage the same way. Paths and model text are not included here: each
/// format escapes those its own way.
enum ReportPhrases {
  static let builtinOnly = "no model answered; the built-in rules reviewed this"

  /// "1 file", "2 files".
  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  /// "1 high, 2 low": non-zero severities, highest first.
  static func breakdown(_ facts: ReportFacts) -> String {
    ReportFacts.severities.compactMap { severity in
      facts.countBySeverity[severity].flatMap { $0 > 0 ? "\($0) \(severity.rawValue)" : nil }
    }.joined(separator: ", ")
  }

  /// "3 findings: 1 high, 2 low" or "no findings"; an incomplete review adds "in the parts
  /// reviewed", because silence about the rest is not a clean bill.
  static func findings(_ facts: ReportFacts) -> String {
    let scope = facts.isComplete ? "" : " in the parts reviewed"
    if facts.findings.isEmpty { return "no findings" + scope }
    return count(facts.findings.count, "finding") + scope + ": " + breakdown(facts)
  }

  /// What failed, e.g. "1 file could not be reviewed"; nil when the review is complete.
  static func failure(_ facts: ReportFacts) -> String? {
    if facts.isComplete { return nil }
    if !facts.failed.isEmpty { return "\(count(facts.failed.count, "file")) could not be reviewed" }
    let units = max(facts.failedUnitsWithoutPaths.count, 1)
    return "\(count(units, "review unit")) failed"
  }

  /// "INCOMPLETE review: 1 file could not be reviewed"; nil when complete.
  static func incomplete(_ facts: ReportFacts) -> String? {
    failure(facts).map { "INCOMPLETE review: " + $0 }
  }

  /// Whether the `fail_on` threshold was reached; nil without a threshold.
  static func threshold(_ facts: ReportFacts) -> String? {
    guard let threshold = facts.threshold else { return nil }
    let reached = facts.findingsAtThreshold
    let who = reached == 0 ? "no finding" : count(reached, "finding")
    return "fail-on \(threshold.rawValue): \(who) at \(threshold.rawValue) or above"
  }

  /// "2 units by ollama.default (ollama/qwen2.5-coder:7b)".
  static func reviewer(_ tally: ReviewerTally) -> String {
    "\(count(tally.units, "unit")) by \(tally.alias) (\(tally.provider)/\(tally.model))"
  }

  /// "1200 prompt, 300 completion (estimated 1500)".
  static func tokens(_ facts: ReportFacts) -> String {
    "\(facts.promptTokens) prompt, \(facts.completionTokens) completion (estimated \(facts.estimatedTokens))"
  }

  /// "1 of 3 units".
  static func cached(_ facts: ReportFacts) -> String {
    "\(facts.cachedUnits) of \(count(facts.units.count, "unit"))"
  }

  /// The notes with repeats folded: each distinct note once, where it first appeared, with
  /// "(N more like this)" when it was repeated, so one cause noted per file or unit reads as one
  /// line. (JSON and SARIF keep every note.)
  static func folded(_ notes: [String]) -> [String] {
    var counts: [String: Int] = [:]
    for note in notes { counts[note, default: 0] += 1 }
    var shown = Set<String>()
    return notes.compactMap { note in
      guard shown.insert(note).inserted else { return nil }
      let more = (counts[note] ?? 1) - 1
      return more > 0 ? "\(note) (\(more) more like this)" : note
    }
  }

  /// "(by alias: provider/model)" for one finding.
  static func author(_ finding: Finding) -> String {
    "(by \(finding.alias): \(finding.provider)/\(finding.model))"
  }

  /// "12" or "12-14".
  static func lines(_ finding: Finding) -> String {
    finding.endLine > finding.startLine ? "\(finding.startLine)-\(finding.endLine)" : "\(finding.startLine)"
  }

  /// The flagged new-side lines as (number, text), at most `limit` of them, and how many more
  /// there were; nil when the caller could not provide the first line.
  static func code(_ finding: Finding, options: RenderOptions, limit: Int = 8) -> (lines: [(Int, String)], more: Int)? {
    let first = max(finding.startLine, 1), last = max(finding.endLine, first)
    var lines: [(Int, String)] = []
    for number in first...min(last, first + limit - 1) {
      guard let text = options.codeLine(finding.path, number) else { break }
      lines.append((number, text))
    }
    if lines.isEmpty { return nil }
    return (lines, last - lines[lines.count - 1].0)
  }
}
