import ConfigKit
import Foundation
import ProvidersKit

/// One link of a task's chain: a model alias resolved to its provider.
public struct RouteLink: Sendable {
  public let alias: String
  public let model: ModelConfig
  public let provider: any ChatProvider

  public init(alias: String, model: ModelConfig, provider: any ChatProvider) {
    self.alias = alias
    self.model = model
    self.provider = provider
  }

  /// Where cool-downs are tracked: unreachable or unauthorized providers cool down as a whole.
  var providerKey: String { provider.name }
  var modelKey: String { provider.name + "/" + model.model }
}

/// One try at one link, for `-v`, JSON output and the run log.
public struct RouteAttempt: Sendable, Equatable {
  public enum Outcome: Sendable, Equatable {
    case answered
    case failed(ProviderError)
    /// Not tried: cooling down after earlier failures, forbidden by privacy, or too small.
    case skipped(String)
  }

  public let alias: String
  public let provider: String
  public let model: String
  public let outcome: Outcome
  public let duration: Duration

  /// "answered", the error kind, or "skipped".
  public var outcomeKind: String {
    switch outcome {
    case .answered: return "answered"
    case .failed(let error): return error.kind
    case .skipped: return "skipped"
    }
  }

  public var summary: String {
    let target = "\(alias) (\(provider)/\(model))"
    switch outcome {
    case .answered: return "\(target): answered"
    case .failed(let error): return "\(target): \(error)"
    case .skipped(let why): return "\(target): skipped, \(why)"
    }
  }
}

/// A complete answer and who gave it.
public struct RoutedAnswer: Sendable, Equatable {
  public let text: String
  public let usage: TokenUsage?
  public let finish: FinishReason
  public let alias: String
  public let provider: String
  public let model: String
  /// Whether the built-in rules answered rather than a model.
  public let isBuiltin: Bool
  public let attempts: [RouteAttempt]
}

/// No link of the chain answered.
public struct RoutingFailure: Error, Sendable, CustomStringConvertible {
  public let task: String
  public let attempts: [RouteAttempt]
  /// True when some text was already shown before the failure (streaming only).
  public let afterPartialAnswer: Bool

  public var description: String {
    let tried = attempts.map(\.summary).joined(separator: "; ")
    if afterPartialAnswer { return "the answer for '\(task)' broke off: \(tried)" }
    return attempts.isEmpty
      ? "no provider is configured for task '\(task)'; set routing.\(task) in the config" : "no provider answered task '\(task)': \(tried)"
  }
}

/// A request on its way to a provider, not yet answered.
public struct PendingRequest: Sendable, Equatable {
  public let alias: String
  public let provider: String
  public let model: String
  public let since: ContinuousClock.Instant
}

extension RoutingFailure: LocalizedError {
  public var errorDescription: String? { description }
}
