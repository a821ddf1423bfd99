/// At most `limit` holders at once; later callers wait in order. Used for per-provider
/// concurrency caps (Ollama serves one request at a time by default and queues the rest
/// without a byte, which would look like a stall).
actor AsyncLimiter {
  private let limit: Int
  private var active = 0
  private var waiters: [CheckedContinuation<Void, Never>] = []

  init(limit: Int) { self.limit = max(1, limit) }

  func acquire() async {
    if active < limit {
      active += 1
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  func release() {
    if waiters.isEmpty {
      active -= 1
    } else {
      waiters.removeFirst().resume()
    }
  }

  func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
    await acquire()
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
