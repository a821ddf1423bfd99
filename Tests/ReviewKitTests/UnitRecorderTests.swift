import ProvidersKit
import Testing

@testable import ReviewKit
@testable import RoutingKit

@Suite("Unit records: one per way a unit's review ends")
struct UnitRecorderTests {
  let unit = ReviewUnit(
    id: "u1", files: [.init(path: "a.swift", addedLines: [1], newLines: [1: "x"]), .init(path: "b.swift", addedLines: [], newLines: [:])],
    diffText: "diff --git a/a.swift b/a.swift\n+x\n", isPartial: false, oversizedHunk: false)

  func answer(usage: TokenUsage? = TokenUsage(promptTokens: 120, completionTokens: 30)) -> RoutedAnswer {
    RoutedAnswer(
      text: "{}", usage: usage, finish: .stop, alias: "fast", provider: "ollama", model: "qwen", isBuiltin: false, attempts: [])
  }

  @Test func everyRecordNamesTheUnitItsFilesAndTheEstimate() {
    let recorder = UnitRecorder(unit, system: "You review code.")
    #expect(recorder.estimate == TokenEstimate.tokens(in: "You review code.") + TokenEstimate.tokens(in: unit.diffText))
    let records = [
      recorder.cached(ReviewCache.Entry(alias: "a", provider: "p", model: "m", answer: "{}", promptTokens: 1, completionTokens: 2)),
      recorder.answered(answer(), attempts: []), recorder.rejected(answer(), failure: "bad", attempts: []),
      recorder.failed("down", attempts: []),
    ]
    for record in records {
      #expect(record.id == "u1" && record.paths == ["a.swift", "b.swift"] && record.estimatedTokens == recorder.estimate)
      #expect(record.milliseconds >= 0)
    }
  }

  @Test func aCachedAnswerKeepsWhoGaveItAndItsUsage() {
    let record = UnitRecorder(unit, system: "").cached(
      ReviewCache.Entry(alias: "a", provider: "p", model: "m", answer: "{}", promptTokens: 7, completionTokens: 3))
    #expect(record.cached && record.failure == nil && record.attempts.isEmpty)
    #expect([record.alias, record.provider, record.model] == ["a", "p", "m"])
    #expect(record.promptTokens == 7 && record.completionTokens == 3)
  }

  @Test func anAnswerCarriesItsUsageAndAttempts() {
    let record = UnitRecorder(unit, system: "").answered(answer(), attempts: ["fast (ollama/qwen): answered"])
    #expect(!record.cached && record.failure == nil)
    #expect([record.alias, record.provider, record.model] == ["fast", "ollama", "qwen"])
    #expect(record.promptTokens == 120 && record.completionTokens == 30)
    #expect(record.attempts == ["fast (ollama/qwen): answered"])
  }

  @Test func aRejectedAnswerNamesWhoGaveItButCountsNoTokens() {
    let record = UnitRecorder(unit, system: "").rejected(answer(), failure: "not the findings JSON, twice", attempts: ["x", "y"])
    #expect(record.failure == "not the findings JSON, twice" && !record.cached)
    #expect([record.alias, record.provider, record.model] == ["fast", "ollama", "qwen"])
    #expect(record.promptTokens == nil && record.completionTokens == nil)
    #expect(record.attempts == ["x", "y"])
  }

  @Test func aFailureNamesNobody() {
    let record = UnitRecorder(unit, system: "").failed("every provider failed", attempts: ["fast (ollama/qwen): timeout"])
    #expect(record.failure == "every provider failed" && !record.cached)
    #expect(record.alias == nil && record.provider == nil && record.model == nil)
    #expect(record.promptTokens == nil && record.completionTokens == nil)
    #expect(record.attempts == ["fast (ollama/qwen): timeout"])
  }
}
