import ConfigKit
import Foundation
import HTTPKit
import Synchronization
import TestSupport
import Testing

@testable import ProvidersKit
@testable import RoutingKit

/// Batches go through the router under the same privacy rules as a streamed request: one rule
/// (`RemotePolicy`) decides whether a provider may be used and whether it gets placeholders.
@Suite("Router: batches under the privacy rules")
struct RouterBatchTests {
  static let secret = "ghp_" + String(repeating: "Qw3Er5Ty7U", count: 3) + "123456"

  /// An Anthropic endpoint that takes a batch and answers a streamed request.
  func server() throws -> TestHTTPServer {
    try TestHTTPServer { request in
      switch (request.method, request.path) {
      case ("POST", "/v1/messages/batches"):
        return .json(
          200,
          #"{"id":"msgbatch_9","type":"message_batch","processing_status":"in_progress","request_counts":{"processing":1,"succeeded":0,"errored":0,"canceled":0,"expired":0},"results_url":null}"#
        )
      case ("GET", "/v1/messages/batches/msgbatch_9"):
        return .json(
          200,
          #"{"id":"msgbatch_9","type":"message_batch","processing_status":"ended","request_counts":{"processing":0,"succeeded":2,"errored":0,"canceled":0,"expired":0},"results_url":"/v1/messages/batches/msgbatch_9/results"}"#
        )
      case ("POST", "/v1/messages"):
        return Wire.anthropic.success(["ok"])
      default:
        return .json(404, #"{"type":"error","error":{"type":"not_found_error","message":"no route"}}"#)
      }
    }
  }

  func router(_ server: TestHTTPServer, remote: Bool?, allowRemote: Bool = true, chain: [String] = ["claude.x", "builtin"]) -> Router {
    var config = Config.defaults
    config.providers["claude"] = ProviderConfig(type: .anthropic, baseURL: server.baseURL, apiKey: "sk-ant-test-123456", remote: remote)
    config.providers["local"] = ProviderConfig(type: .openai, baseURL: server.baseURL + "/v1")
    config.models = [
      "claude.x": ModelConfig(provider: "claude", model: "claude-x", contextWindow: 200_000),
      "local.m": ModelConfig(provider: "local", model: "m", contextWindow: 8192),
      "builtin": ModelConfig(provider: "builtin", model: "rules"),
    ]
    config.routing = ["review": chain]
    config.privacy = PrivacyConfig(allowRemote: allowRemote, scrubSecrets: true)
    return Router(config: config, providers: ProviderFactory.make(config, transport: CurlTransport(version: "tests")), sleep: { _ in })
  }

  var request: ChatRequest {
    ChatRequest(system: "Review. Known key: \(Self.secret)", messages: [ChatMessage(role: .user, content: "+token = '\(Self.secret)'\n")])
  }

  /// The system prompt and messages of the batch's first request, as sent.
  func sentBatch(_ server: TestHTTPServer) throws -> String {
    let body = try #require(server.requests.first { $0.path == "/v1/messages/batches" }?.json as? [String: Any])
    let params = try #require((body["requests"] as? [[String: Any]])?.first?["params"] as? [String: Any])
    return try Self.text(of: params)
  }

  /// The system prompt and messages of a Messages API body, with its keys sorted.
  static func text(of body: [String: Any]) throws -> String {
    let parts: [Any] = [body["system"] ?? "", body["messages"] ?? ""]
    return String(decoding: try JSONSerialization.data(withJSONObject: parts, options: [.sortedKeys]), as: UTF8.self)
  }

  @Test func aForbiddenRemoteProviderGetsNoBatch() async throws {
    let server = try server()
    let router = router(server, remote: true, allowRemote: false)
    await #expect(throws: BatchRoutingFailure.remoteForbidden(provider: "claude")) {
      try await router.submitBatch([BatchRequest(key: "u1", request: request)], task: "review", alias: nil)
    }
    let batch = SubmittedBatch(id: "msgbatch_9", alias: "claude.x", provider: "claude", model: "claude-x", keys: [:])
    await #expect(throws: BatchRoutingFailure.remoteForbidden(provider: "claude")) {
      try await router.collectBatch(batch, task: "review", pollInterval: .milliseconds(10), onUpdate: { _ in })
    }
    #expect(server.requests.isEmpty, "nothing reaches a remote provider while privacy.allow_remote is false")
  }

  @Test func aRemoteBatchGetsPlaceholdersAsAStreamedRequestDoes() async throws {
    let server = try server()
    let router = router(server, remote: true)
    let batch = try await router.submitBatch([BatchRequest(key: "u1", request: request)], task: "review", alias: nil)
    #expect(batch.id == "msgbatch_9" && batch.alias == "claude.x" && batch.provider == "claude" && batch.model == "claude-x")
    #expect(Array(batch.keys.values) == ["u1"])
    let sent = try sentBatch(server)
    #expect(!sent.contains(Self.secret))
    #expect(sent.contains("<redacted:github-token#1>"), "the secret is replaced by its placeholder, in the system prompt and the message")

    _ = try await router.complete(request, task: "review", alias: "claude.x")
    let streamed = try #require(server.requests.first { $0.path == "/v1/messages" }?.json as? [String: Any])
    #expect(try Self.text(of: streamed) == sent, "the same text as the streamed request")
  }

  @Test func aLocalBatchEndpointGetsTheTextAsAStreamedRequestDoes() async throws {
    let server = try server()
    let router = router(server, remote: nil)  // a loopback endpoint: the text does not leave the machine
    _ = try await router.submitBatch([BatchRequest(key: "u1", request: request)], task: "review", alias: nil)
    let sent = try sentBatch(server)
    #expect(sent.contains(Self.secret))
    _ = try await router.complete(request, task: "review", alias: "claude.x")
    let streamed = try #require(server.requests.first { $0.path == "/v1/messages" }?.json as? [String: Any])
    #expect(try Self.text(of: streamed) == sent)
  }

  @Test func theFirstModelThatTakesBatchesIsUsedAndOutcomesComeBackByKey() async throws {
    let created = Mutex<[String]>([])
    let server = try TestHTTPServer { request in
      switch (request.method, request.path) {
      case ("POST", "/v1/messages/batches"):
        let entries = (request.json as? [String: Any])?["requests"] as? [[String: Any]] ?? []
        created.withLock { $0 = entries.compactMap { $0["custom_id"] as? String } }
        return .json(
          200,
          #"{"id":"msgbatch_9","type":"message_batch","processing_status":"in_progress","request_counts":{"processing":2,"succeeded":0,"errored":0,"canceled":0,"expired":0},"results_url":null}"#
        )
      case ("GET", "/v1/messages/batches/msgbatch_9"):
        return .json(
          200,
          #"{"id":"msgbatch_9","type":"message_batch","processing_status":"ended","request_counts":{"processing":0,"succeeded":1,"errored":0,"canceled":0,"expired":1},"results_url":"/v1/messages/batches/msgbatch_9/results"}"#
        )
      case ("GET", "/v1/messages/batches/msgbatch_9/results"):
        let ids = created.withLock { $0 }
        guard ids.count == 2 else { return .json(500, "{}") }
        // In the other order, as the API may return them.
        return .stream(
          contentType: "application/binary",
          chunks: [
            #"{"custom_id":"\#(ids[1])","result":{"type":"expired"}}"# + "\n",
            #"{"custom_id":"\#(ids[0])","result":{"type":"succeeded","message":{"content":[{"type":"text","text":"{}"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}}}"#
              + "\n",
          ])
      default:
        return .json(404, #"{"type":"error","error":{"type":"not_found_error","message":"no route"}}"#)
      }
    }
    let router = router(server, remote: true, chain: ["local.m", "claude.x", "builtin"])
    let requests = ["u1", "u2"].map { BatchRequest(key: $0, request: ChatRequest(messages: [ChatMessage(role: .user, content: $0)])) }
    let batch = try await router.submitBatch(requests, task: "review", alias: nil)
    #expect(batch.alias == "claude.x", "a model whose provider takes no batches is passed over")
    #expect(Set(batch.keys.keys) == Set(created.withLock { $0 }) && Set(batch.keys.values) == ["u1", "u2"])
    let outcomes = try await router.collectBatch(batch, task: "review", pollInterval: .milliseconds(10), onUpdate: { _ in })
    #expect(outcomes["u1"] == .succeeded(text: "{}", usage: TokenUsage(promptTokens: 5, completionTokens: 2), finish: .stop))
    #expect(outcomes["u2"] == .expired)
  }

  @Test func noModelThatTakesBatches() async throws {
    let server = try server()
    let router = router(server, remote: true, chain: ["local.m", "builtin"])
    await #expect(throws: BatchRoutingFailure.noBatchModel(task: "review")) {
      try await router.submitBatch([BatchRequest(key: "u1", request: request)], task: "review", alias: nil)
    }
  }
}
