import Foundation
import TestSupport
import Testing

@testable import FinetuneKit

@Suite("DatasetSummary: record counts and the splits' sha256")
struct DatasetSummaryTests {
  /// What run.json documents: `sha256sum train.jsonl valid.jsonl test.jsonl | sha256sum`.
  func oracle(_ folder: String, _ splits: [String]) throws -> String {
    let files = splits.map { "\($0).jsonl" }.joined(separator: " ")
    let result = try run("/bin/sh", ["-c", "sha256sum \(files) | sha256sum"], in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    return String(result.output.prefix { $0 != " " })
  }

  @Test func countsEverySplitAndHashesLikeSha256sum() throws {
    let folder = try FinetuneFixtures.datasetFolder([
      "train": ["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"], "valid": ["{\"v\":1}"], "test": ["{\"t\":1}", "{\"t\":2}"],
    ])
    try Data("{\"format\": \"chat\", \"records\": 6}".utf8).write(to: URL(fileURLWithPath: folder + "/datasheet.json"))
    let summary = try DatasetSummary.read(folder: folder)
    #expect(summary.path == folder)
    #expect(summary.records == ["train": 3, "valid": 1, "test": 2])
    #expect(summary.format == "chat")
    #expect(summary.sha256 == (try oracle(folder, ["train", "valid", "test"])))
  }

  @Test func onlyThePresentSplitsAreHashed() throws {
    let folder = try FinetuneFixtures.datasetFolder(["train": ["{}", "{}"], "test": ["{}"]])
    let summary = try DatasetSummary.read(folder: folder)
    #expect(summary.records == ["train": 2, "test": 1])
    #expect(summary.format == nil)
    #expect(summary.sha256 == (try oracle(folder, ["train", "test"])))
  }

  @Test func theHashFollowsTheContent() throws {
    let one = try FinetuneFixtures.datasetFolder(["train": ["{\"a\":1}"]])
    let same = try FinetuneFixtures.datasetFolder(["train": ["{\"a\":1}"]])
    let other = try FinetuneFixtures.datasetFolder(["train": ["{\"a\":2}"]])
    #expect(try DatasetSummary.read(folder: one).sha256 == DatasetSummary.read(folder: same).sha256)
    #expect(try DatasetSummary.read(folder: one).sha256 != DatasetSummary.read(folder: other).sha256)
  }

  @Test func recordsAreTheLinesTrainPyReads() throws {
    // train.py skips blank lines and reads a last line without its newline.
    let folder = try makeTemporaryFolder()
    try Data("{\"a\":1}\n\n   \n{\"a\":2}".utf8).write(to: URL(fileURLWithPath: folder + "/train.jsonl"))
    try Data("{\"v\":1}".utf8).write(to: URL(fileURLWithPath: folder + "/valid.jsonl"))
    let summary = try DatasetSummary.read(folder: folder)
    #expect(summary.records == ["train": 2, "valid": 1])
  }

  @Test func aDatasheetWithoutAFormatHasNone() throws {
    let folder = try FinetuneFixtures.datasetFolder(["train": ["{}"]])
    try Data("not json".utf8).write(to: URL(fileURLWithPath: folder + "/datasheet.json"))
    #expect(try DatasetSummary.read(folder: folder).format == nil)
  }

  @Test func missingTrainSplitIsDatasetMissing() throws {
    let folder = try FinetuneFixtures.datasetFolder(["valid": ["{}"]])
    #expect(throws: FinetuneError.datasetMissing(folder)) { try DatasetSummary.read(folder: folder) }
    #expect(throws: FinetuneError.datasetMissing(folder + "/nope")) { try DatasetSummary.read(folder: folder + "/nope") }
  }

  @Test func emptyTrainSplitIsDatasetEmpty() throws {
    let folder = try FinetuneFixtures.datasetFolder(["train": [], "valid": ["{}"]])
    #expect(throws: FinetuneError.datasetEmpty(folder)) { try DatasetSummary.read(folder: folder) }
    let blank = try FinetuneFixtures.datasetFolder(["train": ["", "  "]])
    #expect(throws: FinetuneError.datasetEmpty(blank)) { try DatasetSummary.read(folder: blank) }
  }
}
