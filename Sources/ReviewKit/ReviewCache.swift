import Foundation
import OutputKit

/// Answers of earlier reviews in `<git dir>/llm/cache`, keyed by what produced them (the unit's
/// diff, the system prompt, and the models that could answer), so re-running a review after a
/// small edit sends only the units that changed.
///
/// Only model answers are kept: an answer of the built-in rules (because no model was
/// reachable) is not cached, so the next run tries the models again.
public struct ReviewCache: Sendable {
  public struct Entry: Codable, Sendable, Equatable {
    public var alias: String
    public var provider: String
    public var model: String
    public var answer: String
    public var promptTokens: Int?
    public var completionTokens: Int?
  }

  public let folder: String

  public init(gitDirectory: String) { folder = gitDirectory + "/llm/cache" }

  public static func key(unit: ReviewUnit, system: String, chain: [String]) -> String {
    ContentHash.hex(["git-llm review cache v1", system, chain.joined(separator: ","), unit.diffText].joined(separator: "\u{0}"))
  }

  public func contains(_ key: String) -> Bool { FileManager.default.fileExists(atPath: path(key)) }

  public func read(_ key: String) -> Entry? {
    guard let data = FileManager.default.contents(atPath: path(key)) else { return nil }
    return try? JSONDecoder().decode(Entry.self, from: data)
  }

  /// Best effort: a cache that cannot be written only costs a later re-review.
  public func write(_ key: String, _ entry: Entry) {
    guard let data = try? JSONEncoder().encode(entry) else { return }
    try? AtomicFile.write(data, to: path(key))
  }

  private func path(_ key: String) -> String { folder + "/" + String(key.prefix(2)) + "/" + key + ".json" }
}
