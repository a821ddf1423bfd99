// Documented declarations in Swift, JavaScript, TypeScript, Go and Rust: declaration lines are
// recognised at the top level and directly inside type bodies (classes, structs, enums, protocols,
// extensions, impl and trait blocks, TS namespaces), never inside function bodies. A body runs
// from its `{` to the matching `}` among code bytes (BraceLexer).

struct BraceSymbolScanner {
  let text: SourceText
  let language: BraceLanguage

  private enum Context { case top, type, namespace }

  private struct Declaration {
    var kind: String  // "" for a container that is not emitted (extension, impl, namespace)
    var name: String
    var opensType: Bool  // its body holds members (methods, nested types)
    var opensNamespace: Bool  // its body holds top-level-like declarations (Rust mod, TS namespace)
    var needsBody: Bool  // a function: skipped without a body (protocol requirement, overload)
  }

  func scan() -> [DocumentedSymbol] {
    let b = text.bytes
    let cls = BraceLexer.classify(b, language)

    // Matching braces among code bytes, and the brace depth at each line start.
    var match = [Int32](repeating: -1, count: b.count)
    var depthAtLine = [Int](repeating: 0, count: text.lineCount)
    var open: [Int] = []
    var line = 0
    for i in 0..<b.count {
      if line < text.lineCount, text.lineStarts[line] == i {
        depthAtLine[line] = open.count
        line += 1
      }
      guard cls[i] == ByteClass.code else { continue }
      if b[i] == Byte.openBrace {
        open.append(i)
      } else if b[i] == Byte.closeBrace, let o = open.popLast() {
        match[o] = Int32(i)
      }
    }

    var out: [DocumentedSymbol] = []
    // Open bodies: (offset of the closing brace, depth inside, what they hold).
    var containers: [(end: Int, inner: Int, context: Context?)] = []
    var li = 0
    while li < text.lineCount {
      defer { li += 1 }
      let start = text.lineStarts[li]
      while let last = containers.last, last.end < start { containers.removeLast() }
      let first = text.firstNonBlank(li)
      guard first < text.lineEnd(li), cls[first] == ByteClass.code else { continue }
      let depth = depthAtLine[li]
      let context: Context
      if let last = containers.last {
        guard let c = last.context, depth == last.inner else { continue }
        context = c
      } else {
        guard depth == 0 else { continue }
        context = .top
      }
      let lineText = text.string(first, text.lineEnd(li))
      guard let decl = parseDeclaration(Substring(lineText), context: context) else { continue }
      guard let extent = bodyExtent(from: first, cls: cls, match: match) else { continue }
      if extent.bodyOpen != nil {
        let holds: Context? = decl.opensType ? .type : decl.opensNamespace ? .namespace : nil
        containers.append((end: extent.end, inner: depth + 1, context: holds))
      } else if decl.needsBody {
        continue
      }
      guard !decl.kind.isEmpty else { continue }
      let (attributeStart, documentation) = docAndAttributes(above: li, cls: cls)
      guard let documentation else { continue }
      let endLine = text.lineIndex(of: max(extent.end, first))
      guard endLine - attributeStart < CodeSymbolExtractor.maxDefinitionLines else { continue }
      let signature = collapseWhitespace(text.string(first, extent.signatureEnd))
      out.append(
        DocumentedSymbol(
          name: decl.name, kind: decl.kind, language: language.name, documentation: documentation,
          signature: signature, definition: text.lines(attributeStart, endLine),
          startLine: attributeStart + 1))
    }
    return out
  }

  // MARK: Extent

  /// From a declaration's first byte: the body's `{` (nil when the declaration ends without one),
  /// the offset of its last byte (the matching `}` or the terminator), and where the signature
  /// ends. Nil when the header never ends or a body's brace has no match.
  private func bodyExtent(from start: Int, cls: [UInt8], match: [Int32]) -> (
    bodyOpen: Int?, end: Int, signatureEnd: Int
  )? {
    let b = text.bytes
    var depth = 0
    var i = start
    var lastCode = start
    let startLine = text.lineIndex(of: start)
    while i < b.count {
      let c = b[i]
      if cls[i] != ByteClass.code { i += 1; continue }
      switch c {
      case Byte.openParen, Byte.openBracket: depth += 1
      case Byte.closeParen, Byte.closeBracket: depth = max(0, depth - 1)
      case Byte.openBrace where depth == 0:
        let close = Int(match[i])
        return close < 0 ? nil : (i, close, i)
      case Byte.semicolon where depth == 0: return (nil, i, i)
      case Byte.closeBrace where depth == 0: return (nil, lastCode, lastCode + 1)
      case Byte.newline where depth == 0:
        if !continues(afterLineEndingAt: i, lastCode: lastCode, cls: cls) { return (nil, lastCode, lastCode + 1) }
        if text.lineIndex(of: i) - startLine > 30 { return nil }
      default: break
      }
      if !Byte.isBlank(c) { lastCode = i }
      i += 1
    }
    return depth == 0 ? (nil, lastCode, lastCode + 1) : nil
  }

  /// Whether a declaration header goes on past the newline at `nl`.
  private func continues(afterLineEndingAt nl: Int, lastCode: Int, cls: [UInt8]) -> Bool {
    let b = text.bytes
    if language == .go { return false }
    if language == .rust { return true }  // Rust declarations end with `{` or `;`
    // The line ends with an operator or a comma: the header goes on.
    if lastCode < b.count, [61, 62, 44, 40, 91, 124, 38, 58, 46, 63, 43, 45].contains(b[lastCode]) { return true }
    var line = text.lineIndex(of: nl) + 1
    while line < text.lineCount, text.isBlank(line) { line += 1 }
    guard line < text.lineCount else { return false }
    let first = text.firstNonBlank(line)
    guard cls[first] == ByteClass.code else { return false }
    let rest = Substring(text.string(first, min(text.lineEnd(line), first + 12)))
    for prefix in ["{", "->", "where ", "throws", "rethrows", "async", ":", ",", "&", "|", ".", "?", "=", "extends ", "implements "]
    where rest.hasPrefix(prefix) {
      return true
    }
    return false
  }

  // MARK: Doc comments and attributes

  /// The first line of the attribute lines directly above `line` (or `line` itself), and the doc
  /// comment above those, if any.
  private func docAndAttributes(above line: Int, cls: [UInt8]) -> (Int, String?) {
    var attributeStart = line
    var k = line - 1
    while k >= 0, isAttributeLine(k, cls: cls) {
      attributeStart = k
      k -= 1
    }
    guard k >= 0, !text.isBlank(k) else { return (attributeStart, nil) }
    let first = text.firstNonBlank(k)
    guard cls[first] == ByteClass.comment else { return (attributeStart, nil) }
    let trimmed = text.trimmedLine(k)

    // A /** … */ block ending on line k.
    if language != .go, trimmed.hasSuffix("*/") {
      var top = k
      while top >= 0, line - top < 400 {
        let t = text.trimmedLine(top)
        if t.hasPrefix("/**") && !t.hasPrefix("/**/") {
          return (attributeStart, blockDoc(from: top, to: k))
        }
        if top < k, t.contains("*/") { break }
        top -= 1
      }
      return (attributeStart, nil)
    }

    // A run of line comments: /// (Swift, Rust, also JS/TS) or // (Go).
    var lines: [String] = []
    while k >= 0 {
      let f = text.firstNonBlank(k)
      guard f < text.lineEnd(k), cls[f] == ByteClass.comment else { break }
      let t = text.trimmedLine(k)
      let body: Substring
      if language == .go {
        guard t.hasPrefix("//") else { break }
        if t.hasPrefix("//go:") || t.hasPrefix("//nolint") || t.hasPrefix("//line ") || t.hasPrefix("//export ")
          || t.hasPrefix("// +build") || t.hasPrefix("//lint:")
        {
          k -= 1
          continue
        }
        body = t.dropFirst(2)
      } else {
        guard t.hasPrefix("///"), !t.hasPrefix("////") else { break }
        body = t.dropFirst(3)
      }
      lines.append(String(body))
      k -= 1
    }
    guard !lines.isEmpty else { return (attributeStart, nil) }
    let doc = dedent(lines.reversed())
    return (attributeStart, doc.isEmpty ? nil : doc)
  }

  private func isAttributeLine(_ k: Int, cls: [UInt8]) -> Bool {
    let first = text.firstNonBlank(k)
    guard first < text.lineEnd(k), cls[first] == ByteClass.code else { return false }
    let t = text.trimmedLine(k)
    switch language {
    case .swift, .javascript, .typescript: return t.hasPrefix("@")
    case .rust: return t.hasPrefix("#[")
    case .go: return false
    }
  }

  private func blockDoc(from top: Int, to bottom: Int) -> String? {
    var lines: [String] = []
    for k in top...bottom {
      var t = Substring(text.line(k))
      if k == top, let r = t.firstRange(of: "/**") { t = t[r.upperBound...] }
      if k == bottom, let r = t.ranges(of: "*/").last { t = t[..<r.lowerBound] }
      if k != top {
        let stripped = t.drop(while: { $0 == " " || $0 == "\t" })
        if stripped.hasPrefix("*") {
          t = stripped.dropFirst()
          if t.hasPrefix(" ") { t = t.dropFirst() }
        }
      }
      lines.append(String(t))
    }
    let doc = cleandoc(lines)
    return doc.isEmpty ? nil : doc
  }

  // MARK: Declarations

  private func parseDeclaration(_ line: Substring, context: Context) -> Declaration? {
    switch language {
    case .swift: return swiftDeclaration(line, context: context)
    case .javascript, .typescript: return scriptDeclaration(line, context: context)
    case .go: return goDeclaration(line)
    case .rust: return rustDeclaration(line, context: context)
    }
  }

  private static let swiftModifiers: Set<Substring> = [
    "public", "private", "fileprivate", "internal", "open", "package", "static", "final", "override",
    "mutating", "nonmutating", "convenience", "required", "dynamic", "nonisolated", "indirect", "lazy",
    "optional", "prefix", "postfix", "infix", "distributed", "consuming", "borrowing", "isolated",
  ]

  private func swiftDeclaration(_ line: Substring, context: Context) -> Declaration? {
    var s = line
    var word: Substring = ""
    for _ in 0..<16 {
      s = s.drop(while: { $0 == " " || $0 == "\t" })
      if s.hasPrefix("@") {
        let attribute = leadingIdentifier(s.dropFirst())
        s = s.dropFirst(1 + attribute.count)
        if s.hasPrefix("(") { s = skipBalanced(s) }
        continue
      }
      word = leadingIdentifier(s)
      if Self.swiftModifiers.contains(word) {
        s = skipBalanced(s.dropFirst(word.count))
        continue
      }
      if word == "class" {
        let next = leadingIdentifier(s.dropFirst(5).drop(while: { $0 == " " }))
        if Self.swiftModifiers.contains(next) || ["func", "var", "let", "subscript", "init", "class"].contains(next) {
          s = s.dropFirst(5)
          continue
        }
      }
      break
    }
    let rest = s.dropFirst(word.count)
    let member = context == .type
    switch word {
    case "func":
      let r = rest.drop(while: { $0 == " " })
      var name = leadingIdentifier(r)
      if name.isEmpty { name = r.prefix(while: { !" (<\t".contains($0) }) }  // operators
      guard !name.isEmpty else { return nil }
      return Declaration(
        kind: member ? "method" : "function", name: String(name), opensType: false, opensNamespace: false,
        needsBody: true)
    case "init":
      guard let c = rest.first, "(?!<".contains(c), member else { return nil }
      return Declaration(kind: "method", name: "init", opensType: false, opensNamespace: false, needsBody: true)
    case "class", "actor", "struct", "enum", "protocol":
      let name = leadingIdentifier(rest.drop(while: { $0 == " " }))
      guard !name.isEmpty else { return nil }
      let kind = word == "actor" ? "class" : String(word)
      return Declaration(kind: kind, name: String(name), opensType: true, opensNamespace: false, needsBody: true)
    case "extension":
      return Declaration(kind: "", name: "", opensType: true, opensNamespace: false, needsBody: true)
    default:
      return nil
    }
  }

  private static let scriptModifiers: Set<Substring> = [
    "export", "default", "declare", "abstract", "async", "public", "private", "protected", "static",
    "readonly", "override", "get", "set", "accessor",
  ]
  private static let scriptKeywords: Set<Substring> = [
    "if", "for", "while", "switch", "catch", "return", "function", "new", "super", "this", "do", "else",
    "try", "throw", "with", "typeof", "delete", "void", "yield", "await", "import", "const", "let", "var",
  ]

  private func scriptDeclaration(_ line: Substring, context: Context) -> Declaration? {
    var s = line
    var word: Substring = ""
    var generator = false
    for _ in 0..<12 {
      s = s.drop(while: { $0 == " " || $0 == "\t" })
      if s.hasPrefix("*") { generator = true; s = s.dropFirst(); continue }
      word = leadingIdentifier(s)
      if Self.scriptModifiers.contains(word) {
        // `get() {` and `static(` are names, not modifiers.
        let after = s.dropFirst(word.count).drop(while: { $0 == " " })
        if let c = after.first, "(<=:;?!".contains(c) { break }
        if after.isEmpty { break }
        s = s.dropFirst(word.count)
        continue
      }
      break
    }
    let rest = s.dropFirst(word.count).drop(while: { $0 == " " })
    let ts = language == .typescript
    if context == .type {
      // Class members: name(…) { or name<T>(…) {
      var r = s
      if r.hasPrefix("#") { r = r.dropFirst() }
      let name = leadingIdentifier(r)
      guard !name.isEmpty, !Self.scriptKeywords.contains(name) || name == "constructor" else { return nil }
      var after = r.dropFirst(name.count).drop(while: { $0 == " " })
      if after.hasPrefix("?") || after.hasPrefix("!") { after = after.dropFirst() }
      if after.hasPrefix("<") { after = skipAngles(after) }
      guard after.hasPrefix("(") else { return nil }
      _ = generator
      return Declaration(
        kind: "method", name: String(s.hasPrefix("#") ? "#" + name : name), opensType: false, opensNamespace: false,
        needsBody: true)
    }
    switch word {
    case "function":
      var r = rest
      if r.hasPrefix("*") { r = r.dropFirst().drop(while: { $0 == " " }) }
      let name = leadingIdentifier(r)
      guard !name.isEmpty else { return nil }
      return Declaration(kind: "function", name: String(name), opensType: false, opensNamespace: false, needsBody: true)
    case "class":
      let name = leadingIdentifier(rest)
      guard !name.isEmpty, name != "extends", name != "implements" else { return nil }
      return Declaration(kind: "class", name: String(name), opensType: true, opensNamespace: false, needsBody: true)
    case "interface" where ts, "enum" where ts:
      let name = leadingIdentifier(rest)
      guard !name.isEmpty else { return nil }
      return Declaration(kind: String(word), name: String(name), opensType: false, opensNamespace: false, needsBody: false)
    case "type" where ts:
      let name = leadingIdentifier(rest)
      let after = rest.dropFirst(name.count).drop(while: { $0 == " " })
      guard !name.isEmpty, after.hasPrefix("=") || after.hasPrefix("<") else { return nil }
      return Declaration(kind: "type", name: String(name), opensType: false, opensNamespace: false, needsBody: false)
    case "namespace" where ts, "module" where ts:
      return Declaration(kind: "", name: "", opensType: false, opensNamespace: true, needsBody: true)
    case "const", "let", "var":
      let name = leadingIdentifier(rest)
      guard !name.isEmpty else { return nil }
      let after = rest.dropFirst(name.count)
      guard let eq = after.firstIndex(of: "=") else { return nil }
      let value = after[after.index(after: eq)...].drop(while: { $0 == " " })
      let isFunction =
        value.hasPrefix("function") || value.hasPrefix("async") || value.contains("=>")
      guard isFunction, !value.hasPrefix(">"), !value.hasPrefix("{"), !value.hasPrefix("[") else { return nil }
      return Declaration(kind: "function", name: String(name), opensType: false, opensNamespace: false, needsBody: false)
    default:
      return nil
    }
  }

  private func goDeclaration(_ line: Substring) -> Declaration? {
    let word = leadingIdentifier(line)
    var rest = line.dropFirst(word.count).drop(while: { $0 == " " })
    switch word {
    case "func":
      var kind = "function"
      if rest.hasPrefix("(") {
        rest = skipBalanced(rest).drop(while: { $0 == " " })
        kind = "method"
      }
      let name = leadingIdentifier(rest)
      guard !name.isEmpty else { return nil }
      return Declaration(kind: kind, name: String(name), opensType: false, opensNamespace: false, needsBody: true)
    case "type":
      let name = leadingIdentifier(rest)
      guard !name.isEmpty else { return nil }
      var after = rest.dropFirst(name.count).drop(while: { $0 == " " })
      if after.hasPrefix("[") { after = skipBalanced(after).drop(while: { $0 == " " }) }
      let what = leadingIdentifier(after)
      let kind = what == "struct" ? "struct" : what == "interface" ? "interface" : "type"
      return Declaration(kind: kind, name: String(name), opensType: false, opensNamespace: false, needsBody: false)
    default:
      return nil
    }
  }

  private func rustDeclaration(_ line: Substring, context: Context) -> Declaration? {
    var s = line
    var word: Substring = ""
    for _ in 0..<10 {
      s = s.drop(while: { $0 == " " || $0 == "\t" })
      word = leadingIdentifier(s)
      switch word {
      case "pub":
        s = skipBalanced(s.dropFirst(3))
        continue
      case "async", "unsafe", "default":
        s = s.dropFirst(word.count)
        continue
      case "const":
        let next = leadingIdentifier(s.dropFirst(5).drop(while: { $0 == " " }))
        if ["fn", "unsafe", "async", "extern"].contains(next) { s = s.dropFirst(5); continue }
      case "extern":
        s = s.dropFirst(6).drop(while: { $0 == " " })
        if s.hasPrefix("\"") { s = s.dropFirst().drop(while: { $0 != "\"" }).dropFirst() }
        continue
      default: break
      }
      break
    }
    let rest = s.dropFirst(word.count).drop(while: { $0 == " " })
    let name = leadingIdentifier(rest)
    switch word {
    case "fn":
      guard !name.isEmpty else { return nil }
      return Declaration(
        kind: context == .type ? "method" : "function", name: String(name), opensType: false, opensNamespace: false,
        needsBody: true)
    case "struct", "union":
      guard !name.isEmpty else { return nil }
      return Declaration(kind: "struct", name: String(name), opensType: false, opensNamespace: false, needsBody: false)
    case "enum":
      guard !name.isEmpty else { return nil }
      return Declaration(kind: "enum", name: String(name), opensType: false, opensNamespace: false, needsBody: false)
    case "trait":
      guard !name.isEmpty else { return nil }
      return Declaration(kind: "trait", name: String(name), opensType: true, opensNamespace: false, needsBody: true)
    case "impl":
      return Declaration(kind: "", name: "", opensType: true, opensNamespace: false, needsBody: true)
    case "mod":
      return Declaration(kind: "", name: "", opensType: false, opensNamespace: true, needsBody: true)
    default:
      return nil
    }
  }

  /// Drops a leading balanced `(…)` or `[…]` group (and the spaces before it), if any.
  private func skipBalanced(_ s: Substring) -> Substring {
    let t = s.drop(while: { $0 == " " })
    guard let open = t.first, open == "(" || open == "[" else { return s }
    let close: Character = open == "(" ? ")" : "]"
    var depth = 0
    var i = t.startIndex
    while i < t.endIndex {
      if t[i] == open {
        depth += 1
      } else if t[i] == close {
        depth -= 1
        if depth == 0 { return t[t.index(after: i)...] }
      }
      i = t.index(after: i)
    }
    return t[t.endIndex...]
  }

  private func skipAngles(_ s: Substring) -> Substring {
    var depth = 0
    var i = s.startIndex
    while i < s.endIndex {
      if s[i] == "<" {
        depth += 1
      } else if s[i] == ">" {
        depth -= 1
        if depth == 0 { return s[s.index(after: i)...].drop(while: { $0 == " " }) }
      }
      i = s.index(after: i)
    }
    return s[s.endIndex...]
  }
}
