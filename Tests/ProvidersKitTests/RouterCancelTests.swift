import ConfigKit
import Foundation
import HTTPKit
import Synchronization
import TestSupport
import Testing

@testable import ProvidersKit
@testable import RoutingKit

/// Cancelling the task that awaits a request, against real sockets: the transfer in flight is
/// aborted (the server sees its client leave), no fallback and no retry are sent, a stream cut
/// short is not an answer, and the router answers the next request as before.
@Suite("Router: cancellation")
struct RouterCancelTests {
  static let firstEvent =
    #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"partial"},"finish_reason":null}]}"#
    + "\n\n"

  /// The answer starts and then stalls until the client goes away.
  static let stalling = TestHTTPResponse([
    .head(status: 200, headers: [("Content-Type", "text/event-stream"), ("Transfer-Encoding", "chunked")]), .text(firstEvent), .stall,
  ])

  /// A chain of two links on two servers, retries on.
  func router(first: TestHTTPServer, second: TestHTTPServer) -> Router {
    var config = Config.defaults
    config.providers["a"] = ProviderConfig(type: .openai, baseURL: first.baseURL + "/v1")
    config.providers["b"] = ProviderConfig(type: .openai, baseURL: second.baseURL + "/v1")
    config.models = ["a.m": ModelConfig(provider: "a", model: "m"), "b.m": ModelConfig(provider: "b", model: "m")]
    config.routing = ["review": ["a.m", "b.m"]]
    config.fallback.maxRetries = 2
    return Router(config: config, providers: ProviderFactory.make(config, transport: CurlTransport(version: "tests")), sleep: { _ in })
  }

  /// Polls `condition` (generously bounded: the test asserts states, not speed).
  func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<6000 {
      if condition() { return true }
      try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
  }

  func ask(_ router: Router) -> Task<RoutedAnswer, Error> {
    Task { try await router.complete(ChatRequest(messages: [ChatMessage(role: .user, content: "review this")]), task: "review") }
  }

  @Test func aCancelledRequestAbortsItsTransferAndFallsBackNowhere() async throws {
    let first = try TestHTTPServer { _ in Self.stalling }
    let second = try TestHTTPServer { _ in Wire.openai.success(["fallback"]) }
    let router = router(first: first, second: second)
    let task = ask(router)
    #expect(await eventually { first.requests.count == 1 })
    task.cancel()
    let failure = await #expect(throws: RoutingFailure.self) { try await task.value }
    #expect(failure?.attempts.last?.outcome == .failed(.cancelled), "\(String(describing: failure?.attempts))")
    #expect(failure?.afterPartialAnswer == false)
    #expect(await eventually { first.clientDisconnects == 1 }, "the transfer was aborted and its connection closed")
    #expect(second.requests.isEmpty, "no fallback after a cancel")
    #expect(first.requests.count == 1, "no retry after a cancel")
    #expect((await router.pending()).isEmpty)
  }

  @Test func aStreamCutShortByTheCancelIsNotAnAnswer() async throws {
    // The consumer's stream just ends on a cancel; the text so far must not pass for an answer.
    let first = try TestHTTPServer { _ in Self.stalling }
    let second = try TestHTTPServer { _ in Wire.openai.success(["fallback"]) }
    let router = router(first: first, second: second)
    let shown = Mutex("")
    let received = Task {
      try await router.stream(ChatRequest(messages: [ChatMessage(role: .user, content: "hi")]), task: "review") { text in
        shown.withLock { $0 += text }
      }
    }
    #expect(await eventually { shown.withLock { $0 } == "partial" })
    received.cancel()
    await #expect(throws: RoutingFailure.self) { try await received.value }
    #expect(second.requests.isEmpty)
  }

  @Test func anAlreadyCancelledRequestSendsNothingAndTheRouterGoesOn() async throws {
    let first = try TestHTTPServer { _ in Wire.openai.success(["ok"]) }
    let second = try TestHTTPServer { _ in Wire.openai.success(["fallback"]) }
    let router = router(first: first, second: second)
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try await router.complete(ChatRequest(messages: [ChatMessage(role: .user, content: "x")]), task: "review")
    }
    await #expect(throws: RoutingFailure.self) { try await task.value }
    #expect(first.requests.isEmpty && second.requests.isEmpty, "a cancelled task takes a free slot but sends nothing with it")
    let answer = try await ask(router).value
    #expect(answer.text == "ok" && answer.alias == "a.m", "a cancel neither cools the provider down nor holds its slot")
  }
}
