/// A provider that also takes many requests at once and answers them later, at a lower price
/// (Anthropic's Message Batches). The router finds it by this capability, so no caller needs to
/// know which provider it is.
public protocol BatchChatProvider: ChatProvider {
  /// A `custom_id` this provider accepts, stable for `text` (a request's index and name, say).
  func batchCustomID(for text: String) -> String
  /// Sends the requests as one batch; returns its id.
  func createBatch(_ items: [BatchItem]) async throws -> String
  /// Polls until the batch has ended, waiting `interval` (doubling up to `maxInterval`).
  func waitForBatch(_ id: String, interval: Duration, maxInterval: Duration, onUpdate: @Sendable (BatchStatus) -> Void) async throws
    -> BatchStatus
  /// The outcome of each request of an ended batch, keyed by `custom_id`.
  func batchResults(_ status: BatchStatus) async throws -> [String: BatchOutcome]
}

/// One request of a batch.
public struct BatchItem: Sendable {
  public var customID: String
  public var request: ChatRequest
  public var model: String
  public init(customID: String, request: ChatRequest, model: String) {
    self.customID = customID
    self.request = request
    self.model = model
  }
}

/// A batch's state, as `GET /v1/messages/batches/{id}` reports it.
public struct BatchStatus: Sendable, Equatable {
  public enum Processing: String, Sendable { case inProgress = "in_progress", canceling, ended }
  public var id: String
  public var processing: Processing
  public var succeeded: Int
  public var errored: Int
  public var canceled: Int
  public var expired: Int
  public var processingCount: Int
  public var resultsURL: String?
}

/// The outcome of one request of a batch.
public enum BatchOutcome: Sendable, Equatable {
  case succeeded(text: String, usage: TokenUsage, finish: FinishReason)
  case errored(ProviderError)
  case canceled
  case expired

  /// Worth sending again: the request itself was fine.
  public var isRetryable: Bool {
    switch self {
    case .succeeded: return false
    case .canceled, .expired: return true
    case .errored(let error):
      switch error {
      case .overloaded, .serverError, .rateLimited, .timeout: return true
      default: return false
      }
    }
  }
}
