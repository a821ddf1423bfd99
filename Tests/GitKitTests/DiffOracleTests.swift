import Foundation
import GitKit
import TestSupport
import Testing

/// Each fixture builds a small history with one kind of change, then checks the model against
/// `git diff --numstat -M` and the patch text against `git diff`, byte for byte.
@Suite("Diff model agrees with git")
struct DiffOracleTests {
  /// A repository with one base commit, then `change` applied and committed.
  private func fixture(base: (GitFixture) throws -> Void, change: (GitFixture) throws -> Void) throws -> (
    GitFixture, DiffSelection, [String]
  ) {
    let repo = try GitFixture()
    try base(repo)
    let first = try repo.commitAll("base")
    try change(repo)
    let second = try repo.commitAll("change")
    let selection = DiffSelection.commits(base: ObjectID(hex: first), head: try #require(ObjectID(hex: second)))
    return (repo, selection, [first, second])
  }

  private func lines(_ count: Int, prefix: String = "line") -> String {
    (1...count).map { "\(prefix) \($0)\n" }.joined()
  }

  @Test func modifiedFileWithFunctionContext() throws {
    let (repo, selection, args) = try fixture(
      base: { try $0.write("main.c", "int main(void) {\n" + lines(30) + "}\n") },
      change: {
        try $0.write("main.c", "int main(void) {\n" + lines(30).replacingOccurrences(of: "line 20\n", with: "line twenty\n") + "}\n")
      })
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func functionContextCutAtASpace() throws {
    // The context line is cut at 80 bytes; byte 80 here is a space, which git trims.
    let long = "let protoFile = try! String(contentsOfFile: CommandLine.arguments[1], encoding: .utf8) // and more"
    let (repo, selection, args) = try fixture(
      base: { try $0.write("main.swift", long + "\n" + lines(20, prefix: "  line")) },
      change: {
        try $0.write("main.swift", long + "\n" + lines(20, prefix: "  line").replacingOccurrences(of: "line 15\n", with: "line fifteen\n"))
      })
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func ambiguousInsertionSlidesLikeGit() throws {
    // A block inserted between two blocks that start the same way can be shown in several
    // places; git's indent heuristic picks the readable one, and so must we.
    let block = { (name: String) in "  @Test(arguments: Wire.allCases)\n  func \(name)(wire: Wire) async throws {\n    let x = 1\n  }\n\n" }
    let (repo, selection, args) = try fixture(
      base: { try $0.write("Tests.swift", "struct S {\n" + block("one") + block("three") + "}\n") },
      change: { try $0.write("Tests.swift", "struct S {\n" + block("one") + block("two") + block("three") + "}\n") })
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func renameWithEdits() throws {
    let (repo, selection, args) = try fixture(
      base: { try $0.write("old/name.txt", lines(40)) },
      change: { repo in
        try repo.git(["mv", "old/name.txt", "new name.txt"])
        try repo.write("new name.txt", lines(40).replacingOccurrences(of: "line 3\n", with: "line three\n"))
      })
    let diff = try Repository(at: repo.path).diff(selection)
    let file = try #require(diff.files.first)
    #expect(file.status == .renamed)
    #expect(file.oldPath == "old/name.txt" && file.newPath == "new name.txt")
    #expect((file.similarity ?? 0) > 90)
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func pureRenameHasNoHunks() throws {
    let (repo, selection, args) = try fixture(
      base: { try $0.write("a.txt", lines(10)) },
      change: { try $0.git(["mv", "a.txt", "b.txt"]) })
    let file = try #require(try Repository(at: repo.path).diff(selection).files.first)
    #expect(file.status == .renamed && file.similarity == 100 && file.hunks.isEmpty)
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func copyDetection() throws {
    let (repo, selection, args) = try fixture(
      base: { try $0.write("source.txt", lines(50)) },
      change: { repo in
        try repo.write("source.txt", lines(50) + "one more\n")
        try repo.write("copy.txt", lines(50))
      })
    let diff = try Repository(at: repo.path).diff(selection, options: DiffOptions(findCopies: true))
    #expect(diff.files.contains { $0.status == .copied && $0.oldPath == "source.txt" && $0.newPath == "copy.txt" })
    try Oracle.expectAgreement(repo, selection, gitArguments: args, options: DiffOptions(findCopies: true))
  }

  @Test func binaryFiles() throws {
    let (repo, selection, args) = try fixture(
      base: { try $0.write("image.bin", Data([0, 1, 2, 3, 0, 255, 10])) },
      change: { repo in
        try repo.write("image.bin", Data([0, 1, 2, 4, 0, 254, 10]))
        try repo.write("new.bin", Data([0, 0, 0, 1]))
      })
    let diff = try Repository(at: repo.path).diff(selection)
    #expect(diff.files.allSatisfy { $0.isBinary && $0.hunks.isEmpty })
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func latin1ContentAndFileNames() throws {
    let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".txt".utf8)
    let (repo, selection, args) = try fixture(
      base: { try $0.write(rawName: name, Data([0x6F, 0x6C, 0xE9, 0x0A])) },
      change: { try $0.write(rawName: name, Data([0x6E, 0x65, 0x77, 0xE9, 0xE8, 0x0A])) })
    let diff = try Repository(at: repo.path).diff(selection)
    let file = try #require(diff.files.first)
    #expect(file.path.bytes == name)
    #expect(!file.path.isValidUTF8)
    #expect(file.path.text == "caf\u{FFFD}.txt")
    let added = try #require(file.hunks.first?.lines.first { $0.kind == .added })
    #expect(added.content.bytes == [0x6E, 0x65, 0x77, 0xE9, 0xE8])
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func crlfLines() throws {
    let (repo, selection, args) = try fixture(
      base: { try $0.write("dos.txt", "one\r\ntwo\r\nthree\r\n") },
      change: { try $0.write("dos.txt", "one\r\n2\r\nthree\r\n") })
    let file = try #require(try Repository(at: repo.path).diff(selection).files.first)
    #expect(file.hunks.first?.lines.contains { $0.kind == .added && $0.content == "2\r" } == true)
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func modeOnlyChange() throws {
    let (repo, selection, args) = try fixture(
      base: { try $0.write("run.sh", "echo hi\n") },
      change: { repo in
        // On disk too, since committing with `add -A` re-reads the mode from the file.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/run.sh")
      })
    let file = try #require(try Repository(at: repo.path).diff(selection).files.first)
    #expect(file.status == .modeChanged && file.oldMode == .regular && file.newMode == .executable)
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func symlinkAndTypeChange() throws {
    let (repo, selection, args) = try fixture(
      base: { repo in
        try repo.write("target.txt", "hello\n")
        try repo.write("becomes-link", "plain file\n")
      },
      change: { repo in
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link", withDestinationPath: "target.txt")
        try FileManager.default.removeItem(atPath: repo.path + "/becomes-link")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/becomes-link", withDestinationPath: "target.txt")
      })
    let diff = try Repository(at: repo.path).diff(selection)
    let link = try #require(diff.files.first { $0.newPath == "link" })
    #expect(link.isSymlink && link.status == .added && link.newMode == .symlink)
    let changed = try #require(diff.files.first { $0.newPath == "becomes-link" })
    #expect(changed.status == .typeChanged && changed.oldMode == .regular && changed.newMode == .symlink)
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func submodule() throws {
    let inner = try GitFixture()
    try inner.write("lib.txt", "v1\n")
    try inner.commitAll("lib v1")
    let (repo, selection, args) = try fixture(
      base: { try $0.write("README", "top\n") },
      change: { repo in
        try repo.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.path, "vendor/lib"])
      })
    let diff = try Repository(at: repo.path).diff(selection)
    let module = try #require(diff.files.first { $0.newPath == "vendor/lib" })
    #expect(module.isSubmodule && module.newMode == .submodule)
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func deletionWhitespaceAndNoNewline() throws {
    let (repo, selection, args) = try fixture(
      base: { repo in
        try repo.write("gone.txt", lines(5))
        try repo.write("spaces.txt", "a b\n\tindented\n")
        try repo.write("tail.txt", "no newline")
      },
      change: { repo in
        try FileManager.default.removeItem(atPath: repo.path + "/gone.txt")
        try repo.write("spaces.txt", "a  b\n    indented\n")
        try repo.write("tail.txt", "no newline, still")
      })
    let diff = try Repository(at: repo.path).diff(selection)
    #expect(diff.files.first { $0.oldPath == "gone.txt" }?.status == .deleted)
    #expect(diff.files.first { $0.newPath == "tail.txt" }?.hunks.first?.lines.last?.missingNewline == true)
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func veryLargeAndMinifiedFiles() throws {
    let big = lines(60_000)
    let minified = (1...20_000).map { "var a\($0)=\($0);" }.joined()
    let (repo, selection, args) = try fixture(
      base: { repo in
        try repo.write("big.txt", big)
        try repo.write("app.min.js", minified + "\n")
      },
      change: { repo in
        try repo.write("big.txt", big.replacingOccurrences(of: "line 30000\n", with: "line 30000 changed\n"))
        try repo.write("app.min.js", minified.replacingOccurrences(of: "a5=5;", with: "a5=6;") + "\n")
      })
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func emptyFileAdded() throws {
    let (repo, selection, args) = try fixture(
      base: { try $0.write("keep", "x\n") },
      change: { try $0.write("empty", "") })
    try Oracle.expectAgreement(repo, selection, gitArguments: args)
  }

  @Test func pathspecLimitsTheDiff() throws {
    let (repo, selection, args) = try fixture(
      base: { repo in
        try repo.write("src/a.txt", "a\n")
        try repo.write("docs/b.txt", "b\n")
      },
      change: { repo in
        try repo.write("src/a.txt", "a2\n")
        try repo.write("docs/b.txt", "b2\n")
      })
    try Oracle.expectAgreement(repo, selection, gitArguments: args + ["--", "src"], options: DiffOptions(paths: ["src"]))
  }
}
