/// Bytes from a repository (a path, a line, a message) that may or may not be UTF-8.
///
/// Git stores bytes, not text. They are carried unchanged through the program and turned into
/// a `String` (with U+FFFD for invalid sequences) only where text is shown.
public struct GitBytes: Hashable, Sendable, Comparable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  /// The exact bytes git stored.
  public let bytes: [UInt8]

  public init(_ bytes: [UInt8]) { self.bytes = bytes }
  public init(_ string: String) { self.bytes = Array(string.utf8) }
  public init(stringLiteral value: String) { self.init(value) }

  init(cString: UnsafePointer<CChar>?) {
    guard let cString else {
      bytes = []
      return
    }
    bytes = Array(UnsafeBufferPointer(start: cString, count: strlenBytes(cString))).map { UInt8(bitPattern: $0) }
  }

  init(pointer: UnsafePointer<CChar>?, count: Int) {
    guard let pointer, count > 0 else {
      bytes = []
      return
    }
    bytes = pointer.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
  }

  /// Whether the bytes are valid UTF-8, so the text form is lossless.
  public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }

  /// The text form for display: invalid sequences become U+FFFD.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  public var description: String { text }
  public var isEmpty: Bool { bytes.isEmpty }

  public static func < (lhs: GitBytes, rhs: GitBytes) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

private func strlenBytes(_ pointer: UnsafePointer<CChar>) -> Int {
  var count = 0
  while pointer[count] != 0 { count += 1 }
  return count
}
