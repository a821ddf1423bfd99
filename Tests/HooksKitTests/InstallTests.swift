import Foundation
import HooksKit
import TestSupport
import Testing

@Suite("Install and uninstall put everything back", .serialized)
struct InstallTests {
  @Test func freshInstallAndUninstallLeaveNothingBehind() throws {
    let repo = try GitFixture()
    let before = FolderSnapshot(repo.path + "/.git")
    let locations = try repo.locations()
    let report = try install([.preCommit], locations)
    #expect(report.warnings.isEmpty)
    #expect(read(locations.hookPath(.preCommit)) == HookName.preCommit.script)
    #expect(mode(locations.hookPath(.preCommit)) == 0o755)
    let manifest = try #require(read(locations.manifestPath))
    #expect(manifest.contains("\"sha256\""))
    _ = try uninstall(locations)
    #expect(FolderSnapshot(repo.path + "/.git") == before)
  }

  @Test func uninstallRestoresTheUserHookByteForByteWithItsMode() throws {
    let repo = try GitFixture()
    let locations = try repo.locations()
    let original = Data([0x23, 0x21, 0x2F, 0x62, 0x69, 0x6E, 0x2F, 0x73, 0x68, 0x0A, 0xFF, 0xFE, 0x0D, 0x0A])  // "#!/bin/sh\n" + odd bytes
    try original.write(to: URL(fileURLWithPath: locations.hookPath(.preCommit)))
    chmod(locations.hookPath(.preCommit), 0o740)
    try writeFile(locations.hookPath(.prePush), "#!/bin/sh\nnot executable\n", mode: 0o644)
    let before = FolderSnapshot(repo.path + "/.git")
    _ = try install([.preCommit, .prePush, .postMerge], locations)
    #expect(mode(locations.backupPath(.preCommit)) == 0o740)
    #expect(FileManager.default.contents(atPath: locations.backupPath(.preCommit)) == original)
    _ = try uninstall(locations)
    #expect(FolderSnapshot(repo.path + "/.git") == before)
    #expect(mode(locations.hookPath(.preCommit)) == 0o740)
  }

  @Test func aSymlinkedHookComesBackAsTheSameRelativeLink() throws {
    let repo = try GitFixture()
    let locations = try repo.locations()
    try writeFile(repo.path + "/scripts/check.sh", "#!/bin/sh\necho checked > '\(repo.scratch("linked-ran"))'\n")
    try FileManager.default.createSymbolicLink(atPath: locations.hookPath(.preCommit), withDestinationPath: "../../scripts/check.sh")
    let before = FolderSnapshot(repo.path + "/.git/hooks")
    _ = try install([.preCommit], locations)
    try repo.write("a.txt", "a\n")
    try repo.git(["add", "a.txt"])
    #expect(try repo.attempt(["commit", "-q", "-m", "x"], environment: ["GIT_LLM": "0", "PATH": searchPath()]).status == 0)
    #expect(read(repo.scratch("linked-ran")) == "checked\n")
    _ = try uninstall(locations)
    #expect(FolderSnapshot(repo.path + "/.git/hooks") == before)
    #expect(!exists(repo.path + "/.git/llm"))
  }

  @Test func reinstallIsIdempotent() throws {
    let repo = try GitFixture()
    let locations = try repo.locations()
    try writeFile(locations.hookPath(.preCommit), "#!/bin/sh\nexit 0\n")
    _ = try install([.preCommit], locations)
    let once = FolderSnapshot(repo.path + "/.git")
    let again = try install([.preCommit], locations)
    #expect(again.lines.allSatisfy { $0.contains("nothing changed") })
    #expect(FolderSnapshot(repo.path + "/.git") == once)
    #expect(read(locations.backupPath(.preCommit)) == "#!/bin/sh\nexit 0\n")
  }

  @Test func anEditedScriptIsRefusedUnlessForced() throws {
    let repo = try GitFixture()
    let locations = try repo.locations()
    try writeFile(locations.hookPath(.preCommit), "#!/bin/sh\nexit 0\n", mode: 0o700)
    _ = try install([.preCommit], locations)
    let edited = HookName.preCommit.script.replacingOccurrences(of: "hook=pre-commit", with: "hook=pre-commit # mine")
    try writeFile(locations.hookPath(.preCommit), edited)
    let refusal = #expect(throws: HooksError.self) { try uninstall(locations) }
    #expect(refusal?.kind == .refused)
    #expect(refusal?.description.contains("line 7 is 'hook=pre-commit # mine' instead of 'hook=pre-commit'") == true)
    #expect(refusal?.description.contains("--force") == true)
    #expect(read(locations.hookPath(.preCommit)) == edited, "a refusal changes nothing")
    #expect(throws: HooksError.self) { try install([.preCommit], locations) }
    _ = try uninstall(locations, force: true)
    #expect(read(locations.hookPath(.preCommit)) == "#!/bin/sh\nexit 0\n")
    #expect(mode(locations.hookPath(.preCommit)) == 0o700)
    #expect(!exists(locations.recordDirectory))
  }

  @Test func aLeftoverBackupIsNeverOverwritten() throws {
    let repo = try GitFixture()
    let locations = try repo.locations()
    try writeFile(locations.backupPath(.preCommit), "#!/bin/sh\nold\n")
    try writeFile(locations.hookPath(.preCommit), "#!/bin/sh\nnew\n")
    #expect(throws: HooksError.self) { try install([.preCommit], locations) }
    #expect(read(locations.backupPath(.preCommit)) == "#!/bin/sh\nold\n")
    #expect(read(locations.hookPath(.preCommit)) == "#!/bin/sh\nnew\n")
  }

  @Test func relativeCoreHooksPath() throws {
    let repo = try GitFixture()
    try writeFile(repo.path + "/.githooks/pre-commit", "#!/bin/sh\necho mine > '\(repo.scratch("mine"))'\n")
    try repo.git(["config", "core.hooksPath", ".githooks"])
    let locations = try repo.locations()
    #expect(locations.hooksDirectory == repo.path + "/.githooks")
    let before = FolderSnapshot(repo.path + "/.githooks")
    let report = try install([.preCommit], locations)
    #expect(report.warnings.contains { $0.contains("inside the work tree") })
    #expect(read(repo.path + "/.githooks/pre-commit") == HookName.preCommit.script)
    #expect(exists(repo.path + "/.git/llm/hooks/pre-commit.user"), "the backup never goes into a possibly committed folder")
    try repo.write("a.txt", "a\n")
    try repo.git(["add", "a.txt"])
    #expect(try repo.attempt(["commit", "-q", "-m", "x"], environment: ["GIT_LLM": "0", "PATH": searchPath()]).status == 0)
    #expect(read(repo.scratch("mine")) == "mine\n")
    _ = try uninstall(locations)
    #expect(FolderSnapshot(repo.path + "/.githooks") == before)
  }

  @Test func absoluteCoreHooksPathThatDoesNotExistYet() throws {
    let repo = try GitFixture()
    let shared = repo.scratch("shared/hooks")
    try repo.git(["config", "core.hooksPath", shared])
    let locations = try repo.locations()
    #expect(locations.hooksDirectory == shared)
    _ = try install([.preCommit], locations)
    #expect(read(shared + "/pre-commit") == HookName.preCommit.script)
    _ = try uninstall(locations)
    #expect(!exists(repo.scratch("shared")), "folders install created go when empty")
  }

  @Test func linkedWorktreeUsesTheCommonHooksFolder() throws {
    let repo = try GitFixture()
    try repo.commitAll("base")
    let tree = repo.scratch("tree")
    try repo.git(["worktree", "add", "-q", tree, "-b", "feature"])
    let marker = repo.scratch("from-worktree")
    try writeFile(repo.path + "/.git/hooks/pre-commit", "#!/bin/sh\necho ran > '\(marker)'\n")
    let locations = try repo.locations(tree)
    #expect(locations.hooksDirectory == repo.path + "/.git/hooks")
    #expect(locations.recordDirectory == repo.path + "/.git/llm/hooks")
    let before = FolderSnapshot(repo.path + "/.git/hooks")
    _ = try install([.preCommit], locations)
    try writeFile(tree + "/w.txt", "w\n")
    try repo.git(["add", "w.txt"], in: tree)
    #expect(try repo.attempt(["commit", "-q", "-m", "w"], in: tree, environment: ["GIT_LLM": "0", "PATH": searchPath()]).status == 0)
    #expect(read(marker) == "ran\n")
    _ = try uninstall(locations)
    #expect(FolderSnapshot(repo.path + "/.git/hooks") == before)
  }

  @Test func bareRepository() throws {
    let repo = try GitFixture(bare: true)
    let locations = try repo.locations()
    #expect(locations.hooksDirectory == repo.path + "/hooks")
    let before = FolderSnapshot(repo.path)
    _ = try install([.prePush, .postMerge], locations)
    #expect(read(repo.path + "/hooks/pre-push") == HookName.prePush.script)
    #expect(exists(repo.path + "/llm/hooks/manifest.json"))
    _ = try uninstall(locations)
    #expect(FolderSnapshot(repo.path) == before)
  }
}
