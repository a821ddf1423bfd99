import Foundation

/// Who said a message.
public enum ChatRole: String, Sendable, Codable {
  case user, assistant
}

/// One turn of a conversation.
public struct ChatMessage: Sendable, Equatable, Codable {
  public var role: ChatRole
  public var content: String

  public init(role: ChatRole, content: String) {
    self.role = role
    self.content = content
  }
}

/// A chat request, the same for every provider. The router fills in the model.
public struct ChatRequest: Sendable, Equatable {
  /// Instructions shared by every request of a task; kept byte-identical across requests so that
  /// servers can reuse their prompt cache (and Anthropic's `cache_control` can mark it).
  public var system: String?
  public var messages: [ChatMessage]
  public var temperature: Double?
  public var maxTokens: Int?
  public var seed: Int?
  /// When set, the answer must be JSON matching this schema (structured output).
  public var jsonSchema: JSONValue?

  public init(
    system: String? = nil, messages: [ChatMessage], temperature: Double? = nil, maxTokens: Int? = nil, seed: Int? = nil,
    jsonSchema: JSONValue? = nil
  ) {
    self.system = system
    self.messages = messages
    self.temperature = temperature
    self.maxTokens = maxTokens
    self.seed = seed
    self.jsonSchema = jsonSchema
  }

  /// All text of the request, for size estimates and secret scrubbing.
  public var allText: String { ([system ?? ""] + messages.map(\.content)).joined(separator: "\n") }
}

/// Token counts a provider reported.
public struct TokenUsage: Sendable, Equatable, Codable {
  public var promptTokens: Int
  public var completionTokens: Int
  /// Prompt tokens served from the provider's cache, when it says so.
  public var cachedPromptTokens: Int?

  public init(promptTokens: Int, completionTokens: Int, cachedPromptTokens: Int? = nil) {
    self.promptTokens = promptTokens
    self.completionTokens = completionTokens
    self.cachedPromptTokens = cachedPromptTokens
  }
}

/// Why the model stopped.
public enum FinishReason: String, Sendable, Equatable, Codable {
  /// It finished its answer.
  case stop
  /// It hit the output token limit; the answer is cut.
  case length
  /// It declined to answer.
  case refusal
  /// A content filter stopped it.
  case contentFilter = "content-filter"
  /// Anything else the provider reported.
  case other
}

/// What a streaming answer delivers, in order: text deltas, then usage and the finish reason.
public enum ChatEvent: Sendable, Equatable {
  case text(String)
  case usage(TokenUsage)
  case finish(FinishReason)
}

/// A model a provider offers.
public struct ModelInfo: Sendable, Equatable {
  public var name: String
  /// The context window in tokens, when the provider says.
  public var contextWindow: Int?

  public init(name: String, contextWindow: Int? = nil) {
    self.name = name
    self.contextWindow = contextWindow
  }
}

/// The result of a health check.
public struct ProviderHealth: Sendable, Equatable {
  public var reachable: Bool
  /// Round-trip time of the check.
  public var latency: Duration
  /// What the provider said, or why it could not be reached.
  public var detail: String
  /// It answered, but refused the API key (401/403): reachable, and still not usable.
  public var keyRejected: Bool

  public init(reachable: Bool, latency: Duration, detail: String, keyRejected: Bool = false) {
    self.reachable = reachable
    self.latency = latency
    self.detail = detail
    self.keyRejected = keyRejected
  }
}

/// A model back end: Ollama, an OpenAI-compatible server, Anthropic, or the built-in reviewer.
///
/// Implementations do not retry: the router owns the one retry layer (retrying in two places
/// multiplies attempts). They classify every failure as a `ProviderError`.
public protocol ChatProvider: Sendable {
  /// The provider's name in the configuration.
  var name: String { get }
  /// Whether requests leave this machine (then content is scrubbed first, and
  /// `privacy.allow_remote: false` forbids the provider).
  var isRemote: Bool { get }
  /// Streams the answer. The stream throws `ProviderError`; an error may arrive after some text
  /// (an error event inside a 200 stream, a cut connection).
  func chat(_ request: ChatRequest, model: String) -> AsyncThrowingStream<ChatEvent, Error>
  /// The models the provider offers.
  func models() async throws -> [ModelInfo]
  /// A cheap reachability check.
  func health() async -> ProviderHealth
}
