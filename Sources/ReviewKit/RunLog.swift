import Foundation
import OutputKit

/// Every review, recorded under `<git dir>/llm/runs/` as its JSON report: when, what range,
/// which provider and model answered each unit, tokens, time, coverage and findings. Listed by
/// `git llm logs`, shown again by `git llm review --last`, and raw material for evaluation.
public struct RunLog: Sendable {
  public let folder: String

  public init(gitDirectory: String) { folder = gitDirectory + "/llm/runs" }

  /// Writes the report atomically; returns the file's path.
  @discardableResult
  public func record(_ report: ReviewReport) throws -> String {
    let stamp = report.startedAt.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
    // Time first so names sort by time; a random part so two runs in one second both stay.
    let name = "\(stamp)-\(UUID().uuidString.prefix(8).lowercased()).json"
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    let data = try encoder.encode(report)
    let final = folder + "/" + name
    try AtomicFile.write(data, to: final)
    return final
  }

  /// Recorded runs, newest first.
  public func runs() -> [(path: String, report: ReviewReport)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted(by: >).compactMap { name in
      let path = folder + "/" + name
      guard let data = FileManager.default.contents(atPath: path), let report = try? JSONDecoder().decode(ReviewReport.self, from: data)
      else { return nil }
      return (path, report)
    }
  }
}
