import ConfigKit
import Foundation
import GitKit
import ProvidersKit
import RoutingKit
import Synchronization
import TestSupport
import Testing

@testable import ReviewKit

/// `BatchReview` through the `ReviewRouting` seam: the review hands the router each unit as it
/// is (what may leave the machine, scrubbed how, is the router's call: RouterBatchTests), keeps
/// the record on disk free of secrets, and joins the outcomes back to units by id.
@Suite("Batch review through the router")
struct BatchReviewTests {
  static let secret = "ghp_" + String(repeating: "Qw3Er5Ty7U", count: 3) + "123456"

  /// A router that takes batches without sending them anywhere, or refuses as privacy would.
  final class Routing: ReviewRouting {
    let refusal: BatchRoutingFailure?
    let answer: String
    let submitted = Mutex<[BatchRequest]>([])

    init(refusal: BatchRoutingFailure? = nil, answer: String = #"{"findings":[]}"#) {
      self.refusal = refusal
      self.answer = answer
    }

    struct NotStreamed: Error {}
    func complete(_ request: ChatRequest, task: String, alias: String?) async throws -> RoutedAnswer { throw NotStreamed() }

    func submitBatch(_ requests: [BatchRequest], task: String, alias: String?) async throws -> SubmittedBatch {
      if let refusal { throw refusal }
      submitted.withLock { $0 = requests }
      let keys = Dictionary(uniqueKeysWithValues: requests.enumerated().map { ("u-\($0.offset)", $0.element.key) })
      return SubmittedBatch(id: "msgbatch_5", alias: "claude.x", provider: "claude", model: "claude-x", keys: keys)
    }

    func collectBatch(
      _ batch: SubmittedBatch, task: String, pollInterval: Duration, onUpdate: @escaping @Sendable (BatchStatus) -> Void
    ) async throws -> [String: BatchOutcome] {
      if let refusal { throw refusal }
      return Dictionary(
        uniqueKeysWithValues: batch.keys.values.map {
          ($0, .succeeded(text: answer, usage: TokenUsage(promptTokens: 9, completionTokens: 3), finish: .stop))
        })
    }
  }

  func prepared(_ routing: Routing) throws -> (GitFixture, ReviewEngine, ReviewEngine.Prepared) {
    let repo = try GitFixture()
    try repo.write("app.py", "x = 1\n")
    try repo.commitAll("base")
    try repo.write("app.py", "x = 1\ntoken = '\(Self.secret)'\n")
    try repo.commitAll("change")
    let engine = ReviewEngine(config: Config.defaults, router: routing)
    let prepared = try engine.prepare(ReviewRequest(target: .range("HEAD~1.."), useCache: false), repository: try Repository(at: repo.path))
    return (repo, engine, prepared)
  }

  @Test func submitRecordsTheBatchWithoutSecretsAndCollectJoinsByUnit() async throws {
    let finding =
      #"{"findings":[{"path":"app.py","start_line":2,"end_line":2,"severity":"high","category":"maintainability","title":"Token in code","explanation":"A token is committed."}]}"#
    let routing = Routing(answer: finding)
    let (repo, engine, prepared) = try prepared(routing)
    let batches = BatchReview(engine: engine, gitDirectory: repo.path + "/.git")
    _ = try await batches.submit(prepared, alias: nil)
    let sent = routing.submitted.withLock { $0 }
    #expect(sent.map(\.key) == prepared.units.map(\.id))
    #expect(
      sent.first?.request.messages.first?.content.contains(Self.secret) == true, "scrubbing is the router's, by the provider it picks")

    let data = try #require(FileManager.default.contents(atPath: repo.path + "/.git/llm/batches/msgbatch_5.json"))
    let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(
      Set(record.keys) == ["batchID", "alias", "provider", "model", "prepared", "units", "createdAt", "secretFindings"],
      "the record's format is unchanged")
    #expect(record["units"] as? [String: String] == ["u-0": prepared.units[0].id])
    #expect(!String(decoding: data, as: UTF8.self).contains(Self.secret))

    let outcome = try await batches.collect(try batches.pending("msgbatch_5"))
    #expect(outcome.report.findings.map(\.title) == ["GitHub token added", "Token in code"])
    #expect(outcome.report.units.map(\.promptTokens) == [9] && outcome.report.isComplete)
    #expect(throws: BatchReview.Failure.self) { try batches.pending("msgbatch_5") }
  }

  @Test func theRoutersRefusalIsTheBatchsError() async throws {
    let routing = Routing(refusal: .remoteForbidden(provider: "claude"))
    let (repo, engine, prepared) = try prepared(routing)
    let batches = BatchReview(engine: engine, gitDirectory: repo.path + "/.git")
    do {
      _ = try await batches.submit(prepared, alias: nil)
      Issue.record("a refused batch was recorded")
    } catch let failure as BatchReview.Failure {
      #expect(failure.description == "--batch sends the review to 'claude', which is remote, and privacy.allow_remote is false")
    }
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/llm/batches"))
  }
}
