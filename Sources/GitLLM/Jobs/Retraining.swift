import ConfigKit
import FinetuneKit
import Foundation
import GitKit

/// The post-merge trigger (`finetune.retrain_after_commits`): when at least N new non-merge
/// commits landed since the dataset of the last run that succeeded, `git llm finetune` starts
/// detached (harvest incrementally, then a run). Never a second run while one is queued or
/// running. Every decision goes to `<git dir>/llm/finetune/retrain.log` with its reason.
struct Retraining {
  enum Decision: Equatable {
    case off
    case busy(String)
    case noEarlierRun
    case notYet(Int, Int)
    case start(Int, Int)

    var line: String {
      switch self {
      case .off: return "retraining is off (finetune.retrain_after_commits: 0)"
      case .busy(let id): return "not retraining: run \(id) is still queued or running"
      case .noEarlierRun: return "not retraining: no run has succeeded yet; start the first with `git llm finetune`"
      case .notYet(let count, let needed): return "not retraining yet: \(count) of \(needed) new commits since the last trained dataset"
      case .start(let count, let needed): return "\(count) new commits (threshold \(needed)): started `git llm finetune` in the background"
      }
    }
  }

  let repository: Repository
  let threshold: Int

  /// What to do now; `start` is only returned, the caller starts it.
  func decide() -> Decision {
    guard threshold > 0 else { return .off }
    let runs = RunStore(gitCommonDirectory: repository.commonDirectory).all()
    if let active = runs.last(where: { $0.state.isActive }) { return .busy(active.id) }
    guard let last = runs.last(where: { $0.state == .succeeded }) else { return .noEarlierRun }
    let count = newCommits(since: last.dataset.head)
    return count >= threshold ? .start(count, threshold) : .notYet(count, threshold)
  }

  /// Non-merge commits on HEAD after `head`, counted up to the threshold (the hook stays quick);
  /// a head that is gone (history rewritten) counts as the threshold.
  func newCommits(since head: String?) -> Int {
    guard let head, let base = ObjectID(hex: head), (try? repository.commit(base)) != nil else { return threshold }
    guard let tip = try? repository.resolveCommit("HEAD") else { return 0 }
    var count = 0
    try? repository.walkHistory(including: [tip], excluding: [base], options: HistoryOptions(skipMerges: true, limit: threshold)) { _ in
      count += 1
      return true
    }
    return count
  }

  /// Decides, starts the run when due, and logs the decision; the line for the hook to show.
  func run() -> String? {
    let decision = decide()
    guard decision != .off else { return nil }
    var line = decision.line
    if case .start = decision {
      let log = repository.commonDirectory + "/llm/finetune/retrain.log"
      do {
        _ = try ChildProcess.spawnDetached([ShareFolder.executablePath(), "finetune"], logPath: log)
      } catch {
        line = "could not start retraining: \(error.localizedDescription)"
      }
    }
    record(line)
    return line
  }

  private func record(_ line: String) {
    let folder = repository.commonDirectory + "/llm/finetune"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/retrain.log"
    if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
    guard let handle = FileHandle(forWritingAtPath: path) else { return }
    defer { try? handle.close() }
    _ = try? handle.seekToEnd()
    handle.write(Data("\(Timestamp.string(Date())) \(line)\n".utf8))
  }
}
