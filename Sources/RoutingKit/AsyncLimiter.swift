import Synchronization

/// At most `limit` holders at once; later callers wait in order. Used for per-provider
/// concurrency caps (Ollama serves one request at a time by default and queues the rest
/// without a byte, which would look like a stall).
///
/// A waiter whose task is cancelled leaves the queue at once and throws `CancellationError`: a
/// review stopped by Ctrl-C or a hook timeout must not sit behind a slow request, and the slot it
/// never got goes to the next waiter instead. The state is under a `Mutex` rather than in an actor
/// so that the cancellation handler, which runs synchronously on whichever thread cancels, can
/// take the waiter out before anyone could hand it a slot.
final class AsyncLimiter: Sendable {
  private struct Waiter {
    let id: UInt64
    let continuation: CheckedContinuation<Void, any Error>
  }

  private struct State {
    var active = 0
    var waiters: [Waiter] = []
    var nextID: UInt64 = 0
  }

  private let limit: Int
  private let state = Mutex(State())

  init(limit: Int) { self.limit = max(1, limit) }

  /// Holders now, and callers waiting for a slot (for tests and diagnostics).
  var counts: (active: Int, waiting: Int) { state.withLock { ($0.active, $0.waiters.count) } }

  /// Waits for a slot. Throws `CancellationError`, holding no slot, when the task is cancelled
  /// before one is free; the caller then must not `release`. A free slot is taken even by a
  /// cancelled task, as before: what it runs then sees the cancellation itself.
  func acquire() async throws {
    let id: UInt64? = state.withLock { state in
      if state.active < limit {
        state.active += 1
        return nil
      }
      state.nextID += 1
      return state.nextID
    }
    guard let id else { return }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        // Checked under the lock: a cancel that came before the waiter is queued finds nothing to
        // remove, so the waiter must see the flag here instead.
        let cancelled = state.withLock { state in
          if Task.isCancelled { return true }
          state.waiters.append(Waiter(id: id, continuation: continuation))
          return false
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
      }
    } onCancel: {
      let removed = state.withLock { state -> Waiter? in
        guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return state.waiters.remove(at: index)
      }
      removed?.continuation.resume(throwing: CancellationError())
    }
  }

  /// Gives a slot back: to the first waiter, or to the pool when none waits.
  func release() {
    let next = state.withLock { state -> Waiter? in
      if state.waiters.isEmpty {
        state.active -= 1
        return nil
      }
      return state.waiters.removeFirst()
    }
    next?.continuation.resume()
  }

  func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
    try await acquire()
    do {
      let value = try await body()
      release()
      return value
    } catch {
      release()
      throw error
    }
  }
}
