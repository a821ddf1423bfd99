import FileSelectionKit

extension TokenRatios {
  /// Learns from a finished review: every unit a model answered with a reported prompt size.
  public mutating func learn(from report: ReviewReport) {
    var samples: [String: Sample] = [:]
    for unit in report.units where !unit.cached && unit.failure == nil {
      guard let alias = unit.alias, let tokens = unit.promptTokens, tokens > 0 else { continue }
      // estimatedTokens is characters / 3 (TokenEstimate), so this recovers the characters sent.
      samples[alias, default: Sample(characters: 0, tokens: 0)].characters += Double(unit.estimatedTokens * 3)
      samples[alias, default: Sample(characters: 0, tokens: 0)].tokens += Double(tokens)
    }
    learn(samples)
  }
}
