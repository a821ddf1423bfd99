import Foundation
import TestSupport
import Testing

@testable import FinetuneKit

@Suite("FileLock: an exclusive flock held while the value lives")
struct FileLockTests {
  let path: String

  init() throws {
    path = try makeTemporaryFolder() + "/locks/queue.lock"
  }

  @Test func attemptCreatesTheFileAndItsFolder() throws {
    let lock = try FileLock.attempt(path)
    #expect(lock != nil)
    #expect(FileManager.default.fileExists(atPath: path))
    withExtendedLifetime(lock) {}
  }

  @Test func aSecondLockInThisProcessConflicts() throws {
    // flock belongs to the open file description, and each FileLock opens the file anew: a
    // second lock on the same path fails even in the process that holds the first.
    let first = try #require(try FileLock.attempt(path))
    #expect(try FileLock.attempt(path) == nil)
    withExtendedLifetime(first) {}
  }

  @Test func theLockIsFreeAgainOnceReleased() throws {
    do {
      let first = try FileLock.attempt(path)
      #expect(first != nil)
      #expect(try FileLock.attempt(path) == nil)
      withExtendedLifetime(first) {}
    }
    let second = try FileLock.attempt(path)
    #expect(second != nil)
    withExtendedLifetime(second) {}
    let waited = try FileLock.acquire(path + ".other")
    withExtendedLifetime(waited) {}
  }

  @Test func acquireWaitsForTheHolder() async throws {
    let path = self.path
    let waiter: Task<Bool, any Error>
    do {
      let held = try FileLock.acquire(path)
      waiter = Task.detached {
        let lock = try FileLock.acquire(path)
        return withExtendedLifetime(lock) { true }
      }
      #expect(try FileLock.attempt(path) == nil)
      withExtendedLifetime(held) {}
    }
    #expect(try await waiter.value)
  }

  @Test func anotherProcessSeesTheLock() throws {
    // flock(1) -n fails at once (status 1) while the lock is held.
    do {
      let lock = try FileLock.attempt(path)
      #expect(lock != nil)
      #expect(try run("/usr/bin/flock", ["-n", path, "true"]).status == 1)
      withExtendedLifetime(lock) {}
    }
    #expect(try run("/usr/bin/flock", ["-n", path, "true"]).status == 0)
  }

  @Test func anUnwritablePathIsAnError() throws {
    let file = try makeTemporaryFolder() + "/plain"
    try Data().write(to: URL(fileURLWithPath: file))
    #expect(throws: FinetuneError.self) { try FileLock.attempt(file + "/inside.lock") }
  }
}
