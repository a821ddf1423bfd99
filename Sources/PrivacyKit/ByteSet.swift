/// A set of ASCII bytes as a 128-bit mask: the scanners test every byte of the input against one,
/// so membership must be a shift and a mask, not a hash lookup.
struct ByteSet: Sendable {
  private let low: UInt64
  private let high: UInt64

  init(_ characters: String) {
    var low: UInt64 = 0
    var high: UInt64 = 0
    for byte in characters.utf8 where byte < 128 {
      if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
    }
    self.low = low
    self.high = high
  }

  private init(low: UInt64, high: UInt64) {
    self.low = low
    self.high = high
  }

  func contains(_ byte: UInt8) -> Bool {
    if byte < 64 { return low & (1 << UInt64(byte)) != 0 }
    if byte < 128 { return high & (1 << UInt64(byte - 64)) != 0 }
    return false
  }

  func union(_ other: ByteSet) -> ByteSet { ByteSet(low: low | other.low, high: high | other.high) }

  static let lower = ByteSet("abcdefghijklmnopqrstuvwxyz")
  static let upper = ByteSet("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
  static let digits = ByteSet("0123456789")
  static let alnum = lower.union(upper).union(digits)
  /// Letters, digits, `_` and `-`: what most token formats use (base64url plus `_`).
  static let tokenChars = alnum.union(ByteSet("_-"))
  static let base64 = alnum.union(ByteSet("+/"))
  static let lowerHex = ByteSet("0123456789abcdef")
  /// Characters that continue an identifier or token, so a match next to one is part of a
  /// longer word (`task-sk-1`, an id inside a base64 blob) rather than a token on its own.
  static let wordChars = tokenChars
  /// Characters of an identifier that names a value (`db.password`, `API-KEY`).
  static let nameChars = tokenChars.union(ByteSet("."))
}

/// Byte helpers shared by the scanners.
enum Bytes {
  static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

  /// Whether `bytes[at...]` starts with `literal` (ASCII, compared case-insensitively when asked).
  static func hasPrefix(_ bytes: [UInt8], at: Int, _ literal: [UInt8], ignoringCase: Bool = false) -> Bool {
    guard at >= 0, at + literal.count <= bytes.count else { return false }
    for offset in 0..<literal.count {
      let byte = ignoringCase ? lowercased(bytes[at + offset]) : bytes[at + offset]
      if byte != literal[offset] { return false }
    }
    return true
  }

  /// The end of the run of `set` bytes starting at `from`, stopping at `limit`.
  static func run(_ bytes: [UInt8], from: Int, in set: ByteSet, limit: Int = Int.max) -> Int {
    var index = from
    let end = min(bytes.count, limit)
    while index < end, set.contains(bytes[index]) { index += 1 }
    return index
  }

  /// Whether the byte before `index` lets a token start there (start of text or a non-word byte).
  static func boundaryBefore(_ bytes: [UInt8], _ index: Int) -> Bool {
    index == 0 || !ByteSet.wordChars.contains(bytes[index - 1])
  }

  /// Whether the byte at `index` lets a token end before it (end of text or a non-word byte).
  static func boundaryAt(_ bytes: [UInt8], _ index: Int) -> Bool {
    index >= bytes.count || !ByteSet.wordChars.contains(bytes[index])
  }
}
