import Foundation
import TestSupport
import Testing

/// The command line as a git user expects it: global options before the command, pathspecs read
/// from where the command runs, and one-line errors for what can't be done.
@Suite("git-llm used the way git is")
struct GitUsageTests {
  /// A repository with `b.c` at the top and `sub/a.c`, both changed in the work tree.
  private func changedRepository() throws -> GitFixture {
    let repo = try GitFixture()
    try repo.write("sub/a.c", "a\n")
    try repo.write("b.c", "b\n")
    try repo.commitAll("first")
    try repo.write("sub/a.c", "a\nx\n")
    try repo.write("b.c", "b\ny\n")
    return repo
  }

  @Test func globalOptionsBeforeTheCommand() throws {
    let cli = try CLI()
    let repo = try changedRepository()
    let shown = try cli.run(["-C", "sub", "-c", "review.fail_on=high", "-q", "config", "show", "--origin"], in: repo.path)
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.output.contains("fail_on: high  # from flag -c review.fail_on=high"))
    // -C a -C b is a/b, as in git; the fast path (diff --color) still runs after them.
    try FileManager.default.createDirectory(atPath: repo.path + "/sub/deeper", withIntermediateDirectories: true)
    let nested = try cli.run(
      ["-C", "sub", "-C", "deeper", "--color", "never", "diff", "--format", "name-status", "--", "../a.c"], in: repo.path)
    #expect(nested.status == 0, "\(nested.stderr)")
    #expect(nested.output == "M\tsub/a.c\n")
    let version = try cli.run(["-C", "sub", "--version"], in: repo.path)
    #expect(version.status == 0 && version.output.hasPrefix("git-llm "))
    let help = try cli.run(["-C", "sub", "-h"], in: repo.path)
    #expect(help.status == 0 && help.output.contains("USAGE:"))
  }

  @Test func missingFolderForC() throws {
    let cli = try CLI()
    for arguments in [["-C", "/nonexistent/place", "diff"], ["diff", "-C", "/nonexistent/place"]] {
      let result = try cli.run(arguments, in: cli.home)
      #expect(result.status == 2)
      #expect(result.stderrLines.first == "git-llm: error: -C /nonexistent/place: no such folder; pass an existing folder", "\(arguments)")
    }
  }

  @Test func pathspecsAreReadFromWhereTheCommandRuns() throws {
    let cli = try CLI()
    let repo = try changedRepository()
    let here = try cli.run(["diff", "--format", "name-status", "--", "a.c"], in: repo.path + "/sub")
    #expect(here.status == 0, "\(here.stderr)")
    #expect(here.output == "M\tsub/a.c\n")
    let top = try cli.run(["diff", "--format", "name-status", "--", ":/b.c"], in: repo.path + "/sub")
    #expect(top.output == "M\tb.c\n")
    let commits = try cli.run(["commits", "--", "a.c"], in: repo.path + "/sub")
    #expect(commits.status == 0)
    #expect(commits.output.hasSuffix(" first\n"))
  }

  @Test(arguments: [
    (["diff", "--", "/etc/passwd"], "pathspec '/etc/passwd' is outside the repository at "),
    (["diff", "--", "../outside"], "pathspec '../outside' is outside the repository at "),
    (["diff", "--", "nosuch.c"], "pathspec 'nosuch.c' did not match any file known to git"),
    (["diff", "HEAD", "--", "nosuch.c"], "pathspec 'nosuch.c' did not match any file in HEAD"),
    (["review", "--", "nosuch.c"], "pathspec 'nosuch.c' did not match any file known to git"),
    (["review", "--staged", "--", "/etc/passwd"], "pathspec '/etc/passwd' is outside the repository at "),
    (["commits", "--", "/etc/passwd"], "pathspec '/etc/passwd' is outside the repository at "),
  ])
  func badPathspecIsAnError(arguments: [String], message: String) throws {
    let cli = try CLI()
    let repo = try changedRepository()
    let result = try cli.run(arguments, in: repo.path)
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderrLines.count == 1)
    #expect(result.stderr.hasPrefix("git-llm: error: " + message), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func argumentErrorsInGitLLMsForm() throws {
    let cli = try CLI()
    let repo = try changedRepository()
    let unknown = try cli.run(["diff", "--bogus"], in: repo.path)
    #expect(unknown.status == 2)
    #expect(unknown.stderrLines == ["git-llm: error: unknown option '--bogus'", "git-llm: hint: see 'git llm diff -h' for the options"])
    let missing = try cli.run(["commits", "-n"], in: repo.path)
    #expect(missing.status == 2)
    #expect(missing.stderrLines.first?.hasPrefix("git-llm: error: missing value for '-n") == true, "\(missing.stderr)")
    // A negative number is the option's value, not an unknown flag, so the command can say why.
    let negative = try cli.run(["commits", "-n", "-1"], in: repo.path)
    #expect(negative.status == 2)
    #expect(negative.stderrLines.first == "git-llm: error: --max-count must be 0 or more; got -1")
    let kinds = try cli.run(["finetune", "dataset", "--kinds", ""], in: repo.path)
    #expect(kinds.status == 2)
    #expect(kinds.stderrLines.first == "git-llm: error: --kinds needs at least one kind: edit, commit_message, review or code")
  }

  @Test func configValidateOfAFolder() throws {
    let cli = try CLI()
    let result = try cli.run(["config", "validate", "/tmp"], in: cli.home)
    #expect(result.status == 2)
    #expect(result.stderrLines == ["git-llm: error: /tmp is a folder; pass the path of a git-llm YAML file"])
  }

  @Test func outputFileProblems() throws {
    let cli = try CLI()
    let repo = try changedRepository()
    try repo.commitAll("second")
    let missingFolder = cli.home + "/no/such/dir"
    let cases: [(String, String)] = [
      ("", "git-llm: error: -o needs a file name, e.g. -o report.txt"),
      (
        missingFolder + "/r.txt",
        "git-llm: error: -o \(missingFolder)/r.txt: the folder \(missingFolder) does not exist; create it first or pass another path"
      ),
      (cli.home, "git-llm: error: -o \(cli.home) is a folder; pass a file name, e.g. -o \(cli.home)/report.txt"),
    ]
    for (output, message) in cases {
      let result = try cli.run(["debt", "--no-model", "-o", output], in: repo.path)
      #expect(result.status == 2, "\(output)")
      #expect(result.stderrLines == [message])
    }
    #expect(!FileManager.default.fileExists(atPath: cli.home + "/no"))
    if FileManager.default.fileExists(atPath: "/proc/version") {
      let proc = try cli.run(["debt", "--no-model", "-o", "/proc/version"], in: repo.path)
      #expect(proc.status == 3)
      #expect(proc.stderrLines.count == 1)
      #expect(proc.stderr.hasPrefix("git-llm: error: could not write /proc/version: can't create a file in /proc ("), "\(proc.stderr)")
    }
  }

  @Test func crlfSubjectPrintsOneLine() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try repo.write("f", "x\n")
    try repo.git(["add", "f"])
    let file = repo.scratch("msg")
    try Data("Windows subject\r\n\r\nBody.\r\n".utf8).write(to: URL(fileURLWithPath: file))
    try repo.git(["commit", "-q", "--cleanup=verbatim", "-F", file])
    let result = try cli.run(["commits"], in: repo.path)
    #expect(result.status == 0)
    // Bytes, not characters: Swift reads "\r\n" as one character.
    #expect(result.stdout.filter { $0 == 0x0A }.count == 1)
    #expect(!result.stdout.contains(0x0D))
    #expect(result.output.hasSuffix(" Windows subject\n"))
  }
}
