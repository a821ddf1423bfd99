import Foundation
import TestSupport
import Testing

@Suite("git llm finetune dataset")
struct FinetuneCommandTests {
  /// Six commits: four small edits, one touching three files, one changing 30 lines.
  private func history() throws -> GitFixture {
    let repo = try GitFixture()
    for index in 0..<4 {
      try repo.write("app/c\(index).py", "VALUE_\(index) = \(index * 7)\n")
      try repo.commitAll("Set counter \(index) to its starting value")
    }
    for index in 0..<3 { try repo.write("lib/m\(index).py", "NAME_\(index) = 'module \(index)'\n") }
    try repo.commitAll("Add three library modules with their names")
    try repo.write("data/table.py", (1...30).map { "ROW_\($0) = \($0)\n" }.joined())
    try repo.commitAll("Add the lookup table for the rows")
    return repo
  }

  private func datasheet(_ folder: String) throws -> [String: Any] {
    let data = try #require(FileManager.default.contents(atPath: folder + "/datasheet.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test func writesTheDatasetAndSaysWhatItDid() throws {
    let cli = try CLI()
    let repo = try history()
    let result = try cli.run(
      ["finetune", "dataset", "--kinds", "commit_message", "--out", "ds", "--val-ratio", "0", "--test-ratio", "0"], in: repo.path)
    #expect(result.status == 0)
    let folder = repo.path + "/ds"
    #expect(
      result.output.split(separator: "\n").map(String.init)
        == ["train.jsonl", "valid.jsonl", "test.jsonl", "datasheet.json", "DATASHEET.md"].map { folder + "/" + $0 })
    #expect(result.stderr.contains("train 6, valid 0, test 0 pairs from 6 of 6 commits"))
    let sheet = try datasheet(folder)
    #expect(sheet["commits_used"] as? Int == 6)
    // Every key of the datasheet is snake_case, the split entries included.
    let split = try #require(sheet["split"] as? [String: [String: Any]])
    #expect(Set(split["train"]?.keys.map { $0 } ?? []) == ["pairs", "first_commit", "first_date", "last_commit", "last_date"])
    func keys(_ value: Any) -> [String] {
      if let object = value as? [String: Any] { return object.keys.map { $0 } + object.values.flatMap(keys) }
      if let array = value as? [Any] { return array.flatMap(keys) }
      return []
    }
    let fixedKeys = keys(sheet).filter { !$0.contains("<") && !$0.contains(">") }
    #expect(fixedKeys.allSatisfy { $0 == $0.lowercased() })
  }

  @Test func changeSizeBoundsAreFlags() throws {
    let cli = try CLI()
    let repo = try history()
    let result = try cli.run(
      ["finetune", "dataset", "--kinds", "commit_message", "--out", "ds", "--max-files", "2", "--max-lines", "20", "--jobs", "1"],
      in: repo.path)
    #expect(result.status == 0)
    let dropped = try #require(try datasheet(repo.path + "/ds")["dropped_commits"] as? [String: Int])
    #expect(dropped["too_many_files"] == 1)
    #expect(dropped["too_many_lines"] == 1)
  }

  @Test(arguments: [
    (["--max-files", "0"], "--max-files must be 1 or more"),
    (["--max-lines=-3"], "--max-lines must be 1 or more"),
    (["--jobs", "0"], "--jobs must be from 1 to 1024"),
    (["--kinds", "edits"], "unknown kind 'edits' in --kinds"),
    (["--val-ratio", "0.6", "--test-ratio", "0.5"], "--val-ratio plus the test ratio must stay under 1"),
    (["--since", "last tuesday"], "--since 'last tuesday' is neither a span"),
    (["--since", "9999999999999 years"], "--since '9999999999999 years' is too far back"),
  ])
  func badFlagsGetOneClearLine(flags: [String], message: String) throws {
    let cli = try CLI()
    let repo = try history()
    let result = try cli.run(["finetune", "dataset", "--out", "ds"] + flags, in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message))
    #expect(result.output.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/ds"))
  }

  @Test func incrementalRunRefusesAnotherFormat() throws {
    let cli = try CLI()
    let repo = try history()
    #expect(try cli.run(["finetune", "dataset", "--kinds", "commit_message", "--out", "ds"], in: repo.path).status == 0)
    let before = try #require(FileManager.default.contents(atPath: repo.path + "/ds/train.jsonl"))
    let result = try cli.run(["finetune", "dataset", "--incremental", "--format", "alpaca", "--out", "ds"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderrLines.count == 1)
    #expect(result.stderr.contains("--incremental: the last harvest wrote chat records"))
    #expect(FileManager.default.contents(atPath: repo.path + "/ds/train.jsonl") == before)
  }

  @Test func foreignFilesInTheFolderStopTheRun() throws {
    let cli = try CLI()
    let repo = try history()
    try FileManager.default.createDirectory(atPath: repo.path + "/ds", withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: URL(fileURLWithPath: repo.path + "/ds/notes.txt"))
    let result = try cli.run(["finetune", "dataset", "--out", "ds"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderr.contains("holds files git-llm did not write (notes.txt)"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: repo.path + "/ds") == ["notes.txt"])
  }

  @Test func outOntoAFileFailsAtOnceAndKeepsTheFile() throws {
    let cli = try CLI()
    let repo = try history()
    try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: repo.path + "/notes.txt"))
    let result = try cli.run(["finetune", "dataset", "--out", "notes.txt"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderrLines.count == 1)
    #expect(result.stderr.contains("notes.txt is a file, not a folder; pass --out with a new folder"))
    #expect(FileManager.default.contents(atPath: repo.path + "/notes.txt") == Data("my notes\n".utf8))
  }

  @Test func outsideARepository() throws {
    let cli = try CLI()
    let folder = try makeTemporaryFolder()
    let result = try cli.run(["finetune", "dataset"], in: folder)
    #expect(result.status == 2)
    #expect(result.stderrLines.count == 1)
    #expect(result.stderr.contains("not a git repository"))
  }
}
