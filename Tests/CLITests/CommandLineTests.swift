import Foundation
import TestSupport
import Testing

@Suite("git-llm command line")
struct CommandLineTests {
  @Test func versionAndHelpForEveryCommand() throws {
    let cli = try CLI()
    let version = try cli.run(["--version"], in: cli.home)
    #expect(version.status == 0)
    #expect(version.output.hasPrefix("git-llm "))
    // The commit comes from the build (make passes GIT_LLM_COMMIT); a plain swift build says so.
    let versionLine = #"^git-llm [0-9]+\.[0-9]+\.[0-9]+ \((unknown commit|[0-9a-f]{7,40}(-dirty)?)\)\n$"#
    #expect(version.output.range(of: versionLine, options: .regularExpression) != nil, "\(version.output)")
    for command in [
      [], ["diff"], ["commits"], ["config"], ["config", "show"], ["config", "validate"], ["config", "init"], ["config", "trust"],
      ["doctor"], ["completions"],
    ] {
      let help = try cli.run(command + ["--help"], in: cli.home)
      #expect(help.status == 0, "help for \(command)")
      #expect(help.output.contains("USAGE:"), "help for \(command)")
    }
  }

  @Test func usageErrorsExitTwoWithOneLine() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try repo.write("a", "1\n")
    try repo.commitAll("one")
    let unknownOption = try cli.run(["diff", "--bogus"], in: repo.path)
    #expect(unknownOption.status == 2)
    let badRange = try cli.run(["diff", "nope..HEAD"], in: repo.path)
    #expect(badRange.status == 2)
    #expect(badRange.stderrLines == ["git-llm: error: unknown revision or range 'nope..HEAD': 'nope' is not a commit, branch or tag here"])
    #expect(badRange.stdout.isEmpty)
    let conflicting = try cli.run(["diff", "--staged", "--worktree"], in: repo.path)
    #expect(conflicting.status == 2)
    let outside = try cli.run(["diff"], in: cli.home)
    #expect(outside.status == 2)
    #expect(outside.stderr.contains("not a git repository"))
  }

  @Test func completionScripts() throws {
    let cli = try CLI()
    for shell in ["bash", "zsh", "fish"] {
      let script = try cli.run(["completions", shell], in: cli.home)
      #expect(script.status == 0)
      #expect(script.output.contains("git-llm"))
    }
    #expect(try cli.run(["completions", "tcsh"], in: cli.home).status == 2)
  }

  @Test func doctorReportsVersionsAndFiles() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    let report = try cli.run(["doctor", "--timeout", "0.5"], in: repo.path)
    #expect(report.status == 0)
    #expect(report.output.contains("libgit2 1."))
    #expect(report.output.contains("libcurl "))
    #expect(report.output.contains("repository: \(repo.path) (work tree"))
    #expect(report.output.contains(repo.path + "/.git-llm.yaml  (not found)"))
    #expect(report.output.contains("builtin"))
  }
}

@Suite("The hook fast path")
struct FastPathTests {
  /// `diff --staged` skips ArgumentParser; adding `-U 3` (the default) forces the full parser.
  @Test(arguments: [
    ["--staged"], ["--cached", "--format", "json"], ["--staged", "--format=numstat"], ["--worktree", "--color", "never"], [],
  ])
  func sameBytesAsTheFullParser(flags: [String]) throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try repo.write("a.txt", "one\ntwo\n")
    try repo.commitAll("first")
    try repo.write("a.txt", "one\n2\n")
    try repo.write("b.txt", "new\n")
    try repo.git(["add", "b.txt"])
    let fast = try cli.run(["diff"] + flags, in: repo.path)
    let full = try cli.run(["diff"] + flags + ["-U", "3"], in: repo.path)
    #expect(fast.status == 0 && full.status == 0)
    #expect(fast.stdout == full.stdout)
    #expect(!fast.stdout.isEmpty)
  }

  @Test func errorsMatchToo() throws {
    let cli = try CLI()
    let folder = try makeTemporaryFolder()
    let fast = try cli.run(["diff", "--staged"], in: folder)
    let full = try cli.run(["diff", "--staged", "-U", "3"], in: folder)
    #expect(fast.status == 2 && full.status == 2)
    #expect(fast.stderr == full.stderr)
  }
}
