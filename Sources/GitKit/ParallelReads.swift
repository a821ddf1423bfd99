import Synchronization

/// Runs `transform` for every index on `workers` threads and returns the results in index order.
/// Threads take runs of `chunk` neighbouring indexes at a time, whichever thread is free next:
/// neighbours stay on one thread (a commit's parent is the next commit of the walk, so a
/// thread's object cache already holds most of what the next diff reads), and a slow run does
/// not hold the others up. `transform` also gets the worker's number, for state a thread keeps
/// to itself (a libgit2 handle is not `Sendable`, so every thread has its own: `PerWorker`).
///
/// Blocks until every index is done: the commands reach it on a `WorkerThreads.run` thread, not
/// on the cooperative pool.
public enum ParallelMap {
  public static let chunk = 16

  public static func run<Output: Sendable>(count: Int, workers: Int, _ transform: @Sendable (Int) -> Output) -> [Output] {
    run(count: count, workers: workers) { _, index in transform(index) }
  }

  public static func run<Output: Sendable>(count: Int, workers: Int, _ transform: @Sendable (_ worker: Int, _ index: Int) -> Output)
    -> [Output]
  {
    guard count > 0 else { return [] }
    let next = Mutex(0)
    // Each thread keeps its results to itself and hands them over once, at its end.
    let done = Mutex<[(index: Int, output: Output)]>([])
    let workerCount = max(1, min(workers, (count + chunk - 1) / chunk))
    WorkerThreads.forEach(workerCount) { worker in
      var mine: [(index: Int, output: Output)] = []
      while case let start = next.withLock({ claim(&$0) }), start < count {
        for index in start..<min(start + chunk, count) { mine.append((index, transform(worker, index))) }
      }
      done.withLock { $0 += mine }
    }
    return done.withLock { results in results.sorted { $0.index < $1.index }.map(\.output) }
  }

  /// Claims the next `chunk` indexes and returns the first.
  private static func claim(_ next: inout Int) -> Int {
    let start = next
    next += chunk
    return start
  }
}

/// One lazily made value per worker number, kept across `ParallelMap` runs: a worker's own
/// repository handle, say. Each slot has its own lock, so a worker may use its value while the
/// others use theirs; worker n only ever takes slot n, so the locks are never contended, but they
/// make the first write to a slot, and the value a later run finds there, safe on any thread.
public final class PerWorker<Value>: Sendable {
  private final class Slot: Sendable {
    let value = Mutex<Value?>(nil)
  }

  private let slots: [Slot]
  private let make: @Sendable () -> Value

  public init(workers: Int, make: @escaping @Sendable () -> Value) {
    slots = (0..<max(1, workers)).map { _ in Slot() }
    self.make = make
  }

  /// Runs `body` with worker `worker`'s value (made on first use), holding that slot's lock.
  public func with<Result: Sendable>(_ worker: Int, _ body: @Sendable (inout Value) -> Result) -> Result {
    slots[worker].value.withLock { slot in
      var value = slot ?? make()
      defer { slot = value }
      return body(&value)
    }
  }
}
