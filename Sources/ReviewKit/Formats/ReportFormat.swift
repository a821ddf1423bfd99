import ConfigKit

/// The output formats of `git llm review`.
public enum ReportFormat: String, CaseIterable, Sendable {
  /// Human-readable text for a terminal, optionally coloured.
  case text
  /// The stable JSON schema documented in docs/json.md.
  case json
  /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
  case sarif
  /// Markdown for a pull-request comment.
  case markdown
  /// GitHub Actions workflow commands (`::error file=…::…`), one annotation per finding.
  case github
}

/// What a renderer needs beyond the report itself.
public struct RenderOptions: Sendable {
  /// ANSI colour in the `text` format; the other formats ignore it.
  public var color: Bool
  /// The new-side text of a line (path, 1-based line), or nil when it is not at hand. `text` and
  /// `markdown` quote the flagged lines with it; the renderer never reads files itself, so it
  /// stays pure and testable.
  public var codeLine: @Sendable (String, Int) -> String?
  /// git-llm's version, for SARIF's `tool.driver.version`.
  public var toolVersion: String
  /// Where to learn about git-llm (SARIF `tool.driver.informationUri`); omitted when nil.
  public var informationURI: String?
  /// The `review.fail_on` threshold, so every format can say whether it was reached; nil or
  /// `.none` means no threshold.
  public var failOn: Severity?

  public init(
    color: Bool = false, toolVersion: String = "0.0.0", informationURI: String? = nil, failOn: Severity? = nil,
    codeLine: @escaping @Sendable (String, Int) -> String? = { _, _ in nil }
  ) {
    self.color = color
    self.codeLine = codeLine
    self.toolVersion = toolVersion
    self.informationURI = informationURI
    self.failOn = failOn
  }
}

/// Renders a finished review in one of the `ReportFormat`s.
public enum ReportRenderer {
  /// The whole output, ending with a line feed. Deterministic: the same report and options give
  /// the same bytes (findings, files and units are sorted; no clock is read).
  public static func render(_ report: ReviewReport, format: ReportFormat, options: RenderOptions) -> String {
    let facts = ReportFacts(report, failOn: options.failOn)
    switch format {
    case .text: return TextReport.render(facts, options: options)
    case .json: return JSONReport.render(facts)
    case .sarif: return SARIFReport.render(facts, options: options)
    case .markdown: return MarkdownReport.render(facts, options: options)
    case .github: return GitHubReport.render(facts)
    }
  }
}
