import Foundation

/// Follows train.py in the local venv: its output already goes to train.log; the wrapper leaves
/// the exit status in the run folder, so a supervisor started later still learns it.
struct LocalAttempt {
  let store: RunStore
  let record: RunRecord
  let share: ShareFolder

  func follow() -> RunOutcome {
    while record.trainer?.isAlive == true {
      Thread.sleep(forTimeInterval: 1)
    }
    let plan = StartCommand.localPlan(record, store: store, share: share)
    // The wrapper writes the file just before it exits; give it a moment after the process ends.
    for _ in 0..<20 where !FileManager.default.fileExists(atPath: plan.exitCodePath) { Thread.sleep(forTimeInterval: 0.1) }
    guard let text = try? String(contentsOfFile: plan.exitCodePath, encoding: .utf8),
      let code = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    else {
      return RunOutcome(exitCode: nil, problem: "the training process ended without recording its exit status (it was killed)")
    }
    return RunOutcome(exitCode: code, problem: nil)
  }

}
