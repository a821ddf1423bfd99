import Foundation
import OutputKit

/// The run folders under `<git common dir>/llm/finetune/runs/<id>/`: run.json, train.log,
/// metrics.jsonl, checkpoints/ and adapter/ (docs/json.md). Every run.json write is atomic and
/// made under the run's lock, so the supervisor and a `cancel` never lose each other's change.
public struct RunStore: Sendable {
  public let root: String

  public init(gitCommonDirectory: String) {
    root = gitCommonDirectory + "/llm/finetune/runs"
  }

  public init(root: String) { self.root = root }

  public func folder(_ id: String) -> String { root + "/" + id }
  public func recordPath(_ id: String) -> String { folder(id) + "/run.json" }
  public func logPath(_ id: String) -> String { folder(id) + "/train.log" }
  public func metricsPath(_ id: String) -> String { folder(id) + "/metrics.jsonl" }
  /// Written by `cancel`: the supervisor reads it as "stop, and call it cancelled".
  public func cancelMarker(_ id: String) -> String { folder(id) + "/cancel-requested" }

  /// A new run: its folder and run.json.
  public func create(_ record: RunRecord) throws(FinetuneError) {
    do {
      try FileManager.default.createDirectory(atPath: folder(record.id), withIntermediateDirectories: true)
    } catch {
      throw .cannotWrite(folder(record.id), error.localizedDescription)
    }
    try save(record)
  }

  public func load(_ id: String) throws(FinetuneError) -> RunRecord {
    let path = recordPath(id)
    guard let data = FileManager.default.contents(atPath: path) else { throw .noSuchRun(id) }
    do {
      return try JSONDecoder().decode(RunRecord.self, from: data)
    } catch {
      throw .unreadableRun(path, "not a run.json this git-llm reads")
    }
  }

  public func save(_ record: RunRecord) throws(FinetuneError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
      var data = try encoder.encode(record)
      data.append(UInt8(ascii: "\n"))
      try AtomicFile.write(data, to: recordPath(record.id))
    } catch let error as AtomicFileError {
      throw .cannotWrite(error.path, error.reason)
    } catch {
      throw .cannotWrite(recordPath(record.id), error.localizedDescription)
    }
  }

  /// Reads, changes and writes run.json under the run's lock; returns what was written.
  @discardableResult
  public func update(_ id: String, _ change: (inout RunRecord) throws(FinetuneError) -> Void) throws(FinetuneError) -> RunRecord {
    let lock = try FileLock.acquire(folder(id) + "/.run.lock")
    defer { withExtendedLifetime(lock) {} }
    var record = try load(id)
    try change(&record)
    record.timestamps.updated = Timestamp.string(Date())
    try save(record)
    return record
  }

  /// Every run, oldest first (ids sort by creation time). Unreadable folders are left out.
  public func all() -> [RunRecord] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return names.sorted().compactMap { try? load($0) }
  }

  /// The run `text` names: a whole id or a unique prefix; nil text means the newest run.
  public func resolve(_ text: String?) throws(FinetuneError) -> RunRecord {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter {
      FileManager.default.fileExists(atPath: recordPath($0))
    }.sorted()
    guard let text, !text.isEmpty else {
      guard let newest = names.last else { throw .noRuns }
      return try load(newest)
    }
    if names.contains(text) { return try load(text) }
    let matches = names.filter { $0.hasPrefix(text) }
    guard !matches.isEmpty else { throw .noSuchRun(text) }
    guard matches.count == 1 else { throw .ambiguousRun(text, matches) }
    return try load(matches[0])
  }

  /// A new id: the UTC time it was made, then random hex, so ids sort by age and never collide.
  public static func newID(now: Date = Date()) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let suffix = (0..<4).map { _ in String(UInt8.random(in: 0...15), radix: 16) }.joined()
    return formatter.string(from: now) + "-" + suffix
  }
}
