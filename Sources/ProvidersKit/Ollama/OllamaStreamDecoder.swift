/// Turns Ollama's NDJSON chat stream into events (docs/api/streaming.mdx): one JSON object per
/// line, content in `message.content`, a last line with `done: true` and the counts. An
/// `{"error": …}` line can arrive after content, with the status still 200.
struct OllamaStreamDecoder {
  let model: String
  let contextWindow: Int
  let estimatedPromptTokens: Int
  private(set) var sawDone = false

  init(model: String, contextWindow: Int, estimatedPromptTokens: Int) {
    self.model = model
    self.contextWindow = contextWindow
    self.estimatedPromptTokens = estimatedPromptTokens
  }

  mutating func consume(line: [UInt8]) throws -> [ChatEvent] {
    if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { return [] }
    guard let json = JSONValue.parse(line) else {
      throw ProviderError.malformedResponse("a line of Ollama's stream is not JSON: \(String(decoding: line.prefix(120), as: UTF8.self))")
    }
    if json["error"] != nil { throw ErrorClassifier.classifyStreamError(json, model: model) }
    var events: [ChatEvent] = []
    if let text = json["message"]?["content"]?.stringValue, !text.isEmpty { events.append(.text(text)) }
    guard case .bool(true)? = json["done"] else { return events }
    sawDone = true
    let promptTokens = json["prompt_eval_count"]?.intValue
    try checkTruncation(promptTokens)
    events.append(
      .usage(TokenUsage(promptTokens: promptTokens ?? estimatedPromptTokens, completionTokens: json["eval_count"]?.intValue ?? 0)))
    switch json["done_reason"]?.stringValue {
    case "stop", nil: events.append(.finish(.stop))
    case "length": events.append(.finish(.length))
    default: events.append(.finish(.other))
    }
    return events
  }

  func finish() throws {
    if !sawDone { throw ProviderError.malformedResponse("Ollama's stream ended before its last (done) line") }
  }

  /// Ollama silently drops the start of a prompt that does not fit `num_ctx` and answers 200
  /// (ollama#3839, #7987); the only sign is `prompt_eval_count` well below what was sent. A
  /// prompt we estimate near or over the window that Ollama counts at under half that size was
  /// cut. Our estimate is generous (TokenEstimate), so an honest short count is not flagged.
  private func checkTruncation(_ promptTokens: Int?) throws {
    // Both counts can come from the server (the window from its model list), so neither is
    // multiplied: 9/10 of the window and "under half" are computed without overflow.
    let nineTenths = contextWindow / 10 * 9 + contextWindow % 10 * 9 / 10
    guard let promptTokens, estimatedPromptTokens >= nineTenths else { return }
    if promptTokens < (estimatedPromptTokens + 1) / 2 && promptTokens <= contextWindow {
      throw ProviderError.contextTooLong(
        message:
          "Ollama kept only \(promptTokens) of about \(estimatedPromptTokens) prompt tokens (num_ctx \(contextWindow)); the prompt was cut",
        limit: contextWindow)
    }
  }
}
