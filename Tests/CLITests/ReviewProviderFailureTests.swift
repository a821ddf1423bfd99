import Foundation
import TestSupport
import Testing

/// `git llm review` against providers that stall or fail: what it costs, what it says on
/// stderr, and what a terminal shows while it waits.
@Suite("git llm review: stalled and failing providers", .serialized)
struct ReviewProviderFailureTests {
  /// A repository with `count` staged new files, each large enough to need a unit of its own
  /// under a 2,500-token window.
  func repoWithFiles(_ count: Int) throws -> GitFixture {
    let repo = try GitFixture()
    try repo.write("README.md", "base\n")
    try repo.commitAll("base")
    for index in 0..<count {
      let body = (0..<60).map { "    value_\(index)_\($0) = compute(\($0))  # TODO: check\n" }.joined()
      try repo.write("mod\(index).py", "def f\(index)():\n" + body)
    }
    try repo.git(["add", "-A"])
    return repo
  }

  /// An OpenAI-compatible server that takes every chat request and never answers it.
  func stalledServer() throws -> TestHTTPServer {
    try TestHTTPServer { request in
      request.path.hasSuffix("/chat/completions") ? TestHTTPResponse([.stall]) : .json(200, #"{"data":[{"id":"m"}]}"#)
    }
  }

  func config(_ cli: CLI, url: String, chain: String = "[model, builtin]", provider: String = "", firstByte: String = "2s") throws {
    try cli.writeUserConfig(
      """
      providers:
        ollama: {base_url: "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"}
        srv: {type: openai, base_url: "\(url)/v1", max_concurrency: 2, timeouts: {first_byte: \(firstByte)}\(provider)}
      models:
        model: {provider: srv, model: m, context_window: 2500, max_output_tokens: 256}
      routing:
        review: \(chain)
      """)
  }

  func chatRequests(_ server: TestHTTPServer) -> Int {
    server.requests.filter { $0.path.hasSuffix("/chat/completions") }.count
  }

  @Test func aStalledProviderCostsOneDeadlinePerReviewNotOnePerUnit() throws {
    let cli = try CLI()
    let repo = try repoWithFiles(6)
    let server = try stalledServer()
    try config(cli, url: server.baseURL)
    let started = Date()
    let result = try cli.run(["review", "--staged", "--format", "json", "--no-cache"], in: repo.path)
    let elapsed = Date().timeIntervalSince(started)
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let units = try #require(report["units"] as? [[String: Any]])
    #expect(units.count >= 4, "the change needs several units for this test to mean anything")
    #expect(units.allSatisfy { $0["provider"] as? String == "builtin" })
    // At most one request per slot already in flight when the deadline passed (max_concurrency 2).
    #expect(chatRequests(server) <= 2, "\(chatRequests(server)) requests to a server that never answered")
    #expect(elapsed < Double(units.count) * 2, "one 2 s deadline for the run, not one per unit: took \(elapsed) s")
    #expect(result.stderr.contains("model (srv/m) failed: timed out (first-byte deadline)"), "\(result.stderr)")
    #expect(result.stderr.contains("raise providers.srv.timeouts.first_byte (now 2s)"))
    #expect(result.stderr.contains("the built-in rules reviewed \(units.count) of \(units.count) units instead of a model"))
  }

  @Test func aRejectedKeySaysWhichProviderAndWhatToCheck() throws {
    let cli = try CLI()
    let repo = try repoWithFiles(1)
    let server = try TestHTTPServer { _ in
      .json(401, #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#)
    }
    try config(cli, url: server.baseURL, provider: ", api_key: wrong-key-123456")
    let result = try cli.run(["review", "--staged"], in: repo.path)
    #expect(result.status == 0)
    let lines = result.stderrLines.filter { $0.contains("failed:") }
    #expect(
      lines == ["git-llm: model (srv/m) failed: unauthorized: Incorrect API key provided; check providers.srv.api_key"], "\(result.stderr)")
    #expect(!result.stderr.contains("wrong-key-123456"))
    // -v lists every attempt of every unit.
    let verbose = try cli.run(["review", "--staged", "-v"], in: repo.path)
    #expect(verbose.stderr.contains("  model (srv/m): unauthorized: Incorrect API key provided"), "\(verbose.stderr)")
    #expect(verbose.stderr.contains("  builtin (builtin/rules): answered"))
    // ask says it in the same words.
    let ask = try cli.run(["ask", "--task", "review", "hello"], in: repo.path)
    #expect(ask.status == 0)
    #expect(
      ask.stderrLines.contains("git-llm: model (srv/m) failed: unauthorized: Incorrect API key provided; check providers.srv.api_key"),
      "\(ask.stderr)")
  }

  @Test(arguments: [("nosuch", "the configured ones are "), ("modle", "did you mean 'model'?")])
  func anUnknownModelIsAUsageError(alias: String, hint: String) throws {
    let cli = try CLI()
    let repo = try repoWithFiles(1)
    let server = try stalledServer()
    try config(cli, url: server.baseURL)
    for command in [["review", "--staged"], ["ask", "hello"]] {
      let result = try cli.run(command + ["--model", alias], in: repo.path)
      #expect(result.status == 2, "\(command): \(result.stderr)")
      #expect(result.stderr.contains("no model alias '\(alias)' for --model; \(hint)"), "\(result.stderr)")
      #expect(!result.stderr.contains("HTTP 0"))
      #expect(result.output.isEmpty)
    }
    #expect(server.requests.isEmpty)
  }

  @Test func aTerminalShowsWhatTheReviewWaitsFor() throws {
    let cli = try CLI()
    let repo = try repoWithFiles(1)
    let server = try stalledServer()
    try config(cli, url: server.baseURL, firstByte: "2500ms")
    let shown = try cli.runOnTerminal(["review", "--staged", "--no-cache"], in: repo.path)
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.stderr.contains("\rgit-llm: waiting for model (m) 1s"), "\(shown.stderr.debugDescription)")
    #expect(shown.stderr.contains("\r\u{1B}[K"), "the line is cleared before the report")
    #expect(!shown.output.contains("waiting for"), "never on stdout")
    let noColor = try cli.runOnTerminal(["review", "--staged", "--no-cache"], in: repo.path, environment: ["NO_COLOR": "1"])
    #expect(noColor.status == 0)
    #expect(!noColor.stderr.contains("waiting for"), "\(noColor.stderr.debugDescription)")
    let piped = try cli.run(["review", "--staged", "--no-cache"], in: repo.path)
    #expect(!piped.stderr.contains("waiting for"))
  }
}
