import Foundation

/// An exclusive `flock` on a file, held while this value lives; the kernel drops it when the
/// process dies, so a crashed holder never leaves a stale lock.
public final class FileLock: @unchecked Sendable {
  private let descriptor: Int32

  private init(descriptor: Int32) { self.descriptor = descriptor }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }

  /// Waits for the lock on `path` (created if missing).
  public static func acquire(_ path: String) throws(FinetuneError) -> FileLock {
    let lock = try open(path)
    while flock(lock.descriptor, LOCK_EX) != 0 {
      guard errno == EINTR else { throw .cannotWrite(path, String(cString: strerror(errno))) }
    }
    return lock
  }

  /// The lock on `path` if nobody holds it, else nil.
  public static func attempt(_ path: String) throws(FinetuneError) -> FileLock? {
    let lock = try open(path)
    return flock(lock.descriptor, LOCK_EX | LOCK_NB) == 0 ? lock : nil
  }

  private static func open(_ path: String) throws(FinetuneError) -> FileLock {
    let folder = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw .cannotWrite(path, String(cString: strerror(errno))) }
    return FileLock(descriptor: descriptor)
  }
}
