/// The `/v1/chat/completions` body shared by OpenAI, llama.cpp, llama-cpp-python, vLLM, LM Studio
/// and Ollama's `/v1`.
struct OpenAIChatBody: Encodable {
  struct Message: Encodable {
    let role: String
    let content: String
  }
  struct StreamOptions: Encodable { let include_usage: Bool }
  let model: String
  let messages: [Message]
  let stream: Bool
  let stream_options: StreamOptions?
  let temperature: Double?
  let max_tokens: Int?
  let seed: Int?
  let response_format: JSONValue?
}

/// How a server takes a JSON schema for structured output.
public enum StructuredOutputStyle: String, Sendable {
  /// OpenAI's `{"type": "json_schema", "json_schema": {"name", "schema", "strict"}}`: OpenAI,
  /// vLLM, llama.cpp's own server, LM Studio.
  case jsonSchema = "json_schema"
  /// `{"type": "json_object", "schema": …}`: llama-cpp-python, which rejects `json_schema`.
  case jsonObject = "json_object"

  func responseFormat(_ schema: JSONValue) -> JSONValue {
    switch self {
    case .jsonSchema:
      return .object([
        "type": .string("json_schema"), "json_schema": .object(["name": .string("answer"), "schema": schema, "strict": .bool(true)]),
      ])
    case .jsonObject:
      return .object(["type": .string("json_object"), "schema": schema])
    }
  }
}

extension OpenAIChatBody {
  init(_ request: ChatRequest, model: String, style: StructuredOutputStyle, includeUsage: Bool) {
    var messages: [Message] = []
    if let system = request.system { messages.append(Message(role: "system", content: system)) }
    messages += request.messages.map { Message(role: $0.role.rawValue, content: $0.content) }
    self.init(
      model: model, messages: messages, stream: true,
      stream_options: includeUsage ? StreamOptions(include_usage: true) : nil,
      temperature: request.temperature, max_tokens: request.maxTokens, seed: request.seed,
      response_format: request.jsonSchema.map(style.responseFormat))
  }
}
