import FinetuneKit
import Foundation

/// Follows a run until it finishes: on a terminal a progress bar from metrics.jsonl, elsewhere the
/// log's lines as they come; `logs -f` also copies the log to stdout. Re-attaches a run whose
/// supervisor died on the way.
struct TrainingFollow {
  let store: RunStore
  let id: String
  let terminal: Terminal
  let quiet: Bool
  /// `logs -f`: the log goes to stdout (results), the bar (on a terminal) to stderr.
  let showLog: Bool
  var pollInterval: TimeInterval = 0.5

  func follow() throws -> RunRecord {
    let interrupt = Self.leaveOnInterrupt(id: id, quiet: quiet)
    defer { interrupt.cancel() }
    var record = try RunSupervision.reattach(try store.load(id), store: store)
    var offset = showLog ? 0 : (try? FileManager.default.attributesOfItem(atPath: store.logPath(id))[.size] as? Int) ?? 0
    var bar = ProgressBar(enabled: terminal.showsProgress && !quiet)
    while true {
      let newText = TrainingLog.read(store.logPath(id), from: &offset)
      if !newText.isEmpty {
        bar.clear()
        if showLog {
          LiveOutput.write(newText)
        } else if !terminal.showsProgress && !quiet {
          FileHandle.standardError.write(Data(newText.utf8))
        }
      }
      if record.state.isFinished { break }
      bar.draw(ProgressBar.text(record, metrics: MetricsLine.read(store.metricsPath(id))))
      Thread.sleep(forTimeInterval: pollInterval)
      record = try RunSupervision.reattach(try store.load(id), store: store)
    }
    bar.clear()
    if !quiet { RunSummary.print(record, store: store) }
    return record
  }
}

extension TrainingFollow {
  /// Ctrl-C stops the following, not the run: say so and how to come back.
  static func leaveOnInterrupt(id: String, quiet: Bool) -> DispatchSourceSignal {
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler {
      if !quiet {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        Diagnostics.note("run \(id) goes on; `git llm finetune logs \(id) -f` follows it again, `git llm finetune cancel \(id)` stops it")
      }
      exit(130)
    }
    source.resume()
    return source
  }
}

/// Reading what was appended to train.log since the last look.
enum TrainingLog {
  static func read(_ path: String, from offset: inout Int) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
    defer { try? handle.close() }
    let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
    // Re-attaching rewrites the log from the attempt's start: read from there again.
    if size < offset { offset = 0 }
    guard size > offset, (try? handle.seek(toOffset: UInt64(offset))) != nil, let data = try? handle.readToEnd() else { return "" }
    // Only whole lines: a partial one waits for its end.
    guard let end = data.lastIndex(of: UInt8(ascii: "\n")) else { return "" }
    let whole = data[data.startIndex...end]
    offset += whole.count
    return String(decoding: whole, as: UTF8.self)
  }
}

/// The one line redrawn on stderr while a run trains.
struct ProgressBar {
  let enabled: Bool
  private var shown = false

  init(enabled: Bool) { self.enabled = enabled }

  mutating func draw(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    shown = true
  }

  mutating func clear() {
    guard enabled, shown else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    shown = false
  }

  static func text(_ record: RunRecord, metrics: [MetricsLine]) -> String {
    switch record.state {
    case .queued: return "git-llm: \(record.id) queued (waiting for \(record.queue))"
    case .preparing: return "git-llm: \(record.id) preparing \(record.runner == .local ? "the venv" : "the image")…"
    default: break
    }
    let latest = MetricsLine.latest(metrics)
    guard let line = latest.train, let total = line.maxSteps, total > 0 else { return "git-llm: \(record.id) starting training…" }
    let width = 24
    let filled = min(width, max(0, line.step * width / total))
    var parts = ["step \(line.step)/\(total)"]
    if let loss = line.loss { parts.append(String(format: "loss %.4f", loss)) }
    if let eval = latest.evalLoss { parts.append(String(format: "eval %.4f", eval)) }
    if let eta = line.etaSeconds { parts.append("ETA " + RunSummary.duration(eta)) }
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    return "git-llm: training \(bar) " + parts.joined(separator: " · ")
  }
}
