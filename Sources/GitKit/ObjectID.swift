internal import CGit2

/// A git object id (SHA-1).
///
/// Held inline as three integers rather than an array, so that the sets and maps of a long
/// history walk cost no allocation per commit.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
  private let high: UInt64
  private let middle: UInt64
  private let low: UInt32

  /// The raw 20 bytes.
  public var bytes: [UInt8] {
    var out = [UInt8](repeating: 0, count: 20)
    withUnsafeBytes(of: high.bigEndian) { for i in 0..<8 { out[i] = $0[i] } }
    withUnsafeBytes(of: middle.bigEndian) { for i in 0..<8 { out[8 + i] = $0[i] } }
    withUnsafeBytes(of: low.bigEndian) { for i in 0..<4 { out[16 + i] = $0[i] } }
    return out
  }

  init(_ oid: git_oid) {
    var copy = oid
    let raw = withUnsafeBytes(of: &copy.id) { Array($0) }
    self.init(rawBytes: raw)
  }

  private init(rawBytes raw: [UInt8]) {
    func read(_ start: Int, _ count: Int) -> UInt64 {
      var value: UInt64 = 0
      for index in start..<(start + count) { value = value << 8 | UInt64(index < raw.count ? raw[index] : 0) }
      return value
    }
    high = read(0, 8)
    middle = read(8, 8)
    low = UInt32(read(16, 4))
  }

  init?(_ pointer: UnsafePointer<git_oid>?) {
    guard let pointer else { return nil }
    self.init(pointer.pointee)
  }

  /// Parses 40 hexadecimal digits; nil for anything else.
  public init?(hex: String) {
    let digits = Array(hex.utf8)
    guard digits.count == 40 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(20)
    var index = 0
    while index < 40 {
      guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
      out.append(high << 4 | low)
      index += 2
    }
    self.init(rawBytes: out)
  }

  /// The all-zero id git prints for a side that does not exist.
  public static let zero = ObjectID(rawBytes: Array(repeating: 0, count: 20))

  public var isZero: Bool { high == 0 && middle == 0 && low == 0 }

  /// The 40-digit lower-case hexadecimal form.
  public var hex: String {
    let table = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(40)
    for byte in bytes {
      out.append(table[Int(byte >> 4)])
      out.append(table[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The first `length` hexadecimal digits.
  public func abbreviated(_ length: Int = 7) -> String { String(hex.prefix(length)) }

  public var description: String { hex }

  public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
    (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
  }

  var gitOID: git_oid {
    var oid = git_oid()
    withUnsafeMutableBytes(of: &oid.id) { raw in
      for (index, byte) in bytes.enumerated() where index < raw.count { raw[index] = byte }
    }
    return oid
  }
}

private func hexValue(_ digit: UInt8) -> UInt8? {
  switch digit {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
  case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
  case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
  default: return nil
  }
}
