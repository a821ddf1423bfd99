import ConfigKit
import OutputKit

/// `git llm review --format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it. One run; one
/// rule per category used; the coverage travels in `invocations` (failed and skipped files as
/// notifications, `executionSuccessful` false when incomplete) and in the run's `properties`.
enum SARIFReport {
  static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

  static func render(_ facts: ReportFacts, options: RenderOptions) -> String {
    let categories = Array(Set(facts.findings.map(\.category))).sorted(by: ReportFacts.pathOrder)
    var driver: [(String, JSON)] = [("name", .string("git-llm"))]
    if let uri = options.informationURI { driver.append(("informationUri", .string(uri))) }
    driver.append(("version", .string(options.toolVersion)))
    driver.append(("rules", .array(categories.map(rule))))

    let run: JSON = .object([
      ("tool", .object([("driver", .object(driver))])),
      ("invocations", .array([invocation(facts)])),
      ("results", .array(facts.findings.map { result($0, ruleIndex: categories.firstIndex(of: $0.category) ?? 0) })),
      ("properties", properties(facts)),
    ])
    let log: JSON = .object([
      ("$schema", .string(schemaURI)),
      ("version", .string("2.1.0")),
      ("runs", .array([run])),
    ])
    return log.pretty + "\n"
  }

  /// critical/high → error, medium → warning, low/info → note.
  static func level(_ severity: Severity) -> String {
    switch severity {
    case .critical, .high: return "error"
    case .medium: return "warning"
    case .low, .info, .none: return "note"
    }
  }

  static func ruleID(_ category: String) -> String { "git-llm/\(category)" }

  private static let descriptions: [String: String] = [
    "bug": "A defect: the code does not do what it is meant to.",
    "security": "A security weakness: secrets, injection, unsafe input handling.",
    "performance": "Needless cost in time or memory.",
    "correctness": "Logic that is wrong in some cases: edge cases, off-by-one, error handling.",
    "maintainability": "Code that will be hard to change or understand.",
    "style": "Style and consistency.",
    "documentation": "Missing, wrong or outdated documentation.",
    "testing": "Missing or weak tests.",
    "other": "Other review findings.",
  ]

  private static func rule(_ category: String) -> JSON {
    .object([
      ("id", .string(ruleID(category))),
      ("name", .string(category)),
      ("shortDescription", .object([("text", .string(descriptions[category] ?? "Review findings in category \(category)."))])),
    ])
  }

  private static func location(_ path: String, region: JSON? = nil) -> JSON {
    var physical: [(String, JSON)] = [("artifactLocation", .object([("uri", .string(ReportEscaping.uriPath(path)))]))]
    if let region { physical.append(("region", region)) }
    return .object([("physicalLocation", .object(physical))])
  }

  private static func result(_ finding: Finding, ruleIndex: Int) -> JSON {
    // SARIF lines are 1-based and a region may not end before it starts.
    let start = max(finding.startLine, 1), end = max(finding.endLine, start)
    var text = finding.title + "\n\n" + finding.explanation
    if let note = finding.note { text += "\n\n(\(note))" }
    var properties: [(String, JSON)] = [
      ("severity", .string(finding.severity.rawValue)),
      ("category", .string(finding.category)),
      ("provider", .string(finding.provider)),
      ("model", .string(finding.model)),
      ("alias", .string(finding.alias)),
    ]
    if let suggestion = finding.suggestion { properties.append(("suggestion", .string(suggestion))) }
    return .object([
      ("ruleId", .string(ruleID(finding.category))),
      ("ruleIndex", .int(ruleIndex)),
      ("level", .string(level(finding.severity))),
      ("message", .object([("text", .string(text))])),
      ("locations", .array([location(finding.path, region: .object([("startLine", .int(start)), ("endLine", .int(end))]))])),
      ("partialFingerprints", .object([(FindingFingerprint.key, .string(FindingFingerprint.of(finding)))])),
      ("properties", .object(properties)),
    ])
  }

  private static func notification(_ level: String, _ text: String, path: String? = nil) -> JSON {
    var fields: [(String, JSON)] = [("level", .string(level)), ("message", .object([("text", .string(text))]))]
    if let path { fields.append(("locations", .array([location(path)]))) }
    return .object(fields)
  }

  private static func invocation(_ facts: ReportFacts) -> JSON {
    var notes: [JSON] = []
    if let incomplete = ReportPhrases.incomplete(facts) { notes.append(notification("error", incomplete)) }
    for file in facts.failed {
      let why = file.reasons.isEmpty ? "" : ": " + file.reasons.joined(separator: "; ")
      notes.append(notification("error", "not reviewed (failed)\(why)", path: file.path))
    }
    for unit in facts.failedUnitsWithoutPaths {
      notes.append(notification("error", "review unit \(unit.id) failed: \(unit.failure ?? "unknown")"))
    }
    for file in facts.skipped { notes.append(notification("note", "skipped: \(file.reason)", path: file.path)) }
    if facts.report.builtinOnly { notes.append(notification("warning", ReportPhrases.builtinOnly)) }
    for note in facts.report.notes { notes.append(notification("note", note)) }
    return .object([
      ("executionSuccessful", .bool(facts.isComplete)),
      ("toolExecutionNotifications", .array(notes)),
    ])
  }

  /// The coverage as a property bag, for tools that read more than results.
  private static func properties(_ facts: ReportFacts) -> JSON {
    .object([
      ("target", .string(facts.report.target)),
      ("complete", .bool(facts.isComplete)),
      ("builtinOnly", .bool(facts.report.builtinOnly)),
      ("reviewedFiles", .int(facts.reviewed.count)),
      ("skippedFiles", .int(facts.skipped.count)),
      ("failedFiles", .array(facts.failed.map { .string($0.path) })),
      (
        "reviewers",
        .array(
          facts.reviewers.map {
            .object([
              ("alias", .string($0.alias)), ("provider", .string($0.provider)), ("model", .string($0.model)), ("units", .int($0.units)),
            ])
          })
      ),
      ("promptTokens", .int(facts.promptTokens)),
      ("completionTokens", .int(facts.completionTokens)),
      ("cachedUnits", .int(facts.cachedUnits)),
    ])
  }
}
