import Foundation
import GitKit
import TestSupport
import Testing

@Suite("History walk agrees with git log")
struct HistoryTests {
  private func repoWithMerge() throws -> GitFixture {
    let repo = try GitFixture()
    for index in 1...3 {
      try repo.write("main.txt", String(repeating: "m\n", count: index))
      try repo.commitAll(
        "main \(index)\n\nBody line for \(index).",
        environment: ["GIT_COMMITTER_DATE": "170000000\(index) +0100", "GIT_AUTHOR_DATE": "170000000\(index) -0230"])
    }
    try repo.git(["checkout", "-q", "-b", "topic", "HEAD~1"])
    try repo.write("topic/file.txt", "t\n")
    try repo.commitAll("topic work", environment: ["GIT_COMMITTER_DATE": "1700000005 +0000"])
    try repo.git(["checkout", "-q", "main"])
    try repo.git(["merge", "-q", "--no-ff", "-m", "Merge topic", "topic"], environment: ["GIT_COMMITTER_DATE": "1700000009 +0000"])
    return repo
  }

  private func walk(_ repo: GitFixture, _ spec: String, _ options: HistoryOptions = HistoryOptions()) throws -> [CommitInfo] {
    let repository = try Repository(at: repo.path)
    let range = try repository.resolveRange(spec)
    var commits: [CommitInfo] = []
    try repository.walkHistory(including: range.included, excluding: range.excluded, options: options) {
      commits.append($0)
      return true
    }
    return commits
  }

  @Test func fieldsMatchGitLog() throws {
    let repo = try repoWithMerge()
    let commits = try walk(repo, "HEAD")
    let format = "%H%x1f%P%x1f%an%x1f%ae%x1f%at%x1f%cn%x1f%ce%x1f%ct%x1f%aI%x1f%s%x1f%B%x1e"
    let records = try repo.git(["log", "--format=" + format]).components(separatedBy: "\u{1e}").map {
      $0.trimmingCharacters(in: .newlines)
    }.filter { !$0.isEmpty }
    #expect(commits.count == records.count)
    for (commit, record) in zip(commits, records) {
      let field = record.components(separatedBy: "\u{1f}")
      #expect(commit.id.hex == field[0])
      #expect(commit.parents.map(\.hex).joined(separator: " ") == field[1])
      #expect(commit.author.name == field[2] && commit.author.email == field[3])
      #expect(String(commit.author.time) == field[4])
      #expect(commit.committer.name == field[5] && commit.committer.email == field[6])
      #expect(String(commit.committer.time) == field[7])
      #expect(commit.author.isoDate == field[8])
      #expect(commit.summary == field[9])
      #expect(commit.message.trimmingCharacters(in: .newlines) == field[10].trimmingCharacters(in: .newlines))
      #expect(commit.isMerge == (commit.parents.count > 1))
    }
    #expect(commits.first?.isMerge == true)
  }

  @Test func firstParentAndNoMerges() throws {
    let repo = try repoWithMerge()
    let firstParent = try walk(repo, "HEAD", HistoryOptions(firstParent: true)).map(\.id.hex)
    #expect(firstParent == (try repo.git(["log", "--first-parent", "--format=%H"]).split(separator: "\n").map(String.init)))
    let noMerges = try walk(repo, "HEAD", HistoryOptions(skipMerges: true)).map(\.id.hex)
    #expect(noMerges == (try repo.git(["log", "--no-merges", "--format=%H"]).split(separator: "\n").map(String.init)))
    #expect(try walk(repo, "HEAD", HistoryOptions(limit: 2)).count == 2)
  }

  @Test func pathFilter() throws {
    let repo = try repoWithMerge()
    for path in ["main.txt", "topic", "topic/file.txt"] {
      let ours = try walk(repo, "HEAD", HistoryOptions(paths: [path])).map(\.id.hex)
      #expect(ours == (try repo.git(["log", "--format=%H", "--", path]).split(separator: "\n").map(String.init)), "path \(path)")
    }
  }

  @Test func latin1MessageIsDecodedByItsEncodingHeader() throws {
    let repo = try GitFixture()
    try repo.write("f", "x\n")
    try repo.git(["add", "f"])
    let message = Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x61, 0xEF, 0x66, 0x0A])  // "Café naïf" in Latin-1
    let file = repo.scratch("msg")
    try message.write(to: URL(fileURLWithPath: file))
    try repo.git(["-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "-F", file])
    let commit = try #require(try walk(repo, "HEAD").first)
    #expect(commit.encoding == "ISO-8859-1")
    #expect(commit.summary == "Café naïf")
    #expect(commit.rawMessage.bytes == Array(message))
  }

  @Test func invalidUTF8WithoutHeaderDoesNotCrash() throws {
    let repo = try GitFixture()
    try repo.write("f", "x\n")
    try repo.git(["add", "f"])
    // `git commit` re-encodes invalid UTF-8 as Latin-1, so write the raw object the way old or
    // foreign tools did.
    let tree = try repo.git(["write-tree"]).trimmingCharacters(in: .whitespacesAndNewlines)
    var object = Data("tree \(tree)\nauthor A <a@x> 1700000000 +0000\ncommitter A <a@x> 1700000000 +0000\n\n".utf8)
    object.append(contentsOf: [0x62, 0x61, 0x64, 0xFF, 0xFE, 0x0A])
    let file = repo.scratch("raw-commit")
    try object.write(to: URL(fileURLWithPath: file))
    let id = try repo.git(["hash-object", "-t", "commit", "-w", file]).trimmingCharacters(in: .whitespacesAndNewlines)
    try repo.git(["update-ref", "HEAD", id])
    let commit = try #require(try walk(repo, "HEAD").first)
    #expect(commit.summary == "bad\u{FFFD}\u{FFFD}")
    #expect(!commit.rawMessage.isValidUTF8)
  }

  /// A message written with CRLF line ends: "\r\n" is one Swift character, so the subject used
  /// to be the whole message, carriage returns and all.
  @Test func crlfSubjectIsOneLine() throws {
    let repo = try GitFixture()
    try repo.write("f", "x\n")
    try repo.git(["add", "f"])
    let file = repo.scratch("msg")
    try Data("Fix the parser\r\nfor CRLF\r\n\r\nBody line.\r\n".utf8).write(to: URL(fileURLWithPath: file))
    try repo.git(["commit", "-q", "--cleanup=verbatim", "-F", file])
    let commit = try #require(try walk(repo, "HEAD").first)
    #expect(commit.message.contains("\r\n"))
    #expect(commit.summary == "Fix the parser for CRLF")
    #expect(commit.summary == (try repo.git(["log", "-1", "--format=%s"])).trimmingCharacters(in: .newlines))
  }

  @Test func streamingStopsEarly() throws {
    let repo = try repoWithMerge()
    let repository = try Repository(at: repo.path)
    var seen = 0
    try repository.walkHistory(including: [try #require(try repository.headCommit())]) { _ in
      seen += 1
      return seen < 2
    }
    #expect(seen == 2)
  }
}
