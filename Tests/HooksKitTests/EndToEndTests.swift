import Foundation
import HooksKit
import TestSupport
import Testing

/// The built binary next to the test runner (or GIT_LLM_BIN), when it has `hook run`.
let gitLLMBinary: String? = {
  let explicit = ProcessInfo.processInfo.environment["GIT_LLM_BIN"]
  var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
  if folder.lastPathComponent.hasSuffix(".xctest") { folder = folder.deletingLastPathComponent() }
  let binary = explicit ?? folder.appendingPathComponent("git-llm").path
  guard FileManager.default.isExecutableFile(atPath: binary),
    let help = try? run(binary, ["hook", "run", "--help"]), help.status == 0
  else { return nil }
  return binary
}()

@Suite("git llm hooks with the real binary and a real commit", .enabled(if: gitLLMBinary != nil))
struct EndToEndTests {
  @Test func installCommitBlockStatusUninstall() throws {
    let binary = try #require(gitLLMBinary)
    let repo = try GitFixture()
    let home = repo.scratch("home")
    let bin = repo.scratch("bin")
    try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: bin + "/git-llm", withDestinationPath: binary)
    // Only the built-in rules review: fast, offline, and they flag conflict markers as high.
    let env = [
      "PATH": searchPath(fakes: bin), "HOME": home, "XDG_CONFIG_HOME": home + "/.config", "GIT_LLM_ROUTING_REVIEW": "builtin",
      "NO_COLOR": "1",
    ]
    let marker = repo.scratch("user-ran")
    try writeFile(repo.path + "/.git/hooks/pre-commit", "#!/bin/sh\necho ran >> '\(marker)'\n", mode: 0o750)
    let before = FolderSnapshot(repo.path + "/.git/hooks")

    let installed = try run(binary, ["hooks", "install"], in: repo.path, environment: env)
    #expect(installed.status == 0, "\(installed.stderr)")
    #expect(installed.output.contains("pre-commit: installed at .git/hooks/pre-commit; your previous hook moved to"))

    try repo.write("a.txt", "hello\n")
    try repo.git(["add", "a.txt"])
    let clean = try repo.attempt(["commit", "-q", "-m", "clean"], environment: env)
    #expect(clean.status == 0, "\(clean.stderr)")
    #expect(read(marker) == "ran\n")

    try repo.write("b.txt", "<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n")
    try repo.git(["add", "b.txt"])
    let blocked = try repo.attempt(["commit", "-q", "-m", "conflict"], environment: env)
    #expect(blocked.status != 0)
    #expect(blocked.stderr.contains("hooks.block_on"), "\(blocked.stderr)")
    #expect(read(marker) == "ran\nran\n")

    let status = try run(binary, ["hooks", "status", "--hook", "pre-commit", "--format", "json"], in: repo.path, environment: env)
    #expect(status.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: status.stdout) as? [String: Any])
    let hooks = try #require(json["hooks"] as? [[String: Any]])
    #expect(hooks.first?["state"] as? String == "intact")
    #expect((hooks.first?["runs"] as? [String])?.count == 2)

    let unknown = try run(binary, ["hooks", "install", "--hook", "pre-comit"], in: repo.path, environment: env)
    #expect(unknown.status == 2 && unknown.stderr.contains("unknown hook 'pre-comit'"))

    let removed = try run(binary, ["hooks", "uninstall"], in: repo.path, environment: env)
    #expect(removed.status == 0, "\(removed.stderr)")
    #expect(FolderSnapshot(repo.path + "/.git/hooks") == before)
    #expect(!exists(repo.path + "/.git/llm/hooks"))
  }
}
