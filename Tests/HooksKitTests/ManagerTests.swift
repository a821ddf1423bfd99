import Foundation
import HooksKit
import TestSupport
import Testing

@Suite("husky, lefthook, pre-commit and config hooks")
struct ManagerTests {
  /// husky 9's layout: core.hooksPath = .husky/_, whose shims run `.husky/<hook>` with `sh -e`.
  private func husky(_ repo: GitFixture) throws {
    try writeFile(repo.path + "/.husky/_/pre-commit", "#!/bin/sh\nsh -e \"$(dirname \"$0\")/../pre-commit\" \"$@\"\n")
    try repo.git(["config", "core.hooksPath", ".husky/_"])
  }

  @Test func huskyGetsOneGuardedLineThatUninstallTakesBackExactly() throws {
    let repo = try GitFixture()
    try husky(repo)
    try writeFile(repo.path + "/.husky/pre-commit", "npm test", mode: 0o644)  // no final newline
    let before = FolderSnapshot(repo.path + "/.husky")
    let locations = try repo.locations()
    #expect(HookManager.detect(locations) == .husky(folder: repo.path + "/.husky"))
    _ = try install([.preCommit], locations)
    #expect(read(repo.path + "/.husky/pre-commit") == "npm test\n" + HookManager.huskyLine(.preCommit) + "\n")
    let again = try install([.preCommit], locations)
    #expect(again.lines.allSatisfy { $0.contains("nothing changed") })
    #expect(!exists(locations.hookPath(.preCommit).replacingOccurrences(of: "/_/", with: "/_/x")))
    _ = try uninstall(locations)
    #expect(FolderSnapshot(repo.path + "/.husky") == before)
    #expect(!exists(repo.path + "/.git/llm"))
  }

  @Test func huskyFileCreatedWhenMissingAndTheLineNeverBlocksWithoutGitLLM() throws {
    let repo = try GitFixture()
    try husky(repo)
    let locations = try repo.locations()
    _ = try install([.preCommit], locations)
    #expect(mode(repo.path + "/.husky/pre-commit") == 0o755)
    try repo.write("a.txt", "a\n")
    try repo.git(["add", "a.txt"])
    #expect(try repo.attempt(["commit", "-q", "-m", "x"], environment: ["PATH": searchPath()]).status == 0)
    let fakes = repo.scratch("bin")
    try installFakeGitLLM(in: fakes, record: repo.scratch("llm"), status: 1)
    try repo.write("b.txt", "b\n")
    try repo.git(["add", "b.txt"])
    #expect(try repo.attempt(["commit", "-q", "-m", "y"], environment: ["PATH": searchPath(fakes: fakes)]).status != 0)
    #expect(read(repo.scratch("llm.args")) == "hook run pre-commit\n")
    _ = try uninstall(locations)
    #expect(!exists(repo.path + "/.husky/pre-commit"))
  }

  @Test func huskyPrintEditsNothing() throws {
    let repo = try GitFixture()
    try husky(repo)
    let before = FolderSnapshot(repo.path)
    let report = try install([.preCommit], try repo.locations(), printOnly: true)
    #expect(report.snippet?.contains(HookManager.huskyLine(.preCommit)) == true)
    #expect(FolderSnapshot(repo.path) == before)
  }

  @Test func lefthookIsLeftAloneWithASnippet() throws {
    let repo = try GitFixture()
    try repo.write("lefthook.yml", "pre-commit:\n  commands:\n    lint:\n      run: make lint\n")
    let before = FolderSnapshot(repo.path)
    let locations = try repo.locations()
    let report = try install([.preCommit, .prePush], locations)
    #expect(report.lines.first?.contains("lefthook manages") == true)
    #expect(report.snippet?.contains("run: git-llm hook run pre-commit {0}") == true)
    #expect(report.snippet?.contains("use_stdin: true") == true)
    #expect(FolderSnapshot(repo.path) == before)
    let status = HooksStatus.inspect([.preCommit], enabled: [.preCommit], at: locations, environment: [:])
    #expect(
      status.entries.first?.steps == [
        "lefthook manages hooks; git-llm not configured in lefthook.yml",
        "lefthook's hook is not installed at .git/hooks/pre-commit, so nothing runs: run lefthook install",
      ])
    #expect(report.refusal?.hasPrefix("nothing installed for pre-commit, pre-push: lefthook manages the hooks") == true, "\(report)")
  }

  @Test func lefthookInstalledHookIsDetectedToo() throws {
    let repo = try GitFixture()
    try writeFile(repo.path + "/.git/hooks/pre-commit", "#!/bin/sh\ncall_lefthook run pre-commit\n")
    #expect(HookManager.detect(try repo.locations()) == .lefthook(evidence: repo.path + "/.git/hooks/pre-commit"))
  }

  @Test func preCommitFrameworkGetsASnippetWithOurIds() throws {
    let repo = try GitFixture()
    try repo.write(".pre-commit-config.yaml", "repos: []\n")
    let report = try install([.preCommit, .prepareCommitMsg], try repo.locations())
    #expect(report.snippet?.contains("id: git-llm-review") == true)
    #expect(report.snippet?.contains("id: git-llm-commit-msg") == true)
    let published = try #require(read(packageRoot + "/.pre-commit-hooks.yaml"))
    #expect(published.contains("id: git-llm-review") && published.contains("id: git-llm-commit-msg"))
    #expect(!exists(repo.path + "/.git/hooks/pre-commit"))
  }

  @Test func directOverridesADetectedManager() throws {
    let repo = try GitFixture()
    try repo.write("lefthook.yml", "{}\n")
    let locations = try repo.locations()
    _ = try install([.preCommit], locations, direct: true)
    #expect(read(locations.hookPath(.preCommit)) == HookName.preCommit.script)
  }

  @Test func configHooksAreWrittenAndRemovedThroughLibgit2() throws {
    let repo = try GitFixture()
    let configBefore = try #require(FileManager.default.contents(atPath: repo.path + "/.git/config"))
    let locations = try repo.locations()
    let report = try HooksInstaller.install(InstallOptions(hooks: [.preCommit, .prePush], configHooks: true), at: locations)
    #expect(report.warnings.contains { $0.contains("2.54") })
    #expect(try repo.git(["config", "--get", "hook.git-llm.command"]) == "git-llm hook run pre-commit\n")
    #expect(try repo.git(["config", "--get", "hook.git-llm.event"]) == "pre-commit\n")
    #expect(try repo.git(["config", "--get", "hook.git-llm-pre-push.event"]) == "pre-push\n")
    _ = try HooksInstaller.install(InstallOptions(hooks: [.preCommit], configHooks: true), at: locations)
    #expect(try repo.git(["config", "--get-all", "hook.git-llm.event"]) == "pre-commit\n", "no duplicate on re-install")
    _ = try uninstall(locations)
    #expect(try repo.attempt(["config", "--get", "hook.git-llm.command"]).status == 1)
    #expect(try repo.attempt(["config", "--get", "hook.git-llm-pre-push.command"]).status == 1)
    // libgit2 may leave an empty [hook "git-llm"] header; no key remains.
    let after = String(decoding: try #require(FileManager.default.contents(atPath: repo.path + "/.git/config")), as: UTF8.self)
    #expect(!after.contains("command") && after.hasPrefix(String(decoding: configBefore, as: UTF8.self)))
  }
}
