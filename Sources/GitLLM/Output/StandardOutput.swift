import Foundation

/// Buffered writes to a file descriptor (stdout by default), so that a large diff goes out in a
/// few big writes rather than one system call per line.
public final class OutputStream {
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private let flushThreshold = 1 << 16

  public init(descriptor: Int32 = STDOUT_FILENO) {
    self.descriptor = descriptor
    buffer.reserveCapacity(flushThreshold + 4096)
  }

  deinit { flush() }

  public func write(_ bytes: [UInt8]) {
    buffer += bytes
    if buffer.count >= flushThreshold { flush() }
  }

  public func write(_ text: String) { write(Array(text.utf8)) }

  /// Hands `body` the buffer to append to directly, avoiding an intermediate array.
  public func append(_ body: (inout [UInt8]) -> Void) {
    body(&buffer)
    if buffer.count >= flushThreshold { flush() }
  }

  public func flush() {
    var offset = 0
    while offset < buffer.count {
      let written = buffer.withUnsafeBytes { raw in
        Foundation.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        // The reader went away (`git llm diff | head`); like git, stop quietly.
        if errno == EPIPE { exit(0) }
        break
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Diagnostics and progress: always stderr, one line each, never mixed into results.
public enum Diagnostics {
  public static func error(_ message: String) { emit("git-llm: error: \(message)") }
  public static func warning(_ message: String) { emit("git-llm: warning: \(message)") }
  public static func note(_ message: String) { emit("git-llm: \(message)") }
  /// What to try next, on the line after an error.
  public static func hint(_ message: String) { emit("git-llm: hint: \(message)") }

  private static func emit(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { _ = Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
  }
}

/// Unbuffered writes to stdout, for text that must appear as it arrives (a streamed answer).
/// Stateless, so it can be used from any task.
public enum LiveOutput {
  public static func write(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
      if written < 0 {
        if errno == EINTR { continue }
        if errno == EPIPE { exit(0) }
        return
      }
      offset += written
    }
  }
}
