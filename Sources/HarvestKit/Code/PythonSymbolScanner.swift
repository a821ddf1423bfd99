// Documented Python functions, methods and classes: `def` / `async def` / `class` whose first
// statement is a docstring, at the top level and directly inside class bodies (not functions
// nested in functions). The body ends before the first statement indented no deeper than the
// declaration; lines inside multi-line strings and brackets never end it.

struct PythonSymbolScanner {
  let text: SourceText
  /// The class of each byte (ByteClass).
  private let cls: [UInt8]
  /// Per line, whether a statement may start there.
  private let logicalStart: [Bool]

  init(text: SourceText) {
    self.text = text
    (cls, logicalStart) = Self.classify(text)
  }

  /// A `def` or `class` line, up to its colon.
  private struct Header {
    var line: Int
    /// Offset of its first byte (`def`, `async` or `class`).
    var first: Int
    var indent: Int
    var isClass: Bool
    /// Directly inside a class body.
    var member: Bool
    var name: Substring
    var colon: Int
  }

  /// A declaration's body: where its first statement starts, its last line and its indentation.
  private struct Body {
    var firstStatement: Int
    var lastLine: Int
    var indent: Int
  }

  /// A body still open at the line being read.
  private struct Container {
    var lastLine: Int
    var isClass: Bool
    var bodyIndent: Int
  }

  func scan() -> [DocumentedSymbol] {
    var out: [DocumentedSymbol] = []
    var containers: [Container] = []
    for li in 0..<text.lineCount {
      while let top = containers.last, top.lastLine < li { containers.removeLast() }
      guard let header = header(at: li, in: containers.last), let body = body(of: header) else { continue }
      containers.append(Container(lastLine: body.lastLine, isClass: header.isClass, bodyIndent: body.indent))
      if let symbol = symbol(header, body) { out.append(symbol) }
    }
    return out
  }

  /// The `def`/`class` header that starts at line `li`, when it stands at the top level or
  /// directly in a class body (`container`: the innermost open body).
  private func header(at li: Int, in container: Container?) -> Header? {
    guard logicalStart[li], !text.isBlank(li) else { return nil }
    let first = text.firstNonBlank(li)
    guard cls[first] == ByteClass.code else { return nil }
    let indent = text.indent(li)
    if let container {
      guard container.isClass, indent == container.bodyIndent else { return nil }
    } else if indent != 0 {
      return nil
    }
    var s = Substring(text.string(first, text.lineEnd(li)))
    if s.hasPrefix("async ") { s = s.dropFirst(6).drop(while: { $0 == " " }) }
    let word = leadingIdentifier(s)
    guard word == "def" || word == "class" else { return nil }
    let name = leadingIdentifier(s.dropFirst(word.count).drop(while: { $0 == " " || $0 == "\t" }))
    guard !name.isEmpty, let colon = headerColon(from: first) else { return nil }
    return Header(
      line: li, first: first, indent: indent, isClass: word == "class", member: container != nil, name: name, colon: colon)
  }

  /// The header's colon: the first `:` among code bytes outside brackets; nil when the logical
  /// line ends first.
  private func headerColon(from first: Int) -> Int? {
    let b = text.bytes
    var depth = 0
    for p in first..<b.count where cls[p] == ByteClass.code {
      let c = b[p]
      if Byte.isOpening(c) {
        depth += 1
      } else if Byte.isClosing(c) {
        depth = max(0, depth - 1)
      } else if c == Byte.colon && depth == 0 {
        return p
      } else if c == Byte.newline && depth == 0 && !(p > 0 && b[p - 1] == Byte.backslash) {
        return nil
      }
    }
    return nil
  }

  /// The body: its first statement on the header's line (`def f(): return 1`), or else the
  /// indented lines below; nil when it has no statement.
  private func body(of header: Header) -> Body? {
    let b = text.bytes
    let headerLast = text.lineIndex(of: header.colon)
    let end = text.lineEnd(headerLast)
    var q = header.colon + 1
    while q < end, b[q] == Byte.space || b[q] == Byte.tab { q += 1 }
    if q < end, cls[q] != ByteClass.comment {
      return Body(firstStatement: q, lastLine: headerLast, indent: header.indent + 4)
    }
    return indentedBody(after: headerLast, indent: header.indent)
  }

  /// The lines after `headerLast` indented deeper than the header's `indent`; comments and
  /// continuation lines belong to it, blank lines only in between.
  private func indentedBody(after headerLast: Int, indent: Int) -> Body? {
    var firstStatement = -1
    var lastLine = headerLast
    var bodyIndent = indent + 4
    for k in (headerLast + 1)..<text.lineCount where !text.isBlank(k) {
      if !logicalStart[k] { lastLine = k; continue }
      let f = text.firstNonBlank(k)
      let ind = text.indent(k)
      if cls[f] == ByteClass.comment {
        if ind > indent { lastLine = k }
        continue
      }
      if ind <= indent { break }
      if firstStatement < 0 { firstStatement = f; bodyIndent = ind }
      lastLine = k
    }
    guard firstStatement >= 0 else { return nil }
    return Body(firstStatement: firstStatement, lastLine: lastLine, indent: bodyIndent)
  }

  /// The symbol, when the body starts with a docstring and the definition is not too long.
  private func symbol(_ header: Header, _ body: Body) -> DocumentedSymbol? {
    guard let documentation = docstring(at: body.firstStatement) else { return nil }
    let start = decoratorsStart(above: header.line, indent: header.indent)
    guard body.lastLine - start < CodeSymbolExtractor.maxDefinitionLines else { return nil }
    let kind = header.isClass ? "class" : header.member ? "method" : "function"
    return DocumentedSymbol(
      name: String(header.name), kind: kind, language: "python", documentation: documentation,
      signature: collapseWhitespace(text.string(header.first, header.colon)), definition: text.lines(start, body.lastLine),
      startLine: start + 1)
  }

  /// The first line of the decorators directly above `line` at the same indentation (each may
  /// span several lines), or `line` itself when there are none.
  private func decoratorsStart(above line: Int, indent: Int) -> Int {
    var start = line
    var k = line - 1
    while k >= 0, !text.isBlank(k) {
      var s = k
      while s > 0, !logicalStart[s] { s -= 1 }
      guard text.indent(s) == indent, text.trimmedLine(s).hasPrefix("@"),
        cls[text.firstNonBlank(s)] == ByteClass.code
      else { break }
      start = s
      k = s - 1
    }
    return start
  }

  /// The docstring's text when the statement at `p` is a string literal, cleaned as
  /// `inspect.cleandoc` does.
  private func docstring(at p: Int) -> String? {
    let b = text.bytes
    var i = p
    var prefix = 0
    while i < b.count, prefix < 2, "rRuUbBfF".utf8.contains(b[i]) { i += 1; prefix += 1 }
    guard i < b.count, b[i] == Byte.doubleQuote || b[i] == Byte.singleQuote else { return nil }
    let quote = b[i]
    let triple = i + 2 < b.count && b[i + 1] == quote && b[i + 2] == quote
    let open = i + (triple ? 3 : 1)
    var k = open
    while k < b.count {
      if b[k] == Byte.backslash { k += 2; continue }
      if b[k] == quote {
        if !triple { break }
        if k + 2 < b.count, b[k + 1] == quote, b[k + 2] == quote { break }
      }
      if b[k] == Byte.newline && !triple { return nil }
      k += 1
    }
    guard k < b.count else { return nil }
    let raw = text.string(open, k)
    let doc = cleandoc(raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    return doc.isEmpty ? nil : doc
  }

  /// Byte classes (code, comment, string) and, per line, whether a statement may start there
  /// (not inside a string or brackets, not after a backslash continuation).
  private static func classify(_ text: SourceText) -> ([UInt8], [Bool]) {
    let b = text.bytes
    let n = b.count
    var cls = [UInt8](repeating: ByteClass.code, count: n)
    var logical = [Bool](repeating: false, count: text.lineCount)
    var depth = 0
    var continued = false
    var nextLine = 0
    var i = 0
    while i < n {
      // Line starts skipped inside a string stay false; the one at i is decided here.
      while nextLine < text.lineCount, text.lineStarts[nextLine] < i { nextLine += 1 }
      if nextLine < text.lineCount, text.lineStarts[nextLine] == i {
        logical[nextLine] = depth == 0 && !continued
        continued = false
        nextLine += 1
      }
      let c = b[i]
      if c == Byte.hash {
        while i < n, b[i] != Byte.newline { cls[i] = ByteClass.comment; i += 1 }
        continue
      }
      if c == Byte.doubleQuote || c == Byte.singleQuote {
        let end = endOfString(b, at: i)
        while i < end { cls[i] = ByteClass.string; i += 1 }
        continue
      }
      if Byte.isOpening(c) {
        depth += 1
      } else if Byte.isClosing(c) {
        depth = max(0, depth - 1)
      } else if c == Byte.backslash, i + 1 < n, b[i + 1] == Byte.newline {
        continued = true
      }
      i += 1
    }
    return (cls, logical)
  }

  /// The byte after the string literal whose opening quote is at `i` (`'…'`, `"…"` or
  /// triple-quoted); a single-quoted one also ends at a newline.
  @inline(__always) private static func endOfString(_ b: [UInt8], at i: Int) -> Int {
    let n = b.count
    let c = b[i]
    let triple = i + 2 < n && b[i + 1] == c && b[i + 2] == c
    var k = i + (triple ? 3 : 1)
    while k < n {
      if b[k] == Byte.backslash { k += 2; continue }
      if b[k] == c {
        if !triple { return k + 1 }
        if k + 2 < n, b[k + 1] == c, b[k + 2] == c { return k + 3 }
      }
      if b[k] == Byte.newline && !triple { break }
      k += 1
    }
    return min(k, n)
  }
}
