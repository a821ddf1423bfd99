import Foundation
import TestSupport
import Testing

@testable import GitKit

@Suite("Index lines abbreviate as git does")
struct AbbreviationTests {
  @Test func automaticLengthFollowsGitsRule() {
    #expect(Abbreviation.automatic(objects: 0) == 7)
    #expect(Abbreviation.automatic(objects: 16_383) == 7)
    #expect(Abbreviation.automatic(objects: 16_384) == 8)
    #expect(Abbreviation.automatic(objects: 65_535) == 8)
    #expect(Abbreviation.automatic(objects: 65_536) == 9)
    #expect(Abbreviation.automatic(objects: 8_000_000) == 12)
  }

  /// A repository whose one pack holds `blobs` small blobs (written by git fast-import), then a
  /// commit changing one of them.
  private func packedRepository(blobs: Int) throws -> (GitFixture, DiffSelection) {
    let repo = try GitFixture()
    var stream = ""
    for index in 0..<blobs {
      let content = "file \(index)\n"
      stream += "blob\nmark :\(index + 1)\ndata \(content.utf8.count)\n\(content)\n"
    }
    stream += "commit refs/heads/packed\nmark :\(blobs + 1)\ncommitter T <t@example.com> 1700000000 +0000\ndata 5\nmany\n"
    for index in 0..<blobs { stream += "M 100644 :\(index + 1) f/\(index).txt\n" }
    stream += "\ncommit refs/heads/packed\ncommitter T <t@example.com> 1700000100 +0000\ndata 4\nedit\nfrom :\(blobs + 1)\n"
    stream += "M 100644 inline f/7.txt\ndata 8\nchanged\n\n"
    let result = try run("/usr/bin/env", ["git", "fast-import", "--quiet"], in: repo.path, stdin: Data(stream.utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let base = try #require(ObjectID(hex: try repo.revParse("packed~1")))
    let head = try #require(ObjectID(hex: try repo.revParse("packed")))
    return (repo, .commits(base: base, head: head))
  }

  @Test func indexLinesGrowWithTheRepository() throws {
    // 17,000 blobs plus trees and commits: past 2^14 packed objects git takes 8 digits.
    let (repo, selection) = try packedRepository(blobs: 17_000)
    let ours = try Oracle.patch(try Repository(at: repo.path), selection)
    #expect(ours == (try Oracle.gitPatch(repo, ["packed~1", "packed"])))
    #expect(ours.contains(String(try repo.git(["rev-parse", "packed:f/7.txt"]).prefix(8)) + " 100644"))
  }

  @Test func prefixesAreLengthenedUntilUniqueAsGitDoes() throws {
    // 3,000 packed blobs and 100 loose ones: at 4 hex digits (65,536 prefixes) many collide.
    let (repo, _) = try packedRepository(blobs: 3_000)
    var loose: [String] = []
    for index in 0..<100 {
      try repo.write("loose-\(index).txt", "loose object \(index)\n")
      loose.append(try repo.git(["hash-object", "-w", "loose-\(index).txt"]).trimmingCharacters(in: .whitespacesAndNewlines))
    }
    _ = try repo.git(["config", "core.abbrev", "4"])
    let packed = try repo.git(["rev-list", "--objects", "--all"]).split(separator: "\n").map { String($0.prefix(40)) }
    let sample = Array(packed.prefix(150)) + loose
    let abbreviation = Abbreviation(repository: try Repository(at: repo.path))
    #expect(abbreviation.minimum == 4)
    let theirs = try sample.map { try repo.git(["rev-parse", "--short=4", $0]).trimmingCharacters(in: .whitespacesAndNewlines) }
    let ours = try sample.map { abbreviation.shortID(try #require(ObjectID(hex: $0))) }
    #expect(ours == theirs)
    // Some needed more than 4 digits, or the test would not test the lengthening.
    #expect(theirs.contains { $0.count > 4 })
  }

  @Test func coreAbbrevSetsTheMinimum() throws {
    let (repo, selection) = try packedRepository(blobs: 10)
    _ = try repo.git(["config", "core.abbrev", "12"])
    let ours = try Oracle.patch(try Repository(at: repo.path), selection)
    #expect(ours == (try Oracle.gitPatch(repo, ["packed~1", "packed"])))
    #expect(ours.contains(String(try repo.git(["rev-parse", "packed:f/7.txt"]).prefix(12)) + " 100644"))
  }
}
