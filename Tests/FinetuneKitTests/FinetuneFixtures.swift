import Foundation
import TestSupport

@testable import FinetuneKit

/// Small builders the FinetuneKit tests share: settings, dataset folders and run records.
enum FinetuneFixtures {
  static let training = TrainingSettings(baseModel: "Qwen/Qwen2.5-0.5B")

  static let dataset = DatasetSummary(path: "/data/set", sha256: String(repeating: "a", count: 64), records: ["train": 3], format: "chat")

  /// A dataset folder holding the given splits, one line per record.
  static func datasetFolder(_ splits: [String: [String]]) throws -> String {
    let folder = try makeTemporaryFolder()
    for (split, lines) in splits {
      let text = lines.map { $0 + "\n" }.joined()
      try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/\(split).jsonl"))
    }
    return folder
  }

  static func record(
    id: String, queue: String = "podman@local", ticket: Double = 1000, state: RunState = .queued,
    supervisor: ProcessStamp? = nil
  ) -> RunRecord {
    var record = RunRecord(
      id: id, training: training, dataset: dataset, runner: .podman, host: nil, gpus: .cpu, queue: queue,
      gitLLMVersion: "0.0.0-test", now: Date(timeIntervalSince1970: ticket))
    record.state = state
    record.supervisor = supervisor
    return record
  }

  /// A process that has exited and been reaped: its pid names nobody (or somebody else) now.
  static func finishedProcess() throws -> ProcessStamp {
    // cat waits on its stdin, so its start time is read while it still runs.
    let process = Process()
    let input = Pipe()
    process.executableURL = URL(fileURLWithPath: "/bin/cat")
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let pid = process.processIdentifier
    let started = ProcessTable.startTime(of: pid)
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return ProcessStamp(pid: pid, started: started)
  }
}
