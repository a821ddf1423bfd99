import ConfigKit
import Foundation
import GitKit
import TestSupport
import Testing

@testable import HarvestKit

@Suite("Harvest: --incremental")
struct HarvestIncrementalTests {
  private let greeting = ["greeting.txt": "Hello from the incremental test fixture\n"]

  private func history(_ count: Int, in repo: DatedFixture, from start: Int = 0) throws {
    for index in start..<(start + count) {
      try repo.commit(
        "Change counter \(index) to track item number \(index)", files: ["c\(index % 5).py": "VALUE_\(index) = \(index * 7)\n"])
    }
  }

  /// Every file of the dataset folder and the recorded state, to show a refused run changed nothing.
  private func snapshot(_ repo: DatedFixture, _ out: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: out) {
      files[name] = FileManager.default.contents(atPath: out + "/" + name)
    }
    files["harvest.json"] = FileManager.default.contents(atPath: repo.path + "/.git/llm/harvest.json")
    return files
  }

  private func mismatch(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch let error as HarvestError {
      if case .incrementalMismatch = error { return error.description }
      return "other error: \(error)"
    } catch {
      return "other error: \(error)"
    }
  }

  @Test func refusesAnotherFormatOrFolderAndChangesNothing() throws {
    let repo = try DatedFixture()
    try history(4, in: repo)
    let (_, out) = try repo.harvest { $0.kinds = [.commitMessage] }
    try history(1, in: repo, from: 4)
    let before = try snapshot(repo, out)

    let format = mismatch {
      _ = try repo.harvest {
        $0.kinds = [.commitMessage]; $0.format = .alpaca; $0.incremental = true
      }
    }
    #expect(format?.contains("wrote chat records") == true)
    #expect(format?.contains("--format chat") == true)

    let elsewhere = repo.fixture.scratch("other-dataset")
    let folder = mismatch {
      _ = try repo.harvest {
        $0.kinds = [.commitMessage]; $0.outputDirectory = elsewhere; $0.incremental = true
      }
    }
    #expect(folder?.contains("--out \(out)") == true)
    #expect(!FileManager.default.fileExists(atPath: elsewhere))
    #expect(try snapshot(repo, out) == before)
  }

  @Test func refusesWhenTheDatasetIsGoneOrNotItsFormat() throws {
    let repo = try DatedFixture()
    try history(3, in: repo)
    let (_, out) = try repo.harvest { $0.kinds = [.commitMessage] }
    let train = out + "/train.jsonl"
    let original = try #require(FileManager.default.contents(atPath: train))

    try Data("{\"prompt\": \"not a chat record\"}\n".utf8).write(to: URL(fileURLWithPath: train))
    let foreign = mismatch {
      _ = try repo.harvest {
        $0.kinds = [.commitMessage]; $0.incremental = true
      }
    }
    #expect(foreign?.contains("train.jsonl line 1 is not a chat record") == true)

    try original.write(to: URL(fileURLWithPath: train))
    try FileManager.default.removeItem(atPath: out + "/valid.jsonl")
    let gone = mismatch {
      _ = try repo.harvest {
        $0.kinds = [.commitMessage]; $0.incremental = true
      }
    }
    #expect(gone?.contains("valid.jsonl from the last harvest is gone") == true)
    #expect(FileManager.default.contents(atPath: train) == original)
  }

  @Test func newPairsThatRepeatOldRecordsAreDropped() throws {
    let repo = try DatedFixture()
    try repo.commit("Add the greeting file for visitors", files: greeting)
    try history(3, in: repo)
    let (first, out) = try repo.harvest { $0.kinds = [.commitMessage] }
    #expect(lines(out + "/train.jsonl").count == 4)
    #expect(first.datasheet.extends == nil)
    // Removed (a deletion teaches nothing and is dropped) and added back with the same message:
    // the same patch, so the same pair.
    try FileManager.default.removeItem(atPath: repo.path + "/greeting.txt")
    try repo.commit("Remove the greeting file until the copy is final")
    try repo.commit("Add the greeting file for visitors", files: greeting)
    let (second, _) = try repo.harvest {
      $0.kinds = [.commitMessage]; $0.incremental = true
    }
    #expect(second.datasheet.commitsSeen == 2)
    #expect(second.datasheet.droppedPairs["exact_duplicate"] == 1)
    let train = lines(out + "/train.jsonl")
    #expect(train.count == 4)
    // The datasheet counts this run and says what it extended and how many records there are now.
    #expect(second.datasheet.extends == first.datasheet.head)
    #expect(second.datasheet.records == ["train.jsonl": 4, "valid.jsonl": 0, "test.jsonl": 0])
    let markdown = try String(contentsOfFile: out + "/DATASHEET.md", encoding: .utf8)
    #expect(markdown.contains("extending the harvest of \(first.datasheet.head)"))
    #expect(train.filter { $0.contains("Add the greeting file for visitors") }.count == 1)
  }

  @Test func codePairsComeFromTheNewTreeWithoutRepeats() throws {
    let repo = try DatedFixture()
    let area =
      "def area(width, height):\n    \"\"\"Return the area of a rectangle from its width and height.\"\"\"\n    return width * height\n"
    try repo.commit("Add geometry helpers for shapes", files: ["geo.py": area])
    let (first, out) = try repo.harvest { $0.kinds = [.code] }
    #expect(first.counts["train.jsonl"] == 1)
    let perimeter =
      "def perimeter(width, height):\n    \"\"\"Return the perimeter of a rectangle from its sides.\"\"\"\n    return 2 * (width + height)\n"
    try repo.commit("Add the perimeter helper", files: ["geo.py": area + "\n\n" + perimeter])
    let (second, _) = try repo.harvest {
      $0.kinds = [.code]; $0.incremental = true
    }
    #expect(second.datasheet.codeTree == (try repo.fixture.revParse("HEAD")))
    #expect(second.datasheet.droppedPairs["exact_duplicate"] == 1)
    let train = lines(out + "/train.jsonl")
    #expect(train.count == 2)
    #expect(train[1].contains("Return the perimeter of a rectangle"))
  }

  @Test func nothingNewLeavesTheDatasetAsItWas() throws {
    let repo = try DatedFixture()
    try history(3, in: repo)
    let (_, out) = try repo.harvest()
    let before = lines(out + "/train.jsonl")
    var notes: [String] = []
    var harvester = Harvester(options: HarvestOptions(outputDirectory: out, valRatio: 0, testRatio: 0, incremental: true))
    harvester.note = { notes.append($0) }
    let report = try harvester.run(repository: try Repository(discoveringFrom: repo.path))
    #expect(report.datasheet.commitsSeen == 0)
    #expect(report.datasheet.codeTree == nil)
    #expect(notes.contains { $0.hasPrefix("nothing new since the last harvest") })
    #expect(lines(out + "/train.jsonl") == before)
  }

  @Test func rewrittenHistoryIsReadAgainWithoutRepeats() throws {
    let repo = try DatedFixture()
    try history(3, in: repo)
    let (_, out) = try repo.harvest { $0.kinds = [.commitMessage] }
    // The last harvested commit is rewritten away: the next run cannot start after it.
    _ = try repo.fixture.git(["reset", "--hard", "HEAD~1"])
    _ = try repo.fixture.git(["reflog", "expire", "--expire=now", "--all"])
    _ = try repo.fixture.git(["gc", "--prune=now", "--quiet"])
    try history(1, in: repo, from: 10)
    var notes: [String] = []
    var harvester = Harvester(
      options: HarvestOptions(outputDirectory: out, kinds: [.commitMessage], valRatio: 0, testRatio: 0, incremental: true))
    harvester.note = { notes.append($0) }
    let report = try harvester.run(repository: try Repository(discoveringFrom: repo.path))
    #expect(notes.contains { $0.contains("is not in this repository") })
    #expect(report.datasheet.commitsSeen == 3)
    #expect(report.datasheet.droppedPairs["exact_duplicate"] == 2)
    #expect(lines(out + "/train.jsonl").count == 4)
  }

  @Test func noEarlierHarvestMeansAFullOne() throws {
    let repo = try DatedFixture()
    try history(3, in: repo)
    var notes: [String] = []
    var harvester = Harvester(
      options: HarvestOptions(
        outputDirectory: repo.fixture.scratch("dataset"), kinds: [.commitMessage], valRatio: 0, testRatio: 0, incremental: true))
    harvester.note = { notes.append($0) }
    let report = try harvester.run(repository: try Repository(discoveringFrom: repo.path))
    #expect(report.counts["train.jsonl"] == 3)
    #expect(report.datasheet.incremental == false)
    #expect(notes.contains { $0.hasPrefix("no earlier harvest is recorded") })
  }
}
