import ConfigKit
import Foundation
import HTTPKit
import Synchronization
import TestSupport
import Testing

@testable import ProvidersKit
@testable import RoutingKit

@Suite("Router: caps, windows, privacy")
struct RouterTests {
  func router(_ server: TestHTTPServer, maxConcurrency: Int, extra: (inout Config) -> Void = { _ in }) -> Router {
    var config = Config.defaults
    config.providers["local"] = ProviderConfig(type: .openai, baseURL: server.baseURL + "/v1", maxConcurrency: maxConcurrency)
    config.models = [
      "local.m": ModelConfig(provider: "local", model: "m", contextWindow: 4096),
      "builtin": ModelConfig(provider: "builtin", model: "rules"),
    ]
    config.routing = ["review": ["local.m", "builtin"]]
    extra(&config)
    return Router(config: config, providers: ProviderFactory.make(config, transport: CurlTransport(version: "tests")), sleep: { _ in })
  }

  final class Arrivals: Sendable {
    private let times = Mutex<[Date]>([])
    func record() { times.withLock { $0.append(Date()) } }
    var sorted: [Date] { times.withLock { $0 }.sorted() }
  }

  /// A server whose answers take `pause` milliseconds per chunk, recording request arrivals.
  func slowServer(pause: Int) throws -> (TestHTTPServer, Arrivals) {
    let arrivals = Arrivals()
    let server = try TestHTTPServer { _ in
      arrivals.record()
      return Wire.openai.success(["ok"], delayMilliseconds: pause)
    }
    return (server, arrivals)
  }

  func runThree(_ router: Router) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      for index in 0..<3 {
        group.addTask {
          let answer = try await router.complete(ChatRequest(messages: [ChatMessage(role: .user, content: "req \(index)")]), task: "review")
          #expect(answer.provider == "local")
        }
      }
      try await group.waitForAll()
    }
  }

  @Test func aProviderCapOfOneSendsOneRequestAtATime() async throws {
    let (server, arrivals) = try slowServer(pause: 150)
    try await runThree(router(server, maxConcurrency: 1))
    #expect(arrivals.sorted.count == 3)
    #expect(server.maxInFlight == 1, "never two requests in flight at once")
  }

  @Test func aHigherCapSendsThemTogether() async throws {
    let (server, arrivals) = try slowServer(pause: 150)
    try await runThree(router(server, maxConcurrency: 3))
    #expect(arrivals.sorted.count == 3)
    #expect(server.maxInFlight > 1, "requests overlapped")
  }

  @Test func aPromptTooLargeForTheWindowSkipsTheLinkUnsent() async throws {
    let (server, _) = try slowServer(pause: 0)
    let router = router(server, maxConcurrency: 1)
    let huge = String(repeating: "x", count: 4096 * 4)
    let answer = try await router.complete(ChatRequest(messages: [ChatMessage(role: .user, content: huge)]), task: "review")
    #expect(answer.isBuiltin)
    #expect(server.requests.isEmpty)
    if case .skipped(let why) = answer.attempts.first?.outcome {
      #expect(why.contains("4096-token window"))
    } else {
      Issue.record("not skipped")
    }
  }

  @Test func unknownAliasIsAClearError() async throws {
    let (server, _) = try slowServer(pause: 0)
    let router = router(server, maxConcurrency: 1)
    let failure = await #expect(throws: RoutingFailure.self) {
      try await router.complete(ChatRequest(messages: []), task: "review", alias: "nope")
    }
    #expect(failure?.description.contains("no model alias 'nope'") == true)
  }

  @Test func temperatureAndOutputCapComeFromTheAlias() async throws {
    let (server, _) = try slowServer(pause: 0)
    let router = router(server, maxConcurrency: 1) { config in
      config.models["local.m"] = ModelConfig(provider: "local", model: "m", contextWindow: 4096, maxOutputTokens: 77, temperature: 0.3)
    }
    _ = try await router.complete(ChatRequest(messages: [ChatMessage(role: .user, content: "x")]), task: "review")
    let body = try #require(server.requests.first?.json as? [String: Any])
    #expect(body["max_tokens"] as? Int == 77 && body["temperature"] as? Double == 0.3)
  }
}
