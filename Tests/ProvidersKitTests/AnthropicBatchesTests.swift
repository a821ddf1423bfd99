import Foundation
import HTTPKit
import Synchronization
import TestSupport
import Testing

@testable import ProvidersKit

/// The Message Batches API against an in-process server speaking its documented wire format
/// (provider-protocols.md §2.8): create, poll until ended, JSONL results in any order, cancel.
@Suite("Anthropic Message Batches")
struct AnthropicBatchesTests {
  func batches(_ server: TestHTTPServer, key: String? = "sk-ant-test") -> AnthropicBatches {
    AnthropicBatches(
      provider: AnthropicProvider(
        settings: ProviderSettings(name: "claude", baseURL: server.baseURL, apiKey: key, isRemote: true),
        transport: CurlTransport(version: "tests")))
  }

  static func batchJSON(_ state: String, resultsURL: String?) -> String {
    let counts =
      state == "ended"
      ? #"{"processing":0,"succeeded":1,"errored":1,"canceled":1,"expired":1}"#
      : #"{"processing":4,"succeeded":0,"errored":0,"canceled":0,"expired":0}"#
    let url = resultsURL.map { "\"\($0)\"" } ?? "null"
    return
      #"{"id":"msgbatch_01","type":"message_batch","processing_status":"\#(state)","request_counts":\#(counts),"ended_at":null,"created_at":"2026-11-25T10:00:00Z","expires_at":"2026-11-26T10:00:00Z","cancel_initiated_at":null,"results_url":\#(url)}"#
  }

  @Test func createPollAndJoinResultsByCustomID() async throws {
    let polls = Mutex(0)
    let server = try TestHTTPServer { request in
      switch (request.method, request.path) {
      case ("POST", "/v1/messages/batches"):
        return .json(200, Self.batchJSON("in_progress", resultsURL: nil))
      case ("GET", "/v1/messages/batches/msgbatch_01"):
        let count = polls.withLock { value -> Int in
          value += 1
          return value
        }
        return .json(
          200, Self.batchJSON(count < 3 ? "in_progress" : "ended", resultsURL: count < 3 ? nil : "/v1/messages/batches/msgbatch_01/results")
        )
      case ("GET", "/v1/messages/batches/msgbatch_01/results"):
        // Out of request order, one line of each result type.
        return .stream(
          contentType: "application/binary",
          chunks: [
            #"{"custom_id":"u-c","result":{"type":"canceled"}}"# + "\n",
            #"{"custom_id":"u-b","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: field required"}}}}"#
              + "\n",
            #"{"custom_id":"u-a","result":{"type":"succeeded","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"{\"findings\":[]}"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":4,"cache_read_input_tokens":8}}}}"#
              + "\n",
            #"{"custom_id":"u-d","result":{"type":"expired"}}"# + "\n",
          ])
      default:
        return .json(404, #"{"type":"error","error":{"type":"not_found_error","message":"no route"}}"#)
      }
    }
    let api = batches(server)
    let request = ChatRequest(system: "Review.", messages: [ChatMessage(role: .user, content: "diff")], jsonSchema: FindingSchema.schema)
    let id = try await api.create(
      ["u-a", "u-b", "u-c", "u-d"].map { AnthropicBatches.Item(customID: $0, request: request, model: "claude-x") })
    #expect(id == "msgbatch_01")
    let created = try #require(server.requests.first?.json as? [String: Any])
    let entries = try #require(created["requests"] as? [[String: Any]])
    #expect(entries.compactMap { $0["custom_id"] as? String } == ["u-a", "u-b", "u-c", "u-d"])
    let params = try #require(entries.first?["params"] as? [String: Any])
    #expect(params["stream"] == nil, "batch requests are not streaming")
    #expect(params["max_tokens"] as? Int == 4096)
    let system = try #require((params["system"] as? [[String: Any]])?.first)
    #expect((system["cache_control"] as? [String: Any])?["type"] as? String == "ephemeral")
    #expect(server.requests.first?.headers["x-api-key"] == "sk-ant-test")
    #expect(server.requests.first?.headers["anthropic-version"] == "2023-06-01")

    let ended = try await api.wait(id, interval: .milliseconds(10), maxInterval: .milliseconds(20))
    #expect(ended.processing == .ended && ended.succeeded == 1 && ended.expired == 1)
    let results = try await api.results(ended)
    #expect(
      results["u-a"]
        == .succeeded(
          text: #"{"findings":[]}"#, usage: TokenUsage(promptTokens: 10, completionTokens: 4, cachedPromptTokens: 8), finish: .stop))
    #expect(results["u-b"] == .errored(.invalidRequest(status: 200, message: "max_tokens: field required")))
    #expect(results["u-c"] == .canceled && results["u-d"] == .expired)
    #expect(results["u-b"]?.isRetryable == false, "an invalid request is not resubmitted")
    #expect(results["u-c"]?.isRetryable == true && results["u-d"]?.isRetryable == true)
  }

  @Test func customIDsAreCheckedBeforeSending() async throws {
    let server = try TestHTTPServer { _ in .json(200, Self.batchJSON("in_progress", resultsURL: nil)) }
    let api = batches(server)
    let request = ChatRequest(messages: [ChatMessage(role: .user, content: "x")])
    await #expect(throws: ProviderError.self) {
      try await api.create([AnthropicBatches.Item(customID: "src/a.swift", request: request, model: "m")])
    }
    await #expect(throws: ProviderError.self) {
      try await api.create([
        AnthropicBatches.Item(customID: "dup", request: request, model: "m"),
        AnthropicBatches.Item(customID: "dup", request: request, model: "m"),
      ])
    }
    #expect(server.requests.isEmpty, "rejected locally, before any request")
    let id = AnthropicBatches.customID(for: "Sources/Git/Diff Reader.swift#3")
    #expect(AnthropicBatches.isValidCustomID(id) && id == AnthropicBatches.customID(for: "Sources/Git/Diff Reader.swift#3"))
    #expect(!AnthropicBatches.isValidCustomID(String(repeating: "a", count: 65)))
  }

  @Test func cancelAndErrors() async throws {
    let server = try TestHTTPServer { request in
      if request.path.hasSuffix("/cancel") { return .json(200, Self.batchJSON("canceling", resultsURL: nil)) }
      return .json(401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
    }
    let api = batches(server)
    #expect(try await api.cancel("msgbatch_01").processing == .canceling)
    await #expect(throws: ProviderError.unauthorized("invalid x-api-key")) { try await api.status("msgbatch_01") }
    let notEnded = AnthropicBatches.Status(
      id: "b", processing: .inProgress, succeeded: 0, errored: 0, canceled: 0, expired: 0, processingCount: 1, resultsURL: nil)
    await #expect(throws: ProviderError.self) { try await api.results(notEnded) }
    await #expect(throws: ProviderError.self) { try await batches(server, key: nil).status("x") }
  }
}
