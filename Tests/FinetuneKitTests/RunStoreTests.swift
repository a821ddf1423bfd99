import Foundation
import TestSupport
import Testing

@testable import FinetuneKit

@Suite("RunStore: run folders and run.json")
struct RunStoreTests {
  let store: RunStore

  init() throws {
    store = RunStore(gitCommonDirectory: try makeTemporaryFolder())
  }

  @Test func rootIsUnderTheGitCommonDirectory() {
    #expect(RunStore(gitCommonDirectory: "/r/.git").root == "/r/.git/llm/finetune/runs")
    #expect(RunStore(root: "/x").recordPath("a") == "/x/a/run.json")
    #expect(RunStore(root: "/x").cancelMarker("a") == "/x/a/cancel-requested")
  }

  @Test func createLoadSaveRoundTrip() throws {
    var record = FinetuneFixtures.record(id: "20250101-000000-aaaa")
    try store.create(record)
    #expect(try store.load(record.id) == record)
    record.move(to: .running, now: Date(timeIntervalSince1970: 2000))
    record.exitCode = 137
    record.logTail = ["a", "b"]
    record.image = ImageReference(name: "git-llm-finetune:0123", id: "sha256:1", contentHash: "ff")
    record.supervisor = ProcessStamp(pid: 12, started: 34)
    try store.save(record)
    #expect(try store.load(record.id) == record)
  }

  @Test func runJSONIsPrettySortedSnakeCase() throws {
    var record = FinetuneFixtures.record(id: "20250101-000000-aaaa")
    record.image = ImageReference(name: "n", id: nil, contentHash: "ff")
    record.exitCode = 1
    try store.create(record)
    let text = try String(contentsOfFile: store.recordPath(record.id), encoding: .utf8)
    #expect(text.hasPrefix("{\n  \""))
    #expect(text.hasSuffix("}\n"))
    for key in ["git_llm_version", "queue_ticket", "log_offset", "exit_code", "content_hash", "base_model", "learning_rate"] {
      #expect(text.contains("\"\(key)\" :"), "\(key)")
    }
    #expect(!text.contains("gitLLMVersion") && !text.contains("queueTicket") && !text.contains("baseModel"))
    // Top-level keys sit at two spaces of indent, in sorted order.
    let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.dropFirst(3).prefix { $0 != "\"" } }
    #expect(keys.count > 10)
    #expect(keys == keys.sorted())
  }

  @Test func loadOfAMissingRunIsNoSuchRun() {
    #expect(throws: FinetuneError.noSuchRun("nope")) { try store.load("nope") }
  }

  @Test func loadOfADamagedRunIsUnreadable() throws {
    try FileManager.default.createDirectory(atPath: store.folder("bad"), withIntermediateDirectories: true)
    try Data("{not json".utf8).write(to: URL(fileURLWithPath: store.recordPath("bad")))
    #expect(throws: FinetuneError.unreadableRun(store.recordPath("bad"), "not a run.json this git-llm reads")) {
      try store.load("bad")
    }
  }

  @Test func updateChangesAndStampsUnderTheLock() throws {
    let record = FinetuneFixtures.record(id: "20250101-000000-aaaa")
    try store.create(record)
    let written = try store.update(record.id) { $0.attempts += 1 }
    #expect(written.attempts == 1)
    #expect(written.timestamps.updated != record.timestamps.updated)
    #expect(try store.load(record.id) == written)
  }

  @Test func concurrentUpdatesLoseNothing() async throws {
    let record = FinetuneFixtures.record(id: "20250101-000000-aaaa")
    try store.create(record)
    let store = self.store
    await withTaskGroup(of: Void.self) { group in
      for _ in 0..<16 {
        group.addTask { _ = try? store.update(record.id) { $0.attempts += 1 } }
      }
    }
    #expect(try store.load(record.id).attempts == 16)
  }

  @Test func anUpdateThatThrowsWritesNothing() throws {
    let record = FinetuneFixtures.record(id: "20250101-000000-aaaa")
    try store.create(record)
    #expect(throws: FinetuneError.noRuns) {
      try store.update(record.id) { (stored: inout RunRecord) throws(FinetuneError) in
        stored.attempts = 99
        throw .noRuns
      }
    }
    #expect(try store.load(record.id) == record)
  }

  @Test func allIsOldestFirstAndSkipsDamagedFolders() throws {
    for id in ["20250103-000000-cccc", "20250101-000000-aaaa", "20250102-000000-bbbb"] {
      try store.create(FinetuneFixtures.record(id: id))
    }
    try FileManager.default.createDirectory(atPath: store.folder("20250101-500000-dddd"), withIntermediateDirectories: true)
    try Data("[]".utf8).write(to: URL(fileURLWithPath: store.recordPath("20250101-500000-dddd")))
    try FileManager.default.createDirectory(atPath: store.folder("20250104-000000-empty"), withIntermediateDirectories: true)
    #expect(store.all().map(\.id) == ["20250101-000000-aaaa", "20250102-000000-bbbb", "20250103-000000-cccc"])
  }

  @Test func allOfAMissingRootIsEmpty() {
    #expect(store.all().isEmpty)
  }

  @Test func resolveFindsNewestExactAndPrefix() throws {
    for id in ["20250101-000000-aaaa", "20250101-000000-aabb", "20250102-000000-cccc"] {
      try store.create(FinetuneFixtures.record(id: id))
    }
    // A folder without run.json is no run, even when its name sorts last.
    try FileManager.default.createDirectory(atPath: store.folder("20250109-000000-zzzz"), withIntermediateDirectories: true)
    #expect(try store.resolve(nil).id == "20250102-000000-cccc")
    #expect(try store.resolve("").id == "20250102-000000-cccc")
    #expect(try store.resolve("20250101-000000-aabb").id == "20250101-000000-aabb")
    #expect(try store.resolve("20250102").id == "20250102-000000-cccc")
    #expect(throws: FinetuneError.ambiguousRun("20250101-000000-aa", ["20250101-000000-aaaa", "20250101-000000-aabb"])) {
      try store.resolve("20250101-000000-aa")
    }
    #expect(throws: FinetuneError.noSuchRun("2024")) { try store.resolve("2024") }
    #expect(throws: FinetuneError.noSuchRun("20250109")) { try store.resolve("20250109") }
  }

  @Test func anExactIdWinsOverALongerOne() throws {
    try store.create(FinetuneFixtures.record(id: "run"))
    try store.create(FinetuneFixtures.record(id: "run2"))
    #expect(try store.resolve("run").id == "run")
  }

  @Test func resolveInAnEmptyStoreIsNoRuns() {
    #expect(throws: FinetuneError.noRuns) { try store.resolve(nil) }
    #expect(throws: FinetuneError.noSuchRun("abc")) { try store.resolve("abc") }
  }

  @Test func newIDIsUTCTimeThenHex() throws {
    let id = RunStore.newID(now: Date(timeIntervalSince1970: 1_735_787_045))  // 2025-01-02 03:04:05 UTC
    #expect(id.hasPrefix("20250102-030405-"))
    #expect(id.wholeMatch(of: /[0-9]{8}-[0-9]{6}-[0-9a-f]{4}/) != nil, "\(id)")
    let random = RunStore.newID()
    #expect(random.wholeMatch(of: /[0-9]{8}-[0-9]{6}-[0-9a-f]{4}/) != nil, "\(random)")
  }

  @Test func newIDsSortByTime() {
    let times = [0, 1, 59, 3600, 86_400, 40 * 86_400, 400 * 86_400].map { Date(timeIntervalSince1970: 1_700_000_000 + Double($0)) }
    let ids = times.map { RunStore.newID(now: $0) }
    #expect(ids == ids.sorted())
    #expect(Set(ids.map { $0.prefix(15) }).count == ids.count)
  }
}
