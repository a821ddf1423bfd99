import Foundation
import OutputKit

/// The ways `git llm debt` prints its report (docs/debt.md shows each).
public enum DebtFormat: String, Sendable, CaseIterable {
  case text, json, markdown

  public func render(_ report: DebtReport) -> String {
    switch self {
    case .text: return Self.text(report)
    case .json: return Self.json(report).pretty + "\n"
    case .markdown: return Self.markdown(report)
    }
  }

  private static func date(_ time: Int64) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(time)))
  }

  /// The one reason no hotspot was assessed, when they all share it: said once, not per file.
  private static func sharedNote(_ report: DebtReport) -> String? {
    let notes = Set(report.hotspots.compactMap(\.note))
    return report.hotspots.allSatisfy { $0.assessment == nil } && notes.count == 1 ? notes.first : nil
  }

  private static func indentation(_ shape: CodeShape) -> String { String(format: "%.1f", shape.meanIndentation) }

  private static func heading(_ report: DebtReport) -> String {
    "Hotspots since \(report.since) (\(report.sinceDate.prefix(10))): \(report.commits) commits, \(report.filesChanged) files changed that still exist"
  }

  /// The documented JSON (docs/debt.md), keys in a fixed order.
  static func json(_ report: DebtReport) -> JSON {
    .object([
      ("version", .int(1)),
      ("repository", .string(report.repository)),
      ("head", .string(report.head)),
      ("since", .string(report.since)),
      ("since_date", .string(report.sinceDate)),
      ("commits", .int(report.commits)),
      ("files_changed", .int(report.filesChanged)),
      ("history_cut_at", .array(report.historyCutAt.map(JSON.string))),
      ("model_asked", .bool(report.modelAsked)),
      (
        "hotspots",
        .array(
          report.hotspots.enumerated().map { rank, spot in
            let history = spot.history, shape = spot.shape
            return .object([
              ("rank", .int(rank + 1)),
              ("path", .string(history.path)),
              ("score", .int(spot.score)),
              ("revisions", .int(history.revisions)),
              ("lines_added", .int(history.linesAdded)),
              ("lines_removed", .int(history.linesRemoved)),
              ("authors", .int(history.authors.count)),
              ("fixes", .int(history.fixes)),
              ("first_change", .string(date(history.firstChange))),
              ("last_change", .string(date(history.lastChange))),
              ("lines", .int(shape.lines)),
              ("mean_indentation", .double((shape.meanIndentation * 100).rounded() / 100)),
              ("deepest_indentation", .int(shape.deepestIndentation)),
              ("markers", .int(shape.markers)),
              ("assessment", spot.assessment.map(assessment) ?? .null),
              ("note", .optional(spot.note)),
            ])
          })
      ),
    ])
  }

  private static func assessment(_ value: DebtAssessment) -> JSON {
    .object([
      ("alias", .string(value.alias)),
      ("model", .string(value.model)),
      ("summary", .string(value.summary)),
      (
        "items",
        .array(
          value.items.map { item in
            .object([
              ("title", .string(item.title)), ("severity", .string(item.severity)), ("line", .optional(item.line)),
              ("suggestion", .string(item.suggestion)),
            ])
          })
      ),
    ])
  }

  static func text(_ report: DebtReport) -> String {
    var out = heading(report) + "\n"
    guard !report.hotspots.isEmpty else { return out + "No file changed in this window; try a longer --since.\n" }
    let header = ["#", "score", "revs", "churn", "authors", "fixes", "lines", "indent", "todo", "path"]
    var rows = [header]
    for (rank, spot) in report.hotspots.enumerated() {
      let history = spot.history, shape = spot.shape
      rows.append([
        "\(rank + 1)", "\(spot.score)", "\(history.revisions)", "\(history.churn)", "\(history.authors.count)", "\(history.fixes)",
        "\(shape.lines)", indentation(shape), "\(shape.markers)", history.path,
      ])
    }
    let widths = (0..<header.count - 1).map { column in rows.map { $0[column].count }.max() ?? 0 }
    out += "\n"
    for row in rows {
      let cells = (0..<widths.count).map { String(repeating: " ", count: widths[$0] - row[$0].count) + row[$0] }
      out += cells.joined(separator: "  ") + "  " + row[header.count - 1] + "\n"
    }
    if let note = sharedNote(report) { return out + "\nNo assessments: \(note)\n" }
    return out
      + sections(
        report,
        Style(
          heading: { "\n\($0). \($1)\n" }, summary: { "   \($0.summary) (\($0.alias))\n" },
          item: { "   - [\($0.severity)] \($0.title)\(at($0.line)): \($0.suggestion)\n" },
          note: { "   no assessment: \($0)\n" }))
  }

  static func markdown(_ report: DebtReport) -> String {
    func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
    var out = "## Technical debt hotspots\n\n\(heading(report)).\n\n"
    guard !report.hotspots.isEmpty else { return out + "No file changed in this window.\n" }
    out += "| # | file | score | revisions | churn | authors | fixes | lines | mean indent | TODOs |\n"
    out += "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for (rank, spot) in report.hotspots.enumerated() {
      let history = spot.history, shape = spot.shape
      out +=
        "| \(rank + 1) | `\(cell(history.path))` | \(spot.score) | \(history.revisions) | \(history.churn) | \(history.authors.count) | \(history.fixes) | \(shape.lines) | \(indentation(shape)) | \(shape.markers) |\n"
    }
    if let note = sharedNote(report) { return out + "\nNo assessments: \(cell(note)).\n" }
    return out
      + sections(
        report,
        Style(
          heading: { "\n### \($0). `\(cell($1))`\n\n" }, summary: { "\($0.summary) _(\($0.alias))_\n\n" },
          item: { "- **\($0.severity)** \(cell($0.title))\(at($0.line)): \(cell($0.suggestion))\n" },
          note: { "No assessment: \(cell($0)).\n" }))
  }

  /// How one format writes the per-hotspot sections.
  private struct Style {
    var heading: (_ rank: Int, _ path: String) -> String
    var summary: (DebtAssessment) -> String
    var item: (DebtAssessment.Item) -> String
    var note: (String) -> String
  }

  /// A section for each hotspot with an assessment or a note, in rank order.
  private static func sections(_ report: DebtReport, _ style: Style) -> String {
    var out = ""
    for (rank, spot) in report.hotspots.enumerated() where spot.assessment != nil || spot.note != nil {
      out += style.heading(rank + 1, spot.history.path)
      if let assessment = spot.assessment {
        out += style.summary(assessment)
        for item in assessment.items { out += style.item(item) }
      } else if let note = spot.note {
        out += style.note(note)
      }
    }
    return out
  }

  private static func at(_ line: Int?) -> String { line.map { " (line \($0))" } ?? "" }
}
