// The ASCII bytes the code lexers and scanners look for, by name, so a comparison reads as the
// character it means. Compile-time constants: comparing with one costs what a literal does.

enum Byte {
  static let tab = UInt8(ascii: "\t")
  static let newline = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")
  static let space = UInt8(ascii: " ")
  static let doubleQuote = UInt8(ascii: "\"")
  static let hash = UInt8(ascii: "#")
  static let dollar = UInt8(ascii: "$")
  static let singleQuote = UInt8(ascii: "'")
  static let openParen = UInt8(ascii: "(")
  static let closeParen = UInt8(ascii: ")")
  static let star = UInt8(ascii: "*")
  static let slash = UInt8(ascii: "/")
  static let colon = UInt8(ascii: ":")
  static let semicolon = UInt8(ascii: ";")
  static let openBracket = UInt8(ascii: "[")
  static let backslash = UInt8(ascii: "\\")
  static let closeBracket = UInt8(ascii: "]")
  static let backtick = UInt8(ascii: "`")
  static let letterB = UInt8(ascii: "b")
  static let letterR = UInt8(ascii: "r")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")

  /// `(`, `[` or `{`.
  @inline(__always) static func isOpening(_ c: UInt8) -> Bool { c == openParen || c == openBracket || c == openBrace }
  /// `)`, `]` or `}`.
  @inline(__always) static func isClosing(_ c: UInt8) -> Bool { c == closeParen || c == closeBracket || c == closeBrace }
  /// A space, tab or newline.
  @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == space || c == tab || c == newline }
}
