import Foundation

/// One line of metrics.jsonl as train.py writes it (docs/finetune.md, "metrics.jsonl").
public struct MetricsLine: Decodable, Equatable, Sendable {
  public var step: Int
  public var maxSteps: Int?
  public var epoch: Double?
  public var loss: Double?
  public var evalLoss: Double?
  public var learningRate: Double?
  public var tokensPerSecond: Double?
  public var etaSeconds: Double?

  enum CodingKeys: String, CodingKey {
    case step, maxSteps = "max_steps", epoch, loss, evalLoss = "eval_loss", learningRate = "learning_rate"
    case tokensPerSecond = "tokens_per_second", etaSeconds = "eta_seconds"
  }

  /// Every whole line of the file that parses; a line still being written is left for later.
  public static func read(_ path: String) -> [MetricsLine] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let decoder = JSONDecoder()
    return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap {
      try? decoder.decode(MetricsLine.self, from: Data($0))
    }
  }

  /// The newest training line and the newest eval loss: what a progress line shows.
  public static func latest(_ lines: [MetricsLine]) -> (train: MetricsLine?, evalLoss: Double?) {
    (lines.last { $0.loss != nil }, lines.last { $0.evalLoss != nil }?.evalLoss)
  }
}
