import ConfigKit
import Foundation
import PrivacyKit
import ProvidersKit

/// Sends a task's requests down its chain of model aliases: retries on the same link where that
/// can help, falls back to the next link on any failure before the answer is committed, cools
/// down failing targets for later requests, skips links whose context window is too small,
/// caps each provider's concurrency, scrubs secrets before a remote provider and refuses remote
/// providers when the configuration forbids them (`RemotePolicy`, for batches too:
/// Router+Batches.swift). Records every attempt.
///
/// Cancelling the task that awaits a request (Ctrl-C, a hook's timeout, an MCP client's
/// `notifications/cancelled`) ends it as a `.cancelled` attempt: the transfer in flight is
/// aborted (HTTPKit closes its connection), nothing more is sent for it, neither a retry nor the
/// next link, and a stream cut short by the cancel is never taken for an answer.
///
/// One router serves one run (a review, a question): its cool-downs and the requests it has in
/// flight are that run's state, kept here and nowhere global.
public actor Router {
  let config: Config
  let providers: [String: any ChatProvider]
  private let retry: RetryPolicy
  let policy: RemotePolicy
  private let sleep: @Sendable (Duration) async throws -> Void
  private let random: @Sendable () -> Double
  private let clock = ContinuousClock()
  private var cooldowns = Cooldowns()
  private var limiters: [String: AsyncLimiter] = [:]
  private var inFlight: [Int: PendingRequest] = [:]
  private var nextRequestID = 0
  private var log: [[RouteAttempt]] = []

  public init(
    config: Config, providers: [String: any ChatProvider], scrubber: SecretScrubber = SecretScrubber(),
    sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
    random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
  ) {
    self.config = config
    self.providers = providers
    self.retry = RetryPolicy(config.fallback)
    self.policy = RemotePolicy(privacy: config.privacy, scrubber: scrubber)
    self.sleep = sleep
    self.random = random
  }

  /// The requests sent and not yet answered, oldest first (for a "waiting for …" line).
  public func pending() -> [PendingRequest] {
    inFlight.sorted { $0.key < $1.key }.map(\.value)
  }

  /// The attempts of every request of the run so far, one list per request, in the order the
  /// requests ended.
  public func requestLog() -> [[RouteAttempt]] { log }

  /// The links for a task: `alias` alone when given, else `routing.<task>`.
  public func chain(for task: String, alias: String? = nil) throws -> [RouteLink] {
    let aliases = alias.map { [$0] } ?? config.chain(for: task)
    return try aliases.map { name in
      guard let model = config.models[name] else {
        throw RoutingFailure(
          task: task,
          attempts: [
            RouteAttempt(
              alias: name, provider: "?", model: "?",
              outcome: .failed(.invalidRequest(status: 0, message: "no model alias '\(name)' in the config")), duration: .zero)
          ], afterPartialAnswer: false)
      }
      guard let provider = providers[model.provider] else {
        throw RoutingFailure(
          task: task,
          attempts: [
            RouteAttempt(
              alias: name, provider: model.provider, model: model.model,
              outcome: .failed(.invalidRequest(status: 0, message: "no provider '\(model.provider)' in the config")), duration: .zero)
          ], afterPartialAnswer: false)
      }
      return RouteLink(alias: name, model: model, provider: provider)
    }
  }

  /// The whole answer. Any failure on a link, even after some text, moves on (the partial text
  /// is dropped), since nothing has been shown yet.
  public func complete(_ request: ChatRequest, task: String, alias: String? = nil) async throws -> RoutedAnswer {
    try await route(request, task: task, alias: alias, onText: nil)
  }

  /// Streams the answer through `onText`. Until the first text arrives, failures fall back as in
  /// `complete`; after it the answer is committed, and a failure ends it with an error.
  public func stream(_ request: ChatRequest, task: String, alias: String? = nil, onText: @escaping @Sendable (String) -> Void) async throws
    -> RoutedAnswer
  {
    try await route(request, task: task, alias: alias, onText: onText)
  }

  private func route(_ request: ChatRequest, task: String, alias: String?, onText: (@Sendable (String) -> Void)?) async throws
    -> RoutedAnswer
  {
    let links = try chain(for: task, alias: alias)
    var attempts: [RouteAttempt] = []
    defer { log.append(attempts) }
    let estimate = TokenEstimate.tokens(of: request) + (request.maxTokens ?? 0)
    var tooSmall: Int?  // a window a link reported too small: later links need a larger one
    for (index, link) in links.enumerated() {
      let isLast = index == links.count - 1
      let outgoing: ChatRequest
      switch outgoingRequest(request, to: link) {
      case .refuse(let reason):
        attempts.append(
          RouteAttempt(alias: link.alias, provider: link.provider.name, model: link.model.model, outcome: .skipped(reason), duration: .zero)
        )
        continue
      case .send(let shaped): outgoing = shaped
      }
      if let reason = skipReason(link, estimate: estimate, tooSmall: tooSmall, isLast: isLast) {
        attempts.append(
          RouteAttempt(alias: link.alias, provider: link.provider.name, model: link.model.model, outcome: .skipped(reason), duration: .zero)
        )
        continue
      }
      var retries = 0
      while true {
        let started = clock.now
        let result = await attempt(outgoing, link: link, isLast: isLast, onText: onText)
        switch result {
        case .skipped(let reason):
          attempts.append(
            RouteAttempt(
              alias: link.alias, provider: link.provider.name, model: link.model.model, outcome: .skipped(reason), duration: .zero))
        case .answered(let answer):
          attempts.append(
            RouteAttempt(
              alias: link.alias, provider: link.provider.name, model: link.model.model, outcome: .answered, duration: clock.now - started))
          cooldowns.answered(link)
          return RoutedAnswer(
            text: answer.text, usage: answer.usage, finish: answer.finish, alias: link.alias, provider: link.provider.name,
            model: link.model.model,
            isBuiltin: link.model.provider == "builtin" || (config.providers[link.model.provider]?.type == .builtin),
            attempts: attempts)
        case .failed(let failure):
          attempts.append(
            RouteAttempt(
              alias: link.alias, provider: link.provider.name, model: link.model.model, outcome: .failed(failure.error),
              duration: clock.now - started))
          if failure.committed || failure.error == .cancelled {
            throw RoutingFailure(task: task, attempts: attempts, afterPartialAnswer: failure.committed)
          }
          if let delay = retry.delay(after: failure.error, attempt: retries, random: random()) {
            retries += 1
            do {
              try await sleep(delay)
            } catch {
              throw RoutingFailure(task: task, attempts: attempts, afterPartialAnswer: false)
            }
            continue
          }
          cooldowns.record(failure.error, link: link, now: clock.now, cooldown: config.fallback.cooldown.duration)
          if case .contextTooLong(_, let limit) = failure.error { tooSmall = max(tooSmall ?? 0, limit ?? link.model.contextWindow ?? 0) }
        }
        break
      }
    }
    throw RoutingFailure(task: task, attempts: attempts, afterPartialAnswer: false)
  }

  /// The request as `link` gets it, streamed or batched: refused or scrubbed as privacy says
  /// (`RemotePolicy`), with the model's own temperature and answer size where the request sets
  /// none.
  func outgoingRequest(_ request: ChatRequest, to link: RouteLink) -> RemotePolicy.Decision {
    let decision = policy.decide(request, to: link.provider)
    guard case .send(var outgoing) = decision else { return decision }
    if let temperature = link.model.temperature, outgoing.temperature == nil { outgoing.temperature = temperature }
    if let maxTokens = link.model.maxOutputTokens, outgoing.maxTokens == nil { outgoing.maxTokens = maxTokens }
    return .send(outgoing)
  }

  private func skipReason(_ link: RouteLink, estimate: Int, tooSmall: Int?, isLast: Bool) -> String? {
    if let window = link.model.contextWindow {
      if estimate > window { return "the prompt (~\(estimate) tokens) exceeds its \(window)-token window" }
      if let tooSmall, tooSmall > 0, window <= tooSmall { return "its \(window)-token window is no larger than one that was too small" }
    }
    return cooldowns.skipReason(link, now: clock.now, isLast: isLast)
  }

  private func limiter(for provider: String) -> AsyncLimiter {
    if let existing = limiters[provider] { return existing }
    let created = AsyncLimiter(limit: config.providers[provider]?.maxConcurrency ?? 1)
    limiters[provider] = created
    return created
  }

  private struct Collected: Sendable {
    var text = ""
    var usage: TokenUsage?
    var finish: FinishReason = .other
  }

  private struct Failure: LocalizedError {
    let error: ProviderError
    let committed: Bool
    var errorDescription: String? { error.description }
  }

  private enum Try {
    case answered(Collected)
    case failed(Failure)
    case skipped(String)
  }

  /// One try on one link, within the provider's concurrency cap. The cool-downs are read again
  /// once a slot is free: requests queued behind one that stalled must not each wait out the
  /// same deadline.
  private func attempt(_ request: ChatRequest, link: RouteLink, isLast: Bool, onText: (@Sendable (String) -> Void)?) async -> Try {
    let limiter = limiter(for: link.provider.name)
    do {
      try await limiter.acquire()
    } catch {
      return .failed(Failure(error: .cancelled, committed: false))
    }
    // A free slot is taken even by a cancelled task; it must not send anything with it.
    if Task.isCancelled {
      limiter.release()
      return .failed(Failure(error: .cancelled, committed: false))
    }
    if let reason = cooldowns.skipReason(link, now: clock.now, isLast: isLast) {
      limiter.release()
      return .skipped(reason)
    }
    let id = nextRequestID
    nextRequestID += 1
    inFlight[id] = PendingRequest(alias: link.alias, provider: link.provider.name, model: link.model.model, since: clock.now)
    let result = await collect(request, link: link, onText: onText)
    inFlight[id] = nil
    if case .failure(let failure) = result, Cooldowns.lastsTheRun(failure.error) {
      cooldowns.record(failure.error, link: link, now: clock.now, cooldown: config.fallback.cooldown.duration)
    }
    limiter.release()
    switch result {
    case .success(let collected): return .answered(collected)
    case .failure(let failure): return .failed(failure)
    }
  }

  private func collect(_ request: ChatRequest, link: RouteLink, onText: (@Sendable (String) -> Void)?) async -> Result<Collected, Failure> {
    var collected = Collected()
    var sawFinish = false
    do {
      for try await event in link.provider.chat(request, model: link.model.model) {
        switch event {
        case .text(let text):
          collected.text += text
          onText?(text)
        case .usage(let usage): collected.usage = usage
        case .finish(let reason):
          collected.finish = reason
          sawFinish = true
        }
      }
      // A cancelled consumer's stream just ends (AsyncThrowingStream returns nil on cancel), so
      // what came so far is a fragment, not an answer.
      if Task.isCancelled { return .failure(Failure(error: .cancelled, committed: onText != nil && !collected.text.isEmpty)) }
      if !sawFinish { collected.finish = .stop }
      if collected.finish == .refusal {
        return .failure(Failure(error: .refused("the model declined to answer"), committed: onText != nil && !collected.text.isEmpty))
      }
      return .success(collected)
    } catch {
      // A transfer aborted by the cancel may surface as a cut connection: it is the cancel.
      let failure = Task.isCancelled ? .cancelled : ProviderError(error)
      return .failure(Failure(error: failure, committed: onText != nil && !collected.text.isEmpty))
    }
  }
}
