import Foundation
import Synchronization
import TestSupport
import Testing

@Suite("git llm providers and ask", .serialized)
struct ProvidersCommandTests {
  /// An OpenAI-compatible server that streams `words`, recording requests.
  func openAIServer(_ words: [String] = ["Hi", " there"]) throws -> TestHTTPServer {
    try TestHTTPServer { request in
      if request.path.hasSuffix("/models") { return .json(200, #"{"object":"list","data":[{"id":"m1","object":"model"}]}"#) }
      var events = words.map { #"data: {"choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":null}]}"# + "\n\n" }
      events.append(
        #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":2}}"# + "\n\n")
      events.append("data: [DONE]\n\n")
      return .stream(contentType: "text/event-stream", chunks: events)
    }
  }

  func userConfig(_ cli: CLI, server: TestHTTPServer, remote: Bool = false, extra: String = "") throws {
    try cli.writeUserConfig(
      """
      providers:
        ollama:
          base_url: http://127.0.0.1:\(try TestHTTPServer.unusedPort())
        local:
          type: openai
          base_url: \(server.baseURL)/v1
          api_key: ${TEST_PROVIDER_KEY}
          remote: \(remote)
      models:
        local.m1: {provider: local, model: m1, context_window: 4096}
      routing:
        ask: [ollama.default, local.m1, builtin]
      \(extra)
      """)
  }

  @Test func listsProvidersWithTheirTasks() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    let list = try cli.run(["providers"], in: repo.path)
    #expect(list.status == 0)
    #expect(list.output.contains("ollama\tollama\thttp://127.0.0.1:11434\tlocal\ttasks: ask, commit_message, critical, review, tech_debt"))
    #expect(list.output.contains("builtin\tbuiltin\tbuilt in\tlocal"))
  }

  @Test func checkContactsEachProviderAndNeverShowsTheKey() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    let server = try openAIServer()
    try userConfig(cli, server: server)
    let result = try cli.run(
      ["providers", "--check", "--format", "json"], in: repo.path, environment: ["TEST_PROVIDER_KEY": "sk-test-secret-key-1234567890"])
    #expect(result.status == 0)
    let rows = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
    let local = try #require(rows.first { $0["name"] as? String == "local" })
    #expect(local["reachable"] as? Bool == true)
    #expect(local["models"] as? [String] == ["m1"])
    let ollama = try #require(rows.first { $0["name"] as? String == "ollama" })
    #expect(ollama["reachable"] as? Bool == false)
    #expect(!result.output.contains("sk-test-secret-key") && !result.stderr.contains("sk-test-secret-key"))
    #expect(server.requests.first?.headers["authorization"] == "Bearer sk-test-secret-key-1234567890")
  }

  @Test func askFallsBackPastADeadOllamaAndSaysWhoAnswered() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    let server = try openAIServer()
    try userConfig(cli, server: server)
    let result = try cli.run(["ask", "-v", "hello?"], in: repo.path, environment: ["TEST_PROVIDER_KEY": "k-123456"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output == "Hi there\n")
    #expect(result.stderr.contains("answered by local.m1 (local/m1)"))
    #expect(result.stderr.contains("ollama.default (ollama/qwen2.5-coder:7b): unreachable"))
    let json = try cli.run(["ask", "--format", "json", "hello?"], in: repo.path, environment: ["TEST_PROVIDER_KEY": "k-123456"])
    let document = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
    #expect(document["provider"] as? String == "local" && document["builtin"] as? Bool == false)
    #expect((document["attempts"] as? [[String: Any]])?.compactMap { $0["outcome"] as? String } == ["unreachable", "answered"])
  }

  @Test func withNothingRunningTheBuiltinAnswersAndSaysSo() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try cli.writeUserConfig("providers:\n  ollama:\n    base_url: http://127.0.0.1:\(try TestHTTPServer.unusedPort())\n")
    let result = try cli.run(["ask", "what is this?"], in: repo.path)
    #expect(result.status == 0)
    #expect(result.stderr.contains("no model answered; the built-in rules answered instead"))
    #expect(!result.output.isEmpty)
  }

  @Test func remoteProvidersAreScrubbedOrForbidden() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    let server = try openAIServer()
    try userConfig(cli, server: server, remote: true)
    let secret = "ghp_" + String(repeating: "aB3dE6gH9k", count: 3) + "123456"
    let scrubbed = try cli.run(["ask", "is \(secret) a token?"], in: repo.path, environment: ["TEST_PROVIDER_KEY": "k-123456"])
    #expect(scrubbed.status == 0, "\(scrubbed.stderr)")
    let sent = String(decoding: try #require(server.requests.last?.body), as: UTF8.self)
    #expect(!sent.contains(secret))
    #expect(sent.contains("<redacted:"))
    let before = server.requests.count
    let forbidden = try cli.run(
      ["ask", "-v", "-c", "privacy.allow_remote=false", "hello"], in: repo.path, environment: ["TEST_PROVIDER_KEY": "k-123456"])
    #expect(forbidden.status == 0)
    #expect(server.requests.count == before, "a remote provider is never contacted when privacy.allow_remote is false")
    #expect(forbidden.stderr.contains("remote providers are off"))
  }
}

@Suite("git llm ask against the real server", .enabled(if: TestLLMServer.baseURL != nil || TestLLMServer.isRequired))
struct AskRealServerTests {
  @Test func streamsARealAnswerAndSaysWhoGaveIt() throws {
    let url = try #require(TestLLMServer.baseURL, "GIT_LLM_TEST_OPENAI_URL is not set (make test starts the server)")
    let cli = try CLI()
    let repo = try GitFixture()
    try cli.writeUserConfig(
      """
      providers:
        llamacpp: {type: openai, base_url: "\(url)"}
      models:
        tiny: {provider: llamacpp, model: \(TestLLMServer.model), context_window: 4096, max_output_tokens: 16, temperature: 0}
      routing:
        ask: [tiny, builtin]
      """)
    let result = try cli.run(["ask", "-v", "Say hello."], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    #expect(result.stderr.contains("answered by tiny (llamacpp/\(TestLLMServer.model))"))
    let check = try cli.run(["providers", "--check"], in: repo.path)
    #expect(check.output.contains("llamacpp\topenai\t\(url)\tlocal\ttasks: ask\tanswers in"))
  }
}
