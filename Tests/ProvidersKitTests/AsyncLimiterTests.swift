import Foundation
import Testing

@testable import RoutingKit

@Suite("AsyncLimiter: caps and cancellation")
struct AsyncLimiterTests {
  /// Polls `condition` (generously bounded: the test asserts states, not speed).
  func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<6000 {
      if condition() { return true }
      try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
  }

  @Test("a cancelled waiter leaves the queue, throws CancellationError and takes no slot")
  func cancelledWaiterLeaves() async throws {
    let limiter = AsyncLimiter(limit: 1)
    try await limiter.acquire()
    let waiter = Task { try await limiter.acquire() }
    #expect(await eventually { limiter.counts.waiting == 1 })
    waiter.cancel()
    await #expect(throws: CancellationError.self) { try await waiter.value }
    #expect(limiter.counts == (active: 1, waiting: 0))
    // The holder's release frees the slot: the cancelled waiter did not take it.
    limiter.release()
    #expect(limiter.counts == (active: 0, waiting: 0))
    try await limiter.acquire()
    #expect(limiter.counts == (active: 1, waiting: 0))
  }

  @Test("a waiter whose task was cancelled before it queued throws at once")
  func alreadyCancelled() async throws {
    let limiter = AsyncLimiter(limit: 1)
    try await limiter.acquire()
    let waiter = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      try await limiter.acquire()
    }
    await #expect(throws: CancellationError.self) { try await waiter.value }
    #expect(limiter.counts == (active: 1, waiting: 0))
  }

  @Test("slots pass to waiters in order, and cancelling one waiter leaves the others queued")
  func order() async throws {
    let limiter = AsyncLimiter(limit: 1)
    try await limiter.acquire()
    let first = Task { try await limiter.acquire() }
    #expect(await eventually { limiter.counts.waiting == 1 })
    let second = Task { try await limiter.acquire() }
    #expect(await eventually { limiter.counts.waiting == 2 })
    let third = Task { try await limiter.acquire() }
    #expect(await eventually { limiter.counts.waiting == 3 })
    second.cancel()
    await #expect(throws: CancellationError.self) { try await second.value }
    limiter.release()
    try await first.value
    #expect(limiter.counts == (active: 1, waiting: 1))
    limiter.release()
    try await third.value
    #expect(limiter.counts == (active: 1, waiting: 0))
  }

  @Test("many tasks through withSlot never exceed the cap, and all slots come back")
  func capUnderLoad() async throws {
    let limiter = AsyncLimiter(limit: 3)
    let peak = PeakCounter()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<200 {
        group.addTask {
          try await limiter.withSlot {
            await peak.enter()
            await Task.yield()
            await peak.leave()
          }
        }
      }
      try await group.waitForAll()
    }
    #expect(await peak.highest <= 3)
    #expect(limiter.counts == (active: 0, waiting: 0))
  }
}

actor PeakCounter {
  private var now = 0
  private(set) var highest = 0
  func enter() {
    now += 1
    highest = max(highest, now)
  }
  func leave() { now -= 1 }
}
