import Foundation
import TestSupport
import Testing

@Suite("git llm diff and commits")
struct DiffCommandTests {
  /// A history of four commits with a rename, a Latin-1 file name, a binary and an executable.
  private func history() throws -> GitFixture {
    let repo = try GitFixture()
    try repo.write("src/app.py", (1...40).map { "print(\($0))\n" }.joined())
    try repo.write("README.md", "# demo\n")
    try repo.commitAll("first")
    try repo.git(["mv", "src/app.py", "src/main.py"])
    try repo.write("src/main.py", (1...40).map { $0 == 7 ? "print('seven')\n" : "print(\($0))\n" }.joined())
    try repo.commitAll("rename with an edit")
    try repo.write(rawName: Array("r".utf8) + [0xE9, 0x73, 0x75, 0x6D, 0xE9], Data([0x61, 0xE9, 0x0A]))
    try repo.write("logo.bin", Data([0, 1, 2, 0, 3]))
    try repo.commitAll("latin-1 name and a binary")
    try repo.write("run.sh", "#!/bin/sh\necho hi\n")
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/run.sh")
    try repo.write("README.md", "# demo\n\nMore words.\n")
    try repo.commitAll("script")
    return repo
  }

  @Test(arguments: ["HEAD~3..", "HEAD~2", "HEAD~3..HEAD~1", "HEAD~1...HEAD"])
  func patchMatchesGitDiff(range: String) throws {
    let cli = try CLI()
    let repo = try history()
    let ours = try cli.run(["diff", range, "--format", "patch"], in: repo.path)
    #expect(ours.status == 0)
    let gitArguments = range.contains(".") ? [range] : [range + "^", range]
    let theirs = try repo.gitData(["diff", "--no-color", "--no-ext-diff"] + gitArguments)
    #expect(ours.stdout == theirs)
  }

  @Test func numstatAndNameStatusMatchGit() throws {
    let cli = try CLI()
    let repo = try history()
    for format in ["numstat", "name-status"] {
      let ours = try cli.run(["diff", "HEAD~3..", "--format", format], in: repo.path)
      #expect(ours.output == (try repo.git(["diff", "--\(format)", "-M", "HEAD~3.."])), "format \(format)")
    }
  }

  @Test func stagedAndPathspec() throws {
    let cli = try CLI()
    let repo = try history()
    try repo.write("src/main.py", "print('replaced')\n")
    try repo.write("README.md", "# staged too\n")
    try repo.git(["add", "-A"])
    let staged = try cli.run(["diff", "--staged"], in: repo.path + "/src")
    #expect(staged.stdout == (try repo.gitData(["diff", "--cached", "--no-color"])))
    let limited = try cli.run(["diff", "--cached", "--", "src"], in: repo.path)
    #expect(limited.stdout == (try repo.gitData(["diff", "--cached", "--no-color", "--", "src"])))
  }

  @Test func jsonModelIsLosslessAndDocumented() throws {
    let cli = try CLI()
    let repo = try history()
    let result = try cli.run(["diff", "HEAD~3..", "--format", "json"], in: repo.path)
    #expect(result.status == 0)
    let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(document["schema"] as? String == "git-llm/diff")
    #expect(document["version"] as? Int == 1)
    let files = try #require(document["files"] as? [[String: Any]])
    let renamed = try #require(files.first { $0["status"] as? String == "renamed" })
    #expect(renamed["old_path"] as? String == "src/app.py")
    #expect(renamed["new_path"] as? String == "src/main.py")
    let latin = try #require(files.first { ($0["path_base64"] as? String) != nil })
    #expect(Data(base64Encoded: try #require(latin["path_base64"] as? String)) == Data([0x72, 0xE9, 0x73, 0x75, 0x6D, 0xE9]))
    #expect((latin["path"] as? String)?.contains("\u{FFFD}") == true)
    let binary = try #require(files.first { $0["path"] as? String == "logo.bin" })
    #expect(binary["binary"] as? Bool == true)
    let script = try #require(files.first { $0["path"] as? String == "run.sh" })
    #expect(script["new_mode"] as? String == "100755")
    let stats = try #require(document["stats"] as? [String: Any])
    let numstat = try repo.git(["diff", "--numstat", "-M", "HEAD~3.."]).split(separator: "\n")
    let added = numstat.compactMap { Int($0.split(separator: "\t")[0]) }.reduce(0, +)
    #expect(stats["additions"] as? Int == added)
  }

  @Test func colourOnlyWhenAskedAndNeverUnderNoColor() throws {
    let cli = try CLI()
    let repo = try history()
    let piped = try cli.run(["diff", "HEAD~1.."], in: repo.path)
    #expect(!piped.output.contains("\u{1B}["))
    let forced = try cli.run(["diff", "HEAD~1..", "--color", "always"], in: repo.path, environment: ["NO_COLOR": "1"])
    #expect(forced.output.contains("\u{1B}[32m+"))
    let never = try cli.run(["diff", "HEAD~1..", "--color", "never"], in: repo.path)
    #expect(!never.output.contains("\u{1B}["))
  }

  @Test func commitsJSONMatchesGitLog() throws {
    let cli = try CLI()
    let repo = try history()
    let result = try cli.run(["commits", "HEAD~3..", "--format", "json"], in: repo.path)
    #expect(result.status == 0)
    let commits = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
    #expect(
      commits.compactMap { $0["id"] as? String }
        == (try repo.git(["log", "--format=%H", "HEAD~3.."]).split(separator: "\n").map(String.init)))
    #expect(commits.first?["summary"] as? String == "script")
    let lines = try cli.run(["commits", "--format", "jsonl", "-n", "2"], in: repo.path)
    #expect(lines.output.split(separator: "\n").count == 2)
    let empty = try cli.run(["commits", "HEAD..HEAD", "--format", "json"], in: repo.path)
    #expect(try JSONSerialization.jsonObject(with: empty.stdout) as? [Any] != nil)
  }

  /// The acceptance check of the foundation issue, on this very repository when its history allows.
  @Test(.enabled(if: PackageRepository.hasHistory(commits: 4)))
  func agreesWithGitOnThisRepository() throws {
    let cli = try CLI()
    let root = PackageRepository.root
    let ours = try cli.run(["diff", "HEAD~3..", "--format", "patch"], in: root)
    let theirs = try TestSupport.run(
      "/usr/bin/env", ["git", "-c", "core.quotepath=true", "diff", "--no-color", "--no-ext-diff", "HEAD~3.."], in: root)
    #expect(ours.status == 0)
    #expect(ours.stdout == theirs.stdout)
  }
}

/// The git repository this package is checked out in.
enum PackageRepository {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  static func hasHistory(commits: Int) -> Bool {
    guard let result = try? TestSupport.run("/usr/bin/env", ["git", "rev-list", "--count", "HEAD"], in: root) else { return false }
    return (Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= commits
      && (try? TestSupport.run("/usr/bin/env", ["git", "rev-parse", "--is-shallow-repository"], in: root))?.output.hasPrefix("false")
        == true
  }
}
