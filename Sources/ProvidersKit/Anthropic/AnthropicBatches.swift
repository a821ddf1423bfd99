import Foundation
import HTTPKit

/// Anthropic's Message Batches API, for non-urgent bulk work at half price: create a batch,
/// poll it, fetch its JSONL results (in any order, joined on `custom_id`), cancel it.
public struct AnthropicBatches: Sendable {
  public typealias Item = BatchItem
  public typealias Status = BatchStatus
  public typealias Outcome = BatchOutcome

  public let provider: AnthropicProvider

  public init(provider: AnthropicProvider) { self.provider = provider }

  /// `custom_id` must match `^[a-zA-Z0-9_-]{1,64}$`; paths and other text can't be used as is.
  public static func isValidCustomID(_ id: String) -> Bool {
    (1...64).contains(id.utf8.count)
      && id.utf8.allSatisfy { byte in
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F || byte == 0x2D
      }
  }

  /// A valid, stable `custom_id` for any text (a review unit's path and index, say).
  public static func customID(for text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return "u-" + String(hash, radix: 16)
  }

  /// `POST /v1/messages/batches`; returns the batch id.
  public func create(_ items: [Item]) async throws -> String {
    guard !items.isEmpty else { throw ProviderError.invalidRequest(status: 0, message: "a batch needs at least one request") }
    var seen = Set<String>()
    for item in items {
      guard Self.isValidCustomID(item.customID) else {
        throw ProviderError.invalidRequest(
          status: 0, message: "custom_id '\(item.customID)' must match ^[a-zA-Z0-9_-]{1,64}$; use AnthropicBatches.customID(for:)")
      }
      guard seen.insert(item.customID).inserted else {
        throw ProviderError.invalidRequest(status: 0, message: "custom_id '\(item.customID)' is used twice in one batch")
      }
    }
    struct Entry: Encodable {
      let custom_id: String
      let params: AnthropicMessagesBody
    }
    struct Body: Encodable { let requests: [Entry] }
    let body = try encodeBody(
      Body(requests: items.map { Entry(custom_id: $0.customID, params: AnthropicMessagesBody($0.request, model: $0.model, stream: nil)) }))
    let json = try await exchange("POST", "/v1/messages/batches", body: body)
    guard let id = json["id"]?.stringValue else { throw ProviderError.malformedResponse("the batch has no id") }
    return id
  }

  /// `GET /v1/messages/batches/{id}`.
  public func status(_ id: String) async throws -> Status {
    try Self.status(from: try await exchange("GET", "/v1/messages/batches/\(id)"))
  }

  /// `POST /v1/messages/batches/{id}/cancel`.
  public func cancel(_ id: String) async throws -> Status {
    try Self.status(from: try await exchange("POST", "/v1/messages/batches/\(id)/cancel", body: []))
  }

  /// Polls until the batch has ended, waiting `interval` (doubling up to `maxInterval`).
  public func wait(
    _ id: String, interval: Duration = .seconds(5), maxInterval: Duration = .seconds(60), onUpdate: @Sendable (Status) -> Void = { _ in }
  ) async throws -> Status {
    var delay = interval
    while true {
      let current = try await status(id)
      onUpdate(current)
      if current.processing == .ended { return current }
      try await Task.sleep(for: delay)
      delay = min(delay * 2, maxInterval)
    }
  }

  /// Fetches the JSONL results of an ended batch, keyed by `custom_id` (the API returns them in
  /// any order).
  public func results(_ status: Status) async throws -> [String: Outcome] {
    guard status.processing == .ended, let url = status.resultsURL else {
      throw ProviderError.invalidRequest(status: 0, message: "batch \(status.id) has not ended; its results are not ready")
    }
    var request = HTTPRequest(
      method: "GET", url: url, headers: provider.settings.headers + provider.authentication, deadlines: provider.settings.deadlines)
    if !url.hasPrefix("http") { request.url = provider.settings.baseURL + url }
    let response = try await provider.transport.send(request)
    guard response.head.status == 200 else {
      let body = (try? await response.collect(limit: 1 << 20)) ?? []
      throw ErrorClassifier.classify(status: response.head.status, headers: response.head.headers, body: body, model: "")
    }
    var outcomes: [String: Outcome] = [:]
    for try await line in response.body.lines() {
      guard let json = JSONValue.parse(line), let id = json["custom_id"]?.stringValue, let result = json["result"] else {
        if line.contains(where: { $0 > 0x20 }) { throw ProviderError.malformedResponse("a results line is not a batch result") }
        continue
      }
      outcomes[id] = Self.outcome(result)
    }
    return outcomes
  }

  static func outcome(_ result: JSONValue) -> Outcome {
    switch result["type"]?.stringValue {
    case "succeeded":
      let message = result["message"]
      let text = (message?["content"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }
        .joined()
      let usage = TokenUsage(
        promptTokens: message?["usage"]?["input_tokens"]?.intValue ?? 0,
        completionTokens: message?["usage"]?["output_tokens"]?.intValue ?? 0,
        cachedPromptTokens: message?["usage"]?["cache_read_input_tokens"]?.intValue)
      let finish: FinishReason =
        switch message?["stop_reason"]?.stringValue {
        case "max_tokens": .length
        case "refusal": .refusal
        default: .stop
        }
      return .succeeded(text: text, usage: usage, finish: finish)
    case "errored":
      return .errored(ErrorClassifier.classifyStreamError(result["error"] ?? .null, model: ""))
    case "canceled": return .canceled
    default: return .expired
    }
  }

  static func status(from json: JSONValue) throws -> Status {
    guard let id = json["id"]?.stringValue, let state = json["processing_status"]?.stringValue.flatMap(Status.Processing.init) else {
      throw ProviderError.malformedResponse("not a message batch")
    }
    let counts = json["request_counts"]
    return Status(
      id: id, processing: state, succeeded: counts?["succeeded"]?.intValue ?? 0, errored: counts?["errored"]?.intValue ?? 0,
      canceled: counts?["canceled"]?.intValue ?? 0, expired: counts?["expired"]?.intValue ?? 0,
      processingCount: counts?["processing"]?.intValue ?? 0, resultsURL: json["results_url"]?.stringValue)
  }

  private func exchange(_ method: String, _ path: String, body: [UInt8]? = nil) async throws -> JSONValue {
    guard provider.settings.apiKey?.isEmpty == false else { throw ProviderError.unauthorized("no API key for '\(provider.name)'") }
    let request = provider.settings.quick(
      provider.settings.request(method, path, body: body, extraHeaders: provider.authentication), seconds: 60)
    let response = try await provider.transport.send(request)
    let bytes = try await response.collect(limit: 64 << 20)
    guard (200..<300).contains(response.head.status) else {
      throw ErrorClassifier.classify(status: response.head.status, headers: response.head.headers, body: bytes, model: "")
    }
    guard let json = JSONValue.parse(bytes) else { throw ProviderError.malformedResponse("the batch answer is not JSON") }
    return json
  }
}

/// Anthropic takes batches through the Message Batches API.
extension AnthropicProvider: BatchChatProvider {
  public func batchCustomID(for text: String) -> String { AnthropicBatches.customID(for: text) }

  public func createBatch(_ items: [BatchItem]) async throws -> String {
    try await AnthropicBatches(provider: self).create(items)
  }

  public func waitForBatch(_ id: String, interval: Duration, maxInterval: Duration, onUpdate: @Sendable (BatchStatus) -> Void) async throws
    -> BatchStatus
  {
    try await AnthropicBatches(provider: self).wait(id, interval: interval, maxInterval: maxInterval, onUpdate: onUpdate)
  }

  public func batchResults(_ status: BatchStatus) async throws -> [String: BatchOutcome] {
    try await AnthropicBatches(provider: self).results(status)
  }
}
