import Testing

@testable import ProvidersKit
@testable import RoutingKit

@Suite("Retry policy")
struct RetryPolicyTests {
  let policy = RetryPolicy(maxRetries: 2, backoffInitial: .seconds(1), backoffMax: .seconds(30), maxRetryAfter: .seconds(20))

  @Test func retriesWhatCanSucceedLater() {
    #expect(policy.delay(after: .overloaded(retryAfter: nil, message: ""), attempt: 0, random: 0) == .seconds(1))
    #expect(policy.delay(after: .overloaded(retryAfter: nil, message: ""), attempt: 1, random: 0) == .seconds(2))
    #expect(policy.delay(after: .serverError(status: 500, message: ""), attempt: 1, random: 1) == .milliseconds(1500))
    #expect(policy.delay(after: .overloaded(retryAfter: nil, message: ""), attempt: 2, random: 0) == nil)
  }

  @Test func honoursRetryAfterAndFallsBackOnLongWaits() {
    #expect(policy.delay(after: .rateLimited(retryAfter: .seconds(7), message: ""), attempt: 0, random: 0.5) == .seconds(7))
    #expect(policy.delay(after: .rateLimited(retryAfter: .milliseconds(1500), message: ""), attempt: 0, random: 0.5) == .milliseconds(1500))
    #expect(policy.delay(after: .rateLimited(retryAfter: .seconds(3600), message: ""), attempt: 0, random: 0) == nil)
  }

  @Test func neverRetriesWhatCannotChange() {
    for error: ProviderError in [
      .unauthorized("no"), .modelNotFound(model: "m", message: ""), .invalidRequest(status: 400, message: ""),
      .contextTooLong(message: "", limit: nil), .refused(""), .unreachable("refused"), .cancelled, .remoteForbidden(provider: "x"),
      // A stalled server would cost the whole deadline again.
      .timeout(.firstByte), .timeout(.idle), .timeout(.total),
    ] {
      #expect(policy.delay(after: error, attempt: 0, random: 0) == nil, "\(error)")
    }
    #expect(policy.delay(after: .malformedResponse("cut"), attempt: 0, random: 0) != nil)
    #expect(policy.delay(after: .malformedResponse("cut"), attempt: 1, random: 0) == nil)
  }
}
