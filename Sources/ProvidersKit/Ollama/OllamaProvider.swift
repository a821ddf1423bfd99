import Foundation
import HTTPKit

/// Ollama through its native API (`/api/chat`), not its OpenAI-compatible `/v1`, because only
/// the native API honours `options.num_ctx` (provider-protocols.md §1.6).
public struct OllamaProvider: ChatProvider {
  public let settings: ProviderSettings
  /// How long Ollama keeps the model loaded after a request ("5m").
  public let keepAlive: String
  /// Pull a missing model (`/api/pull`) and try again.
  public let autoPull: Bool
  /// `num_ctx` for models the configuration gives no window: always sent, and kept constant,
  /// because a changed `num_ctx` makes Ollama reload the model.
  public let defaultContextWindow: Int
  let transport: any HTTPTransport
  /// Pull progress lines ("pulling 3f2a…: 41%"), for stderr.
  let progress: @Sendable (String) -> Void

  public var name: String { settings.name }
  public var isRemote: Bool { settings.isRemote }

  public init(
    settings: ProviderSettings, keepAlive: String, autoPull: Bool, defaultContextWindow: Int = 8192, transport: any HTTPTransport,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.settings = settings
    self.keepAlive = keepAlive
    self.autoPull = autoPull
    self.defaultContextWindow = defaultContextWindow
    self.transport = transport
    self.progress = progress
  }

  public func chat(_ request: ChatRequest, model: String) -> AsyncThrowingStream<ChatEvent, Error> {
    let window = settings.contextWindows[model] ?? defaultContextWindow
    let estimate = TokenEstimate.tokens(of: request)
    let runner = StreamRunner(transport: transport, deadlines: settings.deadlines, secrets: settings.secrets)
    let settings = self.settings
    let keepAlive = self.keepAlive
    let first: AsyncThrowingStream<ChatEvent, Error>
    do {
      let body = try encodeBody(OllamaChatBody(request, model: model, contextWindow: window, keepAlive: keepAlive))
      first = runner.run(settings.request("POST", "/api/chat", body: body), model: model) { response, yield in
        var decoder = OllamaStreamDecoder(model: model, contextWindow: window, estimatedPromptTokens: estimate)
        for try await line in response.body.lines() {
          for event in try decoder.consume(line: line) { yield(event) }
        }
        try decoder.finish()
      }
    } catch {
      return AsyncThrowingStream { $0.finish(throwing: ProviderError(error)) }
    }
    guard autoPull else { return first }
    // A missing model is pulled once, then the request is sent again.
    return AsyncThrowingStream { continuation in
      let task = Task {
        do {
          do {
            for try await event in first { continuation.yield(event) }
          } catch ProviderError.modelNotFound {
            try await pull(model)
            for try await event in chat(request, model: model, pulling: false) { continuation.yield(event) }
          }
          continuation.finish()
        } catch {
          continuation.finish(throwing: ProviderError(error))
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  private func chat(_ request: ChatRequest, model: String, pulling: Bool) -> AsyncThrowingStream<ChatEvent, Error> {
    OllamaProvider(
      settings: settings, keepAlive: keepAlive, autoPull: pulling, defaultContextWindow: defaultContextWindow, transport: transport,
      progress: progress
    )
    .chat(request, model: model)
  }

  /// `POST /api/pull`, reporting progress; throws when Ollama reports an error.
  public func pull(_ model: String) async throws {
    var request = settings.request("POST", "/api/pull", body: try encodeBody(["model": model]))
    request.deadlines.idle = .seconds(300)
    request.deadlines.total = .seconds(6 * 3600)
    let response = try await transport.send(request)
    guard response.head.status == 200 else {
      let body = (try? await response.collect(limit: 1 << 20)) ?? []
      throw ErrorClassifier.classify(status: response.head.status, headers: response.head.headers, body: body, model: model)
    }
    var lastReported = ""
    for try await line in response.body.lines() {
      guard let json = JSONValue.parse(line) else { continue }
      if let error = json["error"]?.stringValue { throw ProviderError.modelNotFound(model: model, message: "pull failed: \(error)") }
      let status = json["status"]?.stringValue ?? ""
      var text = "pulling \(model): \(status)"
      if let total = json["total"]?.intValue, total > 0, let done = json["completed"]?.intValue {
        text += " \(done * 100 / total)%"
      }
      if text != lastReported {
        progress(text)
        lastReported = text
      }
    }
  }

  /// `GET /api/tags`, with each model's context length from `/api/show` when it answers.
  public func models() async throws -> [ModelInfo] {
    try await settings.redactingErrors {
      let response = try await transport.send(settings.quick(settings.request("GET", "/api/tags")))
      let body = try await response.collect()
      guard response.head.status == 200 else {
        throw ErrorClassifier.classify(status: response.head.status, headers: response.head.headers, body: body, model: "")
      }
      guard let list = JSONValue.parse(body)?["models"]?.arrayValue else {
        throw ProviderError.malformedResponse("/api/tags did not list models")
      }
      var models: [ModelInfo] = []
      for entry in list {
        guard let name = entry["name"]?.stringValue else { continue }
        var window = settings.contextWindows[name]
        if window == nil { window = try? await contextLength(name) }
        models.append(ModelInfo(name: name, contextWindow: window ?? nil))
      }
      return models
    }
  }

  /// The trained context length from `/api/show` (`model_info["<arch>.context_length"]`).
  public func contextLength(_ model: String) async throws -> Int? {
    let response = try await transport.send(settings.quick(settings.request("POST", "/api/show", body: try encodeBody(["model": model]))))
    let body = try await response.collect()
    guard response.head.status == 200, case .object(let info)? = JSONValue.parse(body)?["model_info"] else { return nil }
    return info.first { $0.key.hasSuffix(".context_length") }?.value.intValue
  }

  /// `GET /`, which answers "Ollama is running".
  public func health() async -> ProviderHealth {
    await probe(transport, settings.quick(settings.request("GET", "/"))) { body, status in
      status == 200 ? String(decoding: body.prefix(80), as: UTF8.self) : "HTTP \(status)"
    }
  }
}
