import ConfigKit
import Foundation
import GitKit
import TestSupport
import Testing

@testable import HarvestKit

@Suite("Harvest: split, incremental, atomic writes, clones")
struct HarvestRunTests {
  func history(_ count: Int, in repo: DatedFixture, from start: Int = 0) throws {
    for index in start..<(start + count) {
      try repo.commit(
        "Change counter \(index) to track item number \(index)", files: ["c\(index % 5).py": "VALUE_\(index) = \(index * 7)\n"])
    }
  }

  @Test func splitIsOrderedByTime() throws {
    let repo = try DatedFixture()
    try history(20, in: repo)
    let (report, out) = try repo.harvest {
      $0.kinds = [.commitMessage]; $0.valRatio = 0.2; $0.testRatio = 0.1
    }
    #expect(report.counts == ["train.jsonl": 14, "valid.jsonl": 4, "test.jsonl": 2])
    func subjects(_ name: String) throws -> [Int] {
      try records(out + "/" + name).compactMap { record in
        let messages = record["messages"] as? [[String: String]]
        return messages?[2]["content"].flatMap { Int($0.split(separator: " ")[2]) }
      }
    }
    let train = try subjects("train.jsonl"), valid = try subjects("valid.jsonl"), test = try subjects("test.jsonl")
    #expect(train == Array(0..<14))
    #expect(valid == Array(14..<18))
    #expect(test == [18, 19])
    #expect(report.datasheet.split["test"]?.lastCommit == (try repo.fixture.revParse("HEAD")))
  }

  @Test func incrementalAddsOnlyNewCommits() throws {
    let repo = try DatedFixture()
    try history(6, in: repo)
    let (first, out) = try repo.harvest { $0.kinds = [.commitMessage] }
    #expect(first.counts["train.jsonl"] == 6)
    let before = lines(out + "/train.jsonl")
    try history(2, in: repo, from: 6)
    let (second, _) = try repo.harvest {
      $0.kinds = [.commitMessage]; $0.incremental = true
    }
    #expect(second.datasheet.commitsSeen == 2)
    let after = lines(out + "/train.jsonl")
    #expect(after.count == 8)
    #expect(Array(after.prefix(6)) == before)
    let state = try String(contentsOfFile: repo.path + "/.git/llm/harvest.json", encoding: .utf8)
    #expect(state.contains(try repo.fixture.revParse("HEAD")))
  }

  @Test func sinceTakesASpanBackFromNow() throws {
    let repo = try DatedFixture()
    // The fixture's commits are dated January 2024.
    try history(3, in: repo)
    let (recent, _) = try repo.harvest {
      $0.kinds = [.commitMessage]; $0.since = "1 day"
    }
    #expect(recent.datasheet.droppedCommits["before_since"] == 3)
    let (all, _) = try repo.harvest {
      $0.kinds = [.commitMessage]; $0.since = "30 years"
    }
    #expect(all.counts["train.jsonl"] == 3)
  }

  @Test func theDatasetDoesNotDependOnTheNumberOfThreads() throws {
    let repo = try DatedFixture()
    // More commits than one thread's run of neighbours, with code pairs and near copies.
    try history(45, in: repo)
    try repo.commit(
      "Add geometry helpers for shapes",
      files: [
        "geo.py": "def area(width, height):\n    \"\"\"Return the area of a rectangle from its sides.\"\"\"\n    return width * height\n"
      ])
    var outputs: [[String: Data]] = []
    for workers in [1, 3] {
      let (_, out) = try repo.harvest {
        $0.workers = workers; $0.valRatio = 0.2; $0.testRatio = 0.1
      }
      var files: [String: Data] = [:]
      for name in ["train.jsonl", "valid.jsonl", "test.jsonl"] { files[name] = FileManager.default.contents(atPath: out + "/" + name) }
      outputs.append(files)
    }
    #expect(outputs[0] == outputs[1])
    #expect((outputs[0]["train.jsonl"]?.count ?? 0) > 0)
  }

  /// The pid of a process that has exited.
  private func deadProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }

  @Test func anInterruptedRunIsFinishedOrCleanedUp() throws {
    let repo = try DatedFixture()
    try history(3, in: repo)
    let (_, out) = try repo.harvest { $0.kinds = [.commitMessage] }
    let parent = (out as NSString).deletingLastPathComponent
    let train = try #require(FileManager.default.contents(atPath: out + "/train.jsonl"))
    let pid = try deadProcessID()
    // Stopped after moving the old dataset aside and before putting the new one in place.
    let aside = parent + "/.dataset.old-\(pid)"
    #expect(rename(out, aside) == 0)
    try FileManager.default.createDirectory(atPath: parent + "/.dataset.new-\(pid)", withIntermediateDirectories: false)
    DatasetWriter.recoverInterruptedRun(out)
    #expect(FileManager.default.contents(atPath: out + "/train.jsonl") == train)
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".dataset.") }.isEmpty)
    // A live process's staging folder is left alone.
    let live = parent + "/.dataset.new-\(getppid())"
    try FileManager.default.createDirectory(atPath: live, withIntermediateDirectories: false)
    DatasetWriter.recoverInterruptedRun(out)
    #expect(FileManager.default.fileExists(atPath: live))
  }

  @Test func outputThroughALinkAndOntoAFile() throws {
    let repo = try DatedFixture()
    try history(3, in: repo)
    let real = repo.fixture.scratch("real-dataset")
    let link = repo.fixture.scratch("linked-dataset")
    _ = try repo.harvest {
      $0.kinds = [.commitMessage]; $0.outputDirectory = real
    }
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
    try history(1, in: repo, from: 3)
    let (report, _) = try repo.harvest {
      $0.kinds = [.commitMessage]; $0.outputDirectory = link
    }
    #expect(report.counts["train.jsonl"] == 4)
    #expect(lines(real + "/train.jsonl").count == 4)
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == real)
    // A file where the folder should be is never replaced.
    let file = repo.fixture.scratch("notes.txt")
    try Data("mine\n".utf8).write(to: URL(fileURLWithPath: file))
    #expect(throws: HarvestError.notAFolder(file)) { try repo.harvest { $0.outputDirectory = file } }
    #expect(FileManager.default.contents(atPath: file) == Data("mine\n".utf8))
  }

  @Test func failedWriteLeavesTheOldDatasetWhole() throws {
    let repo = try DatedFixture()
    try history(4, in: repo)
    let (_, out) = try repo.harvest { $0.kinds = [.commitMessage] }
    let old = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    let oldTrain = lines(out + "/train.jsonl")
    try history(2, in: repo, from: 4)
    // A file git-llm did not write stops the run before anything changes.
    try Data("keep me".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
    #expect(throws: HarvestError.self) { try repo.harvest { $0.kinds = [.commitMessage] } }
    #expect(lines(out + "/train.jsonl") == oldTrain)
    try FileManager.default.removeItem(atPath: out + "/notes.txt")
    // A failure half-way through staging (the second file can't be created): the old dataset
    // stays whole and nothing staged is left behind.
    #expect(throws: HarvestError.self) {
      try DatasetWriter.replace(folder: out, with: [("train.jsonl", Data("new\n".utf8)), ("no/such/folder.jsonl", Data())])
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == old)
    #expect(lines(out + "/train.jsonl") == oldTrain)
    let parent = (out as NSString).deletingLastPathComponent
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".dataset.") }.isEmpty)
    // And a complete run replaces every file at once.
    let (report, _) = try repo.harvest { $0.kinds = [.commitMessage] }
    #expect(report.counts["train.jsonl"] == 6)
  }

  @Test func bareAndShallowClones() throws {
    let repo = try DatedFixture()
    try history(8, in: repo)
    let bare = repo.fixture.scratch("bare.git")
    try repo.fixture.git(["clone", "-q", "--bare", repo.path, bare])
    let out = repo.fixture.scratch("bare-out")
    let bareReport = try Harvester(options: HarvestOptions(outputDirectory: out, kinds: [.commitMessage], valRatio: 0, testRatio: 0))
      .run(repository: try Repository(at: bare))
    #expect(bareReport.counts["train.jsonl"] == 8)

    let shallow = repo.fixture.scratch("shallow")
    try repo.fixture.git(["clone", "-q", "--depth", "3", "file://" + repo.path, shallow])
    var notes: [String] = []
    var harvester = Harvester(
      options: HarvestOptions(outputDirectory: repo.fixture.scratch("shallow-out"), kinds: [.commitMessage], valRatio: 0, testRatio: 0))
    harvester.note = { notes.append($0) }
    let report = try harvester.run(repository: try Repository(at: shallow))
    #expect(report.datasheet.shallow)
    #expect(report.datasheet.historyCutAt.count == 1)
    #expect(report.datasheet.droppedCommits["history_cut"] == 1)
    #expect(report.counts["train.jsonl"] == 2)
    #expect(notes.contains { $0.contains("history was cut") })
  }
}
