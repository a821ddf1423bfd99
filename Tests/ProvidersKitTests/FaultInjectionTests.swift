import ConfigKit
import Foundation
import HTTPKit
import Synchronization
import TestSupport
import Testing

@testable import ProvidersKit
@testable import RoutingKit

/// Every fault of provider-protocols.md §7, for each provider, through the real transport and
/// the router: each must end in the right retry, fallback or clear error, and the answer must
/// say who gave it. The faulty server is first in the chain, a healthy server of the same
/// protocol second ("backup"), the built-in rules last.
@Suite("Faults: retry, fallback and clear errors", .serialized)
struct FaultInjectionTests {
  static let quick = HTTPDeadlines(
    connect: .milliseconds(400), firstByte: .milliseconds(800), idle: .milliseconds(600), total: .seconds(10))

  /// Records the waits the router asks for instead of sleeping through them.
  final class Sleeps: Sendable {
    private let list = Mutex<[Duration]>([])
    var all: [Duration] { list.withLock { $0 } }
    func record(_ duration: Duration) { list.withLock { $0.append(duration) } }
  }

  struct Setup {
    let router: Router
    let faulty: TestHTTPServer
    let backup: TestHTTPServer
    let sleeps: Sleeps
  }

  /// `faults[n]` answers the n-th request to the faulty server (the last one repeats).
  func setup(_ wire: Wire, faults: [TestHTTPResponse], maxRetries: Int = 2, cooldown: ValueDuration? = nil) throws -> Setup {
    let counter = Mutex(0)
    let faulty = try TestHTTPServer { _ in
      let index = counter.withLock { value -> Int in
        defer { value += 1 }
        return value
      }
      return faults[min(index, faults.count - 1)]
    }
    let backup = try TestHTTPServer { _ in wire.success(["from", " backup"]) }
    return try makeRouter(wire, faultyURL: faulty.baseURL, faulty: faulty, backup: backup, maxRetries: maxRetries, cooldown: cooldown)
  }

  func makeRouter(
    _ wire: Wire, faultyURL: String, faulty: TestHTTPServer, backup: TestHTTPServer, maxRetries: Int = 2, cooldown: ValueDuration? = nil
  ) throws -> Setup {
    let transport = CurlTransport(version: "tests")
    var config = Config.defaults
    config.fallback.maxRetries = maxRetries
    if let cooldown { config.fallback.cooldown = cooldown }
    config.models = [
      "first": ModelConfig(provider: "faulty", model: "m", contextWindow: 8192, maxOutputTokens: nil, temperature: nil),
      "second": ModelConfig(provider: "backup", model: "m", contextWindow: 8192, maxOutputTokens: nil, temperature: nil),
      "builtin": ModelConfig(provider: "builtin", model: "rules", contextWindow: nil, maxOutputTokens: nil, temperature: nil),
    ]
    config.routing = ["review": ["first", "second", "builtin"], "solo": ["first"]]
    let providers: [String: any ChatProvider] = [
      "faulty": wire.provider(name: "faulty", baseURL: faultyURL, deadlines: Self.quick, transport: transport),
      "backup": wire.provider(name: "backup", baseURL: backup.baseURL, deadlines: Self.quick, transport: transport),
      "builtin": BuiltinProvider(name: "builtin"),
    ]
    let sleeps = Sleeps()
    let router = Router(config: config, providers: providers, sleep: { sleeps.record($0) }, random: { 0 })
    return Setup(router: router, faulty: faulty, backup: backup, sleeps: sleeps)
  }

  let request = ChatRequest(system: "You review code.", messages: [ChatMessage(role: .user, content: "Say hello.")])

  @Test(arguments: Wire.allCases)
  func healthyServerAnswersAndSaysWho(wire: Wire) async throws {
    let setup = try setup(wire, faults: [wire.success()])
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.text == "Hello world")
    #expect(answer.provider == "faulty" && answer.alias == "first" && !answer.isBuiltin)
    #expect(answer.usage?.promptTokens == 12)
    #expect(answer.attempts.map(\.outcomeKind) == ["answered"])
  }

  @Test(arguments: Wire.allCases)
  func connectionRefusedFallsBackAtOnce(wire: Wire) async throws {
    let backup = try TestHTTPServer { _ in wire.success(["from", " backup"]) }
    let unused = try TestHTTPServer { _ in wire.success() }
    let port = try TestHTTPServer.unusedPort()
    let setup = try makeRouter(wire, faultyURL: "http://127.0.0.1:\(port)", faulty: unused, backup: backup)
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.provider == "backup" && answer.text == "from backup")
    #expect(answer.attempts.map(\.outcomeKind) == ["unreachable", "answered"])
    #expect(setup.sleeps.all.isEmpty, "no retry against a server that is not there")
    // The refused provider now cools down: the next request skips it without trying.
    let again = try await setup.router.complete(request, task: "review")
    #expect(again.attempts.map(\.outcomeKind) == ["skipped", "answered"])
  }

  @Test(arguments: Wire.allCases)
  func connectTimeoutFallsBackWithoutRetry(wire: Wire) async throws {
    guard let blackhole = try Blackhole() else {
      // Only where the kernel completes connections even to a full accept queue.
      print("connectTimeoutFallsBackWithoutRetry: this kernel answers every connection; not checked")
      return
    }
    let backup = try TestHTTPServer { _ in wire.success(["from", " backup"]) }
    let unused = try TestHTTPServer { _ in wire.success() }
    let setup = try makeRouter(wire, faultyURL: "http://127.0.0.1:\(blackhole.port)", faulty: unused, backup: backup)
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.provider == "backup")
    #expect(answer.attempts.first?.outcomeKind == "unreachable", "a connect deadline means the server is not there")
    #expect(setup.sleeps.all.isEmpty)
    withExtendedLifetime(blackhole) {}
  }

  @Test(arguments: Wire.allCases)
  func stallBeforeFirstByteTimesOutThenFallsBack(wire: Wire) async throws {
    let setup = try setup(wire, faults: [TestHTTPResponse([.stall])], maxRetries: 0)
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.provider == "backup")
    #expect(answer.attempts.first?.outcome == .failed(.timeout(.firstByte)))
  }

  /// A stalled server costs one deadline per run, not one per request: the timeout is not
  /// retried, and requests queued behind it (the provider's cap is 1 here) skip it.
  @Test(arguments: Wire.allCases)
  func aStalledProviderIsAskedOnceInARun(wire: Wire) async throws {
    let setup = try setup(wire, faults: [TestHTTPResponse([.stall])], maxRetries: 2, cooldown: ValueDuration(seconds: 0))
    let clock = ContinuousClock()
    let started = clock.now
    let answers = try await withThrowingTaskGroup(of: RoutedAnswer.self) { group in
      for _ in 0..<4 { group.addTask { try await setup.router.complete(request, task: "review") } }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(answers.allSatisfy { $0.provider == "backup" })
    #expect(setup.faulty.requests.count == 1, "one request to a server that never answers, not one per try and request")
    #expect(setup.sleeps.all.isEmpty, "a timeout is not retried")
    #expect(clock.now - started < .seconds(3), "about one first-byte deadline (0.8 s), not four")
    #expect(answers.filter { $0.attempts.first?.outcomeKind == "skipped" }.count == 3)
    // Cooling down lasts the run, even with fallback.cooldown over, and even as the last link.
    let solo = await #expect(throws: RoutingFailure.self) { try await setup.router.complete(request, task: "solo") }
    #expect(solo?.attempts.map(\.outcomeKind) == ["skipped"])
    #expect(setup.faulty.requests.count == 1)
  }

  @Test(arguments: Wire.allCases)
  func refusedUnauthorizedAndNotFoundCoolDownForTheRun(wire: Wire) async throws {
    let notFound = TestHTTPResponse.json(404, "<html>no such route</html>")
    for fault in [wire.error(.unauthorized), wire.error(.modelNotFound), notFound] {
      let setup = try setup(wire, faults: [fault], cooldown: ValueDuration(seconds: 0))
      _ = try await setup.router.complete(request, task: "review")
      let again = try await setup.router.complete(request, task: "review")
      #expect(again.attempts.map(\.outcomeKind) == ["skipped", "answered"], "\(fault)")
      #expect(setup.faulty.requests.count == 1)
    }
    let port = try TestHTTPServer.unusedPort()
    let backup = try TestHTTPServer { _ in wire.success() }
    let refused = try makeRouter(
      wire, faultyURL: "http://127.0.0.1:\(port)", faulty: backup, backup: backup, cooldown: ValueDuration(seconds: 0))
    _ = try await refused.router.complete(request, task: "review")
    let again = try await refused.router.complete(request, task: "review")
    #expect(again.attempts.map(\.outcomeKind) == ["skipped", "answered"])
  }

  @Test(arguments: Wire.allCases)
  func stallMidStreamIsAnIdleTimeoutEvenWithPings(wire: Wire) async throws {
    let setup = try setup(wire, faults: [wire.stallMidStream()], maxRetries: 0)
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.provider == "backup" && answer.text == "from backup", "the partial 'a' is dropped")
    #expect(answer.attempts.first?.outcome == .failed(.timeout(.idle)))
  }

  @Test(arguments: Wire.allCases)
  func rateLimitHonoursRetryAfterThenSucceeds(wire: Wire) async throws {
    let setup = try setup(
      wire, faults: [wire.rateLimited(retryAfter: "7"), wire.rateLimited(retryAfterMilliseconds: "1500", ), wire.success()])
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.provider == "faulty")
    #expect(setup.sleeps.all == [.seconds(7), .milliseconds(1500)], "\(answer.attempts.map(\.summary))")
    #expect(answer.attempts.map(\.outcomeKind) == ["rate-limited", "rate-limited", "answered"])
  }

  @Test(arguments: Wire.allCases)
  func longRetryAfterFallsBackNow(wire: Wire) async throws {
    let setup = try setup(wire, faults: [wire.rateLimited(retryAfter: "3600")])
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.provider == "backup")
    #expect(setup.sleeps.all.isEmpty)
  }

  @Test(arguments: Wire.allCases)
  func overloadedAndServerErrorsRetryWithBackoffThenFallBack(wire: Wire) async throws {
    for kind in [Wire.ErrorKind.overloaded, .serverError] {
      let setup = try setup(wire, faults: [wire.error(kind)])
      let answer = try await setup.router.complete(request, task: "review")
      #expect(answer.provider == "backup", "\(kind)")
      #expect(setup.sleeps.all == [.seconds(1), .seconds(2)], "\(kind): exponential backoff from fallback.backoff_initial")
      #expect(setup.faulty.requests.count == 3, "\(kind): one try and two retries")
    }
  }

  @Test(arguments: Wire.allCases)
  func overloadedOnceThenAnswers(wire: Wire) async throws {
    let setup = try setup(wire, faults: [wire.error(.overloaded), wire.success()])
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.provider == "faulty")
    #expect(answer.attempts.map(\.outcomeKind) == ["overloaded", "answered"])
  }

  @Test(arguments: Wire.allCases)
  func unauthorizedAndModelNotFoundAreNeverRetried(wire: Wire) async throws {
    for (kind, expected) in [(Wire.ErrorKind.unauthorized, "unauthorized"), (.modelNotFound, "model-not-found")] {
      let setup = try setup(wire, faults: [wire.error(kind)])
      let answer = try await setup.router.complete(request, task: "review")
      #expect(answer.provider == "backup")
      #expect(answer.attempts.map(\.outcomeKind) == [expected, "answered"])
      #expect(setup.sleeps.all.isEmpty && setup.faulty.requests.count == 1)
    }
  }

  @Test(arguments: Wire.allCases)
  func contextTooLongMovesOnWithoutRetry(wire: Wire) async throws {
    let setup = try setup(wire, faults: [wire.error(.contextTooLong)])
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.attempts.first?.outcomeKind == "context-too-long")
    #expect(setup.faulty.requests.count == 1)
  }

  @Test(arguments: Wire.allCases)
  func errorEventAfterContentDiscardsThePartialAnswer(wire: Wire) async throws {
    let setup = try setup(wire, faults: [wire.errorAfterContent()], maxRetries: 0)
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.provider == "backup" && answer.text == "from backup")
    let expected = wire == .anthropic ? "overloaded" : "server-error"
    #expect(answer.attempts.first?.outcomeKind == expected)
  }

  @Test(arguments: Wire.allCases)
  func cutStreamAndMalformedLineAreRetriedOnceThenFallBack(wire: Wire) async throws {
    for fault in [wire.cutStream(), wire.malformedLine()] {
      let setup = try setup(wire, faults: [fault])
      let answer = try await setup.router.complete(request, task: "review")
      #expect(answer.provider == "backup")
      #expect(answer.attempts.map(\.outcomeKind) == ["malformed-response", "malformed-response", "answered"])
    }
  }

  @Test(arguments: Wire.allCases)
  func htmlErrorPageIsAServerErrorWithItsTitle(wire: Wire) async throws {
    let setup = try setup(wire, faults: [wire.htmlErrorPage()], maxRetries: 0)
    let answer = try await setup.router.complete(request, task: "review")
    #expect(answer.attempts.first?.outcome == .failed(.serverError(status: 502, message: "502 Bad Gateway")))
  }

  @Test(arguments: Wire.allCases)
  func aChainOfOneEndsInAClearError(wire: Wire) async throws {
    let setup = try setup(wire, faults: [wire.error(.unauthorized)])
    let failure = await #expect(throws: RoutingFailure.self) { try await setup.router.complete(request, task: "solo") }
    #expect(failure?.description.hasPrefix("no provider answered task 'solo': first (faulty/m): unauthorized") == true)
  }

  @Test(arguments: Wire.allCases)
  func everythingDownStillGetsTheBuiltinRules(wire: Wire) async throws {
    let port = try TestHTTPServer.unusedPort()
    let down = try TestHTTPServer { _ in wire.error(.serverError) }
    let setup = try makeRouter(wire, faultyURL: "http://127.0.0.1:\(port)", faulty: down, backup: down, maxRetries: 0)
    let diff = ChatRequest(
      system: "Review.",
      messages: [
        ChatMessage(role: .user, content: "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +1,2 @@\n x = 1\n+# TODO: remove\n")
      ], jsonSchema: FindingSchema.schema)
    let answer = try await setup.router.complete(diff, task: "review")
    #expect(answer.isBuiltin && answer.provider == "builtin")
    #expect(answer.attempts.map(\.outcomeKind) == ["unreachable", "server-error", "answered"])
    #expect(answer.text.contains("\"findings\""))
  }
}
