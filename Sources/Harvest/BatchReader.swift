import Dispatch
import GitKit

/// Reads one batch of commits in the background while the history walk collects the next, so
/// the walk's own time (parsing commit objects) overlaps the diffing instead of adding to it.
/// At most one batch is in flight; results are handed back on the caller's thread, in order.
final class BatchReader: @unchecked Sendable {
  private let workers: CommitWorkers
  private let queue = DispatchQueue(label: "git-llm.harvest.batches")
  private let group = DispatchGroup()
  /// Written by the background batch, read only after `group.wait()`.
  private var result: Result<[CommitYield], GitError>?

  init(workers: CommitWorkers) { self.workers = workers }

  /// Hands back the batch in flight (if any), then starts reading `batch`.
  func submit(_ batch: [CommitInfo], deliver: (CommitYield) -> Void) throws(GitError) {
    try finish(deliver: deliver)
    guard !batch.isEmpty else { return }
    queue.async(group: group) { [self] in
      do throws(GitError) {
        result = .success(try workers.run(batch))
      } catch {
        result = .failure(error)
      }
    }
  }

  /// Waits for the batch in flight and hands back its results.
  func finish(deliver: (CommitYield) -> Void) throws(GitError) {
    group.wait()
    guard let done = result else { return }
    result = nil
    for yield in try done.get() { deliver(yield) }
  }
}
