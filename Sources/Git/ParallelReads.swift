import Dispatch
import Foundation

/// Runs `transform` for every index on `workers` threads and returns the results in index order.
/// Threads take runs of `chunk` neighbouring indexes at a time, whichever thread is free next:
/// neighbours stay on one thread (a commit's parent is the next commit of the walk, so a
/// thread's object cache already holds most of what the next diff reads), and a slow run does
/// not hold the others up. `transform` also gets the worker's number, for state a thread keeps
/// to itself (a libgit2 handle is not `Sendable`, so every thread has its own).
public enum ParallelMap {
  public static let chunk = 16

  public static func run<Output: Sendable>(count: Int, workers: Int, _ transform: @Sendable (Int) -> Output) -> [Output] {
    run(count: count, workers: workers) { _, index in transform(index) }
  }

  public static func run<Output: Sendable>(count: Int, workers: Int, _ transform: @Sendable (_ worker: Int, _ index: Int) -> Output) -> [Output] {
    let slots = ResultSlots<Output>(count: count)
    let next = ChunkCounter()
    let workerCount = max(1, min(workers, (count + chunk - 1) / chunk))
    DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
      while case let start = next.take(chunk), start < count {
        for index in start..<min(start + chunk, count) { slots.set(index, transform(worker, index)) }
      }
    }
    return slots.values.compactMap { $0 }
  }
}

/// The next unclaimed index of a `ParallelMap` run.
private final class ChunkCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0

  /// Claims `size` indexes and returns the first.
  func take(_ size: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    let start = next
    next += size
    return start
  }
}

/// One result slot per item, written by the worker that owns it; the lock makes the writes
/// visible to the reader after `concurrentPerform` returns.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Value?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Value) {
    lock.lock()
    defer { lock.unlock() }
    slots[index] = value
  }

  var values: [Value?] {
    lock.lock()
    defer { lock.unlock() }
    return slots
  }
}

/// One lazily made value per worker number, kept across `ParallelMap` runs: a worker's own
/// repository handle, say. Worker n only ever touches slot n and runs never overlap, so the
/// slots need no lock.
public final class PerWorker<Value>: @unchecked Sendable {
  private var values: [Value?]
  private let make: @Sendable () -> Value

  public init(workers: Int, make: @escaping @Sendable () -> Value) {
    values = Array(repeating: nil, count: max(1, workers))
    self.make = make
  }

  public subscript(worker: Int) -> Value {
    if let value = values[worker] { return value }
    let value = make()
    values[worker] = value
    return value
  }
}
