import ConfigKit
import Foundation
import ProvidersKit

/// Reads a reviewer's answer and keeps only findings that make sense for the unit: the answer
/// is data, never instructions, so every field is checked and nothing in it is acted on.
///
/// A path not in the unit is dropped; a line range that touches no added line is moved to the
/// nearest added line of that file; unknown severities and categories are mapped or defaulted;
/// each change is noted so the report can say what was adjusted.
public struct FindingValidator: Sendable {
  public struct Result: Sendable, Equatable {
    public var findings: [Finding]
    public var notes: [String]
  }

  /// The answer is not the JSON object asked for.
  public struct MalformedAnswer: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { "the reviewer's answer is not the findings JSON (\(reason))" }
  }

  public let unit: ReviewUnit
  public let alias: String
  public let provider: String
  public let model: String

  public init(unit: ReviewUnit, alias: String, provider: String, model: String) {
    self.unit = unit
    self.alias = alias
    self.provider = provider
    self.model = model
  }

  public func validate(_ answer: String) throws -> Result {
    guard let json = Self.extractJSON(answer) else { throw MalformedAnswer(reason: "no JSON object in it") }
    guard let list = json["findings"]?.arrayValue else { throw MalformedAnswer(reason: "no \"findings\" array") }
    var findings: [Finding] = []
    var notes: [String] = []
    for (index, item) in list.enumerated() {
      switch check(item) {
      case .success(let (finding, note)):
        findings.append(finding)
        if let note { notes.append(note) }
      case .failure(let reason):
        notes.append("dropped finding \(index + 1) from \(alias): \(reason.reason)")
      }
    }
    return Result(findings: findings, notes: notes)
  }

  private struct Rejected: LocalizedError {
    let reason: String
    var errorDescription: String? { reason }
  }

  private func check(_ item: JSONValue) -> Swift.Result<(Finding, String?), Rejected> {
    guard case .object = item else { return .failure(Rejected(reason: "not an object")) }
    guard let rawPath = item["path"]?.stringValue, let file = match(rawPath) else {
      return .failure(Rejected(reason: "path '\(item["path"]?.stringValue ?? "?")' is not in the reviewed diff"))
    }
    let title = (item["title"]?.stringValue ?? "").trimmingWhitespace
    guard !title.isEmpty else { return .failure(Rejected(reason: "no title")) }
    var start = item["start_line"]?.intValue ?? item["line"]?.intValue ?? 0
    var end = item["end_line"]?.intValue ?? start
    if end < start { swap(&start, &end) }
    var note: String?
    let added = file.addedLines
    guard !added.isEmpty else { return .failure(Rejected(reason: "\(file.path) has no added lines here")) }
    if !added.contains(where: { (start...end).contains($0) }) {
      let nearest = added.min { abs($0 - start) < abs($1 - start) } ?? added[0]
      note = "\(file.path): line \(start) is not a changed line; the finding \"\(title)\" was moved to line \(nearest)"
      start = nearest
      end = nearest
    } else {
      // Keep the range within the lines the unit showed.
      start = max(start, added.first ?? start)
      end = min(end, max(start, added.last ?? end))
    }
    let severity = Self.severity(item["severity"]?.stringValue)
    let category =
      item["category"]?.stringValue.map { $0.lowercased() }.flatMap { FindingSchema.categories.contains($0) ? $0 : nil } ?? "other"
    let suggestion = item["suggestion"]?.stringValue.flatMap { $0.trimmingWhitespace.isEmpty ? nil : $0 }
    let finding = Finding(
      path: file.path, startLine: start, endLine: end, severity: severity, category: category, title: String(title.prefix(200)),
      explanation: String((item["explanation"]?.stringValue ?? "").prefix(4000)), suggestion: suggestion,
      alias: alias, provider: provider, model: model, note: note)
    return .success((finding, note))
  }

  /// The unit file a reported path means; models sometimes keep git's `a/` or `b/` prefix.
  private func match(_ path: String) -> ReviewUnit.File? {
    var candidate = path.trimmingWhitespace
    if let exact = unit.files.first(where: { $0.path == candidate }) { return exact }
    for prefix in ["b/", "a/", "./", "/"] where candidate.hasPrefix(prefix) {
      candidate.removeFirst(prefix.count)
      if let file = unit.files.first(where: { $0.path == candidate }) { return file }
    }
    return nil
  }

  /// Severities as asked for, plus the words models use instead.
  static func severity(_ text: String?) -> Severity {
    switch text?.lowercased() ?? "" {
    case "critical", "blocker", "fatal": return .critical
    case "high", "error", "major", "severe": return .high
    case "medium", "warning", "moderate": return .medium
    case "low", "minor": return .low
    case "info", "note", "nit", "suggestion", "informational": return .info
    default: return .medium
    }
  }

  /// The JSON object in an answer: the whole text, or inside a ``` fence, or from the first `{`
  /// to the last `}` (models wrap JSON in prose despite being asked not to).
  static func extractJSON(_ answer: String) -> JSONValue? {
    let trimmed = answer.trimmingWhitespace
    if let json = JSONValue.parse(Array(trimmed.utf8)), case .object = json { return json }
    guard let open = trimmed.firstIndex(of: "{"), let close = trimmed.lastIndex(of: "}"), open < close else { return nil }
    let inner = trimmed[open...close]
    if let json = JSONValue.parse(Array(inner.utf8)), case .object = json { return json }
    return nil
  }
}

/// Merges duplicates across units and reviewers: the same file, overlapping lines and the same
/// title or category keep one finding, with the highest severity.
public enum FindingMerger {
  public static func merge(_ findings: [Finding], maxPerFile: Int) -> (findings: [Finding], notes: [String]) {
    var kept: [Finding] = []
    var notes: [String] = []
    for finding in findings.sorted(by: order) {
      if let index = kept.firstIndex(where: { same($0, finding) }) {
        if finding.severity > kept[index].severity { kept[index].severity = finding.severity }
        continue
      }
      kept.append(finding)
    }
    var perFile: [String: Int] = [:]
    var capped: [Finding] = []
    for finding in kept.sorted(by: order) {
      perFile[finding.path, default: 0] += 1
      if maxPerFile > 0 && perFile[finding.path, default: 0] > maxPerFile { continue }
      capped.append(finding)
    }
    for (path, count) in perFile.sorted(by: { $0.key < $1.key }) where maxPerFile > 0 && count > maxPerFile {
      notes.append("\(path): \(count - maxPerFile) more findings not shown (review.max_findings_per_file is \(maxPerFile))")
    }
    return (capped, notes)
  }

  static func same(_ a: Finding, _ b: Finding) -> Bool {
    guard a.path == b.path, a.startLine <= b.endLine, b.startLine <= a.endLine else { return false }
    return a.title.lowercased() == b.title.lowercased() || a.category == b.category && a.startLine == b.startLine
  }

  static func order(_ a: Finding, _ b: Finding) -> Bool {
    if a.path != b.path { return a.path < b.path }
    if a.startLine != b.startLine { return a.startLine < b.startLine }
    if a.severity != b.severity { return a.severity > b.severity }
    return a.title < b.title
  }
}

extension FindingValidator.MalformedAnswer: LocalizedError {
  public var errorDescription: String? { description }
}
