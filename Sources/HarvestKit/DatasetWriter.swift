import Foundation
import GitKit

/// Failures writing the dataset folder; each names the path and what to do.
public enum HarvestError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The output folder holds files the harvest did not write.
  case foreignFiles(folder: String, names: [String])
  /// A file or folder could not be written.
  case write(path: String, reason: String)
  /// `--since` is neither a date nor a revision.
  case badSince(String)
  /// `--since` is a span or date before the year 1.
  case sinceTooFarBack(String)
  /// `--incremental` cannot extend the last harvest's dataset; the text says why and what to do.
  case incrementalMismatch(String)
  /// The output path exists and is not a folder.
  case notAFolder(String)

  public var description: String {
    switch self {
    case .foreignFiles(let folder, let names):
      return
        "\(folder) holds files git-llm did not write (\(names.prefix(3).joined(separator: ", "))); pass --out with an empty or new folder"
    case .write(let path, let reason):
      return "could not write \(path): \(reason); check the folder's permissions and free space"
    case .badSince(let text):
      return "--since '\(text)' is neither a span (\"6 months\"), a date (2024-01-31) nor a revision; pass one of those"
    case .sinceTooFarBack(let text):
      return SinceDate.message(.tooFarBack, label: "--since", text: text)
    case .incrementalMismatch(let text):
      return "--incremental: " + text
    case .notAFolder(let path):
      return "\(path) is a file, not a folder; pass --out with a new folder or one holding a dataset"
    }
  }
}

/// Writes the dataset folder so that readers see the old dataset or the new one, never a mix:
/// every file goes into a fresh sibling folder first, which then replaces the old folder with
/// two renames (old aside, new in place) and the old one is removed.
enum DatasetWriter {
  /// The files a harvest writes; anything else in the output folder stops the run.
  static let outputNames: Set<String> = ["train.jsonl", "valid.jsonl", "test.jsonl", "datasheet.json", "DATASHEET.md"]

  /// Checks, before any work, that `folder` can take a dataset: absent, or a folder holding only
  /// the dataset's files (a symbolic link counts as the folder it points to). Also finishes what
  /// an interrupted run left beside it.
  static func check(folder: String) throws(HarvestError) {
    let folder = resolved(folder)
    recoverInterruptedRun(folder)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else { return }
    guard isFolder.boolValue else { throw .notAFolder(folder) }
    let existing = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    let foreign = existing.filter { !outputNames.contains($0) && !$0.hasPrefix(".") }.sorted()
    if !foreign.isEmpty { throw .foreignFiles(folder: folder, names: foreign) }
  }

  /// A run stopped between its renames leaves `.NAME.new-PID` (a staged dataset) or `.NAME.old-PID`
  /// (the previous one, moved aside) next to the folder. When that process is gone: an old
  /// dataset with no folder in its place goes back; anything else is removed.
  static func recoverInterruptedRun(_ folder: String) {
    let manager = FileManager.default
    let parent = (folder as NSString).deletingLastPathComponent
    let name = (folder as NSString).lastPathComponent
    for entry in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] {
      let isNew = entry.hasPrefix(".\(name).new-"), isOld = entry.hasPrefix(".\(name).old-")
      guard isNew || isOld, let pid = entry.split(separator: "-").last.flatMap({ Int32($0) }), pid != getpid() else { continue }
      // kill(pid, 0) fails with ESRCH only when no such process exists.
      if kill(pid, 0) == 0 || errno != ESRCH { continue }
      if isOld && !manager.fileExists(atPath: folder) && rename(parent + "/" + entry, folder) == 0 { continue }
      try? manager.removeItem(atPath: parent + "/" + entry)
    }
  }

  /// `path` with symbolic links resolved, so the folder a link points to is the one replaced.
  static func resolved(_ path: String) -> String {
    URL(fileURLWithPath: path).resolvingSymlinksInPath().path
  }

  /// Writes `files` (name → content) as the whole new content of `folder`.
  static func replace(folder: String, with files: [(String, Data)]) throws(HarvestError) {
    let manager = FileManager.default
    try check(folder: folder)
    let folder = resolved(folder)
    let parent = (folder as NSString).deletingLastPathComponent
    let name = (folder as NSString).lastPathComponent
    let staging = parent + "/.\(name).new-\(getpid())"
    let aside = parent + "/.\(name).old-\(getpid())"
    do {
      try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
      try? manager.removeItem(atPath: staging)
      try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
      for (file, data) in files { try data.write(to: URL(fileURLWithPath: staging + "/" + file)) }
    } catch {
      try? manager.removeItem(atPath: staging)
      throw .write(path: folder, reason: error.localizedDescription)
    }
    let hadOld = manager.fileExists(atPath: folder)
    if hadOld && rename(folder, aside) != 0 {
      let reason = String(cString: strerror(errno))
      try? manager.removeItem(atPath: staging)
      throw .write(path: folder, reason: reason)
    }
    if rename(staging, folder) != 0 {
      let reason = String(cString: strerror(errno))
      // Put the old dataset back so the folder is as it was.
      if hadOld { _ = rename(aside, folder) }
      try? manager.removeItem(atPath: staging)
      throw .write(path: folder, reason: reason)
    }
    if hadOld { try? manager.removeItem(atPath: aside) }
  }
}

extension HarvestError: LocalizedError {
  public var errorDescription: String? { description }
}
