import ConfigKit
import PrivacyKit
import ProvidersKit

/// The secrets in a unit's diff, as the scrubber matches them: the review's secret findings and
/// the values no report, log or cache may hold.
///
/// Both come from the scrubber, never from the reviewer: a remote model only sees placeholders
/// (it cannot report what it was not shown), and a local one may quote a value back.
struct UnitSecrets: Sendable {
  /// The built-in rules' secret findings, whoever answered the unit.
  let findings: [Finding]
  /// Every matched value (and each long line of a multi-line one), longest first.
  let values: [(value: String, placeholder: String)]

  private static let scrubber = SecretScrubber()

  init(_ unit: ReviewUnit) {
    findings = BuiltinRules.secretFindings(patch: unit.diffText).map(Self.finding)
    values = Self.values(in: unit.diffText)
  }

  /// Several units' together (a whole report's worth).
  init(combining each: [UnitSecrets]) {
    findings = each.flatMap(\.findings)
    values = Self.longestFirst(each.flatMap(\.values))
  }

  /// The built-in rule's findings that `existing` lacks: when the built-in rules answered the
  /// unit, its own secret findings are these same ones.
  func findings(missingFrom existing: [Finding]) -> [Finding] {
    findings.filter { secret in
      !existing.contains {
        $0.path == secret.path && $0.startLine == secret.startLine && $0.endLine == secret.endLine && $0.title == secret.title
      }
    }
  }

  /// `text` with every matched value replaced by its kind's placeholder, then scrubbed, so a value
  /// the reviewer quoted or reshaped does not survive either.
  func redact(_ text: String) -> String {
    var result = text
    for (value, placeholder) in values where result.contains(value) {
      result = result.replacingOccurrences(of: value, with: placeholder)
    }
    return Self.scrubber.scrub(result).text
  }

  private static func finding(_ rule: BuiltinFinding) -> Finding {
    Finding(
      path: rule.path, startLine: rule.startLine, endLine: rule.endLine, severity: FindingValidator.severity(rule.severity),
      category: rule.category, title: rule.title, explanation: rule.explanation, suggestion: rule.suggestion,
      alias: "builtin", provider: "builtin", model: BuiltinRules.modelName)
  }

  private static func values(in text: String) -> [(value: String, placeholder: String)] {
    var found: [(value: String, placeholder: String)] = []
    for match in scrubber.findSecrets(in: text) {
      let value = String(text[match.range])
      // Placeholders without the number: the number counts values within one text only.
      let placeholder = "<redacted:\(match.kind.rawValue)>"
      found.append((value, placeholder))
      // A quoted line of a key block is as bad as the block.
      guard value.contains("\n") else { continue }
      for line in value.split(separator: "\n") {
        let body = line.drop { $0 == "+" || $0 == "-" || $0 == " " || $0 == "\t" }
        if body.count >= 16, !body.hasPrefix("----") { found.append((String(body), placeholder)) }
      }
    }
    return longestFirst(found)
  }

  /// Longest first, so a value that contains another is replaced whole.
  private static func longestFirst(_ values: [(value: String, placeholder: String)]) -> [(value: String, placeholder: String)] {
    var seen = Set<String>()
    return values.filter { seen.insert($0.value).inserted }.sorted { $0.value.utf8.count > $1.value.utf8.count }
  }
}

extension UnitSecrets {
  /// The report with every matched value taken out of everything a reviewer or provider wrote.
  func redact(_ report: ReviewReport) -> ReviewReport {
    var copy = report
    copy.findings = report.findings.map(redact)
    copy.notes = report.notes.map(redact)
    copy.units = report.units.map { unit in
      var unit = unit
      unit.failure = unit.failure.map(redact)
      unit.attempts = unit.attempts.map(redact)
      return unit
    }
    return copy
  }

  func redact(_ finding: Finding) -> Finding {
    var copy = finding
    copy.title = redact(finding.title)
    copy.explanation = redact(finding.explanation)
    copy.suggestion = finding.suggestion.map(redact)
    copy.note = finding.note.map(redact)
    return copy
  }

  /// The unit with its diff and shown lines scrubbed (line numbers and counts unchanged).
  static func scrubbed(_ unit: ReviewUnit) -> ReviewUnit {
    var copy = unit
    copy.diffText = scrubber.scrub(unit.diffText).text
    copy.files = unit.files.map { file in
      var file = file
      file.newLines = scrubbed(file.newLines)
      return file
    }
    return copy
  }

  /// A file's shown lines with secrets as placeholders, scrubbed together so a key block spanning
  /// lines is found (the scrubber keeps the line count).
  static func scrubbed(_ lines: [Int: String]) -> [Int: String] {
    let numbers = lines.keys.sorted()
    let text = numbers.map { lines[$0] ?? "" }.joined(separator: "\n")
    let result = scrubber.scrub(text)
    guard !result.matches.isEmpty else { return lines }
    let scrubbedLines = result.text.split(separator: "\n", omittingEmptySubsequences: false)
    guard scrubbedLines.count == numbers.count else {
      // Never expected; if the shapes differ, show no code rather than risk a value.
      return [:]
    }
    return Dictionary(uniqueKeysWithValues: zip(numbers, scrubbedLines.map(String.init)))
  }
}
