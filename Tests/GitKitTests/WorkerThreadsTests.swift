import Foundation
import Synchronization
import Testing

@testable import GitKit

@Suite("Worker threads: ParallelMap, PerWorker, run, start")
struct WorkerThreadsTests {
  @Test("ParallelMap hands back every result in index order")
  func parallelMapKeepsOrder() {
    for workers in [1, 3, 64] {
      let results = ParallelMap.run(count: 10_007, workers: workers) { index in index &* 7 }
      #expect(results == (0..<10_007).map { $0 &* 7 })
    }
    #expect(ParallelMap.run(count: 0, workers: 4) { $0 }.isEmpty)
  }

  @Test("PerWorker: many threads hammering their slots lose no write and make each value once")
  func perWorkerUnderLoad() {
    let workers = 48
    let made = Mutex(0)
    let slots = PerWorker<[Int]>(workers: workers) {
      made.withLock { $0 += 1 }
      return []
    }
    // Several runs, as a harvest makes batch after batch: a slot's value must survive between them.
    let count = 20_000
    for run in 0..<5 {
      let seen = ParallelMap.run(count: count, workers: workers) { worker, index in
        slots.with(worker) { value in
          value.append(run * count + index)
          return worker
        }
      }
      #expect(seen.count == count)
    }
    var all: [Int] = []
    for worker in 0..<workers { all += slots.with(worker) { $0 } }
    #expect(all.sorted() == Array(0..<(5 * count)))
    // Each slot was made once at most (workers that never got a chunk make theirs just now).
    #expect(made.withLock { $0 } == workers)
  }

  @Test("run gives blocking work threads of its own: more blockers than cores all run at once")
  func runIsOffTheCooperativePool() async throws {
    // Each job blocks until every job has started. On the cooperative pool (one thread per core)
    // the later ones would never start and the barrier would time out.
    let jobs = ProcessInfo.processInfo.activeProcessorCount * 3 + 4
    let arrived = Shared(0)
    let met = try await withThrowingTaskGroup(of: Bool.self) { group in
      for _ in 0..<jobs {
        group.addTask {
          try await WorkerThreads.run {
            arrived.value.withLock { $0 += 1 }
            let deadline = Date().addingTimeInterval(60)
            while arrived.value.withLock({ $0 }) < jobs {
              if Date() > deadline { return false }
              Thread.sleep(forTimeInterval: 0.001)
            }
            return true
          }
        }
      }
      return try await group.reduce(true) { $0 && $1 }
    }
    #expect(met)
  }

  struct Thrown: Error, Equatable {}

  @Test("run hands back what the work threw")
  func runRethrows() async throws {
    await #expect(throws: Thrown.self) { try await WorkerThreads.run { () throws -> Int in throw Thrown() } }
    #expect(try await WorkerThreads.run { 41 + 1 } == 42)
  }

  @Test("start runs in the background; wait hands back the value, every time")
  func startAndWait() {
    let gate = Shared(false)
    let pending = WorkerThreads.start { () -> Int in
      let deadline = Date().addingTimeInterval(60)
      while !gate.value.withLock({ $0 }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
      return 7
    }
    // start returned while the work is still blocked on the gate.
    gate.value.withLock { $0 = true }
    #expect(pending.wait() == 7)
    #expect(pending.wait() == 7)
  }
}

/// A Mutex that escaping closures can share.
final class Shared<Value: Sendable>: Sendable {
  let value: Mutex<Value>
  init(_ initial: Value) { value = Mutex(initial) }
}
