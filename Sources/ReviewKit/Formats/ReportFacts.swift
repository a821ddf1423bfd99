import ConfigKit

/// A file some part of which could not be reviewed, with the failures of its units.
struct FailedFile: Sendable, Equatable {
  var path: String
  /// The distinct failure messages of the units that covered it; empty when none said why.
  var reasons: [String]
}

/// Who answered how many units.
struct ReviewerTally: Sendable, Equatable {
  var alias: String
  var provider: String
  var model: String
  var units: Int
}

/// The report, sorted and summed once, so every format states the same facts in the same order.
struct ReportFacts: Sendable {
  let report: ReviewReport
  /// By path (bytewise, like git), then start line, then severity (highest first).
  let findings: [Finding]
  /// Severities a finding can have, highest first (`none` is only a threshold).
  static let severities: [Severity] = [.critical, .high, .medium, .low, .info]
  let countBySeverity: [Severity: Int]
  let reviewed: [String]
  let skipped: [SkippedFile]
  /// The report's failed files plus every path of a failed unit: whatever a failed unit
  /// covered was not reviewed, whether or not the producer listed it.
  let failed: [FailedFile]
  /// Failed units that name no path, so the incompleteness is still visible.
  let failedUnitsWithoutPaths: [ReviewUnitRecord]
  let units: [ReviewUnitRecord]
  let reviewers: [ReviewerTally]
  let promptTokens: Int
  let completionTokens: Int
  let estimatedTokens: Int
  let cachedUnits: Int
  let failOn: Severity?

  init(_ report: ReviewReport, failOn: Severity?) {
    self.report = report
    self.findings = report.findings.sorted(by: ReportFacts.findingOrder)
    var counts: [Severity: Int] = [:]
    for finding in report.findings { counts[finding.severity, default: 0] += 1 }
    self.countBySeverity = counts
    self.reviewed = Array(Set(report.reviewedFiles)).sorted(by: ReportFacts.pathOrder)
    self.skipped = report.skippedFiles.sorted {
      $0.path != $1.path ? ReportFacts.pathOrder($0.path, $1.path) : ReportFacts.pathOrder($0.reason, $1.reason)
    }
    self.units = report.units.sorted { NaturalOrder.precedes($0.id, $1.id) }

    var reasons: [String: [String]] = [:]
    for path in report.failedFiles { reasons[path, default: []] += [] }
    for unit in units {
      guard let failure = unit.failure else { continue }
      for path in unit.paths where !(reasons[path]?.contains(failure) ?? false) { reasons[path, default: []].append(failure) }
    }
    self.failed = reasons.keys.sorted(by: ReportFacts.pathOrder).map { FailedFile(path: $0, reasons: reasons[$0] ?? []) }
    self.failedUnitsWithoutPaths = units.filter { $0.failure != nil && $0.paths.isEmpty }

    var tallies: [String: ReviewerTally] = [:]
    for unit in units where unit.failure == nil {
      let alias = unit.alias ?? "unknown", provider = unit.provider ?? "unknown", model = unit.model ?? "unknown"
      tallies["\(alias)\u{0}\(provider)\u{0}\(model)", default: ReviewerTally(alias: alias, provider: provider, model: model, units: 0)]
        .units += 1
    }
    self.reviewers = tallies.keys.sorted(by: ReportFacts.pathOrder).compactMap { tallies[$0] }
    // Token counts are what providers reported (or a cached or logged copy of that): summed
    // without trapping, a count no server could mean stops at Int.max.
    self.promptTokens = ReportFacts.total(units.map { $0.promptTokens ?? 0 })
    self.completionTokens = ReportFacts.total(units.map { $0.completionTokens ?? 0 })
    self.estimatedTokens = ReportFacts.total(units.map(\.estimatedTokens))
    self.cachedUnits = units.filter(\.cached).count
    self.failOn = failOn
  }

  /// Complete only when the report says so and no failure was found here either.
  var isComplete: Bool { report.isComplete && failed.isEmpty && failedUnitsWithoutPaths.isEmpty }

  var highest: Severity? { findings.map(\.severity).max() }

  /// The threshold, when one is set (`none` switches it off).
  var threshold: Severity? { failOn.flatMap { $0 == .none ? nil : $0 } }

  /// How many findings reach the threshold (0 without one).
  var findingsAtThreshold: Int {
    guard let threshold else { return 0 }
    return findings.filter { $0.severity >= threshold }.count
  }

  /// The sum, or the nearest end of Int where it would overflow.
  static func total(_ values: [Int]) -> Int {
    values.reduce(0) { sum, value in
      let (result, overflow) = sum.addingReportingOverflow(value)
      return overflow ? (value > 0 ? Int.max : Int.min) : result
    }
  }

  /// Git compares paths as bytes; so do we, so the order never depends on locale or normalisation.
  static func pathOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }

  static func findingOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
    if lhs.path != rhs.path { return pathOrder(lhs.path, rhs.path) }
    if lhs.startLine != rhs.startLine { return lhs.startLine < rhs.startLine }
    if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
    if lhs.endLine != rhs.endLine { return lhs.endLine < rhs.endLine }
    // The rest only makes ties deterministic.
    for (left, right) in [(lhs.category, rhs.category), (lhs.title, rhs.title), (lhs.alias, rhs.alias), (lhs.explanation, rhs.explanation)]
    where left != right {
      return pathOrder(left, right)
    }
    return false
  }
}

/// Orders ids like "u2" before "u10": runs of digits compare as numbers.
enum NaturalOrder {
  static func precedes(_ lhs: String, _ rhs: String) -> Bool {
    let left = chunks(lhs), right = chunks(rhs)
    for (a, b) in zip(left, right) where a != b {
      if let x = Int(a), let y = Int(b), x != y { return x < y }
      return a.utf8.lexicographicallyPrecedes(b.utf8)
    }
    return left.count < right.count
  }

  private static func chunks(_ text: String) -> [String] {
    var out: [String] = []
    var current = "", inDigits = false
    for character in text {
      let digit = character.isASCII && character.isNumber
      if !current.isEmpty && digit != inDigits { out.append(current); current = "" }
      current.append(character)
      inDigits = digit
    }
    if !current.isEmpty { out.append(current) }
    return out
  }
}
