import FinetuneKit
import Foundation
import GitKit

/// `git llm finetune list | status | logs | cancel | resume`: the runs of this repository.
public struct FinetuneRunsJob: Sendable {
  public var directory: String
  public var color: ColorChoice
  public var quiet: Bool

  public init(directory: String, color: ColorChoice, quiet: Bool) {
    self.directory = directory
    self.color = color
    self.quiet = quiet
  }

  func store() throws -> RunStore {
    let repository = try Repository(discoveringFrom: directory)
    return RunStore(gitCommonDirectory: repository.commonDirectory)
  }

  /// One line a run, oldest first; the queue shows as `queued` with its position.
  public func list(json: Bool) throws {
    let store = try store()
    let runs = try store.all().map { try RunSupervision.reattach($0, store: store) }
    if json {
      LiveOutput.write(try Self.json(runs) + "\n")
      return
    }
    if runs.isEmpty {
      if !quiet { Diagnostics.note("no training runs yet; start one with `git llm finetune run`") }
      return
    }
    var text = ""
    for run in runs {
      var state = run.state.rawValue
      if run.state == .queued {
        let ahead = runs.filter { $0.queue == run.queue && $0.state.isActive && ($0.queueTicket, $0.id) < (run.queueTicket, run.id) }
        // Nothing ahead here: next, once the runner is free (a run of another repository may hold it).
        state += ahead.isEmpty ? " (next)" : " (\(ahead.count) ahead)"
      }
      let step = MetricsLine.latest(MetricsLine.read(store.metricsPath(run.id))).train.map {
        "step \($0.step)\($0.maxSteps.map { "/\($0)" } ?? "")"
      }
      let deployed = (run.deployments ?? []).map { "\($0.target):\($0.name)" }.joined(separator: ",")
      let columns = [run.id, state, run.runner.rawValue + (run.host.map { "@" + $0 } ?? ""), run.training.baseModel, step ?? "", deployed]
      text += columns.joined(separator: "\t").trimmingCharacters(in: .whitespaces) + "\n"
    }
    LiveOutput.write(text)
  }

  /// `list --json`'s array, as a value.
  public func listJSON() throws -> String {
    let store = try store()
    return try Self.json(try store.all().map { try RunSupervision.reattach($0, store: store) })
  }

  /// `status --json`'s run.json (of the newest run without `run`), as a value.
  public func statusJSON(_ run: String?) throws -> String {
    let store = try store()
    let record = try RunSupervision.reattach(try store.resolve(run), store: store)
    return String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: store.recordPath(record.id)))) ?? Data(), as: UTF8.self)
  }

  private static func json(_ runs: [RunRecord]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(runs), as: UTF8.self)
  }

  public func status(_ run: String?, json: Bool) throws -> ExitStatus {
    let store = try store()
    let record = try RunSupervision.reattach(try store.resolve(run), store: store)
    if json {
      LiveOutput.write(
        String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: store.recordPath(record.id)))) ?? Data(), as: UTF8.self))
    } else {
      LiveOutput.write(RunSummary.status(record, store: store))
    }
    return record.state == .failed ? .incomplete : .ok
  }

  public func logs(_ run: String, follow: Bool) throws -> ExitStatus {
    let store = try store()
    let record = try store.resolve(run)
    guard follow else {
      LiveOutput.write(String(decoding: FileManager.default.contents(atPath: store.logPath(record.id)) ?? Data(), as: UTF8.self))
      return .ok
    }
    let finished = try TrainingFollow(store: store, id: record.id, terminal: Terminal(choice: color), quiet: quiet, showLog: true).follow()
    return finished.state == .succeeded ? .ok : .incomplete
  }

  /// Stops a run: a queued one leaves the queue; a running one is asked to stop (train.py saves a
  /// checkpoint), and the command waits until it has.
  public func cancel(_ run: String) throws -> ExitStatus {
    let store = try store()
    let record = try store.resolve(run)
    guard record.state.isActive else {
      if !quiet { Diagnostics.note("run \(record.id) already \(record.state.rawValue)") }
      return .ok
    }
    _ = FileManager.default.createFile(atPath: store.cancelMarker(record.id), contents: Data())
    if record.state == .running { RunStop.request(record, store: store) }
    var current = try store.load(record.id)
    if current.state == .queued && current.supervisor?.isAlive != true {
      current = try store.update(record.id) { $0.move(to: .cancelled) }
    }
    if !quiet { Diagnostics.note("stopping run \(record.id)…") }
    let deadline = Date().addingTimeInterval(150)
    while !current.state.isFinished && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.5)
      current = try RunSupervision.reattach(try store.load(record.id), store: store)
    }
    if !quiet { RunSummary.print(current, store: store) }
    return current.state == .cancelled ? .ok : .incomplete
  }

  /// Puts a failed or cancelled run back in the queue; training continues from its last
  /// checkpoint (the global step goes on).
  public func resume(_ run: String, detach: Bool) throws -> ExitStatus {
    let store = try store()
    let record = try store.resolve(run)
    guard record.state == .failed || record.state == .cancelled else { throw FinetuneError.notResumable(record.id, record.state) }
    try? FileManager.default.removeItem(atPath: store.cancelMarker(record.id))
    try store.update(record.id) { stored in
      stored.move(to: .queued)
      stored.timestamps.preparing = nil
      stored.timestamps.running = nil
      stored.timestamps.finished = nil
      stored.queueTicket = Date().timeIntervalSince1970
      stored.exitCode = nil
      stored.message = nil
      stored.logTail = nil
    }
    try RunSupervision.start(record.id, store: store)
    LiveOutput.write(record.id + "\n")
    if detach {
      if !quiet { Diagnostics.note("run \(record.id) queued again; follow it with `git llm finetune logs \(record.id) -f`") }
      return .ok
    }
    let finished = try TrainingFollow(store: store, id: record.id, terminal: Terminal(choice: color), quiet: quiet, showLog: false).follow()
    return finished.state == .succeeded ? .ok : .incomplete
  }
}
