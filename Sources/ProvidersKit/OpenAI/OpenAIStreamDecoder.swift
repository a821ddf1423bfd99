/// Turns a chat-completions SSE stream into events: `data: {chunk}` events, `data: [DONE]` at
/// the end, comment pings ignored. A `data: {"error": …}` event can arrive after a 200.
///
/// A stream that ends without `[DONE]`, or with `[DONE]` but no `finish_reason` (what
/// llama-cpp-python sends when it is interrupted), was cut short.
struct OpenAIStreamDecoder {
  let model: String
  private(set) var sawDone = false
  private(set) var sawFinish = false

  init(model: String) { self.model = model }

  mutating func consume(data: String) throws -> [ChatEvent] {
    let trimmed = data.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return [] }
    if trimmed == "[DONE]" {
      sawDone = true
      return []
    }
    guard let json = JSONValue.parse(Array(trimmed.utf8)) else {
      throw ProviderError.malformedResponse("an event of the stream is not JSON: \(trimmed.prefix(120))")
    }
    if json["error"] != nil || json["object"]?.stringValue == "error" {
      throw ErrorClassifier.classifyStreamError(json["error"] != nil ? json : .object(["error": json]), model: model)
    }
    var events: [ChatEvent] = []
    if let choice = json["choices"]?.arrayValue?.first {
      if let text = choice["delta"]?["content"]?.stringValue, !text.isEmpty { events.append(.text(text)) }
      if let reason = choice["finish_reason"]?.stringValue {
        sawFinish = true
        switch reason {
        case "stop": events.append(.finish(.stop))
        case "length": events.append(.finish(.length))
        case "content_filter": events.append(.finish(.contentFilter))
        default: events.append(.finish(.other))
        }
      }
    }
    if let usage = json["usage"], case .object = usage, let prompt = usage["prompt_tokens"]?.intValue {
      events.append(
        .usage(
          TokenUsage(
            promptTokens: prompt, completionTokens: usage["completion_tokens"]?.intValue ?? 0,
            cachedPromptTokens: usage["prompt_tokens_details"]?["cached_tokens"]?.intValue)))
    }
    return events
  }

  func finish() throws {
    if !sawDone { throw ProviderError.malformedResponse("the stream ended before [DONE]") }
    if !sawFinish { throw ProviderError.malformedResponse("the stream ended without a finish reason (interrupted)") }
  }
}
