import GitKit

/// Reads one batch of commits in the background while the history walk collects the next, so
/// the walk's own time (parsing commit objects) overlaps the diffing instead of adding to it.
/// At most one batch is in flight; results are handed back on the caller's thread, in order.
final class BatchReader {
  private let workers: CommitWorkers
  private var inFlight: WorkerThreads.Pending<Result<[CommitYield], GitError>>?

  init(workers: CommitWorkers) { self.workers = workers }

  /// Hands back the batch in flight (if any), then starts reading `batch`.
  func submit(_ batch: [CommitInfo], deliver: (CommitYield) -> Void) throws(GitError) {
    try finish(deliver: deliver)
    guard !batch.isEmpty else { return }
    let workers = self.workers
    inFlight = WorkerThreads.start { Result { () throws(GitError) in try workers.run(batch) } }
  }

  /// Waits for the batch in flight and hands back its results.
  func finish(deliver: (CommitYield) -> Void) throws(GitError) {
    guard let pending = inFlight else { return }
    inFlight = nil
    for yield in try pending.wait().get() { deliver(yield) }
  }
}
