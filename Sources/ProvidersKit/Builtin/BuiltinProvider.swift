import Foundation

/// The offline reviewer: the last link of every default routing chain, so a review always
/// produces an answer on a machine with no model installed and no network.
///
/// It speaks `ChatProvider` like any model. A review request (one that asks for JSON with a
/// schema) gets `{"findings": [...]}` from `BuiltinRules` over the diffs in the user messages;
/// any other request gets one line saying no model answered.
public struct BuiltinProvider: ChatProvider {
  public let name: String
  public var isRemote: Bool { false }
  /// The one model name it answers to.
  public static let modelName = BuiltinRules.modelName
  /// The answer to anything but a review request.
  public static let nonReviewAnswer = "The built-in reviewer only reviews diffs; no model answered this request."

  public init(name: String = "builtin") {
    self.name = name
  }

  public func chat(_ request: ChatRequest, model: String) -> AsyncThrowingStream<ChatEvent, Error> {
    AsyncThrowingStream { continuation in
      // Off the caller's thread: a large patch takes a moment, and the stream should start
      // like any provider's.
      let task = Task {
        let answer = Self.answer(to: request)
        guard !Task.isCancelled else { return continuation.finish(throwing: ProviderError.cancelled) }
        continuation.yield(.text(answer))
        continuation.yield(.usage(TokenUsage(promptTokens: Self.tokens(request.allText), completionTokens: Self.tokens(answer))))
        continuation.yield(.finish(.stop))
        continuation.finish()
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  public func models() async throws -> [ModelInfo] {
    [ModelInfo(name: Self.modelName)]
  }

  public func health() async -> ProviderHealth {
    ProviderHealth(reachable: true, latency: .zero, detail: "built-in rules, always available")
  }

  /// The whole answer text for a request.
  static func answer(to request: ChatRequest) -> String {
    guard request.jsonSchema != nil else { return nonReviewAnswer }
    let patch = request.messages.filter { $0.role == .user }.map(\.content).joined(separator: "\n")
    return encode(BuiltinRules.review(patch: patch))
  }

  /// `{"findings":[...]}` with sorted keys, so the same findings always give the same bytes.
  static func encode(_ findings: [BuiltinFinding]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(BuiltinAnswer(findings: findings)) else { return #"{"findings":[]}"# }
    return String(decoding: data, as: UTF8.self)
  }

  /// About four characters per token, the usual rule of thumb for English and code.
  private static func tokens(_ text: String) -> Int {
    (text.count + 3) / 4
  }
}
