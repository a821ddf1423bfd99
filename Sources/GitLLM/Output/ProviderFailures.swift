import ConfigKit
import ProvidersKit
import RoutingKit

/// How `ask` and `review` tell the user that providers failed: one line per provider that gave
/// up on a request, with the first reason and the fix. One place, so both say it the same way.
enum ProviderFailures {
  /// `requests` holds each request's attempts. A failure that a retry on the same link turned
  /// into an answer is not a failure of the run; a cancelled request says nothing.
  static func lines(_ requests: [[RouteAttempt]], config: Config) -> [String] {
    var order: [String] = []
    var first: [String: RouteAttempt] = [:]
    var counts: [String: Int] = [:]
    for attempts in requests {
      for (index, attempt) in attempts.enumerated() {
        guard case .failed(let error) = attempt.outcome, error != .cancelled else { continue }
        // Retried on the same link: only its last attempt counts.
        if let next = attempts.dropFirst(index + 1).first, next.alias == attempt.alias { continue }
        if first[attempt.provider] == nil {
          order.append(attempt.provider)
          first[attempt.provider] = attempt
        }
        counts[attempt.provider, default: 0] += 1
      }
    }
    return order.compactMap { provider in
      guard let attempt = first[provider], case .failed(let error) = attempt.outcome else { return nil }
      let count = counts[provider] ?? 1
      var line = "\(attempt.alias) (\(attempt.provider)/\(attempt.model)) failed: \(error)"
      if count > 1 { line += " (\(count) requests)" }
      if let fix = attempt.fix(config) { line += "; " + fix }
      return line
    }
  }
}
