import HTTPKit
import TestSupport
import Testing

@testable import ProvidersKit

/// A health check tells a refused key from a working one: the server answers either way, so
/// "reachable" alone would read a wrong key as ready.
@Suite("Health with an API key")
struct KeyHealthTests {
  static let right = "sk-ant-api03-the-right-one-1234"

  func anthropic(_ server: FakeAnthropic, key: String) -> AnthropicProvider {
    AnthropicProvider(
      settings: ProviderSettings(name: "claude", baseURL: server.url, apiKey: key, isRemote: true),
      transport: CurlTransport(version: "tests"))
  }

  @Test func anthropicAcceptsTheRightKey() async throws {
    let server = try FakeAnthropic(key: Self.right, answer: "ok")
    let health = await anthropic(server, key: Self.right).health()
    #expect(health.reachable && !health.keyRejected)
    #expect(health.detail == "key accepted")
  }

  @Test func anthropicRejectsAWrongKeyWithoutShowingIt() async throws {
    let server = try FakeAnthropic(key: Self.right, answer: "ok")
    let wrong = "sk-ant-api03-a-wrong-one-5678"
    let health = await anthropic(server, key: wrong).health()
    #expect(health.reachable && health.keyRejected)
    #expect(health.detail == "key rejected (HTTP 401): invalid x-api-key", "\(health.detail)")
    #expect(!health.detail.contains(wrong))
    #expect(server.messages.isEmpty, "one GET /v1/models, no message")
  }

  @Test func openAICompatibleRejectsAWrongKey() async throws {
    let server = try TestHTTPServer { request in
      request.headers["authorization"] == "Bearer sk-right"
        ? .json(200, #"{"object":"list","data":[{"id":"gpt-4.1-mini","object":"model"}]}"#)
        : .json(403, #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#)
    }
    func health(_ key: String) async -> ProviderHealth {
      await OpenAICompatibleProvider(
        settings: ProviderSettings(name: "openai", baseURL: server.baseURL + "/v1", apiKey: key, isRemote: true),
        transport: CurlTransport(version: "tests")
      ).health()
    }
    let refused = await health("sk-wrong")
    #expect(refused.reachable && refused.keyRejected)
    #expect(refused.detail.hasPrefix("key rejected (HTTP 403)"), "\(refused.detail)")
    let accepted = await health("sk-right")
    #expect(accepted.reachable && !accepted.keyRejected && accepted.detail == "1 model")
  }
}
