import OutputKit
import Foundation

/// How many characters a token really is for each model, learned from the usage providers
/// report, in `<git dir>/llm/token-ratios.json`. Packing estimates about 3 characters a token;
/// a model whose tokenizer is denser (a small vocabulary: under 2 characters a token is common)
/// would otherwise get units larger than its window. Ratios only ever shrink units: a model with
/// longer tokens keeps the generous estimate.
public struct TokenRatios: Sendable {
  public let path: String
  /// Characters per token by model alias.
  public private(set) var ratios: [String: Double]

  public init(gitDirectory: String) {
    path = gitDirectory + "/llm/token-ratios.json"
    ratios = (FileManager.default.contents(atPath: path)).flatMap { try? JSONDecoder().decode([String: Double].self, from: $0) } ?? [:]
  }

  /// The share of the estimate's budget to use for `alias` (1 when nothing was learned).
  public func budgetFactor(for alias: String?) -> Double {
    guard let alias, let ratio = ratios[alias], ratio > 0 else { return 1 }
    return min(1, ratio / 3)
  }

  /// Learns from a finished review: every unit a model answered with a reported prompt size.
  public mutating func learn(from report: ReviewReport) {
    var samples: [String: (characters: Double, tokens: Double)] = [:]
    for unit in report.units where !unit.cached && unit.failure == nil {
      guard let alias = unit.alias, let tokens = unit.promptTokens, tokens > 0 else { continue }
      // estimatedTokens is characters / 3 (TokenEstimate), so this recovers the characters sent.
      samples[alias, default: (0, 0)].characters += Double(unit.estimatedTokens * 3)
      samples[alias, default: (0, 0)].tokens += Double(tokens)
    }
    for (alias, sample) in samples {
      let observed = sample.characters / sample.tokens
      // A running mean, so one odd answer does not swing the packing.
      ratios[alias] = ratios[alias].map { ($0 + observed) / 2 } ?? observed
    }
  }

  /// Best effort: a lost ratio only costs a less precise packing next time.
  public func save() {
    guard let data = try? JSONEncoder().encode(ratios) else { return }
    try? AtomicFile.write(data, to: path)
  }
}
