import ProvidersKit

/// Which targets (a provider, or one model on it) the router skips, and until when. One router
/// serves one run, so this is per-run state, owned by the router actor.
///
/// A failure that would only repeat takes its target out for the rest of the run: a server that
/// is not there or stalls (asking again costs another full deadline per request), a rejected
/// key, a missing model or a wrong URL (404). A transient one (busy, rate limited, a server
/// error) takes the model out for `fallback.cooldown` only.
struct Cooldowns: Sendable {
  private enum Until: Sendable {
    case instant(ContinuousClock.Instant)
    case endOfRun
  }

  private struct Entry: Sendable {
    let until: Until
    let error: ProviderError
  }

  private var entries: [String: Entry] = [:]

  /// Whether this failure takes its target out for the rest of the run. Such failures are never
  /// retried, so they can be recorded the moment they happen, before the request's slot is
  /// handed to the next one waiting.
  static func lastsTheRun(_ error: ProviderError) -> Bool {
    switch error {
    case .unreachable, .unauthorized, .timeout, .invalidRequest(status: 404, _), .modelNotFound: return true
    default: return false
    }
  }

  /// Records a failure that exhausted the link's retries (or, lasting the run, had none).
  mutating func record(_ error: ProviderError, link: RouteLink, now: ContinuousClock.Instant, cooldown: Duration) {
    switch error {
    case .modelNotFound:
      entries[link.modelKey] = Entry(until: .endOfRun, error: error)
    case _ where Self.lastsTheRun(error):
      entries[link.providerKey] = Entry(until: .endOfRun, error: error)
    case .overloaded, .rateLimited, .serverError:
      entries[link.modelKey] = Entry(until: .instant(now + cooldown), error: error)
    default: break
    }
  }

  /// An answer ends a passing cool-down of the model (it works again).
  mutating func answered(_ link: RouteLink) {
    if case .instant? = entries[link.modelKey]?.until { entries[link.modelKey] = nil }
  }

  /// Why the link is to be skipped now, or nil. A passing cool-down never skips the last link
  /// (better a late answer than none); one for the rest of the run does, since the failure
  /// would only repeat.
  func skipReason(_ link: RouteLink, now: ContinuousClock.Instant, isLast: Bool) -> String? {
    for key in [link.providerKey, link.modelKey] {
      guard let entry = entries[key] else { continue }
      switch entry.until {
      case .endOfRun:
        let target = key == link.providerKey ? "provider '\(link.provider.name)'" : "model '\(link.model.model)'"
        return "\(target) failed earlier in this run (\(entry.error.kind)) and is not asked again"
      case .instant(let until):
        if !isLast && until > now { return "cooling down after a recent failure" }
      }
    }
    return nil
  }
}
