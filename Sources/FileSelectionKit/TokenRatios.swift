import Foundation
import OutputKit

/// How many characters a token really is for each model, learned from the usage providers
/// report, in `<git dir>/llm/token-ratios.json`. Packing estimates about 3 characters a token;
/// a model whose tokenizer is denser (a small vocabulary: under 2 characters a token is common)
/// would otherwise get units larger than its window. Ratios only ever shrink units: a model with
/// longer tokens keeps the generous estimate. A review teaches it (ReviewKit's
/// `learn(from:)`); reviews and `git llm debt` size their requests with it.
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

  /// What one model was sent and how many prompt tokens it reported for that, over a run.
  public struct Sample: Sendable, Equatable {
    public var characters: Double
    public var tokens: Double

    public init(characters: Double, tokens: Double) {
      self.characters = characters
      self.tokens = tokens
    }
  }

  /// Learns one run's samples, by model alias; a sample without tokens teaches nothing.
  public mutating func learn(_ samples: [String: Sample]) {
    for (alias, sample) in samples where sample.tokens > 0 {
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
