import Foundation
import TestSupport
import Testing

/// A small history: `app.py` changed four times and nested, `util.py` once.
private func debtHistory() throws -> GitFixture {
  let repo = try GitFixture()
  for index in 0..<4 {
    try repo.write("src/app.py", "def run(x):\n    if x:\n        for i in range(\(index)):\n            print(i)\n    return \(index)\n")
    if index == 0 { try repo.write("src/util.py", "A = 1\n") }
    try repo.commitAll(index == 2 ? "Fix the loop bound in run" : "Change run step \(index)")
  }
  return repo
}

/// The bodies a test server received, in order.
final class RequestBodies: @unchecked Sendable {
  private let lock = NSLock()
  private var bodies: [String] = []

  func append(_ body: String) {
    lock.lock()
    bodies.append(body)
    lock.unlock()
  }

  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return bodies
  }
}

@Suite("git llm debt")
struct DebtCommandTests {
  @Test func jsonFromHistoryAlone() throws {
    let cli = try CLI()
    let repo = try debtHistory()
    let result = try cli.run(["debt", "--no-model", "--format", "json"], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(report["version"] as? Int == 1)
    #expect(report["commits"] as? Int == 4)
    #expect(report["model_asked"] as? Bool == false)
    let spots = try #require(report["hotspots"] as? [[String: Any]])
    #expect(spots.map { $0["path"] as? String } == ["src/app.py", "src/util.py"])
    #expect(spots[0]["revisions"] as? Int == 4)
    #expect(spots[0]["fixes"] as? Int == 1)
    #expect(spots[0]["deepest_indentation"] as? Int == 3)
    #expect(spots[0]["assessment"] is NSNull)
    #expect(result.stderr.isEmpty)
  }

  @Test func noModelReachableStillReports() throws {
    let cli = try CLI()
    let repo = try debtHistory()
    // The default chain (a local Ollama, then the built-in rules): nothing listens here.
    try cli.writeUserConfig("providers:\n  ollama: {type: ollama, base_url: \"http://127.0.0.1:9\"}\n")
    let result = try cli.run(["debt", "--top", "1"], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.contains("src/app.py"))
    #expect(result.output.contains("No assessments: no model answered"))
    #expect(result.stderr.contains("1 of 1 hotspots have no assessment"))
  }

  @Test func markdownToAFile() throws {
    let cli = try CLI()
    let repo = try debtHistory()
    let result = try cli.run(["debt", "--no-model", "--format", "markdown", "-o", "debt.md", "src"], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.isEmpty)
    let text = try String(contentsOfFile: repo.path + "/debt.md", encoding: .utf8)
    #expect(text.hasPrefix("## Technical debt hotspots"))
    #expect(text.contains("| 1 | `src/app.py` | 100 | 4 |"))
  }

  @Test(arguments: [
    (["--since", "someday"], "--since 'someday' is not a span"),
    (["--since", "9999999999999 years"], "--since '9999999999999 years' is too far back"),
    (["-c", "debt.since=9999999999999 years"], "debt.since '9999999999999 years' is too far back"),
    (["--top", "0"], "--top must be 1 or more"),
    (["--jobs", "0"], "--jobs must be from 1 to 1024"),
    (["--no-model", "--model", "tiny"], "--model and --no-model contradict each other"),
    (["--model", "nosuch"], "no model alias 'nosuch'"),
    (["/elsewhere"], "pathspec '/elsewhere' is outside the repository"),
    (["nosuchdir"], "pathspec 'nosuchdir' did not match any file in HEAD"),
    (["--top", "-1"], "--top must be 1 or more"),
    (["-o", ""], "-o needs a file name"),
  ])
  func badInputGetsOneLine(flags: [String], message: String) throws {
    let cli = try CLI()
    let repo = try debtHistory()
    let result = try cli.run(["debt"] + flags, in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.output.isEmpty)
  }

  /// An Anthropic Messages endpoint that keeps every request body and answers `answer` as a stream.
  private func anthropic(answering answer: String, bodies: RequestBodies) throws -> TestHTTPServer {
    try TestHTTPServer { request in
      bodies.append(String(decoding: request.body, as: UTF8.self))
      let escaped = answer.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      return .stream(
        contentType: "text/event-stream",
        chunks: [
          "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-x\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n",
          "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
          "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\(escaped)\"}}\n\n",
          "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
          "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}\n\n",
          "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        ])
    }
  }

  @Test func aRemoteModelSeesNoSecretAndIsOffWhenForbidden() throws {
    let cli = try CLI()
    let repo = try debtHistory()
    let token = "ghp_" + String(repeating: "Qw3Er5Ty7U", count: 3) + "123456"
    try repo.write("src/app.py", "def run(x):\n    if x:\n        key = '\(token)'\n        return key\n    return 0\n")
    try repo.commitAll("Fix the key lookup")
    let bodies = RequestBodies()
    let server = try anthropic(
      answering:
        #"{"summary": "run() hides a key.", "items": [{"title": "Move the key out", "severity": "high", "line": 3, "suggestion": "Read it from the environment."}]}"#,
      bodies: bodies)
    let config = """
      providers:
        claude: {type: anthropic, base_url: "\(server.baseURL)", api_key: "sk-ant-test-123456", remote: true}
      models:
        claude.x: {provider: claude, model: claude-x, context_window: 200000}
      routing:
        tech_debt: [claude.x, builtin]
      """
    try cli.writeUserConfig(config)
    let result = try cli.run(["debt", "--format", "json", "--top", "1"], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    let sent = bodies.all
    #expect(sent.count == 1)
    #expect(sent.allSatisfy { !$0.contains("Qw3Er5Ty7U") }, "secrets are scrubbed before a remote provider")
    #expect(sent.first?.contains("src/app.py") == true)
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let spot = try #require((report["hotspots"] as? [[String: Any]])?.first)
    let assessment = try #require(spot["assessment"] as? [String: Any])
    #expect(assessment["alias"] as? String == "claude.x")
    #expect((assessment["items"] as? [[String: Any]])?.first?["line"] as? Int == 3)

    // With remote providers forbidden nothing is sent, and the report says why.
    try cli.writeUserConfig(config + "\nprivacy:\n  allow_remote: false\n")
    let offline = try cli.run(["debt", "--top", "1"], in: repo.path)
    #expect(offline.status == 0)
    #expect(bodies.all.count == 1)
    #expect(offline.output.contains("remote providers are off (privacy.allow_remote: false)"))
  }

  @Test func aShallowCloneCountsWhatItHas() throws {
    let cli = try CLI()
    let repo = try debtHistory()
    let clone = try makeTemporaryFolder() + "/shallow"
    try repo.git(["clone", "-q", "--depth", "2", "file://" + repo.path, clone])
    let result = try cli.run(["debt", "--no-model", "--format", "json"], in: clone)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("shallow clone: history was cut at"))
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect((report["history_cut_at"] as? [String])?.count == 1)
    #expect(report["commits"] as? Int == 1)
    let spots = try #require(report["hotspots"] as? [[String: Any]])
    #expect(spots.first?["path"] as? String == "src/app.py")
    #expect(spots.first?["revisions"] as? Int == 1)
  }

  @Test func aRepositoryWithoutCommits() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    let result = try cli.run(["debt", "--no-model"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderrLines == ["git-llm: error: this repository has no commits yet; commit something first"])
  }
}

@Suite("git llm debt against the real server", .enabled(if: TestLLMServer.baseURL != nil || TestLLMServer.isRequired))
struct DebtRealServerTests {
  @Test func eachHotspotIsAssessedByTheModel() throws {
    let url = try #require(TestLLMServer.baseURL, "GIT_LLM_TEST_OPENAI_URL is not set (make test starts the server)")
    let cli = try CLI()
    let repo = try debtHistory()
    try cli.writeUserConfig(
      """
      providers:
        llamacpp: {type: openai, base_url: "\(url)"}
      models:
        tiny: {provider: llamacpp, model: \(TestLLMServer.model), context_window: 4096, max_output_tokens: 600, temperature: 0}
      routing:
        tech_debt: [tiny, builtin]
      """)
    let result = try cli.run(["debt", "--format", "json", "--top", "2"], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(report["model_asked"] as? Bool == true)
    for spot in try #require(report["hotspots"] as? [[String: Any]]) {
      // A random-weight model writes nonsense, but in the schema's shape: it must parse.
      let assessment = try #require(spot["assessment"] as? [String: Any], "no assessment: \(spot["note"] ?? "")")
      #expect(assessment["alias"] as? String == "tiny")
      #expect(assessment["summary"] is String)
      for item in assessment["items"] as? [[String: Any]] ?? [] {
        #expect(["low", "medium", "high"].contains(item["severity"] as? String ?? ""))
      }
    }
  }
}
