/// `git llm review --format markdown`: a pull-request comment. A heading with the verdict, a
/// table of findings, one `<details>` block per finding, then the coverage as a short list.
/// Everything a model or git supplied is escaped, so it reads literally and cannot break the
/// table, close a block, mention people or inject HTML.
enum MarkdownReport {
  static func render(_ facts: ReportFacts, options: RenderOptions) -> String {
    var out = [heading(facts), ""]
    if let failure = ReportPhrases.failure(facts) {
      out += ["**\(failure): the review is incomplete.** Findings are only from the parts reviewed; the rest was not checked.", ""]
    }
    if facts.report.builtinOnly { out += ["> " + capitalized(ReportPhrases.builtinOnly) + ".", ""] }
    if !facts.findings.isEmpty {
      out += ["| Severity | Location | Title |", "|---|---|---|"]
      for finding in facts.findings {
        let location = ReportEscaping.codeSpan("\(finding.path):\(finding.startLine)")
        out.append("| \(finding.severity.rawValue) | \(location) | \(ReportEscaping.markdown(finding.title)) |")
      }
      out.append("")
      for finding in facts.findings { out += details(finding, options: options) }
    }
    out += coverage(facts)
    return out.joined(separator: "\n") + "\n"
  }

  private static func heading(_ facts: ReportFacts) -> String {
    let found =
      facts.findings.isEmpty
      ? "no findings" : "\(ReportPhrases.count(facts.findings.count, "finding")) (\(ReportPhrases.breakdown(facts)))"
    if facts.isComplete { return "## git-llm review: \(found)" }
    return "## ⚠️ Incomplete git-llm review: \(found) in the parts reviewed"
  }

  private static func details(_ finding: Finding, options: RenderOptions) -> [String] {
    let summary = "\(finding.severity.rawValue) · \(finding.path):\(ReportPhrases.lines(finding)) · \(finding.title)"
    var out = ["<details>", "<summary>\(ReportEscaping.html(summary))</summary>", ""]
    out += [ReportEscaping.markdown(finding.explanation, keepLines: true), ""]
    if let code = ReportPhrases.code(finding, options: options) {
      var lines = code.lines.map { "\($0.0) | \(ReportEscaping.terminal($0.1, singleLine: true))" }
      if code.more > 0 { lines.append("… \(ReportPhrases.count(code.more, "more line"))") }
      let body = lines.joined(separator: "\n")
      let fence = ReportEscaping.codeFence(for: body)
      out += [fence, body, fence, ""]
    }
    if let suggestion = finding.suggestion {
      let body = ReportEscaping.terminal(suggestion)
      let fence = ReportEscaping.codeFence(for: body)
      out += [fence + "suggestion", body, fence, ""]
    }
    if let note = finding.note { out += ["Note: " + ReportEscaping.markdown(note), ""] }
    out += [ReportEscaping.markdown(ReportPhrases.author(finding)), "", "</details>", ""]
    return out
  }

  private static func coverage(_ facts: ReportFacts) -> [String] {
    var out = ["### Coverage", "", "- reviewed: \(ReportPhrases.count(facts.reviewed.count, "file"))"]
    if !facts.skipped.isEmpty {
      out.append("- skipped: \(ReportPhrases.count(facts.skipped.count, "file"))")
      out += facts.skipped.map { "  - \(ReportEscaping.codeSpan($0.path)): \(ReportEscaping.markdown($0.reason))" }
    }
    if let failure = ReportPhrases.failure(facts) {
      out.append("- **failed: \(failure); the review is INCOMPLETE**")
      for file in facts.failed {
        let why = file.reasons.isEmpty ? "" : ": " + ReportEscaping.markdown(file.reasons.joined(separator: "; "))
        out.append("  - \(ReportEscaping.codeSpan(file.path))\(why)")
      }
      out += facts.failedUnitsWithoutPaths.map {
        "  - unit \(ReportEscaping.codeSpan($0.id)): \(ReportEscaping.markdown($0.failure ?? "unknown"))"
      }
    }
    if facts.report.builtinOnly { out.append("- " + ReportPhrases.builtinOnly) }
    let reviewers = facts.reviewers.map { ReportEscaping.markdown(ReportPhrases.reviewer($0)) }
    out.append("- answered by: " + (reviewers.isEmpty ? "nobody" : reviewers.joined(separator: "; ")))
    out.append("- tokens: \(ReportPhrases.tokens(facts))")
    out.append("- cached: \(ReportPhrases.cached(facts))")
    if let threshold = ReportPhrases.threshold(facts) { out.append("- " + threshold) }
    if !facts.report.notes.isEmpty {
      out.append("- notes:")
      out += ReportPhrases.folded(facts.report.notes).map { "  - " + ReportEscaping.markdown($0) }
    }
    return out
  }

  private static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
