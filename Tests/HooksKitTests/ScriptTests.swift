import Foundation
import HooksKit
import TestSupport
import Testing

@Suite("The hook scripts: embedded copies, chaining, skips, stdin")
struct ScriptTests {
  @Test(arguments: HookName.allCases)
  func embeddedScriptEqualsTheFileInHooks(_ hook: HookName) throws {
    let file = try #require(FileManager.default.contents(atPath: packageRoot + "/hooks/" + hook.rawValue))
    #expect(Data(hook.script.utf8) == file, "hooks/\(hook.rawValue) and HookScripts.swift differ: copy the file into the constant")
    #expect(mode(packageRoot + "/hooks/" + hook.rawValue) & 0o111 != 0)
  }

  /// A user's pre-commit that records that it ran, failing when asked to.
  private func userHook(_ repo: GitFixture) throws -> String {
    let marker = repo.scratch("user-hook-ran")
    try writeFile(
      repo.path + "/.git/hooks/pre-commit", "#!/bin/sh\necho ran >> '\(marker)'\n[ -f '\(repo.scratch("fail"))' ] && exit 7\nexit 0\n")
    return marker
  }

  @Test func chainedUserHookRunsAndItsFailureBlocksTheCommit() throws {
    let repo = try GitFixture()
    let marker = try userHook(repo)
    _ = try install([.preCommit], try repo.locations())
    #expect(exists(repo.path + "/.git/llm/hooks/pre-commit.user"))
    try repo.write("a.txt", "a\n")
    try repo.git(["add", "a.txt"])
    let env = ["GIT_LLM": "0", "PATH": searchPath()]
    let ok = try repo.attempt(["commit", "-q", "-m", "one"], environment: env)
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(read(marker) == "ran\n")

    try writeFile(repo.scratch("fail"), "")
    try repo.write("b.txt", "b\n")
    try repo.git(["add", "b.txt"])
    let blocked = try repo.attempt(["commit", "-q", "-m", "two"], environment: env)
    #expect(blocked.status != 0)
    #expect(read(marker) == "ran\nran\n")
    #expect(try repo.git(["log", "--format=%s"]) == "one\n")
  }

  @Test func gitLLMRunsAfterTheUserHookWithTheHookArguments() throws {
    let repo = try GitFixture()
    let marker = try userHook(repo)
    _ = try install([.preCommit, .prepareCommitMsg], try repo.locations())
    let fakes = repo.scratch("bin")
    try installFakeGitLLM(in: fakes, record: repo.scratch("llm"))
    try repo.write("a.txt", "a\n")
    try repo.git(["add", "a.txt"])
    let result = try repo.attempt(["commit", "-q", "-m", "one"], environment: ["PATH": searchPath(fakes: fakes)])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(read(marker) == "ran\n")
    // prepare-commit-msg ran last, so its arguments are the ones recorded.
    #expect(read(repo.scratch("llm.args")) == "hook run prepare-commit-msg .git/COMMIT_EDITMSG message\n")
  }

  @Test func gitLLMFailureBlocksAndSkipSwitchesTurnItOff() throws {
    let repo = try GitFixture()
    _ = try install([.preCommit], try repo.locations())
    let fakes = repo.scratch("bin")
    try installFakeGitLLM(in: fakes, record: repo.scratch("llm"), status: 1)
    try repo.write("a.txt", "a\n")
    try repo.git(["add", "a.txt"])
    let path = searchPath(fakes: fakes)
    #expect(try repo.attempt(["commit", "-q", "-m", "x"], environment: ["PATH": path]).status != 0)
    #expect(read(repo.scratch("llm.args")) == "hook run pre-commit\n")
    #expect(try repo.attempt(["commit", "-q", "-m", "x"], environment: ["PATH": path, "GIT_LLM": "0"]).status == 0)
    try repo.write("b.txt", "b\n")
    try repo.git(["add", "b.txt"])
    #expect(try repo.attempt(["commit", "-q", "-m", "y"], environment: ["PATH": path, "SKIP": "flake8, git-llm"]).status == 0)
  }

  @Test func aMissingGitLLMWarnsAndNeverBlocks() throws {
    let repo = try GitFixture()
    _ = try install([.preCommit], try repo.locations())
    try repo.write("a.txt", "a\n")
    try repo.git(["add", "a.txt"])
    let result = try repo.attempt(["commit", "-q", "-m", "x"], environment: ["PATH": searchPath()])
    #expect(result.status == 0)
    #expect(result.stderr.contains("git-llm: not on PATH"))
  }

  @Test func prePushStdinReachesBothTheUserHookAndGitLLM() throws {
    let remote = try GitFixture(bare: true)
    let repo = try GitFixture()
    try repo.write("a.txt", "a\n")
    try repo.commitAll("one")
    try repo.git(["remote", "add", "origin", remote.path])
    let seen = repo.scratch("user-stdin")
    try writeFile(repo.path + "/.git/hooks/pre-push", "#!/bin/sh\necho \"$@\" > '\(seen).args'\ncat > '\(seen)'\n")
    _ = try install([.prePush], try repo.locations())
    let fakes = repo.scratch("bin")
    try installFakeGitLLM(in: fakes, record: repo.scratch("llm"))
    let temporary = repo.scratch("tmp")
    try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    let result = try repo.attempt(["push", "-q", "origin", "main"], environment: ["PATH": searchPath(fakes: fakes), "TMPDIR": temporary])
    #expect(result.status == 0, "\(result.stderr)")
    let head = try repo.revParse("HEAD")
    let expected = "refs/heads/main \(head) refs/heads/main \(String(repeating: "0", count: 40))\n"
    #expect(read(seen) == expected)
    #expect(read(repo.scratch("llm.stdin")) == expected)
    #expect(read(seen + ".args") == "origin \(remote.path)\n")
    #expect(read(repo.scratch("llm.args")) == "hook run pre-push origin \(remote.path)\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "the stdin copy was left behind")
  }

  @Test func aFailingUserPrePushBlocksBeforeGitLLMRuns() throws {
    let remote = try GitFixture(bare: true)
    let repo = try GitFixture()
    try repo.commitAll("one")
    try repo.git(["remote", "add", "origin", remote.path])
    try writeFile(repo.path + "/.git/hooks/pre-push", "#!/bin/sh\ncat >/dev/null\nexit 3\n")
    _ = try install([.prePush], try repo.locations())
    let fakes = repo.scratch("bin")
    try installFakeGitLLM(in: fakes, record: repo.scratch("llm"))
    let result = try repo.attempt(["push", "-q", "origin", "main"], environment: ["PATH": searchPath(fakes: fakes)])
    #expect(result.status != 0)
    #expect(!exists(repo.scratch("llm.args")))
  }
}
