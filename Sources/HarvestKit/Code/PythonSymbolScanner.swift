// Documented Python functions, methods and classes: `def` / `async def` / `class` whose first
// statement is a docstring, at the top level and directly inside class bodies (not functions
// nested in functions). The body ends before the first statement indented no deeper than the
// declaration; lines inside multi-line strings and brackets never end it.

struct PythonSymbolScanner {
  let text: SourceText

  func scan() -> [DocumentedSymbol] {
    let b = text.bytes
    let (cls, logicalStart) = classify()
    var out: [DocumentedSymbol] = []
    // Open bodies: (last line, a class?, indentation of the body's statements).
    var containers: [(last: Int, isClass: Bool, bodyIndent: Int)] = []
    var li = 0
    while li < text.lineCount {
      defer { li += 1 }
      while let top = containers.last, top.last < li { containers.removeLast() }
      guard logicalStart[li], !text.isBlank(li) else { continue }
      let first = text.firstNonBlank(li)
      guard cls[first] == ByteClass.code else { continue }
      let indent = text.indent(li)
      var member = false
      if let top = containers.last {
        guard top.isClass, indent == top.bodyIndent else { continue }
        member = true
      } else if indent != 0 {
        continue
      }
      var s = Substring(text.string(first, text.lineEnd(li)))
      if s.hasPrefix("async ") { s = s.dropFirst(6).drop(while: { $0 == " " }) }
      let word = leadingIdentifier(s)
      guard word == "def" || word == "class" else { continue }
      let name = leadingIdentifier(s.dropFirst(word.count).drop(while: { $0 == " " || $0 == "\t" }))
      guard !name.isEmpty else { continue }

      // The header's colon: the first `:` among code bytes outside brackets.
      var depth = 0
      var p = first
      var colon = -1
      while p < b.count {
        if cls[p] == ByteClass.code {
          let c = b[p]
          if c == 40 || c == 91 || c == 123 { depth += 1 }
          else if c == 41 || c == 93 || c == 125 { depth = max(0, depth - 1) }
          else if c == 58 && depth == 0 { colon = p; break }
          else if c == 10 && depth == 0 && !(p > 0 && b[p - 1] == 92) { break }
        }
        p += 1
      }
      guard colon >= 0 else { continue }
      let headerLast = text.lineIndex(of: colon)

      // The body: the first statement (on the header's line, or the next lines) and its end.
      var firstStatement = -1
      var lastLine = headerLast
      var q = colon + 1
      while q < text.lineEnd(headerLast), b[q] == 32 || b[q] == 9 { q += 1 }
      var bodyIndent = indent + 4
      if q < text.lineEnd(headerLast), cls[q] != ByteClass.comment {
        firstStatement = q  // def f(): """Doc.""" / def f(): return 1
      } else {
        var k = headerLast + 1
        while k < text.lineCount {
          if text.isBlank(k) { k += 1; continue }
          if !logicalStart[k] { lastLine = k; k += 1; continue }
          let f = text.firstNonBlank(k)
          let ind = text.indent(k)
          if cls[f] == ByteClass.comment {
            if ind > indent { lastLine = k }
            k += 1
            continue
          }
          if ind <= indent { break }
          if firstStatement < 0 { firstStatement = f; bodyIndent = ind }
          lastLine = k
          k += 1
        }
      }
      guard firstStatement >= 0 else { continue }
      containers.append((last: lastLine, isClass: word == "class", bodyIndent: bodyIndent))

      guard let documentation = docstring(at: firstStatement, cls: cls) else { continue }
      // Decorators directly above, at the same indentation (each may span several lines).
      var start = li
      var k = li - 1
      while k >= 0, !text.isBlank(k) {
        var s = k
        while s > 0, !logicalStart[s] { s -= 1 }
        guard text.indent(s) == indent, text.trimmedLine(s).hasPrefix("@"),
          cls[text.firstNonBlank(s)] == ByteClass.code
        else { break }
        start = s
        k = s - 1
      }
      guard lastLine - start < CodeSymbolExtractor.maxDefinitionLines else { continue }
      let kind = word == "class" ? "class" : member ? "method" : "function"
      out.append(
        DocumentedSymbol(
          name: String(name), kind: kind, language: "python", documentation: documentation,
          signature: collapseWhitespace(text.string(first, colon)), definition: text.lines(start, lastLine),
          startLine: start + 1))
    }
    return out
  }

  /// The docstring's text when the statement at `p` is a string literal, cleaned as
  /// `inspect.cleandoc` does.
  private func docstring(at p: Int, cls: [UInt8]) -> String? {
    let b = text.bytes
    var i = p
    var prefix = 0
    while i < b.count, prefix < 2, "rRuUbBfF".utf8.contains(b[i]) { i += 1; prefix += 1 }
    guard i < b.count, b[i] == 34 || b[i] == 39 else { return nil }
    let quote = b[i]
    let triple = i + 2 < b.count && b[i + 1] == quote && b[i + 2] == quote
    let open = i + (triple ? 3 : 1)
    var k = open
    while k < b.count {
      if b[k] == 92 { k += 2; continue }
      if b[k] == quote {
        if !triple { break }
        if k + 2 < b.count, b[k + 1] == quote, b[k + 2] == quote { break }
      }
      if b[k] == 10 && !triple { return nil }
      k += 1
    }
    guard k < b.count else { return nil }
    let raw = text.string(open, k)
    let doc = cleandoc(raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    return doc.isEmpty ? nil : doc
  }

  /// Byte classes (code, comment, string) and, per line, whether a statement may start there
  /// (not inside a string or brackets, not after a backslash continuation).
  private func classify() -> ([UInt8], [Bool]) {
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
      if c == 35 {  // # comment
        var k = i
        while k < n, b[k] != 10 { cls[k] = ByteClass.comment; k += 1 }
        i = k
        continue
      }
      if c == 34 || c == 39 {
        let triple = i + 2 < n && b[i + 1] == c && b[i + 2] == c
        var k = i + (triple ? 3 : 1)
        while k < n {
          if b[k] == 92 { k += 2; continue }
          if b[k] == c {
            if !triple { k += 1; break }
            if k + 2 < n, b[k + 1] == c, b[k + 2] == c { k += 3; break }
          }
          if b[k] == 10 && !triple { break }
          k += 1
        }
        k = min(k, n)
        for m in i..<k { cls[m] = ByteClass.string }
        i = k
        continue
      }
      if c == 40 || c == 91 || c == 123 {
        depth += 1
      } else if c == 41 || c == 93 || c == 125 {
        depth = max(0, depth - 1)
      } else if c == 92, i + 1 < n, b[i + 1] == 10 {
        continued = true
      }
      i += 1
    }
    return (cls, logical)
  }
}
