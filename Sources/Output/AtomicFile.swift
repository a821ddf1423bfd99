import Foundation

/// A file that could not be written.
public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
  public let path: String
  public let reason: String
  public var description: String { "could not write \(path): \(reason)" }
}

/// Writes a file so that readers see either the old content or the new, never half of it:
/// a temporary file in the same folder, then a rename over the target. Missing folders are
/// created. A device or pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written in place instead,
/// since renaming over it would replace the device with a regular file.
public enum AtomicFile {
  public static func write(_ data: Data, to path: String) throws(AtomicFileError) {
    var status = stat()
    if stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG && (status.st_mode & S_IFMT) != S_IFDIR {
      guard let handle = FileHandle(forWritingAtPath: path) else { throw AtomicFileError(path: path, reason: "cannot open it") }
      defer { try? handle.close() }
      do {
        try handle.write(contentsOf: data)
      } catch {
        throw AtomicFileError(path: path, reason: error.localizedDescription)
      }
      return
    }
    let temporary = path + ".tmp-\(getpid())"
    do {
      let folder = (path as NSString).deletingLastPathComponent
      if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
      try data.write(to: URL(fileURLWithPath: temporary))
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw AtomicFileError(path: path, reason: error.localizedDescription)
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporary)
      throw AtomicFileError(path: path, reason: reason)
    }
  }
}
