import Foundation

/// Failures writing the dataset folder; each names the path and what to do.
public enum HarvestError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The output folder holds files the harvest did not write.
  case foreignFiles(folder: String, names: [String])
  /// A file or folder could not be written.
  case write(path: String, reason: String)
  /// `--since` is neither a date nor a revision.
  case badSince(String)
  /// `--incremental` cannot extend the last harvest's dataset; the text says why and what to do.
  case incrementalMismatch(String)

  public var description: String {
    switch self {
    case .foreignFiles(let folder, let names):
      return "\(folder) holds files git-llm did not write (\(names.prefix(3).joined(separator: ", "))); pass --out with an empty or new folder"
    case .write(let path, let reason):
      return "could not write \(path): \(reason); check the folder's permissions and free space"
    case .badSince(let text):
      return "--since '\(text)' is neither a date (2024-01-31) nor a revision; pass one of those"
    case .incrementalMismatch(let text):
      return "--incremental: " + text
    }
  }
}

/// Writes the dataset folder so that readers see the old dataset or the new one, never a mix:
/// every file goes into a fresh sibling folder first, which then replaces the old folder with
/// two renames (old aside, new in place) and the old one is removed.
enum DatasetWriter {
  /// The files a harvest writes; anything else in the output folder stops the run.
  static let outputNames: Set<String> = ["train.jsonl", "valid.jsonl", "test.jsonl", "datasheet.json", "DATASHEET.md"]

  /// Writes `files` (name → content) as the whole new content of `folder`.
  static func replace(folder: String, with files: [(String, Data)]) throws(HarvestError) {
    let manager = FileManager.default
    let parent = (folder as NSString).deletingLastPathComponent
    let name = (folder as NSString).lastPathComponent
    if let existing = try? manager.contentsOfDirectory(atPath: folder) {
      let foreign = existing.filter { !outputNames.contains($0) && !$0.hasPrefix(".") }.sorted()
      if !foreign.isEmpty { throw .foreignFiles(folder: folder, names: foreign) }
    }
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
