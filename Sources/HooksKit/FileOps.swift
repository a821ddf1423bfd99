import Foundation

/// What is at a path, without following a symlink there.
struct FileState: Equatable {
  enum Kind: Equatable { case missing, file, symlink, directory, other }
  var kind: Kind
  /// Permission bits (`st_mode & 0o7777`); 0 when missing.
  var mode: UInt16
  /// A symlink's target exactly as stored (relative ones stay relative).
  var linkTarget: String?

  var exists: Bool { kind != .missing }
}

/// File operations that never leave a half-written file: new content goes to a temp file in the
/// same folder and is renamed over the target, so a reader (or git running a hook) sees either
/// the old bytes or the new ones.
enum FileOps {
  static func state(_ path: String) -> FileState {
    var info = stat()
    guard lstat(path, &info) == 0 else { return FileState(kind: .missing, mode: 0) }
    let mode = UInt16(truncatingIfNeeded: info.st_mode & 0o7777)
    switch info.st_mode & S_IFMT {
    case S_IFREG: return FileState(kind: .file, mode: mode)
    case S_IFDIR: return FileState(kind: .directory, mode: mode)
    case S_IFLNK:
      let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path)
      return FileState(kind: .symlink, mode: mode, linkTarget: target)
    default: return FileState(kind: .other, mode: mode)
    }
  }

  /// The bytes of a file (following a symlink), or nil when there is none to read.
  static func read(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  /// Replaces `path` with `data` and exactly `mode` (umask does not apply).
  static func writeAtomically(_ data: Data, to path: String, mode: UInt16) throws(HooksError) {
    let temporary = path + ".git-llm-\(getpid()).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o600)
    guard descriptor >= 0 else { throw .io("cannot create \(temporary): \(errorText()); check the folder's permissions") }
    var ok = data.withUnsafeBytes { raw -> Bool in
      var offset = 0
      while offset < raw.count {
        let written = write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
        if written < 0 { if errno == EINTR { continue }; return false }
        offset += written
      }
      return true
    }
    ok = ok && fchmod(descriptor, mode_t(mode)) == 0 && fsync(descriptor) == 0
    let failure = errorText()
    close(descriptor)
    guard ok, rename(temporary, path) == 0 else {
      let reason = ok ? errorText() : failure
      unlink(temporary)
      throw .io("cannot write \(path): \(reason); check the folder's permissions and free space")
    }
  }

  /// Makes `path` a symlink to `target`, replacing what is there in one step.
  static func writeSymlink(_ target: String, at path: String) throws(HooksError) {
    let temporary = path + ".git-llm-\(getpid()).tmp"
    unlink(temporary)
    guard symlink(target, temporary) == 0 else { throw .io("cannot create the link \(temporary): \(errorText())") }
    guard rename(temporary, path) == 0 else {
      let reason = errorText()
      unlink(temporary)
      throw .io("cannot create the link \(path): \(reason)")
    }
  }

  /// Copies what is at `source` (file bytes and mode, or a symlink as a symlink) to `destination`,
  /// replacing it atomically. The source stays.
  static func copyEntry(_ source: String, to destination: String, linkTarget: String? = nil) throws(HooksError) {
    let found = state(source)
    switch found.kind {
    case .symlink:
      try writeSymlink(linkTarget ?? found.linkTarget ?? "", at: destination)
    case .file:
      guard let data = read(source) else { throw .io("cannot read \(source): \(errorText())") }
      try writeAtomically(data, to: destination, mode: found.mode)
    default:
      throw .refused("\(source) is not a file or a symlink; move it away by hand, then install again")
    }
  }

  static func remove(_ path: String) throws(HooksError) {
    guard unlink(path) == 0 || errno == ENOENT else { throw .io("cannot remove \(path): \(errorText())") }
  }

  static func setMode(_ path: String, _ mode: UInt16) throws(HooksError) {
    guard chmod(path, mode_t(mode)) == 0 else { throw .io("cannot set the mode of \(path): \(errorText())") }
  }

  /// Creates `path` and any missing parents; returns the folders it made, outermost first.
  static func makeDirectories(_ path: String) throws(HooksError) -> [String] {
    var missing: [String] = []
    var current = URL(fileURLWithPath: path).standardizedFileURL.path
    while !current.isEmpty, current != "/", !state(current).exists {
      missing.insert(current, at: 0)
      current = (current as NSString).deletingLastPathComponent
    }
    for folder in missing where mkdir(folder, 0o755) != 0 && errno != EEXIST {
      throw .io("cannot create the folder \(folder): \(errorText())")
    }
    return missing
  }

  /// Removes the folders (innermost first) that are empty; leaves any with something in them.
  static func removeEmptyDirectories(_ folders: [String]) {
    for folder in folders.reversed() { rmdir(folder) }
  }

  static func errorText() -> String { String(cString: strerror(errno)) }
}
