import Foundation

/// One training attempt in a container: created (and on a remote engine, filled with the dataset
/// and the model), followed by name until it exits, its log kept in train.log, its outputs
/// brought back, and the container removed.
struct ContainerAttempt {
  let store: RunStore
  let record: RunRecord

  var plan: ContainerPlan { StartCommand.containerPlan(record, store: store) }

  func create() throws(FinetuneError) {
    let plan = plan
    _ = try? ChildProcess.run(plan.removeCommand)
    try check(ChildProcess.run(plan.createCommand), "starting the training container")
    for copy in plan.copyInCommands { try check(ChildProcess.run(copy), "copying into the container") }
    if let start = plan.startCommand { try check(ChildProcess.run(start), "starting the training container") }
  }

  private func check(_ result: ChildProcess.Result, _ what: String) throws(FinetuneError) {
    guard result.status == 0 else { throw .engineFailed(what, result.lastLine) }
  }

  /// Follows the container to its end. train.log is rewritten from the run's offset with the
  /// container's whole log, so re-attaching never doubles or loses lines.
  func follow() -> RunOutcome {
    let plan = plan
    let logs = startLogs(plan)
    var lastCopy = Date.distantPast
    var status = plan.engine.inspectContainer(plan.container)
    while let current = status, ["running", "created", "configured", "restarting", "paused"].contains(current.status) {
      Thread.sleep(forTimeInterval: 1)
      if let copy = plan.metricsCopyCommand, Date().timeIntervalSince(lastCopy) > 5 {
        _ = try? ChildProcess.run(copy)
        lastCopy = Date()
      }
      status = plan.engine.inspectContainer(plan.container)
    }
    finishLogs(logs)
    guard let ended = status else {
      return RunOutcome(
        exitCode: nil,
        problem: "the container \(plan.container) is gone (removed outside git-llm); `git llm finetune resume` starts it again")
    }
    if let copyOut = plan.copyOutCommand { _ = try? ChildProcess.run(copyOut) }
    _ = try? ChildProcess.run(plan.removeCommand)
    return RunOutcome(exitCode: ended.exitCode, problem: nil)
  }

  /// A `logs -f` of its own, detached like the run, after stopping the one an earlier supervisor
  /// left behind: two would write every line twice.
  private func startLogs(_ plan: ContainerPlan) -> ProcessStamp? {
    if let old = record.logFollower, old.isAlive {
      kill(old.pid, SIGTERM)
      for _ in 0..<50 where old.isAlive { Thread.sleep(forTimeInterval: 0.1) }
      if old.isAlive { kill(old.pid, SIGKILL) }
    }
    let path = store.logPath(record.id)
    if let handle = FileHandle(forWritingAtPath: path) {
      try? handle.truncate(atOffset: UInt64(max(record.logOffset, 0)))
      try? handle.close()
    }
    guard let follower = try? ChildProcess.spawnDetached(plan.logsCommand, logPath: path) else { return nil }
    _ = try? store.update(record.id) { $0.logFollower = follower }
    return follower
  }

  /// `logs -f` ends with the container; a stuck one is stopped after a while.
  private func finishLogs(_ follower: ProcessStamp?) {
    guard let follower else { return }
    for _ in 0..<100 where follower.isAlive { Thread.sleep(forTimeInterval: 0.1) }
    if follower.isAlive { kill(follower.pid, SIGTERM) }
  }

}
