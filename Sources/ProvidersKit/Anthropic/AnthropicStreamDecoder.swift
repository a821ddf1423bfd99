/// Turns the Messages SSE stream into events: `message_start` (input usage), `content_block_*`
/// (text in `text_delta`), `message_delta` (stop reason, cumulative output usage),
/// `message_stop` (the end). `ping` and unknown events are ignored, as the API asks; an
/// `error` event can arrive after a 200 and is classified by its `error.type`.
struct AnthropicStreamDecoder {
  let model: String
  private(set) var sawStop = false
  private var inputTokens = 0
  private var cachedTokens: Int?
  private var outputTokens = 0
  private var stopReason: String?

  init(model: String) { self.model = model }

  mutating func consume(event name: String?, data: String) throws -> [ChatEvent] {
    // A missing `event:` field arrives as the SSE default type "message"; the JSON names it then.
    let kind = name == "message" ? "" : (name ?? "")
    if kind == "ping" || data.isEmpty { return [] }
    guard let json = JSONValue.parse(Array(data.utf8)) else {
      throw ProviderError.malformedResponse("an event of the stream is not JSON: \(data.prefix(120))")
    }
    switch kind.isEmpty ? (json["type"]?.stringValue ?? "") : kind {
    case "error":
      throw ErrorClassifier.classifyStreamError(json, model: model)
    case "message_start":
      let usage = json["message"]?["usage"]
      inputTokens =
        (usage?["input_tokens"]?.intValue ?? 0) + (usage?["cache_creation_input_tokens"]?.intValue ?? 0)
        + (usage?["cache_read_input_tokens"]?.intValue ?? 0)
      cachedTokens = usage?["cache_read_input_tokens"]?.intValue
      outputTokens = usage?["output_tokens"]?.intValue ?? 0
      return []
    case "content_block_delta":
      if json["delta"]?["type"]?.stringValue == "text_delta", let text = json["delta"]?["text"]?.stringValue, !text.isEmpty {
        return [.text(text)]
      }
      return []
    case "message_delta":
      if let reason = json["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
      if let output = json["usage"]?["output_tokens"]?.intValue { outputTokens = output }
      return []
    case "message_stop":
      sawStop = true
      return try finalEvents()
    default:
      return []
    }
  }

  private func finalEvents() throws -> [ChatEvent] {
    let usage = ChatEvent.usage(TokenUsage(promptTokens: inputTokens, completionTokens: outputTokens, cachedPromptTokens: cachedTokens))
    switch stopReason {
    case "max_tokens": return [usage, .finish(.length)]
    case "refusal": return [usage, .finish(.refusal)]
    case "model_context_window_exceeded":
      throw ProviderError.contextTooLong(message: "the model's context window was exceeded", limit: nil)
    case "end_turn", "stop_sequence", nil: return [usage, .finish(.stop)]
    default: return [usage, .finish(.other)]
    }
  }

  func finish() throws {
    if !sawStop { throw ProviderError.malformedResponse("the stream ended before message_stop") }
  }
}
