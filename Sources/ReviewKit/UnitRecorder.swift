import Foundation
import ProvidersKit
import RoutingKit

/// The record of one unit's review, for each way it can end. Every outcome shares the unit, its
/// token estimate and the time since the review began; they differ in who answered and how.
struct UnitRecorder {
  let unit: ReviewUnit
  /// Tokens the system prompt and the unit's diff are estimated to take.
  let estimate: Int
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant

  init(_ unit: ReviewUnit, system: String) {
    self.unit = unit
    estimate = TokenEstimate.tokens(in: system) + TokenEstimate.tokens(in: unit.diffText)
    start = clock.now
  }

  /// Answered from the cache.
  func cached(_ entry: ReviewCache.Entry) -> ReviewUnitRecord {
    record(
      alias: entry.alias, provider: entry.provider, model: entry.model, promptTokens: entry.promptTokens,
      completionTokens: entry.completionTokens, cached: true)
  }

  /// Answered by a model in the expected format.
  func answered(_ answer: RoutedAnswer, attempts: [String]) -> ReviewUnitRecord {
    record(
      alias: answer.alias, provider: answer.provider, model: answer.model, promptTokens: answer.usage?.promptTokens,
      completionTokens: answer.usage?.completionTokens, attempts: attempts)
  }

  /// Answered, but in a form the findings could not be read from.
  func rejected(_ answer: RoutedAnswer, failure: String, attempts: [String]) -> ReviewUnitRecord {
    record(alias: answer.alias, provider: answer.provider, model: answer.model, failure: failure, attempts: attempts)
  }

  /// Nobody answered.
  func failed(_ failure: String, attempts: [String]) -> ReviewUnitRecord {
    record(failure: failure, attempts: attempts)
  }

  private func record(
    alias: String? = nil, provider: String? = nil, model: String? = nil, promptTokens: Int? = nil,
    completionTokens: Int? = nil, cached: Bool = false, failure: String? = nil, attempts: [String] = []
  ) -> ReviewUnitRecord {
    ReviewUnitRecord(
      id: unit.id, paths: unit.files.map(\.path), alias: alias, provider: provider, model: model,
      promptTokens: promptTokens, completionTokens: completionTokens, estimatedTokens: estimate,
      milliseconds: ReviewEngine.milliseconds(clock.now - start), cached: cached, failure: failure, attempts: attempts)
  }
}
