import OutputKit
import ConfigKit
import Foundation
import PrivacyKit
import ProvidersKit

/// `git llm review --batch`: every unit through Anthropic's Message Batches API, at half the price,
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
      case .remoteForbidden(let provider): return "--batch sends the review to '\(provider)', which is remote, and privacy.allow_remote is false"
      case .unknownBatch(let id): return "no batch '\(id)' recorded in .git/llm/batches; use the id --detach printed"
      }
    }
  }

  public let engine: ReviewEngine
  public let providers: [String: any ChatProvider]
  public let gitDirectory: String

  public init(engine: ReviewEngine, providers: [String: any ChatProvider], gitDirectory: String) {
    self.engine = engine
    self.providers = providers
    self.gitDirectory = gitDirectory
  }

  /// The Anthropic link that will take the batch.
  func target(alias: String?) throws -> (alias: String, model: ModelConfig, api: AnthropicBatches) {
    let config = engine.config
    let aliases = alias.map { [$0] } ?? config.chain(for: "review")
    for name in aliases {
      guard let model = config.models[name], let provider = providers[model.provider] as? AnthropicProvider else { continue }
      if provider.isRemote && !config.privacy.allowRemote { throw Failure.remoteForbidden(provider.name) }
      return (name, model, AnthropicBatches(provider: provider))
    }
    throw Failure.noBatchModel
  }

  /// Creates the batch (content scrubbed of secrets first, as for any remote provider).
  public func submit(_ prepared: ReviewEngine.Prepared, alias: String?) async throws -> Pending {
    let link = try target(alias: alias)
    let scrubber = SecretScrubber()
    let scrub = engine.config.privacy.scrubSecrets
    var items: [AnthropicBatches.Item] = []
    var units: [String: String] = [:]
    for (index, unit) in prepared.units.enumerated() {
      let id = AnthropicBatches.customID(for: "\(index)-\(unit.id)")
      units[id] = unit.id
      let user = ReviewPrompt.user(unit)
      let system = prepared.system
      let request = ChatRequest(
        system: scrub ? scrubber.scrub(system).text : system,
        messages: [ChatMessage(role: .user, content: scrub ? scrubber.scrub(user).text : user)],
        maxTokens: link.model.maxOutputTokens, jsonSchema: FindingSchema.schema)
      items.append(AnthropicBatches.Item(customID: id, request: request, model: link.model.model))
    }
    let batchID = try await link.api.create(items)
    var stored = prepared
    stored.units = prepared.units.map(UnitSecrets.scrubbed)
    let secrets = Dictionary(prepared.units.map { ($0.id, UnitSecrets($0).findings) }, uniquingKeysWith: +)
    let pending = Pending(
      batchID: batchID, alias: link.alias, provider: link.model.provider, model: link.model.model, prepared: stored, units: units,
      createdAt: ISO8601DateFormatter().string(from: Date()), secretFindings: secrets)
    try record(pending)
    return pending
  }

  /// Waits for the batch to end and turns its results into a review.
  public func collect(_ pending: Pending, pollInterval: Duration = .seconds(10), onUpdate: @escaping @Sendable (AnthropicBatches.Status) -> Void = { _ in }) async throws -> ReviewEngine.Outcome {
    let link = try target(alias: pending.alias)
    let started = Date()
    let clock = ContinuousClock()
    let begin = clock.now
    let status = try await link.api.wait(pending.batchID, interval: pollInterval, maxInterval: max(pollInterval, .seconds(60)), onUpdate: onUpdate)
    let outcomes = try await link.api.results(status)
    let byUnit = Dictionary(pending.units.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
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
      guard let id = byUnit[unit.id], let outcome = outcomes[id] else {
        results.append(.init(findings: secrets, notes: [], record: record("no result in batch \(pending.batchID)", nil)))
        continue
      }
      switch outcome {
      case .succeeded(let text, let usage, _):
        do {
          let validated = try FindingValidator(unit: unit, alias: pending.alias, provider: pending.provider, model: pending.model).validate(text)
          results.append(.init(findings: validated.findings + secrets, notes: validated.notes, record: record(nil, usage)))
        } catch {
          results.append(.init(findings: secrets, notes: [], record: record("\(error)", usage)))
        }
      case .errored(let error): results.append(.init(findings: secrets, notes: [], record: record("batch request failed: \(error)", nil)))
      case .canceled: results.append(.init(findings: secrets, notes: [], record: record("batch request canceled", nil)))
      case .expired: results.append(.init(findings: secrets, notes: [], record: record("batch request expired (not processed within 24 hours)", nil)))
      }
    }
    try? FileManager.default.removeItem(atPath: path(pending.batchID))
    return engine.assemble(pending.prepared, results: results, started: started, duration: clock.now - begin)
  }

  public func pending(_ id: String) throws -> Pending {
    guard AnthropicBatches.isValidCustomID(id.replacingOccurrences(of: "msgbatch_", with: "")) || id.hasPrefix("msgbatch_"),
      let data = FileManager.default.contents(atPath: path(id)), let pending = try? JSONDecoder().decode(Pending.self, from: data)
    else { throw Failure.unknownBatch(id) }
    return pending
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
