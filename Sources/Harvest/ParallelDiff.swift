import Dispatch
import Foundation
import GitKit

/// Reads a batch of commits on all cores. Each worker opens its own `Repository` (libgit2 handles
/// are not `Sendable`) and takes every n-th commit; only ids and value results cross threads.
enum ParallelDiff {
  static func read(_ commits: [CommitInfo], gitDirectory: String, options: HarvestOptions, workers: Int) throws(GitError) -> [ChangeReader.Outcome] {
    let slots = ResultSlots(count: commits.count)
    let workerCount = max(1, min(workers, commits.count))
    DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
      do throws(GitError) {
        let reader = try ChangeReader(gitDirectory: gitDirectory, options: options)
        var index = worker
        while index < commits.count {
          slots.set(index, .success(try reader.read(commits[index])))
          index += workerCount
        }
      } catch {
        slots.set(worker, .failure(error))
      }
    }
    var outcomes: [ChangeReader.Outcome] = []
    outcomes.reserveCapacity(commits.count)
    for result in slots.values {
      switch result {
      case .success(let outcome)?: outcomes.append(outcome)
      case .failure(let error)?: throw error
      case nil: throw .library(code: -1, function: "harvest", message: "a worker returned no result")
      }
    }
    return outcomes
  }
}

/// One result slot per commit, written by the worker that owns it; the lock makes the writes
/// visible to the reader after `concurrentPerform` returns.
private final class ResultSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Result<ChangeReader.Outcome, GitError>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Result<ChangeReader.Outcome, GitError>) {
    lock.lock()
    defer { lock.unlock() }
    // A worker's failure lands in its first slot; never overwrite a failure with a later success.
    if case .failure? = slots[index] { return }
    slots[index] = value
  }

  var values: [Result<ChangeReader.Outcome, GitError>?] {
    lock.lock()
    defer { lock.unlock() }
    return slots
  }
}
