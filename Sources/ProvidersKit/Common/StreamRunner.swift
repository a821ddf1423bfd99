import Foundation
import HTTPKit
import Synchronization

/// Runs one streaming exchange for a provider: sends the request, turns an HTTP error status
/// into a classified `ProviderError` (reading the error body), then lets the protocol's decoder
/// turn the body into `ChatEvent`s, under a deadline measured on parsed tokens.
///
/// The token deadline is separate from the transport's byte deadlines because servers send
/// keep-alive bytes that are not tokens (llama.cpp's `: ping` comments, Anthropic's `ping`
/// events): a byte-based idle timer would never fire on a server that pings but no longer
/// generates. Until the first token the budget is the first-byte deadline (a local model may
/// spend it loading and reading the prompt); after that, the idle deadline between tokens.
struct StreamRunner: Sendable {
  let transport: any HTTPTransport
  let deadlines: HTTPDeadlines
  /// Removed from every error message (API keys a server may quote back).
  var secrets: [String] = []

  /// Hands `decode` the response body and a `yield` for events; returns the stream of events.
  func run(
    _ request: HTTPRequest, model: String,
    decode: @escaping @Sendable (HTTPStreamingResponse, _ yield: @escaping @Sendable (ChatEvent) -> Void) async throws -> Void
  ) -> AsyncThrowingStream<ChatEvent, Error> {
    AsyncThrowingStream { continuation in
      let task = Task {
        do {
          try await exchange(request, model: model, continuation: continuation, decode: decode)
          continuation.finish()
        } catch {
          continuation.finish(throwing: ProviderError(error).redacting(secrets))
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  private func exchange(
    _ request: HTTPRequest, model: String, continuation: AsyncThrowingStream<ChatEvent, Error>.Continuation,
    decode: @escaping @Sendable (HTTPStreamingResponse, _ yield: @escaping @Sendable (ChatEvent) -> Void) async throws -> Void
  ) async throws {
    let clock = ContinuousClock()
    let started = clock.now
    let response = try await transport.send(request)
    guard (200..<300).contains(response.head.status) else {
      let body = (try? await response.collect(limit: 1 << 20)) ?? []
      throw ErrorClassifier.classify(status: response.head.status, headers: response.head.headers, body: body, model: model)
    }
    let lastToken = LastToken()
    let deadlines = self.deadlines
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        try await decode(response) { event in
          if case .text(let text) = event, !text.isEmpty { lastToken.set(clock.now) }
          continuation.yield(event)
        }
      }
      group.addTask {
        while !Task.isCancelled {
          try await Task.sleep(for: .milliseconds(100))
          let now = clock.now
          if let last = lastToken.value {
            if now - last > deadlines.idle { throw ProviderError.timeout(.idle) }
          } else if now - started > deadlines.firstByte {
            throw ProviderError.timeout(.firstByte)
          }
          if now - started > deadlines.total { throw ProviderError.timeout(.total) }
        }
      }
      // The decoder finishing (or failing) decides; the watchdog only ever ends by failing.
      defer { group.cancelAll() }
      try await group.next()
    }
  }
}

/// A mutable flag shared between the decoder and its caller, for end markers.
final class StreamState: Sendable {
  private let state = Mutex<(sawEnd: Bool, sawFinish: Bool)>((false, false))
  var sawEnd: Bool { state.withLock { $0.sawEnd } }
  var sawFinish: Bool { state.withLock { $0.sawFinish } }
  func markEnd() { state.withLock { $0.sawEnd = true } }
  func markFinish() { state.withLock { $0.sawFinish = true } }
}

/// When the last token arrived, shared between the decoder and the watchdog.
private final class LastToken: Sendable {
  private let instant = Mutex<ContinuousClock.Instant?>(nil)
  var value: ContinuousClock.Instant? { instant.withLock { $0 } }
  func set(_ now: ContinuousClock.Instant) { instant.withLock { $0 = now } }
}
