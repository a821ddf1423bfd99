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

  /// The class of each byte (ByteClass). Code inside an interpolation counts as string.
  static func classify(_ b: [UInt8], _ language: BraceLanguage) -> [UInt8] {
    let n = b.count
    var cls = [UInt8](repeating: ByteClass.code, count: n)
    var stack: [Frame] = [.code(close: 0, depth: 0)]
    let nestedComments = language == .swift || language == .rust
    var lastSignificant: Int = -1  // offset of the last non-blank code byte (for JS regexes)
    var i = 0

    func at(_ k: Int) -> UInt8 { k < n ? b[k] : 0 }
    func mark(_ from: Int, _ to: Int, _ c: UInt8) {
      var k = from
      let end = min(to, n)
      while k < end { cls[k] = c; k += 1 }
    }
    /// A simple quoted string ending at an unescaped `quote`; at a newline too unless multiline.
    func skipQuoted(_ start: Int, quote: UInt8, multiline: Bool) -> Int {
      var k = start + 1
      while k < n {
        let c = b[k]
        if c == 92 { k += 2; continue }  // backslash escape
        if c == quote { return k + 1 }
        if c == 10 && !multiline { return k }
        k += 1
      }
      return n
    }

    while i < n {
      guard let top = stack.last else { break }
      let c = b[i]
      switch top {
      case .swiftString(let hashes, let multiline):
        cls[i] = ByteClass.string
        if c == 92 {  // backslash: escape, or \#…#( interpolation
          var k = i + 1
          var h = 0
          while h < hashes, at(k) == 35 { h += 1; k += 1 }
          if h == hashes {
            if at(k) == 40, stack.count < 64 {  // "("
              mark(i, k + 1, ByteClass.string)
              i = k + 1
              stack.append(.code(close: 41, depth: 0))
              continue
            }
            mark(i, k + 1, ByteClass.string)
            i = k + 1
            continue
          }
          i += 1
          continue
        }
        if c == 34 {
          let quotes = multiline ? 3 : 1
          var k = i
          var q = 0
          while q < quotes, at(k) == 34 { q += 1; k += 1 }
          var h = 0
          while q == quotes, h < hashes, at(k) == 35 { h += 1; k += 1 }
          if q == quotes, h == hashes {
            mark(i, k, ByteClass.string)
            i = k
            stack.removeLast()
            continue
          }
          i += 1
          continue
        }
        if c == 10 && !multiline {
          stack.removeLast()  // unterminated single-line string: it ends with the line
          continue
        }
        i += 1

      case .template:
        cls[i] = ByteClass.string
        if c == 92 { mark(i, i + 2, ByteClass.string); i += 2; continue }
        if c == 96 { stack.removeLast(); i += 1; continue }
        if c == 36, at(i + 1) == 123, stack.count < 64 {
          mark(i, i + 2, ByteClass.string)
          i += 2
          stack.append(.code(close: 125, depth: 0))
          continue
        }
        i += 1

      case .code(let close, let depth):
        let inside = close != 0
        let own: UInt8 = inside ? ByteClass.string : ByteClass.code
        if inside {
          let open: UInt8 = close == 41 ? 40 : 123
          if c == open {
            stack[stack.count - 1] = .code(close: close, depth: depth + 1)
          } else if c == close {
            if depth == 0 {
              cls[i] = ByteClass.string
              stack.removeLast()
              i += 1
              continue
            }
            stack[stack.count - 1] = .code(close: close, depth: depth - 1)
          }
        }
        // Comments.
        if c == 47, at(i + 1) == 47 {
          var k = i
          while k < n, b[k] != 10 { k += 1 }
          mark(i, k, ByteClass.comment)
          i = k
          continue
        }
        if c == 47, at(i + 1) == 42 {
          var k = i + 2
          var level = 1
          while k < n {
            if b[k] == 42, at(k + 1) == 47 {
              level -= 1
              k += 2
              if level == 0 || !nestedComments { break }
              continue
            }
            if nestedComments, b[k] == 47, at(k + 1) == 42 { level += 1; k += 2; continue }
            k += 1
          }
          mark(i, k, ByteClass.comment)
          i = k
          continue
        }
        let prevIdent = i > 0 && isIdentByte(b[i - 1])
        switch language {
        case .swift:
          if c == 35 || c == 34 {  // #…#" raw, """ multi-line, " string
            var k = i
            var hashes = 0
            while at(k) == 35 { hashes += 1; k += 1 }
            if at(k) == 34 {
              let multiline = at(k + 1) == 34 && at(k + 2) == 34
              let end = k + (multiline ? 3 : 1)
              mark(i, end, ByteClass.string)
              i = end
              if stack.count < 64 {
                stack.append(.swiftString(hashes: hashes, multiline: multiline))
              } else {
                let e = skipQuoted(i - 1, quote: 34, multiline: false)
                mark(i, e, ByteClass.string)
                i = e
              }
              continue
            }
          }
        case .javascript, .typescript:
          if c == 34 || c == 39 {
            let e = skipQuoted(i, quote: c, multiline: false)
            mark(i, e, ByteClass.string)
            i = e
            lastSignificant = e - 1
            continue
          }
          if c == 96 {
            cls[i] = ByteClass.string
            i += 1
            if stack.count < 64 { stack.append(.template) } else {
              let e = skipQuoted(i - 1, quote: 96, multiline: true)
              mark(i, e, ByteClass.string)
              i = e
            }
            continue
          }
          if c == 47, regexMayStart(b, lastSignificant) {
            var k = i + 1
            var inClass = false
            while k < n, b[k] != 10 {
              if b[k] == 92 { k += 2; continue }
              if b[k] == 91 { inClass = true } else if b[k] == 93 { inClass = false } else if b[k] == 47 && !inClass { break }
              k += 1
            }
            if k < n, b[k] == 47 {
              k += 1
              while k < n, isIdentByte(b[k]) { k += 1 }
              mark(i, k, ByteClass.string)
              i = k
              lastSignificant = k - 1
              continue
            }
          }
        case .go:
          if c == 34 || c == 39 {
            let e = skipQuoted(i, quote: c, multiline: false)
            mark(i, e, ByteClass.string)
            i = e
            continue
          }
          if c == 96 {
            var k = i + 1
            while k < n, b[k] != 96 { k += 1 }
            mark(i, min(k + 1, n), ByteClass.string)
            i = min(k + 1, n)
            continue
          }
        case .rust:
          // r"…", r#"…"#, br"…", b"…" (only where no identifier goes on before).
          if !prevIdent, c == 114 || (c == 98 && at(i + 1) == 114) {
            var k = i + (c == 98 ? 2 : 1)
            var hashes = 0
            while at(k) == 35 { hashes += 1; k += 1 }
            if at(k) == 34 {
              k += 1
              while k < n {
                if b[k] == 34 {
                  var h = 0
                  while h < hashes, at(k + 1 + h) == 35 { h += 1 }
                  if h == hashes { k += 1 + hashes; break }
                }
                k += 1
              }
              mark(i, min(k, n), ByteClass.string)
              i = min(k, n)
              continue
            }
          }
          if c == 34 || (!prevIdent && c == 98 && at(i + 1) == 34) {
            let q = c == 34 ? i : i + 1
            let e = skipQuoted(q, quote: 34, multiline: true)
            mark(i, e, ByteClass.string)
            i = e
            continue
          }
          if c == 39 || (!prevIdent && c == 98 && at(i + 1) == 39) {
            let q = c == 39 ? i : i + 1
            if let e = rustCharLiteralEnd(b, q) {
              mark(i, e, ByteClass.string)
              i = e
              continue
            }
            // A lifetime ('a): plain code.
          }
        }
        cls[i] = own
        if c != 32, c != 9, c != 10 { lastSignificant = i }
        i += 1
      }
    }
    return cls
  }

  /// Where a Rust character literal starting at the quote `q` ends, or nil for a lifetime.
  static func rustCharLiteralEnd(_ b: [UInt8], _ q: Int) -> Int? {
    let n = b.count
    guard q + 1 < n else { return nil }
    if b[q + 1] == 92 {  // escape: '\n', '\'', '\u{…}'
      var k = q + 3
      while k < n, k < q + 14, b[k] != 39, b[k] != 10 { k += 1 }
      return k < n && b[k] == 39 ? k + 1 : nil
    }
    let lead = b[q + 1]
    let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    let close = q + 1 + length
    return close < n && b[close] == 39 && lead != 10 ? close + 1 : nil
  }

  /// Whether a `/` after the code byte at `last` starts a regular expression literal rather than
  /// a division: after an operator, an opening bracket, a comma, or a keyword such as `return`.
  static func regexMayStart(_ b: [UInt8], _ last: Int) -> Bool {
    guard last >= 0, last < b.count else { return true }
    let p = b[last]
    if p == 41 || p == 93 || p == 125 { return false }  // ) ] }
    if !isIdentByte(p) { return true }
    var k = last
    while k > 0, isIdentByte(b[k - 1]) { k -= 1 }
    let word = String(decoding: b[k...last], as: UTF8.self)
    return ["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await"]
      .contains(word)
  }
}
