import OutputKit

/// `git llm review --format json`: the stable schema documented in docs/json.md. Keys keep the
/// documented order; new keys may only be added at the end of an object.
enum JSONReport {
  static let schema = "git-llm/review"
  static let version = 1

  static func render(_ facts: ReportFacts) -> String {
    let report = facts.report
    let root: JSON = .object([
      ("schema", .string(schema)),
      ("version", .int(version)),
      ("target", .string(report.target)),
      ("base", .optional(report.base)),
      ("head", .optional(report.head)),
      ("started_at", .string(report.startedAt)),
      ("duration_ms", .int(report.milliseconds)),
      ("complete", .bool(facts.isComplete)),
      ("builtin_only", .bool(report.builtinOnly)),
      ("summary", summary(facts)),
      ("findings", .array(facts.findings.map(finding))),
      ("coverage", coverage(facts)),
      ("units", .array(facts.units.map(unit))),
      (
        "usage",
        .object([
          ("prompt_tokens", .int(facts.promptTokens)),
          ("completion_tokens", .int(facts.completionTokens)),
          ("estimated_tokens", .int(facts.estimatedTokens)),
        ])
      ),
      ("notes", .array(report.notes.map(JSON.string))),
    ])
    return root.pretty + "\n"
  }

  private static func summary(_ facts: ReportFacts) -> JSON {
    .object([
      ("findings", .int(facts.findings.count)),
      ("by_severity", .object(ReportFacts.severities.map { ($0.rawValue, .int(facts.countBySeverity[$0] ?? 0)) })),
      ("highest", .optional(facts.highest?.rawValue)),
      ("fail_on", .optional(facts.threshold?.rawValue)),
      ("fail_on_reached", .bool(facts.findingsAtThreshold > 0)),
    ])
  }

  private static func finding(_ finding: Finding) -> JSON {
    .object([
      ("path", .string(finding.path)),
      ("start_line", .int(finding.startLine)),
      ("end_line", .int(finding.endLine)),
      ("severity", .string(finding.severity.rawValue)),
      ("category", .string(finding.category)),
      ("title", .string(finding.title)),
      ("explanation", .string(finding.explanation)),
      ("suggestion", .optional(finding.suggestion)),
      ("alias", .string(finding.alias)),
      ("provider", .string(finding.provider)),
      ("model", .string(finding.model)),
      ("note", .optional(finding.note)),
    ])
  }

  private static func coverage(_ facts: ReportFacts) -> JSON {
    .object([
      ("reviewed", .array(facts.reviewed.map(JSON.string))),
      ("skipped", .array(facts.skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })),
      ("failed", .array(facts.failed.map { .object([("path", .string($0.path)), ("reasons", .array($0.reasons.map(JSON.string)))]) })),
      (
        "reviewers",
        .array(
          facts.reviewers.map {
            .object([
              ("alias", .string($0.alias)), ("provider", .string($0.provider)), ("model", .string($0.model)), ("units", .int($0.units)),
            ])
          })
      ),
      ("cached_units", .int(facts.cachedUnits)),
    ])
  }

  private static func unit(_ unit: ReviewUnitRecord) -> JSON {
    .object([
      ("id", .string(unit.id)),
      ("paths", .array(unit.paths.map(JSON.string))),
      ("alias", .optional(unit.alias)),
      ("provider", .optional(unit.provider)),
      ("model", .optional(unit.model)),
      ("prompt_tokens", .optional(unit.promptTokens)),
      ("completion_tokens", .optional(unit.completionTokens)),
      ("estimated_tokens", .int(unit.estimatedTokens)),
      ("duration_ms", .int(unit.milliseconds)),
      ("cached", .bool(unit.cached)),
      ("failure", .optional(unit.failure)),
      ("attempts", .array(unit.attempts.map(JSON.string))),
    ])
  }
}
