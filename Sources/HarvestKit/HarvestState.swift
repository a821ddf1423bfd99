import Foundation
import OutputKit

/// The record of the last harvest, `<git dir>/llm/harvest.json`, which `--incremental` starts from.
public struct HarvestState: Codable, Sendable, Equatable {
  /// The newest commit harvested (the walk's head).
  public var lastCommit: String
  public var out: String
  public var format: String
  /// Records per file after the run.
  public var counts: [String: Int]
  /// When the harvest ran (ISO 8601).
  public var date: String

  enum CodingKeys: String, CodingKey {
    case lastCommit = "last_commit", out, format, counts, date
  }

  static func path(gitDirectory: String) -> String { gitDirectory + "/llm/harvest.json" }

  static func load(gitDirectory: String) -> HarvestState? {
    guard let data = try? Data(contentsOf: URL(fileURLWithPath: path(gitDirectory: gitDirectory))) else { return nil }
    return try? JSONDecoder().decode(HarvestState.self, from: data)
  }

  /// Written with temp file + rename, like every file of the dataset.
  func save(gitDirectory: String) throws(HarvestError) {
    let target = Self.path(gitDirectory: gitDirectory)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    do {
      try AtomicFile.write(try encoder.encode(self), to: target)
    } catch {
      throw .write(path: target, reason: "\(error)")
    }
  }
}
