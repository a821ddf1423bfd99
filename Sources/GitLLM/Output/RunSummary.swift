import FinetuneKit
import Foundation

/// How a run reads to a person: the closing lines of `run` and `logs -f`, and `status`.
enum RunSummary {
  static func print(_ record: RunRecord, store: RunStore) {
    let took = elapsed(record).map { " in " + duration($0) } ?? ""
    switch record.state {
    case .succeeded:
      Diagnostics.note("run \(record.id) succeeded\(took); the adapter is in \(store.folder(record.id))/adapter")
    case .failed, .cancelled:
      Diagnostics.note("run \(record.id) \(record.state.rawValue)\(took)\(record.message.map { ": " + $0 } ?? "")")
      for line in record.logTail ?? [] { Diagnostics.note("  | " + line) }
    default:
      Diagnostics.note("run \(record.id) is \(record.state.rawValue)")
    }
  }

  /// `status`'s text: one fact a line.
  static func status(_ record: RunRecord, store: RunStore) -> String {
    var lines = ["run \(record.id)", "state: \(record.state.rawValue)"]
    if let message = record.message { lines.append("message: \(message)") }
    if let code = record.exitCode { lines.append("exit code: \(code)") }
    lines.append("runner: \(record.runner.rawValue)\(record.host.map { " on " + $0 } ?? "")")
    lines.append("base model: \(record.training.baseModel) (\(record.training.method))")
    let records = DatasetSummary.splits.compactMap { split in record.dataset.records[split].map { "\(split) \($0)" } }
    lines.append("dataset: \(record.dataset.path) (\(records.joined(separator: ", ")))")
    if let image = record.image { lines.append("image: \(image.name)") }
    if let container = record.container {
      lines.append("container: \(container)")
    }
    let latest = MetricsLine.latest(MetricsLine.read(store.metricsPath(record.id)))
    if let line = latest.train {
      var progress = "progress: step \(line.step)\(line.maxSteps.map { "/\($0)" } ?? "")"
      if let loss = line.loss { progress += String(format: ", loss %.4f", loss) }
      if let eval = latest.evalLoss { progress += String(format: ", eval loss %.4f", eval) }
      if record.state == .running, let eta = line.etaSeconds { progress += ", ETA " + duration(eta) }
      lines.append(progress)
    }
    lines.append("queued: \(record.timestamps.queued)")
    if let started = record.timestamps.running { lines.append("started: \(started)") }
    if let finished = record.timestamps.finished { lines.append("finished: \(finished)") }
    for deployment in record.deployments ?? [] {
      lines.append("deployed: \(deployment.target) \(deployment.name)\(deployment.url.map { " at " + $0 } ?? "") (\(deployment.at))")
    }
    lines.append("folder: \(store.folder(record.id))")
    if let tail = record.logTail, !tail.isEmpty { lines += ["log tail:"] + tail.map { "  | " + $0 } }
    return lines.joined(separator: "\n") + "\n"
  }

  static func elapsed(_ record: RunRecord) -> TimeInterval? {
    guard let start = record.timestamps.running.flatMap(Timestamp.date), let end = record.timestamps.finished.flatMap(Timestamp.date)
    else { return nil }
    return end.timeIntervalSince(start)
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "?" }
    let total = Int(seconds.rounded())
    let (hours, minutes, rest) = (total / 3600, total % 3600 / 60, total % 60)
    return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
  }
}
