import FinetuneKit
import Foundation

/// Starting a run's supervisor (`git-llm finetune supervise`, hidden, detached), and starting a
/// new one when the last died while its run was still active: how `status`, `logs` and `list`
/// re-attach to a run whose container lives on.
enum RunSupervision {
  static func start(_ id: String, store: RunStore) throws {
    let executable = ShareFolder.executablePath()
    let stamp = try ChildProcess.spawnDetached(
      [executable, "finetune", "supervise", id, "--runs", store.root], logPath: store.logPath(id))
    try store.update(id) { $0.supervisor = stamp }
  }

  /// The run, with a supervisor again when it is active and its supervisor is gone.
  @discardableResult
  static func reattach(_ record: RunRecord, store: RunStore) throws -> RunRecord {
    guard record.state.isActive, record.supervisor?.isAlive != true else { return record }
    try start(record.id, store: store)
    return try store.load(record.id)
  }
}
