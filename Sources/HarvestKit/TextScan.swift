import Foundation

/// Byte-level scans of whole file texts, done for every file of every commit: on the UTF-8
/// buffer with `memchr`, not through `String.UTF8View` one byte at a time (which was the
/// single largest item of a harvest's own code).
enum TextScan {
  /// The number of line feeds in `text`.
  static func lineFeeds(in text: String) -> Int {
    var text = text
    return text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return 0 }
      var count = 0, start = 0
      while start < bytes.count, let found = memchr(base + start, 0x0A, bytes.count - start) {
        count += 1
        start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
      }
      return count
    }
  }

  /// Whether a line of `text` is longer than `limit` characters (Unicode scalars).
  static func hasLine(in text: String, longerThan limit: Int) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      guard bytes.count > limit, let base = bytes.baseAddress else { return false }
      var start = 0
      while start < bytes.count {
        let end =
          memchr(base + start, 0x0A, bytes.count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
        // A line of at most `limit` bytes has at most `limit` characters; only longer ones are counted.
        if end - start > limit {
          var characters = 0
          for byte in UnsafeBufferPointer(rebasing: bytes[start..<end]) where byte & 0xC0 != 0x80 { characters += 1 }
          if characters > limit { return true }
        }
        start = end + 1
      }
      return false
    }
  }
}
