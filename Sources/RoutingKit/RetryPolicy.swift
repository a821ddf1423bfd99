import ConfigKit
import ProvidersKit

/// The one retry layer (providers never retry themselves): which failures are worth trying
/// again on the same link, and how long to wait first.
public struct RetryPolicy: Sendable {
  public let maxRetries: Int
  public let backoffInitial: Duration
  public let backoffMax: Duration
  /// A server asking us to wait longer than this means: go to the next link now.
  public let maxRetryAfter: Duration

  public init(maxRetries: Int, backoffInitial: Duration, backoffMax: Duration, maxRetryAfter: Duration) {
    self.maxRetries = maxRetries
    self.backoffInitial = backoffInitial
    self.backoffMax = backoffMax
    self.maxRetryAfter = maxRetryAfter
  }

  public init(_ config: FallbackConfig) {
    self.init(
      maxRetries: config.maxRetries, backoffInitial: config.backoffInitial.duration, backoffMax: config.backoffMax.duration,
      maxRetryAfter: config.maxRetryAfter.duration)
  }

  /// The wait before retry number `attempt` (0-based), or nil to stop retrying this link.
  /// `random` is in 0..<1 and takes up to a quarter off the backoff (jitter), so clients that
  /// failed together don't return together.
  public func delay(after error: ProviderError, attempt: Int, random: Double) -> Duration? {
    guard attempt < maxRetries else { return nil }
    let hinted: Duration?
    switch error {
    case .rateLimited(let after, _), .overloaded(let after, _): hinted = after
    case .serverError: hinted = nil
    // One more try for a garbled answer; it is usually a cut connection.
    case .malformedResponse: if attempt > 0 { return nil } else { hinted = nil }
    // Never retried: retrying cannot change the answer (401, 404, a too-long prompt…), the
    // server is not there, or it stalled: asking a stalled server again costs the whole
    // deadline again, so fall back at once (the provider cools down for the run).
    default: return nil
    }
    if let hinted {
      return hinted > maxRetryAfter ? nil : hinted
    }
    var backoff = backoffInitial
    for _ in 0..<attempt { backoff = min(backoff * 2, backoffMax) }
    return min(backoff, backoffMax) * (1 - 0.25 * random)
  }
}
