import Foundation

/// Paths as git prints them in patch headers.
///
/// With `core.quotePath` (the default), a path holding non-ASCII bytes, control characters, `"`
/// or `\` is written in double quotes with C escapes and each such byte in octal:
/// `"caf\303\251.txt"` is `café.txt`.
enum GitPathDecoding {
  /// A header path: unquoted when quoted, with a trailing tab and timestamp (plain `diff -u`)
  /// dropped, and the one-letter side prefix (`a/`, `b/`) removed when `prefix` is given.
  static func path(_ raw: Substring, stripping prefix: String? = nil) -> String {
    var text: String
    if raw.hasPrefix("\""), let (quoted, _) = quotedToken(raw) {
      text = quoted
    } else {
      text = String(raw.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).first ?? raw)
    }
    if let prefix, text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
    return text
  }

  /// The two paths of `diff --git a/X b/Y` (given the part after `diff --git `), prefixes
  /// removed. Unquoted paths may contain spaces; when both sides name the same file (no rename)
  /// the line splits in the middle, otherwise at ` b/`.
  static func headerPaths(_ rest: Substring) -> (old: String, new: String)? {
    if rest.hasPrefix("\"") {
      guard let (old, remainder) = quotedToken(rest) else { return nil }
      let newPart = remainder.drop { $0 == " " }
      return (strip(old, "a/"), path(newPart, stripping: "b/"))
    }
    if let quoteStart = rest.range(of: " \"", options: .backwards) {
      let newPart = rest[rest.index(after: quoteStart.lowerBound)...]
      return (strip(String(rest[..<quoteStart.lowerBound]), "a/"), path(newPart, stripping: "b/"))
    }
    let characters = Array(rest)
    if characters.count % 2 == 1 {
      let half = characters.count / 2
      let old = characters[..<half], new = characters[(half + 1)...]
      if characters[half] == " ", old.dropFirst(2).elementsEqual(new.dropFirst(2)) {
        return (strip(String(old), "a/"), strip(String(new), "b/"))
      }
    }
    guard let split = rest.range(of: " b/") else { return nil }
    return (strip(String(rest[..<split.lowerBound]), "a/"), String(rest[split.upperBound...]))
  }

  /// Reads a C-quoted token at the start of `text`; returns it decoded and what follows.
  static func quotedToken(_ text: Substring) -> (String, Substring)? {
    let utf8 = Array(text.utf8)
    guard utf8.first == UInt8(ascii: "\"") else { return nil }
    var bytes: [UInt8] = []
    var index = 1
    while index < utf8.count {
      let byte = utf8[index]
      if byte == UInt8(ascii: "\"") {
        let rest = text.utf8.index(text.utf8.startIndex, offsetBy: index + 1)
        return (String(decoding: bytes, as: UTF8.self), text[rest...])
      }
      guard byte == UInt8(ascii: "\\"), index + 1 < utf8.count else {
        bytes.append(byte)
        index += 1
        continue
      }
      let escaped = utf8[index + 1]
      if let octal = octalByte(utf8, at: index + 1) {
        bytes.append(octal)
        index += 4
        continue
      }
      bytes.append(simpleEscapes[escaped] ?? escaped)
      index += 2
    }
    return nil
  }

  private static let simpleEscapes: [UInt8: UInt8] = [
    UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "t"): 9, UInt8(ascii: "n"): 10,
    UInt8(ascii: "v"): 11, UInt8(ascii: "f"): 12, UInt8(ascii: "r"): 13,
  ]

  /// Three octal digits at `index`, as one byte.
  private static func octalByte(_ bytes: [UInt8], at index: Int) -> UInt8? {
    guard index + 2 < bytes.count else { return nil }
    var value = 0
    for offset in 0..<3 {
      let digit = Int(bytes[index + offset]) - 48
      guard digit >= 0, digit <= 7 else { return nil }
      value = value * 8 + digit
    }
    return value <= 255 ? UInt8(value) : nil
  }

  private static func strip(_ text: String, _ prefix: String) -> String {
    text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
  }
}
