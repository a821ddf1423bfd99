import Foundation
import Synchronization
import Testing

@testable import GitKit

/// Counts frees by address, so tests running side by side don't see each other's.
private enum CountedObject: GitObjectKind {
  static let frees = Mutex<[Int: Int]>([:])
  static func free(_ pointer: OpaquePointer) {
    frees.withLock { $0[Int(bitPattern: UnsafeRawPointer(pointer)), default: 0] += 1 }
  }
  static func count(_ address: Int) -> Int { frees.withLock { $0[address] ?? 0 } }
}

/// Every libgit2 object is owned by a value that frees it once, whichever way the code leaves.
@Suite("libgit2 objects are owned")
struct OwnedTests {
  private func pointer(_ address: Int) -> OpaquePointer { OpaquePointer(bitPattern: address)! }

  @Test func freedOnceWhenTheOwnerGoes() throws {
    do {
      let owned = try Owned<CountedObject>.make("test") {
        $0 = pointer(0x1000); return 0
      }
      owned.use { #expect($0 == pointer(0x1000)) }
      #expect(CountedObject.count(0x1000) == 0)
    }
    #expect(CountedObject.count(0x1000) == 1)
  }

  @Test func freedWhenTheCodeThrowsAfterward() {
    func read() throws(GitError) {
      let owned = try Owned<CountedObject>.make("test") {
        $0 = pointer(0x2000); return 0
      }
      // What DiffReader did: a check that throws right after the object was made.
      try owned.use { _ throws(GitError) in throw .unsupported("no delta") }
    }
    #expect(throws: GitError.self) { try read() }
    #expect(CountedObject.count(0x2000) == 1)
  }

  @Test func aFailedCallThatStillHandsBackAnObjectFreesIt() {
    #expect(throws: GitError.self) {
      _ = try Owned<CountedObject>.make("test") {
        $0 = pointer(0x3000); return -1
      }
    }
    #expect(CountedObject.count(0x3000) == 1)
    #expect(
      Owned<CountedObject>.attempt {
        $0 = pointer(0x4000); return -3
      } == nil)
    #expect(CountedObject.count(0x4000) == 1)
    #expect(throws: GitError.library(code: -1, function: "test", message: "nothing")) {
      _ = try Owned<CountedObject>.make("test", missing: "nothing") { _ in 0 }
    }
  }

  @Test func aPathspecArrayIsOwnedToo() throws {
    let array = CStringArray(["a", "b/c"])
    let strings = try array.withStrArray { array throws(GitError) in
      (0..<array.count).map { String(cString: array.strings[$0]!) }
    }
    #expect(strings == ["a", "b/c"])
  }
}
