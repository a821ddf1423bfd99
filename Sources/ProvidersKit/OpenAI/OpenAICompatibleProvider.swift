import Foundation
import HTTPKit
import Synchronization

/// Any OpenAI-compatible server: llama.cpp's server, llama-cpp-python, vLLM, LM Studio,
/// Ollama's `/v1`, OpenAI itself. The base URL includes the `/v1` prefix.
public struct OpenAICompatibleProvider: ChatProvider {
  public let settings: ProviderSettings
  let transport: any HTTPTransport
  /// The structured-output style that works with this server: `json_schema` first; a server
  /// that rejects it (llama-cpp-python) is asked again with `json_object` and remembered.
  private let style: StyleMemory

  public var name: String { settings.name }
  public var isRemote: Bool { settings.isRemote }

  public init(settings: ProviderSettings, transport: any HTTPTransport, structuredOutput: StructuredOutputStyle? = nil) {
    self.settings = settings
    self.transport = transport
    style = StyleMemory(structuredOutput ?? .jsonSchema)
  }

  private var authorization: [(String, String)] {
    settings.apiKey.map { [("Authorization", "Bearer \($0)")] } ?? []
  }

  public func chat(_ request: ChatRequest, model: String) -> AsyncThrowingStream<ChatEvent, Error> {
    AsyncThrowingStream { continuation in
      let task = Task {
        do {
          let chosen = style.current
          do {
            try await stream(request, model: model, style: chosen, into: continuation)
          } catch let error as ProviderError where request.jsonSchema != nil && chosen == .jsonSchema && Self.rejectsStyle(error) {
            style.set(.jsonObject)
            try await stream(request, model: model, style: .jsonObject, into: continuation)
          }
          continuation.finish()
        } catch {
          continuation.finish(throwing: ProviderError(error).redacting(settings.secrets))
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  /// Whether an error says the server does not take `response_format: json_schema`.
  static func rejectsStyle(_ error: ProviderError) -> Bool {
    switch error {
    case .invalidRequest(_, let message), .serverError(_, let message):
      let lowered = message.lowercased()
      return lowered.contains("json_schema") || lowered.contains("response_format") || lowered.contains("json_object")
    default: return false
    }
  }

  private func stream(
    _ request: ChatRequest, model: String, style: StructuredOutputStyle,
    into continuation: AsyncThrowingStream<ChatEvent, Error>.Continuation
  ) async throws {
    let body = try encodeBody(OpenAIChatBody(request, model: model, style: style, includeUsage: true))
    let http = settings.request("POST", "/chat/completions", body: body, extraHeaders: authorization + [("Accept", "text/event-stream")])
    let runner = StreamRunner(transport: transport, deadlines: settings.deadlines, secrets: settings.secrets)
    let events = runner.run(http, model: model) { response, yield in
      var decoder = OpenAIStreamDecoder(model: model)
      for try await event in response.body.serverSentEvents() {
        for item in try decoder.consume(data: event.data) { yield(item) }
        if decoder.sawDone { break }
      }
      try decoder.finish()
    }
    for try await event in events { continuation.yield(event) }
  }

  /// `GET /models`.
  public func models() async throws -> [ModelInfo] {
    try await settings.redactingErrors {
      let response = try await transport.send(settings.quick(settings.request("GET", "/models", extraHeaders: authorization)))
      let body = try await response.collect()
      guard response.head.status == 200 else {
        throw ErrorClassifier.classify(status: response.head.status, headers: response.head.headers, body: body, model: "")
      }
      guard let list = JSONValue.parse(body)?["data"]?.arrayValue else {
        throw ProviderError.malformedResponse("/models did not list models")
      }
      return list.compactMap { entry in
        entry["id"]?.stringValue.map {
          ModelInfo(name: $0, contextWindow: settings.contextWindows[$0] ?? entry["meta"]?["n_ctx_train"]?.intValue)
        }
      }
    }
  }

  /// `GET /models`: cheap, and it proves the key works where one is needed.
  public func health() async -> ProviderHealth {
    await probe(transport, settings.quick(settings.request("GET", "/models", extraHeaders: authorization)), checksKey: true) {
      body, status in
      guard status == 200 else { return ErrorClassifier.classify(status: status, headers: [:], body: body, model: "").description }
      let count = JSONValue.parse(body)?["data"]?.arrayValue?.count ?? 0
      return "\(count) model\(count == 1 ? "" : "s")"
    }
  }
}

/// The structured-output style a server accepted, shared by copies of the provider.
final class StyleMemory: Sendable {
  private let value: Mutex<StructuredOutputStyle>
  init(_ initial: StructuredOutputStyle) { value = Mutex(initial) }
  var current: StructuredOutputStyle { value.withLock { $0 } }
  func set(_ style: StructuredOutputStyle) { value.withLock { $0 = style } }
}
