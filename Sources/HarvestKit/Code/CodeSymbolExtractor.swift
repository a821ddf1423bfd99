// The `code` pair kind's source: documented functions, methods and types found in a file with a
// light, dependency-free parser (no compiler front end). Python by indentation; Swift, JavaScript,
// TypeScript, Go and Rust by brace matching over a lexed view of the file that knows comments,
// strings (raw, multi-line, interpolated, template), character literals and, roughly, regex
// literals. It is a heuristic: it reads well-formed code well and never crashes on the rest.

/// A documented declaration: its doc comment (or docstring) and its full source text.
public struct DocumentedSymbol: Sendable, Equatable {
  /// The declared name (`add`, `Parser`, `init`).
  public var name: String
  /// function, method, class, struct, enum, protocol, interface, trait or type.
  public var kind: String
  /// python, swift, javascript, typescript, go or rust.
  public var language: String
  /// The doc comment or docstring text: comment markers stripped, common indentation removed,
  /// leading and trailing blank lines dropped.
  public var documentation: String
  /// The declaration's header, whitespace collapsed to single spaces: `def add(a, b)`,
  /// `public func add(_ a: Int, _ b: Int) -> Int`, up to (not including) the body.
  public var signature: String
  /// The symbol's full source text, verbatim: whole lines from the first attribute or decorator
  /// line (`@discardableResult`, `#[inline]`, `@cache`) through the body's last line, without the
  /// doc comment and without a final newline.
  public var definition: String
  /// 1-based line of the definition's first line (the first attribute or decorator, else the
  /// declaration itself).
  public var startLine: Int

  public init(
    name: String, kind: String, language: String, documentation: String, signature: String,
    definition: String, startLine: Int
  ) {
    self.name = name
    self.kind = kind
    self.language = language
    self.documentation = documentation
    self.signature = signature
    self.definition = definition
    self.startLine = startLine
  }
}

public enum CodeSymbolExtractor {
  /// Symbols whose definition is longer than this many lines are skipped.
  public static let maxDefinitionLines = 200
  /// Symbols whose documentation has fewer words than this are skipped.
  public static let minDocumentationWords = 3
  /// Files larger than this (bytes) are not parsed (generated or minified code, data).
  public static let maxSourceBytes = 1_000_000

  /// The language of a file by its extension, or nil when it is not one this parser reads.
  public static func language(forPath path: String) -> String? {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
    switch name[name.index(after: dot)...].lowercased() {
    case "py": return "python"
    case "swift": return "swift"
    case "js", "mjs", "cjs", "jsx": return "javascript"
    case "ts", "tsx", "mts", "cts": return "typescript"
    case "go": return "go"
    case "rs": return "rust"
    default: return nil
    }
  }

  /// The documented top-level functions and types of a file, and the documented methods and
  /// nested types inside its types (not functions nested in function bodies), in source order.
  /// Returns [] for a file in another language, a file over `maxSourceBytes`, or nothing found.
  public static func symbols(path: String, source: String) -> [DocumentedSymbol] {
    guard let language = language(forPath: path) else { return [] }
    var bytes = Array(source.utf8)
    guard !bytes.isEmpty, bytes.count <= maxSourceBytes else { return [] }
    // CRLF and lone CR line ends become LF (the definition keeps the file's text otherwise).
    if bytes.contains(13) { bytes = normalizeLineEnds(bytes) }
    let text = SourceText(bytes)
    let found: [DocumentedSymbol]
    switch language {
    case "python": found = PythonSymbolScanner(text: text).scan()
    case "swift": found = BraceSymbolScanner(text: text, language: .swift).scan()
    case "javascript": found = BraceSymbolScanner(text: text, language: .javascript).scan()
    case "typescript": found = BraceSymbolScanner(text: text, language: .typescript).scan()
    case "go": found = BraceSymbolScanner(text: text, language: .go).scan()
    case "rust": found = BraceSymbolScanner(text: text, language: .rust).scan()
    default: found = []
    }
    return found.filter { symbol in
      wordCount(symbol.documentation) >= minDocumentationWords
        && lineCount(symbol.definition) <= maxDefinitionLines
    }
  }

  static func wordCount(_ text: String) -> Int {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
      .filter { $0.contains(where: { $0.isLetter }) }.count
  }

  static func lineCount(_ text: String) -> Int {
    text.utf8.reduce(1) { $1 == Byte.newline ? $0 + 1 : $0 }
  }

  static func normalizeLineEnds(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i] == Byte.carriageReturn {
        out.append(Byte.newline)
        if i + 1 < bytes.count, bytes[i + 1] == Byte.newline { i += 1 }
      } else {
        out.append(bytes[i])
      }
      i += 1
    }
    return out
  }
}
