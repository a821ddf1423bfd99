import Foundation
import GitKit
import TestSupport
import Testing

/// GitConfig against git itself: what one writes, the other reads.
@Suite("Git config files")
struct GitConfigTests {
  @Test func setReadAndUnsetAsGitSeesThem() throws {
    let repo = try GitFixture()
    let path = repo.path + "/.git/config"
    try GitConfig(path: path).set("hook.git-llm.command", to: "git-llm hook run pre-commit")
    #expect(try repo.git(["config", "--file", path, "hook.git-llm.command"]) == "git-llm hook run pre-commit\n")
    try repo.git(["config", "--file", path, "hook.git-llm.event", "pre-commit"])
    let config = try GitConfig(path: path)
    #expect(try config.string("hook.git-llm.event") == "pre-commit")
    #expect(try config.string("hook.other.event") == nil)
    try config.unset("hook.git-llm.event")
    try config.unset("hook.git-llm.event")
    #expect(try GitConfig(path: path).string("hook.git-llm.event") == nil)
    #expect(try GitConfig(path: path).string("hook.git-llm.command") == "git-llm hook run pre-commit")
    // What was there before is kept.
    #expect(try GitConfig(path: path).string("core.bare") == "false")
  }

  @Test func aMissingFileOpensEmptyAndIsCreatedOnWrite() throws {
    let folder = NSTemporaryDirectory() + "git-config-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/config"
    let config = try GitConfig(path: path)
    #expect(try config.string("a.b") == nil)
    try config.unset("a.b")
    #expect(!FileManager.default.fileExists(atPath: path))
    try config.set("a.b", to: "value with spaces")
    #expect(try GitConfig(path: path).string("a.b") == "value with spaces")
  }

  @Test func aBadKeyIsAnErrorNamingTheCall() throws {
    let repo = try GitFixture()
    let config = try GitConfig(path: repo.path + "/.git/config")
    #expect(throws: GitError.self) { try config.set("no-section", to: "x") }
    do throws(GitError) {
      try config.set("no-section", to: "x")
    } catch {
      guard case .library(_, let function, let message) = error else { Issue.record("\(error)"); return }
      #expect(function == "git_config_set_string")
      #expect(!message.isEmpty)
    }
  }
}
