import Foundation
import TestSupport
import Testing

/// The real pre-commit framework: on PATH, or in the virtual environment scripts/bootstrap makes.
let preCommitTool: String? = {
  let environment = ProcessInfo.processInfo.environment
  let cache = environment["XDG_CACHE_HOME"] ?? ((environment["HOME"] ?? "") + "/.cache")
  let candidates =
    (environment["PATH"] ?? "").split(separator: ":").map { $0 + "/pre-commit" } + [cache + "/git-llm/pre-commit/bin/pre-commit"]
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// With a `.pre-commit-config.yaml`, install says that nothing was installed and what to do (exit
/// 2), the snippet it prints works in the real framework, and status tells what git really runs,
/// also after `install --direct`.
@Suite(
  "git llm hooks beside the real pre-commit framework", .serialized,
  .enabled(if: gitLLMBinary != nil), .enabled(if: preCommitTool != nil, "pre-commit is not installed: run scripts/bootstrap"))
struct PreCommitFrameworkTests {
  private func repository() throws -> (HookedRepository, String) {
    var hooked = try HookedRepository(builtinOnly: true, installHooks: false)
    hooked.environment["PRE_COMMIT_HOME"] = hooked.repo.scratch("pre-commit-home")
    try hooked.repo.write(".pre-commit-config.yaml", "repos: []\n")
    _ = try hooked.repo.commitAll("pre-commit config")
    return (hooked, try #require(preCommitTool))
  }

  private func preCommit(_ tool: String, _ arguments: [String], _ hooked: HookedRepository) throws -> ProcessResult {
    try run(tool, arguments, in: hooked.repo.path, environment: hooked.environment)
  }

  private func state(_ hooked: HookedRepository) throws -> (state: String?, runs: [String]) {
    let status = try hooked.gitLLM(["hooks", "status", "--hook", "pre-commit", "--format", "json"])
    let json = try #require(try JSONSerialization.jsonObject(with: status.stdout) as? [String: Any], "\(status.stderr)")
    let hook = try #require((json["hooks"] as? [[String: Any]])?.first)
    return (hook["state"] as? String, hook["runs"] as? [String] ?? [])
  }

  @Test func installSaysNothingWasInstalledAndTheSnippetWorksInTheFramework() throws {
    let (hooked, tool) = try repository()
    let repo = hooked.repo
    let refused = try hooked.gitLLM(["hooks", "install"])
    #expect(refused.status == 2, "installing nothing is not success: \(refused.stderr)")
    #expect(refused.stderr.contains("nothing installed for pre-commit"), "\(refused.stderr)")
    #expect(
      refused.stderr.contains("--direct") && refused.stderr.contains("pre-commit install --hook-type pre-commit"), "\(refused.stderr)")
    #expect(!exists(repo.path + "/.git/hooks/pre-commit"))
    #expect(try state(hooked).state == "not-installed")

    // The framework's own hook alone runs nothing of git-llm's, and status says so.
    #expect(try preCommit(tool, ["install", "--hook-type", "pre-commit"], hooked).status == 0)
    #expect(try state(hooked).runs == ["pre-commit manages hooks; git-llm not configured in .pre-commit-config.yaml"])

    // Paste the printed entries into the config: the real framework runs git-llm, which blocks a token.
    let start = try #require(refused.output.range(of: "repos:\n")).lowerBound
    let snippet = String(refused.output[start...])
    try repo.write(".pre-commit-config.yaml", snippet)
    _ = try repo.git(["add", ".pre-commit-config.yaml"])
    #expect(try state(hooked).state == "managed")
    let again = try hooked.gitLLM(["hooks", "install"])
    #expect(again.status == 0 && again.output.contains("pre-commit runs git-llm"), "\(again.output)\(again.stderr)")
    try repo.write("settings.txt", "token = \(fakeGitHubToken())\n")
    let blocked = try hooked.commit(["-a", "-m", "token"])
    #expect(blocked.status != 0, "\(blocked.stderr)")
    #expect(blocked.output.contains("GitHub token") || blocked.stderr.contains("GitHub token"), "\(blocked.output)\(blocked.stderr)")

    // --print only shows the snippet: exit 0.
    try repo.write(".pre-commit-config.yaml", "repos: []\n")
    let printed = try hooked.gitLLM(["hooks", "install", "--print"])
    #expect(printed.status == 0 && printed.output.contains("id: git-llm-review"), "\(printed.stderr)")
  }

  @Test func directInstallIsWhatStatusReportsAndUninstallPutsTheFrameworkBack() throws {
    let (hooked, tool) = try repository()
    let repo = hooked.repo
    #expect(try preCommit(tool, ["install", "--hook-type", "pre-commit"], hooked).status == 0)
    let frameworkHook = try #require(read(repo.path + "/.git/hooks/pre-commit"))

    let direct = try hooked.gitLLM(["hooks", "install", "--direct"])
    #expect(direct.status == 0, "\(direct.stderr)")
    let installed = try state(hooked)
    #expect(installed.state == "intact")
    #expect(installed.runs.first?.hasPrefix("your previous hook (pre-commit's hook): ") == true, "\(installed.runs)")
    #expect(installed.runs.last?.hasPrefix("git-llm: git-llm hook run pre-commit") == true, "\(installed.runs)")
    let again = try hooked.gitLLM(["hooks", "install"])
    #expect(again.status == 0 && again.output.contains("git-llm's own script is installed"), "\(again.output)\(again.stderr)")

    // Both run: the framework (moved, chained) and git-llm, which blocks a token.
    try repo.write("settings.txt", "token = \(fakeGitHubToken())\n")
    let blocked = try hooked.commit(["-a", "-m", "token"])
    #expect(blocked.status != 0 && blocked.stderr.contains("hooks.block_on"), "\(blocked.stderr)")

    #expect(try hooked.gitLLM(["hooks", "uninstall"]).status == 0)
    #expect(read(repo.path + "/.git/hooks/pre-commit") == frameworkHook)
    #expect(try state(hooked).state == "not-installed")
  }
}
