import Dispatch
import Foundation
import Synchronization

/// The one place git-llm runs blocking work on threads: libgit2 reads and parsing on every core
/// (`ParallelMap`), a harvest's next batch read in the background, and the jobs that do them.
///
/// None of it runs on Swift's cooperative pool. That pool has one thread per core and counts on
/// every task giving its thread back at each `await`; a history walk that holds one for seconds,
/// or a fork-join that parks it until other threads finish, starves every task queued behind it.
/// So an async job hands its blocking part to `run`, which gives it a thread of its own, and the
/// fork-joins inside it block that thread only.
public enum WorkerThreads {
  /// Runs `body` on a thread of its own and resumes with what it returned or threw. The caller is
  /// suspended meanwhile and `body` is `sending`, so `body` may use what the caller handed it (a
  /// `Repository`) without a lock.
  public static func run<T: Sendable>(_ body: sending @escaping () throws -> T) async throws -> T {
    let job = Handover(body)
    return try await withCheckedThrowingContinuation { continuation in
      Thread { continuation.resume(with: Result { try job.value() }) }.start()
    }
  }

  /// Calls `body` with every number in `0..<count`, on as many threads at once, and returns when
  /// all calls have. Blocks the calling thread: call it from a `run` thread or a synchronous
  /// command, never from a task on the cooperative pool.
  public static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
    DispatchQueue.concurrentPerform(iterations: max(0, count), execute: body)
  }

  /// Starts `body` on a thread of its own; the caller goes on and collects the value later.
  public static func start<Value: Sendable>(_ body: @escaping @Sendable () -> Value) -> Pending<Value> {
    Pending(body)
  }

  /// Work started by `start`, collected with `wait`.
  public final class Pending<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    fileprivate init(_ body: @escaping @Sendable () -> Value) {
      Thread { self.finish(body()) }.start()
    }

    private func finish(_ result: Value) {
      value.withLock { $0 = result }
      done.signal()
    }

    /// Blocks until the work is done and returns its value (again on every later call).
    public func wait() -> Value {
      while true {
        if let result = value.withLock({ $0 }) { return result }
        done.wait()
        done.signal()  // so that a later call does not block
      }
    }
  }

  /// A `sending` value moved to the thread that runs it: nothing else holds it, so it may cross.
  private struct Handover<V>: @unchecked Sendable {
    let value: V
    init(_ value: sending V) { self.value = value }
  }
}
