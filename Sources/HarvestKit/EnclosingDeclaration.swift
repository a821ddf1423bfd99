/// The function or type a changed line sits in, found by a keyword scan backwards from the line:
/// the `review` answer names it ("in `def top(items)`"). A heuristic that reads common code well;
/// where it finds nothing, the caller falls back to the line git took for the hunk header.
enum EnclosingDeclaration {
  /// Words that open a declaration in the languages `CodePath` counts as code.
  static let keywords: Set<Substring> = [
    "func", "def", "function", "fn", "fun", "class", "struct", "enum", "impl", "trait", "interface", "protocol",
    "extension", "init", "deinit", "subscript", "sub", "module", "object", "actor", "method",
  ]
  /// Words that may come before the keyword.
  static let modifiers: Set<Substring> = [
    "public", "private", "fileprivate", "internal", "open", "package", "protected", "static", "final", "override",
    "mutating", "nonmutating", "convenience", "required", "async", "export", "default", "pub", "pub(crate)",
    "unsafe", "extern", "inline", "virtual", "abstract", "const", "nonisolated", "suspend", "data", "sealed",
  ]
  /// Longest declaration text shown.
  static let maxLength = 100

  /// For each changed line (1-based `line` of `text` and its indentation), the nearest
  /// declaration above it that is indented less (so a function that ended before the line does
  /// not count), or the line itself when it is one; shown as its first line, trimmed, a trailing
  /// `{` or `:` removed. Nil where none is found. One pass over the text for all the lines.
  static func find(in text: String, at lines: [(line: Int, indent: Int)]) -> [String?] {
    guard let last = lines.map(\.line).max() else { return [] }
    var found = [Substring?](repeating: nil, count: lines.count)
    var number = 0
    for current in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      if number > last { break }
      guard isDeclaration(current) else { continue }
      let indent = indentation(current)
      for (index, changed) in lines.enumerated() where number <= changed.line {
        if number == changed.line || indent < changed.indent { found[index] = current }
      }
    }
    return found.map { $0.map(shown) }
  }

  static func find(in text: String, atLine line: Int, indent: Int) -> String? {
    find(in: text, at: [(line, indent)]).first ?? nil
  }

  /// Leading spaces and tabs (a tab counts as one: files indent with one or the other).
  static func indentation(_ line: Substring) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }

  static func isDeclaration(_ line: Substring) -> Bool {
    var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).prefix(8)[...]
    while let first = words.first, modifiers.contains(first) || first.hasPrefix("@") { words = words.dropFirst() }
    guard let keyword = words.first else { return false }
    let head = keyword.prefix { $0.isLetter }
    guard keywords.contains(head) else { return false }
    // `def top(items)`, `class Heap`; or the keyword runs into its parameters: `init(`, `fn<T>(`.
    if head.count == keyword.count { return words.count > 1 }
    let next = keyword.dropFirst(head.count).first
    return next == "(" || next == "<"
  }

  /// The declaration line as the answer shows it.
  static func shown(_ line: Substring) -> String {
    var text = line.trimmingWhitespaceSubstring
    while let last = text.last, last == "{" || last == ":" || last == " " { text = text.dropLast() }
    return text.count > maxLength ? String(text.prefix(maxLength)) + "…" : String(text)
  }
}

extension Substring {
  fileprivate var trimmingWhitespaceSubstring: Substring {
    var text = self
    while let first = text.first, first.isWhitespace { text = text.dropFirst() }
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return text
  }
}
