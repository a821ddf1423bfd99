import Foundation
import HTTPKit

/// Anthropic's Messages API with streaming (`/v1/messages`).
public struct AnthropicProvider: ChatProvider {
  public static let apiVersion = "2023-06-01"
  public let settings: ProviderSettings
  let transport: any HTTPTransport

  public var name: String { settings.name }
  public var isRemote: Bool { settings.isRemote }

  public init(settings: ProviderSettings, transport: any HTTPTransport) {
    self.settings = settings
    self.transport = transport
  }

  var authentication: [(String, String)] {
    var headers = [("anthropic-version", Self.apiVersion)]
    if let key = settings.apiKey { headers.append(("x-api-key", key)) }
    return headers
  }

  public func chat(_ request: ChatRequest, model: String) -> AsyncThrowingStream<ChatEvent, Error> {
    guard settings.apiKey?.isEmpty == false else {
      return AsyncThrowingStream {
        $0.finish(
          throwing: ProviderError.unauthorized(
            "no API key for '\(settings.name)'; set providers.\(settings.name).api_key: ${ANTHROPIC_API_KEY}"))
      }
    }
    let body: [UInt8]
    do {
      body = try encodeBody(AnthropicMessagesBody(request, model: model, stream: true))
    } catch {
      return AsyncThrowingStream { $0.finish(throwing: ProviderError(error)) }
    }
    let http = settings.request("POST", "/v1/messages", body: body, extraHeaders: authentication + [("Accept", "text/event-stream")])
    return StreamRunner(transport: transport, deadlines: settings.deadlines, secrets: settings.secrets).run(http, model: model) {
      response, yield in
      var decoder = AnthropicStreamDecoder(model: model)
      for try await event in response.body.serverSentEvents() {
        for item in try decoder.consume(event: event.event, data: event.data) { yield(item) }
        if decoder.sawStop { break }
      }
      try decoder.finish()
    }
  }

  /// `GET /v1/models`.
  public func models() async throws -> [ModelInfo] {
    try await settings.redactingErrors {
      let response = try await transport.send(settings.quick(settings.request("GET", "/v1/models", extraHeaders: authentication)))
      let body = try await response.collect()
      guard response.head.status == 200 else {
        throw ErrorClassifier.classify(status: response.head.status, headers: response.head.headers, body: body, model: "")
      }
      return (JSONValue.parse(body)?["data"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue.map { ModelInfo(name: $0) } }
    }
  }

  /// `GET /v1/models`: reachability and whether the key is accepted.
  public func health() async -> ProviderHealth {
    guard settings.apiKey?.isEmpty == false else {
      return ProviderHealth(reachable: false, latency: .zero, detail: "no API key configured")
    }
    return await probe(transport, settings.quick(settings.request("GET", "/v1/models", extraHeaders: authentication)), checksKey: true) {
      body, status in
      status == 200 ? "key accepted" : ErrorClassifier.classify(status: status, headers: [:], body: body, model: "").description
    }
  }
}
