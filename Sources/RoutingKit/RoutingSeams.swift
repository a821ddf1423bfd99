import ProvidersKit

/// What a job needs of the router to have one request answered: the seam jobs depend on instead
/// of on providers, so that privacy and fallback are applied in one place (`Router`).
public protocol ChatRouting: Sendable {
  /// The whole answer from the first link of the task's chain (or `alias` alone) that gives one.
  func complete(_ request: ChatRequest, task: String, alias: String?) async throws -> RoutedAnswer
}

/// Many requests sent at once and answered later, at a lower price, under the same privacy
/// rules as a streamed request: scrubbed before a remote provider, refused when
/// `privacy.allow_remote` is false.
public protocol BatchRouting: Sendable {
  /// Sends the requests as one batch to the first model of the task's chain (or `alias`) whose
  /// provider takes batches.
  func submitBatch(_ requests: [BatchRequest], task: String, alias: String?) async throws -> SubmittedBatch
  /// Waits for the batch to end; each request's outcome, keyed by its `BatchRequest.key`.
  func collectBatch(
    _ batch: SubmittedBatch, task: String, pollInterval: Duration, onUpdate: @escaping @Sendable (BatchStatus) -> Void
  ) async throws -> [String: BatchOutcome]
}

/// One request of a batch, named by the caller.
public struct BatchRequest: Sendable {
  /// The caller's name for the request (a review unit's id), to find its outcome by.
  public var key: String
  public var request: ChatRequest

  public init(key: String, request: ChatRequest) {
    self.key = key
    self.request = request
  }
}

/// A batch a provider accepted: who took it, and the `custom_id` each request's outcome will
/// carry. Plain data, so a caller can keep it on disk and collect the batch in a later run.
public struct SubmittedBatch: Sendable, Equatable {
  public var id: String
  public var alias: String
  public var provider: String
  public var model: String
  /// custom_id → the request's key.
  public var keys: [String: String]

  public init(id: String, alias: String, provider: String, model: String, keys: [String: String]) {
    self.id = id
    self.alias = alias
    self.provider = provider
    self.model = model
    self.keys = keys
  }
}

/// Why a batch could not be sent or collected.
public enum BatchRoutingFailure: Error, Sendable, Equatable, CustomStringConvertible {
  /// No model of the chain has a provider that takes batches.
  case noBatchModel(task: String)
  /// The batch's provider is remote and `privacy.allow_remote` is false.
  case remoteForbidden(provider: String)

  public var description: String {
    switch self {
    case .noBatchModel(let task):
      return "no model in routing.\(task) takes batches; put an Anthropic model first there or pass --model ALIAS"
    case .remoteForbidden(let provider): return "the batch goes to '\(provider)', which is remote, and privacy.allow_remote is false"
    }
  }
}
