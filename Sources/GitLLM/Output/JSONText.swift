import GitKit
import OutputKit

extension Array where Element == (String, JSON) {
  /// Adds `key` with the bytes as text; bytes that are not UTF-8 also get `key_base64`
  /// carrying them exactly, so nothing is lost in JSON.
  mutating func appendText(_ key: String, _ value: GitBytes) {
    append((key, .string(value.text)))
    if !value.isValidUTF8 { append((key + "_base64", .string(Base64.encode(value.bytes)))) }
  }
}

/// Standard base64 (RFC 4648) with padding.
enum Base64 {
  static func encode(_ bytes: [UInt8]) -> String {
    let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let b0 = bytes[index]
      let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
      let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
      out.append(table[Int(b0 >> 2)])
      out.append(table[Int((b0 & 3) << 4 | b1 >> 4)])
      out.append(index + 1 < bytes.count ? table[Int((b1 & 0xF) << 2 | b2 >> 6)] : UInt8(ascii: "="))
      out.append(index + 2 < bytes.count ? table[Int(b2 & 0x3F)] : UInt8(ascii: "="))
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }
}
