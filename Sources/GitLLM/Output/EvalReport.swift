import FinetuneKit
import Foundation

/// eval.json read for people: one row a metric (base, adapter, delta, the 95% interval, verdict)
/// and the overall verdict in plain words.
struct EvalReport {
  struct Row {
    var name: String
    var base: Double
    var adapter: Double
    var delta: Double
    var low: Double
    var high: Double
    var verdict: String
    var samples: Int
  }

  var rows: [Row]
  var verdict: String
  var reason: String
  var beatsBase: Bool
  var split: String

  init(data: Data) throws {
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let metrics = object["metrics"] as? [String: [String: Any]], let overall = object["overall"] as? [String: Any]
    else { throw CommandFailure(.incomplete, "eval.json is not what evaluate.py writes; run `git llm finetune eval` again") }
    rows = metrics.keys.sorted { ($0 == "perplexity" ? "" : $0) < ($1 == "perplexity" ? "" : $1) }.compactMap { name in
      guard let metric = metrics[name], let base = metric["base"] as? Double, let adapter = metric["adapter"] as? Double else { return nil }
      let interval = metric["ci95"] as? [Double] ?? []
      return Row(
        name: name, base: base, adapter: adapter, delta: metric["delta"] as? Double ?? adapter - base,
        low: interval.first ?? .nan, high: interval.last ?? .nan, verdict: metric["verdict"] as? String ?? "?",
        samples: metric["samples"] as? Int ?? 0)
    }
    verdict = overall["verdict"] as? String ?? "?"
    reason = overall["reason"] as? String ?? ""
    beatsBase = overall["beats_base"] as? Bool ?? false
    split = (object["settings"] as? [String: Any])?["split"] as? String ?? "test"
  }

  /// Whether eval.json at `path` says the adapter beats its base; nil when there is none.
  static func beatsBase(_ path: String) -> Bool? {
    guard let data = FileManager.default.contents(atPath: path), let report = try? EvalReport(data: data) else { return nil }
    return report.beatsBase
  }

  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "-" }
    // No "-0.000" for a difference that rounds to nothing.
    let value = abs(value) < 0.0005 ? 0 : value
    return abs(value) >= 100 ? String(format: "%.1f", value) : String(format: "%.3f", value)
  }

  var summary: String {
    beatsBase
      ? "the adapter beats its base on the \(split) split: \(reason)"
      : "the adapter does not beat its base on the \(split) split (\(verdict): \(reason)); `git llm finetune deploy` will ask for --force"
  }

  func table() -> String {
    let header = ["metric", "base", "adapter", "delta", "95% interval", "verdict", "samples"]
    let body = rows.map { row in
      [
        row.name, Self.number(row.base), Self.number(row.adapter), Self.number(row.delta),
        "[\(Self.number(row.low)), \(Self.number(row.high))]", row.verdict, String(row.samples),
      ]
    }
    let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
    let lines = ([header] + body).map { cells in
      cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        .trimmingCharacters(in: .whitespaces)
    }
    return lines.joined(separator: "\n") + "\n\n" + summary + "\n"
  }

  func markdown() -> String {
    var text = "| metric | base | adapter | delta | 95% interval | verdict | samples |\n|---|---:|---:|---:|---|---|---:|\n"
    for row in rows {
      text += "| `\(row.name)` | \(Self.number(row.base)) | \(Self.number(row.adapter)) | \(Self.number(row.delta)) | "
      text += "[\(Self.number(row.low)), \(Self.number(row.high))] | \(row.verdict) | \(row.samples) |\n"
    }
    return text + "\n**\(beatsBase ? "Better" : "Not better")**: " + summary + "\n"
  }
}
