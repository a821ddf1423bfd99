import ConfigKit
import Foundation
import GitKit
import ProvidersKit
import TestSupport
import Testing

@testable import ReviewKit

@Suite("Review pipeline pieces")
struct ReviewPipelineTests {
  func diff(_ build: (GitFixture) throws -> Void) throws -> (GitFixture, Diff) {
    let repo = try GitFixture()
    try repo.write("README.md", "start\n")
    try repo.commitAll("base")
    try build(repo)
    try repo.git(["add", "-A"])
    return (repo, try Repository(at: repo.path).diff(.staged))
  }

  @Test func packsSmallFilesTogetherAndSplitsLargeOnesAtHunks() throws {
    let big = (1...400).map { "line \($0) of a long file with some words in it\n" }.joined()
    let (repo, _) = try diff { repo in try repo.write("big.txt", big) }
    try repo.commitAll("big")
    try repo.write(
      "big.txt",
      big.replacingOccurrences(of: "line 10 ", with: "LINE 10 ").replacingOccurrences(of: "line 200 ", with: "LINE 200 ")
        .replacingOccurrences(of: "line 390 ", with: "LINE 390 "))
    try repo.write("a.txt", "small a\n")
    try repo.write("b.txt", "small b\n")
    try repo.git(["add", "-A"])
    let changes = try Repository(at: repo.path).diff(.staged)
    // A budget that holds the two small files together but one hunk of big.txt at a time.
    let units = ReviewPacker(budget: 256).pack(changes.files)
    #expect(units.first?.files.map(\.path) == ["a.txt", "b.txt"])
    let bigUnits = units.filter { $0.files.contains { $0.path == "big.txt" } }
    #expect(bigUnits.count >= 2 && bigUnits.allSatisfy(\.isPartial))
    #expect(Set(bigUnits.flatMap { $0.files.flatMap(\.addedLines) }) == [10, 200, 390])
    #expect(bigUnits.allSatisfy { $0.diffText.hasPrefix("diff --git a/big.txt b/big.txt\n") })
  }

  @Test func anOversizedHunkIsCutWithCorrectHeaders() throws {
    let lines = (1...300).map { "added line number \($0) with text\n" }.joined()
    let (_, changes) = try diff { repo in try repo.write("huge.txt", lines) }
    let units = ReviewPacker(budget: 256).pack(changes.files)
    #expect(units.count > 2 && units.allSatisfy(\.oversizedHunk))
    #expect(units.flatMap { $0.files.flatMap(\.addedLines) } == Array(1...300))
    for unit in units {
      let header = try #require(unit.diffText.split(separator: "\n").first { $0.hasPrefix("@@") })
      let added = unit.files[0].addedLines
      #expect(header == "@@ -0,0 +\(added[0]),\(added.count) @@")
    }
  }

  func unit() -> ReviewUnit {
    ReviewUnit(
      id: "u", files: [ReviewUnit.File(path: "src/a.py", addedLines: [10, 11, 30], newLines: [10: "x = 1", 11: "y = 2", 30: "z"])],
      diffText: "", isPartial: false, oversizedHunk: false)
  }

  @Test func findingsAreValidatedAgainstTheDiff() throws {
    let answer = """
      Here you go:
      ```json
      {"findings": [
        {"path": "b/src/a.py", "start_line": 11, "end_line": 11, "severity": "error", "category": "bug", "title": "Wrong value", "explanation": "y should be 3"},
        {"path": "src/a.py", "start_line": 25, "end_line": 26, "severity": "low", "category": "style", "title": "Naming", "explanation": "short names"},
        {"path": "src/other.py", "start_line": 1, "end_line": 1, "severity": "high", "category": "bug", "title": "Ghost", "explanation": "not in the diff"},
        {"path": "src/a.py", "start_line": 10, "end_line": 10, "severity": "banana", "category": "weird", "title": "Odd", "explanation": ""},
        {"path": "src/a.py", "start_line": 10, "end_line": 10, "severity": "low", "category": "bug", "title": "", "explanation": "no title"}
      ]}
      ```
      """
    let result = try FindingValidator(unit: unit(), alias: "m", provider: "p", model: "x").validate(answer)
    #expect(result.findings.map(\.title) == ["Wrong value", "Naming", "Odd"])
    #expect(result.findings[0].path == "src/a.py" && result.findings[0].severity == .high)
    #expect(result.findings[1].startLine == 30 && result.findings[1].note?.contains("moved to line 30") == true)
    #expect(result.findings[2].severity == .medium && result.findings[2].category == "other")
    #expect(result.notes.contains { $0.contains("'src/other.py' is not in the reviewed diff") }, "\(result.notes)")
    #expect(result.notes.contains { $0.contains("no title") })
  }

  @Test func malformedAnswersAreRejected() {
    let validator = FindingValidator(unit: unit(), alias: "m", provider: "p", model: "x")
    #expect(throws: FindingValidator.MalformedAnswer.self) { try validator.validate("I think it looks fine!") }
    #expect(throws: FindingValidator.MalformedAnswer.self) { try validator.validate(#"{"verdict": "approve"}"#) }
  }

  @Test func duplicatesMergeKeepingTheHighestSeverity() {
    let base = Finding(
      path: "a", startLine: 3, endLine: 4, severity: .low, category: "bug", title: "Null deref", explanation: "", alias: "m", provider: "p",
      model: "x")
    var twin = base
    twin.severity = .high
    twin.startLine = 4
    twin.title = "null DEREF"
    var other = base
    other.path = "b"
    let merged = FindingMerger.merge([base, twin, other], maxPerFile: 0)
    #expect(merged.findings.count == 2)
    #expect(merged.findings.first { $0.path == "a" }?.severity == .high)
    let capped = FindingMerger.merge(
      (1...5).map { line in
        Finding(
          path: "c", startLine: line * 10, endLine: line * 10, severity: .info, category: "style", title: "t\(line)", explanation: "",
          alias: "m", provider: "p", model: "x")
      }, maxPerFile: 3)
    #expect(capped.findings.count == 3 && capped.notes.first?.contains("2 more findings") == true)
  }
}

@Suite("Function context")
struct FunctionContextTests {
  @Test func aHunkGrowsUpToItsFunctionsFirstLine() throws {
    let repo = try GitFixture()
    let body = (1...40).map { "    step_\($0)()\n" }.joined()
    try repo.write("job.py", "import os\n\ndef run_job(config):\n" + body + "    return 0\n")
    try repo.commitAll("base")
    try repo.write(
      "job.py",
      "import os\n\ndef run_job(config):\n" + body.replacingOccurrences(of: "    step_30()\n", with: "    step_30(retries=3)\n")
        + "    return 0\n")
    try repo.git(["add", "-A"])
    let repository = try Repository(at: repo.path)
    let file = try #require(try repository.diff(.staged).files.first)
    let content = try #require(repository.blobContent(file.newID))
    let wide = FunctionContext.expand(file, newContent: content)
    let hunk = try #require(wide.hunks.first)
    #expect(hunk.newStart == 3 && hunk.lines.first?.content.text == "def run_job(config):")
    #expect(hunk.header.text == "@@ -3,\(hunk.oldCount) +3,\(hunk.newCount) @@ def run_job(config):")
    #expect(hunk.lines.filter { $0.kind != .added }.count == hunk.oldCount)
    #expect(hunk.lines.filter { $0.kind != .removed }.count == hunk.newCount)
    #expect(zip(hunk.lines, hunk.lines.dropFirst()).allSatisfy { a, b in (a.newLine ?? 0) < (b.newLine ?? Int.max) || b.newLine == nil })
    // Without a function in the header, nothing changes.
    let plain = FileChange(
      status: .modified, oldPath: "a", newPath: "a", oldMode: .regular, newMode: .regular, oldID: .zero, newID: .zero,
      hunks: [Hunk(oldStart: 5, oldCount: 1, newStart: 5, newCount: 1, header: "@@ -5 +5 @@", lines: [])])
    #expect(FunctionContext.expand(plain, newContent: Array("a\nb\nc\nd\ne\n".utf8)).hunks.first?.newStart == 5)
  }
}
