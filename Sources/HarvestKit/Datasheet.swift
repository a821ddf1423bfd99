import Foundation

/// What a harvest did, for `datasheet.json` and `DATASHEET.md`: where the data came from, what
/// each filter dropped, the token lengths, the kinds mix and the split.
public struct Datasheet: Codable, Sendable, Equatable {
  public struct Boundary: Codable, Sendable, Equatable {
    public var pairs: Int
    /// The oldest and newest commits in the split, with their committer dates (ISO 8601).
    public var firstCommit: String?
    public var firstDate: String?
    public var lastCommit: String?
    public var lastDate: String?

    enum CodingKeys: String, CodingKey {
      case pairs, firstCommit = "first_commit", firstDate = "first_date", lastCommit = "last_commit", lastDate = "last_date"
    }
  }

  public var tool = "git-llm finetune dataset"
  public var repository: String
  public var range: String
  public var head: String
  public var format: String
  public var kinds: [String]
  public var incremental: Bool
  public var shallow: Bool
  /// Commits whose parents are missing (the edge of a shallow clone): history was cut there.
  public var historyCutAt: [String]
  public var commitsSeen: Int
  public var commitsUsed: Int
  public var droppedCommits: [String: Int]
  public var droppedFiles: [String: Int]
  public var droppedPairs: [String: Int]
  public var pairsBuilt: [String: Int]
  public var pairsKept: [String: Int]
  /// Estimated tokens per pair, counted into buckets named by their upper bound ("≤256", …, ">4096").
  public var tokenHistogram: [String: Int]
  public var split: [String: Boundary]
  /// How code pairs were split: always train, read from the newest training commit's tree.
  public var codeTree: String?
  /// For an incremental run, the head of the harvest it extended; every count above is this
  /// run's alone, and `records` has the files' totals.
  public var extends: String?
  /// Records in each split file after the run (an incremental run's old and new together).
  public var records: [String: Int] = [:]
  public var seconds: Double

  enum CodingKeys: String, CodingKey {
    case tool, repository, range, head, format, kinds, incremental, shallow, split, seconds, extends, records
    case historyCutAt = "history_cut_at", commitsSeen = "commits_seen", commitsUsed = "commits_used"
    case droppedCommits = "dropped_commits", droppedFiles = "dropped_files", droppedPairs = "dropped_pairs"
    case pairsBuilt = "pairs_built", pairsKept = "pairs_kept", tokenHistogram = "token_histogram", codeTree = "code_tree"
  }

  static let histogramBounds = [128, 256, 512, 1024, 2048, 4096, 8192]

  static func histogram(_ tokenCounts: some Sequence<Int>) -> [String: Int] {
    var result: [String: Int] = [:]
    for tokens in tokenCounts {
      let bucket = histogramBounds.first { tokens <= $0 }.map { "<=\($0)" } ?? ">\(histogramBounds.last ?? 0)"
      result[bucket, default: 0] += 1
    }
    return result
  }

  func json() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    var data = (try? encoder.encode(self)) ?? Data("{}".utf8)
    data.append(0x0A)
    return data
  }

  /// The short human-readable datasheet.
  func markdown() -> String {
    func table(_ title: String, _ counts: [String: Int]) -> String {
      guard !counts.isEmpty else { return "### \(title)\n\nnone\n\n" }
      let rows = counts.sorted { $0.key < $1.key }.map { "| \($0.key) | \($0.value) |" }.joined(separator: "\n")
      return "### \(title)\n\n| | count |\n|---|---:|\n\(rows)\n\n"
    }
    var text = "# Datasheet\n\nMade by `\(tool)` from \(repository), range `\(range)` (head \(head)), format \(format).\n\n"
    text += "- kinds: \(kinds.joined(separator: ", "))\n- commits seen: \(commitsSeen), used: \(commitsUsed)\n"
    text += "- incremental: \(incremental)"
    if let extends {
      text +=
        ", extending the harvest of \(extends) (the counts below are this run's; the files hold \(records.values.reduce(0, +)) records in all)"
    }
    text += "\n- records: " + ["train.jsonl", "valid.jsonl", "test.jsonl"].map { "\($0) \(records[$0] ?? 0)" }.joined(separator: ", ")
    text += "\n- shallow clone: \(shallow)"
    text += historyCutAt.isEmpty ? "\n" : ", history cut at \(historyCutAt.joined(separator: ", "))\n"
    if let codeTree { text += "- code pairs read from the tree of \(codeTree) (train only)\n" }
    text += "\n## Split (by commit time: oldest train, then valid, newest test)\n\n| split | pairs | from | to |\n|---|---:|---|---|\n"
    for name in ["train", "valid", "test"] {
      guard let boundary = split[name] else { continue }
      let from = boundary.firstCommit.map { "\($0.prefix(12)) \(boundary.firstDate ?? "")" } ?? "-"
      let to = boundary.lastCommit.map { "\($0.prefix(12)) \(boundary.lastDate ?? "")" } ?? "-"
      text += "| \(name) | \(boundary.pairs) | \(from) | \(to) |\n"
    }
    text += "\n## Counts\n\n"
    text += table("Pairs kept by kind", pairsKept) + table("Pairs built by kind", pairsBuilt)
    text += table("Commits dropped", droppedCommits) + table("Files dropped", droppedFiles) + table("Pairs dropped", droppedPairs)
    text += table("Estimated tokens per pair", tokenHistogram)
    return text
  }
}
