import Foundation
import TestSupport
import Testing

/// The real lefthook: on PATH, or in the virtual environment scripts/bootstrap makes.
let lefthookTool: String? = {
  let environment = ProcessInfo.processInfo.environment
  let cache = environment["XDG_CACHE_HOME"] ?? ((environment["HOME"] ?? "") + "/.cache")
  let candidates =
    (environment["PATH"] ?? "").split(separator: ":").map { $0 + "/lefthook" } + [cache + "/git-llm/pre-commit/bin/lefthook"]
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// With a `lefthook.yml`, install says that nothing was installed and what to add (exit 2); the
/// printed entries, pasted into lefthook.yml, make the real lefthook run git-llm, and status says
/// what git really runs at each step.
@Suite(
  "git llm hooks beside the real lefthook", .serialized,
  .enabled(if: gitLLMBinary != nil), .enabled(if: lefthookTool != nil, "lefthook is not installed: run scripts/bootstrap"))
struct LefthookTests {
  private func repository() throws -> (HookedRepository, String) {
    var hooked = try HookedRepository(builtinOnly: true, installHooks: false)
    let tool = try #require(lefthookTool)
    let folder = URL(fileURLWithPath: tool).deletingLastPathComponent().path
    hooked.environment["PATH"] = folder + ":" + (hooked.environment["PATH"] ?? "")
    try hooked.repo.write("lefthook.yml", "pre-commit:\n  commands: {}\n")
    _ = try hooked.repo.commitAll("lefthook config")
    return (hooked, tool)
  }

  private func state(_ hooked: HookedRepository) throws -> (state: String?, runs: [String]) {
    let status = try hooked.gitLLM(["hooks", "status", "--hook", "pre-commit", "--format", "json"])
    let json = try #require(try JSONSerialization.jsonObject(with: status.stdout) as? [String: Any], "\(status.stderr)")
    let hook = try #require((json["hooks"] as? [[String: Any]])?.first)
    return (hook["state"] as? String, hook["runs"] as? [String] ?? [])
  }

  @Test func installSaysWhatToAddAndTheEntriesWorkInLefthook() throws {
    let (hooked, tool) = try repository()
    let repo = hooked.repo
    let refused = try hooked.gitLLM(["hooks", "install", "--hook", "pre-commit"])
    #expect(refused.status == 2, "installing nothing is not success: \(refused.stderr)")
    #expect(refused.stderr.contains("nothing installed for pre-commit") && refused.stderr.contains("lefthook"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/pre-commit"))

    // lefthook's own hook alone runs nothing of git-llm's, and status says so.
    let installed = try run(tool, ["install"], in: repo.path, environment: hooked.environment)
    #expect(installed.status == 0, "\(installed.stderr)")
    #expect(try state(hooked).state != "managed")

    // The printed entries, as lefthook.yml: the real lefthook runs git-llm, which blocks a token.
    let start = try #require(refused.output.range(of: "pre-commit:\n  commands:")).lowerBound
    try repo.write("lefthook.yml", String(refused.output[start...]))
    _ = try repo.git(["add", "lefthook.yml"])
    #expect(try state(hooked).state == "managed")
    try repo.write("settings.txt", "token = \(fakeGitHubToken())\n")
    let blocked = try hooked.commit(["-a", "-m", "token"])
    #expect(blocked.status != 0, "\(blocked.output)\(blocked.stderr)")
    #expect(blocked.output.contains("GitHub token") || blocked.stderr.contains("GitHub token"), "\(blocked.output)\(blocked.stderr)")
    #expect(try repo.git(["log", "--format=%s", "-1"]).hasPrefix("lefthook config"), "the commit went through")
  }
}
