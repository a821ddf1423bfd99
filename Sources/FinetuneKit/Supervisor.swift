import Foundation

/// The detached process behind every run (`git-llm finetune supervise`, hidden): it waits for the
/// run's turn, prepares the runner, starts training, follows it to the end and records the
/// outcome. The command that started the run may exit or die meanwhile; when the supervisor itself
/// dies, `status` and `logs` start a new one, which re-attaches to the container by its name.
public struct Supervisor: Sendable {
  public let store: RunStore
  public let id: String
  public let share: ShareFolder
  public let lockFolder: String

  public init(store: RunStore, id: String, share: ShareFolder, lockFolder: String = UserCache.folder() + "/finetune") {
    self.store = store
    self.id = id
    self.share = share
    self.lockFolder = lockFolder
  }

  /// Runs the whole life of the run; returns its final state.
  @discardableResult
  public func run() -> RunState {
    // One supervisor per run: a second one (two `status` calls re-attaching at once) leaves.
    guard let only = try? FileLock.attempt(store.folder(id) + "/.supervisor.lock") else {
      return (try? store.load(id).state) ?? .failed
    }
    defer { withExtendedLifetime(only) {} }
    do {
      try store.update(id) { $0.supervisor = .current() }
      guard let turn = try QueueTurn(store: store, id: id, lockFolder: lockFolder).wait() else {
        return try finishCancelledInQueue()
      }
      defer { withExtendedLifetime(turn) {} }
      var record = try store.load(id)
      if record.state == .queued || record.state == .preparing {
        record = try store.update(id) { $0.move(to: .preparing) }
        let prepared = try Preparation(store: store, share: share, say: Self.say).prepare(record)
        record = try store.update(id) { stored in
          stored.gpus = prepared.gpus
          stored.image = prepared.image
          stored.venv = prepared.venv
          stored.command = prepared.command
        }
        if cancelRequested { return try finish(RunOutcome(), record: record) }
        record = try start(record)
      }
      let outcome =
        record.runner == .local
        ? LocalAttempt(store: store, record: record, share: share).follow()
        : ContainerAttempt(store: store, record: record).follow()
      return try finish(outcome, record: try store.load(id))
    } catch {
      Self.say(error.localizedDescription)
      let failed = try? store.update(id) { record in
        record.move(to: cancelRequested ? .cancelled : .failed)
        record.message = error.localizedDescription
      }
      return failed?.state ?? .failed
    }
  }

  var cancelRequested: Bool { FileManager.default.fileExists(atPath: store.cancelMarker(id)) }

  static func say(_ message: String) {
    FileHandle.standardError.write(Data("git-llm: \(message)\n".utf8))
  }

  /// A new attempt: the container created and started, or the venv's train.py spawned.
  func start(_ record: RunRecord) throws(FinetuneError) -> RunRecord {
    let logSize = (try? FileManager.default.attributesOfItem(atPath: store.logPath(id))[.size] as? Int) ?? 0
    var stamp: ProcessStamp?
    if record.runner == .local {
      let plan = StartCommand.localPlan(record, store: store, share: share)
      stamp = try ChildProcess.spawnDetached(plan.command, logPath: store.logPath(id), environment: plan.environment)
    } else {
      try ContainerAttempt(store: store, record: record).create()
    }
    return try store.update(id) { stored in
      stored.attempts += 1
      stored.logOffset = logSize
      stored.trainer = stamp
      stored.exitCode = nil
      stored.logTail = nil
      stored.message = nil
      stored.move(to: .running)
    }
  }

  func finish(_ outcome: RunOutcome, record: RunRecord) throws(FinetuneError) -> RunState {
    let adapter = store.folder(id) + "/adapter/adapter_model.safetensors"
    let decided = RunOutcome.decide(
      outcome, cancelled: cancelRequested, adapterExists: FileManager.default.fileExists(atPath: adapter))
    let tail = decided.state == .failed ? RunOutcome.tail(of: store.logPath(id), from: record.logOffset) : nil
    let done = try store.update(id) { stored in
      stored.exitCode = outcome.exitCode
      stored.message = decided.message
      stored.logTail = tail
      stored.move(to: decided.state)
    }
    try? FileManager.default.removeItem(atPath: store.cancelMarker(id))
    return done.state
  }

  private func finishCancelledInQueue() throws(FinetuneError) -> RunState {
    let record = try store.load(id)
    if record.state.isFinished { return record.state }
    return try finish(RunOutcome(), record: record)
  }
}
