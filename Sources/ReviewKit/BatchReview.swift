import ConfigKit
import Foundation
import OutputKit
import ProvidersKit
import RoutingKit

/// `git llm review --batch`: every unit through a batch API (Anthropic's Message Batches), at half the price,
/// for reviews that can wait. `--detach` records the batch and returns at once; `--collect ID`
/// fetches and reports it later.
public struct BatchReview: Sendable {
  /// What `--detach` leaves in `<git dir>/llm/batches/<id>.json` for `--collect`.
  public struct Pending: Codable, Sendable {
    public var batchID: String
    public var alias: String
    public var provider: String
    public var model: String
    /// The review, with its units scrubbed: the record stays on disk until `--collect`, and
    /// holds no secret value.
    public var prepared: ReviewEngine.Prepared
    /// custom_id → unit id.
    public var units: [String: String]
    public var createdAt: String
    /// Unit id → the secret findings of its unscrubbed diff, found before it was scrubbed
    /// (absent in records written before there were any).
    public var secretFindings: [String: [Finding]]?
  }

  public enum Failure: Error, CustomStringConvertible {
    case noBatchModel, remoteForbidden(String), unknownBatch(String)
    public var description: String {
      switch self {
      case .noBatchModel: return "--batch needs an Anthropic model: put one first in routing.review or pass --model ALIAS"
      case .remoteForbidden(let provider):
        return "--batch sends the review to '\(provider)', which is remote, and privacy.allow_remote is false"
      case .unknownBatch(let id): return "no batch '\(id)' recorded in .git/llm/batches; use the id --detach printed"
      }
    }
  }

  public let engine: ReviewEngine
  public let gitDirectory: String

  /// The batch goes through `engine.router`, which applies the same privacy rules as to a
  /// streamed request.
  public init(engine: ReviewEngine, gitDirectory: String) {
    self.engine = engine
    self.gitDirectory = gitDirectory
  }

  /// Creates the batch (the router scrubs its content of secrets first, as for any request to a
  /// remote provider).
  public func submit(_ prepared: ReviewEngine.Prepared, alias: String?) async throws -> Pending {
    let requests = prepared.units.map { unit in
      BatchRequest(
        key: unit.id,
        request: ChatRequest(
          system: prepared.system, messages: [ChatMessage(role: .user, content: ReviewPrompt.user(unit))], jsonSchema: FindingSchema.schema)
      )
    }
    let batch = try await routed { try await engine.router.submitBatch(requests, task: "review", alias: alias) }
    var stored = prepared
    stored.units = prepared.units.map(UnitSecrets.scrubbed)
    let secrets = Dictionary(prepared.units.map { ($0.id, UnitSecrets($0).findings) }, uniquingKeysWith: +)
    let pending = Pending(
      batchID: batch.id, alias: batch.alias, provider: batch.provider, model: batch.model, prepared: stored, units: batch.keys,
      createdAt: ISO8601DateFormatter().string(from: Date()), secretFindings: secrets)
    try record(pending)
    return pending
  }

  /// Waits for the batch to end and turns its results into a review.
  public func collect(
    _ pending: Pending, pollInterval: Duration = .seconds(10), onUpdate: @escaping @Sendable (BatchStatus) -> Void = { _ in }
  ) async throws -> ReviewEngine.Outcome {
    let started = Date()
    let clock = ContinuousClock()
    let begin = clock.now
    let batch = SubmittedBatch(
      id: pending.batchID, alias: pending.alias, provider: pending.provider, model: pending.model, keys: pending.units)
    let outcomes = try await routed {
      try await engine.router.collectBatch(batch, task: "review", pollInterval: pollInterval, onUpdate: onUpdate)
    }
    var results: [ReviewEngine.UnitResult] = []
    for unit in pending.prepared.units {
      let estimate = TokenEstimate.tokens(in: pending.prepared.system) + TokenEstimate.tokens(in: unit.diffText)
      let record = { (failure: String?, usage: TokenUsage?) in
        ReviewUnitRecord(
          id: unit.id, paths: unit.files.map(\.path), alias: pending.alias, provider: pending.provider, model: pending.model,
          promptTokens: usage?.promptTokens, completionTokens: usage?.completionTokens, estimatedTokens: estimate, milliseconds: 0,
          cached: false, failure: failure, attempts: ["\(pending.alias) (\(pending.provider)/\(pending.model)): batch \(pending.batchID)"])
      }
      // The stored units are scrubbed, so their secret findings were kept aside at submission.
      let secrets = pending.secretFindings?[unit.id] ?? []
      guard let outcome = outcomes[unit.id] else {
        results.append(.init(findings: secrets, notes: [], record: record("no result in batch \(pending.batchID)", nil)))
        continue
      }
      switch outcome {
      case .succeeded(let text, let usage, _):
        do {
          let validated = try FindingValidator(unit: unit, alias: pending.alias, provider: pending.provider, model: pending.model).validate(
            text)
          results.append(.init(findings: validated.findings + secrets, notes: validated.notes, record: record(nil, usage)))
        } catch {
          results.append(.init(findings: secrets, notes: [], record: record("\(error)", usage)))
        }
      case .errored(let error): results.append(.init(findings: secrets, notes: [], record: record("batch request failed: \(error)", nil)))
      case .canceled: results.append(.init(findings: secrets, notes: [], record: record("batch request canceled", nil)))
      case .expired:
        results.append(.init(findings: secrets, notes: [], record: record("batch request expired (not processed within 24 hours)", nil)))
      }
    }
    try? FileManager.default.removeItem(atPath: path(pending.batchID))
    return engine.assemble(pending.prepared, results: results, started: started, duration: clock.now - begin)
  }

  /// The router's refusals, in the words of `--batch`.
  private func routed<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let failure as BatchRoutingFailure {
      switch failure {
      case .noBatchModel: throw Failure.noBatchModel
      case .remoteForbidden(let provider): throw Failure.remoteForbidden(provider)
      }
    }
  }

  public func pending(_ id: String) throws -> Pending {
    guard Self.isBatchID(id.replacingOccurrences(of: "msgbatch_", with: "")) || id.hasPrefix("msgbatch_"),
      let data = FileManager.default.contents(atPath: path(id)), let pending = try? JSONDecoder().decode(Pending.self, from: data)
    else { throw Failure.unknownBatch(id) }
    return pending
  }

  /// 1 to 64 letters, digits, `_` and `-`: anything else is no id `--detach` printed.
  static func isBatchID(_ id: String) -> Bool {
    (1...64).contains(id.utf8.count)
      && id.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
      }
  }

  func record(_ pending: Pending) throws {
    try AtomicFile.write(try JSONEncoder().encode(pending), to: path(pending.batchID))
  }

  func path(_ id: String) -> String {
    gitDirectory + "/llm/batches/" + id.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } + ".json"
  }
}

extension BatchReview.Failure: LocalizedError {
  public var errorDescription: String? { description }
}
