/// Ollama's native `/api/chat` body (docs/api.md "Generate a chat completion").
struct OllamaChatBody: Encodable {
  struct Message: Encodable {
    let role: String
    let content: String
  }
  struct Options: Encodable {
    let num_ctx: Int
    let temperature: Double?
    let seed: Int?
    let num_predict: Int?
  }
  let model: String
  let messages: [Message]
  let stream: Bool
  let options: Options
  let keep_alive: String
  let format: JSONValue?
}

extension OllamaChatBody {
  init(_ request: ChatRequest, model: String, contextWindow: Int, keepAlive: String) {
    var messages: [Message] = []
    if let system = request.system { messages.append(Message(role: "system", content: system)) }
    messages += request.messages.map { Message(role: $0.role.rawValue, content: $0.content) }
    self.init(
      model: model, messages: messages, stream: true,
      options: Options(num_ctx: contextWindow, temperature: request.temperature, seed: request.seed, num_predict: request.maxTokens),
      keep_alive: keepAlive, format: request.jsonSchema)
  }
}
