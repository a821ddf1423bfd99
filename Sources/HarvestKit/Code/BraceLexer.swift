// Classifies every byte of a brace-language file as code, comment or string, so that brace
// matching and declaration detection only look at code. One pass, an explicit stack for string
// interpolation (Swift `\(…)`, JavaScript `${…}`), no recursion: any input ends the loop.

enum BraceLanguage {
  case swift, javascript, typescript, go, rust

  var name: String {
    switch self {
    case .swift: return "swift"
    case .javascript: return "javascript"
    case .typescript: return "typescript"
    case .go: return "go"
    case .rust: return "rust"
    }
  }
}

enum ByteClass {
  static let code: UInt8 = 0
  static let comment: UInt8 = 1
  static let string: UInt8 = 2
}

struct BraceLexer {
  private enum Frame {
    /// Code; `close` is 0 for the file itself, else the byte that ends an interpolation
    /// (`)` in Swift, `}` in JavaScript), with `depth` counting the nested openers.
    case code(close: UInt8, depth: Int)
    case swiftString(hashes: Int, multiline: Bool)
    case template
  }

  /// Most frames open at once; deeper strings and interpolations are read as flat strings.
  private static let maxFrames = 64

  private let b: [UInt8]
  private let n: Int
  private let language: BraceLanguage
  private let nestedComments: Bool
  /// The class of each byte so far (ByteClass).
  private var cls: [UInt8]
  private var stack: [Frame] = [.code(close: 0, depth: 0)]
  /// Offset of the last non-blank code byte (for JS regexes).
  private var lastSignificant = -1
  /// The next byte to classify.
  private var i = 0

  private init(_ bytes: [UInt8], _ language: BraceLanguage) {
    b = bytes
    n = bytes.count
    self.language = language
    nestedComments = language == .swift || language == .rust
    cls = [UInt8](repeating: ByteClass.code, count: bytes.count)
  }

  /// The class of each byte (ByteClass). Code inside an interpolation counts as string.
  static func classify(_ b: [UInt8], _ language: BraceLanguage) -> [UInt8] {
    var lexer = BraceLexer(b, language)
    lexer.run()
    return lexer.cls
  }

  /// Each step classifies at least one byte or closes a frame, so the loop always ends.
  private mutating func run() {
    while i < n, let top = stack.last {
      switch top {
      case .swiftString(let hashes, let multiline): stepInSwiftString(hashes: hashes, multiline: multiline)
      case .template: stepInTemplate()
      case .code(let close, let depth): stepInCode(close: close, depth: depth)
      }
    }
  }

  // MARK: Helpers

  @inline(__always) private func at(_ k: Int) -> UInt8 { k < n ? b[k] : 0 }

  @inline(__always) private mutating func mark(_ from: Int, _ to: Int, _ c: UInt8) {
    var k = from
    let end = min(to, n)
    while k < end { cls[k] = c; k += 1 }
  }

  /// Marks the bytes up to `end` as string and moves past them.
  @inline(__always) private mutating func markString(to end: Int) {
    mark(i, end, ByteClass.string)
    i = min(end, n)
  }

  /// Opens `frame` when there is room for it; false when the stack is full.
  @inline(__always) private mutating func push(_ frame: Frame) -> Bool {
    guard stack.count < Self.maxFrames else { return false }
    stack.append(frame)
    return true
  }

  /// The end of a simple quoted string: the byte after an unescaped `quote`, or a newline
  /// unless multiline.
  private func endOfQuoted(_ start: Int, quote: UInt8, multiline: Bool) -> Int {
    var k = start + 1
    while k < n {
      let c = b[k]
      if c == Byte.backslash { k += 2; continue }
      if c == quote { return k + 1 }
      if c == Byte.newline && !multiline { return k }
      k += 1
    }
    return n
  }

  // MARK: Inside a Swift string

  @inline(__always) private mutating func stepInSwiftString(hashes: Int, multiline: Bool) {
    let c = b[i]
    cls[i] = ByteClass.string
    if c == Byte.backslash { swiftEscape(hashes: hashes); return }
    if c == Byte.doubleQuote { swiftQuote(hashes: hashes, multiline: multiline); return }
    if c == Byte.newline && !multiline {
      stack.removeLast()  // unterminated single-line string: it ends with the line
      return
    }
    i += 1
  }

  /// A backslash in a string with `hashes` #s: an escape, a `\#…#(` interpolation, or (with
  /// too few #s) a plain byte.
  private mutating func swiftEscape(hashes: Int) {
    var k = i + 1
    var h = 0
    while h < hashes, at(k) == Byte.hash { h += 1; k += 1 }
    guard h == hashes else { i += 1; return }
    let interpolation = at(k) == Byte.openParen
    markString(to: k + 1)
    if interpolation { _ = push(.code(close: Byte.closeParen, depth: 0)) }
  }

  /// A quote in a string: its end when the full delimiter (`"`, `"""`, then the #s) follows.
  private mutating func swiftQuote(hashes: Int, multiline: Bool) {
    let quotes = multiline ? 3 : 1
    var k = i
    var q = 0
    while q < quotes, at(k) == Byte.doubleQuote { q += 1; k += 1 }
    var h = 0
    while q == quotes, h < hashes, at(k) == Byte.hash { h += 1; k += 1 }
    guard q == quotes, h == hashes else { i += 1; return }
    markString(to: k)
    stack.removeLast()
  }

  // MARK: Inside a JavaScript template

  @inline(__always) private mutating func stepInTemplate() {
    let c = b[i]
    cls[i] = ByteClass.string
    if c == Byte.backslash { markString(to: i + 2); return }
    if c == Byte.backtick { stack.removeLast(); i += 1; return }
    if c == Byte.dollar, at(i + 1) == Byte.openBrace, stack.count < Self.maxFrames {
      markString(to: i + 2)
      _ = push(.code(close: Byte.closeBrace, depth: 0))
      return
    }
    i += 1
  }

  // MARK: Code

  @inline(__always) private mutating func stepInCode(close: UInt8, depth: Int) {
    let c = b[i]
    let inside = close != 0
    if inside, endsInterpolation(c, close: close, depth: depth) { return }
    if c == Byte.slash, comment() { return }
    if literal(c) { return }
    cls[i] = inside ? ByteClass.string : ByteClass.code
    if !Byte.isBlank(c) { lastSignificant = i }
    i += 1
  }

  /// Counts the brackets inside an interpolation; true when `c` is the one that ends it (then
  /// it is marked and the interpolation closed).
  @inline(__always) private mutating func endsInterpolation(_ c: UInt8, close: UInt8, depth: Int) -> Bool {
    let open = close == Byte.closeParen ? Byte.openParen : Byte.openBrace
    if c == open {
      stack[stack.count - 1] = .code(close: close, depth: depth + 1)
    } else if c == close {
      if depth == 0 {
        cls[i] = ByteClass.string
        stack.removeLast()
        i += 1
        return true
      }
      stack[stack.count - 1] = .code(close: close, depth: depth - 1)
    }
    return false
  }

  /// A `//` or `/* … */` comment at the slash at `i`, marked and skipped; false when none starts here.
  private mutating func comment() -> Bool {
    let next = at(i + 1)
    var k: Int
    if next == Byte.slash {
      k = i
      while k < n, b[k] != Byte.newline { k += 1 }
    } else if next == Byte.star {
      k = endOfBlockComment()
    } else {
      return false
    }
    mark(i, k, ByteClass.comment)
    i = k
    return true
  }

  /// The byte after the `*/` that closes the block comment at `i` (nested in Swift and Rust).
  private func endOfBlockComment() -> Int {
    var k = i + 2
    var level = 1
    while k < n {
      if b[k] == Byte.star, at(k + 1) == Byte.slash {
        level -= 1
        k += 2
        if level == 0 || !nestedComments { break }
        continue
      }
      if nestedComments, b[k] == Byte.slash, at(k + 1) == Byte.star { level += 1; k += 2; continue }
      k += 1
    }
    return k
  }

  /// A string, character or regex literal of the language starting at `i`, marked (or its frame
  /// opened); false when `c` starts none.
  @inline(__always) private mutating func literal(_ c: UInt8) -> Bool {
    switch language {
    case .swift: return openSwiftString(c)
    case .javascript, .typescript: return javascriptLiteral(c)
    case .go: return goLiteral(c)
    case .rust: return rustLiteral(c)
    }
  }
}

// MARK: Literals, per language

extension BraceLexer {
  /// `#…#"` raw, `"""` multi-line or `"` string: its opening delimiter, then a string frame.
  private mutating func openSwiftString(_ c: UInt8) -> Bool {
    guard c == Byte.hash || c == Byte.doubleQuote else { return false }
    var k = i
    var hashes = 0
    while at(k) == Byte.hash { hashes += 1; k += 1 }
    guard at(k) == Byte.doubleQuote else { return false }
    let multiline = at(k + 1) == Byte.doubleQuote && at(k + 2) == Byte.doubleQuote
    markString(to: k + (multiline ? 3 : 1))
    if !push(.swiftString(hashes: hashes, multiline: multiline)) {
      markString(to: endOfQuoted(i - 1, quote: Byte.doubleQuote, multiline: false))
    }
    return true
  }

  /// `"…"` and `'…'` strings, `` `…` `` templates and `/…/flags` regexes.
  private mutating func javascriptLiteral(_ c: UInt8) -> Bool {
    if c == Byte.doubleQuote || c == Byte.singleQuote {
      markString(to: endOfQuoted(i, quote: c, multiline: false))
      lastSignificant = i - 1
      return true
    }
    if c == Byte.backtick {
      markString(to: i + 1)
      if !push(.template) { markString(to: endOfQuoted(i - 1, quote: Byte.backtick, multiline: true)) }
      return true
    }
    return c == Byte.slash && Self.regexMayStart(b, lastSignificant) && regex()
  }

  /// A regex literal at the slash at `i` (a `/` inside `[…]` does not end it), with its flags;
  /// false when the line ends first.
  private mutating func regex() -> Bool {
    var k = i + 1
    var inClass = false
    while k < n, b[k] != Byte.newline {
      let c = b[k]
      if c == Byte.backslash { k += 2; continue }
      if c == Byte.openBracket {
        inClass = true
      } else if c == Byte.closeBracket {
        inClass = false
      } else if c == Byte.slash && !inClass {
        break
      }
      k += 1
    }
    guard k < n, b[k] == Byte.slash else { return false }
    k += 1
    while k < n, isIdentByte(b[k]) { k += 1 }
    markString(to: k)
    lastSignificant = k - 1
    return true
  }

  /// `"…"` and `'…'` literals and `` `…` `` raw strings.
  private mutating func goLiteral(_ c: UInt8) -> Bool {
    if c == Byte.doubleQuote || c == Byte.singleQuote {
      markString(to: endOfQuoted(i, quote: c, multiline: false))
      return true
    }
    guard c == Byte.backtick else { return false }
    var k = i + 1
    while k < n, b[k] != Byte.backtick { k += 1 }
    markString(to: k + 1)
    return true
  }

  /// `r"…"`, `r#"…"#`, `br"…"`, `b"…"`, `"…"`, `'c'` and `b'c'` (the prefixed ones only where no
  /// identifier goes on before); a lifetime (`'a`) is plain code.
  private mutating func rustLiteral(_ c: UInt8) -> Bool {
    let prefixable = !(i > 0 && isIdentByte(b[i - 1]))
    let byteString = prefixable && c == Byte.letterB
    if prefixable, c == Byte.letterR || (byteString && at(i + 1) == Byte.letterR), rustRawString(c) { return true }
    if c == Byte.doubleQuote || (byteString && at(i + 1) == Byte.doubleQuote) {
      let q = c == Byte.doubleQuote ? i : i + 1
      markString(to: endOfQuoted(q, quote: Byte.doubleQuote, multiline: true))
      return true
    }
    if c == Byte.singleQuote || (byteString && at(i + 1) == Byte.singleQuote) {
      let q = c == Byte.singleQuote ? i : i + 1
      guard let e = Self.rustCharLiteralEnd(b, q) else { return false }
      markString(to: e)
      return true
    }
    return false
  }

  /// A raw string at the `r` or `br` at `i`; false when no quote follows the #s.
  private mutating func rustRawString(_ c: UInt8) -> Bool {
    var k = i + (c == Byte.letterB ? 2 : 1)
    var hashes = 0
    while at(k) == Byte.hash { hashes += 1; k += 1 }
    guard at(k) == Byte.doubleQuote else { return false }
    k += 1
    while k < n {
      if b[k] == Byte.doubleQuote {
        var h = 0
        while h < hashes, at(k + 1 + h) == Byte.hash { h += 1 }
        if h == hashes { k += 1 + hashes; break }
      }
      k += 1
    }
    markString(to: k)
    return true
  }

  /// Where a Rust character literal starting at the quote `q` ends, or nil for a lifetime.
  static func rustCharLiteralEnd(_ b: [UInt8], _ q: Int) -> Int? {
    let n = b.count
    guard q + 1 < n else { return nil }
    if b[q + 1] == Byte.backslash {  // escape: '\n', '\'', '\u{…}'
      var k = q + 3
      while k < n, k < q + 14, b[k] != Byte.singleQuote, b[k] != Byte.newline { k += 1 }
      return k < n && b[k] == Byte.singleQuote ? k + 1 : nil
    }
    let lead = b[q + 1]
    let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    let close = q + 1 + length
    return close < n && b[close] == Byte.singleQuote && lead != Byte.newline ? close + 1 : nil
  }

  /// Whether a `/` after the code byte at `last` starts a regular expression literal rather than
  /// a division: after an operator, an opening bracket, a comma, or a keyword such as `return`.
  static func regexMayStart(_ b: [UInt8], _ last: Int) -> Bool {
    guard last >= 0, last < b.count else { return true }
    let p = b[last]
    if Byte.isClosing(p) { return false }
    if !isIdentByte(p) { return true }
    var k = last
    while k > 0, isIdentByte(b[k - 1]) { k -= 1 }
    let word = String(decoding: b[k...last], as: UTF8.self)
    return ["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await"]
      .contains(word)
  }
}
