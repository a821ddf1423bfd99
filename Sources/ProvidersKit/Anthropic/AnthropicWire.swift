/// The Messages API body (`POST /v1/messages`, anthropic-version 2023-06-01).
struct AnthropicMessagesBody: Encodable {
  struct SystemBlock: Encodable {
    struct CacheControl: Encodable { let type: String }
    let type: String
    let text: String
    let cache_control: CacheControl?
  }
  struct Message: Encodable {
    let role: String
    let content: String
  }
  let model: String
  let max_tokens: Int
  let system: [SystemBlock]?
  let messages: [Message]
  let stream: Bool?
  let temperature: Double?
}

extension AnthropicMessagesBody {
  /// The answer budget when a request sets none; the API requires one.
  static let defaultMaxTokens = 4096

  /// `stream` nil for the Batches API, which takes non-streaming parameters.
  init(_ request: ChatRequest, model: String, stream: Bool?) {
    var system = request.system ?? ""
    if let schema = request.jsonSchema {
      // The Messages API has no schema-constrained output here; the schema goes into the shared
      // system prompt, which stays identical across requests and so stays cacheable.
      let text = (try? String(decoding: encodeBody(schema), as: UTF8.self)) ?? ""
      system += (system.isEmpty ? "" : "\n\n") + "Answer with one JSON object only, no prose, matching this JSON schema:\n" + text
    }
    self.init(
      model: model, max_tokens: request.maxTokens ?? Self.defaultMaxTokens,
      // The shared system prompt is marked for prompt caching: every review unit repeats it.
      system: system.isEmpty ? nil : [SystemBlock(type: "text", text: system, cache_control: .init(type: "ephemeral"))],
      messages: request.messages.map { Message(role: $0.role.rawValue, content: $0.content) },
      stream: stream, temperature: request.temperature)
  }
}
