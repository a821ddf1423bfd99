import ConfigKit
import Foundation
import GitKit

/// What an incremental harvest starts from: the last harvest's record (`<git dir>/llm/harvest.json`)
/// and the dataset it wrote, checked to be the one this run would append to.
struct IncrementalBase {
  var state: HarvestState
  /// The current bytes of each split file.
  var files: [String: [UInt8]]
  /// Fingerprints of every record already in the dataset, oldest split first, so new pairs that
  /// repeat one are dropped as duplicates.
  var fingerprints: [Fingerprint]

  static let recordFiles = ["train.jsonl", "valid.jsonl", "test.jsonl"]

  /// The base, or nil when no harvest has been recorded yet (the run is then a full harvest).
  /// Throws when appending would mix formats, write somewhere else than the dataset it extends,
  /// or extend a dataset that is gone or no longer holds this format's records.
  static func load(gitDirectory: String, options: HarvestOptions, workers: Int) throws(HarvestError) -> IncrementalBase? {
    guard let state = HarvestState.load(gitDirectory: gitDirectory) else { return nil }
    let folder = options.outputDirectory
    if standardized(state.out) != standardized(folder) {
      throw .incrementalMismatch(
        "the last harvest wrote to \(state.out), not \(folder); pass --out \(state.out), or drop --incremental to start a new dataset")
    }
    let format = options.format
    if state.format != format.rawValue {
      throw .incrementalMismatch(
        "the last harvest wrote \(state.format) records to \(folder); pass --format \(state.format), or drop --incremental to rebuild the dataset"
      )
    }
    var files: [String: [UInt8]] = [:]
    var lines: [(file: String, number: Int, bytes: ArraySlice<UInt8>)] = []
    for name in recordFiles {
      let path = folder + "/" + name
      guard let data = FileManager.default.contents(atPath: path) else {
        throw .incrementalMismatch("\(path) from the last harvest is gone; drop --incremental to rebuild the dataset")
      }
      let bytes = [UInt8](data)
      files[name] = bytes
      for (number, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
      where line.contains(where: { $0 != 0x20 && $0 != 0x0D }) {
        lines.append((path, number + 1, line))
      }
    }
    let allLines = lines
    let parsed = ParallelMap.run(count: allLines.count, workers: workers) { index in
      RecordFormat.pair(fromLine: allLines[index].bytes, format: format).map { Fingerprint($0.user, $0.assistant) }
    }
    var fingerprints: [Fingerprint] = []
    fingerprints.reserveCapacity(parsed.count)
    for (line, fingerprint) in zip(lines, parsed) {
      guard let fingerprint else {
        throw .incrementalMismatch(
          "\(line.file) line \(line.number) is not a \(format.rawValue) record; drop --incremental to rebuild the dataset")
      }
      fingerprints.append(fingerprint)
    }
    return IncrementalBase(state: state, files: files, fingerprints: fingerprints)
  }

  private static func standardized(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
