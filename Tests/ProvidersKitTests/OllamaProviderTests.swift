import ConfigKit
import Foundation
import HTTPKit
import Synchronization
import TestSupport
import Testing

@testable import ProvidersKit
@testable import RoutingKit

/// What the native Ollama provider sends and how it handles Ollama's own behaviours.
@Suite("Ollama native API")
struct OllamaProviderTests {
  func provider(
    _ server: TestHTTPServer, autoPull: Bool = false, windows: [String: Int] = [:],
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) -> OllamaProvider {
    OllamaProvider(
      settings: ProviderSettings(name: "ollama", baseURL: server.baseURL, isRemote: false, contextWindows: windows), keepAlive: "10m",
      autoPull: autoPull, transport: CurlTransport(version: "tests"), progress: progress)
  }

  func drain(_ stream: AsyncThrowingStream<ChatEvent, Error>) async throws -> String {
    var text = ""
    for try await event in stream { if case .text(let delta) = event { text += delta } }
    return text
  }

  @Test func sendsNumCtxKeepAliveAndTheSchemaEveryTime() async throws {
    let server = try TestHTTPServer { _ in Wire.ollama.success() }
    let ollama = provider(server, windows: ["qwen": 16384])
    let request = ChatRequest(
      system: "sys", messages: [ChatMessage(role: .user, content: "hi")], temperature: 0.1, maxTokens: 50, seed: 7,
      jsonSchema: FindingSchema.schema)
    #expect(try await drain(ollama.chat(request, model: "qwen")) == "Hello world")
    _ = try await drain(ollama.chat(ChatRequest(messages: [ChatMessage(role: .user, content: "again")]), model: "qwen"))
    _ = try await drain(ollama.chat(ChatRequest(messages: [ChatMessage(role: .user, content: "other")]), model: "unknown-window"))
    let bodies = server.requests.compactMap { $0.json as? [String: Any] }
    #expect(server.requests.allSatisfy { $0.path == "/api/chat" })
    let options = bodies.compactMap { $0["options"] as? [String: Any] }
    #expect(options.map { $0["num_ctx"] as? Int } == [16384, 16384, 8192], "num_ctx always sent, constant per model")
    #expect(options.first?["seed"] as? Int == 7 && options.first?["num_predict"] as? Int == 50)
    #expect(bodies.first?["keep_alive"] as? String == "10m")
    #expect(bodies.first?["stream"] as? Bool == true)
    #expect((bodies.first?["format"] as? [String: Any])?["type"] as? String == "object")
    let messages = try #require(bodies.first?["messages"] as? [[String: Any]])
    #expect(messages.map { $0["role"] as? String } == ["system", "user"])
  }

  @Test func autoPullPullsAMissingModelThenAnswers() async throws {
    let pulled = Mutex(false)
    let server = try TestHTTPServer { request in
      if request.path == "/api/pull" {
        pulled.withLock { $0 = true }
        return .stream(
          contentType: "application/x-ndjson",
          chunks: [
            #"{"status":"pulling manifest"}"# + "\n",
            #"{"status":"pulling 3f2a","digest":"sha256:3f2a","total":1000,"completed":500}"# + "\n",
            #"{"status":"pulling 3f2a","digest":"sha256:3f2a","total":1000,"completed":1000}"# + "\n",
            #"{"status":"success"}"# + "\n",
          ])
      }
      return pulled.withLock { $0 } ? Wire.ollama.success() : .json(404, #"{"error":"model \"qwen\" not found, try pulling it first"}"#)
    }
    let lines = Mutex<[String]>([])
    let ollama = provider(server, autoPull: true) { line in lines.withLock { $0.append(line) } }
    #expect(try await drain(ollama.chat(ChatRequest(messages: [ChatMessage(role: .user, content: "hi")]), model: "qwen")) == "Hello world")
    #expect(server.requests.map(\.path) == ["/api/chat", "/api/pull", "/api/chat"])
    #expect(lines.withLock { $0 }.contains("pulling qwen: pulling 3f2a 50%"))
    // Without auto_pull the same server is a plain "model not found".
    let strict = try TestHTTPServer { _ in .json(404, #"{"error":"model 'qwen' not found"}"#) }
    await #expect(throws: ProviderError.modelNotFound(model: "qwen", message: "model 'qwen' not found")) {
      _ = try await drain(provider(strict).chat(ChatRequest(messages: [ChatMessage(role: .user, content: "hi")]), model: "qwen"))
    }
  }

  @Test func healthAndModels() async throws {
    let server = try TestHTTPServer { request in
      switch request.path {
      case "/": return .text(200, "Ollama is running")
      case "/api/tags":
        return .json(
          200, #"{"models":[{"name":"qwen2.5-coder:7b","model":"qwen2.5-coder:7b","size":1,"digest":"a","details":{"family":"qwen2"}}]}"#)
      case "/api/show":
        return .json(
          200,
          #"{"modelfile":"","details":{},"model_info":{"general.architecture":"qwen2","qwen2.context_length":32768},"capabilities":["completion"]}"#
        )
      default: return .json(404, #"{"error":"not found"}"#)
      }
    }
    let ollama = provider(server)
    let health = await ollama.health()
    #expect(health.reachable && health.detail == "Ollama is running")
    #expect(try await ollama.models() == [ModelInfo(name: "qwen2.5-coder:7b", contextWindow: 32768)])
  }

  /// Ollama cuts a prompt that does not fit num_ctx and answers 200; the router must treat it
  /// as too long and go to the next link with a larger window.
  @Test func silentTruncationFallsBackToALargerWindow() async throws {
    let small = try TestHTTPServer { _ in
      .stream(
        contentType: "application/x-ndjson",
        chunks: [
          #"{"message":{"role":"assistant","content":"confused"},"done":false}"# + "\n",
          #"{"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":2050,"eval_count":1}"# + "\n",
        ])
    }
    let large = try TestHTTPServer { _ in Wire.ollama.success(["right"]) }
    var config = Config.defaults
    config.models = [
      "small": ModelConfig(provider: "small", model: "m", contextWindow: 8192),
      "large": ModelConfig(provider: "large", model: "m", contextWindow: 65536),
    ]
    config.routing = ["review": ["small", "large"]]
    let transport = CurlTransport(version: "tests")
    let router = Router(
      config: config,
      providers: [
        "small": OllamaProvider(
          settings: ProviderSettings(name: "small", baseURL: small.baseURL, isRemote: false, contextWindows: ["m": 8192]), keepAlive: "5m",
          autoPull: false, transport: transport),
        "large": OllamaProvider(
          settings: ProviderSettings(name: "large", baseURL: large.baseURL, isRemote: false, contextWindows: ["m": 65536]), keepAlive: "5m",
          autoPull: false, transport: transport),
      ], sleep: { _ in })
    // About 7,900 estimated tokens: it fits the small window by the estimate, but Ollama read 2,050.
    let prompt = String(repeating: "let value = compute(input) // 3 chars a token\n", count: 520)
    let answer = try await router.complete(ChatRequest(messages: [ChatMessage(role: .user, content: prompt)]), task: "review")
    #expect(answer.provider == "large" && answer.text == "right")
    #expect(answer.attempts.first?.outcomeKind == "context-too-long")
  }
}
