import Foundation
import ProvidersKit

/// What a model says about one hotspot: a summary and the items that make it costly to change.
public struct DebtAssessment: Sendable, Equatable {
  public struct Item: Sendable, Equatable {
    public var title: String
    /// low, medium or high.
    public var severity: String
    /// A line of the file, when the item is about one.
    public var line: Int?
    public var suggestion: String
  }

  public var summary: String
  public var items: [Item]
  /// The model alias that answered, and its provider and model name.
  public var alias: String
  public var model: String

  static let severities = ["low", "medium", "high"]

  /// The structured-output schema the request carries.
  static let schema: JSONValue = .object([
    "type": .string("object"),
    "properties": .object([
      "summary": .object(["type": .string("string")]),
      "items": .object([
        "type": .string("array"),
        "items": .object([
          "type": .string("object"),
          "properties": .object([
            "title": .object(["type": .string("string")]),
            "severity": .object(["type": .string("string"), "enum": .array(severities.map(JSONValue.string))]),
            "line": .object(["type": .string("integer")]),
            "suggestion": .object(["type": .string("string")]),
          ]),
          "required": .array(["title", "severity", "suggestion"].map(JSONValue.string)),
        ]),
      ]),
    ]),
    "required": .array(["summary", "items"].map(JSONValue.string)),
  ])

  static let system = """
    You assess technical debt in one file of this repository. The file changes often and is \
    complex; say what makes it costly to change and what would pay that down first, most \
    important first. Answer with the JSON object only: {"summary": "...", "items": [{"title": \
    "...", "severity": "low|medium|high", "line": 12, "suggestion": "..."}]}.
    """

  /// The user turn: the file's figures and its text with line numbers, cut to `budget` characters.
  static func prompt(_ hotspot: Hotspot, text: String, budget: Int) -> String {
    let history = hotspot.history, shape = hotspot.shape
    var prompt = """
      File: \(history.path)
      History in the window: \(history.revisions) commits (\(history.fixes) fixes), +\(history.linesAdded) -\(history.linesRemoved) lines, \(history.authors.count) authors.
      Shape: \(shape.lines) lines of code, mean indentation \(String(format: "%.1f", shape.meanIndentation)) levels, deepest \(shape.deepestIndentation), \(shape.markers) TODO/FIXME markers.

      ```
      """
    prompt += "\n"
    var used = prompt.utf8.count
    var cut = false
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let numbered = "\(number + 1)| \(line)\n"
      if used + numbered.utf8.count > budget {
        cut = true
        break
      }
      prompt += numbered
      used += numbered.utf8.count
    }
    prompt += "```\n"
    if cut { prompt += "(The file goes on; only its beginning fits.)\n" }
    return prompt
  }

  /// The assessment in `answer`, or nil when it is not the JSON asked for. Items with an unknown
  /// severity or no title are left out; a line outside the file is dropped.
  static func parse(_ answer: String, lineCount: Int, alias: String, model: String) -> DebtAssessment? {
    var text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
    // Some models fence JSON even when asked not to.
    if text.hasPrefix("```"), let open = text.firstIndex(of: "\n"), let close = text.range(of: "```", options: .backwards),
      close.lowerBound > open
    {
      text = String(text[text.index(after: open)..<close.lowerBound])
    }
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
      let summary = object["summary"] as? String
    else { return nil }
    let items = (object["items"] as? [[String: Any]] ?? []).compactMap { item -> Item? in
      guard let title = (item["title"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty,
        let severity = (item["severity"] as? String)?.lowercased(), severities.contains(severity)
      else { return nil }
      let line = (item["line"] as? Int).flatMap { (1...max(1, lineCount)).contains($0) ? $0 : nil }
      return Item(title: title, severity: severity, line: line, suggestion: (item["suggestion"] as? String) ?? "")
    }
    return DebtAssessment(summary: summary.trimmingCharacters(in: .whitespacesAndNewlines), items: items, alias: alias, model: model)
  }
}
