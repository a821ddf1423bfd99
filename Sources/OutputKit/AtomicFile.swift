import Foundation

/// A file that could not be written.
public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
  public let path: String
  public let reason: String
  public var description: String { "could not write \(path): \(reason)" }
}

/// Writes a file so that readers see either the old content or the new, never half of it:
/// a temporary file in the same folder, then a rename over the target. Missing folders are
/// created unless `creatingFolders` is false (a path the user typed, where a missing folder is
/// more likely a typo). A device or pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written in place
/// instead, since renaming over it would replace the device with a regular file.
///
/// Failures are reported in the system's words for the call that failed (`permission denied`),
/// not Foundation's sentences about "saving" documents. `mode` is the new file's permissions
/// (before the umask): 0o600 for a file that holds a secret, set before any byte is written.
public enum AtomicFile {
  public static func write(_ data: Data, to path: String, creatingFolders: Bool = true, mode: mode_t = 0o666) throws(AtomicFileError) {
    guard !path.isEmpty else { throw AtomicFileError(path: path, reason: "no file name given") }
    var status = stat()
    if stat(path, &status) == 0 {
      let kind = status.st_mode & S_IFMT
      if kind == S_IFDIR { throw AtomicFileError(path: path, reason: "it is a folder") }
      if kind != S_IFREG { return try writeInPlace(data, to: path) }
    }
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty {
      if creatingFolders {
        do {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
          throw AtomicFileError(path: path, reason: "can't create the folder \(folder)")
        }
      } else if !isFolder(folder) {
        throw AtomicFileError(path: path, reason: "the folder \(folder) does not exist")
      }
    }
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else {
      throw AtomicFileError(path: path, reason: "can't create a file in \(folder.isEmpty ? "." : folder) (\(systemReason()))")
    }
    // A leftover temporary file keeps its own mode through O_CREAT; a secret needs exactly `mode`.
    if mode != 0o666 && fchmod(descriptor, mode) != 0 {
      let reason = systemReason()
      close(descriptor)
      unlink(temporary)
      throw AtomicFileError(path: path, reason: reason)
    }
    let written = writeAll(data, to: descriptor)
    let closed = close(descriptor) == 0
    guard written == nil, closed else {
      let reason = written ?? systemReason()
      unlink(temporary)
      throw AtomicFileError(path: path, reason: reason)
    }
    guard rename(temporary, path) == 0 else {
      let reason = systemReason()
      unlink(temporary)
      throw AtomicFileError(path: path, reason: reason)
    }
  }

  private static func writeInPlace(_ data: Data, to path: String) throws(AtomicFileError) {
    let descriptor = open(path, O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw AtomicFileError(path: path, reason: "can't open it (\(systemReason()))") }
    let written = writeAll(data, to: descriptor)
    close(descriptor)
    if let written { throw AtomicFileError(path: path, reason: written) }
  }

  /// nil when every byte went out, else why not.
  private static func writeAll(_ data: Data, to descriptor: Int32) -> String? {
    data.withUnsafeBytes { buffer -> String? in
      var offset = 0
      while offset < buffer.count {
        let count = Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        if count < 0 {
          if errno == EINTR { continue }
          return systemReason()
        }
        offset += count
      }
      return nil
    }
  }

  private static func isFolder(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
  }

  /// `strerror(errno)` in lower case, as the rest of git-llm's messages are.
  private static func systemReason() -> String {
    String(cString: strerror(errno)).lowercased()
  }
}

extension AtomicFileError: LocalizedError {
  public var errorDescription: String? { description }
}
