import Foundation
import Synchronization
import TestSupport
import Testing

/// A GitHub-token-shaped string made at run time from a fixed seed, so no real-looking secret is
/// ever committed to this repository (the built-in rules flag it as critical).
func fakeGitHubToken(seed: UInt64 = 7) -> String {
  let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
  var state = seed
  var body = ""
  for _ in 0..<36 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    body.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
  }
  return "ghp_" + body
}

/// A repository with git-llm's hooks installed, the real binary on PATH and its own HOME.
struct HookedRepository {
  let repo: GitFixture
  let binary: String
  let home: String
  var environment: [String: String]

  init(builtinOnly: Bool, installHooks: Bool = true) throws {
    binary = try #require(gitLLMBinary)
    repo = try GitFixture()
    home = repo.scratch("home")
    let bin = repo.scratch("bin")
    try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: bin + "/git-llm", withDestinationPath: binary)
    environment = ["PATH": searchPath(fakes: bin), "HOME": home, "XDG_CONFIG_HOME": home + "/.config", "NO_COLOR": "1"]
    if builtinOnly { environment["GIT_LLM_ROUTING_REVIEW"] = "builtin" }
    try repo.write("settings.txt", "name = demo\n")
    try repo.write("notes.txt", "notes\n")
    _ = try repo.commitAll("base")
    guard installHooks else { return }
    let installed = try gitLLM(["hooks", "install"])
    #expect(installed.status == 0, "\(installed.stderr)")
  }

  func gitLLM(_ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:]) throws -> ProcessResult {
    try run(binary, arguments, in: directory ?? repo.path, environment: environment.merging(extra) { $1 })
  }

  func commit(_ arguments: [String]) throws -> ProcessResult {
    try repo.attempt(["commit", "-q"] + arguments, environment: environment)
  }

  func writeConfig(_ text: String) throws {
    try writeFile(home + "/.config/git-llm/config.yaml", text, mode: 0o644)
  }

  var runCount: Int { ((try? FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/llm/runs")) ?? []).count }
}

@Suite("every commit is reviewed: commit -a, commit <path>, GIT_INDEX_FILE, background", .serialized, .enabled(if: gitLLMBinary != nil))
struct CommitReviewTests {
  /// git runs pre-commit with GIT_INDEX_FILE naming a temporary index for `commit -a` and
  /// `commit <path>`; the review must read that one, not `.git/index` (where nothing is staged).
  @Test func commitAllAndCommitPathAreReviewedAndBlocked() throws {
    let hooked = try HookedRepository(builtinOnly: true)
    let repo = hooked.repo
    let head = try repo.revParse("HEAD")
    let token = fakeGitHubToken()
    try repo.write("settings.txt", "name = demo\ntoken = \(token)\n")

    let all = try hooked.commit(["-a", "-m", "add token"])
    #expect(all.status != 0, "git commit -a must be reviewed: \(all.stderr)")
    #expect(all.stderr.contains("hooks.block_on"), "\(all.stderr)")
    #expect(try repo.revParse("HEAD") == head)
    #expect(hooked.runCount == 1, "the review of commit -a is logged")

    let path = try hooked.commit(["-m", "add token", "settings.txt"])
    #expect(path.status != 0, "git commit <path> must be reviewed: \(path.stderr)")
    #expect(path.stderr.contains("hooks.block_on"), "\(path.stderr)")
    #expect(try repo.revParse("HEAD") == head)

    // A harmless change still goes through both ways.
    try repo.write("settings.txt", "name = demo two\n")
    #expect(try hooked.commit(["-a", "-m", "rename"]).status == 0)
    try repo.write("notes.txt", "notes, more\n")
    #expect(try hooked.commit(["-m", "notes", "notes.txt"]).status == 0)
  }

  /// `GIT_INDEX_FILE=… git llm review --staged` reads that index: absolute, or relative to the
  /// top of the work tree (as git resolves it), even from a subfolder.
  @Test func reviewStagedReadsTheIndexGitIndexFileNames() throws {
    let hooked = try HookedRepository(builtinOnly: true)
    let repo = hooked.repo
    try repo.write("settings.txt", "name = demo\ntoken = \(fakeGitHubToken())\n")
    let alternate = repo.path + "/.git/other-index"
    _ = try repo.git(["read-tree", "HEAD"], environment: ["GIT_INDEX_FILE": alternate])
    _ = try repo.git(["add", "settings.txt"], environment: ["GIT_INDEX_FILE": alternate])
    try FileManager.default.createDirectory(atPath: repo.path + "/sub", withIntermediateDirectories: true)

    let plain = try hooked.gitLLM(["review", "--staged", "--format", "json", "--no-log"])
    #expect(try findings(plain).isEmpty, "nothing is staged in .git/index")
    for (value, directory) in [(alternate, repo.path), (".git/other-index", repo.path + "/sub")] {
      let result = try hooked.gitLLM(
        ["review", "--staged", "--format", "json", "--no-log"], in: directory, environment: ["GIT_INDEX_FILE": value])
      let found = try findings(result)
      #expect(
        found.contains { $0["path"] as? String == "settings.txt" && $0["severity"] as? String == "critical" },
        "GIT_INDEX_FILE=\(value): \(result.stderr)")
    }
  }

  /// A review that overruns hooks.timeout goes on in the background and reviews the tree that was
  /// staged (not the index after the commit, which matches HEAD); its findings show at the next
  /// commit and in `review --last`.
  @Test func anOverrunReviewFinishesInTheBackgroundOnTheStagedTree() throws {
    let hooked = try HookedRepository(builtinOnly: false)
    let repo = hooked.repo
    let chats = Atomic<Int>(0)
    let finding =
      #"{\"findings\":[{\"path\":\"settings.txt\",\"start_line\":2,\"end_line\":2,\"severity\":\"high\",\"category\":\"bug\",\"title\":\"retries never stop\",\"explanation\":\"No limit.\"}]}"#
    let server = try TestHTTPServer { request in
      if request.path.hasSuffix("/models") { return .json(200, #"{"data":[{"id":"m"}]}"#) }
      // The hook's own request stalls past hooks.timeout; the background's is answered.
      if chats.add(1, ordering: .sequentiallyConsistent).oldValue == 0 { return TestHTTPResponse([.stall]) }
      return .stream(
        contentType: "text/event-stream",
        chunks: [
          #"data: {"choices":[{"index":0,"delta":{"content":"\#(finding)"},"finish_reason":null}]}"# + "\n\n",
          #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":20}}"#
            + "\n\n",
          "data: [DONE]\n\n",
        ])
    }
    try hooked.writeConfig(
      """
      providers:
        ollama: {base_url: "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"}
        srv: {type: openai, base_url: "\(server.baseURL)/v1"}
      models:
        model: {provider: srv, model: m, context_window: 8192}
      routing:
        review: [model]
      fallback: {max_retries: 0}
      hooks: {timeout: 1s}
      """)
    try repo.write("settings.txt", "name = demo\nretries = forever\n")

    _ = try repo.git(["add", "settings.txt"])
    let committed = try hooked.commit(["-m", "retries"])
    #expect(committed.status == 0, "\(committed.stderr)")
    #expect(committed.stderr.contains("goes on in the background"), "\(committed.stderr)")
    try waitForBackgroundReview(repo)

    let last = try hooked.gitLLM(["review", "--last", "--format", "json"])
    let report = try #require(try JSONSerialization.jsonObject(with: last.stdout) as? [String: Any], "\(last.stderr)")
    #expect(report["target"] as? String == "staged")
    #expect(try findings(last).map { $0["title"] as? String } == ["retries never stop"], "\(last.output)")

    try repo.write("notes.txt", "notes, more\n")
    let next = try hooked.commit(["-a", "-m", "notes"])
    #expect(next.status == 0, "\(next.stderr)")
    #expect(next.stderr.contains("the background review of an earlier commit found 1 finding, highest high"), "\(next.stderr)")
  }

  /// Waits (at most a minute) until the detached review has recorded a run or exited.
  private func waitForBackgroundReview(_ repo: GitFixture) throws {
    let marker = repo.path + "/.git/llm/background.json"
    let data = try #require(FileManager.default.contents(atPath: marker), "the hook leaves a marker")
    let pid = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["pid"] as? Int)
    let runs = repo.path + "/.git/llm/runs"
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      let recorded = ((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).contains { $0.hasSuffix(".json") }
      if recorded || kill(pid_t(pid), 0) != 0 { break }
      usleep(100_000)
    }
    // The run is written atomically, then the process exits; give it a moment either way.
    usleep(200_000)
  }

  private func findings(_ result: ProcessResult) throws -> [[String: Any]] {
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
    return try #require(report["findings"] as? [[String: Any]])
  }
}
