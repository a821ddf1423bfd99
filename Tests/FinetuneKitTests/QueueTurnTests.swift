import Foundation
import TestSupport
import Testing

@testable import FinetuneKit

@Suite("QueueTurn: one run at a time per queue")
struct QueueTurnTests {
  let store: RunStore
  let lockFolder: String

  init() throws {
    store = RunStore(root: try makeTemporaryFolder() + "/runs")
    lockFolder = try makeTemporaryFolder()
  }

  func isFirst(_ record: RunRecord) throws -> Bool {
    try store.create(record)
    return QueueTurn(store: store, id: record.id, lockFolder: lockFolder).isFirst(record)
  }

  var me: RunRecord { FinetuneFixtures.record(id: "b-me", ticket: 2000) }

  @Test func aloneIsFirst() throws {
    #expect(try isFirst(me))
  }

  @Test func aLiveEarlierRunOfTheSameQueueBlocks() throws {
    try store.create(FinetuneFixtures.record(id: "a-earlier", ticket: 1000, state: .running, supervisor: .current()))
    #expect(try !isFirst(me))
  }

  @Test func aLiveQueuedEarlierRunBlocks() throws {
    try store.create(FinetuneFixtures.record(id: "a-earlier", ticket: 1000, state: .queued, supervisor: .current()))
    #expect(try !isFirst(me))
  }

  @Test func theSameTicketIsOrderedById() throws {
    try store.create(FinetuneFixtures.record(id: "a-tie", ticket: 2000, supervisor: .current()))
    #expect(try !isFirst(me))
    try store.create(FinetuneFixtures.record(id: "c-tie", ticket: 2000, supervisor: .current()))
    let turn = QueueTurn(store: store, id: "a-tie", lockFolder: lockFolder)
    #expect(try turn.isFirst(store.load("a-tie")))
  }

  @Test func aLaterRunDoesNotBlock() throws {
    try store.create(FinetuneFixtures.record(id: "c-later", ticket: 3000, state: .running, supervisor: .current()))
    #expect(try isFirst(me))
  }

  @Test func anotherQueueDoesNotBlock() throws {
    try store.create(
      FinetuneFixtures.record(id: "a-other", queue: "docker@ssh://u@h", ticket: 1000, state: .running, supervisor: .current()))
    #expect(try isFirst(me))
  }

  @Test(arguments: [RunState.succeeded, .failed, .cancelled])
  func aFinishedEarlierRunDoesNotBlock(_ state: RunState) throws {
    try store.create(FinetuneFixtures.record(id: "a-done", ticket: 1000, state: state, supervisor: .current()))
    #expect(try isFirst(me))
  }

  @Test func anEarlierRunWhoseSupervisorDiedDoesNotBlock() throws {
    let dead = try FinetuneFixtures.finishedProcess()
    try store.create(FinetuneFixtures.record(id: "a-dead", ticket: 1000, state: .running, supervisor: dead))
    try store.create(FinetuneFixtures.record(id: "a-none", ticket: 1500, state: .queued, supervisor: nil))
    #expect(try isFirst(me))
  }

  @Test func lockPathsDifferByQueue() {
    let turn = QueueTurn(store: store, id: "x", lockFolder: "/locks")
    #expect(turn.lockPath("podman@local") == turn.lockPath("podman@local"))
    #expect(turn.lockPath("podman@local") != turn.lockPath("docker@local"))
    #expect(turn.lockPath("podman@local").wholeMatch(of: /\/locks\/queue-[0-9a-f]{16}\.lock/) != nil)
  }

  @Test func waitReturnsNothingForACancelledRun() throws {
    try store.create(FinetuneFixtures.record(id: "a-cancelled", state: .cancelled))
    #expect(try QueueTurn(store: store, id: "a-cancelled", lockFolder: lockFolder).wait() == nil)
    try store.create(FinetuneFixtures.record(id: "b-marked"))
    try Data().write(to: URL(fileURLWithPath: store.cancelMarker("b-marked")))
    #expect(try QueueTurn(store: store, id: "b-marked", lockFolder: lockFolder).wait() == nil)
  }

  @Test func waitTakesTheQueueLockWhenFirst() throws {
    try store.create(me)
    let turn = QueueTurn(store: store, id: me.id, lockFolder: lockFolder)
    let lock = try turn.wait()
    #expect(lock != nil)
    // Held: nobody else gets this queue's lock meanwhile.
    #expect(try FileLock.attempt(turn.lockPath(me.queue)) == nil)
    withExtendedLifetime(lock) {}
  }
}
