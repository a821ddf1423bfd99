import Foundation
import HooksKit
import TestSupport
import Testing

@Suite("hooks status says what git will run")
struct StatusTests {
  @Test func chainedInstallListsTheUserHookThenGitLLM() throws {
    let repo = try GitFixture()
    let locations = try repo.locations()
    try writeFile(locations.hookPath(.preCommit), "#!/bin/sh\nexit 0\n")
    try writeFile(locations.hookPath(.postMerge), "#!/bin/sh\nexit 0\n", mode: 0o644)
    _ = try install([.preCommit], locations)
    let status = HooksStatus.inspect(HookName.allCases, enabled: [.preCommit], at: locations, environment: ["GIT_LLM": "0"])
    #expect(status.disabledBy == "GIT_LLM=0")
    #expect(status.configuredHooksPath == nil)
    let pre = try #require(status.entries.first { $0.hook == .preCommit })
    #expect(pre.state == .intact && pre.enabledInConfig)
    #expect(
      pre.steps == [
        "your previous hook: \(locations.backupPath(.preCommit))", "git-llm: git-llm hook run pre-commit (reviews the staged change)",
      ])
    let merge = try #require(status.entries.first { $0.hook == .postMerge })
    #expect(merge.state == .notInstalled && merge.steps == [".git/hooks/post-merge is not executable, so git ignores it"])
    let text = status.text(locations)
    #expect(text.contains("hooks folder: \(repo.path)/.git/hooks\n"))
    #expect(text.contains("git-llm: off in this environment (GIT_LLM=0)"))
    #expect(text.contains("pre-commit: intact, on in config — .git/hooks/pre-commit\n  1. your previous hook:"))
  }

  @Test func editedScriptAndHooksPathAreReported() throws {
    let repo = try GitFixture()
    try repo.git(["config", "core.hooksPath", ".githooks"])
    let locations = try repo.locations()
    _ = try install([.preCommit], locations)
    try writeFile(locations.hookPath(.preCommit), HookName.preCommit.script + "echo extra\n")
    let status = HooksStatus.inspect([.preCommit], enabled: [], at: locations, environment: ["SKIP": "a,git-llm"])
    #expect(status.configuredHooksPath == ".githooks")
    #expect(status.disabledBy == "SKIP=a,git-llm")
    let entry = try #require(status.entries.first)
    #expect(entry.state == .edited)
    #expect(
      entry.steps.first?.contains(
        "line \(HookName.preCommit.script.split(separator: "\n", omittingEmptySubsequences: false).count) 'echo extra' was added") == true)
    #expect(status.text(locations).contains("(from core.hooksPath = .githooks)"))
  }

  @Test func huskyStatusSaysWhetherItsScriptRunsGitLLM() throws {
    let repo = try GitFixture()
    try FileManager.default.createDirectory(atPath: repo.path + "/.husky/_", withIntermediateDirectories: true)
    try repo.git(["config", "core.hooksPath", ".husky/_"])
    let locations = try repo.locations()
    _ = try install([.preCommit], locations)
    let status = HooksStatus.inspect([.preCommit, .prePush], enabled: [.preCommit], at: locations, environment: [:])
    #expect(status.manager == "husky")
    #expect(status.entries[0].steps == ["husky: .husky/pre-commit (contains git-llm)"])
    #expect(status.entries[0].state == .managed)
    #expect(status.entries[1].steps == ["husky: no .husky/pre-push, nothing runs"])
  }
}
